// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/raw_network.hpp"

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace dsim {

// When a hazard reaches each node of the road network: the common language
// between hazard models (a flood's arrival-time grid, a plume, a front) and
// what reacts to them (warnings, evacuation, exposure). Seconds from the
// start of the scenario; +infinity where the hazard never arrives.
struct HazardArrival {
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  std::string hazard;                 // "flood", "front", ...
  std::vector<double> node_arrival_s;  // indexed by NodeId

  double at(NodeId node) const { return node_arrival_s[static_cast<std::size_t>(node)]; }
  bool reaches(NodeId node) const { return at(node) < kNever; }
};

}  // namespace dsim
