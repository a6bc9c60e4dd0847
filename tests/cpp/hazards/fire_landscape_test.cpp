// SPDX-License-Identifier: MIT
// From fuel and weather to the spread field: each fuel stands for the model
// function it names, Simard's moisture at hand-computed points, McArthur's
// slope rule, and a uniform raster gives a uniform field.
#include "sim/hazards/fire_behaviour.hpp"
#include "sim/hazards/fire_landscape.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace dsim;

TEST_CASE("Simard's equilibrium moisture times 1.03 at hand-computed points", "[fire_landscape]") {
  // 25 C = 77 F, 20 %: 2.22749 + 0.160107 * 20 - 0.01478 * 77 = 4.29157
  CHECK(dead_fuel_moisture_percent(25.0, 20.0) == Approx(1.03 * 4.29157).epsilon(1e-4));
  // 20 C = 68 F, 5 %: 0.03229 + 0.281073 * 5 - 0.000578 * 5 * 68 = 1.241135
  CHECK(dead_fuel_moisture_percent(20.0, 5.0) == Approx(1.03 * 1.241135).epsilon(1e-4));
  // 10 C = 50 F, 70 %: 21.0606 + 0.005565 * 4900 - 0.00035 * 70 * 50 - 0.483199 * 70 = 13.28017
  CHECK(dead_fuel_moisture_percent(10.0, 70.0) == Approx(1.03 * 13.28017).epsilon(1e-4));
}

TEST_CASE("McArthur's slope rule doubles the rate every 10 degrees up, capped at 20", "[fire_landscape]") {
  CHECK(slope_factor(0.0) == 1.0);
  CHECK(slope_factor(10.0) == Approx(std::exp(0.69)));
  CHECK(slope_factor(-10.0) == Approx(1.0 / std::exp(0.69)));
  CHECK(slope_factor(35.0) == Approx(slope_factor(20.0)));
}

TEST_CASE("Each fuel type burns by the model it names", "[fire_landscape]") {
  FireWeather w;
  w.wind_mps = {6.0};
  w.from_deg = {315.0};
  w.temperature_c = {25.0};
  w.humidity_percent = {20.0};
  w.curing_percent = {90.0};
  const auto b = fuel_behaviour(w, 0, FuelOptions{});
  const double mc = grass_moisture_percent(25.0, 20.0);
  CHECK(b[0].head_mps == Approx(grassland_spread_mps(6.0, mc, 90.0, PastureCondition::natural)));
  CHECK(b[1].head_mps == Approx(grassland_spread_mps(6.0, mc, 90.0, PastureCondition::grazed)));
  CHECK(b[2].head_mps == Approx(grassland_spread_mps(6.0, mc, 90.0, PastureCondition::eaten_out)));
  CHECK(b[3].head_mps == Approx(b[1].head_mps));  // cropland as grazed pasture
  for (int f = 0; f < 6; ++f) CHECK(b[std::size_t(f)].lb == Approx(length_to_breadth(6.0)));
  // Byram: 18,600 kJ/kg x 0.45 kg/m2 x 90 % cured x R.
  CHECK(b[0].intensity_kw_m == Approx(18'600.0 * 0.45 * 0.9 * b[0].head_mps));
  // Shrub: Anderson 5 (2 ft deep) with Albini and Baughman's factor 1.83 / ln((20 + 0.36 h) / 0.13 h).
  const double waf = 1.83 / std::log((20.0 + 0.36 * 2.0) / (0.13 * 2.0));
  FuelMoisture m;
  m.dead_1h = dead_fuel_moisture_percent(25.0, 20.0) / 100.0;
  m.dead_10h = m.dead_1h + 0.01;
  m.dead_100h = m.dead_1h + 0.02;
  m.live_herb = 0.30 + 0.90 * 0.1;
  m.live_woody = 0.90;
  CHECK(b[4].head_mps == Approx(rothermel_spread_mps(anderson_fuel_model(5), m, 6.0 / 1.15 * waf, 0.0)).epsilon(1e-6));
  CHECK(b[5].head_mps == Approx(rothermel_spread_mps(anderson_fuel_model(9), m, 6.0 / 1.15 * 0.15, 0.0)).epsilon(1e-6));
  for (int f = 6; f < kFuelTypeCount; ++f) CHECK(b[std::size_t(f)].head_mps == 0.0);
}

TEST_CASE("A raster's field: uniform fuel, downwind heading, faster upslope, no fire on bare ground",
          "[fire_landscape]") {
  FuelRaster r;
  r.rows = 4;
  r.cols = 5;
  r.fuel.assign(20, std::uint8_t(FuelType::natural_grass));
  r.fuel[7] = std::uint8_t(FuelType::water);
  FireWeather w;
  w.times_s = {0.0, 3600.0};
  w.wind_mps = {5.0, 8.0};
  w.from_deg = {315.0, 270.0};
  w.temperature_c = {25.0, 25.0};
  w.humidity_percent = {20.0, 20.0};
  w.curing_percent = {90.0, 90.0};
  SpreadLandscape land = build_spread_landscape(r, w);
  REQUIRE(land.fields.size() == 2);
  CHECK(land.fields[0].heading_rad[0] == Approx(135.0 * std::numbers::pi / 180.0));
  CHECK(land.fields[1].heading_rad[0] == Approx(90.0 * std::numbers::pi / 180.0));
  CHECK(land.fields[0].head_mps[7] == 0.0f);
  for (std::size_t c = 0; c < 20; ++c)
    if (c != 7) CHECK(land.fields[0].head_mps[c] == land.fields[0].head_mps[0]);
  CHECK(land.fields[1].head_mps[0] > land.fields[0].head_mps[0]);
  // A 10-degree slope rising towards the head's heading doubles the rate.
  r.slope_deg.assign(20, 10.0f);
  r.upslope_rad.assign(20, float(135.0 * std::numbers::pi / 180.0));
  SpreadLandscape sloped = build_spread_landscape(r, w);
  CHECK(sloped.fields[0].head_mps[0] == Approx(land.fields[0].head_mps[0] * std::exp(0.69)).epsilon(1e-5));
  // Weather out of order is refused.
  w.times_s = {0.0, 0.0};
  CHECK_THROWS(build_spread_landscape(r, w));
}
