// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/text_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dsim::detail {

// A CSV file with a header row, read row by row. Fields are separated by
// commas and may be double-quoted ("a ""b"""); blank lines are skipped.
// Every error names the file, the line and the column.
//
//   CsvReader csv(path);
//   const int id = csv.require_column("id");
//   while (csv.next_row()) { auto v = csv.int64_at(id); ... }
class CsvReader {
 public:
  explicit CsvReader(const std::filesystem::path& path);

  // Column index by header name (exact, after trimming spaces); -1 if absent.
  int find_column(std::string_view name) const;
  // As find_column, but throws InputError naming the header when absent.
  int require_column(std::string_view name) const;
  const std::vector<std::string>& header() const { return header_; }

  bool next_row();
  std::size_t line_number() const { return reader_.line_number(); }
  const std::string& file() const { return reader_.file(); }

  // The field of the current row, trimmed; throws InputError when the row
  // is too short to have it.
  std::string_view field(int column) const;
  double double_at(int column) const;
  std::int64_t int64_at(int column) const;
  // Throws InputError(file, line, column name, expected, field).
  [[noreturn]] void fail(int column, const std::string& expected) const;

 private:
  void split(std::string_view line, std::vector<std::string>& out) const;

  TextReader reader_;
  std::vector<std::string> header_;
  std::vector<std::string> row_;
};

}  // namespace dsim::detail
