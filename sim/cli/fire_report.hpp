// SPDX-License-Identifier: MIT
#pragma once

// What `dsim run` prints about a scenario's grassland or forest fire.

#include "sim/experiment/response_experiment.hpp"
#include "sim/run/response_runner.hpp"

namespace dsim::cli {

// The fire's landscape in a few lines (size, fuels, barriers, forecast, assumptions).
void print_fire_lines(const PreparedScenario& prepared);

// Area burned, when it was held, villages reached and roads closed, over the replications.
void print_fire_summary(const PreparedScenario& prepared, const ResponseExperiment& ex);

}  // namespace dsim::cli
