// SPDX-License-Identifier: MIT
#include "sim/core/simulation.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

using namespace dsim;

TEST_CASE("Simulation fires events in order with the clock at each event's time", "[core]") {
  Simulation sim;
  sim.schedule_at(3.0, 0, 3);
  sim.schedule_at(1.0, 0, 1);
  sim.schedule_at(2.0, 0, 2);
  std::vector<std::pair<double, std::uint32_t>> seen;
  auto outcome = sim.run([&](const Event& e) { seen.emplace_back(sim.now(), e.subject); });
  REQUIRE(outcome == RunOutcome::drained);
  REQUIRE(seen == std::vector<std::pair<double, std::uint32_t>>{{1.0, 1}, {2.0, 2}, {3.0, 3}});
  REQUIRE(sim.events_processed() == 3);
}

TEST_CASE("Simulation run_until stops at the end time and advances the clock to it", "[core]") {
  Simulation sim;
  sim.schedule_at(1.0, 0);
  sim.schedule_at(5.0, 0);
  int fired = 0;
  REQUIRE(sim.run_until(4.0, [&](const Event&) { ++fired; }) == RunOutcome::reached_end);
  REQUIRE(fired == 1);
  REQUIRE(sim.now() == 4.0);
  REQUIRE(sim.pending() == 1);
  REQUIRE(sim.run_until(5.0, [&](const Event&) { ++fired; }) == RunOutcome::drained);
  REQUIRE(fired == 2);
}

TEST_CASE("Simulation handlers can schedule, cancel and stop", "[core]") {
  Simulation sim;
  EventId doomed = sim.schedule_at(10.0, 9);
  sim.schedule_at(1.0, 1);
  std::vector<std::uint32_t> kinds;
  auto outcome = sim.run([&](const Event& e) {
    kinds.push_back(e.kind);
    if (e.kind == 1) {
      sim.cancel(doomed);
      sim.schedule_in(2.0, 2);
    } else if (e.kind == 2) {
      sim.schedule_in(1.0, 3);
      sim.stop();
    }
  });
  REQUIRE(outcome == RunOutcome::stopped);
  REQUIRE(kinds == std::vector<std::uint32_t>{1, 2});
  REQUIRE(sim.now() == 3.0);
  sim.run([&](const Event& e) { kinds.push_back(e.kind); });
  REQUIRE(kinds == std::vector<std::uint32_t>{1, 2, 3});
}

TEST_CASE("Simulation refuses to schedule in the past", "[core]") {
  Simulation sim;
  sim.schedule_at(5.0, 0);
  sim.run([](const Event&) {});
  REQUIRE_THROWS_AS(sim.schedule_at(4.0, 0), std::logic_error);
  REQUIRE_THROWS_AS(sim.schedule_in(-1.0, 0), std::logic_error);
}
