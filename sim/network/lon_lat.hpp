// SPDX-License-Identifier: MIT
#pragma once

namespace dsim {

// A point in WGS84 degrees: longitude east, latitude north.
struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
  friend bool operator==(const LonLat&, const LonLat&) = default;
};

}  // namespace dsim
