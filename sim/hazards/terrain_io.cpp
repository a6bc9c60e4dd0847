// SPDX-License-Identifier: MIT
#include "sim/hazards/terrain_io.hpp"

#include "sim/core/atomic_write.hpp"
#include "sim/core/error.hpp"
#include "sim/hazards/text_input.hpp"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string_view>

namespace dsim {


using detail::LineReader;

Grid parse_esri_ascii(const std::string& text, const std::string& source, GridUnits units) {
  LineReader lines(text);
  std::string_view line;
  std::map<std::string, std::pair<double, std::size_t>> header;  // key -> (value, line)
  std::vector<std::string_view> first_data;
  std::size_t first_data_line = 0;
  while (lines.next(line)) {
    auto tok = detail::tokens(line);
    if (tok.empty()) continue;
    double v;
    if (detail::parse_number(tok[0], v) || tok[0].front() == '-' || std::isdigit(static_cast<unsigned char>(tok[0].front()))) {
      first_data = tok;
      first_data_line = lines.number();
      break;
    }
    const std::string key = detail::lower(tok[0]);
    static const std::array<const char*, 8> known = {"ncols", "nrows", "xllcorner", "xllcenter",
                                                     "yllcorner", "yllcenter", "cellsize", "nodata_value"};
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw InputError(source, lines.number(), std::string(tok[0]),
                       "a header key (ncols, nrows, xllcorner/xllcenter, yllcorner/yllcenter, cellsize, NODATA_value)",
                       std::string(tok[0]));
    if (tok.size() != 2 || !detail::parse_number(tok[1], v))
      throw InputError(source, lines.number(), std::string(tok[0]), "one number after the key",
                       std::string(line));
    if (header.count(key)) throw InputError(source, lines.number(), std::string(tok[0]), "each header key once", "a repeat");
    header[key] = {v, lines.number()};
  }
  auto require = [&](const char* key) -> double {
    auto it = header.find(key);
    if (it == header.end())
      throw InputError(source, first_data_line, key, std::string("header key ") + key + " before the data");
    return it->second.first;
  };
  auto count = [&](const char* key) -> std::size_t {
    const double v = require(key);
    if (!(v >= 1.0) || v != std::floor(v) || v > 1e8)
      throw InputError(source, header[key].second, key, "a positive whole number", detail::shortest(v));
    return static_cast<std::size_t>(v);
  };
  Grid grid;
  GridGeometry& g = grid.geometry;
  g.units = units;
  g.cols = count("ncols");
  g.rows = count("nrows");
  g.cell_size = require("cellsize");
  if (!(g.cell_size > 0.0))
    throw InputError(source, header["cellsize"].second, "cellsize", "a positive number", detail::shortest(g.cell_size));
  const bool x_centre = header.count("xllcenter") > 0;
  const bool y_centre = header.count("yllcenter") > 0;
  if (x_centre && header.count("xllcorner"))
    throw InputError(source, header["xllcenter"].second, "xllcenter", "either xllcorner or xllcenter, not both");
  if (y_centre && header.count("yllcorner"))
    throw InputError(source, header["yllcenter"].second, "yllcenter", "either yllcorner or yllcenter, not both");
  g.x_lower_left = x_centre ? require("xllcenter") - 0.5 * g.cell_size : require("xllcorner");
  g.y_lower_left = y_centre ? require("yllcenter") - 0.5 * g.cell_size : require("yllcorner");
  const bool has_nodata = header.count("nodata_value") > 0;
  const double nodata = has_nodata ? header["nodata_value"].first : 0.0;

  if (first_data_line == 0) throw InputError(source, lines.number() + 1, "", std::to_string(g.rows) + " rows of data", "end of file");
  grid.values = g.filled(std::numeric_limits<double>::quiet_NaN());
  std::size_t row = 0;
  std::vector<std::string_view> tok = first_data;
  std::size_t line_no = first_data_line;
  while (true) {
    if (!tok.empty()) {
      if (row >= g.rows)
        throw InputError(source, line_no, "", std::to_string(g.rows) + " rows as nrows says", "more rows");
      if (tok.size() != g.cols)
        throw InputError(source, line_no, "row " + std::to_string(row + 1),
                         std::to_string(g.cols) + " values as ncols says", std::to_string(tok.size()) + " values");
      for (std::size_t c = 0; c < g.cols; ++c) {
        double v;
        if (!detail::parse_number(tok[c], v))
          throw InputError(source, line_no, "row " + std::to_string(row + 1) + ", column " + std::to_string(c + 1),
                           "a number", std::string(tok[c]));
        if (has_nodata && v == nodata) v = std::numeric_limits<double>::quiet_NaN();
        grid.values(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(c)) = v;
      }
      ++row;
    }
    if (!lines.next(line)) break;
    tok = detail::tokens(line);
    line_no = lines.number();
  }
  if (row < g.rows)
    throw InputError(source, lines.number(), "", std::to_string(g.rows) + " rows as nrows says",
                     std::to_string(row) + " rows");
  return grid;
}

Grid read_esri_ascii(const std::filesystem::path& path, GridUnits units) {
  return parse_esri_ascii(detail::read_text_file(path), path.string(), units);
}

std::string format_esri_ascii(const Grid& grid, double nodata) {
  const GridGeometry& g = grid.geometry;
  std::string out;
  out.reserve(g.cell_count() * 8 + 200);
  out += "ncols " + std::to_string(g.cols) + "\n";
  out += "nrows " + std::to_string(g.rows) + "\n";
  out += "xllcorner " + detail::shortest(g.x_lower_left) + "\n";
  out += "yllcorner " + detail::shortest(g.y_lower_left) + "\n";
  out += "cellsize " + detail::shortest(g.cell_size) + "\n";
  out += "NODATA_value " + detail::shortest(nodata) + "\n";
  for (std::size_t r = 0; r < g.rows; ++r) {
    for (std::size_t c = 0; c < g.cols; ++c) {
      const double v = grid.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
      if (c) out += ' ';
      out += detail::shortest(std::isnan(v) ? nodata : v);
    }
    out += '\n';
  }
  return out;
}

void write_esri_ascii(const std::filesystem::path& path, const Grid& grid, double nodata) {
  write_text_atomically(path, format_esri_ascii(grid, nodata));
}

Grid decode_srtm_hgt(const std::string& bytes, const std::string& tile_name, const std::string& source) {
  // Tile name: [NS]dd[EW]ddd, optionally followed by ".hgt".
  std::string name = std::filesystem::path(tile_name).filename().string();
  const std::string upper = [&] {
    std::string u = name;
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  }();
  int lat = 0, lon = 0;
  char ns = 0, ew = 0;
  if (upper.size() < 7 || std::sscanf(upper.c_str(), "%c%2d%c%3d", &ns, &lat, &ew, &lon) != 4 ||
      (ns != 'N' && ns != 'S') || (ew != 'E' && ew != 'W') || !std::isdigit(static_cast<unsigned char>(upper[1])) ||
      !std::isdigit(static_cast<unsigned char>(upper[4])))
    throw InputError(source, 0, "tile name", "an SRTM tile name such as N42E001.hgt", name);
  if (ns == 'S') lat = -lat;
  if (ew == 'W') lon = -lon;
  std::size_t n = 0;
  if (bytes.size() == 1201u * 1201u * 2u) n = 1201;
  else if (bytes.size() == 3601u * 3601u * 2u) n = 3601;
  else
    throw InputError(source, 0, name, "1201 x 1201 or 3601 x 3601 16-bit samples (2884802 or 25934402 bytes)",
                     std::to_string(bytes.size()) + " bytes");
  Grid grid;
  GridGeometry& g = grid.geometry;
  g.units = GridUnits::degrees;
  g.cols = g.rows = n;
  g.cell_size = 1.0 / static_cast<double>(n - 1);
  g.x_lower_left = lon - 0.5 * g.cell_size;
  g.y_lower_left = lat - 0.5 * g.cell_size;
  grid.values = g.filled(0.0);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < n; ++c) {
      const std::size_t i = 2 * (r * n + c);
      const auto v = static_cast<std::int16_t>(static_cast<std::uint16_t>((p[i] << 8) | p[i + 1]));
      grid.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          v == -32768 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(v);
    }
  }
  return grid;
}

Grid read_srtm_hgt(const std::filesystem::path& path) {
  const std::string name = path.string();
  if (!detail::ends_with_ci(name, ".zip")) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(name, 0, "", "a readable .hgt file", "cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    return decode_srtm_hgt(ss.str(), path.filename().string(), name);
  }
  int err = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(zip_open(name.c_str(), ZIP_RDONLY, &err), &zip_discard);
  if (!archive) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw InputError(name, 0, "", "a readable zip archive", why);
  }
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* member = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
    if (!member || !detail::ends_with_ci(member, ".hgt")) continue;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
      throw InputError(name, 0, member, "a readable archive member", "no size");
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0),
                                                           &zip_fclose);
    if (!file) throw InputError(name, 0, member, "a readable archive member", zip_strerror(archive.get()));
    std::string bytes(static_cast<std::size_t>(st.size), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
      const zip_int64_t n = zip_fread(file.get(), bytes.data() + got, bytes.size() - got);
      if (n <= 0) throw InputError(name, 0, member, "a readable archive member", "read error");
      got += static_cast<std::size_t>(n);
    }
    return decode_srtm_hgt(bytes, member, name + ":" + member);
  }
  throw InputError(name, 0, "", "a .hgt member in the zip archive", "none");
}

}  // namespace dsim
