// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/road_network.hpp"
#include "sim/warning/warning_model.hpp"

#include <cstddef>
#include <vector>

namespace dsim {

// Fastest routes from every node to every shelter, computed once and shared
// read-only: for shelter k and node v, the first edge of v's route to the
// shelter and the free-flow driving time. One inbound Dijkstra per shelter.
class EvacuationRoutes {
 public:
  EvacuationRoutes(const RoadNetwork& network, const std::vector<Shelter>& shelters);

  std::size_t shelter_count() const { return next_edge_.size(); }
  // First edge of the route from `from` towards shelter `shelter`; kNoEdge at the shelter or when unreachable.
  EdgeId next_edge(std::size_t shelter, NodeId from) const { return next_edge_[shelter][index(from)]; }
  // Free-flow driving time from `from` to the shelter; kUnreachable when there is no route.
  double time_s(std::size_t shelter, NodeId from) const { return time_s_[shelter][index(from)]; }
  const RoadNetwork& network() const { return *network_; }

 private:
  const RoadNetwork* network_;
  std::vector<std::vector<EdgeId>> next_edge_;
  std::vector<std::vector<double>> time_s_;
};

}  // namespace dsim
