// SPDX-License-Identifier: MIT
#include "sim/hazards/channel_burn.hpp"

#include "sim/hazards/dem_crop.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dsim;

namespace {

// 10 columns x 3 rows of 10 m; every row slopes down 2 m a column to the east, with a bump at column 5
// (and at column 6 when `wide_bump`) bump_m above the slope.
Grid bumpy_slope(bool wide_bump = false, double bump_m = 3.0) {
  GridGeometry g{10, 3, 0.0, 0.0, 10.0, GridUnits::metres};
  Grid grid{g, g.filled(0.0)};
  for (Eigen::Index r = 0; r < 3; ++r)
    for (Eigen::Index c = 0; c < 10; ++c)
      grid.values(r, c) = 100.0 - 2.0 * static_cast<double>(c) + (c == 5 || (wide_bump && c == 6) ? bump_m : 0.0);
  return grid;
}

}  // namespace

TEST_CASE("A burned channel is lowered by its depth and never rises downstream", "[hazards][channel]") {
  Grid bed = bumpy_slope();
  const Grid before = bed;
  GridArray depth;
  ChannelBurnOptions options;
  options.channel_depth_m = 2.0;
  options.initial_depth_m = 1.0;
  // Drawn west to east along the middle row, 5 m wide: half a cell.
  const ChannelBurnReport r = burn_channels(bed, depth, {{{{1.0, 15.0}, {99.0, 15.0}}, 5.0}}, options);
  CHECK(r.lines == 1);
  CHECK(r.lines_reversed == 0);
  CHECK(r.cells == 10);
  // Half a cell wide: a cell-wide channel of 0.5^0.6 = 0.66 times the depth carries as much.
  const double f = std::pow(0.5, 0.6);
  for (Eigen::Index c = 0; c < 10; ++c) {
    INFO("column " << c);
    const double lowered = 2.0 * f;
    const double expected = c == 5 ? before.values(1, 4) - lowered : before.values(1, c) - lowered;  // the bump cut through
    CHECK(bed.values(1, c) == Approx(expected));
    CHECK(depth(1, c) == Approx(f));
    CHECK(bed.values(0, c) == before.values(0, c));
    CHECK(depth(0, c) == 0.0);
  }
  // Manning's discharge per cell width, q ~ h^(5/3): the real 5 m channel 1 m deep carries as much.
  CHECK(10.0 * std::pow(depth(1, 0), 5.0 / 3.0) == Approx(5.0 * 1.0));
  CHECK(r.water_m3 == Approx(10 * f * 100.0));

  // Drawn uphill (east to west, 18 m up: more than the DEM's noise) it is burned the same way.
  Grid again = bumpy_slope();
  GridArray depth2;
  const ChannelBurnReport r2 = burn_channels(again, depth2, {{{{99.0, 15.0}, {1.0, 15.0}}, 5.0}}, options);
  CHECK(r2.lines_reversed == 1);
  CHECK((again.values - bed.values).abs().maxCoeff() == 0.0);
  CHECK(depth2(1, 3) == Approx(f));

  // Wider than the cell: the full depths.
  Grid wide = bumpy_slope();
  GridArray depth3;
  burn_channels(wide, depth3, {{{{1.0, 15.0}, {99.0, 15.0}}, 50.0}}, options);
  CHECK(depth3(1, 3) == 1.0);
  CHECK(wide.values(1, 0) == before.values(1, 0) - 2.0);
}

TEST_CASE("Burned lines that continue one another never rise where they meet", "[hazards][channel]") {
  // The river is drawn in two pieces meeting at column 5, on top of a two-column bump 6 m high: the
  // first piece cuts the bump's first column down to its own level, the second must follow it down.
  const Grid before = bumpy_slope(true, 6.0);
  ChannelBurnOptions options;
  for (const bool downstream_first : {false, true}) {
    INFO("downstream piece burned first: " << downstream_first);
    Grid bed = before;
    GridArray depth;
    const ChannelLine up{{{1.0, 15.0}, {55.0, 15.0}}, 20.0}, down{{{55.0, 15.0}, {99.0, 15.0}}, 20.0};
    const auto r = burn_channels(bed, depth, downstream_first ? std::vector{down, up} : std::vector{up, down}, options);
    CHECK(r.lines == 2);
    for (Eigen::Index c = 1; c < 10; ++c) CHECK(bed.values(1, c) <= bed.values(1, c - 1));
    CHECK(bed.values(1, 6) == Approx(before.values(1, 4) - 2.0));
  }
}

TEST_CASE("A DEM is cropped to whole cells over a rectangle and resampled to coarser cells", "[hazards][crop]") {
  GridGeometry g{100, 80, 1000.0, 2000.0, 10.0, GridUnits::metres};
  Grid grid{g, g.filled(0.0)};
  for (std::size_t r = 0; r < g.rows; ++r)
    for (std::size_t c = 0; c < g.cols; ++c) {
      const GridPoint p = g.centre({r, c});
      grid.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = 0.5 * p.x + 0.25 * p.y;
    }
  const Grid cut = crop_grid(grid, {1205.0, 2301.0, 1400.0, 2500.0});
  CHECK(cut.geometry.cols == 20);  // 1200 .. 1400
  CHECK(cut.geometry.rows == 20);  // 2300 .. 2500
  CHECK(cut.geometry.x_lower_left == 1200.0);
  CHECK(cut.geometry.y_lower_left == 2300.0);
  for (std::size_t r : {0u, 7u, 19u})
    for (std::size_t c : {0u, 11u, 19u})
      CHECK(*cut.value_at(cut.geometry.centre({r, c})) == *grid.value_at(cut.geometry.centre({r, c})));
  CHECK(crop_grid(grid, {0.0, 0.0, 500.0, 500.0}).geometry.cell_count() == 0);

  // A plane resamples exactly (bilinear) onto 50 m cells.
  const Grid coarse = resample_grid(grid, 50.0, {1000.0, 2000.0, 1500.0, 2800.0});
  CHECK(coarse.geometry.cols == 10);
  CHECK(coarse.geometry.rows == 16);
  const GridPoint p = coarse.geometry.centre({3, 4});
  CHECK(*coarse.value_at(p) == Approx(0.5 * p.x + 0.25 * p.y));
}
