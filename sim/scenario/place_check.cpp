// SPDX-License-Identifier: MIT
// The places a scenario names, checked once its region is loaded.
#include "sim/scenario/scenario_reader.hpp"

#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/logistics/logistics_spec.hpp"
#include "sim/response/chemical_spec.hpp"
#include "sim/response/fire_spec.hpp"
#include "sim/warning/warning_spec.hpp"

#include <algorithm>
#include <set>

namespace dsim {

using detail::find_position;
using detail::item_path;
using detail::joined;
using detail::number_text;
using detail::Pos;
using detail::quote_text;
using Severity = ScenarioProblem::Severity;

std::vector<ScenarioProblem> check_scenario_places(const Scenario& scenario, const KnownPlaces& places) {
  // Positions are those the reader kept; a scenario built in code has none.
  const auto& where = scenario.source_positions;
  std::vector<ScenarioProblem> problems;
  const auto add = [&](Severity severity, const std::string& path, std::string expected, std::string found,
                       std::string suggestion = {}, std::string note = {}) {
    const Pos pos = find_position(where, path);
    problems.push_back({severity, scenario.source_path, pos.line, pos.column, path, std::move(expected),
                        std::move(found), std::move(suggestion), std::move(note)});
  };
  const std::set<std::string> zone_set(places.zone_ids.begin(), places.zone_ids.end());
  const auto check_location = [&](const Location& loc, const std::string& path) {
    switch (loc.kind) {
      case Location::Kind::node:
        if (places.has_node && !places.has_node(loc.node_id))
          add(Severity::error, path + ".node", "the id of a node of the road network", std::to_string(loc.node_id));
        break;
      case Location::Kind::zone:
        if (!zone_set.count(loc.zone))
          add(Severity::error, path + ".zone", "the id of a zone of the region (" + joined(places.zone_ids) + ")",
              quote_text(loc.zone), nearest_name(loc.zone, places.zone_ids));
        break;
      case Location::Kind::place:
        if (places.has_place && !places.has_place(loc.place))
          add(Severity::error, path + ".place", "the name of a place of the region", quote_text(loc.place));
        break;
      case Location::Kind::coordinate:
        if (places.covers && !places.covers(loc.lon, loc.lat))
          add(Severity::error, path, "a place inside the region's road network",
              "lon " + number_text(loc.lon) + ", lat " + number_text(loc.lat));
        break;
    }
  };
  for (std::size_t i = 0; i < scenario.stations.size(); ++i)
    check_location(scenario.stations[i].location, item_path("stations", i) + ".location");
  for (std::size_t i = 0; i < scenario.incidents.size(); ++i)
    check_location(scenario.incidents[i].location, item_path("incident_list", i) + ".location");
  if (!places.zone_ids.empty()) {
    for (const auto& [zone, banner] : scenario.region.zone_banner) {
      if (zone_set.count(zone)) continue;
      add(Severity::error, "region.banners." + banner, "the id of a zone of the region (" + joined(places.zone_ids) + ")",
          quote_text(zone), nearest_name(zone, places.zone_ids));
    }
  }
  for (std::size_t i = 0; i < scenario.outages.size(); ++i) {
    const OutageSpec& o = scenario.outages[i];
    if (o.at) check_location(*o.at, item_path("outages", i) + ".at");
    for (std::size_t k = 0; k < o.zones.size() && !places.zone_ids.empty(); ++k) {
      if (zone_set.count(o.zones[k])) continue;
      add(Severity::error, item_path(item_path("outages", i) + ".zones", k),
          "the id of a zone of the region (" + joined(places.zone_ids) + ")", quote_text(o.zones[k]),
          nearest_name(o.zones[k], places.zone_ids));
    }
  }
  if (scenario.fire) {
    for (std::size_t i = 0; i < scenario.fire->ignitions.size(); ++i)
      check_location(scenario.fire->ignitions[i].at, item_path("fire.ignitions", i) + ".at");
    for (std::size_t i = 0; i < scenario.fire->firebreaks.size(); ++i) {
      check_location(scenario.fire->firebreaks[i].from, item_path("fire.firebreaks", i) + ".from");
      check_location(scenario.fire->firebreaks[i].to, item_path("fire.firebreaks", i) + ".to");
    }
  }
  if (scenario.chemical) {
    for (std::size_t i = 0; i < scenario.chemical->releases.size(); ++i)
      check_location(scenario.chemical->releases[i].at, item_path("chemical.releases", i) + ".at");
    for (const auto& [zone, action] : scenario.chemical->protective_action.zones) {
      if (places.zone_ids.empty() || zone_set.count(zone)) continue;
      add(Severity::error, "chemical.protective_action.zones." + zone,
          "the id of a zone of the region (" + joined(places.zone_ids) + ")", quote_text(zone),
          nearest_name(zone, places.zone_ids));
    }
  }
  if (scenario.logistics) {
    for (std::size_t i = 0; i < scenario.logistics->depots.size(); ++i)
      check_location(scenario.logistics->depots[i].location, item_path("logistics.depots", i) + ".location");
  }
  for (std::size_t i = 0; i < scenario.road_closures.size(); ++i) {
    const RoadClosureSpec& c = scenario.road_closures[i];
    if (c.at) check_location(*c.at, item_path("road_closures", i) + ".at");
    if (c.from) check_location(*c.from, item_path("road_closures", i) + ".from");
    if (c.to) check_location(*c.to, item_path("road_closures", i) + ".to");
  }
  for (std::size_t i = 0; i < scenario.generators.size(); ++i) {
    const IncidentGeneratorSpec& g = scenario.generators[i];
    const std::string path = item_path("incidents", i);
    for (std::size_t k = 0; k < g.zones.size(); ++k) {
      if (zone_set.count(g.zones[k])) continue;
      add(Severity::error, item_path(path + ".zones", k), "the id of a zone of the region (" + joined(places.zone_ids) + ")",
          quote_text(g.zones[k]), nearest_name(g.zones[k], places.zone_ids));
    }
    if (places.zone_types.size() != places.zone_ids.size()) continue;
    for (std::size_t k = 0; k < g.zone_types.size(); ++k) {
      if (std::find(places.zone_types.begin(), places.zone_types.end(), g.zone_types[k]) != places.zone_types.end())
        continue;
      add(Severity::warning, item_path(path + ".zone_types", k), "a zone type the region has", quote_text(g.zone_types[k]),
          {}, "this generator makes no incidents there");
    }
  }
  if (scenario.warning) {
    // The warning section: populated zones the region has, with roads to live on; shelters and the front's origin.
    const WarningSpec& w = *scenario.warning;
    for (std::size_t i = 0; i < w.population.size(); ++i) {
      const ZonePopulationSpec& p = w.population[i];
      const std::string path = item_path("warning.population", i) + ".zone";
      if (!zone_set.count(p.zone)) {
        add(Severity::error, path, "the id of a zone of the region (" + joined(places.zone_ids) + ")", quote_text(p.zone),
            nearest_name(p.zone, places.zone_ids));
        continue;
      }
      std::int64_t people = 0;
      for (const auto& entry : p.people) people += entry.second;
      if (people > 0 && places.zone_has_roads && !places.zone_has_roads(p.zone))
        add(Severity::error, path, "a zone with road nodes for its people to live at", quote_text(p.zone), {},
            "people where no road runs can be neither reached nor evacuated");
    }
    for (std::size_t i = 0; i < w.shelters.size(); ++i)
      check_location(w.shelters[i].location, item_path("warning.shelters", i) + ".location");
    if (w.front) check_location(w.front->origin, "warning.hazard.front.origin");
  }
  std::stable_sort(problems.begin(), problems.end(), [](const ScenarioProblem& a, const ScenarioProblem& b) {
    return std::make_pair(a.line, a.column) < std::make_pair(b.line, b.column);
  });
  return problems;
}

}  // namespace dsim
