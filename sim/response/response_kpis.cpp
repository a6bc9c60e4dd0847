// SPDX-License-Identifier: MIT
// The names, units and meanings of the response KPIs, in ResponseKpis order.
#include "sim/response/response_simulation.hpp"

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
  return v;
}

}  // namespace dsim
