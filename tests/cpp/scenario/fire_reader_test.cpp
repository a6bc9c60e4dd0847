// SPDX-License-Identifier: MIT
// The fire section as docs/scenario-format.md ("fire") describes it: values
// with their units, the defaults of sim/response/fire_spec.hpp, and each bad
// value reported at its line with its key.
#include "sim/response/fire_spec.hpp"
#include "sim/scenario/scenario_merge.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using namespace dsim;

namespace {

const char* const kHead = R"(name: fire
stations:
  - {id: sumu, location: {node: 5}}
teams:
  - {id: township, station: sumu, level: township, size: 12, capabilities: [fire, wildland]}
  - {id: banner, station: sumu, level: banner, size: 8, vehicle_class: high_clearance, capabilities: [fire, wildland]}
incident_list:
  - {time: 30 min, type: fire, location: {node: 5}}
plan:
  responses:
    fire:
      small: {needs: {fire: 4}}
    grassland_fire:
      minor: {needs: {wildland: 6}}
      major: {needs: {wildland: 12}}
    structure_defence:
      minor: {needs: {fire: 4}}
horizon: 1 d
)";

// Teams without the wildland capability, and a plan with the same rules.
const char* const kHeadNoWildland = R"(name: fire
stations:
  - {id: sumu, location: {node: 5}}
teams:
  - {id: township, station: sumu, level: township, size: 12, capabilities: [fire]}
incident_list:
  - {time: 30 min, type: fire, location: {node: 5}}
plan:
  responses:
    fire:
      small: {needs: {fire: 4}}
    grassland_fire:
      minor: {needs: {fire: 4}}
    structure_defence:
      minor: {needs: {fire: 4}}
)";

const char* const kMinimal = R"(fire:
  ignitions: [{at: {lon: 109.8, lat: 39.6}}]
)";

ScenarioReading read_fire(const std::string& section, const char* head = kHead) {
  return read_scenario_text(std::string(head) + section, "fire.yaml");
}

std::string messages(const std::vector<ScenarioProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.message() + "\n";
  return out;
}

// The 1-based line of the first line of `text` that contains `needle` ("=X": that is X).
std::size_t line_of(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n)
    if (needle.starts_with('=') ? line == needle.substr(1) : line.find(needle) != std::string::npos) return n;
  FAIL("no line contains " << needle);
  return 0;
}

// The one problem of `severity` with `key` reading `section` gives, checked to be on the line holding `marker`.
ScenarioProblem problem_at(const std::string& section, const std::string& key, const std::string& marker,
                           ScenarioProblem::Severity severity = ScenarioProblem::Severity::error,
                           const char* head = kHead) {
  const ScenarioReading r = read_fire(section, head);
  INFO(messages(r.problems));
  const auto it = std::find_if(r.problems.begin(), r.problems.end(),
                               [&](const ScenarioProblem& p) { return p.key == key && p.severity == severity; });
  REQUIRE(it != r.problems.end());
  CHECK(it->line == line_of(std::string(head) + section, marker));
  CHECK(it->file == "fire.yaml");
  CHECK(it->column > 0);
  return *it;
}

}  // namespace

TEST_CASE("A full fire section is read with its units converted", "[fire_reader]") {
  const ScenarioReading r = read_fire(R"(fire:
  name: spring grass fire
  ignitions:
    - {at: {place: village_road}, time: "14:00:00"}
    - {at: {lon: 109.81, lat: 39.62}, time: 15 h}
  landscape:
    cell_size: 20 m
    extent: 8 km
    zone_fuel: {grassland: eaten_out_grass, village: bare}
    outside_fuel: cropland
    fuel_raster: fuel.tif
    raster_classes: {1: natural_grass, 7: forest, 9: water}
    dem: dem.tif
    fuel_models: {shrub: 4, forest: 10}
    roads_are_barriers: false
    road_width: {primary: 12 m, track: 3}
    default_road_width: 4 m
    river_is_barrier: false
  firebreaks:
    - {name: ploughed strip, from: {node: 5}, to: {lon: 109.9, lat: 39.7}, width: 0.02 km}
    - {from: {place: a}, to: {place: b}}
  weather:
    - [0, 8 m/s, 315, 25 C, 20 %, 90 %]
    - ["15:00:00", 36 km/h, 270, 300 K, 15, 95]
  suppression:
    tactic: head
    report_delay: 15 min
    calls:
      - {after: 0 min, type: grassland_fire, severity: major, always: true}
      - {after: 1 h}
    line_rate: {natural_grass: 20, forest: 4 m/h}
    max_intensity: 0.4 MW/m
    team_max_intensity: {banner: 1700 kW/m}
    mop_up: 2 h
  villages: {type: structure_defence, severity: minor, zone_types: [village], raise_incidents: true}
  duration: 10 h
  step: 2 min
  stencil: 32
  road_closed_for: 45 min
  closes_classes: [standard]
  output_times: [1 h, 2 h, 4 h]
)");
  INFO(messages(r.problems));
  REQUIRE(r.ok());
  CHECK(r.problems.empty());
  REQUIRE(r.scenario.fire);
  const FireSpec& f = *r.scenario.fire;
  CHECK(f.name == "spring grass fire");
  REQUIRE(f.ignitions.size() == 2);
  CHECK(f.ignitions[0].at.kind == Location::Kind::place);
  CHECK(f.ignitions[0].at.place == "village_road");
  CHECK(f.ignitions[0].time_s == 14 * 3600.0);
  CHECK(f.ignitions[1].at.kind == Location::Kind::coordinate);
  CHECK(f.ignitions[1].at.lon == 109.81);
  CHECK(f.ignitions[1].time_s == 15 * 3600.0);

  const FireLandscapeSpec& l = f.landscape;
  CHECK(l.cell_size_m == 20.0);
  CHECK(l.extent_m == 8000.0);
  CHECK(l.zone_fuel.at("grassland") == "eaten_out_grass");
  CHECK(l.zone_fuel.at("village") == "bare");
  CHECK(l.zone_fuel.at("built_up") == "built_up");  // not named: the default
  CHECK(l.outside_fuel == "cropland");
  CHECK(l.fuel_raster == "fuel.tif");  // text in memory keeps paths as written
  CHECK(l.raster_classes == std::map<int, std::string>{{1, "natural_grass"}, {7, "forest"}, {9, "water"}});
  CHECK(l.dem == "dem.tif");
  CHECK(l.fuel_models == std::map<std::string, int>{{"shrub", 4}, {"forest", 10}});
  CHECK_FALSE(l.roads_are_barriers);
  CHECK(l.road_width_m.at("primary") == 12.0);
  CHECK(l.road_width_m.at("track") == 3.0);
  CHECK(l.road_width_m.at("motorway") == 25.0);
  CHECK(l.default_road_width_m == 4.0);
  CHECK_FALSE(l.river_is_barrier);

  REQUIRE(f.firebreaks.size() == 2);
  CHECK(f.firebreaks[0].name == "ploughed strip");
  CHECK(f.firebreaks[0].from.kind == Location::Kind::node);
  CHECK(f.firebreaks[0].from.node_id == 5);
  CHECK(f.firebreaks[0].to.lat == 39.7);
  CHECK(f.firebreaks[0].width_m == Approx(20.0));
  CHECK(f.firebreaks[1].name == "firebreak 2");
  CHECK(f.firebreaks[1].width_m == 10.0);

  const FireWeatherSpec& w = f.weather;
  CHECK(w.times_s == std::vector<double>{0.0, 15 * 3600.0});
  CHECK(w.wind_mps[0] == 8.0);
  CHECK(w.wind_mps[1] == Approx(10.0));
  CHECK(w.from_deg == std::vector<double>{315.0, 270.0});
  CHECK(w.temperature_c[0] == 25.0);
  CHECK(w.temperature_c[1] == Approx(26.85));
  CHECK(w.humidity_percent == std::vector<double>{20.0, 15.0});
  CHECK(w.curing_percent == std::vector<double>{90.0, 95.0});

  const FireSuppressionSpec& s = f.suppression;
  CHECK(s.tactic == FireSuppressionSpec::Tactic::head);
  CHECK(s.report_delay_s == 900.0);
  REQUIRE(s.calls.size() == 2);
  CHECK(s.calls[0].after_s == 0.0);
  CHECK(s.calls[0].type == "grassland_fire");
  CHECK(s.calls[0].severity == "major");
  CHECK(s.calls[0].always);
  CHECK(s.calls[1].after_s == 3600.0);
  CHECK(s.calls[1].type == "grassland_fire");
  CHECK(s.calls[1].severity == "minor");  // the plan's first for the type
  CHECK_FALSE(s.calls[1].always);
  CHECK(s.line_rate_m_per_person_h.at("natural_grass") == 20.0);
  CHECK(s.line_rate_m_per_person_h.at("forest") == 4.0);
  CHECK(s.line_rate_m_per_person_h.at("shrub") == 8.0);
  CHECK(s.max_intensity_kw_m == Approx(400.0));
  CHECK(s.team_max_intensity_kw_m == std::map<std::string, double>{{"banner", 1700.0}});
  CHECK(s.mop_up_s == 7200.0);

  CHECK(f.villages.type == "structure_defence");
  CHECK(f.villages.severity == "minor");
  CHECK(f.villages.zone_types == std::vector<std::string>{"village"});
  CHECK(f.villages.raise_incidents);
  CHECK(f.duration_s == 36000.0);
  CHECK(f.step_s == 120.0);
  CHECK(f.stencil == 32);
  CHECK(f.road_closed_for_s == 2700.0);
  CHECK(f.closes_classes == std::vector<std::string>{"standard"});
  // Durations after the first ignition, as written.
  CHECK(f.output_times_s == std::vector<double>{3600.0, 7200.0, 14400.0});
}

TEST_CASE("Keys left out take the defaults of the spec", "[fire_reader]") {
  const ScenarioReading r = read_fire(kMinimal);
  INFO(messages(r.problems));
  REQUIRE(r.ok());
  CHECK(r.problems.empty());
  REQUIRE(r.scenario.fire);
  const FireSpec& f = *r.scenario.fire;
  const FireSpec d;
  CHECK(f.name == "wildfire");
  REQUIRE(f.ignitions.size() == 1);
  CHECK(f.ignitions[0].time_s == 0.0);
  CHECK(f.landscape.cell_size_m == 30.0);
  CHECK(f.landscape.extent_m == 12000.0);
  CHECK(f.landscape.zone_fuel == d.landscape.zone_fuel);
  CHECK(f.landscape.outside_fuel == "grazed_grass");
  CHECK(f.landscape.fuel_raster.empty());
  CHECK(f.landscape.dem.empty());
  CHECK(f.landscape.fuel_models == d.landscape.fuel_models);
  CHECK(f.landscape.road_width_m == d.landscape.road_width_m);
  CHECK(f.landscape.roads_are_barriers);
  CHECK(f.landscape.river_is_barrier);
  CHECK(f.firebreaks.empty());
  CHECK(f.weather.times_s == std::vector<double>{0.0});
  CHECK(f.weather.wind_mps == std::vector<double>{5.0});
  CHECK(f.weather.curing_percent == std::vector<double>{90.0});
  CHECK(f.suppression.tactic == FireSuppressionSpec::Tactic::flank);
  REQUIRE(f.suppression.calls.size() == 1);
  CHECK(f.suppression.calls[0].type == "grassland_fire");
  CHECK(f.suppression.calls[0].severity == "minor");
  CHECK(f.suppression.report_delay_s == 600.0);
  CHECK(f.suppression.line_rate_m_per_person_h == d.suppression.line_rate_m_per_person_h);
  CHECK(f.suppression.max_intensity_kw_m == 350.0);
  CHECK(f.suppression.team_max_intensity_kw_m.empty());
  CHECK(f.suppression.mop_up_s == 3600.0);
  CHECK(f.villages.type == "structure_defence");
  CHECK(f.villages.severity == "minor");
  CHECK(f.villages.zone_types == d.villages.zone_types);
  CHECK(f.duration_s == 43200.0);
  CHECK(f.step_s == 300.0);
  CHECK(f.stencil == 16);
  CHECK(f.road_closed_for_s == 1800.0);
  CHECK(f.closes_classes.empty());
  CHECK(f.output_times_s.empty());
  CHECK_FALSE(read_scenario_text(kHead, "fire.yaml").scenario.fire);
}

TEST_CASE("Constant weather is one sample at time 0; keys not given keep their default", "[fire_reader]") {
  const ScenarioReading r = read_fire(std::string(kMinimal) + "  weather: {wind: 8 m/s, temperature: 31, humidity: 12 %}\n");
  INFO(messages(r.problems));
  REQUIRE(r.ok());
  const FireWeatherSpec& w = r.scenario.fire->weather;
  CHECK(w.times_s == std::vector<double>{0.0});
  CHECK(w.wind_mps == std::vector<double>{8.0});
  CHECK(w.from_deg == std::vector<double>{315.0});
  CHECK(w.temperature_c == std::vector<double>{31.0});
  CHECK(w.humidity_percent == std::vector<double>{12.0});
  CHECK(w.curing_percent == std::vector<double>{90.0});
}

TEST_CASE("Unknown fuel types are reported where they are written, with the nearest name", "[fire_reader]") {
  const std::string head = kMinimal;
  CHECK_THAT(problem_at(head + "  landscape: {zone_fuel: {grassland: natural_gras}}\n", "fire.landscape.zone_fuel.grassland",
                        "natural_gras").message(),
             Catch::Contains("a fuel type") && Catch::Contains("did you mean 'natural_grass'"));
  problem_at(head + "  landscape: {zone_fuel: {grasland: forest}}\n", "fire.landscape.zone_fuel.grasland", "grasland");
  problem_at(head + "  landscape:\n    outside_fuel: gravel\n", "fire.landscape.outside_fuel", "gravel");
  problem_at(head + "  landscape:\n    fuel_raster: f.tif\n    raster_classes: {1: natural_grass, 2: pine}\n",
             "fire.landscape.raster_classes.2", "pine");
  problem_at(head + "  landscape:\n    fuel_raster: f.tif\n    raster_classes: {one: forest}\n",
             "fire.landscape.raster_classes.one", "one: forest");
  problem_at(head + "  suppression:\n    line_rate: {natral_grass: 12}\n", "fire.suppression.line_rate.natral_grass",
             "natral_grass");
  CHECK_THAT(problem_at(head + "  landscape:\n    fuel_models: {natural_grass: 3}\n", "fire.landscape.fuel_models.natural_grass",
                        "fuel_models")
                 .message(),
             Catch::Contains("shrub, forest"));
  CHECK_THAT(problem_at(head + "  landscape:\n    fuel_models: {forest: 14}\n", "fire.landscape.fuel_models.forest",
                        "fuel_models")
                 .message(),
             Catch::Contains("1 to 13"));
}

TEST_CASE("Weather out of range or out of order is reported at its sample", "[fire_reader]") {
  const std::string head = kMinimal;
  CHECK_THAT(problem_at(head + "  weather:\n    - [0, 5, 315, 25, 20, 90]\n    - [1 h, 5, 315, 25, 20, 120 %]\n",
                        "fire.weather[1][5]", "120 %")
                 .message(),
             Catch::Contains("curing from 0 to 100"));
  problem_at(head + "  weather: {curing: -5}\n", "fire.weather.curing", "curing: -5");
  CHECK_THAT(problem_at(head + "  weather: {humidity: 101 %}\n", "fire.weather.humidity", "humidity").message(),
             Catch::Contains("humidity from 0 to 100"));
  CHECK_THAT(problem_at(head + "  weather:\n    - [0, -2 m/s, 315, 25, 20, 90]\n", "fire.weather[0][1]", "-2 m/s").message(),
             Catch::Contains("wind speed >= 0"));
  problem_at(head + "  weather: {wind: -1}\n", "fire.weather.wind", "wind: -1");
  CHECK_THAT(problem_at(head + "  weather:\n    - [2 h, 5, 315, 25, 20, 90]\n    - [\"01:00:00\", 6, 300, 25, 20, 90]\n",
                        "fire.weather[1][0]", "01:00:00")
                 .message(),
             Catch::Contains("wind series out of order"));
  problem_at(head + "  weather:\n    - [0, 5, 315, 25, 20]\n", "fire.weather[0]", "[0, 5, 315, 25, 20]");
  problem_at(head + "  weather: {form: 315}\n", "fire.weather.form", "form: 315");
}

TEST_CASE("Bad landscape, timing and suppression values name their key", "[fire_reader]") {
  const std::string head = kMinimal;
  problem_at(head + "  landscape:\n    cell_size: 0 m\n", "fire.landscape.cell_size", "cell_size");
  problem_at(head + "  landscape:\n    cell_size: -30\n", "fire.landscape.cell_size", "cell_size");
  CHECK_THAT(problem_at(head + "  landscape:\n    cell_size: 30 m\n    extent: 90 m\n", "fire.landscape.extent", "extent")
                 .message(),
             Catch::Contains("at least 5 cells"));
  problem_at(head + "  landscape:\n    cell_size: 5 km\n", "fire.landscape.cell_size", "cell_size");
  problem_at(head + "  stencil: 12\n", "fire.stencil", "stencil");
  problem_at(head + "  stencil: 64\n", "fire.stencil", "stencil");
  CHECK_THAT(problem_at(head + "  suppression: {tactic: tail}\n", "fire.suppression.tactic", "tactic").message(),
             Catch::Contains("flank, head"));
  problem_at(head + "  duration: 0\n", "fire.duration", "duration");
  problem_at(head + "  step: -5 min\n", "fire.step", "step");
  problem_at(head + "  output_times: [2 h, 1 h]\n", "fire.output_times[1]", "output_times");
  problem_at(head + "  landscape:\n    road_width: {highway: 10 m}\n", "fire.landscape.road_width.highway", "highway");
  problem_at(head + "  firebreaks:\n    - {from: {zone: z1}, to: {node: 3}}\n", "fire.firebreaks[0].from", "{zone: z1}");
  problem_at(head + "  firebreaks:\n    - {from: {node: 1}}\n", "fire.firebreaks[0].to", "{from: {node: 1}}");
  problem_at(head + "  landscape:\n    fuel_raster: f.tif\n", "fire.landscape.fuel_raster", "f.tif");
  problem_at(head + "  closes_classes: [tractor]\n", "fire.closes_classes[0]", "closes_classes");
  problem_at(head + "  villages: {zone_types: [vilage]}\n", "fire.villages.zone_types[0]", "vilage");
  problem_at(head + "  landscape: {extnt: 8 km}\n", "fire.landscape.extnt", "extnt");
  problem_at("fire:\n  ignitions: []\n", "fire.ignitions", "ignitions");
  problem_at("fire:\n  name: x\n", "fire.ignitions", "name: x");
  problem_at("fire:\n  ignitions: [{at: {lon: 109.8, lat: 39.6}, time: 2 d}]\n", "fire.ignitions[0].time", "2 d");
}

TEST_CASE("Calls and village incidents need rules in the plan, and team limits name teams", "[fire_reader]") {
  const std::string head = kMinimal;
  CHECK_THAT(problem_at(head + "  suppression:\n    calls:\n      - {type: grasland_fire}\n", "fire.suppression.calls[0].type",
                        "grasland_fire")
                 .message(),
             Catch::Contains("plan.responses") && Catch::Contains("did you mean 'grassland_fire'"));
  CHECK_THAT(problem_at(head + "  suppression:\n    calls:\n      - {severity: huge}\n",
                        "fire.suppression.calls[0].severity", "huge")
                 .message(),
             Catch::Contains("minor, major"));
  problem_at(head + "  villages: {type: structure_defense}\n", "fire.villages.type", "structure_defense");
  problem_at(head + "  villages: {severity: major}\n", "fire.villages.severity", "severity: major");
  CHECK_THAT(problem_at(head + "  suppression:\n    team_max_intensity: {banners: 1700 kW/m}\n",
                        "fire.suppression.team_max_intensity.banners", "banners")
                 .message(),
             Catch::Contains("did you mean 'banner'"));
  // A village section that raises nothing needs no rule.
  const std::string no_rules = R"(name: fire
stations:
  - {id: sumu, location: {node: 5}}
teams:
  - {id: township, station: sumu, level: township, size: 12, capabilities: [wildland]}
plan:
  responses:
    grassland_fire:
      minor: {needs: {wildland: 6}}
)";
  const ScenarioReading quiet = read_fire(head + "  villages: {raise_incidents: false}\n", no_rules.c_str());
  INFO(messages(quiet.problems));
  CHECK(quiet.ok());
  // Left at its default, the village incident type still needs its rule.
  CHECK_THAT(problem_at(head, "fire", "ignitions:", ScenarioProblem::Severity::error, no_rules.c_str()).message(),
             Catch::Contains("structure_defence") && Catch::Contains("raise_incidents: false"));
}

TEST_CASE("Calls without a wildland team are a warning; no calls, no warning", "[fire_reader]") {
  const std::string head = kMinimal;
  const ScenarioProblem w = problem_at(head + "  suppression: {tactic: flank}\n", "fire.suppression", "suppression:",
                                       ScenarioProblem::Severity::warning, kHeadNoWildland);
  CHECK_THAT(w.message(), Catch::Contains("wildland"));
  const ScenarioReading r = read_fire(head, kHeadNoWildland);
  CHECK(r.ok());
  CHECK(std::any_of(r.problems.begin(), r.problems.end(), [](const auto& p) { return !p.is_error() && p.key == "fire"; }));
  const ScenarioReading none = read_fire(head + "  suppression: {calls: []}\n", kHeadNoWildland);
  INFO(messages(none.problems));
  CHECK(none.ok());
  CHECK(none.problems.empty());
  REQUIRE(none.scenario.fire);
  CHECK(none.scenario.fire->suppression.calls.empty());
  CHECK(read_fire(head).problems.empty());  // kHead's teams have it
}

TEST_CASE("Fuel raster and DEM paths resolve against the scenario's folder and must exist", "[fire_reader]") {
  const dsim::testing::TempDir dir;
  std::filesystem::create_directories(dir / "data");
  dir.write("data/fuel.tif", "placeholder");
  const std::string section = std::string(kMinimal) +
                              "  landscape:\n    fuel_raster: data/fuel.tif\n    raster_classes: {1: forest}\n"
                              "    dem: data/dem.tif\n";
  const auto path = dir.write("s.yaml", std::string(kHead) + section);
  const ScenarioReading r = read_scenario_file(path.string());
  INFO(messages(r.problems));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].key == "fire.landscape.dem");
  CHECK(r.problems[0].line == line_of(std::string(kHead) + section, "dem:"));
  CHECK(r.problems[0].found.find((dir / "data" / "dem.tif").string()) != std::string::npos);
  CHECK_THAT(r.problems[0].message(), Catch::Contains("scenario's folder"));
  dir.write("data/dem.tif", "placeholder");
  const Scenario s = read_scenario_file(path.string()).checked();
  REQUIRE(s.fire);
  CHECK(s.fire->landscape.fuel_raster == (dir / "data" / "fuel.tif").string());
  CHECK(s.fire->landscape.dem == (dir / "data" / "dem.tif").string());
}

TEST_CASE("Ignitions and firebreak ends are checked against the region once it is loaded", "[fire_reader]") {
  const std::string section = R"(fire:
  ignitions:
    - {at: {place: nowhere_at_all}}
    - {at: {lon: 120.0, lat: 39.6}, time: 1 h}
  firebreaks:
    - {from: {node: 5}, to: {node: 99999}}
)";
  const ScenarioReading r = read_fire(section);
  INFO(messages(r.problems));
  REQUIRE(r.ok());
  KnownPlaces places;
  places.has_node = [](std::int64_t id) { return id >= 1 && id <= 5000; };
  places.covers = [](double lon, double lat) { return lon > 109.5 && lon < 110.5 && lat > 39.3 && lat < 40.0; };
  places.has_place = [](const std::string& name) { return name == "village_road"; };
  const std::vector<ScenarioProblem> problems = check_scenario_places(r.scenario, places);
  INFO(messages(problems));
  const std::string text = std::string(kHead) + section;
  std::vector<std::pair<std::string, std::size_t>> got;
  for (const auto& p : problems) got.emplace_back(p.key, p.line);
  CHECK(got == std::vector<std::pair<std::string, std::size_t>>{
                   {"fire.ignitions[0].at.place", line_of(text, "nowhere_at_all")},
                   {"fire.ignitions[1].at", line_of(text, "lon: 120.0")},
                   {"fire.firebreaks[0].to.node", line_of(text, "99999")}});
}

TEST_CASE("A merged scenario written elsewhere names the same fuel raster and DEM", "[fire_reader]") {
  const std::string scenario = std::string(kHead) + kMinimal +
                               "  landscape: {fuel_raster: gis/fuel.tif, raster_classes: {1: forest}, dem: gis/dem.tif}\n";
  const YAML::Node doc = YAML::Load(merge_stations(scenario, "/data/city/s.yaml", "/data/out/s.yaml",
                                                   StationMerge{"stations: []\nteams: []\n", {}, ""}));
  CHECK(doc["fire"]["landscape"]["fuel_raster"].as<std::string>() == "../city/gis/fuel.tif");
  CHECK(doc["fire"]["landscape"]["dem"].as<std::string>() == "../city/gis/dem.tif");
}
