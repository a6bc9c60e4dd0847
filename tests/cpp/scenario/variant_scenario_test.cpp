// SPDX-License-Identifier: MIT
// A variant's scenario as read: where its problems point, the teams that go
// with a removed station, and a scenario's own `variants:` section.
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/variant_patch.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace dsim;
namespace fs = std::filesystem;

namespace {

// Line numbers matter below: block style, one key a line.
const char* kBase = R"(name: base
region:
  network: roads.csv
stations:
  - id: central
    location: {node: 1}
  - id: township_east
    location: {node: 2}
  - id: township_west
    location: {node: 3}
teams:
  - id: central_team
    station: central
    level: city
    size: 8
    capabilities: [fire]
  - id: township_east
    station: township_east
    level: township
    size: 6
    capabilities: [fire]
  - id: township_west
    station: township_west
    level: township
    size: 6
    capabilities: [fire]
horizon: 1 d
warmup: 2 h
)";

// A folder with the base, its road file and a variants file.
struct Files {
  testing::TempDir tmp;
  std::string base_path = (tmp.path() / "base.yaml").string();
  std::string variants_path = (tmp.path() / "plans.yaml").string();
  std::string base_text;

  explicit Files(const std::string& variants_text, const std::string& base = kBase) : base_text(base) {
    std::ofstream(tmp.path() / "roads.csv") << "x\n";
    std::ofstream(base_path) << base_text;
    std::ofstream(variants_path) << variants_text;
  }
  VariantSet set() const { return read_variants_file(variants_path); }
};

std::vector<ScenarioProblem> errors_of(const Files& f, const Variant& v) {
  try {
    (void)read_variant_scenario(f.base_text, f.base_path, v, f.variants_path);
  } catch (const ScenarioError& e) {
    std::vector<ScenarioProblem> out;
    for (const auto& p : e.problems())
      if (p.is_error()) out.push_back(p);
    return out;
  }
  return {};
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<ScenarioProblem> only(const std::vector<ScenarioProblem>& all, bool errors) {
  std::vector<ScenarioProblem> out;
  for (const auto& p : all)
    if (p.is_error() == errors) out.push_back(p);
  return out;
}

// The notes of a patch, apart from the scenario's own warnings.
std::vector<ScenarioProblem> removal_notes(const std::vector<ScenarioProblem>& all) {
  std::vector<ScenarioProblem> out;
  for (const auto& p : only(all, false))
    if (mentions(p.note, "removing station")) out.push_back(p);
  return out;
}

}  // namespace

TEST_CASE("A bad value a variant sets points at the change in the variants file", "[variants]") {
  const Files f(R"(base: base.yaml
variants:
  - name: fast
    set:
      horizon: 2 d
      teams.township_*.turnout: -3 min
  - name: whole
    set:
      plan: {call_delay: banana}
)");
  const VariantSet set = f.set();
  const auto p = errors_of(f, set.variants[0]);
  REQUIRE(p.size() == 2);  // one for each team the wildcard reached
  for (const auto& e : p) {
    CHECK(e.file == f.variants_path);
    CHECK(e.line == 6);
    CHECK(e.column == 7);
    CHECK(mentions(e.note, "variant 'fast'"));
    CHECK(mentions(e.note, "'teams.township_*.turnout'"));
    CHECK(mentions(e.found, "-3 min"));
  }
  CHECK(p[0].key == "teams.township_east.turnout");
  CHECK(p[1].key == "teams.township_west.turnout");
  CHECK(p[0].message().find(f.variants_path + ":6:7: teams.township_east.turnout: expected") == 0);

  // A key inside a whole map the variant set points at that change too.
  const auto q = errors_of(f, set.variants[1]);
  REQUIRE(q.size() == 1);
  CHECK(q[0].file == f.variants_path);
  CHECK(q[0].line == 9);
  CHECK(q[0].key == "plan.call_delay");
  CHECK(mentions(q[0].note, "variant 'whole'"));
}

TEST_CASE("A problem outside what a variant set points at the base's own line", "[variants]") {
  SECTION("a check across keys the variant broke") {
    const Files f("variants:\n  - name: short\n    set:\n      horizon: 1 h\n");
    const auto p = errors_of(f, f.set().variants[0]);
    REQUIRE(p.size() == 1);
    CHECK(p[0].file == f.base_path);
    CHECK(p[0].line == 28);  // warmup: 2 h
    CHECK(p[0].key == "warmup");
    CHECK(mentions(p[0].note, "variant 'short'"));
  }
  SECTION("a list entry after one the variant removed keeps the base's index and line") {
    std::string base = kBase;
    const std::string from = "    size: 6\n    capabilities: [fire]\nhorizon";
    base.replace(base.find(from), from.size(), "    size: -1\n    capabilities: [fire]\nhorizon");
    const Files f("variants:\n  - name: fewer\n    set:\n      teams.central_team: null\n", base);
    const auto p = errors_of(f, f.set().variants[0]);
    REQUIRE(p.size() == 1);
    CHECK(p[0].file == f.base_path);
    CHECK(p[0].line == 25);
    CHECK(p[0].key == "teams[2].size");  // teams[1] in the patched scenario
  }
  SECTION("check_variants says the same without throwing") {
    const Files f("variants:\n  - name: short\n    set:\n      horizon: 1 h\n  - name: fine\n");
    const auto all = check_variants(f.base_text, f.base_path, f.set());
    const auto p = only(all, true);
    REQUIRE(p.size() == 1);
    CHECK(p[0].file == f.base_path);
    CHECK(p[0].line == 28);
    // A warning about a key no one wrote (the base has no incidents) points at the variant's entry.
    const auto w = only(all, false);
    REQUIRE(w.size() == 2);
    CHECK(w[1].file == f.variants_path);
    CHECK(w[1].line == 5);
    CHECK(w[1].key == "incidents");
    CHECK(mentions(w[1].note, "in variant 'fine'"));
  }
}

TEST_CASE("Removing a station removes its teams, and says so", "[variants]") {
  const Files f(R"(variants:
  - name: no_townships
    set:
      stations.township_*: null
  - name: moved
    set:
      stations.township_east: null
      teams.township_east.station: central
)");
  const VariantSet set = f.set();
  std::vector<ScenarioProblem> warnings;
  const Scenario s = read_variant_scenario(f.base_text, f.base_path, set.variants[0], f.variants_path, &warnings);
  const auto notes = removal_notes(warnings);
  REQUIRE(s.teams.size() == 1);
  CHECK(s.teams[0].id == "central_team");
  REQUIRE(s.stations.size() == 1);
  REQUIRE(notes.size() == 2);
  CHECK_FALSE(notes[0].is_error());
  CHECK(notes[0].file == f.variants_path);
  CHECK(notes[0].line == 4);
  CHECK(notes[0].note == "variant 'no_townships': removing station township_east also removes team township_east");
  CHECK(notes[1].note == "variant 'no_townships': removing station township_west also removes team township_west");

  // A team the variant moves elsewhere stays.
  warnings.clear();
  const Scenario m = read_variant_scenario(f.base_text, f.base_path, set.variants[1], f.variants_path, &warnings);
  CHECK(m.teams.size() == 3);
  CHECK(removal_notes(warnings).empty());

  // check_variants shows the note as a warning.
  const auto all = check_variants(f.base_text, f.base_path, set);
  CHECK(only(all, true).empty());
  const auto shown = removal_notes(all);
  REQUIRE(shown.size() == 2);
  CHECK(shown[0].message().find(f.variants_path + ":4:7: warning: stations.township_east: ") == 0);
}

TEST_CASE("A scenario carries its own variants", "[variants]") {
  const std::string text = std::string(kBase) + R"(variants:
  - name: short_warmup
    set:
      warmup: 1 h
  - name: small
    set:
      teams.*.size: 2
)";
  const Files f("", text);
  // The scenario itself runs as its base: the reader takes and leaves the section.
  const ScenarioReading plain = read_scenario_file(f.base_path);
  for (const auto& p : plain.problems) INFO(p.message());
  REQUIRE(plain.ok());
  CHECK(plain.scenario.warmup_s == 7200.0);

  const VariantSet set = read_scenario_variants(f.base_path);
  CHECK(set.base_path == f.base_path);
  CHECK(set.source == f.base_path);
  REQUIRE(set.variants.size() == 2);
  CHECK(set.variants[1].ops[0].position.line == 35);

  const std::string patched = apply_variant(f.base_text, set.base_path, set.variants[0], set.source);
  CHECK_FALSE(YAML::Load(patched)["variants"]);
  const Scenario s = read_variant_scenario(f.base_text, set.base_path, set.variants[1], set.source);
  CHECK(std::all_of(s.teams.begin(), s.teams.end(), [](const TeamSpec& t) { return t.size == 2; }));
  CHECK(only(check_variants(f.base_text, set.base_path, set), true).empty());
}

TEST_CASE("A scenario's variants section that is wrong says where", "[variants]") {
  const auto problems_of = [](const std::string& text) {
    const Files f("", text);
    try {
      (void)read_scenario_variants(f.base_path);
    } catch (const ScenarioError& e) {
      for (const auto& p : e.problems()) CHECK(p.file == f.base_path);
      return e.problems();
    }
    return std::vector<ScenarioProblem>{};
  };
  SECTION("not a list") {
    const auto p = problems_of(std::string(kBase) + "variants: {a: 1}\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].line == 29);
    CHECK(p[0].key == "variants");
  }
  SECTION("a variant without a name, a bad path") {
    const auto p = problems_of(std::string(kBase) + "variants:\n  - set:\n      teams[x]: 1\n");
    REQUIRE(p.size() == 2);
    CHECK(p[0].line == 31);  // the path
    CHECK(p[1].line == 30);  // the entry
  }
  SECTION("no section") {
    const auto p = problems_of(kBase);
    REQUIRE(p.size() == 1);
    CHECK(p[0].key == "variants");
  }
}
