// SPDX-License-Identifier: MIT
#pragma once

// What `dsim sweep`, `dsim compare` and `dsim merge` print.

#include "sim/cli/terminal.hpp"
#include "sim/run/batch_results.hpp"

#include <memory>

#include <string>
#include <vector>

namespace dsim::cli {

// A progress bar for the flood a design point's preparation runs (shown after a second).
class FloodBar {
 public:
  explicit FloodBar(bool enabled);
  void operator()(const FloodProgress& p);
  void finish();

 private:
  std::unique_ptr<ProgressBar> bar_;
};

// Units run, resumed and missing, the preparations reused, and where the results went.
void print_batch_run(const BatchRunOutcome& outcome, std::size_t units_asked, const std::string& output);

// Per design point: its parameters and the mean of the headline indicators over its replications.
void print_sweep_summary(const BatchHeader& header, const std::vector<UnitResult>& units);

// The headline indicators of a batch, those of `present` that a summary shows first.
std::vector<std::string> headline_indicators(const std::vector<Indicator>& present);

}  // namespace dsim::cli
