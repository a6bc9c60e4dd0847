// SPDX-License-Identifier: MIT
#pragma once

// Rivers burned into a DEM: a channel the grid can carry water along, wet
// from the start (docs/models.md, "Waterways burned into the DEM").

#include "sim/hazards/grid.hpp"

#include <cstddef>
#include <vector>

namespace dsim {

// A waterway on the grid: its line (downstream order as drawn; reversed
// when its far end lies higher) and its width (m).
struct ChannelLine {
  std::vector<GridPoint> points;
  double width_m = 0.0;
  bool wet = true;  // starts with water; false: burned dry
};

struct ChannelBurnOptions {
  double channel_depth_m = 2.0;  // depth of the real channel below its banks
  double initial_depth_m = 0.5;  // water in the real channel at the start
};

struct ChannelBurnReport {
  std::size_t lines = 0;          // lines with at least one cell on the grid
  std::size_t lines_reversed = 0;  // drawn uphill, burned the other way
  std::size_t cells = 0;          // cells lowered
  std::size_t wet_cells = 0;      // cells given water
  double water_m3 = 0.0;          // initial water in the channels
};

// Lowers the bed under each line (GridGeometry::cells_along) and gives it
// water, as a channel one cell wide that carries what the real channel
// carries: a river of width w in cells of size W is burned f = min(1, w/W)^0.6
// times the channel depth deep and starts f times the initial depth deep
// (Manning's formula for a wide channel, q ~ h^(5/3): W (f h)^(5/3) = w h^(5/3)).
// Further down where needed so that the bed never rises downstream along
// the line (stream burning with downstream decrementing; Lindsay 2016).
// Where lines share a cell the lower bed and the larger depth win. Cells
// without data (NaN) are left alone. `initial_depth_m` is resized to the
// grid (zeros) when empty.
ChannelBurnReport burn_channels(Grid& bed, GridArray& initial_depth_m, const std::vector<ChannelLine>& lines,
                                const ChannelBurnOptions& options);

}  // namespace dsim
