// SPDX-License-Identifier: MIT
#include "sim/core/statistics.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace dsim;

TEST_CASE("RunningStats equals the two-pass mean and variance", "[core]") {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> dist(1e6, 3.0);  // large offset: the naive formula would lose digits
  std::vector<double> xs;
  RunningStats s;
  for (int i = 0; i < 1000; ++i) {
    xs.push_back(dist(rng));
    s.add(xs.back());
  }
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= xs.size();
  double var = 0;
  for (double x : xs) var += (x - mean) * (x - mean);
  var /= (xs.size() - 1);
  CHECK(s.mean() == Approx(mean).epsilon(1e-12));
  CHECK(s.variance() == Approx(var).epsilon(1e-9));
  CHECK(s.count() == 1000);
}

TEST_CASE("RunningStats merged halves equal one pass", "[core]") {
  RunningStats all, a, b;
  for (int i = 0; i < 100; ++i) {
    double x = std::sin(i) * 10 + i;
    all.add(x);
    (i < 37 ? a : b).add(x);
  }
  a.merge(b);
  CHECK(a.count() == all.count());
  CHECK(a.mean() == Approx(all.mean()).epsilon(1e-12));
  CHECK(a.variance() == Approx(all.variance()).epsilon(1e-12));
  CHECK(a.min() == all.min());
  CHECK(a.max() == all.max());
}

TEST_CASE("Student t quantiles match published table values", "[core]") {
  CHECK(student_t_quantile(0.975, 9) == Approx(2.262157).epsilon(1e-6));
  CHECK(student_t_quantile(0.995, 19) == Approx(2.860935).epsilon(1e-6));
  CHECK(student_t_quantile(0.95, 1) == Approx(6.313752).epsilon(1e-6));
}

TEST_CASE("t confidence interval has the textbook half width", "[core]") {
  std::vector<double> xs = {2, 4, 4, 4, 5, 5, 7, 9};
  ConfidenceInterval ci = t_confidence_interval(xs, 0.95);
  // mean 5, sample sd sqrt(32/7), t(0.975, 7) = 2.364624
  CHECK(ci.mean == Approx(5.0));
  CHECK(ci.half_width == Approx(2.364624 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0)).epsilon(1e-6));
  CHECK(ci.contains(5.0));
  CHECK_FALSE(ci.contains(9.0));
}

TEST_CASE("quantile interpolates like numpy's default", "[core]") {
  std::vector<double> xs = {4, 1, 3, 2};
  CHECK(quantile(xs, 0.25) == Approx(1.75));
  CHECK(quantile(xs, 0.5) == Approx(2.5));
  CHECK(quantile(xs, 1.0) == 4.0);
  CHECK(quantile(xs, 0.0) == 1.0);
  CHECK(std::isnan(quantile(std::vector<double>{}, 0.5)));
}

TEST_CASE("TimeAverage weights each value by how long it held", "[core]") {
  TimeAverage busy(0.0, 0.0);
  busy.set(2.0, 1.0);  // 0 on [0, 2)
  busy.set(5.0, 3.0);  // 1 on [2, 5)
  CHECK(busy.average(10.0) == Approx((0 * 2 + 1 * 3 + 3 * 5) / 10.0));
  busy.restart(10.0);
  busy.set(12.0, 0.0);
  CHECK(busy.average(14.0) == Approx((3 * 2 + 0 * 2) / 4.0));
}

TEST_CASE("Student t distribution function and two-sided p match scipy", "[core][paired]") {
  // scipy.stats.t.cdf(t, df) and 2 * scipy.stats.t.sf(abs(t), df)
  CHECK(student_t_cdf(2.0, 5) == Approx(0.9490302605850708).epsilon(1e-12));
  CHECK(student_t_two_sided_p(2.0, 5) == Approx(0.10193947882985835).epsilon(1e-12));
  CHECK(student_t_cdf(-1.3, 12.5) == Approx(0.10853100531714449).epsilon(1e-12));
  CHECK(student_t_two_sided_p(-1.3, 12.5) == Approx(0.21706201063428898).epsilon(1e-12));
  CHECK(student_t_cdf(0.0, 3) == 0.5);
  CHECK(student_t_two_sided_p(0.0, 3) == 1.0);
  CHECK(student_t_two_sided_p(4.5, 30) == Approx(9.519359392112443e-05).epsilon(1e-10));
  CHECK(student_t_cdf(-10.0, 4) == Approx(0.0002810018113579955).epsilon(1e-10));
  CHECK(student_t_cdf(std::numeric_limits<double>::infinity(), 4) == 1.0);
  CHECK(student_t_two_sided_p(-std::numeric_limits<double>::infinity(), 4) == 0.0);
}
