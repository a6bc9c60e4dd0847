// SPDX-License-Identifier: MIT
#include "sim/scenario/variant_patch.hpp"

#include "sim/response/fire_spec.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace dsim;

namespace {

const char* kBase = R"(name: variants-base
region: {network: roads/city.csv, zones: ../layers/zones.csv}
stations:
  - {id: central, location: {node: 1}}
  - {id: township_east, location: {node: 2}}
  - {id: township_west, location: {node: 3}}
teams:
  - {id: central_team, station: central, level: city, size: 8, capabilities: [fire]}
  - {id: township_east, station: township_east, level: township, size: 6, capabilities: [fire], turnout: 90 s}
  - {id: township_west, station: township_west, level: township, size: 6, capabilities: [fire], turnout: 90 s}
plan:
  call_delay: 60 s
  dispatch_delay: 30 s
horizon: 1 d
)";

Variant one_variant(const std::string& set_yaml) {
  const std::string text = "variants:\n  - name: v\n    set:\n" + set_yaml;
  VariantSet set = read_variants_text(text, "/plans/plans.yaml");
  REQUIRE(set.variants.size() == 1);
  return set.variants.front();
}

Scenario read_patched(const std::string& set_yaml) {
  const std::string text = apply_variant(kBase, "/plans/base.yaml", one_variant(set_yaml), "/plans/plans.yaml");
  ScenarioReading reading = read_scenario_text(text, "patched.yaml");
  for (const auto& p : reading.problems) INFO(p.message());
  REQUIRE(reading.ok());
  return std::move(reading).checked();
}

const TeamSpec& team(const Scenario& s, const std::string& id) {
  const auto it = std::find_if(s.teams.begin(), s.teams.end(), [&](const TeamSpec& t) { return t.id == id; });
  REQUIRE(it != s.teams.end());
  return *it;
}

// The problems a variant gives against the base.
std::vector<ScenarioProblem> problems_of(const std::string& set_yaml) {
  try {
    (void)apply_variant(kBase, "/plans/base.yaml", one_variant(set_yaml), "/plans/plans.yaml");
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

std::vector<ScenarioProblem> reading_problems(const std::string& text) {
  try {
    (void)read_variants_text(text, "plans.yaml");
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

}  // namespace

TEST_CASE("A variants file reads into named variants with their changes where written", "[variants]") {
  const VariantSet set = read_variants_text(R"(base: ../scenarios/base.yaml
variants:
  - name: faster
    description: turnout 30 s faster
    set:
      teams.township_*.turnout: 60 s
      plan.mutual_aid: false
  - name: no_west
    set:
      stations.township_west: null
)",
                                            "/work/plans/plans.yaml");
  CHECK(set.base_path == "/work/scenarios/base.yaml");
  REQUIRE(set.variants.size() == 2);
  CHECK(set.variants[0].name == "faster");
  CHECK(set.variants[0].description == "turnout 30 s faster");
  REQUIRE(set.variants[0].ops.size() == 2);
  CHECK(set.variants[0].ops[0].path == "teams.township_*.turnout");
  CHECK_FALSE(set.variants[0].ops[0].remove);
  CHECK(set.variants[0].ops[0].value_yaml == "60 s");
  CHECK(set.variants[0].ops[0].position.line == 6);
  CHECK(set.variants[0].ops[0].position.column == 7);
  CHECK(set.variants[1].ops[0].remove);
  CHECK(set.variants[1].ops[0].position.line == 10);
}

TEST_CASE("Each kind of change gives the scenario the reader expects", "[variants]") {
  SECTION("a scalar") {
    const Scenario s = read_patched("      horizon: 2 d\n");
    CHECK(s.horizon_s == 2 * 86400.0);
  }
  SECTION("a map replaces the value") {
    const Scenario s = read_patched("      plan.call_delay: {lognormal: {mean: 5 min, sd: 2 min}}\n");
    CHECK(s.plan.call_delay_s.kind == Distribution::Kind::lognormal);
    CHECK(s.plan.call_delay_s.a == 300.0);
    CHECK(s.plan.call_delay_s.b == 120.0);
  }
  SECTION("removing a list entry by id, with its team") {
    const Scenario s = read_patched("      stations.township_west: null\n      teams.township_west: null\n");
    REQUIRE(s.stations.size() == 2);
    CHECK(s.stations[0].id == "central");
    CHECK(s.stations[1].id == "township_east");
    CHECK(s.teams.size() == 2);
  }
  SECTION("a wildcard over list ids") {
    const Scenario s = read_patched("      teams.township_*.turnout: 45 s\n");
    CHECK(team(s, "township_east").turnout_s.a == 45.0);
    CHECK(team(s, "township_west").turnout_s.a == 45.0);
    CHECK(team(s, "central_team").turnout_s.a == 60.0);  // the default, untouched
  }
  SECTION("a wildcard over map keys and over several entries at once") {
    const Scenario s = read_patched("      teams.*.size: 4\n      plan.*_delay: 10 s\n");
    for (const TeamSpec& t : s.teams) CHECK(t.size == 4);
    CHECK(s.plan.call_delay_s.a == 10.0);
    CHECK(s.plan.dispatch_delay_s.a == 10.0);
  }
  SECTION("an index") {
    const Scenario s = read_patched("      teams[0].size: 12\n      stations[2]: null\n      teams[2]: null\n");
    CHECK(team(s, "central_team").size == 12);
    CHECK(s.stations.size() == 2);
  }
  SECTION("a key the base lacks, under a map it has") {
    const Scenario base = read_scenario_text(kBase, "base.yaml").checked();
    CHECK(base.plan.mutual_aid);
    const Scenario s = read_patched("      plan.mutual_aid: false\n      teams.central_team.crews: 2\n");
    CHECK_FALSE(s.plan.mutual_aid);
    CHECK(team(s, "central_team").crews == 2);
  }
  SECTION("removing a map key") {
    const Scenario s = read_patched("      plan.call_delay: null\n");
    CHECK(s.plan.call_delay_s.a == PlanSpec{}.call_delay_s.a);
  }
  SECTION("changes apply in order: a later one sees an earlier one") {
    const Scenario s = read_patched("      teams.township_east.turnout: {fixed: 80 s}\n      teams.township_east.turnout.fixed: 70 s\n");
    CHECK(team(s, "township_east").turnout_s.a == 70.0);
    CHECK(team(s, "township_west").turnout_s.a == 90.0);
  }
}

TEST_CASE("One value set through a wildcard is not shared between the places it lands", "[variants]") {
  const Scenario s = read_patched(
      "      teams.township_*.turnout: {fixed: 50 s}\n      teams.township_west.turnout.fixed: 20 s\n");
  CHECK(team(s, "township_east").turnout_s.a == 50.0);
  CHECK(team(s, "township_west").turnout_s.a == 20.0);
}

TEST_CASE("An empty variant gives the base scenario back", "[variants]") {
  const VariantSet set = read_variants_text("variants:\n  - name: base\n  - name: also_base\n    set: {}\n",
                                            "/plans/plans.yaml");
  const Scenario base = read_scenario_text(kBase, "base.yaml").checked();
  for (const Variant& v : set.variants) {
    CHECK(v.ops.empty());
    const std::string text = apply_variant(kBase, "/plans/base.yaml", v, "/plans/plans.yaml");
    const Scenario same = read_scenario_text(text, "patched.yaml").checked();
    CHECK(same.name == base.name);
    CHECK(same.horizon_s == base.horizon_s);
    CHECK(same.stations.size() == base.stations.size());
    REQUIRE(same.teams.size() == base.teams.size());
    for (std::size_t i = 0; i < base.teams.size(); ++i) {
      CHECK(same.teams[i].id == base.teams[i].id);
      CHECK(same.teams[i].size == base.teams[i].size);
      CHECK(same.teams[i].turnout_s.a == base.teams[i].turnout_s.a);
    }
    CHECK(same.plan.call_delay_s.a == base.plan.call_delay_s.a);
    CHECK(same.region.network_path == base.region.network_path);  // same folder: paths as written
    // Read again, the patched text is a fixed point.
    CHECK(apply_variant(text, "/plans/patched.yaml", v, "/plans/plans.yaml") == text);
  }
}

TEST_CASE("The base's relative files still resolve from the variants file's folder", "[variants]") {
  const Variant v = one_variant("      horizon: 2 d\n");
  const std::string text = apply_variant(kBase, "/data/city/base.yaml", v, "/data/plans/plans.yaml");
  const YAML::Node doc = YAML::Load(text);
  CHECK(doc["region"]["network"].as<std::string>() == "../city/roads/city.csv");
  CHECK(doc["region"]["zones"].as<std::string>() == "../layers/zones.csv");

  // Written next to the variants file, the patched scenario finds the base's files.
  namespace fs = std::filesystem;
  const testing::TempDir tmp;
  const fs::path dir = tmp.path();
  fs::create_directories(dir / "city" / "roads");
  fs::create_directories(dir / "plans");
  fs::create_directories(dir / "layers");
  std::ofstream(dir / "city" / "roads" / "city.csv") << "x\n";
  std::ofstream(dir / "layers" / "zones.csv") << "x\n";
  const std::string patched =
      apply_variant(kBase, (dir / "city" / "base.yaml").string(), v, (dir / "plans" / "plans.yaml").string());
  std::ofstream(dir / "plans" / "v.yaml") << patched;
  const ScenarioReading reading = read_scenario_file((dir / "plans" / "v.yaml").string());
  for (const auto& p : reading.problems) INFO(p.message());
  CHECK(reading.ok());
  CHECK(fs::equivalent(reading.scenario.region.network_path, dir / "city" / "roads" / "city.csv"));
}

TEST_CASE("Every shipped scenario, through an empty variant elsewhere, reads as itself", "[variants]") {
  namespace fs = std::filesystem;
  const testing::TempDir tmp;
  fs::create_directories(tmp.path() / "plans");
  const std::string variants_path = (tmp.path() / "plans" / "plans.yaml").string();
  const Variant same{"same", "", {}, {}};
  std::size_t read = 0;
  // Both empty (not given), or two names of one existing file.
  const auto same_file = [](const std::string& a, const std::string& b) {
    std::error_code ec;
    return a.empty() == b.empty() && (a.empty() || fs::equivalent(a, b, ec));
  };
  for (const auto& entry : fs::directory_iterator(fs::path(DSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().string());
    const ScenarioReading base = read_scenario_file(entry.path().string());
    REQUIRE(base.ok());
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const fs::path out = tmp.path() / "plans" / entry.path().filename();
    std::ofstream(out) << apply_variant(text, entry.path().string(), same, variants_path);
    const ScenarioReading again = read_scenario_file(out.string());
    for (const auto& p : again.problems) INFO(p.message());
    REQUIRE(again.ok());
    CHECK(again.problems.size() == base.problems.size());  // the same warnings
    CHECK(again.scenario.name == base.scenario.name);
    CHECK(again.scenario.stations.size() == base.scenario.stations.size());
    CHECK(again.scenario.teams.size() == base.scenario.teams.size());
    CHECK(again.scenario.generators.size() == base.scenario.generators.size());
    CHECK(again.scenario.horizon_s == base.scenario.horizon_s);
    CHECK(same_file(again.scenario.region.network_path, base.scenario.region.network_path));
    CHECK(same_file(again.scenario.region.zones_path, base.scenario.region.zones_path));
    REQUIRE(static_cast<bool>(again.scenario.flood) == static_cast<bool>(base.scenario.flood));
    if (base.scenario.flood) CHECK(same_file(again.scenario.flood->dem_path, base.scenario.flood->dem_path));
    REQUIRE(static_cast<bool>(again.scenario.fire) == static_cast<bool>(base.scenario.fire));
    if (base.scenario.fire) CHECK(same_file(again.scenario.fire->landscape.dem, base.scenario.fire->landscape.dem));
    ++read;
  }
  CHECK(read >= 5);
}

TEST_CASE("A path the base does not have points at the variants file, with the nearest name", "[variants]") {
  SECTION("a list entry id") {
    const auto p = problems_of("      stations.township_wset: null\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].file == "/plans/plans.yaml");
    CHECK(p[0].line == 4);
    CHECK(p[0].column == 7);
    CHECK(p[0].key == "stations.township_wset");
    CHECK(p[0].suggestion == "township_west");
    CHECK(p[0].message().find("/plans/plans.yaml:4:7: stations.township_wset: expected") == 0);
  }
  SECTION("a map key in the middle of a path") {
    const auto p = problems_of("      horizon: 2 d\n      plam.mutual_aid: false\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].line == 5);
    CHECK(p[0].column == 7);
    CHECK(p[0].key == "plam");
    CHECK(p[0].suggestion == "plan");
  }
  SECTION("a map key at the end of a removal") {
    const auto p = problems_of("      plan.call_dealy: null\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].key == "plan.call_dealy");
    CHECK(p[0].suggestion == "call_delay");
  }
  SECTION("a wildcard that matches nothing") {
    const auto p = problems_of("      teams.banner_*.size: 3\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].key == "teams.banner_*");
    CHECK(p[0].found.find("township_east") != std::string::npos);  // what is there
  }
  SECTION("an index past the end") {
    const auto p = problems_of("      teams[3].size: 3\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].key == "teams[3]");
    CHECK(p[0].expected.find("3 entries") != std::string::npos);
  }
  SECTION("a key under a value") {
    const auto p = problems_of("      horizon.days: 3\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].key == "horizon");
  }
  SECTION("every problem of a variant at once") {
    const auto p = problems_of("      plam.mutual_aid: false\n      teams[9]: null\n      stations.nowhere: null\n");
    REQUIRE(p.size() == 3);
    CHECK(p[0].line == 4);
    CHECK(p[1].line == 5);
    CHECK(p[2].line == 6);
  }
}

TEST_CASE("check_variants collects the problems of every variant", "[variants]") {
  // The base's files are there: the variant without a problem reads cleanly.
  namespace fs = std::filesystem;
  const testing::TempDir tmp;
  const fs::path dir = tmp.path() / "plans";
  fs::create_directories(dir / "roads");
  fs::create_directories(tmp.path() / "layers");
  std::ofstream(dir / "roads" / "city.csv") << "x\n";
  std::ofstream(tmp.path() / "layers" / "zones.csv") << "x\n";
  const VariantSet set = read_variants_text(R"(variants:
  - name: a
    set: {plam.mutual_aid: false}
  - name: b
    set: {horizon: 2 d}
  - name: c
    set: {teams.nobody: null}
)",
                                            (dir / "plans.yaml").string());
  const auto all = check_variants(kBase, (dir / "base.yaml").string(), set);
  std::vector<ScenarioProblem> p;
  std::copy_if(all.begin(), all.end(), std::back_inserter(p), [](const ScenarioProblem& x) { return x.is_error(); });
  // b patches cleanly and its scenario is read: its warning (no incidents) is there too.
  CHECK(std::any_of(all.begin(), all.end(), [](const ScenarioProblem& x) {
    return !x.is_error() && x.key == "incidents" && x.note.find("'b'") != std::string::npos;
  }));
  REQUIRE(p.size() == 2);
  CHECK(p[0].line == 3);
  CHECK(p[0].note.find("'a'") != std::string::npos);
  CHECK(p[1].line == 7);
  CHECK(p[1].note.find("'c'") != std::string::npos);
}

TEST_CASE("A variants file that is wrong says where, all at once", "[variants]") {
  SECTION("a variant without a name, and two of one name") {
    const auto p = reading_problems(R"(variants:
  - description: nameless
  - name: twice
  - name: twice
)");
    REQUIRE(p.size() == 2);
    CHECK(p[0].line == 2);
    CHECK(p[0].column == 5);
    CHECK(p[0].key == "variants[0]");
    CHECK(p[1].line == 4);
    CHECK(p[1].column == 11);
    CHECK(p[1].key == "variants[2].name");
  }
  SECTION("unknown keys, with the nearest one") {
    const auto p = reading_problems("variant:\n  - name: a\n");
    REQUIRE(p.size() == 2);
    CHECK(p[0].line == 1);
    CHECK(p[0].suggestion == "variants");
    CHECK(p[1].found == "nothing");
    const auto q = reading_problems("variants:\n  - name: a\n    sett: {horizon: 1 d}\n");
    REQUIRE(q.size() == 1);
    CHECK(q[0].line == 3);
    CHECK(q[0].column == 5);
    CHECK(q[0].suggestion == "set");
  }
  SECTION("a path that cannot be parsed, and a bad set") {
    const auto p = reading_problems("variants:\n  - name: a\n    set:\n      teams[x].size: 1\n      plan..call_delay: 1\n"
                                    "  - name: b\n    set: [horizon]\n");
    REQUIRE(p.size() == 3);
    CHECK(p[0].line == 4);
    CHECK(p[0].found.find("[x]") != std::string::npos);
    CHECK(p[1].line == 5);
    CHECK(p[2].line == 7);
  }
  SECTION("not YAML") {
    const auto p = reading_problems("variants:\n  - name: [a\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].line > 0);
  }
  SECTION("a base file that is not there, from a file") {
    namespace fs = std::filesystem;
    const fs::path file = fs::temp_directory_path() / "dsim_variant_patch_missing_base.yaml";
    std::ofstream(file) << "base: no_such_base.yaml\nvariants:\n  - name: a\n";
    try {
      (void)read_variants_file(file.string());
      FAIL("no error");
    } catch (const ScenarioError& e) {
      REQUIRE(e.problems().size() == 1);
      CHECK(e.problems()[0].line == 1);
      CHECK(e.problems()[0].key == "base");
    }
    fs::remove(file);
  }
  SECTION("the problems are an InputError, as every bad input is") {
    CHECK_THROWS_AS(read_variants_text("variants: 3\n", "plans.yaml"), InputError);
    CHECK_THROWS_AS(read_variants_file("/no/such/plans.yaml"), InputError);
  }
}
