// SPDX-License-Identifier: MIT
#include "sim/io/scenario_runner.hpp"

#include "sim/io/region_loader.hpp"
#include "sim/io/scenario_reader.hpp"
#include "sim/io/warning_runner.hpp"
#include "sim/network/travel_times.hpp"
#include "sim/warning/hazard_front.hpp"
#include "sim/warning/warning_spec.hpp"
#include "sim/response/fire_circle.hpp"
#include "sim/response/force_minimums.hpp"

#include <cmath>

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

std::unique_ptr<TableTravelOracle> station_travel_tables(const RoadNetwork& network, const ResponseModel& model,
                                                         int threads) {
  std::vector<NodeId> station_nodes;
  for (const auto& s : model.stations) station_nodes.push_back(s.node);
  MatrixOptions out_options;
  out_options.threads = threads;
  out_options.direction = SearchDirection::outbound;
  MatrixOptions back_options = out_options;
  back_options.direction = SearchDirection::inbound;
  const TravelTimeMatrix out = travel_time_matrix(network, station_nodes, {}, out_options);
  const TravelTimeMatrix back = travel_time_matrix(network, station_nodes, {}, back_options);
  std::vector<std::vector<double>> out_rows, back_rows;
  for (std::size_t s = 0; s < station_nodes.size(); ++s) {
    auto o = out.row(s);
    auto b = back.row(s);
    out_rows.emplace_back(o.begin(), o.end());
    back_rows.emplace_back(b.begin(), b.end());
  }
  return std::make_unique<TableTravelOracle>(out_rows, back_rows);
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

PreparedScenario prepare_scenario(Scenario scenario, int threads) {
  PreparedScenario p;
  p.region = std::make_unique<Region>(load_region(scenario.region, {}, scenario.source_path));
  const Region& region = *p.region;
  std::optional<FloodTerrain> terrain;
  std::vector<ScenarioProblem> problems = check_scenario_against_region(scenario, region, &terrain);
  std::erase_if(problems, [](const ScenarioProblem& pr) { return !pr.is_error(); });
  if (!problems.empty()) throw ScenarioError(std::move(problems));

  p.model = build_response_model(scenario, region);
  if (scenario.flood)
    p.flood = std::make_unique<ScenarioFlood>(run_scenario_flood(*scenario.flood, std::move(*terrain), region, p.model,
                                                                 scenario.source_path, threads));
  p.travel = station_travel_tables(region.network, p.model, threads);
  if (scenario.warning) {
    p.warning = std::make_unique<WarningModel>(
        build_warning_model(*scenario.warning, region, scenario.horizon_s, scenario.source_path, &p.model));
    p.warning_hazard = std::make_unique<HazardArrival>(
        warning_hazard_arrival(scenario, region, p.flood ? &p.flood->impact.arrival : nullptr));
    p.evacuation = std::make_unique<EvacuationRoutes>(region.network, p.warning->shelters, p.warning_hazard.get());
  }
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
  return options;
}

HazardArrival warning_hazard_arrival(const Scenario& scenario, const Region& region, const HazardArrival* flood) {
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
  if (flood != nullptr) {
    HazardArrival h = *flood;
    h.hazard = spec.hazard_name == "front" ? "flood" : spec.hazard_name;  // "front" is only the default name
    return h;
  }
  throw InputError(scenario.source_path, 0, "warning.hazard.front",
                   "a hazard: a front in the scenario, a flood section, or a hazard run's arrival times", "neither");
}

namespace {

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

  {
    ResultsTable& t = file.add_table("incidents", "one row per incident and replication");
    auto rep = t.add_replication_column();
    auto id = t.add_int64_column("incident", "", "incident number within the replication, in order of occurrence");
    auto type = t.add_string_column("type", "", "incident type");
    auto severity = t.add_string_column("severity", "", "severity");
    auto zone = t.add_string_column("zone", "", "zone id (empty outside every zone)");
    auto zone_type = t.add_string_column("zone_type", "", "built_up, industrial_park, village or grassland");
    auto node = t.add_int64_column("node", "", "road network node id (as in the network file)");
    auto lon = t.add_double_column("lon", "deg", "longitude of the node");
    auto lat = t.add_double_column("lat", "deg", "latitude of the node");
    auto occurred = t.add_double_column("occurred_s", "s", "time the incident began");
    auto call = t.add_double_column("call_s", "s", "time the call reached command");
    auto dispatch = t.add_double_column("first_dispatch_s", "s", "time of the first dispatch (NaN: never)");
    auto first = t.add_double_column("first_arrival_s", "s", "time the first unit reached the scene (NaN: never)");
    auto full = t.add_double_column("full_arrival_s", "s", "time every need of the plan was on scene");
    auto comms = t.add_double_column("comms_arrival_s", "s", "time a unit with comms reached the scene");
    auto cleared = t.add_double_column("cleared_s", "s", "time the work on scene ended");
    auto response = t.add_double_column("response_s", "s", "first arrival minus call");
    auto flashover = t.add_double_column("flashover_s", "s", "time a growing fire reaches flashover (NaN: not a fire)");
    auto growth = t.add_string_column("fire_growth", "", "t-squared growth class of a fire");
    auto units = t.add_int64_column("units_sent", "", "units dispatched");
    auto needed = t.add_int64_column("people_needed", "people", "people the plan asks for");
    auto arrived = t.add_int64_column("people_arrived", "people", "people who reached the scene");
    auto step = t.add_int64_column("highest_step", "", "escalation step reached (0: first response only)");
    auto lost = t.add_int64_column("lost", "", "1 when no unit could take it");
    auto contained = t.add_int64_column("contained", "", "1 when a fire's full crew arrived before flashover");
    auto measured = t.add_int64_column("measured", "", "1 when the call came after the warm-up (counted in KPIs)");
    auto circle = t.add_int64_column("fire_circle", "",
                                     "1 when it counts in the 5-minute fire circle (plan.fire_circle types and zones)");
    auto fire = t.add_double_column("first_fire_arrival_s", "s", "time the first fire-capable unit reached the scene");
    auto fire_turnout = t.add_double_column("first_fire_turnout_s", "s",
                                            "that unit's turnout: its dispatch to its departure");
    auto fire_travel = t.add_double_column("first_fire_travel_s", "s", "that unit's travel: departure to arrival");
    for (std::size_t r = 0; r < experiment.replications.size(); ++r) {
      for (const IncidentOutcome& inc : experiment.replications[r].incidents) {
        rep.push(static_cast<std::int64_t>(experiment.replication_numbers[r]));
        id.push(inc.id);
        type.push(name_or_empty(m.incident_types, inc.type));
        severity.push(name_or_empty(m.severities, inc.severity));
        zone.push(inc.zone >= 0 ? m.zones[static_cast<std::size_t>(inc.zone)].id : std::string());
        zone_type.push(inc.zone >= 0 ? m.zones[static_cast<std::size_t>(inc.zone)].type : std::string());
        node.push(net.external_id(inc.node));
        lon.push(net.has_coordinates() ? net.lon(inc.node) : std::nan(""));
        lat.push(net.has_coordinates() ? net.lat(inc.node) : std::nan(""));
        occurred.push(inc.occurred_s);
        call.push(inc.call_s);
        dispatch.push(inc.first_dispatch_s);
        first.push(inc.first_arrival_s);
        full.push(inc.full_arrival_s);
        comms.push(inc.comms_arrival_s);
        cleared.push(inc.cleared_s);
        response.push(inc.first_arrival_s - inc.call_s);
        flashover.push(inc.flashover_s);
        growth.push(inc.growth >= 0 ? kFireGrowthNames[inc.growth] : "");
        units.push(inc.units_sent);
        needed.push(inc.people_needed);
        arrived.push(inc.people_arrived);
        step.push(inc.highest_step);
        lost.push(inc.lost);
        contained.push(inc.contained);
        measured.push(inc.measured);
        circle.push(in_fire_circle(m, inc));
        fire.push(inc.first_fire_arrival_s);
        fire_turnout.push(inc.first_fire_turnout_s);
        fire_travel.push(inc.first_fire_travel_s);
      }
    }
  }
  {
    ResultsTable& t = file.add_table("dispatches", "one row per unit sent to an incident");
    auto rep = t.add_replication_column();
    auto incident = t.add_int64_column("incident", "", "incident number within the replication");
    auto unit = t.add_string_column("unit", "", "unit (team, or team#crew)");
    auto level = t.add_string_column("level", "", "the unit's level");
    auto step = t.add_int64_column("step", "", "escalation step at which it was sent");
    auto dispatch = t.add_double_column("dispatch_s", "s", "time of the dispatch");
    auto depart = t.add_double_column("depart_s", "s", "time it left its station (after turnout)");
    auto arrival = t.add_double_column("arrival_s", "s", "time it reached the scene (NaN: recalled on the way)");
    auto travel = t.add_double_column("travel_s", "s", "network travel time to the scene");
    auto release = t.add_double_column("release_s", "s", "time it left the scene or was recalled");
    auto back = t.add_double_column("back_s", "s", "time it was available again at its station");
    for (std::size_t r = 0; r < experiment.replications.size(); ++r) {
      for (const DispatchOutcome& d : experiment.replications[r].dispatches) {
        const ResponseModel::Unit& u = m.units[static_cast<std::size_t>(d.unit)];
        rep.push(static_cast<std::int64_t>(experiment.replication_numbers[r]));
        incident.push(d.incident);
        unit.push(u.id);
        level.push(team_level_name(u.level));
        step.push(d.step);
        dispatch.push(d.dispatch_s);
        depart.push(d.depart_s);
        arrival.push(d.arrival_s);
        travel.push(d.travel_s);
        release.push(d.release_s);
        back.push(d.back_s);
      }
    }
  }
  {
    ResultsTable& t = file.add_table("units", "one row per unit and replication");
    auto rep = t.add_replication_column();
    auto unit = t.add_string_column("unit", "", "unit (team, or team#crew)");
    auto station = t.add_string_column("station", "", "home station");
    auto level = t.add_string_column("level", "", "level");
    auto people = t.add_int64_column("people", "people", "crew size");
    auto lon = t.add_double_column("lon", "deg", "station longitude");
    auto lat = t.add_double_column("lat", "deg", "station latitude");
    auto dispatches = t.add_int64_column("dispatches", "", "times it was sent");
    auto busy = t.add_double_column("busy_s", "s", "time committed between warm-up and horizon");
    auto util = t.add_double_column("utilisation", "1", "busy time over the observed window");
    auto duty = t.add_double_column("duty_s", "s", "time held for warning duties (door knocking) between warm-up and horizon");
    auto duties = t.add_int64_column("duties", "", "times it was held for a warning duty");
    for (std::size_t r = 0; r < experiment.replications.size(); ++r) {
      for (const UnitOutcome& uo : experiment.replications[r].units) {
        const ResponseModel::Unit& u = m.units[static_cast<std::size_t>(uo.unit)];
        const ResponseModel::Station& s = m.stations[static_cast<std::size_t>(u.station)];
        rep.push(static_cast<std::int64_t>(experiment.replication_numbers[r]));
        unit.push(u.id);
        station.push(s.id);
        level.push(team_level_name(u.level));
        people.push(u.people);
        lon.push(net.has_coordinates() ? net.lon(s.node) : std::nan(""));
        lat.push(net.has_coordinates() ? net.lat(s.node) : std::nan(""));
        dispatches.push(uo.dispatches);
        busy.push(uo.busy_s);
        util.push(uo.utilisation);
        duty.push(uo.duty_s);
        duties.push(uo.duties);
      }
    }
  }
  {
    ResultsTable& t = file.add_table("kpis", "key performance indicators over the replications, 95% intervals");
    auto name = t.add_string_column("kpi", "", "indicator");
    auto unit = t.add_string_column("unit", "", "unit of the indicator");
    auto mean = t.add_double_column("mean", "", "mean over replications");
    auto half = t.add_double_column("half_width", "", "half width of the Student-t confidence interval");
    auto lower = t.add_double_column("lower", "", "lower bound");
    auto upper = t.add_double_column("upper", "", "upper bound");
    auto n = t.add_int64_column("replications", "", "replications in which the indicator is defined");
    auto description = t.add_string_column("description", "", "what it measures");
    for (const KpiSummary& k : experiment.kpis) {
      name.push(k.name);
      unit.push(k.unit);
      mean.push(k.interval.mean);
      half.push(k.interval.half_width);
      lower.push(k.interval.lower());
      upper.push(k.interval.upper());
      n.push(static_cast<std::int64_t>(k.interval.count));
      description.push(k.description);
    }
  }
  {
    ResultsTable& t = file.add_table("kpi_replications", "each indicator in each replication");
    auto rep = t.add_replication_column();
    auto name = t.add_string_column("kpi", "", "indicator");
    auto value = t.add_double_column("value", "", "its value in the replication (NaN: undefined)");
    const std::vector<KpiInfo> infos = kpi_infos(m);
    for (std::size_t r = 0; r < experiment.replications.size(); ++r) {
      const std::vector<double> values = kpi_values(experiment.replications[r].kpis);
      for (std::size_t k = 0; k < infos.size() && k < values.size(); ++k) {
        rep.push(static_cast<std::int64_t>(experiment.replication_numbers[r]));
        name.push(infos[k].name);
        value.push(values[k]);
      }
    }
  }
  {
    ResultsTable& t = file.add_table("force_minimums", "the force minimums of the Ordos measures 6-8, one row per check");
    auto measure = t.add_int64_column("measure", "", "number of the Ordos measure");
    auto check = t.add_string_column("check", "", "which minimum: city_team, banner_team, township_team, ...");
    auto scope = t.add_string_column("scope", "", "what it is counted over: city, a banner, a station id");
    auto what = t.add_string_column("what", "", "what is counted");
    auto unit = t.add_string_column("unit", "", "people or teams");
    auto required = t.add_int64_column("required", "", "the minimum");
    auto actual = t.add_int64_column("actual", "", "what the scenario has");
    auto met = t.add_int64_column("met", "", "1 when actual >= required");
    for (const ForceMinimum& f : check_force_minimums(prepared.scenario)) {
      measure.push(f.measure);
      check.push(f.check);
      scope.push(f.scope);
      what.push(f.what);
      unit.push(f.unit);
      required.push(f.required);
      actual.push(f.actual);
      met.push(f.met);
    }
  }
  if (prepared.flood) add_flood_results(file, *prepared.flood, *prepared.region, m);
  if (prepared.warning && !experiment.warning.empty()) {
    std::vector<WarningSummary> summaries;
    for (const WarningOutcome& o : experiment.warning) summaries.push_back(summarize_warning(*prepared.warning, o));
    add_warning_tables(file, *prepared.warning, summaries, experiment.replication_numbers, &experiment.warning, &m);
  }
  return file;
}

ResultsFile warning_view_results(const PreparedScenario& prepared, const ResponseExperiment& experiment,
                                 const std::string& command_line) {
  ResultsFile file;
  file.metadata = scenario_results_metadata(prepared.scenario, static_cast<std::int64_t>(experiment.replications.size()),
                                            command_line);
  std::vector<WarningSummary> summaries;
  for (const WarningOutcome& o : experiment.warning) summaries.push_back(summarize_warning(*prepared.warning, o));
  add_warning_tables(file, *prepared.warning, summaries, experiment.replication_numbers, &experiment.warning,
                     &prepared.model);
  return file;
}

}  // namespace dsim
