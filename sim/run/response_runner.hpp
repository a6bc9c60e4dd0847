// SPDX-License-Identifier: MIT
#pragma once

#include "sim/experiment/response_experiment.hpp"
#include "sim/io/results_file.hpp"
#include "sim/network/region.hpp"
#include "sim/run/load_scenario.hpp"
#include "sim/run/scenario_chemical.hpp"
#include "sim/run/scenario_fire.hpp"
#include "sim/run/scenario_flood.hpp"
#include "sim/run/scenario_logistics.hpp"
#include "sim/scenario/scenario_problem.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/response/scenario.hpp"
#include "sim/response/travel_table.hpp"
#include "sim/warning/evacuation_routes.hpp"
#include "sim/warning/warning_model.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dsim {

// A scenario ready to run: its region loaded, checked against it, bound to a
// response model, and the station travel tables computed. Shared read-only
// by every replication.
struct PreparedScenario {
  Scenario scenario;
  std::shared_ptr<Region> region;  // shared with other scenarios prepared through the same PrepareCache
  ResponseModel model;
  std::shared_ptr<TableTravelOracle> travel;  // likewise
  // The scenario's flood, run once before the replications (they all see the
  // same water); null without a flood section.
  std::shared_ptr<ScenarioFlood> flood;  // shared with other scenarios prepared through the same PrepareCache
  // The scenario's chemical releases, dispersed once before the replications; null without a chemical section.
  std::unique_ptr<ScenarioChemical> chemical;
  // The scenario's grassland or forest fire: its landscape and forecast, built
  // once; each replication steps the fire in its own event loop. Null without a fire section.
  std::unique_ptr<ScenarioFire> fire;
  // The warning section bound to the same region and forces, its hazard
  // (the front, or the flood's arrival times) and the shelter routes: it
  // plays in the same event loop as the response. Null without a warning section.
  std::unique_ptr<WarningModel> warning;
  std::unique_ptr<HazardArrival> warning_hazard;
  std::unique_ptr<EvacuationRoutes> evacuation;
  // What the run assumes (a zone with people and no road, a location snapped
  // far, an escalation step no team serves, a DEM much larger than the
  // region): the warnings `dsim validate` gives, stored with the results.
  std::vector<ScenarioProblem> assumptions;
  // The logistics section bound to the region, the model and the warning's
  // shelters: stock, requests and deliveries play in the same event loop.
  // Null without a logistics section.
  std::unique_ptr<LogisticsModel> logistics;

  // The arrival times of every hazard computed ahead of the replications.
  std::vector<const HazardArrival*> hazard_arrivals() const {
    std::vector<const HazardArrival*> out;
    if (flood) out.push_back(&flood->node_arrival());
    if (chemical) out.push_back(&chemical->node_arrival());
    if (fire) out.push_back(&fire->node_arrival());
    return out;
  }
};

// The hazard a warning section warns of: its front, or else the earliest
// arrival at each node of the scenario's hazards (a flood run's arrival
// times). Throws InputError naming the file when there is neither.
HazardArrival warning_hazard_arrival(const Scenario& scenario, const Region& region,
                                     std::span<const HazardArrival* const> hazards);

// Problems with the places a scenario names (zones, nodes, places,
// coordinates) against a loaded region; warnings included. A flood's DEM is
// read to check it; with `terrain` given, it keeps what was read, so that a
// run need not read it again.
std::vector<ScenarioProblem> check_scenario_against_region(const Scenario& scenario, const Region& region,
                                                           std::optional<FloodTerrain>* terrain = nullptr);

// Loads the scenario's region and reports every place it cannot satisfy at
// once (ScenarioError); a flood's DEM, read for the check, is kept in `terrain`;
// the warnings (what the run assumes) go to `warnings` when given.
std::unique_ptr<Region> load_checked_region(const Scenario& scenario, std::optional<FloodTerrain>& terrain,
                                            std::vector<ScenarioProblem>* warnings = nullptr);

// The table `assumptions` (docs/output-format.md): one row per warning, with
// the scenario file, line and key it is about.
void add_assumptions_table(ResultsFile& file, const std::vector<ScenarioProblem>& assumptions);

// Free-flow travel tables between the model's stations and the nodes, both
// ways (`threads` for the many-source searches; 0: all cores), each node's
// row holding the stations within `limit_s` (default: default_table_limit_s,
// full tables for small regions; travel_table.hpp).
std::unique_ptr<TableTravelOracle> station_travel_tables(const RoadNetwork& network, const ResponseModel& model,
                                                         int threads = 0, std::optional<double> limit_s = {},
                                                         const std::function<void(double)>& progress = {});

// What prepare_scenario keeps for the next scenario of a batch: loaded
// regions by their `region` section, and station travel tables by region and
// station nodes, so that plans differing in teams, turnout or warning delays
// load the region and search the roads once. Not thread-safe: one per process
// or per thread.
struct PrepareCache {
  struct LoadedRegion {
    RegionSpec spec;          // as the scenario gave it (paths resolved)
    std::string file_stamps;  // size and time of its files when loaded: an edited file is another region
    std::shared_ptr<Region> region;
    std::string roads_hash;   // of the road graph and its travel times: keys the travel tables
  };
  std::vector<LoadedRegion> regions;
  std::map<std::string, std::shared_ptr<TableTravelOracle>> travel;  // roads_hash + station nodes
  // Floods run: the same spec on the same region, zones, vehicle classes and
  // horizon gives the same water, so a sweep over teams or warning delays runs it once.
  struct RunFlood {
    FloodSpec spec;
    std::shared_ptr<Region> region;
    std::vector<std::string> vehicle_classes;
    std::vector<std::pair<double, std::vector<NodeId>>> zones;  // population and nodes
    double horizon_s = 0.0;
    std::shared_ptr<ScenarioFlood> flood;
  };
  std::vector<RunFlood> floods;
  std::size_t floods_run = 0, floods_reused = 0;
  std::size_t regions_loaded = 0, regions_reused = 0;
  std::size_t travel_built = 0, travel_reused = 0;
  // A folder shared with other processes (the workers of one sweep): station
  // travel tables are read from it when there, and left in it when searched
  // (travel_cache.hpp). Empty: none.
  std::string disk_folder;
  std::size_t travel_from_disk = 0;
};

// Loads the region, reports every place the region cannot satisfy at once
// (ScenarioError), builds the model and the travel tables (`threads` for the
// many-source searches; 0: all cores). A flood reports its progress through
// `on_flood_progress`, the dispersion of chemical releases through
// `on_chemical_progress`, the fire's landscape through `on_fire_progress`,
// the station travel tables through `on_travel_progress` (share done, 0..1).
PreparedScenario prepare_scenario(Scenario scenario, int threads = 0,
                                  const std::function<void(const FloodProgress&)>& on_flood_progress = {},
                                  const std::function<void(const ChemicalProgress&)>& on_chemical_progress = {},
                                  const std::function<void(const FireProgress&)>& on_fire_progress = {},
                                  PrepareCache* cache = nullptr,
                                  const std::function<void(double)>& on_travel_progress = {});

// The run options of a prepared scenario: its replications and seed, and its
// warning chain coupled into the same event loop when it has one.
ResponseRunOptions scenario_run_options(const PreparedScenario& prepared, int threads);

// Runs the prepared scenario's replications with its seed on `threads` threads.
ResponseExperiment run_prepared(const PreparedScenario& prepared, int threads, const RunControl& control = {});

// The metadata of a results file made from a scenario: version, time, the
// scenario's text, file and seed, the replications and the command line.
ResultsMetadata scenario_results_metadata(const Scenario& scenario, std::int64_t replications,
                                          const std::string& command_line);

// The scenario's root attributes of a results file: scenario_name,
// start_time (ISO 8601: the calendar time at time 0, with its UTC offset when
// the scenario gave one), start_time_given, horizon_s and warmup_s
// (docs/output-format.md).
void add_scenario_attributes(ResultsFile& file, const Scenario& scenario);
std::string start_time_text(const Scenario& scenario);

// The results file of a run: tables incidents, dispatches, units, kpis,
// kpi_replications and force_minimums (docs/output-format.md), with the scenario text stored;
// with a flood, the flood_* tables too.
ResultsFile response_results(const PreparedScenario& prepared, const ResponseExperiment& experiment,
                             const std::string& command_line = {});

// Only the warning tables of such a run (`dsim warn`, `ds.warn`): the warning
// outputs of the same coupled run. The scenario must have a warning section.
ResultsFile warning_view_results(const PreparedScenario& prepared, const ResponseExperiment& experiment,
                                 const std::string& command_line = {});

}  // namespace dsim
