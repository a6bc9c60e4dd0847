// SPDX-License-Identifier: MIT
// The `fire:` section of a scenario (docs/scenario-format.md, "fire"): the
// ignitions, the landscape and its barriers, the weather, how the teams fight
// it and what it does to villages and roads. Every value is checked here;
// whether the rasters match the region is checked where the region is loaded.
#include "sim/response/fire_spec.hpp"
#include "sim/scenario/section_readers.hpp"

#include "sim/network/raw_network.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/quantity.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>

namespace dsim::detail {

namespace {

const std::vector<std::string> kFireKeys = {"name",        "ignitions", "landscape",       "firebreaks",
                                            "weather",     "suppression", "villages",      "duration",
                                            "step",        "stencil",   "road_closed_for", "closes_classes",
                                            "output_times"};
const std::vector<std::string> kIgnitionKeys = {"at", "time"};
const std::vector<std::string> kLandscapeKeys = {"cell_size",          "extent",           "zone_fuel",
                                                 "outside_fuel",       "fuel_raster",      "raster_classes",
                                                 "dem",                "fuel_models",      "roads_are_barriers",
                                                 "road_width",         "default_road_width", "river_is_barrier"};
const std::vector<std::string> kFirebreakKeys = {"name", "from", "to", "width"};
const std::vector<std::string> kWeatherKeys = {"wind", "from", "temperature", "humidity", "curing"};
const std::vector<std::string> kSuppressionKeys = {"tactic", "report_delay", "calls", "line_rate",
                                                   "max_intensity", "team_max_intensity", "mop_up"};
const std::vector<std::string> kCallKeys = {"after", "type", "severity", "always"};
const std::vector<std::string> kVillageKeys = {"type", "severity", "zone_types", "raise_incidents"};
const std::vector<std::string> kTactics = {"flank", "head"};
const std::vector<std::string> kFuelModelFuels = {"shrub", "forest"};
constexpr int kMinExtentCells = 5;  // a landscape narrower than this many cells cannot show a fire's shape

const std::vector<QuantityUnit> kLength = {{"m", 1.0}, {"km", 1000.0}};
const std::vector<QuantityUnit> kSpeed = {{"m/s", 1.0}, {"km/h", 1.0 / 3.6}};
const std::vector<QuantityUnit> kPercent = {{"%", 1.0}};
const std::vector<QuantityUnit> kDegrees = {{"deg", 1.0}, {"\xc2\xb0", 1.0}};
const std::vector<QuantityUnit> kIntensity = {{"kW/m", 1.0}, {"MW/m", 1000.0}};
const std::vector<QuantityUnit> kLineRate = {{"m/h", 1.0}};

std::vector<std::string> fuel_names() { return {std::begin(kFuelTypeNames), std::end(kFuelTypeNames)}; }

std::vector<std::string> road_class_names() {
  std::vector<std::string> names;
  for (int c = 0; c < kRoadClassCount; ++c) names.emplace_back(road_class_name(static_cast<RoadClass>(c)));
  return names;
}

// A scalar naming a fuel type.
std::optional<std::string> fuel(FieldReader& in, const Item& it) {
  return in.one_of(it, fuel_names(), "a fuel type");
}

// A map key, reported at its entry, that must be one of `names`.
bool known_key(FieldReader& in, const std::string& key, const Item& value, const std::vector<std::string>& names,
               const std::string& what) {
  return in.known_name(Item{YAML::Node(key), value.path, value.pos}, names, what);
}

// A quantity from lo to hi (both included).
std::optional<double> within(FieldReader& in, const Item& it, const std::string& expected,
                             const std::vector<QuantityUnit>& units, double lo, double hi) {
  const auto v = quantity(in, it, expected, units, lo, false);
  if (v && *v > hi) {
    in.error(it, expected, found_text(it.node));
    return std::nullopt;
  }
  return v;
}

// An air temperature in degrees Celsius: a number, or a number and C (or °C), or K.
std::optional<double> temperature_c(FieldReader& in, const Item& it) {
  const std::string expected = "an air temperature from -50 to 60 C (a number in C, or a number and C or K)";
  if (it.node.IsScalar()) {
    std::string s = it.node.Scalar();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::optional<double> c = parse_number(s);
    if (!c && s.size() > 1 && (s.back() == 'C' || s.back() == 'K')) {
      const bool kelvin = s.back() == 'K';
      s.pop_back();
      if (s.ends_with("\xc2\xb0")) s.resize(s.size() - 2);
      if (const auto v = parse_number(s)) c = kelvin ? *v - 273.15 : *v;
    }
    if (c && *c >= -50.0 && *c <= 60.0) return c;
  }
  in.error(it, expected, found_text(it.node));
  return std::nullopt;
}

std::optional<double> wind_mps(FieldReader& in, const Item& it) {
  return quantity(in, it, "a wind speed >= 0 at 10 m", kSpeed, 0.0, false);
}
std::optional<double> from_deg(FieldReader& in, const Item& it) {
  return within(in, it, "the direction the wind blows from, degrees 0 to 360 (315: from the north-west)", kDegrees, 0.0,
                360.0);
}
std::optional<double> humidity(FieldReader& in, const Item& it) {
  return within(in, it, "a relative humidity from 0 to 100 %", kPercent, 0.0, 100.0);
}
std::optional<double> curing(FieldReader& in, const Item& it) {
  return within(in, it, "a degree of grass curing from 0 to 100 %", kPercent, 0.0, 100.0);
}

// A point: a location that is not a zone.
std::optional<Location> point(FieldReader& in, const Item& it) {
  auto loc = in.location(it, true);
  if (loc && loc->kind == Location::Kind::zone) {
    in.error(it, "a point: {lon: X, lat: Y}, {node: ID} or {place: NAME}", "a zone", {}, "a firebreak runs between two points");
    return std::nullopt;
  }
  return loc;
}

void read_ignitions(FieldReader& in, const Item& it, FireSpec& spec, double horizon_s) {
  if (!it.node.IsSequence() || it.node.size() == 0) {
    in.error(it, "a list of ignitions, at least one: [{at: LOCATION, time: TIME}, ...]",
             it.node.IsSequence() ? "an empty list" : found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kIgnitionKeys, "an ignition");
    if (!f) continue;
    IgnitionSpec ig;
    bool ok = true;
    if (const Item* at = in.required(*f, e, "at", "where the fire starts (a location)")) {
      if (const auto loc = in.location(*at, true)) ig.at = *loc;
      else ok = false;
    } else {
      ok = false;
    }
    if (const Item* t = in.get(*f, "time")) {
      if (const auto v = in.time_point(*t)) {
        ig.time_s = *v;
        if (*v >= horizon_s) {
          in.error(*t, "a time before the horizon (" + format_duration(horizon_s) + ")", found_text(t->node));
          ok = false;
        }
      } else {
        ok = false;
      }
    }
    if (ok) spec.ignitions.push_back(ig);
  }
}

// Fuel types by zone type: the map given overrides the defaults it names.
void read_zone_fuel(FieldReader& in, const Item& it, FireLandscapeSpec& l) {
  const std::vector<std::string> types = zone_type_names();
  for (const auto& [type, value] : in.entries(it, "a map from zone type to fuel type")) {
    const bool known = known_key(in, type, value, types, "a zone type");
    if (const auto v = fuel(in, value); v && known) l.zone_fuel[type] = *v;
  }
}

void read_raster_classes(FieldReader& in, const Item& it, FireLandscapeSpec& l) {
  for (const auto& [code, value] : in.entries(it, "a map from class code (an integer) to fuel type")) {
    const auto c = parse_integer(code);
    const bool code_ok = c && *c >= 0 && *c <= 65535;
    if (!code_ok) in.error(value, "a class code of the raster (an integer 0 to 65535) as key", quote_text(code));
    if (const auto v = fuel(in, value); v && code_ok) l.raster_classes[static_cast<int>(*c)] = *v;
  }
}

void read_fuel_models(FieldReader& in, const Item& it, FireLandscapeSpec& l) {
  for (const auto& [type, value] : in.entries(it, "a map {shrub: N, forest: N} of Anderson fuel models")) {
    const bool known = known_key(in, type, value, kFuelModelFuels, "a fuel burned by Rothermel's model");
    const auto n = in.integer(value, 1, 13, "an Anderson (1982) fuel model, an integer 1 to 13");
    if (known && n) l.fuel_models[type] = static_cast<int>(*n);
  }
}

void read_road_width(FieldReader& in, const Item& it, FireLandscapeSpec& l) {
  const std::vector<std::string> classes = road_class_names();
  for (const auto& [cls, value] : in.entries(it, "a map from road class to width")) {
    const bool known = known_key(in, cls, value, classes, "a road class");
    if (const auto w = quantity(in, value, "a road width >= 0", kLength, 0.0, false); w && known) l.road_width_m[cls] = *w;
  }
}

// A file name; the path is resolved against the scenario's folder once read (scenario_reader.cpp).
void read_path(FieldReader& in, const Item& it, std::string& out, const std::string& what) {
  if (const auto v = in.text(it, what)) out = *v;
}

void read_landscape(FieldReader& in, const Item& it, FireLandscapeSpec& l) {
  const auto f = in.fields(it, kLandscapeKeys, "the landscape", kLandscapeKeys.size());
  if (!f) return;
  const Item* cell = in.get(*f, "cell_size");
  if (cell) l.cell_size_m = quantity(in, *cell, "a cell size > 0", kLength, 0.0, true).value_or(l.cell_size_m);
  if (const Item* e = in.get(*f, "extent")) {
    if (const auto v = quantity(in, *e, "the side of the square modelled > 0", kLength, 0.0, true)) {
      if (*v < kMinExtentCells * l.cell_size_m)
        in.error(*e, "an extent of at least " + std::to_string(kMinExtentCells) + " cells (" +
                         number_text(kMinExtentCells * l.cell_size_m) + " m at cell_size " + number_text(l.cell_size_m) + " m)",
                 found_text(e->node));
      else l.extent_m = *v;
    }
  } else if (cell && kMinExtentCells * l.cell_size_m > l.extent_m) {
    in.error(*cell, "a cell size at most a fifth of the extent (" + number_text(l.extent_m) + " m)", found_text(cell->node));
  }
  if (const Item* z = in.get(*f, "zone_fuel")) read_zone_fuel(in, *z, l);
  if (const Item* o = in.get(*f, "outside_fuel")) l.outside_fuel = fuel(in, *o).value_or(l.outside_fuel);
  const Item* raster = in.get(*f, "fuel_raster");
  if (raster) read_path(in, *raster, l.fuel_raster, "a raster of fuel class codes (a GeoTIFF or any file GDAL opens)");
  const Item* classes = in.get(*f, "raster_classes");
  if (classes) read_raster_classes(in, *classes, l);
  if (raster && !classes)
    in.error(*raster, "raster_classes beside fuel_raster: the fuel type of each class code", "nothing", {}, "key missing");
  if (classes && !raster)
    in.warning(*classes, "a fuel_raster the class codes apply to", "none", {},
               "without fuel_raster the fuel comes from the zones and raster_classes is not used");
  if (const Item* d = in.get(*f, "dem")) read_path(in, *d, l.dem, "a raster of heights in m (a GeoTIFF or any file GDAL opens)");
  if (const Item* m = in.get(*f, "fuel_models")) read_fuel_models(in, *m, l);
  if (const Item* b = in.get(*f, "roads_are_barriers")) l.roads_are_barriers = in.boolean(*b).value_or(l.roads_are_barriers);
  if (const Item* w = in.get(*f, "road_width")) read_road_width(in, *w, l);
  if (const Item* w = in.get(*f, "default_road_width"))
    l.default_road_width_m = quantity(in, *w, "a road width >= 0", kLength, 0.0, false).value_or(l.default_road_width_m);
  if (const Item* r = in.get(*f, "river_is_barrier")) l.river_is_barrier = in.boolean(*r).value_or(l.river_is_barrier);
}

void read_firebreaks(FieldReader& in, const Item& it, FireSpec& spec) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of firebreaks: [{name, from: LOCATION, to: LOCATION, width}, ...]", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kFirebreakKeys, "a firebreak");
    if (!f) continue;
    FirebreakSpec b;
    b.name = "firebreak " + std::to_string(i + 1);
    bool ok = true;
    if (const Item* n = in.get(*f, "name")) b.name = in.text(*n, "a name").value_or(b.name);
    for (const auto& [key, out] : {std::pair{"from", &b.from}, std::pair{"to", &b.to}}) {
      if (const Item* p = in.required(*f, e, key, std::string("where it ") + (out == &b.from ? "starts" : "ends") + " (a point)")) {
        if (const auto loc = point(in, *p)) *out = *loc;
        else ok = false;
      } else {
        ok = false;
      }
    }
    if (const Item* w = in.get(*f, "width")) {
      if (const auto v = quantity(in, *w, "a width > 0", kLength, 0.0, true)) b.width_m = *v;
      else ok = false;
    }
    if (ok) spec.firebreaks.push_back(std::move(b));
  }
}

// Constant values {wind, from, temperature, humidity, curing}, or samples
// [[time, wind, from, temperature, humidity, curing], ...] in order of time.
void read_weather(FieldReader& in, const Item& it, FireWeatherSpec& w) {
  if (it.node.IsMap()) {
    const auto f = in.fields(it, kWeatherKeys, "the weather");
    if (!f) return;
    const auto set = [&](const char* key, std::vector<double>& out, auto read) {
      if (const Item* x = in.get(*f, key))
        if (const auto v = read(in, *x)) out = {*v};
    };
    set("wind", w.wind_mps, wind_mps);
    set("from", w.from_deg, from_deg);
    set("temperature", w.temperature_c, temperature_c);
    set("humidity", w.humidity_percent, humidity);
    set("curing", w.curing_percent, curing);
    return;
  }
  const std::string forms =
      "constant values {wind, from, temperature, humidity, curing}, or samples "
      "[[time, wind, from, temperature, humidity, curing], ...]";
  if (!it.node.IsSequence() || it.node.size() == 0) {
    in.error(it, forms, it.node.IsSequence() ? "an empty list" : found_text(it.node));
    return;
  }
  FireWeatherSpec out;
  out.times_s.clear();
  out.wind_mps.clear();
  out.from_deg.clear();
  out.temperature_c.clear();
  out.humidity_percent.clear();
  out.curing_percent.clear();
  bool ok = true;
  std::optional<double> last_time;  // of the last sample with a time read, in order or not
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item row = in.element(it, i, it.node[i]);
    if (!row.node.IsSequence() || row.node.size() != 6) {
      in.error(row, "a sample [time, wind, from, temperature, humidity, curing]", found_text(row.node));
      ok = false;
      continue;
    }
    const auto at = [&](std::size_t k) { return in.element(row, k, row.node[k]); };
    const Item ti = at(0);
    const auto t = in.time_point(ti);
    if (t && last_time && *t <= *last_time) {
      in.error(ti, "a time after the previous sample's (" + format_duration(*last_time) + ")", found_text(ti.node), {},
               "wind series out of order: the weather samples must be in order of time");
      ok = false;
    }
    if (t) last_time = t;
    const auto u = wind_mps(in, at(1));
    const auto d = from_deg(in, at(2));
    const auto c = temperature_c(in, at(3));
    const auto h = humidity(in, at(4));
    const auto k = curing(in, at(5));
    if (!t || !u || !d || !c || !h || !k || !ok) {
      ok = false;
      continue;
    }
    out.times_s.push_back(*t);
    out.wind_mps.push_back(*u);
    out.from_deg.push_back(*d);
    out.temperature_c.push_back(*c);
    out.humidity_percent.push_back(*h);
    out.curing_percent.push_back(*k);
  }
  if (ok) w = std::move(out);
}

void read_calls(FieldReader& in, const Item& it, FireSuppressionSpec& sup, const Scenario& scenario) {
  sup.calls.clear();
  if (!it.node.IsSequence()) {
    in.error(it, "a list of calls: [{after, type, severity, always}, ...] (or [] for none)", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kCallKeys, "a call for teams");
    if (!f) continue;
    FireCallSpec call;
    if (const Item* a = in.get(*f, "after")) call.after_s = in.duration(*a).value_or(0.0);
    read_raised_incident(in, *f, e, scenario, call.type, call.severity);
    if (const Item* a = in.get(*f, "always")) call.always = in.boolean(*a).value_or(false);
    sup.calls.push_back(std::move(call));
  }
}

void read_team_limits(FieldReader& in, const Item& it, FireSuppressionSpec& sup, const Scenario& scenario) {
  for (const auto& [team, value] : in.entries(it, "a map from team id to the fireline intensity it can hold")) {
    const bool known = read_team_id(in, Item{YAML::Node(team), value.path, value.pos}, scenario).has_value();
    const auto v = quantity(in, value, "a fireline intensity > 0", kIntensity, 0.0, true);
    if (known && v) sup.team_max_intensity_kw_m[team] = *v;
  }
}

void read_suppression(FieldReader& in, const Item& it, FireSuppressionSpec& sup, const Scenario& scenario,
                      bool& calls_given) {
  const auto f = in.fields(it, kSuppressionKeys, "how the teams fight the fire");
  if (!f) return;
  if (const Item* t = in.get(*f, "tactic")) {
    if (const auto v = in.one_of(*t, kTactics, "a tactic"))
      sup.tactic = *v == "head" ? FireSuppressionSpec::Tactic::head : FireSuppressionSpec::Tactic::flank;
  }
  if (const Item* d = in.get(*f, "report_delay")) sup.report_delay_s = in.duration(*d).value_or(sup.report_delay_s);
  if (const Item* c = in.get(*f, "calls")) {
    calls_given = true;
    read_calls(in, *c, sup, scenario);
  }
  if (const Item* r = in.get(*f, "line_rate")) {
    const std::vector<std::string> fuels = fuel_names();
    for (const auto& [type, value] : in.entries(*r, "a map from fuel type to metres of line per person-hour")) {
      const bool known = known_key(in, type, value, fuels, "a fuel type");
      const auto v = quantity(in, value, "metres of line per person-hour >= 0", kLineRate, 0.0, false);
      if (known && v) sup.line_rate_m_per_person_h[type] = *v;
    }
  }
  if (const Item* m = in.get(*f, "max_intensity"))
    sup.max_intensity_kw_m =
        quantity(in, *m, "a fireline intensity > 0", kIntensity, 0.0, true).value_or(sup.max_intensity_kw_m);
  if (const Item* t = in.get(*f, "team_max_intensity")) read_team_limits(in, *t, sup, scenario);
  if (const Item* m = in.get(*f, "mop_up")) sup.mop_up_s = in.duration(*m).value_or(sup.mop_up_s);
}

void read_villages(FieldReader& in, const Item& it, FireVillageSpec& v, const Scenario& scenario) {
  const auto f = in.fields(it, kVillageKeys, "what the fire does at villages");
  if (!f) return;
  if (const Item* r = in.get(*f, "raise_incidents")) v.raise_incidents = in.boolean(*r).value_or(v.raise_incidents);
  if (v.raise_incidents) read_raised_incident(in, *f, it, scenario, v.type, v.severity);
  if (const Item* z = in.get(*f, "zone_types")) {
    v.zone_types.clear();
    const std::vector<std::string> types = zone_type_names();
    for (const Item& n : in.name_list(*z, "zone types whose edge counts as a village's"))
      if (const auto t = in.one_of(n, types, "a zone type")) v.zone_types.push_back(*t);
  }
}

// An incident type left at its default still needs a rule in the plan.
void check_default_incident(FieldReader& in, const Item& at, const Scenario& scenario, const std::string& type,
                            std::string& severity, const std::string& key, const std::string& way_out) {
  std::vector<std::string> types;
  for (const ResponseRuleSpec& rule : scenario.plan.rules) {
    if (rule.type == type && severity.empty()) severity = rule.severity;
    if (std::find(types.begin(), types.end(), rule.type) == types.end()) types.push_back(rule.type);
  }
  if (severity.empty())
    in.error(at, "a rule in plan.responses for " + type + " (the default of " + key + ")",
             "rules for " + (types.empty() ? std::string("nothing") : joined(types)), {}, way_out);
}

}  // namespace

std::shared_ptr<const FireSpec> read_fire(FieldReader& in, const Item& it, const Scenario& scenario) {
  const auto f = in.fields(it, kFireKeys, "the fire section", kFireKeys.size());
  if (!f) return nullptr;
  auto spec = std::make_shared<FireSpec>();
  if (const Item* n = in.get(*f, "name")) spec->name = in.text(*n, "a name").value_or(spec->name);
  if (const Item* i = in.required(*f, it, "ignitions", "a list of ignitions, at least one: [{at: LOCATION, time: TIME}]"))
    read_ignitions(in, *i, *spec, scenario.horizon_s);
  if (const Item* l = in.get(*f, "landscape")) read_landscape(in, *l, spec->landscape);
  if (const Item* b = in.get(*f, "firebreaks")) read_firebreaks(in, *b, *spec);
  if (const Item* w = in.get(*f, "weather")) read_weather(in, *w, spec->weather);
  bool calls_given = false;
  const Item* sup = in.get(*f, "suppression");
  if (sup) read_suppression(in, *sup, spec->suppression, scenario, calls_given);
  if (!calls_given)
    check_default_incident(in, sup ? *sup : it, scenario, spec->suppression.calls.front().type,
                           spec->suppression.calls.front().severity, "fire.suppression.calls",
                           "add the rule, or name the calls' type under suppression.calls (calls: [] for none)");
  const Item* villages = in.get(*f, "villages");
  if (villages) read_villages(in, *villages, spec->villages, scenario);
  else
    check_default_incident(in, it, scenario, spec->villages.type, spec->villages.severity, "fire.villages.type",
                           "add the rule, or give villages: {type: ...} or villages: {raise_incidents: false}");

  if (const Item* d = in.get(*f, "duration")) spec->duration_s = in.duration(*d, true).value_or(spec->duration_s);
  if (const Item* s = in.get(*f, "step")) spec->step_s = in.duration(*s, true).value_or(spec->step_s);
  if (const Item* s = in.get(*f, "stencil")) {
    const char* expected = "8, 16, 32, 48 or 80 (neighbours a cell's fire reaches directly)";
    const auto v = in.integer(*s, 8, 80, expected);
    if (v && *v != 8 && *v != 16 && *v != 32 && *v != 48 && *v != 80)
      in.error(*s, expected, found_text(s->node));
    else if (v)
      spec->stencil = static_cast<int>(*v);
  }
  if (const Item* r = in.get(*f, "road_closed_for"))
    spec->road_closed_for_s = in.duration(*r, true).value_or(spec->road_closed_for_s);
  if (const Item* c = in.get(*f, "closes_classes")) {
    const std::vector<std::string> classes = team_vehicle_classes(scenario, true);
    for (const Item& n : in.name_list(*c, "vehicle classes the fire's road closures apply to"))
      if (const auto v = in.one_of(n, classes, "a vehicle class of the teams")) spec->closes_classes.push_back(*v);
  }
  if (const Item* o = in.get(*f, "output_times")) {
    if (!o->node.IsSequence()) {
      in.error(*o, "a list of durations after the first ignition: [1 h, 2 h, 4 h]", found_text(o->node));
    } else {
      for (std::size_t i = 0; i < o->node.size(); ++i) {
        const Item e = in.element(*o, i, o->node[i]);
        const auto t = in.duration(e, true);  // after the first ignition (sim/run/scenario_fire adds it)
        if (!t) continue;
        if (!spec->output_times_s.empty() && *t <= spec->output_times_s.back()) {
          in.error(e, "a time after the previous one (" + format_duration(spec->output_times_s.back()) + ")",
                   found_text(e.node), {}, "output times must increase strictly");
          continue;
        }
        if (*t > spec->duration_s)
          in.warning(e, "a time within the fire's duration (" + format_duration(spec->duration_s) + ")",
                     found_text(e.node), {}, "no perimeter is drawn after the fire stops being modelled");
        spec->output_times_s.push_back(*t);
      }
    }
  }

  // Nobody builds line without the wildland capability.
  if (!spec->suppression.calls.empty()) {
    const bool wildland = std::any_of(scenario.teams.begin(), scenario.teams.end(), [](const TeamSpec& t) {
      return std::find(t.capabilities.begin(), t.capabilities.end(), "wildland") != t.capabilities.end();
    });
    if (!wildland)
      in.warning(sup ? *sup : it, "a team with the wildland capability to build fireline", "none", {},
                 "the teams called come, but nobody builds line: the fire spreads as if unfought");
  }
  return spec;
}

}  // namespace dsim::detail
