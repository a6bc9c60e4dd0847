// SPDX-License-Identifier: MIT
#include "sim/hazards/channel_burn.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace dsim {

namespace {

// Rises smaller than this along a line are the DEM's noise (SRTM: several metres), not a line drawn uphill.
constexpr double kUphill_m = 10.0;

}  // namespace

ChannelBurnReport burn_channels(Grid& bed, GridArray& initial_depth_m, const std::vector<ChannelLine>& lines,
                                const ChannelBurnOptions& options) {
  const GridGeometry& g = bed.geometry;
  if (initial_depth_m.size() != static_cast<Eigen::Index>(g.cell_count())) initial_depth_m = g.filled(0.0);
  ChannelBurnReport report;
  // Every line reads the ground as it was before any burning.
  const GridArray original = bed.values;
  const auto z0 = [&](GridCell c) { return original(static_cast<Eigen::Index>(c.row), static_cast<Eigen::Index>(c.col)); };
  std::vector<std::uint8_t> lowered(g.cell_count(), 0), wetted(g.cell_count(), 0);
  struct Burned {
    std::vector<GridCell> cells;  // downstream order
    double f;                     // depth scale
  };
  std::vector<Burned> burned;
  for (const ChannelLine& line : lines) {
    std::vector<GridCell> cells = g.cells_along(line.points);
    std::erase_if(cells, [&](GridCell c) { return !std::isfinite(z0(c)); });
    if (cells.empty()) continue;
    ++report.lines;
    // OSM draws waterways downstream; only a line clearly drawn uphill (its
    // far end more than the DEM's noise above its start) is turned round,
    // else it would dig its whole length down to its first cell.
    if (z0(cells.back()) > z0(cells.front()) + kUphill_m) {
      std::reverse(cells.begin(), cells.end());
      ++report.lines_reversed;
    }
    // A channel as wide as the cell that carries what the real one carries
    // at the same depth ratio and slope: q ~ h^(5/3) (Manning, wide channel),
    // so width * h^(5/3) = cell * (f h)^(5/3).
    const double f = std::pow(std::min(1.0, std::max(line.width_m, 0.0) / g.cell_size), 0.6);
    const double depth = line.wet ? options.initial_depth_m * f : 0.0;
    for (const GridCell& c : cells) {
      const auto r = static_cast<Eigen::Index>(c.row), k = static_cast<Eigen::Index>(c.col);
      bed.values(r, k) = std::min(bed.values(r, k), z0(c) - options.channel_depth_m * f);
      const std::size_t i = c.row * g.cols + c.col;
      lowered[i] = 1;
      if (depth > initial_depth_m(r, k)) {
        initial_depth_m(r, k) = depth;
        wetted[i] = 1;
      }
    }
    burned.push_back({std::move(cells), f});
  }
  // Downstream decrementing over the whole network of lines: each line's bed
  // never rises along it, where lines meet included (a tributary burned
  // before the river it joins is lowered again to the river's level).
  // Repeated until nothing changes; each pass only lowers.
  for (int pass = 0; pass < 100; ++pass) {
    bool changed = false;
    for (const Burned& b : burned) {
      double level = std::numeric_limits<double>::infinity();
      for (const GridCell& c : b.cells) {
        double& z = bed.values(static_cast<Eigen::Index>(c.row), static_cast<Eigen::Index>(c.col));
        if (z > level) {
          z = level;
          changed = true;
        }
        level = z;
      }
    }
    if (!changed) break;
  }
  for (std::size_t i = 0; i < g.cell_count(); ++i) {
    report.cells += lowered[i];
    report.wet_cells += wetted[i];
    if (wetted[i]) report.water_m3 += initial_depth_m.data()[i] * g.cell_size * g.cell_size;
  }
  return report;
}

}  // namespace dsim
