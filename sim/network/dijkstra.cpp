// SPDX-License-Identifier: MIT
#include "sim/network/dijkstra.hpp"

#include "sim/network/edge_states.hpp"
#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dsim {

namespace detail {

void SearchWorkspace::next_generation() {
  heap.clear();
  settled.clear();
  if (++generation == 0) {  // wrapped after 2^32 searches: the one full reset
    for (auto& s : slots) s.stamp = 0;
    generation = 1;
  }
}

namespace {

using Workspace = SearchWorkspace;

// 4-ary heap over the workspace slots, with decrease-key through heap_pos.
inline void sift_up(Workspace& ws, std::size_t i, HeapItem item) {
  HeapItem* heap = ws.heap.data();
  SearchSlot* slots = ws.slots.data();
  while (i > 0) {
    const std::size_t p = (i - 1) / 4;
    if (heap[p].key <= item.key) break;
    heap[i] = heap[p];
    slots[heap[i].node].heap_pos = static_cast<std::uint32_t>(i);
    i = p;
  }
  heap[i] = item;
  slots[item.node].heap_pos = static_cast<std::uint32_t>(i);
}

inline void push(Workspace& ws, std::uint32_t node, double key) {
  ws.heap.push_back({key, node});
  sift_up(ws, ws.heap.size() - 1, {key, node});
}

inline HeapItem pop(Workspace& ws) {
  HeapItem* heap = ws.heap.data();
  SearchSlot* slots = ws.slots.data();
  const HeapItem top = heap[0];
  const HeapItem item = ws.heap.back();
  ws.heap.pop_back();
  const std::size_t n = ws.heap.size();
  if (n > 0) {
    std::size_t i = 0;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      std::size_t best = c;
      const std::size_t end = std::min(c + 4, n);
      for (std::size_t j = c + 1; j < end; ++j)
        if (heap[j].key < heap[best].key) best = j;
      if (heap[best].key >= item.key) break;
      heap[i] = heap[best];
      slots[heap[i].node].heap_pos = static_cast<std::uint32_t>(i);
      i = best;
    }
    heap[i] = item;
    slots[item.node].heap_pos = static_cast<std::uint32_t>(i);
  }
  return top;
}

struct Graph {
  const std::uint32_t* first;
  const std::uint32_t* adjacent;
  const double* travel_time_s;  // per slot
  const std::uint32_t* edge_id;  // per slot; nullptr when slot == edge id
};

// The search proper. kStates: read the closure/slow-down multipliers;
// kMulti: break ties between sources towards the lower source index.
template <bool kStates, bool kMulti>
void settle(Workspace& ws, const Graph& g, const double* multiplier, double scale, double limit_s,
            std::uint32_t stop_at) {
  SearchSlot* slots = ws.slots.data();
  const std::uint32_t gen = ws.generation;
  while (!ws.heap.empty()) {
    const HeapItem top = pop(ws);
    const std::uint32_t u = top.node;
    const double d = top.key;
    slots[u].heap_pos = Workspace::kSettled;
    ws.settled.push_back(NodeId{u});
    if (u == stop_at) break;
    const std::uint32_t origin = slots[u].origin;
    const std::uint32_t end = g.first[u + 1];
    for (std::uint32_t i = g.first[u]; i < end; ++i) {
      const std::uint32_t e = g.edge_id ? g.edge_id[i] : i;
      double w = g.travel_time_s[i] * scale;
      if constexpr (kStates) {
        const double m = multiplier[e];
        if (m == kUnreachable) continue;  // closed (and 0 * inf would be NaN)
        w *= m;
      }
      const double nd = d + w;
      if (nd > limit_s) continue;
      const std::uint32_t v = g.adjacent[i];
      SearchSlot& s = slots[v];
      if (s.stamp != gen) {
        s.time_s = nd;
        s.stamp = gen;
        s.parent = e;
        s.origin = origin;
        push(ws, v, nd);
      } else if (nd < s.time_s) {
        s.time_s = nd;
        s.parent = e;
        s.origin = origin;
        sift_up(ws, s.heap_pos, {nd, v});
      } else if constexpr (kMulti) {
        if (nd == s.time_s && origin < s.origin && s.heap_pos != Workspace::kSettled) {
          s.parent = e;
          s.origin = origin;
        }
      }
    }
  }
}

}  // namespace
}  // namespace detail

// ---- Reached ----

EdgeId Reached::parent_edge(NodeId v) const {
  if (!contains(v)) return kNoEdge;
  return EdgeId{ws_->slots[index(v)].parent};
}

std::optional<Path> Reached::path(NodeId v) const {
  if (!contains(v)) return std::nullopt;
  Path p;
  p.travel_time_s = time_s(v);
  NodeId at = v;
  p.nodes.push_back(at);
  for (EdgeId e = parent_edge(at); e != kNoEdge; e = parent_edge(at)) {
    p.edges.push_back(e);
    at = direction_ == SearchDirection::outbound ? net_->tail(e) : net_->head(e);
    p.nodes.push_back(at);
  }
  if (direction_ == SearchDirection::outbound) {
    std::reverse(p.nodes.begin(), p.nodes.end());
    std::reverse(p.edges.begin(), p.edges.end());
  }
  return p;
}

std::vector<double> Reached::to_vector() const {
  std::vector<double> out(net_->node_count(), kUnreachable);
  for (NodeId v : nodes()) out[index(v)] = ws_->slots[index(v)].time_s;
  return out;
}

// ---- SearchRequest ----

Reached SearchRequest::within(double limit_s) {
  if (std::isnan(limit_s)) throw std::invalid_argument("Router: search limit is NaN");
  return router_.run(direction_, std::min(limit_s, std::numeric_limits<double>::max()), index(kNoNode));
}

Reached SearchRequest::everywhere() {
  return router_.run(direction_, std::numeric_limits<double>::max(), index(kNoNode));
}

Reached SearchRequest::until(NodeId node) {
  if (index(node) >= router_.network().node_count())
    throw std::invalid_argument("Router: node " + std::to_string(index(node)) + " is not in the network");
  return router_.run(direction_, std::numeric_limits<double>::max(), index(node));
}

// ---- Router ----

Router::Router(const RoadNetwork& network, const EdgeStates* states) : net_(&network) {
  use_edge_states(states);
  ws_.slots.assign(network.node_count(), detail::SearchSlot{0.0, 0, 0, 0, 0});
}

Router& Router::use_edge_states(const EdgeStates* states) {
  if (states && states->edge_count() != net_->edge_count())
    throw std::invalid_argument("Router: edge states are for " + std::to_string(states->edge_count()) +
                                " edges, the network has " + std::to_string(net_->edge_count()));
  states_ = states;
  return *this;
}

Router& Router::use_speed_factor(double factor) {
  if (!(factor > 0.0) || !std::isfinite(factor))
    throw std::invalid_argument("Router: speed factor must be finite and > 0, got " + std::to_string(factor));
  speed_factor_ = factor;
  return *this;
}

double Router::edge_travel_time_s(EdgeId e) const {
  double t = net_->travel_time_s(e) * (1.0 / speed_factor_);
  if (states_) {
    const double m = states_->time_multipliers()[index(e)];
    if (m == kUnreachable) return kUnreachable;
    t *= m;
  }
  return t;
}

void Router::set_sources(std::span<const Source> sources) {
  const std::size_t n = net_->node_count();
  for (const Source& s : sources) {
    if (index(s.node) >= n)
      throw std::invalid_argument("Router: node " + std::to_string(index(s.node)) + " is not in the network");
    if (!std::isfinite(s.offset_s) || s.offset_s < 0.0)
      throw std::invalid_argument("Router: source offset must be finite and >= 0");
  }
  sources_.assign(sources.begin(), sources.end());
}

SearchRequest Router::travel_times_from(NodeId source) {
  const Source s{source, 0.0};
  set_sources({&s, 1});
  return SearchRequest(*this, SearchDirection::outbound);
}

SearchRequest Router::travel_times_from(std::span<const Source> sources) {
  set_sources(sources);
  return SearchRequest(*this, SearchDirection::outbound);
}

SearchRequest Router::travel_times_to(NodeId target) {
  const Source s{target, 0.0};
  set_sources({&s, 1});
  return SearchRequest(*this, SearchDirection::inbound);
}

SearchRequest Router::travel_times_to(std::span<const Source> targets) {
  set_sources(targets);
  return SearchRequest(*this, SearchDirection::inbound);
}

double Router::travel_time_s(NodeId from, NodeId to) { return travel_times_from(from).until(to).time_s(to); }

std::optional<Path> Router::route(NodeId from, NodeId to) { return travel_times_from(from).until(to).path(to); }

Reached Router::run(SearchDirection direction, double limit_s, std::uint32_t stop_at) {
  using detail::SearchWorkspace;
  ws_.next_generation();
  const std::uint32_t gen = ws_.generation;
  for (std::size_t k = 0; k < sources_.size(); ++k) {
    const Source& s = sources_[k];
    if (s.offset_s > limit_s) continue;
    detail::SearchSlot& slot = ws_.slots[index(s.node)];
    if (slot.stamp == gen) {
      if (s.offset_s >= slot.time_s) continue;  // a duplicate start; the earlier one wins ties
      slot.time_s = s.offset_s;
      slot.origin = static_cast<std::uint32_t>(k);
      detail::sift_up(ws_, slot.heap_pos, {s.offset_s, index(s.node)});
      continue;
    }
    slot = {s.offset_s, gen, 0, SearchWorkspace::kNone, static_cast<std::uint32_t>(k)};
    detail::push(ws_, index(s.node), s.offset_s);
  }

  detail::Graph g{};
  if (direction == SearchDirection::outbound) {
    g = {net_->first_out().data(), net_->heads().data(), net_->travel_times_s().data(), nullptr};
  } else {
    g = {net_->first_in().data(), net_->in_tails().data(), net_->in_travel_times_s().data(),
         net_->in_edge_ids().data()};
  }
  const double scale = 1.0 / speed_factor_;
  const bool multi = sources_.size() > 1;
  if (states_) {
    const double* m = states_->time_multipliers().data();
    multi ? detail::settle<true, true>(ws_, g, m, scale, limit_s, stop_at)
          : detail::settle<true, false>(ws_, g, m, scale, limit_s, stop_at);
  } else {
    multi ? detail::settle<false, true>(ws_, g, nullptr, scale, limit_s, stop_at)
          : detail::settle<false, false>(ws_, g, nullptr, scale, limit_s, stop_at);
  }
  return Reached(net_, &ws_, direction, limit_s);
}

}  // namespace dsim
