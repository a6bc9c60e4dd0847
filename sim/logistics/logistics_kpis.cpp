// SPDX-License-Identifier: MIT
#include "sim/logistics/logistics_kpis.hpp"

namespace dsim {

LogisticsKpis logistics_kpis(const LogisticsModel&, const LogisticsOutcome&) { return {}; }

}  // namespace dsim
