// SPDX-License-Identifier: MIT
// Cell updates per second of the flood solver on a fully wet 1000 x 1000
// grid, with 1 thread and with 2 (or the counts given as arguments); prints
// the median of a few repeats.
#include "sim/hazards/flood.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <time.h>

namespace {

// CPU seconds used by the whole process: on a loaded machine the 1-thread
// rate per CPU second is closer to what an idle core gives than wall time.
double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

dsim::FloodSetup wet_basin(std::size_t n, int threads) {
  dsim::FloodSetup s;
  s.terrain.geometry.rows = n;
  s.terrain.geometry.cols = n;
  s.terrain.geometry.cell_size = 10.0;
  s.terrain.values = s.terrain.geometry.filled(0.0);
  s.initial_depth_m = s.terrain.geometry.filled(0.0);
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < n; ++c) {
      const auto i = static_cast<Eigen::Index>(r), j = static_cast<Eigen::Index>(c);
      const double z = 0.5 * std::sin(0.013 * static_cast<double>(c)) * std::cos(0.017 * static_cast<double>(r));
      s.terrain.values(i, j) = z;
      // A tilted surface so that water moves everywhere.
      s.initial_depth_m(i, j) = 1.5 + 0.0005 * static_cast<double>(c) - z;
    }
  s.manning_n = 0.03;
  s.parameters.threads = threads;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = 1000;
  const int steps = 20, repeats = 5;
  std::vector<int> thread_counts;
  for (int i = 1; i < argc; ++i) thread_counts.push_back(std::atoi(argv[i]));
  if (thread_counts.empty()) thread_counts = {1, 2};
  std::printf("flood solver, %zu x %zu cells, %d steps per repeat, median of %d repeats\n", n, n, steps, repeats);
  double base = 0.0;
  for (int threads : thread_counts) {
    dsim::FloodModel model(wet_basin(n, threads));
    for (int k = 0; k < 3; ++k) model.step();  // warm up caches and threads
    std::vector<double> rates, cpu_rates;
    for (int rep = 0; rep < repeats; ++rep) {
      const auto before = model.cell_updates();
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = cpu_seconds();
      for (int k = 0; k < steps; ++k) model.step();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double cpu = cpu_seconds() - c0;
      rates.push_back(static_cast<double>(model.cell_updates() - before) / s);
      cpu_rates.push_back(static_cast<double>(model.cell_updates() - before) / cpu);
    }
    std::sort(rates.begin(), rates.end());
    std::sort(cpu_rates.begin(), cpu_rates.end());
    const double median = rates[rates.size() / 2];
    if (base == 0.0) base = median;
    std::printf("threads %d: %.1f M cell updates/s wall (min %.1f, max %.1f), %.2fx the first; %.1f M per CPU second\n",
                threads, median / 1e6, rates.front() / 1e6, rates.back() / 1e6, median / base,
                cpu_rates[cpu_rates.size() / 2] / 1e6);
  }
  return 0;
}
