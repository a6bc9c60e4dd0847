// SPDX-License-Identifier: MIT
// Reading a drill file (docs/drills.md) and the scenario it plays: the plan's
// scenario with the injects' sections added.

#include "sim/scenario/drill_spec.hpp"

#include "sim/core/error.hpp"
#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

namespace dsim {

namespace fs = std::filesystem;
using detail::FieldReader;
using detail::Item;

std::string_view to_string(DrillEvent event) { return kDrillEventNames[static_cast<std::size_t>(event)]; }

std::optional<DrillEvent> drill_event_from(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kDrillEventNames); ++i)
    if (kDrillEventNames[i] == name) return static_cast<DrillEvent>(i);
  return std::nullopt;
}

bool is_incident_event(DrillEvent e) {
  return e == DrillEvent::dispatch || e == DrillEvent::first_arrival || e == DrillEvent::full_arrival ||
         e == DrillEvent::video_link || e == DrillEvent::unit_arrival || e == DrillEvent::cleared;
}

const CriticalTask* DrillSpec::find_task(std::string_view id) const {
  for (const CriticalTask& t : tasks)
    if (t.id == id) return &t;
  return nullptr;
}

namespace {

const std::vector<std::string> kTopKeys = {"name",       "description", "scenario",     "start",        "duration",
                                           "replications", "seed",      "background_incidents", "objectives",
                                           "capabilities", "tasks",     "injects"};
const std::vector<std::string> kObjectiveKeys = {"id", "text"};
const std::vector<std::string> kCapabilityKeys = {"id", "name", "objectives"};
const std::vector<std::string> kTaskKeys = {"id",   "name", "capability", "event", "incident", "person", "role",
                                            "zone", "unit", "site",       "item",  "from",     "target"};
const std::vector<std::string> kInjectKeys = {"id", "description", "incident_list", "road_closures", "outages",
                                              "warning", "chemical", "fire"};
const std::vector<std::string> kListSections = {"incident_list", "road_closures", "outages"};

std::vector<std::string> event_names() { return {std::begin(kDrillEventNames), std::end(kDrillEventNames)}; }

std::string read_file_text(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path, 0, "", "a drill file", "a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "a readable drill file", "no such file, or no permission to read it");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class DrillReader {
 public:
  explicit DrillReader(std::string source) : in_(std::move(source)) {}

  DrillSpec read(const std::string& text) {
    DrillSpec d;
    d.source_path = in_.file();
    YAML::Node doc;
    try {
      doc = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      in_.report(FieldReader::Severity::error, "",
                 {e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
                  e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0},
                 "valid YAML", "a syntax error: " + e.msg);
      return d;
    }
    if (!doc.IsDefined() || doc.IsNull()) {
      in_.report(FieldReader::Severity::error, "", {}, "a drill: a map with keys " + detail::joined(kTopKeys),
                 "an empty document");
      return d;
    }
    const Item root{doc, "", in_.mark_pos(doc, {1, 1})};
    const auto f = in_.fields(root, kTopKeys, "a drill file");
    if (!f) return d;
    if (const Item* v = in_.get(*f, "name")) {
      if (const auto s = in_.text(*v, "the drill's name")) d.name = *s;
    }
    if (const Item* v = in_.get(*f, "description")) {
      if (const auto s = in_.text(*v, "a description")) d.description = *s;
    }
    if (const Item* v = in_.required(*f, root, "scenario", "the plan's scenario file (relative to the drill file)")) {
      if (const auto s = in_.text(*v, "a scenario file")) {
        const fs::path p(*s);
        d.scenario = p.is_absolute() ? p.string() : (fs::path(in_.file()).parent_path() / p).lexically_normal().string();
        d.scenario_line = v->pos.line;
      }
    }
    if (const Item* v = in_.get(*f, "start")) {
      if (const auto s = in_.text(*v, "the clock time of the drill's time 0: \"09:00\" or 2027-06-15T09:00:00+08:00"))
        d.start_clock = *s;
    }
    if (const Item* v = in_.get(*f, "duration")) {
      if (const auto s = in_.duration(*v, true)) d.duration_s = *s;
    }
    if (const Item* v = in_.get(*f, "replications")) {
      if (const auto n = in_.integer(*v, 2, 100000, "a whole number of replications from 2 to 100000"))
        d.replications = static_cast<int>(*n);
    }
    if (const Item* v = in_.get(*f, "seed")) {
      if (const auto n = in_.integer(*v, 0, (1LL << 62), "a seed: a whole number >= 0")) d.seed = *n;
    }
    if (const Item* v = in_.get(*f, "background_incidents")) {
      if (const auto b = in_.boolean(*v)) d.background = *b;
    }
    if (const Item* v = in_.get(*f, "objectives")) read_objectives(*v, d);
    if (const Item* v = in_.required(*f, root, "capabilities", "a list of capabilities")) read_capabilities(*v, d);
    if (const Item* v = in_.required(*f, root, "tasks", "a list of critical tasks")) read_tasks(*v, d);
    if (const Item* v = in_.get(*f, "injects")) read_injects(*v, d);
    check_references(d);
    return d;
  }

  FieldReader& reader() { return in_; }

 private:
  FieldReader in_;
  std::map<std::string, Item> capability_items_, task_items_;

  template <class Each>
  void each(const Item& list, const std::string& what, Each&& fn) {
    if (!list.node.IsSequence()) {
      in_.error(list, what, detail::found_text(list.node));
      return;
    }
    for (std::size_t i = 0; i < list.node.size(); ++i) fn(in_.element(list, i, list.node[i]));
  }

  std::optional<std::string> id_of(const detail::FieldReader::Fields& f, const Item& e, std::set<std::string>& seen,
                                   const std::string& what) {
    const Item* id = in_.required(f, e, "id", "an id for the " + what);
    if (id == nullptr) return std::nullopt;
    const auto v = in_.text(*id, "an id: letters, digits, '_' or '-'");
    if (!v) return std::nullopt;
    if (v->empty() || v->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
                          std::string::npos) {
      in_.error(*id, "an id of letters, digits, '_', '-' or '.'", detail::quote_text(*v));
      return std::nullopt;
    }
    if (!seen.insert(*v).second) in_.error(*id, "an id no other " + what + " has", detail::quote_text(*v));
    return v;
  }

  void read_objectives(const Item& list, DrillSpec& d) {
    std::set<std::string> seen;
    each(list, "a list of objectives", [&](const Item& e) {
      const auto f = in_.fields(e, kObjectiveKeys, "an objective");
      if (!f) return;
      DrillObjective o;
      if (const auto id = id_of(*f, e, seen, "objective")) o.id = *id;
      if (const Item* v = in_.required(*f, e, "text", "what the objective asks")) {
        if (const auto s = in_.text(*v, "a text")) o.text = *s;
      }
      d.objectives.push_back(std::move(o));
    });
  }

  void read_capabilities(const Item& list, DrillSpec& d) {
    std::set<std::string> seen;
    each(list, "a list of capabilities", [&](const Item& e) {
      const auto f = in_.fields(e, kCapabilityKeys, "a capability");
      if (!f) return;
      DrillCapability c;
      if (const auto id = id_of(*f, e, seen, "capability")) c.id = *id;
      c.name = c.id;
      if (const Item* v = in_.get(*f, "name")) {
        if (const auto s = in_.text(*v, "a name")) c.name = *s;
      }
      if (const Item* v = in_.get(*f, "objectives")) {
        for (const Item& o : in_.name_list(*v, "objective ids")) {
          c.objectives.push_back(o.node.Scalar());
          objective_refs_.emplace_back(o, o.node.Scalar());
        }
      }
      capability_items_.emplace(c.id, e);
      d.capabilities.push_back(std::move(c));
    });
  }

  void read_tasks(const Item& list, DrillSpec& d) {
    std::set<std::string> seen;
    each(list, "a list of critical tasks", [&](const Item& e) {
      const auto f = in_.fields(e, kTaskKeys, "a critical task");
      if (!f) return;
      CriticalTask t;
      t.line = e.pos.line;
      if (const auto id = id_of(*f, e, seen, "task")) t.id = *id;
      t.name = t.id;
      if (const Item* v = in_.get(*f, "name")) {
        if (const auto s = in_.text(*v, "a name")) t.name = *s;
      }
      if (const Item* v = in_.required(*f, e, "capability", "the id of the capability it belongs to")) {
        if (const auto s = in_.text(*v, "a capability id")) {
          t.capability = *s;
          capability_refs_.emplace_back(*v, *s);
        }
      }
      bool event_ok = false;
      if (const Item* v = in_.required(*f, e, "event", "the event of the run it is tied to (" +
                                                          detail::joined(event_names(), detail::kAllNames) + ")")) {
        if (const auto s = in_.one_of(*v, event_names(), "an event")) {
          t.event = *drill_event_from(*s);
          event_ok = true;
        }
      }
      auto take = [&](const char* key, std::string& out) {
        if (const Item* v = in_.get(*f, key)) {
          if (const auto s = in_.text(*v, std::string("a ") + key)) out = *s;
        }
      };
      take("incident", t.incident);
      take("person", t.person);
      take("role", t.role);
      take("zone", t.zone);
      take("unit", t.unit);
      take("site", t.site);
      take("item", t.item);
      take("from", t.from);
      if (const Item* v = in_.get(*f, "from")) from_refs_.emplace_back(*v, t.id);
      if (const Item* v = in_.required(*f, e, "target", "the target time from its reference (\"5 min\", 300)")) {
        if (const auto s = in_.duration(*v, true)) t.target_s = *s;
      }
      if (event_ok) check_selectors(t, e);
      if (t.from.empty()) t.from = is_incident_event(t.event) ? "call" : "start";
      task_items_.emplace(t.id, e);
      d.tasks.push_back(std::move(t));
    });
  }

  void check_selectors(const CriticalTask& t, const Item& e) {
    const std::string ev(to_string(t.event));
    if (is_incident_event(t.event) && t.incident.empty())
      in_.error(e, "an `incident:` naming the incident_list entry (of an inject or the scenario) that " + ev + " is about",
                "none");
    if (t.event == DrillEvent::unit_arrival && t.unit.empty()) in_.error(e, "a `unit:` for unit_arrival", "none");
    if (t.event == DrillEvent::zone_warned && t.zone.empty()) in_.error(e, "a `zone:` for zone_warned", "none");
    if (t.event == DrillEvent::zone_evacuated && t.zone.empty()) in_.error(e, "a `zone:` for zone_evacuated", "none");
    if (t.event == DrillEvent::supply_delivered && t.site.empty()) in_.error(e, "a `site:` for supply_delivered", "none");
    if (!t.person.empty() && !t.role.empty()) in_.error(e, "a `person:` or a `role:`, not both", "both");
  }

  void read_injects(const Item& list, DrillSpec& d) {
    std::set<std::string> seen;
    each(list, "a list of injects", [&](const Item& e) {
      const auto f = in_.fields(e, kInjectKeys, "an inject");
      if (!f) return;
      DrillInject j;
      j.line = e.pos.line;
      if (const auto id = id_of(*f, e, seen, "inject")) j.id = *id;
      if (const Item* v = in_.get(*f, "description")) {
        if (const auto s = in_.text(*v, "a description")) j.description = *s;
      }
      YAML::Node sections(YAML::NodeType::Map);
      bool any = false;
      for (const char* name : {"incident_list", "road_closures", "outages", "warning", "chemical", "fire"}) {
        const std::string key = name;
        const Item* v = in_.get(*f, key.c_str());
        if (v == nullptr) continue;
        const bool is_list = std::find(kListSections.begin(), kListSections.end(), key) != kListSections.end();
        if (is_list && !v->node.IsSequence()) {
          in_.error(*v, "a list of " + key + " entries, as in a scenario", detail::found_text(v->node));
          continue;
        }
        if (!is_list && !v->node.IsMap()) {
          in_.error(*v, "a map of " + key + " keys, as in a scenario", detail::found_text(v->node));
          continue;
        }
        sections[key] = v->node;
        if (key == "incident_list")
          for (std::size_t i = 0; i < v->node.size(); ++i)
            if (v->node[i].IsMap() && v->node[i]["name"] && v->node[i]["name"].IsScalar())
              j.incidents.push_back(v->node[i]["name"].Scalar());
        any = true;
      }
      if (!any)
        in_.error(e, "at least one scenario section to add: incident_list, road_closures, outages, warning, chemical "
                     "or fire", "none");
      YAML::Emitter out;
      out << sections;
      j.sections = out.c_str();
      d.injects.push_back(std::move(j));
    });
  }

  std::vector<std::pair<Item, std::string>> objective_refs_, capability_refs_, from_refs_;

  void check_references(const DrillSpec& d) {
    std::vector<std::string> objectives, capabilities, tasks;
    for (const auto& o : d.objectives) objectives.push_back(o.id);
    for (const auto& c : d.capabilities) capabilities.push_back(c.id);
    for (const auto& t : d.tasks) tasks.push_back(t.id);
    for (const auto& [at, id] : objective_refs_)
      if (std::find(objectives.begin(), objectives.end(), id) == objectives.end())
        in_.error(at, "the id of an objective (" + detail::joined(objectives) + ")", detail::quote_text(id),
                  nearest_name(id, objectives));
    for (const auto& [at, id] : capability_refs_)
      if (std::find(capabilities.begin(), capabilities.end(), id) == capabilities.end())
        in_.error(at, "the id of a capability (" + detail::joined(capabilities) + ")", detail::quote_text(id),
                  nearest_name(id, capabilities));
    std::vector<std::string> refs = {"start", "call"};
    refs.insert(refs.end(), tasks.begin(), tasks.end());
    for (const auto& [at, task] : from_refs_) {
      const std::string from = at.node.IsScalar() ? at.node.Scalar() : std::string();
      if (std::find(refs.begin(), refs.end(), from) == refs.end()) {
        in_.error(at, "start, call or the id of another task", detail::quote_text(from), nearest_name(from, refs));
        continue;
      }
      // A chain of `from` must end at start or call.
      std::set<std::string> visited{task};
      std::string next = from;
      while (next != "start" && next != "call") {
        if (!visited.insert(next).second) {
          in_.error(at, "a reference that ends at start or call", "a loop through " + detail::quote_text(next));
          break;
        }
        const CriticalTask* t = d.find_task(next);
        if (t == nullptr) break;
        next = t->from.empty() ? "start" : t->from;
      }
    }
    for (const auto& [task, item] : task_items_) {
      const CriticalTask* t = d.find_task(task);
      if (t != nullptr && t->from == "call" && t->incident.empty())
        in_.error(item, "an `incident:` for a time counted from its call", "none");
    }
    // Capabilities without tasks rate nothing.
    for (const auto& c : d.capabilities) {
      const bool used = std::any_of(d.tasks.begin(), d.tasks.end(), [&](const CriticalTask& t) { return t.capability == c.id; });
      if (!used) in_.error(capability_items_.at(c.id), "a capability with at least one critical task", "none");
    }
  }

};

void throw_errors(std::vector<ScenarioProblem> problems) {
  std::erase_if(problems, [](const ScenarioProblem& p) { return p.severity != ScenarioProblem::Severity::error; });
  if (!problems.empty()) throw ScenarioError(std::move(problems));
}

}  // namespace

DrillSpec read_drill_text(const std::string& text, const std::string& source_path) {
  DrillReader reader(source_path);
  DrillSpec d;
  try {
    d = reader.read(text);
  } catch (const YAML::Exception& e) {
    reader.reader().report(FieldReader::Severity::error, "", {}, "a drill file yaml-cpp can read",
                           detail::quote_text(e.what()));
  }
  throw_errors(std::move(reader.reader().problems()));
  return d;
}

DrillSpec read_drill_file(const std::string& path) { return read_drill_text(read_file_text(path), path); }

}  // namespace dsim
