// SPDX-License-Identifier: MIT
#pragma once

#include "sim/core/simulation.hpp"
#include "sim/network/edge_states.hpp"
#include "sim/response/response_model.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace dsim {

// Why no unit reached an incident by the end of the run.
enum class Unreached : std::uint8_t {
  reached,          // a unit arrived
  no_plan,          // nothing in the plan answers its type and severity (lost)
  none_needed,      // the plan answers it with no units
  no_unit_free,     // a loss system found every capable unit busy (lost)
  no_capable_unit,  // no unit of the forces has a capability it needs, at any escalation step
  roads_closed,     // a capable unit was free, but no open road led from its station
  all_busy,         // every capable unit stayed busy (or barred by level or banner) until the end
  blocked_on_route, // units were sent and wait on the road for a closure to lift
  en_route_at_end,  // units were sent and were still driving when the run ended
};
inline constexpr int kUnreachedReasons = 9;
// "reached", "no_plan", ... as written to the incidents table.
const char* unreached_name(Unreached reason);
// What it means, in words ("no open road led to them").
std::string unreached_description(Unreached reason);

// What happened to one incident. Times are absolute seconds; NaN when the
// moment never came (no unit arrived, the incident was lost, ...).
struct IncidentOutcome {
  int id = 0;
  int generator = -1;  // -1: from the explicit incident list
  int type = 0;
  int severity = 0;
  int zone = -1;
  int growth = -1;
  NodeId node{};
  double occurred_s = 0.0;
  double call_s = 0.0;
  double first_dispatch_s = 0.0;
  double first_arrival_s = 0.0;
  double full_arrival_s = 0.0;  // every need met on scene
  double comms_arrival_s = 0.0;
  double cleared_s = 0.0;
  double flashover_s = 0.0;  // growing fires only
  // The first unit with the fire capability: when it arrived, and its turnout
  // (dispatch to departure) and travel (departure to arrival).
  double first_fire_arrival_s = std::numeric_limits<double>::quiet_NaN();
  double first_fire_turnout_s = std::numeric_limits<double>::quiet_NaN();
  double first_fire_travel_s = std::numeric_limits<double>::quiet_NaN();
  int units_sent = 0;
  int people_needed = 0;
  int people_arrived = 0;
  int highest_step = 0;  // escalation step reached (0: first response only)
  bool lost = false;
  Unreached unreached = Unreached::reached;
  bool contained = false;  // fires: the full complement arrived before flashover
  bool measured = false;   // call after the warm-up
  // Growing fires: when the second alarm sounded (flashover with the first
  // alarm's crew not complete on scene); NaN: none.
  double second_alarm_s = std::numeric_limits<double>::quiet_NaN();
  int listed = -1;  // index in the model's explicit incidents (listed or raised by a hazard); -1: from a generator
};

struct DispatchOutcome {
  int incident = 0;
  int unit = 0;
  int step = 0;
  double dispatch_s = 0.0;
  double depart_s = 0.0;
  double arrival_s = 0.0;  // NaN if recalled before arriving
  double travel_s = 0.0;
  double release_s = 0.0;  // left the scene (or was recalled)
  double back_s = 0.0;     // available again at its station
};

struct UnitOutcome {
  int unit = 0;
  int dispatches = 0;
  double busy_s = 0.0;  // from dispatch to back at station, within the horizon
  double utilisation = 0.0;
  double duty_s = 0.0;  // held for a warning duty (door knocking), within the horizon
  int duties = 0;       // times it was held for one
};

// Key performance indicators of one replication (over measured incidents).
struct ResponseKpis {
  double incidents = 0;
  double lost_share = 0;
  double priority_within_5min_share = 0;  // built_up and industrial_park incidents reached <= 300 s after the call
  double within_5min_share = 0;           // all incidents
  double mean_call_to_dispatch_s = 0;
  double mean_first_arrival_s = 0;  // call -> first unit on scene
  double p90_first_arrival_s = 0;
  double comms_within_30min_share = 0;  // incidents needing comms, comms unit on scene <= 1800 s after call
  double mean_comms_arrival_s = 0;
  double fires_contained_share = 0;
  double mean_unit_utilisation = 0;
  double max_unit_utilisation = 0;
  double escalated_share = 0;  // reached step >= 1
  // The 5-minute fire circle (sim/response/fire_circle.hpp).
  double fire_circle_within_5min_share = 0;
  double fire_circle_mean_response_s = 0;
  double fire_circle_mean_turnout_s = 0;
  double fire_circle_mean_travel_s = 0;
  // What went wrong, counted (the means above are over the incidents reached).
  double not_reached = 0;        // measured incidents no unit reached by the end of the run (lost ones included)
  double not_reached_share = 0;  // of the measured incidents
  double lost = 0;               // measured incidents no unit could take (loss systems)
  std::vector<double> not_reached_by_reason;  // measured incidents, indexed by Unreached (reached: 0)
  std::vector<double> escalations_by_step;  // incidents whose highest step is k
  // Growing fires (measured) and those that sounded a second alarm.
  double growing_fires = 0;
  double second_alarms = 0;
  double second_alarm_share = 0;  // of the growing fires
};

struct ReplicationOutcome {
  std::vector<IncidentOutcome> incidents;
  std::vector<DispatchOutcome> dispatches;
  std::vector<UnitOutcome> units;
  ResponseKpis kpis;
  std::uint64_t events = 0;
};

// What the response lends to a process that shares its event loop (the
// warning chain): its units, for duties other than incidents.
class ResponseForces {
 public:
  virtual ~ResponseForces() = default;
  virtual double now() const = 0;
  // At its station and free: neither sent to an incident nor on another duty.
  virtual bool unit_available(int unit) const = 0;
  // Sent to an incident and not yet back at its station.
  virtual bool unit_on_incident(int unit) const = 0;
  // Takes an available unit off the dispatcher's list for another duty.
  virtual void hold_unit(int unit) = 0;
  // Gives a held unit back to the dispatcher, which then serves waiting calls.
  virtual void release_unit(int unit) = 0;
  // Whether a road is open to the vehicles of `vehicle_class` now.
  virtual bool edge_open(EdgeId edge, int vehicle_class) const = 0;
  // Raises an incident now (a wildfire reported, a village threatened): the
  // dispatcher answers it by the plan's rule for its type and severity after
  // a dispatch delay drawn from the plan (the stream of the process's k-th
  // raised incident). `work_s` is the work on scene; +inf: until the process
  // completes it; NaN: drawn from the plan's on-scene time for the type and
  // severity. Returns the incident's index in ReplicationOutcome::incidents.
  virtual int raise_incident(int type, int severity, NodeId node, int zone, double work_s) = 0;
  // Ends the work at an incident now: its units leave the scene or turn back.
  virtual void complete_incident(int incident) = 0;
  // Closes or reopens roads now (each change's time is not read). Closures
  // stack with the model's (a road reopens when the last closure ends).
  // Only for a process whose changes_roads() is true.
  virtual void change_roads(std::span<const RoadChange> changes) = 0;
  // An incident as the run knows it now (index as in ReplicationOutcome::incidents).
  virtual const IncidentOutcome& incident(int incident) const = 0;
  // Its work on scene in seconds at full pace: done so far (up to now), and
  // still to do (+inf: until the process completes it; 0: done).
  virtual double work_done_s(int incident) const = 0;
  virtual double work_left_s(int incident) const = 0;
  // The pace its work goes at now: the crew on scene over the crew it needs
  // (at most 1), times the supply pace below; 0 before anyone arrives.
  virtual double work_pace(int incident) const = 0;
  // Slows or stops the work for want of supplies: the pace is multiplied by
  // `factor` (1: supplied, 0: stopped) until set again.
  virtual void set_supply_pace(int incident, double factor) = 0;
  // The roads open to vehicles of a class now, to route a vehicle of the
  // process around closures; nullptr: no road changes in this run (free flow).
  virtual const EdgeStates* road_states(int vehicle_class) const = 0;
};

// A process that plays in the same event loop and clock as the response
// (one event, one run): the warning chain, a hazard stepped in the run. Its
// events carry kinds from kCoupledKindBase up; the response hands them back.
class CoupledProcess {
 public:
  static constexpr std::uint32_t kCoupledKindBase = 64;
  virtual ~CoupledProcess() = default;
  // Before the first event: schedules its own starting events.
  virtual void start(Simulation& sim, ResponseForces& forces) = 0;
  // One of its events (e.kind >= kCoupledKindBase).
  virtual void handle(const Event& e) = 0;
  // A unit is back at its station and free. The process may take it (hold_unit)
  // before the dispatcher gives it to a waiting call.
  virtual void unit_free(int /*unit*/) {}
  // After the last event.
  virtual void finish() {}
  // Whether the process closes roads (ResponseForces::change_roads): the run
  // then keeps per-class road states and routes units around closures.
  virtual bool changes_roads() const { return false; }
  // A unit arrived at an incident's scene; it left the scene (work done) or
  // was recalled on the way (arrived false).
  virtual void unit_arrived(int /*unit*/, int /*incident*/) {}
  virtual void unit_left(int /*unit*/, int /*incident*/, bool /*arrived*/) {}
  // The pace of an incident's work changed (ResponseForces::work_pace): units
  // arrived, supplies ran out or came.
  virtual void work_paced(int /*incident*/) {}
  // An incident's work ended (done, or completed by a process).
  virtual void work_ended(int /*incident*/) {}
  // Roads closed or reopened (the model's changes or a process's).
  virtual void roads_changed() {}
};

// Several processes in one response run: the k-th gets event kinds from
// kCoupledKindBase + k * kKindsEach (each process must stay within
// kKindsEach kinds of its own base, given at construction).
class CoupledProcesses final : public CoupledProcess {
 public:
  static constexpr std::uint32_t kKindsEach = 64;
  explicit CoupledProcesses(std::vector<CoupledProcess*> processes) : processes_(std::move(processes)) {}
  static std::uint32_t kind_base(std::size_t k) { return kCoupledKindBase + static_cast<std::uint32_t>(k) * kKindsEach; }
  void start(Simulation& sim, ResponseForces& forces) override {
    for (CoupledProcess* p : processes_) p->start(sim, forces);
  }
  void handle(const Event& e) override {
    const std::size_t k = (e.kind - kCoupledKindBase) / kKindsEach;
    if (k < processes_.size()) processes_[k]->handle(e);
  }
  void unit_free(int unit) override {
    for (CoupledProcess* p : processes_) p->unit_free(unit);
  }
  void finish() override {
    for (CoupledProcess* p : processes_) p->finish();
  }
  bool changes_roads() const override {
    for (const CoupledProcess* p : processes_)
      if (p->changes_roads()) return true;
    return false;
  }
  void unit_arrived(int unit, int incident) override {
    for (CoupledProcess* p : processes_) p->unit_arrived(unit, incident);
  }
  void unit_left(int unit, int incident, bool arrived) override {
    for (CoupledProcess* p : processes_) p->unit_left(unit, incident, arrived);
  }
  void work_paced(int incident) override {
    for (CoupledProcess* p : processes_) p->work_paced(incident);
  }
  void work_ended(int incident) override {
    for (CoupledProcess* p : processes_) p->work_ended(incident);
  }
  void roads_changed() override {
    for (CoupledProcess* p : processes_) p->roads_changed();
  }

 private:
  std::vector<CoupledProcess*> processes_;
};

// The incidents of one replication, drawn before the run from streams that
// depend only on the generators, so that two plans on the same seed face the
// same incidents (common random numbers). Sorted by time.
std::vector<IncidentOutcome> draw_incidents(const ResponseModel& model, std::uint64_t seed, std::uint64_t replication);

// Plays one replication of the response simulation.
// With `coupled`, that process plays in the same event loop and may hold units.
ReplicationOutcome simulate_response(const ResponseModel& model, const TravelOracle& travel, std::uint64_t seed,
                                     std::uint64_t replication, CoupledProcess* coupled = nullptr);

// Names of the KPIs in ResponseKpis order, with units, for tables and summaries.
struct KpiInfo {
  const char* name;
  const char* unit;
  const char* description;
};
std::vector<KpiInfo> kpi_infos(const ResponseModel& model);
std::vector<double> kpi_values(const ResponseKpis& kpis);

}  // namespace dsim
