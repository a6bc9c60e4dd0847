// SPDX-License-Identifier: MIT
// The plan: delays, response rules by incident type and severity, the escalation ladder.
#include "sim/scenario/section_readers.hpp"

#include "sim/scenario/nearest_name.hpp"

#include <algorithm>
#include <set>

namespace dsim::detail {

namespace {

const std::vector<std::string> kPlanKeys = {"call_delay",  "dispatch_delay",          "responses",
                                            "escalation",  "mutual_aid",              "queue_when_busy",
                                            "flashover_kw", "fire_circle",            "fire_heat_release_kw_m2",
                                            "fire_area_max_m2"};
const std::vector<std::string> kFireCircleKeys = {"incident_types", "zone_types"};
const std::vector<std::string> kRuleKeys = {"needs", "on_scene", "second_alarm"};
const std::vector<std::string> kSecondAlarmKeys = {"needs"};
const std::vector<std::string> kStepKeys = {"levels", "request_delay"};

void read_rules(FieldReader& in, const Item& it, PlanSpec& plan, SectionNotes& notes);
void read_needs(FieldReader& in, const Item& needs, std::vector<NeedSpec>& out);
void read_escalation(FieldReader& in, const Item& it, PlanSpec& plan, SectionNotes& notes);
void read_fire_circle(FieldReader& in, const Item& it, FireCircleSpec& circle);

}  // namespace

void read_plan(FieldReader& in, const Item& it, PlanSpec& plan, SectionNotes& notes) {
  const auto f = in.fields(it, kPlanKeys, "the plan");
  if (!f) return;
  if (const Item* d = in.get(*f, "call_delay")) {
    if (const auto v = in.distribution(*d)) plan.call_delay_s = *v;
  }
  if (const Item* d = in.get(*f, "dispatch_delay")) {
    if (const auto v = in.distribution(*d)) plan.dispatch_delay_s = *v;
  }
  if (const Item* rules = in.get(*f, "responses")) read_rules(in, *rules, plan, notes);
  if (const Item* escalation = in.get(*f, "escalation")) read_escalation(in, *escalation, plan, notes);
  if (const Item* b = in.get(*f, "mutual_aid")) {
    if (const auto v = in.boolean(*b)) plan.mutual_aid = *v;
  }
  if (const Item* b = in.get(*f, "queue_when_busy")) {
    if (const auto v = in.boolean(*b)) plan.queue_when_busy = *v;
  }
  if (const Item* kw = in.get(*f, "flashover_kw")) {
    if (const auto v = in.number_where(*kw, "a heat release rate in kW > 0", [](double x) { return x > 0.0; }))
      plan.flashover_kw = *v;
  }
  if (const Item* circle = in.get(*f, "fire_circle")) read_fire_circle(in, *circle, plan.fire_circle);
  if (const Item* q = in.get(*f, "fire_heat_release_kw_m2")) {
    if (const auto v = in.number_where(*q, "a heat release rate per unit area in kW/m2 > 0", [](double x) { return x > 0.0; }))
      plan.fire_heat_release_kw_m2 = *v;
  }
  if (const Item* a = in.get(*f, "fire_area_max_m2")) {
    if (const auto v = in.number_where(*a, "a floor area in m2 > 0", [](double x) { return x > 0.0; }))
      plan.fire_area_max_m2 = *v;
  }
}

namespace {

void read_rules(FieldReader& in, const Item& it, PlanSpec& plan, SectionNotes& notes) {
  const auto types = in.entries(it, "response rules by incident type (a map: type -> severity -> {needs, on_scene})");
  notes.rules_read = it.node.IsMap();
  for (const auto& [type, by_severity] : types) {
    for (const auto& [severity, rule_item] :
         in.entries(by_severity, "response rules of '" + type + "' by severity (a map: severity -> {needs, on_scene})")) {
      ResponseRuleSpec& rule = plan.rules.emplace_back();
      rule.type = type;
      rule.severity = severity;
      const auto f = in.fields(rule_item, kRuleKeys, "a response rule");
      if (!f) continue;
      if (const Item* needs = in.required(*f, rule_item, "needs", "what the rule sends: {capability: people, ...}"))
        read_needs(in, *needs, rule.needs);
      if (const Item* on_scene = in.get(*f, "on_scene")) {
        if (const auto d = in.distribution(*on_scene)) rule.on_scene_s = *d;
      }
      if (const Item* second = in.get(*f, "second_alarm")) {
        const auto g = in.fields(*second, kSecondAlarmKeys, "a second alarm");
        if (g) {
          if (const Item* needs = in.required(*g, *second, "needs", "what the second alarm adds: {capability: people, ...}"))
            read_needs(in, *needs, rule.second_alarm_needs);
        }
      }
    }
    if (by_severity.node.IsMap() && by_severity.node.size() == 0)
      in.error(by_severity, "at least one severity with its rule", "an empty map");
  }
}

void read_needs(FieldReader& in, const Item& needs, std::vector<NeedSpec>& out) {
  const std::vector<std::string> capabilities = capability_names();
  for (const auto& [capability, people] : in.entries(needs, "needs (a map of capability: people)")) {
    if (std::find(capabilities.begin(), capabilities.end(), capability) == capabilities.end()) {
      in.report(Severity::error, people.path, in.position(people.path), "a capability (" + joined(capabilities) + ")",
                quote_text(capability), nearest_name(capability, capabilities));
      continue;
    }
    if (const auto n = in.integer(people, 1, 1'000'000, "a number of people (an integer >= 1)"))
      out.push_back({capability, static_cast<int>(*n)});
  }
  if (needs.node.IsMap() && needs.node.size() == 0)
    in.error(needs, "at least one capability with the people it needs", "an empty map");
}

void read_escalation(FieldReader& in, const Item& it, PlanSpec& plan, SectionNotes& notes) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of escalation steps ({levels: [...], request_delay: D})", found_text(it.node));
    return;
  }
  notes.escalation_given = true;
  const std::vector<std::string> levels = level_names();
  std::map<std::string, std::size_t> placed;  // level -> line of the step naming it
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    EscalationStepSpec& step = plan.escalation.emplace_back();
    const auto f = in.fields(e, kStepKeys, "an escalation step");
    if (!f) continue;
    if (const Item* names = in.required(*f, e, "levels", "the levels this step calls (" + joined(levels) + ")")) {
      for (const Item& l : in.name_list(*names, "a list of levels (" + joined(levels) + ")")) {
        if (!in.known_name(l, levels, "a level")) continue;
        if (const auto seen = placed.find(l.node.Scalar()); seen != placed.end()) {
          in.error(l, "each level in one step only", quote_text(l.node.Scalar()), {},
                "already in the step at line " + std::to_string(seen->second));
          continue;
        }
        placed.emplace(l.node.Scalar(), l.pos.line);
        TeamLevel level{};
        parse_team_level(l.node.Scalar(), level);
        step.levels.push_back(level);
      }
      if (names->node.IsSequence() && names->node.size() == 0) in.error(*names, "at least one level", "an empty list");
    }
    if (const Item* delay = in.get(*f, "request_delay")) {
      if (const auto v = in.duration(*delay)) step.request_delay_s = *v;
    }
  }
  if (it.node.size() == 0) in.error(it, "at least one escalation step (leave the key out for the default ladder)", "an empty list");
}

void read_fire_circle(FieldReader& in, const Item& it, FireCircleSpec& circle) {
  const std::vector<std::string> zone_types_known = zone_type_names();
  const auto f = in.fields(it, kFireCircleKeys, "the 5-minute fire circle");
  if (!f) return;
  if (const Item* types = in.get(*f, "incident_types")) {
    circle.incident_types.clear();
    for (const Item& t : in.name_list(*types, "a list of incident types")) circle.incident_types.push_back(t.node.Scalar());
    if (types->node.IsSequence() && types->node.size() == 0) in.error(*types, "at least one incident type", "an empty list");
  }
  if (const Item* zone_types = in.get(*f, "zone_types")) {
    circle.zone_types.clear();
    for (const Item& z : in.name_list(*zone_types, "a list of zone types (" + joined(zone_types_known) + ")")) {
      if (in.known_name(z, zone_types_known, "a zone type")) circle.zone_types.push_back(z.node.Scalar());
    }
    if (zone_types->node.IsSequence() && zone_types->node.size() == 0)
      in.error(*zone_types, "at least one zone type", "an empty list");
  }
}

}  // namespace

}  // namespace dsim::detail
