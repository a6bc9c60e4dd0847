// SPDX-License-Identifier: MIT
#pragma once

// A drill played in the simulation: its scenario (the plan with the injects)
// run over the drill's replications, and each critical task's expected time.

#include "sim/drill/drill_timeline.hpp"
#include "sim/io/results_file.hpp"
#include "sim/network/region.hpp"
#include "sim/scenario/drill_spec.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace dsim {

// Progress of a long step: stage ("flood", "replications", ...), done of total.
using DrillProgress = std::function<void(const std::string& stage, std::size_t done, std::size_t total)>;

struct DrillRun {
  DrillScenario scenario;
  ResultsFile results;  // as `dsim run` writes them for the drill's scenario
  TaskTimes times;
  std::vector<ExpectedTask> expected;
  std::shared_ptr<const Region> region;  // the region it played on (for the maps of its pages)
};

struct PrepareCache;

// Plays the drill's scenario (drill_scenario) over its replications on
// `threads` threads (0: all cores). `replications` > 0 overrides the drill's.
// `scenario`: the drill's scenario when the caller built it already (to check
// the drill before anything runs); `cache`: shared with other runs of the same
// plan, so that its region, travel tables and flood are prepared once.
DrillRun run_drill(const DrillSpec& drill, int threads = 0, const DrillProgress& progress = {},
                   int replications = 0, const std::string& command_line = {},
                   const DrillScenario* scenario = nullptr, PrepareCache* cache = nullptr);

}  // namespace dsim
