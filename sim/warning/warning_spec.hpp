// SPDX-License-Identifier: MIT
#pragma once

#include "sim/response/distribution.hpp"
#include "sim/response/scenario.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// The `warning:` section of a scenario as written (names, not indices);
// docs/scenario-format.md describes each key. build_warning_model binds it
// to a loaded region.

// A kind of resident who hears warnings differently (general, elderly, no_phone, ...).
struct WarningGroupSpec {
  std::string name;
  std::array<double, 24> awake_share;  // share awake by hour of day (asleep people miss most channels)
  double compliance = 0.9;             // probability a warned household leaves
  Distribution preparation_s = Distribution::fixed(600.0);  // warned -> leaves home
  double vehicle_share = 0.5;          // households that drive; the rest walk
  WarningGroupSpec() { awake_share.fill(1.0); }
};

// Teams of the forces that knock on doors for a channel, and where.
struct KnockingTeamSpec {
  std::string team;                // a team id of the scenario's forces
  std::vector<std::string> zones;  // warning zones it knocks in, in order
};

// A way of reaching people. Capacity, when given, is either outbound call
// lines (calls placed per minute over all covered zones) or door-knocking
// teams (teams per zone, households per team and hour).
struct WarningChannelSpec {
  std::string name;
  std::map<std::string, double> reach;  // group -> share of households it reaches (awake); missing: 0
  double reach_asleep = 0.0;            // share of sleeping households it still wakes
  Distribution delay_s = Distribution::fixed(0.0);  // per household, after the channel starts there
  std::vector<std::string> zones;       // coverage; empty: every populated zone
  bool after_acknowledgement = false;   // starts in a zone once its responsible person has answered
  double calls_per_minute = 0.0;        // > 0: outbound calls, one household a call
  int teams_per_zone = 0;               // > 0 with households_per_team_hour: door knocking
  double households_per_team_hour = 0.0;
  // Door knocking by named teams of the forces (instead of teams_per_zone):
  // while knocking they are busy for the dispatcher (one event, one run).
  std::vector<KnockingTeamSpec> teams;
  std::vector<std::string> needs;       // infrastructure it depends on: power, mobile, broadcast, landline
};

// A named person who must answer the warning call (叫应) for some zones.
struct ResponsiblePersonSpec {
  std::string id;
  std::string role;                     // village_head, grid_worker, township_official, ...
  std::vector<std::string> zones;       // zones they answer for; empty: only an escalation target
  double answer_probability = 0.8;      // per call
  double retry_interval_s = 120.0;      // between calls
  int attempts_before_escalation = 3;   // failed calls before the next level is called
  int max_attempts = 20;                // calls after which command gives up on this person
  std::string escalate_to;              // id of the next level; empty: none
  std::string team;                     // the team of the forces they serve in; empty: none. Out on a rescue, they cannot answer
};

struct ShelterSpec {
  std::string id;
  Location location;
  std::int64_t capacity_people = 0;
};

struct ZonePopulationSpec {
  std::string zone;
  std::map<std::string, std::int64_t> people;  // group -> people
};

// The built-in hazard: a front spreading from a place at a speed along the roads.
struct HazardFrontSpec {
  Location origin;
  double start_s = 0.0;
  double speed_mps = 1.0;
  double extent_m = std::numeric_limits<double>::infinity();  // farthest road distance it reaches
};

struct WarningSpec {
  std::string hazard_name = "front";
  std::optional<HazardFrontSpec> front;   // empty: the hazard comes from elsewhere (a flood run)
  Distribution detection_latency_s = Distribution::fixed(0.0);  // hazard onset -> detected
  std::optional<double> issue_at_s;        // a fixed decision time; empty: decide on detection
  Distribution issue_delay_s = Distribution::fixed(0.0);       // decision -> warning issued
  double start_hour = 0.0;                 // clock hour at time 0 (for who is asleep)
  double household_size = 3.0;
  double acknowledgement_target_s = 300.0;
  Distribution feedback_delay_s = Distribution::fixed(300.0);
  double walk_speed_mps = 1.2;
  bool instant_evacuation = false;         // evacuees reach the shelter the moment they leave
  double report_step_s = 60.0;             // time step of the warned-share curves
  std::vector<WarningGroupSpec> groups;
  std::vector<WarningChannelSpec> channels;
  std::vector<ResponsiblePersonSpec> responsible;
  std::vector<ShelterSpec> shelters;
  std::vector<ZonePopulationSpec> population;
  // Call-and-answer: what a call to a responsible person needs (infrastructure
  // names), and the fallback (a messenger, a radio relay) that reaches a
  // person whose zone is cut off, this long after the first call that failed
  // for it; empty: no fallback.
  std::vector<std::string> call_needs;
  std::optional<double> fallback_delay_s;
  // false: the teams named for warning duties are not taken from the
  // dispatcher (the plan as if the duties had teams of their own).
  bool shared_forces = true;
};

}  // namespace dsim
