// SPDX-License-Identifier: MIT
#pragma once

#include "sim/response/response_model.hpp"
#include "sim/response/response_simulation.hpp"

#include <span>

namespace dsim {

// Measure 16's 5-minute fire circle: a fire force reaches any point of the
// urban built-up areas and key industrial parks within 5 minutes.

// Whether an incident counts in the fire circle: its type and its zone are
// among those the model marks (plan.fire_circle).
bool in_fire_circle(const ResponseModel& model, const IncidentOutcome& incident);

// Sets the fire_circle_* indicators of `kpis` over the measured incidents in
// the fire circle: the share whose first fire-capable unit arrived within
// 300 s of the call (one no fire unit reached counts as missed), and the
// mean call-to-arrival, turnout and travel of that unit over those it reached.
void add_fire_circle_kpis(const ResponseModel& model, std::span<const IncidentOutcome> incidents, ResponseKpis& kpis);

}  // namespace dsim
