// SPDX-License-Identifier: MIT
#pragma once

// Runs the work units of a batch (batch_plan.hpp): each unit's design point
// prepared (or taken from what this runner prepared before), its block of
// replications run on the batch's seed, and the indicators of each
// replication returned. The same unit gives the same numbers in any process.

#include "sim/run/batch_plan.hpp"
#include "sim/run/load_scenario.hpp"
#include "sim/run/response_runner.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <vector>

namespace dsim {

struct Indicator {
  std::string name;
  std::string unit;
  std::string description;
  bool operator==(const Indicator&) const = default;
};

// What one work unit gives: one row per replication it finished.
struct UnitResult {
  WorkUnit unit;
  std::vector<std::int64_t> replications;   // the replication numbers, in order
  std::vector<Indicator> indicators;
  std::vector<std::vector<double>> values;  // [indicator][row]; NaN: undefined in that replication
  double prepare_s = 0.0;  // preparing its point (0 when reused)
  double run_s = 0.0;      // running its replications

  bool complete() const { return replications.size() == unit.replications; }
};

// The indicators of a run's replications: the response KPIs, and the
// warning's and the logistics' headline measures when the scenario has them.
std::vector<Indicator> run_indicators(const PreparedScenario& prepared);
// Their values, [indicator][replication], in the experiment's order.
std::vector<std::vector<double>> indicator_values(const PreparedScenario& prepared, const ResponseExperiment& ex);

class BatchRunner {
 public:
  // `threads` for the replications of a unit and the preparation (0: all cores);
  // `cache_folder`: station travel tables shared with other processes (PrepareCache::disk_folder).
  BatchRunner(BatchPlan plan, int threads, std::string cache_folder = {});

  const BatchPlan& plan() const { return plan_; }
  const PrepareCache& cache() const { return cache_; }
  std::size_t preparations() const { return preparations_; }

  // Runs one unit. A cancelled run returns the replications it finished.
  UnitResult run(const WorkUnit& unit, const RunControl& control = {});

  // Called while a design point's flood runs (its preparation), as `dsim run` shows it.
  std::function<void(const FloodProgress&)> on_flood_progress;

 private:
  BatchPlan plan_;
  int threads_;
  PrepareCache cache_;
  std::size_t preparations_ = 0;
  // The design points prepared last, most recent first: units of one point run one after another.
  std::list<std::pair<std::size_t, std::shared_ptr<PreparedScenario>>> recent_;
};

// Runs a list of work units of a batch, resuming an output file that already
// holds some of them (docs/cluster.md): the units found there are not run
// again. What finished is written to `output` (if given) at least every
// `checkpoint_s` seconds and at the end, each time whole (temporary file,
// then rename), so that a run stopped by Ctrl-C, a time limit or a lost node
// leaves a file that the next run resumes.
struct BatchRunOptions {
  int threads = 0;
  std::string output;        // results file; empty: none
  std::string shard;         // "I/N" written with the results; empty: the whole batch
  std::string command_line;
  double checkpoint_s = 30.0;
  std::string cache_folder;  // travel tables shared with other processes; empty: none
  // After each unit: units done (resumed ones included), units asked for, the unit's result.
  std::function<void(std::size_t, std::size_t, const UnitResult&)> on_unit;
  ProgressFn on_replication;  // within the unit that runs
  std::function<void(const FloodProgress&)> on_flood_progress;  // while a point's flood runs
  const std::atomic<bool>* cancel = nullptr;
};

struct BatchRunOutcome {
  std::vector<UnitResult> units;  // every unit asked for that is done, resumed ones included
  std::size_t resumed = 0;        // of them, found in the output
  std::size_t ran = 0;
  bool interrupted = false;
  std::size_t preparations = 0;   // design points prepared
  std::size_t regions_reused = 0, travel_reused = 0, travel_from_disk = 0, floods_reused = 0;
};

// The whole units of this batch that the results file `path` holds (none
// when there is no such file): what a resumed run need not run again. Throws
// InputError when the file holds another batch, saying how they differ.
std::vector<UnitResult> resumable_units(const std::string& path, const BatchPlan& plan);

// Throws InputError when `output` exists and holds another batch (its
// content hash, version, seed, replications or block differ).
BatchRunOutcome run_batch(const BatchPlan& plan, const std::vector<WorkUnit>& units, const BatchRunOptions& options);

}  // namespace dsim
