// SPDX-License-Identifier: MIT
#include "sim/io/raster_sample.hpp"

#include "sim/core/error.hpp"
#include "sim/io/gdal_session.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace dsim {

namespace {

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};

}  // namespace

RasterSample sample_raster(const std::string& path, const std::string& key, std::span<const LonLat> points,
                           int band_number, bool bilinear) {
  gdal_register_once();
  const GdalQuiet quiet;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw InputError(path, 0, key, "a raster GDAL can open (GeoTIFF, ...)", gdal_error_or("unreadable"));
  if (band_number < 1 || band_number > ds->GetRasterCount())
    throw InputError(path, 0, key, "a raster with band " + std::to_string(band_number),
                     std::to_string(ds->GetRasterCount()) + " bands");
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None)
    throw InputError(path, 0, key, "a georeferenced raster (a geotransform)", "none");
  if (gt[2] != 0.0 || gt[4] != 0.0 || gt[1] == 0.0 || gt[5] == 0.0)
    throw InputError(path, 0, key, "a north-up raster (no rotation)", "a rotated geotransform");
  std::vector<double> xs(points.size()), ys(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    xs[i] = points[i].lon;
    ys[i] = points[i].lat;
  }
  if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
    OGRSpatialReference to(*srs);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!to.IsSame(&wgs84)) {
      std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> ct(OGRCreateCoordinateTransformation(&wgs84, &to));
      if (!ct) throw InputError(path, 0, key, "a coordinate reference system that converts from WGS84",
                                gdal_error_or("unknown"));
      if (!points.empty() && !ct->Transform(static_cast<int>(xs.size()), xs.data(), ys.data()))
        throw InputError(path, 0, key, "points that convert to the raster's coordinates", gdal_error_or("failed"));
    }
  }
  GDALRasterBand* band = ds->GetRasterBand(band_number);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  const int cols = ds->GetRasterXSize(), rows = ds->GetRasterYSize();
  std::vector<double> cells(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows));
  if (band->RasterIO(GF_Read, 0, 0, cols, rows, cells.data(), cols, rows, GDT_Float64, 0, 0, nullptr) != CE_None)
    throw InputError(path, 0, key, "a readable raster", gdal_error_or("a read error"));
  RasterSample out;
  out.values.assign(points.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double c = std::floor((xs[i] - gt[0]) / gt[1]);
    const double r = std::floor((ys[i] - gt[3]) / gt[5]);
    if (!(c >= 0.0 && r >= 0.0 && c < cols && r < rows)) {
      ++out.outside;
      continue;
    }
    const auto at = [&](double rr, double cc) {
      const double v = cells[static_cast<std::size_t>(rr) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(cc)];
      return !std::isfinite(v) || (has_nodata && v == nodata) ? std::numeric_limits<double>::quiet_NaN() : v;
    };
    double v = at(r, c);
    if (bilinear) {
      // Between the centres of the four nearest cells, where all four have data.
      const double fc = (xs[i] - gt[0]) / gt[1] - 0.5, fr = (ys[i] - gt[3]) / gt[5] - 0.5;
      const double c0 = std::clamp(std::floor(fc), 0.0, double(cols - 1)), r0 = std::clamp(std::floor(fr), 0.0, double(rows - 1));
      const double c1 = std::min(c0 + 1.0, double(cols - 1)), r1 = std::min(r0 + 1.0, double(rows - 1));
      const double tc = std::clamp(fc - c0, 0.0, 1.0), tr = std::clamp(fr - r0, 0.0, 1.0);
      const double b = (1 - tr) * ((1 - tc) * at(r0, c0) + tc * at(r0, c1)) + tr * ((1 - tc) * at(r1, c0) + tc * at(r1, c1));
      if (std::isfinite(b)) v = b;
    }
    if (std::isnan(v)) {
      ++out.outside;
      continue;
    }
    out.values[i] = v;
  }
  return out;
}

}  // namespace dsim
