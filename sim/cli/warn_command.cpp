// SPDX-License-Identifier: MIT
// `dsim warn SCENARIO`: the scenario's warning chain and evacuation, replicated, with a summary and a results file.
#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_report.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/core/statistics.hpp"
#include "sim/io/hdf5_results.hpp"
#include "sim/run/warning_runner.hpp"
#include "sim/scenario/quantity.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <variant>
#include <vector>

namespace dsim::cli {

namespace {

struct WarnOptions {
  std::string scenario;
  RunOverrides overrides;  // replications, seed, threads
  std::string output;
  bool progress = false;
  std::vector<double> issue_delays_s;  // non-empty: a paired sweep over the issue delay
};

// People exposed against the issue delay: common random numbers, so the
// differences from the first delay are paired per replication.
int issue_delay_sweep(const PreparedWarning& p, const WarnOptions& opts, int threads) {
  const Scenario& s = p.scenario;
  const auto reps = static_cast<std::size_t>(s.replications);
  const ResultsFile file = issue_delay_results(p, opts.issue_delays_s, threads, "dsim warn " + opts.scenario + " --issue-delays");
  const ResultsTable& t = file.table("issue_delay_sweep");
  const auto& exposed = std::get<std::vector<double>>(t.column("people_exposed").data);
  std::printf("%s — %zu replications per delay, seed %llu, common random numbers\n\n", s.name.c_str(), reps,
              static_cast<unsigned long long>(s.seed));
  std::printf("%-16s %-26s %s\n", "issue delay", "people exposed", "difference from the first (paired)");
  for (std::size_t d = 0; d < opts.issue_delays_s.size(); ++d) {
    RunningStats level, diff;
    for (std::size_t r = 0; r < reps; ++r) {
      // Rows are delay-major: row d * reps + r.
      level.add(exposed[d * reps + r]);
      diff.add(exposed[d * reps + r] - exposed[r]);
    }
    const auto ci = [&](const RunningStats& x) {
      const ConfidenceInterval c = t_confidence_interval(x);
      return fixed_significant(c.mean, 4) + (reps > 1 ? "  ± " + fixed_significant(c.half_width, 2) : "");
    };
    std::printf("%-16s %-26s %s\n", (fixed_significant(opts.issue_delays_s[d] / 60.0, 3) + " min").c_str(),
                ci(level).c_str(), d == 0 ? "" : ci(diff).c_str());
  }
  if (!opts.output.empty()) {
    write_results(file, opts.output);
    std::printf("\nResults: %s (table issue_delay_sweep)\n", opts.output.c_str());
  }
  return kExitOk;
}

}  // namespace

Action add_warn_command(CLI::App& app) {
  auto opts = std::make_shared<WarnOptions>();
  CLI::App* cmd = app.add_subcommand("warn", "Run a scenario's warning chain and evacuation");
  cmd->description(
      "Run the warning section of a scenario: the hazard is detected and a warning issued; channels\n"
      "(broadcast, SMS, outbound calls, gongs, door knocking) reach households; command calls the\n"
      "responsible people until they answer (call-and-answer), escalating when they do not; warned\n"
      "households leave for the nearest shelter with room, on foot or by car over the roads, and\n"
      "feedback returns to command. It is the warning part of the same run as `dsim run` (one event\n"
      "loop: teams named for warning duties are busy for the dispatcher meanwhile); this command prints\n"
      "and writes only the warning's outcome measures, with 95% confidence intervals. With --issue-delays\n"
      "the warning chain plays alone (forces always free). The numbers do not depend on the thread count.");
  cmd->footer(
      "Examples:\n"
      "  dsim warn scenarios/flash_flood_warning.yaml -r 20 -j 2 -o warning.h5\n"
      "  dsim warn my.yaml --seed 7\n"
      "  dsim warn my.yaml -r 40 --issue-delays 0,300,600,1200   people exposed against the issue delay");
  cmd->add_option("scenario", opts->scenario, "Scenario YAML file with a warning section")->required()->check(CLI::ExistingFile);
  cmd->add_option("-r,--replications", opts->overrides.replications, "Replications (default: the scenario's)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("-j,--threads", opts->overrides.threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("--seed", opts->overrides.seed, "Random seed (default: the scenario's)")->check(CLI::NonNegativeNumber);
  cmd->add_option("-o,--output", opts->output, "Results file (.h5); written when the run ends");
  cmd->add_flag("--progress", opts->progress, "Show a progress bar even when stderr is not a terminal");
  cmd->add_option("--issue-delays", opts->issue_delays_s,
                  "Instead: rerun with each fixed issue delay (seconds), the same random numbers in each, and print "
                  "people exposed against the delay with paired differences")
      ->delimiter(',')
      ->check(CLI::NonNegativeNumber);
  return [opts]() {
    Scenario scenario = load_scenario(ScenarioSource::file(opts->scenario), opts->overrides);
    const int threads = run_threads(opts->overrides);
    if (!opts->issue_delays_s.empty()) {
      std::fprintf(stderr, "Preparing %s: loading the region, the hazard and the shelter routes...\n", scenario.name.c_str());
      ProgressBar flood_bar("flood", opts->progress || stderr_is_terminal());
      const PreparedWarning prepared =
          prepare_warning(std::move(scenario), std::nullopt, [&flood_bar](const FloodProgress& p) {
            const double span_s = p.end_s - p.start_s;
            flood_bar.update(span_s > 0.0 ? (p.time_s - p.start_s) / span_s : 1.0,
                             format_duration(p.time_s) + " of " + format_duration(p.end_s) + " simulated, " +
                                 with_thousands(p.cells) + " cells",
                             1.0);
          });
      flood_bar.finish();
      return issue_delay_sweep(prepared, *opts, threads);
    }
    require_warning_section(scenario);
    // The warning outputs of the same run as `dsim run`: every section plays in one event loop.
    ScenarioRunOptions run;
    run.overrides = opts->overrides;
    run.output = opts->output;
    run.progress = opts->progress;
    run.command_line = "dsim warn " + opts->scenario;
    run.warning_only = true;
    return run_scenario_and_report(std::move(scenario), run);
  };
}

}  // namespace dsim::cli
