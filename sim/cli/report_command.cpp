// SPDX-License-Identifier: MIT
// `dsim report RESULTS.h5 -o REPORT.html`: the HTML page of any run.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/core/error.hpp"
#include "sim/report/run_report.hpp"

#include <cstdio>
#include <memory>

namespace dsim::cli {

Action add_report_command(CLI::App& app) {
  struct Options {
    std::string results;
    std::string output;
    double cover_min = 5.0;
    bool progress = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("report", "Write a self-contained HTML report of a results file");
  cmd->description(
      "Write one HTML page about a run: what was run (scenario, seed, replications, horizon, dsim version), the\n"
      "indicators with their 95% intervals and what each mean is over, the calls never reached and why, the\n"
      "assumptions, a map of the stations and their 5-minute cover, the incidents by first-arrival time, a\n"
      "histogram of response times, and the hazard layers the run has (flood depth and arrival, fire forecast,\n"
      "chemical threat zones) with logistics and warning summaries. The page works offline (inline CSS and SVG)\n"
      "and prints on A4. The roads are loaded again from the scenario stored in the results; when its files have\n"
      "moved the page says so and draws the maps without roads.");
  cmd->footer(
      "Examples:\n"
      "  dsim run scenarios/flood_warning.yaml -r 10 -o flood.h5 && dsim report flood.h5 -o flood.html\n"
      "  dsim report demo.h5 -o demo.html --cover-minutes 10");
  cmd->add_option("results", opts->results, "Results file (.h5) of dsim run, dsim demo or ds.run")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opts->output, "The HTML page to write")->required();
  cmd->add_option("--cover-minutes", opts->cover_min, "Time limit of the cover map (minutes)")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 240.0));
  cmd->add_flag("--progress", opts->progress, "Show a progress bar even when stderr is not a terminal");
  return [opts]() {
    const bool show = opts->progress || stderr_is_terminal();
    ProgressBar bar("report", show);
    bar.update(0.0, "reading " + opts->results + " and loading its region", 1.0);
    const RunView view = open_run(opts->results);
    RunReportOptions options;
    options.cover_limit_s = opts->cover_min * 60.0;
    options.progress = [&bar](double share, const std::string& step) { bar.update(0.1 + 0.9 * share, step, 1.0); };
    const HtmlPage page = build_run_report(view, options);
    bar.finish();
    page.write(opts->output);
    if (!view.region) std::fprintf(stderr, "Note: maps drawn without roads: %s\n", view.region_note.c_str());
    std::printf("Report: %s\n", opts->output.c_str());
    return kExitOk;
  };
}

}  // namespace dsim::cli
