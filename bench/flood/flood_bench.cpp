// SPDX-License-Identifier: MIT
// Cell updates per second of the flood solver on a fully wet 1000 x 1000
// grid, in double and single precision, with 1 thread and with 2 (or the
// counts given as arguments); prints the median of a few repeats, the
// ratio to the targets, and the memory-bandwidth bound of the
// kernel: the bytes it moves per cell update times the bandwidth a
// STREAM-like triad measures in the same run.
//   flood_bench [--precision double|single|both] [threads...]
#include "sim/hazards/flood.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <time.h>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

constexpr double kTargetOneCore = 6e7;  // cell updates per second, issue 18
constexpr double kTargetTwoCores = 1.8;  // speed-up on 2 cores

// CPU seconds used by the whole process: on a loaded machine the 1-thread
// rate per CPU second is closer to what an idle core gives than wall time.
double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Bytes a triad a = b + s c moves per element, counted as STREAM counts
// them (3 arrays of doubles, no write-allocate traffic); best of 5 passes
// over arrays far larger than the last-level cache, with `threads` threads.
double triad_bytes_per_s(int threads) {
  const std::size_t n = std::size_t{1} << 25;  // 3 x 256 MiB
  std::vector<double> a, b, c;
  a.resize(n);
  b.resize(n);
  c.resize(n);
  double* pa = a.data();
  double* pb = b.data();
  double* pc = c.data();
  const auto count = static_cast<std::ptrdiff_t>(n);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::ptrdiff_t i = 0; i < count; ++i) {  // first touch by the thread that uses it
    pa[i] = 0.0;
    pb[i] = 1.0;
    pc[i] = 2.0;
  }
  double best = 0.0;
  for (int rep = 0; rep < 5; ++rep) {
    const double t0 = wall_seconds();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < count; ++i) pa[i] = pb[i] + 3.0 * pc[i];
    const double s = wall_seconds() - t0;
    best = std::max(best, 3.0 * sizeof(double) * static_cast<double>(n) / s);
  }
  if (a[n / 2] != 7.0) std::printf("triad check failed\n");
  return best;
}

dsim::FloodSetup wet_basin(std::size_t n, int threads, dsim::FloodPrecision precision) {
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
  s.parameters.precision = precision;
  return s;
}

// Bytes the kernel moves to and from memory per cell update, counted as
// the triad is: it reads bed, depth, both discharges and the maximum depth
// and writes depth, both discharges and the maximum depth (the few rows of
// raw discharges and limiter factors stay in cache), 9 arrays.
double kernel_bytes_per_cell(std::size_t real_size) { return 9.0 * static_cast<double>(real_size); }

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = 1000;
  const int steps = 20, repeats = 5;
  std::vector<int> thread_counts;
  std::vector<dsim::FloodPrecision> precisions{dsim::FloodPrecision::double_precision,
                                               dsim::FloodPrecision::single_precision};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--precision") == 0 && i + 1 < argc) {
      const std::string p = argv[++i];
      if (p == "double")
        precisions = {dsim::FloodPrecision::double_precision};
      else if (p == "single")
        precisions = {dsim::FloodPrecision::single_precision};
      else if (p != "both") {
        std::fprintf(stderr, "flood_bench: --precision expects double, single or both, not %s\n", p.c_str());
        return 2;
      }
      continue;
    }
    thread_counts.push_back(std::atoi(argv[i]));
  }
  if (thread_counts.empty()) thread_counts = {1, 2};
  std::printf("flood solver, %zu x %zu cells, %d steps per repeat, median of %d repeats\n", n, n, steps, repeats);
  std::vector<double> bandwidth;
  for (int threads : thread_counts) {
    bandwidth.push_back(triad_bytes_per_s(threads));
    std::printf("memory bandwidth (triad, best of 5, 768 MiB), %d thread%s: %.1f GB/s\n", threads,
                threads == 1 ? "" : "s", bandwidth.back() / 1e9);
  }
  for (const auto precision : precisions) {
    const bool single = precision == dsim::FloodPrecision::single_precision;
    const double bytes = kernel_bytes_per_cell(single ? sizeof(float) : sizeof(double));
    std::printf("%s precision: %.0f bytes per cell update (9 arrays)\n", single ? "single" : "double", bytes);
    double base = 0.0;
    for (std::size_t t = 0; t < thread_counts.size(); ++t) {
      const int threads = thread_counts[t];
      dsim::FloodModel model(wet_basin(n, threads, precision));
      for (int k = 0; k < 3; ++k) model.step();  // warm up caches and threads
      std::vector<double> rates, cpu_rates;
      for (int rep = 0; rep < repeats; ++rep) {
        const auto before = model.cell_updates();
        const double t0 = wall_seconds();
        const double c0 = cpu_seconds();
        for (int k = 0; k < steps; ++k) model.step();
        const double s = wall_seconds() - t0;
        const double cpu = cpu_seconds() - c0;
        rates.push_back(static_cast<double>(model.cell_updates() - before) / s);
        cpu_rates.push_back(static_cast<double>(model.cell_updates() - before) / cpu);
      }
      std::sort(rates.begin(), rates.end());
      std::sort(cpu_rates.begin(), cpu_rates.end());
      const double median = rates[rates.size() / 2];
      if (base == 0.0) base = median;
      const double bound = bandwidth[t] / bytes;
      std::printf("  threads %d: %.1f M cell updates/s wall (min %.1f, max %.1f), %.2fx the first (target %.1fx on 2); "
                  "%.1f M per CPU second\n",
                  threads, median / 1e6, rates.front() / 1e6, rates.back() / 1e6, median / base, kTargetTwoCores,
                  cpu_rates[cpu_rates.size() / 2] / 1e6);
      std::printf("    per thread %.2fx the one-core target of %.0f M; bandwidth bound %.0f M/s, measured %.0f %% of it\n",
                  median / threads / kTargetOneCore, kTargetOneCore / 1e6, bound / 1e6, 100.0 * median / bound);
    }
  }
  return 0;
}
