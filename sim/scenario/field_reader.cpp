// SPDX-License-Identifier: MIT
#include "sim/scenario/field_reader.hpp"

#include "sim/network/zones.hpp"
#include "sim/response/response_model.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/quantity.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

namespace dsim::detail {

namespace {

const std::vector<std::string> kLocationKeys = {"lon", "lat", "node", "zone", "place"};
const std::vector<std::string> kDistributionKinds = {"fixed", "exponential", "uniform", "lognormal", "triangular"};

}  // namespace

std::vector<std::string> capability_names() {
  return std::vector<std::string>(std::begin(kCapabilityNames), std::end(kCapabilityNames));
}

std::vector<std::string> zone_type_names() {
  std::vector<std::string> names;
  for (int t = 0; t < kZoneTypeCount; ++t) names.emplace_back(zone_type_name(static_cast<ZoneType>(t)));
  return names;
}

std::vector<std::string> level_names() {
  std::vector<std::string> out;
  for (int i = 0; i < kTeamLevelCount; ++i) out.emplace_back(team_level_name(static_cast<TeamLevel>(i)));
  return out;
}

std::string joined(const std::vector<std::string>& names, std::size_t at_most) {
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

// ------------------------------------------------------------ FieldReader

// ---- reporting
void FieldReader::report(Severity severity, const std::string& path, Pos pos, std::string expected,
                         std::string found, std::string suggestion, std::string note) {
  problems_.push_back({severity, file_, pos.line, pos.column, path, std::move(expected), std::move(found),
                       std::move(suggestion), std::move(note)});
}
void FieldReader::error(const Item& at, std::string expected, std::string found, std::string suggestion,
                        std::string note) {
  report(Severity::error, at.path, at.pos, std::move(expected), std::move(found), std::move(suggestion),
         std::move(note));
}
void FieldReader::error_at(const std::string& path, std::string expected, std::string found,
                           std::string suggestion, std::string note) {
  report(Severity::error, path, position(path), std::move(expected), std::move(found), std::move(suggestion),
         std::move(note));
}
void FieldReader::warning_at(const std::string& path, std::string expected, std::string found, std::string note) {
  report(Severity::warning, path, position(path), std::move(expected), std::move(found), {}, std::move(note));
}

Pos FieldReader::mark_pos(const YAML::Node& n, Pos fallback) {
  // A missing value's null node is marked at the next token: report its key instead.
  if (!n.IsDefined() || n.IsNull()) return fallback;
  const YAML::Mark m = n.Mark();
  if (m.is_null() || m.line < 0 || m.column < 0) return fallback;
  return {static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
}

Item FieldReader::element(const Item& list, std::size_t i, const YAML::Node& n) {
  Item it{n, item_path(list.path, i), mark_pos(n, list.pos)};
  where_.emplace(it.path, it.pos);
  return it;
}

// ---- maps

// The known keys of a map; reports a node that is not a map, unknown keys
// (with the nearest known one) and repeated keys. A YAML merge key
// (`<<: *defaults`, a map or a list of maps) supplies the keys the map
// does not give itself.
std::optional<FieldReader::Fields> FieldReader::fields(const Item& map, const std::vector<std::string>& allowed,
                                                      const std::string& what, std::size_t keys_shown) {
  if (!map.node.IsMap()) {
    error(map, what + " (a map with keys " + joined(allowed, keys_shown) + ")", found_text(map.node));
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
    add_field(out, map.path, it->first, it->second, key_pos, allowed, what, true, keys_shown);
  }
  for (const auto& [source, pos] : merged) {
    for (auto it = source.begin(); it != source.end(); ++it)
      add_field(out, map.path, it->first, it->second, mark_pos(it->first, pos), allowed, what, false,
                keys_shown);
  }
  return out;
}

void FieldReader::add_field(Fields& out, const std::string& parent, const YAML::Node& key_node,
                            const YAML::Node& value_node, Pos key_pos, const std::vector<std::string>& allowed,
                            const std::string& what, bool own, std::size_t keys_shown) {
  if (!key_node.IsScalar()) {
    error({key_node, parent, key_pos}, "a key of " + what, found_text(key_node));
    return;
  }
  const std::string key = key_node.Scalar();
  const std::string path = child_path(parent, key);
  if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
    const std::string hint = nearest_name(key, allowed);
    if (!hint.empty()) misspelled_.insert(child_path(parent, hint));
    report(Severity::error, path, key_pos, "a key of " + what + " (" + joined(allowed, keys_shown) + ")", quote_text(key),
         hint);
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
std::vector<std::pair<std::string, Item>> FieldReader::entries(const Item& map, const std::string& what) {
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

const Item* FieldReader::get(const Fields& f, const char* key) {
  const auto it = f.find(key);
  return it == f.end() ? nullptr : &it->second;
}

// A key that must be there; no message when a misspelled key already pointed at it.
const Item* FieldReader::required(const Fields& f, const Item& parent, const char* key, const std::string& expected) {
  if (const Item* it = get(f, key)) return it;
  const std::string path = child_path(parent.path, key);
  if (!misspelled_.count(path)) report(Severity::error, path, parent.pos, expected, "nothing", {}, "key missing");
  return nullptr;
}

// ---- scalars
std::optional<std::string> FieldReader::text(const Item& it, const std::string& expected) {
  if (!it.node.IsScalar() || it.node.Scalar().empty()) {
    error(it, expected, found_text(it.node));
    return std::nullopt;
  }
  return it.node.Scalar();
}

std::optional<double> FieldReader::number(const Item& it, const std::string& expected) {
  if (it.node.IsScalar()) {
    if (const auto v = parse_number(it.node.Scalar())) return v;
  }
  error(it, expected, found_text(it.node));
  return std::nullopt;
}

std::optional<long long> FieldReader::integer(const Item& it, long long lo, long long hi, const std::string& expected) {
  if (it.node.IsScalar()) {
    const auto v = parse_integer(it.node.Scalar());
    if (v && *v >= lo && *v <= hi) return v;
  }
  error(it, expected, found_text(it.node));
  return std::nullopt;
}

std::optional<bool> FieldReader::boolean(const Item& it) {
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
std::optional<double> FieldReader::duration(const Item& it, bool positive) {
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
std::vector<Item> FieldReader::name_list(const Item& it, const std::string& expected) {
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
bool FieldReader::known_name(const Item& it, const std::vector<std::string>& names, const std::string& what) {
  const std::string& s = it.node.Scalar();
  if (std::find(names.begin(), names.end(), s) != names.end()) return true;
  error(it, what + " (" + joined(names) + ")", quote_text(s), nearest_name(s, names));
  return false;
}

void FieldReader::warning(const Item& at, std::string expected, std::string found, std::string suggestion,
                          std::string note) {
  report(Severity::warning, at.path, at.pos, std::move(expected), std::move(found), std::move(suggestion),
         std::move(note));
}

Item FieldReader::child(const Item& map, const std::string& key, const YAML::Node& n, Pos key_pos) {
  Item it{n, child_path(map.path, key), mark_pos(n, key_pos)};
  where_.emplace(it.path, it.pos);
  return it;
}

std::optional<double> FieldReader::length(const Item& it, const std::string& expected, bool positive) {
  if (it.node.IsScalar()) {
    std::string s = it.node.Scalar();
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (s.size() > 1 && s.back() == 'm') s.pop_back();
    if (const auto v = parse_number(s); v && (positive ? *v > 0.0 : *v >= 0.0)) return v;
  }
  error(it, expected + " (metres: a number, or a number and m)", found_text(it.node));
  return std::nullopt;
}

std::optional<double> FieldReader::share(const Item& it) {
  return number_where(it, "a share from 0 to 1", [](double v) { return v >= 0.0 && v <= 1.0; });
}

std::optional<std::string> FieldReader::one_of(const Item& it, const std::vector<std::string>& names,
                                               const std::string& what) {
  if (!it.node.IsScalar()) {
    error(it, what + " (" + joined(names) + ")", found_text(it.node));
    return std::nullopt;
  }
  if (!known_name(it, names, what)) return std::nullopt;
  return it.node.Scalar();
}

// A moment from the start of the scenario: a clock reading or a duration.
std::optional<double> FieldReader::time_point(const Item& it) {
  const std::string expected = std::string("a time >= 0 from the start: HH:MM[:SS], or a duration (") + kDurationHelp + ")";
  if (const auto clock = it.node.IsScalar() ? parse_clock_s(it.node.Scalar()) : std::nullopt) return clock;
  if (it.node.IsScalar() && it.node.Scalar().find(':') != std::string::npos) {
    error(it, expected, found_text(it.node), {}, "minutes and seconds run from 00 to 59");
    return std::nullopt;
  }
  return duration(it);
}

std::optional<Distribution> FieldReader::distribution(const Item& it) {
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

std::optional<Location> FieldReader::location(const Item& it, bool allow_zone) {
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
std::map<std::string, double> FieldReader::shares(const Item& it, const std::vector<std::string>* names,
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


std::optional<double> quantity(FieldReader& in, const Item& it, const std::string& expected,
                               const std::vector<QuantityUnit>& units, double lo, bool open) {
  std::string help = units.front().name;
  for (std::size_t i = 1; i < units.size(); ++i) help += std::string(", ") + units[i].name;
  const std::string full = expected + " (a number in " + units.front().name + ", or a number and a unit: " + help + ")";
  if (it.node.IsScalar()) {
    std::string s = it.node.Scalar();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::optional<double> v = parse_number(s);
    double factor = 1.0;
    if (!v) {
      for (const QuantityUnit& u : units) {
        const std::string n = u.name;
        if (s.size() > n.size() && s.compare(s.size() - n.size(), n.size(), n) == 0) {
          if (const auto x = parse_number(s.substr(0, s.size() - n.size()))) {
            v = x;
            factor = u.factor;
            break;
          }
        }
      }
    }
    if (v && std::isfinite(*v * factor) && (open ? *v * factor > lo : *v * factor >= lo)) return *v * factor;
  }
  in.error(it, full, found_text(it.node));
  return std::nullopt;
}

}  // namespace dsim::detail
