// SPDX-License-Identifier: MIT
// `dsim demo`: the embedded default scenario, end to end.
#include "sim/cli/commands.hpp"
#include "sim/cli/embedded_scenario.hpp"
#include "sim/cli/scenario_report.hpp"

#include <memory>

namespace dsim::cli {

Action add_demo_command(CLI::App& app) {
  auto opts = std::make_shared<ScenarioRunOptions>();
  opts->output = "dsim-demo.h5";
  CLI::App* cmd = app.add_subcommand("demo", "Run the built-in Ordos-like default scenario and print its summary");
  cmd->description(
      "Run the embedded default scenario: a year of fires, traffic accidents, chemical incidents, grassland\n"
      "fires and water rescues in a synthetic Ordos-like region, answered by forces sized as the Ordos\n"
      "measures ask. Prints the indicators (the 5-minute fire circle, the 30-minute video link, ...) with\n"
      "95% confidence intervals and writes the results file. The scenario's text is in\n"
      "scenarios/ordos_default.yaml; copy it to make your own and run it with `dsim run`.");
  cmd->footer(
      "Examples:\n"
      "  dsim demo\n"
      "  dsim demo -r 4 -j 2 -o demo.h5");
  cmd->add_option("-r,--replications", opts->overrides.replications, "Replications (default: the scenario's 10)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("-j,--threads", opts->overrides.threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("--seed", opts->overrides.seed, "Random seed (default: the scenario's)")->check(CLI::NonNegativeNumber);
  cmd->add_option("-o,--output", opts->output, "Results file (.h5)")->capture_default_str();
  cmd->add_flag("--progress", opts->progress, "Show a progress bar even when stderr is not a terminal");
  return [opts]() {
    Scenario scenario = load_scenario(ScenarioSource::in_memory(default_scenario_text(), kDefaultScenarioName),
                                      opts->overrides);
    opts->command_line = "dsim demo";
    return run_scenario_and_report(std::move(scenario), *opts);
  };
}

}  // namespace dsim::cli
