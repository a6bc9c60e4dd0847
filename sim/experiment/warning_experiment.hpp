// SPDX-License-Identifier: MIT
#pragma once

#include "sim/experiment/replications.hpp"
#include "sim/hazards/hazard_arrival.hpp"
#include "sim/warning/evacuation_routes.hpp"
#include "sim/warning/warning_model.hpp"
#include "sim/warning/warning_simulation.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dsim {

// The outcome measures of one replication (people-weighted shares).
struct WarningSummary {
  double issued_s = kNotYet;
  double people = 0.0;
  double people_warned = 0.0;
  double people_in_path = 0.0;              // the hazard reaches their home within the run
  double people_evacuated_in_time = 0.0;    // in the path and left before the hazard reached home
  double people_exposed = 0.0;
  double people_sheltered = 0.0;
  double people_sheltered_in_place = 0.0;  // warned in a zone that shelters in place, and did
  double share_warned = 0.0;
  double share_evacuated_in_time = 0.0;     // of the people in the path; 1 when nobody is
  double people_blocked = 0.0;              // stopped on the way by a closed road (coupled runs)
  double contacts_lost_to_outages = 0.0;    // household contacts that failed for an outage
  std::size_t calls_failed_no_network = 0;  // call-and-answer attempts that failed for an outage
  std::size_t calls_missed_on_rescue = 0;   // attempts unanswered because the person was out on a rescue
  std::size_t answered_by_fallback = 0;     // call threads answered through the fallback
  std::vector<double> exposed_by_group;     // people
  // Call-and-answer over first-level calls.
  std::size_t calls = 0;
  double mean_attempts = 0.0;
  double mean_acknowledgement_s = 0.0;      // over answered calls, from the first call
  double share_second_call = 0.0;           // needed more than one call
  double share_within_target = 0.0;         // answered within the target time
  std::size_t escalations = 0;
  double all_feedback_s = kNotYet;          // issue -> command has feedback from every zone (absolute time)
  std::vector<std::int64_t> shelter_occupancy;  // people at the end, per shelter
  std::vector<std::int64_t> shelter_capacity;
  // Warned share by time: times[k] = k * step; by group [group][k] (of the group's people), by
  // first channel [channel][k] (of all people).
  std::vector<double> times_s;
  std::vector<std::vector<double>> warned_by_group;
  std::vector<std::vector<double>> warned_by_channel;
  std::vector<double> departed;   // share of all people who have left home, by time
  std::vector<double> sheltered;  // share of all people in a shelter, by time
};

WarningSummary summarize_warning(const WarningModel& model, const WarningOutcome& outcome);

struct WarningExperiment {
  std::vector<WarningSummary> replications;  // in replication order
  std::vector<bool> finished;
};

// Replications in parallel over `threads` (0: OpenMP default); the results
// do not depend on the thread count.
WarningExperiment run_warning_experiment(const WarningModel& model, const HazardArrival& hazard,
                                         const EvacuationRoutes& routes, std::uint64_t seed,
                                         std::size_t replications, int threads, const ProgressFn& on_progress = {},
                                         const std::atomic<bool>* cancel = nullptr);

// The same replications (same seed: common random numbers) once per issue
// delay, the model's issue delay replaced by each fixed value in turn.
std::vector<WarningExperiment> run_issue_delay_sweep(const WarningModel& model, const HazardArrival& hazard,
                                                     const EvacuationRoutes& routes, std::uint64_t seed,
                                                     std::size_t replications, int threads,
                                                     const std::vector<double>& issue_delays_s);

}  // namespace dsim
