// SPDX-License-Identifier: MIT
#include "sim/response/fire_circle.hpp"

#include "sim/core/statistics.hpp"

#include <cmath>
#include <limits>

namespace dsim {

namespace {

bool flag(const std::vector<bool>& flags, int i) {
  return i >= 0 && static_cast<std::size_t>(i) < flags.size() && flags[static_cast<std::size_t>(i)];
}

}  // namespace

bool in_fire_circle(const ResponseModel& model, const IncidentOutcome& incident) {
  return flag(model.fire_circle_type, incident.type) && flag(model.fire_circle_zone, incident.zone);
}

void add_fire_circle_kpis(const ResponseModel& model, std::span<const IncidentOutcome> incidents, ResponseKpis& kpis) {
  constexpr double kFiveMinutes_s = 300.0;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double counted = 0, within = 0;
  RunningStats response, turnout, travel;
  for (const IncidentOutcome& inc : incidents) {
    if (!inc.measured || !in_fire_circle(model, inc)) continue;
    ++counted;
    const double response_s = inc.first_fire_arrival_s - inc.call_s;
    if (std::isnan(response_s)) continue;
    if (response_s <= kFiveMinutes_s) ++within;
    response.add(response_s);
    turnout.add(inc.first_fire_turnout_s);
    travel.add(inc.first_fire_travel_s);
  }
  kpis.fire_circle_within_5min_share = counted > 0 ? within / counted : kNaN;
  kpis.fire_circle_mean_response_s = response.count() ? response.mean() : kNaN;
  kpis.fire_circle_mean_turnout_s = turnout.count() ? turnout.mean() : kNaN;
  kpis.fire_circle_mean_travel_s = travel.count() ? travel.mean() : kNaN;
}

}  // namespace dsim
