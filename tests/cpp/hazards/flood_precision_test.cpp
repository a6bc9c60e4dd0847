// SPDX-License-Identifier: MIT
// The flood solver's fused kernel in single and double precision: how far
// apart the two are, that neither depends on the thread count, and that
// single precision still passes the validation cases (flood_test.cpp and
// lisflood_deck_test.cpp run them in double) with the tolerances that
// docs/models.md states for it.
#include "sim/hazards/flood.hpp"

#include "sim/hazards/gauge_series.hpp"
#include "sim/hazards/lisflood_deck.hpp"
#include "tests/cpp/support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>

using namespace dsim;

namespace {

constexpr auto kSingle = FloodPrecision::single_precision;
constexpr auto kDouble = FloodPrecision::double_precision;

Grid grid(std::size_t rows, std::size_t cols, double cell_m) {
  Grid g;
  g.geometry.rows = rows;
  g.geometry.cols = cols;
  g.geometry.cell_size = cell_m;
  g.values = g.geometry.filled(0.0);
  return g;
}

// A valley sloping east with bumps, a hump of water, rain for ten minutes,
// a river entering in the west and a free east edge: every part of the
// kernel (wetting front, limiter, rain, sources, boundaries) takes part.
FloodSetup valley(std::size_t rows, std::size_t cols, FloodPrecision precision, int threads) {
  FloodSetup s;
  s.terrain = grid(rows, cols, 10.0);
  s.initial_depth_m = s.terrain.geometry.filled(0.0);
  for (Eigen::Index r = 0; r < static_cast<Eigen::Index>(rows); ++r)
    for (Eigen::Index c = 0; c < static_cast<Eigen::Index>(cols); ++c) {
      const double z = 5.0 - 0.02 * c + 0.3 * std::sin(0.3 * c) * std::cos(0.2 * r) + 0.002 * (r - rows / 2.0) * (r - rows / 2.0) / 10.0;
      s.terrain.values(r, c) = z;
      const double d2 = (r - rows / 3.0) * (r - rows / 3.0) + (c - cols / 2.0) * (c - cols / 2.0);
      s.initial_depth_m(r, c) = std::max(0.0, 1.0 * std::exp(-d2 / 30.0) - 0.1);
    }
  s.manning_n = 0.04;
  s.rain_mm_per_h = TimeSeries({0.0, 600.0, 601.0}, {30.0, 30.0, 0.0});
  s.point_inflows.push_back({{15.0, 10.0 * static_cast<double>(rows) / 2.0}, TimeSeries({0.0, 3600.0}, {20.0, 5.0})});
  s.boundaries.push_back({GridEdge::east, -1e9, 1e9, BoundaryKind::free, {}, 0.02});
  s.parameters.precision = precision;
  s.parameters.threads = threads;
  return s;
}

struct Outcome {
  GridArray depth, max_depth, arrival;
  MassBalance balance;
};

Outcome run(const FloodSetup& s, double until_s) {
  FloodModel model(s);
  model.advance_to(until_s);
  return {model.depth_m(), model.max_depth_m(), model.arrival_time_s(), model.mass_balance()};
}

}  // namespace

TEST_CASE("Single and double precision agree on a small flood within the stated tolerances", "[hazards][flood]") {
  const Outcome d = run(valley(60, 80, kDouble, 1), 2.0 * 3600.0);
  const Outcome s = run(valley(60, 80, kSingle, 1), 2.0 * 3600.0);
  REQUIRE(d.balance.stored_volume_m3 > 1000.0);
  REQUIRE(d.balance.boundary_out_m3 > 1000.0);  // water left through the free edge
  // Mass: the same water in and out, stored to 1e-5 of it.
  REQUIRE(std::abs(s.balance.stored_volume_m3 - d.balance.stored_volume_m3) < 1e-5 * d.balance.stored_volume_m3);
  REQUIRE(std::abs(s.balance.boundary_out_m3 - d.balance.boundary_out_m3) < 1e-4 * d.balance.boundary_out_m3);
  REQUIRE(std::abs(d.balance.relative_error()) < 1e-12);
  REQUIRE(std::abs(s.balance.relative_error()) < 1e-6);
  // Depths: within 1 mm everywhere, at the end and at their peak.
  REQUIRE((s.depth - d.depth).abs().maxCoeff() < 1e-3);
  REQUIRE((s.max_depth - d.max_depth).abs().maxCoeff() < 1e-3);
  // Arrival (depth first above 1 cm): the same cells, within half a minute.
  std::size_t both = 0, one = 0;
  double worst_s = 0.0;
  for (Eigen::Index i = 0; i < d.arrival.size(); ++i) {
    const bool in_d = std::isfinite(d.arrival.data()[i]), in_s = std::isfinite(s.arrival.data()[i]);
    if (in_d && in_s) {
      ++both;
      worst_s = std::max(worst_s, std::abs(d.arrival.data()[i] - s.arrival.data()[i]));
    } else if (in_d != in_s) {
      ++one;
    }
  }
  INFO(both << " cells reached in both, " << one << " in one only, arrival times up to " << worst_s << " s apart");
  REQUIRE(both > 500);
  REQUIRE(one <= both / 100);
  REQUIRE(worst_s < 30.0);
}

TEST_CASE("The fused kernel gives bit-identical results with 1, 2 and 3 threads in both precisions",
          "[hazards][flood]") {
  // 240 x 210 cells: enough for three bands of rows (a step uses one
  // thread per 16,384 cells).
  for (const auto precision : {kDouble, kSingle}) {
    const Outcome one = run(valley(240, 210, precision, 1), 900.0);
    REQUIRE(one.balance.stored_volume_m3 > 0.0);
    for (int threads : {2, 3}) {
      const Outcome many = run(valley(240, 210, precision, threads), 900.0);
      REQUIRE((many.depth - one.depth).abs().maxCoeff() == 0.0);
      REQUIRE((many.max_depth - one.max_depth).abs().maxCoeff() == 0.0);
      REQUIRE(many.arrival.isFinite().count() == one.arrival.isFinite().count());
      REQUIRE((many.arrival.isFinite()).select(many.arrival - one.arrival, 0.0).abs().maxCoeff() == 0.0);
      REQUIRE(many.balance.stored_volume_m3 == one.balance.stored_volume_m3);
      REQUIRE(many.balance.boundary_out_m3 == one.balance.boundary_out_m3);
    }
  }
}

TEST_CASE("Single precision keeps a lake at rest and the water of a closed basin", "[hazards][flood]") {
  // Lake at rest: a flat surface at 1 m over an uneven bed, no friction.
  FloodSetup lake;
  lake.terrain = grid(30, 40, 5.0);
  lake.initial_depth_m = lake.terrain.geometry.filled(0.0);
  for (Eigen::Index r = 0; r < 30; ++r)
    for (Eigen::Index c = 0; c < 40; ++c) {
      lake.terrain.values(r, c) = 0.4 * std::sin(0.5 * c) * std::cos(0.4 * r);
      lake.initial_depth_m(r, c) = 1.0 - lake.terrain.values(r, c);
    }
  lake.manning_n = 0.0;
  lake.parameters.precision = kSingle;
  FloodModel still(lake);
  const GridArray before = still.depth_m();
  still.advance_to(600.0);
  REQUIRE(still.steps_taken() > 50);
  // The surface is flat only to the rounding of bed + depth in float (about
  // 1e-7 m), so a ripple of that size is all that may move.
  REQUIRE((still.depth_m() - before).abs().maxCoeff() < 1e-6);
  REQUIRE(std::abs(still.mass_balance().relative_error()) < 1e-6);

  // A hump of water spreading in a closed basin.
  FloodSetup hump = valley(40, 50, kSingle, 1);
  hump.boundaries.clear();
  hump.point_inflows.clear();
  hump.rain_mm_per_h = TimeSeries();
  FloodModel basin(hump);
  const double start = basin.mass_balance().stored_volume_m3;
  basin.advance_to(1800.0);
  REQUIRE(start > 100.0);
  REQUIRE(std::abs(basin.mass_balance().stored_volume_m3 - start) < 1e-6 * start);
  REQUIRE(basin.depth_m().minCoeff() >= 0.0);
}

TEST_CASE("Single precision matches the Hunter et al. (2005) solution as double does", "[hazards][flood]") {
  // As in flood_test.cpp, with the same tolerances.
  const double n = 0.03, u = 1.0, dx = 10.0, t_end = 3600.0;
  FloodSetup s;
  s.terrain = grid(1, 500, dx);
  s.manning_n = n;
  s.parameters.precision = kSingle;
  auto exact = [&](double x, double t) {
    const double arg = (7.0 / 3.0) * n * n * u * u * (u * t - x);
    return arg > 0.0 ? std::pow(arg, 3.0 / 7.0) : 0.0;
  };
  std::vector<double> t, level;
  for (double tt = 0.0; tt <= t_end + 60.0; tt += 5.0) {
    t.push_back(tt);
    level.push_back(exact(-0.5 * dx, tt));
  }
  s.boundaries.push_back({GridEdge::west, -1e9, 1e9, BoundaryKind::fixed_level, TimeSeries(t, level), NAN});
  FloodModel model(s);
  model.advance_to(t_end);
  double sum_error = 0.0, sum_exact = 0.0, max_error = 0.0;
  std::size_t front_cell = 0;
  for (std::size_t c = 0; c < 500; ++c) {
    const double x = (static_cast<double>(c) + 0.5) * dx;
    const double h = model.depth_m()(0, static_cast<Eigen::Index>(c));
    if (h > 0.01) front_cell = c;
    if (x > 0.9 * u * t_end) continue;
    sum_error += std::abs(h - exact(x, t_end));
    sum_exact += exact(x, t_end);
    max_error = std::max(max_error, std::abs(h - exact(x, t_end)));
  }
  const double front_x = (static_cast<double>(front_cell) + 0.5) * dx;
  INFO("mean relative error " << sum_error / sum_exact << ", max error " << max_error << " m, front at " << front_x);
  REQUIRE(sum_error / sum_exact < 0.015);
  REQUIRE(max_error < 0.1);
  REQUIRE(std::abs(front_x - u * t_end) < 0.05 * u * t_end);
  REQUIRE(std::abs(model.mass_balance().relative_error()) < 1e-5);
}

TEST_CASE("Single precision matches EA benchmark Test 4 at 10 m as double does", "[hazards][flood][shared]") {
  auto par = dsim::testing::shared_data_file("flood/ea_test4_lisflood8/ea4.par");
  if (!par) return;
  const double cell_m = 10.0;
  const LisfloodDeck deck = read_lisflood_deck(*par, cell_m);
  Grid plain = grid(200, 100, cell_m);  // x 0..1000 m, y 0..2000 m, flat
  FloodSetup setup = deck.make_setup(plain);
  setup.parameters.precision = kSingle;
  FloodModel model(setup);
  const GaugeSeries g = run_with_gauges(model, deck.gauges, deck.sim_time_s, 60.0);
  // The references and tolerances of lisflood_deck_test.cpp.
  const std::array<double, 6> ref_arrival_s{613.0, 982.0, 1823.0, 2730.0, 3689.0, 3973.0};
  const std::array<double, 6> ref_peak_m{0.3293, 0.2771, 0.2288, 0.2010, 0.1805, 0.1761};
  for (std::size_t i = 0; i < 6; ++i) {
    INFO("gauge " << i + 1 << ": arrival " << g.arrival_time_s[i] << " s, peak " << g.peak_depth_m[i] << " m");
    REQUIRE(std::abs(g.arrival_time_s[i] - ref_arrival_s[i]) < 180.0);
    REQUIRE(std::abs(g.peak_depth_m[i] - ref_peak_m[i]) < 0.03 * ref_peak_m[i]);
  }
  REQUIRE(std::abs(model.mass_balance().relative_error()) < 1e-5);
}
