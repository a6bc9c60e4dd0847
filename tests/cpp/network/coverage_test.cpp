// SPDX-License-Identifier: MIT
#include "sim/network/coverage.hpp"

#include "sim/network/dijkstra.hpp"
#include "sim/network/edge_states.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/network_fixtures.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace dsim;

namespace {

// Five nodes on a line, 1 km apart, two-way at 36 km/h: 100 s per block.
RoadNetwork line_network(bool last_block_one_way = false) {
  RawNetwork raw = testing::make_grid(1, 5, 1000.0, 36.0);
  if (last_block_one_way) {
    // Keep only 5 -> 4 on the last block.
    std::erase_if(raw.edges, [](const RawEdge& e) { return e.from == 4 && e.to == 5; });
  }
  BuildOptions options;
  options.spatial_order = false;  // NodeId k = external id k + 1
  options.keep_largest_component = false;
  return build_road_network(raw, options);
}

}  // namespace

TEST_CASE("Coverage of one station on a line matches the hand computation", "[network][coverage]") {
  const RoadNetwork net = line_network();
  Router router(net);
  const std::vector<Station> stations = {{NodeId{0}, 30.0}};
  const std::vector<double> demand = {1, 2, 3, 4, 10};
  const Coverage c = compute_coverage(router, stations, 300.0, demand);
  // Times 30, 130, 230, 330, 430: three nodes within 300 s.
  REQUIRE(c.best_time_s[0] == Approx(30.0));
  REQUIRE(c.best_time_s[2] == Approx(230.0));
  REQUIRE(c.best_time_s[3] == kUnreachable);
  REQUIRE(c.best_station == std::vector<std::int32_t>{0, 0, 0, -1, -1});
  REQUIRE(c.nodes_covered == 3);
  REQUIRE(c.node_share() == Approx(0.6));
  // Blocks 1-2 and 2-3 fully, 70 s of the 100 s block 3-4, nothing of 4-5.
  REQUIRE(c.road_km == Approx(4.0));
  REQUIRE(c.road_km_covered == Approx(2.7));
  REQUIRE(c.road_share() == Approx(0.675));
  const EdgeId partial = net.find_edge(NodeId{2}, NodeId{3});
  REQUIRE(c.edge_covered_fraction[index(partial)] == Approx(0.7));
  REQUIRE(c.edge_covered_fraction[index(net.twin(partial))] == Approx(0.7));
  REQUIRE(c.demand_total == Approx(20.0));
  REQUIRE(c.demand_covered == Approx(6.0));
  REQUIRE(c.demand_share() == Approx(0.3));
}

TEST_CASE("Coverage assigns each node to the station that reaches it first", "[network][coverage]") {
  const RoadNetwork net = line_network();
  Router router(net);
  const std::vector<Station> stations = {{NodeId{0}, 30.0}, {NodeId{4}, 0.0}};
  const Coverage c = compute_coverage(router, stations, 300.0);
  REQUIRE(c.best_station == std::vector<std::int32_t>{0, 0, 1, 1, 1});
  REQUIRE(c.best_time_s[2] == Approx(200.0));
  REQUIRE(c.nodes_covered == 5);
  REQUIRE(c.road_share() == Approx(1.0));
  REQUIRE(c.demand_total == 0.0);
  REQUIRE(c.demand_share() == 0.0);
}

TEST_CASE("Coverage of a one-way block counts only what is reached from its tail", "[network][coverage]") {
  const RoadNetwork net = line_network(true);
  Router router(net);
  // From node 5 (id 4) with 50 s turnout: 5->4 reached from its tail at 50 s.
  const std::vector<Station> stations = {{NodeId{4}, 50.0}};
  const Coverage c = compute_coverage(router, stations, 120.0);
  const EdgeId back = net.find_edge(NodeId{4}, NodeId{3});
  REQUIRE(net.twin(back) == kNoEdge);
  REQUIRE(c.edge_covered_fraction[index(back)] == Approx(0.7));
  // A station at node 4 (id 3) cannot drive 4 -> 5 against the one-way.
  const std::vector<Station> other = {{NodeId{3}, 0.0}};
  const Coverage d = compute_coverage(router, other, 120.0);
  REQUIRE(d.edge_covered_fraction[index(back)] == 0.0);
  REQUIRE(d.best_time_s[4] == kUnreachable);
}

TEST_CASE("Coverage shrinks when a road closes and respects the vehicle speed", "[network][coverage]") {
  const RoadNetwork net = line_network();
  EdgeStates states(net);
  Router router(net, &states);
  const std::vector<Station> stations = {{NodeId{0}, 0.0}};
  REQUIRE(compute_coverage(router, stations, 300.0).nodes_covered == 4);
  const EdgeId e = net.find_edge(NodeId{1}, NodeId{2});
  states.close(e);
  const Coverage closed = compute_coverage(router, stations, 300.0);
  REQUIRE(closed.nodes_covered == 2);
  REQUIRE(closed.road_km_covered == Approx(1.0));
  states.reopen(e);
  router.use_speed_factor(2.0);  // 50 s per block
  REQUIRE(compute_coverage(router, stations, 300.0).road_share() == Approx(1.0));
}

TEST_CASE("Coverage rejects demand of the wrong size and negative weights", "[network][coverage]") {
  const RoadNetwork net = line_network();
  Router router(net);
  const std::vector<Station> stations = {{NodeId{0}, 0.0}};
  const std::vector<double> short_demand = {1, 2};
  const std::vector<double> negative = {1, -2, 0, 0, 0};
  REQUIRE_THROWS_AS(compute_coverage(router, stations, 300.0, short_demand), std::invalid_argument);
  REQUIRE_THROWS_AS(compute_coverage(router, stations, 300.0, negative), std::invalid_argument);
  const std::vector<Station> bad = {{NodeId{0}, -5.0}};
  REQUIRE_THROWS_AS(compute_coverage(router, bad, 300.0), std::invalid_argument);
}
