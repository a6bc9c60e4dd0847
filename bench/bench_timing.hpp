// SPDX-License-Identifier: MIT
#pragma once

// What the C++ benchmarks share: a wall clock, and the median of repeats.

#include <algorithm>
#include <chrono>
#include <vector>

namespace dsim::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace dsim::bench
