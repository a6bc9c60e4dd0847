// SPDX-License-Identifier: MIT
#pragma once

// Statistics for comparing plans run on common random numbers: every plan
// sees the same replications (streams keyed by seed, replication and stream
// name), so replication r of one plan is paired with replication r of the
// other. Pure functions; docs/models.md, "Comparing plans", gives the sources.

#include "sim/core/statistics.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// Paired comparison of one indicator between a base plan and an arm.
struct PairedDifference {
  double base_mean = 0.0;         // over the pairs used
  double arm_mean = 0.0;          // over the pairs used
  ConfidenceInterval difference;  // Student-t interval of arm - base; .mean is the mean difference
  RunningStats difference_stats;  // of arm - base per pair (for the sequential procedure)
  std::size_t pairs_used = 0;
  std::size_t pairs_skipped = 0;  // pairs with NaN in either plan
  double t_statistic = 0.0;       // mean / (sd / sqrt(n)); 0 when every difference is 0
  double p_value = 1.0;           // two-sided, of "mean difference = 0" (paired t-test)
};

// base[r] and arm[r] are replication r of each plan (same length). A pair with
// NaN in either is skipped and counted. Every difference exactly 0 gives the
// interval [0, 0] and p = 1; a constant non-zero difference gives a zero-width
// interval and p = 0. Fewer than two pairs: infinite half width, p = NaN.
PairedDifference paired_difference(std::span<const double> base, std::span<const double> arm, double level = 0.95);

// Welch's interval of mean(arm) - mean(base) treating the two samples as
// independent (NaN values dropped from each); shown beside the paired interval
// to make the gain of common random numbers visible. .count is the number of
// values used in both samples together. Fewer than two values in either
// sample: infinite half width.
ConfidenceInterval unpaired_difference(std::span<const double> base, std::span<const double> arm, double level = 0.95);

// Holm-Bonferroni step-down adjusted p-values (Holm 1979), in the input's
// order: sorted ascending, p_(i) * (m - i + 1), made non-decreasing, capped at
// 1. NaN entries stay NaN and do not count towards m.
std::vector<double> holm_adjust(std::span<const double> p);

// Per-interval level that makes `comparisons` intervals hold simultaneously
// with probability at least `level` (Bonferroni): 1 - (1 - level) / comparisons.
double bonferroni_level(double level, std::size_t comparisons);

enum class MultipleComparisonCorrection { holm_bonferroni, none };

// "holm-bonferroni" or "none".
std::string correction_name(MultipleComparisonCorrection correction);
// Reads "holm-bonferroni" (also "holm") or "none"; anything else throws
// InputError on key "correction".
MultipleComparisonCorrection correction_from_name(std::string_view name);

// One non-base plan against the base.
struct ArmComparison {
  std::size_t plan = 0;         // index into values_by_plan (>= 1)
  PairedDifference difference;  // interval at PlanComparison::interval_level; p_value unadjusted
  double p_adjusted = 1.0;      // Holm-adjusted (equal to p_value with no correction)
};

struct PlanComparison {
  std::string correction;       // "holm-bonferroni" or "none"
  double level = 0.95;          // family-wise level asked for
  double interval_level = 0.95; // level of each interval (Bonferroni-adjusted under a correction)
  std::vector<ArmComparison> arms;  // plans 1..k-1, in order
};

// values_by_plan[0] is the base; values_by_plan[i][r] is replication r of plan
// i (all the same length). With holm_bonferroni, the intervals are at
// bonferroni_level(level, k - 1) and the p-values Holm-adjusted over the k - 1
// comparisons; with none, each interval is at `level` and p is unadjusted.
PlanComparison compare_plans(std::span<const std::vector<double>> values_by_plan, double level = 0.95,
                             MultipleComparisonCorrection correction = MultipleComparisonCorrection::holm_bonferroni);

// The plan with the best mean on one indicator and the confidence that it is
// better than every other plan.
struct BestPlan {
  std::size_t plan = 0;      // index into values_by_plan; ties go to the lower index
  double mean = 0.0;         // its mean over the replications used
  std::vector<double> means; // every plan's mean over the replications used
  // One-sided paired p-value of "plan `plan` is not better than plan i"; NaN at `plan`.
  std::vector<double> one_sided_p;
  double confidence = 0.0;   // max(0, 1 - (k - 1) * max_i one_sided_p[i])
  bool confident = false;    // confidence >= level
  double level = 0.95;
  std::size_t replications_used = 0;     // replications with a value for every plan
  std::size_t replications_skipped = 0;  // replications with NaN in some plan
};

// Bonferroni-bounded multiple comparisons with the best (Hsu 1996, ch. 4; Law
// 2015, section 10.4): one-sided paired t-tests of the best against each other
// plan, on the replications where every plan has a value. A plan tied with the
// best in every replication gives p = 1, hence confidence 0. One plan alone:
// confidence 1. Fewer than two replications used: confidence 0.
BestPlan best_plan(std::span<const std::vector<double>> values_by_plan, bool smaller_is_better, double level = 0.95);

// Law (2015), section 9.4.1: the smallest n >= max(2, stats.count()) with
// t_{n-1, 1-a/2} * s / sqrt(n) <= target_half_width, s being the current sample
// standard deviation, a = 1 - level. Needs stats.count() >= 2. Returns SIZE_MAX
// when no n below 2^53 would do.
//
// The sequential rule a runner loops on: run n0 replications (Law advises at
// least 10: a variance from fewer can stop the loop too early); while the
// half width of t_confidence_interval(stats, level) exceeds the target and n is
// under the maximum, run replications_for_half_width(stats, target, level) - n
// more (at least one, never past the maximum), add them to stats, and
// recompute. Stop when the half width is reached (precision_reached) or at
// the maximum, and say which.
std::size_t replications_for_half_width(const RunningStats& stats, double target_half_width, double level = 0.95);

// True when the Student-t half width at `level` is at most the target (needs
// at least two values).
bool precision_reached(const RunningStats& stats, double target_half_width, double level = 0.95);

}  // namespace dsim
