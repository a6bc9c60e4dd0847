// SPDX-License-Identifier: MIT
// The `fire:` section of a scenario (docs/scenario-format.md, "fire").
#include "sim/response/fire_spec.hpp"
#include "sim/scenario/section_readers.hpp"

#include <memory>

namespace dsim::detail {

std::shared_ptr<const FireSpec> read_fire(FieldReader& /*in*/, const Item& /*it*/, const Scenario& /*scenario*/) {
  return std::make_shared<FireSpec>();
}

}  // namespace dsim::detail
