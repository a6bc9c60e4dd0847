// SPDX-License-Identifier: MIT
#include "sim/network/osm_loader.hpp"

#include "sim/network/dijkstra.hpp"
#include "sim/network/geodesy.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/compress.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace dsim;
using dsim::testing::input_error_from;
using dsim::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

std::string node(int id, double lon, double lat) {
  return "  <node id=\"" + std::to_string(id) + "\" version=\"1\" lat=\"" + std::to_string(lat) + "\" lon=\"" +
         std::to_string(lon) + "\"/>\n";
}

std::string way(int id, std::initializer_list<int> refs, std::initializer_list<std::pair<const char*, const char*>> tags) {
  std::string s = "  <way id=\"" + std::to_string(id) + "\" version=\"1\">\n";
  for (int r : refs) s += "    <nd ref=\"" + std::to_string(r) + "\"/>\n";
  for (auto [k, v] : tags) s += "    <tag k=\"" + std::string(k) + "\" v=\"" + v + "\"/>\n";
  return s + "  </way>\n";
}

// Node 2 is a shape point of way 1; node 99 is missing from the file.
std::string small_osm() {
  std::string s = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"test\">\n";
  const double lon[] = {0, 7.420, 7.421, 7.422, 7.423, 7.422, 7.424, 7.426, 7.427, 7.426, 7.430, 7.431};
  const double lat[] = {0, 43.730, 43.731, 43.730, 43.730, 43.732, 43.731, 43.731, 43.732, 43.733, 43.740, 43.741};
  for (int i = 1; i <= 11; ++i) s += node(i, lon[i], lat[i]);
  s += way(1, {1, 2, 3, 4}, {{"highway", "primary"}, {"maxspeed", "50"}, {"name", "Boulevard"}});
  s += way(2, {5, 3, 6}, {{"highway", "residential"}, {"oneway", "yes"}});
  s += way(3, {4, 6}, {{"highway", "footway"}});
  s += way(4, {6, 7}, {{"highway", "motorway"}, {"maxspeed", "60 mph"}});
  s += way(5, {7, 8, 9, 7}, {{"highway", "tertiary"}, {"junction", "roundabout"}});
  s += way(6, {9, 10}, {{"highway", "track"}});
  s += way(7, {4, 5}, {{"highway", "service"}, {"oneway", "-1"}});
  s += way(8, {10, 11, 99}, {{"highway", "secondary"}});
  s += way(9, {1, 5}, {{"highway", "unclassified"}, {"access", "no"}});
  s += way(10, {1, 6}, {{"highway", "residential"}, {"access", "no"}, {"emergency", "yes"}});
  s += way(11, {2, 8}, {{"building", "yes"}});
  return s + "</osm>\n";
}

const RawEdge* find(const RawNetwork& net, std::int64_t from, std::int64_t to) {
  auto it = std::find_if(net.edges.begin(), net.edges.end(), [&](const RawEdge& e) { return e.from == from && e.to == to; });
  return it == net.edges.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("load_osm splits drivable ways at junctions and follows oneway and speed tags", "[network][osm]") {
  TempDir dir;
  const auto path = dir.write("small.osm", small_osm());
  OsmLoadReport report;
  const RawNetwork net = load_osm(path, {}, &report);
  REQUIRE(net.source == path.string());
  REQUIRE(net.edges.size() == 14);
  REQUIRE(net.nodes.size() == 9);  // 1 3 4 5 6 7 9 10 11: node 2 and 8 contracted
  REQUIRE(report.ways_drivable == 7);
  REQUIRE(report.ways_missing_nodes == 1);
  REQUIRE(report.node_refs_missing == 1);

  // Way 1: 1 -> 3 through shape node 2, both ways, maxspeed 50.
  const RawEdge* a = find(net, 1, 3);
  REQUIRE(a != nullptr);
  REQUIRE(find(net, 3, 1) != nullptr);
  REQUIRE(a->way_id == 1);
  REQUIRE(a->road_class == RoadClass::primary);
  REQUIRE(a->speed_mps == Approx(50 / 3.6));
  REQUIRE(a->length_m ==
          Approx(haversine_m(7.420, 43.730, 7.421, 43.731) + haversine_m(7.421, 43.731, 7.422, 43.730)).epsilon(1e-6));
  // Way 2 is oneway; residential default 25 km/h.
  REQUIRE(find(net, 5, 3) != nullptr);
  REQUIRE(find(net, 3, 5) == nullptr);
  REQUIRE(find(net, 5, 3)->speed_mps == Approx(25 / 3.6));
  // Footway, track and access=no are not roads; emergency=yes overrides access=no.
  REQUIRE(find(net, 4, 6) == nullptr);
  REQUIRE(find(net, 9, 10) == nullptr);
  REQUIRE(find(net, 1, 5) == nullptr);
  REQUIRE(find(net, 1, 6) != nullptr);
  // Motorway: implied oneway, 60 mph.
  REQUIRE(find(net, 6, 7) != nullptr);
  REQUIRE(find(net, 7, 6) == nullptr);
  REQUIRE(find(net, 6, 7)->speed_mps == Approx(60 * 1.609344 / 3.6));
  REQUIRE(find(net, 6, 7)->road_class == RoadClass::motorway);
  // Roundabout: implied oneway, split at a middle node so it is no self-loop.
  REQUIRE(find(net, 7, 9) != nullptr);
  REQUIRE(find(net, 9, 7) != nullptr);
  REQUIRE(find(net, 7, 9)->way_id == 5);
  // oneway=-1: only against the way's direction.
  REQUIRE(find(net, 5, 4) != nullptr);
  REQUIRE(find(net, 4, 5) == nullptr);
  // Way 8 loses the piece towards the missing node.
  REQUIRE(find(net, 10, 11) != nullptr);
  REQUIRE(find(net, 11, 10) != nullptr);
}

TEST_CASE("load_osm includes tracks on request and uses the chosen speed table and overrides", "[network][osm]") {
  TempDir dir;
  const auto path = dir.write("small.osm", small_osm());
  OsmOptions options;
  options.include_track = true;
  options.speed_table = SpeedTableKind::china;
  options.speed_overrides_kph = {{"tertiary", 33.0}};
  const RawNetwork net = load_osm(path, options);
  REQUIRE(net.edges.size() == 16);
  REQUIRE(find(net, 9, 10)->road_class == RoadClass::track);
  REQUIRE(find(net, 9, 10)->speed_mps == Approx(SpeedTable::china().speed_kph(RoadClass::track) / 3.6));
  REQUIRE(find(net, 5, 3)->speed_mps == Approx(SpeedTable::china().speed_kph(RoadClass::residential) / 3.6));
  REQUIRE(find(net, 7, 9)->speed_mps == Approx(33.0 / 3.6));
  REQUIRE(find(net, 1, 3)->speed_mps == Approx(50 / 3.6));  // maxspeed still wins

  options.use_maxspeed = false;
  REQUIRE(find(load_osm(path, options), 1, 3)->speed_mps ==
          Approx(SpeedTable::china().speed_kph(RoadClass::primary) / 3.6));

  options.speed_overrides_kph = {{"footpath", 5.0}};
  REQUIRE(input_error_from([&] { load_osm(path, options); }).key() == "speeds.footpath");
}

TEST_CASE("load_osm reads gzip and bzip2 compressed XML", "[network][osm]") {
  TempDir dir;
  testing::write_bytes(dir / "small.osm.gz", testing::gzip_bytes(small_osm()));
  testing::write_bytes(dir / "small.osm.bz2", testing::bzip2_bytes(small_osm()));
  REQUIRE(load_osm(dir / "small.osm.gz").edges.size() == 14);
  REQUIRE(load_osm(dir / "small.osm.bz2").edges.size() == 14);
}

TEST_CASE("A loaded OSM network builds and routes", "[network][osm]") {
  TempDir dir;
  const RoadNetwork net = build_road_network(load_osm(dir.write("small.osm", small_osm())));
  // Only 1, 3, 4 and 6 reach each other (5 has no way in; 7 and 9 no way out).
  REQUIRE(net.node_count() == 4);
  Router router(net);
  const NodeId one = *net.find_node(1), four = *net.find_node(4);
  REQUIRE(router.travel_time_s(one, four) > 0.0);
  REQUIRE(router.travel_time_s(one, four) < kUnreachable);
}

TEST_CASE("load_osm names file and line of truncated XML", "[network][osm]") {
  TempDir dir;
  const std::string xml = small_osm();
  const auto path = dir.write("cut.osm", xml.substr(0, xml.find("<way id=\"5\"") + 30));
  const InputError e = input_error_from([&] { load_osm(path); });
  REQUIRE(e.file() == path.string());
  REQUIRE(e.line() > 20);
  REQUIRE_THAT(e.what(), Contains("cut.osm:"));
}

TEST_CASE("load_osm names the file and position of a corrupt or truncated PBF", "[network][osm]") {
  TempDir dir;
  // A BlobHeader announcing an "OSMHeader" blob of 100 bytes.
  const std::string header = std::string("\x00\x00\x00\x0d\x0a\x09OSMHeader\x18\x64", 17);
  const auto corrupt = dir.write("corrupt.osm.pbf", header + std::string(100, '\x5a'));
  const InputError c = input_error_from([&] { load_osm(corrupt); });
  REQUIRE(c.file() == corrupt.string());
  REQUIRE_THAT(c.expected(), Contains("PBF"));
  REQUIRE_THAT(c.key(), Contains("byte"));

  const auto truncated = dir.write("truncated.osm.pbf", header + std::string(20, '\x5a'));
  const InputError t = input_error_from([&] { load_osm(truncated); });
  REQUIRE(t.file() == truncated.string());
  REQUIRE_THAT(t.what(), Contains("truncated.osm.pbf"));

  REQUIRE(input_error_from([&] { load_osm(dir / "missing.osm.pbf"); }).file() == (dir / "missing.osm.pbf").string());
}
