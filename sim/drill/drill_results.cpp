// SPDX-License-Identifier: MIT
// The tables of a drill evaluation (docs/drills.md, "What evaluate writes").

#include "sim/drill/drill_evaluation.hpp"

#include "sim/run/response_runner.hpp"

#include <cmath>
#include <sstream>

namespace dsim {

namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

void add_expected(ResultsFile& file, const DrillSpec& drill, const DrillRun& run) {
  ResultsTable& t = file.add_table("drill_expected", "one row per critical task: its simulated times over the replications");
  auto task = t.add_string_column("task", "", "task id");
  auto name = t.add_string_column("name", "", "task name");
  auto capability = t.add_string_column("capability", "", "capability id");
  auto event = t.add_string_column("event", "", "the run's event it is tied to");
  auto from = t.add_string_column("from", "", "what its time counts from: start, call or a task id");
  auto target = t.add_double_column("target_s", "s", "target time from its reference");
  auto reps = t.add_int64_column("replications", "", "simulated replications");
  auto happened = t.add_int64_column("happened", "", "replications in which the event happened by the end");
  auto p10 = t.add_double_column("p10_s", "s", "10th percentile of its time over the replications where it happened");
  auto median = t.add_double_column("median_s", "s", "median of its time over the replications where it happened");
  auto p90 = t.add_double_column("p90_s", "s", "90th percentile of its time over the replications where it happened");
  auto met = t.add_double_column("met_share", "1", "replications meeting the target, over all replications");
  for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
    const CriticalTask& c = drill.tasks[k];
    const ExpectedTask& x = run.expected[k];
    task.push(c.id);
    name.push(c.name);
    capability.push(c.capability);
    event.push(std::string(to_string(c.event)));
    from.push(c.from);
    target.push(c.target_s);
    reps.push(static_cast<std::int64_t>(x.replications));
    happened.push(static_cast<std::int64_t>(x.happened));
    p10.push(x.p10_s);
    median.push(x.median_s);
    p90.push(x.p90_s);
    met.push(x.met_share);
  }
}

}  // namespace

ResultsFile evaluation_results(const DrillSpec& drill, const DrillRun& run, const DrillEvaluation& ev,
                               const std::string& command_line) {
  ResultsFile file;
  file.metadata = scenario_results_metadata(run.scenario.scenario, static_cast<std::int64_t>(run.times.replications.size()),
                                            command_line);
  file.metadata.scenario_text = run.scenario.text;
  file.metadata.scenario_file = drill.scenario;
  add_scenario_attributes(file, run.scenario.scenario);
  file.attributes["drill_name"] = drill.name;
  file.attributes["drill_file"] = drill.source_path;

  ResultsTable& s = file.add_table("drill_scores", "one row per critical task: what the drill log shows against the target "
                                                   "and the simulated times");
  auto task = s.add_string_column("task", "", "task id");
  auto name = s.add_string_column("name", "", "task name");
  auto capability = s.add_string_column("capability", "", "capability id");
  auto event = s.add_string_column("event", "", "the run's event it is tied to");
  auto target = s.add_double_column("target_s", "s", "target time from its reference");
  auto status = s.add_string_column("status", "", "met, missed or not observed");
  auto met = s.add_int64_column("met", "", "1: met; 0: missed or not observed");
  auto at = s.add_double_column("observed_at_s", "s", "when the log saw it, from the drill's time 0 (NaN: not observed)");
  auto observed = s.add_double_column("observed_s", "s", "its time from its reference (NaN: not observed)");
  auto percentile = s.add_double_column("percentile", "1",
                                        "share of simulated replications faster than the observed time (ties count half; "
                                        "NaN: not observed)");
  auto median = s.add_double_column("sim_median_s", "s", "simulated median");
  auto p10 = s.add_double_column("sim_p10_s", "s", "simulated 10th percentile");
  auto p90 = s.add_double_column("sim_p90_s", "s", "simulated 90th percentile");
  auto met_share = s.add_double_column("sim_met_share", "1", "simulated replications meeting the target");
  auto line = s.add_int64_column("log_line", "", "line of the log entry that observed it (0: none)");
  auto later = s.add_int64_column("later_entries", "", "further log entries for the same task (the first counts)");
  for (const TaskScore& x : ev.tasks) {
    const CriticalTask& c = drill.tasks[x.task];
    const ExpectedTask& e = run.expected[x.task];
    task.push(c.id);
    name.push(c.name);
    capability.push(c.capability);
    event.push(std::string(to_string(c.event)));
    target.push(c.target_s);
    status.push(std::string(to_string(x.status)));
    met.push(x.status == TaskStatus::met ? 1 : 0);
    at.push(x.observed_at_s);
    observed.push(x.observed_s);
    percentile.push(x.percentile);
    median.push(e.median_s);
    p10.push(e.p10_s);
    p90.push(e.p90_s);
    met_share.push(e.met_share);
    line.push(static_cast<std::int64_t>(x.log_line));
    later.push(static_cast<std::int64_t>(x.later_entries));
  }

  ResultsTable& c = file.add_table("drill_capabilities", "one row per capability: its rating (HSEEP P/S/M/U) and why");
  auto cid = c.add_string_column("capability", "", "capability id");
  auto cname = c.add_string_column("name", "", "capability name");
  auto objectives = c.add_string_column("objectives", "", "objective ids it serves, space-separated");
  auto tasks = c.add_int64_column("tasks", "", "its critical tasks");
  auto cmet = c.add_int64_column("met", "", "tasks met");
  auto missed = c.add_int64_column("missed", "", "tasks missed");
  auto unseen = c.add_int64_column("not_observed", "", "tasks the log does not show");
  auto slow = c.add_int64_column("slow", "", "tasks met but slower than 90 % of the simulated replications");
  auto rating = c.add_string_column("rating", "", "P, S, M or U (docs/drills.md, \"Ratings\")");
  auto meaning = c.add_string_column("meaning", "", "what the rating means");
  auto reason = c.add_string_column("reason", "", "the counts that gave the rating");
  for (const CapabilityScore& x : ev.capabilities) {
    const DrillCapability& d = drill.capabilities[x.capability];
    cid.push(d.id);
    cname.push(d.name);
    objectives.push(joined(d.objectives));
    tasks.push(static_cast<std::int64_t>(x.tasks));
    cmet.push(static_cast<std::int64_t>(x.met));
    missed.push(static_cast<std::int64_t>(x.missed));
    unseen.push(static_cast<std::int64_t>(x.not_observed));
    slow.push(static_cast<std::int64_t>(x.slow));
    rating.push(std::string(to_string(x.rating)));
    meaning.push(std::string(rating_meaning(x.rating)));
    reason.push(x.reason);
  }

  ResultsTable& u = file.add_table("drill_unmatched", "one row per log entry that matches no critical task");
  auto uline = u.add_int64_column("log_line", "", "line in the log");
  auto utime = u.add_double_column("time_s", "s", "from the drill's time 0");
  auto utask = u.add_string_column("task", "", "the task column as written");
  auto uactor = u.add_string_column("actor", "", "actor");
  auto uplace = u.add_string_column("place", "", "place");
  auto unote = u.add_string_column("note", "", "note");
  auto ureason = u.add_string_column("reason", "", "why it matches no task");
  for (const UnmatchedEntry& x : ev.unmatched) {
    uline.push(static_cast<std::int64_t>(x.entry.line));
    utime.push(x.entry.time_s);
    utask.push(x.entry.task);
    uactor.push(x.entry.actor);
    uplace.push(x.entry.place);
    unote.push(x.entry.note);
    ureason.push(x.reason);
  }
  add_expected(file, drill, run);
  return file;
}

ResultsFile expected_results(const DrillSpec& drill, const DrillRun& run) {
  ResultsFile file;
  add_expected(file, drill, run);
  return file;
}

std::string scores_csv(const ResultsFile& evaluation) {
  const ResultsTable& t = evaluation.table("drill_scores");
  std::ostringstream out;
  out.precision(10);
  const auto& columns = t.columns();
  for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << columns[c].name;
  out << "\n";
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) out << ",";
      std::visit(
          [&](const auto& data) {
            using T = std::decay_t<decltype(data[r])>;
            if constexpr (std::is_same_v<T, std::string>) {
              const std::string& s = data[r];
              if (s.find_first_of(",\"\n") == std::string::npos) {
                out << s;
              } else {
                out << '"';
                for (char ch : s) out << (ch == '"' ? "\"\"" : std::string(1, ch));
                out << '"';
              }
            } else if constexpr (std::is_same_v<T, double>) {
              if (!std::isnan(data[r])) out << data[r];
            } else {
              out << data[r];
            }
          },
          columns[c].data);
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace dsim
