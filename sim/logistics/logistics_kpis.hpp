// SPDX-License-Identifier: MIT
#pragma once

// The indicators of one replication's logistics (issue: fill rate, delivery
// times, shortage-hours, stock-outs, reserve compliance, vehicle use),
// computed from its outcome. Requests count when measured (after the
// warm-up); every mean says what it is over.

#include "sim/logistics/logistics_model.hpp"
#include "sim/logistics/logistics_process.hpp"

#include <limits>
#include <vector>

namespace dsim {

struct LogisticsItemKpis {
  double requested = 0.0;  // units asked for by measured requests
  // Shares of `requested` (NaN when nothing was requested):
  double fill_rate = std::numeric_limits<double>::quiet_NaN();  // issued from depot stock on hand
  double backordered_share = std::numeric_limits<double>::quiet_NaN();
  double requisitioned_share = std::numeric_limits<double>::quiet_NaN();
  double unmet_share = std::numeric_limits<double>::quiet_NaN();     // nobody could supply
  double delivered_share = std::numeric_limits<double>::quiet_NaN(); // reached the site by the end
  double requests = 0.0;            // measured requests
  double requests_open = 0.0;       // of them, not wholly delivered by the end
  // Request to its last unit delivered, over the measured requests wholly delivered.
  double mean_delivery_s = std::numeric_limits<double>::quiet_NaN();
  double p90_delivery_s = std::numeric_limits<double>::quiet_NaN();
  double incident_short_h = 0.0;          // summed over measured incidents
  double shelter_people_h_without = 0.0;  // summed over shelters
  double stockouts = 0.0;                 // summed over depots
};

// A depot's level-2 reserve target for one item against its stock.
struct ReserveCompliance {
  int depot = 0;
  int item = 0;
  double target = 0.0;
  double initial = 0.0;
  double min_stock = 0.0;      // over the run (the initial stock without an outcome)
  bool met_at_start = false;   // initial >= target
  bool met_throughout = false; // min_stock >= target
};

struct LogisticsKpis {
  std::vector<LogisticsItemKpis> items;      // per item
  std::vector<double> depot_stockouts;       // per depot, over its items
  std::vector<ReserveCompliance> reserve;    // every depot and item with a target
  double reserve_met_share = std::numeric_limits<double>::quiet_NaN();  // of `reserve`, met at the start
  double mean_vehicle_utilisation = std::numeric_limits<double>::quiet_NaN();  // over the vehicles
  double max_vehicle_utilisation = std::numeric_limits<double>::quiet_NaN();
};

LogisticsKpis logistics_kpis(const LogisticsModel& model, const LogisticsOutcome& outcome);
// Compliance at the start only (dsim validate): from the model's stock.
std::vector<ReserveCompliance> reserve_compliance(const LogisticsModel& model);

}  // namespace dsim
