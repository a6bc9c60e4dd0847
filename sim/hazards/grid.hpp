// SPDX-License-Identifier: MIT
#pragma once

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

namespace dsim {

// Cell values of a raster, row 0 at the north edge (as in ESRI ASCII files),
// row-major so that a row is contiguous. Missing values (NODATA) are NaN.
using GridArray = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Units of a grid's coordinates: metres in a projected (or local) CRS, or
// degrees of longitude/latitude (SRTM tiles).
enum class GridUnits { metres, degrees };

// A position in a grid's own coordinates (x east, y north).
struct GridPoint {
  double x = 0.0;
  double y = 0.0;
};

// Row and column of a cell; row 0 is the northernmost row.
struct GridCell {
  std::size_t row = 0;
  std::size_t col = 0;
  bool operator==(const GridCell&) const = default;
};

// Where a regular grid lies: the lower-left (south-west) corner of its
// lower-left cell and a square cell size, both in the grid's units.
struct GridGeometry {
  std::size_t cols = 0;
  std::size_t rows = 0;
  double x_lower_left = 0.0;
  double y_lower_left = 0.0;
  double cell_size = 1.0;
  GridUnits units = GridUnits::metres;

  std::size_t cell_count() const { return cols * rows; }
  double width() const { return static_cast<double>(cols) * cell_size; }
  double height() const { return static_cast<double>(rows) * cell_size; }
  double x_upper_right() const { return x_lower_left + width(); }
  double y_upper_right() const { return y_lower_left + height(); }

  // Centre of a cell.
  GridPoint centre(GridCell cell) const {
    return {x_lower_left + (static_cast<double>(cell.col) + 0.5) * cell_size,
            y_lower_left + (static_cast<double>(rows - cell.row) - 0.5) * cell_size};
  }

  // The cell that contains a point (a point on a shared edge belongs to the
  // cell east / south of it, the outer edges to the cells inside); nothing
  // outside the grid.
  std::optional<GridCell> cell_at(GridPoint p) const;

  // The cells a polyline passes through, each once, in the order the line
  // first enters them. Parts outside the grid are skipped.
  std::vector<GridCell> cells_along(const std::vector<GridPoint>& polyline) const;

  // An array of this grid's shape filled with `value`.
  GridArray filled(double value) const {
    return GridArray::Constant(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols), value);
  }

  bool operator==(const GridGeometry&) const = default;
};

// Bilinear interpolation of `values` (laid out as `g`) between cell centres,
// clamped at the edges; NaN where a contributing cell is NaN, nothing
// outside the grid.
std::optional<double> interpolate_bilinear(const GridGeometry& g, const GridArray& values, GridPoint p);

// A raster: where it lies and its values (NaN where there is no data).
struct Grid {
  GridGeometry geometry;
  GridArray values;

  double at(GridCell c) const {
    return values(static_cast<Eigen::Index>(c.row), static_cast<Eigen::Index>(c.col));
  }
  // Value of the cell containing `p`, or nothing outside the grid.
  std::optional<double> value_at(GridPoint p) const {
    auto c = geometry.cell_at(p);
    if (!c) return std::nullopt;
    return at(*c);
  }
  // Bilinear interpolation between cell centres (clamped at the edges); NaN
  // where a contributing cell has no data, nothing outside the grid.
  std::optional<double> interpolate(GridPoint p) const { return interpolate_bilinear(geometry, values, p); }
};

}  // namespace dsim
