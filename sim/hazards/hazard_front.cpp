// SPDX-License-Identifier: MIT
#include "sim/hazards/hazard_front.hpp"

#include "sim/core/error.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>

#include <cmath>
#include <vector>

namespace dsim {

HazardArrival hazard_front_arrival(const RoadNetwork& network, NodeId origin, double start_s, double speed_mps,
                                   std::string hazard, double extent_m) {
  if (!(speed_mps > 0.0) || !std::isfinite(speed_mps)) throw Error("a hazard front needs a finite speed > 0");
  // Shortest road distance (not time) from the origin: Boost.Graph's Dijkstra over the CSR with lengths as weights.
  const auto& g = network.graph();
  const std::size_t n = network.node_count();
  std::vector<double> distance_m(n, HazardArrival::kNever);
  const auto lengths = network.lengths_m();
  const auto weight = boost::make_iterator_property_map(lengths.begin(), boost::get(boost::edge_index, g));
  boost::dijkstra_shortest_paths(
      g, index(origin),
      boost::weight_map(weight)
          .distance_map(boost::make_iterator_property_map(distance_m.begin(), boost::get(boost::vertex_index, g)))
          .distance_inf(HazardArrival::kNever));
  HazardArrival out;
  out.hazard = std::move(hazard);
  out.node_arrival_s.resize(n);
  for (std::size_t v = 0; v < n; ++v)
    out.node_arrival_s[v] = distance_m[v] <= extent_m ? start_s + distance_m[v] / speed_mps : HazardArrival::kNever;
  return out;
}

}  // namespace dsim
