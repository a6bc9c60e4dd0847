// SPDX-License-Identifier: MIT
// Level-2 reserve compliance at the start of a run (dsim validate): each
// depot's stock of each item against the target the scenario gives it.
#include "sim/logistics/logistics_kpis.hpp"

#include <cmath>

namespace dsim {

std::vector<ReserveCompliance> reserve_compliance(const LogisticsModel& model) {
  std::vector<ReserveCompliance> out;
  for (std::size_t d = 0; d < model.depots.size(); ++d) {
    const LogisticsModel::Depot& depot = model.depots[d];
    for (std::size_t i = 0; i < depot.reserve_target.size(); ++i) {
      const double target = depot.reserve_target[i];
      if (std::isnan(target)) continue;
      ReserveCompliance r;
      r.depot = static_cast<int>(d);
      r.item = static_cast<int>(i);
      r.target = target;
      r.initial = i < depot.stock.size() ? depot.stock[i] : 0.0;
      r.min_stock = r.initial;
      r.met_at_start = r.initial >= target;
      r.met_throughout = r.met_at_start;
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace dsim
