// SPDX-License-Identifier: MIT
#pragma once

// DIMACS 9th Implementation Challenge shortest-path graphs:
//   .gr  "c ..." comments, "p sp <n> <m>", then m lines "a <u> <v> <w>"
//   .co  "p aux sp co <n>", then lines "v <id> <x> <y>" (micro-degrees,
//        x = longitude), read when found next to the .gr
// and the PACE 2016 form of the same graphs ("p tw <n> <m>", then m lines
// "<u> <v>", undirected, no weights). Files may be gzip/bzip2/xz compressed.

#include "sim/network/raw_network.hpp"

#include <filesystem>

namespace dsim {

enum class DimacsWeight : std::uint8_t { length, travel_time };

struct DimacsOptions {
  // What an arc weight measures, and how many metres (length) or seconds
  // (travel_time) one unit is. The challenge does not fix the units.
  DimacsWeight weight = DimacsWeight::length;
  double weight_unit = 1.0;
  // Free-flow speed given to every arc (DIMACS has no speeds); with
  // travel_time weights it turns times into lengths.
  double speed_kph = 50.0;
  // Length given to each edge of an unweighted (PACE "p tw") graph.
  double unweighted_length_m = 100.0;
  // Look for the .co coordinate file next to the .gr.
  bool read_coordinates = true;
};

// Reads a .gr (and its .co when present: NAME.gr[.xz] -> NAME.co[.xz|.gz|.bz2]).
// Throws InputError with file and line for a malformed line (an arc line
// with too few fields, a non-integer id, a node id outside 1..n), a missing
// or repeated "p" line, or fewer/more arcs than the "p" line announces.
RawNetwork load_dimacs(const std::filesystem::path& gr_file, const DimacsOptions& options = {});

}  // namespace dsim
