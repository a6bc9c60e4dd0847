// SPDX-License-Identifier: MIT
#include "sim/hazards/dem_crop.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dsim {

Grid crop_grid(const Grid& grid, const GridRect& rect) {
  const GridGeometry& g = grid.geometry;
  Grid out;
  out.geometry = g;
  out.geometry.cols = out.geometry.rows = 0;
  const double c0 = std::floor((rect.x_min - g.x_lower_left) / g.cell_size);
  const double c1 = std::ceil((rect.x_max - g.x_lower_left) / g.cell_size);
  // Rows count from the north edge.
  const double r0 = std::floor((g.y_upper_right() - rect.y_max) / g.cell_size);
  const double r1 = std::ceil((g.y_upper_right() - rect.y_min) / g.cell_size);
  const auto col_lo = static_cast<std::size_t>(std::clamp(c0, 0.0, static_cast<double>(g.cols)));
  const auto col_hi = static_cast<std::size_t>(std::clamp(c1, 0.0, static_cast<double>(g.cols)));
  const auto row_lo = static_cast<std::size_t>(std::clamp(r0, 0.0, static_cast<double>(g.rows)));
  const auto row_hi = static_cast<std::size_t>(std::clamp(r1, 0.0, static_cast<double>(g.rows)));
  if (col_hi <= col_lo || row_hi <= row_lo) {
    out.values = out.geometry.filled(0.0);
    return out;
  }
  out.geometry.cols = col_hi - col_lo;
  out.geometry.rows = row_hi - row_lo;
  out.geometry.x_lower_left = g.x_lower_left + static_cast<double>(col_lo) * g.cell_size;
  out.geometry.y_lower_left = g.y_upper_right() - static_cast<double>(row_hi) * g.cell_size;
  out.values = grid.values.block(static_cast<Eigen::Index>(row_lo), static_cast<Eigen::Index>(col_lo),
                                 static_cast<Eigen::Index>(out.geometry.rows), static_cast<Eigen::Index>(out.geometry.cols));
  return out;
}

namespace {

GridGeometry cells_over(double x0, double y0, double x1, double y1, double cell_size) {
  GridGeometry out;
  out.units = GridUnits::metres;
  out.cell_size = cell_size;
  out.x_lower_left = x0;
  out.y_lower_left = y0;
  out.cols = static_cast<std::size_t>(std::max(0.0, std::floor((x1 - x0) / cell_size)));
  out.rows = static_cast<std::size_t>(std::max(0.0, std::floor((y1 - y0) / cell_size)));
  return out;
}

template <class ToSource>
Grid sample(const Grid& src, const GridGeometry& geometry, ToSource&& to_source) {
  Grid out;
  out.geometry = geometry;
  out.values = geometry.filled(std::numeric_limits<double>::quiet_NaN());
  for (std::size_t r = 0; r < geometry.rows; ++r) {
    for (std::size_t c = 0; c < geometry.cols; ++c) {
      if (auto v = src.interpolate(to_source(geometry.centre({r, c}))))
        out.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = *v;
    }
  }
  return out;
}

}  // namespace

Grid resample_grid(const Grid& grid, double cell_size, const GridRect& rect) {
  if (!(cell_size > 0.0)) throw Error("resample_grid: cell size must be positive");
  const GridGeometry& g = grid.geometry;
  const GridGeometry geometry =
      cells_over(std::max(rect.x_min, g.x_lower_left), std::max(rect.y_min, g.y_lower_left),
                 std::min(rect.x_max, g.x_upper_right()), std::min(rect.y_max, g.y_upper_right()), cell_size);
  return sample(grid, geometry, [](GridPoint p) { return p; });
}

GridGeometry local_geometry(const GridGeometry& g, const EquirectangularProjection& projection, double cell_size_m,
                            const GridRect* within) {
  if (g.units != GridUnits::degrees) throw Error("local_geometry: the source grid is not in degrees");
  if (!(cell_size_m > 0.0)) throw Error("local_geometry: cell size must be positive");
  // The source rectangle's corners in the local plane; with meridians
  // converging the image is a slight trapezoid, so keep the inner rectangle.
  const GridPoint sw = projection.to_local(g.x_lower_left, g.y_lower_left);
  const GridPoint se = projection.to_local(g.x_upper_right(), g.y_lower_left);
  const GridPoint nw = projection.to_local(g.x_lower_left, g.y_upper_right());
  const GridPoint ne = projection.to_local(g.x_upper_right(), g.y_upper_right());
  double x0 = std::max(sw.x, nw.x), x1 = std::min(se.x, ne.x);
  double y0 = std::max(sw.y, se.y), y1 = std::min(nw.y, ne.y);
  if (within != nullptr) {
    x0 = std::max(x0, within->x_min);
    x1 = std::min(x1, within->x_max);
    y0 = std::max(y0, within->y_min);
    y1 = std::min(y1, within->y_max);
  }
  return cells_over(x0, y0, x1, y1, cell_size_m);
}

Grid resample_to_local(const Grid& src, const EquirectangularProjection& projection, double cell_size_m,
                       const GridRect& within) {
  const GridGeometry geometry = local_geometry(src.geometry, projection, cell_size_m, &within);
  return sample(src, geometry, [&](GridPoint p) { return projection.to_lon_lat(p); });
}

}  // namespace dsim
