// SPDX-License-Identifier: MIT
#include "sim/core/random.hpp"

#include <catch2/catch.hpp>

#include <Random123/philox.h>

#include <cmath>
#include <vector>

using dsim::RandomStream;

TEST_CASE("Philox4x64-10 matches the Random123 known-answer vector", "[core]") {
  r123::Philox4x64::ctr_type ctr{{0, 0, 0, 0}};
  r123::Philox4x64::key_type key{{0, 0}};
  auto out = r123::Philox4x64{}(ctr, key);
  CHECK(out.v[0] == 0x16554d9eca36314cull);
  CHECK(out.v[1] == 0xdb20fe9d672d0fdcull);
  CHECK(out.v[2] == 0xd7e772cee186176bull);
  CHECK(out.v[3] == 0x7e68b68aec7ba23bull);
}

TEST_CASE("RandomStream gives the same numbers for the same key", "[core]") {
  RandomStream a(42, 3, "arrivals"), b(42, 3, "arrivals");
  for (int i = 0; i < 1000; ++i) REQUIRE(a.next_u64() == b.next_u64());
}

TEST_CASE("RandomStream differs by seed, replication and stream name", "[core]") {
  RandomStream base(42, 3, "arrivals");
  RandomStream other_seed(43, 3, "arrivals"), other_rep(42, 4, "arrivals"), other_name(42, 3, "service");
  const auto x = base.next_u64();
  CHECK(x != other_seed.next_u64());
  CHECK(x != other_rep.next_u64());
  CHECK(x != other_name.next_u64());
}

TEST_CASE("RandomStream draws do not depend on draws from other streams", "[core]") {
  RandomStream alone(9, 0, "service");
  std::vector<double> expected;
  for (int i = 0; i < 100; ++i) expected.push_back(alone.uniform());
  RandomStream interleaved(9, 0, "service"), noise(9, 0, "arrivals");
  for (int i = 0; i < 100; ++i) {
    noise.exponential(3.0);
    REQUIRE(interleaved.uniform() == expected[static_cast<std::size_t>(i)]);
  }
}

TEST_CASE("RandomStream distributions have the right moments", "[core]") {
  RandomStream s(1, 0, "moments");
  const int n = 200'000;
  double su = 0, se = 0, sn = 0, sn2 = 0;
  for (int i = 0; i < n; ++i) {
    double u = s.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    su += u;
    se += s.exponential(2.5);
    double z = s.normal(1.0, 3.0);
    sn += z;
    sn2 += z * z;
  }
  // Tolerances are about five standard errors.
  CHECK(su / n == Approx(0.5).margin(5 * std::sqrt(1.0 / 12 / n)));
  CHECK(se / n == Approx(2.5).margin(5 * 2.5 / std::sqrt(n)));
  const double mean = sn / n;
  CHECK(mean == Approx(1.0).margin(5 * 3.0 / std::sqrt(n)));
  CHECK(std::sqrt(sn2 / n - mean * mean) == Approx(3.0).margin(0.05));
}

TEST_CASE("RandomStream::below is uniform over its range", "[core]") {
  RandomStream s(2, 0, "below");
  std::vector<int> counts(7, 0);
  const int n = 70'000;
  for (int i = 0; i < n; ++i) {
    auto k = s.below(7);
    REQUIRE(k < 7);
    ++counts[k];
  }
  double chi2 = 0;
  for (int c : counts) chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
  CHECK(chi2 < 22.46);  // chi-square, 6 degrees of freedom, p = 0.001
}

TEST_CASE("RandomStream lognormal has the requested mean and spread", "[core]") {
  RandomStream s(3, 0, "lognormal");
  const int n = 200'000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    double x = s.lognormal(60.0, 20.0);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  CHECK(mean == Approx(60.0).margin(0.5));
  CHECK(std::sqrt(sum2 / n - mean * mean) == Approx(20.0).margin(0.5));
}
