// SPDX-License-Identifier: MIT
#include "sim/experiment/replications.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

using namespace dsim;

TEST_CASE("run_replications returns results in replication order for any thread count", "[experiment]") {
  for (int threads : {1, 2, 3}) {
    auto out = run_replications<std::size_t>(17, threads, [](std::size_t r) { return r * r; });
    REQUIRE(out.finished_count() == 17);
    for (std::size_t r = 0; r < 17; ++r) REQUIRE(out.results[r] == r * r);
  }
}

TEST_CASE("run_replications reports progress once per replication", "[experiment]") {
  std::size_t calls = 0, last = 0;
  run_replications<int>(
      9, 2, [](std::size_t) { return 0; },
      [&](std::size_t done, std::size_t total) {
        ++calls;
        last = done;
        REQUIRE(total == 9);
      });
  REQUIRE(calls == 9);
  REQUIRE(last == 9);
}

TEST_CASE("run_replications skips everything once cancelled", "[experiment]") {
  std::atomic<bool> cancel{true};
  auto out = run_replications<int>(5, 2, [](std::size_t) { return 1; }, {}, &cancel);
  REQUIRE(out.finished_count() == 0);
}

TEST_CASE("run_replications rethrows a replication's exception", "[experiment]") {
  auto boom = [](std::size_t r) -> int {
    if (r == 3) throw std::runtime_error("replication 3 failed");
    return 0;
  };
  REQUIRE_THROWS_WITH(run_replications<int>(6, 2, boom), "replication 3 failed");
}
