// SPDX-License-Identifier: MIT
#include "sim/network/coverage_csv.hpp"

#include "sim/network/road_network.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace dsim;

namespace {

// Five nodes on a line, 1 km apart; external ids 1..5.
RoadNetwork line_network() { return build_road_network(testing::make_grid(1, 5, 1000.0, 36.0)); }

}  // namespace

TEST_CASE("Stations are read by node id or snapped from lon/lat, with their turnout", "[network][coverage_csv]") {
  const RoadNetwork net = line_network();
  const testing::TempDir dir;
  const auto by_node = read_stations_csv(dir.write("a.csv", "id,node,turnout_s\nA,1,30\nB,5,0\n"), net, 99.0);
  REQUIRE(by_node.size() == 2);
  CHECK(by_node[0].id == "A");
  CHECK(by_node[0].station.node == *net.find_node(1));
  CHECK(by_node[0].station.turnout_s == 30.0);
  CHECK(by_node[1].station.node == *net.find_node(5));

  const double lon3 = net.lon(*net.find_node(3)), lat3 = net.lat(*net.find_node(3));
  const auto by_point = read_stations_csv(
      dir.write("b.csv", "lat,lon,id\n" + std::to_string(lat3 + 1e-5) + "," + std::to_string(lon3) + ",C\n"), net,
      60.0);
  REQUIRE(by_point.size() == 1);
  CHECK(by_point[0].station.node == *net.find_node(3));
  CHECK(by_point[0].station.turnout_s == 60.0);  // the default: no turnout_s column
}

TEST_CASE("Demand rows on the same node add up and unlisted nodes weigh nothing", "[network][coverage_csv]") {
  const RoadNetwork net = line_network();
  const testing::TempDir dir;
  const auto demand = read_demand_csv(dir.write("d.csv", "node,weight\n2,1.5\n2,2.5\n4,1\n"), net);
  REQUIRE(demand.size() == net.node_count());
  CHECK(demand[index(*net.find_node(2))] == 4.0);
  CHECK(demand[index(*net.find_node(4))] == 1.0);
  CHECK(demand[index(*net.find_node(1))] == 0.0);
}

TEST_CASE("Bad stations and demand files name the file, the line and the column", "[network][coverage_csv]") {
  const RoadNetwork net = line_network();
  const testing::TempDir dir;
  const auto unknown = testing::input_error_from(
      [&] { read_stations_csv(dir.write("s1.csv", "id,node\nA,1\nB,77\n"), net); });
  CHECK(unknown.line() == 3);
  CHECK(unknown.key() == "node");
  CHECK(unknown.found() == "77");

  const auto no_place =
      testing::input_error_from([&] { read_stations_csv(dir.write("s2.csv", "id,x,y\nA,1,2\n"), net); });
  CHECK(no_place.line() == 1);

  const auto empty = testing::input_error_from([&] { read_stations_csv(dir.write("s3.csv", "id,node\n"), net); });
  CHECK(empty.expected() == "at least one station row");

  const auto negative = testing::input_error_from(
      [&] { read_stations_csv(dir.write("s4.csv", "id,node,turnout_s\nA,1,-5\n"), net); });
  CHECK(negative.key() == "turnout_s");

  const auto weight =
      testing::input_error_from([&] { read_demand_csv(dir.write("d.csv", "node,weight\n1,2\n3,heavy\n"), net); });
  CHECK(weight.line() == 3);
  CHECK(weight.key() == "weight");
  CHECK(weight.file().find("d.csv") != std::string::npos);
}
