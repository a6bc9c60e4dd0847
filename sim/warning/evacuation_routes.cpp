// SPDX-License-Identifier: MIT
#include "sim/warning/evacuation_routes.hpp"

#include "sim/network/dijkstra.hpp"
#include "sim/network/edge_states.hpp"

namespace dsim {

EvacuationRoutes::EvacuationRoutes(const RoadNetwork& network, const std::vector<Shelter>& shelters,
                                   const HazardArrival* hazard, double hazard_penalty)
    : network_(&network) {
  EdgeStates avoid(network);
  if (hazard != nullptr) {
    for (std::uint32_t e = 0; e < network.edge_count(); ++e)
      if (hazard->reaches(network.head(EdgeId{e}))) avoid.set_speed_factor(EdgeId{e}, 1.0 / hazard_penalty);
  }
  Router router(network, hazard != nullptr ? &avoid : nullptr);
  for (const Shelter& s : shelters) {
    const Reached reached = router.travel_times_to(s.node).everywhere();
    std::vector<EdgeId> next(network.node_count(), kNoEdge);
    for (NodeId v : reached.nodes()) next[index(v)] = reached.parent_edge(v);
    next_edge_.push_back(std::move(next));
    time_s_.push_back(reached.to_vector());
  }
}

}  // namespace dsim
