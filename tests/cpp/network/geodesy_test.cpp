// SPDX-License-Identifier: MIT
#include "sim/network/geodesy.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace dsim;

TEST_CASE("haversine_m gives the arc length of a quarter meridian and of one degree", "[network]") {
  REQUIRE(haversine_m(0, 0, 0, 90) == Approx(kEarthRadius_m * std::numbers::pi / 2).epsilon(1e-12));
  REQUIRE(haversine_m(0, 0, 1, 0) == Approx(kEarthRadius_m * std::numbers::pi / 180).epsilon(1e-12));
  REQUIRE(haversine_m(10, 50, 10, 50) == 0.0);
}

TEST_CASE("LocalProjection keeps distances from its centre exact and inverts its forward map", "[network]") {
  const LocalProjection p(109.78, 39.60);
  double x = 1, y = 1;
  p.forward(109.78, 39.60, x, y);
  REQUIRE(x == Approx(0.0).margin(1e-9));
  REQUIRE(y == Approx(0.0).margin(1e-9));
  for (auto [lon, lat] : {std::pair{109.9, 39.7}, {109.5, 39.3}, {110.3, 40.1}, {109.78, 39.0}}) {
    p.forward(lon, lat, x, y);
    REQUIRE(std::hypot(x, y) == Approx(haversine_m(109.78, 39.60, lon, lat)).epsilon(1e-9));
    double lon2 = 0, lat2 = 0;
    p.inverse(x, y, lon2, lat2);
    REQUIRE(lon2 == Approx(lon).margin(1e-9));
    REQUIRE(lat2 == Approx(lat).margin(1e-9));
  }
  // North is +y, east is +x.
  p.forward(109.78, 39.61, x, y);
  REQUIRE(y > 0.0);
  p.forward(109.79, 39.60, x, y);
  REQUIRE(x > 0.0);
}

TEST_CASE("LocalProjection distorts short distances 30 km from its centre by under 0.1 %", "[network]") {
  const LocalProjection p(109.78, 39.60);
  double x1, y1, x2, y2;
  p.forward(110.1, 39.75, x1, y1);
  p.forward(110.11, 39.755, x2, y2);
  REQUIRE(std::hypot(x2 - x1, y2 - y1) == Approx(haversine_m(110.1, 39.75, 110.11, 39.755)).epsilon(1e-3));
}
