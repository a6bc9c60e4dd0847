// SPDX-License-Identifier: MIT
#include "sim/queueing/erlang.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace dsim;

namespace {

// Erlang C straight from its definition, summing the Poisson terms.
double erlang_c_by_sum(int c, double a) {
  double term = 1.0, sum = 0.0;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double last = term * c / (c - a);  // a^c / c! * c / (c - a)
  return last / (sum + last);
}

}  // namespace

TEST_CASE("Erlang B and C match hand-computed values", "[queueing]") {
  CHECK(erlang_b(1, 1.0) == Approx(0.5));
  CHECK(erlang_b(2, 1.0) == Approx(0.2));
  CHECK(erlang_c(2, 1.0) == Approx(1.0 / 3.0));
  CHECK(erlang_c(1, 0.5) == Approx(0.5));  // M/M/1: P(wait) = rho
}

TEST_CASE("Erlang C recursion equals the direct sum over many loads", "[queueing]") {
  for (int c : {1, 2, 5, 10, 40}) {
    for (double rho : {0.1, 0.5, 0.9, 0.99}) {
      const double a = rho * c;
      CHECK(erlang_c(c, a) == Approx(erlang_c_by_sum(c, a)).epsilon(1e-10));
    }
  }
}

TEST_CASE("M/M/c analytic measures satisfy Little's law", "[queueing]") {
  MmcAnalytic m = mmc_analytic(4.5, 1.0, 5);
  CHECK(m.utilisation == Approx(0.9));
  CHECK(m.mean_queue_length == Approx(4.5 * m.mean_wait_s));
  CHECK(m.mean_wait_s == Approx(m.probability_wait / (5.0 - 4.5)));
  REQUIRE_THROWS_AS(mmc_analytic(5.0, 1.0, 5), std::invalid_argument);
}
