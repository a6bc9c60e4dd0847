// SPDX-License-Identifier: MIT
#pragma once

// The state of one replication of the response simulation, shared by the
// files that implement it (response_simulation.cpp, response_roads.cpp,
// response_kpis.cpp). Internal: include response_simulation.hpp instead.

#include "sim/core/random.hpp"
#include "sim/core/simulation.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/edge_states.hpp"
#include "sim/network/road_network.hpp"
#include "sim/response/response_simulation.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace dsim::detail {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kFiveMinutes_s = 300.0;
constexpr double kThirtyMinutes_s = 1800.0;
constexpr int kComms = 5;  // index of "comms" in kCapabilityNames
static_assert(std::string_view(kCapabilityNames[kComms]) == "comms");
constexpr int kSatellite = 10;  // carries its own video link
static_assert(std::string_view(kCapabilityNames[kSatellite]) == "satellite");
constexpr int kFire = 0;
static_assert(std::string_view(kCapabilityNames[kFire]) == "fire");


enum EventKind : std::uint32_t { kDispatchDecision, kEscalate, kUnitArrives, kWorkDone, kUnitBack, kRoadChange, kFlashover };

class ResponseRun final : public ResponseForces {
 public:
  ResponseRun(const ResponseModel& model, const TravelOracle& travel, std::uint64_t seed, std::uint64_t replication,
              CoupledProcess* coupled)
      : model_(model), travel_(travel), seed_(seed), replication_(replication), coupled_(coupled) {}

  ReplicationOutcome run();

  // ResponseForces: the units lent to a coupled process.
  double now() const override { return sim_.now(); }
  bool unit_available(int unit) const override { return units_[static_cast<std::size_t>(unit)].available; }
  bool unit_on_incident(int unit) const override {
    const UnitState& u = units_[static_cast<std::size_t>(unit)];
    return !u.available && !u.held;
  }
  void hold_unit(int unit) override;
  int raise_incident(int type, int severity, NodeId node, int zone, double work_s) override;
  void complete_incident(int incident) override;
  void change_roads(std::span<const RoadChange> changes) override;
  void release_unit(int unit) override;
  bool edge_open(EdgeId edge, int vehicle_class) const override {
    return !roads_ || !roads_->states[static_cast<std::size_t>(vehicle_class)].is_closed(edge);
  }
  const IncidentOutcome& incident(int incident) const override { return incidents_[static_cast<std::size_t>(incident)]; }
  double work_done_s(int incident) const override;
  double work_left_s(int incident) const override;
  double work_pace(int incident) const override { return state_[static_cast<std::size_t>(incident)].work_rate; }
  void set_supply_pace(int incident, double factor) override;
  const EdgeStates* road_states(int vehicle_class) const override {
    return roads_ ? &roads_->states[static_cast<std::size_t>(vehicle_class)] : nullptr;
  }

 private:
  struct IncidentState {
    // People dispatched and on scene per need: need_people_[first_need + k]
    // (assigned) and need_people_[first_need + needs + k] (arrived), one
    // pool for all incidents instead of two small vectors each.
    std::uint32_t first_need = 0;
    int first_dispatch = -1;  // the incident's dispatches, linked through DispatchState::next
    int last_dispatch = -1;
    int step = 0;
    bool escalation_pending = false;
    bool done = false;
    bool roads_blocked = false;  // a free capable unit had no open road to it
    double work_s = 0.0;
    double work_done_s = 0.0;
    double work_rate = 0.0;
    double work_updated_s = 0.0;
    bool work_scheduled = false;
    EventId work_event{};
    bool decided = false;       // the dispatcher has taken the call
    bool second_alarm = false;  // a growing fire past flashover short of its first alarm's crew
    double crew_rate = 0.0;     // the crew on scene over the crew needed (at most 1)
    double supply_pace = 1.0;   // set by a process when supplies run short (work_rate = crew_rate * supply_pace)
  };
  struct UnitState {
    bool available = true;
    RandomStream turnout;
    bool held = false;        // on a duty of a coupled process
    double held_since_s = 0.0;
    double duty_s = 0.0;      // held time within [warm-up, horizon]
    int duties = 0;
  };
  // The units based at one station, and what its available ones can do.
  struct StationUnits {
    std::vector<int> units;
    CapabilitySet available_capabilities = 0;
    double min_inverse_speed = 1.0;  // 1 / the fastest unit's speed factor
  };
  struct DispatchState {
    EventId arrival_event{};
    int next = -1;  // the incident's next dispatch
    bool arrived = false;
    // With roads that change: the planned route and when the unit reaches
    // each of its nodes. A unit with no open route waits at route_nodes[0]
    // (blocked) until a change opens one.
    std::vector<NodeId> route_nodes;
    std::vector<double> route_at_s;
    bool blocked = false;
    bool en_route = false;   // dispatched, not yet arrived or recalled
    bool stranded = false;   // released but cut off from its station
  };
  // Roads closing and reopening during the run (ResponseModel::road_changes).
  struct Roads {
    std::vector<EdgeStates> states;  // per vehicle class
    // How many closures hold each edge shut, per class: overlapping closures
    // (a drill's and a flood's) reopen the road only when the last one ends.
    std::vector<std::vector<std::uint16_t>> holds;
    Router router;
    std::size_t next = 0;  // first change not yet applied
    std::vector<int> en_route;
    std::vector<int> stranded;
    Roads(const RoadNetwork& network, std::size_t classes) : states(classes, EdgeStates(network)),
          holds(classes, std::vector<std::uint16_t>(network.edge_count(), 0)),
          router(network) {}
  };

  int* assigned(IncidentState& st) { return need_people_.data() + st.first_need; }
  int* arrived(IncidentState& st, std::size_t needs) { return need_people_.data() + st.first_need + needs; }
  const int* assigned(const IncidentState& st) const { return need_people_.data() + st.first_need; }

  // The needs an incident has now: its rule's, grown by the second alarm once
  // that sounded. need_slots: how many per-need counters its pool holds.
  const std::vector<ResponseModel::Need>& needs_of(const IncidentState& st, const ResponseModel::Rule& rule) const {
    return st.second_alarm ? rule.escalated_needs : rule.needs;
  }
  static std::size_t need_slots(const IncidentOutcome& inc, const ResponseModel::Rule& rule) {
    return inc.growth >= 0 ? std::max(rule.needs.size(), rule.escalated_needs.size()) : rule.needs.size();
  }
  void decide(int incident);
  void flashover(int incident);
  void pace_work(int incident, double rate);
  void escalate(int incident);
  bool select_units(int incident);
  void select_available_units(int incident, int incident_banner);
  void set_available(int unit, bool available);
  bool has_shortfall(int incident) const;
  Unreached why_unreached(int incident) const;
  void dispatch(int incident, int unit);
  void unit_arrives(int dispatch);
  void advance_work(int incident);
  // The video link from the scene needs the mobile network there, or a unit that carries its own.
  bool link_possible(const IncidentOutcome& inc, const ResponseModel::Unit& unit) const {
    if (model_.outages.empty() || (unit.capabilities & (CapabilitySet{1} << kSatellite))) return true;
    const int zone = inc.zone >= 0 ? inc.zone
                     : index(inc.node) < model_.node_zone.size() ? model_.node_zone[index(inc.node)] : -1;
    return !model_.outages.down(zone, infrastructure_bit(Infrastructure::mobile), sim_.now());
  }
  void work_done(int incident);
  void unit_back(int dispatch);
  void serve_waiting();
  void release_duty_time(UnitState& us, double until_s) const;
  ResponseKpis compute_kpis() const;

  // Roads that change.
  void apply_road_changes();
  void apply_one(const RoadChange& c);
  void after_road_changes();
  void plan_route(int dispatch, NodeId from, double start_s);
  void replan(int dispatch);
  void try_return(int dispatch);
  Router& router_for(int unit);

  const ResponseModel& model_;
  const TravelOracle& travel_;
  std::uint64_t seed_;
  std::uint64_t replication_;
  CoupledProcess* coupled_;
  Simulation sim_;
  std::vector<IncidentOutcome> incidents_;
  std::vector<IncidentState> state_;
  std::vector<int> need_people_;
  std::vector<DispatchOutcome> dispatches_;
  std::vector<DispatchState> dispatch_state_;
  std::vector<UnitState> units_;
  std::size_t available_units_ = 0;
  std::vector<StationUnits> station_units_;
  double min_inverse_speed_ = 1.0;  // 1 / the fastest unit's speed factor
  std::set<std::pair<double, int>> waiting_;  // (call time, incident) with needs not yet met
  std::unique_ptr<Roads> roads_;              // null when no road ever changes
  std::vector<std::vector<double>> class_station_time_s_;
  int raised_ = 0;  // incidents raised by the coupled process so far  // scratch: per class with closures, per station
};

}  // namespace dsim::detail
