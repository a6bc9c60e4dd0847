// SPDX-License-Identifier: MIT
#include "sim/hazards/river_valley.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dsim {

PolylineProjection project_onto_polyline(const std::vector<GridPoint>& line, GridPoint p) {
  PolylineProjection best{std::numeric_limits<double>::infinity(), 0.0};
  double along = 0.0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const double ax = line[i].x, ay = line[i].y;
    const double dx = line[i + 1].x - ax, dy = line[i + 1].y - ay;
    const double len2 = dx * dx + dy * dy;
    const double len = std::sqrt(len2);
    const double t = len2 > 0.0 ? std::clamp(((p.x - ax) * dx + (p.y - ay) * dy) / len2, 0.0, 1.0) : 0.0;
    const double qx = ax + t * dx - p.x, qy = ay + t * dy - p.y;
    const double d = std::sqrt(qx * qx + qy * qy);
    if (d < best.distance_m) best = {d, along + t * len};
    along += len;
  }
  return best;
}

double river_bed_elevation(const RiverValleySpec& spec, double chainage_m) {
  return spec.bed_upstream_m - spec.bed_slope * chainage_m;
}

namespace {

double valley_elevation(const RiverValleySpec& s, PolylineProjection at) {
  const double bed = river_bed_elevation(s, at.chainage_m);
  const double half_channel = 0.5 * s.channel_width_m;
  const double d = at.distance_m;
  if (d <= half_channel) return bed;
  const double bank = bed + s.channel_depth_m;
  const double plain_end = std::max(s.floodplain_half_width_m, half_channel);
  if (d <= plain_end) return bank + s.floodplain_slope * (d - half_channel);
  const double edge = bank + s.floodplain_slope * (plain_end - half_channel);
  return edge + std::min(s.valley_rim_height_m, s.valley_side_slope * (d - plain_end));
}

}  // namespace

Grid make_river_valley(const RiverValleySpec& spec) {
  const std::string where = "river valley";
  if (spec.centreline.size() < 2) throw InputError(where, 0, "centreline", "at least two points");
  if (spec.geometry.units != GridUnits::metres) throw InputError(where, 0, "geometry", "a grid in metres");
  if (spec.geometry.cell_count() == 0) throw InputError(where, 0, "geometry", "at least one cell");
  for (auto [key, v] : {std::pair{"channel_width_m", spec.channel_width_m}, {"channel_depth_m", spec.channel_depth_m},
                        {"floodplain_half_width_m", spec.floodplain_half_width_m},
                        {"valley_rim_height_m", spec.valley_rim_height_m}, {"terrace_blend_m", spec.terrace_blend_m}})
    if (!(v >= 0.0)) throw InputError(where, 0, key, "a value >= 0", std::to_string(v));
  std::vector<double> terrace_level;
  for (const TownTerrace& t : spec.towns) {
    if (!(t.radius_m > 0.0)) throw InputError(where, 0, "towns." + t.name + ".radius_m", "a positive radius");
    terrace_level.push_back(river_bed_elevation(spec, project_onto_polyline(spec.centreline, t.centre).chainage_m) +
                            t.height_above_river_m);
  }
  Grid grid{spec.geometry, spec.geometry.filled(0.0)};
  for (std::size_t r = 0; r < spec.geometry.rows; ++r) {
    for (std::size_t c = 0; c < spec.geometry.cols; ++c) {
      const GridPoint p = spec.geometry.centre({r, c});
      double z = valley_elevation(spec, project_onto_polyline(spec.centreline, p));
      for (std::size_t k = 0; k < spec.towns.size(); ++k) {
        const TownTerrace& t = spec.towns[k];
        const double d = std::hypot(p.x - t.centre.x, p.y - t.centre.y);
        if (d <= t.radius_m) {
          z = terrace_level[k];
        } else if (d < t.radius_m + spec.terrace_blend_m) {
          const double w = (d - t.radius_m) / spec.terrace_blend_m;
          z = (1.0 - w) * terrace_level[k] + w * z;
        }
      }
      grid.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = z;
    }
  }
  return grid;
}

}  // namespace dsim
