// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/hazard_arrival.hpp"
#include "sim/response/response_simulation.hpp"
#include "sim/warning/evacuation_routes.hpp"
#include "sim/warning/warning_model.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

namespace dsim {

inline constexpr double kNotYet = std::numeric_limits<double>::infinity();

// One household's run, people-weighted in the summaries.
struct HouseholdRecord {
  std::uint32_t zone = 0;
  std::uint32_t group = 0;
  std::uint32_t people = 0;
  NodeId home{};
  double warned_s = kNotYet;          // first warning heard
  int warned_by = -1;                 // channel of the first warning, -1: never warned
  bool complied = false;
  bool drives = false;
  double departed_s = kNotYet;
  double sheltered_s = kNotYet;       // reached a shelter
  int shelter = -1;
  double hazard_at_home_s = kNotYet;  // when the hazard reaches home (kNotYet: never)
  bool exposed = false;               // the hazard reached them at home or on the way
  bool blocked = false;               // stopped on the way by a closed road (coupled runs)
  double sheltered_in_place_s = kNotYet;  // went indoors at home on the warning (zones that shelter in place)
};

// One call-and-answer thread: command calling a responsible person about
// their zones; an escalation starts a new thread to the next level.
struct CallRecord {
  std::uint32_t person = 0;
  int escalated_from = -1;            // index of the call thread that escalated, -1: first level
  int attempts = 0;
  double started_s = kNotYet;
  double answered_s = kNotYet;
  bool escalated = false;             // this thread called the next level
  int missed_on_rescue = 0;           // attempts that failed because the person was out with their team
  int failed_no_network = 0;          // attempts that failed because the network was down in their zone
  bool by_fallback = false;           // answered through the fallback (messenger, radio relay)
};

// One stretch of door knocking by a unit of the forces.
struct KnockRecord {
  int unit = 0;                       // ResponseModel::units
  std::uint32_t channel = 0;
  std::uint32_t zone = 0;
  double queued_s = kNotYet;          // the channel started in the zone
  double started_s = kNotYet;         // the unit was free and began (kNotYet: never within the run)
  double ended_s = kNotYet;           // the last door of its share
  std::uint32_t households = 0;
};

struct ShelterRecord {
  std::int64_t capacity_people = 0;
  std::int64_t occupancy_people = 0;  // at the end (people only arrive)
  std::int64_t reserved_people = 0;   // assigned, including those still on the way or caught
};

struct WarningOutcome {
  double hazard_onset_s = kNotYet;
  double detected_s = kNotYet;
  double decided_s = kNotYet;
  double issued_s = kNotYet;
  std::vector<HouseholdRecord> households;
  std::vector<CallRecord> calls;
  std::vector<double> zone_acknowledged_s;        // per zone
  std::vector<std::vector<double>> feedback_s;    // per zone, per group: report reaches command
  std::vector<ShelterRecord> shelters;
  double all_feedback_s = kNotYet;                // command has feedback from every zone
  std::vector<KnockRecord> knocks;
  std::vector<std::uint64_t> channel_failed;      // per channel: contacts lost to an outage
  std::uint64_t events = 0;
};

// Runs one replication: detection, decision, issue, channels, call-and-answer,
// protective action and evacuation over the roads (point queues on the links
// for vehicles), exposure against the hazard's arrival times, and feedback.
// Random numbers come from streams keyed by (seed, replication, name) with
// one member per household and per call thread, so that two runs that differ
// in a delay use the same draws for the same people (common random numbers).
WarningOutcome simulate_warning(const WarningModel& model, const HazardArrival& hazard,
                                const EvacuationRoutes& routes, std::uint64_t seed, std::uint64_t replication);

// The same warning chain as a process in a response run's event loop (one
// event, one run): door-knocking teams and responsible people are units of
// the forces. A unit knocking is busy for the dispatcher; a unit out on an
// incident starts knocking when it is back; a responsible person whose unit
// is out on an incident does not answer. Evacuees stop at a road closed to
// standard vehicles. Random numbers as in simulate_warning.
class WarningProcess final : public CoupledProcess {
 public:
  WarningProcess(const WarningModel& model, const HazardArrival& hazard, const EvacuationRoutes& routes,
                 std::uint64_t seed, std::uint64_t replication);
  ~WarningProcess() override;
  void start(Simulation& sim, ResponseForces& forces) override;
  void handle(const Event& e) override;
  void unit_free(int unit) override;
  void finish() override;
  WarningOutcome take_outcome();
  // Called as evacuees reach a shelter (WarningModel::shelters index, people):
  // the logistics of the same run feeds them.
  void on_sheltered(std::function<void(int shelter, int people)> listener);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dsim
