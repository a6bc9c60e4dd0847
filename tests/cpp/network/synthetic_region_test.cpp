// SPDX-License-Identifier: MIT
#include "sim/network/synthetic_region.hpp"

#include "sim/core/error.hpp"
#include "sim/network/synthetic_region_io.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unistd.h>

using namespace dsim;

namespace {

const SyntheticRegion& default_region() {
  static const SyntheticRegion region = generate_synthetic_region(SyntheticRegionOptions{});
  return region;
}

// Node index by external id, and adjacency lists forward and backward.
struct Graph {
  std::unordered_map<std::int64_t, std::size_t> index;
  std::vector<std::vector<std::size_t>> out, in;

  explicit Graph(const RawNetwork& net, const std::set<std::int64_t>& skip_ways = {}) {
    for (const RawNode& n : net.nodes) index.emplace(n.external_id, index.size());
    out.resize(index.size());
    in.resize(index.size());
    for (const RawEdge& e : net.edges) {
      if (skip_ways.count(e.way_id)) continue;
      const auto u = index.at(e.from), v = index.at(e.to);
      out[u].push_back(v);
      in[v].push_back(u);
    }
  }
};

std::vector<char> reach(const std::vector<std::vector<std::size_t>>& adjacency, std::size_t from) {
  std::vector<char> seen(adjacency.size(), 0);
  std::vector<std::size_t> stack{from};
  seen[from] = 1;
  while (!stack.empty()) {
    const auto u = stack.back();
    stack.pop_back();
    for (auto v : adjacency[u])
      if (!seen[v]) {
        seen[v] = 1;
        stack.push_back(v);
      }
  }
  return seen;
}

// Independent great-circle distance, for checking edge lengths.
double great_circle_m(double lon1, double lat1, double lon2, double lat2) {
  const double r = 6371008.8, k = std::numbers::pi / 180.0;
  const double a = std::pow(std::sin((lat2 - lat1) * k / 2), 2) +
                   std::cos(lat1 * k) * std::cos(lat2 * k) * std::pow(std::sin((lon2 - lon1) * k / 2), 2);
  return 2 * r * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

// +1 north of the river centreline, -1 south (the centreline runs west to east across the region).
int bank_of(const River& river, double lon, double lat) {
  const auto& c = river.centreline;
  auto it = std::lower_bound(c.begin(), c.end(), lon, [](const LonLat& p, double x) { return p.lon < x; });
  if (it == c.begin()) it = c.begin() + 1;
  if (it == c.end()) it = c.end() - 1;
  const LonLat a = *(it - 1), b = *it;
  const double t = (lon - a.lon) / (b.lon - a.lon);
  return lat > a.lat + t * (b.lat - a.lat) ? 1 : -1;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path fresh_temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("dsim_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// What must hold for any seed and size: strongly connected, every node in a
// zone, only bridges between the banks, and cutting them separates the banks.
void check_invariants(const SyntheticRegion& r) {
  const Graph g(r.network);
  REQUIRE(g.index.size() == r.network.nodes.size());
  const auto forward = reach(g.out, 0);
  const auto backward = reach(g.in, 0);
  CHECK(std::count(forward.begin(), forward.end(), 1) == static_cast<long>(forward.size()));
  CHECK(std::count(backward.begin(), backward.end(), 1) == static_cast<long>(backward.size()));

  std::size_t outside = 0;
  for (const RawNode& n : r.network.nodes)
    if (!zone_index_at(r.zones, {n.lon, n.lat})) ++outside;
  CHECK(outside == 0);

  std::unordered_map<std::int64_t, int> bank;
  for (const RawNode& n : r.network.nodes) bank[n.external_id] = bank_of(r.river, n.lon, n.lat);
  std::set<std::int64_t> bridge_ways;
  for (const Bridge& b : r.bridges) {
    bridge_ways.insert(b.way_id);
    CHECK(bank[b.north_node] == 1);
    CHECK(bank[b.south_node] == -1);
  }
  std::size_t crossing_not_bridge = 0;
  for (const RawEdge& e : r.network.edges)
    if (bank[e.from] != bank[e.to] && !bridge_ways.count(e.way_id)) ++crossing_not_bridge;
  CHECK(crossing_not_bridge == 0);

  const Graph cut(r.network, bridge_ways);
  std::vector<std::vector<std::size_t>> undirected(cut.out.size());
  for (std::size_t u = 0; u < cut.out.size(); ++u)
    for (auto v : cut.out[u]) {
      undirected[u].push_back(v);
      undirected[v].push_back(u);
    }
  std::size_t north_start = 0;
  while (bank[r.network.nodes[north_start].external_id] != 1) ++north_start;
  const auto seen = reach(undirected, north_start);
  std::size_t south_reached = 0;
  for (const RawNode& n : r.network.nodes)
    if (bank[n.external_id] == -1 && seen[cut.index.at(n.external_id)]) ++south_reached;
  CHECK(south_reached == 0);
}

}  // namespace

TEST_CASE("The synthetic region is the same, byte for byte, for the same seed", "[network][synthetic]") {
  const SyntheticRegion again = generate_synthetic_region(SyntheticRegionOptions{});
  for (const std::string& file : synthetic_region_file_names()) {
    INFO(file);
    CHECK(synthetic_region_file_text(again, file) == synthetic_region_file_text(default_region(), file));
  }
}

TEST_CASE("Different seeds give different synthetic regions", "[network][synthetic]") {
  SyntheticRegionOptions other;
  other.seed = 8;
  const SyntheticRegion b = generate_synthetic_region(other);
  CHECK(synthetic_region_file_text(b, "nodes.csv") != synthetic_region_file_text(default_region(), "nodes.csv"));
  CHECK(synthetic_region_file_text(b, "zones.csv") != synthetic_region_file_text(default_region(), "zones.csv"));
}

TEST_CASE("The default synthetic region has 20,000 to 60,000 nodes near the target", "[network][synthetic]") {
  const auto n = default_region().network.nodes.size();
  CHECK(n >= 20000);
  CHECK(n <= 60000);
  CHECK(std::abs(static_cast<double>(n) - 30000.0) < 0.15 * 30000.0);
  SECTION("and other targets are met within 15%") {
    for (std::size_t target : {12000u, 45000u, 90000u}) {
      SyntheticRegionOptions o;
      o.seed = 3;
      o.target_nodes = target;
      const auto size = generate_synthetic_region(o).network.nodes.size();
      INFO("target " << target << ", got " << size);
      CHECK(std::abs(static_cast<double>(size) - static_cast<double>(target)) < 0.15 * static_cast<double>(target));
    }
  }
}

TEST_CASE("A target outside the supported sizes is an InputError", "[network][synthetic]") {
  SyntheticRegionOptions o;
  o.target_nodes = 100;
  CHECK_THROWS_AS(generate_synthetic_region(o), InputError);
  o.target_nodes = 100000000;
  CHECK_THROWS_AS(generate_synthetic_region(o), InputError);
}

TEST_CASE("The synthetic road graph is strongly connected with no isolated nodes", "[network][synthetic]") {
  for (std::uint64_t seed : {7u, 11u}) {
    SyntheticRegionOptions o;
    o.seed = seed;
    const SyntheticRegion r = seed == 7 ? default_region() : generate_synthetic_region(o);
    const Graph g(r.network);
    REQUIRE(g.index.size() == r.network.nodes.size());  // ids are unique
    const auto forward = reach(g.out, 0);
    const auto backward = reach(g.in, 0);
    CHECK(std::count(forward.begin(), forward.end(), 1) == static_cast<long>(forward.size()));
    CHECK(std::count(backward.begin(), backward.end(), 1) == static_cast<long>(backward.size()));
  }
}

TEST_CASE("Synthetic edges have haversine lengths, class speeds, way ids and some one-way streets",
          "[network][synthetic]") {
  const RawNetwork& net = default_region().network;
  std::map<std::int64_t, const RawNode*> node;
  for (const RawNode& n : net.nodes) node[n.external_id] = &n;
  std::set<std::pair<std::int64_t, std::int64_t>> arcs;
  for (const RawEdge& e : net.edges) arcs.insert({e.from, e.to});
  CHECK(arcs.size() == net.edges.size());  // no parallel edges
  std::size_t one_way = 0;
  std::set<RoadClass> classes;
  for (const RawEdge& e : net.edges) {
    const RawNode& a = *node.at(e.from);
    const RawNode& b = *node.at(e.to);
    REQUIRE(e.from != e.to);
    CHECK(std::abs(e.length_m - great_circle_m(a.lon, a.lat, b.lon, b.lat)) <= 0.0051);
    CHECK(e.length_m >= 1.0);  // no junctions on top of each other
    CHECK(e.way_id > 0);
    const double kph = std::round(e.speed_mps * 3.6 * 1000.0) / 1000.0;
    classes.insert(e.road_class);
    switch (e.road_class) {
      case RoadClass::motorway: CHECK((kph >= 60.0 && kph <= 120.0)); break;
      case RoadClass::trunk: CHECK((kph >= 60.0 && kph <= 100.0)); break;
      case RoadClass::primary: CHECK(kph == Approx(60.0)); break;
      case RoadClass::secondary: CHECK((kph >= 40.0 && kph <= 60.0)); break;
      case RoadClass::tertiary: CHECK((kph >= 40.0 && kph <= 60.0)); break;
      case RoadClass::unclassified: CHECK((kph >= 30.0 && kph <= 60.0)); break;
      case RoadClass::residential: CHECK((kph >= 20.0 && kph <= 40.0)); break;
      case RoadClass::living_street: CHECK(kph <= 20.0); break;
      case RoadClass::service: CHECK(kph <= 30.0); break;
      case RoadClass::track: CHECK(kph <= 30.0); break;
      case RoadClass::other: FAIL("class other"); break;
    }
    if (!arcs.count({e.to, e.from})) ++one_way;
  }
  CHECK(one_way > 100);
  CHECK(one_way < net.edges.size() / 10);
  CHECK(classes.count(RoadClass::motorway));
  CHECK(classes.count(RoadClass::trunk));
  CHECK(classes.count(RoadClass::residential));
  CHECK(classes.count(RoadClass::track));
  // coordinates near Ordos
  for (const RawNode& n : net.nodes) {
    REQUIRE((n.lon > 109.7 && n.lon < 110.2));
    REQUIRE((n.lat > 39.5 && n.lat < 39.95));
  }
}

TEST_CASE("Synthetic zones have every type, positive populations, and cover every node", "[network][synthetic]") {
  const SyntheticRegion& r = default_region();
  std::map<ZoneType, std::int64_t> people;
  std::map<ZoneType, int> count;
  std::set<std::string> ids;
  for (const Zone& z : r.zones) {
    CHECK(z.population > 0);
    CHECK(z.polygon.size() >= 3);
    CHECK(ids.insert(z.id).second);
    people[z.type] += z.population;
    ++count[z.type];
    if (z.type == ZoneType::village) CHECK((z.population >= 50 && z.population < 2000));
    if (z.type == ZoneType::built_up) CHECK(z.population >= 10000);
    if (z.type == ZoneType::industrial_park) CHECK((z.population >= 1000 && z.population < 20000));
  }
  CHECK(count[ZoneType::built_up] >= 2);
  CHECK(count[ZoneType::industrial_park] >= 1);
  CHECK(count[ZoneType::village] >= 20);
  CHECK(count[ZoneType::grassland] >= 1);
  CHECK(people[ZoneType::built_up] > 100000);
  // grassland comes after the specific zones, so the first match is the specific one
  bool seen_grass = false;
  for (const Zone& z : r.zones) {
    if (z.type == ZoneType::grassland) seen_grass = true;
    else CHECK_FALSE(seen_grass);
  }
  std::size_t outside = 0;
  for (const RawNode& n : r.network.nodes)
    if (!zone_index_at(r.zones, {n.lon, n.lat})) ++outside;
  CHECK(outside == 0);
}

TEST_CASE("Landmarks sit on their nodes and in their zones", "[network][synthetic]") {
  const SyntheticRegion& r = default_region();
  std::map<std::int64_t, LonLat> where;
  for (const RawNode& n : r.network.nodes) where[n.external_id] = {n.lon, n.lat};
  std::map<std::string, const Zone*> zone;
  for (const Zone& z : r.zones) zone[z.id] = &z;
  std::set<LandmarkKind> kinds;
  for (const Landmark& l : r.landmarks) {
    INFO(l.id);
    REQUIRE(where.count(l.node));
    CHECK(where[l.node] == l.position);
    REQUIRE(zone.count(l.zone_id));
    CHECK(zone_index_at(r.zones, l.position).has_value());
    if (l.kind == LandmarkKind::village_centre || l.kind == LandmarkKind::town_centre) {
      CHECK(zone_contains(*zone[l.zone_id], l.position));
    }
    kinds.insert(l.kind);
  }
  CHECK(kinds.size() == 6);
}

TEST_CASE("The river splits the new town's bank from the other and only bridges cross it", "[network][synthetic]") {
  const SyntheticRegion& r = default_region();
  const River& river = r.river;
  REQUIRE(river.centreline.size() >= 2);
  CHECK(river.width_m > 50.0);
  for (std::size_t i = 1; i < river.centreline.size(); ++i)
    REQUIRE(river.centreline[i].lon > river.centreline[i - 1].lon);
  std::unordered_map<std::int64_t, int> bank;
  for (const RawNode& n : r.network.nodes) {
    REQUIRE(n.lon >= river.centreline.front().lon);
    REQUIRE(n.lon <= river.centreline.back().lon);
    bank[n.external_id] = bank_of(river, n.lon, n.lat);
  }
  CHECK(r.bridges.size() >= 3);
  CHECK(r.bridges.size() <= 10);
  std::set<std::int64_t> bridge_ways;
  for (const Bridge& b : r.bridges) {
    INFO(b.name);
    bridge_ways.insert(b.way_id);
    CHECK(bank[b.north_node] == 1);
    CHECK(bank[b.south_node] == -1);
    CHECK(b.length_m > river.width_m);
    CHECK(b.length_m < 1000.0);
    std::size_t edges = 0;
    for (const RawEdge& e : r.network.edges) {
      if (e.way_id != b.way_id) continue;
      ++edges;
      CHECK(bank[e.from] != bank[e.to]);
    }
    CHECK(edges == 2);
  }
  // every edge between the banks is a bridge
  for (const RawEdge& e : r.network.edges) {
    if (bank[e.from] != bank[e.to]) CHECK(bridge_ways.count(e.way_id));
  }
  // the new town is north of the river, its south district and the park south of it
  std::map<std::string, std::int64_t> landmark;
  for (const Landmark& l : r.landmarks) landmark[l.id] = l.node;
  CHECK(bank[landmark.at("new_town_centre")] == 1);
  CHECK(bank[landmark.at("old_town_centre")] == 1);
  CHECK(bank[landmark.at("chem_park_centre")] == -1);
  CHECK(bank[landmark.at("new_town_south_centre")] == -1);

  // without the bridges, nothing on the north bank reaches the south bank
  const Graph cut(r.network, bridge_ways);
  std::vector<std::vector<std::size_t>> undirected(cut.out.size());
  for (std::size_t u = 0; u < cut.out.size(); ++u)
    for (auto v : cut.out[u]) {
      undirected[u].push_back(v);
      undirected[v].push_back(u);
    }
  const auto seen = reach(undirected, cut.index.at(landmark.at("new_town_centre")));
  std::size_t north = 0, south_reached = 0;
  for (const auto& [id, i] : cut.index) {
    if (bank[id] == 1) ++north;
    if (bank[id] == -1 && seen[i]) ++south_reached;
  }
  CHECK(south_reached == 0);
  CHECK(north > 0);
  CHECK(north < r.network.nodes.size());
}

TEST_CASE("A larger synthetic region with added districts keeps every invariant", "[network][synthetic]") {
  SyntheticRegionOptions o;
  o.seed = 5;
  o.target_nodes = 100000;
  const SyntheticRegion r = generate_synthetic_region(o);
  std::map<ZoneType, int> count;
  for (const Zone& z : r.zones) ++count[z.type];
  CHECK(count[ZoneType::built_up] > 3);  // towns of the added districts
  check_invariants(r);
}

// Many seeds and sizes; slow, so hidden: run with dsim_tests "[.sweep]".
TEST_CASE("Synthetic regions keep their invariants over many seeds", "[.sweep]") {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    SyntheticRegionOptions o;
    o.seed = seed;
    o.target_nodes = seed % 3 == 0 ? 10000 : (seed % 3 == 1 ? 30000 : 150000);
    INFO("seed " << seed << ", target " << o.target_nodes);
    check_invariants(generate_synthetic_region(o));
  }
}

TEST_CASE("write_synthetic_region writes every file, atomically, and zones.csv reads back", "[network][synthetic]") {
  const auto dir = fresh_temp_dir("region");
  write_synthetic_region(default_region(), dir.string());
  std::set<std::string> present;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) present.insert(entry.path().filename().string());
  const auto names = synthetic_region_file_names();
  CHECK(present == std::set<std::string>(names.begin(), names.end()));  // no temporary files left
  for (const std::string& name : names) {
    INFO(name);
    CHECK(slurp(dir / name) == synthetic_region_file_text(default_region(), name));
  }
  const auto zones = read_zones_csv((dir / "zones.csv").string());
  REQUIRE(zones.size() == default_region().zones.size());
  for (std::size_t i = 0; i < zones.size(); ++i) {
    CHECK(zones[i].id == default_region().zones[i].id);
    CHECK(zones[i].population == default_region().zones[i].population);
    CHECK(zones[i].polygon == default_region().zones[i].polygon);
  }
  // nodes.csv and edges.csv in the agreed format
  std::istringstream nodes(slurp(dir / "nodes.csv"));
  std::string line;
  std::getline(nodes, line);
  CHECK(line == "id,lon,lat");
  std::getline(nodes, line);
  CHECK(line.find(",109.") != std::string::npos);
  CHECK(line.size() - line.find('.') - 1 > 7);  // lon and lat with 7 decimals
  std::istringstream edges(slurp(dir / "edges.csv"));
  std::getline(edges, line);
  CHECK(line == "from,to,length_m,speed_kph,class");
  std::size_t rows = 0;
  while (std::getline(edges, line)) ++rows;
  CHECK(rows == default_region().network.edges.size());
  std::filesystem::remove_all(dir);
}

TEST_CASE("write_synthetic_region replaces the files of an existing directory and keeps the others",
          "[network][synthetic]") {
  const auto dir = fresh_temp_dir("existing");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "nodes.csv") << "old";
  std::ofstream(dir / "notes.txt") << "mine";
  write_synthetic_region(default_region(), dir.string() + "/");
  CHECK(slurp(dir / "nodes.csv") == synthetic_region_file_text(default_region(), "nodes.csv"));
  CHECK(slurp(dir / "notes.txt") == "mine");
  std::size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    CHECK(entry.path().filename().string().front() != '.');
    ++entries;
  }
  CHECK(entries == synthetic_region_file_names().size() + 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("write_synthetic_region fails cleanly when the directory cannot be made", "[network][synthetic]") {
  const auto base = fresh_temp_dir("blocked");
  std::filesystem::create_directories(base);
  const auto file = base / "not_a_directory";
  std::ofstream(file) << "keep me";
  CHECK_THROWS_AS(write_synthetic_region(default_region(), file.string()), InputError);
  CHECK_THROWS_AS(write_synthetic_region(default_region(), (file / "sub").string()), InputError);
  CHECK(slurp(file) == "keep me");
  std::size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(base)) {
    (void)entry;
    ++entries;
  }
  CHECK(entries == 1);
  std::filesystem::remove_all(base);
}
