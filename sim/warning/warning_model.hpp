// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/outage.hpp"
#include "sim/network/raw_network.hpp"
#include "sim/response/distribution.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

struct Region;
struct WarningSpec;

// A warning model bound to a road network: groups, channels, responsible
// people, shelters and households by zone, all by index. Plain data, shared
// read-only by every replication. Tests build one directly; scenarios go
// through build_warning_model.
struct WarningGroup {
  std::string name;
  std::array<double, 24> awake_share{};
  double compliance = 1.0;
  Distribution preparation_s = Distribution::fixed(0.0);
  double vehicle_share = 0.0;
  WarningGroup() { awake_share.fill(1.0); }
};

struct WarningChannel {
  std::string name;
  std::vector<double> reach;            // per group, in [0, 1]
  double reach_asleep = 0.0;
  Distribution delay_s = Distribution::fixed(0.0);
  std::vector<char> covers_zone;        // per warning zone; empty: all
  bool after_acknowledgement = false;
  double calls_per_minute = 0.0;        // > 0: one queue of outbound calls
  int teams_per_zone = 0;               // > 0: door knocking, per zone
  double households_per_team_hour = 0.0;
  // Door knocking by units of the forces: per warning zone, the units
  // (ResponseModel::units) that knock there; empty: no named teams.
  std::vector<std::vector<int>> zone_units;
  InfrastructureSet needs = 0;          // it reaches nobody where one of these is down

  bool is_calls() const { return calls_per_minute > 0.0; }
  bool has_units() const { return !zone_units.empty(); }
  bool is_door_knocking() const {
    return (teams_per_zone > 0 || has_units()) && households_per_team_hour > 0.0;
  }
  const std::vector<int>& units_in(std::size_t zone) const {
    static const std::vector<int> none;
    return zone < zone_units.size() ? zone_units[zone] : none;
  }
  bool covers(std::size_t zone) const { return covers_zone.empty() || covers_zone[zone] != 0; }
};

struct ResponsiblePerson {
  std::string id;
  std::string role;
  std::vector<std::size_t> zones;       // warning zones they answer for
  double answer_probability = 1.0;
  double retry_interval_s = 60.0;
  int attempts_before_escalation = 3;
  int max_attempts = 20;
  int escalate_to = -1;                 // index of the next level, -1: none
  int unit = -1;                        // unit of the forces they serve in (ResponseModel::units), -1: none
};

struct Shelter {
  std::string id;
  NodeId node{};
  std::int64_t capacity_people = 0;
};

// Where people live: the nodes of a zone (homes are spread over them) and
// how many people of each group.
struct WarningZone {
  std::string id;
  std::vector<NodeId> nodes;
  std::vector<std::int64_t> people;     // per group
  int region_zone = -1;                 // index of the zone in the region (and the response model)
  std::string name;                     // the region zone's name (may be empty)
};

struct WarningModel {
  std::vector<WarningGroup> groups;
  std::vector<WarningChannel> channels;
  std::vector<ResponsiblePerson> responsible;
  std::vector<Shelter> shelters;
  std::vector<WarningZone> zones;

  Distribution detection_latency_s = Distribution::fixed(0.0);
  std::optional<double> issue_at_s;     // fixed decision time; empty: on detection
  Distribution issue_delay_s = Distribution::fixed(0.0);
  double start_hour = 0.0;
  double household_size = 3.0;
  double acknowledgement_target_s = 300.0;
  Distribution feedback_delay_s = Distribution::fixed(0.0);
  double walk_speed_mps = 1.2;
  bool instant_evacuation = false;
  double report_step_s = 60.0;
  double horizon_s = 86'400.0;

  // Outages by region zone; a call to a responsible person needs
  // `call_needs` up in their first zone, else it fails; the fallback reaches
  // them fallback_delay_s after the first such failure (+inf: no fallback).
  OutageMap outages;
  InfrastructureSet call_needs = 0;
  double fallback_delay_s = std::numeric_limits<double>::infinity();
  bool shared_forces = true;  // false: duties never hold units, people answer whatever their team does
  // Per warning zone: 1 when warned households that comply shelter in place
  // (a chemical release's protective action) rather than leave; empty: all leave.
  std::vector<char> shelter_in_place;
  // When the hazard reaches people sheltering indoors, per node (a release's
  // indoor air); empty: when it reaches the node.
  std::vector<double> indoor_arrival_s;
  bool shelters_in(std::size_t zone) const { return zone < shelter_in_place.size() && shelter_in_place[zone] != 0; }
};

// Vehicle capacity of one direction of a road of each class, vehicles per
// hour (docs/models.md, "Warning and evacuation").
double road_capacity_vph(RoadClass road_class);

struct ResponseModel;

// Binds a warning section to a region: zone and group names to indices,
// shelter locations to nodes. Throws ScenarioError-compatible InputError
// (naming `file`) for names the region does not have or a populated zone
// without a road node. Teams named for warning duties (knocking, the team
// of a responsible person) are bound to the units of `forces`; without
// forces such names are an error.
WarningModel build_warning_model(const WarningSpec& spec, const Region& region, double horizon_s,
                                 const std::string& file = {}, const ResponseModel* forces = nullptr);

}  // namespace dsim
