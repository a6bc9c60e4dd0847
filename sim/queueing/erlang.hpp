// SPDX-License-Identifier: MIT
#pragma once

namespace dsim {

// Exact results for the M/M/c queue (Erlang 1917; see docs/models.md).
// `offered_load` a = lambda / mu in erlangs; `servers` c >= 1.

// Erlang B: probability that an arrival finds all c servers busy in the loss
// system M/M/c/c. Computed by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)).
double erlang_b(int servers, double offered_load);

// Erlang C: probability that an arrival must wait in M/M/c (requires a < c).
double erlang_c(int servers, double offered_load);

// Analytic steady-state measures of an M/M/c queue.
struct MmcAnalytic {
  double utilisation = 0.0;          // rho = lambda / (c mu)
  double probability_wait = 0.0;     // Erlang C
  double mean_wait_s = 0.0;          // Wq = C / (c mu - lambda)
  double mean_system_time_s = 0.0;   // W = Wq + 1 / mu
  double mean_queue_length = 0.0;    // Lq = lambda Wq (Little)
};

// Throws std::invalid_argument unless rates are positive, servers >= 1 and lambda < c mu.
MmcAnalytic mmc_analytic(double arrival_rate_per_s, double service_rate_per_s, int servers);

}  // namespace dsim
