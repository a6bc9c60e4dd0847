// SPDX-License-Identifier: MIT
#include "sim/network/speed_table.hpp"

#include "sim/core/error.hpp"

#include <cmath>

namespace dsim {

namespace {

// Order of RoadClass: motorway, trunk, primary, secondary, tertiary,
// unclassified, residential, living_street, service, track, other.
SpeedTable make(const std::array<double, kRoadClassCount>& main, const std::array<double, 5>& links) {
  SpeedTable t;
  for (int i = 0; i < kRoadClassCount; ++i) {
    const std::string_view name = road_class_name(static_cast<RoadClass>(i));
    t.set(name, main[i]);
    if (i < 5) t.set(std::string(name) + "_link", links[i]);
  }
  return t;
}

}  // namespace

SpeedTable SpeedTable::general() {
  // OSRM car profile (profiles/car.lua); track and other are our choice.
  return make({90, 85, 65, 55, 40, 25, 25, 10, 15, 15, 25}, {45, 40, 30, 25, 20});
}

SpeedTable SpeedTable::china() {
  // Representative design speeds: JTG B01-2014 (highways) and CJJ 37-2012
  // (urban roads); see docs/models.md for the mapping.
  return make({100, 80, 60, 50, 40, 30, 30, 10, 20, 15, 30}, {60, 40, 30, 30, 25});
}

SpeedTable SpeedTable::of(SpeedTableKind kind) { return kind == SpeedTableKind::china ? china() : general(); }

void SpeedTable::set(std::string_view highway, double kph) {
  const std::string key = "speeds." + std::string(highway);
  RoadClass c{};
  if (!parse_road_class(highway, c))
    throw InputError("", 0, key, "a road class or OSM highway value (motorway, motorway_link, ..., service, track, other)",
                     std::string(highway));
  if (!std::isfinite(kph) || !(kph > 0.0)) throw InputError("", 0, key, "a speed in km/h > 0", std::to_string(kph));
  const bool link = highway.ends_with("_link");
  const auto i = static_cast<std::size_t>(c);
  if (link) {
    link_kph_[i] = kph;
  } else {
    kph_[i] = kph;
    // Classes without link roads keep link == main.
    if (i > static_cast<std::size_t>(RoadClass::tertiary)) link_kph_[i] = kph;
  }
}

SpeedTable& SpeedTable::override_with(const std::map<std::string, double>& speeds_kph) {
  for (const auto& [name, kph] : speeds_kph) set(name, kph);
  return *this;
}

}  // namespace dsim
