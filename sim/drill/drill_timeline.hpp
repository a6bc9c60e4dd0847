// SPDX-License-Identifier: MIT
#pragma once

// When each critical task of a drill happens in each simulated replication,
// read from the run's results tables (docs/drills.md, "Events"), and the
// expected timeline it gives: median and 10-90 % band per task.

#include "sim/io/results_file.hpp"
#include "sim/scenario/drill_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace dsim {

// Per task and replication: the task's time counted from its reference
// (`from`), in seconds; NaN where the event did not happen by the end of the
// run (or its reference did not).
struct TaskTimes {
  std::vector<std::int64_t> replications;   // the replications of the results, in order
  std::vector<std::vector<double>> time_s;  // [task][replication index]
  std::vector<std::vector<double>> at_s;    // [task][replication index]: the event's time from time 0
  // [task][replication index]: the reference's time from time 0 (0 for start;
  // NaN where the reference did not happen). Known also where the event did
  // not happen: an incident's call when no unit ever arrived.
  std::vector<std::vector<double>> reference_s;
};

// A call-and-answer thread (warning_calls): a first-level call to a person,
// answered when the person or anyone it was escalated to answered (NaN: never).
struct CallThread {
  std::int64_t replication = 0;
  std::string person, role;
  double started_s = 0.0, answered_s = 0.0;
};
std::vector<CallThread> call_threads(const ResultsFile& results);

// Reads the tasks' times from a drill run's results (incidents, dispatches,
// warning_replications, warning_calls, warning_duties, logistics_requests,
// fire_runs). A task whose table is missing never happens.
TaskTimes task_times(const DrillSpec& drill, const ResultsFile& results);

struct ExpectedTask {
  std::size_t happened = 0;     // replications where it happened
  std::size_t replications = 0;
  double p10_s = 0.0, median_s = 0.0, p90_s = 0.0;  // over the replications where it happened; NaN: never
  double met_share = 0.0;  // replications meeting the target, over all replications (never happened: missed)
};

// One entry per task of the drill, in order.
std::vector<ExpectedTask> expected_timeline(const DrillSpec& drill, const TaskTimes& times);

// Where an observed time falls among simulated ones: the share of simulated
// values below it plus half the share equal to it (mid-rank), so that a value
// drawn from the same distribution is uniform on (0, 1). A simulated NaN (the
// event never happened) counts as later than any time. NaN for no values.
double percentile_of(double observed_s, std::span<const double> simulated_s);

// The q-quantile (0..1) of the finite values (core quantile: linear between
// order statistics). NaN when there are none.
double quantile_of(std::vector<double> values, double q);

}  // namespace dsim
