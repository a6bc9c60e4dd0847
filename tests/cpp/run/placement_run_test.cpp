// SPDX-License-Identifier: MIT
#include "sim/run/placement_run.hpp"

#include "sim/scenario/scenario_reader.hpp"
#include "tests/cpp/support/input_error.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <utility>

using namespace dsim;

namespace {

// One fire station in Dongsheng (old_town) and fires only in Kangbashi
// (new_town), about 20 km away: hardly any fire is reached within 5 minutes.
const char* kFarStation = R"(
name: far-station
region: {synthetic: {seed: 7, nodes: 10000}}
stations:
  - {id: ds_fire, location: {lon: 109.9826, lat: 39.7964}}
teams:
  - {id: ds_team, station: ds_fire, level: community, size: 6, crews: 2, capabilities: [fire], turnout: 60}
incidents:
  - {name: kbs_fires, type: structure_fire, rate: 12 per day, zones: [new_town]}
plan:
  call_delay: 0
  dispatch_delay: 0
  responses:
    structure_fire:
      minor: {needs: {fire: 3}, on_scene: 20 min}
horizon: 2 d
replications: 3
seed: 11
)";

}  // namespace

TEST_CASE("One new station where the fires are raises the simulated share reached within 5 minutes",
          "[placement][run]") {
  PlacementRequest r;
  r.model = SitingModel::mclp;
  r.new_stations = 1;
  r.problem.demand_zone_types = {"built_up"};
  r.problem.candidate_zones = {"new_town"};
  r.problem.candidate_stride = 8;
  r.simulate = true;
  const PlacementOutcome out = place_stations(read_scenario_text(kFarStation, "far.yaml").checked(), r, 2);
  REQUIRE(out.stations.size() == 1);
  REQUIRE(out.check.has_value());
  CHECK(out.check->replications == 3);
  CHECK(out.check->seed == 11);
  CHECK(out.plan.covered_share() > out.covered_share_before);
  // The far station reaches next to none in time; the new one, in the fires' town, many.
  CHECK(out.check->before.mean < 0.05);
  CHECK(out.check->after.mean > out.check->before.mean + 0.3);
  // The scenario after has the station and a copy of the template team.
  REQUIRE(out.scenario_after.stations.size() == 2);
  CHECK(out.scenario_after.teams.back().station == out.stations[0].station.id);
  CHECK(out.scenario_after.teams.back().level == TeamLevel::community);
  // The YAML reads back into a valid scenario once merged (checked in detail in placement_problem_test).
  CHECK(placement_yaml(out, r).find("location: {node: ") != std::string::npos);
  // The new site names the scenario's nearest station and how far it is.
  CHECK(out.stations[0].nearest_station == "ds_fire");
  CHECK(out.stations[0].nearest_station_m > 5'000.0);
  // The whole scenario with the plan merged in reads back as scenario_after.
  const Scenario merged = read_scenario_text(placement_scenario_yaml(out, r, ""), "merged.yaml").checked();
  REQUIRE(merged.stations.size() == out.scenario_after.stations.size());
  CHECK(merged.stations.back().id == out.stations[0].station.id);
  CHECK(merged.stations.back().location.node_id == out.stations[0].station.location.node_id);
  CHECK(merged.teams.size() == out.scenario_after.teams.size());
  CHECK(merged.generators.size() == 1);
}

TEST_CASE("A placement reports progress for its long steps", "[placement][run]") {
  PlacementRequest r;
  r.new_stations = 2;
  r.problem.demand_zone_types = {"built_up"};
  r.problem.candidate_zones = {"new_town"};
  r.problem.candidate_stride = 8;
  r.curve_max = 3;
  std::map<std::string, std::pair<std::size_t, std::size_t>> last;
  r.on_progress = [&](const char* stage, std::size_t done, std::size_t total) { last[stage] = {done, total}; };
  const PlacementOutcome out = place_stations(read_scenario_text(kFarStation, "far.yaml").checked(), r, 2);
  REQUIRE(last.count("coverage"));
  CHECK(last["coverage"].first == out.problem.sites.size());
  CHECK(last["coverage"].second == out.problem.sites.size());
  CHECK(last["curve"] == std::pair<std::size_t, std::size_t>{3, 3});
  CHECK(last["gap"] == std::pair<std::size_t, std::size_t>{1, 1});
}

TEST_CASE("Placement options a user can get wrong are input errors", "[placement][run]") {
  PlacementRequest r;
  r.new_stations = 0;
  CHECK_THROWS_AS(place_stations(read_scenario_text(kFarStation, "far.yaml").checked(), r, 1), InputError);
  r.new_stations = 1;
  r.model = SitingModel::mexclp;
  r.busy_probability = 1.0;
  CHECK_THROWS_AS(place_stations(read_scenario_text(kFarStation, "far.yaml").checked(), r, 1), InputError);
}

TEST_CASE("Siting model names read back", "[placement][run]") {
  for (SitingModel m : {SitingModel::lscp, SitingModel::mclp, SitingModel::mexclp, SitingModel::backup}) {
    SitingModel parsed = SitingModel::mclp;
    CHECK(parse_siting_model(siting_model_name(m), parsed));
    CHECK(parsed == m);
  }
  SitingModel parsed{};
  CHECK_FALSE(parse_siting_model("pmedian", parsed));
}

TEST_CASE("A placement reports its optimality gap, and the exact path is never worse than the heuristic",
          "[placement][run]") {
  PlacementRequest r;
  r.model = SitingModel::mclp;
  r.new_stations = 3;
  r.problem.candidate_stride = 6;
  r.time_limit_s = 60.0;
  const Scenario scenario = read_scenario_text(kFarStation, "far.yaml").checked();
  const PlacementOutcome heuristic = place_stations(scenario, r, 2);
  REQUIRE(heuristic.gap.has_value());
  const GapReport& g = *heuristic.gap;
  CHECK(g.heuristic_objective == Approx(heuristic.plan.objective));
  CHECK(g.bound >= heuristic.plan.objective - 1e-9);
  CHECK(g.relative_gap >= 0.0);
  CHECK(g.relative_gap == Approx((g.bound - g.heuristic_objective) / g.bound).margin(1e-12));

  r.exact = true;
  const PlacementOutcome exact = place_stations(scenario, r, 2);
  REQUIRE(exact.gap.has_value());
  CHECK(exact.gap->source == BoundSource::optimal);
  CHECK(exact.gap->heuristic_optimal);
  CHECK(exact.plan.objective >= heuristic.plan.objective - 1e-9);
  CHECK(exact.plan.objective == Approx(exact.gap->bound));
  CHECK(exact.plan.new_sites.size() == 3);
  CHECK(exact.stations.size() == 3);
  // The recounted coverage agrees with the objective (MCLP: the weight covered).
  CHECK(exact.plan.covered_weight == Approx(exact.plan.objective));

  r.exact = false;
  r.gap_report = false;
  CHECK_FALSE(place_stations(scenario, r, 2).gap.has_value());
}
