// SPDX-License-Identifier: MIT
#pragma once

// The GeoPackage the GIS export writes, through GDAL's GPKG driver: vector
// layers in EPSG:4326 with documented fields, Float32 raster layers (gridded
// coverages), a notes table, all in a temporary file renamed over the target
// at the end. Private to sim/report/: includes GDAL.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace dsim::detail {

struct GisField {
  std::string name;
  OGRFieldType type = OFTReal;  // OFTInteger64, OFTReal or OFTString
  std::string unit;             // "s", "m", "deg", "people"; empty: none
  std::string meaning;
};

// A raster in lon/lat: line 0 is the northernmost; `geotransform` as GDAL's
// (west edge, cell width in degrees, 0, north edge, 0, -cell height).
struct GisRaster {
  std::string name;
  std::string description;
  int rows = 0, cols = 0;
  std::array<double, 6> geotransform{};
  std::vector<float> cells;  // rows x cols, line-major; NaN: no data
};

inline constexpr double kGisRasterNoData = -9999.0;

// One row of the notes table: a layer's description (field empty) or a
// field's unit and meaning, or why a layer was skipped.
struct GisNote {
  std::string layer, field, unit, meaning;
};

class GpkgWriter {
 public:
  // Creates the temporary file next to `target` (InputError naming the
  // target when its folder cannot be written).
  explicit GpkgWriter(std::filesystem::path target);
  ~GpkgWriter();  // removes the temporary file unless finished
  GpkgWriter(const GpkgWriter&) = delete;
  GpkgWriter& operator=(const GpkgWriter&) = delete;

  // Rasters first: they make the file (GDAL adds raster tables with
  // APPEND_SUBDATASET to a GeoPackage that has no open writer).
  void add_raster(const GisRaster& raster);

  // A vector layer in EPSG:4326; its description and fields go to the
  // GeoPackage's gpkg_contents and to the notes table.
  OGRLayer& add_layer(const std::string& name, OGRwkbGeometryType type, const std::vector<GisField>& fields,
                      const std::string& description);
  // Adds a feature (taking its geometry, none when null); NaN and infinite
  // reals are stored as NULL.
  void add_feature(OGRLayer& layer, OGRFeature& feature, OGRGeometry* geometry);
  // Wraps the features of a layer in one transaction.
  void begin(OGRLayer& layer);
  void commit(OGRLayer& layer);
  static void set_real(OGRFeature& feature, int field, double value);

  void note(GisNote note) { notes_.push_back(std::move(note)); }
  void metadata(const std::string& key, const std::string& value);

  // Writes the notes table, closes the file and renames it over the target.
  void finish();

 private:
  GDALDataset& vectors();
  [[noreturn]] void fail(const std::string& what) const;

  std::filesystem::path target_, temporary_;
  GDALDatasetUniquePtr dataset_;
  bool created_ = false;  // the temporary file exists
  std::vector<GisNote> notes_;
  std::vector<std::pair<std::string, std::string>> metadata_;
};

}  // namespace dsim::detail
