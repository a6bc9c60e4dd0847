// SPDX-License-Identifier: MIT
#include "sim/response/incident_draws.hpp"

#include "sim/core/random.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace dsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int pick(const std::vector<double>& cumulative, double u) {
  const double target = u * cumulative.back();
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  if (it == cumulative.end()) --it;
  return static_cast<int>(it - cumulative.begin());
}

IncidentDraws draw_plan_free(const ResponseModel& model, RandomStream& work, IncidentOutcome& inc) {
  IncidentDraws d;
  inc.call_s = inc.occurred_s + model.call_delay_s.sample(work);
  d.dispatch_delay_s = model.dispatch_delay_s.sample(work);
  const ResponseModel::Rule& rule = model.rule(inc.type, inc.severity);
  d.work_s = rule.defined ? rule.on_scene_s.sample(work) : 0.0;
  if (inc.growth >= 0) {
    const double alpha = fire_growth_alpha_kw_s2(static_cast<FireGrowth>(inc.growth));
    inc.flashover_s = inc.occurred_s + std::sqrt(model.flashover_kw / alpha);
  }
  return d;
}

}  // namespace

double fire_growth_alpha_kw_s2(FireGrowth growth) {
  // 1055 kW (1000 BTU/s) reached after t_g = 600, 300, 150, 75 s.
  constexpr double kReference_kw = 1055.0;
  constexpr double kGrowthTime_s[] = {600.0, 300.0, 150.0, 75.0};
  const double tg = kGrowthTime_s[static_cast<int>(growth)];
  return kReference_kw / (tg * tg);
}

double fire_work_factor(FireGrowth growth, double burning_s, double flashover_kw, double heat_release_kw_m2,
                        double area_max_m2) {
  const double q_kw = fire_growth_alpha_kw_s2(growth) * burning_s * burning_s;
  const double cap_kw = heat_release_kw_m2 * area_max_m2;
  return std::max(1.0, std::min(q_kw, cap_kw) / flashover_kw);
}

int fire_growth_index(const std::string& name) {
  for (int i = 0; i < 4; ++i)
    if (name == kFireGrowthNames[i]) return i;
  return -1;
}

std::vector<std::pair<IncidentOutcome, IncidentDraws>> draw_all(const ResponseModel& model, std::uint64_t seed,
                                                                std::uint64_t replication) {
  std::vector<std::pair<IncidentOutcome, IncidentDraws>> out;
  auto blank = [](double t) {
    IncidentOutcome inc;
    inc.occurred_s = t;
    inc.first_dispatch_s = inc.first_arrival_s = inc.full_arrival_s = inc.comms_arrival_s = inc.cleared_s =
        inc.flashover_s = kNaN;
    return inc;
  };
  for (std::size_t g = 0; g < model.generators.size(); ++g) {
    const ResponseModel::Generator& gen = model.generators[g];
    if (!(gen.rate_per_s > 0.0) || gen.zones.empty()) continue;
    RandomStream rng(seed, replication, "incidents/" + gen.name);
    const std::uint64_t work_family = stream_name_hash("work/" + gen.name);
    const double peak_rate = gen.rate_per_s * gen.hourly_max * gen.monthly_max;  // thinning bound
    std::uint64_t ordinal = 0;
    for (double t = 0.0;;) {
      t += rng.exponential(1.0 / peak_rate);
      if (t >= model.horizon_s) break;
      const int hour = model.hour_at(t);
      const int month = model.month_at(t);
      // Thinning (Lewis & Shedler 1979) for the time-of-day and month
      // profiles; a rejected candidate draws nothing more. With a flat month
      // profile both sides are multiplied by exactly 1: the same draws.
      if (!(rng.uniform() * gen.hourly_max * gen.monthly_max <
            gen.hourly[static_cast<std::size_t>(hour)] * gen.monthly[static_cast<std::size_t>(month)]))
        continue;
      const int zone = gen.zones[static_cast<std::size_t>(pick(gen.zone_cumulative, rng.uniform()))];
      const auto& nodes = model.zones[static_cast<std::size_t>(zone)].nodes;
      const NodeId node = nodes[static_cast<std::size_t>(rng.below(nodes.size()))];
      const int severity = gen.severities[static_cast<std::size_t>(pick(gen.severity_cumulative, rng.uniform()))];
      int growth = -1;
      if (!gen.growths.empty())
        growth = gen.growths[static_cast<std::size_t>(pick(gen.growth_cumulative, rng.uniform()))];
      IncidentOutcome inc = blank(t);
      inc.generator = static_cast<int>(g);
      inc.type = gen.type;
      inc.severity = severity;
      inc.zone = zone;
      inc.growth = growth;
      inc.node = node;
      RandomStream work = RandomStream::member_of_hashed(seed, replication, work_family, ordinal++);
      IncidentDraws draws = draw_plan_free(model, work, inc);
      out.emplace_back(inc, draws);
    }
  }
  for (std::size_t k = 0; k < model.explicit_incidents.size(); ++k) {
    const ResponseModel::ExplicitIncident& e = model.explicit_incidents[k];
    IncidentOutcome inc = blank(e.time_s);
    inc.type = e.type;
    inc.severity = e.severity;
    inc.node = e.node;
    inc.zone = e.zone;
    inc.growth = e.growth;
    inc.listed = static_cast<int>(k);
    RandomStream work = RandomStream::member(seed, replication, "work/explicit", k);
    IncidentDraws draws = draw_plan_free(model, work, inc);
    out.emplace_back(inc, draws);
  }
  // Each generator's incidents are in time order already; merge them (and
  // the listed ones) by sorting indices, then move each incident once.
  std::vector<std::uint32_t> order(out.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&out](std::uint32_t a, std::uint32_t b) { return out[a].first.occurred_s < out[b].first.occurred_s; });
  std::vector<std::pair<IncidentOutcome, IncidentDraws>> sorted;
  sorted.reserve(out.size());
  for (std::uint32_t i : order) sorted.push_back(std::move(out[i]));
  out = std::move(sorted);
  for (std::size_t i = 0; i < out.size(); ++i) {
    IncidentOutcome& inc = out[i].first;
    inc.id = static_cast<int>(i);
    inc.measured = inc.call_s >= model.warmup_s && inc.call_s < model.horizon_s;
    const ResponseModel::Rule& rule = model.rule(inc.type, inc.severity);
    for (const auto& need : rule.needs) inc.people_needed += need.people;
  }
  return out;
}


std::vector<IncidentOutcome> draw_incidents(const ResponseModel& model, std::uint64_t seed, std::uint64_t replication) {
  std::vector<IncidentOutcome> out;
  for (auto& pair : draw_all(model, seed, replication)) out.push_back(pair.first);
  return out;
}

}  // namespace dsim
