// SPDX-License-Identifier: MIT
#include "sim/placement/exact_siting.hpp"
#include "tests/cpp/support/siting_fixtures.hpp"

#include "sim/core/random.hpp"
#include "tests/cpp/support/input_error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
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
  return testing::random_instance("exact-siting-test", seed, sites, demand, density, fixed);
}


struct ModelCase {
  PlacementModel model;
  CoverageObjective objective;
};

std::vector<ModelCase> maximal_models() {
  return {{PlacementModel::mclp, CoverageObjective::maximal_covering()},
          {PlacementModel::backup, CoverageObjective::backup(0.5)},
          // theta < 0.5: increments grow, so the ordered integer y path is used.
          {PlacementModel::backup, CoverageObjective::backup(0.2)},
          {PlacementModel::mexclp, CoverageObjective::expected_covering(0.3)}};
}

// The models whose y variables may stay continuous (everything but backup
// with theta < 0.5, which is much slower to prove and only checked small).
std::vector<ModelCase> diminishing_models() {
  return {{PlacementModel::mclp, CoverageObjective::maximal_covering()},
          {PlacementModel::backup, CoverageObjective::backup(0.5)},
          {PlacementModel::mexclp, CoverageObjective::expected_covering(0.3)}};
}

}  // namespace

TEST_CASE("Exact MCLP, backup and MEXCLP equal brute-force enumeration on small random instances",
          "[placement][exact]") {
  for (const ModelCase& mc : maximal_models())
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
      const CoverageMatrix m = random_instance(seed, 11, 40, 0.15, seed % 3 == 0 ? 2 : 0);
      for (std::size_t p = 0; p <= 4; ++p) {
        INFO(placement_model_name(mc.model) << " seed " << seed << " p " << p);
        const ExactResult r = solve_exact(m, mc.model, p, mc.objective);
        REQUIRE(r.has_solution);
        CHECK(r.proven_optimal);
        CHECK(r.new_sites.size() == p);
        CHECK(contains_all(r.sites, m.fixed_sites()));
        CHECK(r.objective == Approx(brute_force_best(m, p, mc.objective)).epsilon(1e-12));
        CHECK(r.bound == Approx(r.objective).epsilon(1e-9));
      }
    }
}

TEST_CASE("Exact LSCP covers all coverable demand with the brute-force minimum of new sites", "[placement][exact]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const CoverageMatrix m = random_instance(200 + seed, 12, 40, 0.15, seed % 4 == 0 ? 1 : 0);
    ExactOptions options;
    options.allow_uncoverable = true;
    const ExactResult r = solve_exact_lscp(m, options);
    INFO("seed " << seed);
    REQUIRE(r.has_solution);
    CHECK(r.proven_optimal);
    CHECK(covers_all_coverable(m, r.new_sites));
    CHECK(contains_all(r.sites, m.fixed_sites()));
    CHECK(r.new_sites.size() == brute_force_lscp(m));
    CHECK(r.objective == static_cast<double>(r.new_sites.size()));
    CHECK(r.bound == r.objective);
    CHECK(r.uncoverable_demand == m.uncoverable_demand());
  }
}

TEST_CASE("On generated instances the exact optimum is at least the heuristic's and within 1 % of it",
          "[placement][exact]") {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const CoverageMatrix m = random_instance(500 + seed, 50, 1200, 0.03, 3);
    for (const ModelCase& mc : diminishing_models())
      for (std::size_t p : {4, 8}) {
        INFO(placement_model_name(mc.model) << " seed " << seed << " p " << p);
        const SitingResult h = solve_max_coverage(m, p, mc.objective);
        const ExactResult e = solve_exact(m, mc.model, p, mc.objective);
        REQUIRE(e.has_solution);
        CHECK(e.proven_optimal);
        CHECK(contains_all(e.sites, m.fixed_sites()));
        CHECK(e.objective >= h.objective - 1e-9 * m.total_weight());
        CHECK(h.objective >= 0.99 * e.objective);
      }
    SitingOptions so;
    so.allow_uncoverable = true;
    ExactOptions eo;
    eo.allow_uncoverable = true;
    const SitingResult h = solve_lscp(m, so);
    const ExactResult e = solve_exact_lscp(m, eo);
    REQUIRE(e.has_solution);
    CHECK(e.proven_optimal);
    CHECK(covers_all_coverable(m, e.new_sites));
    CHECK(e.objective <= h.objective);
  }
}

TEST_CASE("Exact answers keep the existing stations, even useless ones", "[placement][exact]") {
  const CoverageMatrix m({{0, 1}, {2}, {}, {0, 1, 2}}, {1, 1, 1}, {2});
  for (const ModelCase& mc : maximal_models()) {
    const ExactResult r = solve_exact(m, mc.model, 1, mc.objective);
    CHECK(std::binary_search(r.sites.begin(), r.sites.end(), 2u));
    CHECK(r.new_sites == std::vector<std::uint32_t>{3});
  }
  const ExactResult l = solve_exact_lscp(m);
  CHECK(l.new_sites == std::vector<std::uint32_t>{3});
  CHECK(l.sites == std::vector<std::uint32_t>{2, 3});
  // Fixed sites already covering everything: no new site.
  const ExactResult none = solve_exact_lscp(CoverageMatrix({{0, 1}, {1, 2}, {0, 1, 2}}, {1, 1, 1}, {0, 1}));
  CHECK(none.new_sites.empty());
  CHECK(none.objective == 0.0);
  CHECK(none.proven_optimal);
}

TEST_CASE("The gap report bounds the heuristic from the right side", "[placement][exact]") {
  const CoverageMatrix m = random_instance(900, 60, 1500, 0.03, 2);
  for (const ModelCase& mc : diminishing_models()) {
    INFO(placement_model_name(mc.model));
    SitingOptions greedy_only;
    greedy_only.local_search = false;
    const SitingResult h = solve_max_coverage(m, 8, mc.objective, greedy_only);
    const GapReport g = optimality_gap(m, mc.model, 8, mc.objective, h);
    CHECK(g.source == BoundSource::optimal);
    CHECK(g.heuristic_objective == Approx(h.objective).epsilon(1e-12));
    CHECK(g.bound >= g.exact_objective);
    CHECK(g.exact_objective >= g.heuristic_objective - 1e-9);
    CHECK(g.relative_gap == Approx((g.bound - g.heuristic_objective) / g.bound).margin(1e-12));
    CHECK(g.relative_gap >= 0.0);
    CHECK(g.heuristic_optimal == (g.relative_gap <= 1e-9));

    ExactOptions lp;
    lp.lp_relaxation_only = true;
    const GapReport r = optimality_gap(m, mc.model, 8, mc.objective, h, lp);
    CHECK(r.source == BoundSource::linear_relaxation);
    CHECK(std::isnan(r.exact_objective));
    CHECK(r.bound >= g.exact_objective - 1e-6);  // the relaxation is never below the optimum
    CHECK(r.relative_gap >= g.relative_gap - 1e-9);
  }
  SitingOptions so;
  so.allow_uncoverable = true;
  ExactOptions eo;
  eo.allow_uncoverable = true;
  const SitingResult h = solve_lscp(m, so);
  const GapReport g = optimality_gap(m, PlacementModel::lscp, 0, CoverageObjective::maximal_covering(), h, eo);
  CHECK(g.bound <= g.heuristic_objective);
  CHECK(g.bound == g.exact_objective);
  CHECK(g.relative_gap == Approx((g.heuristic_objective - g.bound) / g.heuristic_objective).margin(1e-12));
  eo.lp_relaxation_only = true;
  const GapReport lp = optimality_gap(m, PlacementModel::lscp, 0, CoverageObjective::maximal_covering(), h, eo);
  CHECK(lp.bound <= g.exact_objective);
}

TEST_CASE("A stop at the time limit still returns a consistent answer and bound", "[placement][exact]") {
  const CoverageMatrix m = random_instance(31, 150, 4000, 0.02);
  ExactOptions o;
  o.time_limit_s = 0.01;
  const ExactResult r = solve_exact(m, PlacementModel::mexclp, 15, CoverageObjective::expected_covering(0.4), o);
  REQUIRE(!std::isnan(r.bound));
  if (r.has_solution) {
    CHECK(r.new_sites.size() == 15);
    CHECK(r.bound >= r.objective);
  }
}

TEST_CASE("Exact siting rejects an objective of another model, too many sites and uncoverable LSCP demand",
          "[placement][exact]") {
  const CoverageMatrix m({{0}, {1}}, {1.0, 1.0, 2.0});
  CHECK(testing::input_error_from([&] {
          solve_exact(m, PlacementModel::mclp, 1, CoverageObjective::expected_covering(0.3));
        }).key() == "objective");
  CHECK(testing::input_error_from([&] { solve_exact_mclp(m, 3); }).key() == "new_sites");
  CHECK(testing::input_error_from([&] { solve_exact_lscp(m); }).key() == "demand");
  ExactOptions o;
  o.allow_uncoverable = true;
  const ExactResult r = solve_exact_lscp(m, o);
  CHECK(r.new_sites == std::vector<std::uint32_t>{0, 1});
  CHECK(r.uncoverable_demand == std::vector<std::uint32_t>{2});
}
