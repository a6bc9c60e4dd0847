// SPDX-License-Identifier: MIT
#pragma once

// One reader per section of a scenario (docs/scenario-format.md), all on the
// shared field helpers. Private to sim/scenario/: scenario_reader.cpp calls
// them in order and then checks the references across sections.

#include "sim/hazards/flood_spec.hpp"
#include "sim/response/scenario.hpp"
#include "sim/scenario/field_reader.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dsim::detail {

using Severity = ScenarioProblem::Severity;

// What the section readers note for the checks across sections.
struct SectionNotes {
  bool stations_read = false;     // the stations section was a list
  bool rules_read = false;        // plan.responses was a map
  bool escalation_given = false;
  bool horizon_ok = true;         // the horizon is the default or was read
  bool hazard_raises_incidents = false;  // a fire, flood or chemical section that may raise incidents
  bool teams_clean = false;       // every team was read without a problem
  std::vector<bool> generator_has_severity;  // per generator: severity mix given
  std::vector<bool> incident_has_severity;   // per listed incident: severity given
};

void read_region(FieldReader& in, const Item& it, RegionSpec& region);
void read_stations(FieldReader& in, const Item& it, Scenario& s, SectionNotes& notes);
void read_teams(FieldReader& in, const Item& it, Scenario& s);
void read_generators(FieldReader& in, const Item& it, Scenario& s, SectionNotes& notes);
void read_incident_list(FieldReader& in, const Item& it, Scenario& s, SectionNotes& notes);
void read_road_closures(FieldReader& in, const Item& it, Scenario& s);
void read_outages(FieldReader& in, const Item& it, Scenario& s);
void read_plan(FieldReader& in, const Item& it, PlanSpec& plan, SectionNotes& notes);
void read_warning(FieldReader& in, const Item& it, Scenario& s);
// The flood refers to the plan and the teams: `scenario` holds the rest of the file, read already.
FloodSpec read_flood(FieldReader& in, const Item& it, const Scenario& scenario);
// The chemical section refers to the plan and the teams the same way.
std::shared_ptr<const ChemicalSpec> read_chemical(FieldReader& in, const Item& it, const Scenario& scenario);
// The fire section (sim/response/fire_spec.hpp) likewise.
std::shared_ptr<const FireSpec> read_fire(FieldReader& in, const Item& it, const Scenario& scenario);
// The logistics section (sim/logistics/logistics_spec.hpp) refers to the plan,
// the generators, the teams' vehicle classes, the banners and the warning's shelters.
std::shared_ptr<const LogisticsSpec> read_logistics(FieldReader& in, const Item& it, const Scenario& scenario);

// The incident type and severity of the calls a hazard raises (flood.rescue,
// chemical.casualties): keys `type` (default `type`) and `severity` of `f`;
// the type needs a rule in plan.responses, the severity one for that type
// (default: the type's first).
void read_raised_incident(FieldReader& in, const FieldReader::Fields& f, const Item& it, const Scenario& s,
                          std::string& type, std::string& severity);

// The vehicle classes the scenario's teams use, in order of first use;
// `standard_first`: "standard" (every team's default) first whether used or not.
std::vector<std::string> team_vehicle_classes(const Scenario& s, bool standard_first = false);

// A list of infrastructure names (power, mobile, broadcast, landline).
std::vector<std::string> read_infrastructure_list(FieldReader& in, const Item& it);
// A team id of the scenario's forces, checked against those read.
std::optional<std::string> read_team_id(FieldReader& in, const Item& it, const Scenario& s);

// References between sections: teams at stations that exist, incident types
// and severities with rules, needs the teams can meet, times within the run.
void check_references(FieldReader& in, Scenario& s, const SectionNotes& notes);

}  // namespace dsim::detail
