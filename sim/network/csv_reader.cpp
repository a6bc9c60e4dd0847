// SPDX-License-Identifier: MIT
#include "sim/network/csv_reader.hpp"

#include "sim/core/error.hpp"

#include <charconv>

namespace dsim::detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

CsvReader::CsvReader(const std::filesystem::path& path) : reader_(path) {
  std::string_view line;
  while (reader_.next_line(line)) {
    if (reader_.line_number() == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 BOM
    if (!trim(line).empty()) break;
  }
  if (trim(line).empty()) throw InputError(reader_.file(), 0, "", "a header row", "an empty file");
  split(line, header_);
}

int CsvReader::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  return -1;
}

int CsvReader::require_column(std::string_view name) const {
  const int c = find_column(name);
  if (c < 0) {
    std::string found;
    for (const auto& h : header_) found += (found.empty() ? "" : ",") + h;
    throw InputError(reader_.file(), 1, std::string(name), "a column named '" + std::string(name) + "' in the header",
                     found);
  }
  return c;
}

bool CsvReader::next_row() {
  std::string_view line;
  while (reader_.next_line(line)) {
    if (trim(line).empty()) continue;
    split(line, row_);
    return true;
  }
  return false;
}

void CsvReader::split(std::string_view line, std::vector<std::string>& out) const {
  out.clear();
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      out.emplace_back(trim(cell));
      cell.clear();
    } else {
      cell += ch;
    }
  }
  if (quoted) throw InputError(reader_.file(), reader_.line_number(), "", "a closing '\"'", std::string(line));
  out.emplace_back(trim(cell));
}

std::string_view CsvReader::field(int column) const {
  if (column < 0 || static_cast<std::size_t>(column) >= row_.size()) {
    const std::string name = column >= 0 && static_cast<std::size_t>(column) < header_.size() ? header_[column] : "?";
    throw InputError(reader_.file(), reader_.line_number(), name,
                     std::to_string(header_.size()) + " fields as in the header",
                     std::to_string(row_.size()) + " fields");
  }
  return row_[column];
}

void CsvReader::fail(int column, const std::string& expected) const {
  const std::string name = column >= 0 && static_cast<std::size_t>(column) < header_.size() ? header_[column] : "";
  const std::string found = column >= 0 && static_cast<std::size_t>(column) < row_.size() ? row_[column] : "";
  throw InputError(reader_.file(), reader_.line_number(), name, expected, found);
}

double CsvReader::double_at(int column) const {
  std::string_view s = field(column);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) fail(column, "a number");
  return v;
}

std::int64_t CsvReader::int64_at(int column) const {
  std::string_view s = field(column);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) fail(column, "an integer");
  return v;
}

}  // namespace dsim::detail
