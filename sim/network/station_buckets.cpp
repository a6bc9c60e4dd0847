// SPDX-License-Identifier: MIT
#include "sim/network/station_buckets.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace dsim {

namespace {

// Arcs of the hierarchy from each internal node to higher ones, one way.
struct UpArcs {
  const std::uint32_t* first;
  const std::uint32_t* node;
  const double* time_s;
};

// A thread's labels over the internal nodes, reset after each search by
// the list of nodes it touched.
struct Scratch {
  std::vector<double> label;
  std::vector<std::uint32_t> touched;
  std::vector<std::pair<double, std::uint32_t>> heap;
};

Scratch& scratch_for(std::size_t nodes) {
  thread_local Scratch s;
  if (s.label.size() < nodes) s.label.assign(nodes, kUnreachable);
  return s;
}

// Dijkstra from `start` over the upward arcs; calls visit(node, time) once
// per settled node, in non-decreasing time.
template <typename Visit>
void upward_search(const UpArcs& arcs, std::uint32_t start, std::size_t nodes, Visit&& visit) {
  Scratch& s = scratch_for(nodes);
  const auto later = std::greater<>();
  s.heap.clear();
  s.label[start] = 0.0;
  s.touched.push_back(start);
  s.heap.emplace_back(0.0, start);
  while (!s.heap.empty()) {
    std::pop_heap(s.heap.begin(), s.heap.end(), later);
    const auto [d, u] = s.heap.back();
    s.heap.pop_back();
    if (d > s.label[u]) continue;  // a stale entry
    visit(u, d);
    for (std::uint32_t k = arcs.first[u]; k < arcs.first[u + 1]; ++k) {
      const std::uint32_t v = arcs.node[k];
      const double nd = d + arcs.time_s[k];
      if (nd < s.label[v]) {
        if (s.label[v] == kUnreachable) s.touched.push_back(v);
        s.label[v] = nd;
        s.heap.emplace_back(nd, v);
        std::push_heap(s.heap.begin(), s.heap.end(), later);
      }
    }
  }
  for (std::uint32_t v : s.touched) s.label[v] = kUnreachable;
  s.touched.clear();
}

UpArcs upward(const PhastIndex& index) { return {index.up_first.data(), index.up_node.data(), index.up_time_s.data()}; }
// The down arcs j -> i grouped by the lower end i, followed from i to j: an upward search against the arcs.
UpArcs downward_reversed(const PhastIndex& index) {
  return {index.down_first.data(), index.down_node.data(), index.down_time_s.data()};
}

}  // namespace

StationBuckets::StationBuckets(const PhastIndex& phast, std::span<const NodeId> stations)
    : index_(&phast), stations_(stations.size()) {
  const std::size_t n = phast.node_count;
  for (NodeId s : stations)
    if (index(s) >= n) throw std::invalid_argument("StationBuckets: node " + std::to_string(index(s)) + " is not in the index");
  for (auto [buckets, arcs] : {std::pair{&to_, upward(phast)}, std::pair{&from_, downward_reversed(phast)}}) {
    std::vector<std::vector<std::pair<std::uint32_t, double>>> settled(stations.size());
    for (std::size_t k = 0; k < stations.size(); ++k)
      upward_search(arcs, phast.position[index(stations[k])], n,
                    [&](std::uint32_t u, double d) { settled[k].emplace_back(u, d); });
    buckets->first.assign(n + 1, 0);
    for (const auto& list : settled)
      for (const auto& [u, d] : list) ++buckets->first[u + 1];
    std::partial_sum(buckets->first.begin(), buckets->first.end(), buckets->first.begin());
    buckets->station.resize(buckets->first.back());
    buckets->time_s.resize(buckets->first.back());
    std::vector<std::uint32_t> fill(buckets->first.begin(), buckets->first.end() - 1);
    for (std::size_t k = 0; k < settled.size(); ++k)
      for (const auto& [u, d] : settled[k]) {
        const std::uint32_t at = fill[u]++;
        buckets->station[at] = static_cast<std::uint32_t>(k);
        buckets->time_s[at] = d;
      }
  }
}

void StationBuckets::to_node(NodeId node, std::span<double> out) const {
  if (out.size() != stations_) throw std::invalid_argument("StationBuckets::to_node: one slot per station");
  std::fill(out.begin(), out.end(), kUnreachable);
  // From the node against the down arcs: the time from each higher node down to it.
  upward_search(downward_reversed(*index_), index_->position[index(node)], index_->node_count,
                [&](std::uint32_t u, double d) {
                  for (std::uint32_t k = to_.first[u]; k < to_.first[u + 1]; ++k)
                    out[to_.station[k]] = std::min(out[to_.station[k]], to_.time_s[k] + d);
                });
}

void StationBuckets::from_node(NodeId node, std::span<double> out) const {
  if (out.size() != stations_) throw std::invalid_argument("StationBuckets::from_node: one slot per station");
  std::fill(out.begin(), out.end(), kUnreachable);
  upward_search(upward(*index_), index_->position[index(node)], index_->node_count,
                [&](std::uint32_t u, double d) {
                  for (std::uint32_t k = from_.first[u]; k < from_.first[u + 1]; ++k)
                    out[from_.station[k]] = std::min(out[from_.station[k]], d + from_.time_s[k]);
                });
}

}  // namespace dsim
