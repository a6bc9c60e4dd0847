// SPDX-License-Identifier: MIT
#include "sim/network/raw_network.hpp"

#include <array>

namespace dsim {

namespace {

constexpr std::array<std::string_view, kRoadClassCount> kNames = {
    "motorway", "trunk",   "primary", "secondary", "tertiary", "unclassified",
    "residential", "living_street", "service", "track", "other",
};

}  // namespace

std::string_view road_class_name(RoadClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kNames.size() ? kNames[i] : std::string_view("other");
}

bool parse_road_class(std::string_view name, RoadClass& out) {
  constexpr std::string_view link = "_link";
  if (name.size() > link.size() && name.substr(name.size() - link.size()) == link) {
    name.remove_suffix(link.size());
    // Only the five main classes have link roads in OSM.
    for (std::size_t i = 0; i <= static_cast<std::size_t>(RoadClass::tertiary); ++i) {
      if (kNames[i] == name) {
        out = static_cast<RoadClass>(i);
        return true;
      }
    }
    return false;
  }
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      out = static_cast<RoadClass>(i);
      return true;
    }
  }
  return false;
}

}  // namespace dsim
