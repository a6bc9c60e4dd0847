// SPDX-License-Identifier: MIT
#include "sim/core/event_queue.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <queue>
#include <random>
#include <set>
#include <vector>

using dsim::Event;
using dsim::EventQueue;

namespace {

struct PopsLater {
  bool operator()(const Event& a, const Event& b) const { return dsim::pops_before(b, a); }
};
using Reference = std::priority_queue<Event, std::vector<Event>, PopsLater>;

// Random times with many exact ties and a few far-future outliers, so every
// tier of the ladder (top, rungs, bottom) is exercised.
double next_time(std::mt19937_64& rng, double now) {
  switch (rng() % 6) {
    case 0: return now;
    case 1: return now + static_cast<double>(rng() % 4);
    case 2: return now + 1000.0 * static_cast<double>(rng() % 1000);
    default: return now + std::uniform_real_distribution<double>(0.0, 50.0)(rng);
  }
}

}  // namespace

TEST_CASE("EventQueue pops simultaneous events in insertion order", "[core]") {
  EventQueue q;
  for (std::uint32_t i = 0; i < 500; ++i) q.push(7.0, 0, i);
  for (std::uint32_t i = 0; i < 500; ++i) {
    Event e = q.pop();
    REQUIRE(e.time_s == 7.0);
    REQUIRE(e.subject == i);
  }
  REQUIRE(q.empty());
}

TEST_CASE("EventQueue pops in time order and breaks ties by insertion", "[core]") {
  EventQueue q;
  std::vector<double> times = {5.0, 1.0, 3.0, 1.0, 5.0, 0.5, 3.0};
  for (std::uint32_t i = 0; i < times.size(); ++i) q.push(times[i], 0, i);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().subject);
  REQUIRE(order == std::vector<std::uint32_t>{5, 1, 3, 2, 6, 0, 4});
}

TEST_CASE("EventQueue agrees with a reference heap under interleaved pushes and pops", "[core]") {
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    std::mt19937_64 rng(seed);
    EventQueue q;
    Reference ref;
    std::uint64_t sequence = 0;
    double now = 0.0;
    for (int step = 0; step < 200'000; ++step) {
      const bool push = ref.empty() || rng() % 100 < (step < 100'000 ? 60u : 40u);
      if (push) {
        double t = next_time(rng, now);
        q.push(t, 1, static_cast<std::uint32_t>(step));
        ref.push(Event{t, sequence++, 1, static_cast<std::uint32_t>(step)});
      } else {
        Event got = q.pop();
        Event want = ref.top();
        ref.pop();
        REQUIRE(got == want);
        now = got.time_s;
      }
      REQUIRE(q.size() == ref.size());
    }
    while (!ref.empty()) {
      REQUIRE(q.pop() == ref.top());
      ref.pop();
    }
    REQUIRE(q.empty());
  }
}

TEST_CASE("EventQueue never pops a cancelled event", "[core]") {
  std::mt19937_64 rng(11);
  EventQueue q;
  std::vector<dsim::EventId> ids;
  for (std::uint32_t i = 0; i < 10'000; ++i) ids.push_back(q.push(std::uniform_real_distribution<double>(0, 100)(rng), 0, i));
  std::set<std::uint32_t> cancelled;
  for (std::uint32_t i = 0; i < 10'000; i += 3) {
    q.cancel(ids[i]);
    cancelled.insert(i);
  }
  REQUIRE(q.size() == 10'000 - cancelled.size());
  double last = -1.0;
  std::size_t popped = 0;
  while (!q.empty()) {
    Event e = q.pop();
    REQUIRE(cancelled.count(e.subject) == 0);
    REQUIRE(e.time_s >= last);
    last = e.time_s;
    ++popped;
  }
  REQUIRE(popped == 10'000 - cancelled.size());
}

TEST_CASE("EventQueue peek shows what pop returns, even after the front is cancelled", "[core]") {
  EventQueue q;
  auto first = q.push(1.0, 0, 1);
  q.push(2.0, 0, 2);
  REQUIRE(q.peek().subject == 1);
  q.cancel(first);
  REQUIRE(q.peek().subject == 2);
  REQUIRE(q.pop().subject == 2);
  REQUIRE(q.empty());
}

TEST_CASE("EventQueue keeps order in the hold model at many queue sizes", "[core]") {
  std::mt19937_64 rng(5);
  std::exponential_distribution<double> increment(1.0);
  for (std::size_t n : {10u, 1000u, 50'000u}) {
    EventQueue q;
    for (std::size_t i = 0; i < n; ++i) q.push(increment(rng), 0);
    double last = 0.0;
    for (std::size_t i = 0; i < 5 * n; ++i) {
      Event e = q.pop();
      REQUIRE(e.time_s >= last);
      last = e.time_s;
      q.push(e.time_s + increment(rng), 0);
    }
    REQUIRE(q.size() == n);
  }
}
