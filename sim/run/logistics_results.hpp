// SPDX-License-Identifier: MIT
#pragma once

// What a run's logistics did, as tables of the results file
// (docs/output-format.md, "Tables of stockpiles and logistics"), and its
// indicators over the replications.

#include "sim/core/statistics.hpp"
#include "sim/experiment/response_experiment.hpp"
#include "sim/io/results_file.hpp"
#include "sim/logistics/logistics_kpis.hpp"
#include "sim/logistics/logistics_model.hpp"
#include "sim/response/response_model.hpp"

#include <string>
#include <vector>

namespace dsim {

// One logistics indicator over the replications: the mean of its value in
// each replication where it is defined, with a Student-t interval.
struct LogisticsKpiSummary {
  int item = -1;  // index into LogisticsModel::items; -1: the whole run
  std::string name;
  std::string unit;
  std::string description;
  std::string over;  // what each replication's value is over, and what the mean is over
  ConfidenceInterval interval;
};

// The indicators of each replication (same order as `experiment.logistics`).
std::vector<LogisticsKpis> logistics_kpis_by_replication(const LogisticsModel& model,
                                                         const ResponseExperiment& experiment);

// Each LogisticsItemKpis field per item, then the run-wide ones (reserve met
// share, vehicle utilisation), over the replications.
std::vector<LogisticsKpiSummary> summarise_logistics_kpis(const LogisticsModel& model,
                                                          const std::vector<LogisticsKpis>& replications,
                                                          double level = 0.95);

// Tables logistics_items, logistics_depots, logistics_requests,
// logistics_deliveries, logistics_stock, logistics_balance,
// logistics_shortages, logistics_vehicles, logistics_depot_items,
// logistics_reserve and logistics_kpis.
void add_logistics_tables(ResultsFile& file, const LogisticsModel& model, const ResponseModel& response,
                          const ResponseExperiment& experiment);

}  // namespace dsim
