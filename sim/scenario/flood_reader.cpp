// SPDX-License-Identifier: MIT
// The flood section: the terrain, its water (inflows, rain, boundaries) and how it meets the roads and the response.
#include "sim/scenario/section_readers.hpp"

#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/quantity.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

namespace dsim::detail {

namespace {

const std::vector<std::string> kFloodKeys = {
    "dem",      "synthetic",  "dem_units",         "origin",         "cell_size",    "river_depth",
    "manning_n", "inflows",   "rainfall",          "boundaries",     "duration",     "coupling_interval",
    "frame_interval", "closure_depth", "exposure_depth", "rescue", "extent",       "margin",       "waterways",
    "bridge_clearance", "precision"};
const std::vector<std::string> kPrecisions = {"double", "single"};
const std::vector<std::string> kWaterwayKeys = {"source", "kinds", "wet_kinds", "channel_depth", "initial_depth"};
const std::vector<std::string> kSyntheticDems = {"river_valley"};
const std::vector<std::string> kDemUnits = {"metres", "degrees"};
const std::vector<std::string> kInflowKeys = {"name", "at", "line", "hydrograph"};
const std::vector<std::string> kPlaceKeys = {"lon", "lat", "place"};
const std::vector<std::string> kBoundaryKeys = {"edge", "kind", "slope", "series"};
const std::vector<std::string> kEdges = {"west", "east", "south", "north"};
const std::vector<std::string> kBoundaryKinds = {"closed", "free", "fixed_level", "inflow"};
const std::vector<std::string> kRescueKeys = {"type", "severity", "people_per_incident", "min_population"};

// A number >= lo (> lo when `open`).
std::optional<double> at_least(FieldReader& in, const Item& it, const std::string& expected, double lo,
                               bool open = false) {
  return in.number_where(it, expected, [&](double v) { return open ? v > lo : v >= lo; });
}

std::optional<FloodPlace> place(FieldReader& in, const Item& it) {
  const auto f = in.fields(it, kPlaceKeys, "a place ({lon: .., lat: ..} or {place: name})");
  if (!f) return std::nullopt;
  FloodPlace p;
  const Item* lon = in.get(*f, "lon");
  const Item* lat = in.get(*f, "lat");
  const Item* named = in.get(*f, "place");
  if (named && (lon || lat)) {
    in.error(it, "either lon and lat or a place", "both");
    return std::nullopt;
  }
  if (named) {
    if (!named->node.IsScalar() || named->node.Scalar().empty()) {
      in.error(*named, "the name of a place of the region", found_text(named->node));
      return std::nullopt;
    }
    p.place = named->node.Scalar();
    return p;
  }
  if (!lon || !lat) {
    in.error(it, "both lon and lat (degrees)", lon ? "only lon" : lat ? "only lat" : "neither");
    return std::nullopt;
  }
  p.lon = at_least(in, *lon, "a longitude in degrees (-180 to 180)", -180.0);
  p.lat = at_least(in, *lat, "a latitude in degrees (-90 to 90)", -90.0);
  if (!p.lon || !p.lat) return std::nullopt;
  return p;
}

// [[time, value], ...]: times as durations, strictly increasing; values finite.
std::optional<TimeSeries> series(FieldReader& in, const Item& it, const std::string& what, bool non_negative) {
  const std::string expected = "a list of [time, " + what + "] pairs with increasing times";
  if (!it.node.IsSequence() || it.node.size() == 0) {
    in.error(it, expected, it.node.IsSequence() ? "an empty list" : found_text(it.node));
    return std::nullopt;
  }
  std::vector<double> times, values;
  bool ok = true;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item pair = in.element(it, i, it.node[i]);
    if (!pair.node.IsSequence() || pair.node.size() != 2) {
      in.error(pair, "a pair [time, " + what + "]", found_text(pair.node));
      ok = false;
      continue;
    }
    const Item t = in.element(pair, 0, pair.node[0]);
    const Item v = in.element(pair, 1, pair.node[1]);
    const auto time = in.duration(t, false);
    const auto value = at_least(in, v, what + (non_negative ? " (a number >= 0)" : " (a number)"),
                              non_negative ? 0.0 : -1e300);
    if (!time || !value) {
      ok = false;
      continue;
    }
    if (!times.empty() && *time <= times.back()) {
      in.error(t, "a time after the previous one (" + format_duration(times.back()) + ")", found_text(t.node), {},
            "times must increase strictly");
      ok = false;
      continue;
    }
    times.push_back(*time);
    values.push_back(*value);
  }
  if (!ok) return std::nullopt;
  return TimeSeries(std::move(times), std::move(values), in.file());
}

void inflows(FieldReader& in, const Item& it, FloodSpec& spec) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of inflows", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kInflowKeys, "an inflow");
    if (!f) continue;
    FloodInflowSpec inflow;
    inflow.name = "inflow " + std::to_string(i + 1);
    if (const Item* n = in.get(*f, "name"); n && n->node.IsScalar()) inflow.name = n->node.Scalar();
    const Item* at = in.get(*f, "at");
    const Item* line = in.get(*f, "line");
    bool ok = true;
    if ((at != nullptr) == (line != nullptr)) {
      in.error(e, "either at (a point) or line (a list of two or more points)", at ? "both" : "neither");
      ok = false;
    } else if (at) {
      const auto p = place(in, *at);
      ok = p.has_value();
      if (p) inflow.points.push_back(*p);
    } else if (!line->node.IsSequence() || line->node.size() < 2) {
      in.error(*line, "a list of two or more points", found_text(line->node));
      ok = false;
    } else {
      for (std::size_t k = 0; k < line->node.size(); ++k) {
        const auto p = place(in, in.element(*line, k, line->node[k]));
        ok = ok && p.has_value();
        if (p) inflow.points.push_back(*p);
      }
    }
    if (const Item* h = in.get(*f, "hydrograph")) {
      const auto s = series(in, *h, "discharge in m3/s", true);
      ok = ok && s.has_value();
      if (s) inflow.discharge_m3_s = *s;
    } else {
      in.error(e, "a hydrograph: [[time, m3/s], ...]", "nothing", {}, "key missing");
      ok = false;
    }
    if (ok) spec.inflows.push_back(std::move(inflow));
  }
}

void boundaries(FieldReader& in, const Item& it, FloodSpec& spec) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of boundaries", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kBoundaryKeys, "a boundary");
    if (!f) continue;
    FloodBoundarySpec b;
    bool ok = true;
    if (const Item* edge = in.get(*f, "edge")) {
      const auto v = in.one_of(*edge, kEdges, "an edge of the DEM");
      ok = ok && v.has_value();
      if (v) b.edge = static_cast<GridEdge>(std::find(kEdges.begin(), kEdges.end(), *v) - kEdges.begin());
    } else {
      in.error(e, "an edge: " + joined(kEdges, kAllNames), "nothing", {}, "key missing");
      ok = false;
    }
    if (const Item* kind = in.get(*f, "kind")) {
      const auto v = in.one_of(*kind, kBoundaryKinds, "a boundary kind");
      ok = ok && v.has_value();
      if (v) b.kind = static_cast<BoundaryKind>(std::find(kBoundaryKinds.begin(), kBoundaryKinds.end(), *v) -
                                                kBoundaryKinds.begin());
    }
    if (const Item* slope = in.get(*f, "slope")) {
      const auto v = at_least(in, *slope, "an energy slope > 0", 0.0, true);
      ok = ok && v.has_value();
      if (v) b.slope = *v;
    }
    const Item* s = in.get(*f, "series");
    if (s) {
      const auto v = series(in, *s, b.kind == BoundaryKind::inflow ? "inflow in m2/s" : "water level in m",
                            b.kind == BoundaryKind::inflow);
      ok = ok && v.has_value();
      if (v) b.series = *v;
    }
    const bool needs_series = b.kind == BoundaryKind::fixed_level || b.kind == BoundaryKind::inflow;
    if (ok && needs_series && !s) {
      in.error(e, "a series: [[time, value], ...] for a " + kBoundaryKinds[static_cast<std::size_t>(b.kind)] + " boundary",
            "nothing", {}, "key missing");
      ok = false;
    }
    if (ok) spec.boundaries.push_back(std::move(b));
  }
}

void closure_depths(FieldReader& in, const Item& it, FloodSpec& spec, const Scenario& scenario) {
  if (it.node.IsScalar()) {
    if (const auto v = in.length(it, "a depth > 0", true)) spec.default_closure_depth_m = *v;
    return;
  }
  if (!it.node.IsMap()) {
    in.error(it, "a depth, or a map from vehicle class to depth ({standard: 0.3, high_clearance: 0.6})",
          found_text(it.node));
    return;
  }
  const std::vector<std::string> classes = team_vehicle_classes(scenario);
  for (auto e = it.node.begin(); e != it.node.end(); ++e) {
    const std::string cls = e->first.IsScalar() ? e->first.Scalar() : std::string();
    const Item value = in.child(it, cls, e->second, FieldReader::mark_pos(e->first, it.pos));
    const auto v = in.length(value, "a depth > 0", true);
    if (!v) continue;
    spec.closure_depth_m[cls] = *v;
    if (cls == "standard") spec.default_closure_depth_m = *v;
    if (cls != "standard" && std::find(classes.begin(), classes.end(), cls) == classes.end())
      in.warning(value, "a vehicle class a team uses (" + joined(classes, kAllNames) + ")", "'" + cls + "'",
              nearest_name(cls, classes), "no team is of this class");
  }
}

void rescue(FieldReader& in, const Item& it, FloodSpec& spec, const Scenario& scenario) {
  const auto f = in.fields(it, kRescueKeys, "the flood rescue incidents");
  if (!f) return;
  FloodRescueSpec r;
  read_raised_incident(in, *f, it, scenario, r.type, r.severity);
  if (const Item* p = in.get(*f, "people_per_incident")) r.people_per_incident = at_least(in, *p, "a number >= 0", 0.0).value_or(0.0);
  if (const Item* p = in.get(*f, "min_population")) r.min_population = at_least(in, *p, "a number >= 0", 0.0).value_or(1.0);
  spec.rescue = r;
}

// [lon_min, lat_min, lon_max, lat_max], or "dem" for the whole DEM.
void extent(FieldReader& in, const Item& it, FloodSpec& spec) {
  const std::string expected = "[lon_min, lat_min, lon_max, lat_max] (degrees), or dem (the whole DEM)";
  if (it.node.IsScalar() && it.node.Scalar() == "dem") {
    spec.whole_dem = true;
    return;
  }
  if (!it.node.IsSequence() || it.node.size() != 4) {
    in.error(it, expected, found_text(it.node));
    return;
  }
  std::array<double, 4> v{};
  for (std::size_t i = 0; i < 4; ++i) {
    const bool lon = i % 2 == 0;
    const auto x = in.number_where(in.element(it, i, it.node[i]), lon ? "a longitude (-180 to 180)" : "a latitude (-90 to 90)",
                                   [lon](double d) { return std::abs(d) <= (lon ? 180.0 : 90.0); });
    if (!x) return;
    v[i] = *x;
  }
  if (!(v[0] < v[2] && v[1] < v[3])) {
    in.error(it, "lon_min < lon_max and lat_min < lat_max", found_text(it.node));
    return;
  }
  spec.extent = v;
}

void waterways(FieldReader& in, const Item& it, FloodSpec& spec) {
  const auto f = in.fields(it, kWaterwayKeys, "the waterways burned into the DEM");
  if (!f) return;
  FloodWaterwaysSpec w;
  if (const Item* s = in.get(*f, "source")) {
    if (const auto v = in.text(*s, "osm (the region's network file) or an OSM file")) w.source = *v;
  }
  if (const Item* k = in.get(*f, "kinds")) {
    w.kinds.clear();
    for (const Item& name : in.name_list(*k, "waterway=* values (river, stream, canal, ...)"))
      if (name.node.IsScalar()) w.kinds.push_back(name.node.Scalar());
  }
  if (const Item* k = in.get(*f, "wet_kinds")) {
    w.wet_kinds.clear();
    for (const Item& name : in.name_list(*k, "waterway=* values that start with water"))
      if (name.node.IsScalar()) w.wet_kinds.push_back(name.node.Scalar());
  }
  if (const Item* d = in.get(*f, "channel_depth")) w.channel_depth_m = in.length(*d, "a depth >= 0", false).value_or(2.0);
  if (const Item* d = in.get(*f, "initial_depth")) w.initial_depth_m = in.length(*d, "a depth >= 0", false).value_or(0.5);
  spec.waterways = w;
}

}  // namespace

FloodSpec read_flood(FieldReader& in, const Item& root, const Scenario& scenario) {
  FloodSpec spec;
  const auto f = in.fields(root, kFloodKeys, "the flood section", kFloodKeys.size());
  if (!f) return spec;
  const Item* dem = in.get(*f, "dem");
  const Item* synthetic = in.get(*f, "synthetic");
  if (dem && synthetic) {
    in.error(*synthetic, "either dem (a file) or synthetic (river_valley)", "both");
  } else if (!dem && !synthetic) {
    in.error(root, "a terrain: dem (an .asc or .hgt file) or synthetic: river_valley", "neither", {}, "key missing");
  } else if (synthetic) {
    if (in.one_of(*synthetic, kSyntheticDems, "a synthetic terrain")) spec.synthetic_valley = true;
    if (!scenario.region.network_path.empty())
      in.error(*synthetic, "the synthetic region (the river valley lies under it)", "a network file",
            {}, "give a dem file for a real network");
  } else if (!dem->node.IsScalar() || dem->node.Scalar().empty()) {
    in.error(*dem, "a DEM file (.asc, .asc.gz, .hgt or .zip)", found_text(dem->node));
  } else {
    spec.dem_path = dem->node.Scalar();
  }
  if (const Item* u = in.get(*f, "dem_units")) {
    if (const auto v = in.one_of(*u, kDemUnits, "the units of the DEM's coordinates")) spec.dem_in_degrees = *v == "degrees";
  }
  if (const Item* o = in.get(*f, "origin")) {
    if (const auto p = place(in, *o)) {
      if (!p->place.empty()) in.error(*o, "lon and lat of the DEM's origin", "a place");
      else spec.origin = p;
    }
  }
  if (dem && !spec.dem_path.empty()) {
    const std::string lower = [&] {
      std::string s = spec.dem_path;
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    }();
    const bool hgt = lower.ends_with(".hgt") || lower.ends_with(".zip");
    const bool asc = lower.ends_with(".asc") || lower.ends_with(".asc.gz");
    if (!hgt && !asc) in.error(*dem, "a DEM file (.asc, .asc.gz, .hgt or .zip)", found_text(dem->node));
    if (asc && !spec.dem_in_degrees && !spec.origin)
      in.error(*dem, "an origin: {lon, lat} for a DEM in metres (where x = 0, y = 0 lies)", "nothing", {},
            "or dem_units: degrees for a longitude/latitude grid");
  }
  if (const Item* c = in.get(*f, "cell_size")) {
    spec.cell_size_m = in.length(*c, "a cell size > 0", true).value_or(100.0);
    spec.cell_size_given = true;
  }
  if (const Item* e = in.get(*f, "extent")) extent(in, *e, spec);
  if (const Item* m = in.get(*f, "margin")) spec.margin_m = in.length(*m, "a margin >= 0", false).value_or(1000.0);
  if (const Item* w = in.get(*f, "waterways")) {
    waterways(in, *w, spec);
    if (synthetic) {
      in.error(*w, "a dem file (the synthetic valley has its own river)", "synthetic: river_valley");
    } else if (spec.waterways && spec.waterways->source == "osm") {
      // The region's OSM file; resolved against the scenario's folder like it.
      if (scenario.region.network_path.empty())
        in.error(*w, "an OSM file under source (the synthetic region has no waterways)", "source: osm");
      spec.waterways->source = scenario.region.network_path;
    }
  }
  if (const Item* b = in.get(*f, "bridge_clearance"))
    spec.bridge_clearance_m = in.length(*b, "a clearance >= 0", false).value_or(2.0);
  if (const Item* d = in.get(*f, "river_depth")) spec.river_depth_m = in.length(*d, "a depth >= 0", false).value_or(1.5);
  if (const Item* n = in.get(*f, "manning_n")) spec.manning_n = at_least(in, *n, "a Manning n > 0 (s/m^(1/3))", 0.0, true).value_or(0.035);
  if (const Item* flows = in.get(*f, "inflows")) inflows(in, *flows, spec);
  if (const Item* rain = in.get(*f, "rainfall")) {
    if (const auto s = series(in, *rain, "intensity in mm/h", true)) spec.rain_mm_per_h = *s;
  }
  if (const Item* b = in.get(*f, "boundaries")) boundaries(in, *b, spec);
  if (const Item* d = in.get(*f, "duration")) spec.duration_s = in.duration(*d, true);
  if (const Item* d = in.get(*f, "coupling_interval")) spec.coupling_interval_s = in.duration(*d, true).value_or(300.0);
  if (const Item* d = in.get(*f, "frame_interval")) spec.frame_interval_s = in.duration(*d, false).value_or(1800.0);
  if (const Item* c = in.get(*f, "closure_depth")) closure_depths(in, *c, spec, scenario);
  if (const Item* e = in.get(*f, "exposure_depth")) spec.exposure_depth_m = in.length(*e, "a depth > 0", true).value_or(0.1);
  if (const Item* r = in.get(*f, "rescue")) rescue(in, *r, spec, scenario);
  if (const Item* p = in.get(*f, "precision")) {
    if (const auto v = in.one_of(*p, kPrecisions, "the solver's precision"))
      spec.precision = *v == "single" ? FloodPrecision::single_precision : FloodPrecision::double_precision;
  }
  return spec;
}

}  // namespace dsim::detail
