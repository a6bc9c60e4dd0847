// SPDX-License-Identifier: MIT
#pragma once

// Helpers for the hazard folder's text readers and writers.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dsim::detail {

bool ends_with_ci(const std::string& s, std::string_view suffix);
std::string lower(std::string_view s);
// Whole contents of a file, gunzipped when its name ends in .gz; throws
// dsim::InputError when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);
// Whitespace-separated tokens of a line.
std::vector<std::string_view> tokens(std::string_view line);
// Parses a whole token as a finite number.
bool parse_number(std::string_view token, double& value);
// Shortest text that reads back as exactly v.
std::string shortest(double v);

// Iterates over the lines of a text (LF or CRLF), numbering them from 1.
class LineReader {
 public:
  explicit LineReader(const std::string& text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string::npos) end = text_.size();
    line = std::string_view(text_).substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  const std::string& text_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
};

}  // namespace dsim::detail
