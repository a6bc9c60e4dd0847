// SPDX-License-Identifier: MIT
// The classic hold model: n events pending; each hold pops the earliest and
// schedules one at an exponential increment after it. Prints holds per second
// (median of several runs) at each queue size.
#include "sim/core/event_queue.hpp"
#include "sim/core/random.hpp"
#include "sim/core/statistics.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 5;
  std::printf("{\"benchmark\": \"hold\", \"repeats\": %d, \"results\": [\n", repeats);
  const std::size_t sizes[] = {1'000, 10'000, 100'000, 1'000'000};
  for (std::size_t k = 0; k < 4; ++k) {
    const std::size_t n = sizes[k];
    const std::size_t holds = n >= 1'000'000 ? 10'000'000 : 20'000'000;
    std::vector<double> rates;
    for (int rep = 0; rep < repeats; ++rep) {
      dsim::RandomStream rng(1, static_cast<std::uint64_t>(rep), "hold");
      dsim::EventQueue q;
      for (std::size_t i = 0; i < n; ++i) q.push(rng.exponential(1.0), 0);
      // Warm the structure up to its steady state before timing.
      for (std::size_t i = 0; i < n; ++i) {
        dsim::Event e = q.pop();
        q.push(e.time_s + rng.exponential(1.0), 0);
      }
      const auto start = std::chrono::steady_clock::now();
      double checksum = 0.0;
      for (std::size_t i = 0; i < holds; ++i) {
        dsim::Event e = q.pop();
        checksum += e.time_s;
        q.push(e.time_s + rng.exponential(1.0), 0);
      }
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (checksum < 0) std::printf("impossible\n");
      rates.push_back(static_cast<double>(holds) / s);
    }
    std::printf("  {\"pending\": %zu, \"holds_per_s\": %.0f}%s\n", n, dsim::quantile(rates, 0.5), k < 3 ? "," : "");
    std::fflush(stdout);
  }
  std::printf("]}\n");
}
