// SPDX-License-Identifier: MIT
#include "sim/warning/warning_model.hpp"

#include "sim/core/error.hpp"
#include "sim/network/region.hpp"
#include "sim/response/response_model.hpp"
#include "sim/warning/warning_spec.hpp"

#include <algorithm>
#include <cmath>

namespace dsim {

double road_capacity_vph(RoadClass road_class) {
  // One direction of the road, vehicles per hour: lanes by class times a
  // saturation flow of about 1,800-2,000 per lane (HCM), less on minor roads.
  switch (road_class) {
    case RoadClass::motorway: return 4000.0;
    case RoadClass::trunk: return 3600.0;
    case RoadClass::primary: return 1800.0;
    case RoadClass::secondary: return 1500.0;
    case RoadClass::tertiary: return 1200.0;
    case RoadClass::unclassified: return 800.0;
    case RoadClass::residential: return 600.0;
    case RoadClass::living_street: return 300.0;
    case RoadClass::service: return 300.0;
    case RoadClass::track: return 200.0;
    case RoadClass::other: return 600.0;
  }
  return 600.0;
}

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& key, const std::string& expected,
                       const std::string& found = {}) {
  throw InputError(file, 0, key, expected, found);
}

int find_by_name(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

NodeId resolve(const Location& loc, const Region& region, const std::string& key, const std::string& file) {
  const RoadNetwork& net = region.network;
  switch (loc.kind) {
    case Location::Kind::node: {
      const auto n = net.find_node(loc.node_id);
      if (!n) fail(file, key + ".node", "a node id of the road network", std::to_string(loc.node_id));
      return *n;
    }
    case Location::Kind::coordinate:
      if (!net.has_coordinates()) fail(file, key, "a node id: this network has no coordinates");
      if (!region_covers(net, loc.lon, loc.lat)) fail(file, key, "a coordinate inside the road network");
      return net.nearest_node(loc.lon, loc.lat);
    case Location::Kind::zone: {
      double x = 0.0, y = 0.0;
      std::size_t count = 0;
      for (std::size_t v = 0; v < region.node_zone.size(); ++v) {
        if (region.node_zone[v] < 0 || region.zones[static_cast<std::size_t>(region.node_zone[v])].id != loc.zone) continue;
        x += net.x_m(NodeId{static_cast<std::uint32_t>(v)});
        y += net.y_m(NodeId{static_cast<std::uint32_t>(v)});
        ++count;
      }
      if (count == 0) fail(file, key + ".zone", "a zone of the region with road nodes in it", loc.zone);
      return net.nearest_node_xy(x / static_cast<double>(count), y / static_cast<double>(count));
    }
    case Location::Kind::place: {
      const auto it = region.places.find(loc.place);
      if (it == region.places.end()) fail(file, key + ".place", "a named place of the region", loc.place);
      return it->second;
    }
  }
  fail(file, key, "a location");
}

InfrastructureSet infrastructure_set(const std::vector<std::string>& names, const std::string& file,
                                     const std::string& key) {
  InfrastructureSet set = 0;
  for (const std::string& name : names) {
    const int k = infrastructure_index(name);
    if (k < 0) fail(file, key, "power, mobile, broadcast or landline", name);
    set |= infrastructure_bit(static_cast<Infrastructure>(k));
  }
  return set;
}

// The units (crews) of a team of the forces, in crew order.
std::vector<int> team_units(const ResponseModel* forces, const std::string& team, const std::string& file,
                            const std::string& key) {
  if (forces == nullptr) fail(file, key, "a team of the forces (this run has no forces section)", team);
  std::vector<int> units;
  for (std::size_t u = 0; u < forces->units.size(); ++u) {
    const std::string& id = forces->units[u].id;
    if (id == team || (id.size() > team.size() && id.compare(0, team.size(), team) == 0 && id[team.size()] == '#'))
      units.push_back(static_cast<int>(u));
  }
  if (units.empty()) fail(file, key, "the id of a team under teams", team);
  return units;
}

}  // namespace

WarningModel build_warning_model(const WarningSpec& spec, const Region& region, double horizon_s,
                                 const std::string& file, const ResponseModel* forces) {
  WarningModel m;
  if (forces != nullptr) m.outages = forces->outages;
  m.call_needs = infrastructure_set(spec.call_needs, file, "warning.call_needs");
  if (spec.fallback_delay_s) m.fallback_delay_s = *spec.fallback_delay_s;
  m.shared_forces = spec.shared_forces;
  m.detection_latency_s = spec.detection_latency_s;
  m.issue_at_s = spec.issue_at_s;
  m.issue_delay_s = spec.issue_delay_s;
  m.start_hour = spec.start_hour;
  m.household_size = spec.household_size;
  m.acknowledgement_target_s = spec.acknowledgement_target_s;
  m.feedback_delay_s = spec.feedback_delay_s;
  m.walk_speed_mps = spec.walk_speed_mps;
  m.instant_evacuation = spec.instant_evacuation;
  m.report_step_s = spec.report_step_s;
  m.horizon_s = horizon_s;

  std::vector<std::string> group_names;
  for (const WarningGroupSpec& g : spec.groups) {
    WarningGroup wg;
    wg.name = g.name;
    wg.awake_share = g.awake_share;
    wg.compliance = g.compliance;
    wg.preparation_s = g.preparation_s;
    wg.vehicle_share = g.vehicle_share;
    m.groups.push_back(wg);
    group_names.push_back(g.name);
  }

  // Warning zones: the populated zones, in the order the section lists them.
  std::vector<std::string> zone_names;
  for (std::size_t i = 0; i < spec.population.size(); ++i) {
    const ZonePopulationSpec& p = spec.population[i];
    const std::string key = "warning.population[" + std::to_string(i) + "]";
    int region_zone = -1;
    for (std::size_t z = 0; z < region.zones.size(); ++z)
      if (region.zones[z].id == p.zone) region_zone = static_cast<int>(z);
    if (region_zone < 0) fail(file, key + ".zone", "a zone of the region", p.zone);
    WarningZone wz;
    wz.id = p.zone;
    wz.name = region.zones[static_cast<std::size_t>(region_zone)].name;
    wz.region_zone = region_zone;
    for (std::size_t v = 0; v < region.node_zone.size(); ++v)
      if (region.node_zone[v] == region_zone) wz.nodes.push_back(NodeId{static_cast<std::uint32_t>(v)});
    wz.people.assign(m.groups.size(), 0);
    std::int64_t total = 0;
    for (const auto& [group, people] : p.people) {
      const int g = find_by_name(group_names, group);
      if (g < 0) fail(file, key + ".people." + group, "a group defined under warning.groups", group);
      wz.people[static_cast<std::size_t>(g)] = people;
      total += people;
    }
    if (total > 0 && wz.nodes.empty()) fail(file, key + ".zone", "a zone with road nodes for its people to live at", p.zone);
    m.zones.push_back(std::move(wz));
    zone_names.push_back(p.zone);
  }

  for (std::size_t i = 0; i < spec.channels.size(); ++i) {
    const WarningChannelSpec& c = spec.channels[i];
    const std::string key = "warning.channels[" + std::to_string(i) + "]";
    WarningChannel wc;
    wc.name = c.name;
    wc.reach.assign(m.groups.size(), 0.0);
    for (const auto& [group, share] : c.reach) {
      const int g = find_by_name(group_names, group);
      if (g < 0) fail(file, key + ".reach." + group, "a group defined under warning.groups", group);
      wc.reach[static_cast<std::size_t>(g)] = share;
    }
    wc.reach_asleep = c.reach_asleep;
    wc.delay_s = c.delay_s;
    if (!c.zones.empty()) {
      wc.covers_zone.assign(m.zones.size(), 0);
      for (const std::string& z : c.zones) {
        const int w = find_by_name(zone_names, z);
        if (w >= 0) wc.covers_zone[static_cast<std::size_t>(w)] = 1;  // a zone without people needs no warning
      }
    }
    wc.after_acknowledgement = c.after_acknowledgement;
    wc.calls_per_minute = c.calls_per_minute;
    wc.teams_per_zone = c.teams_per_zone;
    wc.households_per_team_hour = c.households_per_team_hour;
    wc.needs = infrastructure_set(c.needs, file, key + ".needs");
    for (std::size_t t = 0; t < c.teams.size(); ++t) {
      const KnockingTeamSpec& kt = c.teams[t];
      const std::string tkey = key + ".teams[" + std::to_string(t) + "]";
      const std::vector<int> units = team_units(forces, kt.team, file, tkey + ".team");
      if (wc.zone_units.empty()) wc.zone_units.resize(m.zones.size());
      for (const std::string& z : kt.zones) {
        const int w = find_by_name(zone_names, z);
        if (w < 0) fail(file, tkey + ".zones", "a zone listed under warning.population", z);
        auto& here = wc.zone_units[static_cast<std::size_t>(w)];
        here.insert(here.end(), units.begin(), units.end());
      }
    }
    m.channels.push_back(std::move(wc));
  }

  std::vector<std::string> person_ids;
  for (const ResponsiblePersonSpec& r : spec.responsible) person_ids.push_back(r.id);
  for (std::size_t i = 0; i < spec.responsible.size(); ++i) {
    const ResponsiblePersonSpec& r = spec.responsible[i];
    const std::string key = "warning.responsible[" + std::to_string(i) + "]";
    ResponsiblePerson p;
    p.id = r.id;
    p.role = r.role;
    for (const std::string& z : r.zones) {
      const int w = find_by_name(zone_names, z);
      if (w >= 0) p.zones.push_back(static_cast<std::size_t>(w));
    }
    p.answer_probability = r.answer_probability;
    p.retry_interval_s = r.retry_interval_s;
    p.attempts_before_escalation = r.attempts_before_escalation;
    p.max_attempts = r.max_attempts;
    if (!r.team.empty()) p.unit = team_units(forces, r.team, file, key + ".team").front();
    if (!r.escalate_to.empty()) {
      p.escalate_to = find_by_name(person_ids, r.escalate_to);
      if (p.escalate_to < 0) fail(file, key + ".escalate_to", "the id of a responsible person", r.escalate_to);
    }
    m.responsible.push_back(std::move(p));
  }

  for (std::size_t i = 0; i < spec.shelters.size(); ++i) {
    const ShelterSpec& s = spec.shelters[i];
    m.shelters.push_back({s.id, resolve(s.location, region, "warning.shelters[" + std::to_string(i) + "].location", file),
                          s.capacity_people});
  }
  return m;
}

}  // namespace dsim
