// SPDX-License-Identifier: MIT
#include "sim/network/osm_tags.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace dsim {

namespace {

constexpr double kMph = 1.609344;
constexpr double kKnot = 1.852;

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Implied limits of zone values "<country>:<zone>", km/h.
struct Zone {
  std::string_view value;
  double kph;
};
constexpr std::array kZones = {
    Zone{"AT:urban", 50},      Zone{"AT:rural", 100},       Zone{"AT:motorway", 130},
    Zone{"CH:urban", 50},      Zone{"CH:rural", 80},        Zone{"CH:trunk", 100},
    Zone{"CH:motorway", 120},  Zone{"CN:urban", 50},        Zone{"CN:rural", 70},
    Zone{"CN:motorway", 120},  Zone{"DE:urban", 50},        Zone{"DE:rural", 100},
    Zone{"DE:living_street", 7}, Zone{"DE:bicycle_road", 30}, Zone{"FR:urban", 50},
    Zone{"FR:rural", 80},      Zone{"FR:motorway", 130},    Zone{"GB:nsl_single", 60 * kMph},
    Zone{"GB:nsl_dual", 70 * kMph}, Zone{"GB:motorway", 70 * kMph}, Zone{"IT:urban", 50},
    Zone{"IT:rural", 90},      Zone{"IT:trunk", 110},       Zone{"IT:motorway", 130},
    Zone{"RU:urban", 60},      Zone{"RU:rural", 90},        Zone{"RU:living_street", 20},
    Zone{"RU:motorway", 110},
};
// Zones of countries not listed above.
constexpr std::array kGenericZones = {
    Zone{"urban", 50}, Zone{"rural", 90}, Zone{"living_street", 10}, Zone{"bicycle_road", 30},
};

std::optional<double> number_with_unit(std::string_view s) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  const std::string_view unit = trim(s.substr(static_cast<std::size_t>(end - s.data())));
  double factor = 0.0;
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph")
    factor = 1.0;
  else if (unit == "mph")
    factor = kMph;
  else if (unit == "knots")
    factor = kKnot;
  else
    return std::nullopt;
  v *= factor;
  if (!(v > 0.0) || v > 300.0) return std::nullopt;
  return v;
}

}  // namespace

std::optional<double> parse_maxspeed_kph(std::string_view value) {
  value = trim(value.substr(0, value.find(';')));
  if (value.empty()) return std::nullopt;
  if (value == "walk") return 7.0;
  if (auto v = number_with_unit(value)) return v;
  const std::size_t colon = value.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  for (const Zone& z : kZones)
    if (z.value == value) return z.kph;
  std::string_view zone = value.substr(colon + 1);
  for (const Zone& z : kGenericZones)
    if (z.value == zone) return z.kph;
  // "DE:zone30", "DE:zone:30"
  if (zone.starts_with("zone")) {
    zone.remove_prefix(4);
    if (zone.starts_with(":")) zone.remove_prefix(1);
    return number_with_unit(zone);
  }
  return std::nullopt;
}

std::optional<int> parse_oneway(std::string_view v) {
  if (v == "yes" || v == "true" || v == "1") return 1;
  if (v == "-1" || v == "reverse") return -1;
  if (v == "no" || v == "false" || v == "0" || v == "reversible" || v == "alternating") return 0;
  return std::nullopt;
}

WayProfile classify_way(const OsmWayTags& tags, const SpeedTable& speeds, bool include_track, bool use_maxspeed) {
  WayProfile p;
  if (tags.highway.empty() || tags.area == "yes") return p;
  if (!parse_road_class(tags.highway, p.road_class) || p.road_class == RoadClass::other) return p;
  if (p.road_class == RoadClass::track && !include_track) return p;
  p.link = tags.highway.ends_with("_link");

  // Later, more specific tags override earlier ones; emergency overrides all.
  bool allowed = true;
  for (std::string_view v : {tags.access, tags.vehicle, tags.motor_vehicle, tags.motorcar})
    if (!v.empty()) allowed = v != "no";
  if (!tags.emergency.empty()) allowed = tags.emergency != "no";
  if (!allowed) return p;

  int direction = 0;
  if (auto d = parse_oneway(tags.oneway)) {
    direction = *d;
  } else if (tags.junction == "roundabout" || tags.junction == "circular" || tags.highway == "motorway" ||
             tags.highway == "motorway_link") {
    direction = 1;
  }
  p.forward = direction >= 0;
  p.backward = direction <= 0;

  double base = speeds.speed_kph(p.road_class, p.link);
  std::optional<double> fwd, bwd;
  if (use_maxspeed) {
    if (auto v = parse_maxspeed_kph(tags.maxspeed)) base = *v;
    fwd = parse_maxspeed_kph(tags.maxspeed_forward);
    bwd = parse_maxspeed_kph(tags.maxspeed_backward);
  }
  p.forward_kph = fwd.value_or(base);
  p.backward_kph = bwd.value_or(base);
  p.drivable = true;
  return p;
}

}  // namespace dsim
