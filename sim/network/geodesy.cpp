// SPDX-License-Identifier: MIT
#include "sim/network/geodesy.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dsim {

namespace {
constexpr double kRad = std::numbers::pi / 180.0;
}  // namespace

double haversine_m(double lon1, double lat1, double lon2, double lat2) {
  const double phi1 = lat1 * kRad;
  const double phi2 = lat2 * kRad;
  const double s_phi = std::sin(0.5 * (phi2 - phi1));
  const double s_lambda = std::sin(0.5 * (lon2 - lon1) * kRad);
  const double h = s_phi * s_phi + std::cos(phi1) * std::cos(phi2) * s_lambda * s_lambda;
  return 2.0 * kEarthRadius_m * std::asin(std::min(1.0, std::sqrt(h)));
}

LocalProjection::LocalProjection(double centre_lon, double centre_lat)
    : lon0_(centre_lon),
      lat0_(centre_lat),
      sin_lat0_(std::sin(centre_lat * kRad)),
      cos_lat0_(std::cos(centre_lat * kRad)) {}

void LocalProjection::forward(double lon, double lat, double& x_m, double& y_m) const {
  const double phi = lat * kRad;
  const double dl = (lon - lon0_) * kRad;
  const double sin_phi = std::sin(phi), cos_phi = std::cos(phi);
  const double cos_dl = std::cos(dl);
  const double cos_c = std::clamp(sin_lat0_ * sin_phi + cos_lat0_ * cos_phi * cos_dl, -1.0, 1.0);
  const double c = std::acos(cos_c);
  // k' = c / sin c, which tends to 1 at the centre.
  const double k = c < 1e-9 ? 1.0 : c / std::sin(c);
  x_m = kEarthRadius_m * k * cos_phi * std::sin(dl);
  y_m = kEarthRadius_m * k * (cos_lat0_ * sin_phi - sin_lat0_ * cos_phi * cos_dl);
}

void LocalProjection::inverse(double x_m, double y_m, double& lon, double& lat) const {
  const double rho = std::hypot(x_m, y_m);
  if (rho < 1e-9) {
    lon = lon0_;
    lat = lat0_;
    return;
  }
  const double c = rho / kEarthRadius_m;
  const double sin_c = std::sin(c), cos_c = std::cos(c);
  lat = std::asin(std::clamp(cos_c * sin_lat0_ + y_m * sin_c * cos_lat0_ / rho, -1.0, 1.0)) / kRad;
  lon = lon0_ + std::atan2(x_m * sin_c, rho * cos_lat0_ * cos_c - y_m * sin_lat0_ * sin_c) / kRad;
}

}  // namespace dsim
