// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/equirectangular_projection.hpp"
#include "sim/hazards/flood_coupling.hpp"
#include "sim/hazards/flood_spec.hpp"
#include "sim/hazards/hazard.hpp"
#include "sim/io/results_file.hpp"
#include "sim/network/region.hpp"
#include "sim/response/response_model.hpp"

#include <functional>
#include <string>
#include <vector>

namespace dsim {

// The terrain of a scenario's flood on a metric grid, and how it lies on the
// road network: grid coordinates are metres of `projection`.
struct FloodTerrain {
  Grid terrain;               // the bed the water flows over (waterways burned in)
  GridArray initial_depth_m;  // empty: dry
  Grid ground;                // the DEM before waterways were burned in (bridge decks stand on it); empty: terrain
  // What was done to the DEM, in words, for `dsim validate` and the run
  // summary ("DEM cropped from 822 x 1111 to 96 x 101 cells of 100 m ...");
  // empty for the synthetic valley.
  std::string dem_note;
  std::string waterways_note;  // empty: none burned
  EquirectangularProjection projection{0.0, 0.0};
  std::vector<GridPoint> node_xy;  // each road node in grid coordinates
  std::size_t nodes_on_grid = 0;
};

// Loads (or, for the synthetic valley, builds) the DEM, crops it to
// flood.extent (default: the roads' extent plus flood.margin), resamples it
// to flood.cell_size, burns flood.waterways into it, and places the road
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
  std::size_t bridges = 0, tunnels = 0;       // edges under the bridge and tunnel rules
  std::size_t shaped_edges = 0;               // edges laid on the grid along their shape

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
// `on_progress` is called after every coupling check.
ScenarioFlood run_scenario_flood(const FloodSpec& spec, FloodTerrain terrain, const Region& region,
                                 const ResponseModel& model, const std::string& scenario_file, int threads = 0,
                                 const std::function<void(const FloodProgress&)>& on_progress = {});

// Adds the flood tables (flood_grid, flood_frames, flood_closures,
// flood_exposure, flood_node_arrival; docs/output-format.md) to a results file.
void add_flood_results(ResultsFile& file, const ScenarioFlood& flood, const Region& region,
                       const ResponseModel& model);

}  // namespace dsim
