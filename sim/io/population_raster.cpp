// SPDX-License-Identifier: MIT
#include "sim/io/population_raster.hpp"

#include "sim/core/error.hpp"
#include "sim/io/gdal_session.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

namespace dsim {

namespace {

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};

struct LonLatBox {
  double min_lon = 1e9, min_lat = 1e9, max_lon = -1e9, max_lat = -1e9;
  bool contains(double lon, double lat) const {
    return lon >= min_lon && lon <= max_lon && lat >= min_lat && lat <= max_lat;
  }
};

// Calls `cell(lon, lat, people)` for every cell holding people whose centre
// lies in `box`, row by row; returns the people of every cell, and those
// outside the box in `outside`.
double for_each_cell(const PopulationRasterSpec& spec, const std::string& key, const LonLatBox& box, double& outside,
                     const std::function<void(double lon, double lat, double people)>& cell) {
  const GdalQuiet quiet;
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(spec.path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw InputError(spec.path, 0, key, "a raster GDAL can open (GeoTIFF, ...)", gdal_error_or("unreadable"));
  if (spec.band < 1 || spec.band > ds->GetRasterCount())
    throw InputError(spec.path, 0, key + ".band", "a band from 1 to " + std::to_string(ds->GetRasterCount()),
                     std::to_string(spec.band));
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None)
    throw InputError(spec.path, 0, key, "a georeferenced raster (a geotransform)", "none");
  std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> to_wgs84;
  if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
    OGRSpatialReference from(*srs);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!from.IsSame(&wgs84)) {
      to_wgs84.reset(OGRCreateCoordinateTransformation(&from, &wgs84));
      if (!to_wgs84) throw InputError(spec.path, 0, key, "a coordinate reference system that converts to WGS84",
                                      gdal_error_or("unknown"));
    }
  }
  GDALRasterBand* band = ds->GetRasterBand(spec.band);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  const int cols = ds->GetRasterXSize(), rows = ds->GetRasterYSize();
  std::vector<double> values(static_cast<std::size_t>(cols)), xs, ys;
  double total = 0.0;
  outside = 0.0;
  for (int r = 0; r < rows; ++r) {
    if (band->RasterIO(GF_Read, 0, r, cols, 1, values.data(), cols, 1, GDT_Float64, 0, 0, nullptr) != CE_None)
      throw InputError(spec.path, static_cast<std::size_t>(r) + 1, key, "a readable raster row",
                       gdal_error_or("a read error"));
    xs.clear();
    ys.clear();
    std::vector<int> at;
    for (int c = 0; c < cols; ++c) {
      const double v = values[static_cast<std::size_t>(c)];
      if (!std::isfinite(v) || (has_nodata && v == nodata) || v <= 0.0) continue;
      xs.push_back(gt[0] + (c + 0.5) * gt[1] + (r + 0.5) * gt[2]);
      ys.push_back(gt[3] + (c + 0.5) * gt[4] + (r + 0.5) * gt[5]);
      at.push_back(c);
    }
    if (at.empty()) continue;
    if (to_wgs84 && !to_wgs84->Transform(static_cast<int>(xs.size()), xs.data(), ys.data()))
      throw InputError(spec.path, static_cast<std::size_t>(r) + 1, key, "cells that convert to WGS84",
                       gdal_error_or("a failed conversion"));
    for (std::size_t i = 0; i < at.size(); ++i) {
      if (xs[i] < -180.0 || xs[i] > 180.0 || ys[i] < -90.0 || ys[i] > 90.0)
        throw InputError(spec.path, static_cast<std::size_t>(r) + 1, key,
                         "cells in longitude/latitude (a raster without a coordinate reference system is taken as "
                         "WGS84)",
                         std::to_string(xs[i]) + " " + std::to_string(ys[i]));
      const double people = values[static_cast<std::size_t>(at[i])];
      total += people;
      if (!box.contains(xs[i], ys[i])) outside += people;
      else cell(xs[i], ys[i], people);
    }
  }
  return total;
}

}  // namespace

RasterPopulation population_onto_zones(const PopulationRasterSpec& spec, const std::vector<Zone>& zones,
                                       const std::string& key) {
  struct Box {
    double min_lon = 1e9, min_lat = 1e9, max_lon = -1e9, max_lat = -1e9;
  };
  std::vector<Box> boxes(zones.size());
  LonLatBox all;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    const auto widen = [&b = boxes[z]](const std::vector<LonLat>& ring) {
      for (const LonLat& p : ring) {
        b.min_lon = std::min(b.min_lon, p.lon);
        b.max_lon = std::max(b.max_lon, p.lon);
        b.min_lat = std::min(b.min_lat, p.lat);
        b.max_lat = std::max(b.max_lat, p.lat);
      }
    };
    widen(zones[z].polygon);
    for (const auto& ring : zones[z].more_rings) widen(ring);
    all.min_lon = std::min(all.min_lon, boxes[z].min_lon);
    all.max_lon = std::max(all.max_lon, boxes[z].max_lon);
    all.min_lat = std::min(all.min_lat, boxes[z].min_lat);
    all.max_lat = std::max(all.max_lat, boxes[z].max_lat);
  }
  RasterPopulation out;
  out.people.assign(zones.size(), 0.0);
  double outside = 0.0;
  out.total = for_each_cell(spec, key, all, outside, [&](double lon, double lat, double people) {
    ++out.cells;
    for (std::size_t z = 0; z < zones.size(); ++z) {
      const Box& b = boxes[z];
      if (lon < b.min_lon || lon > b.max_lon || lat < b.min_lat || lat > b.max_lat) continue;
      if (zone_contains(zones[z], {lon, lat})) {
        out.people[z] += people;
        return;
      }
    }
    out.unassigned += people;
  });
  out.unassigned += outside;
  return out;
}

RasterPopulation population_onto_nodes(const PopulationRasterSpec& spec, const RoadNetwork& network,
                                       const std::string& key) {
  if (!network.has_coordinates())
    throw InputError(spec.path, 0, key + ".onto", "zones: this road network has no coordinates", "nodes");
  const BoundingBox& b = network.bounding_box();
  RasterPopulation out;
  out.people.assign(network.node_count(), 0.0);
  out.total = for_each_cell(spec, key, {b.min_lon, b.min_lat, b.max_lon, b.max_lat}, out.unassigned,
                            [&](double lon, double lat, double people) {
                              ++out.cells;
                              out.people[index(network.nearest_node(lon, lat))] += people;
                            });
  return out;
}

}  // namespace dsim
