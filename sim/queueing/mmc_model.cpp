// SPDX-License-Identifier: MIT
#include "sim/queueing/mmc_model.hpp"

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"
#include "sim/core/simulation.hpp"
#include "sim/core/statistics.hpp"

#include <cmath>
#include <deque>
#include <string>
#include <vector>

namespace dsim {

namespace {

enum MmcEvent : std::uint32_t { kArrival, kDeparture, kWarmupEnd };

struct Waiting {
  double arrival_s;
  bool measured;
};

}  // namespace

void MmcParams::validate() const {
  auto positive = [](double v, const char* key) {
    if (!(v > 0.0) || !std::isfinite(v)) throw InputError("", 0, key, "a positive number", std::to_string(v));
  };
  positive(arrival_rate_per_s, "arrival_rate_per_s");
  positive(service_rate_per_s, "service_rate_per_s");
  positive(horizon_s, "horizon_s");
  if (servers < 1) throw InputError("", 0, "servers", "an integer of at least 1", std::to_string(servers));
  if (!(warmup_s >= 0.0) || !(warmup_s < horizon_s))
    throw InputError("", 0, "warmup_s", "a number in [0, horizon_s)", std::to_string(warmup_s));
}

MmcReplication simulate_mmc(const MmcParams& p, std::uint64_t seed, std::uint64_t replication) {
  p.validate();
  RandomStream arrivals(seed, replication, "arrivals");
  RandomStream service(seed, replication, "service");
  const double mean_interarrival_s = 1.0 / p.arrival_rate_per_s;
  const double mean_service_s = 1.0 / p.service_rate_per_s;

  Simulation sim;
  std::deque<Waiting> queue;
  int busy = 0;
  TimeAverage busy_servers(0.0, 0.0);
  TimeAverage queue_length(0.0, 0.0);
  RunningStats waits;
  std::vector<double> wait_samples;
  std::uint64_t waited = 0;

  auto begin_service = [&](double arrival_s, bool measured) {
    const double wait_s = sim.now() - arrival_s;
    if (measured) {
      waits.add(wait_s);
      wait_samples.push_back(wait_s);
      if (wait_s > 0.0) ++waited;
    }
    sim.schedule_in(service.exponential(mean_service_s), kDeparture);
  };

  auto handle = [&](const Event& e) {
    switch (e.kind) {
      case kArrival: {
        const double next_s = sim.now() + arrivals.exponential(mean_interarrival_s);
        if (next_s < p.horizon_s) sim.schedule_at(next_s, kArrival);
        const bool measured = sim.now() >= p.warmup_s;
        if (busy < p.servers) {
          ++busy;
          busy_servers.set(sim.now(), busy);
          begin_service(sim.now(), measured);
        } else {
          queue.push_back({sim.now(), measured});
          queue_length.set(sim.now(), static_cast<double>(queue.size()));
        }
        break;
      }
      case kDeparture:
        if (!queue.empty()) {
          Waiting next = queue.front();
          queue.pop_front();
          queue_length.set(sim.now(), static_cast<double>(queue.size()));
          begin_service(next.arrival_s, next.measured);
        } else {
          --busy;
          busy_servers.set(sim.now(), busy);
        }
        break;
      case kWarmupEnd:
        busy_servers.restart(sim.now());
        queue_length.restart(sim.now());
        break;
    }
  };

  sim.schedule_at(arrivals.exponential(mean_interarrival_s), kArrival);
  sim.schedule_at(p.warmup_s, kWarmupEnd);
  sim.run_until(p.horizon_s, handle);

  MmcReplication r;
  r.utilisation = busy_servers.average(p.horizon_s) / p.servers;
  r.mean_queue_length = queue_length.average(p.horizon_s);
  // Let the customers who arrived before the horizon finish their wait.
  sim.run(handle);
  r.customers = waits.count();
  r.mean_wait_s = waits.mean();
  r.probability_wait = r.customers ? static_cast<double>(waited) / static_cast<double>(r.customers) : 0.0;
  r.p90_wait_s = quantile(wait_samples, 0.9);
  r.events = sim.events_processed();
  return r;
}

}  // namespace dsim
