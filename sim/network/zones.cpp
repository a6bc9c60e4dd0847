// SPDX-License-Identifier: MIT
#include "sim/network/zones.hpp"

#include "sim/core/error.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <istream>
#include <ostream>
#include <set>
#include <sstream>

namespace dsim {

namespace {

constexpr std::array<std::string_view, kZoneTypeCount> kZoneTypeNames = {"built_up", "industrial_park", "village",
                                                                         "grassland"};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// Splits one CSV line; fields may be quoted (RFC 4180, "" for a quote inside).
// Returns false when a quote is left open.
bool split_csv_line(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  std::size_t i = 0;
  for (;;) {
    field.clear();
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) return false;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      while (i < line.size() && line[i] != ',') ++i;  // anything after the closing quote is ignored
    } else {
      const auto end = line.find(',', i);
      const auto stop = end == std::string_view::npos ? line.size() : end;
      field = std::string(trim(line.substr(i, stop - i)));
      i = stop;
    }
    fields.push_back(field);
    if (i >= line.size()) return true;
    ++i;  // the comma
  }
}

bool parse_double(std::string_view text, double& out) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(out);
}

bool parse_int64(std::string_view text, std::int64_t& out) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::vector<LonLat> parse_polygon(std::string_view text, const std::string& file, std::size_t line) {
  std::vector<LonLat> ring;
  std::size_t start = 0;
  int number = 0;
  while (start <= text.size()) {
    const auto end = text.find(';', start);
    const auto stop = end == std::string_view::npos ? text.size() : end;
    const std::string_view item = trim(text.substr(start, stop - start));
    start = stop + 1;
    if (item.empty()) {
      if (end == std::string_view::npos) break;
      continue;  // tolerate ";;" and a trailing ';'
    }
    ++number;
    const auto space = item.find_first_of(" \t");
    LonLat p;
    const std::string key = "polygon point " + std::to_string(number);
    if (space == std::string_view::npos || !parse_double(item.substr(0, space), p.lon) ||
        !parse_double(item.substr(space + 1), p.lat)) {
      throw InputError(file, line, key, "'lon lat': two numbers separated by a space", std::string(item));
    }
    if (p.lon < -180.0 || p.lon > 180.0 || p.lat < -90.0 || p.lat > 90.0) {
      throw InputError(file, line, key, "longitude in [-180, 180] and latitude in [-90, 90]", std::string(item));
    }
    ring.push_back(p);
    if (end == std::string_view::npos) break;
  }
  if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
  if (ring.size() < 3) {
    throw InputError(file, line, "polygon", "at least 3 points 'lon lat;lon lat;lon lat'", std::string(trim(text)));
  }
  return ring;
}

std::string quoted_if_needed(const std::string& field) {
  if (field.find_first_of(",\"") == std::string::npos && trim(field).size() == field.size()) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void append_coordinate(std::string& out, double x) {
  char buf[48];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 7);
  (void)ec;
  out.append(buf, ptr);
}

}  // namespace

std::string_view zone_type_name(ZoneType t) { return kZoneTypeNames[static_cast<std::size_t>(t)]; }

bool parse_zone_type(std::string_view name, ZoneType& out) {
  for (std::size_t i = 0; i < kZoneTypeNames.size(); ++i) {
    if (kZoneTypeNames[i] == name) {
      out = static_cast<ZoneType>(i);
      return true;
    }
  }
  return false;
}

bool polygon_contains(const std::vector<LonLat>& ring, LonLat p) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const LonLat& a = ring[i];
    const LonLat& b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      const double lon_cross = a.lon + (p.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon);
      if (p.lon < lon_cross) inside = !inside;
    }
  }
  return inside;
}

bool zone_contains(const Zone& zone, LonLat p) {
  bool inside = polygon_contains(zone.polygon, p);
  for (const auto& ring : zone.more_rings) inside = inside != polygon_contains(ring, p);
  return inside;
}

std::optional<std::size_t> zone_index_at(const std::vector<Zone>& zones, LonLat p) {
  for (std::size_t i = 0; i < zones.size(); ++i) {
    if (zone_contains(zones[i], p)) return i;
  }
  return std::nullopt;
}

std::vector<Zone> read_zones_csv(std::istream& in, const std::string& file) {
  constexpr std::array<std::string_view, 5> kColumns = {"id", "name", "type", "population", "polygon"};
  std::array<int, 5> column{-1, -1, -1, -1, -1};
  std::vector<Zone> zones;
  std::set<std::string> seen_ids;
  std::vector<std::string> fields;
  std::string line;
  std::size_t line_number = 0;
  std::size_t header_fields = 0;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++line_number;
    std::string_view view = line;
    if (line_number == 1 && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);  // UTF-8 byte-order mark
    if (trim(view).empty() || trim(view).front() == '#') continue;
    if (!split_csv_line(view, fields)) {
      throw InputError(file, line_number, "", "a closing double quote", std::string(view));
    }
    if (!have_header) {
      for (std::size_t f = 0; f < fields.size(); ++f) {
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
          if (fields[f] == kColumns[c]) column[c] = static_cast<int>(f);
        }
      }
      for (std::size_t c = 0; c < kColumns.size(); ++c) {
        if (column[c] < 0) {
          throw InputError(file, line_number, std::string(kColumns[c]),
                           "a header with the columns id,name,type,population,polygon", std::string(trim(view)));
        }
      }
      header_fields = fields.size();
      have_header = true;
      continue;
    }
    if (fields.size() != header_fields) {
      throw InputError(file, line_number, "",
                       std::to_string(header_fields) + " comma-separated fields as in the header (quote a name "
                                                       "holding a comma)",
                       std::to_string(fields.size()) + " fields");
    }
    auto field = [&](std::size_t c) -> const std::string& { return fields[static_cast<std::size_t>(column[c])]; };
    Zone zone;
    zone.id = field(0);
    if (zone.id.empty()) throw InputError(file, line_number, "id", "a non-empty zone id");
    if (!seen_ids.insert(zone.id).second) {
      throw InputError(file, line_number, "id", "a zone id not used on an earlier line", zone.id);
    }
    zone.name = field(1);
    if (!parse_zone_type(field(2), zone.type)) {
      throw InputError(file, line_number, "type", "one of built_up, industrial_park, village, grassland", field(2));
    }
    if (!parse_int64(field(3), zone.population) || zone.population < 0) {
      throw InputError(file, line_number, "population", "a whole number of people, 0 or more", field(3));
    }
    zone.polygon = parse_polygon(field(4), file, line_number);
    zones.push_back(std::move(zone));
  }
  if (in.bad()) throw Error(file + ": read error");
  if (!have_header) {
    throw InputError(file, line_number, "", "a header line id,name,type,population,polygon", "an empty file");
  }
  return zones;
}

std::vector<Zone> read_zones_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "a readable zones file", "no such file or no permission");
  return read_zones_csv(in, path);
}

void write_zones_csv(std::ostream& out, const std::vector<Zone>& zones) {
  std::string text = "id,name,type,population,polygon\n";
  for (const Zone& z : zones) {
    if (z.id.empty()) throw Error("zone without an id cannot be written");
    if (z.polygon.size() < 3) throw Error("zone '" + z.id + "' has fewer than 3 polygon points");
    if (!z.more_rings.empty()) throw Error("zone '" + z.id + "': holes and multipolygons cannot be written to zones.csv");
    if ((z.id + z.name).find_first_of("\r\n") != std::string::npos) {
      throw Error("zone '" + z.id + "': line breaks cannot be written to zones.csv");
    }
    text += quoted_if_needed(z.id);
    text += ',';
    text += quoted_if_needed(z.name);
    text += ',';
    text += zone_type_name(z.type);
    text += ',';
    text += std::to_string(z.population);
    text += ',';
    for (std::size_t i = 0; i < z.polygon.size(); ++i) {
      if (i > 0) text += ';';
      append_coordinate(text, z.polygon[i].lon);
      text += ' ';
      append_coordinate(text, z.polygon[i].lat);
    }
    text += '\n';
  }
  out << text;
}

}  // namespace dsim
