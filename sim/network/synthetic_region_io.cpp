// SPDX-License-Identifier: MIT
#include "sim/network/synthetic_region_io.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace dsim {

namespace {

namespace fs = std::filesystem;

void append_fixed(std::string& out, double x, int decimals) {
  char buf[64];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
  (void)ec;
  out.append(buf, ptr);
}

// Up to two decimals, without trailing zeros: 60, 22.5.
void append_short(std::string& out, double x) {
  std::string s;
  append_fixed(s, x, 2);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  out += s;
}

std::string csv_field(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string nodes_text(const RawNetwork& net) {
  std::string out = "id,lon,lat\n";
  out.reserve(net.nodes.size() * 32);
  for (const RawNode& n : net.nodes) {
    out += std::to_string(n.external_id);
    out += ',';
    append_fixed(out, n.lon, 7);
    out += ',';
    append_fixed(out, n.lat, 7);
    out += '\n';
  }
  return out;
}

std::string edges_text(const RawNetwork& net) {
  std::string out = "from,to,length_m,speed_kph,class\n";
  out.reserve(net.edges.size() * 40);
  for (const RawEdge& e : net.edges) {
    out += std::to_string(e.from);
    out += ',';
    out += std::to_string(e.to);
    out += ',';
    append_fixed(out, e.length_m, 2);
    out += ',';
    append_short(out, e.speed_mps * 3.6);
    out += ',';
    out += road_class_name(e.road_class);
    out += '\n';
  }
  return out;
}

std::string zones_text(const std::vector<Zone>& zones) {
  std::ostringstream out;
  write_zones_csv(out, zones);
  return out.str();
}

std::string river_text(const River& river) {
  std::string out = "seq,lon,lat,width_m\n";
  for (std::size_t i = 0; i < river.centreline.size(); ++i) {
    out += std::to_string(i);
    out += ',';
    append_fixed(out, river.centreline[i].lon, 7);
    out += ',';
    append_fixed(out, river.centreline[i].lat, 7);
    out += ',';
    append_short(out, river.width_m);
    out += '\n';
  }
  return out;
}

std::string bridges_text(const std::vector<Bridge>& bridges) {
  std::string out = "id,name,way_id,class,north_node,south_node,lon,lat,length_m\n";
  for (const Bridge& b : bridges) {
    out += csv_field(b.id) + ',' + csv_field(b.name) + ',' + std::to_string(b.way_id) + ',';
    out += road_class_name(b.road_class);
    out += ',' + std::to_string(b.north_node) + ',' + std::to_string(b.south_node) + ',';
    append_fixed(out, b.midpoint.lon, 7);
    out += ',';
    append_fixed(out, b.midpoint.lat, 7);
    out += ',';
    append_fixed(out, b.length_m, 2);
    out += '\n';
  }
  return out;
}

std::string landmarks_text(const std::vector<Landmark>& landmarks) {
  std::string out = "id,name,kind,zone,node,lon,lat\n";
  for (const Landmark& l : landmarks) {
    out += csv_field(l.id) + ',' + csv_field(l.name) + ',';
    out += landmark_kind_name(l.kind);
    out += ',' + csv_field(l.zone_id) + ',' + std::to_string(l.node) + ',';
    append_fixed(out, l.position.lon, 7);
    out += ',';
    append_fixed(out, l.position.lat, 7);
    out += '\n';
  }
  return out;
}

std::string region_json(const SyntheticRegion& r) {
  const RawNetwork& net = r.network;
  double lon_min = 180.0, lon_max = -180.0, lat_min = 90.0, lat_max = -90.0;
  for (const RawNode& n : net.nodes) {
    lon_min = std::min(lon_min, n.lon);
    lon_max = std::max(lon_max, n.lon);
    lat_min = std::min(lat_min, n.lat);
    lat_max = std::max(lat_max, n.lat);
  }
  std::array<std::size_t, kZoneTypeCount> zones_by_type{};
  std::array<long long, kZoneTypeCount> people_by_type{};
  for (const Zone& z : r.zones) {
    ++zones_by_type[static_cast<std::size_t>(z.type)];
    people_by_type[static_cast<std::size_t>(z.type)] += z.population;
  }
  std::string out = "{\n";
  out += "  \"generator\": \"dsim synthetic Ordos-like region\",\n";
  out += "  \"generator_version\": " + std::to_string(kSyntheticRegionVersion) + ",\n";
  out += "  \"note\": \"a stylised region for simulation, not a survey of real roads or people\",\n";
  out += "  \"seed\": " + std::to_string(r.options.seed) + ",\n";
  out += "  \"target_nodes\": " + std::to_string(r.options.target_nodes) + ",\n";
  out += "  \"nodes\": " + std::to_string(net.nodes.size()) + ",\n";
  out += "  \"edges\": " + std::to_string(net.edges.size()) + ",\n";
  out += "  \"bridges\": " + std::to_string(r.bridges.size()) + ",\n";
  out += "  \"landmarks\": " + std::to_string(r.landmarks.size()) + ",\n";
  out += "  \"zones\": {";
  for (std::size_t t = 0; t < zones_by_type.size(); ++t) {
    out += (t ? ", " : "") + json_string(std::string(zone_type_name(static_cast<ZoneType>(t)))) + ": {\"count\": " +
           std::to_string(zones_by_type[t]) + ", \"population\": " + std::to_string(people_by_type[t]) + "}";
  }
  out += "},\n";
  out += "  \"river\": {\"name\": " + json_string(r.river.name) + ", \"width_m\": ";
  append_short(out, r.river.width_m);
  out += ", \"points\": " + std::to_string(r.river.centreline.size()) + "},\n";
  out += "  \"bbox\": {\"lon_min\": ";
  append_fixed(out, lon_min, 7);
  out += ", \"lat_min\": ";
  append_fixed(out, lat_min, 7);
  out += ", \"lon_max\": ";
  append_fixed(out, lon_max, 7);
  out += ", \"lat_max\": ";
  append_fixed(out, lat_max, 7);
  out += "},\n";
  out += "  \"files\": [";
  const auto names = synthetic_region_file_names();
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + json_string(names[i]);
  out += "]\n}\n";
  return out;
}

}  // namespace

std::vector<std::string> synthetic_region_file_names() {
  return {"nodes.csv", "edges.csv", "zones.csv", "river.csv", "bridges.csv", "landmarks.csv", "region.json"};
}

std::string synthetic_region_file_text(const SyntheticRegion& region, const std::string& file_name) {
  if (file_name == "nodes.csv") return nodes_text(region.network);
  if (file_name == "edges.csv") return edges_text(region.network);
  if (file_name == "zones.csv") return zones_text(region.zones);
  if (file_name == "river.csv") return river_text(region.river);
  if (file_name == "bridges.csv") return bridges_text(region.bridges);
  if (file_name == "landmarks.csv") return landmarks_text(region.landmarks);
  if (file_name == "region.json") return region_json(region);
  throw Error("no synthetic region file named '" + file_name + "'");
}

namespace {

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(path.string() + ": cannot open for writing");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) throw Error(path.string() + ": write failed (disk full?)");
}

// ".name.partial": where a file or directory is written before it is renamed.
std::string hidden_partial_name(const std::string& name) {
  std::string out(1, '.');
  out.append(name).append(".partial");
  return out;
}

}  // namespace

void write_synthetic_region(const SyntheticRegion& region, const std::string& directory) {
  fs::path dir(directory);
  if (!dir.has_filename()) dir = dir.parent_path();  // "out/" -> "out"
  if (dir.empty()) throw InputError(directory, 0, "output", "a directory name");
  const auto names = synthetic_region_file_names();
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (fs::exists(status) && !fs::is_directory(status)) {
    throw InputError(dir.string(), 0, "output", "a directory (or a name for a new one)", "an existing file");
  }

  if (!fs::exists(status)) {
    // A new directory: fill a hidden sibling and rename it into place, so the
    // directory appears complete or not at all.
    const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    if (ec) throw InputError(dir.string(), 0, "output", "a directory that can be created", ec.message());
    const fs::path temp = parent / hidden_partial_name(dir.filename().string());
    fs::remove_all(temp, ec);
    fs::create_directory(temp, ec);
    if (ec) throw InputError(dir.string(), 0, "output", "a directory that can be created", ec.message());
    try {
      for (const std::string& name : names) write_file(temp / name, synthetic_region_file_text(region, name));
      fs::rename(temp, dir, ec);
      if (ec) throw Error(dir.string() + ": cannot rename the finished directory into place: " + ec.message());
    } catch (...) {
      std::error_code ignore;
      fs::remove_all(temp, ignore);
      throw;
    }
    return;
  }

  // An existing directory: every file under a temporary name first, then the renames.
  std::vector<fs::path> temps;
  try {
    for (const std::string& name : names) {
      temps.push_back(dir / hidden_partial_name(name));
      write_file(temps.back(), synthetic_region_file_text(region, name));
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      fs::rename(temps[i], dir / names[i], ec);
      if (ec) throw Error((dir / names[i]).string() + ": cannot rename into place: " + ec.message());
    }
  } catch (...) {
    std::error_code ignore;
    for (const fs::path& t : temps) fs::remove(t, ignore);
    throw;
  }
}

}  // namespace dsim
