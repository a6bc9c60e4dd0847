// SPDX-License-Identifier: MIT
#pragma once

// What `dsim run` prints about a scenario's stockpiles and logistics.

#include "sim/experiment/response_experiment.hpp"
#include "sim/logistics/logistics_model.hpp"
#include "sim/response/response_model.hpp"

namespace dsim::cli {

// Per item: fill rate from stock, delivered and unmet shares, request to
// delivery (mean, p90), shortage-hours at incidents, people-hours without at
// shelters, requests still open; stock-outs per depot; the level-2 reserve
// (met at the start, held throughout); vehicle utilisation. Every mean says
// what it is over. Prints nothing without logistics outcomes.
void print_logistics_summary(const LogisticsModel& model, const ResponseModel& response, const ResponseExperiment& ex);

}  // namespace dsim::cli
