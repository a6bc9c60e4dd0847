// SPDX-License-Identifier: MIT
#include "sim/hazards/building_air.hpp"

#include <array>
#include <limits>

namespace dsim {

namespace {

struct BuildingAir {
  std::string_view type;
  double ach_per_h;
};

// Windows and doors closed, fans and air handling off (docs/chemicals.md,
// "Indoor air", for the measurements behind each value).
constexpr std::array<BuildingAir, 4> kBuildings{{
    {"tight", 0.25},        // recent energy-efficient house: 0.1-0.35
    {"residential", 0.5},   // typical house: US measured mean 0.4, median 0.3 (winter-heavy); 0.3-1
    {"leaky", 1.5},         // old, small or unweatherised house: 1-2
    {"industrial", 1.0},    // workshop, warehouse, plant building with large doors: 0.5-2 (judgement)
}};

constexpr std::array<std::string_view, kBuildings.size()> kNames{
    kBuildings[0].type, kBuildings[1].type, kBuildings[2].type, kBuildings[3].type};

}  // namespace

std::span<const std::string_view> building_types() { return kNames; }

double default_air_changes_per_hour(std::string_view building_type) {
  for (const BuildingAir& b : kBuildings)
    if (b.type == building_type) return b.ach_per_h;
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace dsim
