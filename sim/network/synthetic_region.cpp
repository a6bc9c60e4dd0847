// SPDX-License-Identifier: MIT
// The synthetic Ordos-like region (docs/synthetic-region.md). Everything is
// laid out in a local frame in metres (x east, y north, origin at
// kOriginLon/kOriginLat) and converted to degrees at the end. Each part of the
// region draws from its own named random stream, so that changing one part
// does not reshuffle the others.
#include "sim/network/synthetic_region.hpp"

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"
#include "sim/network/synthetic_region_parts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace dsim {

namespace {

using namespace detail::synthetic;

constexpr double kEarthRadiusM = 6371008.8;  // mean Earth radius (IUGG)
constexpr double kOriginLon = 109.93;
constexpr double kOriginLat = 39.72;
constexpr double kCoreNodes = 28600.0;         // what the core gives at detail 1 (measured)
constexpr double kLargestCoreNodes = 48000.0;  // beyond this, districts are added instead

// Size of the core region and of each district added around it.
constexpr double kTileWidthM = 30000.0;
constexpr double kTileHeightM = 38000.0;
constexpr double kCoreSouthM = -21000.0;  // the core tile spans y in [-21 km, 17 km]

// ---------------------------------------------------------------- frame

struct Frame {
  double m_per_deg_lat = kEarthRadiusM * kPi / 180.0;
  double m_per_deg_lon = kEarthRadiusM * kPi / 180.0 * std::cos(kOriginLat * kPi / 180.0);

  // Rounded to 1e-7 degrees, the precision the CSV files keep, so that what
  // is written reads back as the same numbers.
  LonLat to_lon_lat(Vec p) const {
    return {std::round((kOriginLon + p.x / m_per_deg_lon) * 1e7) / 1e7,
            std::round((kOriginLat + p.y / m_per_deg_lat) * 1e7) / 1e7};
  }
};

double haversine_m(LonLat a, LonLat b) {
  const double to_rad = kPi / 180.0;
  const double dlat = (b.lat - a.lat) * to_rad;
  const double dlon = (b.lon - a.lon) * to_rad;
  const double s1 = std::sin(0.5 * dlat);
  const double s2 = std::sin(0.5 * dlon);
  const double h = s1 * s1 + std::cos(a.lat * to_rad) * std::cos(b.lat * to_rad) * s2 * s2;
  return 2.0 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

// ---------------------------------------------------------------- the region

void add_zone(Builder& b, std::string id, std::string name, ZoneType type, std::int64_t population,
              std::vector<Vec> ring) {
  b.zones.push_back({std::move(id), std::move(name), type, population, std::move(ring)});
}

// Round to a multiple of `unit`, at least one unit.
std::int64_t round_people(double x, double unit) {
  return std::max<std::int64_t>(static_cast<std::int64_t>(unit),
                                static_cast<std::int64_t>(std::lround(x / unit)) * static_cast<std::int64_t>(unit));
}

// Grassland zones of a tile: its parts north and south of the river.
void add_grassland(Builder& b, const Rect& t, const std::string& id, const std::string& name, double people_per_km2,
                   RandomStream& rng) {
  const int samples = static_cast<int>((t.x1 - t.x0) / 250.0);
  for (int bank : {1, -1}) {
    std::vector<Vec> ring;
    double area_m2 = 0.0;
    bool any = false;
    std::vector<Vec> edge;
    for (int s = 0; s <= samples; ++s) {
      const double x = t.x0 + (t.x1 - t.x0) * s / samples;
      const double y = std::clamp(b.river.y_at(x), t.y0, t.y1);
      edge.push_back({x, y});
      const double share = bank > 0 ? t.y1 - y : y - t.y0;
      if (share > 1.0) any = true;
      if (s > 0) area_m2 += share * (t.x1 - t.x0) / samples;
    }
    if (!any) continue;
    if (bank > 0) {
      ring.push_back({t.x0, t.y1});
      ring.push_back({t.x1, t.y1});
      for (auto it = edge.rbegin(); it != edge.rend(); ++it) ring.push_back(*it);
    } else {
      ring.push_back({t.x1, t.y0});
      ring.push_back({t.x0, t.y0});
      ring.insert(ring.end(), edge.begin(), edge.end());
    }
    const double people = people_per_km2 * area_m2 / 1e6 * rng.uniform(0.8, 1.2);
    add_zone(b, id + (bank > 0 ? "_north" : "_south"), name + (bank > 0 ? " (north bank)" : " (south bank)"),
             ZoneType::grassland, round_people(people, 10.0), std::move(ring));
  }
}

// Villages scattered over a tile by dart throwing, at least 1.5 km from each
// other and from the towns, 1.1 km from the river, 0.9 km from the corridors.
void add_villages(Builder& b, const Rect& tile, int wanted, const std::string& prefix, int& village_counter,
                  RandomStream& rng, const std::vector<std::vector<Vec>>& corridors) {
  int made = 0;
  for (int attempt = 0; attempt < 4000 && made < wanted; ++attempt) {
    const Vec c{rng.uniform(tile.x0 + 1200.0, tile.x1 - 1200.0), rng.uniform(tile.y0 + 1200.0, tile.y1 - 1200.0)};
    if (b.river.clearance(c) < 1100.0) continue;
    if (b.area_distance(c, true) < 1500.0) continue;
    bool near_corridor = false;
    for (const auto& line : corridors)
      for (std::size_t i = 0; i + 1 < line.size() && !near_corridor; ++i)
        if (distance_to_segment(c, line[i], line[i + 1]) < 900.0) near_corridor = true;
    if (near_corridor) continue;
    ++village_counter;
    char id[32];
    std::snprintf(id, sizeof id, "%s%03d", prefix.c_str(), village_counter);
    const std::string name = place_name(rng, true) + " Gacha";
    Village v = build_village(b, rng, c, id, name);
    std::vector<Vec> ring;
    for (int q = 0; q < 12; ++q) ring.push_back(c + polar(v.radius_m, 2.0 * kPi * q / 12.0 + 0.13));
    b.areas.emplace_back(ring, true);
    add_zone(b, v.id, v.name, ZoneType::village, v.population, ring);
    b.landmarks.push_back({v.id + "_centre", v.name + " centre", LandmarkKind::village_centre, v.id, v.centre_node});
    b.rural_points.push_back({c, v.centre_node, b.next_group++, false});
    ++made;
  }
}

// A rural bridge at x: two abutments joined across the river, each a point of
// the rural network of its bank.
void add_rural_bridge(Builder& b, double x, const std::string& name) {
  const auto north = b.node(b.river.bank_point(x, 1, 45.0));
  const auto south = b.node(b.river.bank_point(x, -1, 45.0));
  b.road({north, south}, {RoadClass::tertiary, 60.0, false, true, name});
  b.rural_points.push_back({b.pts[north], north, b.next_group++, true});
  b.rural_points.push_back({b.pts[south], south, b.next_group++, true});
}

std::vector<Vec> trunk_line(Builder& b, RandomStream& rng, Vec a, Vec c, double bend) {
  const Vec mid = lerp(a, c, 0.5) + (bend * norm(c - a)) * perp(unit(c - a));
  auto line = catmull_rom({a, lerp(a, mid, 0.5) + rng.uniform(-200.0, 200.0) * perp(unit(c - a)), mid,
                           lerp(mid, c, 0.5) + rng.uniform(-200.0, 200.0) * perp(unit(c - a)), c},
                          40);
  return resample(line, b.spacing(100.0));
}

// A trunk road from node a to node c; every ~2.5 km a point the rural roads may join.
void add_trunk(Builder& b, RandomStream& rng, std::uint32_t a, std::uint32_t c, double bend,
               const std::string& bridge_name) {
  const auto line = trunk_line(b, rng, b.pts[a], b.pts[c], bend);
  std::vector<Vec> inner(line.begin() + 1, line.end() - 1);
  std::vector<std::uint32_t> ids{a};
  for (auto n : b.nodes_along(inner, false)) ids.push_back(n);
  ids.push_back(c);
  b.road(ids, {RoadClass::trunk, 80.0, true, true, bridge_name});
  const int group = b.next_group++;
  double since = 0.0;
  for (std::size_t i = 1; i + 1 < ids.size(); ++i) {
    since += norm(b.pts[ids[i]] - b.pts[ids[i - 1]]);
    b.rural_road_nodes.push_back(ids[i]);
    if (since > 2500.0 && b.area_distance(b.pts[ids[i]], false) > 800.0) {
      b.rural_points.push_back({b.pts[ids[i]], ids[i], group, true});
      since = 0.0;
    }
  }
}

// A district of the region: the core, or one added around it. Trunk roads
// link districts through their hub nodes (town and park gates).
struct District {
  Rect tile;
  std::vector<std::uint32_t> hub_nodes;
  Vec hub;
};

// The Ordos-like core: the new town and its south-bank district, the old
// town, the coal-chemical park, the expressway and trunk roads, villages.
District build_core(Builder& b) {
  // Kangbashi-like new town on the north bank, its south-bank district, and three bridges.
  GridTownSpec north{"new_town", -9000.0, -1000.0, -16500.0, -9000.0, 1, -5500.0, -4500.0};
  const GridTown kangbashi = build_grid_town(b, north);
  GridTownSpec south{"new_town_south", -7500.0, -2500.0, -16500.0, -12000.0, -1, 0.0, 0.0, 0.1, 0.05};
  const GridTown kangbashi_south = build_grid_town(b, south);
  const std::array<std::pair<double, const char*>, 3> bridges{
      {{-7000.0, "West Bridge"}, {-5000.0, "Axis Bridge"}, {-3000.0, "East Bridge"}}};
  for (const auto& [x, name] : bridges) {
    const auto in = [&](const GridTown& t) {
      const auto i = static_cast<std::size_t>(std::lround((x - t.x0) / t.step));
      return i < t.riverside.size() ? t.riverside[i] : -1;
    };
    const auto n = in(kangbashi), s = in(kangbashi_south);
    if (n >= 0 && s >= 0) {
      b.road({static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(s)},
             {RoadClass::primary, 60.0, false, true, name});
    }
  }
  b.areas.emplace_back(kangbashi.outline);
  b.areas.emplace_back(kangbashi_south.outline);
  RandomStream people = b.stream("population");
  add_zone(b, "new_town", "Kangbashi New Town", ZoneType::built_up, round_people(people.uniform(120e3, 150e3), 1000),
           kangbashi.outline);
  add_zone(b, "new_town_south", "Kangbashi South Bank", ZoneType::built_up,
           round_people(people.uniform(18e3, 28e3), 1000), kangbashi_south.outline);
  b.landmarks.push_back({"new_town_centre", "Kangbashi civic centre", LandmarkKind::town_centre, "new_town",
                         b.nearest_node(kangbashi.nodes, {-5000.0, -11000.0})});
  b.landmarks.push_back({"new_town_south_centre", "Kangbashi South centre", LandmarkKind::town_centre,
                         "new_town_south", b.nearest_node(kangbashi_south.nodes, {-5000.0, -15300.0})});
  b.landmarks.push_back({"new_town_west", "Kangbashi west district", LandmarkKind::district_centre, "new_town",
                         b.nearest_node(kangbashi.nodes, {-7500.0, -11000.0})});
  b.landmarks.push_back({"new_town_east", "Kangbashi east district", LandmarkKind::district_centre, "new_town",
                         b.nearest_node(kangbashi.nodes, {-2500.0, -11000.0})});

  // Dongsheng-like old town to the north-east.
  const Vec old_centre{4500.0, 8500.0};
  OrganicTownSpec old_spec{"old_town", old_centre, 4200.0, 62.0};
  const OrganicTown dongsheng = build_organic_town(b, old_spec);
  b.areas.emplace_back(dongsheng.outline);
  add_zone(b, "old_town", "Dongsheng Old Town", ZoneType::built_up, round_people(people.uniform(420e3, 520e3), 1000),
           dongsheng.outline);
  b.landmarks.push_back({"old_town_centre", "Dongsheng centre", LandmarkKind::town_centre, "old_town",
                         b.nearest_node(dongsheng.nodes, old_centre)});
  const std::array<std::pair<Vec, const char*>, 4> quarters{{{{-1.0, 1.0}, "north-west"},
                                                             {{1.0, 1.0}, "north-east"},
                                                             {{-1.0, -1.0}, "south-west"},
                                                             {{1.0, -1.0}, "south-east"}}};
  for (const auto& [d, label] : quarters) {
    std::string id = std::string("old_town_") + label;
    std::replace(id.begin(), id.end(), '-', '_');
    b.landmarks.push_back({id, std::string("Dongsheng ") + label + " district", LandmarkKind::district_centre,
                           "old_town", b.nearest_node(dongsheng.nodes, old_centre + 1800.0 * d)});
  }

  // Coal-chemical park south of the river.
  ParkSpec park_spec{"park", {4000.0, -20300.0, 11000.0, -17300.0}, 10, 5};
  const Park park = build_park(b, park_spec);
  b.areas.emplace_back(park.outline);
  add_zone(b, "chem_park", "Coal-chemical Industrial Park", ZoneType::industrial_park,
           round_people(people.uniform(3500, 6000), 100), park.outline);
  b.landmarks.push_back({"chem_park_centre", "Industrial park management centre", LandmarkKind::park_centre,
                         "chem_park", park.centre_node});

  // Gates of the towns onto the rural roads.
  const auto kb_gates = b.add_gates(kangbashi.nodes, 8, 0.2);
  const auto kbs_gates = b.add_gates(kangbashi_south.nodes, 6, 0.3);
  const auto ds_gates = b.add_gates(dongsheng.nodes, 12, 0.1);
  const auto park_gates = b.add_gates(park.nodes, 6, 0.4);
  for (std::size_t g = 0; g < park_gates.size(); ++g) {
    b.landmarks.push_back({"chem_park_gate_" + std::to_string(g + 1), "Industrial park gate " + std::to_string(g + 1),
                           LandmarkKind::park_gate, "chem_park", park_gates[g]});
  }

  // Expressway: park - Kangbashi - Dongsheng, with three interchanges.
  RandomStream roads = b.stream("trunk_roads");
  const std::vector<Vec> ctrl{{2600.0, -18800.0}, {1700.0, -16000.0}, {700.0, -12500.0}, {500.0, -10500.0},
                              {-300.0, -4000.0},  {-1500.0, 3000.0},  {-2200.0, 8000.0}};
  const auto motorway = resample(catmull_rom(ctrl, 60), b.spacing(400.0));
  const auto mw_nodes = b.nodes_along(motorway);
  b.road(mw_nodes, {RoadClass::motorway, 120.0, false, true, "Expressway Bridge"});
  struct Interchange {
    Vec at;
    const std::vector<std::uint32_t>* town;
    const char* id;
    const char* name;
    const char* zone;
  };
  const std::array<Interchange, 3> interchanges{
      {{ctrl.front(), &park.nodes, "interchange_park", "Industrial park interchange", "grassland_core_south"},
       {{500.0, -10500.0}, &kangbashi.nodes, "interchange_new_town", "Kangbashi interchange", "grassland_core_north"},
       {ctrl.back(), &dongsheng.nodes, "interchange_old_town", "Dongsheng interchange", "grassland_core_north"}}};
  for (const Interchange& ic : interchanges) {
    const auto on_motorway = b.nearest_node(mw_nodes, ic.at);
    const auto in_town = b.nearest_node(*ic.town, b.pts[on_motorway]);
    const auto line = resample({b.pts[on_motorway], b.pts[in_town]}, b.spacing(150.0));
    std::vector<std::uint32_t> ids{on_motorway};
    for (std::size_t s = 1; s + 1 < line.size(); ++s) ids.push_back(b.node(line[s]));
    ids.push_back(in_town);
    b.road(ids, {RoadClass::motorway, 60.0});
    b.landmarks.push_back({ic.id, ic.name, LandmarkKind::interchange, ic.zone, on_motorway});
  }
  std::vector<Vec> corridor;
  for (auto n : mw_nodes) corridor.push_back(b.pts[n]);

  // Trunk roads: new town to old town, and old town over the Park Bridge to the park.
  add_trunk(b, roads, b.extreme_node(kb_gates, unit(old_centre - Vec{-5000.0, -11000.0})),
            b.extreme_node(ds_gates, unit(Vec{-5000.0, -11000.0} - old_centre)), 0.04, "");
  add_trunk(b, roads, b.extreme_node(ds_gates, unit(Vec{1.0, -1.6})), b.extreme_node(park_gates, {0.2, 1.0}), -0.05,
            "Park Bridge");
  add_rural_bridge(b, -12500.0, "Hantai Bridge");

  // Villages, rural roads and tracks.
  const Rect tile{-15000.0, kCoreSouthM, 15000.0, kCoreSouthM + kTileHeightM};
  RandomStream villages = b.stream("villages/core");
  int counter = 0;
  add_villages(b, tile, 52, "village_", counter, villages, {corridor});
  RandomStream rural = b.stream("rural_roads/core");
  build_rural_roads(b, rural, tile, 1);
  build_rural_roads(b, rural, tile, -1);
  RandomStream tracks = b.stream("tracks/core");
  build_tracks(b, tracks, tile, 500000.0 / b.detail);
  RandomStream grass = b.stream("grassland/core");
  add_grassland(b, tile, "grassland_core", "Ejin Horo grassland", 2.5, grass);

  District core{tile, {}, {0.0, -2000.0}};
  for (const auto* gates : {&kb_gates, &kbs_gates, &ds_gates, &park_gates})
    core.hub_nodes.insert(core.hub_nodes.end(), gates->begin(), gates->end());
  return core;
}

// One district added around the core: a banner town, maybe a park, villages,
// rural roads and tracks, and trunk roads to the districts next to it.

District build_district(Builder& b, const Rect& tile, int number, const std::vector<District>& neighbours) {
  const std::string tag = "d" + std::to_string(number);
  RandomStream rng = b.stream("district/" + tag);
  District d{tile, {}, {}};
  // A town somewhere in the middle, clear of the river.
  Vec centre{};
  double radius = rng.uniform(1500.0, 2600.0);
  for (int attempt = 0; attempt < 200; ++attempt) {
    centre = {rng.uniform(tile.x0 + 6000.0, tile.x1 - 6000.0), rng.uniform(tile.y0 + 7000.0, tile.y1 - 7000.0)};
    if (b.river.clearance(centre) > 2.0 * radius + 1500.0) break;
  }
  std::string town_name = place_name(rng, false);
  for (int attempt = 0; attempt < 20 && b.town_names.count(town_name); ++attempt) town_name = place_name(rng, false);
  if (b.town_names.count(town_name)) town_name += " " + std::to_string(number);
  b.town_names.insert(town_name);
  const std::string town_id = tag + "_town";
  std::vector<std::uint32_t> town_nodes;
  std::vector<Vec> outline;
  if (rng.bernoulli(0.5)) {
    const OrganicTown t = build_organic_town(b, {tag + "/town", centre, radius, 85.0});
    town_nodes = t.nodes;
    outline = t.outline;
  } else {
    const double half = radius * 0.9;
    GridTownSpec spec{tag + "/town", centre.x - half, centre.x + half, centre.y - half, centre.y + half,
                      b.river.side(centre), 0.0, 0.0, 0.15, 0.08, false};
    // align to 500 m so arterials meet neatly
    spec.x0 = std::floor(spec.x0 / 500.0) * 500.0;
    spec.y0 = std::floor(spec.y0 / 500.0) * 500.0;
    spec.x1 = spec.x0 + 500.0 * std::round((2 * half) / 500.0);
    spec.y1 = spec.y0 + 500.0 * std::round((2 * half) / 500.0);
    const GridTown t = build_grid_town(b, spec);
    town_nodes = t.nodes;
    outline = t.outline;
  }
  if (town_nodes.empty()) return d;
  b.areas.emplace_back(outline);
  add_zone(b, town_id, town_name + " Town", ZoneType::built_up,
           round_people(rng.uniform(25e3, 90e3) * (radius / 2000.0), 1000), outline);
  b.landmarks.push_back({town_id + "_centre", town_name + " centre", LandmarkKind::town_centre, town_id,
                         b.nearest_node(town_nodes, centre)});
  d.hub_nodes = b.add_gates(town_nodes, 8, rng.uniform(0.0, 1.0));
  d.hub = centre;

  // A park on some districts.
  if (rng.bernoulli(0.4)) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      const Vec lo{rng.uniform(tile.x0 + 2000.0, tile.x1 - 7000.0), rng.uniform(tile.y0 + 2000.0, tile.y1 - 5000.0)};
      const Rect r{lo.x, lo.y, lo.x + 4000.0, lo.y + 2400.0};
      bool ok = true;
      for (Vec corner : {Vec{r.x0, r.y0}, Vec{r.x1, r.y0}, Vec{r.x0, r.y1}, Vec{r.x1, r.y1},
                         Vec{0.5 * (r.x0 + r.x1), 0.5 * (r.y0 + r.y1)}}) {
        if (b.river.clearance(corner) < 800.0 || b.river.side(corner) != b.river.side({r.x0, r.y0}) ||
            b.area_distance(corner, true) < 1500.0) {
          ok = false;
        }
      }
      if (!ok) continue;
      const Park park = build_park(b, {tag + "/park", r, 6, 4});
      b.areas.emplace_back(park.outline);
      const std::string park_id = tag + "_park";
      add_zone(b, park_id, town_name + " Industrial Park", ZoneType::industrial_park,
               round_people(rng.uniform(1500, 4000), 100), park.outline);
      b.landmarks.push_back({park_id + "_centre", town_name + " park centre", LandmarkKind::park_centre,
                             park_id, park.centre_node});
      const auto gates = b.add_gates(park.nodes, 4, 0.3);
      for (std::size_t g = 0; g < gates.size(); ++g) {
        b.landmarks.push_back({park_id + "_gate_" + std::to_string(g + 1),
                               town_name + " park gate " + std::to_string(g + 1), LandmarkKind::park_gate,
                               park_id, gates[g]});
      }
      break;
    }
  }

  // Trunk roads to the districts next to this one.
  for (const District& n : neighbours) {
    if (n.hub_nodes.empty()) continue;
    const auto from = b.extreme_node(d.hub_nodes, unit(n.hub - d.hub));
    const auto to = b.extreme_node(n.hub_nodes, unit(d.hub - n.hub));
    add_trunk(b, rng, from, to, rng.uniform(-0.04, 0.04), town_name + " Bridge");
  }
  // A rural bridge where the river runs through the district.
  const double bx = rng.uniform(tile.x0 + 3000.0, tile.x1 - 3000.0);
  const double by = b.river.y_at(bx);
  if (by > tile.y0 + 1000.0 && by < tile.y1 - 1000.0 && b.area_distance({bx, by}, true) > 1000.0) {
    add_rural_bridge(b, bx, town_name + " Rural Bridge");
  }

  int counter = 0;
  add_villages(b, tile, 30, tag + "_village_", counter, rng, {});
  build_rural_roads(b, rng, tile, 1);
  build_rural_roads(b, rng, tile, -1);
  build_tracks(b, rng, tile, 300000.0 / b.detail);
  add_grassland(b, tile, tag + "_grassland", town_name + " grassland", 3.0, rng);
  return d;
}

// Tiles around the core, ring by ring, each ring clockwise from the west.
std::vector<std::pair<int, int>> district_order(int rings) {
  std::vector<std::pair<int, int>> out;
  for (int r = 1; r <= rings; ++r) {
    for (int j = -r; j <= r; ++j) out.emplace_back(-r, j);
    for (int i = -r + 1; i <= r; ++i) out.emplace_back(i, r);
    for (int j = r - 1; j >= -r; --j) out.emplace_back(r, j);
    for (int i = r - 1; i > -r; --i) out.emplace_back(i, -r);
  }
  return out;
}

}  // namespace

std::string_view landmark_kind_name(LandmarkKind k) {
  switch (k) {
    case LandmarkKind::town_centre: return "town_centre";
    case LandmarkKind::district_centre: return "district_centre";
    case LandmarkKind::park_centre: return "park_centre";
    case LandmarkKind::park_gate: return "park_gate";
    case LandmarkKind::village_centre: return "village_centre";
    case LandmarkKind::interchange: return "interchange";
  }
  return "other";
}

SyntheticRegion generate_synthetic_region(const SyntheticRegionOptions& options) {
  if (options.target_nodes < SyntheticRegionOptions::kMinNodes ||
      options.target_nodes > SyntheticRegionOptions::kMaxNodes) {
    throw InputError("", 0, "target_nodes",
                     "a node count from " + std::to_string(SyntheticRegionOptions::kMinNodes) + " to " +
                         std::to_string(SyntheticRegionOptions::kMaxNodes),
                     std::to_string(options.target_nodes));
  }
  const double wanted = static_cast<double>(options.target_nodes);
  // Node counts of the core go roughly as detail^-1.8.
  const double detail =
      wanted <= kLargestCoreNodes ? std::clamp(std::pow(kCoreNodes / wanted, 0.55), 0.7, 2.2) : 1.0;
  Builder b(options.seed, detail);
  {
    RandomStream rng = b.stream("river");
    for (double& ph : b.river.phase) ph = rng.uniform(0.0, 2.0 * kPi);
    b.river.y_at_origin += rng.uniform(-300.0, 300.0);
  }
  const District core_district = build_core(b);

  // Districts around the core until the node count is reached.
  std::vector<District> districts;
  std::vector<std::pair<std::pair<int, int>, District>> built{{{0, 0}, core_district}};
  const auto order = district_order(40);
  int number = 0;
  double district_nodes = 9000.0;  // typical, until one is built
  for (const auto& cell : order) {
    // add a district only when that brings the count closer to the target
    if (wanted - static_cast<double>(b.pts.size()) < 0.5 * district_nodes) break;
    const std::size_t before = b.pts.size();
    const Rect tile{-15000.0 + cell.first * kTileWidthM, kCoreSouthM + cell.second * kTileHeightM,
                    15000.0 + cell.first * kTileWidthM, kCoreSouthM + (cell.second + 1) * kTileHeightM};
    std::vector<District> neighbours;
    for (const auto& [where, district] : built) {
      const int di = std::abs(where.first - cell.first), dj = std::abs(where.second - cell.second);
      if (di + dj == 1) neighbours.push_back(district);
    }
    ++number;
    District d = build_district(b, tile, number, neighbours);
    district_nodes = static_cast<double>(b.pts.size() - before);
    built.push_back({cell, d});
  }

  join_crossings(b);
  merge_close_nodes(b, 1.5);
  connect_pieces(b);

  // Compact numbering: used nodes in creation order, ids from 1.
  constexpr std::uint32_t kUnused = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> compact(b.pts.size(), kUnused);
  {
    std::vector<char> used(b.pts.size(), 0);
    for (const Way& w : b.ways)
      for (auto n : w.nodes) used[n] = 1;
    std::uint32_t next = 0;
    for (std::size_t n = 0; n < b.pts.size(); ++n)
      if (used[n]) compact[n] = next++;
  }
  repair_one_ways(b, compact);

  SyntheticRegion region;
  region.options = options;
  const Frame frame;
  RawNetwork& net = region.network;
  net.source = "synthetic(seed=" + std::to_string(options.seed) + ")";
  std::vector<LonLat> where(b.pts.size());
  for (std::size_t n = 0; n < b.pts.size(); ++n) {
    if (compact[n] == kUnused) continue;
    where[n] = frame.to_lon_lat(b.pts[n]);
    net.nodes.push_back({static_cast<std::int64_t>(compact[n]) + 1, where[n].lon, where[n].lat});
  }
  auto external = [&](std::uint32_t n) { return static_cast<std::int64_t>(compact[n]) + 1; };
  std::int64_t way_id = 0;
  std::unordered_set<std::uint64_t> emitted;  // a segment shared by two ways is emitted once
  auto first_time = [&](std::uint32_t u, std::uint32_t v) {
    return emitted.insert((static_cast<std::uint64_t>(u) << 32) | v).second;
  };
  for (const Way& w : b.ways) {
    ++way_id;
    for (std::size_t i = 0; i + 1 < w.nodes.size(); ++i) {
      const auto u = w.nodes[i], v = w.nodes[i + 1];
      if (u == v) continue;
      const bool forward = first_time(u, v);
      const bool backward = !w.oneway && first_time(v, u);
      const double length_m = std::max(0.01, std::round(haversine_m(where[u], where[v]) * 100.0) / 100.0);
      const double speed_mps = w.speed_kph / 3.6;
      if (forward) net.edges.push_back({external(u), external(v), length_m, speed_mps, w.road_class, way_id});
      if (backward) net.edges.push_back({external(v), external(u), length_m, speed_mps, w.road_class, way_id});
    }
    if (w.bridge) {
      const int north_first = b.river.side(b.pts[w.nodes.front()]) > 0;
      const auto north = north_first ? w.nodes.front() : w.nodes.back();
      const auto south = north_first ? w.nodes.back() : w.nodes.front();
      Bridge br;
      br.id = "bridge_" + std::to_string(region.bridges.size() + 1);
      br.name = w.name;
      br.way_id = way_id;
      br.north_node = external(north);
      br.south_node = external(south);
      br.road_class = w.road_class;
      br.midpoint = frame.to_lon_lat(lerp(b.pts[north], b.pts[south], 0.5));
      br.length_m = std::round(haversine_m(where[north], where[south]) * 100.0) / 100.0;
      region.bridges.push_back(br);
    }
  }

  region.river.name = "Wulanmulun River";
  region.river.width_m = b.river.width_m;
  {
    double x_min = std::numeric_limits<double>::infinity(), x_max = -x_min;
    for (std::size_t n = 0; n < b.pts.size(); ++n) {
      if (compact[n] == kUnused) continue;
      x_min = std::min(x_min, b.pts[n].x);
      x_max = std::max(x_max, b.pts[n].x);
    }
    for (const ZoneDraft& z : b.zones)
      for (Vec p : z.ring) {
        x_min = std::min(x_min, p.x);
        x_max = std::max(x_max, p.x);
      }
    const int samples = static_cast<int>(std::ceil((x_max - x_min) / 100.0));
    for (int s = 0; s <= samples; ++s) {
      const double x = x_min + (x_max - x_min) * s / samples;
      region.river.centreline.push_back(frame.to_lon_lat({x, b.river.y_at(x)}));
    }
  }

  // Specific zones first, grassland last, so that the first zone containing a point is the right one.
  std::stable_partition(b.zones.begin(), b.zones.end(),
                        [](const ZoneDraft& z) { return z.type != ZoneType::grassland; });
  for (const ZoneDraft& z : b.zones) {
    Zone zone{z.id, z.name, z.type, z.population, {}};
    for (Vec p : z.ring) zone.polygon.push_back(frame.to_lon_lat(p));
    region.zones.push_back(std::move(zone));
  }
  // Each landmark is given the zone it really lies in (gates may sit just outside their town).
  std::vector<std::pair<LonLat, LonLat>> boxes;
  for (const Zone& z : region.zones) {
    LonLat lo = z.polygon.front(), hi = lo;
    for (LonLat p : z.polygon) {
      lo = {std::min(lo.lon, p.lon), std::min(lo.lat, p.lat)};
      hi = {std::max(hi.lon, p.lon), std::max(hi.lat, p.lat)};
    }
    boxes.emplace_back(lo, hi);
  }
  for (const LandmarkDraft& l : b.landmarks) {
    if (compact[l.node] == kUnused) continue;
    Landmark lm{l.id, l.name, l.kind, l.zone_id, where[l.node], external(l.node)};
    for (std::size_t z = 0; z < region.zones.size(); ++z) {
      const auto& [lo, hi] = boxes[z];
      if (lm.position.lon < lo.lon || lm.position.lon > hi.lon || lm.position.lat < lo.lat || lm.position.lat > hi.lat)
        continue;
      if (zone_contains(region.zones[z], lm.position)) {
        lm.zone_id = region.zones[z].id;
        break;
      }
    }
    region.landmarks.push_back(std::move(lm));
  }
  return region;
}

}  // namespace dsim