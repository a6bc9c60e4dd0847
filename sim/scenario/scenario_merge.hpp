// SPDX-License-Identifier: MIT
#pragma once

// Writing a changed scenario back as a file: a scenario's text with stations
// and teams added (and some removed), for `dsim place --write-scenario` and
// Placement.to_scenario().

#include <string>
#include <vector>

namespace dsim {

struct StationMerge {
  std::string additions_yaml;             // YAML with top-level `stations` and `teams` lists to append
  std::vector<std::string> removed_stations;  // station ids to drop, with the teams based at them
  std::string header_comment;             // written as `#` lines at the top
};

// `scenario_text` as read from `scenario_path` (empty: a text whose relative
// paths start from the working folder) with the merge applied, as YAML for a
// file at `out_path` (empty: the same folder): relative file paths of the
// region and the flood are rewritten so that they still name the same files.
// Comments of the original are not kept. Throws InputError when the text is
// not a scenario mapping or an id to remove is not there.
std::string merge_stations(const std::string& scenario_text, const std::string& scenario_path,
                           const std::string& out_path, const StationMerge& merge);

// `scenario_text` as read from `scenario_path` with its relative file paths
// (scenario_file_keys) rewritten for a file at `out_path`, as YAML; nothing
// else changes (comments are not kept). Throws InputError when the text is
// not a scenario mapping.
std::string rebase_scenario_paths(const std::string& scenario_text, const std::string& scenario_path,
                                  const std::string& out_path);

// Dotted keys of the scenario whose values are file paths (relative ones start
// from the scenario's folder).
const std::vector<std::string>& scenario_file_keys();

}  // namespace dsim
