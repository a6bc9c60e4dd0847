// SPDX-License-Identifier: MIT
#pragma once

// What a run's fire did, per replication and as tables of the results file
// (docs/output-format.md, "Tables of a wildfire").

#include "sim/io/results_file.hpp"
#include "sim/run/scenario_fire.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace dsim {

struct FireRunSummary {
  double reported_s = std::numeric_limits<double>::quiet_NaN();
  double first_attack_s = std::numeric_limits<double>::quiet_NaN();
  double held_s = std::numeric_limits<double>::quiet_NaN();  // NaN: not held by the end
  double area_ha = 0.0;
  double line_km = 0.0;
  double crew_person_h = 0.0;
  int villages_reached = 0;
  double people_in_villages_reached = 0.0;
  int roads_closed = 0;  // road segments, both directions counted once
  double edge_reached_s = std::numeric_limits<double>::quiet_NaN();  // the fire reached the raster's border
};

FireRunSummary summarize_fire_run(const ScenarioFire& fire, const WildfireOutcome& outcome);

// Tables fire_grid, fire_weather, fire_runs, fire_cells, fire_line,
// fire_nodes, fire_villages, fire_closures, fire_perimeters and
// fire_zone_exposure; `replications` numbers the outcomes.
void add_fire_results(ResultsFile& file, const ScenarioFire& fire, const Region& region,
                      const std::vector<WildfireOutcome>& outcomes, const std::vector<std::size_t>& replications);

}  // namespace dsim
