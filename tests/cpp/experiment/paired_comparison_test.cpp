// SPDX-License-Identifier: MIT
#include "sim/experiment/paired_comparison.hpp"

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace dsim;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Ten replications of three plans; the reference values below come from
// scipy 1.17 with
//   base = np.array([12.1, 14.3, 11.8, 15.2, 13.7, 12.9, 16.1, 14.8, 13.3, 12.5])
//   arm  = np.array([11.6, 13.9, 11.5, 14.6, 13.5, 12.2, 15.8, 14.1, 13.0, 12.3])
//   arm2 = np.array([12.4, 14.6, 12.3, 15.3, 14.2, 13.0, 16.5, 15.0, 13.9, 12.6])
const std::vector<double> kBase = {12.1, 14.3, 11.8, 15.2, 13.7, 12.9, 16.1, 14.8, 13.3, 12.5};
const std::vector<double> kArm = {11.6, 13.9, 11.5, 14.6, 13.5, 12.2, 15.8, 14.1, 13.0, 12.3};
const std::vector<double> kArm2 = {12.4, 14.6, 12.3, 15.3, 14.2, 13.0, 16.5, 15.0, 13.9, 12.6};

// Mean waiting time of 200 customers at one server (Lindley's recursion),
// arrivals every 1 s on average; the service streams are keyed by (seed,
// replication, name) as in the simulator, so that two plans differing only in
// `service_mean_s` see the same customers.
double mean_wait_s(std::uint64_t replication, double service_mean_s) {
  RandomStream arrivals(7, replication, "arrivals");
  RandomStream services(7, replication, "services");
  double wait_s = 0.0, total_s = 0.0;
  for (int i = 0; i < 200; ++i) {
    total_s += wait_s;
    const double service_s = services.exponential(service_mean_s);
    const double gap_s = arrivals.exponential(1.0);
    wait_s = std::max(0.0, wait_s + service_s - gap_s);
  }
  return total_s / 200.0;
}

}  // namespace

TEST_CASE("paired difference equals scipy's paired t-test", "[paired]") {
  // r = scipy.stats.ttest_rel(arm, base); r.confidence_interval(0.95)
  const PairedDifference d = paired_difference(kBase, kArm, 0.95);
  CHECK(d.pairs_used == 10);
  CHECK(d.pairs_skipped == 0);
  CHECK(d.base_mean == Approx(13.67));
  CHECK(d.arm_mean == Approx(13.25));
  CHECK(d.difference.mean == Approx(-0.42000000000000026).epsilon(1e-12));
  CHECK(d.t_statistic == Approx(-6.873863542433752).epsilon(1e-10));
  CHECK(d.p_value == Approx(7.276292431292555e-05).epsilon(1e-8));
  CHECK(d.difference.lower() == Approx(-0.558220085765458).epsilon(1e-10));
  CHECK(d.difference.upper() == Approx(-0.2817799142345425).epsilon(1e-10));
  CHECK(d.difference.level == 0.95);
}

TEST_CASE("paired difference skips and counts pairs with a NaN", "[paired]") {
  std::vector<double> base = kBase, arm = kArm;
  base.push_back(kNaN);
  arm.push_back(20.0);
  base.push_back(13.0);
  arm.push_back(kNaN);
  const PairedDifference d = paired_difference(base, arm, 0.95);
  CHECK(d.pairs_used == 10);
  CHECK(d.pairs_skipped == 2);
  CHECK(d.p_value == Approx(7.276292431292555e-05).epsilon(1e-8));
  CHECK(d.base_mean == Approx(13.67));
}

TEST_CASE("a plan identical to the base differs by exactly zero, with p = 1", "[paired]") {
  std::vector<double> base, arm;
  for (std::uint64_t r = 0; r < 20; ++r) {
    base.push_back(mean_wait_s(r, 0.8));
    arm.push_back(mean_wait_s(r, 0.8));
  }
  const PairedDifference d = paired_difference(base, arm, 0.95);
  CHECK(d.difference.mean == 0.0);
  CHECK(d.difference.lower() == 0.0);
  CHECK(d.difference.upper() == 0.0);
  CHECK(d.p_value == 1.0);
  CHECK(d.t_statistic == 0.0);
}

TEST_CASE("a constant non-zero difference has a zero-width interval and p = 0", "[paired]") {
  // Exactly representable values, so that every difference is exactly 2.
  const std::vector<double> base = {1.0, 2.0, 4.0, 8.0};
  const std::vector<double> shifted = {3.0, 4.0, 6.0, 10.0};
  const PairedDifference d = paired_difference(base, shifted, 0.95);
  CHECK(d.difference.mean == 2.0);
  CHECK(d.difference.half_width == 0.0);
  CHECK(d.p_value == 0.0);
}

TEST_CASE("fewer than two pairs give an infinite interval and no p-value", "[paired]") {
  const std::vector<double> base = {1.0, kNaN};
  const std::vector<double> arm = {2.0, 3.0};
  const PairedDifference d = paired_difference(base, arm, 0.95);
  CHECK(d.pairs_used == 1);
  CHECK(std::isinf(d.difference.half_width));
  CHECK(std::isnan(d.p_value));
  CHECK_THROWS_AS(paired_difference(base, std::vector<double>{1.0}, 0.95), std::invalid_argument);
}

TEST_CASE("Welch's unpaired interval equals scipy's", "[paired]") {
  // w = scipy.stats.ttest_ind(arm, base, equal_var=False); w.confidence_interval(0.95)
  // (Welch-Satterthwaite df = 17.994889424405883)
  const ConfidenceInterval ci = unpaired_difference(kBase, kArm, 0.95);
  CHECK(ci.mean == Approx(-0.42).epsilon(1e-12));
  CHECK(ci.lower() == Approx(-1.7370143129769844).epsilon(1e-10));
  CHECK(ci.upper() == Approx(0.8970143129769881).epsilon(1e-10));
  CHECK(ci.count == 20);
}

TEST_CASE("under common random numbers the paired interval is narrower than the unpaired one", "[paired]") {
  // Plan B serves 10% faster; both plans see the same arrivals and work.
  std::vector<double> base, arm;
  for (std::uint64_t r = 0; r < 30; ++r) {
    base.push_back(mean_wait_s(r, 0.8));
    arm.push_back(mean_wait_s(r, 0.72));
  }
  const PairedDifference paired = paired_difference(base, arm, 0.95);
  const ConfidenceInterval unpaired = unpaired_difference(base, arm, 0.95);
  INFO("paired half width " << paired.difference.half_width << ", unpaired " << unpaired.half_width);
  CHECK(paired.difference.mean == Approx(unpaired.mean).epsilon(1e-12));
  CHECK(paired.difference.mean < 0.0);
  CHECK(paired.difference.half_width < 0.5 * unpaired.half_width);
  CHECK(paired.difference.upper() < 0.0);  // faster service shortens waits, and the paired test sees it
}

TEST_CASE("Holm adjustment matches the step-down computed by hand", "[paired]") {
  // Sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> max(0.06, 0.04) = 0.06.
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005};
  const std::vector<double> holm = holm_adjust(p);
  REQUIRE(holm.size() == 4);
  CHECK(holm[0] == Approx(0.03));
  CHECK(holm[1] == Approx(0.06));
  CHECK(holm[2] == Approx(0.06));
  CHECK(holm[3] == Approx(0.02));
  // Capped at 1, NaN kept and not counted: m = 2 here.
  const std::vector<double> q = {0.7, kNaN, 0.2};
  const std::vector<double> holm_q = holm_adjust(q);
  CHECK(holm_q[0] == 0.7);
  CHECK(std::isnan(holm_q[1]));
  CHECK(holm_q[2] == Approx(0.4));
  CHECK(holm_adjust(std::vector<double>{0.6, 0.9})[0] == 1.0);
}

TEST_CASE("Bonferroni level splits the error over the comparisons", "[paired]") {
  CHECK(bonferroni_level(0.95, 1) == 0.95);
  CHECK(bonferroni_level(0.95, 2) == Approx(0.975));
  CHECK(bonferroni_level(0.9, 4) == Approx(0.975));
}

TEST_CASE("compare_plans gives Bonferroni intervals and Holm p-values", "[paired]") {
  const std::vector<std::vector<double>> plans = {kBase, kArm, kArm2};
  const PlanComparison c = compare_plans(plans, 0.95, MultipleComparisonCorrection::holm_bonferroni);
  CHECK(c.correction == "holm-bonferroni");
  CHECK(c.interval_level == Approx(0.975));
  REQUIRE(c.arms.size() == 2);
  CHECK(c.arms[0].plan == 1);
  CHECK(c.arms[1].plan == 2);
  // scipy.stats.ttest_rel(arm, base).confidence_interval(0.975), and the same for arm2
  CHECK(c.arms[0].difference.difference.lower() == Approx(-0.5840568726308524).epsilon(1e-10));
  CHECK(c.arms[0].difference.difference.upper() == Approx(-0.25594312736914804).epsilon(1e-10));
  CHECK(c.arms[1].difference.difference.lower() == Approx(0.1526727217448959).epsilon(1e-10));
  CHECK(c.arms[1].difference.difference.upper() == Approx(0.4673272782551038).epsilon(1e-10));
  // ttest_rel p: arm 7.276292431292555e-05, arm2 0.0005000454495038529; Holm: 2 * smaller, then max(1 * larger, previous)
  CHECK(c.arms[0].difference.p_value == Approx(7.276292431292555e-05).epsilon(1e-8));
  CHECK(c.arms[0].p_adjusted == Approx(2 * 7.276292431292555e-05).epsilon(1e-8));
  CHECK(c.arms[1].p_adjusted == Approx(0.0005000454495038529).epsilon(1e-8));

  const PlanComparison raw = compare_plans(plans, 0.95, MultipleComparisonCorrection::none);
  CHECK(raw.correction == "none");
  CHECK(raw.interval_level == 0.95);
  CHECK(raw.arms[0].p_adjusted == raw.arms[0].difference.p_value);
  CHECK(raw.arms[0].difference.difference.half_width < c.arms[0].difference.difference.half_width);
}

TEST_CASE("correction names read back and a wrong one is an input error", "[paired]") {
  CHECK(correction_from_name("holm-bonferroni") == MultipleComparisonCorrection::holm_bonferroni);
  CHECK(correction_from_name("none") == MultipleComparisonCorrection::none);
  CHECK(correction_name(MultipleComparisonCorrection::none) == "none");
  CHECK_THROWS_AS(correction_from_name("tukey"), InputError);
}

TEST_CASE("best plan and its Bonferroni confidence from one-sided paired tests", "[paired]") {
  const std::vector<std::vector<double>> plans = {kBase, kArm, kArm2};
  SECTION("smaller is better") {
    // scipy.stats.ttest_rel(base, arm, alternative='greater').pvalue = 3.6381462156462774e-05
    // scipy.stats.ttest_rel(arm2, arm, alternative='greater').pvalue = 1.3543949633807356e-07
    const BestPlan b = best_plan(plans, true, 0.95);
    CHECK(b.plan == 1);
    CHECK(b.mean == Approx(13.25));
    CHECK(std::isnan(b.one_sided_p[1]));
    CHECK(b.one_sided_p[0] == Approx(3.6381462156462774e-05).epsilon(1e-8));
    CHECK(b.one_sided_p[2] == Approx(1.3543949633807356e-07).epsilon(1e-6));
    CHECK(b.confidence == Approx(1.0 - 2 * 3.6381462156462774e-05).epsilon(1e-12));
    CHECK(b.confident);
  }
  SECTION("larger is better") {
    // scipy.stats.ttest_rel(arm2, base, alternative='greater').pvalue = 0.00025002272475192647
    const BestPlan b = best_plan(plans, false, 0.95);
    CHECK(b.plan == 2);
    CHECK(b.confidence == Approx(1.0 - 2 * 0.00025002272475192647).epsilon(1e-12));
  }
  SECTION("a close race gives a modest confidence") {
    // arm3 = [12.0, 14.5, 11.6, 15.0, 13.9, 12.7, 16.0, 14.9, 13.0, 12.4]
    // arm4 = arm3 + [0.3, -0.1, 0.2, 0.1, -0.2, 0.3, 0.0, 0.2, 0.1, -0.1]
    // ttest_rel(base, arm3, alternative='greater').pvalue = 0.1209327807389458
    // ttest_rel(arm4, arm3, alternative='greater').pvalue = 0.09123000537566699
    const std::vector<double> arm3 = {12.0, 14.5, 11.6, 15.0, 13.9, 12.7, 16.0, 14.9, 13.0, 12.4};
    const std::vector<double> step = {0.3, -0.1, 0.2, 0.1, -0.2, 0.3, 0.0, 0.2, 0.1, -0.1};
    std::vector<double> arm4;
    for (std::size_t i = 0; i < arm3.size(); ++i) arm4.push_back(arm3[i] + step[i]);
    const BestPlan two = best_plan(std::vector<std::vector<double>>{kBase, arm3}, true, 0.95);
    CHECK(two.plan == 1);
    CHECK(two.confidence == Approx(1.0 - 0.1209327807389458).epsilon(1e-8));
    CHECK_FALSE(two.confident);
    const BestPlan three = best_plan(std::vector<std::vector<double>>{kBase, arm3, arm4}, true, 0.95);
    CHECK(three.plan == 1);
    CHECK(three.confidence == Approx(1.0 - 2 * 0.1209327807389458).epsilon(1e-8));
  }
  SECTION("a tie gives no confidence, one plan alone is best for sure") {
    CHECK(best_plan(std::vector<std::vector<double>>{kBase, kBase}, true, 0.95).confidence == 0.0);
    CHECK(best_plan(std::vector<std::vector<double>>{kBase}, true, 0.95).confidence == 1.0);
  }
  SECTION("replications with NaN in any plan are left out") {
    std::vector<std::vector<double>> gappy = plans;
    gappy[0].push_back(kNaN);
    gappy[1].push_back(1.0);
    gappy[2].push_back(1.0);
    const BestPlan b = best_plan(gappy, true, 0.95);
    CHECK(b.replications_used == 10);
    CHECK(b.replications_skipped == 1);
    CHECK(b.plan == 1);
    CHECK(b.one_sided_p[0] == Approx(3.6381462156462774e-05).epsilon(1e-8));
  }
}

TEST_CASE("replications for a half width follow Law's formula", "[paired]") {
  // s = np.std(arm - base, ddof=1) = 0.19321835661585954; smallest n >= 10 with
  // scipy.stats.t.ppf(0.975, n - 1) * s / sqrt(n) <= target, found by stepping n up by one:
  // target 0.1 -> 17, 0.05 -> 60, 0.01 -> 1437
  const PairedDifference d = paired_difference(kBase, kArm, 0.95);
  CHECK(d.difference_stats.stddev() == Approx(0.19321835661585954).epsilon(1e-10));
  CHECK(replications_for_half_width(d.difference_stats, 0.1, 0.95) == 17);
  CHECK(replications_for_half_width(d.difference_stats, 0.05, 0.95) == 60);
  CHECK(replications_for_half_width(d.difference_stats, 0.01, 0.95) == 1437);
  // A target already met returns the current count.
  CHECK(replications_for_half_width(d.difference_stats, 1.0, 0.95) == 10);
  CHECK(precision_reached(d.difference_stats, 0.2, 0.95));
  CHECK_FALSE(precision_reached(d.difference_stats, 0.1, 0.95));
  // Same with the values of one plan (s = 1.4134669748136635): 1.0 -> 11, 0.5 -> 34, 0.2 -> 195
  RunningStats base;
  for (double x : kBase) base.add(x);
  CHECK(replications_for_half_width(base, 1.0, 0.95) == 11);
  CHECK(replications_for_half_width(base, 0.5, 0.95) == 34);
  CHECK(replications_for_half_width(base, 0.2, 0.95) == 195);
  RunningStats one;
  one.add(1.0);
  CHECK_THROWS_AS(replications_for_half_width(one, 0.1, 0.95), std::invalid_argument);
  CHECK_THROWS_AS(replications_for_half_width(base, 0.0, 0.95), std::invalid_argument);
}

TEST_CASE("the sequential rule reaches the target when looped on", "[paired]") {
  // Run 10, then top up to the estimate until the paired half width is at most 0.02 s.
  const double target_s = 0.02;
  RunningStats differences;
  std::uint64_t next = 0;
  const auto run_to = [&](std::size_t n) {
    for (; next < n; ++next) differences.add(mean_wait_s(next, 0.72) - mean_wait_s(next, 0.8));
  };
  run_to(10);
  int rounds = 0;
  while (!precision_reached(differences, target_s, 0.95) && rounds < 50) {
    run_to(std::max<std::size_t>(differences.count() + 1, replications_for_half_width(differences, target_s, 0.95)));
    ++rounds;
  }
  CHECK(precision_reached(differences, target_s, 0.95));
  CHECK(t_confidence_interval(differences, 0.95).half_width <= target_s);
  CHECK(rounds >= 1);
}
