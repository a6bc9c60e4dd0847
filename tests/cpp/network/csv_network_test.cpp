// SPDX-License-Identifier: MIT
#include "sim/network/csv_network.hpp"

#include "sim/network/road_network.hpp"
#include "tests/cpp/support/compress.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace dsim;
using dsim::testing::input_error_from;
using dsim::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const char* kNodes = "id,lon,lat\n1,109.78,39.60\n2,109.79,39.60\n3,109.79,39.61\n";

}  // namespace

TEST_CASE("load_network_csv reads columns in any order and ignores extra columns", "[network][csv]") {
  TempDir dir;
  dir.write("nodes.csv", "lat,name,id,lon\r\n39.60,a,1,109.78\r\n39.60,b,2,109.79\r\n\r\n39.61,c,3,109.79\r\n");
  dir.write("edges.csv",
            "speed_kph,to,comment,from,length_m,class,oneway\n"
            "36,2,x,1,850,primary,1\n"
            "54,3,y,2,1100,motorway_link,0\n"
            "18,1,z,3,1400,,\n");
  const RawNetwork net = load_network_csv(dir.path());
  REQUIRE(net.source == dir.path().string());
  REQUIRE(net.nodes.size() == 3);
  REQUIRE(net.nodes[2].external_id == 3);
  REQUIRE(net.nodes[2].lat == 39.61);
  REQUIRE(net.edges.size() == 4);  // the oneway = 0 row gives both directions
  REQUIRE(net.edges[0].from == 1);
  REQUIRE(net.edges[0].to == 2);
  REQUIRE(net.edges[0].length_m == 850.0);
  REQUIRE(net.edges[0].speed_mps == Approx(10.0));
  REQUIRE(net.edges[0].road_class == RoadClass::primary);
  REQUIRE(net.edges[1].road_class == RoadClass::motorway);
  REQUIRE(net.edges[2].from == 3);
  REQUIRE(net.edges[2].to == 2);
  REQUIRE(net.edges[3].road_class == RoadClass::other);
  REQUIRE(net.edges[3].way_id == -1);
}

TEST_CASE("write_network_csv output reads back to the same network", "[network][csv]") {
  TempDir dir;
  const RawNetwork original = testing::make_random_network(6, 7, 9);
  write_network_csv(original, dir / "out" / "nested");
  const RawNetwork back = load_network_csv(dir / "out" / "nested");
  REQUIRE(back.nodes.size() == original.nodes.size());
  REQUIRE(back.edges.size() == original.edges.size());
  for (std::size_t i = 0; i < back.nodes.size(); ++i) {
    REQUIRE(back.nodes[i].external_id == original.nodes[i].external_id);
    REQUIRE(back.nodes[i].lon == original.nodes[i].lon);
    REQUIRE(back.nodes[i].lat == original.nodes[i].lat);
  }
  for (std::size_t i = 0; i < back.edges.size(); ++i) {
    REQUIRE(back.edges[i].from == original.edges[i].from);
    REQUIRE(back.edges[i].to == original.edges[i].to);
    REQUIRE(back.edges[i].length_m == original.edges[i].length_m);
    REQUIRE(back.edges[i].speed_mps == Approx(original.edges[i].speed_mps).epsilon(1e-14));
    REQUIRE(back.edges[i].road_class == original.edges[i].road_class);
    REQUIRE(back.edges[i].way_id == original.edges[i].way_id);
  }
  // Only the two files: no temporary left behind.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "out" / "nested")) {
    const auto name = entry.path().filename().string();
    REQUIRE((name == "nodes.csv" || name == "edges.csv"));
    ++files;
  }
  REQUIRE(files == 2);
}

TEST_CASE("write_network_csv reports a directory it cannot create", "[network][csv]") {
  TempDir dir;
  const auto blocker = dir.write("file", "x");
  const InputError e = input_error_from([&] { write_network_csv(testing::make_grid(2, 2), blocker / "sub"); });
  REQUIRE_THAT(e.file(), Contains("file"));
}

TEST_CASE("load_network_csv reads gzip, bzip2 and xz compressed files", "[network][csv]") {
  TempDir dir;
  const std::string edges = "from,to,length_m,speed_kph\n1,2,100,36\n2,3,100,36\n3,1,100,36\n";
  testing::write_bytes(dir / "nodes.csv.gz", testing::gzip_bytes(kNodes));
  testing::write_bytes(dir / "edges.csv.bz2", testing::bzip2_bytes(edges));
  const RawNetwork a = load_network_csv(dir / "nodes.csv.gz", dir / "edges.csv.bz2");
  REQUIRE(a.nodes.size() == 3);
  REQUIRE(a.edges.size() == 3);
  testing::write_bytes(dir / "edges.csv.xz", testing::xz_bytes(edges));
  REQUIRE(load_network_csv(dir / "nodes.csv.gz", dir / "edges.csv.xz").edges.size() == 3);
}

TEST_CASE("load_network_csv names file, line and column for a missing column", "[network][csv]") {
  TempDir dir;
  dir.write("nodes.csv", kNodes);
  dir.write("edges.csv", "from,to,length_m\n1,2,100\n");
  const InputError e = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(e.file() == (dir / "edges.csv").string());
  REQUIRE(e.line() == 1);
  REQUIRE(e.key() == "speed_kph");
  REQUIRE_THAT(e.what(), Contains("edges.csv:1") && Contains("speed_kph"));

  dir.write("nodes.csv", "id,lat\n1,39.6\n");
  const InputError n = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(n.file() == (dir / "nodes.csv").string());
  REQUIRE(n.key() == "lon");
}

TEST_CASE("load_network_csv names file, line and column for a non-numeric field", "[network][csv]") {
  TempDir dir;
  dir.write("nodes.csv", kNodes);
  dir.write("edges.csv", "from,to,length_m,speed_kph\n1,2,100,36\n2,3,100,fast\n");
  const InputError e = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(e.file() == (dir / "edges.csv").string());
  REQUIRE(e.line() == 3);
  REQUIRE(e.key() == "speed_kph");
  REQUIRE(e.found() == "fast");
  REQUIRE_THAT(e.what(), Contains("edges.csv:3") && Contains("a number"));

  dir.write("nodes.csv", "id,lon,lat\n1,109.78,39.60\nx2,109.79,39.60\n");
  const InputError n = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(n.line() == 3);
  REQUIRE(n.key() == "id");
}

TEST_CASE("load_network_csv names file and line for a short row", "[network][csv]") {
  TempDir dir;
  dir.write("nodes.csv", kNodes);
  dir.write("edges.csv", "from,to,length_m,speed_kph\n1,2,100,36\n2,3\n");
  const InputError e = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(e.line() == 3);
  REQUIRE(e.key() == "length_m");
  REQUIRE_THAT(e.what(), Contains("edges.csv:3"));
}

TEST_CASE("load_network_csv names file, line and column for an unknown node id", "[network][csv]") {
  TempDir dir;
  dir.write("nodes.csv", kNodes);
  dir.write("edges.csv", "from,to,length_m,speed_kph\n1,2,100,36\n2,7,100,36\n");
  const InputError e = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(e.file() == (dir / "edges.csv").string());
  REQUIRE(e.line() == 3);
  REQUIRE(e.key() == "to");
  REQUIRE(e.found() == "7");
  REQUIRE_THAT(e.what(), Contains("nodes.csv"));
}

TEST_CASE("load_network_csv rejects duplicate ids, bad ranges, classes and oneway values", "[network][csv]") {
  TempDir dir;
  dir.write("edges.csv", "from,to,length_m,speed_kph,class,oneway\n1,2,100,36,primary,1\n");
  dir.write("nodes.csv", "id,lon,lat\n1,109.78,39.60\n2,109.79,39.60\n1,109.80,39.60\n");
  const InputError dup = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(dup.line() == 4);
  REQUIRE_THAT(dup.expected(), Contains("line 2"));

  dir.write("nodes.csv", "id,lon,lat\n1,109.78,95\n");
  REQUIRE(input_error_from([&] { load_network_csv(dir.path()); }).key() == "lat");

  dir.write("nodes.csv", kNodes);
  dir.write("edges.csv", "from,to,length_m,speed_kph,class\n1,2,100,36,footway\n");
  const InputError cls = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(cls.key() == "class");
  REQUIRE(cls.found() == "footway");

  dir.write("edges.csv", "from,to,length_m,speed_kph,oneway\n1,2,100,36,maybe\n");
  REQUIRE(input_error_from([&] { load_network_csv(dir.path()); }).key() == "oneway");

  dir.write("edges.csv", "from,to,length_m,speed_kph\n1,2,100,0\n");
  REQUIRE(input_error_from([&] { load_network_csv(dir.path()); }).key() == "speed_kph");

  dir.write("edges.csv", "from,to,length_m,speed_kph\n1,2,-3,30\n");
  REQUIRE(input_error_from([&] { load_network_csv(dir.path()); }).key() == "length_m");
}

TEST_CASE("load_network_csv reports a missing file by name", "[network][csv]") {
  TempDir dir;
  dir.write("edges.csv", "from,to,length_m,speed_kph\n");
  const InputError e = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(e.file() == (dir / "nodes.csv").string());
}

TEST_CASE("load_network_csv reports a truncated compressed file", "[network][csv]") {
  TempDir dir;
  dir.write("nodes.csv", kNodes);
  std::string edges = "from,to,length_m,speed_kph\n";
  for (int i = 0; i < 2000; ++i) edges += "1,2,100,36\n2,3,100,36\n";
  const std::string gz = testing::gzip_bytes(edges);
  testing::write_bytes(dir / "edges.csv", gz.substr(0, gz.size() / 2));
  const InputError e = input_error_from([&] { load_network_csv(dir.path()); });
  REQUIRE(e.file() == (dir / "edges.csv").string());
  REQUIRE_THAT(e.expected(), Contains("gzip"));
}
