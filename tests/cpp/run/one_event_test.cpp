// SPDX-License-Identifier: MIT
// One event, one run, from a scenario file: the warning chain in the
// response's event loop, with and without its duties shared with the forces.
#include "sim/scenario/scenario_reader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/run/warning_runner.hpp"
#include "sim/warning/warning_spec.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

using namespace dsim;
namespace fs = std::filesystem;

namespace {

const fs::path kScenario = fs::path(DSIM_SOURCE_DIR) / "tests" / "data" / "good" / "one_event_front.yaml";

Scenario with_shared_forces(bool shared) {
  Scenario s = read_scenario_file(kScenario.string()).checked();
  auto w = std::make_shared<WarningSpec>(*s.warning);
  w->shared_forces = shared;
  s.warning = w;
  return s;
}

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string all_messages(const std::vector<ScenarioProblem>& problems) {
  std::string out;
  for (const ScenarioProblem& p : problems) out += p.message() + "\n";
  return out;
}

}  // namespace

TEST_CASE("Without shared duties the one run gives exactly the separate warning and response runs", "[run][coupled]") {
  const PreparedScenario prepared = prepare_scenario(with_shared_forces(false), 2);
  REQUIRE(prepared.warning);
  const ResponseExperiment coupled = run_response(prepared.model, *prepared.travel, scenario_run_options(prepared, 2));
  ResponseRunOptions alone_options = scenario_run_options(prepared, 2);
  alone_options.warning.reset();
  const ResponseExperiment response_alone = run_response(prepared.model, *prepared.travel, alone_options);

  REQUIRE(coupled.replications.size() == 6);
  REQUIRE(coupled.warning.size() == 6);
  REQUIRE(response_alone.warning.empty());
  for (std::size_t r = 0; r < 6; ++r) {
    const std::vector<double> a = kpi_values(coupled.replications[r].kpis);
    const std::vector<double> b = kpi_values(response_alone.replications[r].kpis);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) CHECK(same(a[k], b[k]));
  }

  const PreparedWarning warning = prepare_warning(with_shared_forces(false));
  const WarningExperiment warning_alone = run_warning_experiment(warning.model, warning.hazard, *warning.routes,
                                                                 warning.scenario.seed, 6, 2);
  for (std::size_t r = 0; r < 6; ++r) {
    const WarningSummary one = summarize_warning(*prepared.warning, coupled.warning[r]);
    const WarningSummary& two = warning_alone.replications[r];
    CHECK(same(one.issued_s, two.issued_s));
    CHECK(one.people_warned == two.people_warned);
    CHECK(one.people_exposed == two.people_exposed);
    CHECK(one.people_evacuated_in_time == two.people_evacuated_in_time);
    CHECK(same(one.mean_acknowledgement_s, two.mean_acknowledgement_s));
    CHECK(same(one.all_feedback_s, two.all_feedback_s));
  }
}

TEST_CASE("Shared duties keep the village forces busy: the same incidents wait longer for them", "[run][coupled]") {
  const PreparedScenario shared = prepare_scenario(with_shared_forces(true), 2);
  const PreparedScenario apart = prepare_scenario(with_shared_forces(false), 2);
  const ResponseExperiment a = run_response(shared.model, *shared.travel, scenario_run_options(shared, 2));
  const ResponseExperiment b = run_response(apart.model, *apart.travel, scenario_run_options(apart, 2));
  double duty_s = 0.0, apart_duty_s = 0.0, waited_s = 0.0;
  int later = 0;
  for (std::size_t r = 0; r < a.replications.size(); ++r) {
    const auto& ia = a.replications[r].incidents;
    const auto& ib = b.replications[r].incidents;
    // Common random numbers: the same incidents at the same times and places in both plans.
    REQUIRE(ia.size() == ib.size());
    for (std::size_t i = 0; i < ia.size(); ++i) {
      REQUIRE(ia[i].occurred_s == ib[i].occurred_s);
      REQUIRE(ia[i].node == ib[i].node);
      if (ia[i].first_dispatch_s > ib[i].first_dispatch_s) ++later;
      if (!std::isnan(ia[i].first_dispatch_s) && !std::isnan(ib[i].first_dispatch_s))
        waited_s += ia[i].first_dispatch_s - ib[i].first_dispatch_s;
    }
    for (const UnitOutcome& u : a.replications[r].units) duty_s += u.duty_s;
    for (const UnitOutcome& u : b.replications[r].units) apart_duty_s += u.duty_s;
    CHECK(!a.warning[r].knocks.empty());
  }
  CHECK(duty_s > 0.0);
  CHECK(apart_duty_s == 0.0);
  CHECK(later > 0);
  CHECK(waited_s > 0.0);
}

TEST_CASE("The results of one run hold the response and the warning tables", "[run][coupled]") {
  Scenario s = with_shared_forces(true);
  s.replications = 2;
  const PreparedScenario p = prepare_scenario(std::move(s), 2);
  const ResponseExperiment ex = run_response(p.model, *p.travel, scenario_run_options(p, 2));
  const ResultsFile file = response_results(p, ex);
  for (const char* name : {"incidents", "dispatches", "units", "kpis", "warning_replications", "warned_share", "shelters",
                           "exposed_by_group", "warning_calls", "warning_duties"})
    CHECK(file.find_table(name) != nullptr);
  const ResultsFile view = warning_view_results(p, ex);
  CHECK(view.find_table("incidents") == nullptr);
  CHECK(view.find_table("warning_duties") != nullptr);
  const auto& units = std::get<std::vector<std::string>>(view.table("warning_duties").column("unit").data);
  REQUIRE_FALSE(units.empty());
  CHECK(std::find(units.begin(), units.end(), "village_001_force") != units.end());
}

TEST_CASE("Warning duties and outages name what is wrong with file, line and key", "[run][coupled]") {
  const std::string text = slurp(kScenario);
  SECTION("an unknown team knocking") {
    const ScenarioReading r = read_scenario_text(
        replaced(text, "- {team: village_003_force, zones: [village_003]}", "- {team: village_03_force, zones: [village_003]}"),
        "bad.yaml");
    INFO(all_messages(r.problems));
    REQUIRE_FALSE(r.ok());
    CHECK(r.problems[0].key == "warning.channels[1].door_knocking.teams[2].team");
    CHECK(r.problems[0].line > 0);
    CHECK(r.problems[0].suggestion == "village_003_force");
  }
  SECTION("an unknown team of a responsible person") {
    const ScenarioReading r = read_scenario_text(replaced(text, "team: village_001_force, answer", "team: nobody, answer"),
                                                 "bad.yaml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.problems[0].key == "warning.responsible[0].team");
  }
  SECTION("an outage of something that is not infrastructure") {
    const ScenarioReading r = read_scenario_text(
        text + "outages:\n  - {what: [electricity], zones: [village_001]}\n", "bad.yaml");
    INFO(all_messages(r.problems));
    REQUIRE_FALSE(r.ok());
    CHECK(r.problems[0].key == "outages[0].what[0]");
    CHECK(r.problems[0].line == std::count(text.begin(), text.end(), '\n') + 2);
  }
  SECTION("an outage that says nowhere") {
    const ScenarioReading r = read_scenario_text(text + "outages:\n  - {what: [mobile], start: 1 h}\n", "bad.yaml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.problems[0].key == "outages[0]");
  }
  SECTION("an outage that ends before it starts") {
    const ScenarioReading r = read_scenario_text(
        text + "outages:\n  - {what: [mobile], zones: [village_001], start: 2 h, end: 1 h}\n", "bad.yaml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.problems[0].key == "outages[0].end");
  }
  SECTION("a channel that needs something unknown") {
    const ScenarioReading r = read_scenario_text(
        replaced(text, "- {name: sms, reach: {general: 0.6},", "- {name: sms, needs: [mobil], reach: {general: 0.6},"),
        "bad.yaml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.problems[0].key == "warning.channels[0].needs[0]");
    CHECK(r.problems[0].suggestion == "mobile");
  }
}

TEST_CASE("An outage in a zone the region lacks is an error against the region", "[run][coupled]") {
  const std::string text = slurp(kScenario) + "outages:\n  - {what: [mobile], zones: [village_999]}\n";
  Scenario s = read_scenario_text(text, kScenario.string()).checked();
  REQUIRE_THROWS_AS(prepare_scenario(std::move(s), 2), ScenarioError);
}
