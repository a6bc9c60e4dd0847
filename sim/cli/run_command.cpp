// SPDX-License-Identifier: MIT
// `dsim run SCENARIO`: replications of a scenario in parallel, a results file and a summary.
#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_report.hpp"

#include <memory>

namespace dsim::cli {

Action add_run_command(CLI::App& app) {
  struct Options {
    std::string scenario;
    ScenarioRunOptions run;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario's replications and write the results");
  cmd->description(
      "Run a scenario: incidents across the region, the plan dispatching teams over the roads, replicated in\n"
      "parallel (the numbers do not depend on the thread count). Every section plays in the same event loop\n"
      "(one event, one run): a flood closing roads and raising rescue calls, a grassland fire fought by the\n"
      "wildland crews, a chemical release with its AEGL\n"
      "threat zones, the warning chain with evacuation or shelter in place, teams shared between warning duties\n"
      "and calls, outages of power or networks, stockpiles with requests up the supply chain and trucks on the\n"
      "same roads. Prints a summary of the indicators with 95% confidence intervals (and the people above each\n"
      "AEGL level, the fill rate, delivery times and shortages of each item) and writes every incident, dispatch\n"
      "and unit (and the flood, chemical, warning and logistics tables) to an HDF5 file. Ctrl-C stops starting\n"
      "replications and keeps the finished ones.");
  cmd->footer(
      "Examples:\n"
      "  dsim run scenarios/ordos_default.yaml -r 20 -j 2 -o results.h5\n"
      "  dsim run scenarios/ordos_flood_season.yaml -r 10 -o week.h5   flood, warning, calls and stockpiles in one run\n"
      "  dsim run scenarios/chemical_park_release.yaml -r 20 -o release.h5   ammonia release, shelter or evacuate\n"
      "  dsim run scenarios/grassland_fire.yaml -r 20 -o fire.h5   grassland fire, wildland crews, villages reached\n"
      "  dsim run my_plan.yaml --seed 7 -o plan_a.h5");
  cmd->add_option("scenario", opts->scenario, "Scenario YAML file")->required()->check(CLI::ExistingFile);
  cmd->add_option("-r,--replications", opts->run.overrides.replications, "Replications (default: the scenario's)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("-j,--threads", opts->run.overrides.threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("--seed", opts->run.overrides.seed, "Random seed (default: the scenario's)")->check(CLI::NonNegativeNumber);
  cmd->add_option("-o,--output", opts->run.output, "Results file (.h5); written when the run ends");
  cmd->add_flag("--progress", opts->run.progress, "Show a progress bar even when stderr is not a terminal");
  return [opts]() {
    Scenario scenario = load_scenario(ScenarioSource::file(opts->scenario), opts->run.overrides);
    opts->run.command_line = "dsim run " + opts->scenario;
    return run_scenario_and_report(std::move(scenario), opts->run);
  };
}

}  // namespace dsim::cli
