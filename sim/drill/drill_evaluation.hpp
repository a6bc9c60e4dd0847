// SPDX-License-Identifier: MIT
#pragma once

// Scoring a drill log against the drill's critical tasks and their simulated
// times (docs/drills.md, "Evaluating a drill"): met or missed against the
// target, the percentile of the observed time among the simulated ones,
// tasks never observed, log entries that match no task, and a P/S/M/U rating
// per capability (HSEEP's performance ratings) by a stated rule.

#include "sim/drill/drill_log.hpp"
#include "sim/drill/drill_run.hpp"
#include "sim/io/results_file.hpp"

#include <string>
#include <vector>

namespace dsim {

enum class TaskStatus { met, missed, not_observed };
std::string_view to_string(TaskStatus status);

struct TaskScore {
  std::size_t task = 0;            // index in the drill's tasks
  TaskStatus status = TaskStatus::not_observed;
  std::size_t log_line = 0;        // the entry that observed it (0: none)
  double observed_at_s = 0.0;      // from the drill's time 0 (NaN: not observed)
  double observed_s = 0.0;         // from its reference (NaN: not observed, or its reference was not)
  double percentile = 0.0;         // of observed_s among the simulated times (NaN: not observed)
  std::size_t later_entries = 0;   // further entries for the same task (the first one counts)
};

// HSEEP ratings: P performed without challenges, S with some challenges,
// M with major challenges, U unable to be performed.
enum class Rating { P, S, M, U };
std::string_view to_string(Rating rating);
std::string_view rating_meaning(Rating rating);

struct CapabilityScore {
  std::size_t capability = 0;  // index in the drill's capabilities
  std::size_t tasks = 0, met = 0, missed = 0, not_observed = 0, slow = 0;  // slow: met, above the simulated 90 %
  Rating rating = Rating::U;
  std::string reason;  // the rule that gave the rating, in words
};

struct UnmatchedEntry {
  LogEntry entry;
  std::string reason;
};

struct DrillEvaluation {
  std::vector<TaskScore> tasks;
  std::vector<CapabilityScore> capabilities;
  std::vector<UnmatchedEntry> unmatched;
  std::vector<std::string> strengths, improvements;  // sentences for the after-action report
  std::vector<LogEntry> log;
};

// The percentile above which a met task counts as slow (rating S).
inline constexpr double kSlowPercentile = 0.90;

// Matches the log to the tasks and scores them against the simulated times.
// A row names a task by its id, or an event with the actor or place telling
// which task (the actor or place equal to the task's unit, person, role, zone,
// site or incident); the first observation of a task counts.
DrillEvaluation evaluate_drill(const DrillSpec& drill, const DrillRun& run, std::vector<LogEntry> log);

// The log an evaluator would have written of simulated replication
// `replication` (an index into run.times.replications): one row per task that
// happened, by its id, at its time as an offset in seconds ("+1234.567"), the
// task's unit, person or role as actor and its incident, zone or site as
// place; and a `call` row per incident that tasks count from; in time order. For rehearsing an evaluation and for checking the
// scoring (a log drawn from the simulation scores uniform percentiles).
std::vector<LogEntry> simulated_log(const DrillSpec& drill, const DrillRun& run, std::size_t replication);

// The rating rule (docs/drills.md): U when fewer than half of the tasks were
// met; M when some task was missed or not observed; S when every task was met
// but one took longer than 90 % of the simulated runs; else P.
Rating rate_capability(const CapabilityScore& score);

// Tables drill_scores, drill_capabilities, drill_unmatched and
// drill_expected, with the drill's name and file as root attributes.
ResultsFile evaluation_results(const DrillSpec& drill, const DrillRun& run, const DrillEvaluation& evaluation,
                               const std::string& command_line = {});

// The drill_expected table alone (the expected timeline of a played drill).
ResultsFile expected_results(const DrillSpec& drill, const DrillRun& run);

// The scores table as CSV text (one row per task, the columns of drill_scores).
std::string scores_csv(const ResultsFile& evaluation);

}  // namespace dsim
