// SPDX-License-Identifier: MIT
#include "sim/network/load_network.hpp"

#include "sim/network/csv_network.hpp"
#include "sim/network/dijkstra.hpp"
#include "tests/cpp/support/compress.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/shared_data.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace dsim;
using dsim::testing::TempDir;

namespace {

// Every node reaches every other: one search out and one in from node 0.
void require_strongly_connected(const RoadNetwork& net) {
  Router router(net);
  REQUIRE(router.travel_times_from(NodeId{0}).everywhere().size() == net.node_count());
  REQUIRE(router.travel_times_to(NodeId{0}).everywhere().size() == net.node_count());
}

struct Expect {
  const char* file;
  std::size_t min_nodes, max_nodes;
  double min_lon, min_lat, max_lon, max_lat;
};

void check_real_osm(const Expect& x) {
  const auto path = testing::shared_data_file(x.file);
  if (!path) return;
  OsmLoadReport report;
  const RawNetwork raw = load_osm(*path, {}, &report);
  const RoadNetwork net = build_road_network(raw);
  INFO(x.file << ": " << net.node_count() << " nodes, " << net.edge_count() << " edges, "
               << net.build_report().component_count << " components, " << net.summary().road_km << " road km");
  REQUIRE(net.node_count() >= x.min_nodes);
  REQUIRE(net.node_count() <= x.max_nodes);
  REQUIRE(net.edge_count() > net.node_count());
  REQUIRE(net.node_count() + net.build_report().nodes_dropped == raw.nodes.size());
  const auto& box = net.bounding_box();
  REQUIRE(box.min_lon >= x.min_lon);
  REQUIRE(box.max_lon <= x.max_lon);
  REQUIRE(box.min_lat >= x.min_lat);
  REQUIRE(box.max_lat <= x.max_lat);
  require_strongly_connected(net);
  // Every edge's length is at least the straight line between its ends.
  for (std::uint32_t i = 0; i < net.edge_count(); ++i) {
    const EdgeId e{i};
    const NodeId a = net.tail(e), b = net.head(e);
    REQUIRE(net.length_m(e) >= haversine_m(net.lon(a), net.lat(a), net.lon(b), net.lat(b)) * (1 - 1e-9) - 1e-6);
  }
}

}  // namespace

TEST_CASE("detect_network_format goes by name, then by content", "[network]") {
  TempDir dir;
  dir.write("x.osm.pbf", "");
  dir.write("x.osm.bz2", "");
  dir.write("NY.gr.xz", "");
  dir.write("edges.csv", "");
  REQUIRE(detect_network_format(dir / "x.osm.pbf") == NetworkFormat::osm);
  REQUIRE(detect_network_format(dir / "x.osm.bz2") == NetworkFormat::osm);
  REQUIRE(detect_network_format(dir / "NY.gr.xz") == NetworkFormat::dimacs);
  REQUIRE(detect_network_format(dir / "edges.csv") == NetworkFormat::csv);
  REQUIRE(detect_network_format(dir.path()) == NetworkFormat::csv);
  dir.write("a.data", "<?xml version='1.0'?>\n<osm version=\"0.6\"/>\n");
  REQUIRE(detect_network_format(dir / "a.data") == NetworkFormat::osm);
  testing::write_bytes(dir / "b.data", testing::xz_bytes("c comment\np sp 2 2\n"));
  REQUIRE(detect_network_format(dir / "b.data") == NetworkFormat::dimacs);
  dir.write("c.data", "hello\n");
  const InputError e = testing::input_error_from([&] { detect_network_format(dir / "c.data"); });
  REQUIRE(e.file() == (dir / "c.data").string());
  REQUIRE(e.line() == 1);
  REQUIRE_THROWS_AS(detect_network_format(dir / "nothing.here"), InputError);
  REQUIRE(network_format_name(NetworkFormat::dimacs) == "dimacs");
}

TEST_CASE("load_road_network reads a CSV pair from its directory or either file", "[network][csv]") {
  TempDir dir;
  write_network_csv(testing::make_grid(3, 3), dir.path());
  const RoadNetwork a = load_road_network(dir.path());
  REQUIRE(a.node_count() == 9);
  REQUIRE(load_network(dir / "edges.csv").edges.size() == 24);
  REQUIRE(load_network(dir / "nodes.csv").nodes.size() == 9);
  LoadOptions options;
  options.format = NetworkFormat::csv;
  REQUIRE(load_network(dir.path(), options).nodes.size() == 9);
}

TEST_CASE("The shared Monaco PBF loads as a plausible strongly connected network", "[network][osm][shared]") {
  check_real_osm({"roads/osm/monaco.osm.pbf", 1500, 5000, 7.34, 43.70, 7.50, 43.78});
}

TEST_CASE("The shared Andorra PBF loads as a plausible strongly connected network", "[network][osm][shared]") {
  check_real_osm({"roads/osm/andorra.osm.pbf", 1000, 5000, 1.40, 42.42, 1.80, 42.66});
}

TEST_CASE("The shared north Bayreuth XML loads as a plausible strongly connected network", "[network][osm][shared]") {
  check_real_osm({"roads/osm/north-bayreuth.osm.gz", 700, 3000, 11.40, 49.90, 11.70, 50.10});
}

TEST_CASE("The shared Berlin XML loads as a plausible strongly connected network", "[network][osm][shared]") {
  check_real_osm({"roads/osm/berlin-siegessaeule.osm.gz", 8, 100, 13.34, 52.50, 13.36, 52.52});
}

TEST_CASE("The shared West Oakland bzip2 XML loads as a plausible strongly connected network",
          "[network][osm][shared]") {
  check_real_osm({"roads/osm_tiny_debian/West-Oakland.osm.bz2", 15, 100, -122.31, 37.80, -122.28, 37.82});
}

TEST_CASE("The shared Karlsruhe bzip2 XML has no roads, which building reports by file name",
          "[network][osm][shared]") {
  const auto path = testing::shared_data_file("roads/osm_tiny_debian/karlsruhe.osm.bz2");
  if (!path) return;
  const RawNetwork raw = load_osm(*path);
  REQUIRE(raw.edges.empty());
  const InputError e = testing::input_error_from([&] { build_road_network(raw); });
  REQUIRE(e.file() == path->string());
}

TEST_CASE("A truncated copy of the shared Monaco PBF gives an InputError naming it", "[network][osm][shared]") {
  const auto path = testing::shared_data_file("roads/osm/monaco.osm.pbf");
  if (!path) return;
  TempDir dir;
  std::string bytes;
  {
    std::ifstream in(*path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  testing::write_bytes(dir / "monaco-cut.osm.pbf", bytes.substr(0, bytes.size() / 2));
  const InputError e = testing::input_error_from([&] { load_osm(dir / "monaco-cut.osm.pbf"); });
  REQUIRE(e.file() == (dir / "monaco-cut.osm.pbf").string());
  REQUIRE_THAT(e.key(), Catch::Matchers::Contains("byte"));
}
