// SPDX-License-Identifier: MIT
// Zones, places, stations and population from GIS layers, read through the
// scenario (sim/io/gis_layers, sim/io/population_raster, sim/run/region_loader).
#include "sim/io/gis_layers.hpp"
#include "sim/network/geodesy.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/scenario/assumption_check.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/cpp/support/gis_writer.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace dsim {
namespace {

using testing::GisFeature;
using testing::TempDir;

const std::string kTiny = std::string(DSIM_SOURCE_DIR) + "/tests/data/bad_region/tiny_region/nodes.csv";

// Two rectangles along the cell edges of the raster below: the town over the
// tiny network's six nodes, and a field east of it with no road.
struct Rect {
  const char* id;
  const char* name;
  const char* type;
  long long population;
  double west, south, east, north;
};
const Rect kZones[] = {{"town", "Tiny town", "village", 300, 109.7995, 39.5995, 109.8025, 39.6015},
                       {"east_field", "East field", "grassland", 40, 109.8025, 39.5995, 109.8045, 39.6015}};

std::string ring_wkt(const Rect& r) {
  std::ostringstream s;
  s.precision(10);
  s << "POLYGON ((" << r.west << " " << r.south << ", " << r.east << " " << r.south << ", " << r.east << " " << r.north
    << ", " << r.west << " " << r.north << ", " << r.west << " " << r.south << "))";
  return s.str();
}

std::vector<GisFeature> zone_features() {
  std::vector<GisFeature> out;
  for (const Rect& r : kZones)
    out.push_back({{{"ZID", r.id}, {"NAME", r.name}, {"KIND", r.type}}, {{"POP", r.population}}, ring_wkt(r)});
  return out;
}

void write_zones_csv(const std::filesystem::path& path) {
  std::ofstream out(path);
  out.precision(10);
  out << "id,name,type,population,polygon\n";
  for (const Rect& r : kZones)
    out << r.id << "," << r.name << "," << r.type << "," << r.population << "," << r.west << " " << r.south << ";"
        << r.east << " " << r.south << ";" << r.east << " " << r.north << ";" << r.west << " " << r.north << "\n";
}

// A 12 x 10 raster of 0.0005 degree cells from (109.7990, 39.6030) down;
// cell (c, r) holds 1 + c + 12 r people, one cell in the town has no data.
constexpr double kLeft = 109.7990, kTop = 39.6030, kCell = 0.0005;
constexpr int kCols = 12, kRows = 10, kNoDataCol = 2, kNoDataRow = 4;

std::vector<float> raster_values() {
  std::vector<float> v;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) v.push_back(c == kNoDataCol && r == kNoDataRow ? -9999.0f : 1.0f + c + 12.0f * r);
  return v;
}

// People of the raster whose cell centres lie in each rectangle, summed here by coordinates alone.
std::vector<long long> expected_raster_people() {
  std::vector<long long> out;
  for (const Rect& z : kZones) {
    long long sum = 0;
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c) {
        const double lon = kLeft + (c + 0.5) * kCell, lat = kTop - (r + 0.5) * kCell;
        if (c == kNoDataCol && r == kNoDataRow) continue;
        if (lon > z.west && lon < z.east && lat > z.south && lat < z.north) sum += 1 + c + 12 * r;
      }
    out.push_back(sum);
  }
  return out;
}

std::string scenario_text(const std::string& region_extra) {
  return "name: gis\nregion:\n  network: " + kTiny + "\n" + region_extra +
         "stations:\n  - {id: s, location: {node: 1}}\n"
         "teams:\n  - {id: t, station: s, level: village, size: 10, capabilities: [fire]}\n";
}

Region region_of(const TempDir& dir, const std::string& region_extra, const std::string& name = "scenario.yaml") {
  const auto path = dir.write(name, scenario_text(region_extra));
  Scenario s = read_scenario_file(path.string()).checked();
  return load_region(s.region, {}, path.string());
}

std::vector<long long> populations(const Region& r) {
  std::vector<long long> out;
  for (const Zone& z : r.zones) out.push_back(z.population);
  return out;
}

const std::string kMapping = "layer_name: zones, id: ZID, name: NAME, type: KIND";

TEST_CASE("GIS zones and a population raster give the same zone populations as the CSV route on the same polygons",
          "[gis][region]") {
  TempDir dir;
  write_zones_csv(dir / "zones.csv");
  testing::write_gis_layer(dir / "zones.geojson", "GeoJSON", "zones", 4326, zone_features());
  testing::write_gis_layer(dir / "zones.gpkg", "GPKG", "zones", 4326, zone_features());
  testing::write_gis_layer(dir / "zones.shp", "ESRI Shapefile", "zones", 4326, zone_features(), wkbPolygon);
  testing::write_geotiff(dir / "people.tif", 4326, kLeft, kTop, kCell, kCols, kRows, raster_values(), -9999.0);

  const std::vector<long long> expected = expected_raster_people();
  REQUIRE(expected[0] > 0);
  REQUIRE(expected[1] > 0);

  const Region csv = region_of(dir, "  zones: zones.csv\n  population_raster: people.tif\n");
  CHECK(populations(csv) == expected);
  {
    // The people of cells outside both zones are left out, and said at the line of the raster.
    const auto path = dir / "scenario.yaml";
    const Scenario s = read_scenario_file(path.string()).checked();
    double all = 0.0;
    for (float v : raster_values()) all += v > 0 ? v : 0.0;
    CHECK(csv.raster_people == Approx(all));
    CHECK(csv.raster_people_unassigned == Approx(all - static_cast<double>(expected[0] + expected[1])));
    bool said = false;
    for (const ScenarioProblem& p : check_scenario_assumptions(s, csv))
      said = said || (p.key == "region.population_raster" && p.line == 5 && p.file == path.string() &&
                      p.found.find("in cells whose centre lies in no zone") != std::string::npos);
    CHECK(said);
  }
  // The CSV's own figures without the raster.
  CHECK(populations(region_of(dir, "  zones: zones.csv\n")) == std::vector<long long>{300, 40});

  for (const std::string file : {"zones.geojson", "zones.gpkg", "zones.shp"}) {
    INFO(file);
    const std::string layer = file == "zones.shp" ? "id: ZID, name: NAME, type: KIND" : kMapping;
    const Region gis = region_of(dir, "  zones: {layer: " + file + ", " + layer + "}\n  population_raster: {file: people.tif, onto: zones}\n");
    CHECK(populations(gis) == populations(csv));
    REQUIRE(gis.zones.size() == csv.zones.size());
    for (std::size_t z = 0; z < gis.zones.size(); ++z) {
      CHECK(gis.zones[z].id == csv.zones[z].id);
      CHECK(gis.zones[z].name == csv.zones[z].name);
      CHECK(gis.zones[z].type == csv.zones[z].type);
      // The same corners; a Shapefile turns outer rings clockwise, so the order may differ.
      std::vector<LonLat> a = gis.zones[z].polygon, b = csv.zones[z].polygon;
      const auto by_position = [](LonLat p, LonLat q) { return std::make_pair(p.lon, p.lat) < std::make_pair(q.lon, q.lat); };
      std::sort(a.begin(), a.end(), by_position);
      std::sort(b.begin(), b.end(), by_position);
      REQUIRE(a.size() == b.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].lon == Approx(b[i].lon).margin(1e-9));
        CHECK(a[i].lat == Approx(b[i].lat).margin(1e-9));
      }
      CHECK(gis.zones[z].more_rings.empty());
    }
    CHECK(gis.node_zone == csv.node_zone);
    CHECK(gis.raster_people_unassigned == Approx(csv.raster_people_unassigned));
    // The layer's own population attribute, as the CSV's column.
    const Region own = region_of(dir, "  zones: {layer: " + file + ", " + layer + ", population: POP}\n");
    CHECK(populations(own) == std::vector<long long>{300, 40});
  }
}

TEST_CASE("A zones layer in another coordinate reference system is reprojected to WGS84", "[gis][region]") {
  TempDir dir;
  std::vector<GisFeature> utm;
  for (const Rect& r : kZones) {
    const auto [w, s] = testing::to_epsg(32649, r.west, r.south);
    const auto [e, s2] = testing::to_epsg(32649, r.east, r.south);
    const auto [e2, n] = testing::to_epsg(32649, r.east, r.north);
    const auto [w2, n2] = testing::to_epsg(32649, r.west, r.north);
    std::ostringstream wkt;
    wkt.precision(12);
    wkt << "POLYGON ((" << w << " " << s << ", " << e << " " << s2 << ", " << e2 << " " << n << ", " << w2 << " " << n2
        << ", " << w << " " << s << "))";
    utm.push_back({{{"ZID", r.id}}, {{"POP", r.population}}, wkt.str()});
  }
  testing::write_gis_layer(dir / "utm.gpkg", "GPKG", "zones", 32649, utm);
  const Region region = region_of(dir, "  zones: {layer: utm.gpkg, id: ZID, population: POP, type_default: village}\n");
  REQUIRE(region.zones.size() == 2);
  CHECK(region.zones[0].polygon[0].lon == Approx(kZones[0].west).margin(1e-8));
  CHECK(region.zones[0].polygon[0].lat == Approx(kZones[0].south).margin(1e-8));
  CHECK(region.zones[1].polygon[2].lon == Approx(kZones[1].east).margin(1e-8));
  CHECK(region.zones[1].polygon[2].lat == Approx(kZones[1].north).margin(1e-8));
  CHECK(region.zones[0].type == ZoneType::village);
  CHECK(region.zones[0].name == "town");  // no name attribute: the id
  CHECK(populations(region) == std::vector<long long>{300, 40});
}

TEST_CASE("Multipolygon zones keep every part and their holes", "[gis][region]") {
  TempDir dir;
  // Part one around nodes 1 and 4 with a hole around node 4; part two around node 3.
  const std::string wkt =
      "MULTIPOLYGON (((109.7995 39.5995, 109.8005 39.5995, 109.8005 39.6015, 109.7995 39.6015, 109.7995 39.5995),"
      " (109.7997 39.6007, 109.8003 39.6007, 109.8003 39.6013, 109.7997 39.6013, 109.7997 39.6007)),"
      " ((109.8015 39.5995, 109.8025 39.5995, 109.8025 39.6005, 109.8015 39.6005, 109.8015 39.5995)))";
  testing::write_gis_layer(dir / "multi.geojson", "GeoJSON", "zones", 4326, {{{{"id", "split"}}, {}, wkt}});
  const Region region = region_of(dir, "  zones: multi.geojson\n");
  REQUIRE(region.zones.size() == 1);
  const Zone& z = region.zones[0];
  CHECK(z.more_rings.size() == 2);  // the hole and the second part
  CHECK(zone_contains(z, {109.8000, 39.6000}));        // part one
  CHECK_FALSE(zone_contains(z, {109.8000, 39.6010}));  // in the hole
  CHECK(zone_contains(z, {109.8020, 39.6000}));        // part two
  CHECK_FALSE(zone_contains(z, {109.8010, 39.6000}));  // between the parts
  // Nodes 1 (109.800, 39.600) and 3 (109.802, 39.600) are in it; 2 and 4 (in the hole) are not.
  std::vector<int> in;
  for (std::size_t n = 0; n < region.network.node_count(); ++n)
    if (region.node_zone[n] == 0) in.push_back(static_cast<int>(region.network.external_id(NodeId{static_cast<std::uint32_t>(n)})));
  std::sort(in.begin(), in.end());
  CHECK(in == std::vector<int>{1, 3});
}

TEST_CASE("A population raster onto nodes gives each cell to its nearest node", "[gis][region]") {
  TempDir dir;
  write_zones_csv(dir / "zones.csv");
  testing::write_geotiff(dir / "people.tif", 4326, kLeft, kTop, kCell, kCols, kRows, raster_values(), -9999.0);
  const Region region = region_of(dir, "  zones: zones.csv\n  population_raster: {file: people.tif, onto: nodes}\n");
  // Nearest node of every cell within the nodes' extent (109.800-109.802 E,
  // 39.600-39.601 N) by brute force over the six nodes; the others are left out.
  std::vector<double> expected(region.network.node_count(), 0.0);
  double total = 0.0, all = 0.0;
  const std::vector<float> values = raster_values();
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      const float v = values[static_cast<std::size_t>(r * kCols + c)];
      if (v < 0) continue;
      const double lon = kLeft + (c + 0.5) * kCell, lat = kTop - (r + 0.5) * kCell;
      all += v;
      if (lon < 109.800 || lon > 109.802 || lat < 39.600 || lat > 39.601) continue;
      std::size_t best = 0;
      for (std::size_t n = 1; n < expected.size(); ++n) {
        const NodeId a{static_cast<std::uint32_t>(n)}, b{static_cast<std::uint32_t>(best)};
        if (haversine_m(lon, lat, region.network.lon(a), region.network.lat(a)) <
            haversine_m(lon, lat, region.network.lon(b), region.network.lat(b)))
          best = n;
      }
      expected[best] += v;
      total += v;
    }
  REQUIRE(region.node_population.size() == expected.size());
  for (std::size_t n = 0; n < expected.size(); ++n) CHECK(region.node_population[n] == Approx(expected[n]));
  // Every node lies in the town: it gets everyone near the roads, the field no one.
  CHECK(total > 0.0);
  CHECK(region.zones[0].population == std::llround(total));
  CHECK(region.zones[1].population == 0);
  CHECK(region.raster_people == Approx(all));
  CHECK(region.raster_people_unassigned == Approx(all - total));
}

TEST_CASE("Places and stations come from point layers", "[gis][region]") {
  TempDir dir;
  testing::write_gis_layer(dir / "places.geojson", "GeoJSON", "places", 4326,
                           {{{{"NAME", "school"}}, {}, "POINT (109.8021 39.6011)"},
                            {{{"NAME", "clinic"}}, {}, "POINT (109.8001 39.5999)"},
                            {{{"NAME", "tower"}}, {}, "POINT (109.8060 39.6000)"}});
  testing::write_gis_layer(dir / "stations.gpkg", "GPKG", "stations", 4326,
                           {{{{"CODE", "st1"}, {"LABEL", "North post"}}, {}, "POINT (109.8000 39.6010)"}});
  const auto path = dir.write("scenario.yaml",
                              "name: points\nregion:\n  network: " + kTiny +
                                  "\n  places: {layer: places.geojson, name: NAME}\n"
                                  "stations: {layer: stations.gpkg, id: CODE, name: LABEL}\n"
                                  "teams:\n  - {id: t, station: st1, level: village, size: 10, capabilities: [fire]}\n");
  ScenarioReading reading = read_scenario_file(path.string());
  INFO((reading.problems.empty() ? std::string() : reading.problems.front().message()));
  Scenario s = std::move(reading).checked();
  REQUIRE(s.stations.size() == 1);
  CHECK(s.stations[0].id == "st1");
  CHECK(s.stations[0].name == "North post");
  CHECK(s.stations[0].layer_record == 1);
  CHECK(s.stations[0].location.kind == Location::Kind::coordinate);
  CHECK(s.stations[0].location.lon == Approx(109.8000));
  const Region region = load_region(s.region, {}, path.string());
  REQUIRE(region.places.count("school") == 1);
  CHECK(region.network.external_id(region.places.at("school")) == 6);  // (109.802, 39.601)
  CHECK(region.network.external_id(region.places.at("clinic")) == 1);
  // The tower stands 343 m (0.004 degrees at 39.6 N) east of node 3: said, at the line of region.places.
  const std::vector<ScenarioProblem> assumed = check_scenario_assumptions(s, region);
  REQUIRE(assumed.size() == 1);
  CHECK(assumed[0].file == path.string());
  CHECK(assumed[0].line == 4);
  CHECK(assumed[0].key == "region.places");
  CHECK(assumed[0].found == "place 'tower' snapped 343 m to road node 3");
}

TEST_CASE("Stations come from a CSV file with lon and lat columns too", "[gis][region]") {
  TempDir dir;
  dir.write("stations.csv", "code,label,lon,lat\nst1,North post,109.8000,39.6010\nst2,South post,109.8020,39.6000\n");
  const auto path = dir.write("scenario.yaml",
                              "name: csv\nregion:\n  network: " + kTiny +
                                  "\nstations: {layer: stations.csv, id: code, name: label}\n"
                                  "teams:\n  - {id: t, station: st2, level: village, size: 10, capabilities: [fire]}\n");
  const Scenario s = read_scenario_file(path.string()).checked();
  REQUIRE(s.stations.size() == 2);
  CHECK(s.stations[1].id == "st2");
  CHECK(s.stations[1].name == "South post");
  CHECK(s.stations[1].location.lon == Approx(109.8020));
  CHECK(s.stations[1].location.lat == Approx(39.6000));
  CHECK(s.stations[1].layer_record == 2);
}

TEST_CASE("A bad GIS layer is an InputError naming the file, the record and the key", "[gis][region]") {
  TempDir dir;
  testing::write_gis_layer(dir / "zones.gpkg", "GPKG", "zones", 4326, zone_features());
  testing::write_gis_layer(dir / "points.geojson", "GeoJSON", "zones", 4326,
                           {{{{"ZID", "a"}}, {}, "POINT (109.8 39.6)"}});
  dir.write("garbage.gpkg", "this is not a GeoPackage\n");

  SECTION("an attribute the layer lacks") {
    const InputError e = testing::input_error_from([&] { region_of(dir, "  zones: {layer: zones.gpkg, population: PEOPLE}\n"); });
    CHECK(e.file() == (dir / "zones.gpkg").string());
    CHECK(e.key() == "region.zones.population");
    CHECK(e.found() == "PEOPLE");
    CHECK(e.expected().find("POP") != std::string::npos);  // the attributes it has
  }
  SECTION("points where polygons are expected") {
    const InputError e = testing::input_error_from([&] { region_of(dir, "  zones: {layer: points.geojson, id: ZID}\n"); });
    CHECK(e.file() == (dir / "points.geojson").string());
    CHECK(e.key() == "region.zones.layer (record 1)");
    CHECK(e.expected() == "a polygon or multipolygon");
    CHECK(e.found() == "Point");
  }
  SECTION("a file GDAL cannot open") {
    const InputError e = testing::input_error_from([&] { region_of(dir, "  zones: {layer: garbage.gpkg}\n"); });
    CHECK(e.file() == (dir / "garbage.gpkg").string());
    CHECK(e.key() == "region.zones.layer");
  }
  SECTION("a type that is not a zone type") {
    testing::write_gis_layer(dir / "typo.geojson", "GeoJSON", "zones", 4326,
                             {{{{"ZID", "a"}, {"KIND", "suburb"}}, {}, ring_wkt(kZones[0])}});
    const InputError e = testing::input_error_from([&] { region_of(dir, "  zones: {layer: typo.geojson, type: KIND}\n"); });
    CHECK(e.key() == "region.zones.type (record 1, attribute 'KIND')");
    CHECK(e.found() == "suburb");
  }
  SECTION("a station layer without the id attribute is a problem of the scenario") {
    testing::write_gis_layer(dir / "st.geojson", "GeoJSON", "st", 4326, {{{{"NAME", "x"}}, {}, "POINT (109.8 39.6)"}});
    const auto path = dir.write("s.yaml", "name: s\nregion:\n  network: " + kTiny +
                                              "\nstations: {layer: st.geojson, id: CODE}\nteams: []\n");
    const ScenarioReading reading = read_scenario_file(path.string());
    REQUIRE_FALSE(reading.ok());
    CHECK(reading.problems.front().key == "stations.layer");
    CHECK(reading.problems.front().line == 4);
    CHECK(reading.problems.front().found.find("st.geojson") != std::string::npos);
  }
}

// Runs the dsim command and returns its exit status and standard output.
std::pair<int, std::string> run_cli(const std::string& args) {
  std::string out;
  FILE* p = ::popen((std::string(DSIM_CLI) + " " + args + " 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST_CASE("dsim validate exits 2 on a bad GIS layer, naming the layer file, the record and the scenario line",
          "[gis][region][cli]") {
  TempDir dir;
  testing::write_gis_layer(dir / "points.geojson", "GeoJSON", "zones", 4326,
                           {{{{"ZID", "a"}}, {}, "POINT (109.8 39.6)"}});
  const auto path = dir.write("bad.yaml", scenario_text("  zones: {layer: points.geojson, id: ZID}\n"));
  const auto [status, out] = run_cli("validate " + path.string());
  CHECK(status == 2);
  CHECK(out.find(path.string() + ":4:") != std::string::npos);  // the line of region.zones
  CHECK(out.find("points.geojson") != std::string::npos);
  CHECK(out.find("record 1") != std::string::npos);
  CHECK(out.find("a polygon or multipolygon") != std::string::npos);
}

}  // namespace
}  // namespace dsim
