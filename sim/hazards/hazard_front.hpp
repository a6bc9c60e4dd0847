// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/hazard_arrival.hpp"
#include "sim/network/road_network.hpp"

#include <limits>
#include <string>

namespace dsim {

// A hazard front spreading from `origin` along the roads at `speed_mps`:
// arrival = start_s + (shortest road distance from the origin) / speed.
// Nodes the origin cannot reach, or farther than `extent_m` by road, get
// HazardArrival::kNever.
HazardArrival hazard_front_arrival(const RoadNetwork& network, NodeId origin, double start_s, double speed_mps,
                                   std::string hazard = "front",
                                   double extent_m = std::numeric_limits<double>::infinity());

}  // namespace dsim
