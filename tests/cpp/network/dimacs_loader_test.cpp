// SPDX-License-Identifier: MIT
#include "sim/network/dimacs_loader.hpp"

#include "sim/network/dijkstra.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/compress.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/shared_data.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace dsim;
using dsim::testing::input_error_from;
using dsim::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const char* kGraph =
    "c a small directed graph\n"
    "p sp 4 5\n"
    "c arcs\n"
    "a 1 2 100\n"
    "a 2 3 250\n"
    "a 3 4 50\n"
    "a 4 1 75\n"
    "a 2 1 100\n";

const char* kCoordinates =
    "c coordinates\n"
    "p aux sp co 4\n"
    "v 1 -73530767 41085396\n"
    "v 2 -73530538 41086098\n"
    "v 3 -73519366 41048796\n"
    "v 4 -73519377 41048654\n";

}  // namespace

TEST_CASE("load_dimacs reads a DIMACS 9 graph and its coordinates", "[network][dimacs]") {
  TempDir dir;
  dir.write("g.gr", kGraph);
  dir.write("g.co", kCoordinates);
  const RawNetwork net = load_dimacs(dir / "g.gr");
  REQUIRE(net.nodes.size() == 4);
  REQUIRE(net.edges.size() == 5);
  REQUIRE(net.has_coordinates);
  REQUIRE(net.nodes[0].external_id == 1);
  REQUIRE(net.nodes[0].lon == Approx(-73.530767));
  REQUIRE(net.nodes[0].lat == Approx(41.085396));
  REQUIRE(net.edges[1].from == 2);
  REQUIRE(net.edges[1].to == 3);
  REQUIRE(net.edges[1].length_m == 250.0);
  REQUIRE(net.edges[1].speed_mps == Approx(50.0 / 3.6));
}

TEST_CASE("load_dimacs applies the weight unit and reads travel-time weights", "[network][dimacs]") {
  TempDir dir;
  dir.write("g.gr", kGraph);
  DimacsOptions options;
  options.weight = DimacsWeight::travel_time;
  options.weight_unit = 0.1;  // tenths of a second
  options.speed_kph = 36.0;
  options.read_coordinates = false;
  const RawNetwork net = load_dimacs(dir / "g.gr", options);
  REQUIRE_FALSE(net.has_coordinates);
  // 250 tenths = 25 s at 10 m/s = 250 m.
  REQUIRE(net.edges[1].length_m == Approx(250.0));
  const RoadNetwork road = build_road_network(net);
  Router router(road);
  REQUIRE(router.travel_time_s(*road.find_node(1), *road.find_node(4)) == Approx(40.0));
}

TEST_CASE("load_dimacs reads the PACE 2016 form as undirected edges, also xz-compressed", "[network][dimacs]") {
  TempDir dir;
  testing::write_bytes(dir / "p.gr.xz", testing::xz_bytes("p tw 3 2\n1 2\n2 3\n"));
  const RawNetwork net = load_dimacs(dir / "p.gr.xz");
  REQUIRE(net.nodes.size() == 3);
  REQUIRE(net.edges.size() == 4);
  REQUIRE(net.edges[0].length_m == 100.0);
  REQUIRE_FALSE(net.has_coordinates);
  const RoadNetwork road = build_road_network(net);
  REQUIRE(road.node_count() == 3);
}

TEST_CASE("load_dimacs names file and line for an arc line with too few fields", "[network][dimacs]") {
  TempDir dir;
  dir.write("bad.gr", "p sp 3 2\na 1 2 10\na 2 3\n");
  const InputError e = input_error_from([&] { load_dimacs(dir / "bad.gr"); });
  REQUIRE(e.file() == (dir / "bad.gr").string());
  REQUIRE(e.line() == 3);
  REQUIRE_THAT(e.expected(), Contains("a <from> <to> <weight>"));
  REQUIRE_THAT(e.what(), Contains("bad.gr:3"));
}

TEST_CASE("load_dimacs rejects bad node ids, weights, headers and arc counts", "[network][dimacs]") {
  TempDir dir;
  dir.write("g.gr", "p sp 3 2\na 1 2 10\na 2 4 10\n");
  const InputError range = input_error_from([&] { load_dimacs(dir / "g.gr"); });
  REQUIRE(range.line() == 3);
  REQUIRE(range.found() == "4");

  dir.write("g.gr", "p sp 3 2\na 1 2 ten\na 2 3 10\n");
  REQUIRE(input_error_from([&] { load_dimacs(dir / "g.gr"); }).line() == 2);

  dir.write("g.gr", "a 1 2 10\n");
  REQUIRE(input_error_from([&] { load_dimacs(dir / "g.gr"); }).line() == 1);

  dir.write("g.gr", "p sp 3 3\na 1 2 10\na 2 3 10\n");  // truncated
  const InputError count = input_error_from([&] { load_dimacs(dir / "g.gr"); });
  REQUIRE_THAT(count.expected(), Contains("3 arcs"));
  REQUIRE(count.found().starts_with("2"));

  dir.write("g.gr", "p sp 3 1\nx 1 2 10\n");
  REQUIRE(input_error_from([&] { load_dimacs(dir / "g.gr"); }).line() == 2);

  dir.write("g.gr", "p tw 3 1\n1 2 3\n");
  REQUIRE(input_error_from([&] { load_dimacs(dir / "g.gr"); }).line() == 2);
}

TEST_CASE("load_dimacs names the coordinate file for a bad or incomplete .co", "[network][dimacs]") {
  TempDir dir;
  dir.write("g.gr", kGraph);
  dir.write("g.co", "p aux sp co 4\nv 1 1 2\nv 2 3\n");
  const InputError bad = input_error_from([&] { load_dimacs(dir / "g.gr"); });
  REQUIRE(bad.file() == (dir / "g.co").string());
  REQUIRE(bad.line() == 3);

  dir.write("g.co", "v 1 1 2\nv 2 3 4\n");
  const InputError missing = input_error_from([&] { load_dimacs(dir / "g.gr"); });
  REQUIRE_THAT(missing.found(), Contains("node 3"));
}

TEST_CASE("load_dimacs reads the shared New York graph (PACE 2016 form)", "[network][dimacs][shared]") {
  const auto path = testing::shared_data_file("roads/dimacs_pace16/NY.gr.xz");
  if (!path) return;
  const RawNetwork raw = load_dimacs(*path);
  REQUIRE(raw.nodes.size() == 264346);
  REQUIRE(raw.edges.size() == 2 * 365050);
  const RoadNetwork net = build_road_network(raw);
  // The road graph is nearly all one component.
  REQUIRE(net.node_count() > 0.95 * 264346);
  REQUIRE(net.build_report().nodes_dropped + net.node_count() == 264346);
  Router router(net);
  REQUIRE(router.travel_times_from(NodeId{0}).everywhere().size() == net.node_count());
  REQUIRE(router.travel_times_to(NodeId{0}).everywhere().size() == net.node_count());
}
