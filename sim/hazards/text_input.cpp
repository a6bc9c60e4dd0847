// SPDX-License-Identifier: MIT
#include "sim/hazards/text_input.hpp"

#include "sim/core/error.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace dsim {

namespace detail {

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), s.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whole contents of a file; gunzipped when its name ends in .gz.
std::string read_text_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  if (ends_with_ci(name, ".gz")) {
    gzFile f = gzopen(name.c_str(), "rb");
    if (!f) throw InputError(name, 0, "", "a readable gzip file", "cannot open");
    std::string out;
    std::array<char, 1 << 16> buf{};
    int n;
    while ((n = gzread(f, buf.data(), static_cast<unsigned>(buf.size()))) > 0) out.append(buf.data(), static_cast<std::size_t>(n));
    const bool failed = n < 0;
    gzclose(f);
    if (failed) throw InputError(name, 0, "", "valid gzip data", "corrupt stream");
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(name, 0, "", "a readable file", "cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Splits a line into whitespace-separated tokens.
std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    const std::size_t start = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// Parses a whole token as a finite number.
bool parse_number(std::string_view token, double& value) {
  const char* first = token.data();
  const char* last = token.data() + token.size();
  if (first != last && *first == '+') ++first;  // from_chars rejects a leading '+'
  auto [ptr, ec] = std::from_chars(first, last, value);
  return ec == std::errc() && ptr == last && std::isfinite(value);
}

std::string shortest(double v) {
  std::array<char, 32> buf{};
  auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), ptr);
}


}  // namespace detail

}  // namespace dsim
