// SPDX-License-Identifier: MIT
#pragma once

// Station placement for a scenario end to end: load its region, build the
// placement problem, solve it, turn the answer into scenario stations and
// teams, and optionally check it in the response simulation (docs/placement.md).

#include "sim/core/statistics.hpp"
#include "sim/experiment/response_experiment.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/placement/exact_siting.hpp"
#include "sim/placement/placement_problem.hpp"
#include "sim/placement/siting.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// The siting models (sim/placement/exact_siting.hpp).
using SitingModel = PlacementModel;
// "lscp", "mclp", "mexclp", "backup"; false when unknown.
bool parse_siting_model(const std::string& name, SitingModel& out);
const char* siting_model_name(SitingModel model);

struct PlacementRequest {
  SitingModel model = SitingModel::mclp;
  std::size_t new_stations = 3;       // ignored by LSCP, which finds the fewest
  double busy_probability = 0.3;      // MEXCLP: chance a unit is busy
  double first_cover_weight = 0.5;    // backup: weight of first cover against second
  PlacementOptions problem;
  std::string team_template;          // scenario team copied to the new stations; empty: see team_template()
  bool allow_uncoverable = false;     // LSCP: cover what can be covered, list the rest
  // Exact integer programming through CBC instead of the heuristic (started
  // from the heuristic's answer), within time_limit_s; else the heuristic's
  // answer gets a gap report against CBC's bound (gap_report).
  bool exact = false;
  bool gap_report = true;
  double time_limit_s = 30.0;
  std::size_t curve_max = 0;          // > 0: coverage for 1..curve_max new stations (MCLP for LSCP)
  bool simulate = false;              // run the response simulation without and with the plan
  std::size_t replications = 0;       // for the check; 0: the scenario's
  std::optional<std::uint64_t> seed;  // for the check; default: the scenario's
  const std::atomic<bool>* cancel = nullptr;
  // Progress of the long steps, one call at a time: stage "coverage" (sites
  // searched of all), "curve" (points of the coverage curve), "gap" (0 of 1,
  // then 1 of 1, around the optimality bound), "check" (replications run).
  std::function<void(const char* stage, std::size_t done, std::size_t total)> on_progress;
};

struct CoverageCurvePoint {
  std::size_t new_stations = 0;
  double covered_share = 0.0;
  double objective = 0.0;
};

// The simulated share of priority (built_up and industrial_park) incidents
// reached within 5 minutes of the call, without and with the new stations,
// on the same incidents (common random numbers).
struct PlacementCheck {
  ConfidenceInterval before;
  ConfidenceInterval after;
  std::size_t replications = 0;
  std::uint64_t seed = 0;
  bool interrupted = false;
};

struct PlacementOutcome {
  PreparedScenario prepared;  // the scenario as given, its region and model
  PlacementProblem problem;
  SitingResult plan;
  std::optional<GapReport> gap;       // how far the answer can be from the optimum
  double covered_share_before = 0.0;  // by the existing stations
  std::vector<PlannedStation> stations;
  Scenario scenario_after;            // the scenario with the plan applied
  std::vector<CoverageCurvePoint> curve;
  std::optional<PlacementCheck> check;
};

// Throws InputError for bad options (p above the candidates, an unknown
// template team, bad CSV files, an infeasible LSCP, ...).
PlacementOutcome place_stations(Scenario scenario, const PlacementRequest& request, int threads = 0);

// The plan as scenario YAML, with a comment saying how it was made.
std::string placement_yaml(const PlacementOutcome& outcome, const PlacementRequest& request);

// The whole scenario with the plan merged in (new stations and teams added,
// stations the plan closes removed with their teams), as YAML for a file at
// `out_path` (relative paths rewritten for its folder; empty: the working
// folder). Checked by reading it back: throws InputError if it would not load.
std::string placement_scenario_yaml(const PlacementOutcome& outcome, const PlacementRequest& request,
                                    const std::string& out_path);

// Station ids of the scenario that the plan closes (with --existing may-close).
std::vector<std::string> closed_stations(const PlacementOutcome& outcome);

}  // namespace dsim
