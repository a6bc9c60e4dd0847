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
  settled_count = 0;
  if (++generation == kSettledBit) {  // wrapped after 2^31 searches: the one full reset
    for (auto& s : slots) s.state = 0;
    generation = 1;
  }
}

namespace {

using Workspace = SearchWorkspace;

// Lazy 4-ary min-heap over storage the workspace keeps between searches:
// no decrease-key (and so no position bookkeeping in the node slots); an
// improved node is pushed again and its stale entry skipped when popped.
// Lives in locals during a search so its size stays in a register.
class LazyHeap {
 public:
  explicit LazyHeap(std::vector<HeapItem>& storage)
      : storage_(storage), heap_(storage.data()), capacity_(storage.size()) {}

  bool empty() const { return size_ == 0; }

  void push(std::uint32_t node, double key) {
    if (size_ == capacity_) grow();
    std::size_t i = size_++;
    while (i > 0) {
      const std::size_t p = (i - 1) / 4;
      if (heap_[p].key <= key) break;
      heap_[i] = heap_[p];
      i = p;
    }
    heap_[i] = {key, node};
  }

  HeapItem pop() {
    const HeapItem top = heap_[0];
    const HeapItem item = heap_[--size_];
    const std::size_t n = size_;
    if (n == 0) return top;
    // Bottom-up: walk the hole down along smallest children to a leaf, then
    // let the last item rise from there; it usually belongs near the bottom,
    // so this saves comparing it at every level.
    std::size_t i = 0;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      std::size_t best = c;
      double best_key = heap_[c].key;
      const std::size_t end = std::min(c + 4, n);
      for (std::size_t j = c + 1; j < end; ++j) {  // branch-free: these comparisons mispredict
        const double k = heap_[j].key;
        const bool less = k < best_key;
        best = less ? j : best;
        best_key = less ? k : best_key;
      }
      heap_[i] = heap_[best];
      i = best;
    }
    while (i > 0) {
      const std::size_t p = (i - 1) / 4;
      if (heap_[p].key <= item.key) break;
      heap_[i] = heap_[p];
      i = p;
    }
    heap_[i] = item;
    return top;
  }

 private:
  void grow() {
    storage_.resize(std::max<std::size_t>(1024, 2 * capacity_));
    heap_ = storage_.data();
    capacity_ = storage_.size();
  }

  std::vector<HeapItem>& storage_;
  HeapItem* heap_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

struct Graph {
  const std::uint32_t* first;
  const Arc* arcs;
};

// The search proper. kStates: read the closure/slow-down multipliers;
// kMulti: track which source reached each node, ties going to the lower
// source index.
template <bool kStates, bool kMulti>
void settle(Workspace& ws, LazyHeap& heap, const Graph& g, const double* multiplier, double scale, double limit_s,
            std::uint32_t stop_at) {
  SearchSlot* slots = ws.slots.data();
  NodeId* settled = ws.settled.data();
  std::size_t settled_count = 0;
  std::uint32_t* origin = ws.origin.data();
  const std::uint32_t gen = ws.generation;
  const std::uint32_t done = gen | Workspace::kSettledBit;
  while (!heap.empty()) {
    const HeapItem top = heap.pop();
    const std::uint32_t u = top.node;
    SearchSlot& su = slots[u];
    if (su.state != gen || top.key > su.time_s) continue;  // settled already, or a stale entry
    su.state = done;
    settled[settled_count++] = NodeId{u};
    if (u == stop_at) break;
    const double d = top.key;
    const std::uint32_t from = kMulti ? origin[u] : 0;
    const Arc* arc = g.arcs + g.first[u];
    const Arc* const end = g.arcs + g.first[u + 1];
    for (; arc != end; ++arc) {
      double w = arc->travel_time_s * scale;
      if constexpr (kStates) {
        const double m = multiplier[arc->edge];
        if (m == kUnreachable) continue;  // closed (and 0 * inf would be NaN)
        w *= m;
      }
      const double nd = d + w;
      if (nd > limit_s) continue;
      const std::uint32_t v = arc->node;
      SearchSlot& s = slots[v];
      if ((s.state & ~Workspace::kSettledBit) != gen) {  // first touch in this search
        s = {nd, gen, arc->edge};
        if constexpr (kMulti) origin[v] = from;
        heap.push(v, nd);
      } else if (s.state == gen) {  // touched, not yet settled
        if (nd < s.time_s) {
          s.time_s = nd;
          s.parent = arc->edge;
          if constexpr (kMulti) origin[v] = from;
          heap.push(v, nd);
        } else if constexpr (kMulti) {
          if (nd == s.time_s && from < origin[v]) {
            s.parent = arc->edge;
            origin[v] = from;
          }
        }
      }
    }
  }
  ws.settled_count = settled_count;
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
  ws_.slots.assign(network.node_count(), detail::SearchSlot{0.0, 0, 0});
  ws_.settled.resize(network.node_count());
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
  const bool multi = sources_.size() > 1;
  ws_.multi_source = multi;
  if (multi && ws_.origin.empty()) ws_.origin.resize(ws_.slots.size());
  const std::uint32_t gen = ws_.generation;
  detail::LazyHeap heap(ws_.heap);
  for (std::size_t k = 0; k < sources_.size(); ++k) {
    const Source& s = sources_[k];
    if (s.offset_s > limit_s) continue;
    const std::uint32_t v = index(s.node);
    detail::SearchSlot& slot = ws_.slots[v];
    if (slot.state == gen && s.offset_s >= slot.time_s) continue;  // a repeated start; the earlier wins ties
    slot = {s.offset_s, gen, SearchWorkspace::kNone};
    if (multi) ws_.origin[v] = static_cast<std::uint32_t>(k);
    heap.push(v, s.offset_s);
  }

  detail::Graph g{};
  if (direction == SearchDirection::outbound) {
    g = {net_->first_out().data(), net_->out_arcs().data()};
  } else {
    g = {net_->first_in().data(), net_->in_arcs().data()};
  }
  const double scale = 1.0 / speed_factor_;
  if (states_) {
    const double* m = states_->time_multipliers().data();
    multi ? detail::settle<true, true>(ws_, heap, g, m, scale, limit_s, stop_at)
          : detail::settle<true, false>(ws_, heap, g, m, scale, limit_s, stop_at);
  } else {
    multi ? detail::settle<false, true>(ws_, heap, g, nullptr, scale, limit_s, stop_at)
          : detail::settle<false, false>(ws_, heap, g, nullptr, scale, limit_s, stop_at);
  }
  return Reached(net_, &ws_, direction, limit_s);
}

}  // namespace dsim
