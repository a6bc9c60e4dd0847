// SPDX-License-Identifier: MIT
#pragma once

#include "sim/io/results_file.hpp"

#include <filesystem>

namespace dsim {

// Reads a results file that write_results wrote (docs/output-format.md) back
// into what was written: the metadata, the further root attributes, every
// table in its written order with its description and attributes, and every
// column in order with its name, unit, description and data. The layout's own
// bookkeeping (format_version, the `tables` and `columns` lists) is not part
// of the result. Float datasets read as float64, integer ones as int64,
// strings (variable-length, UTF-8 or ASCII) as std::string.
// Throws dsim::InputError, naming the file and the object, when the file is
// missing or unreadable, not HDF5, damaged (e.g. truncated), not a dsim
// results file (no root attribute format_version), of a newer
// format_version than results_format_version, or holds a column or
// attribute of a type dsim does not write.
ResultsFile read_results(const std::filesystem::path& path);

// True when `path` is a readable HDF5 file with the root attribute
// format_version (a dsim results file of any version); never throws.
bool is_results_file(const std::filesystem::path& path) noexcept;

}  // namespace dsim
