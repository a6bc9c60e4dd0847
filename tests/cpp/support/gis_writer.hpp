// SPDX-License-Identifier: MIT
#pragma once

// Writes small GIS files with GDAL for the tests of the GIS readers: vector
// layers (GeoJSON, GeoPackage, Shapefile) from WKT geometries and a GeoTIFF.

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace dsim::testing {

struct GisFeature {
  std::map<std::string, std::string> text;      // attribute -> value
  std::map<std::string, long long> integers;    // attribute -> value
  std::string wkt;                              // geometry, in the layer's coordinate reference system
};

inline OGRSpatialReference epsg(int code) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(code) != OGRERR_NONE) throw std::runtime_error("unknown EPSG code");
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

// Writes one layer with `driver` ("GeoJSON", "GPKG", "ESRI Shapefile").
inline void write_gis_layer(const std::filesystem::path& path, const std::string& driver, const std::string& layer_name,
                            int epsg_code, const std::vector<GisFeature>& features,
                            OGRwkbGeometryType type = wkbUnknown) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (drv == nullptr) throw std::runtime_error("no GDAL driver " + driver);
  std::filesystem::remove(path);
  GDALDatasetUniquePtr ds(drv->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path.string());
  OGRSpatialReference srs = epsg(epsg_code);
  OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), &srs, type, nullptr);
  std::map<std::string, bool> made;
  for (const GisFeature& f : features) {
    for (const auto& [name, value] : f.text)
      if (!made[name]) {
        OGRFieldDefn def(name.c_str(), OFTString);
        layer->CreateField(&def);
        made[name] = true;
      }
    for (const auto& [name, value] : f.integers)
      if (!made[name]) {
        OGRFieldDefn def(name.c_str(), OFTInteger64);
        layer->CreateField(&def);
        made[name] = true;
      }
  }
  for (const GisFeature& f : features) {
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (const auto& [name, value] : f.text) feature->SetField(name.c_str(), value.c_str());
    for (const auto& [name, value] : f.integers) feature->SetField(name.c_str(), static_cast<GIntBig>(value));
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkt(f.wkt.c_str(), &srs, &g) != OGRERR_NONE)
      throw std::runtime_error("bad WKT " + f.wkt);
    feature->SetGeometryDirectly(g);
    if (layer->CreateFeature(feature.get()) != OGRERR_NONE) throw std::runtime_error("cannot write a feature");
  }
}

// A single-band Float32 GeoTIFF, north row first; `top_left` is the corner of cell (0, 0).
inline void write_geotiff(const std::filesystem::path& path, int epsg_code, double left, double top, double cell,
                          int cols, int rows, const std::vector<float>& values, double nodata) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDatasetUniquePtr ds(drv->Create(path.string().c_str(), cols, rows, 1, GDT_Float32, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path.string());
  double gt[6] = {left, cell, 0.0, top, 0.0, -cell};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs = epsg(epsg_code);
  ds->SetSpatialRef(&srs);
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(nodata);
  std::vector<float> copy = values;
  if (band->RasterIO(GF_Write, 0, 0, cols, rows, copy.data(), cols, rows, GDT_Float32, 0, 0, nullptr) != CE_None)
    throw std::runtime_error("cannot write " + path.string());
}

// Converts WGS84 lon/lat to the given EPSG system.
inline std::pair<double, double> to_epsg(int code, double lon, double lat) {
  OGRSpatialReference wgs84 = epsg(4326), to = epsg(code);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &to));
  double x = lon, y = lat;
  if (!ct || !ct->Transform(1, &x, &y)) throw std::runtime_error("cannot transform");
  return {x, y};
}

}  // namespace dsim::testing
