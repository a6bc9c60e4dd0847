// SPDX-License-Identifier: MIT
// References across the sections of a scenario, once every section is read.
#include "sim/scenario/section_readers.hpp"

#include "sim/response/response_model.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/quantity.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace dsim::detail {

void read_raised_incident(FieldReader& in, const FieldReader::Fields& f, const Item& it, const Scenario& s,
                          std::string& type, std::string& severity) {
  std::vector<std::string> types, severities;
  for (const ResponseRuleSpec& rule : s.plan.rules)
    if (std::find(types.begin(), types.end(), rule.type) == types.end()) types.push_back(rule.type);
  const Item* t = FieldReader::get(f, "type");
  if (t && t->node.IsScalar()) type = t->node.Scalar();
  for (const ResponseRuleSpec& rule : s.plan.rules)
    if (rule.type == type) severities.push_back(rule.severity);
  if (severities.empty())
    in.error(t ? *t : it, "an incident type with a response rule in plan.responses (" + joined(types, kAllNames) + ")",
             quote_text(type), nearest_name(type, types));
  if (const Item* sv = FieldReader::get(f, "severity")) {
    if (sv->node.IsScalar()) severity = sv->node.Scalar();
    if (!severities.empty() && std::find(severities.begin(), severities.end(), severity) == severities.end())
      in.error(*sv, "a severity with a response rule for " + type + " (" + joined(severities, kAllNames) + ")",
               found_text(sv->node), nearest_name(severity, severities));
  } else if (!severities.empty()) {
    severity = severities.front();
  }
}

std::vector<std::string> team_vehicle_classes(const Scenario& s, bool standard_first) {
  std::vector<std::string> classes;
  if (standard_first) classes.push_back("standard");
  for (const TeamSpec& t : s.teams)
    if (std::find(classes.begin(), classes.end(), t.vehicle_class) == classes.end()) classes.push_back(t.vehicle_class);
  return classes;
}

void check_references(FieldReader& in, Scenario& s, const SectionNotes& notes) {
  // Teams at stations that exist.
  if (notes.stations_read) {
    std::vector<std::string> station_ids;
    for (const StationSpec& st : s.stations)
      if (!st.id.empty()) station_ids.push_back(st.id);
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
      const std::string& station = s.teams[i].station;
      if (station.empty() || std::find(station_ids.begin(), station_ids.end(), station) != station_ids.end()) continue;
      in.error_at(item_path("teams", i) + ".station", "the id of a station (" + joined(station_ids) + ")", quote_text(station),
               nearest_name(station, station_ids));
    }
  }

  // Road closures name vehicle classes the teams use.
  const std::vector<std::string> vehicle_classes = team_vehicle_classes(s, true);
  for (std::size_t i = 0; i < s.road_closures.size(); ++i) {
    const auto& names = s.road_closures[i].vehicle_classes;
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (std::find(vehicle_classes.begin(), vehicle_classes.end(), names[k]) != vehicle_classes.end()) continue;
      in.error_at(item_path(item_path("road_closures", i) + ".vehicle_classes", k),
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
    if (notes.rules_read) {
      in.error_at(path, "an incident type with rules under plan.responses (" + joined(types) + ")", quote_text(type),
               nearest_name(type, types));
    } else if (!in.misspelled("plan.responses") && !in.misspelled("plan")) {
      in.error_at(path, "an incident type with rules under plan.responses", quote_text(type), {},
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
    if (!notes.generator_has_severity[i]) {
      if (const std::string only = single_severity(g.type); !only.empty()) {
        g.severity[only] = 1.0;
      } else {
        in.error_at(path, "a severity mix (severity: {name: share, ...}) over " + joined(known), "nothing", {},
                 "plan.responses." + g.type + " has several severities");
      }
      continue;
    }
    for (const auto& entry : g.severity) {
      if (std::find(known.begin(), known.end(), entry.first) != known.end()) continue;
      in.error_at(path + ".severity." + entry.first, "a severity with a rule under plan.responses." + g.type + " (" +
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
    if (!notes.incident_has_severity[i]) {
      if (const std::string only = single_severity(inc.type); !only.empty()) {
        inc.severity = only;
      } else {
        in.error_at(path, "a severity (" + joined(known) + ")", "nothing", {},
                 "plan.responses." + inc.type + " has several severities");
      }
      continue;
    }
    if (!inc.severity.empty() && std::find(known.begin(), known.end(), inc.severity) == known.end()) {
      in.error_at(path + ".severity", "a severity with a rule under plan.responses." + inc.type + " (" + joined(known) + ")",
               quote_text(inc.severity), nearest_name(inc.severity, known));
    }
  }

  // Needs the teams can meet: a capability no team has, or more people than
  // all capable teams hold. Only when the teams read cleanly: a team with a
  // mistake would make these warnings follow from that mistake.
  std::map<std::string, long long> people_with;
  for (const TeamSpec& t : s.teams)
    for (const std::string& c : t.capabilities) people_with[c] += t.size;
  if (notes.teams_clean && !s.teams.empty()) {
    for (const ResponseRuleSpec& r : s.plan.rules) {
      for (const NeedSpec& n : r.needs) {
        const std::string path = "plan.responses." + r.type + "." + r.severity + ".needs." + n.capability;
        const long long have = people_with.count(n.capability) ? people_with[n.capability] : 0;
        if (have == 0) {
          in.warning_at(path, "a capability some team has", quote_text(n.capability), "no team has it, so this need is never met");
        } else if (have < n.people) {
          in.warning_at(path, "at most the " + std::to_string(have) + " people all teams with " + n.capability + " hold",
                     std::to_string(n.people), "this need is never met in full");
        }
      }
      // A second alarm adds to the first: what both ask of a capability.
      for (const NeedSpec& n : r.second_alarm_needs) {
        const std::string path = "plan.responses." + r.type + "." + r.severity + ".second_alarm.needs." + n.capability;
        const long long have = people_with.count(n.capability) ? people_with[n.capability] : 0;
        long long both = n.people;
        for (const NeedSpec& first : r.needs)
          if (first.capability == n.capability) both += first.people;
        if (have == 0) {
          in.warning_at(path, "a capability some team has", quote_text(n.capability),
                        "no team has it, so a second alarm never meets this need");
        } else if (have < both) {
          in.warning_at(path, "at most the " + std::to_string(have) + " people all teams with " + n.capability + " hold",
                        std::to_string(both) + " with the first alarm's", "a second alarm never meets this need in full");
        }
      }
    }
  }

  // Teams whose level the escalation ladder never calls.
  if (notes.escalation_given && notes.teams_clean) {
    std::set<TeamLevel> called;
    for (const EscalationStepSpec& step : s.plan.escalation) called.insert(step.levels.begin(), step.levels.end());
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
      if (called.count(s.teams[i].level)) continue;
      in.warning_at(item_path("teams", i) + ".level", "a level the escalation ladder calls",
                 quote_text(team_level_name(s.teams[i].level)), "this team is never dispatched");
    }
  }

  // Fire-circle types the plan has rules for (the defaults may name types a scenario lacks).
  if (in.positions().count("plan.fire_circle.incident_types")) {
    std::vector<std::string> types;
    for (const ResponseRuleSpec& r : s.plan.rules)
      if (std::find(types.begin(), types.end(), r.type) == types.end()) types.push_back(r.type);
    const auto& named = s.plan.fire_circle.incident_types;
    for (std::size_t k = 0; k < named.size(); ++k) {
      if (std::find(types.begin(), types.end(), named[k]) != types.end()) continue;
      const std::string path = in.positions().count(item_path("plan.fire_circle.incident_types", k))
                                   ? item_path("plan.fire_circle.incident_types", k)
                                   : "plan.fire_circle.incident_types";
      in.warning_at(path, "an incident type with rules under plan.responses (" + joined(types) + ")", quote_text(named[k]),
                 "no incident of this type happens, so it adds nothing to the fire circle");
    }
  }

  // Times within the run.
  if (notes.horizon_ok && s.warmup_s >= s.horizon_s && in.positions().count("warmup")) {
    in.error_at("warmup", "a warm-up shorter than the horizon (" + format_duration(s.horizon_s) + ")",
             format_duration(s.warmup_s));
  }
  for (std::size_t i = 0; i < s.incidents.size() && notes.horizon_ok; ++i) {
    if (s.incidents[i].time_s < s.horizon_s) continue;
    in.error_at(item_path("incident_list", i) + ".time", "a time before the horizon (" + format_duration(s.horizon_s) + ")",
             format_duration(s.incidents[i].time_s));
  }

  if (s.generators.empty() && s.incidents.empty() && !s.warning && !notes.hazard_raises_incidents &&
      !in.misspelled("incidents") &&
      !in.misspelled("incident_list")) {
    in.report(Severity::warning, "incidents", {}, "incident generators (incidents) or an incident_list", "neither", {},
           "nothing will happen");
  }
}

}  // namespace dsim::detail
