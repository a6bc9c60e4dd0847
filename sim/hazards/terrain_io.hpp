// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/grid.hpp"

#include <filesystem>
#include <string>

namespace dsim {

// Reads an ESRI ASCII grid (.asc; gzip-compressed when the name ends in
// .gz): header keys ncols, nrows, xllcorner or xllcenter, yllcorner or
// yllcenter, cellsize and optionally NODATA_value, in any order and any
// case, then nrows lines of ncols numbers, north row first. Cells equal to
// NODATA_value become NaN. Coordinates are taken as metres unless `units`
// says otherwise. A bad header key, a missing key, a short or long row, a
// non-numeric cell or a wrong row count throws dsim::InputError naming the
// file and line.
Grid read_esri_ascii(const std::filesystem::path& path, GridUnits units = GridUnits::metres);
// The same from text already in memory; `source` names it in errors.
Grid parse_esri_ascii(const std::string& text, const std::string& source, GridUnits units = GridUnits::metres);

// Writes an ESRI ASCII grid with xllcorner/yllcorner, NaN written as
// `nodata`; values in the shortest form that reads back exactly. Written to
// a temporary name and renamed, so a failed write leaves no partial file.
void write_esri_ascii(const std::filesystem::path& path, const Grid& grid, double nodata = -9999.0);
std::string format_esri_ascii(const Grid& grid, double nodata = -9999.0);

// Reads an SRTM tile (.hgt: 1201 x 1201 or 3601 x 3601 big-endian int16
// heights in metres, north row first, void = -32768 read as NaN), directly
// or from the first .hgt member of a .zip. The tile name (e.g. N42E001)
// gives the south-west corner; the grid is in degrees with samples at cell
// centres, so its lower-left corner lies half a sample south-west of the
// tile's corner.
Grid read_srtm_hgt(const std::filesystem::path& path);
// Decodes the bytes of a tile named `tile_name` (N42E001 or N42E001.hgt).
Grid decode_srtm_hgt(const std::string& bytes, const std::string& tile_name, const std::string& source);

}  // namespace dsim
