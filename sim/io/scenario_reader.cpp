// SPDX-License-Identifier: MIT
// The scenario reader walks the YAML tree once, filling a Scenario and
// collecting every problem with its position, then checks references across
// sections. It never stops at the first problem: a value that is wrong is
// reported and replaced by its default so that reading can go on.
#include "sim/io/scenario_reader.hpp"

#include "sim/io/flood_reader.hpp"
#include "sim/io/nearest_name.hpp"
#include "sim/io/quantity.hpp"
#include "sim/network/raw_network.hpp"
#include "sim/network/zones.hpp"
#include "sim/response/response_model.hpp"
#include "sim/warning/warning_spec.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

namespace dsim {

namespace {

using Severity = ScenarioProblem::Severity;

struct Pos {
  std::size_t line = 0;  // 1-based, 0 when unknown
  std::size_t column = 0;
};

// A node of the tree with its key path and the position to report it at.
struct Item {
  YAML::Node node;
  std::string path;
  Pos pos;
};

// Names the scenario format knows (kept here as the messages list them).
const std::vector<std::string> kTopKeys = {"name",  "description",   "region", "stations", "teams",        "incidents",
                                           "incident_list", "road_closures", "plan", "horizon", "warmup",
                                           "replications", "seed", "warning", "flood", "outages", "start_date"};
const std::vector<std::string> kRegionKeys = {"synthetic", "network", "zones", "speed_table", "speed_kph", "banners"};
const std::vector<std::string> kSyntheticKeys = {"seed", "nodes"};
const std::vector<std::string> kStationKeys = {"id", "name", "location", "banner"};
const std::vector<std::string> kTeamKeys = {"id",           "station",  "level",  "size",
                                            "crews",        "capabilities", "vehicles", "vehicle_class", "turnout"};
const std::vector<std::string> kVehicleKeys = {"type", "count", "speed_factor"};
const std::vector<std::string> kGeneratorKeys = {"name",          "type",          "rate",     "rate_per_day",
                                                 "zones",         "zone_types",    "weight_by_population",
                                                 "hourly_profile", "severity",     "fire_growth",
                                                 "monthly_profile"};
const std::vector<std::string> kClosureKeys = {"name", "at", "radius_m", "from", "to", "start", "end", "vehicle_classes"};
const std::vector<std::string> kOutageKeys = {"name", "what", "zones", "at", "radius_m", "start", "end"};
const std::vector<std::string> kIncidentKeys = {"time", "type", "severity", "location", "fire_growth"};
const std::vector<std::string> kPlanKeys = {"call_delay", "dispatch_delay", "responses",    "escalation",
                                            "mutual_aid", "queue_when_busy", "flashover_kw", "fire_circle"};
const std::vector<std::string> kFireCircleKeys = {"incident_types", "zone_types"};
const std::vector<std::string> kRuleKeys = {"needs", "on_scene"};
const std::vector<std::string> kStepKeys = {"levels", "request_delay"};
const std::vector<std::string> kLocationKeys = {"lon", "lat", "node", "zone", "place"};
const std::vector<std::string> kDistributionKinds = {"fixed", "exponential", "uniform", "lognormal", "triangular"};
// Names as the network and response code define them.
const std::vector<std::string> kZoneTypes = [] {
  std::vector<std::string> names;
  for (int t = 0; t < kZoneTypeCount; ++t) names.emplace_back(zone_type_name(static_cast<ZoneType>(t)));
  return names;
}();
const std::vector<std::string> kRoadClasses = [] {
  std::vector<std::string> names;
  for (int c = 0; c < kRoadClassCount; ++c) names.emplace_back(road_class_name(static_cast<RoadClass>(c)));
  return names;
}();
const std::vector<std::string> kFireGrowths(std::begin(kFireGrowthNames), std::end(kFireGrowthNames));
const std::vector<std::string> kSpeedTables = {"default", "china"};

const char* const kDurationHelp = "seconds, or a number with a unit: s, min, h, d";

std::vector<std::string> capability_names() {
  return std::vector<std::string>(std::begin(kCapabilityNames), std::end(kCapabilityNames));
}

std::vector<std::string> level_names() {
  std::vector<std::string> out;
  for (int i = 0; i < kTeamLevelCount; ++i) out.emplace_back(team_level_name(static_cast<TeamLevel>(i)));
  return out;
}

std::string joined(const std::vector<std::string>& names, std::size_t at_most = 12) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < at_most; ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  if (names.size() > at_most) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

std::string quote_text(const std::string& s) {
  constexpr std::size_t kLongest = 60;
  std::string shown = s.size() > kLongest ? s.substr(0, kLongest) + "..." : s;
  for (char& c : shown) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return "'" + shown + "'";
}

// What a node is, for "found ..." in messages.
std::string found_text(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  return quote_text(n.Scalar());
}

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string item_path(const std::string& parent, std::size_t i) { return parent + "[" + std::to_string(i) + "]"; }

std::string number_text(double x) {
  std::ostringstream out;
  out.precision(10);
  out << x;
  return out.str();
}

std::optional<long long> parse_integer(const std::string& text) {
  std::string_view s(text);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Where a key path is written: the path itself, or the nearest enclosing one that was seen.
Pos find_position(const std::map<std::string, Pos>& where, const std::string& path) {
  std::string p = path;
  for (;;) {
    const auto it = where.find(p);
    if (it != where.end()) return it->second;
    const std::size_t cut = p.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) return {};
    p.resize(cut);
  }
}

// Records where a document's first node is, to locate documents.
class FirstMark : public YAML::EventHandler {
 public:
  Pos pos;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { note(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    note(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    note(m);
  }
  void OnMapEnd() override {}

 private:
  bool seen_ = false;
  void note(const YAML::Mark& m) {
    if (seen_ || m.line < 0 || m.column < 0) return;
    seen_ = true;
    pos = {static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
  }
};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  ScenarioReading read(const std::string& text);
  const std::map<std::string, Pos>& positions() const { return where_; }

 private:
  // ---- reporting
  void report(Severity severity, const std::string& path, Pos pos, std::string expected, std::string found,
              std::string suggestion = {}, std::string note = {}) {
    problems_.push_back({severity, file_, pos.line, pos.column, path, std::move(expected), std::move(found),
                         std::move(suggestion), std::move(note)});
  }
  void error(const Item& at, std::string expected, std::string found = {}, std::string suggestion = {},
             std::string note = {}) {
    report(Severity::error, at.path, at.pos, std::move(expected), std::move(found), std::move(suggestion),
           std::move(note));
  }
  void error_at(const std::string& path, std::string expected, std::string found = {}, std::string suggestion = {},
                std::string note = {}) {
    report(Severity::error, path, position(path), std::move(expected), std::move(found), std::move(suggestion),
           std::move(note));
  }
  void warning_at(const std::string& path, std::string expected, std::string found = {}, std::string note = {}) {
    report(Severity::warning, path, position(path), std::move(expected), std::move(found), {}, std::move(note));
  }
  Pos position(const std::string& path) const { return find_position(where_, path); }

  static Pos mark_pos(const YAML::Node& n, Pos fallback) {
    // A missing value's null node is marked at the next token: report its key instead.
    if (!n.IsDefined() || n.IsNull()) return fallback;
    const YAML::Mark m = n.Mark();
    if (m.is_null() || m.line < 0 || m.column < 0) return fallback;
    return {static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
  }

  Item element(const Item& list, std::size_t i, const YAML::Node& n) {
    Item it{n, item_path(list.path, i), mark_pos(n, list.pos)};
    where_.emplace(it.path, it.pos);
    return it;
  }

  // ---- maps
  using Fields = std::map<std::string, Item>;

  // The known keys of a map; reports a node that is not a map, unknown keys
  // (with the nearest known one) and repeated keys. A YAML merge key
  // (`<<: *defaults`, a map or a list of maps) supplies the keys the map
  // does not give itself.
  std::optional<Fields> fields(const Item& map, const std::vector<std::string>& allowed, const std::string& what) {
    if (!map.node.IsMap()) {
      error(map, what + " (a map with keys " + joined(allowed) + ")", found_text(map.node));
      return std::nullopt;
    }
    Fields out;
    std::vector<std::pair<YAML::Node, Pos>> merged;
    for (auto it = map.node.begin(); it != map.node.end(); ++it) {
      const Pos key_pos = mark_pos(it->first, map.pos);
      if (it->first.IsScalar() && it->first.Scalar() == "<<" && it->first.Tag() != "!") {
        const Pos value_pos = mark_pos(it->second, key_pos);
        if (it->second.IsMap()) {
          merged.emplace_back(it->second, value_pos);
        } else if (it->second.IsSequence() && std::all_of(it->second.begin(), it->second.end(),
                                                           [](const YAML::Node& n) { return n.IsMap(); })) {
          for (const YAML::Node& n : it->second) merged.emplace_back(n, mark_pos(n, value_pos));
        } else {
          error({it->second, child_path(map.path, "<<"), value_pos}, "a map or a list of maps to merge",
                found_text(it->second));
        }
        continue;
      }
      add_field(out, map.path, it->first, it->second, key_pos, allowed, what, true);
    }
    for (const auto& [source, pos] : merged) {
      for (auto it = source.begin(); it != source.end(); ++it)
        add_field(out, map.path, it->first, it->second, mark_pos(it->first, pos), allowed, what, false);
    }
    return out;
  }

  void add_field(Fields& out, const std::string& parent, const YAML::Node& key_node, const YAML::Node& value_node,
                 Pos key_pos, const std::vector<std::string>& allowed, const std::string& what, bool own) {
    if (!key_node.IsScalar()) {
      error({key_node, parent, key_pos}, "a key of " + what, found_text(key_node));
      return;
    }
    const std::string key = key_node.Scalar();
    const std::string path = child_path(parent, key);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const std::string hint = nearest_name(key, allowed);
      if (!hint.empty()) misspelled_.insert(child_path(parent, hint));
      report(Severity::error, path, key_pos, "a key of " + what + " (" + joined(allowed) + ")", quote_text(key), hint);
      return;
    }
    if (const auto seen = out.find(key); seen != out.end()) {
      // A merged key gives way to the map's own; a key given twice by the map itself is a mistake.
      if (own) {
        report(Severity::error, path, key_pos, "each key once", quote_text(key) + " again", {},
               "first given at line " + std::to_string(seen->second.pos.line));
      }
      return;
    }
    Item value{value_node, path, mark_pos(value_node, key_pos)};
    where_.emplace(path, value.pos);
    out.emplace(key, std::move(value));
  }

  // Entries of a map whose keys the user names (types, severities, capabilities).
  std::vector<std::pair<std::string, Item>> entries(const Item& map, const std::string& what) {
    std::vector<std::pair<std::string, Item>> out;
    if (!map.node.IsMap()) {
      error(map, what, found_text(map.node));
      return out;
    }
    std::map<std::string, std::size_t> seen;
    for (auto it = map.node.begin(); it != map.node.end(); ++it) {
      const Pos key_pos = mark_pos(it->first, map.pos);
      if (!it->first.IsScalar() || it->first.Scalar().empty()) {
        error({it->first, map.path, key_pos}, "a name as key of " + what, found_text(it->first));
        continue;
      }
      const std::string key = it->first.Scalar();
      const std::string path = child_path(map.path, key);
      if (const auto s = seen.find(key); s != seen.end()) {
        report(Severity::error, path, key_pos, "each key once", quote_text(key) + " again", {},
               "first given at line " + std::to_string(s->second));
        continue;
      }
      seen.emplace(key, key_pos.line);
      Item value{it->second, path, mark_pos(it->second, key_pos)};
      where_.emplace(path, value.pos);
      out.emplace_back(key, std::move(value));
    }
    return out;
  }

  static const Item* get(const Fields& f, const char* key) {
    const auto it = f.find(key);
    return it == f.end() ? nullptr : &it->second;
  }

  // A key that must be there; no message when a misspelled key already pointed at it.
  const Item* required(const Fields& f, const Item& parent, const char* key, const std::string& expected) {
    if (const Item* it = get(f, key)) return it;
    const std::string path = child_path(parent.path, key);
    if (!misspelled_.count(path)) report(Severity::error, path, parent.pos, expected, "nothing", {}, "key missing");
    return nullptr;
  }

  // ---- scalars
  std::optional<std::string> text(const Item& it, const std::string& expected) {
    if (!it.node.IsScalar() || it.node.Scalar().empty()) {
      error(it, expected, found_text(it.node));
      return std::nullopt;
    }
    return it.node.Scalar();
  }

  std::optional<double> number(const Item& it, const std::string& expected) {
    if (it.node.IsScalar()) {
      if (const auto v = parse_number(it.node.Scalar())) return v;
    }
    error(it, expected, found_text(it.node));
    return std::nullopt;
  }

  template <class Ok>
  std::optional<double> number_where(const Item& it, const std::string& expected, Ok ok) {
    const auto v = number(it, expected);
    if (v && !ok(*v)) {
      error(it, expected, found_text(it.node));
      return std::nullopt;
    }
    return v;
  }

  std::optional<long long> integer(const Item& it, long long lo, long long hi, const std::string& expected) {
    if (it.node.IsScalar()) {
      const auto v = parse_integer(it.node.Scalar());
      if (v && *v >= lo && *v <= hi) return v;
    }
    error(it, expected, found_text(it.node));
    return std::nullopt;
  }

  std::optional<bool> boolean(const Item& it) {
    if (it.node.IsScalar()) {
      const std::string& s = it.node.Scalar();
      for (const char* yes : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
        if (s == yes) return true;
      for (const char* no : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
        if (s == no) return false;
    }
    error(it, "true or false", found_text(it.node));
    return std::nullopt;
  }

  // A duration >= 0 (or > 0 when `positive`), as a number of seconds or with a unit.
  std::optional<double> duration(const Item& it, bool positive = false) {
    const std::string expected = std::string(positive ? "a duration > 0" : "a duration >= 0") + " (" + kDurationHelp +
                                 ")";
    if (!it.node.IsScalar()) {
      error(it, expected, found_text(it.node));
      return std::nullopt;
    }
    std::string unit;
    const auto v = parse_duration_s(it.node.Scalar(), &unit);
    if (!v) {
      if (parse_clock_s(it.node.Scalar())) {
        error(it, expected, found_text(it.node), {}, "clock readings (HH:MM:SS) are for incident times only");
      } else if (!unit.empty()) {
        error(it, expected, found_text(it.node), nearest_name(unit, duration_unit_names()),
              "unknown unit " + quote_text(unit));
      } else {
        error(it, expected, found_text(it.node));
      }
      return std::nullopt;
    }
    if (*v < 0.0 || (positive && *v <= 0.0)) {
      error(it, expected, found_text(it.node));
      return std::nullopt;
    }
    return v;
  }

  // A list of names; a single name stands for a list of one.
  std::vector<Item> name_list(const Item& it, const std::string& expected) {
    std::vector<Item> out;
    if (it.node.IsScalar()) {
      if (text(it, expected)) out.push_back(it);
      return out;
    }
    if (!it.node.IsSequence()) {
      error(it, expected, found_text(it.node));
      return out;
    }
    for (std::size_t i = 0; i < it.node.size(); ++i) {
      Item e = element(it, i, it.node[i]);
      if (text(e, "a name")) out.push_back(std::move(e));
    }
    return out;
  }

  // A name from a fixed set, with a hint when it is close to one.
  bool known_name(const Item& it, const std::vector<std::string>& names, const std::string& what) {
    const std::string& s = it.node.Scalar();
    if (std::find(names.begin(), names.end(), s) != names.end()) return true;
    error(it, what + " (" + joined(names) + ")", quote_text(s), nearest_name(s, names));
    return false;
  }

  // ---- composite values
  std::optional<Distribution> distribution(const Item& it);
  std::optional<Location> location(const Item& it, bool allow_zone);
  std::map<std::string, double> shares(const Item& it, const std::vector<std::string>* names, const std::string& what);

  // ---- sections
  void read_region(const Item& it, RegionSpec& region);
  void read_stations(const Item& it, Scenario& s);
  void read_teams(const Item& it, Scenario& s);
  void read_generators(const Item& it, Scenario& s);
  void read_incident_list(const Item& it, Scenario& s);
  void read_road_closures(const Item& it, Scenario& s);
  void read_outages(const Item& it, Scenario& s);
  // A list of infrastructure names (power, mobile, broadcast, landline).
  std::vector<std::string> infrastructure_list(const Item& it);
  // A team id of the scenario's forces, checked against those read.
  std::optional<std::string> team_id(const Item& it, const Scenario& s);
  std::optional<double> time_point(const Item& it);
  void read_plan(const Item& it, PlanSpec& plan);
  void read_rules(const Item& it, PlanSpec& plan);
  void read_escalation(const Item& it, PlanSpec& plan);
  void read_fire_circle(const Item& it, FireCircleSpec& circle);
  void read_monthly_profile(const Item& it, IncidentGeneratorSpec& g);
  void read_start_date(const Item& it, Scenario& s);
  void check_references(Scenario& s);
  void finish_problems();
  // The warning section (sim/warning/warning_spec.hpp).
  void read_warning(const Item& it, Scenario& s);
  std::optional<double> share(const Item& it);
  std::set<std::string> started_by_people_;  // channels responsible people run once they answer

  std::string file_;
  std::vector<ScenarioProblem> problems_;
  std::map<std::string, Pos> where_;   // key path -> where it is written
  std::set<std::string> misspelled_;   // key paths an unknown key was taken for
  bool stations_read_ = false;         // the stations section was a list
  bool rules_read_ = false;            // plan.responses was a map
  bool escalation_given_ = false;
  bool horizon_ok_ = true;             // the horizon is the default or was read
  bool teams_clean_ = false;           // every team was read without a problem
  std::vector<bool> generator_has_severity_;  // per generator: severity mix given
  std::vector<bool> incident_has_severity_;   // per listed incident: severity given
};

// ------------------------------------------------------------ composite values

std::optional<Distribution> Reader::distribution(const Item& it) {
  const std::string expected =
      "a distribution: a duration, or {fixed: D}, {exponential: {mean: D}}, {uniform: {min: D, max: D}}, "
      "{lognormal: {mean: D, sd: D}} or {triangular: {min: D, mode: D, max: D}}";
  if (it.node.IsScalar()) {
    if (const auto v = duration(it)) return Distribution::fixed(*v);
    return std::nullopt;
  }
  if (!it.node.IsMap() || it.node.size() != 1) {
    error(it, expected, it.node.IsMap() ? "a map with " + std::to_string(it.node.size()) + " keys" : found_text(it.node));
    return std::nullopt;
  }
  const auto kind_it = it.node.begin();
  const Pos kind_pos = mark_pos(kind_it->first, it.pos);
  const std::string kind = kind_it->first.IsScalar() ? kind_it->first.Scalar() : std::string();
  const Item params{kind_it->second, child_path(it.path, kind), mark_pos(kind_it->second, kind_pos)};
  where_.emplace(params.path, params.pos);
  if (std::find(kDistributionKinds.begin(), kDistributionKinds.end(), kind) == kDistributionKinds.end()) {
    report(Severity::error, params.path, kind_pos, "a distribution kind (" + joined(kDistributionKinds) + ")",
           kind.empty() ? found_text(kind_it->first) : quote_text(kind), nearest_name(kind, kDistributionKinds));
    return std::nullopt;
  }
  Distribution d;
  if (kind == "fixed") {
    const auto v = duration(params);
    if (!v) return std::nullopt;
    d = Distribution::fixed(*v);
  } else if (kind == "exponential" && params.node.IsScalar()) {
    const auto v = duration(params, true);
    if (!v) return std::nullopt;
    d = Distribution::exponential(*v);
  } else {
    std::vector<std::string> names;
    if (kind == "exponential") names = {"mean"};
    if (kind == "uniform") names = {"min", "max"};
    if (kind == "lognormal") names = {"mean", "sd"};
    if (kind == "triangular") names = {"min", "mode", "max"};
    const auto f = fields(params, names, "the parameters of a " + kind + " distribution");
    if (!f) return std::nullopt;
    std::vector<double> v;
    bool ok = true;
    for (const std::string& name : names) {
      const Item* p = required(*f, params, name.c_str(), "the " + name + " of the " + kind + " distribution");
      const auto value = p != nullptr ? duration(*p) : std::nullopt;
      ok = ok && value.has_value();
      v.push_back(value.value_or(0.0));
    }
    if (!ok) return std::nullopt;
    if (kind == "exponential") d = Distribution::exponential(v[0]);
    if (kind == "uniform") d = Distribution::uniform(v[0], v[1]);
    if (kind == "lognormal") d = Distribution::lognormal(v[0], v[1]);
    if (kind == "triangular") d = Distribution::triangular(v[0], v[1], v[2]);
  }
  if (const std::string problem = d.problem(); !problem.empty()) {
    error(params, problem + " (in seconds)", d.describe());
    return std::nullopt;
  }
  return d;
}

std::optional<Location> Reader::location(const Item& it, bool allow_zone) {
  const std::string forms = allow_zone ? "{lon: X, lat: Y}, {node: ID}, {place: NAME} or {zone: ID}"
                                       : "{lon: X, lat: Y}, {node: ID} or {place: NAME}";
  const auto f = fields(it, kLocationKeys, "a location: " + forms);
  if (!f) return std::nullopt;
  const Item* lon = get(*f, "lon");
  const Item* lat = get(*f, "lat");
  const Item* node = get(*f, "node");
  const Item* zone = get(*f, "zone");
  const Item* place = get(*f, "place");
  const int forms_given =
      (lon != nullptr || lat != nullptr) + (node != nullptr) + (zone != nullptr) + (place != nullptr);
  if (forms_given != 1) {
    error(it, "one location: " + forms, forms_given == 0 ? "none of them" : "several of them");
    return std::nullopt;
  }
  Location loc;
  if (node != nullptr) {
    const auto id = integer(*node, std::numeric_limits<long long>::min(), std::numeric_limits<long long>::max(),
                            "a node id (an integer, as in the network file)");
    if (!id) return std::nullopt;
    loc.kind = Location::Kind::node;
    loc.node_id = *id;
    return loc;
  }
  if (place != nullptr) {
    const auto id = text(*place, "the name of a place of the region (a landmark of the synthetic region)");
    if (!id) return std::nullopt;
    loc.kind = Location::Kind::place;
    loc.place = *id;
    return loc;
  }
  if (zone != nullptr) {
    if (!allow_zone) {
      error(*zone, "a fixed place: " + forms, "a zone", {}, "a station stands at one point");
      return std::nullopt;
    }
    const auto id = text(*zone, "a zone id");
    if (!id) return std::nullopt;
    loc.kind = Location::Kind::zone;
    loc.zone = *id;
    return loc;
  }
  if (lon == nullptr || lat == nullptr) {
    error(it, "both lon and lat", lon == nullptr ? "only lat" : "only lon");
    return std::nullopt;
  }
  const auto x = number_where(*lon, "a longitude in degrees, -180 to 180", [](double v) { return std::abs(v) <= 180.0; });
  const auto y = number_where(*lat, "a latitude in degrees, -90 to 90", [](double v) { return std::abs(v) <= 90.0; });
  if (!x || !y) return std::nullopt;
  loc.kind = Location::Kind::coordinate;
  loc.lon = *x;
  loc.lat = *y;
  return loc;
}

// A mix: name -> share, shares >= 0 summing to more than 0, returned normalised.
std::map<std::string, double> Reader::shares(const Item& it, const std::vector<std::string>* names,
                                             const std::string& what) {
  std::map<std::string, double> out;
  double total = 0.0;
  bool ok = true;
  for (const auto& [key, value] : entries(it, what + " (a map of name: share)")) {
    if (names != nullptr && std::find(names->begin(), names->end(), key) == names->end()) {
      report(Severity::error, value.path, position(value.path), "a name in " + what + " (" + joined(*names) + ")",
             quote_text(key), nearest_name(key, *names));
      ok = false;
      continue;
    }
    const auto share = number_where(value, "a share >= 0", [](double v) { return v >= 0.0; });
    if (!share) {
      ok = false;
      continue;
    }
    out[key] = *share;
    total += *share;
  }
  if (ok && !out.empty() && !(total > 0.0)) {
    error(it, "shares summing to more than 0", "all shares 0");
    return {};
  }
  if (ok && total > 0.0) {
    for (auto& entry : out) entry.second /= total;
  }
  return out;
}

// ------------------------------------------------------------ sections

void Reader::read_region(const Item& it, RegionSpec& region) {
  const auto f = fields(it, kRegionKeys, "the region");
  if (!f) return;
  const Item* synthetic = get(*f, "synthetic");
  const Item* network = get(*f, "network");
  bool use_synthetic = network == nullptr;
  if (synthetic != nullptr) {
    if (synthetic->node.IsMap()) {
      if (const auto s = fields(*synthetic, kSyntheticKeys, "the synthetic region's settings")) {
        if (const Item* seed = get(*s, "seed")) {
          if (const auto v = integer(*seed, 0, std::numeric_limits<long long>::max(), "a seed (an integer >= 0)"))
            region.synthetic_seed = static_cast<std::uint64_t>(*v);
        }
        if (const Item* nodes = get(*s, "nodes")) {
          if (const auto v = integer(*nodes, 10'000, 5'000'000, "a node count from 10000 to 5000000"))
            region.synthetic_target_nodes = static_cast<std::size_t>(*v);
        }
      }
      use_synthetic = true;
    } else if (const auto b = boolean(*synthetic)) {
      use_synthetic = *b;
    }
    if (use_synthetic && network != nullptr) {
      error(*network, "either a network file or the synthetic region", "both");
    }
    if (!use_synthetic && network == nullptr) {
      error(*synthetic, "the synthetic region, or a network file under region.network", "false");
    }
  }
  if (network != nullptr) {
    if (const auto path = text(*network, "the path of a road network file (.osm.pbf, .csv, .gr)"))
      region.network_path = *path;
  }
  if (const Item* zones = get(*f, "zones")) {
    if (use_synthetic) {
      error(*zones, "zones only with a network file", found_text(zones->node), {}, "the synthetic region has its own zones");
    } else if (const auto path = text(*zones, "the path of a zones.csv file")) {
      region.zones_path = *path;
    }
  }
  if (const Item* table = get(*f, "speed_table")) {
    if (const auto name = text(*table, "a speed table (" + joined(kSpeedTables) + ")")) {
      if (known_name(*table, kSpeedTables, "a speed table")) region.speed_table = *name;
    }
  }
  if (const Item* speeds = get(*f, "speed_kph")) {
    for (const auto& [road_class, value] : entries(*speeds, "speeds by road class (a map of class: km/h)")) {
      if (std::find(kRoadClasses.begin(), kRoadClasses.end(), road_class) == kRoadClasses.end()) {
        report(Severity::error, value.path, position(value.path), "a road class (" + joined(kRoadClasses) + ")",
               quote_text(road_class), nearest_name(road_class, kRoadClasses));
        continue;
      }
      if (const auto v = number_where(value, "a speed in km/h > 0", [](double x) { return x > 0.0; }))
        region.speed_kph[road_class] = *v;
    }
  }
  if (const Item* banners = get(*f, "banners")) {
    // banner -> its zones; a zone belongs to one banner.
    std::map<std::string, std::string> seen;
    for (const auto& [banner, zones] : entries(*banners, "the banners and their zones (a map of banner: [zone, ...])")) {
      for (const Item& zone : name_list(zones, "a list of zone ids")) {
        const std::string& id = zone.node.Scalar();
        if (const auto other = seen.find(id); other != seen.end()) {
          error(zone, "each zone in one banner", quote_text(id), {}, "it is already in " + other->second);
          continue;
        }
        seen.emplace(id, banner);
        region.zone_banner[id] = banner;
      }
    }
  }
}

void Reader::read_stations(const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    error(it, "a list of stations", found_text(it.node));
    return;
  }
  stations_read_ = true;
  std::map<std::string, std::size_t> ids;  // id -> line
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i, it.node[i]);
    StationSpec& st = s.stations.emplace_back();
    const auto f = fields(e, kStationKeys, "a station");
    if (!f) continue;
    if (const Item* id = required(*f, e, "id", "a station id")) {
      if (const auto v = text(*id, "a station id")) {
        st.id = *v;
        if (const auto seen = ids.find(*v); seen != ids.end()) {
          error(*id, "a station id used once", quote_text(*v), {},
                "already the id of the station at line " + std::to_string(seen->second));
        } else {
          ids.emplace(*v, id->pos.line);
        }
      }
    }
    if (const Item* name = get(*f, "name")) {
      if (const auto v = text(*name, "a name")) st.name = *v;
    }
    if (st.name.empty()) st.name = st.id;
    if (const Item* loc = required(*f, e, "location", "a location: {lon: X, lat: Y} or {node: ID}")) {
      if (const auto v = location(*loc, false)) st.location = *v;
    }
    if (const Item* banner = get(*f, "banner")) {
      if (const auto v = text(*banner, "the banner (district) the station belongs to")) st.banner = *v;
    }
  }
}

void Reader::read_teams(const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    error(it, "a list of teams", found_text(it.node));
    return;
  }
  const std::vector<std::string> capabilities = capability_names();
  const std::vector<std::string> levels = level_names();
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i, it.node[i]);
    TeamSpec& team = s.teams.emplace_back();
    const auto f = fields(e, kTeamKeys, "a team");
    if (!f) continue;
    if (const Item* id = required(*f, e, "id", "a team id")) {
      if (const auto v = text(*id, "a team id")) {
        team.id = *v;
        if (const auto seen = ids.find(*v); seen != ids.end()) {
          error(*id, "a team id used once", quote_text(*v), {},
                "already the id of the team at line " + std::to_string(seen->second));
        } else {
          ids.emplace(*v, id->pos.line);
        }
      }
    }
    if (const Item* station = required(*f, e, "station", "the id of the station the team is based at")) {
      if (const auto v = text(*station, "a station id")) team.station = *v;
    }
    if (const Item* level = required(*f, e, "level", "a level (" + joined(levels) + ")")) {
      if (text(*level, "a level (" + joined(levels) + ")") && known_name(*level, levels, "a level"))
        parse_team_level(level->node.Scalar(), team.level);
    }
    const Item* size = required(*f, e, "size", "the team's size in people (an integer >= 1)");
    if (size != nullptr) {
      if (const auto v = integer(*size, 1, 1'000'000, "a size in people (an integer >= 1)"))
        team.size = static_cast<int>(*v);
      else
        size = nullptr;
    }
    if (const Item* crews = get(*f, "crews")) {
      if (const auto v = integer(*crews, 1, 1'000'000, "a number of crews (an integer >= 1)")) {
        team.crews = static_cast<int>(*v);
        if (size != nullptr && team.crews > team.size) {
          error(*crews, "at most as many crews as people (size " + std::to_string(team.size) + ")",
                quote_text(crews->node.Scalar()));
        }
      }
    }
    if (const Item* caps = required(*f, e, "capabilities", "a list of capabilities (" + joined(capabilities) + ")")) {
      std::set<std::string> seen;
      for (const Item& c : name_list(*caps, "a list of capabilities (" + joined(capabilities) + ")")) {
        if (!known_name(c, capabilities, "a capability")) continue;
        if (!seen.insert(c.node.Scalar()).second) {
          error(c, "each capability once", quote_text(c.node.Scalar()));
          continue;
        }
        team.capabilities.push_back(c.node.Scalar());
      }
      if (caps->node.IsSequence() && caps->node.size() == 0) error(*caps, "at least one capability", "an empty list");
    }
    if (const Item* vehicles = get(*f, "vehicles")) {
      if (!vehicles->node.IsSequence()) {
        error(*vehicles, "a list of vehicles ({type, count, speed_factor})", found_text(vehicles->node));
      } else {
        for (std::size_t k = 0; k < vehicles->node.size(); ++k) {
          const Item ve = element(*vehicles, k, vehicles->node[k]);
          VehicleSpec& v = team.vehicles.emplace_back();
          const auto vf = fields(ve, kVehicleKeys, "a vehicle");
          if (!vf) continue;
          if (const Item* type = required(*vf, ve, "type", "a vehicle type (engine, truck, boat, ...)")) {
            if (const auto t = text(*type, "a vehicle type")) v.type = *t;
          }
          if (const Item* count = get(*vf, "count")) {
            if (const auto c = integer(*count, 1, 100'000, "a number of vehicles (an integer >= 1)"))
              v.count = static_cast<int>(*c);
          }
          if (const Item* factor = get(*vf, "speed_factor")) {
            if (const auto x = number_where(*factor, "a speed factor > 0 (1: free-flow road speed)",
                                            [](double y) { return y > 0.0 && y <= 100.0; }))
              v.speed_factor = *x;
          }
        }
      }
    }
    if (const Item* turnout = get(*f, "turnout")) {
      if (const auto d = distribution(*turnout)) team.turnout_s = *d;
    }
    if (const Item* vc = get(*f, "vehicle_class")) {
      if (const auto v = text(*vc, "a vehicle class (standard, high_clearance, ...)")) team.vehicle_class = *v;
    }
  }
}

void Reader::read_generators(const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    error(it, "a list of incident generators", found_text(it.node));
    return;
  }
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i, it.node[i]);
    IncidentGeneratorSpec& g = s.generators.emplace_back();
    g.hourly_weight.fill(1.0);
    generator_has_severity_.push_back(false);
    const auto f = fields(e, kGeneratorKeys, "an incident generator");
    if (!f) continue;
    if (const Item* type = required(*f, e, "type", "an incident type (structure_fire, flood_rescue, ...)")) {
      if (const auto v = text(*type, "an incident type")) g.type = *v;
    }
    const Item* name = get(*f, "name");
    if (name != nullptr) {
      if (const auto v = text(*name, "a generator name")) g.name = *v;
    }
    if (g.name.empty()) g.name = g.type;
    if (!g.name.empty()) {
      const std::string path = name != nullptr ? name->path : e.path;
      if (const auto seen = names.find(g.name); seen != names.end()) {
        error_at(path, "a generator name used once", quote_text(g.name), {},
                 "already used at line " + std::to_string(seen->second) +
                     (name == nullptr ? "; give each generator of one type its own name" : ""));
      } else {
        names.emplace(g.name, position(path).line);
      }
    }
    const Item* rate = get(*f, "rate");
    const Item* rate_per_day = get(*f, "rate_per_day");
    if (rate != nullptr && rate_per_day != nullptr) {
      error(*rate_per_day, "either rate or rate_per_day", "both");
    } else if (rate_per_day != nullptr) {
      if (const auto v = number_where(*rate_per_day, "incidents per day (a number >= 0)", [](double x) { return x >= 0; }))
        g.rate_per_day = *v;
    } else if (rate != nullptr) {
      const std::string expected = "a rate >= 0: incidents per day, or \"3 per day\", \"0.5 per hour\"";
      std::string unit;
      const auto v = rate->node.IsScalar() ? parse_rate_per_day(rate->node.Scalar(), &unit) : std::nullopt;
      if (!v) {
        error(*rate, expected, found_text(rate->node), unit.empty() ? "" : nearest_name(unit, duration_unit_names()),
              unit.empty() ? "" : "unknown unit " + quote_text(unit));
      } else if (*v < 0.0) {
        error(*rate, expected, found_text(rate->node));
      } else {
        g.rate_per_day = *v;
      }
    } else {
      required(*f, e, "rate", "a rate: incidents per day (rate: 3, or rate: \"0.5 per hour\")");
    }
    const Item* zones = get(*f, "zones");
    const Item* zone_types = get(*f, "zone_types");
    if (zones != nullptr && zone_types != nullptr) {
      error(*zone_types, "either zones (by id) or zone_types", "both");
    } else if (zones != nullptr) {
      for (const Item& z : name_list(*zones, "a list of zone ids")) g.zones.push_back(z.node.Scalar());
      if (zones->node.IsSequence() && zones->node.size() == 0) error(*zones, "at least one zone id", "an empty list");
    } else if (zone_types != nullptr) {
      for (const Item& z : name_list(*zone_types, "a list of zone types (" + joined(kZoneTypes) + ")")) {
        if (known_name(z, kZoneTypes, "a zone type")) g.zone_types.push_back(z.node.Scalar());
      }
      if (zone_types->node.IsSequence() && zone_types->node.size() == 0)
        error(*zone_types, "at least one zone type", "an empty list");
    } else {
      report(Severity::error, child_path(e.path, "zones"), e.pos,
             "where incidents happen: zones (a list of zone ids) or zone_types (" + joined(kZoneTypes) + ")",
             "nothing", {}, "key missing");
    }
    if (const Item* w = get(*f, "weight_by_population")) {
      if (const auto b = boolean(*w)) g.weight_by_population = *b;
    }
    if (const Item* profile = get(*f, "hourly_profile")) {
      const std::string expected = "24 relative rates >= 0, one per hour of the day from 00:00";
      if (!profile->node.IsSequence() || profile->node.size() != 24) {
        error(*profile, expected,
              profile->node.IsSequence() ? "a list of " + std::to_string(profile->node.size()) : found_text(profile->node));
      } else {
        std::array<double, 24> w{};
        bool ok = true;
        for (std::size_t h = 0; h < 24; ++h) {
          const Item x = element(*profile, h, profile->node[h]);
          const auto v = number_where(x, "a relative rate >= 0", [](double y) { return y >= 0.0; });
          ok = ok && v.has_value();
          w[h] = v.value_or(0.0);
        }
        if (ok && std::accumulate(w.begin(), w.end(), 0.0) <= 0.0) {
          error(*profile, "at least one hour with a rate > 0", "all 0");
        } else if (ok) {
          g.hourly_weight = w;
        }
      }
    }
    if (const Item* profile = get(*f, "monthly_profile")) read_monthly_profile(*profile, g);
    if (const Item* severity = get(*f, "severity")) {
      g.severity = shares(*severity, nullptr, "the severity mix");
      generator_has_severity_.back() = true;
    }
    if (const Item* growth = get(*f, "fire_growth")) g.fire_growth = shares(*growth, &kFireGrowths, "the fire-growth mix");
  }
}

void Reader::read_monthly_profile(const Item& it, IncidentGeneratorSpec& g) {
  const std::string expected = "12 relative rates >= 0, one per calendar month from January";
  if (!it.node.IsSequence() || it.node.size() != 12) {
    error(it, expected, it.node.IsSequence() ? "a list of " + std::to_string(it.node.size()) : found_text(it.node));
    return;
  }
  std::array<double, 12> w{};
  bool ok = true;
  for (std::size_t m = 0; m < 12; ++m) {
    const Item x = element(it, m, it.node[m]);
    const auto v = number_where(x, "a relative rate >= 0", [](double y) { return y >= 0.0; });
    ok = ok && v.has_value();
    w[m] = v.value_or(0.0);
  }
  if (ok && std::accumulate(w.begin(), w.end(), 0.0) <= 0.0) {
    error(it, "at least one month with a rate > 0", "all 0");
  } else if (ok) {
    g.monthly_weight = w;
  }
}

// An ISO 8601 calendar date, YYYY-MM-DD.
void Reader::read_start_date(const Item& it, Scenario& s) {
  const std::string expected = "a date YYYY-MM-DD (ISO 8601), such as 2026-07-01";
  const std::string text = it.node.IsScalar() ? it.node.Scalar() : std::string();
  const auto digits = [&text](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    const auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
    if (y && m && d) {
      const std::chrono::year_month_day date{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                             std::chrono::day{static_cast<unsigned>(*d)}};
      if (date.ok()) {
        s.start_date = date;
        return;
      }
      error(it, expected, found_text(it.node), {}, "no such day in the calendar");
      return;
    }
  }
  error(it, expected, found_text(it.node));
}

void Reader::read_incident_list(const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    error(it, "a list of incidents", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i, it.node[i]);
    IncidentSpec& inc = s.incidents.emplace_back();
    incident_has_severity_.push_back(false);
    const auto f = fields(e, kIncidentKeys, "an incident");
    if (!f) continue;
    if (const Item* time = required(*f, e, "time", "the incident's time from the start (\"08:30:00\", \"2 h\", 7200)")) {
      if (const auto v = time_point(*time)) inc.time_s = *v;
    }
    if (const Item* type = required(*f, e, "type", "an incident type")) {
      if (const auto v = text(*type, "an incident type")) inc.type = *v;
    }
    if (const Item* severity = get(*f, "severity")) {
      incident_has_severity_.back() = true;
      if (const auto v = text(*severity, "a severity")) inc.severity = *v;
    }
    if (const Item* loc = required(*f, e, "location", "a location: {lon: X, lat: Y}, {node: ID} or {zone: ID}")) {
      if (const auto v = location(*loc, true)) inc.location = *v;
    }
    if (const Item* growth = get(*f, "fire_growth")) {
      if (text(*growth, "a fire growth (" + joined(kFireGrowths) + ")") &&
          known_name(*growth, kFireGrowths, "a fire growth"))
        inc.fire_growth = growth->node.Scalar();
    }
  }
}

// A moment from the start of the scenario: a clock reading or a duration.
std::optional<double> Reader::time_point(const Item& it) {
  const std::string expected = std::string("a time >= 0 from the start: HH:MM[:SS], or a duration (") + kDurationHelp + ")";
  if (const auto clock = it.node.IsScalar() ? parse_clock_s(it.node.Scalar()) : std::nullopt) return clock;
  if (it.node.IsScalar() && it.node.Scalar().find(':') != std::string::npos) {
    error(it, expected, found_text(it.node), {}, "minutes and seconds run from 00 to 59");
    return std::nullopt;
  }
  return duration(it);
}

void Reader::read_road_closures(const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    error(it, "a list of road closures ({at, radius_m} or {from, to}, with start and end)", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i, it.node[i]);
    RoadClosureSpec& c = s.road_closures.emplace_back();
    const auto f = fields(e, kClosureKeys, "a road closure");
    if (!f) continue;
    if (const Item* name = get(*f, "name")) {
      if (const auto v = text(*name, "a name for the closure")) c.name = *v;
    }
    const Item* at = get(*f, "at");
    const Item* from = get(*f, "from");
    const Item* to = get(*f, "to");
    if (at != nullptr) {
      if (const auto v = location(*at, false)) c.at = *v;
      if (from != nullptr || to != nullptr)
        error(*at, "either `at` (a place, with radius_m) or `from` and `to` (the road between), not both",
              "both");
    } else if (from != nullptr || to != nullptr) {
      if (from == nullptr) error(e, "`from`: where the closed road starts", "only `to`");
      if (to == nullptr) error(e, "`to`: where the closed road ends", "only `from`");
      if (from != nullptr) {
        if (const auto v = location(*from, false)) c.from = *v;
      }
      if (to != nullptr) {
        if (const auto v = location(*to, false)) c.to = *v;
      }
    } else {
      error(e, "what is closed: `at` (a place, with radius_m) or `from` and `to` (the road between them)",
            "neither");
    }
    if (const Item* r = get(*f, "radius_m")) {
      if (const auto v = number_where(*r, "a radius in metres >= 0", [](double x) { return x >= 0.0 && x <= 1e6; }))
        c.radius_m = *v;
      if (at == nullptr) error(*r, "radius_m only with `at`", "radius_m with from/to");
    }
    if (const Item* start = get(*f, "start")) {
      if (const auto v = time_point(*start)) c.start_s = *v;
    }
    if (const Item* end = get(*f, "end")) {
      if (const auto v = time_point(*end)) {
        c.end_s = *v;
        if (!(c.end_s > c.start_s))
          error(*end, "an end after the start (" + format_duration(c.start_s) + ")", found_text(end->node));
      }
    }
    if (const Item* classes = get(*f, "vehicle_classes")) {
      for (const Item& v : name_list(*classes, "a list of vehicle classes (standard, or a team's vehicle_class)"))
        c.vehicle_classes.push_back(v.node.Scalar());
    }
  }
}

void Reader::read_rules(const Item& it, PlanSpec& plan) {
  const std::vector<std::string> capabilities = capability_names();
  const auto types = entries(it, "response rules by incident type (a map: type -> severity -> {needs, on_scene})");
  rules_read_ = it.node.IsMap();
  for (const auto& [type, by_severity] : types) {
    for (const auto& [severity, rule_item] :
         entries(by_severity, "response rules of '" + type + "' by severity (a map: severity -> {needs, on_scene})")) {
      ResponseRuleSpec& rule = plan.rules.emplace_back();
      rule.type = type;
      rule.severity = severity;
      const auto f = fields(rule_item, kRuleKeys, "a response rule");
      if (!f) continue;
      if (const Item* needs = required(*f, rule_item, "needs", "what the rule sends: {capability: people, ...}")) {
        for (const auto& [capability, people] : entries(*needs, "needs (a map of capability: people)")) {
          if (std::find(capabilities.begin(), capabilities.end(), capability) == capabilities.end()) {
            report(Severity::error, people.path, position(people.path), "a capability (" + joined(capabilities) + ")",
                   quote_text(capability), nearest_name(capability, capabilities));
            continue;
          }
          if (const auto n = integer(people, 1, 1'000'000, "a number of people (an integer >= 1)"))
            rule.needs.push_back({capability, static_cast<int>(*n)});
        }
        if (needs->node.IsMap() && needs->node.size() == 0)
          error(*needs, "at least one capability with the people it needs", "an empty map");
      }
      if (const Item* on_scene = get(*f, "on_scene")) {
        if (const auto d = distribution(*on_scene)) rule.on_scene_s = *d;
      }
    }
    if (by_severity.node.IsMap() && by_severity.node.size() == 0)
      error(by_severity, "at least one severity with its rule", "an empty map");
  }
}

void Reader::read_escalation(const Item& it, PlanSpec& plan) {
  if (!it.node.IsSequence()) {
    error(it, "a list of escalation steps ({levels: [...], request_delay: D})", found_text(it.node));
    return;
  }
  escalation_given_ = true;
  const std::vector<std::string> levels = level_names();
  std::map<std::string, std::size_t> placed;  // level -> line of the step naming it
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i, it.node[i]);
    EscalationStepSpec& step = plan.escalation.emplace_back();
    const auto f = fields(e, kStepKeys, "an escalation step");
    if (!f) continue;
    if (const Item* names = required(*f, e, "levels", "the levels this step calls (" + joined(levels) + ")")) {
      for (const Item& l : name_list(*names, "a list of levels (" + joined(levels) + ")")) {
        if (!known_name(l, levels, "a level")) continue;
        if (const auto seen = placed.find(l.node.Scalar()); seen != placed.end()) {
          error(l, "each level in one step only", quote_text(l.node.Scalar()), {},
                "already in the step at line " + std::to_string(seen->second));
          continue;
        }
        placed.emplace(l.node.Scalar(), l.pos.line);
        TeamLevel level{};
        parse_team_level(l.node.Scalar(), level);
        step.levels.push_back(level);
      }
      if (names->node.IsSequence() && names->node.size() == 0) error(*names, "at least one level", "an empty list");
    }
    if (const Item* delay = get(*f, "request_delay")) {
      if (const auto v = duration(*delay)) step.request_delay_s = *v;
    }
  }
  if (it.node.size() == 0) error(it, "at least one escalation step (leave the key out for the default ladder)", "an empty list");
}

void Reader::read_plan(const Item& it, PlanSpec& plan) {
  const auto f = fields(it, kPlanKeys, "the plan");
  if (!f) return;
  if (const Item* d = get(*f, "call_delay")) {
    if (const auto v = distribution(*d)) plan.call_delay_s = *v;
  }
  if (const Item* d = get(*f, "dispatch_delay")) {
    if (const auto v = distribution(*d)) plan.dispatch_delay_s = *v;
  }
  if (const Item* rules = get(*f, "responses")) read_rules(*rules, plan);
  if (const Item* escalation = get(*f, "escalation")) read_escalation(*escalation, plan);
  if (const Item* b = get(*f, "mutual_aid")) {
    if (const auto v = boolean(*b)) plan.mutual_aid = *v;
  }
  if (const Item* b = get(*f, "queue_when_busy")) {
    if (const auto v = boolean(*b)) plan.queue_when_busy = *v;
  }
  if (const Item* kw = get(*f, "flashover_kw")) {
    if (const auto v = number_where(*kw, "a heat release rate in kW > 0", [](double x) { return x > 0.0; }))
      plan.flashover_kw = *v;
  }
  if (const Item* circle = get(*f, "fire_circle")) read_fire_circle(*circle, plan.fire_circle);
}

void Reader::read_fire_circle(const Item& it, FireCircleSpec& circle) {
  const auto f = fields(it, kFireCircleKeys, "the 5-minute fire circle");
  if (!f) return;
  if (const Item* types = get(*f, "incident_types")) {
    circle.incident_types.clear();
    for (const Item& t : name_list(*types, "a list of incident types")) circle.incident_types.push_back(t.node.Scalar());
    if (types->node.IsSequence() && types->node.size() == 0) error(*types, "at least one incident type", "an empty list");
  }
  if (const Item* zone_types = get(*f, "zone_types")) {
    circle.zone_types.clear();
    for (const Item& z : name_list(*zone_types, "a list of zone types (" + joined(kZoneTypes) + ")")) {
      if (known_name(z, kZoneTypes, "a zone type")) circle.zone_types.push_back(z.node.Scalar());
    }
    if (zone_types->node.IsSequence() && zone_types->node.size() == 0)
      error(*zone_types, "at least one zone type", "an empty list");
  }
}

std::vector<std::string> Reader::infrastructure_list(const Item& it) {
  std::vector<std::string> out;
  const std::vector<std::string> known(std::begin(kInfrastructureNames), std::end(kInfrastructureNames));
  for (const Item& v : name_list(it, "a list of infrastructure (" + joined(known) + ")")) {
    const std::string& name = v.node.Scalar();
    if (infrastructure_index(name) < 0) {
      error(v, "infrastructure: " + joined(known), quote_text(name), nearest_name(name, known));
      continue;
    }
    out.push_back(name);
  }
  return out;
}

std::optional<std::string> Reader::team_id(const Item& it, const Scenario& s) {
  const auto v = text(it, "the id of a team under teams");
  if (!v) return std::nullopt;
  std::vector<std::string> ids;
  for (const TeamSpec& t : s.teams) ids.push_back(t.id);
  if (std::find(ids.begin(), ids.end(), *v) == ids.end()) {
    error(it, "the id of a team under teams", quote_text(*v), nearest_name(*v, ids));
    return std::nullopt;
  }
  return v;
}

void Reader::read_outages(const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    error(it, "a list of outages (what, zones or at with radius_m, start, end)", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = element(it, i, it.node[i]);
    const auto f = fields(e, kOutageKeys, "an outage");
    if (!f) continue;
    OutageSpec& o = s.outages.emplace_back();
    if (const Item* name = get(*f, "name")) {
      if (const auto v = text(*name, "a name for the outage")) o.name = *v;
    }
    if (const Item* what = required(*f, e, "what", "what fails: a list of power, mobile, broadcast, landline")) {
      o.what = infrastructure_list(*what);
      if (what->node.IsSequence() && what->node.size() == 0) error(*what, "at least one of power, mobile, broadcast, landline", "[]");
    }
    const Item* zones = get(*f, "zones");
    const Item* at = get(*f, "at");
    if (zones != nullptr) {
      for (const Item& z : name_list(*zones, "a list of zone ids")) o.zones.push_back(z.node.Scalar());
    }
    if (at != nullptr) {
      if (const auto v = location(*at, false)) o.at = *v;
    }
    if (zones == nullptr && at == nullptr) error(e, "where: `zones` (a list of zone ids) or `at` (a place, with radius_m)", "neither");
    if (const Item* r = get(*f, "radius_m")) {
      if (const auto v = number_where(*r, "a radius in metres >= 0", [](double x) { return x >= 0.0 && x <= 1e6; }))
        o.radius_m = *v;
      if (at == nullptr) error(*r, "radius_m only with `at`", "radius_m without at");
    }
    if (const Item* start = get(*f, "start")) {
      if (const auto v = time_point(*start)) o.start_s = *v;
    }
    if (const Item* end = get(*f, "end")) {
      if (const auto v = time_point(*end)) {
        o.end_s = *v;
        if (!(o.end_s > o.start_s))
          error(*end, "an end after the start (" + format_duration(o.start_s) + ")", found_text(end->node));
      }
    }
  }
}

// ------------------------------------------------------------ warning section

namespace {
const std::vector<std::string> kWarningKeys = {"hazard",       "issue_at",        "issue_delay",   "start_hour",
                                               "household_size", "acknowledgement_target", "feedback_delay",
                                               "walk_speed_mps", "instant_evacuation", "report_step", "groups",
                                               "channels",     "responsible",     "shelters",      "population",
                                               "call_and_answer", "shared_forces"};
const std::vector<std::string> kCallAndAnswerKeys = {"needs", "fallback_delay"};
const std::vector<std::string> kKnockingTeamKeys = {"team", "zones"};
const std::vector<std::string> kWarningHazardKeys = {"name", "front", "detection_latency"};
const std::vector<std::string> kFrontKeys = {"origin", "start", "speed_mps", "extent_m"};
const std::vector<std::string> kGroupKeys = {"name", "compliance", "preparation", "vehicle_share", "awake_share"};
const std::vector<std::string> kChannelKeys = {"name",  "reach", "reach_asleep",     "delay",
                                               "zones", "calls_per_minute", "door_knocking", "needs"};
const std::vector<std::string> kDoorKnockingKeys = {"teams_per_zone", "households_per_team_hour", "teams"};
const std::vector<std::string> kResponsibleKeys = {"id",          "role",          "zones",
                                                   "answer_probability", "retry_interval", "attempts_before_escalation",
                                                   "max_attempts", "escalate_to", "channels", "team"};
const std::vector<std::string> kShelterKeys = {"id", "location", "capacity"};
const std::vector<std::string> kPopulationKeys = {"zone", "people"};
const char* const kShareHelp = "a share from 0 to 1";
bool is_share(double v) { return v >= 0.0 && v <= 1.0; }
}  // namespace

std::optional<double> Reader::share(const Item& it) { return number_where(it, kShareHelp, is_share); }

void Reader::read_warning(const Item& it, Scenario& s) {
  const auto f = fields(it, kWarningKeys, "the warning section");
  if (!f) return;
  auto spec = std::make_shared<WarningSpec>();
  WarningSpec& w = *spec;
  if (const Item* h = get(*f, "hazard")) {
    if (const auto hf = fields(*h, kWarningHazardKeys, "the hazard the warning is about")) {
      if (const Item* n = get(*hf, "name")) {
        if (const auto v = text(*n, "a hazard name")) w.hazard_name = *v;
      }
      if (const Item* d = get(*hf, "detection_latency")) {
        if (const auto v = distribution(*d)) w.detection_latency_s = *v;
      }
      if (const Item* fr = get(*hf, "front")) {
        if (const auto ff = fields(*fr, kFrontKeys, "a hazard front (origin, start, speed_mps)")) {
          HazardFrontSpec front;
          if (const Item* o = required(*ff, *fr, "origin", "where the front starts (a location)")) {
            if (const auto v = location(*o, true)) front.origin = *v;
          }
          if (const Item* st = get(*ff, "start")) {
            if (const auto v = duration(*st)) front.start_s = *v;
          }
          if (const Item* sp = required(*ff, *fr, "speed_mps", "the front's speed along the roads in m/s (> 0)")) {
            if (const auto v = number_where(*sp, "a speed in m/s > 0", [](double x) { return x > 0.0; }))
              front.speed_mps = *v;
          }
          if (const Item* ex = get(*ff, "extent_m")) {
            if (const auto v = number_where(*ex, "a road distance in m > 0", [](double x) { return x > 0.0; }))
              front.extent_m = *v;
          }
          w.front = front;
        }
      }
    }
  }
  if (const Item* t = get(*f, "issue_at")) {
    if (const auto v = duration(*t)) w.issue_at_s = *v;
  }
  if (const Item* d = get(*f, "issue_delay")) {
    if (const auto v = distribution(*d)) w.issue_delay_s = *v;
  }
  if (const Item* h = get(*f, "start_hour")) {
    if (const auto v = number_where(*h, "an hour of the day, 0 to 24", [](double x) { return x >= 0.0 && x < 24.0; }))
      w.start_hour = *v;
  }
  if (const Item* h = get(*f, "household_size")) {
    if (const auto v = integer(*h, 1, 100, "people per household (an integer from 1 to 100)")) w.household_size = static_cast<double>(*v);
  }
  if (const Item* t = get(*f, "acknowledgement_target")) {
    if (const auto v = duration(*t)) w.acknowledgement_target_s = *v;
  }
  if (const Item* sf = get(*f, "shared_forces")) {
    if (const auto v = boolean(*sf))
      w.shared_forces = *v;
  }
  if (const Item* ca = get(*f, "call_and_answer")) {
    if (const auto cf = fields(*ca, kCallAndAnswerKeys, "how calls reach responsible people (needs, fallback_delay)")) {
      if (const Item* n = get(*cf, "needs")) w.call_needs = infrastructure_list(*n);
      if (const Item* d = get(*cf, "fallback_delay")) {
        if (const auto v = duration(*d)) w.fallback_delay_s = *v;
      }
    }
  }
  if (const Item* d = get(*f, "feedback_delay")) {
    if (const auto v = distribution(*d)) w.feedback_delay_s = *v;
  }
  if (const Item* ws = get(*f, "walk_speed_mps")) {
    if (const auto v = number_where(*ws, "a walking speed in m/s > 0", [](double x) { return x > 0.0; })) w.walk_speed_mps = *v;
  }
  if (const Item* b = get(*f, "instant_evacuation")) {
    if (const auto v = boolean(*b)) w.instant_evacuation = *v;
  }
  if (const Item* r = get(*f, "report_step")) {
    if (const auto v = duration(*r, true)) w.report_step_s = *v;
  }

  // Groups first: the other lists refer to them.
  std::vector<std::string> group_names;
  if (const Item* gs = required(*f, it, "groups", "a list of population groups")) {
    if (!gs->node.IsSequence() || gs->node.size() == 0) {
      error(*gs, "a list of at least one population group", found_text(gs->node));
    } else {
      for (std::size_t i = 0; i < gs->node.size(); ++i) {
        const Item e = element(*gs, i, gs->node[i]);
        const auto gf = fields(e, kGroupKeys, "a population group");
        if (!gf) continue;
        WarningGroupSpec g;
        if (const Item* n = required(*gf, e, "name", "a group name")) {
          if (const auto v = text(*n, "a group name")) {
            if (std::find(group_names.begin(), group_names.end(), *v) != group_names.end())
              error(*n, "a group name used once", quote_text(*v));
            g.name = *v;
          }
        }
        if (const Item* c = get(*gf, "compliance")) {
          if (const auto v = share(*c)) g.compliance = *v;
        }
        if (const Item* p = get(*gf, "preparation")) {
          if (const auto v = distribution(*p)) g.preparation_s = *v;
        }
        if (const Item* v = get(*gf, "vehicle_share")) {
          if (const auto x = share(*v)) g.vehicle_share = *x;
        }
        if (const Item* a = get(*gf, "awake_share")) {
          if (a->node.IsSequence()) {
            if (a->node.size() != 24) {
              error(*a, "a share awake for each of the 24 hours of the day (or one share for all)",
                    "a list of " + std::to_string(a->node.size()));
            } else {
              for (std::size_t k = 0; k < 24; ++k)
                if (const auto x = share(element(*a, k, a->node[k]))) g.awake_share[k] = *x;
            }
          } else if (const auto x = share(*a)) {
            g.awake_share.fill(*x);
          }
        }
        if (!g.name.empty()) group_names.push_back(g.name);
        w.groups.push_back(std::move(g));
      }
    }
  }
  const auto check_group = [&](const Item& at, const std::string& name) {
    if (std::find(group_names.begin(), group_names.end(), name) != group_names.end()) return true;
    error(at, "a group defined under warning.groups (" + joined(group_names) + ")", quote_text(name),
          nearest_name(name, group_names));
    return false;
  };

  // Population: the warned zones.
  std::vector<std::string> zone_names;
  if (const Item* ps = required(*f, it, "population", "a list of zones with their people by group")) {
    if (!ps->node.IsSequence()) {
      error(*ps, "a list of zones with their people by group", found_text(ps->node));
    } else {
      for (std::size_t i = 0; i < ps->node.size(); ++i) {
        const Item e = element(*ps, i, ps->node[i]);
        const auto pf = fields(e, kPopulationKeys, "a zone's population (zone, people)");
        if (!pf) continue;
        ZonePopulationSpec p;
        if (const Item* z = required(*pf, e, "zone", "a zone id")) {
          if (const auto v = text(*z, "a zone id")) {
            if (std::find(zone_names.begin(), zone_names.end(), *v) != zone_names.end())
              error(*z, "a zone listed once", quote_text(*v));
            p.zone = *v;
            zone_names.push_back(*v);
          }
        }
        if (const Item* people = required(*pf, e, "people", "people by group (a map of group: people)")) {
          for (const auto& [group, value] : entries(*people, "people by group (a map of group: people)")) {
            if (!check_group(value, group)) continue;
            if (const auto n = integer(value, 0, 100'000'000, "a number of people (an integer >= 0)")) p.people[group] = *n;
          }
        }
        w.population.push_back(std::move(p));
      }
    }
  }
  const auto zone_list = [&](const Item& at, std::vector<std::string>& out) {
    for (const Item& z : name_list(at, "a list of zone ids")) {
      const std::string& name = z.node.Scalar();
      if (std::find(zone_names.begin(), zone_names.end(), name) == zone_names.end()) {
        error(z, "a zone listed under warning.population (" + joined(zone_names) + ")", quote_text(name),
              nearest_name(name, zone_names));
        continue;
      }
      out.push_back(name);
    }
  };

  // Channels.
  std::vector<std::string> channel_names;
  if (const Item* cs = required(*f, it, "channels", "a list of warning channels")) {
    if (!cs->node.IsSequence()) {
      error(*cs, "a list of warning channels", found_text(cs->node));
    } else {
      for (std::size_t i = 0; i < cs->node.size(); ++i) {
        const Item e = element(*cs, i, cs->node[i]);
        const auto cf = fields(e, kChannelKeys, "a warning channel");
        if (!cf) continue;
        WarningChannelSpec c;
        if (const Item* n = required(*cf, e, "name", "a channel name")) {
          if (const auto v = text(*n, "a channel name")) {
            if (std::find(channel_names.begin(), channel_names.end(), *v) != channel_names.end())
              error(*n, "a channel name used once", quote_text(*v));
            c.name = *v;
            channel_names.push_back(*v);
          }
        }
        if (const Item* r = required(*cf, e, "reach", "the share of households it reaches by group (group: share)")) {
          for (const auto& [group, value] : entries(*r, "reach by group (a map of group: share from 0 to 1)")) {
            if (!check_group(value, group)) continue;
            if (const auto v = share(value)) c.reach[group] = *v;
          }
        }
        if (const Item* r = get(*cf, "reach_asleep")) {
          if (const auto v = share(*r)) c.reach_asleep = *v;
        }
        if (const Item* d = get(*cf, "delay")) {
          if (const auto v = distribution(*d)) c.delay_s = *v;
        }
        if (const Item* z = get(*cf, "zones")) zone_list(*z, c.zones);
        if (const Item* n = get(*cf, "needs")) c.needs = infrastructure_list(*n);
        if (const Item* r = get(*cf, "calls_per_minute")) {
          if (const auto v = number_where(*r, "outbound calls a minute (> 0)", [](double x) { return x > 0.0; }))
            c.calls_per_minute = *v;
        }
        if (const Item* d = get(*cf, "door_knocking")) {
          if (c.calls_per_minute > 0.0) error(*d, "either calls_per_minute or door_knocking", "both");
          if (const auto df = fields(*d, kDoorKnockingKeys, "door-knocking capacity (teams_per_zone, households_per_team_hour)")) {
            const Item* named = get(*df, "teams");
            if (named != nullptr) {
              if (!named->node.IsSequence()) {
                error(*named, "a list of teams of the forces that knock ({team, zones})", found_text(named->node));
              } else {
                for (std::size_t k = 0; k < named->node.size(); ++k) {
                  const Item te = element(*named, k, named->node[k]);
                  const auto tf = fields(te, kKnockingTeamKeys, "a knocking team ({team, zones})");
                  if (!tf) continue;
                  KnockingTeamSpec kt;
                  if (const Item* t = required(*tf, te, "team", "the id of a team under teams")) {
                    if (const auto v = team_id(*t, s)) kt.team = *v;
                  }
                  if (const Item* z = required(*tf, te, "zones", "the zones it knocks in (listed under warning.population)"))
                    zone_list(*z, kt.zones);
                  c.teams.push_back(std::move(kt));
                }
              }
            }
            if (const Item* t = named != nullptr ? get(*df, "teams_per_zone")
                                                 : required(*df, *d, "teams_per_zone", "teams knocking in each zone (or `teams`: named teams of the forces)")) {
              if (const auto v = integer(*t, 1, 100000, "a number of teams (an integer >= 1)")) c.teams_per_zone = static_cast<int>(*v);
            }
            if (const Item* r = required(*df, *d, "households_per_team_hour", "households a team warns in an hour")) {
              if (const auto v = number_where(*r, "households an hour (> 0)", [](double x) { return x > 0.0; }))
                c.households_per_team_hour = *v;
            }
          }
        }
        w.channels.push_back(std::move(c));
      }
    }
  }

  // Responsible people (call-and-answer).
  std::vector<std::string> person_ids;
  std::vector<std::pair<Item, std::string>> escalations;
  if (const Item* rs = get(*f, "responsible")) {
    if (!rs->node.IsSequence()) {
      error(*rs, "a list of responsible people", found_text(rs->node));
    } else {
      for (std::size_t i = 0; i < rs->node.size(); ++i) {
        const Item e = element(*rs, i, rs->node[i]);
        const auto rf = fields(e, kResponsibleKeys, "a responsible person");
        if (!rf) continue;
        ResponsiblePersonSpec r;
        if (const Item* id = required(*rf, e, "id", "a person id")) {
          if (const auto v = text(*id, "a person id")) {
            if (std::find(person_ids.begin(), person_ids.end(), *v) != person_ids.end())
              error(*id, "a person id used once", quote_text(*v));
            r.id = *v;
            person_ids.push_back(*v);
          }
        }
        if (const Item* role = get(*rf, "role")) {
          if (const auto v = text(*role, "a role (village_head, grid_worker, ...)")) r.role = *v;
        }
        if (const Item* z = get(*rf, "zones")) zone_list(*z, r.zones);
        if (const Item* t = get(*rf, "team")) {
          if (const auto v = team_id(*t, s)) r.team = *v;
        }
        if (const Item* p = get(*rf, "answer_probability")) {
          if (const auto v = number_where(*p, "a probability > 0 and <= 1", [](double x) { return x > 0.0 && x <= 1.0; }))
            r.answer_probability = *v;
        }
        if (const Item* t = get(*rf, "retry_interval")) {
          if (const auto v = duration(*t, true)) r.retry_interval_s = *v;
        }
        if (const Item* n = get(*rf, "attempts_before_escalation")) {
          if (const auto v = integer(*n, 1, 1000, "a number of calls (an integer >= 1)")) r.attempts_before_escalation = static_cast<int>(*v);
        }
        if (const Item* n = get(*rf, "max_attempts")) {
          if (const auto v = integer(*n, 1, 100000, "a number of calls (an integer >= 1)")) r.max_attempts = static_cast<int>(*v);
        }
        if (const Item* up = get(*rf, "escalate_to")) {
          if (const auto v = text(*up, "the id of a responsible person")) {
            r.escalate_to = *v;
            escalations.emplace_back(*up, *v);
          }
        }
        if (const Item* chs = get(*rf, "channels")) {
          for (const Item& c : name_list(*chs, "a list of channel names")) {
            const std::string& name = c.node.Scalar();
            if (std::find(channel_names.begin(), channel_names.end(), name) == channel_names.end()) {
              error(c, "a channel defined under warning.channels (" + joined(channel_names) + ")", quote_text(name),
                    nearest_name(name, channel_names));
              continue;
            }
            started_by_people_.insert(name);
          }
        }
        w.responsible.push_back(std::move(r));
      }
    }
  }
  for (const auto& [at, id] : escalations) {
    if (std::find(person_ids.begin(), person_ids.end(), id) == person_ids.end())
      error(at, "the id of a responsible person (" + joined(person_ids) + ")", quote_text(id), nearest_name(id, person_ids));
  }

  // Shelters.
  if (const Item* ss = get(*f, "shelters")) {
    if (!ss->node.IsSequence()) {
      error(*ss, "a list of shelters", found_text(ss->node));
    } else {
      std::vector<std::string> ids;
      for (std::size_t i = 0; i < ss->node.size(); ++i) {
        const Item e = element(*ss, i, ss->node[i]);
        const auto sf = fields(e, kShelterKeys, "a shelter");
        if (!sf) continue;
        ShelterSpec sh;
        if (const Item* id = required(*sf, e, "id", "a shelter id")) {
          if (const auto v = text(*id, "a shelter id")) {
            if (std::find(ids.begin(), ids.end(), *v) != ids.end()) error(*id, "a shelter id used once", quote_text(*v));
            sh.id = *v;
            ids.push_back(*v);
          }
        }
        if (const Item* loc = required(*sf, e, "location", "a location")) {
          if (const auto v = location(*loc, true)) sh.location = *v;
        }
        if (const Item* c = required(*sf, e, "capacity", "a capacity in people")) {
          if (const auto v = integer(*c, 0, 100'000'000, "a capacity in people (an integer >= 0)")) sh.capacity_people = *v;
        }
        w.shelters.push_back(std::move(sh));
      }
    }
  }
  for (WarningChannelSpec& ch : w.channels)
    if (started_by_people_.count(ch.name)) ch.after_acknowledgement = true;
  s.warning = std::move(spec);
}

// ------------------------------------------------------------ references across sections

void Reader::check_references(Scenario& s) {
  // Teams at stations that exist.
  if (stations_read_) {
    std::vector<std::string> station_ids;
    for (const StationSpec& st : s.stations)
      if (!st.id.empty()) station_ids.push_back(st.id);
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
      const std::string& station = s.teams[i].station;
      if (station.empty() || std::find(station_ids.begin(), station_ids.end(), station) != station_ids.end()) continue;
      error_at(item_path("teams", i) + ".station", "the id of a station (" + joined(station_ids) + ")", quote_text(station),
               nearest_name(station, station_ids));
    }
  }

  // Road closures name vehicle classes the teams use.
  std::vector<std::string> vehicle_classes = {"standard"};
  for (const TeamSpec& team : s.teams)
    if (std::find(vehicle_classes.begin(), vehicle_classes.end(), team.vehicle_class) == vehicle_classes.end())
      vehicle_classes.push_back(team.vehicle_class);
  for (std::size_t i = 0; i < s.road_closures.size(); ++i) {
    const auto& names = s.road_closures[i].vehicle_classes;
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (std::find(vehicle_classes.begin(), vehicle_classes.end(), names[k]) != vehicle_classes.end()) continue;
      error_at(item_path(item_path("road_closures", i) + ".vehicle_classes", k),
               "a vehicle class of the teams (" + joined(vehicle_classes) + ")", quote_text(names[k]),
               nearest_name(names[k], vehicle_classes));
    }
  }

  // Incident types and severities the plan has rules for.
  std::map<std::string, std::vector<std::string>> severities_of;  // type -> severities with a rule
  for (const ResponseRuleSpec& r : s.plan.rules) severities_of[r.type].push_back(r.severity);
  std::vector<std::string> types;
  for (const auto& entry : severities_of) types.push_back(entry.first);
  const auto check_type = [&](const std::string& type, const std::string& path) {
    if (type.empty() || severities_of.count(type)) return true;
    if (rules_read_) {
      error_at(path, "an incident type with rules under plan.responses (" + joined(types) + ")", quote_text(type),
               nearest_name(type, types));
    } else if (!misspelled_.count("plan.responses") && !misspelled_.count("plan")) {
      error_at(path, "an incident type with rules under plan.responses", quote_text(type), {},
               "the plan has no responses");
    }
    return false;
  };
  const auto single_severity = [&](const std::string& type) -> std::string {
    const auto& sev = severities_of[type];
    return sev.size() == 1 ? sev.front() : std::string();
  };

  for (std::size_t i = 0; i < s.generators.size(); ++i) {
    IncidentGeneratorSpec& g = s.generators[i];
    const std::string path = item_path("incidents", i);
    if (!check_type(g.type, path + ".type")) continue;
    if (g.type.empty()) continue;
    const auto& known = severities_of[g.type];
    if (!generator_has_severity_[i]) {
      if (const std::string only = single_severity(g.type); !only.empty()) {
        g.severity[only] = 1.0;
      } else {
        error_at(path, "a severity mix (severity: {name: share, ...}) over " + joined(known), "nothing", {},
                 "plan.responses." + g.type + " has several severities");
      }
      continue;
    }
    for (const auto& entry : g.severity) {
      if (std::find(known.begin(), known.end(), entry.first) != known.end()) continue;
      error_at(path + ".severity." + entry.first, "a severity with a rule under plan.responses." + g.type + " (" +
                                                      joined(known) + ")",
               quote_text(entry.first), nearest_name(entry.first, known));
    }
  }
  for (std::size_t i = 0; i < s.incidents.size(); ++i) {
    IncidentSpec& inc = s.incidents[i];
    const std::string path = item_path("incident_list", i);
    if (!check_type(inc.type, path + ".type")) continue;
    if (inc.type.empty()) continue;
    const auto& known = severities_of[inc.type];
    if (!incident_has_severity_[i]) {
      if (const std::string only = single_severity(inc.type); !only.empty()) {
        inc.severity = only;
      } else {
        error_at(path, "a severity (" + joined(known) + ")", "nothing", {},
                 "plan.responses." + inc.type + " has several severities");
      }
      continue;
    }
    if (!inc.severity.empty() && std::find(known.begin(), known.end(), inc.severity) == known.end()) {
      error_at(path + ".severity", "a severity with a rule under plan.responses." + inc.type + " (" + joined(known) + ")",
               quote_text(inc.severity), nearest_name(inc.severity, known));
    }
  }

  // Needs the teams can meet: a capability no team has, or more people than
  // all capable teams hold. Only when the teams read cleanly: a team with a
  // mistake would make these warnings follow from that mistake.
  std::map<std::string, long long> people_with;
  for (const TeamSpec& t : s.teams)
    for (const std::string& c : t.capabilities) people_with[c] += t.size;
  if (teams_clean_ && !s.teams.empty()) {
    for (const ResponseRuleSpec& r : s.plan.rules) {
      for (const NeedSpec& n : r.needs) {
        const std::string path = "plan.responses." + r.type + "." + r.severity + ".needs." + n.capability;
        const long long have = people_with.count(n.capability) ? people_with[n.capability] : 0;
        if (have == 0) {
          warning_at(path, "a capability some team has", quote_text(n.capability), "no team has it, so this need is never met");
        } else if (have < n.people) {
          warning_at(path, "at most the " + std::to_string(have) + " people all teams with " + n.capability + " hold",
                     std::to_string(n.people), "this need is never met in full");
        }
      }
    }
  }

  // Teams whose level the escalation ladder never calls.
  if (escalation_given_ && teams_clean_) {
    std::set<TeamLevel> called;
    for (const EscalationStepSpec& step : s.plan.escalation) called.insert(step.levels.begin(), step.levels.end());
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
      if (called.count(s.teams[i].level)) continue;
      warning_at(item_path("teams", i) + ".level", "a level the escalation ladder calls",
                 quote_text(team_level_name(s.teams[i].level)), "this team is never dispatched");
    }
  }

  // Fire-circle types the plan has rules for (the defaults may name types a scenario lacks).
  if (where_.count("plan.fire_circle.incident_types")) {
    std::vector<std::string> types;
    for (const ResponseRuleSpec& r : s.plan.rules)
      if (std::find(types.begin(), types.end(), r.type) == types.end()) types.push_back(r.type);
    const auto& named = s.plan.fire_circle.incident_types;
    for (std::size_t k = 0; k < named.size(); ++k) {
      if (std::find(types.begin(), types.end(), named[k]) != types.end()) continue;
      const std::string path = where_.count(item_path("plan.fire_circle.incident_types", k))
                                   ? item_path("plan.fire_circle.incident_types", k)
                                   : "plan.fire_circle.incident_types";
      warning_at(path, "an incident type with rules under plan.responses (" + joined(types) + ")", quote_text(named[k]),
                 "no incident of this type happens, so it adds nothing to the fire circle");
    }
  }

  // Times within the run.
  if (horizon_ok_ && s.warmup_s >= s.horizon_s && where_.count("warmup")) {
    error_at("warmup", "a warm-up shorter than the horizon (" + format_duration(s.horizon_s) + ")",
             format_duration(s.warmup_s));
  }
  for (std::size_t i = 0; i < s.incidents.size() && horizon_ok_; ++i) {
    if (s.incidents[i].time_s < s.horizon_s) continue;
    error_at(item_path("incident_list", i) + ".time", "a time before the horizon (" + format_duration(s.horizon_s) + ")",
             format_duration(s.incidents[i].time_s));
  }

  if (s.generators.empty() && s.incidents.empty() && !s.warning && !misspelled_.count("incidents") &&
      !misspelled_.count("incident_list")) {
    report(Severity::warning, "incidents", {}, "incident generators (incidents) or an incident_list", "neither", {},
           "nothing will happen");
  }
}

// ------------------------------------------------------------ the whole file

ScenarioReading Reader::read(const std::string& text) {
  ScenarioReading out;
  Scenario& s = out.scenario;
  s.source_text = text;
  {
    const std::string stem = std::filesystem::path(file_).stem().string();
    s.name = stem.empty() ? "scenario" : stem;
  }

  // The first document, and where a second one starts if there is one.
  // YAML::LoadAll is not used: in yaml-cpp 0.7 it can loop forever on some
  // malformed streams (a stray ',' at the top level), asking for one more
  // document each time without consuming anything.
  YAML::Node document;
  std::optional<Pos> second_document;
  try {
    document = YAML::Load(text);
    std::istringstream in(text);
    YAML::Parser parser(in);
    FirstMark first, second;
    parser.HandleNextDocument(first);
    if (parser.HandleNextDocument(second)) second_document = second.pos;
  } catch (const YAML::ParserException& e) {
    report(Severity::error, "", {e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
                                 e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0},
           "valid YAML", "a syntax error: " + e.msg, {},
           e.msg.find("sequence flow") != std::string::npos ? "a '[' before this point is not closed"
           : e.msg.find("map flow") != std::string::npos    ? "a '{' before this point is not closed"
                                                             : "");
    out.problems = std::move(problems_);
    return out;
  }
  if (!document.IsDefined() || document.IsNull()) {
    report(Severity::error, "", {}, "a scenario: a map with keys " + joined(kTopKeys), "an empty document");
    out.problems = std::move(problems_);
    return out;
  }
  if (second_document) report(Severity::error, "", *second_document, "one YAML document", "a second one");

  const Item root{document, "", mark_pos(document, {1, 1})};
  if (const auto f = fields(root, kTopKeys, "a scenario")) {
    if (const Item* name = get(*f, "name")) {
      if (const auto v = this->text(*name, "a scenario name")) s.name = *v;
    }
    if (const Item* d = get(*f, "description")) {
      if (const auto v = this->text(*d, "a description")) s.description = *v;
    }
    if (const Item* region = get(*f, "region")) read_region(*region, s.region);
    if (const Item* stations = required(*f, root, "stations", "a list of stations")) read_stations(*stations, s);
    if (const Item* teams = required(*f, root, "teams", "a list of teams")) {
      const std::size_t before = problems_.size();
      read_teams(*teams, s);
      teams_clean_ = problems_.size() == before;
    } else {
      teams_clean_ = false;
    }
    if (const Item* g = get(*f, "incidents")) read_generators(*g, s);
    if (const Item* list = get(*f, "incident_list")) read_incident_list(*list, s);
    if (const Item* closures = get(*f, "road_closures")) read_road_closures(*closures, s);
    if (const Item* outages = get(*f, "outages")) read_outages(*outages, s);
    if (const Item* plan = get(*f, "plan")) read_plan(*plan, s.plan);
    if (const Item* warning = get(*f, "warning")) read_warning(*warning, s);
    if (const Item* h = get(*f, "horizon")) {
      if (const auto v = duration(*h, true)) s.horizon_s = *v;
      else horizon_ok_ = false;
    }
    if (const Item* w = get(*f, "warmup")) {
      if (const auto v = duration(*w)) s.warmup_s = *v;
    }
    if (const Item* date = get(*f, "start_date")) read_start_date(*date, s);
    if (const Item* r = get(*f, "replications")) {
      if (const auto v = integer(*r, 1, 10'000'000, "a number of replications (an integer >= 1)"))
        s.replications = static_cast<int>(*v);
    }
    if (const Item* seed = get(*f, "seed")) {
      std::uint64_t v = 0;
      const std::string& t = seed->node.IsScalar() ? seed->node.Scalar() : std::string();
      const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || ec != std::errc() || end != t.data() + t.size()) {
        error(*seed, "a seed (an integer from 0 to 18446744073709551615)", found_text(seed->node));
      } else {
        s.seed = v;
      }
    }
    if (stations_read_ && s.stations.empty()) error(*get(*f, "stations"), "at least one station", "an empty list");
    if (const Item* teams = get(*f, "teams"); teams != nullptr && teams->node.IsSequence() && s.teams.empty())
      error(*teams, "at least one team", "an empty list");
    check_references(s);
    if (const Item* flood = get(*f, "flood")) {
      // The flood section refers to the plan and the teams, so it is read last.
      std::map<std::string, std::pair<std::size_t, std::size_t>> at;
      at.emplace("flood", std::make_pair(flood->pos.line, flood->pos.column));
      s.flood = read_flood_section(flood->node, file_, s, problems_, at);
      for (const auto& [path, pos] : at) where_.emplace(path, Pos{pos.first, pos.second});
    }
  }

  finish_problems();
  out.problems = std::move(problems_);
  return out;
}

void Reader::finish_problems() {
  // A mistake inside an anchored map that is merged or aliased in several
  // places is one mistake: report it once, under the first path that reached it.
  std::set<std::tuple<std::size_t, std::size_t, std::string, std::string, std::string>> seen;
  problems_.erase(std::remove_if(problems_.begin(), problems_.end(),
                                 [&](const ScenarioProblem& p) {
                                   const std::string path = p.line > 0 ? std::string() : p.key;
                                   return !seen.emplace(p.line, p.column, path, p.expected, p.found).second;
                                 }),
                  problems_.end());
  std::stable_sort(problems_.begin(), problems_.end(), [](const ScenarioProblem& a, const ScenarioProblem& b) {
    // Known positions first, in reading order; unknown ones keep their order at the end.
    const auto key = [](const ScenarioProblem& p) {
      return std::make_pair(p.line == 0 ? std::numeric_limits<std::size_t>::max() : p.line, p.column);
    };
    return key(a) < key(b);
  });
}

ScenarioReading read_guarded(const std::string& text, const std::string& source_name, Reader& reader) {
  try {
    return reader.read(text);
  } catch (const YAML::Exception& e) {
    // The reader asks yaml-cpp only what a node can answer; this is a last guard
    // so that a malformed file is always a problem, never a crash.
    ScenarioReading out;
    out.scenario.source_text = text;
    out.problems.push_back({Severity::error, source_name, 0, 0, "", "a scenario yaml-cpp can read",
                            quote_text(e.what()), "", ""});
    return out;
  }
}

std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, 0, "", "a scenario file", "a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "a readable scenario file", std::string("an error: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Resolves the region's relative paths against the scenario's folder and checks they exist.
void resolve_region_paths(const std::string& scenario_path, ScenarioReading& reading, const Reader& reader) {
  const std::filesystem::path folder = std::filesystem::path(scenario_path).parent_path();
  const auto resolve = [&](std::string& file, const char* key) {
    if (file.empty()) return;
    std::filesystem::path p(file);
    if (p.is_relative()) p = folder / p;
    file = p.lexically_normal().string();
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return;
    const auto it = reader.positions().find(key);
    const Pos pos = it != reader.positions().end() ? it->second : Pos{};
    reading.problems.push_back({Severity::error, scenario_path, pos.line, pos.column, key, "an existing file",
                                quote_text(file), "", "relative paths start from the scenario's folder"});
  };
  resolve(reading.scenario.region.network_path, "region.network");
  resolve(reading.scenario.region.zones_path, "region.zones");
  if (reading.scenario.flood) resolve(reading.scenario.flood->dem_path, "flood.dem");
}

}  // namespace

bool ScenarioReading::ok() const {
  return std::none_of(problems.begin(), problems.end(), [](const ScenarioProblem& p) { return p.is_error(); });
}

ScenarioReading read_scenario_text(const std::string& text, const std::string& source_name) {
  Reader reader(source_name);
  return read_guarded(text, source_name, reader);
}

std::vector<ScenarioProblem> check_scenario_text(const std::string& text, const std::string& source_name) {
  return read_scenario_text(text, source_name).problems;
}

Scenario parse_scenario(const std::string& text, const std::string& source_name) {
  ScenarioReading reading = read_scenario_text(text, source_name);
  if (!reading.ok()) throw ScenarioError(std::move(reading.problems));
  return std::move(reading.scenario);
}

namespace {

ScenarioReading read_file_checked(const std::string& path) {
  const std::string text = read_text_file(path);
  Reader reader(path);
  ScenarioReading reading = read_guarded(text, path, reader);
  reading.scenario.source_path = path;
  if (reading.ok()) resolve_region_paths(path, reading, reader);
  return reading;
}

}  // namespace

ScenarioReading try_read_scenario_file(const std::string& path) {
  try {
    return read_file_checked(path);
  } catch (const InputError& e) {
    ScenarioReading out;
    out.scenario.source_path = path;
    out.problems.push_back({Severity::error, e.file(), 0, 0, e.key(), e.expected(), e.found(), "", ""});
    return out;
  }
}

std::vector<ScenarioProblem> check_scenario_file(const std::string& path) { return try_read_scenario_file(path).problems; }

Scenario read_scenario_file(const std::string& path) {
  ScenarioReading reading = read_file_checked(path);
  if (!reading.ok()) throw ScenarioError(std::move(reading.problems));
  return std::move(reading.scenario);
}

// ------------------------------------------------------------ places, once the region is loaded

std::vector<ScenarioProblem> check_scenario_places(const Scenario& scenario, const KnownPlaces& places) {
  // Positions come from reading the source text again; a scenario built in code has none.
  Reader reader(scenario.source_path.empty() ? std::string() : scenario.source_path);
  if (!scenario.source_text.empty()) (void)read_guarded(scenario.source_text, scenario.source_path, reader);
  const auto& where = reader.positions();
  std::vector<ScenarioProblem> problems;
  const auto add = [&](Severity severity, const std::string& path, std::string expected, std::string found,
                       std::string suggestion = {}, std::string note = {}) {
    const Pos pos = find_position(where, path);
    problems.push_back({severity, scenario.source_path, pos.line, pos.column, path, std::move(expected),
                        std::move(found), std::move(suggestion), std::move(note)});
  };
  const std::set<std::string> zone_set(places.zone_ids.begin(), places.zone_ids.end());
  const auto check_location = [&](const Location& loc, const std::string& path) {
    switch (loc.kind) {
      case Location::Kind::node:
        if (places.has_node && !places.has_node(loc.node_id))
          add(Severity::error, path + ".node", "the id of a node of the road network", std::to_string(loc.node_id));
        break;
      case Location::Kind::zone:
        if (!zone_set.count(loc.zone))
          add(Severity::error, path + ".zone", "the id of a zone of the region (" + joined(places.zone_ids) + ")",
              quote_text(loc.zone), nearest_name(loc.zone, places.zone_ids));
        break;
      case Location::Kind::place:
        if (places.has_place && !places.has_place(loc.place))
          add(Severity::error, path + ".place", "the name of a place of the region", quote_text(loc.place));
        break;
      case Location::Kind::coordinate:
        if (places.covers && !places.covers(loc.lon, loc.lat))
          add(Severity::error, path, "a place inside the region's road network",
              "lon " + number_text(loc.lon) + ", lat " + number_text(loc.lat));
        break;
    }
  };
  for (std::size_t i = 0; i < scenario.stations.size(); ++i)
    check_location(scenario.stations[i].location, item_path("stations", i) + ".location");
  for (std::size_t i = 0; i < scenario.incidents.size(); ++i)
    check_location(scenario.incidents[i].location, item_path("incident_list", i) + ".location");
  if (!places.zone_ids.empty()) {
    for (const auto& [zone, banner] : scenario.region.zone_banner) {
      if (zone_set.count(zone)) continue;
      add(Severity::error, "region.banners." + banner, "the id of a zone of the region (" + joined(places.zone_ids) + ")",
          quote_text(zone), nearest_name(zone, places.zone_ids));
    }
  }
  for (std::size_t i = 0; i < scenario.outages.size(); ++i) {
    const OutageSpec& o = scenario.outages[i];
    if (o.at) check_location(*o.at, item_path("outages", i) + ".at");
    for (std::size_t k = 0; k < o.zones.size() && !places.zone_ids.empty(); ++k) {
      if (zone_set.count(o.zones[k])) continue;
      add(Severity::error, item_path(item_path("outages", i) + ".zones", k),
          "the id of a zone of the region (" + joined(places.zone_ids) + ")", quote_text(o.zones[k]),
          nearest_name(o.zones[k], places.zone_ids));
    }
  }
  for (std::size_t i = 0; i < scenario.road_closures.size(); ++i) {
    const RoadClosureSpec& c = scenario.road_closures[i];
    if (c.at) check_location(*c.at, item_path("road_closures", i) + ".at");
    if (c.from) check_location(*c.from, item_path("road_closures", i) + ".from");
    if (c.to) check_location(*c.to, item_path("road_closures", i) + ".to");
  }
  for (std::size_t i = 0; i < scenario.generators.size(); ++i) {
    const IncidentGeneratorSpec& g = scenario.generators[i];
    const std::string path = item_path("incidents", i);
    for (std::size_t k = 0; k < g.zones.size(); ++k) {
      if (zone_set.count(g.zones[k])) continue;
      add(Severity::error, item_path(path + ".zones", k), "the id of a zone of the region (" + joined(places.zone_ids) + ")",
          quote_text(g.zones[k]), nearest_name(g.zones[k], places.zone_ids));
    }
    if (places.zone_types.size() != places.zone_ids.size()) continue;
    for (std::size_t k = 0; k < g.zone_types.size(); ++k) {
      if (std::find(places.zone_types.begin(), places.zone_types.end(), g.zone_types[k]) != places.zone_types.end())
        continue;
      add(Severity::warning, item_path(path + ".zone_types", k), "a zone type the region has", quote_text(g.zone_types[k]),
          {}, "this generator makes no incidents there");
    }
  }
  if (scenario.warning) {
    // The warning section: populated zones the region has, with roads to live on; shelters and the front's origin.
    const WarningSpec& w = *scenario.warning;
    for (std::size_t i = 0; i < w.population.size(); ++i) {
      const ZonePopulationSpec& p = w.population[i];
      const std::string path = item_path("warning.population", i) + ".zone";
      if (!zone_set.count(p.zone)) {
        add(Severity::error, path, "the id of a zone of the region (" + joined(places.zone_ids) + ")", quote_text(p.zone),
            nearest_name(p.zone, places.zone_ids));
        continue;
      }
      std::int64_t people = 0;
      for (const auto& entry : p.people) people += entry.second;
      if (people > 0 && places.zone_has_roads && !places.zone_has_roads(p.zone))
        add(Severity::error, path, "a zone with road nodes for its people to live at", quote_text(p.zone), {},
            "people where no road runs can be neither reached nor evacuated");
    }
    for (std::size_t i = 0; i < w.shelters.size(); ++i)
      check_location(w.shelters[i].location, item_path("warning.shelters", i) + ".location");
    if (w.front) check_location(w.front->origin, "warning.hazard.front.origin");
  }
  std::stable_sort(problems.begin(), problems.end(), [](const ScenarioProblem& a, const ScenarioProblem& b) {
    return std::make_pair(a.line, a.column) < std::make_pair(b.line, b.column);
  });
  return problems;
}

}  // namespace dsim
