// SPDX-License-Identifier: MIT
#pragma once

// Distances on the sphere and the local plane that RoadNetwork works in.

namespace dsim {

// Mean Earth radius R1 = (2a + b) / 3 of WGS84 (IUGG), in metres.
inline constexpr double kEarthRadius_m = 6371008.8;

// Great-circle distance between two WGS84 points (degrees) on a sphere of
// radius kEarthRadius_m (haversine formula). Error against the ellipsoid is
// below 0.5 %.
double haversine_m(double lon1, double lat1, double lon2, double lat2);

// Spherical azimuthal equidistant projection centred on (lon0, lat0): x east,
// y north, metres. Distances and bearings from the centre are exact on the
// sphere; other distances are stretched by less than 0.1 % within 100 km of
// the centre (Snyder 1987, USGS PP 1395, ch. 25).
class LocalProjection {
 public:
  LocalProjection() = default;
  LocalProjection(double centre_lon, double centre_lat);

  double centre_lon() const { return lon0_; }
  double centre_lat() const { return lat0_; }

  void forward(double lon, double lat, double& x_m, double& y_m) const;
  void inverse(double x_m, double y_m, double& lon, double& lat) const;

 private:
  double lon0_ = 0.0;
  double lat0_ = 0.0;
  double sin_lat0_ = 0.0;
  double cos_lat0_ = 1.0;
};

}  // namespace dsim
