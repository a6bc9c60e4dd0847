// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/region.hpp"
#include "sim/response/scenario.hpp"

#include <filesystem>
#include <string>

namespace dsim {

// Loads the region a scenario names: a road network file (relative paths
// are taken from `base_dir`, the scenario's folder) with an optional zones
// file, or the synthetic Ordos-like region with its zones and landmarks.
// `scenario_file` names the scenario in error messages.
Region load_region(const RegionSpec& spec, const std::filesystem::path& base_dir,
                   const std::string& scenario_file = {});

}  // namespace dsim
