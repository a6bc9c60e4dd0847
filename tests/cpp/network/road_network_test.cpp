// SPDX-License-Identifier: MIT
#include "sim/network/road_network.hpp"

#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/network_fixtures.hpp"

#include <catch2/catch.hpp>

#include <boost/graph/graph_traits.hpp>
#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <cmath>
#include <set>

using namespace dsim;
using dsim::testing::input_error_from;

namespace {

RawEdge edge(std::int64_t a, std::int64_t b, double length_m = 100.0, std::int64_t way = -1) {
  return {a, b, length_m, 10.0, RoadClass::primary, way};
}

// Triangle 1-2-3 (one SCC), 3 -> 4 only, 5 isolated, a self-loop on 1.
RawNetwork triangle_with_extras() {
  RawNetwork raw;
  raw.source = "test.csv";
  for (int i = 1; i <= 5; ++i) raw.nodes.push_back({i, 7.40 + 0.001 * i, 43.73 + 0.001 * (i % 2)});
  raw.edges = {edge(1, 2), edge(2, 3), edge(3, 1), edge(3, 4), edge(1, 1), edge(2, 1)};
  return raw;
}

}  // namespace

TEST_CASE("build_road_network keeps the largest strongly connected component and reports the rest", "[network]") {
  BuildReport report;
  const RoadNetwork net = build_road_network(triangle_with_extras(), {}, &report);
  REQUIRE(net.node_count() == 3);
  REQUIRE(net.edge_count() == 4);  // 1->2, 2->3, 3->1, 2->1
  REQUIRE(report.nodes_in == 5);
  REQUIRE(report.edges_in == 6);
  REQUIRE(report.self_loops_dropped == 1);
  REQUIRE(report.component_count == 3);  // {1,2,3}, {4}, {5}
  REQUIRE(report.nodes_dropped == 2);
  REQUIRE(report.edges_dropped == 1);  // 3 -> 4
  REQUIRE(net.build_report().nodes_dropped == 2);
  REQUIRE_FALSE(net.find_node(4).has_value());
  REQUIRE_FALSE(net.find_node(5).has_value());
  for (std::int64_t id : {1, 2, 3}) {
    const auto v = net.find_node(id);
    REQUIRE(v.has_value());
    REQUIRE(net.external_id(*v) == id);
  }
}

TEST_CASE("build_road_network keeps everything when asked not to filter components", "[network]") {
  BuildOptions options;
  options.keep_largest_component = false;
  const RoadNetwork net = build_road_network(triangle_with_extras(), options);
  REQUIRE(net.node_count() == 5);
  REQUIRE(net.edge_count() == 5);
  REQUIRE(net.build_report().component_count == 3);
}

TEST_CASE("build_road_network names the source and record of an edge with an unknown node id", "[network]") {
  RawNetwork raw = triangle_with_extras();
  raw.edges.push_back(edge(2, 99));
  const InputError e = input_error_from([&] { build_road_network(raw); });
  REQUIRE(e.file() == "test.csv");
  REQUIRE(e.key() == "edge record 7");
  REQUIRE(e.found() == "99");
}

TEST_CASE("build_road_network rejects duplicate node ids and bad lengths or speeds", "[network]") {
  RawNetwork dup = triangle_with_extras();
  dup.nodes.push_back({3, 7.5, 43.7});
  REQUIRE(input_error_from([&] { build_road_network(dup); }).key() == "node 3");

  RawNetwork negative = triangle_with_extras();
  negative.edges[1].length_m = -1.0;
  REQUIRE(input_error_from([&] { build_road_network(negative); }).key() == "edge record 2 length_m");

  RawNetwork slow = triangle_with_extras();
  slow.edges[2].speed_mps = 0.0;
  REQUIRE(input_error_from([&] { build_road_network(slow); }).key() == "edge record 3 speed");

  RawNetwork tiny;
  tiny.source = "tiny";
  tiny.nodes = {{1, 0, 0}, {2, 0, 0.001}};
  tiny.edges = {edge(1, 2)};
  REQUIRE(input_error_from([&] { build_road_network(tiny); }).file() == "tiny");
}

TEST_CASE("RoadNetwork keeps edge attributes and derives travel time from length and speed", "[network]") {
  RawNetwork raw = triangle_with_extras();
  raw.edges[0] = {1, 2, 250.0, 12.5, RoadClass::secondary, 4711};
  const RoadNetwork net = build_road_network(raw);
  const EdgeId e = net.find_edge(*net.find_node(1), *net.find_node(2));
  REQUIRE(e != kNoEdge);
  REQUIRE(net.length_m(e) == 250.0);
  REQUIRE(net.speed_mps(e) == 12.5);
  REQUIRE(net.travel_time_s(e) == 20.0);
  REQUIRE(net.road_class(e) == RoadClass::secondary);
  REQUIRE(net.way_id(e) == 4711);
  REQUIRE(net.find_edge(*net.find_node(1), *net.find_node(3)) == kNoEdge);
}

TEST_CASE("RoadNetwork's CSR arrays, reverse arrays and Boost graph describe the same edges", "[network]") {
  const RoadNetwork net = build_road_network(testing::make_random_network(12, 15, 3));
  const auto first_out = net.first_out();
  REQUIRE(first_out.size() == net.node_count() + 1);
  REQUIRE(first_out.front() == 0);
  REQUIRE(first_out.back() == net.edge_count());
  REQUIRE(std::is_sorted(first_out.begin(), first_out.end()));
  REQUIRE(boost::num_vertices(net.graph()) == net.node_count());
  REQUIRE(boost::num_edges(net.graph()) == net.edge_count());
  std::size_t in_total = 0;
  for (std::uint32_t u = 0; u < net.node_count(); ++u) {
    for (EdgeId e : net.out_edges(NodeId{u})) REQUIRE(net.tail(e) == NodeId{u});
    for (auto be : boost::make_iterator_range(boost::out_edges(u, net.graph()))) {
      const auto e = EdgeId{static_cast<std::uint32_t>(boost::get(boost::edge_index, net.graph(), be))};
      REQUIRE(net.tail(e) == NodeId{u});
      REQUIRE(net.head(e) == NodeId{static_cast<std::uint32_t>(boost::target(be, net.graph()))});
    }
    for (const Arc& a : net.in_arcs(NodeId{u})) {
      REQUIRE(net.head(EdgeId{a.edge}) == NodeId{u});
      REQUIRE(net.tail(EdgeId{a.edge}) == NodeId{a.node});
      REQUIRE(a.travel_time_s == net.travel_time_s(EdgeId{a.edge}));
    }
    in_total += net.in_arcs(NodeId{u}).size();
  }
  REQUIRE(in_total == net.edge_count());
  REQUIRE(net.lons().size() == net.node_count());
  REQUIRE(net.ys_m()[5] == net.y_m(NodeId{5}));
  REQUIRE(net.way_ids().size() == net.edge_count());
  REQUIRE(net.out_arcs()[9].node == net.heads()[9]);
}

TEST_CASE("RoadNetwork pairs the two directions of a two-way road as twins", "[network]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 4));
  for (std::uint32_t i = 0; i < net.edge_count(); ++i) {
    const EdgeId e{i};
    const EdgeId t = net.twin(e);
    REQUIRE(t != kNoEdge);
    REQUIRE(net.twin(t) == e);
    REQUIRE(net.tail(t) == net.head(e));
    REQUIRE(net.head(t) == net.tail(e));
  }
}

TEST_CASE("RoadNetwork summary counts a two-way road once and knows its bounding box", "[network]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 4, 100.0));
  const NetworkSummary s = net.summary();
  // 3 rows x 3 horizontal roads + 2 x 4 vertical roads = 17 roads of 100 m.
  REQUIRE(s.road_km == Approx(1.7));
  REQUIRE(s.directed_km == Approx(3.4));
  REQUIRE(s.road_km_by_class[static_cast<int>(RoadClass::residential)] == Approx(1.7));
  REQUIRE(s.node_count == 12);
  REQUIRE(s.edge_count == 34);
  REQUIRE(s.bounding_box.min_lon == Approx(109.78));
  REQUIRE(s.bounding_box.min_lat == Approx(39.60));
  REQUIRE(s.bounding_box.max_lat > s.bounding_box.min_lat);
}

TEST_CASE("nearest_node finds the same node as a brute-force search", "[network]") {
  const RoadNetwork net = build_road_network(testing::make_random_network(20, 20, 11));
  RandomStream rng(5, 0, "points");
  const auto& box = net.bounding_box();
  for (int k = 0; k < 200; ++k) {
    const double lon = rng.uniform(box.min_lon - 0.01, box.max_lon + 0.01);
    const double lat = rng.uniform(box.min_lat - 0.01, box.max_lat + 0.01);
    double x, y;
    net.projection().forward(lon, lat, x, y);
    double best = 1e300;
    for (std::uint32_t v = 0; v < net.node_count(); ++v)
      best = std::min(best, std::hypot(net.x_m(NodeId{v}) - x, net.y_m(NodeId{v}) - y));
    const NodeId found = net.nearest_node(lon, lat);
    REQUIRE(std::hypot(net.x_m(found) - x, net.y_m(found) - y) == Approx(best).epsilon(1e-12));
  }
  const NodeId some{7};
  REQUIRE(net.nearest_node(net.lon(some), net.lat(some)) == some);
}

TEST_CASE("RoadNetwork projects nodes around the centre of its bounding box", "[network]") {
  const RoadNetwork net = build_road_network(testing::make_grid(5, 5, 1000.0));
  const auto& box = net.bounding_box();
  REQUIRE(net.projection().centre_lon() == Approx(0.5 * (box.min_lon + box.max_lon)));
  REQUIRE(net.projection().centre_lat() == Approx(0.5 * (box.min_lat + box.max_lat)));
  // Neighbouring grid nodes lie about 1 km apart in the plane.
  const NodeId a = *net.find_node(testing::grid_id(2, 2, 5)), b = *net.find_node(testing::grid_id(2, 3, 5));
  REQUIRE(std::hypot(net.x_m(a) - net.x_m(b), net.y_m(a) - net.y_m(b)) == Approx(1000.0).epsilon(2e-3));
}

TEST_CASE("build_road_network keeps input node order without spatial ordering", "[network]") {
  BuildOptions options;
  options.spatial_order = false;
  const RoadNetwork net = build_road_network(testing::make_grid(4, 6), options);
  for (std::uint32_t v = 0; v < net.node_count(); ++v) REQUIRE(net.external_id(NodeId{v}) == v + 1);
  const RoadNetwork ordered = build_road_network(testing::make_grid(4, 6));
  std::set<std::int64_t> ids;
  for (std::uint32_t v = 0; v < ordered.node_count(); ++v) ids.insert(ordered.external_id(NodeId{v}));
  REQUIRE(ids.size() == 24);
}

TEST_CASE("nearest_node refuses a network without coordinates", "[network]") {
  RawNetwork raw = testing::make_grid(2, 2);
  raw.has_coordinates = false;
  const RoadNetwork net = build_road_network(raw);
  REQUIRE_THROWS_AS(net.nearest_node(0.0, 0.0), Error);
}
