// SPDX-License-Identifier: MIT
#include "sim/experiment/paired_comparison.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace dsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_level(double level) {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("confidence level must lie in (0, 1)");
}

void check_same_lengths(std::span<const std::vector<double>> values_by_plan) {
  if (values_by_plan.empty()) throw std::invalid_argument("comparing plans needs at least one plan");
  for (const auto& v : values_by_plan)
    if (v.size() != values_by_plan[0].size())
      throw std::invalid_argument("every plan needs one value per replication (lengths differ)");
}

// t statistic of a sample of differences; the degenerate zero-variance cases
// are resolved exactly instead of through 0/0.
double t_statistic_of(const RunningStats& d) {
  const double sd = d.stddev();
  if (sd == 0.0) {
    if (d.mean() == 0.0) return 0.0;
    return d.mean() > 0.0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  return d.mean() / (sd / std::sqrt(static_cast<double>(d.count())));
}

// One-sided p-value of H0: mean(d) <= 0 against mean(d) > 0. All-zero
// differences give 1: a tie is no evidence of being better.
double upper_one_sided_p(const RunningStats& d) {
  if (d.count() < 2) return kNaN;
  if (d.stddev() == 0.0 && d.mean() == 0.0) return 1.0;
  return 1.0 - student_t_cdf(t_statistic_of(d), static_cast<double>(d.count() - 1));
}

}  // namespace

PairedDifference paired_difference(std::span<const double> base, std::span<const double> arm, double level) {
  check_level(level);
  if (base.size() != arm.size()) throw std::invalid_argument("paired_difference: base and arm differ in length");
  PairedDifference out;
  RunningStats base_stats, arm_stats;
  for (std::size_t r = 0; r < base.size(); ++r) {
    if (std::isnan(base[r]) || std::isnan(arm[r])) {
      ++out.pairs_skipped;
      continue;
    }
    base_stats.add(base[r]);
    arm_stats.add(arm[r]);
    out.difference_stats.add(arm[r] - base[r]);
  }
  out.pairs_used = out.difference_stats.count();
  out.base_mean = out.pairs_used ? base_stats.mean() : kNaN;
  out.arm_mean = out.pairs_used ? arm_stats.mean() : kNaN;
  out.difference = t_confidence_interval(out.difference_stats, level);
  if (out.pairs_used == 0) out.difference.mean = kNaN;
  if (out.pairs_used < 2) {
    out.t_statistic = kNaN;
    out.p_value = kNaN;
    return out;
  }
  out.t_statistic = t_statistic_of(out.difference_stats);
  out.p_value = student_t_two_sided_p(out.t_statistic, static_cast<double>(out.pairs_used - 1));
  return out;
}

ConfidenceInterval unpaired_difference(std::span<const double> base, std::span<const double> arm, double level) {
  check_level(level);
  RunningStats b, a;
  for (double x : base)
    if (!std::isnan(x)) b.add(x);
  for (double x : arm)
    if (!std::isnan(x)) a.add(x);
  ConfidenceInterval ci;
  ci.level = level;
  ci.count = a.count() + b.count();
  ci.mean = (a.count() && b.count()) ? a.mean() - b.mean() : kNaN;
  if (a.count() < 2 || b.count() < 2) {
    ci.half_width = std::numeric_limits<double>::infinity();
    return ci;
  }
  const double va = a.variance() / static_cast<double>(a.count());
  const double vb = b.variance() / static_cast<double>(b.count());
  const double se2 = va + vb;
  if (se2 == 0.0) {
    ci.half_width = 0.0;
    return ci;
  }
  // Welch-Satterthwaite degrees of freedom.
  const double dof = se2 * se2 / (va * va / static_cast<double>(a.count() - 1) + vb * vb / static_cast<double>(b.count() - 1));
  ci.half_width = student_t_quantile(0.5 + level / 2.0, dof) * std::sqrt(se2);
  return ci;
}

std::vector<double> holm_adjust(std::span<const double> p) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(p[i])) continue;
    if (p[i] < 0.0 || p[i] > 1.0) throw std::invalid_argument("holm_adjust: p-values must lie in [0, 1]");
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p[x] < p[y]; });
  std::vector<double> out(p.begin(), p.end());
  const std::size_t m = order.size();
  double running_max = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    const double scaled = std::min(1.0, p[order[i]] * static_cast<double>(m - i));
    running_max = std::max(running_max, scaled);
    out[order[i]] = running_max;
  }
  return out;
}

double bonferroni_level(double level, std::size_t comparisons) {
  check_level(level);
  if (comparisons <= 1) return level;
  return 1.0 - (1.0 - level) / static_cast<double>(comparisons);
}

std::string correction_name(MultipleComparisonCorrection correction) {
  return correction == MultipleComparisonCorrection::holm_bonferroni ? "holm-bonferroni" : "none";
}

MultipleComparisonCorrection correction_from_name(std::string_view name) {
  if (name == "holm-bonferroni" || name == "holm") return MultipleComparisonCorrection::holm_bonferroni;
  if (name == "none") return MultipleComparisonCorrection::none;
  throw InputError("", 0, "correction", "holm-bonferroni or none", std::string(name));
}

PlanComparison compare_plans(std::span<const std::vector<double>> values_by_plan, double level,
                             MultipleComparisonCorrection correction) {
  check_level(level);
  check_same_lengths(values_by_plan);
  PlanComparison out;
  out.correction = correction_name(correction);
  out.level = level;
  const std::size_t comparisons = values_by_plan.size() - 1;
  out.interval_level =
      correction == MultipleComparisonCorrection::holm_bonferroni ? bonferroni_level(level, comparisons) : level;
  std::vector<double> raw;
  for (std::size_t i = 1; i < values_by_plan.size(); ++i) {
    ArmComparison arm;
    arm.plan = i;
    arm.difference = paired_difference(values_by_plan[0], values_by_plan[i], out.interval_level);
    raw.push_back(arm.difference.p_value);
    out.arms.push_back(std::move(arm));
  }
  const std::vector<double> adjusted =
      correction == MultipleComparisonCorrection::holm_bonferroni ? holm_adjust(raw) : raw;
  for (std::size_t i = 0; i < out.arms.size(); ++i) out.arms[i].p_adjusted = adjusted[i];
  return out;
}

BestPlan best_plan(std::span<const std::vector<double>> values_by_plan, bool smaller_is_better, double level) {
  check_level(level);
  check_same_lengths(values_by_plan);
  const std::size_t k = values_by_plan.size();
  const std::size_t replications = values_by_plan[0].size();
  BestPlan out;
  out.level = level;
  // Only replications where every plan has a value: the means that choose the
  // best and the paired tests then rest on the same pairs.
  std::vector<std::size_t> used;
  for (std::size_t r = 0; r < replications; ++r) {
    bool complete = true;
    for (const auto& v : values_by_plan) complete = complete && !std::isnan(v[r]);
    if (complete) used.push_back(r);
  }
  out.replications_used = used.size();
  out.replications_skipped = replications - used.size();
  out.means.assign(k, kNaN);
  out.one_sided_p.assign(k, kNaN);
  if (used.empty()) {
    out.mean = kNaN;
    return out;
  }
  for (std::size_t i = 0; i < k; ++i) {
    RunningStats s;
    for (std::size_t r : used) s.add(values_by_plan[i][r]);
    out.means[i] = s.mean();
  }
  for (std::size_t i = 1; i < k; ++i) {
    const bool better = smaller_is_better ? out.means[i] < out.means[out.plan] : out.means[i] > out.means[out.plan];
    if (better) out.plan = i;
  }
  out.mean = out.means[out.plan];
  if (k == 1) {
    out.confidence = 1.0;
    out.confident = true;
    return out;
  }
  double worst_p = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    if (i == out.plan) continue;
    // Differences oriented so that "the best is better" means a positive mean.
    RunningStats d;
    for (std::size_t r : used) {
      const double diff = values_by_plan[i][r] - values_by_plan[out.plan][r];
      d.add(smaller_is_better ? diff : -diff);
    }
    out.one_sided_p[i] = upper_one_sided_p(d);
    worst_p = std::max(worst_p, out.one_sided_p[i]);
  }
  if (used.size() < 2) return out;  // no variance: nothing is established
  out.confidence = std::max(0.0, 1.0 - static_cast<double>(k - 1) * worst_p);
  out.confident = out.confidence >= level;
  return out;
}

std::size_t replications_for_half_width(const RunningStats& stats, double target_half_width, double level) {
  check_level(level);
  if (!(target_half_width > 0.0)) throw std::invalid_argument("target half width must be positive");
  if (stats.count() < 2) throw std::invalid_argument("replications_for_half_width needs at least two values");
  const double s = stats.stddev();
  const double q = 0.5 + level / 2.0;
  const auto fits = [&](double n) { return student_t_quantile(q, n - 1.0) * s / std::sqrt(n) <= target_half_width; };
  const double start = static_cast<double>(std::max<std::size_t>(2, stats.count()));
  if (fits(start)) return static_cast<std::size_t>(start);
  // The half width falls monotonically in n: bracket by doubling, then bisect.
  constexpr double kLimit = 9007199254740992.0;  // 2^53: n stays exact in a double
  double lo = start;  // does not fit
  double hi = start * 2.0;
  while (!fits(hi)) {
    lo = hi;
    hi *= 2.0;
    if (hi > kLimit) return std::numeric_limits<std::size_t>::max();
  }
  while (hi - lo > 1.0) {
    const double mid = std::floor((lo + hi) / 2.0);
    (fits(mid) ? hi : lo) = mid;
  }
  return static_cast<std::size_t>(hi);
}

bool precision_reached(const RunningStats& stats, double target_half_width, double level) {
  if (stats.count() < 2) return false;
  return t_confidence_interval(stats, level).half_width <= target_half_width;
}

}  // namespace dsim
