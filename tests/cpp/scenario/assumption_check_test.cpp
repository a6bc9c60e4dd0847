// SPDX-License-Identifier: MIT
// What a run assumes, said by `dsim validate` and stored with the results:
// one test per case of sim/scenario/assumption_check.hpp, each asserting the
// scenario file and the line of the key.
#include "sim/run/region_loader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/scenario/assumption_check.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <sys/wait.h>

namespace dsim {
namespace {

using testing::TempDir;

const std::string kTinyDir = std::string(DSIM_SOURCE_DIR) + "/tests/data/bad_region/tiny_region";

// The tiny network (six nodes from 109.800 to 109.802 E, 39.600 to 39.601 N)
// with its town, and a field east of it where 40 people live and no road runs.
void write_zones(const TempDir& dir) {
  dir.write("zones.csv",
            "id,name,type,population,polygon\n"
            "town,Tiny town,village,300,109.7995 39.5995;109.8025 39.5995;109.8025 39.6015;109.7995 39.6015\n"
            "east_field,East field,grassland,40,109.810 39.610;109.812 39.610;109.812 39.612;109.810 39.612\n");
}

struct Checked {
  std::string path;
  Scenario scenario;
  std::vector<ScenarioProblem> warnings;
};

Checked check(const TempDir& dir, const std::string& text) {
  write_zones(dir);
  const std::string path = dir.write("scenario.yaml", text).string();
  ScenarioReading reading = read_scenario_file(path);
  INFO((reading.problems.empty() ? std::string() : reading.problems.front().message()));
  REQUIRE(reading.ok());
  Scenario s = std::move(reading).checked();
  const Region region = load_region(s.region, {}, path);
  std::vector<ScenarioProblem> warnings = check_scenario_assumptions(s, region);
  for (const ScenarioProblem& p : warnings) CHECK_FALSE(p.is_error());
  return {path, std::move(s), std::move(warnings)};
}

const ScenarioProblem* find_warning(const Checked& c, const std::string& fragment) {
  for (const ScenarioProblem& p : c.warnings)
    if (p.message().find(fragment) != std::string::npos) return &p;
  return nullptr;
}

std::string region_text(const std::string& extra = {}) {
  return "name: assumed\n"                                  // 1
         "region:\n"                                        // 2
         "  network: " + kTinyDir + "/nodes.csv\n"          // 3
         "  zones: zones.csv\n" + extra;                    // 4
}

const std::string kForces =
    "stations:\n"
    "  - {id: s, location: {node: 1}}\n"
    "teams:\n"
    "  - {id: t, station: s, level: village, size: 10, capabilities: [fire]}\n";

TEST_CASE("validate warns of a zone with people and no road node, at the line of region.zones", "[assumptions]") {
  TempDir dir;
  const Checked c = check(dir, region_text() + kForces);
  const ScenarioProblem* w = find_warning(c, "east_field");
  REQUIRE(w != nullptr);
  CHECK(w->file == c.path);
  CHECK(w->line == 4);
  CHECK(w->key == "region.zones");
  CHECK(w->found == "zone 'east_field' (East field) with 40 people and no road node");
  CHECK(find_warning(c, "'town'") == nullptr);  // the town has roads
}

TEST_CASE("validate warns of a location snapped farther than region.snap_warning_m, with the distance",
          "[assumptions]") {
  TempDir dir;
  const std::string forces =
      "stations:\n"                                              // 5
      "  - {id: near, location: {lon: 109.8001, lat: 39.6000}}\n"  // 6: about 9 m from node 1
      "  - {id: far, location: {lon: 109.8050, lat: 39.6000}}\n"   // 7: about 257 m east of node 3
      "teams:\n"                                                 // 8
      "  - {id: t, station: near, level: village, size: 10, capabilities: [fire]}\n"
      "  - {id: u, station: far, level: village, size: 10, capabilities: [fire]}\n"
      "incident_list:\n"                                         // 11
      "  - {time: 1 h, type: fire, location: {lon: 109.8010, lat: 39.6040}}\n"  // 12: about 333 m north of node 5
      "plan:\n"
      "  responses:\n"
      "    fire: {any: {needs: {fire: 1}}}\n";
  const Checked c = check(dir, region_text() + forces);
  const ScenarioProblem* station = find_warning(c, "station 'far'");
  REQUIRE(station != nullptr);
  CHECK(station->file == c.path);
  CHECK(station->line == 7);
  CHECK(station->key == "stations[1].location");
  CHECK(station->found == "station 'far' snapped 257 m to road node 3");
  CHECK(find_warning(c, "station 'near'") == nullptr);
  const ScenarioProblem* incident = find_warning(c, "incident 1");
  REQUIRE(incident != nullptr);
  CHECK(incident->line == 12);
  CHECK(incident->found == "incident 1 snapped 334 m to road node 5");

  SECTION("a larger distance set in the scenario keeps them quiet") {
    TempDir other;
    const Checked quiet = check(other, region_text("  snap_warning_m: 400\n") + forces);
    CHECK(find_warning(quiet, "snapped") == nullptr);
  }
}

TEST_CASE("validate warns of a depot snapped far from a road, as a station", "[assumptions][logistics_reader]") {
  TempDir dir;
  const std::string logistics =
      "logistics:\n"                                                  // 9
      "  items: [{id: tent}]\n"                                       // 10
      "  depots:\n"                                                   // 11
      "    - {id: store, level: township, location: {node: 1}}\n"     // 12
      "    - {id: far_store, level: township, location: {lon: 109.8050, lat: 39.6000}}\n";  // 13
  const Checked c = check(dir, region_text() + kForces + logistics);
  const ScenarioProblem* depot = find_warning(c, "depot 'far_store'");
  REQUIRE(depot != nullptr);
  CHECK(depot->file == c.path);
  CHECK(depot->line == 13);
  CHECK(depot->key == "logistics.depots[1].location");
  CHECK(depot->found == "depot 'far_store' snapped 257 m to road node 3");
  CHECK(find_warning(c, "depot 'store'") == nullptr);

  SECTION("a depot at a node the network lacks is an error of the places") {
    TempDir other;
    write_zones(other);
    const std::string path = other.write("scenario.yaml", region_text() + kForces +
                                                              "logistics:\n  items: [{id: tent}]\n  depots:\n"
                                                              "    - {id: store, level: township, location: {node: 99}}\n")
                                 .string();
    Scenario s = read_scenario_file(path).checked();
    const Region region = load_region(s.region, {}, path);
    const std::vector<ScenarioProblem> problems = check_scenario_against_region(s, region);
    const auto it = std::find_if(problems.begin(), problems.end(), [](const ScenarioProblem& p) {
      return p.key == "logistics.depots[0].location.node" && p.is_error();
    });
    REQUIRE(it != problems.end());
    CHECK(it->line == 12);
  }
}

TEST_CASE("validate warns of an escalation step no team can serve, at the line of the step", "[assumptions]") {
  TempDir dir;
  const std::string text = region_text() +
                           "stations:\n"                                                            // 5
                           "  - {id: s, location: {node: 1}}\n"                                     // 6
                           "teams:\n"                                                               // 7
                           "  - {id: v, station: s, level: village, size: 10, capabilities: [fire]}\n"  // 8
                           "  - {id: w, station: s, level: township, size: 10, capabilities: [comms]}\n"  // 9
                           "plan:\n"                                                                // 10
                           "  responses:\n"                                                         // 11
                           "    fire: {any: {needs: {fire: 2}}}\n"                                  // 12
                           "  escalation:\n"                                                        // 13
                           "    - {levels: [village]}\n"                                            // 14
                           "    - {levels: [township], request_delay: 5 min}\n"                     // 15
                           "    - {levels: [city], request_delay: 15 min}\n";                       // 16
  const Checked c = check(dir, text);
  const ScenarioProblem* city = find_warning(c, "escalation step 3");
  REQUIRE(city != nullptr);
  CHECK(city->file == c.path);
  CHECK(city->line == 16);
  CHECK(city->key == "plan.escalation[2]");
  CHECK(city->found == "escalation step 3 (city) with no team at its levels");
  const ScenarioProblem* township = find_warning(c, "escalation step 2");
  REQUIRE(township != nullptr);
  CHECK(township->line == 15);
  CHECK(township->found.find("none of the capabilities the plan's rules need (fire)") != std::string::npos);
  CHECK(find_warning(c, "escalation step 1") == nullptr);

  SECTION("the default ladder is checked too, at the line of the plan") {
    TempDir other;
    const std::string plain = region_text() + kForces +
                              "plan:\n"                                  // 9
                              "  responses:\n"                            // 10: where the plan's map starts
                              "    fire: {any: {needs: {fire: 2}}}\n";
    const Checked d = check(other, plain);
    const ScenarioProblem* step = find_warning(d, "step 4 of the default escalation ladder (city)");
    REQUIRE(step != nullptr);
    CHECK(step->line == 10);
    CHECK(step->key == "plan");
    CHECK(find_warning(d, "step 1 of the default") == nullptr);  // the village team serves it
  }
}

// An ESRI ASCII grid of cols x rows cells of 100 m, flat.
void write_dem(const TempDir& dir, const std::string& name, int cols, int rows) {
  std::string text = "ncols " + std::to_string(cols) + "\nnrows " + std::to_string(rows) +
                     "\nxllcorner -1000\nyllcorner -1000\ncellsize 100\n";
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) text += c ? " 1000" : "1000";
    text += "\n";
  }
  dir.write(name, text);
}

TEST_CASE("validate notes a DEM much larger than the region, at the line of flood.dem, from its header",
          "[assumptions]") {
  TempDir dir;
  write_dem(dir, "big.asc", 60, 50);   // 30 km2 around roads spanning under 1 km2
  write_dem(dir, "small.asc", 15, 12);  // 1.8 km2
  const std::string rules = "plan:\n  responses:\n    fire: {any: {needs: {fire: 1}}}\n";
  const auto flood = [](const std::string& dem) {
    return "flood:\n"                                   // 12
           "  dem: " + dem + "\n"                       // 13
           "  origin: {lon: 109.801, lat: 39.6005}\n"
           "  duration: 1 h\n";
  };
  const Checked big = check(dir, region_text() + kForces + rules + flood("big.asc"));
  const ScenarioProblem* w = find_warning(big, "times the road network's extent");
  REQUIRE(w != nullptr);
  CHECK(w->file == big.path);
  CHECK(w->line == 13);
  CHECK(w->key == "flood.dem");
  CHECK(w->found == "60 x 50 cells over 30 km2, 30 times the road network's extent (1 km2)");

  TempDir other;
  write_dem(other, "small.asc", 15, 12);
  const Checked small = check(other, region_text() + kForces + rules + flood("small.asc"));
  CHECK(find_warning(small, "road network's extent") == nullptr);
}

std::pair<int, std::string> run_cli(const std::string& args) {
  std::string out;
  FILE* p = ::popen((std::string(DSIM_CLI) + " " + args + " 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST_CASE("dsim validate prints what is assumed with file and line, and a run keeps it in its results and summary",
          "[assumptions][cli]") {
  TempDir dir;
  write_zones(dir);
  const std::string text = region_text() +
                           "stations:\n"
                           "  - {id: far, location: {lon: 109.8050, lat: 39.6000}}\n"  // 6
                           "teams:\n"
                           "  - {id: t, station: far, level: village, size: 10, capabilities: [fire]}\n"
                           "plan:\n"
                           "  responses:\n"
                           "    fire: {any: {needs: {fire: 1}}}\n"
                           "horizon: 1 h\n"
                           "replications: 1\n";
  const std::string path = dir.write("scenario.yaml", text).string();
  const auto [status, out] = run_cli("validate " + path);
  CHECK(status == 0);
  CHECK(out.find(path + ":6:") != std::string::npos);
  CHECK(out.find("snapped 257 m to road node 3") != std::string::npos);
  CHECK(out.find(path + ":4:") != std::string::npos);  // the field with people and no road
  CHECK(run_cli("validate --strict " + path).first == 2);

  Scenario s = read_scenario_file(path).checked();
  const PreparedScenario prepared = prepare_scenario(std::move(s), 1);
  REQUIRE(prepared.assumptions.size() >= 2);
  const ResponseExperiment ex = run_prepared(prepared, 1);
  const ResultsFile results = response_results(prepared, ex);
  const ResultsTable& table = results.table("assumptions");
  REQUIRE(table.rows() == prepared.assumptions.size());
  const auto& lines = std::get<std::vector<std::int64_t>>(table.column("line").data);
  const auto& found = std::get<std::vector<std::string>>(table.column("found").data);
  bool snapped = false;
  for (std::size_t i = 0; i < found.size(); ++i)
    if (found[i] == "station 'far' snapped 257 m to road node 3") snapped = lines[i] == 6;
  CHECK(snapped);

  const auto [run_status, summary] = run_cli("run " + path + " -r 1 -j 1");
  CHECK(run_status == 0);
  CHECK(summary.find("Assumed (") != std::string::npos);
  CHECK(summary.find(path + ":6:") != std::string::npos);
}

}  // namespace
}  // namespace dsim
