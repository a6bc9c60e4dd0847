// SPDX-License-Identifier: MIT
// `dsim demo`: the embedded default scenario, end to end.
#include "sim/cli/commands.hpp"
#include "sim/cli/embedded_scenario.hpp"
#include "sim/cli/scenario_report.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/report/run_report.hpp"

#include <cstdio>
#include <filesystem>
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
      "95% confidence intervals, writes the results file and its HTML report beside it (dsim-demo.html: maps\n"
      "of the stations, their 5-minute cover and the incidents; `dsim report` writes one for any run).\n"
      "The scenario's text is in scenarios/ordos_default.yaml; copy it to make your own and run it with\n"
      "`dsim run`.");
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
    const int status = run_scenario_and_report(std::move(scenario), *opts);
    if (status != kExitOk) return status;
    // The report beside the results: dsim-demo.h5 -> dsim-demo.html.
    const std::filesystem::path html = std::filesystem::path(opts->output).replace_extension(".html");
    ProgressBar bar("report", opts->progress || stderr_is_terminal());
    bar.update(0.0, "loading the region again", 1.0);
    const RunView view = open_run(opts->output);
    RunReportOptions report;
    report.progress = [&bar](double share, const std::string& step) { bar.update(0.1 + 0.9 * share, step, 1.0); };
    const HtmlPage page = build_run_report(view, report);
    bar.finish();
    page.write(html);
    std::printf("Report: %s (open it in a browser; it works offline)\n", html.string().c_str());
    return kExitOk;
  };
}

}  // namespace dsim::cli
