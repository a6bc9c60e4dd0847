// SPDX-License-Identifier: MIT
#pragma once

// The `chemical:` section of a scenario as written (names, not indices);
// docs/scenario-format.md describes each key and docs/models.md the models.
// sim/run/scenario_chemical binds it to a loaded region. Held by Scenario
// through a pointer, like the warning section.

#include "sim/hazards/chemical.hpp"
#include "sim/hazards/dispersion.hpp"
#include "sim/response/scenario.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// What leaves the source, one of five kinds.
struct ReleaseSourceSpec {
  enum class Kind { continuous, instantaneous, series, pool, leak };
  Kind kind = Kind::continuous;
  double rate_kg_s = 0.0;      // continuous
  double duration_s = 0.0;     // continuous, pool, leak
  double mass_kg = 0.0;        // instantaneous
  std::vector<double> series_times_s, series_rate_kg_s;  // series: rate from each time to the next; 0 after the last
  double pool_area_m2 = 0.0;   // pool
  double liquid_temperature_k = 293.15;  // pool; leak (gas)
  double hole_diameter_m = 0.0;  // leak
  double pressure_pa = 0.0;      // leak: gas absolute, liquid gauge
  double head_m = 0.0;           // leak (liquid): liquid above the hole
  double discharge_coefficient = 0.61;
  bool gas_phase = true;         // leak through the vapour space or the liquid
};

struct ReleaseSpec {
  std::string name;
  std::string chemical;  // catalogue id or one of ChemicalSpec::chemicals
  Location at;
  double start_s = 0.0;
  double height_m = 0.0;
  ReleaseSourceSpec source;
};

// The weather the gas travels in: wind samples (held until the next) and the
// stability of each, given or from Turner's table.
struct ChemicalWeatherSpec {
  std::vector<double> times_s{0.0};
  std::vector<double> speed_mps{2.0};  // at the reference height
  std::vector<double> from_deg{270.0};
  std::vector<std::optional<Stability>> stability;  // per sample; empty entry: Turner's table
  double cloud_oktas = 4.0;
  double reference_height_m = 10.0;
  double mixing_height_m = 1000.0;
};

// Who is protected how: per zone, shelter in place or evacuate, by a rule.
struct ProtectiveActionSpec {
  enum class Action { shelter, evacuate };
  Action default_action = Action::shelter;
  // Zones the level's outdoor zone reaches later than this after the first
  // release evacuate (there is time to leave); the others shelter. Unset: the default.
  std::optional<double> evacuate_if_arrival_after_s;
  int level = 2;  // AEGL level whose arrival the rule reads
  std::map<std::string, Action> zones;  // zone id -> action, over the rule
};

struct ChemicalCasualtySpec {
  std::string type = "chemical_casualty";
  std::string severity;        // empty: the first severity of the plan
  double per_person = 0.01;    // calls per person exposed above AEGL-2
};

struct ChemicalSpec {
  std::vector<Chemical> chemicals;  // the scenario's own, beside the catalogue
  std::vector<ReleaseSpec> releases;
  ChemicalWeatherSpec weather;
  double zone_duration_s = 3600.0;     // the AEGL duration the threat zones use
  double output_interval_s = 60.0;     // concentrations at the nodes this often
  double road_interval_s = 300.0;      // roads checked against the zone this often (at least output_interval)
  double frame_interval_s = 600.0;     // grids for maps this often; 0: peak grid only
  double cell_size_m = 200.0;          // of those grids
  std::optional<double> duration_s;    // from the first release; empty: 4 h or the horizon
  double max_distance_m = 20000.0;     // nodes farther from every source are left out
  double puff_interval_s = 10.0;
  double receptor_height_m = 1.5;
  // Exposure: share of people outdoors before any warning, and the air
  // changes per hour of the buildings of each zone type (or a building type name).
  double outdoor_share = 0.1;
  // Defaults: the building types of sim/hazards/building_air.hpp (towns
  // residential, parks industrial, villages and grassland leaky).
  std::map<std::string, double> air_changes_per_hour{
      {"built_up", 0.5}, {"industrial_park", 1.0}, {"village", 1.5}, {"grassland", 1.5}};
  int closure_level = 2;  // roads in this level's zone close to unprotected vehicles
  std::vector<std::string> protected_vehicle_classes;  // empty: the classes whose every team has hazmat
  bool protected_classes_given = false;
  ProtectiveActionSpec protective_action;
  std::optional<ChemicalCasualtySpec> casualties;
};

}  // namespace dsim
