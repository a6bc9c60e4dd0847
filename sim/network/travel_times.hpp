// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/dijkstra.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace dsim {

class RoadNetwork;
class EdgeStates;
struct PhastIndex;

struct MatrixOptions {
  int threads = 0;                     // OpenMP threads; 0: the OpenMP default
  double limit_s = kUnreachable;       // cells beyond the limit are kUnreachable
  const EdgeStates* states = nullptr;  // closures and slow-downs; nullptr: free flow
  double speed_factor = 1.0;           // vehicle speed relative to free flow
  // outbound: row i holds times from sources[i] to each column node;
  // inbound: times from each column node to sources[i].
  SearchDirection direction = SearchDirection::outbound;
  // A PHAST index of the same network (sim/network/phast.hpp): used when
  // there are no edge states, the limit is infinite and its speed factor
  // equals speed_factor; plain Dijkstra otherwise. Times then agree with
  // Dijkstra's to the rounding stated in phast.hpp.
  const PhastIndex* index = nullptr;
};

// Row-major travel times in seconds, kUnreachable where there is no path
// (or none within the limit).
struct TravelTimeMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values_s;

  double at(std::size_t r, std::size_t c) const { return values_s[r * cols + c]; }
  std::span<const double> row(std::size_t r) const { return {values_s.data() + r * cols, cols}; }
};

// One search per source, spread over OpenMP threads with one Router each.
// Columns are `targets`, or every node in id order when `targets` is empty.
// The result does not depend on the thread count. Throws
// std::invalid_argument for a node id outside the network.
TravelTimeMatrix travel_time_matrix(const RoadNetwork& network, std::span<const NodeId> sources,
                                    std::span<const NodeId> targets = {}, const MatrixOptions& options = {});

}  // namespace dsim
