// SPDX-License-Identifier: MIT
#pragma once

// A run as GIS layers: one GeoPackage (OGC, written by GDAL's GPKG driver)
// that QGIS and ArcGIS open, with the stations and units, the demand points
// and their 5-minute cover, the incidents, the road closures over time, the
// flood's depth and arrival rasters, the chemical threat zones and the fire
// perimeters the run has. Every layer is in EPSG:4326 (lon/lat, WGS84).
// docs/output-format.md ("GIS export") lists layers, fields and units.

#include "sim/report/run_view.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dsim {

struct GisLayerSummary {
  std::string name;
  std::string kind;  // points, lines, polygons, raster, table
  std::size_t features = 0;  // features; for a raster its cells (rows x cols)
  std::string note;          // what it holds, as the layer's description says
};

struct GisExportSummary {
  std::vector<GisLayerSummary> layers;
  // "demand_points: <why>" for each layer the run's data would allow but
  // that could not be written (the region could not be reloaded).
  std::vector<std::string> skipped;
};

// Called before each step: its name, and how many of the steps are done.
using GisExportProgress = std::function<void(const std::string& step, std::size_t done, std::size_t total)>;

// Writes the layers of `view` into the GeoPackage `output`, through a
// temporary file next to it renamed at the end (nothing half-written is left).
// Throws InputError for an output that cannot be written.
GisExportSummary export_geopackage(const RunView& view, const std::filesystem::path& output,
                                   const GisExportProgress& progress = {});

}  // namespace dsim
