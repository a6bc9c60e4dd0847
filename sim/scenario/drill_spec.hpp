// SPDX-License-Identifier: MIT
#pragma once

// A drill (docs/drills.md): objectives, the capabilities that serve them,
// critical tasks tied to observable events of the run with target times, and
// injects that reuse the scenario's own sections. HSEEP's structure
// (objectives -> core capabilities -> critical tasks) on the run's events.

#include "sim/response/scenario.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// The observable events of a run that a critical task can be tied to.
enum class DrillEvent {
  warning_issued,    // the warning was issued
  call_answered,     // call-and-answer: a person answered (person:), or the last of a role (role:) or of all
  zone_warned,       // door knocking in a zone ended (zone:)
  dispatch,          // the first unit was sent to an inject's incident
  first_arrival,     // the first unit reached it
  full_arrival,      // every need of the plan's first alarm was on scene
  video_link,        // a unit with comms (the video link) reached the scene
  unit_arrival,      // a named unit reached it (unit:)
  cleared,           // the work on scene ended
  supply_delivered,  // a site's request was wholly delivered (site:, item:)
  fire_held,         // the wildfire was held
  zone_evacuated,    // the last household of a zone that left home did so (zone:)
};

inline constexpr std::string_view kDrillEventNames[] = {
    "warning_issued", "call_answered", "zone_warned",  "dispatch",         "first_arrival", "full_arrival",
    "video_link",     "unit_arrival",  "cleared",      "supply_delivered", "fire_held",     "zone_evacuated"};

std::string_view to_string(DrillEvent event);
std::optional<DrillEvent> drill_event_from(std::string_view name);
// Events of an incident (dispatch, arrivals, video link, cleared): they need `incident:`.
bool is_incident_event(DrillEvent event);

struct DrillObjective {
  std::string id;
  std::string text;
};

struct DrillCapability {
  std::string id;
  std::string name;
  std::vector<std::string> objectives;  // ids of the objectives it serves
};

// A critical task: one event of the run, where it happens, and the target
// time counted from a reference point.
struct CriticalTask {
  std::string id;
  std::string name;
  std::string capability;  // id
  DrillEvent event = DrillEvent::first_arrival;
  // Which occurrence of the event: the incident of an inject (by its name in
  // incident_list), a person, role, zone, unit, site or item.
  std::string incident, person, role, zone, unit, site, item;
  // What the time counts from: "start" (the drill's time 0), "call" (the
  // incident's call; the default for incident events) or another task's id.
  std::string from;
  double target_s = 0.0;
  std::size_t line = 0;  // in the drill file
};

// An inject: scenario sections added to the plan's scenario for the drill.
// `sections` is YAML text of a mapping from section names (incident_list,
// road_closures, outages, warning, chemical, fire) to what they add: list
// entries are appended to the scenario's, mappings set their keys.
struct DrillInject {
  std::string id;
  std::string description;
  double time_s = 0.0;  // when it is played (for the script and the maps): the earliest time it names
  std::string sections;
  std::size_t line = 0;
  std::vector<std::string> incidents;  // names of the incident_list entries it adds
};

struct DrillSpec {
  std::string name;
  std::string description;
  std::string scenario;       // the plan's scenario file, relative paths from the drill file's folder
  std::string start_clock;    // the clock time of time 0 for logs in clock times: "09:00" or ISO 8601; empty: the scenario's start
  double duration_s = 0.0;    // the drill's length (the scenario's horizon); 0: the scenario's
  int replications = 100;     // simulated replications for the expected times
  long long seed = -1;        // -1: the scenario's
  bool background = false;    // keep the scenario's random incident generators during the drill
  std::vector<DrillObjective> objectives;
  std::vector<DrillCapability> capabilities;
  std::vector<CriticalTask> tasks;
  std::vector<DrillInject> injects;
  std::string source_path;  // the drill file
  std::size_t scenario_line = 0;

  const CriticalTask* find_task(std::string_view id) const;
};

// Reads and checks a drill file (docs/drills.md): every problem with file,
// line, column and key (ScenarioError, exit status 2 in the CLI). The
// scenario path is resolved against the drill file's folder.
DrillSpec read_drill_file(const std::string& path);
DrillSpec read_drill_text(const std::string& text, const std::string& source_path);

// The scenario a drill plays: the plan's scenario with each inject's sections
// added (list entries appended, map keys set), its random incident
// generators dropped unless background_incidents, its horizon the drill's
// duration, its replications and seed the drill's. Throws ScenarioError for
// the plan's own problems, for problems of the entries an inject added
// (pointing at the inject in the drill file), and for a task whose
// `incident:` names no incident_list entry.
struct DrillScenario {
  Scenario scenario;
  std::string text;                     // the combined scenario YAML
  std::vector<double> inject_time_s;    // per inject: the earliest time it names (0 when none)
  std::map<std::size_t, std::string> incident_inject;  // incident_list index -> inject id
  std::map<std::size_t, std::string> closure_inject;   // road_closures index -> inject id
  std::map<std::size_t, std::string> outage_inject;    // outages index -> inject id
};
DrillScenario drill_scenario(const DrillSpec& drill);

}  // namespace dsim
