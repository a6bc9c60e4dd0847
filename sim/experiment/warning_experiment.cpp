// SPDX-License-Identifier: MIT
#include "sim/experiment/warning_experiment.hpp"

#include <algorithm>
#include <cmath>

namespace dsim {

WarningSummary summarize_warning(const WarningModel& model, const WarningOutcome& o) {
  WarningSummary s;
  s.issued_s = o.issued_s;
  const std::size_t groups = model.groups.size();
  const std::size_t channels = model.channels.size();
  s.exposed_by_group.assign(groups, 0.0);
  const double step_s = model.report_step_s > 0.0 ? model.report_step_s : 60.0;
  const auto steps = static_cast<std::size_t>(std::floor(model.horizon_s / step_s)) + 1;
  for (std::size_t k = 0; k < steps; ++k) s.times_s.push_back(static_cast<double>(k) * step_s);
  s.warned_by_group.assign(groups, std::vector<double>(steps, 0.0));
  s.warned_by_channel.assign(channels, std::vector<double>(steps, 0.0));
  s.departed.assign(steps, 0.0);
  s.sheltered.assign(steps, 0.0);
  const auto add_at = [&](std::vector<double>& curve, double t_s, double n) {
    if (!(t_s < kNotYet)) return;
    const auto first = static_cast<std::size_t>(std::ceil(t_s / step_s));
    if (first < steps) curve[first] += n;
  };
  std::vector<double> group_people(groups, 0.0);
  for (const HouseholdRecord& h : o.households) {
    const double n = h.people;
    s.people += n;
    group_people[h.group] += n;
    if (h.warned_s < kNotYet) {
      s.people_warned += n;
      // Counted from the first report time at or after the warning.
      const auto first = static_cast<std::size_t>(std::ceil(h.warned_s / step_s));
      if (first < steps) {
        s.warned_by_group[h.group][first] += n;
        s.warned_by_channel[static_cast<std::size_t>(h.warned_by)][first] += n;
      }
    }
    const bool in_path = h.hazard_at_home_s <= model.horizon_s;
    if (in_path) {
      s.people_in_path += n;
      // Leaving as the hazard arrives counts as in time, as it does for exposure.
      if (h.departed_s < kNotYet && h.departed_s <= h.hazard_at_home_s) s.people_evacuated_in_time += n;
    }
    if (h.exposed) {
      s.people_exposed += n;
      s.exposed_by_group[h.group] += n;
    }
    if (h.sheltered_s < kNotYet) s.people_sheltered += n;
    if (h.sheltered_in_place_s < kNotYet) s.people_sheltered_in_place += n;
    add_at(s.departed, h.departed_s, n);
    add_at(s.sheltered, h.sheltered_s, n);
    if (h.blocked) s.people_blocked += n;
  }
  for (std::uint64_t n : o.channel_failed) s.contacts_lost_to_outages += static_cast<double>(n);
  for (const CallRecord& c : o.calls) {
    s.calls_failed_no_network += static_cast<std::size_t>(c.failed_no_network);
    s.calls_missed_on_rescue += static_cast<std::size_t>(c.missed_on_rescue);
    s.answered_by_fallback += c.by_fallback ? 1 : 0;
  }
  for (std::size_t g = 0; g < groups; ++g) {
    double run = 0.0;
    for (double& x : s.warned_by_group[g]) {
      run += x;
      x = group_people[g] > 0.0 ? run / group_people[g] : 0.0;
    }
  }
  for (std::size_t c = 0; c < channels; ++c) {
    double run = 0.0;
    for (double& x : s.warned_by_channel[c]) {
      run += x;
      x = s.people > 0.0 ? run / s.people : 0.0;
    }
  }
  for (std::vector<double>* curve : {&s.departed, &s.sheltered}) {
    double run = 0.0;
    for (double& x : *curve) {
      run += x;
      x = s.people > 0.0 ? run / s.people : 0.0;
    }
  }
  s.share_warned = s.people > 0.0 ? s.people_warned / s.people : 0.0;
  s.share_evacuated_in_time = s.people_in_path > 0.0 ? s.people_evacuated_in_time / s.people_in_path : 1.0;

  double attempts = 0.0, latency = 0.0;
  std::size_t answered = 0, second = 0, within = 0;
  for (const CallRecord& c : o.calls) {
    if (c.escalated) ++s.escalations;
    if (c.escalated_from >= 0) continue;
    ++s.calls;
    attempts += c.attempts;
    if (c.attempts >= 2) ++second;
    if (c.answered_s < kNotYet) {
      ++answered;
      latency += c.answered_s - c.started_s;
      if (c.answered_s - c.started_s <= model.acknowledgement_target_s) ++within;
    }
  }
  if (s.calls > 0) {
    s.mean_attempts = attempts / static_cast<double>(s.calls);
    s.share_second_call = static_cast<double>(second) / static_cast<double>(s.calls);
    s.share_within_target = static_cast<double>(within) / static_cast<double>(s.calls);
  }
  s.mean_acknowledgement_s = answered > 0 ? latency / static_cast<double>(answered) : kNotYet;
  s.all_feedback_s = o.all_feedback_s;
  for (const ShelterRecord& r : o.shelters) {
    s.shelter_occupancy.push_back(r.occupancy_people);
    s.shelter_capacity.push_back(r.capacity_people);
  }
  return s;
}

WarningExperiment run_warning_experiment(const WarningModel& model, const HazardArrival& hazard,
                                         const EvacuationRoutes& routes, std::uint64_t seed,
                                         std::size_t replications, int threads, const ProgressFn& on_progress,
                                         const std::atomic<bool>* cancel) {
  auto results = run_replications<WarningSummary>(
      replications, threads,
      [&](std::size_t r) { return summarize_warning(model, simulate_warning(model, hazard, routes, seed, r)); },
      on_progress, cancel);
  return {std::move(results.results), std::move(results.finished)};
}

std::vector<WarningExperiment> run_issue_delay_sweep(const WarningModel& model, const HazardArrival& hazard,
                                                     const EvacuationRoutes& routes, std::uint64_t seed,
                                                     std::size_t replications, int threads,
                                                     const std::vector<double>& issue_delays_s) {
  std::vector<WarningExperiment> out;
  for (double d : issue_delays_s) {
    WarningModel variant = model;
    variant.issue_delay_s = Distribution::fixed(d);
    out.push_back(run_warning_experiment(variant, hazard, routes, seed, replications, threads));
  }
  return out;
}

}  // namespace dsim
