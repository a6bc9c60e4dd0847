// SPDX-License-Identifier: MIT
#pragma once

// The CSV road network format (docs/network-formats.md):
//   nodes.csv  id,lon,lat
//   edges.csv  from,to,length_m,speed_kph[,class][,oneway][,way_id]
// Columns in any order, extra columns ignored; one row per directed edge
// unless oneway = 0, which adds the reverse direction too.

#include "sim/network/raw_network.hpp"

#include <filesystem>

namespace dsim {

// Reads DIR/nodes.csv and DIR/edges.csv (either may be gzip/bzip2/xz
// compressed). Throws InputError naming the file, line and column on a
// missing column, a short row, a non-numeric or out-of-range value, a
// duplicate node id or an edge whose node id is not in nodes.csv.
RawNetwork load_network_csv(const std::filesystem::path& directory);
RawNetwork load_network_csv(const std::filesystem::path& nodes_csv, const std::filesystem::path& edges_csv);

// Writes DIR/nodes.csv and DIR/edges.csv (creating DIR), one row per
// directed edge with columns from,to,length_m,speed_kph,class,way_id.
// Both files are written under temporary names and renamed at the end, so
// a failure leaves no half-written file. Throws InputError when DIR cannot
// be written.
void write_network_csv(const RawNetwork& network, const std::filesystem::path& directory);

}  // namespace dsim
