// SPDX-License-Identifier: MIT
#pragma once

// Which nodes, how much road and how much demand lie within a time limit of
// any of a set of stations (definitions in docs/models.md, "Road network").

#include "sim/network/raw_network.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace dsim {

class Router;

struct Station {
  NodeId node{};
  double turnout_s = 0.0;  // time from the call to leaving the station
};

struct Coverage {
  double limit_s = 0.0;
  // Per node: the best (turnout + drive) time and the station giving it
  // (index into the stations; ties go to the lower index). kUnreachable
  // and -1 beyond the limit.
  std::vector<double> best_time_s;
  std::vector<std::int32_t> best_station;
  // Per directed edge: share of its road (0..1) reachable within the limit,
  // driving in from either end; an edge and its twin get the same value.
  std::vector<double> edge_covered_fraction;

  std::size_t nodes_covered = 0;
  std::size_t node_count = 0;
  double road_km = 0.0;          // as in NetworkSummary::road_km
  double road_km_covered = 0.0;
  double demand_total = 0.0;     // 0 when no demand was given
  double demand_covered = 0.0;

  double node_share() const { return node_count ? double(nodes_covered) / double(node_count) : 0.0; }
  double road_share() const { return road_km > 0.0 ? road_km_covered / road_km : 0.0; }
  double demand_share() const { return demand_total > 0.0 ? demand_covered / demand_total : 0.0; }
};

// Runs one multi-source search from the stations, bounded by limit_s, under
// the router's edge states and speed factor. `demand` is empty or one
// non-negative weight per node. Throws std::invalid_argument on a bad
// station node, a negative turnout, or a demand vector of the wrong size.
Coverage compute_coverage(Router& router, std::span<const Station> stations, double limit_s,
                          std::span<const double> demand = {});

}  // namespace dsim
