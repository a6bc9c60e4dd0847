// SPDX-License-Identifier: MIT
#include "sim/placement/placement_problem.hpp"

#include "sim/scenario/scenario_reader.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

using namespace dsim;
using dsim::testing::grid_id;

namespace {

constexpr int kRows = 10, kCols = 10;
// make_grid's spacing in degrees (100 m).
const double kDlat = 100.0 / 111195.0;
const double kDlon = kDlat / std::cos(39.60 * 3.141592653589793 / 180.0);

LonLat grid_point(double row, double col) { return {109.78 + col * kDlon, 39.60 + row * kDlat}; }

// A rectangle of grid cells, half a cell wider than its nodes on every side.
Zone zone_over(std::string id, ZoneType type, std::int64_t population, int row0, int col0, int row1, int col1) {
  Zone z;
  z.id = id;
  z.name = id;
  z.type = type;
  z.population = population;
  z.polygon = {grid_point(row0 - 0.5, col0 - 0.5), grid_point(row0 - 0.5, col1 + 0.5),
               grid_point(row1 + 0.5, col1 + 0.5), grid_point(row1 + 0.5, col0 - 0.5)};
  return z;
}

// A 10 x 10 grid, 10 s per edge: a town (built_up, columns 0-4), a park
// (industrial_park, rows 0-4 of columns 5-9) and grassland (the rest).
Region grid_region() {
  Region r(build_road_network(dsim::testing::make_grid(kRows, kCols, 100.0, 36.0)));
  r.zones = {zone_over("town", ZoneType::built_up, 1000, 0, 0, 9, 4),
             zone_over("park", ZoneType::industrial_park, 100, 0, 5, 4, 9),
             zone_over("grass", ZoneType::grassland, 10, 5, 5, 9, 9)};
  r.node_zone = assign_nodes_to_zones(r.network, r.zones);
  r.places["town_hall"] = *r.network.find_node(grid_id(5, 2, kCols));
  return r;
}

// One station at the grid corner (0, 0) with two teams, the faster turning out in 30 s on average.
Scenario one_station_scenario() {
  Scenario s;
  s.name = "grid";
  s.source_path = "grid.yaml";
  StationSpec st;
  st.id = "corner";
  st.location.kind = Location::Kind::node;
  st.location.node_id = grid_id(0, 0, kCols);
  s.stations.push_back(st);
  TeamSpec slow;
  slow.id = "slow";
  slow.station = "corner";
  slow.capabilities = {"fire"};
  slow.turnout_s = Distribution::uniform(60.0, 120.0);
  TeamSpec fast = slow;
  fast.id = "fast";
  fast.turnout_s = Distribution::triangular(20.0, 30.0, 40.0);
  s.teams = {slow, fast};
  return s;
}

PlacementOptions quick_options() {
  PlacementOptions o;
  o.limit_s = 60.0;
  o.default_turnout_s = 0.0;
  o.threads = 1;
  return o;
}

// The InputError building the problem of one_station_scenario throws.
InputError error_building(const Region& region, const PlacementOptions& o) {
  return dsim::testing::input_error_from([&] { build_placement_problem(one_station_scenario(), region, o); });
}

bool contains(const std::vector<std::uint32_t>& v, std::uint32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("Zone demand is population share times risk weight, spread over the zone's nodes", "[placement]") {
  const Region region = grid_region();
  const PlacementProblem p = build_placement_problem(one_station_scenario(), region, quick_options());
  REQUIRE(p.demand.size() == 75);  // 50 town nodes + 25 park nodes; grassland is not demand
  double town = 0.0, park = 0.0;
  for (const auto& d : p.demand) {
    const std::string& zone = region.zones[static_cast<std::size_t>(d.zone)].id;
    REQUIRE((zone == "town" || zone == "park"));
    if (zone == "town") {
      CHECK(d.weight == Approx(1000.0 / 1100.0 / 50.0));
      town += d.weight;
    } else {
      CHECK(d.weight == Approx(2.0 * 100.0 / 1100.0 / 25.0));
      park += d.weight;
    }
    CHECK(d.limit_s == 60.0);
  }
  CHECK(town == Approx(1000.0 / 1100.0));
  CHECK(park == Approx(200.0 / 1100.0));
}

TEST_CASE("A per zone type limit replaces the default limit for that type only", "[placement]") {
  const Region region = grid_region();
  PlacementOptions o = quick_options();
  o.limit_s_by_zone_type["industrial_park"] = 40.0;
  const PlacementProblem p = build_placement_problem(one_station_scenario(), region, o);
  for (const auto& d : p.demand)
    CHECK(d.limit_s == (region.zones[static_cast<std::size_t>(d.zone)].id == "park" ? 40.0 : 60.0));
}

TEST_CASE("An existing station turns out as fast as its fastest team and covers within the limit", "[placement]") {
  const Region region = grid_region();
  const PlacementProblem p = build_placement_problem(one_station_scenario(), region, quick_options());
  REQUIRE(p.existing_sites == std::vector<std::uint32_t>{0});
  CHECK(p.sites[0].turnout_s == Approx(30.0));
  CHECK(p.sites[0].fixed);
  CHECK(p.sites[0].station == 0);
  // 30 s turnout + 10 s per edge <= 60 s: the town nodes within 3 edges of the corner.
  int expected = 0;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < 5; ++c)
      if (r + c <= 3) ++expected;
  CHECK(p.matrix.covered_by(0).size() == static_cast<std::size_t>(expected));
  CHECK(existing_covered_share(p) == Approx(expected * 1000.0 / 1100.0 / 50.0 / (1200.0 / 1100.0)));
  // Candidates: every demand node but the station's own.
  CHECK(p.sites.size() == 75);
}

TEST_CASE("Fixed existing stations are in every answer and never moved", "[placement]") {
  const Region region = grid_region();
  const Scenario scenario = one_station_scenario();
  const PlacementProblem p = build_placement_problem(scenario, region, quick_options());
  for (std::size_t k : {1, 2, 3}) {
    const SitingResult plan = solve_mclp(p.matrix, k);
    CHECK(contains(plan.sites, 0));
    CHECK_FALSE(contains(plan.new_sites, 0));
    const auto stations = planned_stations(scenario, region, p, plan, team_template(scenario, ""));
    REQUIRE(stations.size() == k);
    const Scenario after = add_planned_stations(scenario, p, plan, stations);
    REQUIRE(after.stations.size() == 1 + k);
    CHECK(after.stations[0].id == "corner");
    CHECK(after.stations[0].location.node_id == grid_id(0, 0, kCols));
    for (const auto& s : stations) CHECK(s.station.location.node_id != grid_id(0, 0, kCols));
  }
}

TEST_CASE("With --existing may-close a station is an ordinary candidate", "[placement]") {
  const Region region = grid_region();
  PlacementOptions o = quick_options();
  o.existing_may_close = true;
  const PlacementProblem p = build_placement_problem(one_station_scenario(), region, o);
  CHECK(p.matrix.fixed_sites().empty());
  CHECK_FALSE(p.sites[0].fixed);
  // The corner covers little; one site in the middle of the town covers more.
  const SitingResult plan = solve_mclp(p.matrix, 1);
  CHECK_FALSE(contains(plan.sites, 0));
  const Scenario scenario = one_station_scenario();
  const auto stations = planned_stations(scenario, region, p, plan, team_template(scenario, ""));
  const Scenario after = add_planned_stations(scenario, p, plan, stations);
  REQUIRE(after.stations.size() == 1);
  CHECK(after.stations[0].id == "placed_1");
  CHECK(after.teams.size() == 1);  // the corner's teams left with it
}

TEST_CASE("Candidates come from zones, zone types or a CSV, never on a station's node", "[placement]") {
  const Region region = grid_region();
  const dsim::testing::TempDir dir;
  PlacementOptions o = quick_options();
  o.candidate_zones = {"park"};
  CHECK(build_placement_problem(one_station_scenario(), region, o).sites.size() == 1 + 25);
  o.candidate_zones.clear();
  o.candidate_zone_types = {"grassland"};
  o.candidate_stride = 5;
  CHECK(build_placement_problem(one_station_scenario(), region, o).sites.size() == 1 + 5);
  o.candidate_zone_types.clear();
  o.candidate_csv = dir.write("sites.csv", "node,lon,lat\n1,,\n,109.78,39.60\n55,,\n").string();
  const PlacementProblem p = build_placement_problem(one_station_scenario(), region, o);
  REQUIRE(p.sites.size() == 2);  // node 1 is the station's, and so is the corner by coordinates
  CHECK(region.network.external_id(p.sites[1].node) == 55);
}

TEST_CASE("Demand from a CSV takes nodes or coordinates, weights and optional limits", "[placement]") {
  const Region region = grid_region();
  const dsim::testing::TempDir dir;
  PlacementOptions o = quick_options();
  o.demand_csv = dir.write("demand.csv", "node,lon,lat,weight,limit_s\n12,,,2.5,\n,109.78,39.60,1,90\n").string();
  const PlacementProblem p = build_placement_problem(one_station_scenario(), region, o);
  REQUIRE(p.demand.size() == 2);
  CHECK(region.network.external_id(p.demand[0].node) == 12);
  CHECK(p.demand[0].weight == 2.5);
  CHECK(p.demand[0].limit_s == 60.0);
  CHECK(region.network.external_id(p.demand[1].node) == 1);
  CHECK(p.demand[1].limit_s == 90.0);
  CHECK(p.demand[0].label.find("demand.csv line 2") != std::string::npos);
  // Without candidates the demand points are the candidates; node 1 is the station's.
  REQUIRE(p.sites.size() == 2);
  CHECK(p.sites[1].node == p.demand[0].node);
}

TEST_CASE("Loader errors name the file, the line and the column", "[placement]") {
  const Region region = grid_region();
  const dsim::testing::TempDir dir;
  PlacementOptions o = quick_options();
  SECTION("an unknown node") {
    o.demand_csv = dir.write("demand.csv", "node,weight\n12,1\n999,1\n").string();
    const InputError e = error_building(region, o);
    CHECK(e.line() == 3);
    CHECK(e.key() == "node");
    CHECK(e.found() == "999");
  }
  SECTION("a point off the network") {
    o.candidate_csv = dir.write("sites.csv", "lon,lat\n116.4,39.9\n").string();
    const InputError e = error_building(region, o);
    CHECK(e.line() == 2);
    CHECK(e.key() == "lon");
  }
  SECTION("a negative weight") {
    o.demand_csv = dir.write("demand.csv", "node,weight\n12,-1\n").string();
    const InputError e = error_building(region, o);
    CHECK(e.key() == "weight");
  }
  SECTION("neither a node nor coordinates") {
    o.demand_csv = dir.write("demand.csv", "id,weight\n12,1\n").string();
    const InputError e = error_building(region, o);
    CHECK(e.key() == "header");
  }
  SECTION("an unknown zone") {
    o.candidate_zones = {"nowhere"};
    const InputError e = error_building(region, o);
    CHECK(e.key() == "candidate_zones[0]");
  }
  SECTION("an unknown zone type") {
    o.demand_zone_types = {"downtown"};
    const InputError e = error_building(region, o);
    CHECK(e.key() == "demand_zone_types");
  }
  SECTION("an unknown template team") {
    const InputError e = dsim::testing::input_error_from([&] { team_template(one_station_scenario(), "nobody"); });
    CHECK(e.found() == "nobody");
  }
}

TEST_CASE("More new stations than candidates is an input error", "[placement]") {
  const Region region = grid_region();
  PlacementOptions o = quick_options();
  o.candidate_zone_types = {"grassland"};
  o.candidate_stride = 25;  // one candidate
  const PlacementProblem p = build_placement_problem(one_station_scenario(), region, o);
  REQUIRE(p.matrix.free_site_count() == 1);
  CHECK_NOTHROW(solve_mclp(p.matrix, 1));
  CHECK_THROWS_AS(solve_mclp(p.matrix, 2), InputError);
}

TEST_CASE("An infeasible set cover names the demand no site reaches and its best reach time", "[placement]") {
  const Region region = grid_region();
  PlacementOptions o = quick_options();
  o.limit_s = 5.0;  // a new site covers only its own node
  o.candidate_zones = {"town"};
  const PlacementProblem p = build_placement_problem(one_station_scenario(), region, o);
  const InputError e = dsim::testing::input_error_from([&] { solve_lscp(p.matrix); });
  const std::string what = e.what();
  CHECK(what.find("(park)") != std::string::npos);
  CHECK(what.find("10") != std::string::npos);  // the park's nearest town node is one 10 s edge away
}

TEST_CASE("The plan's YAML merged into a scenario reads back with the new stations and teams", "[placement]") {
  const Region region = grid_region();
  const Scenario scenario = one_station_scenario();
  const PlacementProblem p = build_placement_problem(scenario, region, quick_options());
  const SitingResult plan = solve_mclp(p.matrix, 2);
  const auto stations = planned_stations(scenario, region, p, plan, team_template(scenario, "slow"));
  const std::string text = planned_stations_yaml(stations, "test plan");

  std::ifstream in(std::string(DSIM_SOURCE_DIR) + "/tests/data/good/small.yaml");
  std::stringstream base_text;
  base_text << in.rdbuf();
  YAML::Node base = YAML::Load(base_text.str());
  const YAML::Node planned = YAML::Load(text);
  for (const auto& s : planned["stations"]) base["stations"].push_back(s);
  for (const auto& t : planned["teams"]) base["teams"].push_back(t);
  YAML::Emitter out;
  out << base;
  const Scenario merged = read_scenario_text(out.c_str(), "merged.yaml").checked();
  REQUIRE(merged.stations.size() == 4 + 2);
  REQUIRE(merged.teams.size() == 4 + 2);
  for (std::size_t k = 0; k < 2; ++k) {
    const StationSpec& s = merged.stations[4 + k];
    CHECK(s.id == stations[k].station.id);
    CHECK(s.location.kind == Location::Kind::node);
    CHECK(s.location.node_id == stations[k].station.location.node_id);
    const TeamSpec& t = merged.teams[4 + k];
    CHECK(t.station == s.id);
    CHECK(t.turnout_s.kind == Distribution::Kind::uniform);
    CHECK(t.turnout_s.a == 60.0);
    CHECK(t.turnout_s.b == 120.0);
    CHECK(t.capabilities == std::vector<std::string>{"fire"});
  }
  CHECK(stations[0].near == "town_hall");
}
