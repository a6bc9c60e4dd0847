// SPDX-License-Identifier: MIT
#pragma once

#include "sim/core/statistics.hpp"
#include "sim/experiment/replications.hpp"
#include "sim/logistics/logistics_process.hpp"
#include "sim/response/response_simulation.hpp"
#include "sim/response/wildfire_process.hpp"
#include "sim/warning/evacuation_routes.hpp"
#include "sim/warning/warning_model.hpp"
#include "sim/warning/warning_simulation.hpp"

#include <atomic>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

namespace dsim {

// The warning chain of a scenario, played in the same event loop as the
// response in every replication (one event, one run). Shared read-only.
struct CoupledWarning {
  const WarningModel* model = nullptr;
  const HazardArrival* hazard = nullptr;
  const EvacuationRoutes* routes = nullptr;
};

struct ResponseRunOptions {
  std::size_t replications = 10;
  int threads = 0;  // 0: all cores
  std::uint64_t seed = 1;
  double level = 0.95;
  ProgressFn on_progress;
  const std::atomic<bool>* cancel = nullptr;
  std::optional<CoupledWarning> warning;  // set: the warning chain plays in the same run
  const WildfireModel* fire = nullptr;     // set: the fire is stepped in the same run
  const LogisticsModel* logistics = nullptr;  // set: stock, requests and deliveries play in the same run
  // The number of the first replication run: a block of a larger batch runs
  // replications first_replication .. first_replication + replications - 1,
  // each with the same random streams as in the whole batch.
  std::size_t first_replication = 0;
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
  // With a coupled warning chain: its outcome in each finished replication (same order).
  std::vector<WarningOutcome> warning;
  // With a fire: what it did in each finished replication (same order).
  std::vector<WildfireOutcome> fire;
  // With logistics: its outcome in each finished replication (same order).
  std::vector<LogisticsOutcome> logistics;
  std::uint64_t events = 0;
  bool interrupted = false;
};

ResponseExperiment run_response(const ResponseModel& model, const TravelOracle& travel,
                                const ResponseRunOptions& options);

// Confidence intervals of each KPI across the given replications (NaN values skipped).
std::vector<KpiSummary> summarise_kpis(const ResponseModel& model, const std::vector<ReplicationOutcome>& reps,
                                       double level);

}  // namespace dsim
