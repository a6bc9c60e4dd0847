// SPDX-License-Identifier: MIT
#pragma once

// Values of a raster (a GeoTIFF, anything GDAL opens, in any coordinate
// reference system GDAL can convert to WGS84) at given longitudes and
// latitudes: the cell each point falls in (nearest neighbour: class codes)
// or bilinear between the four nearest cell centres (heights), NaN for
// no-data cells and points outside the raster.

#include "sim/network/lon_lat.hpp"

#include <span>
#include <string>
#include <vector>

namespace dsim {

struct RasterSample {
  std::vector<double> values;  // one per point
  std::size_t outside = 0;     // points outside the raster or on no-data cells
};

// Throws InputError naming `path` and `key` when the file cannot be read or is
// not georeferenced.
RasterSample sample_raster(const std::string& path, const std::string& key, std::span<const LonLat> points,
                           int band = 1, bool bilinear = false);

}  // namespace dsim
