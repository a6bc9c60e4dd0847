// SPDX-License-Identifier: MIT
#pragma once

#include "sim/experiment/warning_experiment.hpp"
#include "sim/hazards/flood_coupling.hpp"
#include "sim/hazards/hazard_arrival.hpp"
#include "sim/io/results_file.hpp"
#include "sim/network/region.hpp"
#include "sim/response/response_model.hpp"
#include "sim/response/scenario.hpp"
#include "sim/warning/evacuation_routes.hpp"
#include "sim/warning/warning_model.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// A scenario's warning section ready to run: the region loaded and checked,
// the model bound, the hazard's arrival at every node (the built-in front,
// or one given by the caller) and the shelter routes. Shared read-only by
// every replication.
struct PreparedWarning {
  Scenario scenario;
  std::unique_ptr<Region> region;
  WarningModel model;
  HazardArrival hazard;
  std::unique_ptr<EvacuationRoutes> routes;
};

// Throws InputError naming the scenario's file when it has no warning section.
void require_warning_section(const Scenario& scenario);

// Throws InputError for a scenario without a warning section, ScenarioError
// for places the region lacks, and InputError when there is no hazard: the
// section names no front and `hazard` is empty. A flood run for the hazard
// reports its progress through `on_flood_progress`.
PreparedWarning prepare_warning(Scenario scenario, std::optional<HazardArrival> hazard = std::nullopt,
                                const std::function<void(const FloodProgress&)>& on_flood_progress = {});

// The results file of a warning run: tables warning_replications,
// warned_share, shelters and exposed_by_group (docs/output-format.md).
ResultsFile warning_results(const PreparedWarning& prepared, const WarningExperiment& experiment,
                            const std::string& command_line = {});

// The warning tables (warning_replications, warned_share, shelters,
// exposed_by_group) for the given replications; with their outcomes also
// warning_calls and warning_duties (units named from `forces`).
void add_warning_tables(ResultsFile& file, const WarningModel& model, const std::vector<WarningSummary>& summaries,
                        const std::vector<std::size_t>& replication_numbers,
                        const std::vector<WarningOutcome>* outcomes = nullptr, const ResponseModel* forces = nullptr);

// Runs the replications once per fixed issue delay with the same random
// numbers (run_issue_delay_sweep) and returns the table issue_delay_sweep:
// replication, issue_delay_s, people_exposed, share_evacuated_in_time.
ResultsFile issue_delay_results(const PreparedWarning& prepared, const std::vector<double>& issue_delays_s,
                                int threads, const std::string& command_line = {});

}  // namespace dsim
