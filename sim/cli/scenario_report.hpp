// SPDX-License-Identifier: MIT
#pragma once

#include "sim/response/scenario.hpp"
#include "sim/run/load_scenario.hpp"

#include <string>

namespace dsim::cli {

struct ScenarioRunOptions {
  RunOverrides overrides;  // replications, seed, threads
  std::string output;      // results file; empty: none
  bool progress = false; // force the progress bar
  std::string command_line;
};

// Prepares and runs a scenario (overrides applied already), writes the results file, prints the summary.
// Returns the exit status (130 when interrupted; finished replications kept).
int run_scenario_and_report(Scenario scenario, const ScenarioRunOptions& options);

}  // namespace dsim::cli
