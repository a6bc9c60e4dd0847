// SPDX-License-Identifier: MIT
#pragma once

#include "sim/experiment/warning_experiment.hpp"
#include "sim/response/scenario.hpp"
#include "sim/run/load_scenario.hpp"

#include <string>
#include <vector>

namespace dsim::cli {

struct ScenarioRunOptions {
  RunOverrides overrides;  // replications, seed, threads
  std::string output;      // results file; empty: none
  bool progress = false; // force the progress bar
  std::string command_line;
  bool warning_only = false;  // `dsim warn`: print and write only the warning chain's outputs
};

// Prepares and runs a scenario (overrides applied already), every section in
// one event loop, writes the results file, prints the summary. Returns the
// exit status (130 when interrupted; finished replications kept).
int run_scenario_and_report(Scenario scenario, const ScenarioRunOptions& options);

// The warning chain's measures over replications, mean and 95% interval.
void print_warning_summary(const WarningModel& model, const std::vector<WarningSummary>& replications);

}  // namespace dsim::cli
