// SPDX-License-Identifier: MIT
// What logistics costs a run: prepares a scenario with a `logistics:` section
// once, then times its replications on one thread with the logistics process
// in the event loop and without it (the same warning chain, flood and
// incidents otherwise). Medians over repeats, interleaved so that both arms
// see the same machine. Building the logistics model (one free-flow search
// per depot) is timed apart. Prints JSON.
//
//   dsim_bench_logistics SCENARIO [--replications R] [--repeats N]
#include "bench/bench_timing.hpp"
#include "sim/experiment/response_experiment.hpp"
#include "sim/logistics/logistics_kpis.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/run/scenario_logistics.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <vector>

using dsim::bench::Clock;
using dsim::bench::median;
using dsim::bench::seconds_since;

int main(int argc, char** argv) {
  const std::optional<dsim::bench::ScenarioBenchArgs> args = dsim::bench::scenario_bench_args(argc, argv, "dsim_bench_logistics");
  if (!args) return 2;
  const std::string& path = args->scenario;
  const int replications = args->replications, repeats = args->repeats;
  try {
    dsim::Scenario scenario = dsim::read_scenario_file(path).checked();
    scenario.replications = replications;
    auto start = Clock::now();
    const dsim::PreparedScenario prepared = dsim::prepare_scenario(scenario, 1);
    const double prepare_s = seconds_since(start);
    if (!prepared.logistics) {
      std::fprintf(stderr, "%s has no logistics section\n", path.c_str());
      return 2;
    }
    start = Clock::now();
    const dsim::LogisticsModel rebuilt = dsim::build_scenario_logistics(
        *scenario.logistics, prepared.scenario, *prepared.region, prepared.model, prepared.warning.get());
    const double build_logistics_s = seconds_since(start);

    const dsim::ResponseRunOptions with = dsim::scenario_run_options(prepared, 1);
    dsim::ResponseRunOptions without = with;
    without.logistics = nullptr;
    std::vector<double> with_s, without_s;
    std::uint64_t events_with = 0, events_without = 0;
    std::size_t requests = 0, deliveries = 0;
    for (int k = 0; k < repeats; ++k) {
      start = Clock::now();
      const dsim::ResponseExperiment a = dsim::run_response(prepared.model, *prepared.travel, with);
      with_s.push_back(seconds_since(start));
      events_with = a.events;
      requests = deliveries = 0;
      for (const dsim::LogisticsOutcome& o : a.logistics) {
        requests += o.requests.size();
        deliveries += o.deliveries.size();
        events_with += o.events;
      }
      start = Clock::now();
      const dsim::ResponseExperiment b = dsim::run_response(prepared.model, *prepared.travel, without);
      without_s.push_back(seconds_since(start));
      events_without = b.events;
    }
    const double w = median(with_s), wo = median(without_s);
    std::printf(
        "{\"scenario\": \"%s\", \"replications\": %d, \"repeats\": %d, \"prepare_s\": %.4f, "
        "\"build_logistics_s\": %.4f, \"with_logistics_s\": %.4f, \"without_logistics_s\": %.4f, "
        "\"overhead\": %.4f, \"events_with\": %llu, \"events_without\": %llu, \"requests\": %zu, "
        "\"deliveries\": %zu, \"depots\": %zu, \"vehicles\": %zu}\n",
        path.c_str(), replications, repeats, prepare_s, build_logistics_s, w, wo, wo > 0 ? w / wo - 1.0 : 0.0,
        static_cast<unsigned long long>(events_with), static_cast<unsigned long long>(events_without), requests,
        deliveries, rebuilt.depots.size(), rebuilt.vehicles.size());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
