// SPDX-License-Identifier: MIT
#pragma once

// Station travel tables kept on disk between processes: the workers of a
// sweep (Dask processes, the tasks of a Slurm array) that prepare design
// points on the same region and stations search the roads once between
// them. One file per key (the region and the station nodes), written whole
// under a temporary name and renamed, so concurrent writers never leave a
// half file; a file whose key, sizes or length disagree is ignored.

#include "sim/response/travel_table.hpp"

#include <optional>
#include <string>

namespace dsim {

// The tables stored under `key` in `folder`, or nothing (no file, another key, a damaged file).
std::optional<TravelTableData> load_travel_tables(const std::string& folder, const std::string& key);

// Stores them; a failure to write (a full disk, a read-only folder) only
// means the next process searches again, so it is ignored.
void save_travel_tables(const std::string& folder, const std::string& key, const TravelTableData& data);

}  // namespace dsim
