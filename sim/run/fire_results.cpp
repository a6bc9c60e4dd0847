// SPDX-License-Identifier: MIT
// The wildfire tables of a results file (docs/output-format.md, "Tables of a wildfire").
#include "sim/run/fire_results.hpp"

#include "sim/io/table_schema.hpp"
#include "sim/network/region.hpp"

#include <cmath>
#include <limits>
#include <set>

namespace dsim {

namespace {

double or_nan(double x) { return std::isinf(x) ? std::nan("") : x; }

}  // namespace

FireRunSummary summarize_fire_run(const ScenarioFire& fire, const WildfireOutcome& o) {
  FireRunSummary s;
  s.reported_s = o.reported_s;
  s.first_attack_s = o.first_attack_s;
  s.held_s = o.held_s;
  s.area_ha = o.area_m2 / 10'000.0;
  s.line_km = o.line_m / 1000.0;
  s.crew_person_h = o.crew_person_s / 3600.0;
  s.villages_reached = static_cast<int>(o.villages.size());
  s.edge_reached_s = o.edge_reached_s;
  for (const auto& v : o.villages) s.people_in_villages_reached += fire.model.villages[std::size_t(v.village)].people;
  std::set<std::uint32_t> edges;
  for (const auto& c : o.closures) {
    // One road is its two directions: count the lower edge index of the pair.
    const EdgeId twin = fire.model.network->twin(c.edge);
    const std::uint32_t e = index(c.edge), t = index(twin);
    edges.insert(t < fire.model.network->edge_count() ? std::min(e, t) : e);
  }
  s.roads_closed = static_cast<int>(edges.size());
  return s;
}

void add_fire_results(ResultsFile& file, const ScenarioFire& fire, const Region& region,
                      const std::vector<WildfireOutcome>& outcomes, const std::vector<std::size_t>& replications) {
  const WildfireModel& m = fire.model;
  const RoadNetwork& net = region.network;
  const std::size_t cols = m.landscape.cols;

  // The raster, once: where each cell is, its fuel and zone, and the unfought fire.
  struct GridRow {
    std::size_t cell;
  };
  std::vector<GridRow> grid(m.cells());
  for (std::size_t c = 0; c < grid.size(); ++c) grid[c].cell = c;
  std::vector<double> lons(m.cells()), lats(m.cells());
  for (std::size_t c = 0; c < m.cells(); ++c)
    net.projection().inverse(fire.x0_m + (double(c % cols) + 0.5) * m.landscape.cell_size_m,
                             fire.y0_m + (double(c / cols) + 0.5) * m.landscape.cell_size_m, lons[c], lats[c]);
  using G = const GridRow&;
  ResultsTable& grid_table =
      TableSchema<GridRow>("fire_grid", "the fire's raster: one row per cell, row 0 at the south")
          .integer("cell", "", "cell index (row x cols + col)", [](G g) { return std::int64_t(g.cell); })
          .integer("row", "", "row from the south", [&](G g) { return std::int64_t(g.cell / cols); })
          .integer("col", "", "column from the west", [&](G g) { return std::int64_t(g.cell % cols); })
          .real("lon", "deg", "longitude of the cell's centre", [&](G g) { return lons[g.cell]; })
          .real("lat", "deg", "latitude of the cell's centre", [&](G g) { return lats[g.cell]; })
          .text("fuel", "", "fuel type", [&](G g) { return std::string(kFuelTypeNames[m.fuel[g.cell]]); })
          .text("zone", "", "zone id, empty outside every zone",
                [&](G g) { return m.cell_zone[g.cell] < 0 ? std::string() : region.zones[std::size_t(m.cell_zone[g.cell])].id; })
          .real("barrier_width_m", "m", "width of a road, river or firebreak in the cell (0: none)",
                [&](G g) { return m.landscape.barrier_width_m.empty() ? 0.0 : double(m.landscape.barrier_width_m[g.cell]); })
          .real("forecast_s", "s", "when the fire unfought reaches the cell, barriers breached where the chance is 5 % or more (NaN: not by the end)",
                [&](G g) { return or_nan(fire.forecast_cells_s[g.cell]); })
          .add_to(file, grid);
  grid_table.set_attribute("rows", std::int64_t(m.landscape.rows));
  grid_table.set_attribute("cols", std::int64_t(cols));
  grid_table.set_attribute("cell_size_m", m.landscape.cell_size_m);
  grid_table.set_attribute("x0_m", fire.x0_m);
  grid_table.set_attribute("y0_m", fire.y0_m);
  grid_table.set_attribute("fire", m.name);
  grid_table.set_attribute("end_s", m.end_s);
  grid_table.set_attribute("stencil", std::int64_t(m.stencil));

  // The weather and what it does to each fuel.
  struct WeatherRow {
    std::size_t i;
  };
  std::vector<WeatherRow> weather(m.landscape.times_s.size());
  for (std::size_t i = 0; i < weather.size(); ++i) weather[i].i = i;
  const FireWeather& w = fire.weather;
  using W = const WeatherRow&;
  TableSchema<WeatherRow> weather_schema("fire_weather", "one row per weather sample, held until the next");
  weather_schema.real("time_s", "s", "from this time", [&](W r) { return w.times_s[r.i]; })
      .real("wind_mps", "m/s", "wind at 10 m", [&](W r) { return w.wind_mps[r.i]; })
      .real("from_deg", "deg", "where the wind blows from, clockwise from north", [&](W r) { return w.from_deg[r.i]; })
      .real("temperature_c", "degC", "air temperature", [&](W r) { return w.temperature_c[r.i]; })
      .real("humidity_percent", "%", "relative humidity", [&](W r) { return w.humidity_percent[r.i]; })
      .real("curing_percent", "%", "grass curing", [&](W r) { return w.curing_percent[r.i]; });
  for (int f = 0; f < kFuelTypeCount; ++f) {
    if (!fuel_burns(FuelType(f))) continue;
    const std::string name = kFuelTypeNames[f];
    weather_schema.real(name + "_head_mps", "m/s", "head-fire rate of spread in " + name + " on the flat",
                        [&, f](W r) { return fire.behaviour[r.i][std::size_t(f)].head_mps; });
    weather_schema.real(name + "_intensity_kw_m", "kW/m", "head-fire intensity in " + name,
                        [&, f](W r) { return fire.behaviour[r.i][std::size_t(f)].intensity_kw_m; });
  }
  weather_schema.real("length_to_breadth", "", "the fire's length-to-breadth ratio",
                      [&](W r) { return fire.behaviour[r.i][0].lb; });
  weather_schema.add_to(file, weather);

  // Per replication.
  struct RunRow {
    std::size_t rep;
    FireRunSummary s;
  };
  struct CellRow {
    std::size_t rep;
    std::uint32_t cell;
    double t;
  };
  struct VillageRow {
    std::size_t rep;
    int village;
    double t;
    int incident;
  };
  struct ClosureRow {
    std::size_t rep;
    WildfireOutcome::Closure c;
  };
  struct AreaRow {
    std::size_t rep;
    double t, area;
  };
  struct ExposureRow {
    std::size_t rep;
    ZoneExposure e;
  };
  std::vector<RunRow> runs;
  std::vector<CellRow> burned, line, nodes;
  std::vector<VillageRow> villages;
  std::vector<ClosureRow> closures;
  std::vector<AreaRow> areas;
  std::vector<ExposureRow> exposure;
  std::vector<std::int32_t> node_of_cell;
  for (std::size_t k = 0; k < outcomes.size(); ++k) {
    const WildfireOutcome& o = outcomes[k];
    const std::size_t rep = replications[k];
    runs.push_back({rep, summarize_fire_run(fire, o)});
    std::vector<double> arrival(m.cells(), std::numeric_limits<double>::infinity());
    for (const auto& c : o.burned) {
      burned.push_back({rep, c.cell, c.time_s});
      arrival[c.cell] = c.time_s;
    }
    for (const auto& c : o.line) line.push_back({rep, c.cell, c.time_s});
    for (std::size_t i = 0; i < m.road_nodes.size(); ++i)
      if (std::isfinite(arrival[m.road_node_cells[i]]))
        nodes.push_back({rep, std::uint32_t(i), arrival[m.road_node_cells[i]]});
    for (const auto& v : o.villages) villages.push_back({rep, v.village, v.reached_s, v.incident});
    for (const auto& c : o.closures) closures.push_back({rep, c});
    for (std::size_t i = 0; i < m.output_times_s.size() && i < o.area_at_output_m2.size(); ++i)
      areas.push_back({rep, m.output_times_s[i], o.area_at_output_m2[i]});
    for (const ZoneExposure& e : wildfire_exposure(fire, region, o)) exposure.push_back({rep, e});
  }

  using R = const RunRow&;
  TableSchema<RunRow>("fire_runs", "one row per replication: what the fire did and what it took")
      .integer("replication", "", "replication number", [](R r) { return std::int64_t(r.rep); })
      .real("reported_s", "s", "when the fire was reported (the first call)", [](R r) { return r.s.reported_s; })
      .real("first_attack_s", "s", "when the first crew with the wildland capability reached it (NaN: none)",
            [](R r) { return r.s.first_attack_s; })
      .real("held_s", "s", "when no edge was left that could burn (NaN: not held by the end)", [](R r) { return r.s.held_s; })
      .real("area_ha", "ha", "area burned by the end", [](R r) { return r.s.area_ha; })
      .real("line_km", "km", "fireline built", [](R r) { return r.s.line_km; })
      .real("crew_person_h", "person-h", "people on the line times hours", [](R r) { return r.s.crew_person_h; })
      .integer("villages_reached", "", "villages whose edge the fire reached", [](R r) { return std::int64_t(r.s.villages_reached); })
      .real("people_in_villages_reached", "people", "residents of those villages",
            [](R r) { return r.s.people_in_villages_reached; })
      .integer("roads_closed", "", "road segments the fire closed (both directions counted once)",
               [](R r) { return std::int64_t(r.s.roads_closed); })
      .real("edge_reached_s", "s",
            "when the fire reached the border of the modelled square (NaN: never; else area and villages are understated)",
            [](R r) { return r.s.edge_reached_s; })
      .add_to(file, runs);

  using C = const CellRow&;
  TableSchema<CellRow>("fire_cells", "one row per burned cell per replication (fire_grid gives where)")
      .integer("replication", "", "replication number", [](C c) { return std::int64_t(c.rep); })
      .integer("cell", "", "cell index in fire_grid", [](C c) { return std::int64_t(c.cell); })
      .real("arrival_s", "s", "when the fire reached it", [](C c) { return c.t; })
      .add_to(file, burned);
  TableSchema<CellRow>("fire_line", "one row per cell of fireline per replication")
      .integer("replication", "", "replication number", [](C c) { return std::int64_t(c.rep); })
      .integer("cell", "", "cell index in fire_grid", [](C c) { return std::int64_t(c.cell); })
      .real("held_s", "s", "when the crews held it", [](C c) { return c.t; })
      .add_to(file, line);
  TableSchema<CellRow>("fire_nodes", "one row per road node the fire reached per replication")
      .integer("replication", "", "replication number", [](C c) { return std::int64_t(c.rep); })
      .integer("node", "", "node id of the road network", [&](C c) { return net.external_id(m.road_nodes[c.cell]); })
      .real("lon", "deg", "longitude", [&](C c) { return net.lon(m.road_nodes[c.cell]); })
      .real("lat", "deg", "latitude", [&](C c) { return net.lat(m.road_nodes[c.cell]); })
      .real("arrival_s", "s", "when the fire reached the node's cell", [](C c) { return c.t; })
      .real("forecast_s", "s", "when the fire unfought would have", [&](C c) { return or_nan(fire.forecast_cells_s[m.road_node_cells[c.cell]]); })
      .add_to(file, nodes);

  using V = const VillageRow&;
  const auto zone_of = [&](V v) -> const Zone& { return region.zones[std::size_t(m.villages[std::size_t(v.village)].zone)]; };
  TableSchema<VillageRow>("fire_villages", "one row per village the fire reached per replication")
      .integer("replication", "", "replication number", [](V v) { return std::int64_t(v.rep); })
      .text("zone", "", "zone id", [&](V v) { return zone_of(v).id; })
      .text("name", "", "zone name", [&](V v) { return zone_of(v).name; })
      .real("reached_s", "s", "when the fire reached its edge", [](V v) { return v.t; })
      .real("people", "people", "its residents", [&](V v) { return m.villages[std::size_t(v.village)].people; })
      .integer("incident", "", "the structure-defence incident raised (id in incidents; -1: none)",
               [](V v) { return std::int64_t(v.incident); })
      .add_to(file, villages);

  using L = const ClosureRow&;
  TableSchema<ClosureRow>("fire_closures", "one row per road direction the fire closed per replication")
      .integer("replication", "", "replication number", [](L c) { return std::int64_t(c.rep); })
      .integer("from_node", "", "node id the road leaves", [&](L c) { return net.external_id(net.tail(c.c.edge)); })
      .integer("to_node", "", "node id it reaches", [&](L c) { return net.external_id(net.head(c.c.edge)); })
      .real("closed_s", "s", "when it closed", [](L c) { return c.c.closed_s; })
      .real("reopened_s", "s", "when it reopened (NaN: closed at the end)", [](L c) { return c.c.reopened_s; })
      .add_to(file, closures);

  using A = const AreaRow&;
  TableSchema<AreaRow>("fire_perimeters", "the area inside the fire's perimeter at each output time, per replication")
      .integer("replication", "", "replication number", [](A a) { return std::int64_t(a.rep); })
      .real("time_s", "s", "output time", [](A a) { return a.t; })
      .real("area_ha", "ha", "area burned by then", [](A a) { return a.area / 10'000.0; })
      .add_to(file, areas);

  using E = const ExposureRow&;
  TableSchema<ExposureRow>("fire_zone_exposure", "per replication, the zones the fire reached")
      .integer("replication", "", "replication number", [](E e) { return std::int64_t(e.rep); })
      .text("zone", "", "zone id", [&](E e) { return region.zones[std::size_t(e.e.zone)].id; })
      .real("reached_s", "s", "when the fire first reached it", [](E e) { return e.e.time_s; })
      .real("share", "", "share of its cells burned; 1 for a village whose edge it reached", [](E e) { return e.e.severity; })
      .real("people", "people", "people in the fire's path: the zone's people times the share", [](E e) { return e.e.people; })
      .add_to(file, exposure);
}

}  // namespace dsim
