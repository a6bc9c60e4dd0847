// SPDX-License-Identifier: MIT
#include "sim/logistics/logistics_kpis.hpp"

namespace dsim {

std::vector<ReserveCompliance> reserve_compliance(const LogisticsModel&) { return {}; }

}  // namespace dsim
