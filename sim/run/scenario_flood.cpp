// SPDX-License-Identifier: MIT
#include "sim/run/scenario_flood.hpp"

#include "sim/core/error.hpp"
#include "sim/io/table_schema.hpp"
#include "sim/hazards/channel_burn.hpp"
#include "sim/hazards/dem_crop.hpp"
#include "sim/hazards/river_valley.hpp"
#include "sim/hazards/terrain_io.hpp"
#include "sim/network/osm_loader.hpp"
#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>

namespace dsim {

namespace {

bool ends_with_lower(std::string s, std::string_view suffix) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s.ends_with(suffix);
}

GridPoint bbox_centre(const RoadNetwork& net) {
  const BoundingBox& b = net.bounding_box();
  return {0.5 * (b.min_lon + b.max_lon), 0.5 * (b.min_lat + b.max_lat)};
}

// The synthetic valley under the synthetic region: its river as the valley's
// centreline (west upstream), extended past the grid so that the channel runs
// out through the edges.
void build_synthetic_valley(const FloodSpec& spec, const Region& region, const std::string& scenario_file,
                            FloodTerrain& out) {
  if (region.river_centreline.size() < 2)
    throw InputError(scenario_file, 0, "flood.synthetic", "the synthetic region (it has the river the valley follows)",
                     region.description);
  const GridPoint c = bbox_centre(region.network);
  out.projection = EquirectangularProjection(c.x, c.y);
  const BoundingBox& b = region.network.bounding_box();
  const GridPoint lo = out.projection.to_local(b.min_lon, b.min_lat);
  const GridPoint hi = out.projection.to_local(b.max_lon, b.max_lat);
  const double margin_m = 1000.0;
  const double cell = spec.cell_size_m;
  RiverValleySpec v;
  for (const LonLat& p : region.river_centreline) v.centreline.push_back(out.projection.to_local(p.lon, p.lat));
  v.channel_depth_m = 3.0;
  v.bed_upstream_m = 1300.0;
  v.bed_slope = 0.0005;
  v.floodplain_half_width_m = 600.0;
  v.floodplain_slope = 0.002;
  v.valley_side_slope = 0.02;
  v.valley_rim_height_m = 40.0;
  // The grid covers the valley up to a little beyond its rim, across the
  // whole region from west to east: the plateau above cannot flood.
  const double reach_m = v.floodplain_half_width_m + v.valley_rim_height_m / v.valley_side_slope + margin_m;
  double river_lo = std::numeric_limits<double>::infinity(), river_hi = -river_lo;
  for (const GridPoint& p : v.centreline) {
    river_lo = std::min(river_lo, p.y);
    river_hi = std::max(river_hi, p.y);
  }
  const double y0 = std::max(lo.y - margin_m, river_lo - reach_m);
  const double y1 = std::min(hi.y + margin_m, river_hi + reach_m);
  v.geometry.cell_size = cell;
  v.geometry.x_lower_left = std::floor((lo.x - margin_m) / cell) * cell;
  v.geometry.y_lower_left = std::floor(y0 / cell) * cell;
  v.geometry.cols = static_cast<std::size_t>(std::ceil((hi.x + margin_m - v.geometry.x_lower_left) / cell));
  v.geometry.rows = static_cast<std::size_t>(std::ceil((y1 - v.geometry.y_lower_left) / cell));
  const auto extend = [&](GridPoint from, GridPoint to) {
    const double dx = to.x - from.x, dy = to.y - from.y, len = std::hypot(dx, dy);
    const double reach = 2.0 * margin_m + 2.0 * cell;
    return GridPoint{to.x + dx / len * reach, to.y + dy / len * reach};
  };
  v.centreline.insert(v.centreline.begin(), extend(v.centreline[1], v.centreline[0]));
  v.centreline.push_back(extend(v.centreline[v.centreline.size() - 2], v.centreline.back()));
  // A channel at least 1.5 cells wide, so that the grid resolves it.
  v.channel_width_m = std::max(region.river_width_m, 1.5 * cell);
  out.terrain = make_river_valley(v);
  out.initial_depth_m = v.geometry.filled(0.0);
  if (spec.river_depth_m > 0.0) {
    for (std::size_t r = 0; r < v.geometry.rows; ++r) {
      for (std::size_t col = 0; col < v.geometry.cols; ++col) {
        if (project_onto_polyline(v.centreline, v.geometry.centre({r, col})).distance_m <= 0.5 * v.channel_width_m)
          out.initial_depth_m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(col)) = spec.river_depth_m;
      }
    }
  }
}

}  // namespace

namespace {

std::string cells_text(const GridGeometry& g) {
  std::ostringstream s;
  s << g.cols << " x " << g.rows << " cells";
  return s.str();
}

std::string metres_text(double m) {
  std::ostringstream s;
  s << m << " m";
  return s.str();
}

// The part of the DEM to keep, in grid coordinates, and how it was chosen.
GridRect flood_extent(const FloodSpec& spec, const RoadNetwork& net, const EquirectangularProjection& projection,
                      std::string& why) {
  if (spec.extent) {
    const auto& e = *spec.extent;
    const GridPoint lo = projection.to_local(e[0], e[1]), hi = projection.to_local(e[2], e[3]);
    why = "flood.extent";
    return {lo.x, lo.y, hi.x, hi.y};
  }
  const BoundingBox& b = net.bounding_box();
  const GridPoint lo = projection.to_local(b.min_lon, b.min_lat), hi = projection.to_local(b.max_lon, b.max_lat);
  why = "the roads' extent plus a " + metres_text(spec.margin_m) + " margin (flood.margin)";
  return {lo.x - spec.margin_m, lo.y - spec.margin_m, hi.x + spec.margin_m, hi.y + spec.margin_m};
}

// Width of a waterway without a width=* tag (m): typical of its kind.
double default_width_m(const std::string& kind) {
  if (kind == "river") return 20.0;
  if (kind == "canal") return 10.0;
  return 3.0;  // stream, ditch, drain, ...
}

void burn_waterways(const FloodSpec& spec, FloodTerrain& out) {
  const FloodWaterwaysSpec& w = *spec.waterways;
  std::vector<ChannelLine> lines;
  for (const OsmWaterway& way : load_osm_waterways(w.source, w.kinds)) {
    ChannelLine line;
    line.width_m = way.width_m > 0.0 ? way.width_m : default_width_m(way.kind);
    line.wet = std::find(w.wet_kinds.begin(), w.wet_kinds.end(), way.kind) != w.wet_kinds.end();
    for (const LonLat& p : way.points) line.points.push_back(out.projection.to_local(p.lon, p.lat));
    lines.push_back(std::move(line));
  }
  out.ground = out.terrain;
  ChannelBurnOptions options;
  options.channel_depth_m = w.channel_depth_m;
  options.initial_depth_m = w.initial_depth_m;
  const ChannelBurnReport r = burn_channels(out.terrain, out.initial_depth_m, lines, options);
  std::ostringstream s;
  s << r.lines << " waterways (";
  for (std::size_t i = 0; i < w.kinds.size(); ++i) s << (i ? ", " : "") << w.kinds[i];
  s << ") burned into " << r.cells << " cells (channels " << w.channel_depth_m << " m deep, scaled to the cell); "
    << r.wet_cells << " cells start wet (" << w.initial_depth_m << " m in the channel, " << std::llround(r.water_m3)
    << " m3)";
  if (r.lines_reversed > 0) s << "; " << r.lines_reversed << " drawn uphill were burned downhill";
  out.waterways_note = s.str();
}

}  // namespace

FloodTerrain load_flood_terrain(const FloodSpec& spec, const Region& region, const std::string& scenario_file) {
  FloodTerrain out;
  const RoadNetwork& net = region.network;
  if (!net.has_coordinates())
    throw InputError(scenario_file, 0, "flood", "a road network with coordinates (to lay it on the DEM)",
                     "a network without");
  if (spec.synthetic_valley) {
    build_synthetic_valley(spec, region, scenario_file, out);
  } else {
    const bool hgt = ends_with_lower(spec.dem_path, ".hgt") || ends_with_lower(spec.dem_path, ".zip");
    Grid grid = hgt ? read_srtm_hgt(spec.dem_path)
                    : read_esri_ascii(spec.dem_path, spec.dem_in_degrees ? GridUnits::degrees : GridUnits::metres);
    std::string why;
    if (grid.geometry.units == GridUnits::degrees) {
      const GridPoint c = bbox_centre(net);
      out.projection = EquirectangularProjection(c.x, c.y);
      // A grid that lies far from the network cannot be resampled around it; check before.
      const GridGeometry& g = grid.geometry;
      const BoundingBox& b = net.bounding_box();
      if (g.x_upper_right() < b.min_lon || g.x_lower_left > b.max_lon || g.y_upper_right() < b.min_lat ||
          g.y_lower_left > b.max_lat) {
        std::ostringstream found;
        found << "a DEM over lon " << g.x_lower_left << ".." << g.x_upper_right() << ", lat " << g.y_lower_left
              << ".." << g.y_upper_right() << "; the roads lie in lon " << b.min_lon << ".." << b.max_lon
              << ", lat " << b.min_lat << ".." << b.max_lat;
        throw InputError(spec.dem_path, 0, "flood.dem", "a DEM that overlaps the road network", found.str());
      }
      const GridGeometry whole = local_geometry(g, out.projection, spec.cell_size_m);
      if (spec.whole_dem) {
        grid = resample_to_local(grid, out.projection, spec.cell_size_m);
        out.dem_note = "DEM resampled to " + cells_text(whole) + " of " + metres_text(spec.cell_size_m) +
                       " (flood.cell_size), the whole DEM (flood.extent: dem)";
      } else {
        const GridRect rect = flood_extent(spec, net, out.projection, why);
        grid = resample_to_local(grid, out.projection, spec.cell_size_m, rect);
        out.dem_note = "DEM cropped from " + cells_text(whole) + " to " + cells_text(grid.geometry) + " of " +
                       metres_text(spec.cell_size_m) + " (flood.cell_size): " + why;
      }
    } else {
      out.projection = EquirectangularProjection(spec.origin ? *spec.origin->lon : 0.0,
                                                 spec.origin ? *spec.origin->lat : 0.0);
      const GridGeometry whole = grid.geometry;
      const bool resample = spec.cell_size_given && spec.cell_size_m != whole.cell_size;
      const GridRect rect = spec.whole_dem ? GridRect{whole.x_lower_left, whole.y_lower_left, whole.x_upper_right(),
                                                      whole.y_upper_right()}
                                           : flood_extent(spec, net, out.projection, why);
      if (spec.whole_dem) why = "the whole DEM (flood.extent: dem)";
      grid = resample ? resample_grid(grid, spec.cell_size_m, rect) : crop_grid(grid, rect);
      out.dem_note = "DEM cropped from " + cells_text(whole) + " of " + metres_text(whole.cell_size) + " to " +
                     cells_text(grid.geometry) + " of " + metres_text(grid.geometry.cell_size) +
                     (resample ? " (resampled: flood.cell_size)" : "") + ": " + why;
    }
    if (grid.geometry.cell_count() == 0) {
      const BoundingBox& b = net.bounding_box();
      std::ostringstream found;
      found << "no DEM cell inside the flood's extent (" << why << "); the roads lie in lon " << b.min_lon << ".."
            << b.max_lon << ", lat " << b.min_lat << ".." << b.max_lat;
      throw InputError(spec.dem_path, 0, spec.extent ? "flood.extent" : "flood.dem",
                       "a DEM that overlaps the road network (and the flood's extent)", found.str());
    }
    out.terrain = std::move(grid);
    if (spec.waterways) burn_waterways(spec, out);
  }
  out.node_xy.resize(net.node_count());
  for (std::size_t n = 0; n < net.node_count(); ++n) {
    const NodeId id{static_cast<std::uint32_t>(n)};
    out.node_xy[n] = out.projection.to_local(net.lon(id), net.lat(id));
    const auto v = out.terrain.value_at(out.node_xy[n]);
    if (v && std::isfinite(*v)) ++out.nodes_on_grid;
  }
  if (out.nodes_on_grid == 0) {
    const GridGeometry& g = out.terrain.geometry;
    const GridPoint a = out.projection.to_lon_lat({g.x_lower_left, g.y_lower_left});
    const GridPoint z = out.projection.to_lon_lat({g.x_upper_right(), g.y_upper_right()});
    const BoundingBox& b = net.bounding_box();
    std::ostringstream found;
    found << "a DEM over lon " << a.x << ".." << z.x << ", lat " << a.y << ".." << z.y << "; the roads lie in lon "
          << b.min_lon << ".." << b.max_lon << ", lat " << b.min_lat << ".." << b.max_lat;
    throw InputError(spec.synthetic_valley ? scenario_file : spec.dem_path, 0, "flood.dem",
                     "a DEM that overlaps the road network", found.str());
  }
  return out;
}

namespace {

GridPoint place_xy(const FloodPlace& p, const Region& region, const FloodTerrain& t, const std::string& file,
                   const std::string& key) {
  if (p.lon && p.lat) return t.projection.to_local(*p.lon, *p.lat);
  if (!region.river_centreline.empty() && (p.place == "river_upstream" || p.place == "river_downstream")) {
    const LonLat& ll = p.place == "river_upstream" ? region.river_centreline.front() : region.river_centreline.back();
    return t.projection.to_local(ll.lon, ll.lat);
  }
  const auto it = region.places.find(p.place);
  if (it == region.places.end())
    throw InputError(file, 0, key, "a place of the region, or river_upstream / river_downstream", p.place);
  return t.projection.to_local(region.network.lon(it->second), region.network.lat(it->second));
}

TimeSeries scaled(const TimeSeries& s, double factor) {
  std::vector<double> v = s.values();
  for (double& x : v) x *= factor;
  return TimeSeries(s.times_s(), std::move(v));
}

}  // namespace

ScenarioFlood run_scenario_flood(const FloodSpec& spec, FloodTerrain terrain, const Region& region, const ResponseModel& model,
                                 const std::string& scenario_file, int threads,
                                 const std::function<void(const FloodProgress&)>& on_progress) {
  ScenarioFlood out;
  out.terrain = std::move(terrain);
  const FloodTerrain& t = out.terrain;
  const GridGeometry& g = t.terrain.geometry;

  FloodSetup setup;
  setup.terrain = t.terrain;
  setup.initial_depth_m = t.initial_depth_m;
  setup.manning_n = spec.manning_n;
  setup.rain_mm_per_h = spec.rain_mm_per_h;
  setup.parameters.threads = threads;
  setup.parameters.precision = spec.precision;
  setup.parameters.arrival_depth_m = spec.exposure_depth_m;
  for (const FloodBoundarySpec& b : spec.boundaries) {
    BoundarySegment s;
    s.edge = b.edge;
    s.kind = b.kind;
    s.series = b.series;
    s.free_slope = b.slope;
    setup.boundaries.push_back(s);
  }
  for (std::size_t i = 0; i < spec.inflows.size(); ++i) {
    const FloodInflowSpec& in = spec.inflows[i];
    const std::string key = "flood.inflows[" + std::to_string(i) + "]";
    std::vector<GridPoint> line;
    for (const FloodPlace& p : in.points) line.push_back(place_xy(p, region, t, scenario_file, key));
    std::vector<GridCell> cells = line.size() == 1 ? std::vector<GridCell>{} : g.cells_along(line);
    if (line.size() == 1) {
      if (const auto c = g.cell_at(line[0])) cells.push_back(*c);
    }
    std::erase_if(cells, [&](GridCell c) { return !std::isfinite(t.terrain.at(c)); });
    if (cells.empty())
      throw InputError(scenario_file, 0, key, "an inflow inside the DEM", in.name + " outside it");
    const TimeSeries share = scaled(in.discharge_m3_s, 1.0 / static_cast<double>(cells.size()));
    for (GridCell c : cells) setup.point_inflows.push_back({g.centre(c), share});
  }
  FloodModel flood(std::move(setup));

  out.vehicle_classes = model.vehicle_classes;
  for (const std::string& cls : model.vehicle_classes) out.closure_depth_m.push_back(spec.closure_depth_for(cls));
  out.exposure_depth_m = spec.exposure_depth_m;
  const double lowest_closure = *std::min_element(out.closure_depth_m.begin(), out.closure_depth_m.end());
  RoadFloodMapOptions map_options;
  map_options.permanent_water_depth_m = std::min(lowest_closure, spec.exposure_depth_m);
  map_options.bridge_clearance_m = spec.bridge_clearance_m;
  map_options.projection = &t.projection;
  if (t.ground.values.size() > 0) map_options.ground = &t.ground;
  const RoadFloodMap map(region.network, t.node_xy, t.terrain, flood.depth_m(), map_options);
  out.bridges = map.bridges();
  out.tunnels = map.tunnels();
  out.shaped_edges = map.shaped_edges();

  std::vector<ExposureZone> zones;
  for (std::size_t z = 0; z < model.zones.size(); ++z) {
    zones.push_back({model.zones[z].population, model.zones[z].nodes});
    out.exposure_zone.push_back(static_cast<int>(z));
  }
  FloodCouplingOptions options;
  options.end_s = spec.duration_s.value_or(model.horizon_s);
  options.interval_s = spec.coupling_interval_s;
  options.frame_interval_s = spec.frame_interval_s;
  options.closure_depth_m = out.closure_depth_m;
  options.exposure_depth_m = spec.exposure_depth_m;
  options.on_progress = on_progress;
  if (spec.rescue) {
    options.rescues = true;
    options.rescue_min_population = spec.rescue->min_population;
    options.people_per_rescue = spec.rescue->people_per_incident;
  }
  out.impact = run_flood_coupling(flood, map, zones, options);
  if (spec.rescue) {
    out.rescue_type = spec.rescue->type;
    out.rescue_severity = spec.rescue->severity;
  }
  return out;
}

std::vector<ZoneExposure> ScenarioFlood::exposure() const {
  std::vector<ZoneExposure> out;
  for (std::size_t c = 0; c < impact.check_times_s.size(); ++c) {
    for (std::size_t z = 0; z < exposure_zone.size() && z < impact.people_exposed[c].size(); ++z) {
      if (!(impact.people_exposed[c][z] > 0.0)) continue;
      out.push_back({impact.check_times_s[c], exposure_zone[z], impact.people_exposed[c][z], impact.flooded_share[c][z]});
    }
  }
  return out;
}

std::vector<RaisedIncident> ScenarioFlood::raised_incidents() const {
  std::vector<RaisedIncident> out;
  if (rescue_type.empty()) return out;
  for (const FloodRescue& r : impact.rescues) out.push_back({r.time_s, r.zone, r.node, rescue_type, rescue_severity});
  return out;
}

void add_flood_results(ResultsFile& file, const ScenarioFlood& flood, const Region& region,
                       const ResponseModel& model) {
  const FloodImpact& im = flood.impact;
  const FloodTerrain& t = flood.terrain;
  const GridGeometry& g = t.terrain.geometry;
  const RoadNetwork& net = region.network;
  const double inf = std::numeric_limits<double>::infinity();
  const auto nan = std::numeric_limits<double>::quiet_NaN();
  struct Cell {
    std::int64_t row;
    std::int64_t col;
    GridPoint centre;   // grid metres
    GridPoint lon_lat;  // degrees
  };
  std::vector<Cell> cells;
  for (std::size_t r = 0; r < g.rows; ++r) {
    for (std::size_t c = 0; c < g.cols; ++c) {
      const GridPoint p = g.centre({r, c});
      cells.push_back({static_cast<std::int64_t>(r), static_cast<std::int64_t>(c), p, t.projection.to_lon_lat(p)});
    }
  }
  const auto at = [](const GridArray& a, const Cell& x) {
    return a(static_cast<Eigen::Index>(x.row), static_cast<Eigen::Index>(x.col));
  };
  using C = const Cell&;
  ResultsTable& grid =
      TableSchema<Cell>("flood_grid", "one row per DEM cell, row-major from the north-west corner")
          .integer("row", "", "grid row (0: northernmost)", [](C x) { return x.row; })
          .integer("col", "", "grid column (0: westernmost)", [](C x) { return x.col; })
          .real("x_m", "m", "cell centre, metres east of the projection origin", [](C x) { return x.centre.x; })
          .real("y_m", "m", "cell centre, metres north of the projection origin", [](C x) { return x.centre.y; })
          .real("lon", "deg", "longitude of the cell centre", [](C x) { return x.lon_lat.x; })
          .real("lat", "deg", "latitude of the cell centre", [](C x) { return x.lon_lat.y; })
          .real("bed_m", "m", "terrain elevation (NaN outside the domain)", [&](C x) { return at(t.terrain.values, x); })
          .real("max_depth_m", "m", "deepest water over the run", [&](C x) { return at(im.max_depth_m, x); })
          .real("arrival_s", "s", "first time the depth exceeded the exposure depth (NaN: never)",
                [&](C x) { return at(im.arrival_time_s, x) < inf ? at(im.arrival_time_s, x) : nan; })
          .add_to(file, cells);
  grid.set_attribute("rows", static_cast<std::int64_t>(g.rows));
  grid.set_attribute("cols", static_cast<std::int64_t>(g.cols));
  grid.set_attribute("cell_size_m", g.cell_size);
  grid.set_attribute("x_lower_left_m", g.x_lower_left);
  grid.set_attribute("y_lower_left_m", g.y_lower_left);
  grid.set_attribute("origin_lon", t.projection.origin_lon_deg());
  grid.set_attribute("origin_lat", t.projection.origin_lat_deg());
  grid.set_attribute("exposure_depth_m", flood.exposure_depth_m);
  grid.set_attribute("mass_balance_error_m3", im.mass_balance.error_m3());
  // What was done to the DEM, in the words the run summary uses.
  grid.set_attribute("dem_note", t.dem_note);
  grid.set_attribute("waterways_note", t.waterways_note);
  grid.set_attribute("bridges", static_cast<std::int64_t>(flood.bridges));
  grid.set_attribute("tunnels", static_cast<std::int64_t>(flood.tunnels));

  struct Wet {
    std::int64_t frame;
    std::int64_t cell;
    double depth_m;
  };
  std::vector<Wet> wet;
  for (std::size_t f = 0; f < im.frames_m.size(); ++f) {
    const double* h = im.frames_m[f].data();
    for (std::size_t i = 0; i < g.cell_count(); ++i)
      if (h[i] > 1e-3) wet.push_back({static_cast<std::int64_t>(f), static_cast<std::int64_t>(i), h[i]});
  }
  using W = const Wet&;
  TableSchema<Wet>("flood_frames", "water depth at each frame time, wet cells only")
      .integer("frame", "", "frame number, from 0", [](W x) { return x.frame; })
      .real("time_s", "s", "time of the frame", [&](W x) { return im.frame_times_s[static_cast<std::size_t>(x.frame)]; })
      .integer("cell", "", "row-major cell index (row * cols + col), as in flood_grid", [](W x) { return x.cell; })
      .real("depth_m", "m", "water depth (cells deeper than 1 mm)", [](W x) { return x.depth_m; })
      .add_to(file, wet)
      .set_attribute("frames", static_cast<std::int64_t>(im.frames_m.size()));

  std::vector<const EdgeClosure*> closures;
  for (const EdgeClosure& c : im.closures) closures.push_back(&c);
  const auto vehicle_class = [](const EdgeClosure* c) { return static_cast<std::size_t>(c->vehicle_class); };
  using E = const EdgeClosure* const&;
  TableSchema<const EdgeClosure*>("flood_closures", "one row per time a road was closed to a vehicle class")
      .integer("edge", "", "directed edge index in the road network", [](E c) { return static_cast<std::int64_t>(c->edge); })
      .integer("from_node", "", "tail node id (as in the network file)", [&](E c) { return net.external_id(net.tail(c->edge)); })
      .integer("to_node", "", "head node id", [&](E c) { return net.external_id(net.head(c->edge)); })
      .text("vehicle_class", "", "vehicle class it was closed to", [&](E c) { return flood.vehicle_classes[vehicle_class(c)]; })
      .real("closure_depth_m", "m", "depth that closes it to that class", [&](E c) { return flood.closure_depth_m[vehicle_class(c)]; })
      .real("closed_s", "s", "time it closed", [](E c) { return c->closed_s; })
      .real("reopened_s", "s", "time it reopened (inf: closed at the end)", [](E c) { return c->reopened_s; })
      .real("max_depth_m", "m", "deepest water over it while closed", [](E c) { return c->max_depth_m; })
      .real("from_lon", "deg", "tail longitude", [&](E c) { return net.lon(net.tail(c->edge)); })
      .real("from_lat", "deg", "tail latitude", [&](E c) { return net.lat(net.tail(c->edge)); })
      .real("to_lon", "deg", "head longitude", [&](E c) { return net.lon(net.head(c->edge)); })
      .real("to_lat", "deg", "head latitude", [&](E c) { return net.lat(net.head(c->edge)); })
      .add_to(file, closures);

  struct Exposure {
    std::size_t check;
    std::size_t zone;  // exposure zone
    const ResponseModel::Zone* model_zone;
  };
  std::vector<Exposure> exposure;
  for (std::size_t k = 0; k < im.check_times_s.size(); ++k) {
    for (std::size_t z = 0; z < flood.exposure_zone.size(); ++z) {
      const auto& mz = model.zones[static_cast<std::size_t>(flood.exposure_zone[z])];
      if (mz.population > 0.0) exposure.push_back({k, z, &mz});
    }
  }
  using X = const Exposure&;
  TableSchema<Exposure>("flood_exposure", "people reached by water, per zone and check time")
      .real("time_s", "s", "check time", [&](X x) { return im.check_times_s[x.check]; })
      .text("zone", "", "zone id", [](X x) { return x.model_zone->id; })
      .text("zone_name", "", "zone name (empty when the zone has none)",
            [&](X x) { return region.zones[static_cast<std::size_t>(flood.exposure_zone[x.zone])].name; })
      .real("population", "people", "people of the zone", [](X x) { return x.model_zone->population; })
      .real("people_exposed", "people", "population times the share of its road nodes under water",
            [&](X x) { return im.people_exposed[x.check][x.zone]; })
      .real("flooded_share", "1", "share of the zone's road nodes deeper than the exposure depth",
            [&](X x) { return im.flooded_share[x.check][x.zone]; })
      .add_to(file, exposure);

  std::vector<NodeId> reached;
  for (std::size_t n = 0; n < im.arrival.node_arrival_s.size(); ++n)
    if (im.arrival.node_arrival_s[n] < inf) reached.push_back(NodeId{static_cast<std::uint32_t>(n)});
  using N = const NodeId&;
  TableSchema<NodeId>("flood_node_arrival", "when the water reached each road node it reached")
      .integer("node", "", "node id (as in the network file)", [&](N n) { return net.external_id(n); })
      .real("lon", "deg", "longitude", [&](N n) { return net.lon(n); })
      .real("lat", "deg", "latitude", [&](N n) { return net.lat(n); })
      .real("arrival_s", "s", "first time the depth there exceeded the exposure depth",
            [&](N n) { return im.arrival.node_arrival_s[index(n)]; })
      .add_to(file, reached);
}

}  // namespace dsim
