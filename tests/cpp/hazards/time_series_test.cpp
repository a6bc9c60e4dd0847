// SPDX-License-Identifier: MIT
#include "sim/hazards/time_series.hpp"

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>

using namespace dsim;

TEST_CASE("TimeSeries interpolates linearly and holds its end values", "[hazards]") {
  const TimeSeries s({0.0, 300.0, 3600.0}, {0.0, 0.0, 1.0});
  REQUIRE(s.at(-10.0) == 0.0);
  REQUIRE(s.at(300.0) == 0.0);
  REQUIRE(s.at(1950.0) == Approx(0.5));
  REQUIRE(s.at(1e6) == 1.0);
  REQUIRE(s.max_value() == 1.0);
}

TEST_CASE("TimeSeries integrates its piecewise-linear shape exactly", "[hazards]") {
  const TimeSeries s({0.0, 300.0, 3600.0, 14400.0, 18000.0}, {0.0, 0.0, 1.0, 1.0, 0.0});
  REQUIRE(s.integral(0.0, 18000.0) == Approx(3300.0 / 2 + 10800.0 + 3600.0 / 2));
  REQUIRE(s.integral(1950.0, 3600.0) == Approx((0.5 + 1.0) / 2 * 1650.0));
  REQUIRE(s.integral(20000.0, 20010.0) == 0.0);
  REQUIRE(TimeSeries::constant(2.0).integral(-5.0, 5.0) == Approx(20.0));
}

TEST_CASE("TimeSeries rejects times out of order and mismatched sizes", "[hazards]") {
  REQUIRE_THROWS_AS(TimeSeries({0.0, 10.0, 10.0}, {1.0, 2.0, 3.0}, "x.bdy"), InputError);
  REQUIRE_THROWS_WITH(TimeSeries({0.0, 20.0, 10.0}, {1.0, 2.0, 3.0}, "x.bdy"),
                      Catch::Contains("x.bdy") && Catch::Contains("increasing"));
  REQUIRE_THROWS_AS(TimeSeries({0.0}, {1.0, 2.0}), InputError);
  REQUIRE_THROWS_AS(TimeSeries({}, {}), InputError);
}
