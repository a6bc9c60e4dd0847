// SPDX-License-Identifier: MIT
#pragma once

// Contraction hierarchy (Geisberger, Sanders, Schultes, Delling 2008) over a
// RoadNetwork's free-flow travel times divided by a vehicle's speed factor.
//
// Nodes are contracted one at a time, cheapest first by the priority
// "edge difference + contracted neighbours + depth" (shortcuts a contraction
// would add minus arcs it removes; neighbours already contracted; one more
// than the deepest contracted neighbour), kept up to date lazily: the node
// on top of the queue is re-evaluated before it is contracted and pushed
// back when it is no longer the cheapest, and the neighbours of each
// contracted node are re-evaluated. Contracting v adds a shortcut u -> w
// for each pair of neighbours u -> v -> w unless a witness search (a
// Dijkstra from u that avoids v, bounded to kWitnessSettleLimit settled
// nodes) finds a path no longer than the one through v. A bounded witness
// search may add a shortcut that is not needed, never miss one, so
// distances stay exact. Parallel arcs keep only the fastest.
//
// The result lists, per node, its arcs to and from nodes contracted later
// ("higher"): every shortest path is an up-then-down path in it.

#include "sim/network/raw_network.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace dsim {

class RoadNetwork;

// Called with the fraction done (0..1), a few hundred times per build.
using BuildProgressFn = std::function<void(double fraction)>;

struct ContractionHierarchy {
  std::size_t node_count = 0;
  double speed_factor = 1.0;
  // Per node (by NodeId): the step at which it was contracted (0 first),
  // and its level: 0 for a node with no lower neighbour, else one more than
  // its highest lower neighbour. Every arc joins a lower and a higher node
  // by both measures.
  std::vector<std::uint32_t> rank;
  std::vector<std::uint32_t> level;
  // Upward arcs v -> x (x higher), grouped by v: up_first[v] .. up_first[v+1].
  std::vector<std::uint32_t> up_first, up_head;
  std::vector<double> up_time_s;
  // Downward arcs u -> v (u higher), grouped by the lower end v.
  std::vector<std::uint32_t> down_first, down_tail;
  std::vector<double> down_time_s;
  std::size_t shortcut_count = 0;  // arcs that are not edges of the network

  std::size_t arc_count() const { return up_head.size() + down_tail.size(); }
};

// Throws std::invalid_argument when speed_factor is not finite and > 0.
ContractionHierarchy build_contraction_hierarchy(const RoadNetwork& network, double speed_factor = 1.0,
                                                 const BuildProgressFn& progress = {});

// Point-to-point travel time by a bidirectional upward search in the
// hierarchy (kUnreachable when there is no path); slow per call (it
// allocates), for tests and checks.
double ch_travel_time_s(const ContractionHierarchy& ch, NodeId from, NodeId to);

}  // namespace dsim
