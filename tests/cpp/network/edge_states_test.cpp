// SPDX-License-Identifier: MIT
#include "sim/network/edge_states.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace dsim;

TEST_CASE("EdgeStates start open at free flow", "[network]") {
  const EdgeStates s(4);
  REQUIRE(s.edge_count() == 4);
  REQUIRE(s.closed_count() == 0);
  for (double m : s.time_multipliers()) REQUIRE(m == 1.0);
}

TEST_CASE("EdgeStates remember a slow-down across a closure and count versions", "[network]") {
  EdgeStates s(3);
  const auto v0 = s.version();
  s.set_speed_factor(EdgeId{1}, 0.25);
  REQUIRE(s.time_multipliers()[1] == 4.0);
  s.close(EdgeId{1});
  REQUIRE(s.is_closed(EdgeId{1}));
  REQUIRE(std::isinf(s.time_multipliers()[1]));
  s.close(EdgeId{1});  // no change, no new version
  const auto v1 = s.version();
  REQUIRE(v1 == v0 + 2);
  s.reopen(EdgeId{1});
  REQUIRE_FALSE(s.is_closed(EdgeId{1}));
  REQUIRE(s.time_multipliers()[1] == 4.0);
  REQUIRE(s.speed_factor(EdgeId{1}) == 0.25);
  REQUIRE(s.version() == v1 + 1);
  s.reset();
  REQUIRE(s.time_multipliers()[1] == 1.0);
  REQUIRE(s.closed_count() == 0);
}

TEST_CASE("EdgeStates reject a speed factor that is not positive and finite", "[network]") {
  EdgeStates s(2);
  REQUIRE_THROWS_AS(s.set_speed_factor(EdgeId{0}, 0.0), std::invalid_argument);
  REQUIRE_THROWS_AS(s.set_speed_factor(EdgeId{0}, -1.0), std::invalid_argument);
  REQUIRE_THROWS_AS(s.set_speed_factor(EdgeId{0}, INFINITY), std::invalid_argument);
  REQUIRE_THROWS_AS(s.close(EdgeId{5}), std::out_of_range);
}
