// SPDX-License-Identifier: MIT
// Sweeps as work units: the design, the cut into units and shares, a unit
// run in a fresh runner equal to the same unit in a whole run, and the
// results file read back.
#include "sim/run/batch_results.hpp"
#include "sim/run/batch_runner.hpp"
#include "sim/core/random.hpp"
#include "sim/scenario/sweep_spec.hpp"
#include "tests/cpp/support/mangle.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace dsim;
namespace fs = std::filesystem;

namespace {

const fs::path kSmall = fs::path(DSIM_SOURCE_DIR) / "tests" / "data" / "good" / "small.yaml";

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A sweep over the small scenario's assault team: 2 x 2 points.
fs::path write_sweep(const testing::TempDir& dir, const std::string& extra = {}) {
  dir.write("base.yaml", read_text(kSmall));
  return dir.write("sweep.yaml",
                   "base: base.yaml\nreplications: 3\nblock: 2\nseed: 5\n" + extra +
                       "parameters:\n"
                       "  turnout_s:\n    set: teams.kbs_assault.turnout\n    values: [30, 600]\n    unit: s\n"
                       "  crews:\n    set: [teams.kbs_assault.crews]\n    values: [1, 2]\n");
}

}  // namespace

TEST_CASE("a grid sweep has every combination, the first parameter slowest", "[batch]") {
  testing::TempDir dir;
  const BatchPlan plan = sweep_plan(write_sweep(dir).string());
  REQUIRE(plan.points.size() == 4);
  CHECK(plan.parameter_values == std::vector<std::vector<double>>{{30, 1}, {30, 2}, {600, 1}, {600, 2}});
  CHECK(plan.points[2].name == "p2");
  REQUIRE(plan.points[2].ops.size() == 2);
  CHECK(plan.points[2].ops[0].value_yaml == "600 s");
  CHECK(plan.seed == 5);
  CHECK(plan.replications == 3);
  CHECK(plan.content_hash.size() == 16);
}

TEST_CASE("work units cover every replication of every point once, and shares partition them", "[batch]") {
  testing::TempDir dir;
  const BatchPlan plan = sweep_plan(write_sweep(dir).string());
  const std::vector<WorkUnit> units = work_units(plan);
  REQUIRE(units.size() == 8);  // 4 points x blocks {0,1}, {2}
  CHECK(units[1] == WorkUnit{1, 0, 2, 1});
  std::set<std::size_t> seen;
  for (std::size_t shard = 1; shard <= 3; ++shard)
    for (const WorkUnit& u : shard_units(units, shard, 3)) CHECK(seen.insert(u.index).second);
  CHECK(seen.size() == units.size());

  std::size_t i = 0, n = 0;
  parse_shard("2/8", "--shard", i, n);
  CHECK((i == 2 && n == 8));
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/", "/2"})
    CHECK_THROWS_AS(parse_shard(bad, "--shard", i, n), InputError);
}

TEST_CASE("a unit run alone gives the rows of the same replications in a whole run", "[batch]") {
  testing::TempDir dir;
  const BatchPlan plan = sweep_plan(write_sweep(dir).string());
  const std::vector<WorkUnit> units = work_units(plan);
  BatchRunner whole(plan, 2);
  std::vector<UnitResult> all;
  for (const WorkUnit& u : units) all.push_back(whole.run(u));
  // Point 0 was prepared once for its two units; the region loaded once for all four points.
  CHECK(whole.preparations() == 4);
  CHECK(whole.cache().regions_loaded == 1);
  CHECK(whole.cache().regions_reused == 3);
  CHECK(whole.cache().travel_reused == 3);  // the stations never move in this sweep

  BatchRunner fresh(plan, 1);
  const UnitResult again = fresh.run(units[5]);
  REQUIRE(again.replications == all[5].replications);
  for (std::size_t k = 0; k < again.values.size(); ++k)
    for (std::size_t r = 0; r < again.replications.size(); ++r) {
      const double a = again.values[k][r], b = all[5].values[k][r];
      CHECK(((std::isnan(a) && std::isnan(b)) || a == b));
    }

  // The parameter reaches the run: a 10-minute turnout of the assault team changes its indicators.
  CHECK(all[0].values != all[4].values);

  // The results file reads back to the same units.
  const BatchHeader header = batch_header(plan);
  const ResultsFile file = batch_results(header, all, "", "test");
  const BatchFile back = read_batch_file(file, "test.h5");
  CHECK(batch_mismatch(header, back.header).empty());
  REQUIRE(back.units.size() == all.size());
  for (std::size_t u = 0; u < all.size(); ++u) {
    CHECK(back.units[u].unit == all[u].unit);
    CHECK(back.units[u].replications == all[u].replications);
  }
  CHECK(std::get<std::int64_t>(file.attributes.at("complete")) == 1);
  const ResultsFile part = batch_results(header, {all[0], all[3]}, "1/4", "test");
  CHECK(std::get<std::int64_t>(part.attributes.at("complete")) == 0);
  CHECK(part.table("runs").rows() == 3);
}

TEST_CASE("two batches differ in what merge must not mix", "[batch]") {
  testing::TempDir dir;
  BatchHeader a = batch_header(sweep_plan(write_sweep(dir).string()));
  BatchHeader b = a;
  CHECK(batch_mismatch(a, b).empty());
  b.seed = 6;
  CHECK(batch_mismatch(a, b).find("different seeds") != std::string::npos);
  b = a;
  b.dsim_version = "0.0.1";
  CHECK(batch_mismatch(a, b).find("versions") != std::string::npos);
  testing::TempDir other;
  const BatchHeader c = batch_header(sweep_plan(write_sweep(other, "design: grid\n").string()));
  CHECK(batch_mismatch(a, c).find("content hash") != std::string::npos);
}

TEST_CASE("a Latin hypercube puts one point in each stratum of each range", "[batch]") {
  SweepSpec spec;
  spec.design = SweepDesign::latin_hypercube;
  spec.points = 10;
  spec.parameters.push_back({"a", {"x"}, {}, 0.0, 100.0, false, "", {}, {}});
  spec.parameters.push_back({"b", {"y"}, {}, -1.0, 1.0, false, "", {}, {}});
  const std::vector<SweepPoint> points = sweep_points(spec, 3);
  REQUIRE(points.size() == 10);
  for (std::size_t j = 0; j < 2; ++j) {
    std::set<int> strata;
    const double low = spec.parameters[j].low, high = spec.parameters[j].high;
    for (const SweepPoint& p : points) strata.insert(int(std::floor((p.values[j] - low) / (high - low) * 10)));
    CHECK(strata.size() == 10);
  }
  CHECK(sweep_points(spec, 3)[4].values == points[4].values);
  CHECK(sweep_points(spec, 4)[4].values != points[4].values);
}

TEST_CASE("bad sweep files name the file, line and column", "[batch]") {
  const auto problem = [](const std::string& text) {
    try {
      read_sweep_text(text, "s.yaml");
    } catch (const ScenarioError& e) {
      return e.problems().front().message();
    }
    return std::string("no error");
  };
  CHECK(problem("base: b.yaml\nparameters:\n  t:\n    set: a.b\n    values: [1, x]\n").find("s.yaml:5:") == 0);
  CHECK(problem("base: b.yaml\nparameters:\n  t:\n    set: a.b\n    vals: [1]\n").find("values") != std::string::npos);
  CHECK(problem("base: b.yaml\ndesign: lhs\nparameters:\n  t:\n    set: a.b\n    range: [0, 1]\n").find("points") !=
        std::string::npos);
  CHECK(problem("base: b.yaml\ndesgin: grid\nparameters:\n  t: {set: a, values: [1]}\n").find("design") !=
        std::string::npos);
  CHECK(problem("parameters:\n  t: {set: a, values: [1]}\n").find("base") != std::string::npos);
  CHECK(problem("base: b.yaml\nparameters:\n  t: {values: [1]}\n").find("set") != std::string::npos);
}

TEST_CASE("a second process takes the travel tables from the shared cache folder", "[batch]") {
  testing::TempDir dir;
  const BatchPlan plan = sweep_plan(write_sweep(dir).string());
  const std::string folder = (dir / "cache").string();
  const WorkUnit unit = work_units(plan)[3];
  BatchRunner first(plan, 1, folder);
  const UnitResult a = first.run(unit);
  CHECK(first.cache().travel_built == 1);
  CHECK(first.cache().travel_from_disk == 0);
  BatchRunner second(plan, 1, folder);  // as another process would
  const UnitResult b = second.run(unit);
  CHECK(second.cache().travel_built == 0);
  CHECK(second.cache().travel_from_disk == 1);
  CHECK(a.replications == b.replications);
  for (std::size_t k = 0; k < a.values.size(); ++k)
    for (std::size_t r = 0; r < a.values[k].size(); ++r)
      CHECK(((std::isnan(a.values[k][r]) && std::isnan(b.values[k][r])) || a.values[k][r] == b.values[k][r]));

  // A damaged file is searched again, never trusted.
  for (const auto& entry : fs::directory_iterator(folder)) fs::resize_file(entry.path(), 100);
  BatchRunner third(plan, 1, folder);
  (void)third.run(unit);
  CHECK(third.cache().travel_built == 1);
}

TEST_CASE("mutated sweep and variants files are read or refused with their name, never crash", "[batch]") {
  const std::string sweep =
      "base: base.yaml\nreplications: 4\nblock: 2\nseed: 3\ndesign: lhs\npoints: 5\nparameters:\n"
      "  turnout_s: {set: [teams.a_*.turnout, teams.b.turnout], range: [30, 300], unit: s}\n"
      "  crews:\n    set: teams.a_*.crews\n    range: [1, 3]\n    integer: true\n";
  const std::string variants =
      "base: base.yaml\nvariants:\n  - name: a\n    description: one\n    set:\n      stations.x: null\n"
      "      teams.y_*.turnout: 45 s\n      plan.escalation[0].levels: [city]\n  - name: b\n";
  RandomStream rng(2026, 0, "batch_fuzz");
  std::size_t accepted = 0, rejected = 0;
  for (int v = 0; v < 400; ++v) {
    const std::string text = testing::mangled(v % 2 ? sweep : variants, rng);
    INFO(text);
    bool other = false;
    try {
      if (v % 2) {
        const SweepSpec spec = read_sweep_text(text, "fuzz.yaml");
        const std::vector<SweepPoint> points = sweep_points(spec, 3);
        CHECK((spec.design != SweepDesign::latin_hypercube || points.size() == spec.points));
      } else {
        (void)read_variants_text(text, "fuzz.yaml");
      }
      ++accepted;
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).rfind("fuzz.yaml", 0) == 0);
      ++rejected;
    } catch (...) {
      other = true;
    }
    CHECK_FALSE(other);
  }
  CHECK(accepted > 0);
  CHECK(rejected > 0);
}

TEST_CASE("a sweep over the forces runs its flood once", "[batch]") {
  testing::TempDir dir;
  dir.write("base.yaml", R"(name: flood
region: {synthetic: {seed: 7, nodes: 10000}}
stations:
  - {id: a, location: {place: new_town_centre}}
teams:
  - {id: t1, station: a, level: village, size: 10, capabilities: [water_rescue]}
incidents:
  - {type: water_rescue, rate: 1, zone_types: [village]}
plan:
  responses:
    water_rescue:
      minor: {needs: {water_rescue: 4}}
flood:
  synthetic: river_valley
  cell_size: 200 m
  inflows:
    - {name: wave, at: {place: river_upstream}, hydrograph: [[0, 300], [1 h, 3000]]}
  boundaries:
    - {edge: east, kind: free}
  duration: 2 h
  coupling_interval: 10 min
  rescue: {type: water_rescue, people_per_incident: 300}
horizon: 2 h
warmup: 0
replications: 2
)");
  const fs::path sweep = dir.write(
      "sweep.yaml", "base: base.yaml\nparameters:\n  size:\n    set: teams.t1.size\n    values: [4, 10]\n");
  const BatchPlan plan = sweep_plan(sweep.string());
  BatchRunner runner(plan, 2);
  const UnitResult a = runner.run(work_units(plan)[0]);
  const UnitResult b = runner.run(work_units(plan)[1]);
  CHECK(runner.cache().floods_run == 1);
  CHECK(runner.cache().floods_reused == 1);
  // The shared flood gives what a flood of its own would.
  BatchRunner alone(plan, 2);
  const UnitResult again = alone.run(work_units(plan)[1]);
  CHECK(alone.cache().floods_run == 1);
  REQUIRE(again.values.size() == b.values.size());
  for (std::size_t k = 0; k < b.values.size(); ++k)
    for (std::size_t r = 0; r < b.values[k].size(); ++r)
      CHECK(((std::isnan(b.values[k][r]) && std::isnan(again.values[k][r])) || b.values[k][r] == again.values[k][r]));
  (void)a;
}
