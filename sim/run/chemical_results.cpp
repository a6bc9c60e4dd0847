// SPDX-License-Identifier: MIT
// The chemical tables of a results file (docs/output-format.md, "Chemical releases").
#include "sim/run/scenario_chemical.hpp"

#include "sim/experiment/response_experiment.hpp"
#include "sim/io/table_schema.hpp"
#include "sim/warning/warning_model.hpp"
#include "sim/warning/warning_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double or_nan(double x) { return std::isinf(x) ? std::nan("") : x; }

std::string zone_id(const Region& region, int z) { return z < 0 ? std::string() : region.zones[static_cast<std::size_t>(z)].id; }
std::string zone_name(const Region& region, int z) {
  return z < 0 ? std::string() : region.zones[static_cast<std::size_t>(z)].name;
}

void add_level_attributes(ResultsTable& t, const ScenarioChemical& chem) {
  const Chemical& c = chem.chemical;
  t.set_attribute("chemical", c.id);
  t.set_attribute("chemical_name", c.name);
  t.set_attribute("molar_mass_g_mol", c.molar_mass_g_mol);
  t.set_attribute("zone_duration_s", chem.zone_duration_s);
  for (int k = 0; k < kAeglLevels; ++k) {
    const std::string level = std::to_string(k + 1);
    t.set_attribute("aegl" + level + "_mg_m3", chem.level_mg_m3[static_cast<std::size_t>(k)]);
    t.set_attribute("aegl" + level + "_ppm", c.level_ppm_for(k, chem.zone_duration_s));
    t.set_attribute("aegl" + level + "_kind", c.level_kind[static_cast<std::size_t>(k)]);
  }
  t.set_attribute("level_source", c.level_source);
  t.set_attribute("ten_berge_n", c.ten_berge_n);
  t.set_attribute("dense_at_release", static_cast<std::int64_t>(c.dense_at_release));
}

}  // namespace

void add_chemical_results(ResultsFile& file, const ScenarioChemical& chem, const Region& region, double outdoor_share,
                          const WarningModel* warning, const std::vector<WarningOutcome>* outcomes,
                          const std::vector<std::size_t>* replication_numbers) {
  const RoadNetwork& net = region.network;
  const Chemical& c = chem.chemical;

  using S = const ReleaseSummary&;
  ResultsTable& releases =
      TableSchema<ReleaseSummary>("chemical_releases", "one row per release")
          .text("name", "", "the release's name", [](S r) { return r.name; })
          .text("source", "", "continuous, instantaneous, series, pool or leak", [](S r) { return r.source; })
          .integer("node", "", "node of the road network it snapped to (the scene)",
                   [&](S r) { return static_cast<std::int64_t>(net.external_id(r.node)); })
          .real("lon", "deg", "longitude of that node", [&](S r) { return net.has_coordinates() ? net.lon(r.node) : std::nan(""); })
          .real("lat", "deg", "latitude of that node", [&](S r) { return net.has_coordinates() ? net.lat(r.node) : std::nan(""); })
          .real("x_m", "m", "metres east in the network's plane", [&](S r) { return net.x_m(r.node); })
          .real("y_m", "m", "metres north in the network's plane", [&](S r) { return net.y_m(r.node); })
          .real("start_s", "s", "time the release began", [](S r) { return r.start_s; })
          .real("end_s", "s", "time it stopped", [](S r) { return r.end_s; })
          .real("total_kg", "kg", "mass released", [](S r) { return r.total_kg; })
          .real("peak_rate_kg_s", "kg/s", "highest release rate (0: instantaneous)", [](S r) { return r.peak_rate_kg_s; })
          .real("height_m", "m", "release height", [](S r) { return r.height_m; })
          .add_to(file, chem.releases);
  add_level_attributes(releases, chem);
  releases.set_attribute("first_release_s", chem.first_release_s);
  releases.set_attribute("end_s", chem.end_s);
  releases.set_attribute("receptor_nodes", static_cast<std::int64_t>(chem.receptors));
  releases.set_attribute("edges_ever_closed", static_cast<std::int64_t>(chem.edges_ever_closed));

  struct Weather {
    double t, u, from;
    Stability s;
  };
  std::vector<Weather> weather;
  for (std::size_t i = 0; i < chem.weather.times_s.size(); ++i)
    weather.push_back({chem.weather.times_s[i], chem.weather.speed_mps[i], chem.weather.from_deg[i], chem.weather.stability[i]});
  using W = const Weather&;
  TableSchema<Weather>("chemical_weather", "the weather the gas travelled in, held from each row to the next")
      .real("time_s", "s", "from this time", [](W w) { return w.t; })
      .real("speed_mps", "m/s", "wind speed at the reference height", [](W w) { return w.u; })
      .real("from_deg", "deg", "direction the wind blows from, clockwise from north", [](W w) { return w.from; })
      .text("stability", "", "Pasquill-Gifford class (given, or from Turner's table)",
            [](W w) { return std::string(stability_name(w.s)); })
      .add_to(file, weather)
      .set_attribute("mixing_height_m", chem.weather.mixing_height_m);

  std::vector<std::size_t> reached;
  for (std::size_t v = 0; v < chem.peak_out_mg_m3.size(); ++v)
    if (chem.peak_out_mg_m3[v] > 0.0) reached.push_back(v);
  using N = std::size_t;
  const auto node = [](N v) { return static_cast<NodeId>(v); };
  TableSchema<std::size_t> nodes("chemical_nodes", "one row per road node the gas reached (outdoor peak above 0)");
  nodes.integer("node", "", "node id of the road network", [&](N v) { return static_cast<std::int64_t>(net.external_id(node(v))); })
      .real("lon", "deg", "longitude", [&](N v) { return net.has_coordinates() ? net.lon(node(v)) : std::nan(""); })
      .real("lat", "deg", "latitude", [&](N v) { return net.has_coordinates() ? net.lat(node(v)) : std::nan(""); })
      .real("x_m", "m", "metres east in the network's plane", [&](N v) { return net.x_m(node(v)); })
      .real("y_m", "m", "metres north in the network's plane", [&](N v) { return net.y_m(node(v)); })
      .text("zone", "", "zone id (empty: in none)", [&](N v) { return zone_id(region, region.node_zone[v]); })
      .text("zone_name", "", "its name", [&](N v) { return zone_name(region, region.node_zone[v]); })
      .real("people", "people", "people at the node", [&](N v) { return chem.node_people[v]; })
      .real("air_changes_per_h", "1/h", "air changes of the buildings there", [&](N v) { return chem.node_ach[v]; })
      .real("peak_mg_m3", "mg/m3", "highest outdoor concentration", [&](N v) { return chem.peak_out_mg_m3[v]; })
      .real("peak_ppm", "ppm", "the same in ppm", [&](N v) { return mg_m3_to_ppm(chem.peak_out_mg_m3[v], c.molar_mass_g_mol); })
      .real("peak_time_s", "s", "when it came", [&](N v) { return chem.peak_time_s[v]; })
      .real("peak_indoor_mg_m3", "mg/m3", "highest indoor concentration", [&](N v) { return chem.peak_in_mg_m3[v]; })
      .real("dose_mg_min_m3", "mg min/m3", "outdoor concentration integrated over time", [&](N v) { return chem.dose_mg_min_m3[v]; })
      .real("toxic_load", "ppm^n min", "outdoor toxic load (ten Berge; NaN: no exponent published)",
            [&](N v) { return chem.toxic_load[v]; });
  for (std::size_t k = 0; k < kAeglLevels; ++k) {
    const std::string level = std::to_string(k + 1);
    nodes.real("arrival_aegl" + level + "_s", "s", "first output time the outdoor air was above AEGL-" + level + " (NaN: never)",
               [&, k](N v) { return or_nan(chem.arrival_out_s[k][v]); });
    nodes.real("indoor_arrival_aegl" + level + "_s", "s", "the same for the air indoors",
               [&, k](N v) { return or_nan(chem.arrival_in_s[k][v]); });
  }
  add_level_attributes(nodes.add_to(file, reached), chem);

  struct ZoneRow {
    double t;
    int level;
    std::size_t nodes;
    double people;
  };
  std::vector<ZoneRow> zone_rows;
  for (std::size_t t = 0; t < chem.output_times_s.size(); ++t)
    for (std::size_t k = 0; k < kAeglLevels; ++k)
      zone_rows.push_back({chem.output_times_s[t], static_cast<int>(k + 1), chem.zone_nodes[t][k], chem.zone_people[t][k]});
  using Z = const ZoneRow&;
  TableSchema<ZoneRow>("chemical_zones", "the threat zones over time: road nodes above each level outdoors")
      .real("time_s", "s", "output time", [](Z r) { return r.t; })
      .integer("level", "", "AEGL level (1, 2, 3)", [](Z r) { return static_cast<std::int64_t>(r.level); })
      .integer("nodes", "1", "road nodes above the level", [](Z r) { return static_cast<std::int64_t>(r.nodes); })
      .real("people", "people", "people at those nodes", [](Z r) { return r.people; })
      .add_to(file, zone_rows);

  struct Exposure {
    std::int64_t replication;
    const ZoneChemicalExposure* e;
    int level;
  };
  const auto action = [&](int z) -> std::string {
    if (z < 0 || static_cast<std::size_t>(z) >= chem.zone_shelters.size()) return {};
    return chem.zone_shelters[static_cast<std::size_t>(z)] ? "shelter" : "evacuate";
  };
  std::vector<Exposure> base;
  for (const ZoneChemicalExposure& e : chem.no_action)
    for (int k = 0; k < kAeglLevels; ++k)
      if (e.outdoors[static_cast<std::size_t>(k)] + e.indoors[static_cast<std::size_t>(k)] > 0.0) base.push_back({-1, &e, k + 1});
  using E = const Exposure&;
  const auto exposure_schema = [&](const char* name, const char* description, bool per_replication) {
    TableSchema<Exposure> s(name, description);
    if (per_replication) s.replication([](E x) { return x.replication; });
    s.text("zone", "", "zone id", [&](E x) { return zone_id(region, x.e->zone); })
        .text("zone_name", "", "its name", [&](E x) { return zone_name(region, x.e->zone); })
        .text("action", "", "the zone's protective action: shelter or evacuate", [&](E x) { return action(x.e->zone); })
        .real("arrival_s", "s", "first outdoor arrival of the rule's level in the zone (NaN: never)",
              [&](E x) { return or_nan(chem.zone_arrival_s[static_cast<std::size_t>(x.e->zone)]); })
        .integer("level", "", "AEGL level (1, 2, 3)", [](E x) { return static_cast<std::int64_t>(x.level); })
        .real("people_outdoors", "people", "people outdoors when the outdoor air passed the level",
              [](E x) { return x.e->outdoors[static_cast<std::size_t>(x.level - 1)]; })
        .real("people_indoors", "people", "people indoors when the indoor air passed the level",
              [](E x) { return x.e->indoors[static_cast<std::size_t>(x.level - 1)]; });
    return s;
  };
  ResultsTable& no_action = exposure_schema("chemical_zone_exposure",
                                            "people above each level per zone with nobody warned (rows with anyone above)",
                                            false)
                                .add_to(file, base);
  no_action.set_attribute("outdoor_share", outdoor_share);
  add_level_attributes(no_action, chem);

  if (warning != nullptr && outcomes != nullptr && replication_numbers != nullptr) {
    std::vector<std::vector<ZoneChemicalExposure>> per_rep;
    per_rep.reserve(outcomes->size());
    for (const WarningOutcome& o : *outcomes) per_rep.push_back(chemical_exposure(chem, region, *warning, o, outdoor_share));
    std::vector<Exposure> rows;
    for (std::size_t r = 0; r < per_rep.size(); ++r)
      for (const ZoneChemicalExposure& e : per_rep[r])
        for (int k = 0; k < kAeglLevels; ++k)
          if (e.outdoors[static_cast<std::size_t>(k)] + e.indoors[static_cast<std::size_t>(k)] > 0.0)
            rows.push_back({static_cast<std::int64_t>((*replication_numbers)[r]), &e, k + 1});
    exposure_schema("chemical_exposure",
                    "people above each level per zone and replication, after the warning and the protective action",
                    true)
        .add_to(file, rows)
        .set_attribute("outdoor_share", outdoor_share);
  }

  struct Sample {
    const ScenarioChemical::PlaceSeries* p;
    std::size_t t;
  };
  std::vector<Sample> samples;
  for (const ScenarioChemical::PlaceSeries& p : chem.place_series)
    for (std::size_t t = 0; t < chem.output_times_s.size(); ++t) samples.push_back({&p, t});
  using P = const Sample&;
  TableSchema<Sample>("chemical_place_series", "concentration over time at each named place of the region the gas reached")
      .text("place", "", "the place's name", [](P x) { return x.p->place; })
      .integer("node", "", "its road node", [&](P x) { return static_cast<std::int64_t>(net.external_id(x.p->node)); })
      .real("time_s", "s", "output time", [&](P x) { return chem.output_times_s[x.t]; })
      .real("outdoor_mg_m3", "mg/m3", "outdoor concentration", [](P x) { return x.p->outdoor_mg_m3[x.t]; })
      .real("indoor_mg_m3", "mg/m3", "indoor concentration (the buildings' air changes)", [](P x) { return x.p->indoor_mg_m3[x.t]; })
      .add_to(file, samples);

  // The map grid: peak and frames.
  const ChemicalGrid& g = chem.grid;
  struct Cell {
    std::int64_t row, col;
    std::size_t i;
  };
  std::vector<Cell> cells;
  for (std::size_t row = 0; row < g.ny; ++row)
    for (std::size_t col = 0; col < g.nx; ++col)
      cells.push_back({static_cast<std::int64_t>(row), static_cast<std::int64_t>(col), row * g.nx + col});
  const auto centre = [&](const Cell& x) {
    return std::pair{g.x0_m + (static_cast<double>(x.col) + 0.5) * g.cell_size_m,
                     g.y0_m + (static_cast<double>(x.row) + 0.5) * g.cell_size_m};
  };
  const auto lon_lat = [&](const Cell& x) {
    double lon = std::nan(""), lat = std::nan("");
    if (net.has_coordinates()) net.projection().inverse(centre(x).first, centre(x).second, lon, lat);
    return std::pair{lon, lat};
  };
  using C = const Cell&;
  ResultsTable& grid = TableSchema<Cell>("chemical_grid", "peak outdoor concentration on a grid around the releases, "
                                                          "row-major from the south-west corner")
                           .integer("row", "", "grid row (0: southernmost)", [](C x) { return x.row; })
                           .integer("col", "", "grid column (0: westernmost)", [](C x) { return x.col; })
                           .real("x_m", "m", "cell centre, metres east in the network's plane", [&](C x) { return centre(x).first; })
                           .real("y_m", "m", "cell centre, metres north", [&](C x) { return centre(x).second; })
                           .real("lon", "deg", "longitude of the cell centre", [&](C x) { return lon_lat(x).first; })
                           .real("lat", "deg", "latitude of the cell centre", [&](C x) { return lon_lat(x).second; })
                           .real("peak_mg_m3", "mg/m3", "highest outdoor concentration", [&](C x) { return g.peak_mg_m3[x.i]; })
                           .add_to(file, cells);
  grid.set_attribute("rows", static_cast<std::int64_t>(g.ny));
  grid.set_attribute("cols", static_cast<std::int64_t>(g.nx));
  grid.set_attribute("cell_size_m", g.cell_size_m);
  grid.set_attribute("x_lower_left_m", g.x0_m);
  grid.set_attribute("y_lower_left_m", g.y0_m);
  add_level_attributes(grid, chem);

  double floor_mg_m3 = kInf;
  for (double l : chem.level_mg_m3)
    if (l > 0.0) floor_mg_m3 = std::min(floor_mg_m3, 1e-3 * l);
  struct Frame {
    std::int64_t frame, cell;
    double c;
  };
  std::vector<Frame> frames;
  for (std::size_t f = 0; f < g.frames_mg_m3.size(); ++f)
    for (std::size_t i = 0; i < g.frames_mg_m3[f].size(); ++i)
      if (g.frames_mg_m3[f][i] > floor_mg_m3)
        frames.push_back({static_cast<std::int64_t>(f), static_cast<std::int64_t>(i), g.frames_mg_m3[f][i]});
  using F = const Frame&;
  TableSchema<Frame>("chemical_frames", "outdoor concentration on the grid at each frame time (cells above 1/1000 of the lowest level)")
      .integer("frame", "", "frame number, from 0", [](F x) { return x.frame; })
      .real("time_s", "s", "time of the frame", [&](F x) { return g.frame_times_s[static_cast<std::size_t>(x.frame)]; })
      .integer("cell", "", "row-major cell index (row * cols + col), as in chemical_grid", [](F x) { return x.cell; })
      .real("c_mg_m3", "mg/m3", "outdoor concentration", [](F x) { return x.c; })
      .add_to(file, frames)
      .set_attribute("frames", static_cast<std::int64_t>(g.frames_mg_m3.size()));

  struct FrameTime {
    std::int64_t frame;
    double time_s;
  };
  std::vector<FrameTime> frame_times;
  for (std::size_t f = 0; f < g.frame_times_s.size(); ++f) frame_times.push_back({static_cast<std::int64_t>(f), g.frame_times_s[f]});
  using T = const FrameTime&;
  TableSchema<FrameTime>("chemical_frame_times", "the time of every frame of chemical_frames, empty frames included")
      .integer("frame", "", "frame number, from 0", [](T x) { return x.frame; })
      .real("time_s", "s", "time of the frame", [](T x) { return x.time_s; })
      .add_to(file, frame_times);

  struct Change {
    const RoadChange* c;
  };
  std::vector<Change> changes;
  for (const RoadChange& ch : chem.changes) changes.push_back({&ch});
  using R = const Change&;
  TableSchema<Change>("chemical_road_changes", "roads closing and reopening as the closure level's zone moves")
      .real("time_s", "s", "time of the change", [](R x) { return x.c->time_s; })
      .integer("from_node", "", "node the road leaves", [&](R x) { return static_cast<std::int64_t>(net.external_id(net.tail(x.c->edge))); })
      .integer("to_node", "", "node it enters", [&](R x) { return static_cast<std::int64_t>(net.external_id(net.head(x.c->edge))); })
      .integer("closed", "", "1: closes, 0: reopens", [](R x) { return static_cast<std::int64_t>(x.c->closed); })
      .integer("protected", "", "1: to the protected (hazmat) vehicle classes, 0: to the others",
               [&](R x) { return static_cast<std::int64_t>((x.c->classes & chem.protected_classes) != 0); })
      .add_to(file, changes)
      .set_attribute("closure_level", static_cast<std::int64_t>(chem.closure_level));
}

ChemicalRunSummary summarize_chemical_run(const ScenarioChemical& chem, const Region& region, const ResponseModel& model,
                                          const TravelOracle& travel, const WarningModel* warning,
                                          const ResponseExperiment& ex, double outdoor_share) {
  ChemicalRunSummary s;
  s.replications = ex.replications.size();
  for (const ZoneChemicalExposure& e : chem.no_action)
    for (std::size_t k = 0; k < kAeglLevels; ++k) {
      s.no_action_outdoors[k] += e.outdoors[k];
      s.no_action_indoors[k] += e.indoors[k];
    }
  const bool warned = warning != nullptr && ex.warning.size() == ex.replications.size() && !ex.warning.empty();
  if (warned) {
    for (const WarningOutcome& o : ex.warning)
      for (const ZoneChemicalExposure& e : chemical_exposure(chem, region, *warning, o, outdoor_share))
        for (std::size_t k = 0; k < kAeglLevels; ++k) {
          s.outdoors[k] += e.outdoors[k] / static_cast<double>(ex.warning.size());
          s.indoors[k] += e.indoors[k] / static_cast<double>(ex.warning.size());
        }
  } else {
    s.outdoors = s.no_action_outdoors;
    s.indoors = s.no_action_indoors;
  }
  for (std::size_t z = 0; z < chem.zone_arrival_s.size(); ++z) {
    if (!(chem.zone_arrival_s[z] < kInf)) continue;
    (chem.zone_shelters[z] ? s.zones_shelter : s.zones_evacuate) += 1;
  }
  s.casualty_calls = chem.casualty_calls.size();
  const int hazmat = capability_index("hazmat");
  int casualty_type = -1;
  if (!chem.casualty_calls.empty())
    for (std::size_t t = 0; t < model.incident_types.size(); ++t)
      if (model.incident_types[t] == chem.casualty_calls.front().type) casualty_type = static_cast<int>(t);
  for (const ReplicationOutcome& r : ex.replications) {
    for (const IncidentOutcome& inc : r.incidents) {
      if (inc.generator < 0 && inc.type == casualty_type && inc.unreached == Unreached::reached)
        s.casualty_calls_reached += 1.0 / static_cast<double>(ex.replications.size());
      if (std::find(chem.release_nodes.begin(), chem.release_nodes.end(), inc.node) == chem.release_nodes.end()) continue;
      if (inc.type == casualty_type) continue;
      ++s.scene_incidents;
      const DispatchOutcome* first = nullptr;
      for (const DispatchOutcome& d : r.dispatches) {
        if (d.incident != inc.id || std::isnan(d.arrival_s)) continue;
        const ResponseModel::Unit& u = model.units[static_cast<std::size_t>(d.unit)];
        if ((u.capabilities & (CapabilitySet{1} << hazmat)) == 0) continue;
        if (first == nullptr || d.arrival_s < first->arrival_s) first = &d;
        const std::string team = u.id.substr(0, u.id.find('#'));
        auto it = std::find_if(s.hazmat_teams.begin(), s.hazmat_teams.end(), [&](const auto& t) { return t.team == team; });
        if (it == s.hazmat_teams.end()) it = s.hazmat_teams.insert(s.hazmat_teams.end(), {team, 0, 0.0, 0.0});
        ++it->arrivals;
        it->mean_travel_s += d.travel_s;
        it->mean_direct_s += travel.to_node_s(u.station, inc.node, u.speed_factor);
      }
      if (first == nullptr) continue;
      const ResponseModel::Unit& u = model.units[static_cast<std::size_t>(first->unit)];
      ++s.hazmat_arrivals;
      s.mean_hazmat_response_s += first->arrival_s - inc.call_s;
      s.mean_hazmat_travel_s += first->travel_s;
      s.mean_hazmat_direct_s += travel.to_node_s(u.station, inc.node, u.speed_factor);
    }
  }
  for (auto& t : s.hazmat_teams) {
    t.mean_travel_s /= static_cast<double>(t.arrivals);
    t.mean_direct_s /= static_cast<double>(t.arrivals);
  }
  if (s.hazmat_arrivals > 0) {
    const auto n = static_cast<double>(s.hazmat_arrivals);
    s.mean_hazmat_response_s /= n;
    s.mean_hazmat_travel_s /= n;
    s.mean_hazmat_direct_s /= n;
  }
  return s;
}

}  // namespace dsim
