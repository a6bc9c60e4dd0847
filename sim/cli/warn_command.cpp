// SPDX-License-Identifier: MIT
// `dsim warn SCENARIO`: the scenario's warning chain and evacuation, replicated, with a summary and a results file.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/core/statistics.hpp"
#include "sim/io/hdf5_results.hpp"
#include "sim/run/warning_runner.hpp"

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

// Mean and 95% half-width over the replications where the value is finite; "n/a" when none is.
std::string mean_text(const WarningExperiment& ex, const std::function<double(const WarningSummary&)>& get,
                      const std::string& unit, std::size_t* finite_count = nullptr) {
  RunningStats stats;
  for (std::size_t r = 0; r < ex.replications.size(); ++r) {
    if (!ex.finished[r]) continue;
    const double x = get(ex.replications[r]);
    if (std::isfinite(x)) stats.add(x);
  }
  if (finite_count) *finite_count = stats.count();
  if (stats.count() == 0) return "n/a";
  const ConfidenceInterval ci = t_confidence_interval(stats);
  const bool half = stats.count() > 1 && std::isfinite(ci.half_width);
  if (unit == "1")
    return fixed_significant(100.0 * ci.mean, 3) + " %" + (half ? "  ± " + fixed_significant(100.0 * ci.half_width, 2) + " %" : "");
  if (unit == "s")
    return fixed_significant(ci.mean / 60.0, 3) + " min" + (half ? "  ± " + fixed_significant(ci.half_width / 60.0, 2) + " min" : "");
  return fixed_significant(ci.mean, 4) + (half ? "  ± " + fixed_significant(ci.half_width, 2) : "");
}

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
      "feedback returns to command. Prints the outcome measures with 95% confidence intervals and\n"
      "writes the tables to an HDF5 file. The numbers do not depend on the thread count.");
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
    std::fprintf(stderr, "Preparing %s: loading the region, the hazard and the shelter routes...\n", scenario.name.c_str());
    const PreparedWarning prepared = prepare_warning(std::move(scenario));
    if (!opts->issue_delays_s.empty()) return issue_delay_sweep(prepared, *opts, threads);
    install_interrupt_handler();
    ProgressBar bar("replications", opts->progress || stderr_is_terminal());
    const Scenario& s = prepared.scenario;
    RunControl control;
    control.on_progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
    control.cancel = &interrupt_flag();
    const WarningExperiment ex = run_replications(prepared, threads, control);
    bar.finish();
    std::size_t finished = 0;
    for (bool f : ex.finished) finished += f;
    if (finished == 0) {
      std::fprintf(stderr, "dsim: interrupted before any replication finished; nothing written\n");
      return kExitInterrupted;
    }
    if (!opts->output.empty()) write_results(warning_results(prepared, ex, "dsim warn " + opts->scenario), opts->output);

    const WarningModel& m = prepared.model;
    std::printf("%s — %s\n", s.name.c_str(), prepared.region->description.c_str());
    std::printf("  %zu warned zones, %zu groups, %zu channels, %zu responsible people, %zu shelters\n", m.zones.size(),
                m.groups.size(), m.channels.size(), m.responsible.size(), m.shelters.size());
    std::printf("  %zu of %d replications, seed %llu, %d threads\n\n", finished, s.replications,
                static_cast<unsigned long long>(s.seed), threads);
    std::printf("%-34s %s\n", "measure", "mean  ± 95% CI");
    const auto row = [&](const char* name, const std::function<double(const WarningSummary&)>& get, const char* unit) {
      std::size_t n = 0;
      const std::string text = mean_text(ex, get, unit, &n);
      std::printf("%-34s %s%s\n", name, text.c_str(),
                  n < finished ? ("  (" + std::to_string(finished - n) + " replications: never)").c_str() : "");
    };
    row("warning issued at", [](const WarningSummary& w) { return w.issued_s; }, "s");
    row("people", [](const WarningSummary& w) { return w.people; }, "");
    row("share warned", [](const WarningSummary& w) { return w.share_warned; }, "1");
    row("people in the hazard's path", [](const WarningSummary& w) { return w.people_in_path; }, "");
    row("share evacuated before the hazard", [](const WarningSummary& w) { return w.share_evacuated_in_time; }, "1");
    row("people exposed", [](const WarningSummary& w) { return w.people_exposed; }, "");
    row("people in shelters", [](const WarningSummary& w) { return w.people_sheltered; }, "");
    row("call-and-answer: calls a person", [](const WarningSummary& w) { return w.mean_attempts; }, "");
    row("call-and-answer: time to answer", [](const WarningSummary& w) { return w.mean_acknowledgement_s; }, "s");
    row("call-and-answer: needed 2nd call", [](const WarningSummary& w) { return w.share_second_call; }, "1");
    row("answered within target", [](const WarningSummary& w) { return w.share_within_target; }, "1");
    row("escalations", [](const WarningSummary& w) { return static_cast<double>(w.escalations); }, "");
    row("feedback from every zone at", [](const WarningSummary& w) { return w.all_feedback_s; }, "s");
    for (std::size_t k = 0; k < m.shelters.size(); ++k) {
      const std::string name = "shelter " + m.shelters[k].id + " (cap " + std::to_string(m.shelters[k].capacity_people) + ")";
      row(name.c_str(), [k](const WarningSummary& w) { return static_cast<double>(w.shelter_occupancy[k]); }, "");
    }
    if (!opts->output.empty())
      std::printf("\nResults: %s (tables warning_replications, warned_share, shelters, exposed_by_group)\n",
                  opts->output.c_str());
    return finished < ex.finished.size() ? kExitInterrupted : kExitOk;
  };
}

}  // namespace dsim::cli
