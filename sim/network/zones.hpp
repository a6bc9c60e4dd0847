// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/lon_lat.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// What kind of place a zone is; it decides which targets apply there (the
// 5-minute fire circle covers built_up and industrial_park zones).
enum class ZoneType : std::uint8_t { built_up, industrial_park, village, grassland };
inline constexpr int kZoneTypeCount = 4;

// "built_up", "industrial_park", "village", "grassland".
std::string_view zone_type_name(ZoneType t);
// Parses a name as written by zone_type_name; false when unknown.
bool parse_zone_type(std::string_view name, ZoneType& out);

// A named area with its people. The polygon is one ring of at least three
// points (not repeated at the end), in either orientation. A zone read from a
// GIS layer may have more rings: the holes and the other parts of a
// multipolygon (`polygon` is then the outer ring of its largest part).
struct Zone {
  std::string id;    // unique, used by scenarios to refer to the zone
  std::string name;  // for people: "Kangbashi New Town"
  ZoneType type = ZoneType::grassland;
  std::int64_t population = 0;  // residents; workers for an industrial park
  std::vector<LonLat> polygon;
  std::vector<std::vector<LonLat>> more_rings;  // holes and further parts; empty for a simple polygon
};

// Whether p lies inside the ring (even-odd rule; points exactly on the
// boundary may fall either way).
bool polygon_contains(const std::vector<LonLat>& ring, LonLat p);
// Inside the zone: inside an odd number of its rings (even-odd over every
// ring, so that holes are outside and separate parts inside).
bool zone_contains(const Zone& zone, LonLat p);

// Zones may overlap: a point belongs to the first zone in the list that
// contains it, so specific zones (towns, parks, villages) come before the
// grassland around them. Returns the index, or nothing outside all zones.
std::optional<std::size_t> zone_index_at(const std::vector<Zone>& zones, LonLat p);

// zones.csv: header `id,name,type,population,polygon` (columns in any order,
// others ignored), one zone a row, polygon as `lon lat;lon lat;...`. Fields
// holding a comma or a double quote are quoted as in RFC 4180. Lines starting
// with '#' and blank lines are skipped.
//
// Reading throws InputError naming the file, the line, the column and what
// was expected; `file` is the name used in those messages.
std::vector<Zone> read_zones_csv(std::istream& in, const std::string& file);
std::vector<Zone> read_zones_csv(const std::string& path);

// Writes coordinates with 7 decimals (about 1 cm). Throws Error for a zone
// that could not be read back (empty id, fewer than three points, a line break
// in a field, holes or several parts).
void write_zones_csv(std::ostream& out, const std::vector<Zone>& zones);

}  // namespace dsim
