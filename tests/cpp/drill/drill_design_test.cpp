// SPDX-License-Identifier: MIT
// The drill designer (sim/drill/drill_design.cpp) on a region built with one
// clearly weak village and one critical bridge (river_region.hpp): the
// proposed injects target those two; and a drill played through run_drill
// gives each replication's task time as the incidents table has it.
#include "sim/drill/drill_design.hpp"
#include "sim/core/error.hpp"
#include "sim/drill/drill_run.hpp"
#include "tests/cpp/drill/river_region.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <map>
#include <string>

namespace dsim {
namespace {

using testing::TempDir;

const WeakSpot* spot(const DrillDesign& d, const std::string& kind) {
  for (const WeakSpot& w : d.weak_spots)
    if (w.kind == kind) return &w;
  return nullptr;
}

const DrillInject* inject(const DrillSpec& d, const std::string& id) {
  for (const DrillInject& j : d.injects)
    if (j.id == id) return &j;
  return nullptr;
}

TEST_CASE("The designer aims its injects at the slowest village and the critical bridge", "[drill]") {
  TempDir dir;
  testing::write_river_region(dir);
  DrillDesignOptions opt;
  opt.scenario_path = (dir / "scenario.yaml").string();
  opt.drill_path = (dir / "drill.yaml").string();
  opt.objectives = {"response", "roads"};
  opt.replications = 3;
  opt.seed = 9;
  const DrillDesign design = design_drill(opt, 1);

  // The village: turnout 60 s + 17 040 m at 40 km/h (1534 s), weighted over its two nodes (the second
  // 445 m further at 30 km/h, 53 s): (1594 + 1647) / 2 = 1620.5 s.
  const WeakSpot* slow = spot(design, "slowest_place");
  REQUIRE(slow != nullptr);
  CHECK(slow->where == "village");
  CHECK(slow->inject == "incident_village");
  CHECK(slow->value == Approx(1620.5).margin(1.0));

  // Bridge 1: closing it takes the town's 500 people out of the 5-minute circle; bridge 2 none.
  const WeakSpot* bridge = spot(design, "critical_bridge");
  REQUIRE(bridge != nullptr);
  CHECK(bridge->where == "bridge_1");
  CHECK(bridge->inject == "close_bridge_1");
  CHECK(bridge->value == Approx(500.0));
  CHECK(bridge->finding.find("Town over the river") != std::string::npos);

  // The injects in the drill file: an incident in the village zone, the closure of bridge 1 from its
  // west to its east end, and an incident in the town it cuts off.
  const DrillSpec& d = design.drill;
  const DrillInject* fire = inject(d, "incident_village");
  REQUIRE(fire != nullptr);
  const YAML::Node fire_sections = YAML::Load(fire->sections);
  REQUIRE(fire_sections["incident_list"].size() == 1);
  const YAML::Node incident = fire_sections["incident_list"][0];
  CHECK(incident["location"]["zone"].as<std::string>() == "village");
  CHECK(incident["type"].as<std::string>() == "structure_fire");
  CHECK(incident["name"].as<std::string>() == "incident_village");

  const DrillInject* closure = inject(d, "close_bridge_1");
  REQUIRE(closure != nullptr);
  const YAML::Node closures = YAML::Load(closure->sections)["road_closures"];
  REQUIRE(closures.size() == 1);
  CHECK(closures[0]["from"]["place"].as<std::string>() == "bridge_1_west");
  CHECK(closures[0]["to"]["place"].as<std::string>() == "bridge_1_east");
  const DrillInject* cut_off = inject(d, "cut_off_town");
  REQUIRE(cut_off != nullptr);
  CHECK(YAML::Load(cut_off->sections)["incident_list"][0]["location"]["zone"].as<std::string>() == "town");
  CHECK(cut_off->incidents == std::vector<std::string>{"cut_off_town"});

  // The tasks point at those incidents, the drill file reads back, and its scenario points at the plan.
  const CriticalTask* first = d.find_task("first_unit_village");
  REQUIRE(first != nullptr);
  CHECK(first->event == DrillEvent::first_arrival);
  CHECK(first->incident == "incident_village");
  const CriticalTask* cut = d.find_task("first_unit_cut_off_town");
  REQUIRE(cut != nullptr);
  CHECK(cut->incident == "cut_off_town");
  CHECK(d.replications == 3);
  CHECK(d.scenario == opt.scenario_path);
  CHECK(read_drill_text(design.drill_text, opt.drill_path).tasks.size() == d.tasks.size());

  // Played: the closure sends the cut-off town's units the long way round over bridge 2 (more than
  // 20 min, against about 3 min over bridge 1), and the village takes more than 25 min.
  REQUIRE(design.run.expected.size() == d.tasks.size());
  const std::size_t k_cut = static_cast<std::size_t>(cut - d.tasks.data());
  const std::size_t k_first = static_cast<std::size_t>(first - d.tasks.data());
  CHECK(design.run.expected[k_cut].happened == 3);
  CHECK(design.run.expected[k_cut].median_s > 20 * 60.0);
  CHECK(design.run.expected[k_first].median_s > 25 * 60.0);
  REQUIRE(design.run.scenario.scenario.road_closures.size() == 1);
}

TEST_CASE("The designer rejects an objective it does not know and one the scenario cannot exercise", "[drill]") {
  TempDir dir;
  testing::write_river_region(dir);
  DrillDesignOptions opt;
  opt.scenario_path = (dir / "scenario.yaml").string();
  opt.objectives = {"respons"};
  CHECK_THROWS_AS(design_drill(opt, 1), InputError);
  opt.objectives = {"warning"};  // the scenario has no warning section
  try {
    design_drill(opt, 1);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.file() == opt.scenario_path);
    CHECK(e.key() == "warning");
  }
}

TEST_CASE("run_drill: each replication's first-arrival time is the incident's first arrival less its call", "[drill]") {
  TempDir dir;
  testing::write_river_region(dir);
  const std::string drill_text =
      "name: river drill\n"
      "scenario: scenario.yaml\n"
      "duration: 2 h\n"
      "replications: 4\n"
      "seed: 3\n"
      "capabilities: [{id: response}]\n"
      "tasks:\n"
      "  - {id: village, capability: response, event: first_arrival, incident: village_fire, target: 30 min}\n"
      "  - {id: town, capability: response, event: first_arrival, incident: town_fire, target: 5 min}\n"
      "  - {id: town_dispatch, capability: response, event: dispatch, incident: town_fire, from: start, target: 30 min}\n"
      "injects:\n"
      "  - id: fires\n"
      "    incident_list:\n"
      "      - {name: village_fire, time: 10 min, type: structure_fire, location: {zone: village}}\n"
      "      - {name: town_fire, time: 50 min, type: structure_fire, location: {zone: town}}\n";
  const DrillSpec drill = read_drill_text(drill_text, (dir / "drill.yaml").string());
  const DrillRun run = run_drill(drill, 1);
  REQUIRE(run.times.replications.size() == 4);
  REQUIRE(run.times.time_s.size() == 3);

  // The incidents table, read here on its own: per replication and incident name, call and first arrival.
  const ResultsTable& incidents = run.results.table("incidents");
  const auto& rep = std::get<std::vector<std::int64_t>>(incidents.column("replication").data);
  const auto& source = std::get<std::vector<std::string>>(incidents.column("source").data);
  const auto& call = std::get<std::vector<double>>(incidents.column("call_s").data);
  const auto& arrival = std::get<std::vector<double>>(incidents.column("first_arrival_s").data);
  const auto& dispatch = std::get<std::vector<double>>(incidents.column("first_dispatch_s").data);
  CHECK(rep.size() == 2 * 4);  // the two injected incidents, and no background ones
  std::map<std::pair<std::int64_t, std::string>, std::size_t> row;
  for (std::size_t i = 0; i < rep.size(); ++i) row[{rep[i], source[i]}] = i;
  for (std::size_t r = 0; r < run.times.replications.size(); ++r) {
    const std::int64_t replication = run.times.replications[r];
    INFO("replication " << replication);
    REQUIRE(row.count({replication, "village_fire"}) == 1);
    REQUIRE(row.count({replication, "town_fire"}) == 1);
    const std::size_t v = row.at({replication, "village_fire"});
    const std::size_t t = row.at({replication, "town_fire"});
    CHECK(run.times.time_s[0][r] == arrival[v] - call[v]);
    CHECK(run.times.at_s[0][r] == arrival[v]);
    CHECK(run.times.time_s[1][r] == arrival[t] - call[t]);
    CHECK(run.times.time_s[2][r] == dispatch[t]);  // counted from the start
    CHECK(run.times.reference_s[0][r] == call[v]);
    CHECK(run.times.reference_s[2][r] == 0.0);
    // The right incidents: the village is more than 25 min out, the town less than 5 over bridge 1.
    CHECK(run.times.time_s[0][r] > 25 * 60.0);
    CHECK(run.times.time_s[1][r] < 5 * 60.0);
    CHECK(call[t] >= 50 * 60.0);
  }
  CHECK(run.expected[0].happened == 4);
  CHECK(run.expected[0].met_share == 1.0);  // about 27 min against 30
  CHECK(run.expected[1].met_share == 1.0);
}

}  // namespace
}  // namespace dsim
