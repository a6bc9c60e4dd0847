// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/hazard_arrival.hpp"
#include "sim/network/road_network.hpp"
#include "sim/warning/warning_model.hpp"

#include <cstddef>
#include <vector>

namespace dsim {

// Routes from every node to every shelter, computed once and shared
// read-only: for shelter k and node v, the first edge of v's route to the
// shelter and the route's cost. One inbound Dijkstra per shelter. Without a
// hazard the routes are the fastest at free flow and the cost is their
// driving time; with one, route choice avoids the hazard: an edge leading
// into a node the hazard ever reaches costs `hazard_penalty` times its time
// (people leave the threatened area by the shortest way out and do not cross
// it), and the cost is that penalised time.
class EvacuationRoutes {
 public:
  EvacuationRoutes(const RoadNetwork& network, const std::vector<Shelter>& shelters,
                   const HazardArrival* hazard = nullptr, double hazard_penalty = 10.0);

  // First edge of the route from `from` towards shelter `shelter`; kNoEdge at the shelter or when unreachable.
  EdgeId next_edge(std::size_t shelter, NodeId from) const { return next_edge_[shelter][index(from)]; }
  // Cost of the route from `from` to the shelter (see above); kUnreachable when there is no route.
  double time_s(std::size_t shelter, NodeId from) const { return time_s_[shelter][index(from)]; }
  const RoadNetwork& network() const { return *network_; }

 private:
  const RoadNetwork* network_;
  std::vector<std::vector<EdgeId>> next_edge_;
  std::vector<std::vector<double>> time_s_;
};

}  // namespace dsim
