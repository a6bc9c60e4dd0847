// SPDX-License-Identifier: MIT
#include "sim/drill/drill_run.hpp"

#include "sim/run/response_runner.hpp"

namespace dsim {

DrillRun run_drill(const DrillSpec& drill, int threads, const DrillProgress& progress, int replications,
                   const std::string& command_line, const DrillScenario* scenario_built, PrepareCache* cache) {
  DrillRun out;
  out.scenario = scenario_built != nullptr ? *scenario_built : drill_scenario(drill);
  Scenario scenario = out.scenario.scenario;
  if (replications > 0) scenario.replications = replications;
  std::function<void(const FloodProgress&)> flood;
  std::function<void(const ChemicalProgress&)> chemical;
  std::function<void(const FireProgress&)> fire;
  if (progress) {
    flood = [&progress](const FloodProgress& p) {
      progress("flood", static_cast<std::size_t>(p.time_s - p.start_s), static_cast<std::size_t>(p.end_s - p.start_s));
    };
    chemical = [&progress](const ChemicalProgress& p) {
      progress(std::string("dispersion (") + p.stage + ")", p.done, p.total);
    };
    fire = [&progress](const FireProgress& p) { progress(std::string("fire landscape (") + p.stage + ")", p.done, p.total); };
  }
  const PreparedScenario prepared = prepare_scenario(std::move(scenario), threads, flood, chemical, fire, cache);
  RunControl control;
  if (progress) control.on_progress = [&progress](std::size_t done, std::size_t total) { progress("replications", done, total); };
  const ResponseExperiment experiment = run_prepared(prepared, threads, control);
  out.results = response_results(prepared, experiment, command_line);
  out.region = prepared.region;
  out.times = task_times(drill, out.results);
  out.expected = expected_timeline(drill, out.times);
  return out;
}

}  // namespace dsim
