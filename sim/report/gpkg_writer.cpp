// SPDX-License-Identifier: MIT
#include "sim/report/gpkg_writer.hpp"

#include "sim/core/error.hpp"
#include "sim/io/gdal_session.hpp"

#include <ogr_spatialref.h>

#include <cmath>
#include <random>

namespace dsim::detail {

namespace fs = std::filesystem;

namespace {

OGRSpatialReference wgs84() {
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // x = lon, y = lat
  return srs;
}

fs::path temporary_next_to(const fs::path& target) {
  std::random_device device;
  const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string suffix = ".partial-";
  for (int i = 0; i < 6; ++i) suffix += alphabet[device() % (sizeof alphabet - 1)];
  fs::path candidate = target;
  candidate += suffix + ".gpkg";
  return candidate;
}

}  // namespace

GpkgWriter::GpkgWriter(fs::path target) : target_(std::move(target)) {
  gdal_register_once();
  const fs::path folder = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError(target_.string(), 0, "", "an output path in an existing folder", "no folder " + folder.string());
  if (fs::is_directory(target_, ec))
    throw InputError(target_.string(), 0, "", "an output file name", "a folder");
  temporary_ = temporary_next_to(target_);
}

GpkgWriter::~GpkgWriter() {
  dataset_.reset();
  if (created_) {
    std::error_code ignored;
    fs::remove(temporary_, ignored);
    fs::path journal = temporary_;
    journal += "-journal";
    fs::remove(journal, ignored);
  }
}

void GpkgWriter::fail(const std::string& what) const {
  throw InputError(target_.string(), 0, "", "a GeoPackage GDAL can write there", what + ": " + gdal_error_or("failed"));
}

void GpkgWriter::add_raster(const GisRaster& raster) {
  if (dataset_) throw Error("GpkgWriter: rasters must come before the vector layers");
  const GdalQuiet quiet;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (mem == nullptr || gpkg == nullptr) fail("GDAL has no MEM or GPKG driver");
  GDALDatasetUniquePtr grid(mem->Create("", raster.cols, raster.rows, 1, GDT_Float32, nullptr));
  if (!grid) fail("cannot make the raster " + raster.name + " in memory");
  std::array<double, 6> gt = raster.geotransform;
  grid->SetGeoTransform(gt.data());
  const OGRSpatialReference srs = wgs84();
  grid->SetSpatialRef(&srs);
  std::vector<float> values = raster.cells;
  for (float& v : values)
    if (!std::isfinite(v)) v = static_cast<float>(kGisRasterNoData);
  GDALRasterBand* band = grid->GetRasterBand(1);
  band->SetNoDataValue(kGisRasterNoData);
  band->SetDescription(raster.description.c_str());
  if (band->RasterIO(GF_Write, 0, 0, raster.cols, raster.rows, values.data(), raster.cols, raster.rows, GDT_Float32,
                     0, 0, nullptr) != CE_None)
    fail("cannot fill the raster " + raster.name);
  const std::string table = "RASTER_TABLE=" + raster.name;
  const std::string identifier = "RASTER_IDENTIFIER=" + raster.name;
  const std::string description = "RASTER_DESCRIPTION=" + raster.description;
  const char* options[] = {table.c_str(), identifier.c_str(), description.c_str(), "TILE_FORMAT=TIFF",
                           created_ ? "APPEND_SUBDATASET=YES" : nullptr, nullptr};
  created_ = true;  // from here on the file may exist and is removed on failure
  GDALDatasetUniquePtr out(gpkg->CreateCopy(temporary_.c_str(), grid.get(), FALSE,
                                            const_cast<char**>(options), nullptr, nullptr));
  if (!out) fail("cannot write the raster " + raster.name);
  out.reset();
}

GDALDataset& GpkgWriter::vectors() {
  if (dataset_) return *dataset_;
  GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (gpkg == nullptr) fail("GDAL has no GPKG driver");
  if (created_) {
    dataset_.reset(GDALDataset::Open(temporary_.c_str(), GDAL_OF_VECTOR | GDAL_OF_RASTER | GDAL_OF_UPDATE, nullptr,
                                     nullptr, nullptr));
    if (!dataset_) fail("cannot reopen " + temporary_.string());
  } else {
    created_ = true;
    dataset_.reset(gpkg->Create(temporary_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_) fail("cannot create " + temporary_.string());
  }
  return *dataset_;
}

OGRLayer& GpkgWriter::add_layer(const std::string& name, OGRwkbGeometryType type, const std::vector<GisField>& fields,
                                const std::string& description) {
  const GdalQuiet quiet;
  GDALDataset& ds = vectors();
  OGRSpatialReference srs = wgs84();
  const std::string describe = "DESCRIPTION=" + description;
  const char* options[] = {describe.c_str(), nullptr};
  OGRLayer* layer =
      ds.CreateLayer(name.c_str(), type == wkbNone ? nullptr : &srs, type, const_cast<char**>(options));
  if (layer == nullptr) fail("cannot add the layer " + name);
  note({name, "", "", description});
  for (const GisField& f : fields) {
    OGRFieldDefn defn(f.name.c_str(), f.type);
    std::string alias = f.meaning;
    if (!f.unit.empty()) alias += " (" + f.unit + ")";
    defn.SetAlternativeName(alias.c_str());
    if (layer->CreateField(&defn) != OGRERR_NONE) fail("cannot add the field " + name + "." + f.name);
    if (name != "export_notes") note({name, f.name, f.unit, f.meaning});
  }
  return *layer;
}

void GpkgWriter::set_real(OGRFeature& feature, int field, double value) {
  if (std::isfinite(value))
    feature.SetField(field, value);
  else
    feature.SetFieldNull(field);
}

void GpkgWriter::add_feature(OGRLayer& layer, OGRFeature& feature, OGRGeometry* geometry) {
  if (geometry != nullptr) {
    if (OGRSpatialReference* srs = layer.GetSpatialRef(); srs != nullptr) geometry->assignSpatialReference(srs);
    feature.SetGeometryDirectly(geometry);
  }
  const GdalQuiet quiet;
  if (layer.CreateFeature(&feature) != OGRERR_NONE) fail(std::string("cannot add a feature to ") + layer.GetName());
}

void GpkgWriter::begin(OGRLayer& layer) {
  // A layer's features in one SQLite transaction (much faster); without one they are written one by one.
  if (layer.StartTransaction() != OGRERR_NONE) CPLErrorReset();
}

void GpkgWriter::commit(OGRLayer& layer) {
  const GdalQuiet quiet;
  if (layer.CommitTransaction() != OGRERR_NONE) fail(std::string("cannot write the features of ") + layer.GetName());
}

void GpkgWriter::metadata(const std::string& key, const std::string& value) { metadata_.emplace_back(key, value); }

void GpkgWriter::finish() {
  const GdalQuiet quiet;
  const std::vector<GisNote> notes = notes_;
  OGRLayer& table = add_layer("export_notes", wkbNone,
                              {{"layer", OFTString, "", "layer or raster the note is about"},
                               {"field", OFTString, "", "field (empty: the layer itself)"},
                               {"unit", OFTString, "", "unit of the field"},
                               {"meaning", OFTString, "", "what it holds, or why the layer was skipped"}},
                              "what every layer and field of this export holds, with units; layers skipped and why");
  begin(table);
  for (const GisNote& n : notes) {
    OGRFeature feature(table.GetLayerDefn());
    feature.SetField(0, n.layer.c_str());
    feature.SetField(1, n.field.c_str());
    feature.SetField(2, n.unit.c_str());
    feature.SetField(3, n.meaning.c_str());
    add_feature(table, feature, nullptr);
  }
  commit(table);
  for (const auto& [key, value] : metadata_) dataset_->SetMetadataItem(key.c_str(), value.c_str());
  CPLErrorReset();
  dataset_.reset();  // closes the file
  if (CPLGetLastErrorType() >= CE_Failure) fail("cannot finish " + temporary_.string());
  std::error_code ec;
  fs::rename(temporary_, target_, ec);
  if (ec) throw InputError(target_.string(), 0, "", "an output path that can be replaced", ec.message());
  created_ = false;
}

}  // namespace dsim::detail
