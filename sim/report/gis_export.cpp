// SPDX-License-Identifier: MIT
#include "sim/report/gis_export.hpp"

#include "sim/core/error.hpp"
#include "sim/report/gis_grids.hpp"
#include "sim/report/gpkg_writer.hpp"
#include "sim/response/model_builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace dsim {

namespace {

using detail::GisField;
using detail::GisNote;
using detail::GisRaster;
using detail::GpkgWriter;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kCoverLimit_s = 300.0;

OGRPoint* point(double lon, double lat) { return new OGRPoint(lon, lat); }

OGRLineString* line_of(const std::vector<LonLat>& points) {
  auto* line = new OGRLineString();
  for (const LonLat& p : points) line->addPoint(p.lon, p.lat);
  return line;
}

// The road from node id `from` to node id `to` on the region, its shape
// included; empty when the region does not have it.
std::vector<LonLat> road_shape(const Region* region, std::int64_t from, std::int64_t to) {
  if (region == nullptr) return {};
  const RoadNetwork& net = region->network;
  const auto u = net.find_node(from), v = net.find_node(to);
  if (!u || !v) return {};
  const EdgeId e = net.find_edge(*u, *v);
  if (e == kNoEdge) return {LonLat{net.lon(*u), net.lat(*u)}, LonLat{net.lon(*v), net.lat(*v)}};
  return net.geometry(e);
}

// Quantile of sorted values by linear interpolation between order statistics
// (Hyndman and Fan's type 7, numpy's default).
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// The replications the run finished: those in `units` (every replication has
// its units), else in `incidents`, else the metadata's.
std::size_t replications_of(const RunView& view) {
  for (const char* name : {"units", "incidents"})
    if (const auto* reps = int_column(view.table(name), "replication"); reps != nullptr && !reps->empty())
      return std::set<std::int64_t>(reps->begin(), reps->end()).size();
  return static_cast<std::size_t>(std::max<std::int64_t>(view.results.metadata.replications, 1));
}

class Exporter {
 public:
  Exporter(const RunView& view, GpkgWriter& out, GisExportSummary& summary)
      : view_(view), out_(out), summary_(summary), replications_(replications_of(view)) {}

  void skip(const std::string& layer, const std::string& why) {
    summary_.skipped.push_back(layer + ": " + why);
    out_.note({layer, "", "", "skipped: " + why});
  }
  void done(const std::string& layer, const char* kind, std::size_t features, const std::string& note) {
    summary_.layers.push_back({layer, kind, features, note});
  }

  void stations();
  void units();
  void demand_points();
  void incidents();
  void road_closures();

 private:
  const RunView& view_;
  GpkgWriter& out_;
  GisExportSummary& summary_;
  std::size_t replications_;
};

void Exporter::stations() {
  struct Row {
    std::string name;
    double lon = kNaN, lat = kNaN;
    std::set<std::string> teams;
    std::int64_t people = 0;
  };
  std::map<std::string, Row> rows;
  std::vector<std::string> order;
  const auto row = [&](const std::string& id) -> Row& {
    if (!rows.count(id)) order.push_back(id);
    return rows[id];
  };
  for (const StationView& s : view_.stations) {
    Row& r = row(s.id);
    r.name = s.name;
    r.lon = s.lon;
    r.lat = s.lat;
  }
  if (view_.scenario) {
    for (const TeamSpec& t : view_.scenario->teams)
      if (rows.count(t.station)) {
        rows[t.station].teams.insert(t.id);
        rows[t.station].people += t.size;
      }
  }
  std::string source = "the scenario's stations placed on the region's roads; teams and people from its teams";
  if (rows.empty()) {  // No region: the stations the units table names, at its coordinates.
    const ResultsTable* u = view_.table("units");
    const auto* rep = int_column(u, "replication");
    const auto* station = string_column(u, "station");
    const auto* name = string_column(u, "station_name");
    const auto* team = string_column(u, "team");
    const auto* people = int_column(u, "people");
    const auto* lon = double_column(u, "lon");
    const auto* lat = double_column(u, "lat");
    if (rep == nullptr || station == nullptr || lon == nullptr || lat == nullptr) {
      skip("stations", "the run has no region and no units table to place them by");
      return;
    }
    const std::int64_t first = rep->empty() ? 0 : *std::min_element(rep->begin(), rep->end());
    for (std::size_t i = 0; i < rep->size(); ++i) {
      if ((*rep)[i] != first) continue;
      Row& r = row((*station)[i]);
      r.name = name != nullptr ? (*name)[i] : (*station)[i];
      r.lon = (*lon)[i];
      r.lat = (*lat)[i];
      if (team != nullptr && r.teams.insert((*team)[i]).second && people != nullptr) r.people += (*people)[i];
    }
    source = "the stations of the units table (the region could not be reloaded), at its coordinates";
  }
  const std::string description = "Stations: " + source + ".";
  OGRLayer& layer = out_.add_layer("stations", wkbPoint,
                                   {{"id", OFTString, "", "station id"},
                                    {"name", OFTString, "", "station name (its id when the scenario gives none)"},
                                    {"teams", OFTInteger64, "", "teams based there"},
                                    {"people", OFTInteger64, "people", "people of those teams"}},
                                   description);
  for (const std::string& id : order) {
    const Row& r = rows[id];
    OGRFeature f(layer.GetLayerDefn());
    f.SetField(0, id.c_str());
    f.SetField(1, r.name.c_str());
    f.SetField(2, static_cast<GIntBig>(r.teams.size()));
    f.SetField(3, static_cast<GIntBig>(r.people));
    out_.add_feature(layer, f, point(r.lon, r.lat));
  }
  done("stations", "points", order.size(), description);
}

void Exporter::units() {
  const ResultsTable* u = view_.table("units");
  const auto* unit = string_column(u, "unit");
  const auto* lon = double_column(u, "lon");
  const auto* lat = double_column(u, "lat");
  if (unit == nullptr || lon == nullptr || lat == nullptr) return;
  const auto* team = string_column(u, "team");
  const auto* station = string_column(u, "station");
  const auto* level = string_column(u, "level");
  const auto* people = int_column(u, "people");
  const auto* dispatches = int_column(u, "dispatches");
  const auto* utilisation = double_column(u, "utilisation");
  const auto* busy = double_column(u, "busy_s");
  struct Row {
    std::size_t first = 0, reps = 0;
    double dispatches = 0, utilisation = 0, busy_s = 0;
  };
  std::map<std::string, Row> rows;
  std::vector<std::string> order;
  for (std::size_t i = 0; i < unit->size(); ++i) {
    auto [it, fresh] = rows.try_emplace((*unit)[i]);
    if (fresh) {
      it->second.first = i;
      order.push_back((*unit)[i]);
    }
    Row& r = it->second;
    ++r.reps;
    if (dispatches != nullptr) r.dispatches += static_cast<double>((*dispatches)[i]);
    if (utilisation != nullptr) r.utilisation += (*utilisation)[i];
    if (busy != nullptr) r.busy_s += (*busy)[i];
  }
  const std::string description =
      "Units at their home station, one feature per unit; dispatches, utilisation and busy_s are means over the " +
      std::to_string(replications_) + " replication(s) of the units table.";
  OGRLayer& layer =
      out_.add_layer("units", wkbPoint,
                     {{"unit", OFTString, "", "unit (team, or team#crew)"},
                      {"team", OFTString, "", "its team"},
                      {"station", OFTString, "", "home station (id)"},
                      {"level", OFTString, "", "level"},
                      {"people", OFTInteger64, "people", "crew size"},
                      {"dispatches", OFTReal, "", "times it was sent, mean over the replications"},
                      {"utilisation", OFTReal, "1", "busy time over the observed window, mean over the replications"},
                      {"busy_s", OFTReal, "s", "time committed, mean over the replications"},
                      {"replications", OFTInteger64, "", "replications averaged"}},
                     description);
  out_.begin(layer);
  for (const std::string& id : order) {
    const Row& r = rows[id];
    const std::size_t i = r.first;
    const double n = static_cast<double>(r.reps);
    OGRFeature f(layer.GetLayerDefn());
    f.SetField(0, id.c_str());
    if (team != nullptr) f.SetField(1, (*team)[i].c_str());
    if (station != nullptr) f.SetField(2, (*station)[i].c_str());
    if (level != nullptr) f.SetField(3, (*level)[i].c_str());
    if (people != nullptr) f.SetField(4, static_cast<GIntBig>((*people)[i]));
    GpkgWriter::set_real(f, 5, dispatches != nullptr ? r.dispatches / n : kNaN);
    GpkgWriter::set_real(f, 6, utilisation != nullptr ? r.utilisation / n : kNaN);
    GpkgWriter::set_real(f, 7, busy != nullptr ? r.busy_s / n : kNaN);
    f.SetField(8, static_cast<GIntBig>(r.reps));
    out_.add_feature(layer, f, point((*lon)[i], (*lat)[i]));
  }
  out_.commit(layer);
  done("units", "points", order.size(), description);
}

void Exporter::demand_points() {
  if (!view_.region) {
    skip("demand_points", view_.region_note);
    return;
  }
  const Region& region = *view_.region;
  const RoadNetwork& net = region.network;
  // Best times beyond the 5 minutes too: the cover is bounded far out.
  const Coverage cover = station_cover(view_, 24.0 * 3600.0);
  struct Stats {
    std::size_t count = 0, reached = 0;
    std::vector<double> response_s;
  };
  std::map<std::size_t, Stats> at_node;
  const ResultsTable* inc = view_.table("incidents");
  const auto* node = int_column(inc, "node");
  const auto* response = double_column(inc, "response_s");
  if (node != nullptr) {
    for (std::size_t i = 0; i < node->size(); ++i) {
      const auto n = net.find_node((*node)[i]);
      if (!n) continue;
      Stats& s = at_node[static_cast<std::size_t>(*n)];
      ++s.count;
      if (response != nullptr && std::isfinite((*response)[i])) s.response_s.push_back((*response)[i]);
    }
  }
  const std::string reps = std::to_string(replications_);
  const std::string description =
      "Demand points: the road nodes inside a zone, with the best station turnout + drive time on open roads "
      "(the scenario's stations, their teams' shortest mean turnout, roads as at the start) and the incidents of "
      "all " + reps + " replication(s) at the node: count, and first arrival minus call over those reached.";
  OGRLayer& layer = out_.add_layer(
      "demand_points", wkbPoint,
      {{"node", OFTInteger64, "", "road node id (as in the network file)"},
       {"zone", OFTString, "", "zone id"},
       {"zone_name", OFTString, "", "zone name"},
       {"best_station_s", OFTReal, "s",
        "best turnout + drive time from any station (NULL: no road from a station within 24 h)"},
       {"best_station", OFTString, "", "the station giving it"},
       {"covered_5min", OFTInteger64, "", "1 when best_station_s <= 300 s"},
       {"incidents", OFTInteger64, "", "incidents at the node, all replications together"},
       {"incidents_per_replication", OFTReal, "", "incidents divided by the replications"},
       {"response_mean_s", OFTReal, "s", "mean first arrival minus call of those reached (NULL: none)"},
       {"response_p90_s", OFTReal, "s", "90th percentile of the same (linear interpolation, numpy's default)"},
       {"reached", OFTInteger64, "", "incidents a unit reached"}},
      description);
  out_.begin(layer);
  std::size_t features = 0;
  for (std::size_t n = 0; n < net.node_count(); ++n) {
    const int z = n < region.node_zone.size() ? region.node_zone[n] : -1;
    if (z < 0) continue;
    const Zone& zone = region.zones[static_cast<std::size_t>(z)];
    const NodeId id{static_cast<std::uint32_t>(n)};
    OGRFeature f(layer.GetLayerDefn());
    f.SetField(0, static_cast<GIntBig>(net.external_id(id)));
    f.SetField(1, zone.id.c_str());
    f.SetField(2, zone.name.c_str());
    const double best = cover.best_time_s[n];
    GpkgWriter::set_real(f, 3, best);
    const std::int32_t station = cover.best_station[n];
    if (station >= 0 && static_cast<std::size_t>(station) < view_.stations.size())
      f.SetField(4, view_.stations[static_cast<std::size_t>(station)].id.c_str());
    f.SetField(5, static_cast<GIntBig>(best <= kCoverLimit_s ? 1 : 0));
    auto it = at_node.find(n);
    Stats empty;
    Stats& s = it == at_node.end() ? empty : it->second;
    std::sort(s.response_s.begin(), s.response_s.end());
    double mean = kNaN;
    if (!s.response_s.empty()) {
      mean = 0.0;
      for (double r : s.response_s) mean += r;
      mean /= static_cast<double>(s.response_s.size());
    }
    f.SetField(6, static_cast<GIntBig>(s.count));
    GpkgWriter::set_real(f, 7, static_cast<double>(s.count) / static_cast<double>(replications_));
    GpkgWriter::set_real(f, 8, mean);
    GpkgWriter::set_real(f, 9, quantile(s.response_s, 0.9));
    f.SetField(10, static_cast<GIntBig>(s.response_s.size()));
    out_.add_feature(layer, f, point(net.lon(id), net.lat(id)));
    ++features;
  }
  out_.commit(layer);
  done("demand_points", "points", features, description);
}

void Exporter::incidents() {
  const ResultsTable* t = view_.table("incidents");
  const auto* lon = double_column(t, "lon");
  const auto* lat = double_column(t, "lat");
  if (lon == nullptr || lat == nullptr) return;
  std::vector<GisField> fields;
  for (const ResultsColumn& c : t->columns()) {
    const OGRFieldType type =
        c.type() == ColumnType::int64 ? OFTInteger64 : c.type() == ColumnType::float64 ? OFTReal : OFTString;
    fields.push_back({c.name, type, c.unit, c.description});
  }
  const std::string description =
      "Incidents: every row of the incidents table (all " + std::to_string(replications_) +
      " replications; the replication field tells them apart), at its road node; NULL for a NaN time.";
  OGRLayer& layer = out_.add_layer("incidents", wkbPoint, fields, description);
  out_.begin(layer);
  for (std::size_t i = 0; i < t->rows(); ++i) {
    OGRFeature f(layer.GetLayerDefn());
    int k = 0;
    for (const ResultsColumn& c : t->columns()) {
      if (const auto* d = std::get_if<std::vector<double>>(&c.data))
        GpkgWriter::set_real(f, k, (*d)[i]);
      else if (const auto* n = std::get_if<std::vector<std::int64_t>>(&c.data))
        f.SetField(k, static_cast<GIntBig>((*n)[i]));
      else
        f.SetField(k, std::get<std::vector<std::string>>(c.data)[i].c_str());
      ++k;
    }
    out_.add_feature(layer, f, point((*lon)[i], (*lat)[i]));
  }
  out_.commit(layer);
  done("incidents", "points", t->rows(), description);
}


void Exporter::road_closures() {
  const ResultsTable* flood = view_.table("flood_closures");
  const ResultsTable* fire = view_.table("fire_closures");
  const ResultsTable* chem = view_.table("chemical_road_changes");
  const bool drill = view_.scenario && !view_.scenario->road_closures.empty();
  if (flood == nullptr && fire == nullptr && chem == nullptr && !drill) return;
  const Region* region = view_.region.get();
  const std::string description =
      "Road closures over time, one feature per directed road and closure: cause flood (flood_closures, per "
      "vehicle class, shared by every replication), fire (fire_closures, per replication), chemical "
      "(chemical_road_changes paired into closed/reopened, for the protected hazmat classes or the others) and "
      "scenario (the scenario's own road_closures). reopened_s NULL: still closed at the end of the run.";
  OGRLayer& layer = out_.add_layer(
      "road_closures", wkbLineString,
      {{"cause", OFTString, "", "flood, fire, chemical or scenario"},
       {"name", OFTString, "", "the scenario closure's name (empty for the others)"},
       {"replication", OFTInteger64, "", "replication (NULL: the same in every replication)"},
       {"from_node", OFTInteger64, "", "tail node id (as in the network file)"},
       {"to_node", OFTInteger64, "", "head node id"},
       {"vehicle_class", OFTString, "", "vehicle classes it is closed to (all: every class)"},
       {"closed_s", OFTReal, "s", "time it closed, from the start of the run"},
       {"reopened_s", OFTReal, "s", "time it reopened (NULL: still closed at the end)"},
       {"max_depth_m", OFTReal, "m", "deepest water over it while closed (flood only)"}},
      description);
  std::size_t features = 0;
  const auto add = [&](const char* cause, const std::string& name, std::int64_t replication, std::int64_t from,
                       std::int64_t to, const std::string& classes, double closed_s, double reopened_s,
                       double depth_m, std::vector<LonLat> shape) {
    OGRFeature f(layer.GetLayerDefn());
    f.SetField(0, cause);
    f.SetField(1, name.c_str());
    if (replication >= 0)
      f.SetField(2, static_cast<GIntBig>(replication));
    else
      f.SetFieldNull(2);
    f.SetField(3, static_cast<GIntBig>(from));
    f.SetField(4, static_cast<GIntBig>(to));
    f.SetField(5, classes.c_str());
    GpkgWriter::set_real(f, 6, closed_s);
    GpkgWriter::set_real(f, 7, reopened_s);
    GpkgWriter::set_real(f, 8, depth_m);
    out_.add_feature(layer, f, shape.size() >= 2 ? line_of(shape) : nullptr);
    ++features;
  };
  out_.begin(layer);
  if (flood != nullptr) {
    const auto* from = int_column(flood, "from_node");
    const auto* to = int_column(flood, "to_node");
    const auto* cls = string_column(flood, "vehicle_class");
    const auto* closed = double_column(flood, "closed_s");
    const auto* reopened = double_column(flood, "reopened_s");
    const auto* depth = double_column(flood, "max_depth_m");
    const auto* x0 = double_column(flood, "from_lon");
    const auto* y0 = double_column(flood, "from_lat");
    const auto* x1 = double_column(flood, "to_lon");
    const auto* y1 = double_column(flood, "to_lat");
    if (from != nullptr && to != nullptr && closed != nullptr) {
      const auto* edge = int_column(flood, "edge");
      for (std::size_t i = 0; i < from->size(); ++i) {
        // The edge the flood closed, when the region's is the same road; else the road between its ends.
        std::vector<LonLat> shape;
        if (region != nullptr && edge != nullptr && (*edge)[i] >= 0 &&
            static_cast<std::size_t>((*edge)[i]) < region->network.edge_count()) {
          const RoadNetwork& net = region->network;
          const EdgeId e{static_cast<std::uint32_t>((*edge)[i])};
          if (net.external_id(net.tail(e)) == (*from)[i] && net.external_id(net.head(e)) == (*to)[i])
            shape = net.geometry(e);
        }
        if (shape.empty()) shape = road_shape(region, (*from)[i], (*to)[i]);
        if (shape.empty() && x0 && y0 && x1 && y1) shape = {{(*x0)[i], (*y0)[i]}, {(*x1)[i], (*y1)[i]}};
        add("flood", "", -1, (*from)[i], (*to)[i], cls ? (*cls)[i] : std::string("all"), (*closed)[i],
            reopened ? (*reopened)[i] : kNaN, depth ? (*depth)[i] : kNaN, std::move(shape));
      }
    }
  }
  if (region != nullptr && fire != nullptr) {
    const auto* rep = int_column(fire, "replication");
    const auto* from = int_column(fire, "from_node");
    const auto* to = int_column(fire, "to_node");
    const auto* closed = double_column(fire, "closed_s");
    const auto* reopened = double_column(fire, "reopened_s");
    if (rep && from && to && closed)
      for (std::size_t i = 0; i < from->size(); ++i)
        add("fire", "", (*rep)[i], (*from)[i], (*to)[i], "all", (*closed)[i], reopened ? (*reopened)[i] : kNaN, kNaN,
            road_shape(region, (*from)[i], (*to)[i]));
  }
  if (region != nullptr && chem != nullptr) {
    const auto* time = double_column(chem, "time_s");
    const auto* from = int_column(chem, "from_node");
    const auto* to = int_column(chem, "to_node");
    const auto* closed = int_column(chem, "closed");
    const auto* guarded = int_column(chem, "protected");
    if (time && from && to && closed && guarded) {
      // Pair each closing with the next reopening of the same road for the same classes.
      using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
      std::map<Key, double> open_since;
      std::vector<std::size_t> order(time->size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return (*time)[a] < (*time)[b]; });
      const auto classes = [](std::int64_t p) { return p ? std::string("protected") : std::string("others"); };
      for (std::size_t i : order) {
        const Key key{(*from)[i], (*to)[i], (*guarded)[i]};
        if ((*closed)[i]) {
          open_since.try_emplace(key, (*time)[i]);
        } else if (auto it = open_since.find(key); it != open_since.end()) {
          add("chemical", "", -1, (*from)[i], (*to)[i], classes((*guarded)[i]), it->second, (*time)[i], kNaN,
              road_shape(region, (*from)[i], (*to)[i]));
          open_since.erase(it);
        }
      }
      for (const auto& [key, since] : open_since)
        add("chemical", "", -1, std::get<0>(key), std::get<1>(key), classes(std::get<2>(key)), since, kNaN, kNaN,
            road_shape(region, std::get<0>(key), std::get<1>(key)));
    }
  }
  if (region != nullptr && drill) {
    // Each closure of the scenario resolved to its roads as the run resolved it.
    for (const RoadClosureSpec& spec : view_.scenario->road_closures) {
      Scenario one = *view_.scenario;
      one.road_closures = {spec};
      const ResponseModel model = build_response_model(one, *region);
      std::string classes = "all";
      if (!spec.vehicle_classes.empty()) {
        classes.clear();
        for (const std::string& c : spec.vehicle_classes) classes += (classes.empty() ? "" : ",") + c;
      }
      for (const RoadChange& change : model.road_changes) {
        if (!change.closed) continue;
        const RoadNetwork& net = region->network;
        add("scenario", spec.name, -1, net.external_id(net.tail(change.edge)), net.external_id(net.head(change.edge)),
            classes, spec.start_s, spec.end_s, kNaN, net.geometry(change.edge));
      }
    }
  }
  out_.commit(layer);
  done("road_closures", "lines", features, description);
  if (region == nullptr) {
    std::string missing;
    if (fire != nullptr) missing += "fire_closures";
    if (chem != nullptr) missing += std::string(missing.empty() ? "" : ", ") + "chemical_road_changes";
    if (drill)
      missing += std::string(missing.empty() ? "" : ", ") + "the scenario's road_closures";
    if (!missing.empty())
      skip("road_closures (" + missing + ")", "these name roads by node id only: " + view_.region_note);
  }
}

}  // namespace

GisExportSummary export_geopackage(const RunView& view, const std::filesystem::path& output,
                                   const GisExportProgress& progress) {
  using namespace detail;
  GisExportSummary summary;
  GpkgWriter out(output);
  const std::vector<std::string> steps = {"flood rasters", "stations and units", "demand points", "incidents",
                                          "road closures", "threat zones", "fire perimeters", "finishing"};
  std::size_t step = 0;
  const auto next = [&] {
    if (progress) progress(steps[step], step, steps.size());
    ++step;
  };
  next();
  for (const GisRaster& r : flood_rasters(view)) {
    out.add_raster(r);
    out.note({r.name, "", "", r.description});
    summary.layers.push_back({r.name, "raster", static_cast<std::size_t>(r.rows) * r.cols, r.description});
  }
  Exporter ex(view, out, summary);
  next();
  ex.stations();
  ex.units();
  next();
  ex.demand_points();
  next();
  ex.incidents();
  next();
  ex.road_closures();
  next();
  write_threat_zones(view, out, summary);
  next();
  write_fire_perimeters(view, out, summary);
  next();
  out.metadata("DSIM_TITLE", view.title());
  out.metadata("DSIM_VERSION", view.results.metadata.dsim_version);
  out.metadata("DSIM_RESULTS_FILE", view.path.string());
  out.metadata("DSIM_SCENARIO_FILE", view.results.metadata.scenario_file);
  out.metadata("DSIM_REGION_NOTE", view.region_note);
  out.finish();
  if (progress) progress("done", steps.size(), steps.size());
  return summary;
}

}  // namespace dsim
