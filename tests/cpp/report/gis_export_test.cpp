// SPDX-License-Identifier: MIT
// The GIS export read back with GDAL's C API: the layers a run has, each in
// EPSG:4326, with as many features as the tables have rows, the flood raster
// on the cells of flood_grid, and nothing written for an output it cannot write.
#include "sim/core/error.hpp"
#include "sim/report/gis_export.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <map>
#include <string>

using namespace dsim;

namespace {

// A flood of 3 x 4 cells (row 0 north) on an equirectangular grid, three
// incidents over two replications and two units: no scenario, so no region.
ResultsFile small_run() {
  ResultsFile file;
  ResultsTable& grid = file.add_table("flood_grid");
  auto row = grid.add_int64_column("row", "", "");
  auto col = grid.add_int64_column("col", "", "");
  auto lon = grid.add_double_column("lon", "deg", "");
  auto lat = grid.add_double_column("lat", "deg", "");
  auto depth = grid.add_double_column("max_depth_m", "m", "");
  auto arrival = grid.add_double_column("arrival_s", "s", "");
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) {
      row.push(r);
      col.push(c);
      lon.push(110.0 + 0.001 * (c + 0.5));
      lat.push(39.6 - 0.001 * (r + 0.5));
      depth.push(0.25 * (r * 4 + c));
      arrival.push(r == 2 ? std::nan("") : 60.0 * (r * 4 + c));
    }
  ResultsTable& inc = file.add_table("incidents");
  auto rep = inc.add_replication_column();
  auto type = inc.add_string_column("type", "", "incident type");
  auto ilon = inc.add_double_column("lon", "deg", "");
  auto ilat = inc.add_double_column("lat", "deg", "");
  auto response = inc.add_double_column("response_s", "s", "first arrival minus call");
  for (int i = 0; i < 3; ++i) {
    rep.push(i % 2);
    type.push(i == 0 ? "fire" : "traffic_accident");
    ilon.push(110.001 * (1 + 0.00001 * i));
    ilat.push(39.599);
    response.push(i == 2 ? std::nan("") : 200.0 + i);
  }
  ResultsTable& units = file.add_table("units");
  auto urep = units.add_replication_column();
  auto unit = units.add_string_column("unit", "", "");
  auto station = units.add_string_column("station", "", "");
  auto people = units.add_int64_column("people", "people", "");
  auto ulon = units.add_double_column("lon", "deg", "");
  auto ulat = units.add_double_column("lat", "deg", "");
  auto utilisation = units.add_double_column("utilisation", "1", "");
  for (int r = 0; r < 2; ++r)
    for (int u = 0; u < 2; ++u) {
      urep.push(r);
      unit.push(u == 0 ? "t1" : "t2");
      station.push("a");
      people.push(5);
      ulon.push(110.002);
      ulat.push(39.598);
      utilisation.push(0.1 * (r + 1));
    }
  return file;
}

struct ReadBack {
  std::map<std::string, GIntBig> counts;
  std::map<std::string, bool> wgs84;
};

ReadBack read_vectors(const std::filesystem::path& path) {
  ReadBack out;
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  REQUIRE(ds != nullptr);
  for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) {
    OGRLayerH layer = GDALDatasetGetLayer(ds, i);
    const std::string name = OGR_L_GetName(layer);
    out.counts[name] = OGR_L_GetFeatureCount(layer, TRUE);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    const char* code = srs != nullptr ? OSRGetAuthorityCode(srs, nullptr) : nullptr;
    out.wgs84[name] = code != nullptr && std::string(code) == "4326";
  }
  GDALClose(ds);
  return out;
}

}  // namespace

TEST_CASE("The GeoPackage holds the run's layers in EPSG:4326 with a feature per row", "[export]") {
  testing::TempDir dir;
  const RunView view = view_run(small_run(), dir.path());
  REQUIRE(view.region == nullptr);
  const auto out = dir / "run.gpkg";
  const GisExportSummary summary = export_geopackage(view, out);

  const ReadBack back = read_vectors(out);
  CHECK(back.counts.at("incidents") == 3);
  CHECK(back.counts.at("units") == 2);     // one feature per unit, averaged over replications
  CHECK(back.counts.at("stations") == 1);  // from the units table: no region
  CHECK(back.wgs84.at("incidents"));
  CHECK(back.wgs84.at("units"));
  CHECK(back.wgs84.at("stations"));
  CHECK(back.counts.count("demand_points") == 0);  // needs the region
  REQUIRE(!summary.skipped.empty());
  CHECK(summary.skipped.front().starts_with("demand_points: "));
  CHECK(back.counts.at("export_notes") > 10);

  // The depth raster: cell (row 1, col 2) of flood_grid, and nodata where the water never came.
  const std::string depth_name = "GPKG:" + out.string() + ":flood_max_depth";
  GDALDatasetH raster = GDALOpen(depth_name.c_str(), GA_ReadOnly);
  REQUIRE(raster != nullptr);
  CHECK(GDALGetRasterXSize(raster) == 4);
  CHECK(GDALGetRasterYSize(raster) == 3);
  double gt[6];
  REQUIRE(GDALGetGeoTransform(raster, gt) == CE_None);
  CHECK(gt[0] == Approx(110.0).margin(1e-9));
  CHECK(gt[3] == Approx(39.6).margin(1e-9));
  CHECK(gt[1] == Approx(0.001).epsilon(1e-9));
  CHECK(gt[5] == Approx(-0.001).epsilon(1e-9));
  const std::string wkt = GDALGetProjectionRef(raster);
  CHECK(wkt.find("4326") != std::string::npos);
  float cell = 0.0f;
  REQUIRE(GDALRasterIO(GDALGetRasterBand(raster, 1), GF_Read, 2, 1, 1, 1, &cell, 1, 1, GDT_Float32, 0, 0) == CE_None);
  CHECK(cell == Approx(0.25 * 6));
  GDALClose(raster);
  const std::string arrival_name = "GPKG:" + out.string() + ":flood_arrival";
  raster = GDALOpen(arrival_name.c_str(), GA_ReadOnly);
  REQUIRE(raster != nullptr);
  int has_nodata = 0;
  const double nodata = GDALGetRasterNoDataValue(GDALGetRasterBand(raster, 1), &has_nodata);
  REQUIRE(has_nodata);
  REQUIRE(GDALRasterIO(GDALGetRasterBand(raster, 1), GF_Read, 0, 2, 1, 1, &cell, 1, 1, GDT_Float32, 0, 0) == CE_None);
  CHECK(cell == Approx(nodata));
  GDALClose(raster);

  // Nothing but the GeoPackage is left in the folder (the temporary file was renamed).
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);
}

TEST_CASE("An output the export cannot write is an input error and leaves nothing", "[export]") {
  testing::TempDir dir;
  const RunView view = view_run(small_run(), dir.path());
  CHECK_THROWS_AS(export_geopackage(view, dir / "no_such_folder" / "run.gpkg"), InputError);
  CHECK_THROWS_AS(export_geopackage(view, dir.path()), InputError);
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("Threat zones are the cells at or above each level, where the grid's cells are", "[export]") {
  // A 4 x 5 grid, row 0 at the south, 0.002 degrees a cell; the peak grows to the north-east.
  ResultsFile file;
  ResultsTable& grid = file.add_table("chemical_grid");
  auto row = grid.add_int64_column("row", "", "");
  auto col = grid.add_int64_column("col", "", "");
  auto lon = grid.add_double_column("lon", "deg", "");
  auto lat = grid.add_double_column("lat", "deg", "");
  auto peak = grid.add_double_column("peak_mg_m3", "mg/m3", "");
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 5; ++c) {
      row.push(r);
      col.push(c);
      lon.push(110.0 + 0.002 * (c + 0.5));
      lat.push(39.0 + 0.002 * (r + 0.5));
      peak.push(10.0 * (r + c));  // 0 ... 70
    }
  grid.set_attribute("aegl1_mg_m3", 15.0);  // r + c >= 2: 20 - 3 = 17 cells
  grid.set_attribute("aegl2_mg_m3", 45.0);  // r + c >= 5: 6 cells
  grid.set_attribute("aegl3_mg_m3", 65.0);  // r + c >= 7: 1 cell (row 3, col 4)
  grid.set_attribute("cell_size_m", 200.0);
  testing::TempDir dir;
  const auto out = dir / "zones.gpkg";
  export_geopackage(view_run(std::move(file), dir.path()), out);

  GDALDatasetH ds = GDALOpenEx(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  REQUIRE(ds != nullptr);
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, "threat_zones");
  REQUIRE(layer != nullptr);
  CHECK(OGR_L_GetFeatureCount(layer, TRUE) == 3);
  const std::map<int, int> cells = {{1, 17}, {2, 6}, {3, 1}};
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    const int level = OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "level"));
    CHECK(OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "cells")) == cells.at(level));
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    REQUIRE(g != nullptr);
    // Area in square degrees: the level's cells of 0.002 x 0.002 degrees.
    CHECK(OGR_G_Area(g) == Approx(cells.at(level) * 0.002 * 0.002).epsilon(1e-6));
    // The north-east cell is in every zone; the south-west cell (peak 0) in none.
    OGRGeometryH ne = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(ne, 0, 110.009, 39.007);
    OGRGeometryH sw = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(sw, 0, 110.001, 39.001);
    CHECK(OGR_G_Contains(g, ne));
    CHECK_FALSE(OGR_G_Contains(g, sw));
    OGR_G_DestroyGeometry(ne);
    OGR_G_DestroyGeometry(sw);
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
}
