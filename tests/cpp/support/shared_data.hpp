// SPDX-License-Identifier: MIT
#pragma once

// Access to the real test data under $DSIM_SHARED_DATA. A test that needs
// it is skipped when the variable is unset and fails when it is set but the
// file is missing.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace dsim::test {

// The path of `relative` under $DSIM_SHARED_DATA, or nothing when the
// variable is unset (the caller then returns: the test is skipped).
inline std::optional<std::filesystem::path> shared_data_file(const std::string& relative) {
  const char* root = std::getenv("DSIM_SHARED_DATA");
  if (root == nullptr || *root == '\0') {
    WARN("SKIPPED: DSIM_SHARED_DATA is not set");
    return std::nullopt;
  }
  std::filesystem::path p = std::filesystem::path(root) / relative;
  INFO("shared data file " << p.string());
  REQUIRE(std::filesystem::exists(p));
  return p;
}

}  // namespace dsim::test
