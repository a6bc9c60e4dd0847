// SPDX-License-Identifier: MIT
#include "sim/network/load_network.hpp"

#include "sim/core/error.hpp"
#include "sim/network/csv_network.hpp"
#include "sim/network/text_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

namespace dsim {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool ends_with_any(const std::string& s, std::initializer_list<const char*> suffixes) {
  for (const char* x : suffixes)
    if (s.ends_with(x)) return true;
  return false;
}

NetworkFormat by_content(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(path.string(), 0, "", "an existing readable file", std::strerror(errno));
  unsigned char b[16] = {};
  const std::size_t n = std::fread(b, 1, sizeof b, f);
  std::fclose(f);
  if (n >= 15 && std::memcmp(b + 6, "OSMHeader", 9) == 0) return NetworkFormat::osm;
  // Plain or compressed text: look at the first non-blank line.
  detail::TextReader in(path);
  std::string_view line;
  while (in.next_line(line)) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    if (line.starts_with("<?xml") || line.starts_with("<osm")) return NetworkFormat::osm;
    if (line.starts_with("c ") || line == "c" || line.starts_with("p sp") || line.starts_with("p tw"))
      return NetworkFormat::dimacs;
    if (line.find(',') != std::string_view::npos) return NetworkFormat::csv;
    break;
  }
  throw InputError(path.string(), in.line_number(), "",
                   "a road network: OSM (.osm.pbf, .osm, .osm.gz, .osm.bz2), DIMACS (.gr) or CSV (nodes.csv + edges.csv)",
                   std::string(line.substr(0, 40)));
}

}  // namespace

std::string_view network_format_name(NetworkFormat f) {
  switch (f) {
    case NetworkFormat::osm: return "osm";
    case NetworkFormat::csv: return "csv";
    case NetworkFormat::dimacs: return "dimacs";
    case NetworkFormat::automatic: break;
  }
  return "automatic";
}

NetworkFormat detect_network_format(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return NetworkFormat::csv;
  if (!std::filesystem::exists(path, ec)) throw InputError(path.string(), 0, "", "an existing file or directory");
  const std::string name = lower(path.filename().string());
  if (ends_with_any(name, {".pbf", ".osm", ".osm.gz", ".osm.bz2", ".osm.xml", ".osm.xml.gz", ".osm.xml.bz2"}))
    return NetworkFormat::osm;
  if (ends_with_any(name, {".gr", ".gr.xz", ".gr.gz", ".gr.bz2"})) return NetworkFormat::dimacs;
  if (ends_with_any(name, {".csv", ".csv.gz", ".csv.bz2", ".csv.xz"})) return NetworkFormat::csv;
  return by_content(path);
}

RawNetwork load_network(const std::filesystem::path& path, const LoadOptions& options) {
  const NetworkFormat format =
      options.format == NetworkFormat::automatic ? detect_network_format(path) : options.format;
  switch (format) {
    case NetworkFormat::osm: return load_osm(path, options.osm);
    case NetworkFormat::dimacs: return load_dimacs(path, options.dimacs);
    case NetworkFormat::csv: {
      std::error_code ec;
      if (std::filesystem::is_directory(path, ec)) return load_network_csv(path);
      const std::string name = path.filename().string();
      auto swap_word = [&](const std::string& from, const std::string& to) {
        std::string other = name;
        other.replace(other.find(from), from.size(), to);
        return path.parent_path() / other;
      };
      if (name.find("edges") != std::string::npos) return load_network_csv(swap_word("edges", "nodes"), path);
      if (name.find("nodes") != std::string::npos) return load_network_csv(path, swap_word("nodes", "edges"));
      throw InputError(path.string(), 0, "", "a directory holding nodes.csv and edges.csv, or one of those files");
    }
    case NetworkFormat::automatic: break;
  }
  throw InputError(path.string(), 0, "", "a known network format");
}

RoadNetwork load_road_network(const std::filesystem::path& path, const LoadOptions& options,
                              const BuildOptions& build) {
  return build_road_network(load_network(path, options), build);
}

}  // namespace dsim
