// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/grid.hpp"

namespace dsim {

// Length of one degree on the WGS84 ellipsoid at a latitude, in metres.
double metres_per_degree_latitude(double latitude_deg);
double metres_per_degree_longitude(double latitude_deg);

// A local metric plane around an origin (longitude, latitude): x east and y
// north in metres, scaled by the ellipsoid's radii of curvature at the
// origin (equirectangular). Within ~50 km of the origin lengths are right to
// about 0.1 %, enough to put a DEM and a road network on one grid.
class EquirectangularProjection {
 public:
  EquirectangularProjection(double origin_lon_deg, double origin_lat_deg);

  GridPoint to_local(double lon_deg, double lat_deg) const {
    return {(lon_deg - origin_lon_deg_) * metres_per_deg_lon_, (lat_deg - origin_lat_deg_) * metres_per_deg_lat_};
  }
  // Inverse of to_local: {x = longitude, y = latitude} in degrees.
  GridPoint to_lon_lat(GridPoint local_m) const {
    return {origin_lon_deg_ + local_m.x / metres_per_deg_lon_, origin_lat_deg_ + local_m.y / metres_per_deg_lat_};
  }

  double origin_lon_deg() const { return origin_lon_deg_; }
  double origin_lat_deg() const { return origin_lat_deg_; }

 private:
  double origin_lon_deg_;
  double origin_lat_deg_;
  double metres_per_deg_lon_;
  double metres_per_deg_lat_;
};

// Resamples a longitude/latitude grid onto a metric grid of the projection
// with square cells of `cell_size_m`, covering the largest axis-aligned
// rectangle inside the source grid; bilinear between source cell centres,
// NaN where a source cell had no data.
Grid resample_to_local(const Grid& geographic, const EquirectangularProjection& projection, double cell_size_m);

}  // namespace dsim
