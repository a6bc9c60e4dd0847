// SPDX-License-Identifier: MIT
#include "sim/report/gis_grids.hpp"

#include "sim/core/error.hpp"
#include "sim/io/gdal_session.hpp"

#include <gdal_alg.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numbers>
#include <set>

namespace dsim::detail {

namespace {

constexpr double kMetresPerDegree = 6'371'008.8 * std::numbers::pi / 180.0;  // mean Earth radius

double attribute_number(const ResultsTable& table, const std::string& name) {
  const auto it = table.attributes().find(name);
  if (it == table.attributes().end()) return std::numeric_limits<double>::quiet_NaN();
  if (const auto* d = std::get_if<double>(&it->second)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&it->second)) return static_cast<double>(*i);
  return std::numeric_limits<double>::quiet_NaN();
}

// Least-squares a + b * x through (x, y).
std::pair<double, double> fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const double d = n * sxx - sx * sx;
  if (d == 0.0) return {sy / n, 0.0};
  const double b = (n * sxy - sx * sy) / d;
  return {(sy - b * sx) / n, b};
}

const std::vector<std::int64_t>& need_int(const ResultsTable& t, const char* column) {
  const auto* c = int_column(&t, column);
  if (c == nullptr) throw InputError(t.name(), 0, column, "an int64 column " + std::string(column) + " in " + t.name());
  return *c;
}
const std::vector<double>& need_double(const ResultsTable& t, const char* column) {
  const auto* c = double_column(&t, column);
  if (c == nullptr)
    throw InputError(t.name(), 0, column, "a float64 column " + std::string(column) + " in " + t.name());
  return *c;
}

// Places a grid of the network's plane (south-west corner attributes
// `x_attr`, `y_attr`, `cell_size_m`) by the region's projection, when the
// region is there and the cells' lon/lat agree with it to a quarter cell.
void place_in_plane(const RunView& view, const ResultsTable& t, const char* x_attr, const char* y_attr,
                    GridPlacement& g) {
  if (!view.region || g.north_first) return;
  const LocalProjection& projection = view.region->network.projection();
  const double cell = attribute_number(t, "cell_size_m");
  const double x0 = attribute_number(t, x_attr), y0 = attribute_number(t, y_attr);
  if (!(cell > 0.0) || !std::isfinite(x0) || !std::isfinite(y0)) return;
  const auto& row = need_int(t, "row");
  const auto& col = need_int(t, "col");
  const auto& lon = need_double(t, "lon");
  const auto& lat = need_double(t, "lat");
  // The attributes name the corner; a grid that names its first cell's centre is tried too.
  for (const double shift : {0.0, -0.5}) {
    double worst = 0.0;
    for (std::size_t i = 0; i < row.size(); ++i) {
      double x = 0, y = 0;
      projection.forward(lon[i], lat[i], x, y);
      const double ex = x0 + cell * (shift + static_cast<double>(col[i]) + 0.5) - x;
      const double ey = y0 + cell * (shift + static_cast<double>(row[i]) + 0.5) - y;
      worst = std::max(worst, std::hypot(ex, ey));
    }
    if (worst <= 0.25 * cell) {
      g.plane = &projection;
      g.x0_m = x0 + shift * cell;
      g.y0_m = y0 + shift * cell;
      g.cell_m = cell;
      g.max_error_m = worst;
      return;
    }
  }
}

void project_ring(OGRLinearRing& ring, const LocalProjection& projection) {
  for (int i = 0; i < ring.getNumPoints(); ++i) {
    double lon = 0, lat = 0;
    projection.inverse(ring.getX(i), ring.getY(i), lon, lat);
    ring.setPoint(i, lon, lat);
  }
}

// The polygons of the cells of `mask` (line-major, north-up) that are set,
// on the placement's lon/lat; null when no cell is set.
std::unique_ptr<OGRMultiPolygon> mask_polygons(const GridPlacement& grid, const std::vector<std::uint8_t>& mask) {
  if (std::none_of(mask.begin(), mask.end(), [](std::uint8_t m) { return m != 0; })) return nullptr;
  const GdalQuiet quiet;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
  if (mem == nullptr || memory == nullptr) throw Error("GDAL has no MEM or Memory driver");
  GDALDatasetUniquePtr raster(mem->Create("", grid.cols, grid.rows, 1, GDT_Byte, nullptr));
  std::array<double, 6> gt = grid.geotransform;
  if (grid.plane != nullptr)
    gt = {grid.x0_m, grid.cell_m, 0.0, grid.y0_m + grid.cell_m * static_cast<double>(grid.rows), 0.0, -grid.cell_m};
  raster->SetGeoTransform(gt.data());
  GDALRasterBand* band = raster->GetRasterBand(1);
  std::vector<std::uint8_t> data = mask;
  if (band->RasterIO(GF_Write, 0, 0, grid.cols, grid.rows, data.data(), grid.cols, grid.rows, GDT_Byte, 0, 0,
                     nullptr) != CE_None)
    throw Error("cannot fill a mask raster: " + gdal_error_or("failed"));
  GDALDatasetUniquePtr vectors(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = vectors->CreateLayer("mask", nullptr, wkbPolygon, nullptr);
  OGRFieldDefn value("value", OFTInteger);
  layer->CreateField(&value);
  // The band is its own mask: only set cells become polygons.
  if (GDALPolygonize(band, band, layer, 0, nullptr, nullptr, nullptr) != CE_None)
    throw Error("cannot polygonize a mask: " + gdal_error_or("failed"));
  auto out = std::make_unique<OGRMultiPolygon>();
  layer->ResetReading();
  for (auto& feature : *layer) {
    const OGRGeometry* g = feature->GetGeometryRef();
    if (g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPolygon) continue;
    auto polygon = std::unique_ptr<OGRPolygon>(g->clone()->toPolygon());
    if (grid.plane != nullptr)
      for (int r = 0; r <= polygon->getNumInteriorRings(); ++r)
        project_ring(r == 0 ? *polygon->getExteriorRing() : *polygon->getInteriorRing(r - 1), *grid.plane);
    out->addGeometryDirectly(polygon.release());
  }
  return out;
}

std::string placement_note(const GridPlacement& g, const std::string& table) {
  const std::string within = std::to_string(static_cast<int>(std::ceil(g.max_error_m)));
  if (g.plane != nullptr)
    return " Cells drawn in the road network's plane and projected to lon/lat (within " + within + " m of " + table +
           "'s lon/lat).";
  return " Cells placed by a lon/lat grid fitted to " + table + "'s cell centres (within " + within +
         " m of every one; the region, whose plane the grid is in, could not be loaded).";
}

}  // namespace

GridPlacement place_grid(const ResultsTable& table, bool north_first) {
  const auto& row = need_int(table, "row");
  const auto& col = need_int(table, "col");
  const auto& lon = need_double(table, "lon");
  const auto& lat = need_double(table, "lat");
  GridPlacement g;
  g.north_first = north_first;
  if (row.empty()) return g;
  g.rows = static_cast<int>(*std::max_element(row.begin(), row.end()) + 1);
  g.cols = static_cast<int>(*std::max_element(col.begin(), col.end()) + 1);
  std::vector<double> x(row.size()), y(row.size());
  g.line_of_row.resize(row.size());
  for (std::size_t i = 0; i < row.size(); ++i) {
    const std::int64_t line = north_first ? row[i] : g.rows - 1 - row[i];
    x[i] = static_cast<double>(col[i]) + 0.5;  // cell centres in pixel coordinates
    y[i] = static_cast<double>(line) + 0.5;
    g.line_of_row[i] = static_cast<std::size_t>(line) * static_cast<std::size_t>(g.cols) +
                       static_cast<std::size_t>(col[i]);
  }
  const auto [west, width] = fit_line(x, lon);
  const auto [north, height] = fit_line(y, lat);
  g.geotransform = {west, width, 0.0, north, 0.0, height};
  for (std::size_t i = 0; i < row.size(); ++i) {
    const double dx = (west + width * x[i] - lon[i]) * std::cos(lat[i] * std::numbers::pi / 180.0);
    const double dy = north + height * y[i] - lat[i];
    g.max_error_m = std::max(g.max_error_m, std::hypot(dx, dy) * kMetresPerDegree);
  }
  return g;
}

std::vector<GisRaster> flood_rasters(const RunView& view) {
  const ResultsTable* t = view.table("flood_grid");
  if (t == nullptr || t->rows() == 0) return {};
  const GridPlacement g = place_grid(*t, true);
  const std::string placed = " Cell centres from flood_grid's lon/lat (fitted grid within " +
                             std::to_string(static_cast<int>(std::ceil(g.max_error_m))) +
                             " m of every cell); nodata -9999.";
  std::vector<GisRaster> out;
  const auto add = [&](const char* column, const char* name, const std::string& description) {
    const std::vector<double>& values = need_double(*t, column);
    GisRaster r;
    r.name = name;
    r.description = description + placed;
    r.rows = g.rows;
    r.cols = g.cols;
    r.geotransform = g.geotransform;
    r.cells.assign(static_cast<std::size_t>(g.rows) * static_cast<std::size_t>(g.cols),
                   std::numeric_limits<float>::quiet_NaN());
    for (std::size_t i = 0; i < values.size(); ++i) r.cells[g.line_of_row[i]] = static_cast<float>(values[i]);
    out.push_back(std::move(r));
  };
  add("max_depth_m", "flood_max_depth", "Deepest water over the run (m), Float32.");
  add("arrival_s", "flood_arrival",
      "First time the water was deeper than the exposure depth (s from the start of the run; nodata: never), "
      "Float32.");
  return out;
}

void write_threat_zones(const RunView& view, GpkgWriter& out, GisExportSummary& summary) {
  const ResultsTable* t = view.table("chemical_grid");
  if (t == nullptr || t->rows() == 0) return;
  GridPlacement g = place_grid(*t, false);
  place_in_plane(view, *t, "x_lower_left_m", "y_lower_left_m", g);
  const std::vector<double>& peak = need_double(*t, "peak_mg_m3");
  const std::string description =
      "Chemical threat zones: the chemical_grid cells whose peak outdoor concentration over the run reached each "
      "AEGL level (one multipolygon per level; levels nest)." + placement_note(g, "chemical_grid");
  OGRLayer& layer = out.add_layer(
      "threat_zones", wkbMultiPolygon,
      {{"level", OFTInteger64, "", "AEGL level (1, 2, 3)"},
       {"threshold_mg_m3", OFTReal, "mg/m3", "the level's concentration for the zone duration"},
       {"duration_s", OFTReal, "s", "the AEGL exposure duration of the levels"},
       {"chemical", OFTString, "", "the chemical"},
       {"cells", OFTInteger64, "", "grid cells at or above the level"},
       {"area_km2", OFTReal, "km2", "area of those cells"}},
      description);
  const double cell_m = attribute_number(*t, "cell_size_m");
  std::size_t written = 0;
  for (int level = 1; level <= 3; ++level) {
    const double threshold = attribute_number(*t, "aegl" + std::to_string(level) + "_mg_m3");
    if (!std::isfinite(threshold) || threshold <= 0.0) continue;
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(g.rows) * static_cast<std::size_t>(g.cols), 0);
    std::size_t cells = 0;
    for (std::size_t i = 0; i < peak.size(); ++i)
      if (peak[i] >= threshold) {
        mask[g.line_of_row[i]] = 1;
        ++cells;
      }
    OGRFeature feature(layer.GetLayerDefn());
    feature.SetField(0, static_cast<GIntBig>(level));
    GpkgWriter::set_real(feature, 1, threshold);
    GpkgWriter::set_real(feature, 2, attribute_number(*t, "zone_duration_s"));
    const auto chem = t->attributes().find("chemical_name");
    if (chem != t->attributes().end())
      if (const auto* s = std::get_if<std::string>(&chem->second)) feature.SetField(3, s->c_str());
    feature.SetField(4, static_cast<GIntBig>(cells));
    GpkgWriter::set_real(feature, 5, static_cast<double>(cells) * cell_m * cell_m / 1e6);
    out.add_feature(layer, feature, mask_polygons(g, mask).release());
    ++written;
  }
  summary.layers.push_back({"threat_zones", "polygons", written, description});
}

void write_fire_perimeters(const RunView& view, GpkgWriter& out, GisExportSummary& summary) {
  const ResultsTable* grid = view.table("fire_grid");
  if (grid == nullptr || grid->rows() == 0) return;
  GridPlacement g = place_grid(*grid, false);
  place_in_plane(view, *grid, "x0_m", "y0_m", g);
  const double cell_m = attribute_number(*grid, "cell_size_m");
  const auto& cell_of_row = need_int(*grid, "cell");
  std::map<std::int64_t, std::size_t> row_of_cell;
  for (std::size_t i = 0; i < cell_of_row.size(); ++i) row_of_cell[cell_of_row[i]] = i;
  const std::string placed = placement_note(g, "fire_grid");
  const std::vector<GisField> fields = {
      {"replication", OFTInteger64, "", "replication (-1: the unfought forecast)"},
      {"time_s", OFTReal, "s", "output time, from the start of the run"},
      {"area_ha", OFTReal, "ha", "area burned by then (fire_perimeters; cells x cell area for the forecast)"},
      {"cells", OFTInteger64, "", "grid cells burned by then"}};
  const auto write_one = [&](OGRLayer& layer, std::int64_t replication, double time_s, double area_ha,
                             const std::vector<std::uint8_t>& mask) {
    OGRFeature feature(layer.GetLayerDefn());
    const auto cells = static_cast<std::int64_t>(std::count(mask.begin(), mask.end(), 1));
    feature.SetField(0, static_cast<GIntBig>(replication));
    GpkgWriter::set_real(feature, 1, time_s);
    GpkgWriter::set_real(feature, 2,
                         std::isfinite(area_ha) ? area_ha : static_cast<double>(cells) * cell_m * cell_m / 1e4);
    feature.SetField(3, static_cast<GIntBig>(cells));
    out.add_feature(layer, feature, mask_polygons(g, mask).release());
  };
  const std::size_t n_cells = static_cast<std::size_t>(g.rows) * static_cast<std::size_t>(g.cols);

  // Each replication's burned cells by each of its output times.
  const ResultsTable* perimeters = view.table("fire_perimeters");
  const ResultsTable* burned = view.table("fire_cells");
  std::set<double> times;
  if (perimeters != nullptr && burned != nullptr) {
    const std::string description =
        "Fire perimeters: the cells burned by each output time of each replication (fire_cells arrival_s <= "
        "time_s), one multipolygon per row of fire_perimeters." + placed;
    OGRLayer& layer = out.add_layer("fire_perimeters", wkbMultiPolygon, fields, description);
    const auto& p_rep = need_int(*perimeters, "replication");
    const auto& p_time = need_double(*perimeters, "time_s");
    const auto& p_area = need_double(*perimeters, "area_ha");
    const auto& c_rep = need_int(*burned, "replication");
    const auto& c_cell = need_int(*burned, "cell");
    const auto& c_arrival = need_double(*burned, "arrival_s");
    std::map<std::int64_t, std::vector<std::pair<double, std::size_t>>> by_rep;  // arrival, line cell
    for (std::size_t i = 0; i < c_rep.size(); ++i) {
      const auto it = row_of_cell.find(c_cell[i]);
      if (it != row_of_cell.end()) by_rep[c_rep[i]].emplace_back(c_arrival[i], g.line_of_row[it->second]);
    }
    out.begin(layer);
    for (std::size_t i = 0; i < p_rep.size(); ++i) {
      std::vector<std::uint8_t> mask(n_cells, 0);
      for (const auto& [arrival, line] : by_rep[p_rep[i]])
        if (arrival <= p_time[i]) mask[line] = 1;
      write_one(layer, p_rep[i], p_time[i], p_area[i], mask);
      times.insert(p_time[i]);
    }
    out.commit(layer);
    summary.layers.push_back({"fire_perimeters", "polygons", p_rep.size(), description});
  }

  // The unfought forecast at the same times (or at every hour when there are none).
  const auto* forecast = double_column(grid, "forecast_s");
  if (forecast == nullptr) return;
  if (times.empty()) {
    double last = 0.0;
    for (double f : *forecast)
      if (std::isfinite(f)) last = std::max(last, f);
    for (double t = 3600.0; t < last + 3600.0; t += 3600.0) times.insert(t);
  }
  const std::string description =
      "Fire forecast: the cells the fire unfought reaches by each output time (fire_grid forecast_s <= time_s), "
      "replication -1." + placed;
  OGRLayer& layer = out.add_layer("fire_forecast", wkbMultiPolygon, fields, description);
  out.begin(layer);
  for (double time_s : times) {
    std::vector<std::uint8_t> mask(n_cells, 0);
    for (std::size_t i = 0; i < forecast->size(); ++i)
      if ((*forecast)[i] <= time_s) mask[g.line_of_row[i]] = 1;
    write_one(layer, -1, time_s, std::numeric_limits<double>::quiet_NaN(), mask);
  }
  out.commit(layer);
  summary.layers.push_back({"fire_forecast", "polygons", times.size(), description});
}

}  // namespace dsim::detail
