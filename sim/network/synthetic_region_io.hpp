// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/synthetic_region.hpp"

#include <string>
#include <vector>

namespace dsim {

// The files write_synthetic_region puts in its directory, in writing order:
// nodes.csv, edges.csv, zones.csv, river.csv, bridges.csv, landmarks.csv,
// region.json (formats in docs/synthetic-region.md).
std::vector<std::string> synthetic_region_file_names();

// The text of one of those files.
std::string synthetic_region_file_text(const SyntheticRegion& region, const std::string& file_name);

// Writes all the files into `directory`, creating it if needed and replacing
// files of the same names. Each file goes to a temporary name first and all
// are renamed once every one is complete; on failure the temporary files
// (and the directory, if this call created it) are removed and Error is thrown.
void write_synthetic_region(const SyntheticRegion& region, const std::string& directory);

}  // namespace dsim
