// SPDX-License-Identifier: MIT
#include "sim/logistics/logistics_spec.hpp"

namespace dsim {

std::vector<SupplyStepSpec> default_supply_chain() {
  std::vector<SupplyStepSpec> chain(4);
  chain[0].levels = {"village", "enterprise"};
  chain[1].levels = {"township"};
  chain[1].request_delay_s = 600.0;
  chain[1].approval_delay_s = 600.0;
  chain[2].levels = {"banner"};
  chain[2].request_delay_s = 900.0;
  chain[2].approval_delay_s = 1800.0;
  chain[3].levels = {"city"};
  chain[3].request_delay_s = 1800.0;
  chain[3].approval_delay_s = 3600.0;
  return chain;
}

}  // namespace dsim
