// SPDX-License-Identifier: MIT
#include "sim/hazards/time_series.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace dsim {

TimeSeries::TimeSeries(std::vector<double> time_s, std::vector<double> value, const std::string& source)
    : time_s_(std::move(time_s)), value_(std::move(value)) {
  if (time_s_.empty()) throw InputError(source, 0, "", "at least one (time, value) pair");
  if (time_s_.size() != value_.size())
    throw InputError(source, 0, "", "as many values as times",
                     std::to_string(value_.size()) + " values for " + std::to_string(time_s_.size()) + " times");
  for (std::size_t i = 0; i < time_s_.size(); ++i) {
    if (!std::isfinite(time_s_[i]) || !std::isfinite(value_[i]))
      throw InputError(source, 0, "entry " + std::to_string(i + 1), "finite time and value");
    if (i > 0 && !(time_s_[i] > time_s_[i - 1]))
      throw InputError(source, 0, "entry " + std::to_string(i + 1), "times in increasing order",
                       std::to_string(time_s_[i]) + " s after " + std::to_string(time_s_[i - 1]) + " s");
  }
}

double TimeSeries::at(double t) const {
  if (time_s_.empty()) return 0.0;
  if (t <= time_s_.front()) return value_.front();
  if (t >= time_s_.back()) return value_.back();
  const auto it = std::upper_bound(time_s_.begin(), time_s_.end(), t);
  const auto i = static_cast<std::size_t>(it - time_s_.begin());
  const double w = (t - time_s_[i - 1]) / (time_s_[i] - time_s_[i - 1]);
  return value_[i - 1] + w * (value_[i] - value_[i - 1]);
}

double TimeSeries::integral(double from_s, double to_s) const {
  if (time_s_.empty() || !(to_s > from_s)) return 0.0;
  // Integrate piece by piece between the breakpoints that fall inside.
  double total = 0.0;
  double t = from_s;
  double v = at(t);
  auto it = std::upper_bound(time_s_.begin(), time_s_.end(), t);
  while (t < to_s) {
    const double next = (it == time_s_.end()) ? to_s : std::min(*it, to_s);
    const double v_next = at(next);
    total += 0.5 * (v + v_next) * (next - t);
    t = next;
    v = v_next;
    if (it != time_s_.end()) ++it;
  }
  return total;
}

double TimeSeries::max_value() const {
  return value_.empty() ? 0.0 : *std::max_element(value_.begin(), value_.end());
}

}  // namespace dsim
