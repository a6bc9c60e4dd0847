// SPDX-License-Identifier: MIT
#include "sim/experiment/mmc_experiment.hpp"

#include "sim/core/error.hpp"

#include <string>

namespace dsim {

MmcSummary run_mmc(const MmcParams& params, std::uint64_t seed, const MmcRunOptions& options) {
  params.validate();
  if (options.replications < 1) throw InputError("", 0, "replications", "at least 1", "0");
  MmcSummary s;
  s.params = params;
  s.seed = seed;
  s.level = options.level;
  auto batch = run_replications<MmcReplication>(
      options.replications, options.threads,
      [&](std::size_t r) { return simulate_mmc(params, seed, r); }, options.on_progress, options.cancel);

  RunningStats wait, pwait, p90, util, lq;
  for (std::size_t r = 0; r < batch.results.size(); ++r) {
    if (!batch.finished[r]) continue;
    const MmcReplication& rep = batch.results[r];
    s.replications.push_back(rep);
    wait.add(rep.mean_wait_s);
    pwait.add(rep.probability_wait);
    p90.add(rep.p90_wait_s);
    util.add(rep.utilisation);
    lq.add(rep.mean_queue_length);
    s.customers += rep.customers;
    s.events += rep.events;
  }
  s.mean_wait_s = t_confidence_interval(wait, options.level);
  s.probability_wait = t_confidence_interval(pwait, options.level);
  s.p90_wait_s = t_confidence_interval(p90, options.level);
  s.utilisation = t_confidence_interval(util, options.level);
  s.mean_queue_length = t_confidence_interval(lq, options.level);
  s.stable = params.arrival_rate_per_s < params.servers * params.service_rate_per_s;
  if (s.stable) s.analytic = mmc_analytic(params.arrival_rate_per_s, params.service_rate_per_s, params.servers);
  return s;
}

}  // namespace dsim
