// SPDX-License-Identifier: MIT
#include "sim/experiment/response_experiment.hpp"

#include <cmath>

namespace dsim {

std::vector<KpiSummary> summarise_kpis(const ResponseModel& model, const std::vector<ReplicationOutcome>& reps,
                                       double level) {
  const std::vector<KpiInfo> infos = kpi_infos(model);
  std::vector<RunningStats> stats(infos.size());
  for (const ReplicationOutcome& rep : reps) {
    const std::vector<double> values = kpi_values(rep.kpis);
    for (std::size_t k = 0; k < infos.size() && k < values.size(); ++k)
      if (!std::isnan(values[k])) stats[k].add(values[k]);
  }
  std::vector<KpiSummary> out;
  for (std::size_t k = 0; k < infos.size(); ++k) {
    KpiSummary s;
    s.name = infos[k].name;
    s.unit = infos[k].unit;
    s.description = infos[k].description;
    s.interval = t_confidence_interval(stats[k], level);
    if (stats[k].count() == 0) s.interval.mean = std::nan("");
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

struct OneReplication {
  ReplicationOutcome response;
  WarningOutcome warning;
  WildfireOutcome fire;
  LogisticsOutcome logistics;
};

}  // namespace

ResponseExperiment run_response(const ResponseModel& model, const TravelOracle& travel,
                                const ResponseRunOptions& options) {
  const std::optional<CoupledWarning>& w = options.warning;
  auto batch = run_replications<OneReplication>(
      options.replications, options.threads,
      [&](std::size_t block_index) {
        const std::size_t r = options.first_replication + block_index;
        OneReplication one;
        // The warning chain and the fire share the run's event loop, each with its own event kinds.
        std::optional<WarningProcess> warning;
        std::optional<WildfireProcess> fire;
        std::vector<CoupledProcess*> processes;
        if (w) {
          warning.emplace(*w->model, *w->hazard, *w->routes, options.seed, r);
          processes.push_back(&*warning);
        }
        if (options.fire) {
          fire.emplace(*options.fire, options.seed, r, CoupledProcesses::kind_base(processes.size()));
          processes.push_back(&*fire);
        }
        std::optional<LogisticsProcess> logistics;
        if (options.logistics) {
          logistics.emplace(*options.logistics, CoupledProcesses::kind_base(processes.size()));
          processes.push_back(&*logistics);
          // Evacuees who reach a shelter use its water, food and bedding.
          if (warning) warning->on_sheltered([&](int shelter, int people) { logistics->people_sheltered(shelter, people); });
        }
        CoupledProcesses all(processes);
        CoupledProcess* coupled = processes.empty() ? nullptr : processes.size() == 1 ? processes[0] : &all;
        one.response = simulate_response(model, travel, options.seed, r, coupled);
        if (warning) one.warning = warning->take_outcome();
        if (fire) one.fire = fire->take_outcome();
        if (logistics) one.logistics = logistics->take_outcome();
        return one;
      },
      options.on_progress, options.cancel);
  ResponseExperiment out;
  for (std::size_t i = 0; i < batch.results.size(); ++i) {
    if (!batch.finished[i]) {
      out.interrupted = true;
      continue;
    }
    out.events += batch.results[i].response.events;
    out.replications.push_back(std::move(batch.results[i].response));
    if (w) out.warning.push_back(std::move(batch.results[i].warning));
    if (options.fire) out.fire.push_back(std::move(batch.results[i].fire));
    if (options.logistics) out.logistics.push_back(std::move(batch.results[i].logistics));
    out.replication_numbers.push_back(options.first_replication + i);
  }
  out.kpis = summarise_kpis(model, out.replications, options.level);
  return out;
}

}  // namespace dsim
