// SPDX-License-Identifier: MIT
#include "sim/placement/siting.hpp"

#include "sim/core/random.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/siting_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

using namespace dsim;
using dsim::testing::brute_force_best;
using dsim::testing::brute_force_lscp;
using dsim::testing::contains_all;
using dsim::testing::covers_all_coverable;
using dsim::testing::free_sites;

namespace {

CoverageMatrix random_instance(std::uint64_t seed, std::uint32_t sites, std::uint32_t demand, double density,
                               std::uint32_t fixed = 0) {
  return testing::random_instance("siting-test", seed, sites, demand, density, fixed);
}


// Heuristic against brute force on 12 candidates x 40 demand points, p = 1..4.
void compare_with_brute_force(const CoverageObjective& objective) {
  std::size_t cases = 0, equal = 0;
  for (std::uint64_t seed = 1; seed <= 15; ++seed) {
    const CoverageMatrix m = random_instance(seed, 12, 40, 0.15, seed % 3 == 0 ? 2 : 0);
    for (std::size_t p = 1; p <= 4; ++p) {
      const SitingResult r = solve_max_coverage(m, p, objective);
      const double best = brute_force_best(m, p, objective);
      INFO("seed " << seed << " p " << p);
      REQUIRE(r.new_sites.size() == p);
      REQUIRE(contains_all(r.sites, m.fixed_sites()));
      CHECK(r.objective == Approx(coverage_value(m, r.sites, objective)).epsilon(1e-12));
      CHECK(r.objective <= best * (1.0 + 1e-12));
      CHECK(r.objective >= 0.99 * best);
      CHECK(r.objective >= r.greedy_objective - 1e-9);
      ++cases;
      if (r.objective >= best * (1.0 - 1e-12)) ++equal;
    }
  }
  // "In most cases" the heuristic finds the optimum itself.
  CHECK(equal >= cases * 9 / 10);
}

}  // namespace

TEST_CASE("MCLP heuristic is within 1 % of brute force on small random instances, and mostly equal", "[placement]") {
  compare_with_brute_force(CoverageObjective::maximal_covering());
}

TEST_CASE("MEXCLP heuristic is within 1 % of brute force on small random instances, and mostly equal",
          "[placement]") {
  compare_with_brute_force(CoverageObjective::expected_covering(0.3));
}

TEST_CASE("Backup coverage heuristic is within 1 % of brute force on small random instances", "[placement]") {
  compare_with_brute_force(CoverageObjective::backup(0.5));
}

TEST_CASE("Interchange repairs the greedy choice on a hand-made MCLP instance", "[placement]") {
  // Site 0 covers points 0-3 (weight 1 each); site 1 covers 0, 1 and 4; site 2
  // covers 2, 3 and 5 (points 4, 5 weigh 1.5). Greedy takes 0 then 1 (5.5);
  // the optimum {1, 2} covers everything (7).
  const CoverageMatrix m({{0, 1, 2, 3}, {0, 1, 4}, {2, 3, 5}}, {1, 1, 1, 1, 1.5, 1.5});
  const SitingResult r = solve_mclp(m, 2);
  CHECK(r.greedy_objective == 5.5);
  CHECK(r.objective == 7.0);
  CHECK(r.objective == brute_force_best(m, 2, CoverageObjective::maximal_covering()));
  CHECK(r.new_sites == std::vector<std::uint32_t>{1, 2});
  CHECK(r.covered_weight == 7.0);
  CHECK(r.improvements == 1);

  SitingOptions greedy_only;
  greedy_only.local_search = false;
  CHECK(solve_mclp(m, 2, greedy_only).new_sites == std::vector<std::uint32_t>{0, 1});
}

TEST_CASE("MEXCLP values the k-th covering unit at w (1 - q) q^(k-1)", "[placement]") {
  const CoverageObjective o = CoverageObjective::expected_covering(0.5);
  CHECK(o.value(0) == 0.0);
  CHECK(o.value(1) == 0.5);
  CHECK(o.value(3) == 0.875);
  // One point of weight 10 that three sites cover, one of weight 1 that only site 3 covers.
  const CoverageMatrix m({{0}, {0}, {0}, {1}}, {10.0, 1.0});
  const SitingResult r = solve_mexclp(m, 2, 0.5);
  // A second unit on the heavy point adds 10 * 0.25 = 2.5 > 1 * 0.5.
  CHECK(r.objective == 7.5);
  CHECK(r.new_sites == std::vector<std::uint32_t>{0, 1});
  CHECK(r.covered_twice_weight == 10.0);
}

TEST_CASE("Backup coverage prefers covering a point twice when its weight says so", "[placement]") {
  // Point 0 (weight 10) is covered by sites 0 and 1; point 1 (weight 3) by site 2.
  const CoverageMatrix m({{0}, {0}, {1}}, {10.0, 3.0});
  CHECK(solve_backup_coverage(m, 2, 0.5).new_sites == std::vector<std::uint32_t>{0, 1});
  CHECK(solve_backup_coverage(m, 2, 0.9).new_sites == std::vector<std::uint32_t>{0, 2});
  CHECK(solve_backup_coverage(m, 2, 0.0).objective == 10.0);  // pure backup: weight covered twice
}

TEST_CASE("LSCP covers all coverable demand and no smaller set does on small random instances", "[placement]") {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    const CoverageMatrix m = random_instance(100 + seed, 12, 40, 0.15, seed % 4 == 0 ? 1 : 0);
    SitingOptions options;
    options.allow_uncoverable = true;
    const SitingResult r = solve_lscp(m, options);
    INFO("seed " << seed);
    CHECK(covers_all_coverable(m, r.new_sites));
    CHECK(contains_all(r.sites, m.fixed_sites()));
    CHECK(r.new_sites.size() == brute_force_lscp(m));
    CHECK(r.objective == static_cast<double>(r.new_sites.size()));
    CHECK(r.uncoverable_demand == m.uncoverable_demand());
  }
}

TEST_CASE("LSCP finds the two rows where greedy set cover takes three sets", "[placement]") {
  // Points 0-6 and 7-13 form two rows (sites 3 and 4). Site 0 takes four of
  // each row, site 1 two of each, site 2 one of each: greedy picks 0, 1, 2.
  const CoverageMatrix m({{0, 1, 2, 3, 7, 8, 9, 10}, {4, 5, 11, 12}, {6, 13}, {0, 1, 2, 3, 4, 5, 6},
                          {7, 8, 9, 10, 11, 12, 13}},
                         std::vector<double>(14, 1.0));
  const SitingResult r = solve_lscp(m);
  CHECK(r.greedy_objective == 3.0);
  CHECK(r.new_sites == std::vector<std::uint32_t>{3, 4});
  CHECK(brute_force_lscp(m) == 2);
}

TEST_CASE("LSCP needs no new site when the existing stations already cover everything", "[placement]") {
  const CoverageMatrix m({{0, 1}, {1, 2}, {0, 1, 2}}, {1, 1, 1}, {0, 1});
  const SitingResult r = solve_lscp(m);
  CHECK(r.new_sites.empty());
  CHECK(r.sites == std::vector<std::uint32_t>{0, 1});
  CHECK(r.covered_weight == 3.0);
}

TEST_CASE("LSCP on an infeasible instance names the demand no site reaches and the nearest time", "[placement]") {
  const CoverageMatrix m({{0}, {1}}, {1.0, 1.0, 2.0}, {}, {100.0, 200.0, 412.3}, {300.0, 300.0, 300.0},
                         {"a", "b", "school"});
  const auto e = testing::input_error_from([&] { solve_lscp(m); });
  CHECK(e.key() == "demand");
  CHECK_THAT(e.found(), Catch::Contains("1 demand point"));
  CHECK_THAT(e.found(), Catch::Contains("school: nearest site reaches it in 413 s, limit 300 s"));

  SitingOptions options;
  options.allow_uncoverable = true;
  const SitingResult r = solve_lscp(m, options);
  CHECK(r.new_sites == std::vector<std::uint32_t>{0, 1});
  CHECK(r.uncoverable_demand == std::vector<std::uint32_t>{2});
  CHECK(r.uncoverable_weight == 2.0);
}

TEST_CASE("Existing stations are in every answer and are never swapped out", "[placement]") {
  // The fixed site 2 covers nothing useful; the models must keep it anyway.
  const CoverageMatrix m({{0, 1}, {2}, {}, {0, 1, 2}}, {1, 1, 1}, {2});
  for (const SitingResult& r : {solve_mclp(m, 1), solve_mexclp(m, 2, 0.2), solve_backup_coverage(m, 3), solve_lscp(m)}) {
    CHECK(std::binary_search(r.sites.begin(), r.sites.end(), 2u));
    CHECK(std::find(r.new_sites.begin(), r.new_sites.end(), 2u) == r.new_sites.end());
  }
  CHECK(solve_mclp(m, 1).new_sites == std::vector<std::uint32_t>{3});
}

TEST_CASE("Asking for more new sites than free candidates is an input error", "[placement]") {
  const CoverageMatrix m({{0}, {1}, {0, 1}}, {1, 1}, {0});
  const auto e = testing::input_error_from([&] { solve_mclp(m, 3); });
  CHECK(e.key() == "new_sites");
  CHECK(e.found() == "3");
  CHECK_NOTHROW(solve_mclp(m, 2));
  CHECK(testing::input_error_from([] { CoverageObjective::expected_covering(1.0); }).key() == "busy_probability");
}

TEST_CASE("Siting answers are identical with 1 and 2 threads", "[placement]") {
  const CoverageMatrix m = random_instance(77, 300, 3000, 0.01, 5);
  SitingOptions one, two;
  one.threads = 1;
  two.threads = 2;
  one.perturbations = two.perturbations = 12;  // fewer rounds keep the test quick; the random choices still matter
  for (const CoverageObjective& o : {CoverageObjective::maximal_covering(), CoverageObjective::expected_covering(0.4),
                                     CoverageObjective::backup(0.3)}) {
    const SitingResult a = solve_max_coverage(m, 12, o, one);
    const SitingResult b = solve_max_coverage(m, 12, o, two);
    CHECK(a.new_sites == b.new_sites);
    CHECK(a.objective == b.objective);
    CHECK(a.objective >= a.greedy_objective);
  }
  one.allow_uncoverable = two.allow_uncoverable = true;
  CHECK(solve_lscp(m, one).new_sites == solve_lscp(m, two).new_sites);
}

TEST_CASE("Iterated local search never loses to multi-start alone and keeps the fixed sites", "[placement]") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const CoverageMatrix m = random_instance(seed, 80, 1500, 0.03, 3);
    for (std::size_t p : {6, 12}) {
      SitingOptions plain;
      plain.perturbations = 0;
      SitingOptions ils;  // the default rounds of perturbation
      REQUIRE(ils.perturbations > 0);
      const SitingResult a = solve_mclp(m, p, plain);
      const SitingResult b = solve_mclp(m, p, ils);
      CHECK(b.objective >= a.objective - 1e-9);
      CHECK(b.new_sites.size() == p);
      CHECK(contains_all(b.sites, m.fixed_sites()));
      CHECK(b.objective == Approx(coverage_value(m, b.sites, CoverageObjective::maximal_covering())));
    }
  }
}

TEST_CASE("MCLP still matches brute force when the existing stations already cover most of the demand",
          "[placement]") {
  // Points a fixed site covers add nothing to any answer, and the solver
  // leaves them (and the sites covering only them) out; the answer must not change.
  std::size_t cases = 0, equal = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const CoverageMatrix m = random_instance(seed, 20, 60, 0.15, 8);
    for (std::size_t p = 1; p <= 4; ++p) {
      const SitingResult r = solve_mclp(m, p);
      const double best = brute_force_best(m, p, CoverageObjective::maximal_covering());
      INFO("seed " << seed << " p " << p);
      REQUIRE(r.new_sites.size() == p);
      REQUIRE(contains_all(r.sites, m.fixed_sites()));
      CHECK(r.objective == Approx(coverage_value(m, r.sites, CoverageObjective::maximal_covering())).epsilon(1e-12));
      CHECK(r.covered_weight == Approx(r.objective).epsilon(1e-12));
      CHECK(r.total_weight == Approx(m.total_weight()));
      CHECK(r.objective <= best * (1.0 + 1e-12));
      CHECK(r.objective >= 0.99 * best);
      ++cases;
      if (r.objective >= best * (1.0 - 1e-12)) ++equal;
    }
  }
  CHECK(equal >= cases * 9 / 10);
}
