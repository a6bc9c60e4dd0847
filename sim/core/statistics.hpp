// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace dsim {

// Running mean and variance (Welford), mergeable across partial results.
class RunningStats {
 public:
  void add(double x);
  void merge(const RunningStats& other);

  std::size_t count() const { return n_; }
  double mean() const { return mean_; }
  // Sample variance (n - 1 in the denominator); 0 with fewer than two values.
  double variance() const;
  double stddev() const;
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  std::size_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

// A two-sided confidence interval for a mean.
struct ConfidenceInterval {
  double mean = 0.0;
  double half_width = 0.0;
  double level = 0.95;
  std::size_t count = 0;

  double lower() const { return mean - half_width; }
  double upper() const { return mean + half_width; }
  bool contains(double x) const { return lower() <= x && x <= upper(); }
};

// Quantile of Student's t distribution with `dof` degrees of freedom.
double student_t_quantile(double p, double dof);

// Distribution function P(T <= t) of Student's t with `dof` (> 0, need not be
// an integer) degrees of freedom; t may be infinite.
double student_t_cdf(double t, double dof);

// Two-sided p-value P(|T| >= |t|) of a t statistic, computed from the upper
// tail (no cancellation for large |t|). NaN t gives NaN.
double student_t_two_sided_p(double t, double dof);

// Student-t interval for the mean of independent samples (e.g. one value per
// replication). With one sample the half width is infinite.
ConfidenceInterval t_confidence_interval(const RunningStats& stats, double level = 0.95);
ConfidenceInterval t_confidence_interval(std::span<const double> samples, double level = 0.95);

// Sample quantile by linear interpolation between order statistics (the
// "type 7" definition used by R, numpy and pandas). p in [0, 1]; empty input
// gives NaN. The input need not be sorted.
double quantile(std::span<const double> values, double p);
std::vector<double> quantiles(std::span<const double> values, std::span<const double> ps);

// Time-weighted average of a piecewise-constant quantity (busy servers,
// queue length) over an observation window that starts at `start_s`.
class TimeAverage {
 public:
  explicit TimeAverage(double start_s = 0.0, double value = 0.0) : last_s_(start_s), start_s_(start_s), value_(value) {}
  // The quantity changes to `value` at time `now_s` (non-decreasing).
  void set(double now_s, double value);
  // Restarts the window at `now_s`, keeping the current value.
  void restart(double now_s);
  double value() const { return value_; }
  // Average from the window start up to `now_s`.
  double average(double now_s) const;

 private:
  double last_s_;
  double start_s_;
  double value_;
  double area_ = 0.0;
};

}  // namespace dsim
