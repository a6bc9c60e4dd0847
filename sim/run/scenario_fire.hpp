// SPDX-License-Identifier: MIT
#pragma once

// The `fire:` section bound to a loaded region and response model: the fuel
// raster (from the zones, or read from a raster), slope, barriers (roads,
// the river, firebreaks), the spread landscape under the weather series, and
// the WildfireModel that each replication steps in its event loop
// (sim/response/wildfire_process.hpp). Also the fire's forecast: its spread
// with no one fighting it, which the warning chain warns of.

#include "sim/hazards/fire_landscape.hpp"
#include "sim/hazards/hazard.hpp"
#include "sim/response/fire_spec.hpp"
#include "sim/response/response_model.hpp"
#include "sim/response/wildfire_process.hpp"

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace dsim {

struct Region;

struct FireProgress {
  const char* stage = "fuel";  // "fuel", "barriers", "forecast"
  std::size_t done = 0;
  std::size_t total = 0;
};

struct ScenarioFire {
  WildfireModel model;
  // The raster in the network's metric plane (RoadNetwork::x_m, y_m): the
  // south-west corner of cell (0, 0).
  double x0_m = 0.0, y0_m = 0.0;
  std::vector<double> fuel_area_m2;  // per FuelType
  HazardArrival forecast;            // per road node: the fire unfought (barriers breached where the chance is >= 5 %)
  std::vector<double> forecast_cells_s;  // per cell
  FireWeather weather;               // the weather series, and how each fuel burns in each sample
  std::vector<std::array<FuelBehaviour, kFuelTypeCount>> behaviour;
  std::vector<std::string> notes;    // what was assumed (cropping, an ignition moved off a fuel that does not burn, ...)

  // The Hazard interface (sim/hazards/hazard.hpp), for the unfought fire: the
  // run itself steps the fire in each replication (WildfireProcess).
  std::string hazard_name() const { return model.name; }
  std::string severity_unit() const { return "share of the zone burned"; }
  const HazardArrival& node_arrival() const { return forecast; }
  std::span<const RoadChange> road_changes() const { return {}; }
  std::vector<ZoneExposure> exposure() const;
  std::vector<RaisedIncident> raised_incidents() const { return {}; }
  const Region* region = nullptr;
};
static_assert(Hazard<ScenarioFire>);

// Throws InputError naming the scenario file and the key (a fuel raster that
// does not cover the fire, an unknown raster code, an ignition outside the
// raster, an incident type with no response rule).
ScenarioFire build_scenario_fire(const FireSpec& spec, const Scenario& scenario, const Region& region,
                                 const ResponseModel& model,
                                 const std::function<void(const FireProgress&)>& on_progress = {});

// Who the fire reaches in one replication, per zone: people in the zone times
// the share of its cells burned, and everyone in a village the fire reached.
std::vector<ZoneExposure> wildfire_exposure(const ScenarioFire& fire, const Region& region,
                                            const WildfireOutcome& outcome);

}  // namespace dsim
