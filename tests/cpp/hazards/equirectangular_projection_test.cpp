// SPDX-License-Identifier: MIT
#include "sim/hazards/equirectangular_projection.hpp"

#include <catch2/catch.hpp>

using namespace dsim;

TEST_CASE("Degree lengths match the WGS84 ellipsoid", "[hazards][projection]") {
  // Reference values for WGS84 at 0 and 45 degrees latitude.
  REQUIRE(metres_per_degree_latitude(0.0) == Approx(110574.3).margin(1.0));
  REQUIRE(metres_per_degree_longitude(0.0) == Approx(111319.5).margin(1.0));
  REQUIRE(metres_per_degree_latitude(45.0) == Approx(111132.9).margin(1.0));
  REQUIRE(metres_per_degree_longitude(45.0) == Approx(78846.8).margin(1.0));
}

TEST_CASE("EquirectangularProjection round-trips and resamples a degree grid onto metres", "[hazards][projection]") {
  const EquirectangularProjection proj(1.5, 42.5);
  const GridPoint p = proj.to_local(1.6, 42.45);
  REQUIRE(p.x == Approx(0.1 * metres_per_degree_longitude(42.5)));
  REQUIRE(p.y == Approx(-0.05 * metres_per_degree_latitude(42.5)));
  const GridPoint back = proj.to_lon_lat(p);
  REQUIRE(back.x == Approx(1.6));
  REQUIRE(back.y == Approx(42.45));

  // A plane rising 1 m per 0.001 degree of longitude.
  Grid deg;
  deg.geometry = {101, 101, 1.45, 42.45, 0.001, GridUnits::degrees};
  deg.values = deg.geometry.filled(0.0);
  for (Eigen::Index c = 0; c < 101; ++c) deg.values.col(c).setConstant(static_cast<double>(c));
  const Grid m = resample_to_local(deg, proj, 50.0);
  REQUIRE(m.geometry.units == GridUnits::metres);
  REQUIRE(m.geometry.cols > 150);
  const GridPoint centre = proj.to_local(1.5, 42.5);
  // Cell centres sit at 1.45 + (c + 0.5) 0.001 degrees: lon 1.5 is c = 49.5.
  REQUIRE(*m.interpolate(centre) == Approx(49.5).margin(0.05));
}
