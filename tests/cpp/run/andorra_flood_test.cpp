// SPDX-License-Identifier: MIT
// The Andorra OSM extract and its SRTM tile: a real valley, cropped, with its river.
#include "sim/network/osm_loader.hpp"
#include "sim/network/road_network.hpp"
#include "sim/run/load_scenario.hpp"
#include "sim/run/response_runner.hpp"
#include "tests/cpp/support/shared_data.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <variant>
#include <string>

using namespace dsim;

namespace {

// A short, coarse flood: an hour of heavy rain over 200 m cells.
std::string andorra_scenario(const std::string& osm, const std::string& dem, const std::string& flood_extra) {
  return R"(name: andorra-flood
region:
  network: )" + osm + R"(
stations:
  - {id: andorra_la_vella, location: {lon: 1.5218, lat: 42.5063}}
teams:
  - {id: bombers, station: andorra_la_vella, level: fire_brigade, size: 20, capabilities: [water_rescue]}
plan:
  responses:
    water_rescue:
      minor: {needs: {water_rescue: 4}}
horizon: 1 h
replications: 1
flood:
  dem: )" + dem + R"(
  dem_units: degrees
  cell_size: 200 m
  manning_n: 0.05
  rainfall: [[0, 30], [1 h, 30]]
  boundaries:
    - {edge: west, kind: free}
    - {edge: east, kind: free}
    - {edge: south, kind: free}
    - {edge: north, kind: free}
  duration: 1 h
  coupling_interval: 10 min
  frame_interval: 0
)" + flood_extra;
}

std::size_t edges_closed(const ScenarioFlood& flood) {
  std::set<std::uint32_t> closed;
  for (const EdgeClosure& c : flood.impact.closures) closed.insert(static_cast<std::uint32_t>(c.edge));
  return closed.size();
}

}  // namespace

TEST_CASE("The Andorra flood crops the DEM to the roads, starts with its river wet and closes few roads",
          "[run][flood][andorra][shared]") {
  const auto osm = dsim::testing::shared_data_file("roads/osm/andorra.osm.pbf");
  const auto dem = dsim::testing::shared_data_file("dem/andorra_srtm/N42E001.hgt.zip");
  if (!osm || !dem) return;
  dsim::testing::TempDir dir;
  const auto path = dir.write("andorra.yaml", andorra_scenario(osm->string(), dem->string(),
                                                               "  waterways: {source: osm}\n"));
  const PreparedScenario p = prepare_scenario(load_scenario(ScenarioSource::file(path.string())), 2);
  REQUIRE(p.flood);
  const FloodTerrain& t = p.flood->terrain;
  const GridGeometry& g = t.terrain.geometry;
  const RoadNetwork& net = p.region->network;
  INFO(t.dem_note);
  INFO(t.waterways_note);

  // Cropped: the grid covers the roads' extent plus the 1 km margin, and no more than a cell beyond it.
  const BoundingBox& b = net.bounding_box();
  const GridPoint lo = t.projection.to_local(b.min_lon, b.min_lat), hi = t.projection.to_local(b.max_lon, b.max_lat);
  const double margin = 1000.0;
  CHECK(g.x_lower_left >= lo.x - margin - 1e-6);
  CHECK(g.x_lower_left <= lo.x - margin + g.cell_size);
  CHECK(g.y_lower_left >= lo.y - margin - 1e-6);
  CHECK(g.y_lower_left <= lo.y - margin + g.cell_size);
  CHECK(g.x_upper_right() <= hi.x + margin + 1e-6);
  CHECK(g.x_upper_right() >= hi.x + margin - g.cell_size);
  CHECK(g.y_upper_right() <= hi.y + margin + 1e-6);
  CHECK(g.y_upper_right() >= hi.y + margin - g.cell_size);
  CHECK(g.cell_count() < 411 * 555 / 3);  // the whole tile is 411 x 555 cells of 200 m
  CHECK(t.dem_note.find("cropped from 411 x 555 cells") != std::string::npos);
  ResultsFile file;
  add_flood_results(file, *p.flood, *p.region, p.model);
  CHECK(std::get<std::string>(file.table("flood_grid").attributes().at("dem_note")) == t.dem_note);

  // The river starts wet: the OSM river lines through Andorra la Vella lie over cells with water at the start.
  REQUIRE(t.initial_depth_m.size() == static_cast<Eigen::Index>(g.cell_count()));
  std::size_t river_points = 0, wet = 0;
  for (const OsmWaterway& w : load_osm_waterways(*osm, {"river"})) {
    for (const LonLat& p : w.points) {
      if (std::abs(p.lat - 42.507) > 0.006 || std::abs(p.lon - 1.52) > 0.012) continue;  // about 1 km around
      const auto cell = g.cell_at(t.projection.to_local(p.lon, p.lat));
      REQUIRE(cell);
      ++river_points;
      wet += t.initial_depth_m(static_cast<Eigen::Index>(cell->row), static_cast<Eigen::Index>(cell->col)) > 0.0;
    }
  }
  REQUIRE(river_points >= 5);
  CHECK(wet == river_points);
  // The bed was lowered there and the ground kept for the bridges' decks.
  REQUIRE(t.ground.values.size() == t.terrain.values.size());
  CHECK((t.ground.values - t.terrain.values).maxCoeff() >= 2.0 - 1e-9);
  CHECK(p.flood->bridges > 0);
  CHECK(p.flood->shaped_edges > net.edge_count() / 2);

  // Far fewer roads close than the 1,477 of 3,460 edges of straight chords over a dry, uncropped valley.
  const std::size_t closed = edges_closed(*p.flood);
  INFO(closed << " of " << net.edge_count() << " edges closed");
  CHECK(static_cast<double>(closed) < 0.1 * static_cast<double>(net.edge_count()));
}
