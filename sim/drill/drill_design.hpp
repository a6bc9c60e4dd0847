// SPDX-License-Identifier: MIT
#pragma once

// Designing a drill from the simulation (docs/drills.md, "Designing a
// drill"): find the plan's weak spots and propose injects aimed at them, with
// critical tasks whose expected times come from the drill played over
// simulated replications.
//
// Weak spots looked for:
//   slowest_place    the zone with the slowest first arrival: the mean, over
//                    its road nodes weighted by people, of the best turnout
//                    plus drive time from any station on open roads;
//   critical_bridge  the bridge whose closure loses the most people from the
//                    5-minute circle (bridges: OSM bridge=* ways, and pairs of
//                    places NAME_north/NAME_south or NAME_west/NAME_east);
//   slowest_answer   the responsible person (and their village) slowest to
//                    answer the warning call in the simulated runs;
//   first_shortage   the site and item that run short first in the simulated runs.

#include "sim/drill/drill_run.hpp"

#include <string>
#include <vector>

namespace dsim {

struct DrillDesignOptions {
  std::string scenario_path;
  // What the drill exercises: response, roads, warning, logistics; empty:
  // every one the scenario has the sections for.
  std::vector<std::string> objectives;
  double first_inject_s = 600.0;  // when the first inject plays
  double duration_s = 0.0;        // 0: 6 h, or the scenario's horizon when shorter
  int replications = 40;
  long long seed = -1;            // -1: the scenario's
  std::string drill_path;         // where the drill file goes (its `scenario:` is written relative to it)
  std::string start_clock;        // the drill's `start`; empty: none
};

struct WeakSpot {
  std::string kind;     // slowest_place, critical_bridge, slowest_answer, first_shortage
  std::string where;    // a zone, a bridge, a person, a site
  std::string finding;  // one sentence with the numbers
  std::string inject;   // the inject aimed at it; empty: none
  double value = 0.0;   // the number behind it (s, people)
};

struct DrillDesign {
  DrillSpec drill;
  std::string drill_text;  // the drill file (YAML)
  std::vector<WeakSpot> weak_spots;
  DrillRun run;            // the proposed drill played over the replications
};

// The objectives designs know.
const std::vector<std::string>& drill_design_objectives();

// Throws InputError for an unknown objective or one the scenario cannot
// exercise (warning without a warning section), ScenarioError for a bad scenario.
DrillDesign design_drill(const DrillDesignOptions& options, int threads = 0, const DrillProgress& progress = {});

}  // namespace dsim
