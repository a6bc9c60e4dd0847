// SPDX-License-Identifier: MIT
// The fire section bound to a region (docs/models.md, "Wildfire: the
// landscape of a scenario").
#include "sim/run/scenario_fire.hpp"

#include "sim/core/error.hpp"
#include "sim/hazards/fire_behaviour.hpp"
#include "sim/io/raster_sample.hpp"
#include "sim/network/region.hpp"
#include "sim/response/model_builder.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

namespace dsim {

namespace {

std::string metres(double m) {
  std::ostringstream s;
  if (m >= 1000.0) s << std::round(m / 100.0) / 10.0 << " km";
  else s << std::lround(m) << " m";
  return s.str();
}

struct RasterFrame {
  std::size_t rows = 0, cols = 0;
  double x0 = 0.0, y0 = 0.0, cell = 30.0;
  bool inside(double x, double y) const {
    return x >= x0 && y >= y0 && x < x0 + double(cols) * cell && y < y0 + double(rows) * cell;
  }
  std::size_t cell_at(double x, double y) const {
    const auto c = std::size_t((x - x0) / cell), r = std::size_t((y - y0) / cell);
    return r * cols + c;
  }
};

int fuel_of(const std::string& name, const Scenario& scenario, const std::string& key) {
  const int f = fuel_type_index(name);
  if (f < 0) throw InputError(scenario.source_path, 0, key, "a fuel type (natural_grass, grazed_grass, ...)", name);
  return f;
}

// Marks the cells within width/2 of the segment a-b (metres in the plane) as
// a barrier of that width (the widest wins).
void mark_segment(const RasterFrame& frame, std::vector<float>& width, double ax, double ay, double bx, double by,
                  double width_m) {
  const double length = std::hypot(bx - ax, by - ay);
  const double step = frame.cell * 0.5;
  const int n = std::max(1, int(std::ceil(length / step)));
  const int reach = int(std::ceil(width_m * 0.5 / frame.cell - 0.5));
  for (int i = 0; i <= n; ++i) {
    const double x = ax + (bx - ax) * i / n, y = ay + (by - ay) * i / n;
    if (!frame.inside(x, y)) continue;
    const std::ptrdiff_t c = std::ptrdiff_t((x - frame.x0) / frame.cell), r = std::ptrdiff_t((y - frame.y0) / frame.cell);
    for (int dr = -reach; dr <= reach; ++dr) {
      for (int dc = -reach; dc <= reach; ++dc) {
        const std::ptrdiff_t rr = r + dr, cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= std::ptrdiff_t(frame.rows) || cc >= std::ptrdiff_t(frame.cols)) continue;
        float& w = width[std::size_t(rr) * frame.cols + std::size_t(cc)];
        w = std::max(w, float(width_m));
      }
    }
  }
}

int incident_type(const ResponseModel& model, const std::string& name, const Scenario& scenario,
                  const std::string& key) {
  for (std::size_t i = 0; i < model.incident_types.size(); ++i)
    if (model.incident_types[i] == name) return int(i);
  throw InputError(scenario.source_path, 0, key, "an incident type the plan has a response rule for", name);
}

int severity_index(const ResponseModel& model, const std::string& name, const Scenario& scenario,
                   const std::string& key) {
  if (name.empty()) return 0;
  for (std::size_t i = 0; i < model.severities.size(); ++i)
    if (model.severities[i] == name) return int(i);
  throw InputError(scenario.source_path, 0, key, "a severity of the plan", name);
}

// The forecast takes a barrier as breached where the chance is at least this.
constexpr double kForecastBreachChance = 0.05;

void report(const std::function<void(const FireProgress&)>& on_progress, const char* stage, std::size_t done,
            std::size_t total) {
  if (on_progress) on_progress(FireProgress{stage, done, total});
}

}  // namespace

ScenarioFire build_scenario_fire(const FireSpec& spec, const Scenario& scenario, const Region& region,
                                 const ResponseModel& model,
                                 const std::function<void(const FireProgress&)>& on_progress) {
  const RoadNetwork& net = region.network;
  const std::string& file = scenario.source_path;
  if (spec.ignitions.empty()) throw InputError(file, 0, "fire.ignitions", "at least one ignition");
  if (!net.has_coordinates()) throw InputError(file, 0, "fire", "a road network with coordinates (to lay the fuel on)");
  ScenarioFire out;
  out.region = &region;
  WildfireModel& m = out.model;
  m.name = spec.name;

  // The raster: a square of the extent around the first ignition, cropped to the network's box.
  std::vector<NodeId> ignition_nodes;
  for (std::size_t i = 0; i < spec.ignitions.size(); ++i)
    ignition_nodes.push_back(resolve_location(scenario, region, spec.ignitions[i].at,
                                              "fire.ignitions[" + std::to_string(i) + "].at"));
  double cx = net.x_m(ignition_nodes[0]), cy = net.y_m(ignition_nodes[0]);
  if (spec.ignitions[0].at.kind == Location::Kind::coordinate)
    net.projection().forward(spec.ignitions[0].at.lon, spec.ignitions[0].at.lat, cx, cy);
  double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
  for (std::size_t v = 0; v < net.node_count(); ++v) {
    const NodeId n{std::uint32_t(v)};
    minx = std::min(minx, net.x_m(n));
    maxx = std::max(maxx, net.x_m(n));
    miny = std::min(miny, net.y_m(n));
    maxy = std::max(maxy, net.y_m(n));
  }
  RasterFrame frame;
  frame.cell = spec.landscape.cell_size_m;
  const double half = spec.landscape.extent_m / 2.0;
  const double x0 = std::max(cx - half, minx), x1 = std::min(cx + half, maxx);
  const double y0 = std::max(cy - half, miny), y1 = std::min(cy + half, maxy);
  if (x0 > cx - half || x1 < cx + half || y0 > cy - half || y1 < cy + half)
    out.notes.push_back("the fire's square of " + metres(spec.landscape.extent_m) +
                        " was cropped to the road network's extent");
  frame.x0 = x0;
  frame.y0 = y0;
  frame.cols = std::max<std::size_t>(3, std::size_t(std::ceil((x1 - x0) / frame.cell)));
  frame.rows = std::max<std::size_t>(3, std::size_t(std::ceil((y1 - y0) / frame.cell)));
  out.x0_m = frame.x0;
  out.y0_m = frame.y0;
  const std::size_t n = frame.rows * frame.cols;

  // Cell centres in longitude and latitude.
  std::vector<LonLat> centres(n);
  for (std::size_t r = 0; r < frame.rows; ++r)
    for (std::size_t c = 0; c < frame.cols; ++c) {
      LonLat& p = centres[r * frame.cols + c];
      net.projection().inverse(frame.x0 + (double(c) + 0.5) * frame.cell, frame.y0 + (double(r) + 0.5) * frame.cell,
                               p.lon, p.lat);
    }

  // Fuel: from the zones (and their types) or from a raster of class codes.
  FuelRaster raster;
  raster.rows = frame.rows;
  raster.cols = frame.cols;
  raster.cell_size_m = frame.cell;
  raster.fuel.assign(n, 0);
  m.cell_zone.assign(n, -1);
  std::map<std::string, int> zone_fuel;
  for (const auto& [type, fuel] : spec.landscape.zone_fuel) zone_fuel[type] = fuel_of(fuel, scenario, "fire.landscape.zone_fuel." + type);
  const int outside = fuel_of(spec.landscape.outside_fuel, scenario, "fire.landscape.outside_fuel");
  // A cell belongs to the first zone that contains its centre (zone_index_at),
  // tested only over the cells within each zone's bounding box.
  for (std::size_t z = 0; z < region.zones.size(); ++z) {
    report(on_progress, "fuel", z, region.zones.size());
    const Zone& zone = region.zones[z];
    double x_lo = 1e300, x_hi = -1e300, y_lo = 1e300, y_hi = -1e300;
    const auto extend = [&](const std::vector<LonLat>& ring) {
      for (const LonLat& p : ring) {
        double x, y;
        net.projection().forward(p.lon, p.lat, x, y);
        x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x), y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
      }
    };
    extend(zone.polygon);
    for (const auto& ring : zone.more_rings) extend(ring);
    // A margin of a cell: the plane is not exactly longitude and latitude.
    const auto col = [&](double x) { return std::clamp((x - frame.x0) / frame.cell, 0.0, double(frame.cols)); };
    const auto row = [&](double y) { return std::clamp((y - frame.y0) / frame.cell, 0.0, double(frame.rows)); };
    const auto c0 = std::size_t(std::max(0.0, col(x_lo) - 1.0)), c1 = std::size_t(std::min(double(frame.cols), col(x_hi) + 2.0));
    const auto r0 = std::size_t(std::max(0.0, row(y_lo) - 1.0)), r1 = std::size_t(std::min(double(frame.rows), row(y_hi) + 2.0));
    for (std::size_t r = r0; r < r1; ++r)
      for (std::size_t c = c0; c < c1; ++c) {
        const std::size_t cell = r * frame.cols + c;
        if (m.cell_zone[cell] < 0 && zone_contains(zone, centres[cell])) m.cell_zone[cell] = int(z);
      }
  }
  std::vector<int> fuel_of_zone(region.zones.size(), outside);
  for (std::size_t z = 0; z < region.zones.size(); ++z) {
    const auto it = zone_fuel.find(std::string(zone_type_name(region.zones[z].type)));
    if (it != zone_fuel.end()) fuel_of_zone[z] = it->second;
  }
  for (std::size_t cell = 0; cell < n; ++cell)
    raster.fuel[cell] = std::uint8_t(m.cell_zone[cell] < 0 ? outside : fuel_of_zone[std::size_t(m.cell_zone[cell])]);
  if (!spec.landscape.fuel_raster.empty()) {
    const RasterSample codes = sample_raster(spec.landscape.fuel_raster, "fire.landscape.fuel_raster", centres);
    if (codes.outside == n)
      throw InputError(spec.landscape.fuel_raster, 0, "fire.landscape.fuel_raster",
                       "a raster that covers the fire's square around the first ignition", "no cell of it");
    for (std::size_t cell = 0; cell < n; ++cell) {
      const double v = codes.values[cell];
      if (std::isnan(v)) continue;  // no data: the fuel of the zones
      const auto it = spec.landscape.raster_classes.find(int(std::lround(v)));
      if (it == spec.landscape.raster_classes.end())
        throw InputError(spec.landscape.fuel_raster, 0, "fire.landscape.raster_classes",
                         "a fuel type for every class code in the raster", "code " + std::to_string(std::lround(v)));
      raster.fuel[cell] = std::uint8_t(fuel_of(it->second, scenario, "fire.landscape.raster_classes"));
    }
    if (codes.outside > 0)
      out.notes.push_back(std::to_string(codes.outside) + " of " + std::to_string(n) +
                          " cells lie off the fuel raster or on no-data: they take the fuel of their zone");
  }
  report(on_progress, "fuel", n, n);

  // Slope from a DEM (central differences), if given.
  if (!spec.landscape.dem.empty()) {
    const RasterSample h = sample_raster(spec.landscape.dem, "fire.landscape.dem", centres, 1, true);
    if (h.outside == n)
      throw InputError(spec.landscape.dem, 0, "fire.landscape.dem", "a DEM that covers the fire's square", "no cell of it");
    raster.slope_deg.assign(n, 0.0f);
    raster.upslope_rad.assign(n, 0.0f);
    for (std::size_t r = 1; r + 1 < frame.rows; ++r)
      for (std::size_t c = 1; c + 1 < frame.cols; ++c) {
        const std::size_t i = r * frame.cols + c;
        const double dzdx = (h.values[i + 1] - h.values[i - 1]) / (2.0 * frame.cell);
        const double dzdy = (h.values[i + frame.cols] - h.values[i - frame.cols]) / (2.0 * frame.cell);
        if (!std::isfinite(dzdx) || !std::isfinite(dzdy)) continue;
        raster.slope_deg[i] = float(std::atan(std::hypot(dzdx, dzdy)) * 180.0 / std::numbers::pi);
        raster.upslope_rad[i] = float(std::atan2(dzdx, dzdy));  // clockwise from north, towards higher ground
      }
    if (h.outside > 0)
      out.notes.push_back(std::to_string(h.outside) + " cells lie off the DEM: taken as flat");
  }

  // Barriers: roads by class, the river, firebreaks.
  raster.barrier_width_m.assign(n, 0.0f);
  if (spec.landscape.roads_are_barriers) {
    for (std::size_t e = 0; e < net.edge_count(); ++e) {
      if (e % 50'000 == 0) report(on_progress, "barriers", e, net.edge_count());
      const EdgeId edge{std::uint32_t(e)};
      const EdgeId twin = net.twin(edge);
      if (index(twin) < net.edge_count() && index(twin) < e) continue;  // one direction of a two-way road
      const auto w = spec.landscape.road_width_m.find(std::string(road_class_name(net.road_class(edge))));
      const double width = w != spec.landscape.road_width_m.end() ? w->second : spec.landscape.default_road_width_m;
      if (!(width > 0.0)) continue;
      const double ax = net.x_m(net.tail(edge)), ay = net.y_m(net.tail(edge));
      const double bx = net.x_m(net.head(edge)), by = net.y_m(net.head(edge));
      if (!frame.inside(ax, ay) && !frame.inside(bx, by)) continue;
      const std::vector<LonLat> shape = net.geometry(edge);
      double px = ax, py = ay;
      for (std::size_t k = 1; k < shape.size(); ++k) {
        double qx, qy;
        net.projection().forward(shape[k].lon, shape[k].lat, qx, qy);
        mark_segment(frame, raster.barrier_width_m, px, py, qx, qy, width);
        px = qx;
        py = qy;
      }
      if (shape.size() < 2) mark_segment(frame, raster.barrier_width_m, ax, ay, bx, by, width);
    }
  }
  if (spec.landscape.river_is_barrier && region.river_centreline.size() >= 2 && region.river_width_m > 0.0) {
    for (std::size_t k = 1; k < region.river_centreline.size(); ++k) {
      double ax, ay, bx, by;
      net.projection().forward(region.river_centreline[k - 1].lon, region.river_centreline[k - 1].lat, ax, ay);
      net.projection().forward(region.river_centreline[k].lon, region.river_centreline[k].lat, bx, by);
      mark_segment(frame, raster.barrier_width_m, ax, ay, bx, by, region.river_width_m);
    }
  }
  for (std::size_t k = 0; k < spec.firebreaks.size(); ++k) {
    const FirebreakSpec& b = spec.firebreaks[k];
    const std::string key = "fire.firebreaks[" + std::to_string(k) + "]";
    const NodeId a = resolve_location(scenario, region, b.from, key + ".from");
    const NodeId z = resolve_location(scenario, region, b.to, key + ".to");
    mark_segment(frame, raster.barrier_width_m, net.x_m(a), net.y_m(a), net.x_m(z), net.y_m(z), b.width_m);
  }
  // A cell that does not burn is no barrier to speak of.
  for (std::size_t cell = 0; cell < n; ++cell)
    if (!fuel_burns(FuelType(raster.fuel[cell]))) raster.barrier_width_m[cell] = 0.0f;
  report(on_progress, "barriers", net.edge_count(), net.edge_count());

  // Ignitions: on the cell of each location, moved to the nearest burnable cell.
  for (std::size_t i = 0; i < spec.ignitions.size(); ++i) {
    double x = net.x_m(ignition_nodes[i]), y = net.y_m(ignition_nodes[i]);
    if (spec.ignitions[i].at.kind == Location::Kind::coordinate)
      net.projection().forward(spec.ignitions[i].at.lon, spec.ignitions[i].at.lat, x, y);
    if (!frame.inside(x, y))
      throw InputError(file, 0, "fire.ignitions[" + std::to_string(i) + "].at",
                       "a place inside the fire's square (landscape.extent around the first ignition)",
                       metres(std::hypot(x - cx, y - cy)) + " from the first ignition");
    std::size_t cell = frame.cell_at(x, y);
    if (!fuel_burns(FuelType(raster.fuel[cell])) || raster.barrier_width_m[cell] > 0.0f) {
      double best = 1e300;
      std::size_t found = n;
      const std::size_t r0 = cell / frame.cols, c0 = cell % frame.cols;
      for (std::size_t k = 0; k < n; ++k) {
        if (!fuel_burns(FuelType(raster.fuel[k])) || raster.barrier_width_m[k] > 0.0f) continue;
        const double d = std::hypot(double(k / frame.cols) - double(r0), double(k % frame.cols) - double(c0));
        if (d < best) {
          best = d;
          found = k;
        }
      }
      if (found == n) throw InputError(file, 0, "fire.landscape", "some fuel that burns in the fire's square", "none");
      out.notes.push_back("ignition " + std::to_string(i + 1) + " lies on a road or a fuel that does not burn: moved " +
                          metres(best * frame.cell) + " to the nearest burnable cell");
      cell = found;
    }
    m.ignition_cells.push_back(std::uint32_t(cell));
    m.ignition_s.push_back(spec.ignitions[i].time_s);
  }

  // The spread landscape.
  FuelOptions fuels;
  if (auto it = spec.landscape.fuel_models.find("shrub"); it != spec.landscape.fuel_models.end()) fuels.shrub_model = it->second;
  if (auto it = spec.landscape.fuel_models.find("forest"); it != spec.landscape.fuel_models.end()) fuels.forest_model = it->second;
  m.landscape = build_spread_landscape(raster, spec.weather, fuels);
  out.weather = spec.weather;
  for (std::size_t i = 0; i < spec.weather.times_s.size(); ++i) out.behaviour.push_back(fuel_behaviour(spec.weather, i, fuels));
  m.fuel = raster.fuel;
  m.stencil = spec.stencil;
  out.fuel_area_m2.assign(kFuelTypeCount, 0.0);
  for (std::uint8_t f : raster.fuel) out.fuel_area_m2[f] += frame.cell * frame.cell;

  // The response side.
  m.report_delay_s = spec.suppression.report_delay_s;
  m.fire_node = ignition_nodes[0];
  m.fire_zone = index(m.fire_node) < region.node_zone.size() ? region.node_zone[index(m.fire_node)] : -1;
  for (std::size_t k = 0; k < spec.suppression.calls.size(); ++k) {
    const FireCallSpec& c = spec.suppression.calls[k];
    const std::string key = "fire.suppression.calls[" + std::to_string(k) + "]";
    m.calls.push_back({c.after_s, incident_type(model, c.type, scenario, key + ".type"),
                       severity_index(model, c.severity, scenario, key + ".severity"), c.always});
  }
  m.tactic = spec.suppression.tactic == FireSuppressionSpec::Tactic::head ? WildfireModel::Tactic::head
                                                                           : WildfireModel::Tactic::flank;
  m.line_rate_m_per_person_s.assign(kFuelTypeCount, 0.0);
  for (const auto& [fuel, rate] : spec.suppression.line_rate_m_per_person_h)
    m.line_rate_m_per_person_s[std::size_t(fuel_of(fuel, scenario, "fire.suppression.line_rate." + fuel))] = rate / 3600.0;
  const int wildland = capability_index("wildland");
  for (const ResponseModel::Unit& u : model.units) {
    m.unit_people.push_back(u.people);
    m.unit_builds_line.push_back((u.capabilities >> wildland) & 1u);
    double limit = spec.suppression.max_intensity_kw_m;
    const std::string& team = scenario.teams[std::size_t(u.team)].id;
    if (auto it = spec.suppression.team_max_intensity_kw_m.find(team); it != spec.suppression.team_max_intensity_kw_m.end())
      limit = it->second;
    m.unit_max_intensity_kw_m.push_back(limit);
  }
  m.mop_up_s = spec.suppression.mop_up_s;
  m.step_s = spec.step_s;
  const double first = *std::min_element(m.ignition_s.begin(), m.ignition_s.end());
  m.end_s = std::min(first + spec.duration_s, scenario.horizon_s);
  if (spec.output_times_s.empty()) {
    for (double t = first + 3600.0; t <= m.end_s + 1e-9; t += 3600.0) m.output_times_s.push_back(t);
  } else {
    for (double t : spec.output_times_s) m.output_times_s.push_back(first + t);  // written from the first ignition
  }
  m.network = &net;
  for (std::size_t v = 0; v < net.node_count(); ++v) {
    const NodeId node{std::uint32_t(v)};
    if (!frame.inside(net.x_m(node), net.y_m(node))) continue;
    m.road_nodes.push_back(node);
    m.road_node_cells.push_back(std::uint32_t(frame.cell_at(net.x_m(node), net.y_m(node))));
  }
  m.road_closed_for_s = spec.road_closed_for_s;
  if (!spec.closes_classes.empty()) {
    m.closes_classes = 0;
    for (const std::string& name : spec.closes_classes) {
      const auto it = std::find(model.vehicle_classes.begin(), model.vehicle_classes.end(), name);
      if (it == model.vehicle_classes.end())
        throw InputError(file, 0, "fire.closes_classes", "a vehicle class of the teams", name);
      m.closes_classes |= VehicleClassSet{1} << (it - model.vehicle_classes.begin());
    }
  }

  // Villages: zones of the listed types with cells or nodes in the raster.
  if (spec.villages.raise_incidents) {
    m.village_type = incident_type(model, spec.villages.type, scenario, "fire.villages.type");
    m.village_severity = severity_index(model, spec.villages.severity, scenario, "fire.villages.severity");
  }
  for (std::size_t z = 0; z < region.zones.size(); ++z) {
    const std::string type(zone_type_name(region.zones[z].type));
    if (std::find(spec.villages.zone_types.begin(), spec.villages.zone_types.end(), type) ==
        spec.villages.zone_types.end())
      continue;
    std::vector<std::uint8_t> in(n, 0);
    bool any = false;
    for (std::size_t cell = 0; cell < n; ++cell)
      if (m.cell_zone[cell] == int(z)) in[cell] = any = true;
    const ResponseModel::Zone& mz = model.zones[z];
    for (NodeId node : mz.nodes)
      if (frame.inside(net.x_m(node), net.y_m(node))) in[frame.cell_at(net.x_m(node), net.y_m(node))] = any = true;
    if (!any) continue;
    WildfireModel::Village village;
    village.zone = int(z);
    village.people = mz.population;
    for (std::size_t cell = 0; cell < n; ++cell) {
      if (in[cell] || !fuel_burns(FuelType(raster.fuel[cell]))) continue;
      const std::size_t r = cell / frame.cols, c = cell % frame.cols;
      bool edge = false;
      for (int dr = -1; dr <= 1 && !edge; ++dr)
        for (int dc = -1; dc <= 1 && !edge; ++dc) {
          const std::ptrdiff_t rr = std::ptrdiff_t(r) + dr, cc = std::ptrdiff_t(c) + dc;
          if (rr < 0 || cc < 0 || rr >= std::ptrdiff_t(frame.rows) || cc >= std::ptrdiff_t(frame.cols)) continue;
          edge = in[std::size_t(rr) * frame.cols + std::size_t(cc)] != 0;
        }
      if (edge) village.edge_cells.push_back(std::uint32_t(cell));
    }
    // Its incident at the zone's node nearest the fire.
    double best = 1e300;
    village.node = mz.nodes.empty() ? net.nearest_node(region.zones[z].polygon.front().lon, region.zones[z].polygon.front().lat)
                                    : mz.nodes.front();
    for (NodeId node : mz.nodes) {
      const double d = std::hypot(net.x_m(node) - cx, net.y_m(node) - cy);
      if (d < best) {
        best = d;
        village.node = node;
      }
    }
    if (!village.edge_cells.empty()) m.villages.push_back(std::move(village));
  }

  // The forecast: the fire unfought, and cautious: a barrier is crossed
  // wherever the chance of breaching it is 5 % or more (on each cell of a
  // long road some replication's draw falls below a small chance).
  report(on_progress, "forecast", 0, 1);
  SpreadLandscape& land = m.landscape;
  std::vector<float> cautious(n, float(kForecastBreachChance));
  FireSpreadOptions options;
  options.stencil = m.stencil;
  options.breach_probability = [](double intensity, double width) { return breach_probability(intensity, width); };
  options.breach_u = cautious;
  std::vector<std::size_t> cells(m.ignition_cells.begin(), m.ignition_cells.end());
  out.forecast_cells_s = spread_fire(land, cells, m.ignition_s, m.end_s, options);
  out.forecast.hazard = m.name;
  out.forecast.node_arrival_s.assign(net.node_count(), HazardArrival::kNever);
  for (std::size_t k = 0; k < m.road_nodes.size(); ++k)
    out.forecast.node_arrival_s[index(m.road_nodes[k])] = out.forecast_cells_s[m.road_node_cells[k]];
  // A village does not burn, but the fire at its edge threatens all of it:
  // its nodes take the time the fire reaches its edge (the warning's hazard).
  for (const WildfireModel::Village& v : m.villages) {
    double first = HazardArrival::kNever;
    for (std::uint32_t c : v.edge_cells) first = std::min(first, out.forecast_cells_s[c]);
    for (NodeId node : model.zones[std::size_t(v.zone)].nodes)
      out.forecast.node_arrival_s[index(node)] = std::min(out.forecast.node_arrival_s[index(node)], first);
  }
  report(on_progress, "forecast", 1, 1);
  return out;
}

std::vector<ZoneExposure> ScenarioFire::exposure() const {
  WildfireOutcome unfought;
  for (std::size_t c = 0; c < forecast_cells_s.size(); ++c)
    if (forecast_cells_s[c] != HazardArrival::kNever) unfought.burned.push_back({std::uint32_t(c), forecast_cells_s[c]});
  return region != nullptr ? wildfire_exposure(*this, *region, unfought) : std::vector<ZoneExposure>{};
}

std::vector<ZoneExposure> wildfire_exposure(const ScenarioFire& fire, const Region& region,
                                            const WildfireOutcome& outcome) {
  const WildfireModel& m = fire.model;
  std::vector<double> cells(region.zones.size(), 0.0), burned(region.zones.size(), 0.0),
      first(region.zones.size(), HazardArrival::kNever);
  for (int z : m.cell_zone)
    if (z >= 0) cells[std::size_t(z)] += 1.0;
  for (const WildfireOutcome::Cell& c : outcome.burned) {
    const int z = m.cell_zone[c.cell];
    if (z < 0) continue;
    burned[std::size_t(z)] += 1.0;
    first[std::size_t(z)] = std::min(first[std::size_t(z)], c.time_s);
  }
  std::vector<double> share(region.zones.size(), 0.0);
  for (std::size_t z = 0; z < share.size(); ++z) share[z] = cells[z] > 0 ? burned[z] / cells[z] : 0.0;
  // A village the fire reached is threatened whole.
  std::vector<double> reached(region.zones.size(), HazardArrival::kNever);
  for (const auto& v : outcome.villages) {
    const int z = m.villages[std::size_t(v.village)].zone;
    reached[std::size_t(z)] = std::min(reached[std::size_t(z)], v.reached_s);
  }
  std::vector<ZoneExposure> out;
  for (std::size_t z = 0; z < region.zones.size(); ++z) {
    const double t = std::min(first[z], reached[z]);
    if (t == HazardArrival::kNever) continue;
    ZoneExposure e;
    e.zone = int(z);
    e.time_s = t;
    e.severity = reached[z] != HazardArrival::kNever ? 1.0 : share[z];
    e.people = double(region.zones[z].population) * e.severity;
    out.push_back(e);
  }
  return out;
}

}  // namespace dsim
