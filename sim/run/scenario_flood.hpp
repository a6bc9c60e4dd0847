// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/equirectangular_projection.hpp"
#include "sim/hazards/flood_coupling.hpp"
#include "sim/hazards/flood_spec.hpp"
#include "sim/hazards/hazard.hpp"
#include "sim/io/results_file.hpp"
#include "sim/network/region.hpp"
#include "sim/response/response_model.hpp"

#include <string>
#include <vector>

namespace dsim {

// The terrain of a scenario's flood on a metric grid, and how it lies on the
// road network: grid coordinates are metres of `projection`.
struct FloodTerrain {
  Grid terrain;
  GridArray initial_depth_m;  // empty: dry
  EquirectangularProjection projection{0.0, 0.0};
  std::vector<GridPoint> node_xy;  // each road node in grid coordinates
  std::size_t nodes_on_grid = 0;
};

// Loads (or, for the synthetic valley, builds) the DEM and places the road
// network on it. Throws InputError naming the DEM file (and line, for a
// malformed .asc), or naming the scenario's flood.dem when the DEM does not
// overlap the road network.
FloodTerrain load_flood_terrain(const FloodSpec& spec, const Region& region, const std::string& scenario_file);

// A scenario's flood, run once over the horizon and shared by every
// replication (the water does not depend on the response).
// It is a Hazard (sim/hazards/hazard.hpp): couple_hazard adds its road
// changes and rescue calls to a response model.
struct ScenarioFlood {
  FloodTerrain terrain;
  FloodImpact impact;
  std::vector<std::string> vehicle_classes;
  std::vector<double> closure_depth_m;  // per vehicle class
  double exposure_depth_m = 0.1;
  std::vector<int> exposure_zone;       // model zone of each exposure zone
  std::string rescue_type, rescue_severity;  // of the rescue calls; empty: none

  // The hazard interface.
  std::string hazard_name() const { return "flood"; }
  // Severity of exposure: the share of the zone's road nodes under water.
  std::string severity_unit() const { return "share of the zone's road nodes under water"; }
  const HazardArrival& node_arrival() const { return impact.arrival; }
  std::span<const RoadChange> road_changes() const { return impact.road_changes; }
  std::vector<ZoneExposure> exposure() const;
  std::vector<RaisedIncident> raised_incidents() const;
};
static_assert(Hazard<ScenarioFlood>);

// Runs the flood of `spec` over [0, duration] (the horizon when not given)
// over the zones and vehicle classes of `model`. `terrain` is what
// load_flood_terrain gave for this spec and region.
ScenarioFlood run_scenario_flood(const FloodSpec& spec, FloodTerrain terrain, const Region& region,
                                 const ResponseModel& model, const std::string& scenario_file, int threads = 0);

// Adds the flood tables (flood_grid, flood_frames, flood_closures,
// flood_exposure, flood_node_arrival; docs/output-format.md) to a results file.
void add_flood_results(ResultsFile& file, const ScenarioFlood& flood, const Region& region,
                       const ResponseModel& model);

}  // namespace dsim
