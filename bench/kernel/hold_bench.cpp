// SPDX-License-Identifier: MIT
// The classic hold model: n events pending; each hold pops the earliest and
// schedules one at an exponential increment after it. Runs dsim's EventQueue
// and std::priority_queue side by side on the same draws: the increments are
// drawn once per (size, repeat) into an array that both queues read, so the
// timed loops differ only in the queue. Both use the same event record and
// order (time, then insertion sequence), so they must pop the same events in
// the same order: a checksum of the popped times and sequences is compared
// before any rate is printed. Prints holds per second for each (median of
// the repeats, which alternate the two queues) and the ratio as JSON.
#include "sim/core/event_queue.hpp"
#include "sim/core/random.hpp"
#include "sim/core/statistics.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <vector>

namespace {

// The draws of one run: n initial times, then one increment per hold
// (the first n holds warm the queue up and are not timed).
struct Draws {
  std::vector<double> initial_s;
  std::vector<double> increments_s;
};

struct Outcome {
  double seconds = 0.0;
  double time_sum_s = 0.0;     // sum of popped times, in pop order
  std::uint64_t order_hash = 0;  // of popped (time bits, sequence), in pop order
};

inline void mix(Outcome& out, const dsim::Event& e) {
  std::uint64_t bits;
  std::memcpy(&bits, &e.time_s, sizeof bits);
  out.time_sum_s += e.time_s;
  out.order_hash = (out.order_hash ^ bits ^ (e.sequence << 1)) * 0x100000001b3ull;
}

// std::priority_queue is a max-heap: "less" must mean "pops later".
struct PopsLater {
  bool operator()(const dsim::Event& a, const dsim::Event& b) const { return dsim::pops_before(b, a); }
};

// The same interface as EventQueue's push/pop, over std::priority_queue.
class StdQueue {
 public:
  void push(double time_s, std::uint32_t kind) { q_.push(dsim::Event{time_s, next_sequence_++, kind, 0}); }
  dsim::Event pop() {
    dsim::Event e = q_.top();
    q_.pop();
    return e;
  }

 private:
  std::priority_queue<dsim::Event, std::vector<dsim::Event>, PopsLater> q_;
  std::uint64_t next_sequence_ = 0;
};

template <class Queue>
Outcome hold(const Draws& d, std::size_t n) {
  Queue q;
  for (double t : d.initial_s) q.push(t, 0);
  const double* inc = d.increments_s.data();
  for (std::size_t i = 0; i < n; ++i) {  // warm the structure up to its steady state
    dsim::Event e = q.pop();
    q.push(e.time_s + inc[i], 0);
  }
  Outcome out;
  const std::size_t holds = d.increments_s.size();
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = n; i < holds; ++i) {
    dsim::Event e = q.pop();
    mix(out, e);
    q.push(e.time_s + inc[i], 0);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 5;
  std::printf("{\"benchmark\": \"hold\", \"repeats\": %d, \"results\": [\n", repeats);
  const std::size_t sizes[] = {1'000, 10'000, 100'000, 1'000'000};
  for (std::size_t k = 0; k < 4; ++k) {
    const std::size_t n = sizes[k];
    const std::size_t holds = n >= 1'000'000 ? 10'000'000 : 20'000'000;
    std::vector<double> dsim_rates, std_rates;
    bool same = true;
    for (int rep = 0; rep < repeats; ++rep) {
      dsim::RandomStream rng(1, static_cast<std::uint64_t>(rep), "hold");
      Draws d;
      d.initial_s.resize(n);
      d.increments_s.resize(n + holds);
      for (double& t : d.initial_s) t = rng.exponential(1.0);
      for (double& t : d.increments_s) t = rng.exponential(1.0);
      // Alternate which queue goes first, so neither always runs on a warmer machine.
      Outcome a, b;
      if (rep % 2 == 0) {
        a = hold<dsim::EventQueue>(d, n);
        b = hold<StdQueue>(d, n);
      } else {
        b = hold<StdQueue>(d, n);
        a = hold<dsim::EventQueue>(d, n);
      }
      if (a.order_hash != b.order_hash || a.time_sum_s != b.time_sum_s) same = false;
      dsim_rates.push_back(static_cast<double>(holds) / a.seconds);
      std_rates.push_back(static_cast<double>(holds) / b.seconds);
    }
    if (!same) {
      std::fprintf(stderr, "hold: dsim's queue and std::priority_queue popped different sequences at %zu pending\n", n);
      return 1;
    }
    const double dsim_rate = dsim::quantile(dsim_rates, 0.5), std_rate = dsim::quantile(std_rates, 0.5);
    std::printf("  {\"pending\": %zu, \"holds\": %zu, \"holds_per_s\": %.0f, \"std_holds_per_s\": %.0f, "
                "\"ratio\": %.3f, \"same_pops\": true}%s\n",
                n, holds, dsim_rate, std_rate, dsim_rate / std_rate, k < 3 ? "," : "");
    std::fflush(stdout);
  }
  std::printf("]}\n");
}
