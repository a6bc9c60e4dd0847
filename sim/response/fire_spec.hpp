// SPDX-License-Identifier: MIT
#pragma once

// The `fire:` section of a scenario as written (names, not indices): a
// grassland or forest fire that spreads over a fuel raster under a weather
// series, is attacked by the teams with the wildland capability, closes roads
// and threatens villages. docs/scenario-format.md describes each key and
// docs/models.md the models; sim/run/scenario_fire binds it to a loaded
// region. Held by Scenario through a pointer, like the chemical section.

#include "sim/hazards/fire_landscape.hpp"
#include "sim/response/scenario.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// The fuel types (kFuelTypeNames, fuel_type_index) and the weather samples
// are those of sim/hazards/fire_landscape.hpp.
using FireWeatherSpec = FireWeather;

// Where the fuel comes from: the region's zones by type (default), or a
// raster of class codes read with GDAL, and what each code or zone type is.
struct FireLandscapeSpec {
  double cell_size_m = 30.0;
  double extent_m = 12'000.0;  // side of the square modelled, centred on the first ignition, cropped to the region
  std::map<std::string, std::string> zone_fuel{
      {"grassland", "natural_grass"}, {"village", "built_up"}, {"built_up", "built_up"}, {"industrial_park", "bare"}};
  std::string outside_fuel = "grazed_grass";  // cells in no zone
  std::string fuel_raster;                    // GeoTIFF (anything GDAL opens) of class codes; empty: from the zones
  std::map<int, std::string> raster_classes;  // code -> fuel type
  std::string dem;                            // GeoTIFF of heights (m), for slope; empty: flat
  std::map<std::string, int> fuel_models{{"shrub", 5}, {"forest", 9}};  // Anderson (1982) model of shrub and forest
  bool roads_are_barriers = true;
  // Width (m) of a road by its class (sim/network speed classes); a missing class: default_road_width_m.
  std::map<std::string, double> road_width_m{{"motorway", 25.0}, {"trunk", 20.0}, {"primary", 15.0},
                                             {"secondary", 10.0}, {"tertiary", 8.0}};
  double default_road_width_m = 5.0;
  bool river_is_barrier = true;  // the region's river (synthetic region), at its width
};

// A line the scenario says exists before the fire (a ploughed firebreak):
// from one place to another, straight, of a width.
struct FirebreakSpec {
  std::string name;
  Location from, to;
  double width_m = 10.0;
};

struct IgnitionSpec {
  Location at;
  double time_s = 0.0;
};

// A call for teams to the fire: an incident of the plan at the road node
// nearest the fire, `after_s` after the fire is reported; skipped when the
// fire is already held (unless `always`).
struct FireCallSpec {
  double after_s = 0.0;
  std::string type = "grassland_fire";
  std::string severity;  // empty: the plan's first severity
  bool always = false;
};

// How the teams fight it: units with the wildland capability on scene build
// fireline along the fire's edge, from the rear along both flanks (flank) or
// from the head (head), at a rate per person by fuel, where the fire's
// intensity allows.
struct FireSuppressionSpec {
  enum class Tactic { flank, head };
  Tactic tactic = Tactic::flank;
  std::vector<FireCallSpec> calls{FireCallSpec{}};
  double report_delay_s = 600.0;  // ignition to the first call
  // Metres of line per person-hour by fuel type (docs/models.md gives the source).
  std::map<std::string, double> line_rate_m_per_person_h{
      {"natural_grass", 18.0}, {"grazed_grass", 22.0}, {"eaten_out_grass", 30.0}, {"cropland", 22.0},
      {"shrub", 8.0},          {"forest", 5.0}};
  double max_intensity_kw_m = 350.0;  // hand tools cannot hold an edge hotter than this
  std::map<std::string, double> team_max_intensity_kw_m;  // team id -> its own limit (engines: 1700)
  double mop_up_s = 3600.0;  // from held to the units leaving
};

// A village whose edge the fire reaches raises a structure-defence incident
// there, and the fire's arrival is the hazard of the warning chain.
struct FireVillageSpec {
  std::string type = "structure_defence";
  std::string severity;          // empty: the plan's first severity
  std::vector<std::string> zone_types{"village", "built_up"};
  bool raise_incidents = true;
};

struct FireSpec {
  std::string name = "wildfire";
  std::vector<IgnitionSpec> ignitions;
  FireLandscapeSpec landscape;
  std::vector<FirebreakSpec> firebreaks;
  FireWeatherSpec weather;
  FireSuppressionSpec suppression;
  FireVillageSpec villages;
  double duration_s = 12.0 * 3600.0;  // modelled from the first ignition (capped at the horizon)
  double step_s = 300.0;              // the fire and the teams' line are brought up to date this often
  int stencil = 16;                   // 8, 16, 32, 48 or 80 neighbours (docs/models.md gives each one's error)
  double road_closed_for_s = 1800.0;  // a road closes when the fire reaches it, for this long (smoke, burning verges)
  std::vector<std::string> closes_classes;  // vehicle classes the closures apply to; empty: all
  std::vector<double> output_times_s;        // perimeters at these times; empty: every hour
};

}  // namespace dsim
