// SPDX-License-Identifier: MIT
#include "sim/hazards/flood.hpp"

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

using namespace dsim;

namespace {

Grid flat_grid(std::size_t rows, std::size_t cols, double cell_m, double z = 0.0) {
  Grid g;
  g.geometry.rows = rows;
  g.geometry.cols = cols;
  g.geometry.cell_size = cell_m;
  g.values = g.geometry.filled(z);
  return g;
}

// A closed 40 x 50 basin with an uneven bed and a Gaussian hump of water.
FloodSetup hump_setup(int threads) {
  FloodSetup s;
  s.terrain = flat_grid(40, 50, 10.0);
  for (Eigen::Index r = 0; r < 40; ++r)
    for (Eigen::Index c = 0; c < 50; ++c) s.terrain.values(r, c) = 0.2 * std::sin(0.3 * c) * std::cos(0.2 * r);
  s.initial_depth_m = s.terrain.geometry.filled(0.0);
  for (Eigen::Index r = 0; r < 40; ++r)
    for (Eigen::Index c = 0; c < 50; ++c) {
      const double d2 = (r - 20.0) * (r - 20.0) + (c - 15.0) * (c - 15.0);
      s.initial_depth_m(r, c) = std::max(0.0, 0.5 + 1.5 * std::exp(-d2 / 20.0) - 0.3 - s.terrain.values(r, c));
    }
  s.manning_n = 0.03;
  s.parameters.threads = threads;
  return s;
}

// Hunter et al. (2005) travelling-front solution on a flat plane with
// Manning friction: h(x, t) = [(7/3) n^2 u^2 (u t - x)]^(3/7) behind the
// front at x = u t, zero ahead of it.
double hunter_depth(double x_m, double t_s, double n, double u_mps) {
  const double arg = (7.0 / 3.0) * n * n * u_mps * u_mps * (u_mps * t_s - x_m);
  return arg > 0.0 ? std::pow(arg, 3.0 / 7.0) : 0.0;
}

}  // namespace

TEST_CASE("A frictionless basin with a flat water surface over an uneven bed stays at rest", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(30, 40, 5.0);
  s.initial_depth_m = s.terrain.geometry.filled(0.0);
  for (Eigen::Index r = 0; r < 30; ++r)
    for (Eigen::Index c = 0; c < 40; ++c) {
      // Bumps, some of them islands above the 1 m water surface.
      const double z = 0.8 * std::sin(0.5 * c) * std::sin(0.4 * r) + 0.5;
      s.terrain.values(r, c) = z;
      s.initial_depth_m(r, c) = std::max(0.0, 1.0 - z);
    }
  s.manning_n = 0.0;
  FloodModel model(s);
  const GridArray before = model.depth_m();
  model.advance_to(600.0);
  REQUIRE(model.steps_taken() > 50);
  // Nothing but rounding noise (the surface z + (1 - z) is flat to an ulp).
  REQUIRE((model.depth_m() - before).abs().maxCoeff() < 1e-12);
  REQUIRE(std::abs(model.mass_balance().relative_error()) < 1e-14);
}

TEST_CASE("A closed basin conserves the water of an initial hump to 0.1 percent", "[hazards][flood]") {
  FloodModel model(hump_setup(0));
  const MassBalance start = model.mass_balance();
  const double start_max = model.depth_m().maxCoeff();
  model.advance_to(900.0);
  const MassBalance end = model.mass_balance();
  REQUIRE(start.stored_volume_m3 > 1000.0);
  REQUIRE(std::abs(end.stored_volume_m3 - start.stored_volume_m3) / start.stored_volume_m3 < 1e-3);
  REQUIRE(std::abs(end.relative_error()) < 1e-12);
  REQUIRE(end.boundary_in_m3 == 0.0);
  REQUIRE(end.boundary_out_m3 == 0.0);
  REQUIRE(model.depth_m().minCoeff() >= 0.0);
  // The hump did spread.
  REQUIRE(model.depth_m().maxCoeff() < 0.8 * start_max);
}

TEST_CASE("FloodModel gives bit-identical results with 1, 2 and 3 threads", "[hazards][flood]") {
  std::vector<GridArray> depths;
  std::vector<double> volumes;
  for (int threads : {1, 2, 3}) {
    FloodSetup s = hump_setup(threads);
    s.rain_mm_per_h = TimeSeries({0.0, 300.0}, {0.0, 50.0});
    s.boundaries.push_back({GridEdge::east, -1e9, 1e9, BoundaryKind::free, {}, 0.01});
    FloodModel model(s);
    model.advance_to(400.0);
    depths.push_back(model.depth_m());
    volumes.push_back(model.mass_balance().boundary_out_m3);
  }
  for (std::size_t k = 1; k < depths.size(); ++k) {
    REQUIRE((depths[k] - depths[0]).abs().maxCoeff() == 0.0);
    REQUIRE(volumes[k] == volumes[0]);
  }
}

// The solution is exact for the full shallow-water equations (and the
// diffusive wave); the local-inertial form drops convective acceleration and
// so differs by O(Froude^2): here Fr^2 < 0.05 behind the front, and the
// front itself lags by a few percent (docs/models.md).
TEST_CASE("A wave front over a rough plane matches the Hunter et al. (2005) solution", "[hazards][flood]") {
  const double n = 0.03, u = 1.0, dx = 10.0, t_end = 3600.0;
  for (double theta : {1.0, 0.7}) {
    FloodSetup s;
    s.terrain = flat_grid(1, 500, dx);
    s.manning_n = n;
    s.parameters.theta = theta;
    // The level of the virtual cell just west of the domain, at x = -dx/2.
    std::vector<double> t, level;
    for (double tt = 0.0; tt <= t_end + 60.0; tt += 5.0) {
      t.push_back(tt);
      level.push_back(hunter_depth(-0.5 * dx, tt, n, u));
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
      if (x > 0.9 * u * t_end) continue;  // the front itself has an infinite slope
      const double exact = hunter_depth(x, t_end, n, u);
      sum_error += std::abs(h - exact);
      sum_exact += exact;
      max_error = std::max(max_error, std::abs(h - exact));
    }
    const double front_x = (static_cast<double>(front_cell) + 0.5) * dx;
    INFO("theta " << theta << ": mean relative error " << sum_error / sum_exact << ", max error " << max_error
                  << " m, front at " << front_x << " m");
    REQUIRE(sum_error / sum_exact < 0.015);
    REQUIRE(max_error < 0.1);  // 4 % of the depth at the inlet
    REQUIRE(std::abs(front_x - u * t_end) < 0.05 * u * t_end);
  }
}

TEST_CASE("A point inflow into a closed basin adds exactly its volume", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(20, 20, 5.0);
  s.manning_n = 0.04;
  s.point_inflows.push_back({{52.0, 48.0}, TimeSeries({0.0, 100.0, 200.0}, {0.0, 2.0, 2.0})});
  FloodModel model(s);
  model.advance_to(300.0);
  const MassBalance b = model.mass_balance();
  // 0..100 s ramps to 2 m^3/s, then 2 m^3/s to the end: 100 + 400 m^3.
  REQUIRE(b.inflow_volume_m3 == Approx(500.0).epsilon(1e-3));
  REQUIRE(b.stored_volume_m3 == Approx(b.inflow_volume_m3).epsilon(1e-12));
  REQUIRE(model.depth_m().minCoeff() >= 0.0);
  REQUIRE(model.depth_at({52.0, 48.0}) > model.depth_at({2.0, 2.0}));
}

TEST_CASE("Uniform rain on a flat closed basin raises the water evenly", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(10, 12, 10.0);
  s.rain_mm_per_h = TimeSeries::constant(36.0);  // 1e-5 m/s
  FloodModel model(s);
  model.advance_to(1000.0);
  REQUIRE(model.depth_m().minCoeff() == Approx(0.01).epsilon(1e-9));
  REQUIRE(model.depth_m().maxCoeff() == Approx(0.01).epsilon(1e-9));
  REQUIRE(model.mass_balance().rain_volume_m3 == Approx(0.01 * 120 * 100.0).epsilon(1e-9));
  REQUIRE(std::abs(model.mass_balance().relative_error()) < 1e-12);
}

TEST_CASE("A fixed-level boundary fills a dry basin to its level and accounts for the inflow", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(6, 30, 10.0);
  s.manning_n = 0.03;
  s.boundaries.push_back({GridEdge::west, -1e9, 1e9, BoundaryKind::fixed_level, TimeSeries::constant(0.5), NAN});
  FloodModel model(s);
  model.advance_to(4 * 3600.0);
  REQUIRE(model.depth_m().minCoeff() == Approx(0.5).margin(0.005));
  REQUIRE(model.depth_m().maxCoeff() == Approx(0.5).margin(0.005));
  const MassBalance b = model.mass_balance();
  REQUIRE(b.boundary_in_m3 - b.boundary_out_m3 == Approx(b.stored_volume_m3).epsilon(1e-9));
  REQUIRE(std::abs(b.relative_error()) < 1e-9);
}

TEST_CASE("A free boundary lets water leave a sloping plane and the balance closes", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(5, 40, 10.0);
  for (Eigen::Index c = 0; c < 40; ++c) s.terrain.values.col(c).setConstant(2.0 - 0.01 * 10.0 * c);
  s.manning_n = 0.03;
  s.boundaries.push_back({GridEdge::east, -1e9, 1e9, BoundaryKind::free, {}, NAN});
  s.boundaries.push_back({GridEdge::west, 10.0, 40.0, BoundaryKind::inflow, TimeSeries::constant(0.2), NAN});
  FloodModel model(s);
  model.advance_to(3 * 3600.0);
  const MassBalance b = model.mass_balance();
  // 0.2 m^2/s over 30 m of edge.
  REQUIRE(b.inflow_volume_m3 == Approx(6.0 * 3 * 3600.0).epsilon(1e-9));
  // Near steady state: what leaves is close to what enters.
  REQUIRE(b.boundary_out_m3 > 0.8 * b.inflow_volume_m3);
  REQUIRE(std::abs(b.relative_error()) < 1e-9);
}

TEST_CASE("Depth watches report cells crossing a threshold, rising then falling", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(4, 20, 10.0);
  s.manning_n = 0.03;
  // The level rises to 0.6 m, then falls back to nothing.
  s.boundaries.push_back({GridEdge::west, -1e9, 1e9, BoundaryKind::fixed_level,
                          TimeSeries({0.0, 600.0, 7200.0, 7800.0}, {0.0, 0.6, 0.6, 0.0}), NAN});
  FloodModel model(s);
  const DepthWatchId watch = model.watch_depth(0.3);
  REQUIRE(model.take_crossings(watch).empty());
  model.advance_to(7200.0);
  auto rising = model.take_crossings(watch);
  REQUIRE(rising.size() == 80);
  for (const auto& x : rising) REQUIRE(x.rising);
  REQUIRE(model.take_crossings(watch).empty());
  model.advance_to(6 * 3600.0);
  auto falling = model.take_crossings(watch);
  REQUIRE(falling.size() == 80);
  for (const auto& x : falling) REQUIRE_FALSE(x.rising);
  // Max depth and arrival grids remember the flood.
  REQUIRE(model.max_depth_m().minCoeff() > 0.3);
  REQUIRE(model.arrival_time_s().maxCoeff() < 7200.0);
  REQUIRE(model.arrival_time_s()(0, 0) < model.arrival_time_s()(0, 19));
}

TEST_CASE("max_depth_along reads the deepest water a polyline crosses", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(10, 10, 10.0);
  s.initial_depth_m = s.terrain.geometry.filled(0.0);
  s.initial_depth_m(2, 7) = 0.4;  // centre (75, 25)
  FloodModel model(s);
  REQUIRE(model.max_depth_along({{5.0, 5.0}, {95.0, 5.0}}) == 0.0);
  REQUIRE(model.max_depth_along({{75.0, 5.0}, {75.0, 95.0}}) == 0.4);
  REQUIRE(std::isnan(model.depth_at({-1.0, 5.0})));
}

TEST_CASE("Cells outside the domain (NaN bed) stay dry and block flow", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(5, 10, 10.0);
  s.terrain.values.col(5).setConstant(NAN);  // a wall across the basin
  s.initial_depth_m = s.terrain.geometry.filled(0.0);
  s.initial_depth_m.leftCols(5).setConstant(1.0);
  s.rain_mm_per_h = TimeSeries::constant(10.0);
  FloodModel model(s);
  model.advance_to(1800.0);
  REQUIRE(model.depth_m().col(5).maxCoeff() == 0.0);
  REQUIRE(model.depth_m().rightCols(4).maxCoeff() == Approx(0.005).epsilon(1e-9));
  REQUIRE(std::isnan(model.depth_grid().values(0, 5)));
  REQUIRE(std::abs(model.mass_balance().relative_error()) < 1e-12);
}

TEST_CASE("FloodModel rejects an inconsistent setup", "[hazards][flood]") {
  FloodSetup s;
  s.terrain = flat_grid(4, 4, 10.0);
  s.initial_depth_m = GridArray::Zero(3, 4);
  REQUIRE_THROWS_AS(FloodModel(s), InputError);
  s.initial_depth_m = GridArray();
  s.point_inflows.push_back({{100.0, 5.0}, TimeSeries::constant(1.0)});
  REQUIRE_THROWS_WITH(FloodModel(s), Catch::Contains("point inflow"));
  s.point_inflows.clear();
  s.terrain.geometry.units = GridUnits::degrees;
  REQUIRE_THROWS_AS(FloodModel(s), InputError);
}
