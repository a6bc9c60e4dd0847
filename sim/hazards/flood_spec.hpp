// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/flood.hpp"
#include "sim/hazards/time_series.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// A position a flood input names: longitude/latitude, or a named place of the region.
struct FloodPlace {
  std::optional<double> lon, lat;
  std::string place;
  bool operator==(const FloodPlace&) const = default;
};

// Water entering the domain: at one point (the cell that holds it), or spread
// evenly over the cells a line crosses.
struct FloodInflowSpec {
  std::string name;
  std::vector<FloodPlace> points;  // one: a point; two or more: a line
  TimeSeries discharge_m3_s;
  bool operator==(const FloodInflowSpec&) const = default;
};

// A stretch of the DEM's outer edge (the whole edge): free outflow, a water
// level (m, the DEM's datum) or an inflow per metre of edge (m^2/s).
struct FloodBoundarySpec {
  GridEdge edge = GridEdge::east;
  BoundaryKind kind = BoundaryKind::free;
  TimeSeries series;                                           // level or unit inflow
  double slope = std::numeric_limits<double>::quiet_NaN();  // free: energy slope; NaN: local
  bool operator==(const FloodBoundarySpec& o) const {  // NaN slopes (local) are equal
    return edge == o.edge && kind == o.kind && series == o.series &&
           (slope == o.slope || (std::isnan(slope) && std::isnan(o.slope)));
  }
};

// Incidents raised where water reaches people: one when it first reaches an
// occupied zone, and one more for every `people_per_incident` exposed there.
struct FloodRescueSpec {
  std::string type = "water_rescue";
  std::string severity;                 // empty: the first severity of the plan
  double people_per_incident = 0.0;     // 0: one incident per zone
  double min_population = 1.0;          // zones with fewer people raise none
  bool operator==(const FloodRescueSpec&) const = default;
};

// Waterways burned into a real DEM (flood.waterways): OSM lines of the
// given kinds lowered into channels that start with water.
struct FloodWaterwaysSpec {
  std::string source = "osm";  // "osm": the region's network file; else an OSM file of its own
  std::vector<std::string> kinds{"river", "stream", "canal"};
  std::vector<std::string> wet_kinds{"river", "canal"};  // of those, the ones that start with water
  double channel_depth_m = 2.0;
  double initial_depth_m = 0.5;  // in the real channel (docs/models.md for the scaling to a cell)
  bool operator==(const FloodWaterwaysSpec&) const = default;
};

// The `flood:` section of a scenario (docs/scenario-format.md).
struct FloodSpec {
  // The terrain: a file (.asc, .asc.gz, .hgt, .zip), or the synthetic river
  // valley under the synthetic region.
  std::string dem_path;
  bool synthetic_valley = false;
  bool dem_in_degrees = false;       // .asc in longitude/latitude (resampled like .hgt)
  std::optional<FloodPlace> origin;  // metric .asc: where x = 0, y = 0 lies
  double cell_size_m = 100.0;        // synthetic valley, and resampling of a degree grid
  bool cell_size_given = false;      // a metric DEM is resampled only when the scenario sets it
  // The part of the DEM the flood runs on: [lon_min, lat_min, lon_max,
  // lat_max]; none: the roads' extent plus margin_m; whole_dem: all of it.
  std::optional<std::array<double, 4>> extent;
  bool whole_dem = false;
  double margin_m = 1000.0;
  std::optional<FloodWaterwaysSpec> waterways;
  double bridge_clearance_m = 2.0;   // a bridge's deck above the ground at its ends
  double river_depth_m = 1.5;        // synthetic valley: water in the channel at the start

  double manning_n = 0.035;
  // The solver's state in double (default) or single precision (faster;
  // docs/models.md gives how far apart the two are).
  FloodPrecision precision = FloodPrecision::double_precision;
  std::vector<FloodInflowSpec> inflows;
  TimeSeries rain_mm_per_h;  // empty: no rain
  std::vector<FloodBoundarySpec> boundaries;

  std::optional<double> duration_s;  // empty: the scenario horizon
  double coupling_interval_s = 300.0;
  double frame_interval_s = 1800.0;  // 0: no frames

  double default_closure_depth_m = 0.3;
  std::map<std::string, double> closure_depth_m;  // vehicle class -> depth that closes a road to it
  double exposure_depth_m = 0.1;
  std::optional<FloodRescueSpec> rescue;

  // Two equal specs on the same region and zones run the same flood (a batch runs it once).
  bool operator==(const FloodSpec&) const = default;

  double closure_depth_for(const std::string& vehicle_class) const {
    const auto it = closure_depth_m.find(vehicle_class);
    return it != closure_depth_m.end() ? it->second : default_closure_depth_m;
  }
};

}  // namespace dsim
