// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/chemical.hpp"
#include "sim/hazards/dispersion.hpp"
#include "sim/hazards/hazard.hpp"
#include "sim/io/results_file.hpp"
#include "sim/network/region.hpp"
#include "sim/response/chemical_spec.hpp"
#include "sim/response/response_model.hpp"

#include <array>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace dsim {

struct WarningModel;
struct WarningOutcome;

// How far the dispersion has come (the nodes' series, then the map grids).
struct ChemicalProgress {
  const char* stage = "nodes";  // "nodes" or "grid"
  std::size_t done = 0;
  std::size_t total = 0;
};

// People above each AEGL level in one zone, outdoors and indoors.
struct ZoneChemicalExposure {
  int zone = -1;  // region zone
  std::array<double, kAeglLevels> outdoors{};
  std::array<double, kAeglLevels> indoors{};
};

// A map grid of concentrations (mg/m3) around the releases, in the road
// network's metric plane (RoadNetwork::x_m, y_m; cell (0, 0) is the
// south-west corner).
struct ChemicalGrid {
  double x0_m = 0.0, y0_m = 0.0, cell_size_m = 0.0;
  std::size_t nx = 0, ny = 0;
  std::vector<double> peak_mg_m3;                 // ny x nx, row-major from the south
  std::vector<double> frame_times_s;
  std::vector<std::vector<double>> frames_mg_m3;  // per frame time, ny x nx
};

// What one release put into the air.
struct ReleaseSummary {
  std::string name;
  std::string source;  // continuous, instantaneous, series, pool, leak
  NodeId node{};
  double start_s = 0.0, end_s = 0.0;
  double total_kg = 0.0;
  double peak_rate_kg_s = 0.0;  // 0 for an instantaneous release
  double height_m = 0.0;
};

// A scenario's chemical releases, dispersed once over the road network ahead
// of the replications (the gas does not depend on the response). It is a
// Hazard (sim/hazards/hazard.hpp): couple_hazard adds its road closures and
// casualty calls to a response model.
struct ScenarioChemical {
  Chemical chemical;                 // the one chemical released
  std::vector<NodeId> release_nodes;  // per release: the node it snapped to (the scene)
  std::vector<ReleaseSummary> releases;
  WeatherSeries weather;              // as the puffs met it (Turner's classes filled in)
  double end_s = 0.0;                 // the dispersion ran from first_release_s to here
  double first_release_s = 0.0;
  double zone_duration_s = 3600.0;
  std::array<double, kAeglLevels> level_mg_m3{};  // thresholds of the threat zones (NaN: level not defined)
  int closure_level = 2;

  // Every node: outdoor and indoor arrival at each level (+inf: never),
  // peak outdoor and indoor concentration, when the outdoor peak came,
  // outdoor dose (mg min/m3) and toxic load (ppm^n min; NaN without n).
  std::array<std::vector<double>, kAeglLevels> arrival_out_s, arrival_in_s;
  std::vector<double> peak_out_mg_m3, peak_in_mg_m3, peak_time_s, dose_mg_min_m3, toxic_load;
  std::vector<double> node_people;     // people at each node (the zone's spread evenly, or the raster)
  std::vector<double> node_ach;        // air changes per hour of the buildings at each node
  std::size_t receptors = 0;           // nodes within reach of a release
  // The concentration over time at each named place of the region the gas reached.
  struct PlaceSeries {
    std::string place;
    NodeId node{};
    std::vector<double> outdoor_mg_m3, indoor_mg_m3;  // at output_times_s
  };
  std::vector<PlaceSeries> place_series;
  std::vector<double> output_times_s;

  // Threat zones over time: per output time and level, nodes and people inside (outdoor concentration).
  std::vector<std::array<std::size_t, kAeglLevels>> zone_nodes;
  std::vector<std::array<double, kAeglLevels>> zone_people;
  ChemicalGrid grid;

  std::vector<ZoneChemicalExposure> no_action;  // nobody warned: people above each level per zone
  // Per region zone: shelter in place (true) or evacuate, by the protective-action rule.
  std::vector<char> zone_shelters;
  std::vector<double> zone_arrival_s;  // per region zone: first arrival of the rule's level (+inf: never)
  int action_level = 2;                // the AEGL level the rule and the warning chain read
  // Per output time and zone reached: people at nodes above AEGL-2 and the
  // highest concentration there over AEGL-2.
  std::vector<ZoneExposure> zone_exposure;

  HazardArrival arrival;  // outdoor arrival at the protective-action level, for the warning chain
  std::vector<RoadChange> changes;
  std::vector<std::string> vehicle_classes;
  VehicleClassSet protected_classes = 0;
  std::vector<RaisedIncident> casualty_calls;
  std::size_t edges_ever_closed = 0;

  // The hazard interface.
  std::string hazard_name() const { return "chemical"; }
  std::string severity_unit() const { return "highest outdoor concentration in the zone over AEGL-2 (1: at the level)"; }
  const HazardArrival& node_arrival() const { return arrival; }
  std::span<const RoadChange> road_changes() const { return changes; }
  std::vector<ZoneExposure> exposure() const { return zone_exposure; }
  std::vector<RaisedIncident> raised_incidents() const { return casualty_calls; }
};
static_assert(Hazard<ScenarioChemical>);

// Disperses the scenario's releases over the region (docs/models.md,
// "Chemical releases") and binds the threat zones to the roads, the people
// and the vehicle classes of `model`. Throws InputError naming the scenario
// file for what the section asks and the region cannot give.
ScenarioChemical run_scenario_chemical(const ChemicalSpec& spec, const Scenario& scenario, const Region& region,
                                       const ResponseModel& model,
                                       const std::function<void(const ChemicalProgress&)>& on_progress = {});

// People above each level per region zone for one replication's warning
// outcome: households sheltering in place take the indoor series from when
// they were warned, those who left are safe from when they left (their
// routes avoid the plume), the rest stay as they were.
std::vector<ZoneChemicalExposure> chemical_exposure(const ScenarioChemical& chemical, const Region& region,
                                                    const WarningModel& warning, const WarningOutcome& outcome,
                                                    double outdoor_share);

// The protective action per warning zone, and the indoor arrival at each
// node, into a warning model bound to the same region.
void apply_protective_actions(const ScenarioChemical& chemical, WarningModel& warning);

// Adds the chemical tables (docs/output-format.md): chemical_nodes,
// chemical_zones, chemical_zone_exposure, chemical_grid, chemical_frames and,
// with warning outcomes, chemical_exposure.
void add_chemical_results(ResultsFile& file, const ScenarioChemical& chemical, const Region& region,
                          double outdoor_share, const WarningModel* warning = nullptr,
                          const std::vector<WarningOutcome>* outcomes = nullptr,
                          const std::vector<std::size_t>* replication_numbers = nullptr);

// What the replications made of a release, for the run summary and ds.run.
struct ChemicalRunSummary {
  std::size_t replications = 0;
  // Mean over the replications of the people above each level, after the
  // warning and the protective action (nobody warned without a warning section).
  std::array<double, kAeglLevels> outdoors{}, indoors{};
  std::array<double, kAeglLevels> no_action_outdoors{}, no_action_indoors{};
  std::size_t zones_shelter = 0, zones_evacuate = 0;  // zones the rule's level reaches
  // Incidents at a release's scene: the first unit with the hazmat capability
  // to arrive, per replication where one did (means over those).
  std::size_t scene_incidents = 0, hazmat_arrivals = 0;
  double mean_hazmat_response_s = 0.0;   // call to arrival
  double mean_hazmat_travel_s = 0.0;     // departure to arrival, around the zone
  double mean_hazmat_direct_s = 0.0;     // free-flow time of the same unit from its station, zone ignored
  // Every hazmat unit's drive to a scene, by team (the unit id before '#'):
  // the mean over its arrivals of its drive and of the direct free-flow time.
  struct TeamApproach {
    std::string team;
    std::size_t arrivals = 0;
    double mean_travel_s = 0.0, mean_direct_s = 0.0;
  };
  std::vector<TeamApproach> hazmat_teams;
  std::size_t casualty_calls = 0;        // per replication (the same in each)
  double casualty_calls_reached = 0.0;   // mean per replication
};

struct ResponseExperiment;
class TravelOracle;
ChemicalRunSummary summarize_chemical_run(const ScenarioChemical& chemical, const Region& region,
                                          const ResponseModel& model, const TravelOracle& travel,
                                          const WarningModel* warning, const ResponseExperiment& experiment,
                                          double outdoor_share);

}  // namespace dsim
