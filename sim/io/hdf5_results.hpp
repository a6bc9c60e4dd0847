// SPDX-License-Identifier: MIT
#pragma once

#include "sim/io/results_file.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace dsim {

// Layout version written as the root attribute `format_version`; readers
// (the Python package) refuse files with a larger one.
inline constexpr std::int64_t results_format_version = 1;

struct Hdf5WriteOptions {
  int deflate_level = 4;           // 0..9; 0 switches compression off
  std::size_t chunk_rows = 65536;  // rows per chunk (fewer for shorter columns)
};

// Writes `results` as one HDF5 file laid out as docs/output-format.md says:
// a group per table, a chunked, compressed 1-D dataset per column, metadata
// as root attributes. Writes `path`.tmp-XXXXXX in the same directory and
// renames it over `path` only when complete, so `path` is either the old file
// or the whole new one. Throws dsim::InputError when `path` cannot be created
// or replaced, dsim::Error for anything else (a ragged table, a reserved
// attribute name, an HDF5 failure); the temporary file is removed either way.
// Strings must not contain NUL.
// To keep the replications finished before an interruption, call it with the
// tables of those replications only: the file is complete for what it holds.
void write_results(const ResultsFile& results, const std::filesystem::path& path,
                   const Hdf5WriteOptions& options = {});

}  // namespace dsim
