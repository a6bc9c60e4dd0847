// SPDX-License-Identifier: MIT
// The scenario a drill plays: the plan's scenario with the injects added.

#include "sim/scenario/drill_spec.hpp"

#include "sim/core/error.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

namespace dsim {

namespace {

struct Added {
  std::string section;  // incident_list, road_closures, outages
  std::size_t index;    // in the combined scenario's list
  const DrillInject* inject;
};

std::string number(double x) {
  std::ostringstream out;
  out.precision(17);
  out << x;
  return out.str();
}

// The inject whose entry a key path of the combined scenario is in, if any.
const Added* added_at(const std::vector<Added>& added, const std::string& key) {
  for (const Added& a : added) {
    const std::string prefix = a.section + "[" + std::to_string(a.index) + "]";
    if (key.compare(0, prefix.size(), prefix) == 0) return &a;
  }
  return nullptr;
}

}  // namespace

DrillScenario drill_scenario(const DrillSpec& drill) {
  // The plan's scenario must stand on its own first, so that its problems point at its own lines.
  const Scenario base = read_scenario_file(drill.scenario).checked();
  YAML::Node root = YAML::Load(base.source_text);
  std::vector<Added> added;
  std::map<std::string, std::size_t> previous_sizes;
  for (const DrillInject& j : drill.injects) {
    const YAML::Node sections = YAML::Load(j.sections);
    for (const auto& kv : sections) {
      const std::string key = kv.first.Scalar();
      if (kv.second.IsSequence()) {
        if (!root[key] || !root[key].IsSequence()) root[key] = YAML::Node(YAML::NodeType::Sequence);
        YAML::Node list = root[key];
        for (const YAML::Node& entry : kv.second) {
          added.push_back({key, list.size(), &j});
          list.push_back(YAML::Clone(entry));
        }
      } else {
        if (!root[key] || !root[key].IsMap()) root[key] = YAML::Node(YAML::NodeType::Map);
        YAML::Node section = root[key];
        for (const auto& field : kv.second) section[field.first.Scalar()] = YAML::Clone(field.second);
      }
    }
  }
  if (!drill.background) root.remove("incidents");
  if (drill.duration_s > 0.0) {
    root["horizon"] = number(drill.duration_s) + " s";
    if (root["warmup"]) root["warmup"] = "0 s";
  }
  if (drill.replications > 0) root["replications"] = drill.replications;
  if (drill.seed >= 0) root["seed"] = drill.seed;
  YAML::Emitter out;
  out << root;

  DrillScenario result;
  result.text = std::string(out.c_str()) + "\n";
  ScenarioReading reading = read_scenario_text_as(result.text, drill.scenario);
  if (!reading.ok()) {
    std::vector<ScenarioProblem> problems;
    for (ScenarioProblem p : reading.problems) {
      if (p.severity != ScenarioProblem::Severity::error) continue;
      if (const Added* a = added_at(added, p.key)) {
        p.note = (p.note.empty() ? "" : p.note + "; ") + "in the scenario with the injects added, " + p.key +
                 " comes from inject '" + a->inject->id + "'";
        p.file = drill.source_path;
        p.line = a->inject->line;
        p.column = 0;
      } else {
        p.note = (p.note.empty() ? "" : p.note + "; ") + "in " + drill.scenario + " with the drill's injects added";
      }
      problems.push_back(std::move(p));
    }
    throw ScenarioError(std::move(problems));
  }
  result.scenario = std::move(reading).checked();

  // Every incident a task names must be an entry of incident_list.
  std::vector<std::string> names;
  for (const IncidentSpec& inc : result.scenario.incidents)
    if (!inc.name.empty()) names.push_back(inc.name);
  std::vector<ScenarioProblem> problems;
  for (std::size_t i = 0; i < drill.tasks.size(); ++i) {
    const CriticalTask& t = drill.tasks[i];
    if (t.incident.empty() || std::find(names.begin(), names.end(), t.incident) != names.end()) continue;
    problems.push_back({ScenarioProblem::Severity::error, drill.source_path, t.line, 0,
                        "tasks[" + std::to_string(i) + "].incident",
                        names.empty() ? "the name of an incident_list entry (no inject or scenario entry has a name)"
                                      : "the name of an incident_list entry of an inject or the scenario",
                        "'" + t.incident + "'", nearest_name(t.incident, names), ""});
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));

  // When each inject plays: the earliest time it names.
  for (const DrillInject& j : drill.injects) {
    double first = std::numeric_limits<double>::infinity();
    for (const Added& a : added) {
      if (a.inject != &j) continue;
      if (a.section == "incident_list") first = std::min(first, result.scenario.incidents[a.index].time_s);
      if (a.section == "road_closures") first = std::min(first, result.scenario.road_closures[a.index].start_s);
      if (a.section == "outages") first = std::min(first, result.scenario.outages[a.index].start_s);
    }
    result.inject_time_s.push_back(std::isfinite(first) ? first : 0.0);
  }
  for (const Added& a : added) {
    if (a.section == "incident_list") result.incident_inject[a.index] = a.inject->id;
    if (a.section == "road_closures") result.closure_inject[a.index] = a.inject->id;
    if (a.section == "outages") result.outage_inject[a.index] = a.inject->id;
  }
  return result;
}

}  // namespace dsim
