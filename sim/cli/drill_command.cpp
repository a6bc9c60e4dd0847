// SPDX-License-Identifier: MIT
// `dsim drill design SCENARIO.yaml` and `dsim drill evaluate DRILL.yaml LOG.csv`:
// a drill proposed at the plan's weak spots with its expected timeline, and a
// drill log scored against the targets and the simulated times.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/core/error.hpp"
#include "sim/drill/drill_design.hpp"
#include "sim/drill/drill_evaluation.hpp"
#include "sim/drill/drill_report.hpp"
#include "sim/report/html_page.hpp"
#include "sim/io/hdf5_results.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>

namespace dsim::cli {

namespace {

namespace fs = std::filesystem;

// One progress bar per stage, replaced when the stage changes.
struct StageBars {
  bool force = false;
  std::string stage;
  std::unique_ptr<ProgressBar> bar;
  void operator()(const std::string& s, std::size_t done, std::size_t total) {
    if (s != stage || !bar) {
      if (bar) bar->finish();
      stage = s;
      bar = std::make_unique<ProgressBar>(s, force || stderr_is_terminal());
    }
    bar->update(done, total);
  }
  void finish() {
    if (bar) bar->finish();
    bar.reset();
  }
};

std::string minutes(double s) {
  if (!std::isfinite(s)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", s / 60.0);
  return buf;
}

void print_expected(const DrillSpec& drill, const DrillRun& run) {
  std::printf("\nExpected timeline over %zu simulated replications (minutes from each task's reference):\n",
              run.times.replications.size());
  std::printf("  %-32s %-14s %7s %7s %7s %7s %9s %9s\n", "task", "from", "target", "p10", "median", "p90", "happened",
              "met");
  for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
    const CriticalTask& t = drill.tasks[k];
    const ExpectedTask& e = run.expected[k];
    std::printf("  %-32s %-14s %7s %7s %7s %7s %4zu/%-4zu %8.0f%%\n", t.id.substr(0, 32).c_str(), t.from.substr(0, 14).c_str(),
                minutes(t.target_s).c_str(), minutes(e.p10_s).c_str(), minutes(e.median_s).c_str(), minutes(e.p90_s).c_str(),
                e.happened, e.replications, 100.0 * e.met_share);
  }
  std::printf("  (met: share of all replications meeting the target; a task that never happened counts as missed)\n");
}

std::string sibling(const fs::path& path, const std::string& suffix) {
  return (path.parent_path() / (path.stem().string() + suffix)).string();
}

}  // namespace

CLI::App& add_drill_command(CLI::App& app) {
  CLI::App* drill = app.add_subcommand("drill", "Drills: design one at the plan's weak spots, evaluate a drill log");
  drill->description("Drill commands (docs/drills.md). Each has its own --help.");
  drill->footer(
      "Examples:\n"
      "  dsim drill design scenarios/ordos_flood_season.yaml -o drill.yaml\n"
      "  dsim drill evaluate scenarios/drills/flood_season_drill.yaml scenarios/drills/flood_season_log.csv");
  drill->require_subcommand(1);
  return *drill;
}

Action add_drill_design_command(CLI::App& drill) {
  struct Options {
    std::string scenario, output, script, objectives, start, duration_text;
    int replications = 40, threads = 0;
    long long seed = -1;
    double first_inject_min = 10.0, duration_h = 0.0;
    bool progress = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = drill.add_subcommand("design", "Propose a drill aimed at the plan's weak spots");
  cmd->description(
      "Finds the plan's weak spots (the place reached last, the bridge whose closure loses the most 5-minute\n"
      "cover, the village slowest to answer the warning call, the depot that runs out first), proposes injects\n"
      "aimed at them and critical tasks with targets, plays the drill over simulated replications, and writes the\n"
      "drill file (YAML, to edit) and a printable drill script (HTML) with every task's expected timeline.");
  cmd->footer(
      "Examples:\n"
      "  dsim drill design scenarios/ordos_flood_season.yaml -o drill.yaml\n"
      "  dsim drill design my.yaml --objectives response,roads -r 100 -o drill.yaml --script drill.html");
  cmd->add_option("scenario", opts->scenario, "The plan's scenario file")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opts->output, "Drill file to write (YAML)")->required();
  cmd->add_option("--script", opts->script, "Drill script to write (HTML); default: next to the drill file");
  cmd->add_option("--objectives", opts->objectives,
                  "What to exercise: response, roads, warning, logistics (comma-separated; default: all the scenario has)");
  cmd->add_option("-r,--replications", opts->replications, "Simulated replications for the expected times")->check(CLI::Range(2, 100000));
  cmd->add_option("--seed", opts->seed, "Seed (default: the scenario's)");
  cmd->add_option("--first-inject", opts->first_inject_min, "Minutes from the start to the first inject")->check(CLI::NonNegativeNumber);
  cmd->add_option("--duration", opts->duration_h, "Drill length in hours (default: 6, or the scenario's horizon if shorter)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--start", opts->start, "Clock time of the drill's start for logs in clock times: \"09:00\" or 2027-06-15T09:00+08:00");
  cmd->add_option("-j,--threads", opts->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--progress", opts->progress, "Show progress even when stderr is not a terminal");
  return [opts]() {
    DrillDesignOptions o;
    o.scenario_path = opts->scenario;
    std::stringstream list(opts->objectives);
    for (std::string item; std::getline(list, item, ',');)
      if (!item.empty()) o.objectives.push_back(item);
    o.first_inject_s = 60.0 * opts->first_inject_min;
    o.duration_s = 3600.0 * opts->duration_h;
    o.replications = opts->replications;
    o.seed = opts->seed;
    o.drill_path = opts->output;
    o.start_clock = opts->start;
    StageBars bars{opts->progress};
    const DrillDesign design = design_drill(o, opts->threads, std::ref(bars));
    bars.finish();
    const std::string script = opts->script.empty() ? sibling(opts->output, "-script.html") : opts->script;
    const std::string html = drill_script_html(design.drill, design.run, design.weak_spots);
    write_text_atomically(opts->output, design.drill_text);
    write_text_atomically(script, html);
    std::printf("Weak spots of %s:\n", opts->scenario.c_str());
    if (design.weak_spots.empty()) std::printf("  none found for the objectives asked\n");
    for (const WeakSpot& w : design.weak_spots)
      std::printf("  %-16s %s%s\n", w.kind.c_str(), w.finding.c_str(),
                  w.inject.empty() ? "" : (" -> inject " + w.inject).c_str());
    print_expected(design.drill, design.run);
    std::printf("\nDrill file: %s (edit targets and times, then play the drill)\nDrill script: %s\n",
                opts->output.c_str(), script.c_str());
    std::printf("After the drill: dsim drill evaluate %s LOG.csv\n", opts->output.c_str());
    return kExitOk;
  };
}

Action add_drill_evaluate_command(CLI::App& drill) {
  struct Options {
    std::string drill, log, output, csv, report;
    int replications = 0, threads = 0;
    bool progress = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = drill.add_subcommand("evaluate", "Score a drill log against the targets and the simulated times");
  cmd->description(
      "Reads the drill log (CSV: time, task, actor, place, note; times as clock times, date-times or offsets\n"
      "\"+00:14\"), matches each row to a critical task, and scores every task: met or missed against its target,\n"
      "and the percentile of the observed time among the drill's simulated replications. Flags tasks never\n"
      "observed and rows that match no task, rates each capability P/S/M/U (docs/drills.md), and writes the\n"
      "scores (CSV and HDF5) and the after-action report (HTML).");
  cmd->footer(
      "Examples:\n"
      "  dsim drill evaluate scenarios/drills/flood_season_drill.yaml scenarios/drills/flood_season_log.csv\n"
      "  dsim drill evaluate drill.yaml log.csv --report aar.html --csv scores.csv -o scores.h5 -r 200");
  cmd->add_option("drill", opts->drill, "The drill file")->required()->check(CLI::ExistingFile);
  cmd->add_option("log", opts->log, "The drill log (CSV)")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opts->output, "Scores and expected times (HDF5); default: LOG-scores.h5");
  cmd->add_option("--csv", opts->csv, "Scores table (CSV); default: LOG-scores.csv");
  cmd->add_option("--report", opts->report, "After-action report (HTML); default: LOG-report.html");
  cmd->add_option("-r,--replications", opts->replications, "Simulated replications (default: the drill file's)")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("-j,--threads", opts->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--progress", opts->progress, "Show progress even when stderr is not a terminal");
  return [opts]() {
    const DrillSpec drill = read_drill_file(opts->drill);
    const DrillScenario combined = drill_scenario(drill);  // checks the injects before the log is read
    const DrillClock start = drill_clock(drill, combined.scenario);
    std::vector<LogEntry> log = read_drill_log(opts->log, drill, start);
    StageBars bars{opts->progress};
    const DrillRun run = run_drill(drill, opts->threads, std::ref(bars), opts->replications,
                                   "dsim drill evaluate " + opts->drill + " " + opts->log, &combined);
    bars.finish();
    const DrillEvaluation ev = evaluate_drill(drill, run, std::move(log));
    const ResultsFile scores = evaluation_results(drill, run, ev, "dsim drill evaluate " + opts->drill + " " + opts->log);
    const fs::path log_path(opts->log);
    const std::string h5 = opts->output.empty() ? sibling(log_path, "-scores.h5") : opts->output;
    const std::string csv = opts->csv.empty() ? sibling(log_path, "-scores.csv") : opts->csv;
    const std::string html_path = opts->report.empty() ? sibling(log_path, "-report.html") : opts->report;
    const std::string html = after_action_report_html(drill, run, ev);
    write_results(scores, h5);
    write_text_atomically(csv, scores_csv(scores));
    write_text_atomically(html_path, html);
    std::printf("%s: %zu log entries, %zu critical tasks\n\n", drill.name.empty() ? opts->drill.c_str() : drill.name.c_str(),
                ev.log.size(), drill.tasks.size());
    std::printf("  %-32s %-13s %8s %8s %10s %10s\n", "task", "status", "target", "observed", "sim median", "percentile");
    for (const TaskScore& s : ev.tasks) {
      const CriticalTask& t = drill.tasks[s.task];
      char pct[16] = "-";
      if (std::isfinite(s.percentile)) std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * s.percentile);
      std::printf("  %-32s %-13s %8s %8s %10s %10s\n", t.id.substr(0, 32).c_str(), std::string(to_string(s.status)).c_str(),
                  minutes(t.target_s).c_str(), minutes(s.observed_s).c_str(), minutes(run.expected[s.task].median_s).c_str(), pct);
    }
    std::printf("  (minutes from each task's reference; percentile: share of %zu simulated replications faster)\n",
                run.times.replications.size());
    for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
      const ExpectedTask& e = run.expected[k];
      if (e.happened < e.replications)
        std::printf("  %s happened in only %zu of %zu simulated replications (the others count as slower; sim median "
                    "over those it happened in)\n",
                    drill.tasks[k].id.c_str(), e.happened, e.replications);
    }
    std::printf("\n");
    for (const CapabilityScore& c : ev.capabilities)
      std::printf("  %s  %-40s %s\n", std::string(to_string(c.rating)).c_str(),
                  drill.capabilities[c.capability].name.c_str(), c.reason.c_str());
    std::printf("  (P performed without challenges, S with some, M with major challenges, U unable to be performed)\n");
    if (!ev.unmatched.empty()) {
      std::printf("\n%zu log entries match no task:\n", ev.unmatched.size());
      for (const UnmatchedEntry& u : ev.unmatched)
        std::printf("  line %zu (%s): %s\n", u.entry.line, u.entry.task.c_str(), u.reason.c_str());
    }
    std::printf("\nScores: %s and %s\nAfter-action report: %s\n", csv.c_str(), h5.c_str(), html_path.c_str());
    return kExitOk;
  };
}

}  // namespace dsim::cli
