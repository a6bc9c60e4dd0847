// SPDX-License-Identifier: MIT
#include "sim/warning/evacuation_routes.hpp"

#include "sim/network/dijkstra.hpp"

namespace dsim {

EvacuationRoutes::EvacuationRoutes(const RoadNetwork& network, const std::vector<Shelter>& shelters)
    : network_(&network) {
  Router router(network);
  for (const Shelter& s : shelters) {
    const Reached reached = router.travel_times_to(s.node).everywhere();
    std::vector<EdgeId> next(network.node_count(), kNoEdge);
    for (NodeId v : reached.nodes()) next[index(v)] = reached.parent_edge(v);
    next_edge_.push_back(std::move(next));
    time_s_.push_back(reached.to_vector());
  }
}

}  // namespace dsim
