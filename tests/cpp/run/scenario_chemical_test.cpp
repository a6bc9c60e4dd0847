// SPDX-License-Identifier: MIT
#include "sim/run/scenario_chemical.hpp"

#include "sim/core/random.hpp"
#include "sim/experiment/response_experiment.hpp"
#include "sim/network/csv_network.hpp"
#include "sim/network/road_network.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <deque>
#include <fstream>
#include <iterator>
#include <string>

using namespace dsim;

namespace {

std::string messages(const ScenarioReading& r) {
  std::string out;
  for (const auto& p : r.problems) out += p.message() + "\n";
  return out;
}

const char* const kHead = R"(name: release
region: {synthetic: {seed: 7, nodes: 10000}}
stations:
  - {id: park, location: {place: chem_park_gate_1}}
teams:
  - {id: hz, station: park, level: enterprise, size: 12, vehicle_class: hazmat, capabilities: [hazmat]}
  - {id: med, station: park, level: banner, size: 4, capabilities: [medical]}
incident_list:
  - {time: 30 min, type: hazmat_leak, location: {place: chem_park_centre}}
plan:
  responses:
    hazmat_leak:
      major: {needs: {hazmat: 6}}
    chemical_casualty:
      minor: {needs: {medical: 2}}
)";

ScenarioReading read_chemical(const std::string& section) {
  return read_scenario_text(std::string(kHead) + section, "release.yaml");
}

}  // namespace

TEST_CASE("The chemical section is read with its units and defaults", "[run][chemical]") {
  const ScenarioReading r = read_chemical(R"(chemical:
  releases:
    - {name: tank, chemical: ammonia, at: {place: chem_park_centre}, start: "01:30:00", height: 2 m,
       continuous: {rate: 30 kg/min, duration: 40 min}}
    - {chemical: ammonia, at: {zone: chem_park}, instantaneous: {mass: 2 t}}
    - {chemical: ammonia, at: {zone: chem_park}, series: [[0, 1 kg/s], [10 min, 500 g/s], [20 min, 0]]}
    - {chemical: ammonia, at: {zone: chem_park}, leak: {hole_diameter: 2 cm, pressure: 8 bar, duration: 10 min}}
  weather:
    wind: [[0, 7.2 km/h, 135], [40 min, 2, 180, D]]
    stability: F
    mixing_height: 0.3 km
  exposure: {outdoor_share: 0.05, air_changes: {village: leaky, built_up: 0.7}}
  road_interval: 2 min
  closes_roads: {level: 3, open_to: [hazmat]}
  protective_action: {default: evacuate, evacuate_if_arrival_after: 1 h, zones: {village_001: shelter}}
  casualties: {type: chemical_casualty, per_person: 0.05}
)");
  INFO(messages(r));
  REQUIRE(r.ok());
  REQUIRE(r.scenario.chemical);
  const ChemicalSpec& c = *r.scenario.chemical;
  REQUIRE(c.releases.size() == 4);
  CHECK(c.releases[0].start_s == 5400.0);
  CHECK(c.releases[0].height_m == 2.0);
  CHECK(c.releases[0].source.rate_kg_s == Approx(0.5));
  CHECK(c.releases[0].source.duration_s == 2400.0);
  CHECK(c.releases[1].source.kind == ReleaseSourceSpec::Kind::instantaneous);
  CHECK(c.releases[1].source.mass_kg == 2000.0);
  CHECK(c.releases[2].source.series_rate_kg_s[1] == Approx(0.5));
  CHECK(c.releases[3].source.hole_diameter_m == Approx(0.02));
  CHECK(c.releases[3].source.pressure_pa == Approx(8e5));
  REQUIRE(c.weather.times_s.size() == 2);
  CHECK(c.weather.speed_mps[0] == Approx(2.0));
  CHECK(*c.weather.stability[0] == Stability::F);
  CHECK(*c.weather.stability[1] == Stability::D);
  CHECK(c.weather.mixing_height_m == Approx(300.0));
  CHECK(c.outdoor_share == 0.05);
  CHECK(c.air_changes_per_hour.at("built_up") == 0.7);
  CHECK(c.air_changes_per_hour.at("village") == Approx(1.5));
  CHECK(c.closure_level == 3);
  CHECK(c.road_interval_s == 120.0);
  CHECK(c.protected_vehicle_classes == std::vector<std::string>{"hazmat"});
  CHECK(c.protective_action.default_action == ProtectiveActionSpec::Action::evacuate);
  CHECK(c.protective_action.evacuate_if_arrival_after_s == 3600.0);
  CHECK(c.casualties->severity == "minor");
}

TEST_CASE("Bad chemical input is reported with its key and what was expected", "[run][chemical]") {
  const auto problem = [](const std::string& section) {
    const ScenarioReading r = read_chemical(section);
    CHECK_FALSE(r.ok());
    return messages(r);
  };
  const std::string unknown = problem(R"(chemical:
  releases: [{chemical: amonia, at: {place: chem_park_centre}, instantaneous: {mass: 10 kg}}]
  weather: {wind: {speed: 2, from: 90}, stability: F}
)");
  CHECK_THAT(unknown, Catch::Contains("chemical.releases[0].chemical") && Catch::Contains("ammonia"));
  const std::string negative = problem(R"(chemical:
  releases: [{chemical: chlorine, at: {place: chem_park_centre}, continuous: {rate: -3 kg/s, duration: 1 h}}]
  weather: {wind: {speed: 2, from: 90}, stability: F}
)");
  CHECK_THAT(negative, Catch::Contains("chemical.releases[0].continuous.rate") && Catch::Contains("> 0"));
  const std::string order = problem(R"(chemical:
  releases: [{chemical: chlorine, at: {place: chem_park_centre}, instantaneous: {mass: 10 kg}}]
  weather: {wind: [[1 h, 2, 90], [30 min, 3, 180]], stability: F}
)");
  CHECK_THAT(order, Catch::Contains("chemical.weather.wind[1][0]") && Catch::Contains("in order of time"));
  const std::string stability = problem(R"(chemical:
  releases: [{chemical: chlorine, at: {place: chem_park_centre}, instantaneous: {mass: 10 kg}}]
  weather: {wind: {speed: 2, from: 90}, stability: G}
)");
  CHECK_THAT(stability, Catch::Contains("chemical.weather.stability") && Catch::Contains("A, B, C, D, E, F"));
  const std::string two_sources = problem(R"(chemical:
  releases: [{chemical: chlorine, at: {place: chem_park_centre}, instantaneous: {mass: 10 kg},
              continuous: {rate: 1, duration: 1 h}}]
  weather: {wind: {speed: 2, from: 90}, stability: F}
)");
  CHECK_THAT(two_sources, Catch::Contains("one source"));
}

// A hazmat unit downwind of the scene on a grid of 100 m roads: its route to
// the scene goes around the AEGL-2 zone (the shortest route with the zone's
// nodes left out, found here by breadth-first search), never through it.
TEST_CASE("Hazmat units approach the scene around the threat zone", "[run][chemical]") {
  const int n = 21;
  const testing::TempDir dir;
  write_network_csv(testing::make_grid(n, n, 100.0, 36.0), dir.path() / "grid");
  const auto id = [&](int row, int col) { return testing::grid_id(row, col, n); };
  const std::string text = "name: upwind\nregion: {network: " + (dir.path() / "grid").string() + "}\n" +
                           "stations:\n  - {id: north, location: {node: " + std::to_string(id(20, 10)) + "}}\n" +
                           R"(teams:
  - {id: hz, station: north, level: enterprise, size: 6, vehicle_class: hazmat, capabilities: [hazmat], turnout: 0}
incident_list:
  - {time: 40 min, type: hazmat_leak, location: {node: )" + std::to_string(id(10, 10)) + R"(}}
plan:
  call_delay: 0
  dispatch_delay: 0
  responses:
    hazmat_leak:
      major: {needs: {hazmat: 6}, on_scene: 1 h}
horizon: 3 h
replications: 1
chemical:
  releases: [{chemical: ammonia, at: {node: )" + std::to_string(id(10, 10)) + R"(}, continuous: {rate: 0.2 kg/s, duration: 2 h}}]
  weather: {wind: {speed: 2, from: 180}, stability: F}
  duration: 3 h
)";
  ScenarioReading reading = read_scenario_text(text, "upwind.yaml");
  INFO(messages(reading));
  REQUIRE(reading.ok());
  const PreparedScenario p = prepare_scenario(std::move(reading.scenario), 1);
  REQUIRE(p.chemical);
  const ScenarioChemical& c = *p.chemical;
  const RoadNetwork& net = p.region->network;
  CHECK(c.protected_classes != 0);  // the hazmat class, by its teams' capability

  // The zone while the unit drives: nodes above AEGL-2 from before the call to the end of the release.
  std::vector<char> zone(net.node_count(), 0);
  const NodeId scene = *net.find_node(id(10, 10));
  for (std::size_t v = 0; v < net.node_count(); ++v) zone[v] = c.arrival_out_s[1][v] < 30.0 * 60.0;
  const NodeId north = *net.find_node(id(20, 10));
  REQUIRE(zone[static_cast<std::size_t>(*net.find_node(id(15, 10)))]);  // the straight road south is in the plume
  REQUIRE_FALSE(zone[static_cast<std::size_t>(north)]);

  // Breadth-first search from the station, over edges with no end in the zone (but the scene's).
  std::vector<int> hops(net.node_count(), -1);
  std::deque<NodeId> queue{north};
  hops[static_cast<std::size_t>(north)] = 0;
  while (!queue.empty()) {
    const NodeId u = queue.front();
    queue.pop_front();
    for (EdgeId e : net.out_edges(u)) {
      const NodeId w = net.head(e);
      const bool allowed = (!zone[static_cast<std::size_t>(u)] || u == scene) && (!zone[static_cast<std::size_t>(w)] || w == scene);
      if (!allowed || hops[static_cast<std::size_t>(w)] >= 0) continue;
      hops[static_cast<std::size_t>(w)] = hops[static_cast<std::size_t>(u)] + 1;
      queue.push_back(w);
    }
  }
  const int detour = hops[static_cast<std::size_t>(scene)];
  REQUIRE(detour > 10);

  const ResponseExperiment ex = run_prepared(p, 1);
  REQUIRE(ex.replications.size() == 1);
  const ReplicationOutcome& r = ex.replications[0];
  REQUIRE(r.dispatches.size() == 1);
  CHECK(r.dispatches[0].travel_s == Approx(10.0 * detour));  // 100 m at 36 km/h: 10 s an edge
  CHECK(r.incidents[0].first_arrival_s - r.incidents[0].call_s == Approx(10.0 * detour));
  const ChemicalRunSummary s = summarize_chemical_run(c, *p.region, p.model, *p.travel, nullptr, ex, 0.1);
  CHECK(s.hazmat_arrivals == 1);
  CHECK(s.mean_hazmat_direct_s == Approx(100.0));
  CHECK(s.mean_hazmat_travel_s > s.mean_hazmat_direct_s);
}

// The loader fuzzed where the chemical section is: bytes replaced, deleted
// and inserted give problems with a position, never a crash or a stray exception.
TEST_CASE("Byte-mutated chemical sections give problems, never a crash", "[run][chemical]") {
  std::ifstream in(std::filesystem::path(DSIM_SOURCE_DIR) / "scenarios" / "chemical_park_release.yaml");
  const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t from = good.find("\nchemical:"), to = good.find("\nwarning:");
  REQUIRE(from != std::string::npos);
  REQUIRE(to > from);
  RandomStream rng(2026, 0, "chemical_fuzz");
  const char alphabet[] = ":-[]{}#&*!|>'\"\t\n ,?%@`0123456789.xyzCkgms/\x80\xff";
  std::size_t accepted = 0, rejected = 0;
  for (int v = 0; v < 200; ++v) {
    std::string text = good;
    for (std::uint64_t e = 0, edits = 1 + rng.below(3); e < edits; ++e) {
      const auto at = from + static_cast<std::size_t>(rng.below(to - from));
      switch (rng.below(3)) {
        case 0: text[at] = alphabet[rng.below(sizeof alphabet - 1)]; break;
        case 1: text.erase(at, 1 + rng.below(6)); break;
        default: text.insert(at, 1, alphabet[rng.below(sizeof alphabet - 1)]); break;
      }
    }
    INFO("variant " << v);
    try {
      const ScenarioReading r = read_scenario_text(text, "fuzz.yaml");
      for (const auto& p : r.problems) CHECK_FALSE(p.message().empty());
      (void)read_scenario_text(text, "fuzz.yaml").checked();
      ++accepted;
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).rfind("fuzz.yaml", 0) == 0);
      ++rejected;
    }
  }
  CHECK(accepted > 0);
  CHECK(rejected > 50);
}

TEST_CASE("A release gives the same zones, exposure and calls whatever the thread count", "[run][chemical]") {
  const std::string section = R"(chemical:
  releases: [{chemical: chlorine, at: {place: chem_park_centre}, start: 10 min, continuous: {rate: 2 kg/s, duration: 30 min}}]
  weather: {wind: [[0, 3, 200], [40 min, 2, 170]], stability: turner, cloud_cover: 2}
  duration: 2 h
  casualties: {type: chemical_casualty, per_person: 0.1}
horizon: 3 h
replications: 3
)";
  const auto prepared = [&](int threads) {
    ScenarioReading r = read_chemical(section);
    INFO(messages(r));
    REQUIRE(r.ok());
    return prepare_scenario(std::move(r.scenario), threads);
  };
  const PreparedScenario one = prepared(1), two = prepared(2);
  REQUIRE(one.chemical);
  const ScenarioChemical &a = *one.chemical, &b = *two.chemical;
  CHECK(a.peak_out_mg_m3 == b.peak_out_mg_m3);
  CHECK(a.dose_mg_min_m3 == b.dose_mg_min_m3);
  CHECK(a.arrival_out_s[1] == b.arrival_out_s[1]);
  CHECK(a.grid.peak_mg_m3 == b.grid.peak_mg_m3);
  // Turner's table on a clear January night (the default start: midnight): stable classes only,
  // a sample every 30 minutes beside the two winds.
  REQUIRE(a.weather.stability.size() >= 5);
  for (Stability st : a.weather.stability) CHECK((st == Stability::E || st == Stability::F));
  // Frames every 10 minutes (the default) from the release to the end of the 2 hours followed.
  REQUIRE(a.grid.frame_times_s.size() == 13);
  CHECK(a.grid.frame_times_s.front() == 600.0);
  CHECK(a.grid.frame_times_s.back() == Approx(7800.0));
  REQUIRE(a.changes.size() == b.changes.size());
  REQUIRE(a.casualty_calls.size() == b.casualty_calls.size());
  CHECK_FALSE(a.casualty_calls.empty());
  std::size_t reached = 0;
  for (double t : a.arrival_out_s[1]) reached += t < HazardArrival::kNever;
  CHECK(reached > 0);
  const ResponseExperiment x = run_prepared(one, 1), y = run_prepared(two, 2);
  REQUIRE(x.replications.size() == y.replications.size());
  for (std::size_t r = 0; r < x.replications.size(); ++r) {
    REQUIRE(x.replications[r].incidents.size() == y.replications[r].incidents.size());
    for (std::size_t i = 0; i < x.replications[r].incidents.size(); ++i)
      CHECK(x.replications[r].incidents[i].first_arrival_s == y.replications[r].incidents[i].first_arrival_s);
  }
}
