// SPDX-License-Identifier: MIT
#pragma once

// What the C++ benchmarks share: a wall clock, the median of repeats, and the
// command line of those that time a scenario.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
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

// PROGRAM SCENARIO [--replications R] [--repeats N]; empty (after printing
// the usage) when no scenario is given.
struct ScenarioBenchArgs {
  std::string scenario;
  int replications = 10;
  int repeats = 5;
};
inline std::optional<ScenarioBenchArgs> scenario_bench_args(int argc, char** argv, const char* program) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO [--replications R] [--repeats N]\n", program);
    return std::nullopt;
  }
  ScenarioBenchArgs args;
  args.scenario = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "--replications") args.replications = std::atoi(argv[i + 1]);
    else if (key == "--repeats") args.repeats = std::atoi(argv[i + 1]);
  }
  return args;
}

}  // namespace dsim::bench
