// SPDX-License-Identifier: MIT
#include "sim/drill/drill_spec.hpp"

#include <iterator>

namespace dsim {

std::string_view to_string(DrillEvent event) { return kDrillEventNames[static_cast<std::size_t>(event)]; }

std::optional<DrillEvent> drill_event_from(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kDrillEventNames); ++i)
    if (kDrillEventNames[i] == name) return static_cast<DrillEvent>(i);
  return std::nullopt;
}

}  // namespace dsim
