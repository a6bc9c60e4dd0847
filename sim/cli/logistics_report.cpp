// SPDX-License-Identifier: MIT
#include "sim/cli/logistics_report.hpp"

#include "sim/cli/terminal.hpp"
#include "sim/logistics/logistics_kpis.hpp"
#include "sim/run/logistics_results.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

namespace dsim::cli {

namespace {

std::string percent(double share) { return std::isnan(share) ? "n/a" : fixed_significant(100.0 * share, 3) + " %"; }

std::string plus_minus_percent(double half) {
  return std::isnan(half) || std::isinf(half) ? "" : " ± " + fixed_significant(100.0 * half, 2) + " %";
}

// One unit per size, so that a mean and its p90 read alike: seconds, minutes, then hours.
std::string duration(double s) {
  if (std::isnan(s)) return "n/a";
  if (s < 120.0) return fixed_significant(std::round(s), 3) + " s";
  if (s < 7200.0) return fixed_significant(std::round(s / 60.0), 3) + " min";
  return fixed_significant(s / 3600.0, 3) + " h";
}

// Whole numbers and those of 1,000 or more with thousands separators, others to 3 significant digits.
std::string amount(double x) {
  if (std::isnan(x)) return "n/a";
  if (x >= 0.0 && x < 1e15 && (x == std::round(x) || x >= 1000.0))
    return with_thousands(static_cast<unsigned long long>(std::llround(x)));
  return fixed_significant(x, 3);
}

// The summary of one indicator of one item (item -1: the whole run).
const LogisticsKpiSummary* find(const std::vector<LogisticsKpiSummary>& all, int item, const char* name) {
  for (const LogisticsKpiSummary& s : all)
    if (s.item == item && s.name == name) return &s;
  return nullptr;
}

}  // namespace

void print_logistics_summary(const LogisticsModel& m, const ResponseModel& /*response*/, const ResponseExperiment& ex) {
  const std::size_t n = ex.logistics.size();
  if (n == 0) return;
  const std::vector<LogisticsKpis> reps = logistics_kpis_by_replication(m, ex);
  const std::vector<LogisticsKpiSummary> summary = summarise_logistics_kpis(m, reps);
  const auto mean = [&](int item, const char* name) {
    const LogisticsKpiSummary* s = find(summary, item, name);
    return s ? s->interval.mean : std::nan("");
  };
  const auto with_data = [&](int item, const char* name) {
    const LogisticsKpiSummary* s = find(summary, item, name);
    return s ? s->interval.count : std::size_t(0);
  };

  std::printf("\nStockpiles and logistics (mean over %zu replications; requests after the warm-up; shares of the units "
              "they asked for)\n", n);
  for (std::size_t i = 0; i < m.items.size(); ++i) {
    const LogisticsModel::Item& item = m.items[i];
    const int k = int(i);
    const std::string unit = item.unit.empty() ? std::string("unit") : item.unit;
    const std::size_t with_requests = with_data(k, "fill_rate");
    double unmet_units = 0.0, stockouts = 0.0;
    for (const LogisticsKpis& r : reps) {
      if (i >= r.items.size()) continue;
      if (r.items[i].requested > 0.0) unmet_units += r.items[i].unmet_share * r.items[i].requested;
      stockouts += r.items[i].stockouts;
    }
    unmet_units /= double(n);
    stockouts /= double(n);
    const std::string name = item.name.empty() || item.name == item.id ? item.id : item.id + " (" + item.name + ")";
    if (with_requests == 0) {
      std::printf("  %s: not requested in any replication; %s depot stock-outs\n", name.c_str(), amount(stockouts).c_str());
      continue;
    }
    const LogisticsKpiSummary* fill = find(summary, k, "fill_rate");
    std::printf("  %s: %s %s requested in %s requests\n", name.c_str(), amount(mean(k, "requested")).c_str(),
                unit.c_str(), amount(mean(k, "requests")).c_str());
    std::printf("    fill rate from stock %s%s; delivered by the end %s; backordered %s, requisitioned %s, unmet %s "
                "(over the %zu replications with requests)\n",
                percent(fill->interval.mean).c_str(), plus_minus_percent(fill->interval.half_width).c_str(),
                percent(mean(k, "delivered_share")).c_str(), percent(mean(k, "backordered_share")).c_str(),
                percent(mean(k, "requisitioned_share")).c_str(), percent(mean(k, "unmet_share")).c_str(), with_requests);
    const std::size_t delivered = with_data(k, "mean_delivery_s");
    if (delivered == 0)
      std::printf("    ! request to delivery: no request was wholly delivered in any replication\n");
    else
      std::printf("    request to delivery: mean %s, p90 %s (over the requests wholly delivered; in %zu of %zu "
                  "replications)\n",
                  duration(mean(k, "mean_delivery_s")).c_str(), duration(mean(k, "p90_delivery_s")).c_str(), delivered, n);
    const double open = mean(k, "requests_open");
    std::printf("    %snot delivered by the end: %s requests; unmet: %s %s\n", open > 0.0 || unmet_units > 0.0 ? "! " : "",
                amount(open).c_str(), amount(unmet_units).c_str(), unit.c_str());
    std::printf("    %sshortage: %s h at incidents, %s people-h without at shelters; %s depot stock-outs\n",
                mean(k, "incident_short_h") > 0.0 || mean(k, "shelter_people_h_without") > 0.0 ? "! " : "",
                amount(mean(k, "incident_short_h")).c_str(), amount(mean(k, "shelter_people_h_without")).c_str(),
                amount(stockouts).c_str());
  }

  // Stock-outs per depot, every depot, the empty ones flagged.
  if (!m.depots.empty()) {
    std::string line;
    for (std::size_t d = 0; d < m.depots.size(); ++d) {
      double outs = 0.0;
      for (const LogisticsKpis& r : reps) outs += d < r.depot_stockouts.size() ? r.depot_stockouts[d] : 0.0;
      outs /= double(n);
      line += (d ? ", " : "") + std::string(outs > 0.0 ? "! " : "") + m.depots[d].id + " " + amount(outs);
    }
    std::printf("  stock-outs per depot (mean over %zu replications): %s\n", n, line.c_str());
  }

  // The level-2 reserve: met at the start (the model's stock), held throughout (each replication).
  const std::vector<ReserveCompliance>& targets = reps.front().reserve;
  if (targets.empty()) {
    std::printf("  level-2 reserve: no targets set\n");
  } else {
    std::size_t at_start = 0, always = 0;
    std::vector<std::string> problems;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      const ReserveCompliance& c = targets[t];
      at_start += c.met_at_start;
      std::size_t held = 0;
      double lowest = std::numeric_limits<double>::infinity();
      for (const LogisticsKpis& r : reps) {
        if (t >= r.reserve.size()) continue;
        held += r.reserve[t].met_throughout;
        lowest = std::min(lowest, r.reserve[t].min_stock);
      }
      always += held == n;
      const std::string what = m.depots[std::size_t(c.depot)].id + " " + m.items[std::size_t(c.item)].id;
      const std::string unit = m.items[std::size_t(c.item)].unit;
      if (!c.met_at_start)
        problems.push_back(what + ": " + amount(c.initial) + " of " + amount(c.target) + " " + unit + " at the start");
      else if (held < n)
        problems.push_back(what + ": fell below " + amount(c.target) + " " + unit + " in " + std::to_string(n - held) +
                           " of " + std::to_string(n) + " replications (lowest " + amount(lowest) + ")");
    }
    std::printf("  level-2 reserve: %zu of %zu targets (depot and item) met at the start; %zu held throughout in every "
                "one of %zu replications\n", at_start, targets.size(), always, n);
    for (const std::string& p : problems) std::printf("    ! %s\n", p.c_str());
  }

  if (m.vehicles.empty())
    std::printf("  vehicles: none at the depots\n");
  else
    std::printf("  vehicles: utilisation %s mean over the %zu vehicles, busiest %s (each a mean over %zu replications)\n",
                percent(mean(-1, "mean_vehicle_utilisation")).c_str(), m.vehicles.size(),
                percent(mean(-1, "max_vehicle_utilisation")).c_str(), n);
}

}  // namespace dsim::cli
