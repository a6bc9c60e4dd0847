// SPDX-License-Identifier: MIT
#include "sim/experiment/mmc_experiment.hpp"

#include <catch2/catch.hpp>

using namespace dsim;

namespace {

MmcSummary simulate(double lambda, double mu, int c, double horizon_s, std::size_t reps, int threads) {
  MmcParams p;
  p.arrival_rate_per_s = lambda;
  p.service_rate_per_s = mu;
  p.servers = c;
  p.warmup_s = horizon_s / 20.0;
  p.horizon_s = horizon_s;
  MmcRunOptions options;
  options.replications = reps;
  options.threads = threads;
  options.level = 0.99;
  return run_mmc(p, 20261130, options);
}

void require_erlang_c_within_99_ci(const MmcSummary& s) {
  INFO("P(wait) simulated " << s.probability_wait.mean << " ± " << s.probability_wait.half_width << ", exact "
                            << s.analytic.probability_wait);
  CHECK(s.probability_wait.contains(s.analytic.probability_wait));
  INFO("Wq simulated " << s.mean_wait_s.mean << " ± " << s.mean_wait_s.half_width << ", exact "
                       << s.analytic.mean_wait_s);
  CHECK(s.mean_wait_s.contains(s.analytic.mean_wait_s));
  CHECK(s.utilisation.contains(s.analytic.utilisation));
  // The intervals must be tight enough to mean something.
  CHECK(s.probability_wait.half_width < 0.05 * s.analytic.probability_wait);
  CHECK(s.mean_wait_s.half_width < 0.1 * s.analytic.mean_wait_s);
}

}  // namespace

TEST_CASE("M/M/c at moderate load reproduces Erlang C within the 99% interval", "[queueing][validation]") {
  // c = 2, rho = 0.75: P(wait) = 0.6429, Wq = 1.2857 s
  MmcSummary s = simulate(1.5, 1.0, 2, 20'000.0, 30, 2);
  REQUIRE(s.replications.size() == 30);
  require_erlang_c_within_99_ci(s);
}

TEST_CASE("M/M/c at heavy load reproduces Erlang C within the 99% interval", "[queueing][validation]") {
  // c = 5, rho = 0.9: P(wait) = 0.7625, Wq = 1.525 s
  MmcSummary s = simulate(4.5, 1.0, 5, 40'000.0, 30, 2);
  require_erlang_c_within_99_ci(s);
}

TEST_CASE("M/M/c results are bit-identical with one thread and with two", "[queueing][determinism]") {
  MmcSummary one = simulate(1.5, 1.0, 2, 2'000.0, 8, 1);
  MmcSummary two = simulate(1.5, 1.0, 2, 2'000.0, 8, 2);
  REQUIRE(one.replications.size() == two.replications.size());
  for (std::size_t r = 0; r < one.replications.size(); ++r) {
    const MmcReplication& a = one.replications[r];
    const MmcReplication& b = two.replications[r];
    REQUIRE(a.customers == b.customers);
    REQUIRE(a.events == b.events);
    REQUIRE(a.mean_wait_s == b.mean_wait_s);
    REQUIRE(a.probability_wait == b.probability_wait);
    REQUIRE(a.utilisation == b.utilisation);
    REQUIRE(a.p90_wait_s == b.p90_wait_s);
  }
  REQUIRE(one.mean_wait_s.mean == two.mean_wait_s.mean);
  REQUIRE(one.mean_wait_s.half_width == two.mean_wait_s.half_width);
}

TEST_CASE("M/M/c replications differ from one another and depend on the seed", "[queueing]") {
  MmcSummary s = simulate(1.5, 1.0, 2, 2'000.0, 3, 1);
  CHECK(s.replications[0].mean_wait_s != s.replications[1].mean_wait_s);
  MmcParams p = s.params;
  CHECK(simulate_mmc(p, 1, 0).mean_wait_s != simulate_mmc(p, 2, 0).mean_wait_s);
}

TEST_CASE("M/M/c with an idle system never makes anyone wait", "[queueing]") {
  // Far more servers than could ever be busy at once.
  MmcSummary s = simulate(0.01, 1.0, 50, 2'000.0, 2, 1);
  CHECK(s.mean_wait_s.mean == 0.0);
  CHECK(s.probability_wait.mean == 0.0);
}
