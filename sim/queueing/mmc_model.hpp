// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace dsim {

// An M/M/c queue: Poisson arrivals, exponential service, c identical
// servers, first come first served. The built-in model that validates the
// kernel against Erlang C and that `dsim demo --model mmc` runs.
struct MmcParams {
  double arrival_rate_per_s = 0.9;
  double service_rate_per_s = 0.25;
  int servers = 4;
  double warmup_s = 10'000.0;   // statistics start here
  double horizon_s = 400'000.0; // no arrivals after this time

  // Throws InputError naming the field for a value out of range.
  void validate() const;
};

// What one replication measured over customers arriving in [warmup, horizon).
struct MmcReplication {
  std::uint64_t customers = 0;
  double mean_wait_s = 0.0;         // waiting time in queue
  double probability_wait = 0.0;    // share of customers who waited at all
  double p90_wait_s = 0.0;
  double utilisation = 0.0;         // time-average busy servers / c
  double mean_queue_length = 0.0;   // time-average customers waiting
  std::uint64_t events = 0;         // events the kernel processed
};

// Plays one replication. Arrivals and service times come from the streams
// "arrivals" and "service" of (seed, replication).
MmcReplication simulate_mmc(const MmcParams& params, std::uint64_t seed, std::uint64_t replication);

}  // namespace dsim
