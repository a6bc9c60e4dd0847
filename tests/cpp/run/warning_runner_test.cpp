// SPDX-License-Identifier: MIT
#include "sim/run/warning_runner.hpp"

#include "sim/run/region_loader.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/warning/warning_spec.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace dsim;
namespace fs = std::filesystem;

namespace {

const fs::path kRoot = fs::path(DSIM_SOURCE_DIR);

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string all_messages(const std::vector<ScenarioProblem>& problems) {
  std::string out;
  for (const ScenarioProblem& p : problems) out += p.message() + "\n";
  return out;
}

}  // namespace

TEST_CASE("The flash-flood warning scenario reads without errors and keeps its warning section", "[run][warning]") {
  const ScenarioReading r = read_scenario_file((kRoot / "scenarios" / "flash_flood_warning.yaml").string());
  INFO(all_messages(r.problems));
  REQUIRE(r.ok());
  REQUIRE(r.scenario.warning);
  const WarningSpec& w = *r.scenario.warning;
  CHECK(w.groups.size() == 3);
  CHECK(w.channels.size() == 5);
  CHECK(w.responsible.size() == 7);
  CHECK(w.shelters.size() == 3);
  CHECK(w.population.size() == 5);
  REQUIRE(w.front);
  CHECK(w.front->speed_mps == 1.5);
  CHECK(w.start_hour == 2.0);
  CHECK(w.groups[0].awake_share[2] == 0.05);
  // Channels the responsible people run start on acknowledgement; the others on issue.
  CHECK_FALSE(w.channels[0].after_acknowledgement);
  CHECK(w.channels[3].after_acknowledgement);
  CHECK(w.channels[4].after_acknowledgement);
  CHECK(w.channels[4].teams_per_zone == 10);
  CHECK(w.front->extent_m == 4000.0);
  CHECK(w.channels[2].calls_per_minute == 60.0);
  CHECK(w.responsible[2].escalate_to == "township_duty");
  CHECK(w.population[0].people.at("elderly") == 900);
}

TEST_CASE("People in a zone no road runs through are an error once the region is loaded", "[run][warning]") {
  const fs::path file = kRoot / "tests" / "data" / "bad_region" / "warning_zone_without_roads.yaml";
  const ScenarioReading r = read_scenario_file(file.string());
  INFO(all_messages(r.problems));
  REQUIRE(r.ok());  // the text itself is sound
  const Region region = load_region(r.scenario.region, {}, file.string());
  auto problems = check_scenario_against_region(r.scenario, region);
  INFO(all_messages(problems));
  std::erase_if(problems, [](const ScenarioProblem& p) { return !p.is_error(); });  // what is assumed: elsewhere
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message().find("warning.population[1].zone: expected a zone with road nodes") != std::string::npos);
  CHECK(problems[0].line == 24);
  CHECK_THROWS_AS(prepare_warning(r.scenario), ScenarioError);
}

TEST_CASE("A warning scenario runs end to end on a small synthetic region and fills its tables", "[run][warning]") {
  std::string text = slurp(kRoot / "scenarios" / "flash_flood_warning.yaml");
  const std::string region = "synthetic: {seed: 7}";
  REQUIRE(text.find(region) != std::string::npos);
  text.replace(text.find(region), region.size(), "synthetic: {seed: 7, nodes: 10000}");
  Scenario s = read_scenario_text(text, "flash_flood_warning.yaml").checked();
  const PreparedWarning p = prepare_warning(std::move(s));
  CHECK(p.model.zones.size() == 5);
  const WarningExperiment ex = run_warning_experiment(p.model, p.hazard, *p.routes, 3, 3, 2);
  REQUIRE(ex.replications.size() == 3);
  for (const WarningSummary& w : ex.replications) {
    CHECK(w.people == Approx(9125.0));
    CHECK(w.people_warned > 0.0);
    CHECK(w.people_warned <= w.people);
    CHECK(w.people_exposed <= w.people);
    CHECK(w.calls == 5);
    CHECK(w.mean_attempts >= 1.0);
    std::int64_t sheltered = 0;
    for (std::size_t k = 0; k < w.shelter_occupancy.size(); ++k) {
      CHECK(w.shelter_occupancy[k] <= w.shelter_capacity[k]);
      sheltered += w.shelter_occupancy[k];
    }
    CHECK(static_cast<double>(sheltered) == w.people_sheltered);
  }
  const ResultsFile file = warning_results(p, ex);
  CHECK(file.table("warning_replications").rows() == 3);
  CHECK(file.table("shelters").rows() == 9);
  CHECK(file.table("exposed_by_group").rows() == 9);
  // Per report time: 3 groups, 5 channels, and the departed and sheltered curves.
  CHECK(file.table("warned_share").rows() == 3 * ex.replications[0].times_s.size() * 10);
  // The sheltered curve ends at the people in shelters, as a share of everyone.
  const ResultsTable& curve = file.table("warned_share");
  const auto& kind = std::get<std::vector<std::string>>(curve.column("kind").data);
  const auto& share = std::get<std::vector<double>>(curve.column("share").data);
  const auto& rep = std::get<std::vector<std::int64_t>>(curve.column("replication").data);
  double last_sheltered = -1.0;
  for (std::size_t i = 0; i < kind.size(); ++i)
    if (rep[i] == 0 && kind[i] == "sheltered") last_sheltered = share[i];
  CHECK(last_sheltered == Approx(ex.replications[0].people_sheltered / ex.replications[0].people));
}
