// SPDX-License-Identifier: MIT
#pragma once

#include "sim/core/statistics.hpp"
#include "sim/experiment/replications.hpp"
#include "sim/response/response_simulation.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace dsim {

struct ResponseRunOptions {
  std::size_t replications = 10;
  int threads = 0;  // 0: all cores
  std::uint64_t seed = 1;
  double level = 0.95;
  ProgressFn on_progress;
  const std::atomic<bool>* cancel = nullptr;
};

// One KPI over the replications.
struct KpiSummary {
  std::string name;
  std::string unit;
  std::string description;
  ConfidenceInterval interval;  // over replications where the KPI is defined
};

struct ResponseExperiment {
  std::vector<ReplicationOutcome> replications;  // finished ones, in replication order
  std::vector<std::size_t> replication_numbers;  // their numbers
  std::vector<KpiSummary> kpis;
  std::uint64_t events = 0;
  bool interrupted = false;
};

ResponseExperiment run_response(const ResponseModel& model, const TravelOracle& travel,
                                const ResponseRunOptions& options);

// Confidence intervals of each KPI across the given replications (NaN values skipped).
std::vector<KpiSummary> summarise_kpis(const ResponseModel& model, const std::vector<ReplicationOutcome>& reps,
                                       double level);

}  // namespace dsim
