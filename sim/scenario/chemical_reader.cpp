// SPDX-License-Identifier: MIT
// The chemical section: the chemicals, the releases, the weather, the threat
// zones and what they do to roads, people and the warning.
#include "sim/scenario/section_readers.hpp"

#include "sim/hazards/building_air.hpp"
#include "sim/response/chemical_spec.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/quantity.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>

namespace dsim::detail {

namespace {

const std::vector<std::string> kChemicalKeys = {
    "chemicals",     "releases",        "weather",        "zone_duration", "output_interval", "road_interval", "frame_interval",
    "cell_size",     "duration",        "max_distance",   "puff_interval", "receptor_height", "exposure",
    "closes_roads",  "protective_action", "casualties"};
const std::vector<std::string> kReleaseKeys = {"name",   "chemical", "at",     "start", "height",
                                               "continuous", "instantaneous", "series", "pool", "leak"};
const std::vector<std::string> kSourceKinds = {"continuous", "instantaneous", "series", "pool", "leak"};
const std::vector<std::string> kWeatherKeys = {"wind", "stability", "cloud_cover", "mixing_height", "reference_height"};
const std::vector<std::string> kUserChemicalKeys = {"id", "name", "molar_mass", "aegl", "ten_berge_n", "dense"};
const std::vector<std::string> kExposureKeys = {"outdoor_share", "air_changes"};
const std::vector<std::string> kRoadKeys = {"level", "open_to"};
const std::vector<std::string> kActionKeys = {"default", "evacuate_if_arrival_after", "level", "zones"};
const std::vector<std::string> kActions = {"shelter", "evacuate"};
const std::vector<std::string> kCasualtyKeys = {"type", "severity", "per_person"};
const std::vector<std::string> kStabilities = {"A", "B", "C", "D", "E", "F", "turner"};
const std::vector<std::string> kLevels = {"1", "2", "3"};

using Unit = QuantityUnit;

const std::vector<Unit> kRate = {{"kg/s", 1.0}, {"g/s", 1e-3}, {"kg/min", 1.0 / 60.0}, {"t/h", 1000.0 / 3600.0}};
const std::vector<Unit> kMass = {{"kg", 1.0}, {"t", 1000.0}, {"g", 1e-3}};
const std::vector<Unit> kArea = {{"m2", 1.0}, {"ha", 1e4}};
const std::vector<Unit> kLength = {{"m", 1.0}, {"cm", 0.01}, {"mm", 0.001}, {"km", 1000.0}};
const std::vector<Unit> kSpeed = {{"m/s", 1.0}, {"km/h", 1.0 / 3.6}};
const std::vector<Unit> kPressure = {{"Pa", 1.0}, {"kPa", 1e3}, {"MPa", 1e6}, {"bar", 1e5}};
const std::vector<Unit> kMolar = {{"g/mol", 1.0}};
const std::vector<Unit> kPerHour = {{"/h", 1.0}};

// A temperature: K, or a number and C (Celsius) or K.
std::optional<double> temperature(FieldReader& in, const Item& it) {
  const std::string expected = "a temperature (a number in K, or a number and C or K)";
  if (it.node.IsScalar()) {
    std::string s = it.node.Scalar();
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (const auto v = parse_number(s); v && *v > 0.0) return v;
    if (s.size() > 1 && (s.back() == 'C' || s.back() == 'K')) {
      const bool celsius = s.back() == 'C';
      s.pop_back();
      if (!s.empty() && s.back() == '\xb0') s.pop_back();
      if (const auto v = parse_number(s)) {
        const double k = celsius ? *v + 273.15 : *v;
        if (k > 0.0) return k;
      }
    }
  }
  in.error(it, expected, found_text(it.node));
  return std::nullopt;
}

std::optional<double> get_quantity(FieldReader& in, const FieldReader::Fields& f, const Item& parent, const char* key,
                                   const std::string& expected, const std::vector<Unit>& units, double lo, bool open) {
  const Item* it = in.required(f, parent, key, expected);
  if (it == nullptr) return std::nullopt;
  return quantity(in, *it, expected, units, lo, open);
}

bool read_source(FieldReader& in, const Item& it, const std::string& kind, ReleaseSourceSpec& src) {
  using K = ReleaseSourceSpec::Kind;
  src.kind = static_cast<K>(std::find(kSourceKinds.begin(), kSourceKinds.end(), kind) - kSourceKinds.begin());
  if (src.kind == K::series) {
    const std::string expected = "a list of [time, rate in kg/s] pairs with increasing times";
    if (!it.node.IsSequence() || it.node.size() == 0) {
      in.error(it, expected, found_text(it.node));
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < it.node.size(); ++i) {
      const Item pair = in.element(it, i, it.node[i]);
      if (!pair.node.IsSequence() || pair.node.size() != 2) {
        in.error(pair, "a pair [time, rate]", found_text(pair.node));
        ok = false;
        continue;
      }
      const Item ti = in.element(pair, 0, pair.node[0]);
      const auto t = in.duration(ti, false);
      const auto r = quantity(in, in.element(pair, 1, pair.node[1]), "a release rate >= 0", kRate, 0.0, false);
      if (!t || !r) {
        ok = false;
        continue;
      }
      if (!src.series_times_s.empty() && *t <= src.series_times_s.back()) {
        in.error(ti, "a time after the previous one (" + format_duration(src.series_times_s.back()) + ")",
                 found_text(ti.node), {}, "times must increase strictly");
        ok = false;
        continue;
      }
      src.series_times_s.push_back(*t);
      src.series_rate_kg_s.push_back(*r);
    }
    if (ok && src.series_rate_kg_s.back() != 0.0) {
      in.error(in.element(it, it.node.size() - 1, it.node[it.node.size() - 1]),
               "a last pair with rate 0 (when the release stops)", "a rate of " + number_text(src.series_rate_kg_s.back()));
      ok = false;
    }
    return ok;
  }
  std::vector<std::string> keys;
  switch (src.kind) {
    case K::continuous: keys = {"rate", "duration"}; break;
    case K::instantaneous: keys = {"mass"}; break;
    case K::pool: keys = {"area", "temperature", "duration"}; break;
    case K::leak: keys = {"hole_diameter", "pressure", "phase", "temperature", "head", "discharge_coefficient", "duration"}; break;
    case K::series: break;
  }
  const auto f = in.fields(it, keys, "a " + kind + " source");
  if (!f) return false;
  bool ok = true;
  const auto need = [&](const std::optional<double>& v, double& out) {
    if (v) out = *v;
    ok = ok && v.has_value();
  };
  const auto duration = [&] {
    const Item* d = in.required(*f, it, "duration", "how long it lasts (a duration)");
    if (d == nullptr) {
      ok = false;
      return;
    }
    need(in.duration(*d, true), src.duration_s);
  };
  switch (src.kind) {
    case K::continuous:
      need(get_quantity(in, *f, it, "rate", "a release rate > 0", kRate, 0.0, true), src.rate_kg_s);
      duration();
      break;
    case K::instantaneous:
      need(get_quantity(in, *f, it, "mass", "a mass released > 0", kMass, 0.0, true), src.mass_kg);
      break;
    case K::pool:
      need(get_quantity(in, *f, it, "area", "a pool area > 0", kArea, 0.0, true), src.pool_area_m2);
      if (const Item* t = in.get(*f, "temperature")) need(temperature(in, *t), src.liquid_temperature_k);
      duration();
      break;
    case K::leak:
      need(get_quantity(in, *f, it, "hole_diameter", "a hole diameter > 0", kLength, 0.0, true), src.hole_diameter_m);
      need(get_quantity(in, *f, it, "pressure", "a pressure > 0 (gas: absolute; liquid: above the atmosphere)", kPressure,
                        0.0, true),
           src.pressure_pa);
      if (const Item* p = in.get(*f, "phase")) {
        if (const auto v = in.one_of(*p, {"gas", "liquid"}, "the phase leaking")) src.gas_phase = *v == "gas";
        else ok = false;
      }
      if (const Item* t = in.get(*f, "temperature")) need(temperature(in, *t), src.liquid_temperature_k);
      if (const Item* h = in.get(*f, "head")) need(quantity(in, *h, "liquid above the hole", kLength, 0.0, false), src.head_m);
      if (const Item* c = in.get(*f, "discharge_coefficient"))
        need(in.number_where(*c, "a discharge coefficient in (0, 1]", [](double v) { return v > 0.0 && v <= 1.0; }),
             src.discharge_coefficient);
      duration();
      break;
    case K::series: break;
  }
  return ok;
}

void read_releases(FieldReader& in, const Item& it, ChemicalSpec& spec) {
  if (!it.node.IsSequence() || it.node.size() == 0) {
    in.error(it, "a list of releases", found_text(it.node));
    return;
  }
  std::vector<std::string> known;
  for (const Chemical& c : chemical_catalogue()) known.push_back(c.id);
  for (const Chemical& c : spec.chemicals) known.push_back(c.id);
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kReleaseKeys, "a release");
    if (!f) continue;
    ReleaseSpec r;
    r.name = "release " + std::to_string(i + 1);
    bool ok = true;
    if (const Item* n = in.get(*f, "name")) {
      if (const auto v = in.text(*n, "a name")) r.name = *v;
    }
    if (const Item* c = in.required(*f, e, "chemical", "a chemical (" + joined(known) + ")")) {
      if (const auto v = in.one_of(*c, known, "a chemical of the catalogue or of chemical.chemicals")) r.chemical = *v;
      else ok = false;
    } else {
      ok = false;
    }
    if (const Item* at = in.required(*f, e, "at", "where it is released (a location)")) {
      if (const auto loc = in.location(*at, true)) r.at = *loc;
      else ok = false;
    } else {
      ok = false;
    }
    if (const Item* s = in.get(*f, "start")) {
      if (const auto v = in.time_point(*s)) r.start_s = *v;
      else ok = false;
    }
    if (const Item* h = in.get(*f, "height")) {
      if (const auto v = quantity(in, *h, "a release height >= 0", kLength, 0.0, false)) r.height_m = *v;
      else ok = false;
    }
    std::vector<const char*> given;
    for (const std::string& k : kSourceKinds)
      if (in.get(*f, k.c_str()) != nullptr) given.push_back(k.c_str());
    if (given.size() != 1) {
      in.error(e, "one source: " + joined(kSourceKinds, kAllNames), given.empty() ? "none" : "several");
      ok = false;
    } else {
      ok = read_source(in, *in.get(*f, given.front()), given.front(), r.source) && ok;
    }
    if (ok) spec.releases.push_back(std::move(r));
  }
}

void read_weather(FieldReader& in, const Item& it, ChemicalSpec& spec) {
  const auto f = in.fields(it, kWeatherKeys, "the weather");
  if (!f) return;
  ChemicalWeatherSpec& w = spec.weather;
  std::optional<Stability> fixed;
  bool turner = false;
  if (const Item* s = in.get(*f, "stability")) {
    if (const auto v = in.one_of(*s, kStabilities, "a Pasquill-Gifford stability class, or turner (from the table)")) {
      if (*v == "turner") turner = true;
      else {
        Stability st{};
        parse_stability(*v, st);
        fixed = st;
      }
    }
  }
  if (const Item* c = in.get(*f, "cloud_cover"))
    w.cloud_oktas = in.number_where(*c, "cloud cover in oktas, 0 to 8", [](double v) { return v >= 0 && v <= 8; }).value_or(4.0);
  if (const Item* m = in.get(*f, "mixing_height"))
    w.mixing_height_m = quantity(in, *m, "a mixing height > 0", kLength, 0.0, true).value_or(1000.0);
  if (const Item* r = in.get(*f, "reference_height"))
    w.reference_height_m = quantity(in, *r, "the height the wind is measured at > 0", kLength, 0.0, true).value_or(10.0);
  const Item* wind = in.get(*f, "wind");
  w.times_s.clear();
  w.speed_mps.clear();
  w.from_deg.clear();
  w.stability.clear();
  const auto sample = [&](const Item& speed, const Item& from, const Item* stab, double t) {
    const auto u = quantity(in, speed, "a wind speed > 0", kSpeed, 0.0, true);
    const auto d = in.number_where(from, "the direction the wind blows from, degrees 0 to 360 (270: from the west)",
                                   [](double v) { return v >= 0 && v <= 360; });
    std::optional<Stability> st = turner ? std::nullopt : fixed;
    if (stab != nullptr) {
      if (const auto v = in.one_of(*stab, kStabilities, "a stability class")) {
        Stability x{};
        if (parse_stability(*v, x)) st = x;
        else st.reset();
      }
    }
    if (!u || !d) return;
    w.times_s.push_back(t);
    w.speed_mps.push_back(*u);
    w.from_deg.push_back(*d);
    w.stability.push_back(st);
  };
  if (wind == nullptr) {
    in.error(it, "wind: {speed: .., from: ..} or [[time, speed, from], ...]", "nothing", {}, "key missing");
    return;
  }
  if (wind->node.IsMap()) {
    const auto wf = in.fields(*wind, {"speed", "from"}, "a steady wind");
    if (!wf) return;
    const Item* sp = in.required(*wf, *wind, "speed", "a wind speed");
    const Item* fr = in.required(*wf, *wind, "from", "a direction the wind blows from");
    if (sp && fr) sample(*sp, *fr, nullptr, 0.0);
  } else if (wind->node.IsSequence() && wind->node.size() > 0) {
    for (std::size_t i = 0; i < wind->node.size(); ++i) {
      const Item s = in.element(*wind, i, wind->node[i]);
      if (!s.node.IsSequence() || s.node.size() < 3 || s.node.size() > 4) {
        in.error(s, "[time, speed, from] or [time, speed, from, stability class]", found_text(s.node));
        continue;
      }
      const Item ti = in.element(s, 0, s.node[0]);
      const auto t = in.time_point(ti);
      if (!t) continue;
      if (!w.times_s.empty() && *t <= w.times_s.back()) {
        in.error(ti, "a time after the previous one (" + format_duration(w.times_s.back()) + ")", found_text(ti.node),
                 {}, "the wind samples must be in order of time");
        continue;
      }
      const Item stab = s.node.size() == 4 ? in.element(s, 3, s.node[3]) : Item{};
      sample(in.element(s, 1, s.node[1]), in.element(s, 2, s.node[2]), s.node.size() == 4 ? &stab : nullptr, *t);
    }
  } else {
    in.error(*wind, "wind: {speed: .., from: ..} or [[time, speed, from], ...]", found_text(wind->node));
  }
}

void read_user_chemicals(FieldReader& in, const Item& it, ChemicalSpec& spec) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of chemicals", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kUserChemicalKeys, "a chemical");
    if (!f) continue;
    Chemical c;
    c.user_defined = true;
    c.level_source = "given in the scenario";
    bool ok = true;
    if (const Item* id = in.required(*f, e, "id", "an id to name it by")) {
      if (const auto v = in.text(*id, "an id")) {
        c.id = *v;
        if (find_chemical(c.id) != nullptr) {
          in.error(*id, "an id not in the catalogue (or leave the chemical out and use the catalogue's)", quote_text(c.id));
          ok = false;
        }
      } else ok = false;
    } else ok = false;
    c.name = c.id;
    if (const Item* n = in.get(*f, "name"); n && n->node.IsScalar()) c.name = n->node.Scalar();
    if (const auto m = get_quantity(in, *f, e, "molar_mass", "a molar mass > 0", kMolar, 0.0, true)) c.molar_mass_g_mol = *m;
    else ok = false;
    for (auto& row : c.level_ppm) row.fill(Chemical::kNone);
    for (auto& k : c.level_kind) k = "AEGL";
    if (const Item* a = in.required(*f, e, "aegl", "levels: {1: {60min: ppm, ...}, 2: {...}, 3: {...}}")) {
      for (const auto& [level, li] : in.entries(*a, "an AEGL level (1, 2 or 3)")) {
        if (!in.known_name(Item{YAML::Node(level), li.path, li.pos}, kLevels, "an AEGL level")) {
          ok = false;
          continue;
        }
        const int l = level[0] - '1';
        std::vector<std::string> durations(std::begin(kAeglDurationNames), std::end(kAeglDurationNames));
        for (const auto& [dur, di] : in.entries(li, "a duration (10min, 30min, 60min, 4h, 8h)")) {
          const auto k = std::find(durations.begin(), durations.end(), dur);
          if (k == durations.end()) {
            in.error(di, "a duration of the AEGL tables (" + joined(durations, kAllNames) + ")", quote_text(dur),
                     nearest_name(dur, durations));
            ok = false;
            continue;
          }
          if (const auto v = in.number_where(di, "a concentration in ppm > 0", [](double x) { return x > 0; }))
            c.level_ppm[static_cast<std::size_t>(l)][static_cast<std::size_t>(k - durations.begin())] = *v;
          else ok = false;
        }
      }
    } else ok = false;
    if (const Item* n = in.get(*f, "ten_berge_n"))
      c.ten_berge_n = in.number_where(*n, "an exponent > 0", [](double x) { return x > 0; }).value_or(Chemical::kNone);
    if (const Item* d = in.get(*f, "dense")) c.dense_at_release = in.boolean(*d).value_or(false);
    if (ok) spec.chemicals.push_back(std::move(c));
  }
}

int read_level(FieldReader& in, const Item& it) {
  if (const auto v = in.one_of(it, kLevels, "an AEGL level")) return (*v)[0] - '0';
  return 2;
}

}  // namespace

std::shared_ptr<const ChemicalSpec> read_chemical(FieldReader& in, const Item& it, const Scenario& scenario) {
  const auto f = in.fields(it, kChemicalKeys, "the chemical section");
  if (!f) return nullptr;
  auto spec = std::make_shared<ChemicalSpec>();
  if (const Item* c = in.get(*f, "chemicals")) read_user_chemicals(in, *c, *spec);
  if (const Item* r = in.required(*f, it, "releases", "a list of releases")) read_releases(in, *r, *spec);
  if (const Item* w = in.required(*f, it, "weather", "the weather: wind, stability, mixing height")) read_weather(in, *w, *spec);
  const auto dur = [&](const char* key, double& out, bool positive) {
    if (const Item* d = in.get(*f, key)) out = in.duration(*d, positive).value_or(out);
  };
  const auto len = [&](const char* key, double& out, const char* what) {
    if (const Item* d = in.get(*f, key)) out = quantity(in, *d, what, kLength, 0.0, true).value_or(out);
  };
  if (const Item* d = in.get(*f, "zone_duration")) {
    if (const auto v = in.duration(*d, true)) {
      if (std::find(kAeglDurations_s.begin(), kAeglDurations_s.end(), *v) == kAeglDurations_s.end())
        in.error(*d, "an AEGL duration: 10 min, 30 min, 60 min, 4 h or 8 h", found_text(d->node));
      else spec->zone_duration_s = *v;
    }
  }
  dur("output_interval", spec->output_interval_s, true);
  dur("road_interval", spec->road_interval_s, true);
  dur("frame_interval", spec->frame_interval_s, false);
  dur("puff_interval", spec->puff_interval_s, true);
  if (const Item* d = in.get(*f, "duration")) spec->duration_s = in.duration(*d, true);
  len("cell_size", spec->cell_size_m, "a cell size > 0");
  len("max_distance", spec->max_distance_m, "a distance > 0");
  if (const Item* h = in.get(*f, "receptor_height"))
    spec->receptor_height_m = quantity(in, *h, "a breathing height >= 0", kLength, 0.0, false).value_or(1.5);

  if (const Item* e = in.get(*f, "exposure")) {
    if (const auto ef = in.fields(*e, kExposureKeys, "how people are exposed")) {
      if (const Item* s = in.get(*ef, "outdoor_share")) spec->outdoor_share = in.share(*s).value_or(0.1);
      if (const Item* a = in.get(*ef, "air_changes")) {
        if (a->node.IsScalar()) {
          if (const auto v = quantity(in, *a, "air changes per hour > 0", kPerHour, 0.0, true))
            for (auto& [type, ach] : spec->air_changes_per_hour) ach = *v;
        } else {
          const std::vector<std::string> types = zone_type_names();
          for (const auto& [type, ti] : in.entries(*a, "a zone type")) {
            if (std::find(types.begin(), types.end(), type) == types.end()) {
              in.error(ti, "a zone type (" + joined(types, kAllNames) + ")", quote_text(type), nearest_name(type, types));
              continue;
            }
            if (ti.node.IsScalar() && !std::isnan(default_air_changes_per_hour(ti.node.Scalar()))) {
              spec->air_changes_per_hour[type] = default_air_changes_per_hour(ti.node.Scalar());
              continue;
            }
            std::vector<std::string> names;
            for (std::string_view b : building_types()) names.emplace_back(b);
            if (const auto v = quantity(in, ti, "air changes per hour > 0, or a building type (" + joined(names, kAllNames) + ")",
                                        kPerHour, 0.0, true))
              spec->air_changes_per_hour[type] = *v;
          }
        }
      }
    }
  }
  const std::vector<std::string> classes = team_vehicle_classes(scenario, true);
  if (const Item* r = in.get(*f, "closes_roads")) {
    if (const auto rf = in.fields(*r, kRoadKeys, "which roads close to whom")) {
      if (const Item* l = in.get(*rf, "level")) spec->closure_level = read_level(in, *l);
      if (const Item* o = in.get(*rf, "open_to")) {
        spec->protected_classes_given = true;
        for (const Item& n : in.name_list(*o, "vehicle classes the zone stays open to")) {
          if (const auto v = in.one_of(n, classes, "a vehicle class of the teams")) spec->protected_vehicle_classes.push_back(*v);
        }
      }
    }
  }
  if (const Item* p = in.get(*f, "protective_action")) {
    if (const auto pf = in.fields(*p, kActionKeys, "the protective action per zone")) {
      ProtectiveActionSpec& pa = spec->protective_action;
      const auto action = [&](const Item& a) {
        const auto v = in.one_of(a, kActions, "a protective action");
        return v && *v == "evacuate" ? ProtectiveActionSpec::Action::evacuate : ProtectiveActionSpec::Action::shelter;
      };
      if (const Item* d = in.get(*pf, "default")) pa.default_action = action(*d);
      if (const Item* t = in.get(*pf, "evacuate_if_arrival_after")) pa.evacuate_if_arrival_after_s = in.duration(*t, false);
      if (const Item* l = in.get(*pf, "level")) pa.level = read_level(in, *l);
      if (const Item* z = in.get(*pf, "zones"))
        for (const auto& [zone, zi] : in.entries(*z, "a zone id")) pa.zones[zone] = action(zi);
    }
  }
  if (const Item* c = in.get(*f, "casualties")) {
    if (const auto cf = in.fields(*c, kCasualtyKeys, "the casualty calls")) {
      ChemicalCasualtySpec cs;
      read_raised_incident(in, *cf, *c, scenario, cs.type, cs.severity);
      if (const Item* p = in.get(*cf, "per_person"))
        cs.per_person = in.number_where(*p, "calls per person exposed above AEGL-2, >= 0", [](double v) { return v >= 0; })
                            .value_or(0.0);
      spec->casualties = cs;
    }
  }
  return spec;
}

}  // namespace dsim::detail
