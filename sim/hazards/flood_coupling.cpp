// SPDX-License-Identifier: MIT
#include "sim/hazards/flood_coupling.hpp"

#include "sim/core/error.hpp"
#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace dsim {

RoadFloodMap::RoadFloodMap(const RoadNetwork& network, const std::vector<GridPoint>& node_xy, const Grid& bed,
                           const GridArray& initial_depth_m, const RoadFloodMapOptions& options) {
  if (node_xy.size() != network.node_count())
    throw Error("RoadFloodMap: " + std::to_string(node_xy.size()) + " node positions for " +
                std::to_string(network.node_count()) + " nodes");
  const GridGeometry& grid = bed.geometry;
  const bool have_bed = bed.values.size() == static_cast<Eigen::Index>(grid.cell_count());
  const bool have_depth = initial_depth_m.size() == static_cast<Eigen::Index>(grid.cell_count());
  // Where a channel was burned into the bed, a road stands on the ground above it.
  const bool have_ground = options.ground != nullptr && options.ground->geometry == grid &&
                           options.ground->values.size() == static_cast<Eigen::Index>(grid.cell_count());
  const auto road_above_bed = [&](GridCell c) {
    if (!have_ground || !have_bed) return 0.0;
    const double d = options.ground->at(c) - bed.at(c);
    return std::isfinite(d) && d > 0.0 ? d : 0.0;
  };
  const auto standing = [&](GridCell c) {
    return have_depth && initial_depth_m(static_cast<Eigen::Index>(c.row), static_cast<Eigen::Index>(c.col)) -
                                 road_above_bed(c) >
                             options.permanent_water_depth_m;
  };
  const auto row_major = [&](GridCell c) { return static_cast<std::uint32_t>(c.row * grid.cols + c.col); };
  node_cell_.assign(network.node_count(), -1);
  for (std::size_t n = 0; n < network.node_count(); ++n) {
    if (const auto c = grid.cell_at(node_xy[n])) node_cell_[n] = static_cast<std::int64_t>(row_major(*c));
  }
  // The ground at a bridge's end: interpolated, else its cell; NaN off the grid.
  const Grid& ground = options.ground != nullptr ? *options.ground : bed;
  const auto ground_at = [&](GridPoint p) {
    if (ground.values.size() != static_cast<Eigen::Index>(ground.geometry.cell_count()))
      return std::numeric_limits<double>::quiet_NaN();
    if (const auto v = ground.interpolate(p); v && std::isfinite(*v)) return *v;
    return ground.value_at(p).value_or(std::numeric_limits<double>::quiet_NaN());
  };
  first_cell_.reserve(network.edge_count() + 1);
  first_cell_.push_back(0);
  rule_.assign(network.edge_count(), EdgeFloodRule::road);
  std::vector<GridPoint> line;
  for (std::size_t e = 0; e < network.edge_count(); ++e) {
    const EdgeId id{static_cast<std::uint32_t>(e)};
    const GridPoint a = node_xy[static_cast<std::size_t>(network.tail(id))];
    const GridPoint b = node_xy[static_cast<std::size_t>(network.head(id))];
    line.assign(1, a);
    if (options.projection != nullptr && !network.shape_interior(id).empty()) {
      for (const LonLat& p : network.geometry(id)) line.push_back(options.projection->to_local(p.lon, p.lat));
      line.erase(line.begin());  // the tail, as node_xy gives it
      line.back() = b;
      ++shaped_edges_;
    } else {
      line.push_back(b);
    }
    const std::vector<GridCell> under = grid.cells_along(line);
    if (!under.empty()) ++edges_on_grid_;
    const double deck_a = ground_at(a) + options.bridge_clearance_m;
    const double deck_b = ground_at(b) + options.bridge_clearance_m;
    if (network.is_bridge(id) && have_bed && std::isfinite(deck_a) && std::isfinite(deck_b)) {
      rule_[e] = EdgeFloodRule::bridge;
      ++bridges_;
      // The deck over each cell: straight from end to end, at the cell
      // centre's position along the chord.
      const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      for (const GridCell& c : under) {
        const double z = bed.at(c);
        if (!std::isfinite(z)) continue;
        const GridPoint m = grid.centre(c);
        const double t = len2 > 0.0 ? std::clamp(((m.x - a.x) * dx + (m.y - a.y) * dy) / len2, 0.0, 1.0) : 0.5;
        const double deck = deck_a + t * (deck_b - deck_a);
        // A cell whose ground lies above the deck is hillside the coarse grid
        // put under the bridge: the deck cannot pass below the ground.
        if (z + road_above_bed(c) >= deck) continue;
        cells_.push_back(row_major(c));
        surface_depth_m_.push_back(deck - z);
      }
    } else if (network.is_tunnel(id)) {
      rule_[e] = EdgeFloodRule::tunnel;
      ++tunnels_;
      for (const GridPoint p : {a, b}) {
        const auto c = grid.cell_at(p);
        if (!c || standing(*c)) continue;
        if (cells_.size() > first_cell_.back() && cells_.back() == row_major(*c)) continue;
        cells_.push_back(row_major(*c));
        surface_depth_m_.push_back(road_above_bed(*c));
      }
    } else {
      for (const GridCell& c : under) {
        if (standing(c)) continue;
        cells_.push_back(row_major(c));
        surface_depth_m_.push_back(road_above_bed(c));
      }
    }
    first_cell_.push_back(static_cast<std::uint32_t>(cells_.size()));
  }
}

namespace {

RoadFloodMapOptions chord_options(double permanent_water_depth_m) {
  RoadFloodMapOptions options;
  options.permanent_water_depth_m = permanent_water_depth_m;
  return options;
}

}  // namespace

// Without a bed no deck can be placed, so bridges count as roads; no projection, so chords.
RoadFloodMap::RoadFloodMap(const RoadNetwork& network, const std::vector<GridPoint>& node_xy,
                           const GridGeometry& grid, const GridArray& initial_depth_m, double permanent_water_depth_m)
    : RoadFloodMap(network, node_xy, Grid{grid, {}}, initial_depth_m, chord_options(permanent_water_depth_m)) {}

namespace {

// Deepest water over the road's surface (the ground, above a burned channel).
double deepest(const GridArray& depth, std::span<const std::uint32_t> cells, std::span<const double> surface_m) {
  double d = 0.0;
  const double* h = depth.data();
  for (std::size_t i = 0; i < cells.size(); ++i) d = std::max(d, h[cells[i]] - surface_m[i]);
  return d;
}

// Highest water above the deck over the wet cells; -inf when none is wet.
double over_deck(const GridArray& depth, std::span<const std::uint32_t> cells, std::span<const double> reach_m) {
  double d = -std::numeric_limits<double>::infinity();
  const double* h = depth.data();
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (h[cells[i]] > 0.0) d = std::max(d, h[cells[i]] - reach_m[i]);
  return d;
}

}  // namespace

FloodImpact run_flood_coupling(FloodModel& model, const RoadFloodMap& map, const std::vector<ExposureZone>& zones,
                               const FloodCouplingOptions& options) {
  if (!(options.interval_s > 0.0)) throw Error("run_flood_coupling: the coupling interval must be > 0");
  if (options.closure_depth_m.empty() || options.closure_depth_m.size() > 32)
    throw Error("run_flood_coupling: between 1 and 32 vehicle classes");
  const std::size_t classes = options.closure_depth_m.size();
  const std::size_t edges = map.edge_count();
  const auto& node_cell = map.node_cells();

  FloodImpact out;
  // closed_since[e * classes + k]: index into out.closures of the open closure, or -1.
  std::vector<std::int64_t> open(edges * classes, -1);
  std::vector<std::size_t> reported(zones.size(), 0);  // rescues raised per zone

  double next_frame_s = model.time_s();
  const double start_s = model.time_s();
  const auto check = [&]() {
    const double t = model.time_s();
    const GridArray& h = model.depth_m();
    for (std::size_t e = 0; e < edges; ++e) {
      const EdgeId id{static_cast<std::uint32_t>(e)};
      const auto cells = map.cells(id);
      if (cells.empty()) continue;
      // A bridge: the water over its deck, closed to every class above 0.
      const bool bridge = map.rule(id) == EdgeFloodRule::bridge;
      const double d = bridge ? over_deck(h, cells, map.surface_depth_m(id)) : deepest(h, cells, map.surface_depth_m(id));
      for (std::size_t k = 0; k < classes; ++k) {
        std::int64_t& o = open[e * classes + k];
        const bool above = d > (bridge ? 0.0 : options.closure_depth_m[k]);
        if (above && o < 0) {
          o = static_cast<std::int64_t>(out.closures.size());
          out.closures.push_back({id, static_cast<int>(k), t, std::numeric_limits<double>::infinity(), d});
          out.road_changes.push_back({t, id, true, VehicleClassSet{1} << k});
        } else if (o >= 0) {
          EdgeClosure& c = out.closures[static_cast<std::size_t>(o)];
          c.max_depth_m = std::max(c.max_depth_m, d);
          if (!above) {
            c.reopened_s = t;
            out.road_changes.push_back({t, id, false, VehicleClassSet{1} << k});
            o = -1;
          }
        }
      }
    }
    // People: a zone's population spread evenly over its nodes.
    out.check_times_s.push_back(t);
    std::vector<double> people(zones.size(), 0.0), share(zones.size(), 0.0);
    const double* depth = h.data();
    for (std::size_t z = 0; z < zones.size(); ++z) {
      const ExposureZone& zone = zones[z];
      if (zone.nodes.empty()) continue;
      std::size_t wet = 0;
      NodeId first_wet{};
      for (NodeId n : zone.nodes) {
        const std::int64_t c = node_cell[static_cast<std::size_t>(n)];
        if (c >= 0 && depth[c] > options.exposure_depth_m) {
          if (wet == 0) first_wet = n;
          ++wet;
        }
      }
      share[z] = static_cast<double>(wet) / static_cast<double>(zone.nodes.size());
      people[z] = zone.population * share[z];
      if (!options.rescues || wet == 0 || zone.population < options.rescue_min_population) continue;
      std::size_t due = 1;
      if (options.people_per_rescue > 0.0)
        due += static_cast<std::size_t>(std::floor(people[z] / options.people_per_rescue));
      for (; reported[z] < due; ++reported[z]) out.rescues.push_back({t, static_cast<int>(z), first_wet, people[z]});
    }
    out.people_exposed.push_back(std::move(people));
    out.flooded_share.push_back(std::move(share));
    if (options.on_progress) options.on_progress({t, start_s, options.end_s, model.geometry().cell_count()});
  };
  const auto frame = [&]() {
    out.frame_times_s.push_back(model.time_s());
    out.frames_m.push_back(model.depth_m());
  };

  check();
  if (options.frame_interval_s > 0.0) {
    frame();
    next_frame_s += options.frame_interval_s;
  }
  // Checks at start + k * interval (never accumulated, so no drift), frames likewise.
  for (std::size_t k = 1;; ++k) {
    const double t = std::min(options.end_s, start_s + static_cast<double>(k) * options.interval_s);
    if (t <= model.time_s()) break;
    while (options.frame_interval_s > 0.0 && next_frame_s < t) {
      model.advance_to(next_frame_s);
      frame();
      next_frame_s = start_s + options.frame_interval_s * static_cast<double>(out.frame_times_s.size());
    }
    model.advance_to(t);
    check();
    if (options.frame_interval_s > 0.0 && next_frame_s <= t) {
      frame();
      next_frame_s = start_s + options.frame_interval_s * static_cast<double>(out.frame_times_s.size());
    }
    if (t >= options.end_s) break;
  }

  std::stable_sort(out.road_changes.begin(), out.road_changes.end(), [](const RoadChange& a, const RoadChange& b) {
    return std::make_pair(a.time_s, static_cast<std::uint32_t>(a.edge)) <
           std::make_pair(b.time_s, static_cast<std::uint32_t>(b.edge));
  });
  std::stable_sort(out.closures.begin(), out.closures.end(), [](const EdgeClosure& a, const EdgeClosure& b) {
    return std::make_tuple(static_cast<std::uint32_t>(a.edge), a.vehicle_class, a.closed_s) <
           std::make_tuple(static_cast<std::uint32_t>(b.edge), b.vehicle_class, b.closed_s);
  });
  out.arrival.hazard = "flood";
  out.arrival.node_arrival_s.assign(node_cell.size(), HazardArrival::kNever);
  const double* arrival = model.arrival_time_s().data();
  for (std::size_t n = 0; n < node_cell.size(); ++n) {
    if (node_cell[n] >= 0) out.arrival.node_arrival_s[n] = arrival[node_cell[n]];
  }
  out.max_depth_m = model.max_depth_m();
  out.arrival_time_s = model.arrival_time_s();
  out.mass_balance = model.mass_balance();
  return out;
}

}  // namespace dsim
