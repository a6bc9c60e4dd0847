// SPDX-License-Identifier: MIT
#include "sim/scenario/scenario_merge.hpp"

#include "sim/scenario/scenario_reader.hpp"
#include "tests/cpp/support/input_error.hpp"

#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

using namespace dsim;

namespace {

const char* kScenario = R"(# a comment that is not kept
name: merge-me
region: {network: roads/city.csv, zones: ../layers/zones.csv}
stations:
  - {id: a, location: {node: 1}}
  - {id: b, location: {node: 2}}
teams:
  - {id: a_team, station: a, level: community, size: 6, capabilities: [fire]}
  - {id: b_team, station: b, level: community, size: 6, capabilities: [fire]}
horizon: 1 d
)";

const char* kAdditions = R"(stations:
  - id: placed_1
    location: {node: 7}
teams:
  - id: placed_1_team
    station: placed_1
    level: community
    size: 6
    capabilities: [fire]
)";

std::vector<std::string> ids(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const YAML::Node& item : list) out.push_back(item["id"].as<std::string>());
  return out;
}

}  // namespace

TEST_CASE("Placed stations merge into a scenario, closed ones leave with their teams", "[scenario][merge]") {
  const std::string text =
      merge_stations(kScenario, "/data/city/scenario.yaml", "/data/city/scenario_placed.yaml",
                     StationMerge{kAdditions, {"b"}, "placed by a test\nsecond line"});
  CHECK(text.rfind("# placed by a test\n# second line\n", 0) == 0);
  CHECK(text.find("a comment that is not kept") == std::string::npos);
  const YAML::Node doc = YAML::Load(text);
  CHECK(doc["name"].as<std::string>() == "merge-me");
  CHECK(ids(doc["stations"]) == std::vector<std::string>{"a", "placed_1"});
  CHECK(ids(doc["teams"]) == std::vector<std::string>{"a_team", "placed_1_team"});
  // Same folder: paths as written.
  CHECK(doc["region"]["network"].as<std::string>() == "roads/city.csv");
  CHECK(doc["region"]["zones"].as<std::string>() == "../layers/zones.csv");
  // The merged text is a scenario the reader takes.
  ScenarioReading back = read_scenario_text(text, "merged.yaml");
  for (const auto& p : back.problems) INFO(p.message());
  CHECK(back.ok());
  CHECK(back.scenario.stations.size() == 2);
}

TEST_CASE("A merged scenario written elsewhere names the same files", "[scenario][merge]") {
  const std::string text = merge_stations(kScenario, "/data/city/scenario.yaml", "/data/out/plans/p.yaml",
                                          StationMerge{kAdditions, {}, ""});
  const YAML::Node doc = YAML::Load(text);
  CHECK(doc["region"]["network"].as<std::string>() == "../../city/roads/city.csv");
  CHECK(doc["region"]["zones"].as<std::string>() == "../../layers/zones.csv");
  CHECK(ids(doc["stations"]) == std::vector<std::string>{"a", "b", "placed_1"});
}

TEST_CASE("Zone layers, rasters and DEMs are rewritten too; GDAL paths and `osm` are not",
          "[scenario][merge]") {
  const std::string scenario = R"(name: layers
region:
  network: roads/city.osm.pbf
  zones: {layer: gis/zones.gpkg, name: NAME}
  population_raster: {file: gis/pop.tif, onto: zones}
  places: /vsizip/gis/places.zip/places.shp
flood: {dem: dem/tile.hgt.zip, waterways: {source: osm}}
)";
  const YAML::Node doc = YAML::Load(merge_stations(scenario, "/data/city/s.yaml", "/data/out/s.yaml",
                                                   StationMerge{"stations: []\nteams: []\n", {}, ""}));
  CHECK(doc["region"]["zones"]["layer"].as<std::string>() == "../city/gis/zones.gpkg");
  CHECK(doc["region"]["zones"]["name"].as<std::string>() == "NAME");
  CHECK(doc["region"]["population_raster"]["file"].as<std::string>() == "../city/gis/pop.tif");
  CHECK(doc["region"]["places"].as<std::string>() == "/vsizip/gis/places.zip/places.shp");
  CHECK(doc["flood"]["dem"].as<std::string>() == "../city/dem/tile.hgt.zip");
  CHECK(doc["flood"]["waterways"]["source"].as<std::string>() == "osm");
}

TEST_CASE("Merging into something that is not a scenario, or closing an unknown station, fails clearly",
          "[scenario][merge]") {
  CHECK_THROWS_AS(merge_stations("- just\n- a list\n", "", "", StationMerge{kAdditions, {}, ""}), InputError);
  CHECK_THROWS_AS(merge_stations(kScenario, "", "", StationMerge{kAdditions, {"nope"}, ""}), InputError);
  CHECK_THROWS_AS(merge_stations("name: x\nstations: {a: 1}\n", "", "", StationMerge{kAdditions, {}, ""}), InputError);
}
