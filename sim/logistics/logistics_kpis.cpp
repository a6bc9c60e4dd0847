// SPDX-License-Identifier: MIT
// The indicators of one replication's logistics, from its outcome
// (logistics_kpis.hpp says what each one is over).
#include "sim/logistics/logistics_kpis.hpp"

#include "sim/core/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace dsim {

namespace {

bool valid(int i, std::size_t n) { return i >= 0 && static_cast<std::size_t>(i) < n; }

// a / b, NaN when nothing was asked for.
double share(double a, double b) { return b > 0.0 ? a / b : std::numeric_limits<double>::quiet_NaN(); }

}  // namespace

LogisticsKpis logistics_kpis(const LogisticsModel& model, const LogisticsOutcome& outcome) {
  const std::size_t items = model.items.size();
  const std::size_t depots = model.depots.size();
  LogisticsKpis k;
  k.items.resize(items);
  k.depot_stockouts.assign(depots, 0.0);

  // Sums of the measured requests, per item.
  struct Sums {
    double from_stock = 0.0, backordered = 0.0, requisitioned = 0.0, unmet = 0.0, delivered = 0.0;
    std::vector<double> delivery_s;
  };
  std::vector<Sums> sums(items);
  for (const SupplyRequest& r : outcome.requests) {
    if (!r.measured || !valid(r.item, items)) continue;
    LogisticsItemKpis& ik = k.items[std::size_t(r.item)];
    Sums& s = sums[std::size_t(r.item)];
    ik.requested += r.quantity;
    ik.requests += 1.0;
    s.from_stock += r.from_stock;
    s.backordered += r.backordered;
    s.requisitioned += r.requisitioned;
    s.unmet += r.unmet;
    s.delivered += r.delivered;
    if (std::isnan(r.completed_s))
      ik.requests_open += 1.0;
    else
      s.delivery_s.push_back(r.completed_s - r.requested_s);
  }
  for (std::size_t i = 0; i < items; ++i) {
    LogisticsItemKpis& ik = k.items[i];
    const Sums& s = sums[i];
    ik.fill_rate = share(s.from_stock, ik.requested);
    ik.backordered_share = share(s.backordered, ik.requested);
    ik.requisitioned_share = share(s.requisitioned, ik.requested);
    ik.unmet_share = share(s.unmet, ik.requested);
    ik.delivered_share = share(s.delivered, ik.requested);
    if (!s.delivery_s.empty()) {
      double total = 0.0;
      for (double t : s.delivery_s) total += t;
      ik.mean_delivery_s = total / double(s.delivery_s.size());
      ik.p90_delivery_s = quantile(s.delivery_s, 0.9);
    }
  }

  for (const SiteShortage& s : outcome.shortages) {
    if (!valid(s.item, items)) continue;
    LogisticsItemKpis& ik = k.items[std::size_t(s.item)];
    if (s.kind == SiteKind::incident) {
      if (s.measured) ik.incident_short_h += s.short_s / 3600.0;
    } else {
      ik.shelter_people_h_without += s.people_hours_without;
    }
  }

  for (const DepotItemOutcome& d : outcome.depot_items) {
    if (valid(d.item, items)) k.items[std::size_t(d.item)].stockouts += d.stockouts;
    if (valid(d.depot, depots)) k.depot_stockouts[std::size_t(d.depot)] += d.stockouts;
  }

  // The reserve targets against the lowest stock the run saw.
  k.reserve = reserve_compliance(model);
  int met = 0;
  for (ReserveCompliance& c : k.reserve) {
    for (const DepotItemOutcome& d : outcome.depot_items)
      if (d.depot == c.depot && d.item == c.item) {
        c.min_stock = d.min_stock;
        c.met_throughout = d.min_stock >= c.target;
        break;
      }
    met += c.met_at_start ? 1 : 0;
  }
  if (!k.reserve.empty()) k.reserve_met_share = double(met) / double(k.reserve.size());

  if (!outcome.vehicles.empty()) {
    double total = 0.0, most = -std::numeric_limits<double>::infinity();
    for (const VehicleOutcome& v : outcome.vehicles) {
      total += v.utilisation;
      most = std::max(most, v.utilisation);
    }
    k.mean_vehicle_utilisation = total / double(outcome.vehicles.size());
    k.max_vehicle_utilisation = most;
  }
  return k;
}

}  // namespace dsim
