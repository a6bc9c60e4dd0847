// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/outage.hpp"
#include "sim/network/dijkstra.hpp"  // kUnreachable
#include "sim/network/raw_network.hpp"
#include "sim/network/road_change.hpp"
#include "sim/response/distribution.hpp"
#include "sim/response/scenario.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace dsim {

// Bit i set: the unit has capability i (kCapabilityNames).
using CapabilitySet = std::uint32_t;

class RoadNetwork;

// The stations near one node, nearest first (ties: lower index first): every
// station whose free-flow time to the node is <= covered_s. With covered_s
// infinite, every station, those with no road to the node last at +inf.
struct StationTimes {
  std::span<const std::uint16_t> stations;
  std::span<const float> times_s;  // free-flow seconds, station to node, as 32-bit floats
  double covered_s = 0.0;
};

// Travel times over the road network, as the response simulation needs them:
// from a station out to any node, and from any node back to a station.
// Implementations must be safe to call from several threads at once, and
// give the same answer to the same question whatever was asked before.
class TravelOracle {
 public:
  virtual ~TravelOracle() = default;
  // Seconds from station `station` to `node` at free-flow speed x speed_factor; +inf if unreachable.
  // Times must scale as 1 / speed_factor (the dispatcher relies on it).
  virtual double to_node_s(int station, NodeId node, double speed_factor) const = 0;
  // Seconds from `node` back to station `station`.
  virtual double to_station_s(NodeId node, int station, double speed_factor) const = 0;
  // The stations within at least `at_least_s` of `node` (more is allowed),
  // nearest first. The spans stay valid as long as the oracle.
  virtual StationTimes stations_within(NodeId node, double at_least_s) const = 0;
};

// The scenario bound to a road network: names resolved to indices and nodes.
// Immutable and shared by all replications.
struct ResponseModel {
  struct Zone {
    std::string id;
    std::string type;  // built_up, industrial_park, village, grassland
    double population = 0.0;
    int banner = -1;
    std::vector<NodeId> nodes;
  };
  struct Station {
    std::string id;
    NodeId node{};
    int banner = -1;  // -1: serves every banner
  };
  struct Unit {
    std::string id;  // team id, with "#k" for crew k of a team of several crews
    int team = 0;
    int station = 0;
    TeamLevel level = TeamLevel::township;
    int people = 1;
    CapabilitySet capabilities = 0;
    double speed_factor = 1.0;
    int vehicle_class = 0;  // index into vehicle_classes
    Distribution turnout_s;
  };
  struct Need {
    int capability = 0;
    int people = 1;
  };
  struct Rule {
    bool defined = false;
    std::vector<Need> needs;  // the first need drives the pace of the work
    Distribution on_scene_s;
    // A growing fire's needs once its second alarm sounds: `needs` grown by
    // the second alarm's, the first alarm's needs first and in their order.
    // Empty: no second alarm (the model builder always fills it).
    std::vector<Need> escalated_needs;
  };
  struct Generator {
    std::string name;
    int type = 0;
    double rate_per_s = 0.0;
    std::vector<int> zones;
    std::vector<double> zone_cumulative;  // cumulative weights over `zones`
    std::array<double, 24> hourly{};      // relative rate by hour, mean 1
    double hourly_max = 1.0;
    // Relative rate by calendar month, 1 on average over a 365-day year.
    std::array<double, 12> monthly{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    double monthly_max = 1.0;
    std::vector<int> severities;
    std::vector<double> severity_cumulative;
    std::vector<int> growths;  // fire growth classes (FireGrowth), empty: not a fire
    std::vector<double> growth_cumulative;
  };
  struct ExplicitIncident {
    double time_s = 0.0;
    int type = 0;
    int severity = 0;
    NodeId node{};
    int zone = -1;
    int growth = -1;
    std::string name;  // its name in incident_list (incident_list[K] without one), or the key of the hazard that raised it
  };
  struct Step {
    std::uint32_t levels = 0;  // bit per TeamLevel
    double request_delay_s = 0.0;
  };

  std::vector<std::string> incident_types;
  std::vector<std::string> severities;
  std::vector<std::string> banners;
  std::vector<Zone> zones;
  std::vector<Station> stations;
  std::vector<Unit> units;
  std::vector<Generator> generators;
  std::vector<ExplicitIncident> explicit_incidents;
  std::vector<Rule> rules;  // [type * severities.size() + severity]
  std::vector<Step> escalation;
  std::array<int, kTeamLevelCount> step_of_level{};  // ladder step a level joins at; -1: never dispatched
  std::vector<int> node_zone;                          // zone of each node, -1 if none
  // The 5-minute fire circle (measure 16): incident types and zones it
  // counts, by index; missing entries count as false.
  std::vector<bool> fire_circle_type;
  std::vector<bool> fire_circle_zone;

  // Roads that close and reopen during the run, sorted by time. While any
  // road is closed to a unit's class, its travel is searched on the network
  // (which must then be set) instead of read from the free-flow tables.
  std::vector<std::string> vehicle_classes{"standard"};
  std::vector<RoadChange> road_changes;
  const RoadNetwork* network = nullptr;

  // Networks and power cut during the run, per zone: a comms unit sets up
  // the video link only where the mobile network is up, unless it carries
  // its own (the satellite capability).
  OutageMap outages;

  Distribution call_delay_s;
  Distribution dispatch_delay_s;
  bool mutual_aid = true;
  bool queue_when_busy = true;
  double flashover_kw = 1000.0;
  double fire_heat_release_kw_m2 = 250.0;  // heat release rate per unit floor area
  double fire_area_max_m2 = 20.0;          // floor area a fire can involve at most
  double horizon_s = 86'400.0;
  double warmup_s = 0.0;
  std::chrono::sys_days start_date{kDefaultStartDate};  // the day at time 0
  double start_clock_s = 0.0;                          // clock time at time 0, seconds after midnight

  // Calendar month (0: January) at `time_s` seconds from the start.
  int month_at(double time_s) const {
    const int days = static_cast<int>((time_s + start_clock_s) / 86'400.0);
    const std::chrono::year_month_day day{start_date + std::chrono::days{days}};
    return static_cast<int>(static_cast<unsigned>(day.month())) - 1;
  }
  // Clock hour (0..23) at `time_s` seconds from the start.
  int hour_at(double time_s) const {
    return static_cast<int>(static_cast<std::uint64_t>((time_s + start_clock_s) / 3'600.0) % 24);
  }

  const Rule& rule(int type, int severity) const {
    return rules[static_cast<std::size_t>(type) * severities.size() + static_cast<std::size_t>(severity)];
  }
};

// t-squared fire growth (NFPA 72 / NFPA 92 classes): Q(t) = alpha t^2.
enum class FireGrowth : int { slow, medium, fast, ultrafast };
inline constexpr const char* kFireGrowthNames[] = {"slow", "medium", "fast", "ultrafast"};
// alpha in kW/s^2: 1055 kW reached in 600, 300, 150 and 75 s.
double fire_growth_alpha_kw_s2(FireGrowth growth);
int fire_growth_index(const std::string& name);  // -1 if unknown
// How many times the drawn work a fire needs when its crew starts after
// `burning_s` seconds of burning: the area involved then over the area at
// flashover, Q = min(alpha t^2, q A_max) and area = Q / q (EN 1991-1-2
// Annex E); 1 before flashover (docs/models.md, "Structure fires that grow").
double fire_work_factor(FireGrowth growth, double burning_s, double flashover_kw, double heat_release_kw_m2,
                        double area_max_m2);

}  // namespace dsim
