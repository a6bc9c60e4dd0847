// SPDX-License-Identifier: MIT
// Inside the response layer: the incidents of a replication, drawn before the
// run from streams that depend only on the generators (common random numbers).
#pragma once

#include "sim/response/response_simulation.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace dsim {

// Draws of one incident that do not depend on the plan: call delay,
// dispatch delay and the amount of work, from the incident's own stream.
struct IncidentDraws {
  double dispatch_delay_s = 0.0;
  double work_s = 0.0;
};


// Every incident of one replication with its plan-free draws, sorted by time
// (generators' incidents and the listed ones merged), numbered in that order.
std::vector<std::pair<IncidentOutcome, IncidentDraws>> draw_all(const ResponseModel& model, std::uint64_t seed,
                                                                std::uint64_t replication);

}  // namespace dsim
