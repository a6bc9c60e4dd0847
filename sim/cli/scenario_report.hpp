// SPDX-License-Identifier: MIT
#pragma once

#include "sim/response/scenario.hpp"

#include <string>

namespace dsim::cli {

struct ScenarioRunOptions {
  int replications = 0;  // 0: the scenario's
  int threads = 0;       // 0: all cores
  long long seed = -1;   // < 0: the scenario's
  std::string output;    // results file; empty: none
  bool progress = false; // force the progress bar
  std::string command_line;
};

// Prepares and runs a scenario, writes the results file, prints the summary.
// Returns the exit status (130 when interrupted; finished replications kept).
int run_scenario_and_report(Scenario scenario, const ScenarioRunOptions& options);

}  // namespace dsim::cli
