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

// Writes all the files into `directory`. A new directory is filled under a
// hidden temporary name and renamed into place when complete; in an existing
// one, files of the same names are replaced, each written under a temporary
// name first and all renamed at the end. On failure the temporary files are
// removed. Throws InputError when `directory` is a file or cannot be created,
// Error when writing fails.
void write_synthetic_region(const SyntheticRegion& region, const std::string& directory);

}  // namespace dsim
