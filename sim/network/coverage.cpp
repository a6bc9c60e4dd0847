// SPDX-License-Identifier: MIT
#include "sim/network/coverage.hpp"

#include "sim/network/dijkstra.hpp"
#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dsim {

namespace {

// Share of an edge's length reached from its tail (reached at t_tail) when
// the edge takes tau seconds to drive: linear in time along the edge.
double reach_from_tail(double t_tail, double tau, double limit_s) {
  if (t_tail > limit_s || tau == kUnreachable) return 0.0;
  if (tau <= 0.0) return 1.0;
  return std::clamp((limit_s - t_tail) / tau, 0.0, 1.0);
}

}  // namespace

Coverage compute_coverage(Router& router, std::span<const Station> stations, double limit_s,
                          std::span<const double> demand) {
  const RoadNetwork& net = router.network();
  const std::size_t n = net.node_count();
  if (!demand.empty() && demand.size() != n)
    throw std::invalid_argument("compute_coverage: demand has " + std::to_string(demand.size()) +
                                " weights, the network has " + std::to_string(n) + " nodes");
  for (double w : demand)
    if (!(w >= 0.0) || !std::isfinite(w))
      throw std::invalid_argument("compute_coverage: demand weights must be finite and >= 0");

  std::vector<Source> sources;
  sources.reserve(stations.size());
  for (const Station& s : stations) sources.push_back({s.node, s.turnout_s});
  const Reached reached = router.travel_times_from(sources).within(limit_s);

  Coverage c;
  c.limit_s = limit_s;
  c.node_count = n;
  c.best_time_s.assign(n, kUnreachable);
  c.best_station.assign(n, -1);
  for (NodeId v : reached.nodes()) {
    c.best_time_s[index(v)] = reached.time_s(v);
    c.best_station[index(v)] = reached.source_index(v);
  }
  c.nodes_covered = reached.size();

  const std::size_t m = net.edge_count();
  c.edge_covered_fraction.assign(m, 0.0);
  for (std::uint32_t i = 0; i < m; ++i) {
    const EdgeId e{i};
    const EdgeId t = net.twin(e);
    if (t != kNoEdge && index(t) < i) continue;  // done with its twin
    double f = reach_from_tail(c.best_time_s[index(net.tail(e))], router.edge_travel_time_s(e), limit_s);
    if (t != kNoEdge)
      f += reach_from_tail(c.best_time_s[index(net.tail(t))], router.edge_travel_time_s(t), limit_s);
    f = std::min(f, 1.0);
    c.edge_covered_fraction[i] = f;
    const double km = net.length_m(e) / 1000.0;
    c.road_km += km;
    c.road_km_covered += f * km;
    if (t != kNoEdge) c.edge_covered_fraction[index(t)] = f;
  }

  for (std::size_t v = 0; v < demand.size(); ++v) {
    c.demand_total += demand[v];
    if (c.best_time_s[v] != kUnreachable) c.demand_covered += demand[v];
  }
  return c;
}

}  // namespace dsim
