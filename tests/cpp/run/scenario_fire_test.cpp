// SPDX-License-Identifier: MIT
// The fire section bound to a region: a fuel raster and a DEM read through
// GDAL set each cell's fuel and the slope that scales its spread, and a code
// the scenario does not map is refused with the file and the key.
#include "sim/hazards/fire_landscape.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/cpp/support/gis_writer.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

namespace dsim {
namespace {

const std::string kTiny = std::string(DSIM_SOURCE_DIR) + "/tests/data/bad_region/tiny_region/nodes.csv";

// 40 x 30 cells of 0.0001 degrees from (109.7990, 39.6025) down: code 1 west
// of 109.8010, code 9 east of it; heights rising 20 m in 100 m northwards.
constexpr double kLeft = 109.7990, kTop = 39.6025, kCell = 0.0001;
constexpr int kCols = 40, kRows = 30;
constexpr double kSlope = 0.2;

std::string scenario_text(const std::string& fuel, const std::string& dem, const std::string& classes) {
  return "name: raster-fire\n"
         "region: {network: " + kTiny + "}\n"
         "stations: [{id: s, location: {node: 1}}]\n"
         "teams: [{id: t, station: s, level: village, size: 10, capabilities: [wildland]}]\n"
         "incident_list: [{time: 0, type: grassland_fire, severity: minor, location: {node: 1}}]\n"
         "plan: {responses: {grassland_fire: {minor: {needs: {wildland: 10}}}}}\n"
         "horizon: 2 h\n"
         "replications: 1\n"
         "fire:\n"
         "  ignitions: [{at: {lon: 109.8003, lat: 39.6004}}]\n"
         "  landscape: {cell_size: 10 m, extent: 2 km, fuel_raster: " + fuel + ", dem: " + dem +
         ", raster_classes: " + classes + ", roads_are_barriers: false}\n"
         "  weather: {wind: 5 m/s, from: 180, temperature: 25, humidity: 20 %, curing: 90 %}\n"
         "  suppression: {calls: []}\n"
         "  villages: {raise_incidents: false}\n";
}

struct Rasters {
  testing::TempDir dir;
  std::string fuel, dem;
  Rasters() {
    std::vector<float> codes, heights;
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c) {
        const double lon = kLeft + (c + 0.5) * kCell, lat = kTop - (r + 0.5) * kCell;
        codes.push_back(lon < 109.8010 ? 1.0f : 9.0f);
        heights.push_back(float(1000.0 + kSlope * (lat - 39.6) * 111'000.0));
      }
    fuel = (dir.path() / "fuel.tif").string();
    dem = (dir.path() / "dem.tif").string();
    testing::write_geotiff(fuel, 4326, kLeft, kTop, kCell, kCols, kRows, codes, -9999.0);
    testing::write_geotiff(dem, 4326, kLeft, kTop, kCell, kCols, kRows, heights, -9999.0);
  }
};

}  // namespace

TEST_CASE("A fuel raster and a DEM read with GDAL set the fire's fuel and slope", "[scenario_fire]") {
  Rasters rasters;
  Scenario s = read_scenario_text(scenario_text(rasters.fuel, rasters.dem, "{1: natural_grass, 9: water}"), "<test>")
                   .checked();
  const PreparedScenario p = prepare_scenario(std::move(s), 1);
  REQUIRE(p.fire);
  const WildfireModel& m = p.fire->model;
  const RoadNetwork& net = p.region->network;
  const std::size_t cols = m.landscape.cols;
  FireWeather w;
  w.wind_mps = {5.0};
  w.from_deg = {180.0};
  w.temperature_c = {25.0};
  w.humidity_percent = {20.0};
  w.curing_percent = {90.0};
  const double flat = fuel_behaviour(w, 0, FuelOptions{})[0].head_mps;
  const double up = flat * slope_factor(std::atan(kSlope) * 180.0 / std::numbers::pi);
  int grass = 0, water = 0;
  for (std::size_t cell = 0; cell < m.cells(); ++cell) {
    double lon, lat;
    net.projection().inverse(p.fire->x0_m + (double(cell % cols) + 0.5) * m.landscape.cell_size_m,
                             p.fire->y0_m + (double(cell / cols) + 0.5) * m.landscape.cell_size_m, lon, lat);
    if (std::abs(lon - 109.8010) < 0.0002) continue;  // cells across the boundary
    if (lon < 109.8010) {
      ++grass;
      CHECK(m.fuel[cell] == std::uint8_t(FuelType::natural_grass));
      const std::size_t r = cell / cols, c = cell % cols;
      // The head runs north, straight up the slope (interior cells: the slope needs both neighbours).
      if (r > 0 && r + 1 < m.landscape.rows && c > 0 && c + 1 < cols)
        CHECK(m.landscape.fields[0].head_mps[cell] == Approx(up).epsilon(0.02));
    } else {
      ++water;
      CHECK(m.fuel[cell] == std::uint8_t(FuelType::water));
      CHECK(m.landscape.fields[0].head_mps[cell] == 0.0f);
    }
  }
  CHECK(grass > 10);
  CHECK(water > 10);
}

TEST_CASE("A raster code the scenario does not map is refused with the file and the key", "[scenario_fire]") {
  Rasters rasters;
  Scenario s = read_scenario_text(scenario_text(rasters.fuel, rasters.dem, "{1: natural_grass}"), "<test>").checked();
  try {
    prepare_scenario(std::move(s), 1);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("fuel.tif") != std::string::npos);
    CHECK(what.find("fire.landscape.raster_classes") != std::string::npos);
    CHECK(what.find("code 9") != std::string::npos);
  }
}

}  // namespace dsim
