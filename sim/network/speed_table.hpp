// SPDX-License-Identifier: MIT
#pragma once

// Free-flow speeds for roads without a usable maxspeed tag, per road class
// and separately for link roads (motorway_link, ...). Values and sources in
// docs/models.md, "Road network".

#include "sim/network/raw_network.hpp"

#include <array>
#include <map>
#include <string>
#include <string_view>

namespace dsim {

enum class SpeedTableKind : std::uint8_t {
  general,  // the OSRM car profile's speeds
  china,    // Chinese design speeds (JTG B01-2014 highways, CJJ 37-2012 urban roads)
};

class SpeedTable {
 public:
  static SpeedTable general();
  static SpeedTable china();
  static SpeedTable of(SpeedTableKind kind);

  double speed_kph(RoadClass c, bool link = false) const {
    return (link ? link_kph_ : kph_)[static_cast<std::size_t>(c)];
  }
  // Sets the speed of an OSM highway value or class name ("primary",
  // "primary_link", "other"). Throws InputError(key "speeds.<name>") for an
  // unknown name or a speed that is not finite and > 0.
  void set(std::string_view highway, double kph);
  // Applies set() to each entry.
  SpeedTable& override_with(const std::map<std::string, double>& speeds_kph);

 private:
  std::array<double, kRoadClassCount> kph_{};
  std::array<double, kRoadClassCount> link_kph_{};
};

}  // namespace dsim
