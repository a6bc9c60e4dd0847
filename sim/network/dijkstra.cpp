// SPDX-License-Identifier: MIT
#include "sim/network/dijkstra.hpp"

#include "sim/network/edge_states.hpp"
#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
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
// Lives in locals during a search so its size stays in a register. Every
// slot past the last item holds an infinite key (keys in the heap are always
// finite), and there are kPad such slots at least: a pop then compares all
// four children without a bounds check, and picks the same child as a
// bounded scan would, since an infinite key is never strictly smaller.
class LazyHeap {
 public:
  explicit LazyHeap(std::vector<HeapItem>& storage)
      : storage_(storage),
        heap_(storage.empty() ? nullptr : storage.data() + skip(storage.data())),
        capacity_(storage.empty() ? 0 : storage.size() - kSlack) {}
  LazyHeap(const LazyHeap&) = delete;
  LazyHeap& operator=(const LazyHeap&) = delete;
  // A search stopped early leaves items: blank them for the next search.
  ~LazyHeap() {
    for (std::size_t i = 0; i < size_; ++i) heap_[i].key = kEmpty;
  }

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
    heap_[n].key = kEmpty;
    if (n == 0) return top;
    // Bottom-up: walk the hole down along smallest children to a leaf, then
    // let the last item rise from there; it usually belongs near the bottom,
    // so this saves comparing it at every level.
    std::size_t i = 0;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      const HeapItem* child = heap_ + c;
      const double k0 = child[0].key, k1 = child[1].key, k2 = child[2].key, k3 = child[3].key;
      const std::size_t right01 = k1 < k0, right23 = k3 < k2;
      const double low01 = std::min(k0, k1), low23 = std::min(k2, k3);
      const std::size_t right = low23 < low01;
      const std::size_t best = c + right01 + right * (2 + right23 - right01);
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
  static constexpr std::size_t kPad = 4;
  static constexpr std::size_t kSlack = kPad + 3;  // the padding, and room to align
  static constexpr double kEmpty = std::numeric_limits<double>::infinity();

  // Items to skip at the start of the storage so that heap_[1], and so every
  // group of four siblings, begins a 64-byte cache line.
  static std::size_t skip(const HeapItem* data) {
    const auto at = reinterpret_cast<std::uintptr_t>(data + 1);
    return ((64 - at % 64) % 64) / sizeof(HeapItem);
  }

  void grow() {
    const std::size_t capacity = std::max<std::size_t>(1024, 2 * capacity_);
    std::vector<HeapItem> bigger(capacity + kSlack, HeapItem{kEmpty, 0});
    HeapItem* to = bigger.data() + skip(bigger.data());
    if (size_ > 0) std::copy(heap_, heap_ + size_, to);
    storage_.swap(bigger);
    heap_ = to;
    capacity_ = capacity;
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
// source index; kScaled: multiply by the speed factor's inverse (x * 1.0 is
// x, so leaving it out at factor 1 changes no time).
template <bool kStates, bool kMulti, bool kScaled, class Queue>
void settle(Workspace& ws, Queue& heap, const Graph& g, const double* multiplier, double scale, double limit_s,
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
      double w = arc->travel_time_s;
      if constexpr (kScaled) w *= scale;
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

// Puts the sources in the queue, then settles.
template <class Queue>
void search(Workspace& ws, Queue& heap, std::span<const Source> sources, const Graph& g, const double* multiplier,
            double scale, double limit_s, std::uint32_t stop_at) {
  const bool multi = ws.multi_source;
  const std::uint32_t gen = ws.generation;
  for (std::size_t k = 0; k < sources.size(); ++k) {
    const Source& s = sources[k];
    if (s.offset_s > limit_s) continue;
    const std::uint32_t v = index(s.node);
    SearchSlot& slot = ws.slots[v];
    if (slot.state == gen && s.offset_s >= slot.time_s) continue;  // a repeated start; the earlier wins ties
    slot = {s.offset_s, gen, Workspace::kNone};
    if (multi) ws.origin[v] = static_cast<std::uint32_t>(k);
    heap.push(v, s.offset_s);
  }
  const bool scaled = scale != 1.0;
  auto go = [&]<bool kStates, bool kMulti>() {
    scaled ? settle<kStates, kMulti, true>(ws, heap, g, multiplier, scale, limit_s, stop_at)
           : settle<kStates, kMulti, false>(ws, heap, g, multiplier, scale, limit_s, stop_at);
  };
  if (multiplier) {
    multi ? go.template operator()<true, true>() : go.template operator()<true, false>();
  } else {
    multi ? go.template operator()<false, true>() : go.template operator()<false, false>();
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
  ws_.next_generation();
  const bool multi = sources_.size() > 1;
  ws_.multi_source = multi;
  if (multi && ws_.origin.empty()) ws_.origin.resize(ws_.slots.size());

  detail::Graph g{};
  if (direction == SearchDirection::outbound) {
    g = {net_->first_out().data(), net_->out_arcs().data()};
  } else {
    g = {net_->first_in().data(), net_->in_arcs().data()};
  }
  const double scale = 1.0 / speed_factor_;
  const double* m = states_ ? states_->time_multipliers().data() : nullptr;
  detail::LazyHeap heap(ws_.heap);
  detail::search(ws_, heap, sources_, g, m, scale, limit_s, stop_at);
  return Reached(net_, &ws_, direction, limit_s);
}

}  // namespace dsim
