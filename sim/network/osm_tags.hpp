// SPDX-License-Identifier: MIT
#pragma once

// How an OpenStreetMap way's tags become road edges: which ways are
// drivable, their class, direction and speed (docs/network-formats.md).
// Plain functions on tag values, kept apart from the file reader.

#include "sim/network/raw_network.hpp"
#include "sim/network/speed_table.hpp"

#include <optional>
#include <string_view>

namespace dsim {

// The tag values the rules read; empty when the tag is absent.
struct OsmWayTags {
  std::string_view highway;
  std::string_view oneway;
  std::string_view junction;
  std::string_view maxspeed;
  std::string_view maxspeed_forward;
  std::string_view maxspeed_backward;
  std::string_view access;
  std::string_view vehicle;
  std::string_view motor_vehicle;
  std::string_view motorcar;
  std::string_view emergency;
  std::string_view area;
};

struct WayProfile {
  bool drivable = false;
  RoadClass road_class = RoadClass::other;
  bool link = false;
  bool forward = true;   // usable from the way's first node towards its last
  bool backward = true;  // and the other way
  double forward_kph = 0.0;
  double backward_kph = 0.0;
};

WayProfile classify_way(const OsmWayTags& tags, const SpeedTable& speeds, bool include_track = false,
                        bool use_maxspeed = true);

// Parses an OSM maxspeed value into km/h: "50", "50 km/h", "50kmh", "30 mph",
// "30mph", zone values like "DE:urban" or "CN:rural" (by country where
// known, else by zone: urban 50, rural 90, living_street 10, ...), "walk".
// Lists ("50;30") give the first. nullopt for values that set no number
// ("none", "signals", "variable", unknown zones): the class default applies.
std::optional<double> parse_maxspeed_kph(std::string_view value);

// An oneway value as a direction: +1 forward only ("yes", "true", "1"),
// -1 backward only ("-1", "reverse"), 0 both ways ("no", "false", "0",
// "reversible", "alternating"); nullopt when absent or unknown, so that the
// implied rules (motorways, roundabouts) apply.
std::optional<int> parse_oneway(std::string_view value);

}  // namespace dsim
