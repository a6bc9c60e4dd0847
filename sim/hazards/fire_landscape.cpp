// SPDX-License-Identifier: MIT
// Fuel, weather and slope to spread fields (docs/models.md, "Wildfire: from
// fuel and weather to the spread field").
#include "sim/hazards/fire_landscape.hpp"

#include "sim/core/error.hpp"
#include "sim/hazards/fire_behaviour.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dsim {

namespace {

// Grass: heat of combustion and fuel load by pasture condition (Cheney and
// Sullivan 2008, "Grassfires", typical loads of 4.5, 3 and 1.5 t/ha).
constexpr double kGrassHeatKjKg = 18'600.0;
constexpr double kNaturalLoadKgM2 = 0.45;
constexpr double kGrazedLoadKgM2 = 0.30;
constexpr double kEatenOutLoadKgM2 = 0.15;
// The 10-m wind is about 1.15 times the 20-ft (6.1 m) wind of Rothermel's
// wind adjustment factors (Lawson and Armitage 2008).
constexpr double kTenMetreOverTwentyFoot = 1.15;
// Under a forest canopy the midflame wind is a small share of the 20-ft wind
// (Andrews 2012, RMRS-GTR-266: 0.1 to 0.2 sheltered); the middle is taken.
constexpr double kForestWindFactor = 0.15;
constexpr double kFootM = 0.3048;

double grass_head_mps(double wind_mps, double moisture, double curing, PastureCondition condition) {
  return grassland_spread_mps(wind_mps, moisture, curing, condition);
}

// Albini and Baughman (1979): the wind adjustment factor of unsheltered
// fuel of depth h (ft), for the 20-ft wind.
double unsheltered_waf(double depth_m) {
  const double h_ft = std::max(0.1, depth_m / kFootM);
  return 1.83 / std::log((20.0 + 0.36 * h_ft) / (0.13 * h_ft));
}

FuelBehaviour rothermel_behaviour(int model_number, double wind_10m_mps, double dead_percent, double curing,
                                  bool sheltered, double lb) {
  const FuelModel& fuel = anderson_fuel_model(model_number);
  FuelMoisture m;
  m.dead_1h = dead_percent / 100.0;
  m.dead_10h = m.dead_1h + 0.01;
  m.dead_100h = m.dead_1h + 0.02;
  m.live_herb = 0.30 + 0.90 * (1.0 - curing / 100.0);
  m.live_woody = 0.90;
  const double wind_20ft = wind_10m_mps / kTenMetreOverTwentyFoot;
  const double midflame = wind_20ft * (sheltered ? kForestWindFactor : unsheltered_waf(fuel.depth_m));
  FuelBehaviour b;
  b.moisture_percent = dead_percent;
  b.lb = lb;
  b.head_mps = rothermel_spread_mps(fuel, m, midflame, 0.0);
  const double consumed = fuel.load_1h + fuel.load_10h + fuel.load_live_herb + fuel.load_live_woody;
  b.intensity_kw_m = byram_intensity_kw_m(fuel.heat_content_j_kg / 1000.0, consumed, b.head_mps);
  return b;
}

void check_weather(const FireWeather& w) {
  const std::size_t n = w.times_s.size();
  if (n == 0) throw InputError("fire weather", 0, "times_s", "at least one weather sample");
  const auto same = [&](const std::vector<double>& v, const char* key) {
    if (v.size() != n)
      throw InputError("fire weather", 0, key, "one value per weather time (" + std::to_string(n) + ")",
                       std::to_string(v.size()));
  };
  same(w.wind_mps, "wind_mps");
  same(w.from_deg, "from_deg");
  same(w.temperature_c, "temperature_c");
  same(w.humidity_percent, "humidity_percent");
  same(w.curing_percent, "curing_percent");
  for (std::size_t i = 1; i < n; ++i)
    if (!(w.times_s[i] > w.times_s[i - 1]))
      throw InputError("fire weather", 0, "times_s[" + std::to_string(i) + "]", "times in increasing order",
                       std::to_string(w.times_s[i]));
}

}  // namespace

int fuel_type_index(const std::string& name) {
  for (int i = 0; i < kFuelTypeCount; ++i)
    if (name == kFuelTypeNames[i]) return i;
  return -1;
}

bool fuel_burns(FuelType fuel) {
  return fuel != FuelType::bare && fuel != FuelType::built_up && fuel != FuelType::water;
}

double dead_fuel_moisture_percent(double air_temperature_c, double relative_humidity_percent) {
  const double t = air_temperature_c * 9.0 / 5.0 + 32.0;  // Simard's equations take degrees Fahrenheit
  const double h = std::clamp(relative_humidity_percent, 0.0, 100.0);
  double emc;
  if (h < 10.0) emc = 0.03229 + 0.281073 * h - 0.000578 * h * t;
  else if (h < 50.0) emc = 2.22749 + 0.160107 * h - 0.01478 * t;
  else emc = 21.0606 + 0.005565 * h * h - 0.00035 * h * t - 0.483199 * h;
  return std::max(1.0, 1.03 * emc);
}

double slope_factor(double slope_deg) { return std::exp(0.069 * std::clamp(slope_deg, -20.0, 20.0)); }

std::array<FuelBehaviour, kFuelTypeCount> fuel_behaviour(const FireWeather& weather, std::size_t i,
                                                         const FuelOptions& options) {
  const double wind = std::max(0.0, weather.wind_mps[i]);
  const double curing = std::clamp(weather.curing_percent[i], 0.0, 100.0);
  const double grass_mc = std::clamp(grass_moisture_percent(weather.temperature_c[i], weather.humidity_percent[i]),
                                     1.0, kGrassMoistureMaxPercent);
  const double dead_mc = dead_fuel_moisture_percent(weather.temperature_c[i], weather.humidity_percent[i]);
  const double lb = length_to_breadth(wind);
  std::array<FuelBehaviour, kFuelTypeCount> out{};
  const auto grass = [&](FuelType type, PastureCondition condition, double load) {
    FuelBehaviour& b = out[static_cast<std::size_t>(type)];
    b.head_mps = grass_head_mps(wind, grass_mc, curing, condition);
    b.lb = lb;
    b.moisture_percent = grass_mc;
    b.intensity_kw_m = byram_intensity_kw_m(kGrassHeatKjKg, load * curing / 100.0, b.head_mps);
  };
  grass(FuelType::natural_grass, PastureCondition::natural, kNaturalLoadKgM2);
  grass(FuelType::grazed_grass, PastureCondition::grazed, kGrazedLoadKgM2);
  grass(FuelType::eaten_out_grass, PastureCondition::eaten_out, kEatenOutLoadKgM2);
  grass(FuelType::cropland, PastureCondition::grazed, kGrazedLoadKgM2);
  out[static_cast<std::size_t>(FuelType::shrub)] =
      rothermel_behaviour(options.shrub_model, wind, dead_mc, curing, false, lb);
  out[static_cast<std::size_t>(FuelType::forest)] =
      rothermel_behaviour(options.forest_model, wind, dead_mc, curing, true, lb);
  return out;
}

SpreadLandscape build_spread_landscape(const FuelRaster& raster, const FireWeather& weather,
                                       const FuelOptions& options) {
  check_weather(weather);
  const std::size_t n = raster.rows * raster.cols;
  if (raster.fuel.size() != n)
    throw InputError("fuel raster", 0, "fuel", "rows x cols fuel types (" + std::to_string(n) + ")",
                     std::to_string(raster.fuel.size()));
  const bool sloped = !raster.slope_deg.empty();
  if (sloped && (raster.slope_deg.size() != n || raster.upslope_rad.size() != n))
    throw InputError("fuel raster", 0, "slope_deg, upslope_rad", "rows x cols values each");
  SpreadLandscape land;
  land.rows = raster.rows;
  land.cols = raster.cols;
  land.cell_size_m = raster.cell_size_m;
  land.times_s = weather.times_s;
  land.barrier_width_m = raster.barrier_width_m;
  for (std::size_t i = 0; i < weather.times_s.size(); ++i) {
    const auto behaviour = fuel_behaviour(weather, i, options);
    const double heading = std::fmod(weather.from_deg[i] + 180.0, 360.0) * std::numbers::pi / 180.0;
    SpreadField f;
    f.head_mps.resize(n);
    f.lb.resize(n);
    f.heading_rad.assign(n, static_cast<float>(heading));
    f.intensity_kw_m.resize(n);
    for (std::size_t c = 0; c < n; ++c) {
      const FuelType type = static_cast<FuelType>(raster.fuel[c]);
      if (!fuel_burns(type)) {
        f.head_mps[c] = 0.0f;
        f.lb[c] = 1.0f;
        f.intensity_kw_m[c] = 0.0f;
        continue;
      }
      const FuelBehaviour& b = behaviour[raster.fuel[c]];
      double factor = 1.0;
      if (sloped && raster.slope_deg[c] > 0.0f)
        factor = slope_factor(double(raster.slope_deg[c]) * std::cos(double(raster.upslope_rad[c]) - heading));
      f.head_mps[c] = static_cast<float>(b.head_mps * factor);
      f.lb[c] = static_cast<float>(b.lb);
      f.intensity_kw_m[c] = static_cast<float>(b.intensity_kw_m * factor);
    }
    land.fields.push_back(std::move(f));
  }
  return land;
}

}  // namespace dsim
