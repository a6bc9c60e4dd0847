// SPDX-License-Identifier: MIT
#include "sim/network/contraction_hierarchy.hpp"

#include "sim/network/dijkstra.hpp"
#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace dsim {
namespace {

// Settled-node bounds of the witness searches: while estimating a node's
// priority, and while contracting it.
constexpr int kSimulateSettleLimit = 60;
constexpr int kContractSettleLimit = 500;

struct DynArc {
  std::uint32_t node;
  double time_s;
};

using HeapEntry = std::pair<double, std::uint32_t>;

// Removes the arc to `node` from a list (there is at most one).
void erase_arc(std::vector<DynArc>& arcs, std::uint32_t node) {
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    if (arcs[i].node == node) {
      arcs[i] = arcs.back();
      arcs.pop_back();
      return;
    }
  }
}

class Contractor {
 public:
  explicit Contractor(std::size_t n)
      : out_(n), in_(n), depth_(n, 0), contracted_neighbours_(n, 0), dist_(n, kUnreachable), stamp_(n, 0), target_(n, 0) {}

  // Adds u -> x or lowers the time of the one there.
  void add_arc(std::uint32_t u, std::uint32_t x, double time_s) {
    for (DynArc& a : out_[u]) {
      if (a.node != x) continue;
      if (time_s < a.time_s) {
        a.time_s = time_s;
        for (DynArc& b : in_[x])
          if (b.node == u) b.time_s = time_s;
      }
      return;
    }
    out_[u].push_back({x, time_s});
    in_[x].push_back({u, time_s});
  }

  // Shortcuts that contracting v would add; adds them when `apply`.
  int shortcuts(std::uint32_t v, bool apply) {
    const int limit = apply ? kContractSettleLimit : kSimulateSettleLimit;
    int added = 0;
    // add_arc changes the lists of v's neighbours only, never v's own.
    const std::vector<DynArc>& outs = out_[v];
    for (const DynArc in : in_[v]) {
      double bound = 0.0;
      bool any = false;
      for (const DynArc& o : outs) {
        if (o.node == in.node) continue;
        bound = std::max(bound, in.time_s + o.time_s);
        any = true;
      }
      if (!any) continue;
      witness_search(in.node, v, outs, bound, limit);
      for (const DynArc& o : outs) {
        if (o.node == in.node) continue;
        const double via = in.time_s + o.time_s;
        if (reached(o.node) <= via) continue;  // a witness: no shortcut needed
        ++added;
        if (apply) add_arc(in.node, o.node, via);
      }
    }
    return added;
  }

  double priority(std::uint32_t v) {
    const int removed = static_cast<int>(in_[v].size() + out_[v].size());
    return static_cast<double>(shortcuts(v, false) - removed) + contracted_neighbours_[v] + depth_[v];
  }

  std::vector<std::vector<DynArc>> out_, in_;
  std::vector<std::uint32_t> depth_, contracted_neighbours_;

 private:
  double reached(std::uint32_t x) const { return stamp_[x] == generation_ ? dist_[x] : kUnreachable; }

  // Dijkstra from `source` over uncontracted nodes, avoiding `skip`, until
  // the next node is beyond `bound`, `limit` nodes are settled or every
  // target is settled.
  void witness_search(std::uint32_t source, std::uint32_t skip, const std::vector<DynArc>& targets, double bound,
                      int limit) {
    if (++generation_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0u);
      std::fill(target_.begin(), target_.end(), 0u);
      generation_ = 1;
    }
    int remaining = 0;
    for (const DynArc& t : targets) {
      if (t.node == source || target_[t.node] == generation_) continue;
      target_[t.node] = generation_;
      ++remaining;
    }
    heap_.clear();
    stamp_[source] = generation_;
    dist_[source] = 0.0;
    heap_.push_back({0.0, source});
    int settled = 0;
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const auto [d, u] = heap_.back();
      heap_.pop_back();
      if (d > dist_[u]) continue;  // stale
      if (d > bound || ++settled > limit) break;
      if (target_[u] == generation_ && --remaining == 0) break;
      for (const DynArc& a : out_[u]) {
        if (a.node == skip) continue;
        const double nd = d + a.time_s;
        if (nd > bound) continue;
        if (stamp_[a.node] != generation_ || nd < dist_[a.node]) {
          stamp_[a.node] = generation_;
          dist_[a.node] = nd;
          heap_.push_back({nd, a.node});
          std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
        }
      }
    }
  }

  std::vector<double> dist_;
  std::vector<std::uint32_t> stamp_, target_;
  std::uint32_t generation_ = 0;
  std::vector<HeapEntry> heap_;
};

// Groups (owner, other, time) triples by owner into CSR arrays.
void to_csr(std::size_t n, const std::vector<std::vector<DynArc>>& lists, std::vector<std::uint32_t>& first,
            std::vector<std::uint32_t>& other, std::vector<double>& time_s) {
  first.assign(n + 1, 0);
  for (std::size_t v = 0; v < n; ++v) first[v + 1] = first[v] + static_cast<std::uint32_t>(lists[v].size());
  other.resize(first[n]);
  time_s.resize(first[n]);
  for (std::size_t v = 0; v < n; ++v) {
    std::uint32_t k = first[v];
    for (const DynArc& a : lists[v]) {
      other[k] = a.node;
      time_s[k] = a.time_s;
      ++k;
    }
  }
}

}  // namespace

ContractionHierarchy build_contraction_hierarchy(const RoadNetwork& network, double speed_factor,
                                                 const BuildProgressFn& progress) {
  if (!(speed_factor > 0.0) || !std::isfinite(speed_factor))
    throw std::invalid_argument("contraction hierarchy: speed factor must be finite and > 0");
  const std::size_t n = network.node_count();
  ContractionHierarchy ch;
  ch.node_count = n;
  ch.speed_factor = speed_factor;
  ch.rank.assign(n, 0);
  ch.level.assign(n, 0);

  Contractor c(n);
  // The same edge time as Router: free-flow time times 1 / factor.
  const double scale = 1.0 / speed_factor;
  const auto tails = network.tails();
  const auto heads = network.heads();
  const auto times = network.travel_times_s();
  for (std::size_t e = 0; e < tails.size(); ++e) {
    if (tails[e] == heads[e]) continue;
    c.add_arc(tails[e], heads[e], times[e] * scale);
  }
  std::size_t original_arcs = 0;
  for (std::size_t v = 0; v < n; ++v) original_arcs += c.out_[v].size();

  // Min-queue of (priority, node); an entry is stale when its priority is
  // no longer the node's current one.
  std::vector<double> current(n);
  std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>> queue;
  // Progress: the first priorities are the first tenth of the work, the
  // contraction the rest (about so on road networks).
  const std::size_t report_every = std::max<std::size_t>(1, n / 200);
  for (std::uint32_t v = 0; v < n; ++v) {
    current[v] = c.priority(v);
    queue.push({current[v], v});
    if (progress && (v + 1) % report_every == 0) progress(0.1 * (v + 1) / static_cast<double>(n));
  }
  std::vector<std::vector<DynArc>> up(n), down(n);
  std::vector<std::uint8_t> done(n, 0);
  std::vector<std::uint32_t> neighbours;
  std::uint32_t step = 0;
  while (!queue.empty()) {
    const auto [p, v] = queue.top();
    queue.pop();
    if (done[v] || p != current[v]) continue;
    // Lazy update: contract v only if it is still the cheapest.
    const double fresh = c.priority(v);
    if (fresh != p) {
      current[v] = fresh;
      if (!queue.empty() && fresh > queue.top().first) {
        queue.push({fresh, v});
        continue;
      }
    }
    done[v] = 1;
    ch.rank[v] = step++;
    ch.level[v] = c.depth_[v];
    up[v] = c.out_[v];
    down[v] = c.in_[v];
    c.shortcuts(v, true);
    neighbours.clear();
    for (const DynArc& a : up[v]) {
      erase_arc(c.in_[a.node], v);
      neighbours.push_back(a.node);
    }
    for (const DynArc& a : down[v]) {
      erase_arc(c.out_[a.node], v);
      neighbours.push_back(a.node);
    }
    c.out_[v] = {};
    c.in_[v] = {};
    std::sort(neighbours.begin(), neighbours.end());
    neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
    for (std::uint32_t y : neighbours) {
      ++c.contracted_neighbours_[y];
      c.depth_[y] = std::max(c.depth_[y], ch.level[v] + 1);
      current[y] = c.priority(y);
      queue.push({current[y], y});
    }
    if (progress && step % report_every == 0) progress(0.1 + 0.9 * step / static_cast<double>(n));
  }
  to_csr(n, up, ch.up_first, ch.up_head, ch.up_time_s);
  to_csr(n, down, ch.down_first, ch.down_tail, ch.down_time_s);
  ch.shortcut_count = ch.arc_count() > original_arcs ? ch.arc_count() - original_arcs : 0;
  if (progress) progress(1.0);
  return ch;
}

double ch_travel_time_s(const ContractionHierarchy& ch, NodeId from, NodeId to) {
  // One full upward search per side; the meeting node with the least sum wins.
  const auto upward = [&ch](std::uint32_t s, bool forward) {
    std::unordered_map<std::uint32_t, double> dist{{s, 0.0}};
    std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>> heap;
    heap.push({0.0, s});
    const auto& first = forward ? ch.up_first : ch.down_first;
    const auto& other = forward ? ch.up_head : ch.down_tail;
    const auto& time = forward ? ch.up_time_s : ch.down_time_s;
    while (!heap.empty()) {
      const auto [d, u] = heap.top();
      heap.pop();
      if (d > dist[u]) continue;
      for (std::uint32_t k = first[u]; k < first[u + 1]; ++k) {
        const double nd = d + time[k];
        auto [it, fresh] = dist.try_emplace(other[k], nd);
        if (fresh || nd < it->second) {
          it->second = nd;
          heap.push({nd, other[k]});
        }
      }
    }
    return dist;
  };
  const auto f = upward(index(from), true);
  const auto b = upward(index(to), false);
  double best = kUnreachable;
  for (const auto& [v, d] : f) {
    const auto it = b.find(v);
    if (it != b.end()) best = std::min(best, d + it->second);
  }
  return best;
}

}  // namespace dsim
