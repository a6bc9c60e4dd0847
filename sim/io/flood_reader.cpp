// SPDX-License-Identifier: MIT
#include "sim/io/flood_reader.hpp"

#include "sim/io/nearest_name.hpp"
#include "sim/io/quantity.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>

namespace dsim {

namespace {

using Severity = ScenarioProblem::Severity;
using Pos = std::pair<std::size_t, std::size_t>;

const std::vector<std::string> kFloodKeys = {
    "dem",      "synthetic",  "dem_units",         "origin",         "cell_size",    "river_depth",
    "manning_n", "inflows",   "rainfall",          "boundaries",     "duration",     "coupling_interval",
    "frame_interval", "closure_depth", "exposure_depth", "rescue"};
const std::vector<std::string> kSyntheticDems = {"river_valley"};
const std::vector<std::string> kDemUnits = {"metres", "degrees"};
const std::vector<std::string> kInflowKeys = {"name", "at", "line", "hydrograph"};
const std::vector<std::string> kPlaceKeys = {"lon", "lat", "place"};
const std::vector<std::string> kBoundaryKeys = {"edge", "kind", "slope", "series"};
const std::vector<std::string> kEdges = {"west", "east", "south", "north"};
const std::vector<std::string> kBoundaryKinds = {"closed", "free", "fixed_level", "inflow"};
const std::vector<std::string> kRescueKeys = {"type", "severity", "people_per_incident", "min_population"};

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

std::string found_text(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  std::string s = n.Scalar();
  if (s.size() > 60) s = s.substr(0, 60) + "...";
  return "'" + s + "'";
}

struct Item {
  YAML::Node node;
  std::string path;
  Pos pos;
};

class FloodReader {
 public:
  FloodReader(const std::string& file, std::vector<ScenarioProblem>& problems, std::map<std::string, Pos>& where)
      : file_(file), problems_(problems), where_(where) {}

  FloodSpec read(const Item& root, const Scenario& scenario);

 private:
  void error(const Item& at, std::string expected, std::string found, std::string suggestion = {},
             std::string note = {}) {
    problems_.push_back({Severity::error, file_, at.pos.first, at.pos.second, at.path, std::move(expected),
                         std::move(found), std::move(suggestion), std::move(note)});
  }
  void warning(const Item& at, std::string expected, std::string found, std::string suggestion = {},
               std::string note = {}) {
    problems_.push_back({Severity::warning, file_, at.pos.first, at.pos.second, at.path, std::move(expected),
                         std::move(found), std::move(suggestion), std::move(note)});
  }
  static Pos mark(const YAML::Node& n, Pos fallback) {
    if (!n.IsDefined() || n.IsNull()) return fallback;
    const YAML::Mark m = n.Mark();
    if (m.is_null() || m.line < 0 || m.column < 0) return fallback;
    return {static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
  }
  Item child(const Item& parent, const std::string& key, const YAML::Node& n, Pos key_pos) {
    Item it{n, parent.path + "." + key, mark(n, key_pos)};
    where_.emplace(it.path, it.pos);
    return it;
  }
  Item element(const Item& list, std::size_t i) {
    Item it{list.node[i], list.path + "[" + std::to_string(i) + "]", mark(list.node[i], list.pos)};
    where_.emplace(it.path, it.pos);
    return it;
  }

  // Known keys of a map; unknown keys are reported with the nearest known one.
  std::optional<std::map<std::string, Item>> fields(const Item& map, const std::vector<std::string>& allowed,
                                                    const std::string& what) {
    if (!map.node.IsMap()) {
      error(map, what + " (a map with keys " + joined(allowed) + ")", found_text(map.node));
      return std::nullopt;
    }
    std::map<std::string, Item> out;
    for (auto it = map.node.begin(); it != map.node.end(); ++it) {
      const Pos key_pos = mark(it->first, map.pos);
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      Item key_item{it->first, map.path + "." + key, key_pos};
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        error(key_item, "a key of " + what + " (" + joined(allowed) + ")", found_text(it->first),
              nearest_name(key, allowed));
        continue;
      }
      if (out.count(key)) {
        error(key_item, "each key once", "'" + key + "' again");
        continue;
      }
      out.emplace(key, child(map, key, it->second, key_pos));
    }
    return out;
  }
  static const Item* get(const std::map<std::string, Item>& f, const char* key) {
    const auto it = f.find(key);
    return it == f.end() ? nullptr : &it->second;
  }

  std::optional<double> number(const Item& it, const std::string& expected, double lo, bool lo_open = false) {
    if (it.node.IsScalar()) {
      if (const auto v = parse_number(it.node.Scalar()); v && (lo_open ? *v > lo : *v >= lo)) return v;
    }
    error(it, expected, found_text(it.node));
    return std::nullopt;
  }
  // A length in metres: a number, or a number followed by "m".
  std::optional<double> length(const Item& it, const std::string& expected, bool positive) {
    if (it.node.IsScalar()) {
      std::string s = it.node.Scalar();
      while (!s.empty() && s.back() == ' ') s.pop_back();
      if (s.size() > 1 && s.back() == 'm') s.pop_back();
      if (const auto v = parse_number(s); v && (positive ? *v > 0.0 : *v >= 0.0)) return v;
    }
    error(it, expected + " (metres: a number, or a number and m)", found_text(it.node));
    return std::nullopt;
  }
  std::optional<double> duration(const Item& it, bool positive) {
    const std::string expected = std::string(positive ? "a duration > 0" : "a duration >= 0") +
                                 " (seconds, or a number with a unit: s, min, h, d)";
    if (it.node.IsScalar()) {
      std::string unit;
      if (const auto v = parse_duration_s(it.node.Scalar(), &unit); v && (positive ? *v > 0.0 : *v >= 0.0)) return v;
      if (!unit.empty()) {
        error(it, expected, found_text(it.node), nearest_name(unit, duration_unit_names()), "unknown unit '" + unit + "'");
        return std::nullopt;
      }
    }
    error(it, expected, found_text(it.node));
    return std::nullopt;
  }
  std::optional<std::string> name(const Item& it, const std::vector<std::string>& names, const std::string& what) {
    if (it.node.IsScalar()) {
      const std::string& s = it.node.Scalar();
      if (std::find(names.begin(), names.end(), s) != names.end()) return s;
      error(it, what + " (" + joined(names) + ")", found_text(it.node), nearest_name(s, names));
      return std::nullopt;
    }
    error(it, what + " (" + joined(names) + ")", found_text(it.node));
    return std::nullopt;
  }

  std::optional<FloodPlace> place(const Item& it);
  std::optional<TimeSeries> series(const Item& it, const std::string& what, bool non_negative);
  void inflows(const Item& it, FloodSpec& spec);
  void boundaries(const Item& it, FloodSpec& spec);
  void closure_depths(const Item& it, FloodSpec& spec, const Scenario& scenario);
  void rescue(const Item& it, FloodSpec& spec, const Scenario& scenario);

  const std::string& file_;
  std::vector<ScenarioProblem>& problems_;
  std::map<std::string, Pos>& where_;
};

std::optional<FloodPlace> FloodReader::place(const Item& it) {
  const auto f = fields(it, kPlaceKeys, "a place ({lon: .., lat: ..} or {place: name})");
  if (!f) return std::nullopt;
  FloodPlace p;
  const Item* lon = get(*f, "lon");
  const Item* lat = get(*f, "lat");
  const Item* named = get(*f, "place");
  if (named && (lon || lat)) {
    error(it, "either lon and lat or a place", "both");
    return std::nullopt;
  }
  if (named) {
    if (!named->node.IsScalar() || named->node.Scalar().empty()) {
      error(*named, "the name of a place of the region", found_text(named->node));
      return std::nullopt;
    }
    p.place = named->node.Scalar();
    return p;
  }
  if (!lon || !lat) {
    error(it, "both lon and lat (degrees)", lon ? "only lon" : lat ? "only lat" : "neither");
    return std::nullopt;
  }
  p.lon = number(*lon, "a longitude in degrees (-180 to 180)", -180.0);
  p.lat = number(*lat, "a latitude in degrees (-90 to 90)", -90.0);
  if (!p.lon || !p.lat) return std::nullopt;
  return p;
}

// [[time, value], ...]: times as durations, strictly increasing; values finite.
std::optional<TimeSeries> FloodReader::series(const Item& it, const std::string& what, bool non_negative) {
  const std::string expected = "a list of [time, " + what + "] pairs with increasing times";
  if (!it.node.IsSequence() || it.node.size() == 0) {
    error(it, expected, it.node.IsSequence() ? "an empty list" : found_text(it.node));
    return std::nullopt;
  }
  std::vector<double> times, values;
  bool ok = true;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item pair = element(it, i);
    if (!pair.node.IsSequence() || pair.node.size() != 2) {
      error(pair, "a pair [time, " + what + "]", found_text(pair.node));
      ok = false;
      continue;
    }
    const Item t = element(pair, 0);
    const Item v = element(pair, 1);
    const auto time = duration(t, false);
    const auto value = number(v, what + (non_negative ? " (a number >= 0)" : " (a number)"),
                              non_negative ? 0.0 : -1e300);
    if (!time || !value) {
      ok = false;
      continue;
    }
    if (!times.empty() && *time <= times.back()) {
      error(t, "a time after the previous one (" + format_duration(times.back()) + ")", found_text(t.node), {},
            "times must increase strictly");
      ok = false;
      continue;
    }
    times.push_back(*time);
    values.push_back(*value);
  }
  if (!ok) return std::nullopt;
  return TimeSeries(std::move(times), std::move(values), file_);
}

void FloodReader::inflows(const Item& it, FloodSpec& spec) {
  if (!it.node.IsSequence()) {
    error(it, "a list of inflows", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i);
    const auto f = fields(e, kInflowKeys, "an inflow");
    if (!f) continue;
    FloodInflowSpec in;
    in.name = "inflow " + std::to_string(i + 1);
    if (const Item* n = get(*f, "name"); n && n->node.IsScalar()) in.name = n->node.Scalar();
    const Item* at = get(*f, "at");
    const Item* line = get(*f, "line");
    bool ok = true;
    if ((at != nullptr) == (line != nullptr)) {
      error(e, "either at (a point) or line (a list of two or more points)", at ? "both" : "neither");
      ok = false;
    } else if (at) {
      const auto p = place(*at);
      ok = p.has_value();
      if (p) in.points.push_back(*p);
    } else if (!line->node.IsSequence() || line->node.size() < 2) {
      error(*line, "a list of two or more points", found_text(line->node));
      ok = false;
    } else {
      for (std::size_t k = 0; k < line->node.size(); ++k) {
        const auto p = place(element(*line, k));
        ok = ok && p.has_value();
        if (p) in.points.push_back(*p);
      }
    }
    if (const Item* h = get(*f, "hydrograph")) {
      const auto s = series(*h, "discharge in m3/s", true);
      ok = ok && s.has_value();
      if (s) in.discharge_m3_s = *s;
    } else {
      error(e, "a hydrograph: [[time, m3/s], ...]", "nothing", {}, "key missing");
      ok = false;
    }
    if (ok) spec.inflows.push_back(std::move(in));
  }
}

void FloodReader::boundaries(const Item& it, FloodSpec& spec) {
  if (!it.node.IsSequence()) {
    error(it, "a list of boundaries", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i);
    const auto f = fields(e, kBoundaryKeys, "a boundary");
    if (!f) continue;
    FloodBoundarySpec b;
    bool ok = true;
    if (const Item* edge = get(*f, "edge")) {
      const auto v = name(*edge, kEdges, "an edge of the DEM");
      ok = ok && v.has_value();
      if (v) b.edge = static_cast<GridEdge>(std::find(kEdges.begin(), kEdges.end(), *v) - kEdges.begin());
    } else {
      error(e, "an edge: " + joined(kEdges), "nothing", {}, "key missing");
      ok = false;
    }
    if (const Item* kind = get(*f, "kind")) {
      const auto v = name(*kind, kBoundaryKinds, "a boundary kind");
      ok = ok && v.has_value();
      if (v) b.kind = static_cast<BoundaryKind>(std::find(kBoundaryKinds.begin(), kBoundaryKinds.end(), *v) -
                                                kBoundaryKinds.begin());
    }
    if (const Item* slope = get(*f, "slope")) {
      const auto v = number(*slope, "an energy slope > 0", 0.0, true);
      ok = ok && v.has_value();
      if (v) b.slope = *v;
    }
    const Item* s = get(*f, "series");
    if (s) {
      const auto v = series(*s, b.kind == BoundaryKind::inflow ? "inflow in m2/s" : "water level in m",
                            b.kind == BoundaryKind::inflow);
      ok = ok && v.has_value();
      if (v) b.series = *v;
    }
    const bool needs_series = b.kind == BoundaryKind::fixed_level || b.kind == BoundaryKind::inflow;
    if (ok && needs_series && !s) {
      error(e, "a series: [[time, value], ...] for a " + kBoundaryKinds[static_cast<std::size_t>(b.kind)] + " boundary",
            "nothing", {}, "key missing");
      ok = false;
    }
    if (ok) spec.boundaries.push_back(std::move(b));
  }
}

void FloodReader::closure_depths(const Item& it, FloodSpec& spec, const Scenario& scenario) {
  if (it.node.IsScalar()) {
    if (const auto v = length(it, "a depth > 0", true)) spec.default_closure_depth_m = *v;
    return;
  }
  if (!it.node.IsMap()) {
    error(it, "a depth, or a map from vehicle class to depth ({standard: 0.3, high_clearance: 0.6})",
          found_text(it.node));
    return;
  }
  std::vector<std::string> classes;
  for (const TeamSpec& t : scenario.teams)
    if (std::find(classes.begin(), classes.end(), t.vehicle_class) == classes.end()) classes.push_back(t.vehicle_class);
  for (auto e = it.node.begin(); e != it.node.end(); ++e) {
    const std::string cls = e->first.IsScalar() ? e->first.Scalar() : std::string();
    const Item value = child(it, cls, e->second, mark(e->first, it.pos));
    const auto v = length(value, "a depth > 0", true);
    if (!v) continue;
    spec.closure_depth_m[cls] = *v;
    if (cls == "standard") spec.default_closure_depth_m = *v;
    if (cls != "standard" && std::find(classes.begin(), classes.end(), cls) == classes.end())
      warning(value, "a vehicle class a team uses (" + joined(classes) + ")", "'" + cls + "'",
              nearest_name(cls, classes), "no team is of this class");
  }
}

void FloodReader::rescue(const Item& it, FloodSpec& spec, const Scenario& scenario) {
  const auto f = fields(it, kRescueKeys, "the flood rescue incidents");
  if (!f) return;
  FloodRescueSpec r;
  std::vector<std::string> types, severities;
  for (const ResponseRuleSpec& rule : scenario.plan.rules) {
    if (std::find(types.begin(), types.end(), rule.type) == types.end()) types.push_back(rule.type);
  }
  if (const Item* t = get(*f, "type"); t && t->node.IsScalar()) r.type = t->node.Scalar();
  for (const ResponseRuleSpec& rule : scenario.plan.rules)
    if (rule.type == r.type) severities.push_back(rule.severity);
  if (severities.empty()) {
    const Item* t = get(*f, "type");
    error(t ? *t : it, "an incident type with a response rule in plan.responses (" + joined(types) + ")",
          "'" + r.type + "'", nearest_name(r.type, types));
  }
  if (const Item* s = get(*f, "severity")) {
    if (s->node.IsScalar()) r.severity = s->node.Scalar();
    if (!severities.empty() && std::find(severities.begin(), severities.end(), r.severity) == severities.end())
      error(*s, "a severity with a response rule for " + r.type + " (" + joined(severities) + ")",
            found_text(s->node), nearest_name(r.severity, severities));
  } else if (!severities.empty()) {
    r.severity = severities.front();
  }
  if (const Item* p = get(*f, "people_per_incident")) r.people_per_incident = number(*p, "a number >= 0", 0.0).value_or(0.0);
  if (const Item* p = get(*f, "min_population")) r.min_population = number(*p, "a number >= 0", 0.0).value_or(1.0);
  spec.rescue = r;
}

FloodSpec FloodReader::read(const Item& root, const Scenario& scenario) {
  FloodSpec spec;
  const auto f = fields(root, kFloodKeys, "the flood section");
  if (!f) return spec;
  const Item* dem = get(*f, "dem");
  const Item* synthetic = get(*f, "synthetic");
  if (dem && synthetic) {
    error(*synthetic, "either dem (a file) or synthetic (river_valley)", "both");
  } else if (!dem && !synthetic) {
    error(root, "a terrain: dem (an .asc or .hgt file) or synthetic: river_valley", "neither", {}, "key missing");
  } else if (synthetic) {
    if (name(*synthetic, kSyntheticDems, "a synthetic terrain")) spec.synthetic_valley = true;
    if (!scenario.region.network_path.empty())
      error(*synthetic, "the synthetic region (the river valley lies under it)", "a network file",
            {}, "give a dem file for a real network");
  } else if (!dem->node.IsScalar() || dem->node.Scalar().empty()) {
    error(*dem, "a DEM file (.asc, .asc.gz, .hgt or .zip)", found_text(dem->node));
  } else {
    spec.dem_path = dem->node.Scalar();
  }
  if (const Item* u = get(*f, "dem_units")) {
    if (const auto v = name(*u, kDemUnits, "the units of the DEM's coordinates")) spec.dem_in_degrees = *v == "degrees";
  }
  if (const Item* o = get(*f, "origin")) {
    if (const auto p = place(*o)) {
      if (!p->place.empty()) error(*o, "lon and lat of the DEM's origin", "a place");
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
    if (!hgt && !asc) error(*dem, "a DEM file (.asc, .asc.gz, .hgt or .zip)", found_text(dem->node));
    if (asc && !spec.dem_in_degrees && !spec.origin)
      error(*dem, "an origin: {lon, lat} for a DEM in metres (where x = 0, y = 0 lies)", "nothing", {},
            "or dem_units: degrees for a longitude/latitude grid");
  }
  if (const Item* c = get(*f, "cell_size")) spec.cell_size_m = length(*c, "a cell size > 0", true).value_or(100.0);
  if (const Item* d = get(*f, "river_depth")) spec.river_depth_m = length(*d, "a depth >= 0", false).value_or(1.5);
  if (const Item* n = get(*f, "manning_n")) spec.manning_n = number(*n, "a Manning n > 0 (s/m^(1/3))", 0.0, true).value_or(0.035);
  if (const Item* in = get(*f, "inflows")) inflows(*in, spec);
  if (const Item* rain = get(*f, "rainfall")) {
    if (const auto s = series(*rain, "intensity in mm/h", true)) spec.rain_mm_per_h = *s;
  }
  if (const Item* b = get(*f, "boundaries")) boundaries(*b, spec);
  if (const Item* d = get(*f, "duration")) spec.duration_s = duration(*d, true);
  if (const Item* d = get(*f, "coupling_interval")) spec.coupling_interval_s = duration(*d, true).value_or(300.0);
  if (const Item* d = get(*f, "frame_interval")) spec.frame_interval_s = duration(*d, false).value_or(1800.0);
  if (const Item* c = get(*f, "closure_depth")) closure_depths(*c, spec, scenario);
  if (const Item* e = get(*f, "exposure_depth")) spec.exposure_depth_m = length(*e, "a depth > 0", true).value_or(0.1);
  if (const Item* r = get(*f, "rescue")) rescue(*r, spec, scenario);
  return spec;
}

}  // namespace

FloodSpec read_flood_section(const YAML::Node& node, const std::string& file, const Scenario& scenario,
                             std::vector<ScenarioProblem>& problems, std::map<std::string, Pos>& positions) {
  Pos pos{0, 0};
  if (const auto it = positions.find("flood"); it != positions.end()) pos = it->second;
  FloodReader reader(file, problems, positions);
  return reader.read({node, "flood", pos}, scenario);
}

}  // namespace dsim
