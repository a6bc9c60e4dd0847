// SPDX-License-Identifier: MIT
#pragma once

// The grids of a run as GIS layers: the flood's depth and arrival rasters,
// the chemical threat zones and the fire perimeters as polygons. Private to
// sim/report/gis_export.cpp.

#include "sim/report/gis_export.hpp"
#include "sim/report/gpkg_writer.hpp"
#include "sim/network/geodesy.hpp"

#include <array>
#include <string>
#include <vector>

namespace dsim::detail {

// A results grid table placed on lon/lat: the cell width and height in
// degrees fitted (least squares) to the cells' own lon/lat columns, and how
// far, at most, a cell centre of the fit lies from the one the table gives.
struct GridPlacement {
  int rows = 0, cols = 0;
  bool north_first = true;  // row 0 is the northernmost (flood_grid) or the southernmost
  std::array<double, 6> geotransform{};
  double max_error_m = 0.0;
  std::vector<std::size_t> line_of_row;  // per table row: line * cols + col in the north-up raster
  // A grid in the road network's plane (chemical and fire): its south-west
  // corner and cell size there, and the plane's projection; polygons are then
  // drawn in the plane and their corners projected to lon/lat exactly.
  const LocalProjection* plane = nullptr;
  double x0_m = 0.0, y0_m = 0.0, cell_m = 0.0;
};

// Throws InputError naming the table when its row/col/lon/lat columns are missing.
GridPlacement place_grid(const ResultsTable& table, bool north_first);

// flood_grid's max_depth_m and arrival_s; empty when the run has no flood.
std::vector<GisRaster> flood_rasters(const RunView& view);

// Polygons (one multipolygon per AEGL level) of chemical_grid cells whose
// peak reached the level, into the layer threat_zones.
void write_threat_zones(const RunView& view, GpkgWriter& out, GisExportSummary& summary);

// The burned area by each output time of fire_perimeters, per replication,
// into fire_perimeters; and the unfought forecast of fire_grid into fire_forecast.
void write_fire_perimeters(const RunView& view, GpkgWriter& out, GisExportSummary& summary);

}  // namespace dsim::detail
