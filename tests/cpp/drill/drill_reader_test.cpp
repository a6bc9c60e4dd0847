// SPDX-License-Identifier: MIT
// The drill file (sim/scenario/drill_reader.cpp): what a valid one gives, and
// each kind of mistake reported at its file, line, column and key; the
// scenario a drill plays (drill_scenario.cpp): an inject's bad entry is
// reported at the inject's line in the drill file.
#include "sim/scenario/drill_spec.hpp"
#include "sim/scenario/scenario_problem.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dsim {
namespace {

using testing::TempDir;

const std::string kFile = "/drills/test_drill.yaml";

// The head of every drill below: lines 1-10.
const std::string kHead =
    "name: test drill\n"                                                     // 1
    "scenario: plan/scenario.yaml\n"                                         // 2
    "start: \"09:00\"\n"                                                     // 3
    "duration: 2 h\n"                                                        // 4
    "replications: 5\n"                                                      // 5
    "objectives:\n"                                                          // 6
    "  - {id: reach, text: Reach the village}\n"                             // 7
    "capabilities:\n"                                                        // 8
    "  - {id: response, name: Operational response, objectives: [reach]}\n"  // 9
    "  - {id: warning, objectives: [reach]}\n";                              // 10

const std::string kInjects =
    "injects:\n"                                        // +0
    "  - id: village_fire\n"                            // +1
    "    description: A fire in the village\n"          // +2
    "    incident_list:\n"                              // +3
    "      - {name: village_fire, time: 10 min, type: structure_fire, location: {zone: village}}\n"
    "    road_closures:\n"
    "      - {name: bridge_out, from: {place: b_west}, to: {place: b_east}, start: 20 min}\n";

// The problems read_drill_text reports (none when it reads the drill).
std::vector<ScenarioProblem> problems_of(const std::string& text) {
  try {
    read_drill_text(text, kFile);
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

// The one problem at `key`; fails when there is none or several.
ScenarioProblem problem_at(const std::vector<ScenarioProblem>& problems, const std::string& key) {
  std::optional<ScenarioProblem> found;
  for (const ScenarioProblem& p : problems) {
    if (p.key != key) continue;
    REQUIRE_FALSE(found);
    found = p;
  }
  INFO("key " << key << "; problems:");
  for (const ScenarioProblem& p : problems) INFO(p.message());
  REQUIRE(found);
  CHECK(found->file == kFile);
  CHECK(found->is_error());
  return *found;
}

TEST_CASE("A valid drill file gives its tasks, selectors, references and injects", "[drill]") {
  const std::string text = kHead +
                           "tasks:\n"  // 11
                           "  - {id: first_unit, capability: response, event: first_arrival, incident: village_fire, "
                           "target: 15 min}\n"  // 12
                           "  - {id: issued, name: Warning issued, capability: warning, event: warning_issued, target: "
                           "10 min}\n"  // 13
                           "  - {id: answered, capability: warning, event: call_answered, role: village_head, from: "
                           "issued, target: 300}\n"  // 14
                           "  - {id: heard, capability: warning, event: zone_warned, zone: village, target: 1 h}\n" +  // 15
                           kInjects;  // 16-
  const DrillSpec d = read_drill_text(text, kFile);
  CHECK(d.name == "test drill");
  CHECK(d.source_path == kFile);
  CHECK(d.scenario == "/drills/plan/scenario.yaml");  // relative to the drill file's folder
  CHECK(d.scenario_line == 2);
  CHECK(d.start_clock == "09:00");
  CHECK(d.duration_s == 7200.0);
  CHECK(d.replications == 5);
  REQUIRE(d.objectives.size() == 1);
  CHECK(d.objectives[0].text == "Reach the village");
  REQUIRE(d.capabilities.size() == 2);
  CHECK(d.capabilities[0].name == "Operational response");
  CHECK(d.capabilities[1].name == "warning");  // the id when no name is given
  CHECK(d.capabilities[1].objectives == std::vector<std::string>{"reach"});

  REQUIRE(d.tasks.size() == 4);
  const CriticalTask& first = d.tasks[0];
  CHECK(first.id == "first_unit");
  CHECK(first.name == "first_unit");
  CHECK(first.event == DrillEvent::first_arrival);
  CHECK(first.incident == "village_fire");
  CHECK(first.from == "call");  // the default of an incident event
  CHECK(first.target_s == 900.0);
  CHECK(first.line == 12);
  const CriticalTask& issued = d.tasks[1];
  CHECK(issued.name == "Warning issued");
  CHECK(issued.event == DrillEvent::warning_issued);
  CHECK(issued.from == "start");  // the default of other events
  CHECK(issued.target_s == 600.0);
  const CriticalTask& answered = d.tasks[2];
  CHECK(answered.event == DrillEvent::call_answered);
  CHECK(answered.role == "village_head");
  CHECK(answered.person.empty());
  CHECK(answered.from == "issued");
  CHECK(answered.target_s == 300.0);
  CHECK(d.tasks[3].event == DrillEvent::zone_warned);
  CHECK(d.tasks[3].zone == "village");
  CHECK(d.tasks[3].from == "start");
  CHECK(d.find_task("answered") == &d.tasks[2]);
  CHECK(d.find_task("nobody") == nullptr);

  REQUIRE(d.injects.size() == 1);
  const DrillInject& j = d.injects[0];
  CHECK(j.id == "village_fire");
  CHECK(j.description == "A fire in the village");
  CHECK(j.line == 17);
  CHECK(j.incidents == std::vector<std::string>{"village_fire"});
  CHECK(j.sections.find("incident_list") != std::string::npos);
  CHECK(j.sections.find("road_closures") != std::string::npos);
  CHECK(j.sections.find("description") == std::string::npos);  // only the scenario's sections
}

TEST_CASE("A drill file's mistakes are reported at their file, line, column and key", "[drill]") {
  SECTION("an unknown key, with the nearest known one") {
    const auto problems = problems_of(kHead +
                                      "tasks:\n"  // 11
                                      "  - id: first_unit\n"  // 12
                                      "    capability: response\n"
                                      "    event: warning_issued\n"
                                      "    targte: 5 min\n"  // 15
                                      "    target: 5 min\n"
                                      "  - {id: issued, capability: warning, event: warning_issued, target: 1 h}\n");
    const ScenarioProblem p = problem_at(problems, "tasks[0].targte");
    CHECK(p.line == 15);
    CHECK(p.column == 5);
    CHECK(p.suggestion == "target");
    CHECK(problems.size() == 1);
  }
  SECTION("an unknown event, with did-you-mean") {
    const auto problems = problems_of(kHead +
                                      "tasks:\n"  // 11
                                      "  - {id: issued, capability: warning, event: warning_issued, target: 1 h}\n"
                                      "  - id: first_unit\n"  // 13
                                      "    capability: response\n"
                                      "    incident: village_fire\n"
                                      "    event: first_arival\n"  // 16
                                      "    target: 5 min\n");
    const ScenarioProblem p = problem_at(problems, "tasks[1].event");
    CHECK(p.line == 16);
    CHECK(p.column == 12);
    CHECK(p.found == "'first_arival'");
    CHECK(p.suggestion == "first_arrival");
    CHECK(p.message().find("did you mean 'first_arrival'") != std::string::npos);
  }
  SECTION("a capability no capability has, with the nearest id") {
    const auto problems = problems_of(kHead +
                                      "tasks:\n"  // 11
                                      "  - {id: issued, capability: warning, event: warning_issued, target: 1 h}\n"
                                      "  - {id: other, capability: respons, event: warning_issued, target: 1 h}\n"  // 13
                                      "  - {id: third, capability: response, event: warning_issued, target: 1 h}\n");
    const ScenarioProblem p = problem_at(problems, "tasks[1].capability");
    CHECK(p.line == 13);
    CHECK(p.column == 29);
    CHECK(p.found == "'respons'");
    CHECK(p.suggestion == "response");
  }
  SECTION("a loop of from references") {
    const auto problems = problems_of(kHead +
                                      "tasks:\n"  // 11
                                      "  - {id: a, capability: warning, event: warning_issued, from: b, target: 1 h}\n"
                                      "  - {id: b, capability: response, event: warning_issued, from: a, target: 1 h}\n");
    const ScenarioProblem a = problem_at(problems, "tasks[0].from");
    CHECK(a.line == 12);
    CHECK(a.column == 63);
    CHECK(a.found.find("a loop") != std::string::npos);
    const ScenarioProblem b = problem_at(problems, "tasks[1].from");
    CHECK(b.line == 13);
    CHECK(b.found.find("a loop") != std::string::npos);
  }
  SECTION("a from naming no task") {
    const auto problems = problems_of(kHead +
                                      "tasks:\n"  // 11
                                      "  - {id: issued, capability: warning, event: warning_issued, target: 1 h}\n"
                                      "  - {id: b, capability: response, event: warning_issued, from: isued, target: 1 h}\n");
    const ScenarioProblem p = problem_at(problems, "tasks[1].from");
    CHECK(p.line == 13);
    CHECK(p.suggestion == "issued");
  }
  SECTION("first_arrival without incident:") {
    const auto problems = problems_of(kHead +
                                      "tasks:\n"  // 11
                                      "  - {id: issued, capability: warning, event: warning_issued, target: 1 h}\n"
                                      "  - id: first_unit\n"  // 13
                                      "    capability: response\n"
                                      "    event: first_arrival\n"
                                      "    target: 5 min\n");
    REQUIRE_FALSE(problems.empty());
    bool named = false;
    for (const ScenarioProblem& p : problems) {
      CHECK(p.key == "tasks[1]");
      CHECK(p.line == 13);
      CHECK(p.file == kFile);
      if (p.expected.find("`incident:`") != std::string::npos) named = true;
    }
    CHECK(named);
  }
  SECTION("a capability without tasks") {
    const auto problems =
        problems_of(kHead + "tasks:\n  - {id: issued, capability: warning, event: warning_issued, target: 1 h}\n");
    const ScenarioProblem p = problem_at(problems, "capabilities[0]");
    CHECK(p.line == 9);
    CHECK(p.column == 5);
    CHECK(p.expected == "a capability with at least one critical task");
    CHECK(problems.size() == 1);
  }
  SECTION("an inject with no scenario section") {
    const auto problems = problems_of(kHead +
                                      "tasks:\n"  // 11
                                      "  - {id: issued, capability: warning, event: warning_issued, target: 1 h}\n"
                                      "  - {id: other, capability: response, event: warning_issued, target: 1 h}\n"
                                      "injects:\n"  // 14
                                      "  - {id: nothing, description: Nothing at all}\n");  // 15
    const ScenarioProblem p = problem_at(problems, "injects[0]");
    CHECK(p.line == 15);
  }
}

// A scenario beside the drill: a straight road of three nodes, one station.
void write_plan(const TempDir& dir) {
  dir.write("nodes.csv", "id,lon,lat\n1,110.000,40.000\n2,110.010,40.000\n3,110.020,40.000\n");
  dir.write("edges.csv", "from,to,length_m,speed_kph,class,oneway\n1,2,853,60,primary,0\n2,3,853,60,primary,0\n");
  dir.write("zones.csv",
            "id,name,type,population,polygon\n"
            "village,Village,village,100,110.015 39.995;110.025 39.995;110.025 40.005;110.015 40.005\n");
  dir.write("scenario.yaml",
            "name: plan\n"
            "region: {network: nodes.csv, zones: zones.csv}\n"
            "stations: [{id: s, location: {node: 1}}]\n"
            "teams: [{id: t, station: s, level: village, size: 6, capabilities: [fire], turnout: 60}]\n"
            "plan:\n"
            "  responses:\n"
            "    structure_fire: {minor: {needs: {fire: 2}, on_scene: 20 min}}\n"
            "horizon: 4 h\n"
            "replications: 2\n");
}

TEST_CASE("drill_scenario reports an inject's bad entry at the inject's line of the drill file", "[drill]") {
  TempDir dir;
  write_plan(dir);
  const std::string drill_path = (dir / "drill.yaml").string();
  const std::string head =
      "name: d\n"                                                          // 1
      "scenario: scenario.yaml\n"                                          // 2
      "capabilities: [{id: response}]\n"                                   // 3
      "tasks:\n"                                                           // 4
      "  - {id: arrive, capability: response, event: first_arrival, incident: fire_1, target: 10 min}\n"  // 5
      "injects:\n"                                                         // 6
      "  - id: calm\n"                                                     // 7
      "    incident_list: [{name: other, time: 5 min, type: structure_fire, location: {node: 2}}]\n"
      "  - id: the_fire\n";                                                // 9
  SECTION("a valid drill plays the plan with the inject added") {
    const DrillSpec d =
        read_drill_text(head + "    incident_list: [{name: fire_1, time: 10 min, type: structure_fire, location: {zone: village}}]\n",
                        drill_path);
    const DrillScenario s = drill_scenario(d);
    REQUIRE(s.scenario.incidents.size() == 2);
    CHECK(s.scenario.incidents[1].name == "fire_1");
    CHECK(s.scenario.incidents[1].time_s == 600.0);
    CHECK(s.incident_inject.at(0) == "calm");
    CHECK(s.incident_inject.at(1) == "the_fire");
    CHECK(s.inject_time_s == std::vector<double>{300.0, 600.0});
  }
  SECTION("an unknown incident type") {
    const DrillSpec d =
        read_drill_text(head + "    incident_list: [{name: fire_1, time: 10 min, type: structure_fir, location: {zone: village}}]\n",
                        drill_path);
    try {
      drill_scenario(d);
      FAIL("expected a ScenarioError");
    } catch (const ScenarioError& e) {
      REQUIRE(e.problems().size() >= 1);
      const ScenarioProblem& p = e.problems().front();
      INFO(p.message());
      CHECK(p.file == drill_path);
      CHECK(p.line == 9);
      CHECK(p.key.rfind("incident_list[1]", 0) == 0);
      CHECK(p.note.find("inject 'the_fire'") != std::string::npos);
      CHECK(p.suggestion == "structure_fire");
    }
  }
  SECTION("a task naming an incident no incident_list entry has") {
    const DrillSpec d = read_drill_text(
        head + "    incident_list: [{name: fire_2, time: 10 min, type: structure_fire, location: {zone: village}}]\n",
        drill_path);
    try {
      drill_scenario(d);
      FAIL("expected a ScenarioError");
    } catch (const ScenarioError& e) {
      REQUIRE(e.problems().size() == 1);
      const ScenarioProblem& p = e.problems().front();
      CHECK(p.file == drill_path);
      CHECK(p.line == 5);
      CHECK(p.key == "tasks[0].incident");
      CHECK(p.found == "'fire_1'");
      CHECK(p.suggestion == "fire_2");
    }
  }
}

}  // namespace
}  // namespace dsim
