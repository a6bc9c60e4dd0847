// SPDX-License-Identifier: MIT
#include "sim/core/error.hpp"

namespace dsim {

namespace {

std::string describe(const std::string& file, std::size_t line, const std::string& key, const std::string& expected,
                     const std::string& found) {
  std::string where = file;
  if (line > 0) where += (where.empty() ? "line " : ":") + std::to_string(line);
  std::string msg = where.empty() ? std::string() : where + ": ";
  if (!key.empty()) msg += key + ": ";
  msg += "expected " + expected;
  if (!found.empty()) msg += ", found '" + found + "'";
  return msg;
}

}  // namespace

InputError::InputError(std::string file, std::size_t line, std::string key, std::string expected, std::string found)
    : Error(describe(file, line, key, expected, found)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      expected_(std::move(expected)),
      found_(std::move(found)) {}

}  // namespace dsim
