// SPDX-License-Identifier: MIT
#include "sim/response/model_builder.hpp"

#include "sim/core/error.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dsim {

namespace {

int index_of(std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<int>(it - names.begin());
  names.push_back(name);
  return static_cast<int>(names.size()) - 1;
}

int find_index(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

class Builder {
 public:
  Builder(const Scenario& s, const Region& r) : s_(s), r_(r) {}

  // Only the zones, to resolve locations against.
  NodeId locate(const Location& loc, const std::string& key) {
    if (m_.zones.empty()) zones();
    return resolve(loc, key);
  }

  ResponseModel build() {
    names();
    zones();
    stations();
    units();
    rules();
    generators();
    explicit_incidents();
    ladder();
    road_closures();
    outages();
    fire_circle();
    m_.call_delay_s = s_.plan.call_delay_s;
    m_.dispatch_delay_s = s_.plan.dispatch_delay_s;
    m_.mutual_aid = s_.plan.mutual_aid;
    m_.queue_when_busy = s_.plan.queue_when_busy;
    m_.flashover_kw = s_.plan.flashover_kw;
    m_.fire_heat_release_kw_m2 = s_.plan.fire_heat_release_kw_m2;
    m_.fire_area_max_m2 = s_.plan.fire_area_max_m2;
    m_.horizon_s = s_.horizon_s;
    m_.warmup_s = s_.warmup_s;
    m_.start_date = std::chrono::sys_days{s_.start_date};
    m_.start_clock_s = s_.start_clock_s;
    return std::move(m_);
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& expected, const std::string& found = {}) const {
    throw InputError(s_.source_path, 0, key, expected, found);
  }

  void names() {
    for (const ResponseRuleSpec& rule : s_.plan.rules) {
      index_of(m_.incident_types, rule.type);
      index_of(m_.severities, rule.severity);
    }
    for (const IncidentGeneratorSpec& g : s_.generators) {
      index_of(m_.incident_types, g.type);
      for (const auto& [sev, share] : g.severity) index_of(m_.severities, sev);
    }
    for (const IncidentSpec& i : s_.incidents) {
      index_of(m_.incident_types, i.type);
      index_of(m_.severities, i.severity);
    }
    if (m_.severities.empty()) m_.severities.push_back("any");
    for (const StationSpec& st : s_.stations)
      if (!st.banner.empty()) index_of(m_.banners, st.banner);
    for (const auto& [zone, banner] : r_.zone_banner) index_of(m_.banners, banner);
  }

  void zones() {
    m_.node_zone = r_.node_zone;
    m_.zones.resize(r_.zones.size());
    for (std::size_t z = 0; z < r_.zones.size(); ++z) {
      ResponseModel::Zone& mz = m_.zones[z];
      mz.id = r_.zones[z].id;
      mz.type = std::string(zone_type_name(r_.zones[z].type));
      mz.population = static_cast<double>(r_.zones[z].population);
      auto b = r_.zone_banner.find(mz.id);
      mz.banner = b == r_.zone_banner.end() ? -1 : find_index(m_.banners, b->second);
    }
    for (std::size_t n = 0; n < m_.node_zone.size(); ++n)
      if (m_.node_zone[n] >= 0)
        m_.zones[static_cast<std::size_t>(m_.node_zone[n])].nodes.push_back(NodeId{static_cast<std::uint32_t>(n)});
  }

  int zone_by_id(const std::string& id, const std::string& key) const {
    for (std::size_t z = 0; z < m_.zones.size(); ++z)
      if (m_.zones[z].id == id) return static_cast<int>(z);
    std::string known;
    for (std::size_t z = 0; z < m_.zones.size() && z < 12; ++z) known += (z ? ", " : "") + m_.zones[z].id;
    if (m_.zones.size() > 12) known += ", ...";
    fail(key, "a zone of the region (" + known + ")", id);
  }

  NodeId resolve(const Location& loc, const std::string& key) const {
    switch (loc.kind) {
      case Location::Kind::node: {
        auto n = r_.network.find_node(loc.node_id);
        if (!n) fail(key + ".node", "a node id of the road network (outside the kept component?)",
                     std::to_string(loc.node_id));
        return *n;
      }
      case Location::Kind::coordinate: {
        if (!r_.network.has_coordinates()) fail(key, "a node id: this network has no coordinates");
        if (!region_covers(r_.network, loc.lon, loc.lat))
          fail(key, "a coordinate inside the road network's bounding box",
               std::to_string(loc.lon) + ", " + std::to_string(loc.lat));
        return r_.network.nearest_node(loc.lon, loc.lat);
      }
      case Location::Kind::zone: {
        // The zone's node nearest its centre of nodes.
        const int z = zone_by_id(loc.zone, key + ".zone");
        const auto& nodes = m_.zones[static_cast<std::size_t>(z)].nodes;
        if (nodes.empty()) fail(key + ".zone", "a zone with road nodes in it", loc.zone);
        double x = 0, y = 0;
        for (NodeId n : nodes) {
          x += r_.network.x_m(n);
          y += r_.network.y_m(n);
        }
        return r_.network.nearest_node_xy(x / static_cast<double>(nodes.size()), y / static_cast<double>(nodes.size()));
      }
      case Location::Kind::place: {
        auto it = r_.places.find(loc.place);
        if (it == r_.places.end()) fail(key + ".place", "a named place of the region", loc.place);
        return it->second;
      }
    }
    fail(key, "a location");
  }

  void stations() {
    for (std::size_t i = 0; i < s_.stations.size(); ++i) {
      const StationSpec& st = s_.stations[i];
      ResponseModel::Station ms;
      ms.id = st.id;
      ms.node = resolve(st.location, "stations[" + std::to_string(i) + "]");
      ms.banner = st.banner.empty() ? -1 : find_index(m_.banners, st.banner);
      m_.stations.push_back(ms);
    }
  }

  void units() {
    m_.vehicle_classes = {"standard"};
    for (const TeamSpec& team : s_.teams) index_of(m_.vehicle_classes, vehicle_class_of(team));
    if (m_.vehicle_classes.size() > 32) fail("teams", "at most 32 vehicle classes");
    for (std::size_t t = 0; t < s_.teams.size(); ++t) {
      const TeamSpec& team = s_.teams[t];
      const std::string key = "teams[" + std::to_string(t) + "]";
      int station = -1;
      for (std::size_t i = 0; i < m_.stations.size(); ++i)
        if (m_.stations[i].id == team.station) station = static_cast<int>(i);
      if (station < 0) fail(key + ".station", "the id of a station", team.station);
      CapabilitySet caps = 0;
      for (const std::string& c : team.capabilities) {
        const int k = capability_index(c);
        if (k < 0) fail(key + ".capabilities", "a known capability", c);
        caps |= CapabilitySet{1} << k;
      }
      double speed = 1.0;
      if (!team.vehicles.empty()) {
        speed = team.vehicles.front().speed_factor;
        for (const VehicleSpec& v : team.vehicles) speed = std::min(speed, v.speed_factor);
      }
      const int crews = std::max(1, team.crews);
      for (int k = 0; k < crews; ++k) {
        ResponseModel::Unit u;
        u.id = crews == 1 ? team.id : team.id + "#" + std::to_string(k + 1);
        u.team = static_cast<int>(t);
        u.station = station;
        u.level = team.level;
        u.people = team.size / crews + (k < team.size % crews ? 1 : 0);
        u.capabilities = caps;
        u.speed_factor = speed;
        u.vehicle_class = find_index(m_.vehicle_classes, vehicle_class_of(team));
        u.turnout_s = team.turnout_s;
        m_.units.push_back(u);
      }
    }
  }

  void rules() {
    m_.rules.assign(m_.incident_types.size() * m_.severities.size(), {});
    for (std::size_t i = 0; i < s_.plan.rules.size(); ++i) {
      const ResponseRuleSpec& spec = s_.plan.rules[i];
      const int type = find_index(m_.incident_types, spec.type);
      const int sev = find_index(m_.severities, spec.severity);
      ResponseModel::Rule& rule =
          m_.rules[static_cast<std::size_t>(type) * m_.severities.size() + static_cast<std::size_t>(sev)];
      rule.defined = true;
      rule.on_scene_s = spec.on_scene_s;
      for (const NeedSpec& need : spec.needs) {
        const int k = capability_index(need.capability);
        if (k < 0) fail("plan.responses." + spec.type + "." + spec.severity + ".needs", "a known capability",
                        need.capability);
        rule.needs.push_back({k, need.people});
      }
      // The second alarm adds its needs to the first's (the first alarm's again when the plan names none).
      rule.escalated_needs = rule.needs;
      std::vector<ResponseModel::Need> added = rule.needs;
      if (!spec.second_alarm_needs.empty()) {
        added.clear();
        for (const NeedSpec& need : spec.second_alarm_needs) {
          const int k = capability_index(need.capability);
          if (k < 0) fail("plan.responses." + spec.type + "." + spec.severity + ".second_alarm.needs",
                          "a known capability", need.capability);
          added.push_back({k, need.people});
        }
      }
      for (const ResponseModel::Need& need : added) {
        auto same = std::find_if(rule.escalated_needs.begin(), rule.escalated_needs.end(),
                                 [&](const ResponseModel::Need& n) { return n.capability == need.capability; });
        if (same != rule.escalated_needs.end()) same->people += need.people;
        else rule.escalated_needs.push_back(need);
      }
    }
  }

  void generators() {
    for (std::size_t g = 0; g < s_.generators.size(); ++g) {
      const IncidentGeneratorSpec& spec = s_.generators[g];
      const std::string key = "incidents[" + std::to_string(g) + "]";
      ResponseModel::Generator gen;
      gen.name = spec.name.empty() ? spec.type + "-" + std::to_string(g) : spec.name;
      gen.type = find_index(m_.incident_types, spec.type);
      gen.rate_per_s = spec.rate_per_day / 86'400.0;
      std::vector<int> chosen;
      for (const std::string& id : spec.zones) chosen.push_back(zone_by_id(id, key + ".zones"));
      if (spec.zones.empty()) {
        for (std::size_t z = 0; z < m_.zones.size(); ++z)
          if (spec.zone_types.empty() ||
              std::find(spec.zone_types.begin(), spec.zone_types.end(), m_.zones[z].type) != spec.zone_types.end())
            chosen.push_back(static_cast<int>(z));
      }
      double total = 0;
      for (int z : chosen) {
        const ResponseModel::Zone& zone = m_.zones[static_cast<std::size_t>(z)];
        if (zone.nodes.empty()) {
          if (!spec.zones.empty()) fail(key + ".zones", "zones with road nodes in them", zone.id);
          continue;
        }
        const double w = spec.weight_by_population ? zone.population : 1.0;
        if (!(w > 0.0)) continue;
        total += w;
        gen.zones.push_back(z);
        gen.zone_cumulative.push_back(total);
      }
      if (gen.zones.empty() && spec.rate_per_day > 0.0)
        fail(key + ".zones", "at least one zone with road nodes (and population, when weighting by it)");
      double mean = 0;
      bool any = false;
      for (double w : spec.hourly_weight) {
        mean += w / 24.0;
        any = any || w > 0;
      }
      for (std::size_t h = 0; h < 24; ++h) gen.hourly[h] = any ? spec.hourly_weight[h] / mean : 1.0;
      gen.hourly_max = *std::max_element(gen.hourly.begin(), gen.hourly.end());
      monthly_profile(spec, gen);
      double acc = 0;
      for (const auto& [sev, share] : spec.severity) {
        if (!(share > 0)) continue;
        acc += share;
        gen.severities.push_back(find_index(m_.severities, sev));
        gen.severity_cumulative.push_back(acc);
      }
      if (gen.severities.empty()) {
        gen.severities.push_back(0);
        gen.severity_cumulative.push_back(1.0);
      }
      acc = 0;
      for (const auto& [growth, share] : spec.fire_growth) {
        if (!(share > 0)) continue;
        const int gi = fire_growth_index(growth);
        if (gi < 0) fail(key + ".fire_growth", "slow, medium, fast or ultrafast", growth);
        acc += share;
        gen.growths.push_back(gi);
        gen.growth_cumulative.push_back(acc);
      }
      m_.generators.push_back(std::move(gen));
    }
  }

  // Scaled so that the mean over the days of a 365-day year is 1: `rate`
  // stays the annual mean rate.
  static void monthly_profile(const IncidentGeneratorSpec& spec, ResponseModel::Generator& gen) {
    constexpr double kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    double weighted_days = 0;  // a flat profile gives exactly 365 and then exactly 1 everywhere
    for (std::size_t m = 0; m < 12; ++m) weighted_days += spec.monthly_weight[m] * kDays[m];
    const double mean = weighted_days / 365.0;
    for (std::size_t m = 0; m < 12; ++m) gen.monthly[m] = mean > 0 ? spec.monthly_weight[m] / mean : 1.0;
    gen.monthly_max = *std::max_element(gen.monthly.begin(), gen.monthly.end());
  }

  void explicit_incidents() {
    for (std::size_t i = 0; i < s_.incidents.size(); ++i) {
      const IncidentSpec& spec = s_.incidents[i];
      const std::string key = "incident_list[" + std::to_string(i) + "]";
      ResponseModel::ExplicitIncident e;
      e.time_s = spec.time_s;
      e.type = find_index(m_.incident_types, spec.type);
      e.severity = find_index(m_.severities, spec.severity.empty() ? m_.severities.front() : spec.severity);
      e.node = resolve(spec.location, key + ".location");
      e.zone = m_.node_zone.empty() ? -1 : m_.node_zone[index(e.node)];
      e.growth = spec.fire_growth.empty() ? -1 : fire_growth_index(spec.fire_growth);
      e.name = spec.name.empty() ? key : spec.name;
      if (!spec.fire_growth.empty() && e.growth < 0)
        fail(key + ".fire_growth", "slow, medium, fast or ultrafast", spec.fire_growth);
      m_.explicit_incidents.push_back(e);
    }
  }

  void ladder() {
    const std::vector<EscalationStepSpec> steps = s_.plan.escalation.empty() ? default_escalation() : s_.plan.escalation;
    m_.step_of_level.fill(-1);
    for (std::size_t k = 0; k < steps.size(); ++k) {
      ResponseModel::Step step;
      step.request_delay_s = steps[k].request_delay_s;
      for (TeamLevel level : steps[k].levels) {
        step.levels |= 1u << static_cast<int>(level);
        if (m_.step_of_level[static_cast<std::size_t>(level)] < 0)
          m_.step_of_level[static_cast<std::size_t>(level)] = static_cast<int>(k);
      }
      m_.escalation.push_back(step);
    }
  }

  // Types and zones named by plan.fire_circle that the scenario does not have are left out.
  void fire_circle() {
    const FireCircleSpec& spec = s_.plan.fire_circle;
    m_.fire_circle_type.assign(m_.incident_types.size(), false);
    for (const std::string& type : spec.incident_types) {
      const int t = find_index(m_.incident_types, type);
      if (t >= 0) m_.fire_circle_type[static_cast<std::size_t>(t)] = true;
    }
    m_.fire_circle_zone.assign(m_.zones.size(), false);
    for (std::size_t z = 0; z < m_.zones.size(); ++z)
      m_.fire_circle_zone[z] =
          std::find(spec.zone_types.begin(), spec.zone_types.end(), m_.zones[z].type) != spec.zone_types.end();
  }

  static std::string vehicle_class_of(const TeamSpec& team) {
    return team.vehicle_class.empty() ? "standard" : team.vehicle_class;
  }

  // Drill closures become pairs of changes (close at the start, reopen at the
  // end) on every edge they cover, in both directions of each road.
  void road_closures() {
    const RoadNetwork& net = r_.network;
    for (std::size_t i = 0; i < s_.road_closures.size(); ++i) {
      const RoadClosureSpec& spec = s_.road_closures[i];
      const std::string key = "road_closures[" + std::to_string(i) + "]";
      VehicleClassSet classes = spec.vehicle_classes.empty() ? kAllVehicleClasses : 0;
      for (const std::string& name : spec.vehicle_classes) {
        const int c = find_index(m_.vehicle_classes, name);
        if (c < 0) {
          std::string known;
          for (const std::string& v : m_.vehicle_classes) known += (known.empty() ? "" : ", ") + v;
          fail(key + ".vehicle_classes", "a vehicle class of the teams (" + known + ")", name);
        }
        classes |= VehicleClassSet{1} << c;
      }
      std::vector<EdgeId> edges;
      if (spec.at) {
        const NodeId centre = resolve(*spec.at, key + ".at");
        const double cx = net.x_m(centre), cy = net.y_m(centre), r2 = spec.radius_m * spec.radius_m;
        auto inside = [&](NodeId n) {
          const double dx = net.x_m(n) - cx, dy = net.y_m(n) - cy;
          return n == centre || dx * dx + dy * dy <= r2;
        };
        for (std::uint32_t e = 0; e < net.edge_count(); ++e)
          if (inside(net.tail(EdgeId{e})) || inside(net.head(EdgeId{e}))) edges.push_back(EdgeId{e});
      } else if (spec.from && spec.to) {
        const NodeId from = resolve(*spec.from, key + ".from");
        const NodeId to = resolve(*spec.to, key + ".to");
        if (from == to) fail(key + ".to", "a place other than `from` (the road between them is closed)");
        Router router(net);
        const std::optional<Path> path = router.route(from, to);
        if (!path) fail(key + ".to", "a place reachable by road from `from`");
        for (EdgeId e : path->edges) {
          edges.push_back(e);
          if (net.twin(e) != kNoEdge) edges.push_back(net.twin(e));
        }
      }
      std::sort(edges.begin(), edges.end());
      edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
      for (EdgeId e : edges) {
        m_.road_changes.push_back({spec.start_s, e, true, classes});
        if (std::isfinite(spec.end_s)) m_.road_changes.push_back({spec.end_s, e, false, classes});
      }
    }
    std::stable_sort(m_.road_changes.begin(), m_.road_changes.end(),
                     [](const RoadChange& a, const RoadChange& b) { return a.time_s < b.time_s; });
    if (!m_.road_changes.empty()) m_.network = &r_.network;
  }

  // Outages by zone: the zones listed, or those with a road node within the radius.
  void outages() {
    const RoadNetwork& net = r_.network;
    m_.outages = OutageMap(m_.zones.size());
    for (std::size_t i = 0; i < s_.outages.size(); ++i) {
      const OutageSpec& spec = s_.outages[i];
      const std::string key = "outages[" + std::to_string(i) + "]";
      InfrastructureSet what = 0;
      for (const std::string& name : spec.what) {
        const int k = infrastructure_index(name);
        if (k < 0) fail(key + ".what", "power, mobile, broadcast or landline", name);
        what |= infrastructure_bit(static_cast<Infrastructure>(k));
      }
      std::vector<int> zones;
      for (const std::string& id : spec.zones) zones.push_back(zone_by_id(id, key + ".zones"));
      if (spec.at) {
        const NodeId centre = resolve(*spec.at, key + ".at");
        const double cx = net.x_m(centre), cy = net.y_m(centre), r2 = spec.radius_m * spec.radius_m;
        for (std::size_t z = 0; z < m_.zones.size(); ++z) {
          for (NodeId n : m_.zones[z].nodes) {
            const double dx = net.x_m(n) - cx, dy = net.y_m(n) - cy;
            if (dx * dx + dy * dy <= r2) {
              zones.push_back(static_cast<int>(z));
              break;
            }
          }
        }
      }
      for (int z : zones) m_.outages.add(static_cast<std::size_t>(z), {what, spec.start_s, spec.end_s});
    }
  }

  const Scenario& s_;
  const Region& r_;
  ResponseModel m_;
};

}  // namespace

ResponseModel build_response_model(const Scenario& scenario, const Region& region) {
  return Builder(scenario, region).build();
}

NodeId resolve_location(const Scenario& scenario, const Region& region, const Location& location,
                        const std::string& key) {
  return Builder(scenario, region).locate(location, key);
}

}  // namespace dsim
