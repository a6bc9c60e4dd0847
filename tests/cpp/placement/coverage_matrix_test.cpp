// SPDX-License-Identifier: MIT
#include "sim/placement/coverage_matrix.hpp"

#include "sim/core/random.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/network_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace dsim;

namespace {

std::vector<std::uint32_t> as_vector(std::span<const std::uint32_t> s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("CoverageMatrix built from lists holds both directions, sorted and without duplicates", "[placement]") {
  // Site 0 covers 2, 0, 2; site 1 covers 1 and 2; site 2 covers nothing; point 3 is uncoverable.
  const CoverageMatrix m({{2, 0, 2}, {1, 2}, {}}, {1.0, 2.0, 3.0, 4.0}, {1});
  REQUIRE(m.site_count() == 3);
  REQUIRE(m.demand_count() == 4);
  REQUIRE(m.nonzero_count() == 4);
  CHECK(as_vector(m.covered_by(0)) == std::vector<std::uint32_t>{0, 2});
  CHECK(as_vector(m.covered_by(2)).empty());
  CHECK(as_vector(m.covering(2)) == std::vector<std::uint32_t>{0, 1});
  CHECK(as_vector(m.covering(1)) == std::vector<std::uint32_t>{1});
  CHECK(m.total_weight() == 10.0);
  CHECK(m.is_fixed(1));
  CHECK_FALSE(m.is_fixed(0));
  CHECK(m.free_site_count() == 2);
  CHECK(m.uncoverable_demand() == std::vector<std::uint32_t>{3});
  CHECK(m.uncoverable_weight() == 4.0);
  CHECK(m.label(3) == "demand point 3");
}

TEST_CASE("CoverageMatrix rejects a negative weight and a demand index out of range", "[placement]") {
  auto e = testing::input_error_from([] { CoverageMatrix({{0}}, {-1.0}); });
  CHECK(e.key() == "demand[0].weight");
  e = testing::input_error_from([] { CoverageMatrix({{0, 5}}, {1.0, 1.0}); });
  CHECK(e.key() == "sites[0].covers");
  e = testing::input_error_from([] { CoverageMatrix({{0}}, {1.0}, {3}); });
  CHECK(e.key() == "fixed");
}

TEST_CASE("A coverage matrix built from a road network agrees with Router travel times", "[placement]") {
  const RoadNetwork net = build_road_network(testing::make_random_network(7, 7, 11));
  const auto n = static_cast<std::uint32_t>(net.node_count());
  RandomStream rng(5, 0, "coverage-matrix-test");
  std::vector<CandidateSite> sites;
  for (std::uint32_t v = 0; v < n; v += 4) sites.push_back({NodeId{v}, rng.uniform(0.0, 60.0), v % 8 == 0});
  std::vector<DemandPoint> demand;
  // Two demand classes: 60 s and 120 s.
  for (std::uint32_t v = 0; v < n; ++v) demand.push_back({NodeId{v}, 1.0 + v % 3, v % 2 ? 60.0 : 120.0});
  // One point beyond anyone's reach in time.
  demand.push_back({NodeId{n / 2}, 1.0, 0.5});

  CoverageBuildOptions one;
  one.threads = 1;
  const CoverageMatrix m = build_coverage_matrix(net, sites, demand, one);
  REQUIRE(m.site_count() == sites.size());
  REQUIRE(m.demand_count() == demand.size());

  Router router(net);
  std::size_t covered_pairs = 0;
  std::vector<double> nearest(demand.size(), kUnreachable);
  for (std::uint32_t s = 0; s < sites.size(); ++s) {
    const Reached r = router.travel_times_from(sites[s].node).everywhere();
    const auto cov = m.covered_by(s);
    for (std::uint32_t d = 0; d < demand.size(); ++d) {
      const double reach_s = sites[s].turnout_s + r.time_s(demand[d].node);
      nearest[d] = std::min(nearest[d], reach_s);
      const bool expect = reach_s <= demand[d].limit_s;
      INFO("site " << s << " demand " << d << " reach " << reach_s);
      CHECK(std::binary_search(cov.begin(), cov.end(), d) == expect);
      covered_pairs += expect ? 1 : 0;
    }
  }
  CHECK(covered_pairs == m.nonzero_count());
  CHECK(covered_pairs > 0);
  for (std::uint32_t d = 0; d < demand.size(); ++d) CHECK(m.nearest_reach_s(d) == Approx(nearest[d]));
  CHECK_FALSE(m.coverable(static_cast<std::uint32_t>(demand.size() - 1)));
  for (std::uint32_t s = 0; s < sites.size(); ++s) CHECK(m.is_fixed(s) == sites[s].fixed);

  CoverageBuildOptions two;
  two.threads = 2;
  const CoverageMatrix m2 = build_coverage_matrix(net, sites, demand, two);
  for (std::uint32_t s = 0; s < sites.size(); ++s) CHECK(as_vector(m2.covered_by(s)) == as_vector(m.covered_by(s)));
}

TEST_CASE("build_coverage_matrix names a node outside the network and a bad limit", "[placement]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 3));
  const std::vector<CandidateSite> bad_site = {{NodeId{0}}, {NodeId{99}}};
  const std::vector<DemandPoint> demand = {{NodeId{1}}};
  auto e = testing::input_error_from([&] { build_coverage_matrix(net, bad_site, demand); });
  CHECK(e.key() == "sites[1].node");
  const std::vector<CandidateSite> sites = {{NodeId{0}}};
  const std::vector<DemandPoint> bad_limit = {{NodeId{1}, 1.0, 0.0}};
  e = testing::input_error_from([&] { build_coverage_matrix(net, sites, bad_limit); });
  CHECK(e.key() == "demand[0].limit_s");
}
