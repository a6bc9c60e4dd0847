// SPDX-License-Identifier: MIT
// The names, units and meanings of the response KPIs, in ResponseKpis order.
#include "sim/response/response_simulation.hpp"

#include "sim/core/statistics.hpp"
#include "sim/response/fire_circle.hpp"
#include "sim/response/response_run.hpp"

#include <string>
#include <utility>
#include <vector>

namespace dsim {

const char* unreached_name(Unreached reason) {
  switch (reason) {
    case Unreached::reached: return "reached";
    case Unreached::no_plan: return "no_plan";
    case Unreached::none_needed: return "none_needed";
    case Unreached::no_unit_free: return "no_unit_free";
    case Unreached::no_capable_unit: return "no_capable_unit";
    case Unreached::roads_closed: return "roads_closed";
    case Unreached::all_busy: return "all_busy";
    case Unreached::blocked_on_route: return "blocked_on_route";
    case Unreached::en_route_at_end: return "en_route_at_end";
  }
  return "reached";
}

namespace {

// What each reason means, for the KPI descriptions and summaries.
const char* unreached_meaning(Unreached reason) {
  switch (reason) {
    case Unreached::no_plan: return "nothing in the plan answers their type and severity";
    case Unreached::none_needed: return "the plan sends no units to them";
    case Unreached::no_unit_free: return "every capable unit was busy when they came (loss system)";
    case Unreached::no_capable_unit: return "no unit of the forces has a capability they need at any escalation step";
    case Unreached::roads_closed: return "a capable unit was free but no open road led to them";
    case Unreached::all_busy: return "every capable unit stayed busy, or was barred by level or banner, until the end";
    case Unreached::blocked_on_route: return "units were sent but wait on the road for a closure to lift";
    case Unreached::en_route_at_end: return "units were sent and were still driving when the run ended";
    case Unreached::reached: break;
  }
  return "";
}

}  // namespace

std::string unreached_description(Unreached reason) { return unreached_meaning(reason); }

std::vector<KpiInfo> kpi_infos(const ResponseModel& model) {
  std::vector<KpiInfo> infos = {
      {"incidents", "", "incidents called in after the warm-up"},
      {"lost_share", "1", "share of incidents no unit could take (loss systems)"},
      {"priority_within_5min_share", "1",
       "share of incidents of any type in built-up areas and industrial parks whose first unit of any kind "
       "arrived within 5 minutes of the call (broader than the fire circle: see fire_circle_within_5min_share)"},
      {"within_5min_share", "1", "share of all incidents reached within 5 minutes of the call"},
      {"mean_call_to_dispatch_s", "s", "mean time from the call to the first dispatch"},
      {"mean_first_arrival_s", "s", "mean time from the call to the first unit on scene, over the incidents reached"},
      {"p90_first_arrival_s", "s",
       "90th percentile of the time from the call to the first unit on scene, over the incidents reached"},
      {"comms_within_30min_share", "1",
       "share of incidents needing comms whose comms unit was on scene within 30 minutes of the call"},
      {"mean_comms_arrival_s", "s", "mean time from the call to the comms unit on scene"},
      {"fires_contained_share", "1", "share of growing fires whose full complement arrived before flashover"},
      {"mean_unit_utilisation", "1", "mean share of time units were committed"},
      {"max_unit_utilisation", "1", "largest share of time any unit was committed"},
      {"escalated_share", "1", "share of incidents that needed a higher level"},
      {"fire_circle_within_5min_share", "1",
       "5-minute fire circle (measure 16): share of fires of the plan.fire_circle types in its zones whose first "
       "fire-capable unit arrived within 5 minutes of the call (not reached: missed)"},
      {"fire_circle_mean_response_s", "s",
       "mean time from the call to the first fire-capable unit on scene, over the fire-circle fires one reached"},
      {"fire_circle_mean_turnout_s", "s",
       "mean turnout (dispatch to departure) of the first fire-capable unit on scene, over the fire-circle fires "
       "one reached"},
      {"fire_circle_mean_travel_s", "s",
       "mean travel (departure to arrival) of the first fire-capable unit on scene, over the fire-circle fires "
       "one reached"},
      {"not_reached", "",
       "incidents called in after the warm-up that no unit reached by the end of the run (lost ones included)"},
      {"not_reached_share", "1", "share of the incidents called in after the warm-up that no unit reached"},
      {"lost", "", "incidents no unit could take (loss systems)"},
  };
  // Built once: KpiInfo holds pointers to text that outlives it.
  static const std::vector<std::pair<std::string, std::string>> reason_kpis = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (int r = 1; r < kUnreachedReasons; ++r) {
      const auto reason = static_cast<Unreached>(r);
      out.emplace_back(std::string("not_reached_") + unreached_name(reason),
                       std::string("incidents called in after the warm-up no unit reached because ") +
                           unreached_meaning(reason));
    }
    return out;
  }();
  for (const auto& [name, description] : reason_kpis) infos.push_back({name.c_str(), "", description.c_str()});
  static const char* step_names[] = {"incidents_step0", "incidents_step1", "incidents_step2", "incidents_step3",
                                     "incidents_step4", "incidents_step5", "incidents_step6", "incidents_step7"};
  for (std::size_t s = 0; s < model.escalation.size() && s < 8; ++s)
    infos.push_back({step_names[s], "", "incidents whose highest escalation step was this one"});
  infos.push_back({"second_alarms", "", "growing fires called in after the warm-up that sounded a second alarm "
                                        "(flashover before the first alarm's crew was complete on scene)"});
  infos.push_back({"second_alarm_share", "1", "share of the growing fires that sounded a second alarm"});
  return infos;
}

std::vector<double> kpi_values(const ResponseKpis& k) {
  std::vector<double> v = {k.incidents,
                           k.lost_share,
                           k.priority_within_5min_share,
                           k.within_5min_share,
                           k.mean_call_to_dispatch_s,
                           k.mean_first_arrival_s,
                           k.p90_first_arrival_s,
                           k.comms_within_30min_share,
                           k.mean_comms_arrival_s,
                           k.fires_contained_share,
                           k.mean_unit_utilisation,
                           k.max_unit_utilisation,
                           k.escalated_share,
                           k.fire_circle_within_5min_share,
                           k.fire_circle_mean_response_s,
                           k.fire_circle_mean_turnout_s,
                           k.fire_circle_mean_travel_s,
                           k.not_reached,
                           k.not_reached_share,
                           k.lost};
  for (int r = 1; r < kUnreachedReasons; ++r)
    v.push_back(static_cast<std::size_t>(r) < k.not_reached_by_reason.size() ? k.not_reached_by_reason[static_cast<std::size_t>(r)] : 0.0);
  for (std::size_t s = 0; s < k.escalations_by_step.size() && s < 8; ++s) v.push_back(k.escalations_by_step[s]);
  v.push_back(k.second_alarms);
  v.push_back(k.second_alarm_share);
  return v;
}

namespace detail {

ResponseKpis ResponseRun::compute_kpis() const {
  ResponseKpis k;
  k.escalations_by_step.assign(model_.escalation.size(), 0.0);
  k.not_reached_by_reason.assign(kUnreachedReasons, 0.0);
  double n = 0, lost = 0, priority = 0, priority_ok = 0, within = 0, fires = 0, contained = 0, escalated = 0;
  double not_reached = 0;
  double comms_needed = 0, comms_ok = 0;
  RunningStats call_to_dispatch, first_arrival, comms_arrival;
  std::vector<double> first_arrivals;
  for (const IncidentOutcome& inc : incidents_) {
    if (!inc.measured) continue;
    ++n;
    if (inc.lost) ++lost;
    const double response_s = inc.first_arrival_s - inc.call_s;
    const bool reached = !std::isnan(response_s);
    if (!reached) {
      ++not_reached;
      k.not_reached_by_reason[static_cast<std::size_t>(inc.unreached)] += 1;
    }
    if (reached) {
      first_arrival.add(response_s);
      first_arrivals.push_back(response_s);
      if (response_s <= kFiveMinutes_s) ++within;
    }
    if (!std::isnan(inc.first_dispatch_s)) call_to_dispatch.add(inc.first_dispatch_s - inc.call_s);
    if (inc.zone >= 0) {
      const std::string& type = model_.zones[static_cast<std::size_t>(inc.zone)].type;
      if (type == "built_up" || type == "industrial_park") {
        ++priority;
        if (reached && response_s <= kFiveMinutes_s) ++priority_ok;
      }
    }
    bool needs_comms = false;
    for (const auto& need : model_.rule(inc.type, inc.severity).needs) needs_comms |= need.capability == kComms;
    if (needs_comms) {
      ++comms_needed;
      const double c = inc.comms_arrival_s - inc.call_s;
      if (!std::isnan(c)) {
        comms_arrival.add(c);
        if (c <= kThirtyMinutes_s) ++comms_ok;
      }
    }
    if (inc.growth >= 0) {
      ++fires;
      if (inc.contained) ++contained;
      if (!std::isnan(inc.second_alarm_s)) k.second_alarms += 1;
    }
    if (inc.highest_step > 0) ++escalated;
    k.escalations_by_step[static_cast<std::size_t>(inc.highest_step)] += 1;
  }
  auto share = [](double a, double b) { return b > 0 ? a / b : kNaN; };
  k.incidents = n;
  k.lost_share = share(lost, n);
  k.priority_within_5min_share = share(priority_ok, priority);
  k.within_5min_share = share(within, n);
  k.mean_call_to_dispatch_s = call_to_dispatch.count() ? call_to_dispatch.mean() : kNaN;
  k.mean_first_arrival_s = first_arrival.count() ? first_arrival.mean() : kNaN;
  k.p90_first_arrival_s = quantile(first_arrivals, 0.9);
  k.comms_within_30min_share = share(comms_ok, comms_needed);
  k.mean_comms_arrival_s = comms_arrival.count() ? comms_arrival.mean() : kNaN;
  k.fires_contained_share = share(contained, fires);
  k.escalated_share = share(escalated, n);
  k.growing_fires = fires;
  k.second_alarm_share = share(k.second_alarms, fires);
  k.not_reached = not_reached;
  k.not_reached_share = share(not_reached, n);
  k.lost = lost;
  add_fire_circle_kpis(model_, incidents_, k);
  return k;
}

}  // namespace detail

}  // namespace dsim
