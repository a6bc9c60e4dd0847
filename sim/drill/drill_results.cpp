// SPDX-License-Identifier: MIT
// The tables of a drill evaluation (docs/drills.md, "What evaluate writes").

#include "sim/drill/drill_evaluation.hpp"

#include "sim/io/table_schema.hpp"
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

std::int64_t count(std::size_t n) { return static_cast<std::int64_t>(n); }

void add_expected(ResultsFile& file, const DrillSpec& drill, const DrillRun& run) {
  std::vector<std::size_t> tasks(drill.tasks.size());
  for (std::size_t k = 0; k < tasks.size(); ++k) tasks[k] = k;
  const auto task = [&](std::size_t k) -> const CriticalTask& { return drill.tasks[k]; };
  const auto x = [&](std::size_t k) -> const ExpectedTask& { return run.expected[k]; };
  using K = const std::size_t&;
  TableSchema<std::size_t>("drill_expected", "one row per critical task: its simulated times over the replications")
      .text("task", "", "task id", [&](K k) { return task(k).id; })
      .text("name", "", "task name", [&](K k) { return task(k).name; })
      .text("capability", "", "capability id", [&](K k) { return task(k).capability; })
      .text("event", "", "the run's event it is tied to", [&](K k) { return std::string(to_string(task(k).event)); })
      .text("from", "", "what its time counts from: start, call or a task id", [&](K k) { return task(k).from; })
      .real("target_s", "s", "target time from its reference", [&](K k) { return task(k).target_s; })
      .integer("replications", "", "simulated replications", [&](K k) { return count(x(k).replications); })
      .integer("happened", "", "replications in which the event happened by the end", [&](K k) { return count(x(k).happened); })
      .real("p10_s", "s", "10th percentile of its time over the replications where it happened", [&](K k) { return x(k).p10_s; })
      .real("median_s", "s", "median of its time over the replications where it happened", [&](K k) { return x(k).median_s; })
      .real("p90_s", "s", "90th percentile of its time over the replications where it happened", [&](K k) { return x(k).p90_s; })
      .real("met_share", "1", "replications meeting the target, over all replications", [&](K k) { return x(k).met_share; })
      .add_to(file, tasks);
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

  const auto task = [&](const TaskScore& s) -> const CriticalTask& { return drill.tasks[s.task]; };
  const auto sim = [&](const TaskScore& s) -> const ExpectedTask& { return run.expected[s.task]; };
  using S = const TaskScore&;
  TableSchema<TaskScore>("drill_scores", "one row per critical task: what the drill log shows against the target "
                                         "and the simulated times")
      .text("task", "", "task id", [&](S s) { return task(s).id; })
      .text("name", "", "task name", [&](S s) { return task(s).name; })
      .text("capability", "", "capability id", [&](S s) { return task(s).capability; })
      .text("event", "", "the run's event it is tied to", [&](S s) { return std::string(to_string(task(s).event)); })
      .real("target_s", "s", "target time from its reference", [&](S s) { return task(s).target_s; })
      .text("status", "", "met, missed or not observed", [](S s) { return std::string(to_string(s.status)); })
      .integer("met", "", "1: met; 0: missed or not observed", [](S s) { return std::int64_t{s.status == TaskStatus::met}; })
      .real("observed_at_s", "s", "when the log saw it, from the drill's time 0 (NaN: not observed)",
            [](S s) { return s.observed_at_s; })
      .real("observed_s", "s", "its time from its reference (NaN: not observed)", [](S s) { return s.observed_s; })
      .real("percentile", "1",
            "share of simulated replications faster than the observed time (ties count half; NaN: not observed)",
            [](S s) { return s.percentile; })
      .real("sim_median_s", "s", "simulated median", [&](S s) { return sim(s).median_s; })
      .real("sim_p10_s", "s", "simulated 10th percentile", [&](S s) { return sim(s).p10_s; })
      .real("sim_p90_s", "s", "simulated 90th percentile", [&](S s) { return sim(s).p90_s; })
      .real("sim_met_share", "1", "simulated replications meeting the target", [&](S s) { return sim(s).met_share; })
      .integer("log_line", "", "line of the log entry that observed it (0: none)", [](S s) { return count(s.log_line); })
      .integer("later_entries", "", "further log entries for the same task (the first counts)",
               [](S s) { return count(s.later_entries); })
      .add_to(file, ev.tasks);

  const auto cap = [&](const CapabilityScore& c) -> const DrillCapability& { return drill.capabilities[c.capability]; };
  using C = const CapabilityScore&;
  TableSchema<CapabilityScore>("drill_capabilities", "one row per capability: its rating (HSEEP P/S/M/U) and why")
      .text("capability", "", "capability id", [&](C c) { return cap(c).id; })
      .text("name", "", "capability name", [&](C c) { return cap(c).name; })
      .text("objectives", "", "objective ids it serves, space-separated", [&](C c) { return joined(cap(c).objectives); })
      .integer("tasks", "", "its critical tasks", [](C c) { return count(c.tasks); })
      .integer("met", "", "tasks met", [](C c) { return count(c.met); })
      .integer("missed", "", "tasks missed", [](C c) { return count(c.missed); })
      .integer("not_observed", "", "tasks the log does not show", [](C c) { return count(c.not_observed); })
      .integer("slow", "", "tasks met but slower than 90 % of the simulated replications", [](C c) { return count(c.slow); })
      .text("rating", "", "P, S, M or U (docs/drills.md, \"Ratings\")", [](C c) { return std::string(to_string(c.rating)); })
      .text("meaning", "", "what the rating means", [](C c) { return std::string(rating_meaning(c.rating)); })
      .text("reason", "", "the counts that gave the rating", [](C c) { return c.reason; })
      .add_to(file, ev.capabilities);

  using U = const UnmatchedEntry&;
  TableSchema<UnmatchedEntry>("drill_unmatched", "one row per log entry that matches no critical task")
      .integer("log_line", "", "line in the log", [](U u) { return count(u.entry.line); })
      .real("time_s", "s", "from the drill's time 0", [](U u) { return u.entry.time_s; })
      .text("task", "", "the task column as written", [](U u) { return u.entry.task; })
      .text("actor", "", "actor", [](U u) { return u.entry.actor; })
      .text("place", "", "place", [](U u) { return u.entry.place; })
      .text("note", "", "note", [](U u) { return u.entry.note; })
      .text("reason", "", "why it matches no task", [](U u) { return u.reason; })
      .add_to(file, ev.unmatched);
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
