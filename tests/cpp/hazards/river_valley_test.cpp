// SPDX-License-Identifier: MIT
#include "sim/hazards/river_valley.hpp"

#include "sim/core/error.hpp"
#include "sim/hazards/flood.hpp"

#include <catch2/catch.hpp>

using namespace dsim;

namespace {
RiverValleySpec straight_valley() {
  RiverValleySpec s;
  s.geometry = {100, 60, 0.0, 0.0, 20.0, GridUnits::metres};  // 2 km x 1.2 km
  s.centreline = {{0.0, 600.0}, {2000.0, 600.0}};
  s.bed_upstream_m = 100.0;
  s.bed_slope = 0.001;
  s.channel_width_m = 40.0;
  s.channel_depth_m = 3.0;
  s.floodplain_half_width_m = 200.0;
  s.floodplain_slope = 0.002;
  s.valley_side_slope = 0.05;
  s.valley_rim_height_m = 20.0;
  s.towns.push_back({"Riverside", {1010.0, 910.0}, 60.0, 8.0});
  return s;
}
}  // namespace

TEST_CASE("A synthetic valley has the river bed, banks, sides and town terraces it was given", "[hazards][valley]") {
  const RiverValleySpec spec = straight_valley();
  const Grid g = make_river_valley(spec);
  // On the centreline the bed falls 1 m per km.
  REQUIRE(*g.value_at({10.0, 600.0}) == Approx(100.0 - 0.01));
  REQUIRE(*g.value_at({1990.0, 600.0}) == Approx(100.0 - 1.99));
  // 50 m from the centreline: bank plus 30 m of floodplain at 0.2 %.
  REQUIRE(*g.value_at({1010.0, 650.0}) == Approx(100.0 - 1.01 + 3.0 + 0.002 * 30.0));
  // Up the side (5 %), 390 m past the floodplain edge; the plateau caps it.
  REQUIRE(*g.value_at({1010.0, 10.0}) == Approx(100.0 - 1.01 + 3.0 + 0.002 * 180.0 + 0.05 * 390.0));
  RiverValleySpec low_rim = spec;
  low_rim.valley_rim_height_m = 10.0;
  REQUIRE(*make_river_valley(low_rim).value_at({1010.0, 10.0}) == Approx(100.0 - 1.01 + 3.0 + 0.002 * 180.0 + 10.0));
  // The town's terrace: 8 m above the bed at its nearest river point.
  REQUIRE(*g.value_at({1010.0, 910.0}) == Approx(100.0 - 1.01 + 8.0));
  REQUIRE(*g.value_at({1050.0, 930.0}) == Approx(100.0 - 1.01 + 8.0));
  REQUIRE(project_onto_polyline(spec.centreline, {500.0, 0.0}).distance_m == Approx(600.0));
  REQUIRE(project_onto_polyline(spec.centreline, {500.0, 0.0}).chainage_m == Approx(500.0));
}

TEST_CASE("A river rise confined to the channel leaves the terrace town dry", "[hazards][valley]") {
  FloodSetup setup;
  setup.terrain = make_river_valley(straight_valley());
  setup.manning_n = 0.035;
  // 2 m of water in the channel at the upstream edge, free outflow downstream.
  setup.boundaries.push_back(
      {GridEdge::west, 560.0, 640.0, BoundaryKind::fixed_level, TimeSeries::constant(100.0 + 2.0), NAN});
  setup.boundaries.push_back({GridEdge::east, 0.0, 1200.0, BoundaryKind::free, {}, 0.001});
  FloodModel model(setup);
  model.advance_to(2 * 3600.0);
  REQUIRE(model.depth_at({1010.0, 600.0}) > 0.5);
  REQUIRE(model.depth_at({1010.0, 910.0}) == 0.0);
  REQUIRE(std::abs(model.mass_balance().relative_error()) < 1e-9);
}

TEST_CASE("make_river_valley rejects a centreline of one point", "[hazards][valley]") {
  RiverValleySpec spec = straight_valley();
  spec.centreline.resize(1);
  REQUIRE_THROWS_AS(make_river_valley(spec), InputError);
}
