// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace dsim {

// A value that varies in time, linear between breakpoints and held at the
// first and last values outside them (hydrographs, rainfall intensity,
// boundary water levels). Times are seconds from scenario start, strictly
// increasing.
class TimeSeries {
 public:
  TimeSeries() = default;
  // A constant value at all times.
  static TimeSeries constant(double value) { return TimeSeries({0.0}, {value}); }
  // Throws dsim::InputError naming `source` when the sizes differ, the series
  // is empty, a value is not finite or the times do not increase strictly.
  TimeSeries(std::vector<double> time_s, std::vector<double> value, const std::string& source = "time series");

  double at(double time_s) const;
  // Integral of the series over [from_s, to_s], exact for the piecewise-linear
  // shape.
  double integral(double from_s, double to_s) const;
  // Largest value anywhere.
  double max_value() const;

  bool empty() const { return time_s_.empty(); }
  const std::vector<double>& times_s() const { return time_s_; }
  const std::vector<double>& values() const { return value_; }
  bool operator==(const TimeSeries&) const = default;

 private:
  std::vector<double> time_s_;
  std::vector<double> value_;
};

}  // namespace dsim
