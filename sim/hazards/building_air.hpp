// SPDX-License-Identifier: MIT
#pragma once

// Default air changes per hour of a building with windows and doors closed
// and ventilation off (shelter in place), by building type, for the indoor
// model of chemical.hpp (indoor_concentration). Sources and ranges in
// docs/chemicals.md, "Indoor air".

#include <span>
#include <string_view>

namespace dsim {

// The building types with a default: "tight", "residential", "leaky", "industrial".
std::span<const std::string_view> building_types();

// Air changes per hour of that type; NaN for a type not in building_types(),
// so that the reader can say which names exist.
double default_air_changes_per_hour(std::string_view building_type);

}  // namespace dsim
