// SPDX-License-Identifier: MIT
#pragma once

// OpenStreetMap import through libosmium: .osm.pbf, .osm, .osm.gz, .osm.bz2
// (tag rules in osm_tags.hpp and docs/network-formats.md).

#include "sim/network/raw_network.hpp"
#include "sim/network/speed_table.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dsim {

struct OsmOptions {
  SpeedTableKind speed_table = SpeedTableKind::general;
  // Class or highway value -> km/h, replacing the table's entry
  // ({"primary": 50, "primary_link": 30}).
  std::map<std::string, double> speed_overrides_kph;
  bool include_track = false;  // highway=track
  bool use_maxspeed = true;    // else class defaults only
};

struct OsmLoadReport {
  std::size_t ways_drivable = 0;
  std::size_t ways_missing_nodes = 0;  // ways referring to nodes not in the file (cut at the extract's edge)
  std::size_t node_refs_missing = 0;
  std::size_t segments = 0;            // way pieces between graph nodes
};

// Reads the drivable road network of an OSM file. Graph nodes are the OSM
// nodes where ways meet or end; the nodes in between are contracted into
// the edge (length = haversine sum along them), and every edge keeps its
// way id. Parts of a way around a node missing from the file are dropped.
// Throws InputError naming the file and the line (XML) or the position
// (PBF: byte offset and last object read) for a truncated or corrupt file,
// and for an unknown name in speed_overrides_kph.
RawNetwork load_osm(const std::filesystem::path& file, const OsmOptions& options = {},
                    OsmLoadReport* report = nullptr);

// A waterway line of an OSM file, in the way's node order (OSM draws
// waterways downstream).
struct OsmWaterway {
  std::int64_t way_id = 0;
  std::string kind;      // its waterway=* value (river, stream, canal, ...)
  double width_m = 0.0;  // width=* when it reads as metres; 0: not given
  std::vector<LonLat> points;
};

// Reads the waterway lines (ways tagged waterway=K for K in `kinds`) of an
// OSM file; a way cut by nodes missing from the file gives one line per
// located piece of two or more nodes. Errors as load_osm.
std::vector<OsmWaterway> load_osm_waterways(const std::filesystem::path& file, const std::vector<std::string>& kinds);

}  // namespace dsim
