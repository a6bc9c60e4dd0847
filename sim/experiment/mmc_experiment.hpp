// SPDX-License-Identifier: MIT
#pragma once

#include "sim/core/statistics.hpp"
#include "sim/experiment/replications.hpp"
#include "sim/queueing/erlang.hpp"
#include "sim/queueing/mmc_model.hpp"

#include <atomic>
#include <cstdint>
#include <vector>

namespace dsim {

// Replications of the M/M/c model summarised with confidence intervals
// beside the exact Erlang C values.
struct MmcSummary {
  MmcParams params;
  std::uint64_t seed = 0;
  double level = 0.95;
  std::vector<MmcReplication> replications;  // the finished ones, in order
  ConfidenceInterval mean_wait_s, probability_wait, p90_wait_s, utilisation, mean_queue_length;
  bool stable = true;    // arrival rate below capacity; else no steady state
  MmcAnalytic analytic;  // exact steady-state values when stable
  std::uint64_t customers = 0;
  std::uint64_t events = 0;
};

struct MmcRunOptions {
  std::size_t replications = 20;
  int threads = 0;      // 0: all available
  double level = 0.95;  // confidence level of the intervals
  ProgressFn on_progress;
  const std::atomic<bool>* cancel = nullptr;
};

MmcSummary run_mmc(const MmcParams& params, std::uint64_t seed, const MmcRunOptions& options);

}  // namespace dsim
