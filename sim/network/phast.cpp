// SPDX-License-Identifier: MIT
#include "sim/network/phast.hpp"

#include "sim/network/road_network.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

namespace dsim {
namespace {

// One sweep over K interleaved trees: time[i*K + k] for internal node i.
// `first/node/time_s` are the arcs between i and its higher neighbours (the
// downward ones for outbound trees, the upward ones for inbound).
template <std::size_t K>
void sweep(std::size_t n, const std::uint32_t* first, const std::uint32_t* node, const double* time_s,
           const double* label, double* time) {
  for (std::size_t i = 0; i < n; ++i) {
    double best[K];
    for (std::size_t k = 0; k < K; ++k) best[k] = label[i * K + k];
    for (std::uint32_t a = first[i], end = first[i + 1]; a < end; ++a) {
      const double* higher = time + static_cast<std::size_t>(node[a]) * K;
      const double w = time_s[a];
      for (std::size_t k = 0; k < K; ++k) best[k] = std::min(best[k], higher[k] + w);
    }
    for (std::size_t k = 0; k < K; ++k) time[i * K + k] = best[k];
  }
}

void copy_arcs(const std::vector<std::uint32_t>& first, const std::vector<std::uint32_t>& other,
               const std::vector<double>& time_s, const std::vector<std::uint32_t>& order,
               const std::vector<std::uint32_t>& position, std::vector<std::uint32_t>& out_first,
               std::vector<std::uint32_t>& out_node, std::vector<double>& out_time_s) {
  const std::size_t n = order.size();
  out_first.assign(n + 1, 0);
  out_node.clear();
  out_time_s.clear();
  out_node.reserve(other.size());
  out_time_s.reserve(other.size());
  std::vector<std::pair<std::uint32_t, double>> arcs;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t v = order[i];
    arcs.clear();
    for (std::uint32_t a = first[v]; a < first[v + 1]; ++a) arcs.emplace_back(position[other[a]], time_s[a]);
    std::sort(arcs.begin(), arcs.end());  // reads the higher times in memory order
    for (const auto& [j, t] : arcs) {
      out_node.push_back(j);
      out_time_s.push_back(t);
    }
    out_first[i + 1] = static_cast<std::uint32_t>(out_node.size());
  }
}

std::string check_arcs(const char* name, std::size_t n, const std::vector<std::uint32_t>& first,
                       const std::vector<std::uint32_t>& node, const std::vector<double>& time_s) {
  if (first.size() != n + 1 || first[0] != 0 || first[n] != node.size() || node.size() != time_s.size())
    return std::string(name) + " arc arrays have inconsistent sizes";
  for (std::size_t i = 0; i < n; ++i) {
    if (first[i] > first[i + 1]) return std::string(name) + " arc offsets decrease";
    for (std::uint32_t a = first[i]; a < first[i + 1]; ++a) {
      if (node[a] >= i) return std::string(name) + " arc does not lead to a higher node";
      if (!(time_s[a] >= 0.0) || !std::isfinite(time_s[a])) return std::string(name) + " arc time is not finite";
    }
  }
  return {};
}

}  // namespace

std::size_t PhastIndex::bytes() const {
  return (order.size() + position.size() + up_first.size() + up_node.size() + down_first.size() + down_node.size()) *
             sizeof(std::uint32_t) +
         (up_time_s.size() + down_time_s.size()) * sizeof(double);
}

std::string PhastIndex::check() const {
  const std::size_t n = node_count;
  if (order.size() != n || position.size() != n) return "node order arrays have the wrong size";
  for (std::size_t i = 0; i < n; ++i)
    if (order[i] >= n || position[order[i]] != i) return "node order is not a permutation";
  if (!(speed_factor > 0.0) || !std::isfinite(speed_factor)) return "speed factor is not finite and > 0";
  if (std::string s = check_arcs("upward", n, up_first, up_node, up_time_s); !s.empty()) return s;
  return check_arcs("downward", n, down_first, down_node, down_time_s);
}

PhastIndex build_phast_index(const ContractionHierarchy& ch) {
  const std::size_t n = ch.node_count;
  PhastIndex index;
  index.node_count = static_cast<std::uint32_t>(n);
  index.speed_factor = ch.speed_factor;
  index.shortcut_count = ch.shortcut_count;
  index.order.resize(n);
  std::iota(index.order.begin(), index.order.end(), 0u);
  // Highest level first; NodeId order (spatial) within a level.
  std::stable_sort(index.order.begin(), index.order.end(),
                   [&ch](std::uint32_t a, std::uint32_t b) { return ch.level[a] > ch.level[b]; });
  index.position.resize(n);
  for (std::size_t i = 0; i < n; ++i) index.position[index.order[i]] = static_cast<std::uint32_t>(i);
  index.level_count = n == 0 ? 0 : ch.level[index.order[0]] + 1;
  copy_arcs(ch.up_first, ch.up_head, ch.up_time_s, index.order, index.position, index.up_first, index.up_node,
            index.up_time_s);
  copy_arcs(ch.down_first, ch.down_tail, ch.down_time_s, index.order, index.position, index.down_first,
            index.down_node, index.down_time_s);
  return index;
}

PhastIndex build_phast_index(const RoadNetwork& network, double speed_factor, const BuildProgressFn& progress) {
  return build_phast_index(build_contraction_hierarchy(network, speed_factor, progress));
}

PhastSearch::PhastSearch(const PhastIndex& index)
    : index_(&index),
      label_(static_cast<std::size_t>(index.node_count) * kBatch, kUnreachable),
      time_(static_cast<std::size_t>(index.node_count) * kBatch) {}

void PhastSearch::upward(std::uint32_t source, SearchDirection direction, std::size_t column, std::size_t stride) {
  const PhastIndex& x = *index_;
  const bool out = direction == SearchDirection::outbound;
  const std::uint32_t* first = out ? x.up_first.data() : x.down_first.data();
  const std::uint32_t* node = out ? x.up_node.data() : x.down_node.data();
  const double* time_s = out ? x.up_time_s.data() : x.down_time_s.data();
  double* label = label_.data() + column;
  heap_.clear();
  label[source * stride] = 0.0;
  touched_.push_back(source * stride + column);
  heap_.push_back({0.0, source});
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    const auto [d, u] = heap_.back();
    heap_.pop_back();
    if (d > label[u * stride]) continue;  // stale
    for (std::uint32_t a = first[u]; a < first[u + 1]; ++a) {
      const std::size_t j = static_cast<std::size_t>(node[a]) * stride;
      const double nd = d + time_s[a];
      if (nd < label[j]) {
        if (label[j] == kUnreachable) touched_.push_back(j + column);
        label[j] = nd;
        heap_.push_back({nd, node[a]});
        std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
      }
    }
  }
}

void PhastSearch::tree(NodeId node, SearchDirection direction, std::span<double> out) {
  trees({&node, 1}, direction, out);
}

void PhastSearch::trees(std::span<const NodeId> nodes, SearchDirection direction, std::span<double> out) {
  const PhastIndex& x = *index_;
  const std::size_t n = x.node_count;
  if (nodes.size() > kBatch) throw std::invalid_argument("PHAST: more nodes than one batch");
  if (out.size() != nodes.size() * n) throw std::invalid_argument("PHAST: output has the wrong size");
  for (NodeId v : nodes)
    if (dsim::index(v) >= n)
      throw std::invalid_argument("PHAST: node " + std::to_string(dsim::index(v)) + " is not in the index");
  if (nodes.empty()) return;
  const std::size_t stride = nodes.size() == 1 ? 1 : kBatch;
  for (std::size_t k = 0; k < nodes.size(); ++k) upward(x.position[dsim::index(nodes[k])], direction, k, stride);
  const bool outbound = direction == SearchDirection::outbound;
  const std::uint32_t* first = outbound ? x.down_first.data() : x.up_first.data();
  const std::uint32_t* arc_node = outbound ? x.down_node.data() : x.up_node.data();
  const double* time_s = outbound ? x.down_time_s.data() : x.up_time_s.data();
  if (stride == 1) {
    sweep<1>(n, first, arc_node, time_s, label_.data(), time_.data());
  } else {
    sweep<kBatch>(n, first, arc_node, time_s, label_.data(), time_.data());
  }
  for (std::size_t f : touched_) label_[f] = kUnreachable;
  touched_.clear();
  // Back to NodeId order as a gather (sequential writes, reads spread over
  // the levels): a scatter's random writes cost about twice as much.
  const std::uint32_t* position = x.position.data();
  const double* t = time_.data();
  if (stride == 1) {
    for (std::size_t v = 0; v < n; ++v) out[v] = t[position[v]];
  } else {
    for (std::size_t v = 0; v < n; ++v) {
      const double* cell = t + static_cast<std::size_t>(position[v]) * stride;
      for (std::size_t k = 0; k < nodes.size(); ++k) out[k * n + v] = cell[k];
    }
  }
}

void phast_trees(const PhastIndex& phast, std::span<const NodeId> nodes, SearchDirection direction,
                 std::span<double> out, int threads) {
  const std::size_t n = phast.node_count;
  if (out.size() != nodes.size() * n) throw std::invalid_argument("PHAST: output has the wrong size");
  for (NodeId v : nodes)
    if (index(v) >= n) throw std::invalid_argument("PHAST: node " + std::to_string(index(v)) + " is not in the index");
  const std::size_t batches = (nodes.size() + PhastSearch::kBatch - 1) / PhastSearch::kBatch;
  const int use = threads > 0 ? threads : omp_get_max_threads();
  std::exception_ptr failure;
#pragma omp parallel num_threads(use) if (batches > 1)
  {
    std::optional<PhastSearch> search;
#pragma omp for schedule(dynamic, 1)
    for (std::ptrdiff_t b = 0; b < static_cast<std::ptrdiff_t>(batches); ++b) {
      try {
        if (!search) search.emplace(phast);
        const std::size_t lo = static_cast<std::size_t>(b) * PhastSearch::kBatch;
        const std::size_t hi = std::min(nodes.size(), lo + PhastSearch::kBatch);
        search->trees(nodes.subspan(lo, hi - lo), direction, out.subspan(lo * n, (hi - lo) * n));
      } catch (...) {
#pragma omp critical(dsim_phast_trees)
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace dsim
