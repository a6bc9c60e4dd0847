// SPDX-License-Identifier: MIT
// The incidents: generators (incidents) and the listed incidents of a drill (incident_list).
#include "sim/scenario/section_readers.hpp"

#include "sim/response/response_model.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/quantity.hpp"

#include <array>
#include <numeric>

namespace dsim::detail {

namespace {

const std::vector<std::string> kGeneratorKeys = {"name",          "type",          "rate",     "rate_per_day",
                                                 "zones",         "zone_types",    "weight_by_population",
                                                 "hourly_profile", "severity",     "fire_growth",
                                                 "monthly_profile"};
const std::vector<std::string> kIncidentKeys = {"time", "type", "severity", "location", "fire_growth", "name"};
// Names as the network and response code define them.
const std::vector<std::string> kZoneTypes = zone_type_names();
const std::vector<std::string> kFireGrowths(std::begin(kFireGrowthNames), std::end(kFireGrowthNames));

void read_monthly_profile(FieldReader& in, const Item& it, IncidentGeneratorSpec& g);

}  // namespace

void read_generators(FieldReader& in, const Item& it, Scenario& s, SectionNotes& notes) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of incident generators", found_text(it.node));
    return;
  }
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    IncidentGeneratorSpec& g = s.generators.emplace_back();
    g.hourly_weight.fill(1.0);
    notes.generator_has_severity.push_back(false);
    const auto f = in.fields(e, kGeneratorKeys, "an incident generator");
    if (!f) continue;
    if (const Item* type = in.required(*f, e, "type", "an incident type (structure_fire, flood_rescue, ...)")) {
      if (const auto v = in.text(*type, "an incident type")) g.type = *v;
    }
    const Item* name = in.get(*f, "name");
    if (name != nullptr) {
      if (const auto v = in.text(*name, "a generator name")) g.name = *v;
    }
    if (g.name.empty()) g.name = g.type;
    if (!g.name.empty()) {
      const std::string path = name != nullptr ? name->path : e.path;
      if (const auto seen = names.find(g.name); seen != names.end()) {
        in.error_at(path, "a generator name used once", quote_text(g.name), {},
                 "already used at line " + std::to_string(seen->second) +
                     (name == nullptr ? "; give each generator of one type its own name" : ""));
      } else {
        names.emplace(g.name, in.position(path).line);
      }
    }
    const Item* rate = in.get(*f, "rate");
    const Item* rate_per_day = in.get(*f, "rate_per_day");
    if (rate != nullptr && rate_per_day != nullptr) {
      in.error(*rate_per_day, "either rate or rate_per_day", "both");
    } else if (rate_per_day != nullptr) {
      if (const auto v = in.number_where(*rate_per_day, "incidents per day (a number >= 0)", [](double x) { return x >= 0; }))
        g.rate_per_day = *v;
    } else if (rate != nullptr) {
      const std::string expected = "a rate >= 0: incidents per day, or \"3 per day\", \"0.5 per hour\"";
      std::string unit;
      const auto v = rate->node.IsScalar() ? parse_rate_per_day(rate->node.Scalar(), &unit) : std::nullopt;
      if (!v) {
        in.error(*rate, expected, found_text(rate->node), unit.empty() ? "" : nearest_name(unit, duration_unit_names()),
              unit.empty() ? "" : "unknown unit " + quote_text(unit));
      } else if (*v < 0.0) {
        in.error(*rate, expected, found_text(rate->node));
      } else {
        g.rate_per_day = *v;
      }
    } else {
      in.required(*f, e, "rate", "a rate: incidents per day (rate: 3, or rate: \"0.5 per hour\")");
    }
    const Item* zones = in.get(*f, "zones");
    const Item* zone_types = in.get(*f, "zone_types");
    if (zones != nullptr && zone_types != nullptr) {
      in.error(*zone_types, "either zones (by id) or zone_types", "both");
    } else if (zones != nullptr) {
      for (const Item& z : in.name_list(*zones, "a list of zone ids")) g.zones.push_back(z.node.Scalar());
      if (zones->node.IsSequence() && zones->node.size() == 0) in.error(*zones, "at least one zone id", "an empty list");
    } else if (zone_types != nullptr) {
      for (const Item& z : in.name_list(*zone_types, "a list of zone types (" + joined(kZoneTypes) + ")")) {
        if (in.known_name(z, kZoneTypes, "a zone type")) g.zone_types.push_back(z.node.Scalar());
      }
      if (zone_types->node.IsSequence() && zone_types->node.size() == 0)
        in.error(*zone_types, "at least one zone type", "an empty list");
    } else {
      in.report(Severity::error, child_path(e.path, "zones"), e.pos,
             "where incidents happen: zones (a list of zone ids) or zone_types (" + joined(kZoneTypes) + ")",
             "nothing", {}, "key missing");
    }
    if (const Item* w = in.get(*f, "weight_by_population")) {
      if (const auto b = in.boolean(*w)) g.weight_by_population = *b;
    }
    if (const Item* profile = in.get(*f, "hourly_profile")) {
      const std::string expected = "24 relative rates >= 0, one per hour of the day from 00:00";
      if (!profile->node.IsSequence() || profile->node.size() != 24) {
        in.error(*profile, expected,
              profile->node.IsSequence() ? "a list of " + std::to_string(profile->node.size()) : found_text(profile->node));
      } else {
        std::array<double, 24> w{};
        bool ok = true;
        for (std::size_t h = 0; h < 24; ++h) {
          const Item x = in.element(*profile, h, profile->node[h]);
          const auto v = in.number_where(x, "a relative rate >= 0", [](double y) { return y >= 0.0; });
          ok = ok && v.has_value();
          w[h] = v.value_or(0.0);
        }
        if (ok && std::accumulate(w.begin(), w.end(), 0.0) <= 0.0) {
          in.error(*profile, "at least one hour with a rate > 0", "all 0");
        } else if (ok) {
          g.hourly_weight = w;
        }
      }
    }
    if (const Item* profile = in.get(*f, "monthly_profile")) read_monthly_profile(in, *profile, g);
    if (const Item* severity = in.get(*f, "severity")) {
      g.severity = in.shares(*severity, nullptr, "the severity mix");
      notes.generator_has_severity.back() = true;
    }
    if (const Item* growth = in.get(*f, "fire_growth")) g.fire_growth = in.shares(*growth, &kFireGrowths, "the fire-growth mix");
  }
}

void read_incident_list(FieldReader& in, const Item& it, Scenario& s, SectionNotes& notes) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of incidents", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    IncidentSpec& inc = s.incidents.emplace_back();
    notes.incident_has_severity.push_back(false);
    const auto f = in.fields(e, kIncidentKeys, "an incident");
    if (!f) continue;
    if (const Item* time = in.required(*f, e, "time", "the incident's time from the start (\"08:30:00\", \"2 h\", 7200)")) {
      if (const auto v = in.time_point(*time)) inc.time_s = *v;
    }
    if (const Item* type = in.required(*f, e, "type", "an incident type")) {
      if (const auto v = in.text(*type, "an incident type")) inc.type = *v;
    }
    if (const Item* severity = in.get(*f, "severity")) {
      notes.incident_has_severity.back() = true;
      if (const auto v = in.text(*severity, "a severity")) inc.severity = *v;
    }
    if (const Item* loc = in.required(*f, e, "location", "a location: {lon: X, lat: Y}, {node: ID} or {zone: ID}")) {
      if (const auto v = in.location(*loc, true)) inc.location = *v;
    }
    if (const Item* name = in.get(*f, "name")) {
      if (const auto v = in.text(*name, "a name for the incident")) {
        for (std::size_t j = 0; j + 1 < s.incidents.size(); ++j)
          if (s.incidents[j].name == *v) in.error(*name, "a name no other listed incident has", *v);
        inc.name = *v;
      }
    }
    if (const Item* growth = in.get(*f, "fire_growth")) {
      if (in.text(*growth, "a fire growth (" + joined(kFireGrowths) + ")") &&
          in.known_name(*growth, kFireGrowths, "a fire growth"))
        inc.fire_growth = growth->node.Scalar();
    }
  }
}

namespace {

void read_monthly_profile(FieldReader& in, const Item& it, IncidentGeneratorSpec& g) {
  const std::string expected = "12 relative rates >= 0, one per calendar month from January";
  if (!it.node.IsSequence() || it.node.size() != 12) {
    in.error(it, expected, it.node.IsSequence() ? "a list of " + std::to_string(it.node.size()) : found_text(it.node));
    return;
  }
  std::array<double, 12> w{};
  bool ok = true;
  for (std::size_t m = 0; m < 12; ++m) {
    const Item x = in.element(it, m, it.node[m]);
    const auto v = in.number_where(x, "a relative rate >= 0", [](double y) { return y >= 0.0; });
    ok = ok && v.has_value();
    w[m] = v.value_or(0.0);
  }
  if (ok && std::accumulate(w.begin(), w.end(), 0.0) <= 0.0) {
    in.error(it, "at least one month with a rate > 0", "all 0");
  } else if (ok) {
    g.monthly_weight = w;
  }
}

}  // namespace

}  // namespace dsim::detail
