// SPDX-License-Identifier: MIT
#include "sim/run/scenario_flood.hpp"

#include "sim/experiment/response_experiment.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/run/warning_runner.hpp"
#include "sim/network/road_network.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

using namespace dsim;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = fs::path(DSIM_SOURCE_DIR);
const fs::path kBadDem = kSource / "tests" / "data" / "bad" / "dem";

const char* const kFlood = R"(name: flood
stations:
  - {id: a, location: {node: 5}}
teams:
  - {id: t1, station: a, level: village, size: 10, capabilities: [water_rescue]}
incidents:
  - {type: water_rescue, rate: 1, zone_types: [village]}
plan:
  responses:
    water_rescue:
      minor: {needs: {water_rescue: 4}}
flood:
  synthetic: river_valley
  cell_size: 200 m
  manning_n: 0.04
  inflows:
    - {name: wave, at: {place: river_upstream}, hydrograph: [[0, 300], [1 h, 3000]]}
    - {line: [{place: river_upstream}, {place: river_downstream}], hydrograph: [[0, 5]]}
  rainfall: [[0, 0], [30 min, 20]]
  boundaries:
    - {edge: east, kind: free, slope: 0.001}
    - {edge: west, kind: fixed_level, series: [[0, 1290], [2 h, 1295]]}
  duration: 2 h
  coupling_interval: 2 min
  frame_interval: 1 h
  closure_depth: {standard: 0.25, high_clearance: 0.5}
  exposure_depth: 0.2 m
  rescue: {type: water_rescue, people_per_incident: 300}
)";

// The errors (warnings left out) of reading a scenario text.
std::vector<ScenarioProblem> errors_of(const std::string& text, const std::string& name) {
  std::vector<ScenarioProblem> problems = read_scenario_text(text, name).problems;
  std::erase_if(problems, [](const ScenarioProblem& p) { return !p.is_error(); });
  return problems;
}

std::string messages_of(const std::vector<ScenarioProblem>& problems) {
  std::string all;
  for (const auto& p : problems) all += p.message() + "\n";
  return all;
}

}  // namespace

TEST_CASE("The flood section is read with its units and defaults", "[run][flood]") {
  const ScenarioReading reading = read_scenario_text(kFlood, "flood.yaml");
  for (const auto& p : reading.problems) INFO(p.message());
  REQUIRE(reading.ok());
  REQUIRE(reading.scenario.flood.has_value());
  const FloodSpec& f = *reading.scenario.flood;
  CHECK(f.synthetic_valley);
  CHECK(f.cell_size_m == 200.0);
  CHECK(f.manning_n == 0.04);
  REQUIRE(f.inflows.size() == 2);
  CHECK(f.inflows[0].name == "wave");
  CHECK(f.inflows[0].points.front().place == "river_upstream");
  CHECK(f.inflows[0].discharge_m3_s.at(1800.0) == Approx(1650.0));
  CHECK(f.inflows[1].points.size() == 2);
  CHECK(f.rain_mm_per_h.at(3600.0) == 20.0);
  REQUIRE(f.boundaries.size() == 2);
  CHECK(f.boundaries[0].kind == BoundaryKind::free);
  CHECK(f.boundaries[0].slope == 0.001);
  CHECK(f.boundaries[1].edge == GridEdge::west);
  CHECK(f.boundaries[1].series.at(3600.0) == Approx(1292.5));
  CHECK(f.duration_s == 2 * 3600.0);
  CHECK(f.coupling_interval_s == 120.0);
  CHECK(f.frame_interval_s == 3600.0);
  CHECK(f.closure_depth_for("standard") == 0.25);
  CHECK(f.closure_depth_for("high_clearance") == 0.5);
  CHECK(f.closure_depth_for("boat") == 0.25);  // unnamed classes take the standard depth
  CHECK(f.exposure_depth_m == 0.2);
  REQUIRE(f.rescue.has_value());
  CHECK(f.rescue->severity == "minor");
  CHECK(f.rescue->people_per_incident == 300.0);
}

TEST_CASE("The flood's precision is read, double by default, and a bad one is reported with its line", "[run][flood]") {
  CHECK(read_scenario_text(kFlood, "flood.yaml").scenario.flood->precision == FloodPrecision::double_precision);
  const ScenarioReading single = read_scenario_text(std::string(kFlood) + "  precision: single\n", "flood.yaml");
  REQUIRE(single.ok());
  CHECK(single.scenario.flood->precision == FloodPrecision::single_precision);
  const std::vector<ScenarioProblem> problems = errors_of(std::string(kFlood) + "  precision: float\n", "flood.yaml");
  INFO(messages_of(problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "flood.precision");
  CHECK(problems[0].line > 0);
}

TEST_CASE("Every problem of a flood section is reported at once with its line", "[run][flood]") {
  std::string broken = std::string(kFlood) + "  river_depth: -1\n";
  broken.replace(broken.find("frame_interval: 1 h"), 19, "frame_interval: soon");
  broken.replace(broken.find("kind: free"), 10, "kind: fre");
  broken.replace(broken.find("synthetic: river_valley"), 23, "synthetic: river_vally");
  const std::vector<ScenarioProblem> problems = errors_of(broken, "flood.yaml");
  INFO(messages_of(problems));
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].key == "flood.synthetic");
  CHECK(problems[0].suggestion == "river_valley");
  CHECK(problems[1].key == "flood.boundaries[0].kind");
  CHECK(problems[1].suggestion == "free");
  CHECK(problems[2].key == "flood.frame_interval");
  CHECK(problems[3].key == "flood.river_depth");
  for (const auto& p : problems) CHECK(p.line > 0);
}

TEST_CASE("The flood's extent, waterway and bridge keys are read, and bad values are reported with their lines",
          "[run][flood]") {
  std::string text = R"(name: real
region: {network: roads.osm.pbf}
stations:
  - {id: a, location: {lon: 1.52, lat: 42.5}}
teams:
  - {id: t1, station: a, level: village, size: 10, capabilities: [water_rescue]}
plan:
  responses:
    water_rescue:
      minor: {needs: {water_rescue: 4}}
flood:
  dem: N42E001.hgt.zip
  cell_size: 200 m
  extent: [1.45, 42.45, 1.6, 42.56]
  margin: 500 m
  waterways: {source: osm, kinds: [river, canal], wet_kinds: river, channel_depth: 3 m, initial_depth: 0.8 m}
  bridge_clearance: 4 m
)";
  const ScenarioReading good = read_scenario_text(text, "real.yaml");
  for (const auto& p : good.problems) INFO(p.message());
  REQUIRE(good.ok());
  const FloodSpec& f = *good.scenario.flood;
  CHECK(f.cell_size_given);
  REQUIRE(f.extent.has_value());
  CHECK((*f.extent)[0] == 1.45);
  CHECK((*f.extent)[3] == 42.56);
  CHECK_FALSE(f.whole_dem);
  CHECK(f.margin_m == 500.0);
  REQUIRE(f.waterways.has_value());
  CHECK(f.waterways->source == "roads.osm.pbf");  // osm: the region's network file
  CHECK(f.waterways->kinds == std::vector<std::string>{"river", "canal"});
  CHECK(f.waterways->wet_kinds == std::vector<std::string>{"river"});
  CHECK(f.waterways->channel_depth_m == 3.0);
  CHECK(f.waterways->initial_depth_m == 0.8);
  CHECK(f.bridge_clearance_m == 4.0);

  std::string whole = text;
  whole.replace(whole.find("[1.45, 42.45, 1.6, 42.56]"), 25, "dem");
  CHECK(read_scenario_text(whole, "real.yaml").scenario.flood->whole_dem);

  std::string bad = text;
  bad.replace(bad.find("[1.45, 42.45, 1.6, 42.56]"), 25, "[1.6, 42.45, 1.45, 42.56]");
  bad.replace(bad.find("margin: 500 m"), 13, "margin: -5 m");
  bad.replace(bad.find("bridge_clearance: 4 m"), 21, "bridge_clearance: high");
  bad.replace(bad.find("channel_depth: 3 m"), 18, "channel_dept: 3 m");
  const std::vector<ScenarioProblem> problems = errors_of(bad, "real.yaml");
  INFO(messages_of(problems));
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].key == "flood.extent");
  CHECK(problems[0].line == 14);
  CHECK(problems[1].key == "flood.margin");
  CHECK(problems[2].key == "flood.waterways.channel_dept");
  CHECK(problems[2].suggestion == "channel_depth");
  CHECK(problems[3].key == "flood.bridge_clearance");
  for (const auto& p : problems) CHECK(p.line > 0);
}

TEST_CASE("A malformed or misplaced DEM is reported with its own file and line once the region is loaded",
          "[run][flood]") {
  struct Case {
    const char* name;
    std::size_t line;
    const char* fragment;
  };
  const Case cases[] = {{"asc_bad_header", 2, "nrowz"},
                        {"asc_short_row", 7, "row 2"},
                        {"asc_not_a_number", 9, "column 3"},
                        {"dem_elsewhere", 0, "a DEM that overlaps the road network"}};
  const Scenario first = read_scenario_file((kBadDem / "asc_bad_header.yaml").string()).checked();
  const Region region = load_region(first.region, {}, "region");
  for (const Case& c : cases) {
    INFO(c.name);
    const Scenario s = read_scenario_file((kBadDem / (std::string(c.name) + ".yaml")).string()).checked();
    REQUIRE(s.flood.has_value());
    auto problems = check_scenario_against_region(s, region);
    std::erase_if(problems, [](const ScenarioProblem& p) { return !p.is_error(); });  // what is assumed: elsewhere
    REQUIRE(problems.size() == 1);
    INFO(problems[0].message());
    CHECK(problems[0].is_error());
    CHECK(fs::path(problems[0].file).filename().string() == std::string(c.name) + ".asc");
    CHECK(problems[0].line == c.line);
    CHECK(problems[0].message().find(c.fragment) != std::string::npos);
  }
}

TEST_CASE("A flood scenario runs its flood once and hands road changes, arrivals and rescues to the response",
          "[run][flood]") {
  Scenario s = read_scenario_text(kFlood, "flood.yaml").checked();
  s.region.synthetic_target_nodes = 10000;
  s.stations[0].location = Location{Location::Kind::place, 0, 0.0, 0.0, {}, "new_town_centre"};
  s.horizon_s = 2 * 3600.0;
  const PreparedScenario p = prepare_scenario(std::move(s), 2);
  REQUIRE(p.flood != nullptr);
  const FloodImpact& im = p.flood->impact;
  CHECK(p.model.network == &p.region->network);
  REQUIRE_FALSE(p.model.road_changes.empty());
  CHECK(std::is_sorted(p.model.road_changes.begin(), p.model.road_changes.end(),
                       [](const RoadChange& a, const RoadChange& b) { return a.time_s < b.time_s; }));
  for (const RoadChange& c : p.model.road_changes) CHECK(c.time_s <= 2 * 3600.0);
  CHECK(im.arrival.node_arrival_s.size() == p.region->network.node_count());
  CHECK(std::any_of(im.arrival.node_arrival_s.begin(), im.arrival.node_arrival_s.end(),
                    [](double t) { return t < HazardArrival::kNever; }));
  CHECK(im.frames_m.size() == 3);  // 0, 1 and 2 h
  CHECK(std::abs(im.mass_balance.relative_error()) < 1e-6);
  // Rescue calls are explicit incidents of the water_rescue type.
  const auto rescue_type = std::find(p.model.incident_types.begin(), p.model.incident_types.end(), "water_rescue") -
                           p.model.incident_types.begin();
  std::size_t rescues = 0;
  for (const auto& e : p.model.explicit_incidents) rescues += e.type == rescue_type;
  CHECK(rescues == im.rescues.size());
  REQUIRE(rescues > 0);
  REQUIRE_FALSE(im.closures.empty());

  // The response runs on the flooded roads and answers the rescue calls it was handed.
  ResponseRunOptions run;
  run.replications = 2;
  run.threads = 2;
  const ResponseExperiment ex = run_response(p.model, *p.travel, run);
  REQUIRE(ex.replications.size() == 2);
  for (const auto& rep : ex.replications) {
    std::size_t answered = 0;
    for (const auto& inc : rep.incidents) answered += inc.type == rescue_type;
    CHECK(answered == rescues);
  }

  ResultsFile file;
  add_flood_results(file, *p.flood, *p.region, p.model);
  const ResultsTable& grid = file.table("flood_grid");
  CHECK(grid.rows() == p.flood->terrain.terrain.geometry.cell_count());
  CHECK(file.table("flood_closures").rows() == im.closures.size());
  CHECK(file.table("flood_frames").rows() > 0);
  CHECK(file.table("flood_exposure").rows() > 0);
}

TEST_CASE("A warning section without a front takes its hazard's arrival times from the scenario's flood",
          "[run][flood]") {
  std::string text = std::string(kFlood) + R"(warning:
  groups: [{name: general}]
  channels: [{name: sms, reach: {general: 1}}]
  population: [{zone: new_town, people: {general: 300}}]
)";
  Scenario s = read_scenario_text(text, "flood.yaml").checked();
  s.region.synthetic_target_nodes = 10000;
  s.stations[0].location = Location{Location::Kind::place, 0, 0.0, 0.0, {}, "new_town_centre"};
  s.horizon_s = 2 * 3600.0;
  Scenario alone = s;
  const PreparedWarning w = prepare_warning(std::move(s));
  CHECK(w.hazard.hazard == "flood");
  REQUIRE(w.hazard.node_arrival_s.size() == w.region->network.node_count());
  // The same arrival times as the flood run for the response.
  alone.warning.reset();
  const PreparedScenario p = prepare_scenario(std::move(alone), 2);
  CHECK(w.hazard.node_arrival_s == p.flood->impact.arrival.node_arrival_s);
  CHECK(std::any_of(w.hazard.node_arrival_s.begin(), w.hazard.node_arrival_s.end(),
                    [](double t) { return t < HazardArrival::kNever; }));
}
