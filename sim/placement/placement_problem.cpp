// SPDX-License-Identifier: MIT
#include "sim/placement/placement_problem.hpp"

#include "sim/core/error.hpp"
#include "sim/network/csv_reader.hpp"
#include "sim/network/geodesy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>
#include <sstream>

namespace dsim {

namespace {

constexpr const char* kOptions = "placement options";

std::string node_label(const Region& region, NodeId node) {
  std::string label = "node " + std::to_string(region.network.external_id(node));
  const auto n = static_cast<std::size_t>(node);
  if (n < region.node_zone.size() && region.node_zone[n] >= 0)
    label += " (" + region.zones[static_cast<std::size_t>(region.node_zone[n])].id + ")";
  return label;
}

int zone_of(const Region& region, NodeId node) {
  const auto n = static_cast<std::size_t>(node);
  return n < region.node_zone.size() ? region.node_zone[n] : -1;
}

ZoneType require_zone_type(const std::string& name, const std::string& key) {
  ZoneType t{};
  if (!parse_zone_type(name, t))
    throw InputError(kOptions, 0, key, "a zone type: built_up, industrial_park, village or grassland", name);
  return t;
}

// Nodes of each zone, in node order.
std::vector<std::vector<NodeId>> nodes_by_zone(const Region& region) {
  std::vector<std::vector<NodeId>> out(region.zones.size());
  for (std::size_t n = 0; n < region.node_zone.size(); ++n)
    if (region.node_zone[n] >= 0)
      out[static_cast<std::size_t>(region.node_zone[n])].push_back(NodeId{static_cast<std::uint32_t>(n)});
  return out;
}

// One point of a demand or candidate CSV: by `node` (external id) or by
// `lon`,`lat` snapped to the nearest node.
NodeId csv_point(const detail::CsvReader& csv, int node_col, int lon_col, int lat_col, const Region& region) {
  const RoadNetwork& net = region.network;
  if (node_col >= 0 && !csv.field(node_col).empty()) {
    const std::int64_t id = csv.int64_at(node_col);
    const auto node = net.find_node(id);
    if (!node) csv.fail(node_col, "a node id of the road network");
    return *node;
  }
  if (lon_col < 0 || lat_col < 0) csv.fail(node_col, "a node id, or the columns lon and lat");
  const double lon = csv.double_at(lon_col), lat = csv.double_at(lat_col);
  if (!net.has_coordinates()) csv.fail(lon_col, "node ids: this network has no coordinates");
  if (!std::isfinite(lon) || lon < -180.0 || lon > 180.0) csv.fail(lon_col, "a longitude in [-180, 180]");
  if (!std::isfinite(lat) || lat < -90.0 || lat > 90.0) csv.fail(lat_col, "a latitude in [-90, 90]");
  if (!region_covers(net, lon, lat)) csv.fail(lon_col, "a point on the region's road network (within its bounds)");
  return net.nearest_node(lon, lat);
}

struct CsvColumns {
  int node = -1, lon = -1, lat = -1;
};

CsvColumns point_columns(const detail::CsvReader& csv) {
  CsvColumns c{csv.find_column("node"), csv.find_column("lon"), csv.find_column("lat")};
  if (c.node < 0 && (c.lon < 0 || c.lat < 0))
    throw InputError(csv.file(), 1, "header", "a column `node`, or the columns `lon` and `lat`");
  return c;
}

std::vector<PlacementProblem::Demand> demand_from_csv(const std::string& path, const Region& region) {
  detail::CsvReader csv(path);
  const CsvColumns c = point_columns(csv);
  const int weight = csv.require_column("weight");
  const int limit = csv.find_column("limit_s");
  std::vector<PlacementProblem::Demand> out;
  while (csv.next_row()) {
    PlacementProblem::Demand d;
    d.node = csv_point(csv, c.node, c.lon, c.lat, region);
    d.weight = csv.double_at(weight);
    if (!std::isfinite(d.weight) || d.weight < 0.0) csv.fail(weight, "a weight >= 0");
    d.limit_s = std::numeric_limits<double>::quiet_NaN();
    if (limit >= 0 && !csv.field(limit).empty()) {
      d.limit_s = csv.double_at(limit);
      if (!std::isfinite(d.limit_s) || d.limit_s <= 0.0) csv.fail(limit, "a time limit in seconds > 0");
    }
    d.zone = zone_of(region, d.node);
    d.label = std::filesystem::path(path).filename().string() + " line " + std::to_string(csv.line_number()) +
              " (" + node_label(region, d.node) + ")";
    out.push_back(std::move(d));
  }
  if (out.empty()) throw InputError(path, 0, "", "at least one demand point");
  return out;
}

std::vector<PlacementProblem::Demand> demand_from_zones(const PlacementOptions& o, const Region& region,
                                                        const std::vector<std::vector<NodeId>>& zone_nodes) {
  std::set<ZoneType> types;
  for (const std::string& t : o.demand_zone_types) types.insert(require_zone_type(t, "demand_zone_types"));
  for (const auto& [t, w] : o.risk_weight) {
    require_zone_type(t, "risk_weight");
    if (!std::isfinite(w) || w < 0.0)
      throw InputError(kOptions, 0, "risk_weight." + t, "a weight >= 0", std::to_string(w));
  }
  double population = 0.0;
  std::size_t zones_with_nodes = 0;
  for (std::size_t z = 0; z < region.zones.size(); ++z) {
    if (!types.count(region.zones[z].type) || zone_nodes[z].empty()) continue;
    population += static_cast<double>(std::max<std::int64_t>(region.zones[z].population, 0));
    ++zones_with_nodes;
  }
  std::vector<PlacementProblem::Demand> out;
  for (std::size_t z = 0; z < region.zones.size(); ++z) {
    const Zone& zone = region.zones[z];
    if (!types.count(zone.type) || zone_nodes[z].empty()) continue;
    // Zones without population figures share the demand equally.
    const double share = population > 0.0 ? static_cast<double>(std::max<std::int64_t>(zone.population, 0)) / population
                                           : 1.0 / static_cast<double>(zones_with_nodes);
    const std::string type(zone_type_name(zone.type));
    const auto risk = o.risk_weight.find(type);
    const double w = share * (risk == o.risk_weight.end() ? 1.0 : risk->second) /
                     static_cast<double>(zone_nodes[z].size());
    for (NodeId n : zone_nodes[z]) {
      PlacementProblem::Demand d;
      d.node = n;
      d.weight = w;
      d.limit_s = std::numeric_limits<double>::quiet_NaN();
      d.zone = static_cast<int>(z);
      d.label = node_label(region, n);
      out.push_back(std::move(d));
    }
  }
  if (out.empty())
    throw InputError(kOptions, 0, "demand_zone_types",
                     "zone types that the region has and whose zones have road nodes");
  return out;
}

// Mean turnout of a station's fastest team, or the default when it has none.
double station_turnout_s(const Scenario& scenario, const std::string& station, double fallback_s) {
  double best = std::numeric_limits<double>::infinity();
  for (const TeamSpec& t : scenario.teams)
    if (t.station == station) best = std::min(best, t.turnout_s.mean());
  return std::isfinite(best) ? best : fallback_s;
}

NodeId station_node(const StationSpec& s, const Region& region, const Scenario& scenario, std::size_t index) {
  const RoadNetwork& net = region.network;
  const std::string key = "stations[" + std::to_string(index) + "].location";
  switch (s.location.kind) {
    case Location::Kind::node: {
      const auto n = net.find_node(s.location.node_id);
      if (!n)
        throw InputError(scenario.source_path, 0, key, "a node id of the road network",
                         std::to_string(s.location.node_id));
      return *n;
    }
    case Location::Kind::coordinate: return net.nearest_node(s.location.lon, s.location.lat);
    case Location::Kind::place: {
      const auto it = region.places.find(s.location.place);
      if (it == region.places.end())
        throw InputError(scenario.source_path, 0, key, "a named place of the region", s.location.place);
      return it->second;
    }
    case Location::Kind::zone: break;
  }
  throw InputError(scenario.source_path, 0, key, "a node or a coordinate (not a zone)", s.location.zone);
}

}  // namespace

PlacementProblem build_placement_problem(const Scenario& scenario, const Region& region, const PlacementOptions& o) {
  if (!std::isfinite(o.limit_s) || o.limit_s <= 0.0)
    throw InputError(kOptions, 0, "limit_s", "a time limit in seconds > 0", std::to_string(o.limit_s));
  if (!std::isfinite(o.default_turnout_s) || o.default_turnout_s < 0.0)
    throw InputError(kOptions, 0, "turnout_s", "a turnout in seconds >= 0", std::to_string(o.default_turnout_s));
  if (o.candidate_stride == 0) throw InputError(kOptions, 0, "candidate_stride", "an integer >= 1", "0");
  for (const auto& [t, limit] : o.limit_s_by_zone_type) {
    require_zone_type(t, "limit_s_by_zone_type");
    if (!std::isfinite(limit) || limit <= 0.0)
      throw InputError(kOptions, 0, "limit_s_by_zone_type." + t, "a time limit in seconds > 0", std::to_string(limit));
  }
  const std::vector<std::vector<NodeId>> zone_nodes = nodes_by_zone(region);

  PlacementProblem p;
  p.demand = o.demand_csv.empty() ? demand_from_zones(o, region, zone_nodes) : demand_from_csv(o.demand_csv, region);
  for (auto& d : p.demand) {
    if (!std::isnan(d.limit_s)) continue;  // set by the CSV
    d.limit_s = o.limit_s;
    if (d.zone >= 0) {
      const ZoneType type = region.zones[static_cast<std::size_t>(d.zone)].type;
      const auto it = o.limit_s_by_zone_type.find(std::string(zone_type_name(type)));
      if (it != o.limit_s_by_zone_type.end()) d.limit_s = it->second;
    }
  }

  // Existing stations first, so that their indices are stable.
  std::set<std::uint32_t> taken;
  for (std::size_t i = 0; i < scenario.stations.size(); ++i) {
    const StationSpec& s = scenario.stations[i];
    PlacementProblem::Site site;
    site.node = station_node(s, region, scenario, i);
    site.turnout_s = station_turnout_s(scenario, s.id, o.default_turnout_s);
    site.fixed = !o.existing_may_close;
    site.station = static_cast<int>(i);
    site.label = s.id;
    p.existing_sites.push_back(static_cast<std::uint32_t>(p.sites.size()));
    p.sites.push_back(std::move(site));
    taken.insert(static_cast<std::uint32_t>(p.sites.back().node));
  }

  // New candidates: one per node, never on a node that already has a station.
  auto add_candidate = [&](NodeId n) {
    if (!taken.insert(static_cast<std::uint32_t>(n)).second) return;
    PlacementProblem::Site site;
    site.node = n;
    site.turnout_s = o.default_turnout_s;
    site.label = node_label(region, n);
    p.sites.push_back(std::move(site));
  };
  auto add_zone = [&](std::size_t z) {
    const auto& nodes = zone_nodes[z];
    for (std::size_t k = 0; k < nodes.size(); k += o.candidate_stride) add_candidate(nodes[k]);
  };
  const bool any_candidates = !o.candidate_zones.empty() || !o.candidate_zone_types.empty() || !o.candidate_csv.empty();
  for (std::size_t i = 0; i < o.candidate_zones.size(); ++i) {
    const std::string& id = o.candidate_zones[i];
    const auto it = std::find_if(region.zones.begin(), region.zones.end(), [&](const Zone& z) { return z.id == id; });
    if (it == region.zones.end())
      throw InputError(kOptions, 0, "candidate_zones[" + std::to_string(i) + "]", "a zone id of the region", id);
    add_zone(static_cast<std::size_t>(it - region.zones.begin()));
  }
  std::set<ZoneType> candidate_types;
  for (const std::string& t : o.candidate_zone_types)
    candidate_types.insert(require_zone_type(t, "candidate_zone_types"));
  if (!any_candidates && o.demand_csv.empty())
    for (const std::string& t : o.demand_zone_types) candidate_types.insert(require_zone_type(t, "demand_zone_types"));
  if (!any_candidates && !o.demand_csv.empty())
    for (std::size_t k = 0; k < p.demand.size(); k += o.candidate_stride) add_candidate(p.demand[k].node);
  for (std::size_t z = 0; z < region.zones.size(); ++z)
    if (candidate_types.count(region.zones[z].type)) add_zone(z);
  if (!o.candidate_csv.empty()) {
    detail::CsvReader csv(o.candidate_csv);
    const CsvColumns c = point_columns(csv);
    bool any_row = false;
    while (csv.next_row()) {
      any_row = true;
      add_candidate(csv_point(csv, c.node, c.lon, c.lat, region));
    }
    if (!any_row) throw InputError(o.candidate_csv, 0, "", "at least one candidate site");
  }

  std::vector<CandidateSite> sites;
  for (const auto& s : p.sites) sites.push_back({s.node, s.turnout_s, s.fixed});
  std::vector<DemandPoint> demand;
  for (const auto& d : p.demand) demand.push_back({d.node, d.weight, d.limit_s});
  CoverageBuildOptions build;
  build.threads = o.threads;
  build.on_progress = o.on_progress;
  p.matrix = build_coverage_matrix(region.network, sites, demand, build);
  // Labels, so that an infeasible LSCP names its points.
  std::vector<std::string> labels;
  labels.reserve(p.demand.size());
  for (const auto& d : p.demand) labels.push_back(d.label);
  p.matrix.set_labels(std::move(labels));
  return p;
}

std::vector<std::uint8_t> covered_demand(const PlacementProblem& problem,
                                         const std::vector<std::uint32_t>& open_sites) {
  std::vector<std::uint8_t> covered(problem.matrix.demand_count(), 0);
  auto mark = [&](std::uint32_t s) {
    for (std::uint32_t d : problem.matrix.covered_by(s)) covered[d] = 1;
  };
  for (std::uint32_t s : problem.matrix.fixed_sites()) mark(s);
  for (std::uint32_t s : open_sites) mark(s);
  return covered;
}

double existing_covered_share(const PlacementProblem& problem) {
  const std::vector<std::uint8_t> covered = covered_demand(problem, problem.existing_sites);
  double w = 0.0;
  for (std::uint32_t d = 0; d < covered.size(); ++d)
    if (covered[d]) w += problem.matrix.weight(d);
  return problem.matrix.total_weight() > 0.0 ? w / problem.matrix.total_weight() : 0.0;
}

TeamSpec team_template(const Scenario& scenario, const std::string& team_id) {
  if (!team_id.empty()) {
    for (const TeamSpec& t : scenario.teams)
      if (t.id == team_id) return t;
    throw InputError(kOptions, 0, "team_template", "the id of a team of the scenario", team_id);
  }
  for (const TeamSpec& t : scenario.teams)
    if (t.level == TeamLevel::community &&
        std::find(t.capabilities.begin(), t.capabilities.end(), "fire") != t.capabilities.end())
      return t;
  TeamSpec t;
  t.level = TeamLevel::community;
  t.size = 6;
  t.crews = 1;
  t.capabilities = {"fire"};
  t.turnout_s = Distribution::fixed(60.0);
  return t;
}

std::vector<PlannedStation> planned_stations(const Scenario& scenario, const Region& region,
                                             const PlacementProblem& problem, const SitingResult& plan,
                                             const TeamSpec& team) {
  std::set<std::string> ids;
  for (const auto& s : scenario.stations) ids.insert(s.id);
  for (const auto& t : scenario.teams) ids.insert(t.id);
  const RoadNetwork& net = region.network;
  std::vector<PlannedStation> out;
  int k = 0;
  for (std::uint32_t s : plan.new_sites) {
    const PlacementProblem::Site& site = problem.sites[s];
    if (site.station >= 0) continue;  // an existing station kept open
    std::string id;
    do id = "placed_" + std::to_string(++k);
    while (ids.count(id) || ids.count(id + "_team"));
    PlannedStation p;
    p.site = s;
    p.station.id = id;
    p.station.location.kind = Location::Kind::node;
    p.station.location.node_id = net.external_id(site.node);
    const int zone = zone_of(region, site.node);
    if (zone >= 0) {
      const auto banner = region.zone_banner.find(region.zones[static_cast<std::size_t>(zone)].id);
      if (banner != region.zone_banner.end()) p.station.banner = banner->second;
    }
    p.team = team;
    p.team.id = id + "_team";
    p.team.station = id;
    if (net.has_coordinates()) {
      p.lon = net.lon(site.node);
      p.lat = net.lat(site.node);
      double best = std::numeric_limits<double>::infinity();
      for (const auto& [name, node] : region.places) {
        const double d = haversine_m(p.lon, p.lat, net.lon(node), net.lat(node));
        if (d < best) {
          best = d;
          p.near = name;
        }
      }
      p.near_m = std::isfinite(best) ? best : 0.0;
      best = std::numeric_limits<double>::infinity();
      for (const PlacementProblem::Site& other : problem.sites) {
        if (other.station < 0) continue;
        const double d = haversine_m(p.lon, p.lat, net.lon(other.node), net.lat(other.node));
        if (d < best) {
          best = d;
          p.nearest_station = scenario.stations[static_cast<std::size_t>(other.station)].id;
        }
      }
      p.nearest_station_m = std::isfinite(best) ? best : 0.0;
    }
    p.station.name = p.near.empty() ? "New station " + std::to_string(k) : "New station near " + p.near;
    out.push_back(std::move(p));
  }
  return out;
}

Scenario add_planned_stations(Scenario scenario, const PlacementProblem& problem, const SitingResult& plan,
                              const std::vector<PlannedStation>& stations) {
  // Existing stations the plan did not keep (only possible when they may close).
  std::set<std::string> closed;
  const std::set<std::uint32_t> open(plan.sites.begin(), plan.sites.end());
  for (std::uint32_t s : problem.existing_sites)
    if (!open.count(s)) closed.insert(scenario.stations[static_cast<std::size_t>(problem.sites[s].station)].id);
  std::erase_if(scenario.stations, [&](const StationSpec& s) { return closed.count(s.id) > 0; });
  std::erase_if(scenario.teams, [&](const TeamSpec& t) { return closed.count(t.station) > 0; });
  for (const PlannedStation& p : stations) {
    scenario.stations.push_back(p.station);
    scenario.teams.push_back(p.team);
  }
  // The text no longer describes the scenario; positions in messages would mislead.
  scenario.source_text.clear();
  return scenario;
}

namespace {

std::string yaml_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string seconds(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g s", v);
  return buf;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string distribution_yaml(const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::fixed: return "{fixed: " + seconds(d.a) + "}";
    case Distribution::Kind::exponential: return "{exponential: {mean: " + seconds(d.a) + "}}";
    case Distribution::Kind::uniform: return "{uniform: {min: " + seconds(d.a) + ", max: " + seconds(d.b) + "}}";
    case Distribution::Kind::lognormal: return "{lognormal: {mean: " + seconds(d.a) + ", sd: " + seconds(d.b) + "}}";
    case Distribution::Kind::triangular:
      return "{triangular: {min: " + seconds(d.a) + ", mode: " + seconds(d.b) + ", max: " + seconds(d.c) + "}}";
  }
  return "{fixed: " + seconds(d.a) + "}";
}

}  // namespace

std::string planned_stations_yaml(const std::vector<PlannedStation>& stations, const std::string& header_comment) {
  std::ostringstream y;
  std::istringstream comment(header_comment);
  for (std::string line; std::getline(comment, line);) y << "# " << line << "\n";
  y << "stations:\n";
  if (stations.empty()) y << "  []\n";
  for (const PlannedStation& p : stations) {
    y << "  - id: " << p.station.id << "\n";
    y << "    name: " << yaml_quoted(p.station.name) << "\n";
    y << "    location: {node: " << p.station.location.node_id << "}";
    if (p.lon != 0.0 || p.lat != 0.0) y << "  # lon " << number(p.lon) << ", lat " << number(p.lat);
    if (!p.near.empty()) y << "; " << number(std::round(p.near_m)) << " m from " << p.near;
    if (!p.nearest_station.empty())
      y << "; nearest station " << p.nearest_station << " at " << number(std::round(p.nearest_station_m)) << " m";
    y << "\n";
    if (!p.station.banner.empty()) y << "    banner: " << yaml_quoted(p.station.banner) << "\n";
  }
  y << "teams:\n";
  if (stations.empty()) y << "  []\n";
  for (const PlannedStation& p : stations) {
    const TeamSpec& t = p.team;
    y << "  - id: " << t.id << "\n";
    y << "    station: " << t.station << "\n";
    y << "    level: " << team_level_name(t.level) << "\n";
    y << "    size: " << t.size << "\n";
    y << "    crews: " << t.crews << "\n";
    y << "    capabilities: [";
    for (std::size_t i = 0; i < t.capabilities.size(); ++i) y << (i ? ", " : "") << t.capabilities[i];
    y << "]\n";
    if (!t.vehicles.empty()) {
      y << "    vehicles:\n";
      for (const VehicleSpec& v : t.vehicles)
        y << "      - {type: " << yaml_quoted(v.type) << ", count: " << v.count
          << ", speed_factor: " << number(v.speed_factor) << "}\n";
    }
    y << "    turnout: " << distribution_yaml(t.turnout_s) << "\n";
  }
  return y.str();
}

}  // namespace dsim
