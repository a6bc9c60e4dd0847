// SPDX-License-Identifier: MIT
#include "sim/hazards/grid.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dsim;

namespace {
GridGeometry geometry_4x3() {
  GridGeometry g;
  g.cols = 4;
  g.rows = 3;
  g.x_lower_left = 100.0;
  g.y_lower_left = 200.0;
  g.cell_size = 10.0;
  return g;
}
}  // namespace

TEST_CASE("GridGeometry places row 0 at the north edge", "[hazards][grid]") {
  const GridGeometry g = geometry_4x3();
  REQUIRE(g.centre({0, 0}).x == 105.0);
  REQUIRE(g.centre({0, 0}).y == 225.0);
  REQUIRE(g.centre({2, 3}).x == 135.0);
  REQUIRE(g.centre({2, 3}).y == 205.0);
  REQUIRE(g.cell_at({105.0, 225.0}) == GridCell{0, 0});
  REQUIRE(g.cell_at({139.9, 200.1}) == GridCell{2, 3});
  // The outer edges belong to the cells inside; beyond them there is nothing.
  REQUIRE(g.cell_at({140.0, 200.0}) == GridCell{2, 3});
  REQUIRE_FALSE(g.cell_at({140.1, 205.0}));
  REQUIRE_FALSE(g.cell_at({105.0, 230.1}));
  REQUIRE_FALSE(g.cell_at({NAN, 205.0}));
}

TEST_CASE("cells_along visits every cell a polyline crosses once, in order", "[hazards][grid]") {
  const GridGeometry g = geometry_4x3();
  auto cells = g.cells_along({{101.0, 205.0}, {139.0, 205.0}});
  REQUIRE(cells.size() == 4);
  for (std::size_t c = 0; c < 4; ++c) REQUIRE(cells[c] == GridCell{2, c});
  // A diagonal crosses through shared corners and edges.
  cells = g.cells_along({{101.0, 201.0}, {129.0, 229.0}});
  REQUIRE(cells.front() == GridCell{2, 0});
  REQUIRE(cells.back() == GridCell{0, 2});
  REQUIRE(cells.size() >= 3);
  // Parts outside the grid are skipped; a turn back does not repeat cells.
  cells = g.cells_along({{50.0, 215.0}, {115.0, 215.0}, {101.0, 215.0}});
  REQUIRE(cells.size() == 2);
  REQUIRE(cells[0] == GridCell{1, 0});
  REQUIRE(cells[1] == GridCell{1, 1});
}

TEST_CASE("Grid interpolates bilinearly between cell centres", "[hazards][grid]") {
  Grid grid{geometry_4x3(), GridArray(3, 4)};
  for (Eigen::Index r = 0; r < 3; ++r)
    for (Eigen::Index c = 0; c < 4; ++c) grid.values(r, c) = 10.0 * static_cast<double>(c) - static_cast<double>(r);
  REQUIRE(*grid.interpolate({110.0, 215.0}) == Approx(5.0 - 1.0));
  REQUIRE(*grid.interpolate({112.5, 220.0}) == Approx(7.5 - 0.5));
  REQUIRE(*grid.interpolate({100.0, 230.0}) == Approx(0.0));  // clamped at the corner
  REQUIRE_FALSE(grid.interpolate({99.0, 215.0}));
  REQUIRE(*grid.value_at({131.0, 201.0}) == 28.0);
}
