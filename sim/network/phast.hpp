// SPDX-License-Identifier: MIT
#pragma once

// PHAST one-to-all trees on a contraction hierarchy (Delling, Goldberg,
// Nowatzyk, Werneck: "PHAST: Hardware-accelerated shortest path trees",
// IPDPS 2011; J. Parallel Distrib. Comput. 73(7), 2013). A tree is an
// upward Dijkstra from the source in the hierarchy, then one linear sweep
// over all nodes from the highest level down, each node taking the least of
// its upward label and (its higher neighbours' times + the arc). Nodes are
// renumbered internally by decreasing level (network id order within a
// level), so the sweep reads its arcs and writes its times in order; callers
// give and get the network's NodeIds.
//
// Times equal Router's (same edge times: free-flow time x 1/speed factor)
// up to the rounding of adding the same edge times in another order
// (shortcuts add pairs first): relative 1e-12 in the tests (docs/models.md).
//
//   PhastIndex index = build_phast_index(network, 1.0);
//   PhastSearch search(index);
//   std::vector<double> times(network.node_count());
//   search.tree(station, SearchDirection::outbound, times);

#include "sim/network/contraction_hierarchy.hpp"
#include "sim/network/dijkstra.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace dsim {

class RoadNetwork;

struct PhastIndex {
  std::uint32_t node_count = 0;
  std::uint32_t level_count = 0;
  double speed_factor = 1.0;
  std::uint64_t shortcut_count = 0;
  // order[i]: the NodeId of internal node i; position[v]: the internal id
  // of NodeId v. Internal ids go by decreasing level.
  std::vector<std::uint32_t> order, position;
  // Per internal node i, arcs between i and higher nodes j (j < i):
  // up: i -> j; down: j -> i. Grouped by i: first[i] .. first[i+1].
  std::vector<std::uint32_t> up_first, up_node;
  std::vector<double> up_time_s;
  std::vector<std::uint32_t> down_first, down_node;
  std::vector<double> down_time_s;

  std::size_t arc_count() const { return up_node.size() + down_node.size(); }
  std::size_t bytes() const;
  // Empty when the arrays are consistent (sizes, ranges, arcs pointing to
  // lower internal ids, finite non-negative times), else what is wrong.
  std::string check() const;
};

PhastIndex build_phast_index(const ContractionHierarchy& ch);
PhastIndex build_phast_index(const RoadNetwork& network, double speed_factor = 1.0,
                             const BuildProgressFn& progress = {});

// Scratch space for trees over one index: one per thread, 2 x kBatch
// doubles per node (64 MB for a million nodes).
class PhastSearch {
 public:
  // Sources handled by one sweep in trees().
  static constexpr std::size_t kBatch = 4;

  explicit PhastSearch(const PhastIndex& index);

  // Outbound: times from `node` to every node; inbound: from every node to
  // it. `out` has node_count() slots, by NodeId; kUnreachable where none.
  void tree(NodeId node, SearchDirection direction, std::span<double> out);
  // Up to kBatch trees in one sweep; row k of `out` (node_count() each)
  // belongs to nodes[k]. Same values as tree() for each node.
  void trees(std::span<const NodeId> nodes, SearchDirection direction, std::span<double> out);

  const PhastIndex& index() const { return *index_; }

 private:
  void upward(std::uint32_t source, SearchDirection direction, std::size_t column, std::size_t stride);

  const PhastIndex* index_;
  std::vector<double> label_;  // upward labels, node-major, kUnreachable outside the touched nodes
  std::vector<double> time_;   // sweep result, node-major
  std::vector<std::uint32_t> touched_;
  std::vector<std::pair<double, std::uint32_t>> heap_;
};

// One tree per node in `nodes` over OpenMP threads (0: the OpenMP default),
// kBatch per sweep; row r of `out` (rows x node_count) belongs to nodes[r].
// The values do not depend on the thread count. Throws
// std::invalid_argument for a node outside the index or a wrong out size.
void phast_trees(const PhastIndex& index, std::span<const NodeId> nodes, SearchDirection direction,
                 std::span<double> out, int threads = 0);

}  // namespace dsim
