// SPDX-License-Identifier: MIT
#include "sim/core/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace dsim {

void RunningStats::add(double x) {
  ++n_;
  if (n_ == 1) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
}

void RunningStats::merge(const RunningStats& other) {
  if (other.n_ == 0) return;
  if (n_ == 0) {
    *this = other;
    return;
  }
  const double n = static_cast<double>(n_ + other.n_);
  const double delta = other.mean_ - mean_;
  mean_ += delta * static_cast<double>(other.n_) / n;
  m2_ += other.m2_ + delta * delta * static_cast<double>(n_) * static_cast<double>(other.n_) / n;
  n_ += other.n_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double RunningStats::variance() const { return n_ < 2 ? 0.0 : m2_ / static_cast<double>(n_ - 1); }

double RunningStats::stddev() const { return std::sqrt(variance()); }

double student_t_quantile(double p, double dof) {
  if (!(p > 0.0 && p < 1.0) || !(dof > 0.0)) throw std::invalid_argument("student_t_quantile: need 0 < p < 1 and dof > 0");
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), p);
}

double student_t_cdf(double t, double dof) {
  if (!(dof > 0.0)) throw std::invalid_argument("student_t_cdf: need dof > 0");
  if (std::isnan(t)) return t;
  if (std::isinf(t)) return t > 0.0 ? 1.0 : 0.0;
  return boost::math::cdf(boost::math::students_t_distribution<double>(dof), t);
}

double student_t_two_sided_p(double t, double dof) {
  if (!(dof > 0.0)) throw std::invalid_argument("student_t_two_sided_p: need dof > 0");
  if (std::isnan(t)) return t;
  if (std::isinf(t)) return 0.0;
  const double upper = boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double>(dof), std::abs(t)));
  return std::min(1.0, 2.0 * upper);
}

ConfidenceInterval t_confidence_interval(const RunningStats& stats, double level) {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("confidence level must lie in (0, 1)");
  ConfidenceInterval ci;
  ci.mean = stats.mean();
  ci.level = level;
  ci.count = stats.count();
  if (stats.count() < 2) {
    ci.half_width = std::numeric_limits<double>::infinity();
    return ci;
  }
  const double t = student_t_quantile(0.5 + level / 2.0, static_cast<double>(stats.count() - 1));
  ci.half_width = t * stats.stddev() / std::sqrt(static_cast<double>(stats.count()));
  return ci;
}

ConfidenceInterval t_confidence_interval(std::span<const double> samples, double level) {
  RunningStats stats;
  for (double x : samples) stats.add(x);
  return t_confidence_interval(stats, level);
}

namespace {

double sorted_quantile(const std::vector<double>& sorted, double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile: p must lie in [0, 1]");
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

double quantile(std::span<const double> values, double p) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile: p must lie in [0, 1]");
  // Two selections instead of a sort: O(n) for the single quantile most callers want.
  std::vector<double> v(values.begin(), values.end());
  const double h = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double x_lo = v[lo];
  if (lo + 1 >= v.size()) return x_lo;
  const double x_hi = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

std::vector<double> quantiles(std::span<const double> values, std::span<const double> ps) {
  std::vector<double> out;
  out.reserve(ps.size());
  if (values.empty()) {
    out.assign(ps.size(), std::numeric_limits<double>::quiet_NaN());
    return out;
  }
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  for (double p : ps) out.push_back(sorted_quantile(sorted, p));
  return out;
}

void TimeAverage::set(double now_s, double value) {
  area_ += value_ * (now_s - last_s_);
  last_s_ = now_s;
  value_ = value;
}

void TimeAverage::restart(double now_s) {
  area_ = 0.0;
  last_s_ = start_s_ = now_s;
}

double TimeAverage::average(double now_s) const {
  const double span = now_s - start_s_;
  if (span <= 0.0) return value_;
  return (area_ + value_ * (now_s - last_s_)) / span;
}

}  // namespace dsim
