// SPDX-License-Identifier: MIT
#include "sim/run/response_runner.hpp"

#include "sim/run/fire_results.hpp"
#include "sim/run/logistics_results.hpp"

#include "sim/io/table_schema.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/run/travel_cache.hpp"
#include "sim/network/routing_index_io.hpp"
#include "sim/version.hpp"
#include "sim/scenario/assumption_check.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/network/travel_times.hpp"
#include "sim/hazards/hazard_front.hpp"
#include "sim/response/fire_circle.hpp"
#include "sim/response/hazard_coupling.hpp"
#include "sim/response/force_minimums.hpp"
#include "sim/run/warning_runner.hpp"
#include "sim/warning/warning_spec.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace dsim {

std::vector<ScenarioProblem> check_scenario_against_region(const Scenario& scenario, const Region& region,
                                                           std::optional<FloodTerrain>* terrain) {
  KnownPlaces places;
  for (const Zone& z : region.zones) {
    places.zone_ids.push_back(z.id);
    places.zone_types.push_back(std::string(zone_type_name(z.type)));
  }
  places.has_node = [&region](std::int64_t id) { return region.network.find_node(id).has_value(); };
  if (region.network.has_coordinates()) {
    places.covers = [&region](double lon, double lat) { return region_covers(region.network, lon, lat); };
  }
  places.has_place = [&region](const std::string& name) { return region.places.count(name) > 0; };
  places.zone_has_roads = [&region](const std::string& zone) {
    for (int z : region.node_zone)
      if (z >= 0 && region.zones[static_cast<std::size_t>(z)].id == zone) return true;
    return false;
  };
  std::vector<ScenarioProblem> problems = check_scenario_places(scenario, places);
  for (ScenarioProblem& p : check_scenario_assumptions(scenario, region)) problems.push_back(std::move(p));
  if (scenario.flood) {
    // The DEM is read here so that a malformed or misplaced one is reported before a run.
    try {
      FloodTerrain loaded = load_flood_terrain(*scenario.flood, region, scenario.source_path);
      if (terrain != nullptr) *terrain = std::move(loaded);
    } catch (const InputError& e) {
      problems.push_back({ScenarioProblem::Severity::error, e.file(), e.line(), 0, e.key().empty() ? "flood.dem" : e.key(),
                          e.expected(), e.found(), "", ""});
    }
  }
  return problems;
}

namespace {

// Bounded tables answer the questions beyond their limit on the network's
// contraction hierarchy, read from its cache or built and left there.
void attach_hierarchy(TableTravelOracle& tables, const RoadNetwork& network, const std::string& network_path,
                      const TravelProgress& progress, std::vector<std::string>* notes) {
  if (tables.limit_s() == kUnreachable) return;
  const auto warn = [notes](const std::string& message) {
    if (notes != nullptr) notes->push_back(message);
  };
  LoadedRoutingIndex loaded = load_or_build_routing_index(
      network, network_path, 1.0,
      [&progress](double share) {
        if (progress) progress(share, "routing index (contraction hierarchy), built once per network");
      },
      warn);
  if (notes != nullptr && loaded.built)
    notes->push_back("built the network's routing index in " + std::to_string(static_cast<int>(loaded.build_s + 0.5)) +
                     " s" + (loaded.path.empty() ? std::string() : ", kept in " + loaded.path.string()));
  tables.use_hierarchy(std::make_shared<const PhastIndex>(std::move(loaded.index)));
}

std::function<void(double)> table_progress(const TravelProgress& progress) {
  if (!progress) return {};
  return [progress](double share) { progress(share, "station searches, both ways"); };
}

}  // namespace

std::unique_ptr<TableTravelOracle> station_travel_tables(const RoadNetwork& network, const ResponseModel& model,
                                                         int threads, std::optional<double> limit_s,
                                                         const TravelProgress& progress, const std::string& network_path,
                                                         std::vector<std::string>* notes) {
  std::vector<NodeId> station_nodes;
  for (const auto& s : model.stations) station_nodes.push_back(s.node);
  TravelTableOptions options;
  options.threads = threads;
  options.limit_s = limit_s ? *limit_s : default_table_limit_s(station_nodes.size(), network.node_count());
  options.progress = table_progress(progress);
  std::unique_ptr<TableTravelOracle> tables = build_travel_tables(network, station_nodes, options);
  attach_hierarchy(*tables, network, network_path, progress, notes);
  return tables;
}

ResultsMetadata scenario_results_metadata(const Scenario& scenario, std::int64_t replications,
                                          const std::string& command_line) {
  ResultsMetadata m = make_results_metadata();
  m.scenario_text = scenario.source_text;
  m.scenario_file = scenario.source_path;
  m.seed = scenario.seed;
  m.replications = replications;
  m.command_line = command_line;
  return m;
}

namespace {

// The scenario's problems against the region: errors thrown (ScenarioError), warnings returned.
std::vector<ScenarioProblem> checked_against(const Scenario& scenario, const Region& region,
                                             std::optional<FloodTerrain>& terrain) {
  std::vector<ScenarioProblem> problems = check_scenario_against_region(scenario, region, &terrain);
  std::vector<ScenarioProblem> warnings;
  for (const ScenarioProblem& pr : problems)
    if (!pr.is_error()) warnings.push_back(pr);
  std::erase_if(problems, [](const ScenarioProblem& pr) { return !pr.is_error(); });
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return warnings;
}

// The size and time of the region's files as they are now: an edited road network is another region.
std::string region_file_stamps(const Scenario& scenario) {
  std::string key;
  for (const std::string& file : {scenario.region.network_path, scenario.region.zones_path}) {
    std::error_code ec;
    if (file.empty() || !std::filesystem::is_regular_file(file, ec)) continue;
    const auto size = std::filesystem::file_size(file, ec);
    const auto time = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
    key += '\n' + file + ' ' + std::to_string(size) + ' ' + std::to_string(time);
  }
  return key;
}

}  // namespace

std::unique_ptr<Region> load_checked_region(const Scenario& scenario, std::optional<FloodTerrain>& terrain,
                                            std::vector<ScenarioProblem>* warnings) {
  auto region = std::make_unique<Region>(load_region(scenario.region, {}, scenario.source_path));
  std::vector<ScenarioProblem> found = checked_against(scenario, *region, terrain);
  if (warnings != nullptr) warnings->insert(warnings->end(), found.begin(), found.end());
  return region;
}

void add_assumptions_table(ResultsFile& file, const std::vector<ScenarioProblem>& assumptions) {
  using A = const ScenarioProblem&;
  TableSchema<ScenarioProblem>("assumptions",
                               "what the run assumed, as dsim validate warns of it: one row per warning")
      .text("file", "", "the scenario file", [](A a) { return a.file; })
      .integer("line", "", "line of the key in the scenario file (0: not known)",
               [](A a) { return static_cast<std::int64_t>(a.line); })
      .text("key", "", "key path the warning is about", [](A a) { return a.key; })
      .text("expected", "", "what a scenario without the assumption would have", [](A a) { return a.expected; })
      .text("found", "", "what was found", [](A a) { return a.found; })
      .text("note", "", "what it means for the run", [](A a) { return a.note; })
      .text("message", "", "the warning as dsim validate prints it", [](A a) { return a.message(); })
      .add_to(file, assumptions);
}

PreparedScenario prepare_scenario(Scenario scenario, int threads,
                                  const std::function<void(const FloodProgress&)>& on_flood_progress,
                                  const std::function<void(const ChemicalProgress&)>& on_chemical_progress,
                                  const std::function<void(const FireProgress&)>& on_fire_progress,
                                  PrepareCache* cache,
                                  const TravelProgress& on_travel_progress) {
  PreparedScenario p;
  std::optional<FloodTerrain> terrain;
  std::string roads;  // with a cache: the network_content_hash of the region, which keys the travel tables
  if (cache == nullptr) {
    p.region = load_checked_region(scenario, terrain, &p.assumptions);
  } else {
    const std::string stamps = region_file_stamps(scenario);
    const auto held = std::find_if(cache->regions.begin(), cache->regions.end(), [&](const auto& r) {
      return r.spec == scenario.region && r.file_stamps == stamps;
    });
    if (held != cache->regions.end()) {
      ++cache->regions_reused;
      p.region = held->region;
      roads = held->roads_hash;
      p.assumptions = checked_against(scenario, *p.region, terrain);
    } else {
      ++cache->regions_loaded;
      p.region = load_checked_region(scenario, terrain, &p.assumptions);
      roads = network_content_hash(p.region->network);
      cache->regions.push_back({scenario.region, stamps, p.region, roads});
    }
  }
  const Region& region = *p.region;

  p.model = build_response_model(scenario, region);
  if (scenario.flood) {
    std::vector<std::pair<double, std::vector<NodeId>>> zones;
    for (const auto& z : p.model.zones) zones.emplace_back(z.population, z.nodes);
    if (cache != nullptr) {
      for (const PrepareCache::RunFlood& f : cache->floods)
        if (f.region == p.region && f.spec == *scenario.flood && f.vehicle_classes == p.model.vehicle_classes &&
            f.horizon_s == p.model.horizon_s && f.zones == zones) {
          p.flood = f.flood;
          ++cache->floods_reused;
        }
    }
    if (!p.flood) {
      p.flood = std::make_shared<ScenarioFlood>(run_scenario_flood(*scenario.flood, std::move(*terrain), region, p.model,
                                                                   scenario.source_path, threads, on_flood_progress));
      if (cache != nullptr) {
        ++cache->floods_run;
        cache->floods.push_back({*scenario.flood, p.region, p.model.vehicle_classes, zones, p.model.horizon_s, p.flood});
      }
    }
  }
  if (scenario.chemical)
    p.chemical = std::make_unique<ScenarioChemical>(
        run_scenario_chemical(*scenario.chemical, scenario, region, p.model, on_chemical_progress));
  if (scenario.fire)
    p.fire = std::make_unique<ScenarioFire>(build_scenario_fire(*scenario.fire, scenario, region, p.model, on_fire_progress));
  if (p.fire) p.model.network = &region.network;  // the fire closes roads during the run: units route around them
  // Every hazard computed ahead of the replications enters the run the same way.
  if (p.flood) couple_hazard(*p.flood, region.network, p.model, scenario.source_path, "flood.rescue");
  if (p.chemical) couple_hazard(*p.chemical, region.network, p.model, scenario.source_path, "chemical.casualties");
  if (cache == nullptr) {
    p.travel = station_travel_tables(region.network, p.model, threads, {}, on_travel_progress,
                                     scenario.region.network_path, &p.notes);
  } else {
    std::vector<NodeId> station_nodes;
    std::string key = roads;
    for (const auto& station : p.model.stations) {
      key += ' ' + std::to_string(static_cast<std::uint32_t>(station.node));
      station_nodes.push_back(station.node);
    }
    std::shared_ptr<TableTravelOracle>& held = cache->travel[key];
    if (held) {
      ++cache->travel_reused;
    } else {
      // From the folder shared with other processes, else searched and left there for them.
      const double limit_s = default_table_limit_s(station_nodes.size(), region.network.node_count());
      const std::string disk_key = std::string(DSIM_VERSION) + '\n' + key + '\n' + std::to_string(limit_s);
      std::optional<TravelTableData> data;
      if (!cache->disk_folder.empty()) data = load_travel_tables(cache->disk_folder, disk_key);
      if (data && data->nodes == region.network.node_count() && data->stations == station_nodes.size()) {
        ++cache->travel_from_disk;
      } else {
        ++cache->travel_built;
        TravelTableOptions options;
        options.threads = threads;
        options.limit_s = limit_s;
        options.progress = table_progress(on_travel_progress);
        data = build_travel_table_data(region.network, station_nodes, options);
        if (!cache->disk_folder.empty()) save_travel_tables(cache->disk_folder, disk_key, *data);
      }
      held = std::make_shared<TableTravelOracle>(std::move(*data), region.network, station_nodes);
      attach_hierarchy(*held, region.network, scenario.region.network_path, on_travel_progress, &p.notes);
    }
    p.travel = held;
  }
  if (scenario.warning) {
    p.warning = std::make_unique<WarningModel>(
        build_warning_model(*scenario.warning, region, scenario.horizon_s, scenario.source_path, &p.model));
    if (p.chemical) apply_protective_actions(*p.chemical, *p.warning);
    p.warning_hazard = std::make_unique<HazardArrival>(
        warning_hazard_arrival(scenario, region, p.hazard_arrivals()));
    p.evacuation = std::make_unique<EvacuationRoutes>(region.network, p.warning->shelters, p.warning_hazard.get());
  }
  if (scenario.logistics)
    p.logistics = std::make_unique<LogisticsModel>(
        build_scenario_logistics(*scenario.logistics, scenario, region, p.model, p.warning.get()));
  p.scenario = std::move(scenario);
  return p;
}

ResponseRunOptions scenario_run_options(const PreparedScenario& prepared, int threads) {
  ResponseRunOptions options;
  options.replications = static_cast<std::size_t>(prepared.scenario.replications);
  options.threads = threads;
  options.seed = prepared.scenario.seed;
  if (prepared.warning)
    options.warning = CoupledWarning{prepared.warning.get(), prepared.warning_hazard.get(), prepared.evacuation.get()};
  if (prepared.fire) options.fire = &prepared.fire->model;
  if (prepared.logistics) options.logistics = prepared.logistics.get();
  return options;
}

HazardArrival warning_hazard_arrival(const Scenario& scenario, const Region& region,
                                     std::span<const HazardArrival* const> hazards) {
  const WarningSpec& spec = *scenario.warning;
  if (spec.front) {
    // The front's origin, bound like a shelter location.
    WarningSpec origin_only;
    origin_only.shelters.push_back({"origin", spec.front->origin, 0});
    const NodeId origin =
        build_warning_model(origin_only, region, scenario.horizon_s, scenario.source_path).shelters[0].node;
    return hazard_front_arrival(region.network, origin, spec.front->start_s, spec.front->speed_mps, spec.hazard_name,
                                spec.front->extent_m);
  }
  if (!hazards.empty()) {
    // The first of the scenario's hazards to reach each node; "front" is only the default name.
    std::string name = spec.hazard_name;
    if (name == "front") {
      name.clear();
      for (const HazardArrival* h : hazards) name += (name.empty() ? "" : "+") + h->hazard;
    }
    return earliest_arrival(hazards, name);
  }
  throw InputError(scenario.source_path, 0, "warning.hazard.front",
                   "a hazard: a front in the scenario, a flood section, or a hazard run's arrival times", "neither");
}

ResponseExperiment run_prepared(const PreparedScenario& prepared, int threads, const RunControl& control) {
  ResponseRunOptions options = scenario_run_options(prepared, threads);
  options.on_progress = control.on_progress;
  options.cancel = control.cancel;
  return run_response(prepared.model, *prepared.travel, options);
}

std::string start_time_text(const Scenario& scenario) {
  const std::chrono::year_month_day& d = scenario.start_date;
  const auto clock = static_cast<long>(std::lround(scenario.start_clock_s));
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ld", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()), clock / 3600, clock / 60 % 60,
                clock % 60);
  std::string out = text;
  if (scenario.start_utc_offset_min) {
    const int offset = *scenario.start_utc_offset_min;
    if (offset == 0) {
      out += "Z";
    } else {
      std::snprintf(text, sizeof text, "%c%02d:%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60, std::abs(offset) % 60);
      out += text;
    }
  }
  return out;
}

void add_scenario_attributes(ResultsFile& file, const Scenario& scenario) {
  file.attributes["scenario_name"] = scenario.name;
  file.attributes["start_time"] = start_time_text(scenario);
  file.attributes["start_time_given"] = std::int64_t{scenario.start_date_given ? 1 : 0};
  file.attributes["horizon_s"] = scenario.horizon_s;
  file.attributes["warmup_s"] = scenario.warmup_s;
}

namespace {

// An incident's origin for the `source` column: its generator, or its entry in incident_list.
std::string incident_source(const ResponseModel& m, const IncidentOutcome& inc) {
  if (inc.generator >= 0) return m.generators[static_cast<std::size_t>(inc.generator)].name;
  if (inc.listed < 0) return {};
  return m.explicit_incidents[static_cast<std::size_t>(inc.listed)].name;
}

std::string name_or_empty(const std::vector<std::string>& names, int i) {
  return i >= 0 && static_cast<std::size_t>(i) < names.size() ? names[static_cast<std::size_t>(i)] : std::string();
}

}  // namespace

ResultsFile response_results(const PreparedScenario& prepared, const ResponseExperiment& experiment,
                             const std::string& command_line) {
  const ResponseModel& m = prepared.model;
  const RoadNetwork& net = prepared.region->network;
  ResultsFile file;
  file.metadata = scenario_results_metadata(prepared.scenario, prepared.scenario.replications, command_line);
  add_scenario_attributes(file, prepared.scenario);
  const auto replication = [&](std::size_t r) { return static_cast<std::int64_t>(experiment.replication_numbers[r]); };
  const auto lon_of = [&](NodeId n) { return net.has_coordinates() ? net.lon(n) : std::nan(""); };
  const auto lat_of = [&](NodeId n) { return net.has_coordinates() ? net.lat(n) : std::nan(""); };

  // Names for people beside the ids: stations (model station s is scenario
  // station s) and zones (model zone z is region zone z).
  const auto station_name = [&](int s) {
    const auto& stations = prepared.scenario.stations;
    return s >= 0 && static_cast<std::size_t>(s) < stations.size() ? stations[static_cast<std::size_t>(s)].name
                                                                    : std::string();
  };
  const auto station_id = [&](int s) {
    return s >= 0 && static_cast<std::size_t>(s) < m.stations.size() ? m.stations[static_cast<std::size_t>(s)].id
                                                                      : std::string();
  };
  const auto zone_name = [&](int z) {
    const auto& zones = prepared.region->zones;
    return z >= 0 && static_cast<std::size_t>(z) < zones.size() ? zones[static_cast<std::size_t>(z)].name : std::string();
  };

  struct Incident {
    std::int64_t replication;
    const IncidentOutcome* incident;
    const ResponseModel::Unit* first_unit;  // the first unit on scene; null: none arrived
  };
  std::vector<Incident> incidents;
  for (std::size_t r = 0; r < experiment.replications.size(); ++r) {
    // The first unit to arrive at each incident: the earliest arrival among its dispatches.
    std::map<int, const DispatchOutcome*> first;
    for (const DispatchOutcome& d : experiment.replications[r].dispatches) {
      if (!(d.arrival_s == d.arrival_s)) continue;  // recalled on the way
      auto [it, fresh] = first.try_emplace(d.incident, &d);
      if (!fresh && d.arrival_s < it->second->arrival_s) it->second = &d;
    }
    for (const IncidentOutcome& inc : experiment.replications[r].incidents) {
      const auto it = first.find(inc.id);
      incidents.push_back({replication(r), &inc,
                           it == first.end() ? nullptr : &m.units[static_cast<std::size_t>(it->second->unit)]});
    }
  }
  using I = const Incident&;
  TableSchema<Incident>("incidents", "one row per incident and replication")
      .replication([](I x) { return x.replication; })
      .integer("incident", "", "incident number within the replication, in order of occurrence",
               [](I x) { return x.incident->id; })
      .text("type", "", "incident type", [&](I x) { return name_or_empty(m.incident_types, x.incident->type); })
      .text("severity", "", "severity", [&](I x) { return name_or_empty(m.severities, x.incident->severity); })
      .text("zone", "", "zone id (empty outside every zone)",
            [&](I x) { return x.incident->zone >= 0 ? m.zones[static_cast<std::size_t>(x.incident->zone)].id : std::string(); })
      .text("zone_name", "", "zone name (empty outside every zone, or when the zone has none)",
            [&](I x) { return zone_name(x.incident->zone); })
      .text("zone_type", "", "built_up, industrial_park, village or grassland",
            [&](I x) { return x.incident->zone >= 0 ? m.zones[static_cast<std::size_t>(x.incident->zone)].type : std::string(); })
      .integer("node", "", "road network node id (as in the network file)", [&](I x) { return net.external_id(x.incident->node); })
      .real("lon", "deg", "longitude of the node", [&](I x) { return lon_of(x.incident->node); })
      .real("lat", "deg", "latitude of the node", [&](I x) { return lat_of(x.incident->node); })
      .real("occurred_s", "s", "time the incident began", [](I x) { return x.incident->occurred_s; })
      .real("call_s", "s", "time the call reached command", [](I x) { return x.incident->call_s; })
      .real("first_dispatch_s", "s", "time of the first dispatch (NaN: never)", [](I x) { return x.incident->first_dispatch_s; })
      .real("first_arrival_s", "s", "time the first unit reached the scene (NaN: never)",
            [](I x) { return x.incident->first_arrival_s; })
      .text("first_unit", "", "the unit that reached the scene first (empty: none did)",
            [](I x) { return x.first_unit ? x.first_unit->id : std::string(); })
      .text("first_unit_station", "", "that unit's home station (id)",
            [&](I x) { return x.first_unit ? station_id(x.first_unit->station) : std::string(); })
      .text("first_unit_station_name", "", "that station's name",
            [&](I x) { return x.first_unit ? station_name(x.first_unit->station) : std::string(); })
      .real("full_arrival_s", "s", "time every need of the plan's first alarm was on scene", [](I x) { return x.incident->full_arrival_s; })
      .real("comms_arrival_s", "s", "time a unit with comms reached the scene", [](I x) { return x.incident->comms_arrival_s; })
      .real("cleared_s", "s", "time the work on scene ended", [](I x) { return x.incident->cleared_s; })
      .real("response_s", "s", "first arrival minus call", [](I x) { return x.incident->first_arrival_s - x.incident->call_s; })
      .real("flashover_s", "s", "time a growing fire reaches flashover (NaN: not a fire)",
            [](I x) { return x.incident->flashover_s; })
      .text("fire_growth", "", "t-squared growth class of a fire",
            [](I x) { return std::string(x.incident->growth >= 0 ? kFireGrowthNames[x.incident->growth] : ""); })
      .integer("units_sent", "", "units dispatched", [](I x) { return x.incident->units_sent; })
      .integer("people_needed", "people", "people the plan asks for", [](I x) { return x.incident->people_needed; })
      .integer("people_arrived", "people", "people who reached the scene", [](I x) { return x.incident->people_arrived; })
      .integer("highest_step", "", "escalation step reached (0: first response only)", [](I x) { return x.incident->highest_step; })
      .integer("lost", "", "1 when no unit could take it", [](I x) { return x.incident->lost; })
      .text("not_reached_reason", "",
            "why no unit reached it: reached, no_plan, none_needed, no_unit_free, no_capable_unit, roads_closed, "
            "all_busy, blocked_on_route or en_route_at_end (docs/output-format.md)",
            [](I x) { return std::string(unreached_name(x.incident->unreached)); })
      .integer("contained", "", "1 when a fire's full crew arrived before flashover", [](I x) { return x.incident->contained; })
      .integer("measured", "", "1 when the call came after the warm-up (counted in KPIs)", [](I x) { return x.incident->measured; })
      .integer("fire_circle", "", "1 when it counts in the 5-minute fire circle (plan.fire_circle types and zones)",
               [&](I x) { return in_fire_circle(m, *x.incident); })
      .real("first_fire_arrival_s", "s", "time the first fire-capable unit reached the scene",
            [](I x) { return x.incident->first_fire_arrival_s; })
      .real("first_fire_turnout_s", "s", "that unit's turnout: its dispatch to its departure",
            [](I x) { return x.incident->first_fire_turnout_s; })
      .real("first_fire_travel_s", "s", "that unit's travel: departure to arrival", [](I x) { return x.incident->first_fire_travel_s; })
      .real("second_alarm_s", "s", "time a growing fire sounded a second alarm: flashover with the first alarm's crew not "
            "complete on scene (NaN: none)", [](I x) { return x.incident->second_alarm_s; })
      .text("source", "", "where it came from: its incident generator's name, its name in incident_list "
            "(incident_list[K] when it has none), or the hazard that raised it (flood.rescue)", [&](I x) { return incident_source(m, *x.incident); })
      .add_to(file, incidents);

  struct Dispatch {
    std::int64_t replication;
    const DispatchOutcome* dispatch;
    const ResponseModel::Unit* unit;
  };
  std::vector<Dispatch> dispatches;
  for (std::size_t r = 0; r < experiment.replications.size(); ++r)
    for (const DispatchOutcome& d : experiment.replications[r].dispatches)
      dispatches.push_back({replication(r), &d, &m.units[static_cast<std::size_t>(d.unit)]});
  using D = const Dispatch&;
  TableSchema<Dispatch>("dispatches", "one row per unit sent to an incident")
      .replication([](D x) { return x.replication; })
      .integer("incident", "", "incident number within the replication", [](D x) { return x.dispatch->incident; })
      .text("unit", "", "unit (team, or team#crew)", [](D x) { return x.unit->id; })
      .text("station", "", "the unit's home station (id), where it set out from",
            [&](D x) { return station_id(x.unit->station); })
      .text("station_name", "", "that station's name", [&](D x) { return station_name(x.unit->station); })
      .text("level", "", "the unit's level", [](D x) { return std::string(team_level_name(x.unit->level)); })
      .integer("step", "", "escalation step at which it was sent", [](D x) { return x.dispatch->step; })
      .real("dispatch_s", "s", "time of the dispatch", [](D x) { return x.dispatch->dispatch_s; })
      .real("depart_s", "s", "time it left its station (after turnout)", [](D x) { return x.dispatch->depart_s; })
      .real("arrival_s", "s", "time it reached the scene (NaN: recalled on the way)", [](D x) { return x.dispatch->arrival_s; })
      .real("travel_s", "s", "network travel time to the scene", [](D x) { return x.dispatch->travel_s; })
      .real("release_s", "s", "time it left the scene or was recalled", [](D x) { return x.dispatch->release_s; })
      .real("back_s", "s", "time it was available again at its station", [](D x) { return x.dispatch->back_s; })
      .add_to(file, dispatches);

  struct Unit {
    std::int64_t replication;
    const UnitOutcome* outcome;
    const ResponseModel::Unit* unit;
    const ResponseModel::Station* station;
  };
  std::vector<Unit> units;
  for (std::size_t r = 0; r < experiment.replications.size(); ++r) {
    for (const UnitOutcome& uo : experiment.replications[r].units) {
      const ResponseModel::Unit& u = m.units[static_cast<std::size_t>(uo.unit)];
      units.push_back({replication(r), &uo, &u, &m.stations[static_cast<std::size_t>(u.station)]});
    }
  }
  using U = const Unit&;
  TableSchema<Unit>("units", "one row per unit and replication")
      .replication([](U x) { return x.replication; })
      .text("unit", "", "unit (team, or team#crew)", [](U x) { return x.unit->id; })
      .text("team", "", "the team the unit belongs to (the unit id without #crew)",
            [&](U x) { return prepared.scenario.teams[static_cast<std::size_t>(x.unit->team)].id; })
      .text("station", "", "home station", [](U x) { return x.station->id; })
      .text("station_name", "", "home station's name", [&](U x) { return station_name(x.unit->station); })
      .text("level", "", "level", [](U x) { return std::string(team_level_name(x.unit->level)); })
      .integer("people", "people", "crew size", [](U x) { return x.unit->people; })
      .real("lon", "deg", "station longitude", [&](U x) { return lon_of(x.station->node); })
      .real("lat", "deg", "station latitude", [&](U x) { return lat_of(x.station->node); })
      .integer("dispatches", "", "times it was sent", [](U x) { return x.outcome->dispatches; })
      .real("busy_s", "s", "time committed between warm-up and horizon", [](U x) { return x.outcome->busy_s; })
      .real("utilisation", "1", "busy time over the observed window", [](U x) { return x.outcome->utilisation; })
      .real("duty_s", "s", "time held for warning duties (door knocking) between warm-up and horizon",
            [](U x) { return x.outcome->duty_s; })
      .integer("duties", "", "times it was held for a warning duty", [](U x) { return x.outcome->duties; })
      .add_to(file, units);

  std::vector<const KpiSummary*> kpis;
  for (const KpiSummary& k : experiment.kpis) kpis.push_back(&k);
  using K = const KpiSummary* const&;
  TableSchema<const KpiSummary*>("kpis", "key performance indicators over the replications, 95% intervals")
      .text("kpi", "", "indicator", [](K k) { return k->name; })
      .text("unit", "", "unit of the indicator", [](K k) { return k->unit; })
      .real("mean", "", "mean over replications", [](K k) { return k->interval.mean; })
      .real("half_width", "", "half width of the Student-t confidence interval", [](K k) { return k->interval.half_width; })
      .real("lower", "", "lower bound", [](K k) { return k->interval.lower(); })
      .real("upper", "", "upper bound", [](K k) { return k->interval.upper(); })
      .integer("replications", "", "replications in which the indicator is defined",
               [](K k) { return static_cast<std::int64_t>(k->interval.count); })
      .text("description", "", "what it measures", [](K k) { return k->description; })
      .add_to(file, kpis);

  struct KpiValue {
    std::int64_t replication;
    const char* name;
    double value;
  };
  std::vector<KpiValue> kpi_values_by_replication;
  const std::vector<KpiInfo> infos = kpi_infos(m);
  for (std::size_t r = 0; r < experiment.replications.size(); ++r) {
    const std::vector<double> values = kpi_values(experiment.replications[r].kpis);
    for (std::size_t k = 0; k < infos.size() && k < values.size(); ++k)
      kpi_values_by_replication.push_back({replication(r), infos[k].name, values[k]});
  }
  using V = const KpiValue&;
  TableSchema<KpiValue>("kpi_replications", "each indicator in each replication")
      .replication([](V x) { return x.replication; })
      .text("kpi", "", "indicator", [](V x) { return std::string(x.name); })
      .real("value", "", "its value in the replication (NaN: undefined)", [](V x) { return x.value; })
      .add_to(file, kpi_values_by_replication);

  using F = const ForceMinimum&;
  TableSchema<ForceMinimum>("force_minimums", "the force minimums of the Ordos measures 6-8, one row per check")
      .integer("measure", "", "number of the Ordos measure", [](F f) { return f.measure; })
      .text("check", "", "which minimum: city_team, banner_team, township_team, ...", [](F f) { return f.check; })
      .text("scope", "", "what it is counted over: city, a banner, a station id", [](F f) { return f.scope; })
      .text("what", "", "what is counted", [](F f) { return f.what; })
      .text("unit", "", "people or teams", [](F f) { return f.unit; })
      .integer("required", "", "the minimum", [](F f) { return f.required; })
      .integer("actual", "", "what the scenario has", [](F f) { return f.actual; })
      .integer("met", "", "1 when actual >= required", [](F f) { return f.met; })
      .add_to(file, check_force_minimums(prepared.scenario));
  add_assumptions_table(file, prepared.assumptions);

  if (prepared.flood) add_flood_results(file, *prepared.flood, *prepared.region, m);
  if (prepared.chemical) {
    const bool outcomes = prepared.warning && !experiment.warning.empty();
    add_chemical_results(file, *prepared.chemical, *prepared.region, prepared.scenario.chemical->outdoor_share,
                         outcomes ? prepared.warning.get() : nullptr, outcomes ? &experiment.warning : nullptr,
                         outcomes ? &experiment.replication_numbers : nullptr);
  }
  if (prepared.fire) add_fire_results(file, *prepared.fire, *prepared.region, experiment.fire, experiment.replication_numbers);
  if (prepared.warning && !experiment.warning.empty()) {
    std::vector<WarningSummary> summaries;
    for (const WarningOutcome& o : experiment.warning) summaries.push_back(summarize_warning(*prepared.warning, o));
    add_warning_tables(file, *prepared.warning, summaries, experiment.replication_numbers, &experiment.warning, &m);
  }
  if (prepared.logistics && !experiment.logistics.empty()) add_logistics_tables(file, *prepared.logistics, m, experiment);
  return file;
}

ResultsFile warning_view_results(const PreparedScenario& prepared, const ResponseExperiment& experiment,
                                 const std::string& command_line) {
  ResultsFile file;
  file.metadata = scenario_results_metadata(prepared.scenario, static_cast<std::int64_t>(experiment.replications.size()),
                                            command_line);
  add_scenario_attributes(file, prepared.scenario);
  std::vector<WarningSummary> summaries;
  for (const WarningOutcome& o : experiment.warning) summaries.push_back(summarize_warning(*prepared.warning, o));
  add_warning_tables(file, *prepared.warning, summaries, experiment.replication_numbers, &experiment.warning,
                     &prepared.model);
  add_assumptions_table(file, prepared.assumptions);
  return file;
}

}  // namespace dsim
