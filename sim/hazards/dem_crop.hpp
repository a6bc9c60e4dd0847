// SPDX-License-Identifier: MIT
#pragma once

// Cutting a DEM down to the part a flood needs, and coarsening its cells.

#include "sim/hazards/equirectangular_projection.hpp"
#include "sim/hazards/grid.hpp"

#include <cstddef>

namespace dsim {

// An axis-aligned rectangle in a grid's coordinates.
struct GridRect {
  double x_min = 0.0;
  double y_min = 0.0;
  double x_max = 0.0;
  double y_max = 0.0;
};

// The whole cells of a grid that overlap `rect`, values copied unchanged.
// An empty grid (0 x 0) when they do not overlap.
Grid crop_grid(const Grid& grid, const GridRect& rect);

// Resamples a metric grid onto square cells of `cell_size` over `rect`
// (clipped to the grid): bilinear between source cell centres, NaN where a
// contributing source cell had none.
Grid resample_grid(const Grid& grid, double cell_size, const GridRect& rect);

// Where resample_to_local puts its cells: the largest axis-aligned rectangle
// of the projection inside the longitude/latitude grid `geographic`,
// intersected with `within` when given, in whole cells of cell_size_m.
GridGeometry local_geometry(const GridGeometry& geographic, const EquirectangularProjection& projection,
                            double cell_size_m, const GridRect* within = nullptr);
// resample_to_local over local_geometry(..., within) only.
Grid resample_to_local(const Grid& geographic, const EquirectangularProjection& projection, double cell_size_m,
                       const GridRect& within);

}  // namespace dsim
