// SPDX-License-Identifier: MIT
#pragma once

// Station travel tables kept on disk between processes: the workers of a
// sweep (Dask processes, the tasks of a Slurm array) that prepare design
// points on the same region and stations search the roads once between
// them. One file per key (the region and the station nodes), written whole
// under a temporary name and renamed, so concurrent writers never leave a
// half file; a file whose key, sizes or length disagree is ignored.

#include <optional>
#include <string>
#include <vector>

namespace dsim {

struct TravelRows {
  std::vector<std::vector<double>> out;   // [station][node]: station to node, s
  std::vector<std::vector<double>> back;  // [station][node]: node to station, s
};

// The tables stored under `key` in `folder`, or nothing (no file, another key, a damaged file).
std::optional<TravelRows> load_travel_rows(const std::string& folder, const std::string& key);

// Stores them; a failure to write (a full disk, a read-only folder) only
// means the next process searches again, so it is ignored.
void save_travel_rows(const std::string& folder, const std::string& key, const TravelRows& rows);

}  // namespace dsim
