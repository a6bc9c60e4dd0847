// SPDX-License-Identifier: MIT
#pragma once

// Real test data under $DSIM_SHARED_DATA: a test SKIPs (warns and returns)
// when the variable is unset, and FAILs when it is set but the file is missing.
//
//   auto path = dsim::testing::shared_data_file("roads/osm/monaco.osm.pbf");
//   if (!path) return;

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace dsim::testing {

inline std::optional<std::filesystem::path> shared_data_file(const std::string& relative) {
  const char* root = std::getenv("DSIM_SHARED_DATA");
  if (!root || !*root) {
    WARN("SKIPPED: DSIM_SHARED_DATA is not set; skipping the part that needs " << relative);
    return std::nullopt;
  }
  const std::filesystem::path path = std::filesystem::path(root) / relative;
  if (!std::filesystem::exists(path)) FAIL("DSIM_SHARED_DATA is set but " << path.string() << " is missing");
  return path;
}

}  // namespace dsim::testing
