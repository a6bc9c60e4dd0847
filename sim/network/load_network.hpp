// SPDX-License-Identifier: MIT
#pragma once

// One entry point for every road network file format.

#include "sim/network/dimacs_loader.hpp"
#include "sim/network/osm_loader.hpp"
#include "sim/network/raw_network.hpp"
#include "sim/network/road_network.hpp"

#include <filesystem>
#include <string_view>

namespace dsim {

enum class NetworkFormat : std::uint8_t { automatic, osm, csv, dimacs };

struct LoadOptions {
  NetworkFormat format = NetworkFormat::automatic;
  OsmOptions osm;
  DimacsOptions dimacs;
};

// The format of a path: a directory or a *.csv file -> csv (a nodes/edges
// pair); *.osm.pbf, *.pbf, *.osm, *.osm.gz, *.osm.bz2, *.osm.xml -> osm;
// *.gr[.xz|.gz|.bz2] -> dimacs; otherwise by content (PBF header, XML,
// "p sp"/"c" lines, a CSV header). Throws InputError when none fits.
NetworkFormat detect_network_format(const std::filesystem::path& path);
std::string_view network_format_name(NetworkFormat f);

// Reads a network file in any supported format (see detect_network_format).
// For csv, `path` is the directory, or either of nodes.csv / edges.csv
// (the other is found beside it by swapping "nodes" and "edges" in the name).
RawNetwork load_network(const std::filesystem::path& path, const LoadOptions& options = {});

// load_network then build_road_network.
RoadNetwork load_road_network(const std::filesystem::path& path, const LoadOptions& options = {},
                              const BuildOptions& build = {});

}  // namespace dsim
