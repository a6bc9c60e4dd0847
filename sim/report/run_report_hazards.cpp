// SPDX-License-Identifier: MIT
// The run report's hazard maps (flood, fire, chemical threat zones), its
// logistics and warning summaries, and the map pieces its sections share.
#include "sim/report/run_report.hpp"
#include "sim/report/run_report_sections.hpp"

#include <algorithm>
#include <cmath>

namespace dsim {

namespace {

double table_attr(const ResultsTable& t, const std::string& name) {
  const auto it = t.attributes().find(name);
  if (it == t.attributes().end()) return std::nan("");
  if (const auto* d = std::get_if<double>(&it->second)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&it->second)) return static_cast<double>(*i);
  return std::nan("");
}

MapBounds raster_bounds(const MapRaster& r) { return {r.west, r.south, r.east, r.north}; }

MapBounds union_of(MapBounds a, const MapBounds& b) {
  if (b.empty()) return a;
  a.include({b.min_lon, b.min_lat});
  a.include({b.max_lon, b.max_lat});
  return a;
}

std::string mean_text(const std::vector<double>& v, double scale, const std::string& unit, std::size_t* defined) {
  double sum = 0.0;
  std::size_t n = 0;
  for (const double x : v)
    if (std::isfinite(x)) sum += x, ++n;
  if (defined) *defined = n;
  return n ? format_number(sum / static_cast<double>(n) * scale, 4, unit == "1" ? std::string() : unit)
           : std::string("–");
}

void flood_section(HtmlPage& page, const RunView& view, const RunReportOptions& o, const MapBounds& bounds) {
  const ResultsTable* grid = view.table("flood_grid");
  if (grid == nullptr || grid->rows() == 0) return;
  page.begin_section("Flood", "flood");
  MapRaster depth = grid_raster(*grid, "max_depth_m", false);
  if (depth.rows == 0) return;
  std::vector<double> wet;
  for (double& d : depth.values) {
    if (!(d > 0.01)) d = std::nan("");  // dry (or outside the domain): transparent
    else wet.push_back(d);
  }
  const double top = std::max(0.1, percentile_of(wet, 99.0));
  depth.id = "flood_depth";
  depth.scale = ColourScale(0.0, top, ColourScale::Ramp::blues, "deepest water", "m");
  depth.scale.open_top = true;
  const MapBounds b = union_of(bounds, raster_bounds(depth));
  SvgMap map = base_map(view, b, "flood_depth_map", o.map_width_px, &depth);
  map.set_title("Flood: deepest water over the run");
  if (view.region) {
    std::vector<std::uint32_t> closed;
    if (const auto* edges = int_column(view.table("flood_closures"), "edge"))
      for (const std::int64_t e : *edges) closed.push_back(static_cast<std::uint32_t>(e));
    map.add_road_set(view.region->network, closed, "#d62728", "flood_closed", "closed to some vehicles");
  }
  page.paragraph(std::to_string(wet.size()) + " of " + std::to_string(depth.rows * depth.cols) +
                 " grid cells took water deeper than 1 cm; the colour scale ends at the 99th percentile of their "
                 "depths (" + format_number(top, 3, "m") + "), deeper cells are drawn in its last colour.");
  page.figure(map.svg(), "Maximum water depth; roads closed to a vehicle class at some time in red.", "flood_figure");

  MapRaster arrival = grid_raster(*grid, "arrival_s", false);
  std::size_t reached = 0;
  double last_h = 0.0;
  for (double& a : arrival.values)
    if (std::isfinite(a)) a /= 3600.0, ++reached, last_h = std::max(last_h, a);
  if (reached == 0) return;
  arrival.id = "flood_arrival";
  arrival.scale = ColourScale(0.0, std::max(last_h, 0.1), ColourScale::Ramp::magma_reversed, "water arrives", "h");
  SvgMap amap = base_map(view, b, "flood_arrival_map", o.map_width_px, &arrival);
  amap.set_title("Flood: when the water arrived");
  page.figure(amap.svg(),
              "Hours from the start of the run until the depth first passed the exposure depth (" +
                  format_number(table_attr(*grid, "exposure_depth_m"), 3, "m") + "); cells never reached are clear.",
              "flood_arrival_figure");
}

// Where the fire, fought, burned in the first replication, and when.
void fought_fire_map(HtmlPage& page, const RunView& view, const RunReportOptions& o, const MapBounds& b,
                     const MapRaster& grid) {
  const ResultsTable* cells = view.table("fire_cells");
  const auto* rep = int_column(cells, "replication");
  const auto* cell = int_column(cells, "cell");
  const auto* arrival = double_column(cells, "arrival_s");
  if (!rep || !cell || !arrival || rep->empty()) return;
  MapRaster burned = grid;
  burned.id = "fire_burned";
  std::fill(burned.values.begin(), burned.values.end(), std::nan(""));
  const std::int64_t r0 = *std::min_element(rep->begin(), rep->end());
  const auto cols = static_cast<std::int64_t>(burned.cols), rows = static_cast<std::int64_t>(burned.rows);
  double last_h = 0.0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < rep->size(); ++i) {
    const std::int64_t c = (*cell)[i];
    if ((*rep)[i] != r0 || c < 0 || c >= rows * cols) continue;
    // fire_grid's cell is row x cols + col with row 0 south; the raster's row 0 is north.
    const std::int64_t north_row = rows - 1 - c / cols;
    const double h = (*arrival)[i] / 3600.0;
    burned.values[static_cast<std::size_t>(north_row * cols + c % cols)] = h;
    if (std::isfinite(h)) last_h = std::max(last_h, h), ++n;
  }
  if (n == 0) return;
  burned.scale = ColourScale(0.0, std::max(last_h, 0.1), ColourScale::Ramp::reds, "fire arrived", "h");
  SvgMap map = base_map(view, b, "fire_burned_map", o.map_width_px, &burned);
  map.set_title("Wildfire: where it burned, fought, in replication " + std::to_string(r0));
  page.figure(map.svg(),
              std::to_string(n) + " cells burned in replication " + std::to_string(r0) +
                  " with the crews' fireline (each replication burns differently: fire_runs below gives the "
                  "means); colour: hours from the start until the fire reached the cell.",
              "fire_burned_figure");
}

void fire_section(HtmlPage& page, const RunView& view, const RunReportOptions& o, const MapBounds& bounds) {
  const ResultsTable* grid = view.table("fire_grid");
  if (grid == nullptr || grid->rows() == 0) return;
  page.begin_section("Wildfire", "fire");
  MapRaster forecast = grid_raster(*grid, "forecast_s", true);
  if (forecast.rows == 0) return;
  double last_h = 0.0;
  std::size_t reached = 0;
  for (double& v : forecast.values)
    if (std::isfinite(v)) v /= 3600.0, last_h = std::max(last_h, v), ++reached;
  forecast.id = "fire_forecast";
  forecast.scale = ColourScale(0.0, std::max(last_h, 0.1), ColourScale::Ramp::reds, "fire arrives, unfought", "h");
  SvgMap map = base_map(view, union_of(bounds, raster_bounds(forecast)), "fire_map", o.map_width_px, &forecast);
  map.set_title("Wildfire: when the fire unfought reaches each cell");
  page.figure(map.svg(),
              "Forecast arrival of the fire with nobody fighting it (barriers breached where the chance is 5 % or "
              "more), hours from the start; " + std::to_string(reached) + " of " +
                  std::to_string(forecast.rows * forecast.cols) + " cells reached by the end of the fire's run.",
              "fire_figure");
  fought_fire_map(page, view, o, union_of(bounds, raster_bounds(forecast)), forecast);
  const ResultsTable* runs = view.table("fire_runs");
  if (runs == nullptr || runs->rows() == 0) return;
  HtmlTable t;
  t.id = "fire_runs_summary";
  t.caption = "What the fire did, fought, mean over the replications";
  t.header = {"quantity", "mean", "replications where defined", "meaning"};
  t.numeric = {false, true, true, false};
  for (const ResultsColumn& c : runs->columns()) {
    if (c.name == "replication" || c.type() == ColumnType::string) continue;
    std::vector<double> v;
    if (const auto* d = std::get_if<std::vector<double>>(&c.data)) v = *d;
    else for (const std::int64_t i : std::get<std::vector<std::int64_t>>(c.data)) v.push_back(static_cast<double>(i));
    std::size_t n = 0;
    const bool seconds = c.unit == "s";
    const std::string m = mean_text(v, seconds ? 1.0 / 60.0 : 1.0, seconds ? "min" : c.unit, &n);
    t.add_row({c.name, m, std::to_string(n) + " of " + std::to_string(v.size()), c.description});
  }
  page.table(t);
}

void chemical_section(HtmlPage& page, const RunView& view, const RunReportOptions& o) {
  const ResultsTable* grid = view.table("chemical_grid");
  const ResultsTable* zones = view.table("chemical_zones");
  if ((grid == nullptr || grid->rows() == 0) && (zones == nullptr || zones->rows() == 0)) return;
  page.begin_section("Chemical release", "chemical");
  static const char* level_colour[] = {"#ffe44d", "#ff9900", "#e31a1c"};
  if (grid != nullptr && grid->rows() > 0) {
    MapRaster threat = grid_raster(*grid, "peak_mg_m3", true);
    double level_mg[3];
    std::string level_name[3];
    for (int k = 0; k < 3; ++k) {
      level_mg[k] = table_attr(*grid, "aegl" + std::to_string(k + 1) + "_mg_m3");
      const auto it = grid->attributes().find("aegl" + std::to_string(k + 1) + "_kind");
      const std::string kind = it != grid->attributes().end() && std::holds_alternative<std::string>(it->second)
                                   ? std::get<std::string>(it->second)
                                   : std::string("AEGL");
      level_name[k] = kind + "-" + std::to_string(k + 1);
    }
    std::size_t cells[3] = {0, 0, 0};
    for (double& v : threat.values) {
      int level = 0;
      for (int k = 0; k < 3; ++k)
        if (std::isfinite(level_mg[k]) && v > level_mg[k]) level = k + 1;
      if (level > 0) ++cells[level - 1];
      v = level > 0 ? static_cast<double>(level) : std::nan("");
    }
    if (threat.rows > 0) {
      threat.id = "chemical_threat";
      threat.scale = ColourScale(1.0, 3.0, ColourScale::Ramp::threat, "threat level", "");
      threat.colour_bar = false;
      MapBounds b = raster_bounds(threat);
      SvgMap map = base_map(view, b, "chemical_map", o.map_width_px, &threat);
      map.set_title("Chemical release: threat zones of the peak outdoor concentration");
      for (int k = 0; k < 3; ++k)
        map.add_legend_patch(level_name[k] + ": > " + format_number(level_mg[k], 3, "mg/m³"), level_colour[k]);
      std::vector<MapPoint> releases;
      const ResultsTable* rel = view.table("chemical_releases");
      const auto* lon = double_column(rel, "lon");
      const auto* lat = double_column(rel, "lat");
      const auto* name = string_column(rel, "name");
      if (lon && lat)
        for (std::size_t i = 0; i < lon->size(); ++i)
          releases.push_back({{(*lon)[i], (*lat)[i]}, "#000", MapMarker::triangle, 6.0,
                              "release " + (name ? (*name)[i] : std::string()), "release", "#fff"});
      map.add_points("chemical_releases", releases);
      if (!releases.empty()) map.add_legend_marker("release", "#000", MapMarker::triangle);
      page.figure(map.svg(),
                  "Where the highest outdoor concentration of the run passed each level (" + level_name[0] + ": " +
                      std::to_string(cells[0]) + " grid cells, " + level_name[1] + ": " + std::to_string(cells[1]) +
                      ", " + level_name[2] + ": " + std::to_string(cells[2]) +
                      "; the map covers the grid the gas was followed on: the cells above the lowest level plus 1 km).",
                  "chemical_figure");
    }
  }
  if (zones != nullptr && zones->rows() > 0) {
    const auto* level = int_column(zones, "level");
    const auto* nodes = int_column(zones, "nodes");
    const auto* people = double_column(zones, "people");
    if (level && nodes && people) {
      HtmlTable t;
      t.id = "chemical_zones_summary";
      t.caption = "Threat zones at their largest over time (nobody warned)";
      t.header = {"level", "most road nodes above it", "most people there"};
      t.numeric = {false, true, true};
      for (std::int64_t l = 1; l <= 3; ++l) {
        std::int64_t max_nodes = 0;
        double max_people = 0.0;
        for (std::size_t i = 0; i < level->size(); ++i)
          if ((*level)[i] == l) max_nodes = std::max(max_nodes, (*nodes)[i]), max_people = std::max(max_people, (*people)[i]);
        t.add_row({"level " + std::to_string(l), std::to_string(max_nodes), format_number(max_people, 4, "people")});
      }
      page.table(t);
    }
  }
}

// One row per numeric column of a per-replication table: its mean over the replications.
HtmlTable per_replication_means(const ResultsTable& table, const std::string& id) {
  HtmlTable t;
  t.id = id;
  t.header = {"quantity", "mean over replications", "replications where defined", "meaning"};
  t.numeric = {false, true, true, false};
  for (const ResultsColumn& c : table.columns()) {
    if (c.name == "replication" || c.type() == ColumnType::string) continue;
    std::vector<double> v;
    if (const auto* d = std::get_if<std::vector<double>>(&c.data)) v = *d;
    else for (const std::int64_t i : std::get<std::vector<std::int64_t>>(c.data)) v.push_back(static_cast<double>(i));
    std::size_t n = 0;
    const bool seconds = c.unit == "s";
    const bool share = c.name.find("share") != std::string::npos && c.unit == "1";
    std::string m = mean_text(v, seconds ? 1.0 / 60.0 : share ? 100.0 : 1.0, seconds ? "min" : share ? "%" : c.unit, &n);
    t.add_row({c.name, m, std::to_string(n) + " of " + std::to_string(v.size()), c.description});
  }
  return t;
}

}  // namespace

double percentile_of(std::vector<double> values, double p) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double at = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (at - static_cast<double>(lo));
}

MapRaster grid_raster(const ResultsTable& table, const std::string& value_column, bool south_first) {
  MapRaster r;
  const auto* row = int_column(&table, "row");
  const auto* col = int_column(&table, "col");
  const auto* lon = double_column(&table, "lon");
  const auto* lat = double_column(&table, "lat");
  const auto* value = double_column(&table, value_column);
  if (!row || !col || !lon || !lat || !value || row->empty()) return r;
  const std::int64_t rows = *std::max_element(row->begin(), row->end()) + 1;
  const std::int64_t cols = *std::max_element(col->begin(), col->end()) + 1;
  if (rows <= 0 || cols <= 0) return r;
  r.rows = static_cast<std::size_t>(rows);
  r.cols = static_cast<std::size_t>(cols);
  r.values.assign(r.rows * r.cols, std::nan(""));
  double min_lon = INFINITY, max_lon = -INFINITY, min_lat = INFINITY, max_lat = -INFINITY;
  for (std::size_t i = 0; i < row->size(); ++i) {
    const std::int64_t rr = (*row)[i], cc = (*col)[i];
    if (rr < 0 || cc < 0) continue;
    const std::size_t north_row = south_first ? r.rows - 1 - static_cast<std::size_t>(rr) : static_cast<std::size_t>(rr);
    r.values[north_row * r.cols + static_cast<std::size_t>(cc)] = (*value)[i];
    min_lon = std::min(min_lon, (*lon)[i]), max_lon = std::max(max_lon, (*lon)[i]);
    min_lat = std::min(min_lat, (*lat)[i]), max_lat = std::max(max_lat, (*lat)[i]);
  }
  // Cell centres to outer edges: half a cell each side.
  const double half_lon = r.cols > 1 ? 0.5 * (max_lon - min_lon) / static_cast<double>(r.cols - 1) : 0.0005;
  const double half_lat = r.rows > 1 ? 0.5 * (max_lat - min_lat) / static_cast<double>(r.rows - 1) : 0.0005;
  r.west = min_lon - half_lon;
  r.east = max_lon + half_lon;
  r.south = min_lat - half_lat;
  r.north = max_lat + half_lat;
  return r;
}

MapBounds run_bounds(const RunView& view) {
  if (view.region && view.region->network.node_count() > 0) return MapBounds::of(view.region->network);
  MapBounds b = MapBounds::none();
  for (const char* name : {"incidents", "units"}) {
    const auto* lon = double_column(view.table(name), "lon");
    const auto* lat = double_column(view.table(name), "lat");
    if (lon && lat)
      for (std::size_t i = 0; i < lon->size(); ++i) b.include({(*lon)[i], (*lat)[i]});
  }
  return b;
}

SvgMap base_map(const RunView& view, const MapBounds& bounds, std::string id, double width_px,
                const MapRaster* under) {
  SvgMap map(bounds, width_px);
  map.set_id(std::move(id));
  if (under != nullptr) map.add_raster(*under);
  if (view.region) {
    map.add_roads(view.region->network);
    map.add_zones(view.region->zones);
  }
  return map;
}

void hazard_sections(HtmlPage& page, const RunView& view, const RunReportOptions& o, const MapBounds& bounds) {
  flood_section(page, view, o, bounds);
  fire_section(page, view, o, bounds);
  chemical_section(page, view, o);
}

void summary_sections(HtmlPage& page, const RunView& view) {
  if (const ResultsTable* k = view.table("logistics_kpis"); k != nullptr && k->rows() > 0) {
    page.begin_section("Stockpiles and logistics", "logistics");
    page.paragraph("Indicators per item (and for the whole run, item empty), mean over the replications in which "
                   "each is defined, with the 95 % Student-t interval; `over` says what each value is over.");
    const auto* item = string_column(k, "item");
    const auto* kpi = string_column(k, "kpi");
    const auto* unit = string_column(k, "unit");
    const auto* mean = double_column(k, "mean");
    const auto* lower = double_column(k, "lower");
    const auto* upper = double_column(k, "upper");
    const auto* reps = int_column(k, "replications");
    const auto* over = string_column(k, "over");
    HtmlTable t;
    t.id = "logistics_kpis";
    t.header = {"item", "indicator", "mean", "95 % interval", "unit", "replications", "over"};
    t.numeric = {false, false, true, true, false, true, false};
    for (std::size_t i = 0; i < k->rows(); ++i) {
      const double lo = lower ? (*lower)[i] : NAN, hi = upper ? (*upper)[i] : NAN;
      t.add_row({item ? (*item)[i] : "", kpi ? (*kpi)[i] : "", format_number(mean ? (*mean)[i] : NAN, 4),
                 std::isfinite(lo) && std::isfinite(hi) ? format_number(lo, 3) + " – " + format_number(hi, 3) : "–",
                 unit ? (*unit)[i] : "", reps ? std::to_string((*reps)[i]) : "", over ? (*over)[i] : ""});
    }
    page.table(t);
  }
  if (const ResultsTable* w = view.table("warning_replications"); w != nullptr && w->rows() > 0) {
    page.begin_section("Warning and evacuation", "warning");
    page.paragraph("The warning chain in each replication, averaged over the replications (times in minutes from "
                   "the start of the run; a time that never came, such as a warning never issued, is left out of "
                   "its mean and counted in the third column).");
    page.table(per_replication_means(*w, "warning_summary"));
  }
}

}  // namespace dsim
