// SPDX-License-Identifier: MIT
#include "sim/hazards/fire_spread.hpp"

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

using namespace dsim;

namespace {

constexpr double kPi = std::numbers::pi;

SpreadField uniform_field(std::size_t n, float head_mps, float lb, float heading_rad, float intensity_kw_m = 1000.0f) {
  SpreadField f;
  f.head_mps.assign(n, head_mps);
  f.lb.assign(n, lb);
  f.heading_rad.assign(n, heading_rad);
  f.intensity_kw_m.assign(n, intensity_kw_m);
  return f;
}

SpreadLandscape uniform_landscape(std::size_t rows, std::size_t cols, double cell_m, float head_mps, float lb,
                                  float heading_rad) {
  SpreadLandscape l;
  l.rows = rows;
  l.cols = cols;
  l.cell_size_m = cell_m;
  l.times_s = {0.0};
  l.fields = {uniform_field(rows * cols, head_mps, lb, heading_rad)};
  return l;
}

struct ShapeError {
  double area = 0.0;  // (burned - ellipse) / ellipse
  double head = 0.0;  // (reach along the heading - head t) / (head t)
};

// Uniform fuel and a steady wind: the cells burned by time t against the
// ellipse with the ignition at its rear focus (area pi a b, a = (head +
// back) t / 2, b = a / LB; head distance head t).
ShapeError shape_error(int stencil, double lb, double heading_deg) {
  const double cell = 1.0, head = 1.0, t = 150.0;
  const double heading = heading_deg * kPi / 180.0;
  const std::size_t rows = 360, cols = 360;
  const double e = std::sqrt(1.0 - 1.0 / (lb * lb));
  const double back = head * (1.0 - e) / (1.0 + e);
  const double a = (head + back) * t / 2.0, b = a / lb;
  // The ignition (rear focus) put so that the ellipse's centre is the raster's.
  const double sx = std::sin(heading), cy = std::cos(heading), to_centre = a - back * t;
  const auto r0 = std::size_t(std::lround(180.0 - to_centre * cy)), c0 = std::size_t(std::lround(180.0 - to_centre * sx));
  const SpreadLandscape land = uniform_landscape(rows, cols, cell, float(head), float(lb), float(heading));
  FireSpreadOptions o;
  o.stencil = stencil;
  const std::size_t ign = r0 * cols + c0;
  const std::vector<double> at = spread_fire(land, std::span(&ign, 1), std::vector<double>{0.0}, t, o);
  std::size_t burned = 0;
  double reach = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      if (!(at[r * cols + c] <= t)) continue;
      ++burned;
      reach = std::max(reach, (double(c) - double(c0)) * sx + (double(r) - double(r0)) * cy);
    }
  }
  return {double(burned) * cell * cell / (kPi * a * b) - 1.0, reach / (head * t) - 1.0};
}

// The worst shape error of a stencil at one LB over head directions on and
// off its moves.
ShapeError worst_shape_error(int stencil, double lb) {
  ShapeError worst;
  for (const double deg : {0.0, 10.0, 22.5, 30.0, 45.0, 63.0}) {
    const ShapeError s = shape_error(stencil, lb, deg);
    if (std::abs(s.area) > std::abs(worst.area)) worst.area = s.area;
    if (std::abs(s.head) > std::abs(worst.head)) worst.head = s.head;
  }
  return worst;
}

}  // namespace

TEST_CASE("Uniform fuel under a steady wind burns the analytic ellipse within each stencil's stated error",
          "[fire_spread]") {
  // The bounds docs/models.md states (measured: see the hidden case below);
  // the error grows with LB, as the elliptical rate narrows around the head
  // and the fixed moves miss it, and shrinks as the stencil grows.
  struct Bound {
    int stencil;
    double area, head;
  };
  struct Row {
    double lb;
    std::vector<Bound> bounds;
  };
  const std::vector<Row> table{
      {1.5, {{8, 0.25, 0.25}, {16, 0.09, 0.065}, {32, 0.036, 0.045}, {48, 0.019, 0.015}, {80, 0.009, 0.006}}},
      {2.0, {{8, 0.40, 0.39}, {16, 0.165, 0.115}, {32, 0.078, 0.08}, {48, 0.042, 0.023}, {80, 0.022, 0.009}}},
      {4.0, {{8, 0.79, 0.73}, {16, 0.49, 0.34}, {32, 0.28, 0.27}, {48, 0.185, 0.09}, {80, 0.125, 0.02}}},
  };
  for (const Row& row : table) {
    double previous_area = 1.0, previous_head = 1.0;
    for (const Bound& bound : row.bounds) {
      const ShapeError w = worst_shape_error(bound.stencil, row.lb);
      INFO("stencil " << bound.stencil << ", LB " << row.lb << ": area " << w.area << ", head " << w.head);
      CHECK(w.area < 0.0);  // polygons inside the ellipse
      CHECK(std::abs(w.area) < bound.area);
      CHECK(std::abs(w.head) < bound.head);
      CHECK(std::abs(w.area) < previous_area);
      CHECK(std::abs(w.head) < previous_head);
      previous_area = std::abs(w.area);
      previous_head = std::abs(w.head);
    }
  }
  // Along a move of every stencil (heading north) the head distance is exact to a cell.
  for (const int stencil : {8, 16, 32, 48, 80}) CHECK(std::abs(shape_error(stencil, 4.0, 0.0).head) < 0.007);
}

TEST_CASE("Without wind the fire burns a circle", "[fire_spread]") {
  struct Bound {
    int stencil;
    double area, radius;
  };
  for (const Bound b : {Bound{8, 0.11, 0.085}, Bound{16, 0.035, 0.02}, Bound{32, 0.013, 0.02}, Bound{48, 0.006, 0.01},
                        Bound{80, 0.003, 0.01}}) {
    const ShapeError s = worst_shape_error(b.stencil, 1.0);
    INFO("stencil " << b.stencil << ": area " << s.area << ", radius " << s.head);
    CHECK(std::abs(s.area) < b.area);
    CHECK(s.area < 0.0);  // a polygon inside the circle
    CHECK(std::abs(s.head) < b.radius);
  }
}

TEST_CASE("Shape error of each stencil, printed for docs/models.md", "[.fire_spread_measure]") {
  for (const int stencil : {8, 16, 32, 48, 80}) {
    for (const double lb : {1.0, 1.5, 2.0, 4.0}) {
      for (const double deg : {0.0, 10.0, 22.5, 30.0, 45.0, 63.0}) {
        const ShapeError s = shape_error(stencil, lb, deg);
        std::printf("stencil %2d  LB %.1f  heading %5.1f  area %+7.4f  head %+7.4f\n", stencil, lb, deg, s.area,
                    s.head);
      }
      const ShapeError w = worst_shape_error(stencil, lb);
      std::printf("stencil %2d  LB %.1f  worst         area %+7.4f  head %+7.4f\n", stencil, lb, w.area, w.head);
    }
  }
}

namespace {

// A fire run north from the south edge towards a band of barrier cells
// across the whole raster (rows band_lo..band_hi), width `width_m` each.
SpreadLandscape barrier_landscape(float width_m, float u) {
  SpreadLandscape l = uniform_landscape(60, 40, 30.0, 0.5f, 2.0f, 0.0f);
  l.barrier_width_m.assign(l.rows * l.cols, 0.0f);
  l.breach_u.assign(l.rows * l.cols, u);
  for (std::size_t r = 30; r < 33; ++r)
    for (std::size_t c = 0; c < l.cols; ++c) l.barrier_width_m[r * l.cols + c] = width_m;
  return l;
}

std::size_t burned_north_of(const std::vector<double>& at, std::size_t cols, std::size_t row) {
  std::size_t n = 0;
  for (std::size_t i = (row + 1) * cols; i < at.size(); ++i) n += at[i] != FireSpread::kNever;
  return n;
}

}  // namespace

TEST_CASE("A barrier wider than the breaching distance stops the fire; a narrow one it breaches does not",
          "[fire_spread]") {
  // Breaching distance: intensity / 100 m (10 m for 1,000 kW/m); a fire
  // breaches a narrower barrier with chance 0.8.
  FireSpreadOptions o;
  o.breach_probability = [](double intensity_kw_m, double width_m) {
    return width_m < intensity_kw_m / 100.0 ? 0.8 : 0.0;
  };
  const std::size_t ign = 5 * 40 + 20;
  const std::vector<double> t0{0.0};
  for (const int stencil : {8, 16, 32, 48, 80}) {
    o.stencil = stencil;
    INFO("stencil " << stencil);
    const SpreadLandscape wide = barrier_landscape(40.0f, 0.1f);
    const auto at_wide = spread_fire(wide, std::span(&ign, 1), t0, 1e6, o);
    CHECK(burned_north_of(at_wide, 40, 29) == 0);
    CHECK(at_wide[29 * 40 + 20] < FireSpread::kNever);  // it did reach the barrier

    const SpreadLandscape narrow = barrier_landscape(5.0f, 0.1f);  // u 0.1 < p 0.8: breached
    const auto at_narrow = spread_fire(narrow, std::span(&ign, 1), t0, 1e6, o);
    CHECK(at_narrow[50 * 40 + 20] < FireSpread::kNever);

    const SpreadLandscape lucky = barrier_landscape(5.0f, 0.9f);  // u 0.9 >= p 0.8: it holds
    CHECK(burned_north_of(spread_fire(lucky, std::span(&ign, 1), t0, 1e6, o), 40, 29) == 0);

    FireSpreadOptions never = o;
    never.breach_probability = nullptr;  // no breaching function: barriers always hold
    CHECK(burned_north_of(spread_fire(narrow, std::span(&ign, 1), t0, 1e6, never), 40, 29) == 0);
  }
}

TEST_CASE("Holding the cells across the head before it arrives stops the spread beyond them", "[fire_spread]") {
  const SpreadLandscape land = uniform_landscape(80, 50, 30.0, 1.0f, 3.0f, 0.3f);
  for (const int stencil : {8, 16, 32, 48, 80}) {
    INFO("stencil " << stencil);
    FireSpreadOptions o;
    o.stencil = stencil;
    FireSpread fire(land, o);
    fire.ignite(5 * 50 + 10, 0.0);
    fire.advance_to(600.0);  // head about 20 cells north
    // A line on row 40, the full width, held while the head is still short of it.
    for (std::size_t c = 0; c < 50; ++c) REQUIRE(fire.arrival_s()[40 * 50 + c] == FireSpread::kNever);
    for (std::size_t c = 0; c < 50; ++c) fire.hold(40 * 50 + c);
    CHECK(fire.held(40 * 50 + 7));
    CHECK_FALSE(fire.held(39 * 50 + 7));
    fire.advance_to(1e6);
    CHECK(burned_north_of(fire.arrival_s(), 50, 39) == 0);
    CHECK(fire.arrival_s()[39 * 50 + 10] < FireSpread::kNever);
    CHECK(fire.active_edge().empty());  // everything south of the line has burned

    // Without the line the same fire runs to the north edge.
    const std::size_t ign = 5 * 50 + 10;
    CHECK(burned_north_of(spread_fire(land, std::span(&ign, 1), std::vector<double>{0.0}, 1e6, o), 50, 39) > 0);
  }
}

namespace {

// A wind from the south (fire heading north) that turns to blow from the
// west (heading east) at `turn_s`, with a firebreak it may breach.
SpreadLandscape turning_wind(double turn_s) {
  const std::size_t rows = 120, cols = 120, n = rows * cols;
  SpreadLandscape l;
  l.rows = rows;
  l.cols = cols;
  l.cell_size_m = 30.0;
  l.times_s = {0.0, turn_s};
  l.fields = {uniform_field(n, 1.0f, 3.0f, 0.0f), uniform_field(n, 1.0f, 3.0f, float(kPi / 2.0))};
  for (std::size_t i = 0; i < n; ++i) l.fields[1].head_mps[i] = (i % 7 == 0) ? 0.6f : 1.0f;  // some variation
  return l;
}

}  // namespace

TEST_CASE("A wind change turns the fire", "[fire_spread]") {
  const double turn_s = 900.0;
  const SpreadLandscape land = turning_wind(turn_s);
  const std::size_t cols = land.cols, ign = 30 * cols + 60;
  FireSpreadOptions o;
  const auto at = spread_fire(land, std::span(&ign, 1), std::vector<double>{0.0}, 3600.0, o);
  // East of the ignition, 60 cells (1,800 m) downwind of the new wind: burned after the change,
  // while the same distance west (upwind) is still unburned.
  const std::size_t east = 30 * cols + 119, west = 30 * cols + 1;
  CHECK(at[east] > turn_s);
  CHECK(at[east] <= 3600.0);
  CHECK(at[west] == FireSpread::kNever);
  // Under the first wind alone the east cell is far later.
  SpreadLandscape steady = land;
  steady.times_s = {0.0};
  steady.fields.resize(1);
  const auto at_steady = spread_fire(steady, std::span(&ign, 1), std::vector<double>{0.0}, 3600.0, o);
  CHECK(at_steady[east] == FireSpread::kNever);
  // The head ran north until the change: about 900 m = 30 cells, then turned.
  CHECK(at[(30 + 25) * cols + 60] < turn_s);
}

TEST_CASE("Advancing in steps gives the same arrival times as one call; runs repeat exactly", "[fire_spread]") {
  SpreadLandscape land = turning_wind(700.0);
  land.barrier_width_m.assign(land.rows * land.cols, 0.0f);
  land.breach_u.assign(land.rows * land.cols, 0.0f);
  for (std::size_t c = 0; c < land.cols; ++c) {
    land.barrier_width_m[50 * land.cols + c] = 8.0f;
    land.breach_u[50 * land.cols + c] = float(c % 10) / 10.0f;
  }
  FireSpreadOptions o;
  o.stencil = 32;
  o.breach_probability = [](double, double width_m) { return width_m < 10.0 ? 0.5 : 0.0; };
  const std::vector<std::size_t> ign{30 * land.cols + 60, 80 * land.cols + 20};
  const std::vector<double> times{0.0, 400.0};
  const auto once = spread_fire(land, ign, times, 5000.0, o);

  FireSpread fire(land, o);
  fire.ignite(ign[0], 0.0);
  for (double t = 37.0; t < 5000.0; t += 37.0) {
    if (t >= 400.0 && fire.now_s() < 400.0) {
      fire.advance_to(400.0);
      fire.ignite(ign[1], 400.0);
    }
    fire.advance_to(t);
    for (double a : fire.arrival_s()) REQUIRE((a == FireSpread::kNever || a <= t));
  }
  fire.advance_to(5000.0);
  CHECK(fire.arrival_s() == once);
  CHECK(spread_fire(land, ign, times, 5000.0, o) == once);  // determinism
  std::size_t burned = 0;
  for (double a : once) burned += a != FireSpread::kNever;
  CHECK(fire.burned_area_m2() == Approx(double(burned) * 900.0));
  CHECK(burned > 1000);
  CHECK(burned < land.rows * land.cols);  // the barrier holds in places
}

TEST_CASE("The active edge is the burned cells next to cells the fire may still reach", "[fire_spread]") {
  const SpreadLandscape land = uniform_landscape(50, 50, 30.0, 1.0f, 1.0f, 0.0f);
  FireSpread fire(land, {});
  fire.ignite(25 * 50 + 25, 0.0);
  fire.advance_to(200.0);
  const auto edge = fire.active_edge();
  REQUIRE_FALSE(edge.empty());
  for (const std::size_t c : edge) CHECK(fire.arrival_s()[c] <= 200.0);
  CHECK(std::find(edge.begin(), edge.end(), std::size_t(25 * 50 + 25)) == edge.end());  // the centre is inside
}

TEST_CASE("Bad spread input is refused with one message", "[fire_spread]") {
  SpreadLandscape land = uniform_landscape(10, 10, 30.0, 1.0f, 1.0f, 0.0f);
  FireSpreadOptions o;
  o.stencil = 12;
  CHECK_THROWS_AS(FireSpread(land, o), InputError);
  o.stencil = 64;
  CHECK_THROWS_AS(FireSpread(land, o), InputError);
  land.fields[0].lb[3] = 0.5f;
  CHECK_THROWS_AS(FireSpread(land, {}), InputError);
  land.fields[0].lb[3] = 1.0f;
  land.times_s = {0.0, 0.0};
  land.fields.push_back(land.fields[0]);
  CHECK_THROWS_AS(FireSpread(land, {}), InputError);
  land.times_s = {0.0, 10.0};
  FireSpread fire(land, {});
  CHECK_THROWS_AS(fire.ignite(100, 0.0), InputError);
  fire.advance_to(5.0);
  CHECK_THROWS_AS(fire.ignite(3, 1.0), InputError);
}

namespace {

// The highest row burned so far (0 when none).
std::size_t head_row(const FireSpread& fire, std::size_t cols) {
  std::size_t top = 0;
  const auto& at = fire.arrival_s();
  for (std::size_t i = 0; i < at.size(); ++i)
    if (at[i] != FireSpread::kNever) top = std::max(top, i / cols);
  return top;
}

}  // namespace

TEST_CASE("A line held one or two cells ahead of the head stops long moves that were already under way",
          "[fire_spread]") {
  // Long moves of the 16 and 32 stencils jump over cells: a cell beyond the
  // line may already hold a tentative arrival over a line cell when the
  // line is held, and that arrival must be withdrawn.
  const std::size_t rows = 80, cols = 50, line = 40;
  for (const float heading : {0.0f, 0.35f, -0.6f}) {
    const SpreadLandscape land = uniform_landscape(rows, cols, 30.0, 1.0f, 4.0f, heading);
    for (const int stencil : {8, 16, 32, 48, 80}) {
      for (const std::size_t gap : {1u, 2u}) {
        INFO("stencil " << stencil << ", heading " << heading << ", held " << gap << " cells ahead");
        FireSpreadOptions o;
        o.stencil = stencil;
        FireSpread fire(land, o);
        fire.ignite(5 * cols + 25, 0.0);
        double t = 0.0;
        while (head_row(fire, cols) + gap < line) fire.advance_to(t += 0.05);
        REQUIRE(head_row(fire, cols) < line);
        for (std::size_t c = 0; c < cols; ++c) fire.hold(line * cols + c);
        fire.advance_to(1e6);
        CHECK(burned_north_of(fire.arrival_s(), cols, line - 1) == 0);
        CHECK(fire.contained());
      }
    }
  }
}

TEST_CASE("A ring held around a fire contains it", "[fire_spread]") {
  const std::size_t rows = 70, cols = 70;
  const SpreadLandscape land = uniform_landscape(rows, cols, 30.0, 1.0f, 3.0f, 0.5f);
  for (const int stencil : {8, 16, 32, 48, 80}) {
    INFO("stencil " << stencil);
    FireSpreadOptions o;
    o.stencil = stencil;
    FireSpread fire(land, o);
    fire.ignite(30 * cols + 30, 0.0);
    // The ring: rows and columns 20 and 45; held when the head is 2 cells short.
    const auto on_ring = [&](std::size_t r, std::size_t c) {
      return (r == 20 || r == 45 || c == 20 || c == 45) && r >= 20 && r <= 45 && c >= 20 && c <= 45;
    };
    double t = 0.0;
    for (;;) {
      bool close = false;
      for (std::size_t i = 0; i < rows * cols; ++i) {
        if (fire.arrival_s()[i] == FireSpread::kNever) continue;
        const std::size_t r = i / cols, c = i % cols;
        close = close || r + 2 >= 45 || c + 2 >= 45 || r <= 22 || c <= 22;
      }
      if (close) break;
      fire.advance_to(t += 0.05);
    }
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c)
        if (on_ring(r, c)) REQUIRE(fire.arrival_s()[r * cols + c] == FireSpread::kNever);
    CHECK_FALSE(fire.contained());
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c)
        if (on_ring(r, c)) fire.hold(r * cols + c);
    fire.advance_to(1e6);
    const double area = fire.burned_area_m2();
    CHECK(fire.contained());
    std::size_t outside = 0;
    for (std::size_t i = 0; i < rows * cols; ++i) {
      const std::size_t r = i / cols, c = i % cols;
      if (r < 20 || r > 45 || c < 20 || c > 45) outside += fire.arrival_s()[i] != FireSpread::kNever;
    }
    CHECK(outside == 0);
    CHECK(area == Approx(24.0 * 24.0 * 900.0));  // everything inside burned, nothing else
  }
}

TEST_CASE("Holding every front cell stops the fire for good", "[fire_spread]") {
  // A wind that turns, fuel with bare patches, a barrier band it breaches.
  SpreadLandscape land = turning_wind(500.0);
  const std::size_t cols = land.cols, n = land.rows * cols;
  for (std::size_t i = 0; i < n; ++i)
    if ((i / cols) % 11 == 3 && i % 13 < 4) land.fields[0].head_mps[i] = land.fields[1].head_mps[i] = 0.0f;
  land.barrier_width_m.assign(n, 0.0f);
  land.breach_u.assign(n, 0.1f);
  for (std::size_t c = 0; c < cols; ++c) land.barrier_width_m[70 * cols + c] = 5.0f;
  for (const int stencil : {8, 16, 32, 48, 80}) {
    for (const double hold_at : {300.0, 450.0, 800.0}) {
      INFO("stencil " << stencil << ", held at " << hold_at << " s");
      FireSpreadOptions o;
      o.stencil = stencil;
      o.breach_probability = [](double, double) { return 0.5; };
      FireSpread fire(land, o);
      fire.ignite(40 * cols + 60, 0.0);
      fire.advance_to(hold_at);
      const std::vector<std::size_t> front = fire.front();
      REQUIRE_FALSE(front.empty());
      CHECK_FALSE(fire.contained());
      for (const std::size_t c : front) {
        CHECK(fire.arrival_s()[c] == FireSpread::kNever);
        CHECK_FALSE(fire.held(c));
        CHECK(land.fields[hold_at < 500.0 ? 0 : 1].head_mps[c] > 0.0f);
      }
      CHECK(std::is_sorted(front.begin(), front.end()));
      const double area = fire.burned_area_m2();
      for (const std::size_t c : front) fire.hold(c);
      CHECK(fire.front().empty());
      CHECK(fire.contained());
      fire.advance_to(1e6);
      CHECK(fire.burned_area_m2() == area);
      // Without the line the same fire keeps burning.
      FireSpread free_fire(land, o);
      free_fire.ignite(40 * cols + 60, 0.0);
      free_fire.advance_to(1e6);
      CHECK(free_fire.burned_area_m2() > area);
    }
  }
}

TEST_CASE("A fire is contained when it has burned everything it can reach", "[fire_spread]") {
  const SpreadLandscape land = uniform_landscape(20, 20, 30.0, 1.0f, 1.0f, 0.0f);
  FireSpread fire(land, {});
  CHECK(fire.contained());  // nothing lit
  CHECK(fire.front().empty());
  fire.ignite(10 * 20 + 10, 0.0);
  CHECK_FALSE(fire.contained());
  fire.advance_to(60.0);
  CHECK_FALSE(fire.contained());
  CHECK(fire.front().size() >= 8);
  fire.advance_to(1e6);
  CHECK(fire.contained());
  CHECK(fire.front().empty());
  CHECK(fire.burned_area_m2() == Approx(400.0 * 900.0));
}
