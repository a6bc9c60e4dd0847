// SPDX-License-Identifier: MIT
// One event, one run: what playing the warning chain in the response's event
// loop costs. Prepares a scenario with a warning section once, then times,
// on one thread, the coupled replications (run_response with the warning
// process) against the two separate runs of the same replications added up
// (run_response alone + run_warning_experiment alone). Medians over repeats.
// Preparing (region, flood, travel tables, shelter routes) is timed apart:
// the coupled run does it once, the separate runs once each. Prints JSON.
//
//   dsim_bench_coupled SCENARIO [--replications R] [--repeats N]
#include "bench/bench_timing.hpp"
#include "sim/experiment/response_experiment.hpp"
#include "sim/experiment/warning_experiment.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/run/warning_runner.hpp"

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
  const std::optional<dsim::bench::ScenarioBenchArgs> args = dsim::bench::scenario_bench_args(argc, argv, "dsim_bench_coupled");
  if (!args) return 2;
  const std::string& path = args->scenario;
  const int replications = args->replications, repeats = args->repeats;
  try {
    dsim::Scenario scenario = dsim::read_scenario_file(path).checked();
    scenario.replications = replications;
    auto start = Clock::now();
    const dsim::PreparedScenario coupled = dsim::prepare_scenario(scenario, 1);
    const double prepare_coupled_s = seconds_since(start);
    if (!coupled.warning) {
      std::fprintf(stderr, "%s has no warning section\n", path.c_str());
      return 2;
    }
    start = Clock::now();
    const dsim::PreparedWarning warning = dsim::prepare_warning(scenario);
    const double prepare_warning_s = seconds_since(start);

    dsim::ResponseRunOptions with = dsim::scenario_run_options(coupled, 1);
    dsim::ResponseRunOptions without = with;
    without.warning.reset();
    std::vector<double> coupled_s, response_s, warning_s;
    std::uint64_t events = 0;
    for (int k = 0; k < repeats; ++k) {
      start = Clock::now();
      const dsim::ResponseExperiment one = dsim::run_response(coupled.model, *coupled.travel, with);
      coupled_s.push_back(seconds_since(start));
      events = one.events;
      start = Clock::now();
      const dsim::ResponseExperiment alone = dsim::run_response(coupled.model, *coupled.travel, without);
      response_s.push_back(seconds_since(start));
      start = Clock::now();
      const dsim::WarningExperiment w =
          dsim::run_warning_experiment(warning.model, warning.hazard, *warning.routes, scenario.seed,
                                       static_cast<std::size_t>(replications), 1);
      warning_s.push_back(seconds_since(start));
    }
    std::vector<double> separate_s;
    for (int k = 0; k < repeats; ++k) separate_s.push_back(response_s[k] + warning_s[k]);
    const double c = median(coupled_s), s = median(separate_s);
    std::printf("{\"scenario\": \"%s\", \"replications\": %d, \"repeats\": %d, \"threads\": 1, \"events\": %llu,\n"
                " \"prepare_coupled_s\": %.4f, \"prepare_warning_alone_s\": %.4f,\n"
                " \"coupled_s\": %.4f, \"response_alone_s\": %.4f, \"warning_alone_s\": %.4f, \"separate_sum_s\": %.4f,\n"
                " \"ratio_coupled_to_separate\": %.4f}\n",
                scenario.name.c_str(), replications, repeats, static_cast<unsigned long long>(events), prepare_coupled_s,
                prepare_warning_s, c, median(response_s), median(warning_s), s, c / s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dsim_bench_coupled: %s\n", e.what());
    return 2;
  }
  return 0;
}
