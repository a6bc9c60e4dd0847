// SPDX-License-Identifier: MIT
#pragma once

// From fuel, weather and slope to the spread conditions of a fire
// (docs/models.md, "Wildfire: from fuel and weather to the spread field"):
// each weather sample gives each fuel type a head rate of spread, a
// length-to-breadth ratio and an intensity, by the CSIRO grassland model for
// grass and cropland and by Rothermel's model with a standard fuel model for
// shrub and forest; the slope under each cell scales the rate by McArthur's
// rule. The result is the SpreadLandscape that sim/hazards/fire_spread burns.

#include "sim/hazards/fire_spread.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dsim {

// The fuel types of a fire's landscape (a scenario names them as strings).
enum class FuelType : std::uint8_t {
  natural_grass, grazed_grass, eaten_out_grass, cropland, shrub, forest, bare, built_up, water
};
inline constexpr const char* kFuelTypeNames[] = {"natural_grass", "grazed_grass", "eaten_out_grass", "cropland",
                                                 "shrub",         "forest",       "bare",            "built_up",
                                                 "water"};
inline constexpr int kFuelTypeCount = 9;
int fuel_type_index(const std::string& name);  // -1 if unknown
bool fuel_burns(FuelType fuel);

// Samples of the weather, each held until the next (times in seconds from
// the start of the run, strictly increasing). Wind at 10 m in the open.
struct FireWeather {
  std::vector<double> times_s{0.0};
  std::vector<double> wind_mps{5.0};
  std::vector<double> from_deg{315.0};        // where the wind blows from, clockwise from north
  std::vector<double> temperature_c{25.0};
  std::vector<double> humidity_percent{20.0};
  std::vector<double> curing_percent{90.0};   // grass curing, 0..100
};

// The fuel models and loads behind the types (docs/models.md gives the sources).
struct FuelOptions {
  int shrub_model = 5;   // Anderson (1982) model for shrub
  int forest_model = 9;  // and for forest
};

// How one fuel type burns under one weather sample, on the flat.
struct FuelBehaviour {
  double head_mps = 0.0;
  double lb = 1.0;
  double intensity_kw_m = 0.0;  // head fire (Byram)
  double moisture_percent = 0.0;  // dead fine fuel moisture the model used
};

// Every fuel type under weather sample `i`.
std::array<FuelBehaviour, kFuelTypeCount> fuel_behaviour(const FireWeather& weather, std::size_t i,
                                                         const FuelOptions& options);

// Dead fine fuel moisture for Rothermel's models (%, of dry weight): the
// equilibrium moisture of Simard (1968) from temperature and humidity, times
// 1.03 for the 1-h class (as NFDRS takes it).
double dead_fuel_moisture_percent(double air_temperature_c, double relative_humidity_percent);

// A raster of fuel types, row 0 at the south, with the slope under each cell
// (degrees, and the direction uphill clockwise from north; empty: flat) and
// the width of a barrier in each cell (road, river, firebreak; empty: none).
struct FuelRaster {
  std::size_t rows = 0, cols = 0;
  double cell_size_m = 30.0;
  std::vector<std::uint8_t> fuel;  // FuelType per cell
  std::vector<float> slope_deg;
  std::vector<float> upslope_rad;
  std::vector<float> barrier_width_m;
};

// McArthur's slope rule (Noble, Bary and Gill 1980): the rate of spread
// doubles for every 10 degrees upslope and halves downslope, exp(0.069 s);
// `slope_deg` signed along the direction of spread, capped at +-20 degrees.
double slope_factor(double slope_deg);

// The spread landscape of a fuel raster under a weather series: one field per
// weather sample; the head runs downwind, faster upslope along its heading.
// Breach draws are left empty (the caller draws them per replication).
SpreadLandscape build_spread_landscape(const FuelRaster& raster, const FireWeather& weather,
                                       const FuelOptions& options = {});

}  // namespace dsim
