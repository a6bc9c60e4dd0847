// SPDX-License-Identifier: MIT
#include "sim/hazards/equirectangular_projection.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dsim {

namespace {
constexpr double kWgs84A = 6378137.0;                // semi-major axis (m)
constexpr double kWgs84F = 1.0 / 298.257223563;      // flattening
constexpr double kWgs84E2 = kWgs84F * (2.0 - kWgs84F);  // first eccentricity squared
constexpr double kRadPerDeg = std::numbers::pi / 180.0;
}  // namespace

double metres_per_degree_latitude(double latitude_deg) {
  const double s = std::sin(latitude_deg * kRadPerDeg);
  // Meridional radius of curvature M.
  const double m = kWgs84A * (1.0 - kWgs84E2) / std::pow(1.0 - kWgs84E2 * s * s, 1.5);
  return m * kRadPerDeg;
}

double metres_per_degree_longitude(double latitude_deg) {
  const double phi = latitude_deg * kRadPerDeg;
  const double s = std::sin(phi);
  // Prime-vertical radius of curvature N times cos(latitude).
  const double n = kWgs84A / std::sqrt(1.0 - kWgs84E2 * s * s);
  return n * std::cos(phi) * kRadPerDeg;
}

EquirectangularProjection::EquirectangularProjection(double origin_lon_deg, double origin_lat_deg)
    : origin_lon_deg_(origin_lon_deg),
      origin_lat_deg_(origin_lat_deg),
      metres_per_deg_lon_(metres_per_degree_longitude(origin_lat_deg)),
      metres_per_deg_lat_(metres_per_degree_latitude(origin_lat_deg)) {}

Grid resample_to_local(const Grid& src, const EquirectangularProjection& projection, double cell_size_m) {
  if (src.geometry.units != GridUnits::degrees) throw Error("resample_to_local: the source grid is not in degrees");
  if (!(cell_size_m > 0.0)) throw Error("resample_to_local: cell size must be positive");
  const GridGeometry& g = src.geometry;
  // The source rectangle's corners in the local plane; with meridians
  // converging the image is a slight trapezoid, so keep the inner rectangle.
  const GridPoint sw = projection.to_local(g.x_lower_left, g.y_lower_left);
  const GridPoint se = projection.to_local(g.x_upper_right(), g.y_lower_left);
  const GridPoint nw = projection.to_local(g.x_lower_left, g.y_upper_right());
  const GridPoint ne = projection.to_local(g.x_upper_right(), g.y_upper_right());
  const double x0 = std::max(sw.x, nw.x);
  const double x1 = std::min(se.x, ne.x);
  const double y0 = std::max(sw.y, se.y);
  const double y1 = std::min(nw.y, ne.y);
  Grid out;
  out.geometry.units = GridUnits::metres;
  out.geometry.cell_size = cell_size_m;
  out.geometry.x_lower_left = x0;
  out.geometry.y_lower_left = y0;
  out.geometry.cols = static_cast<std::size_t>(std::max(0.0, std::floor((x1 - x0) / cell_size_m)));
  out.geometry.rows = static_cast<std::size_t>(std::max(0.0, std::floor((y1 - y0) / cell_size_m)));
  out.values = out.geometry.filled(std::numeric_limits<double>::quiet_NaN());
  for (std::size_t r = 0; r < out.geometry.rows; ++r) {
    for (std::size_t c = 0; c < out.geometry.cols; ++c) {
      const GridPoint lonlat = projection.to_lon_lat(out.geometry.centre({r, c}));
      if (auto v = src.interpolate(lonlat))
        out.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = *v;
    }
  }
  return out;
}

}  // namespace dsim
