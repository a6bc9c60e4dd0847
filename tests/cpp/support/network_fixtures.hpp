// SPDX-License-Identifier: MIT
#pragma once

// Small road networks for tests.

#include "sim/core/random.hpp"
#include "sim/network/raw_network.hpp"

#include <cmath>
#include <cstdint>

namespace dsim::testing {

// External id of grid node (row, col): row * cols + col + 1.
inline std::int64_t grid_id(int row, int col, int cols) { return std::int64_t{row} * cols + col + 1; }

// A rows x cols grid near Ordos with two-way edges of exactly `spacing_m`
// between 4-neighbours at `speed_kph`; way id = the edge's first record.
inline RawNetwork make_grid(int rows, int cols, double spacing_m = 100.0, double speed_kph = 36.0) {
  RawNetwork net;
  net.source = "grid";
  const double lon0 = 109.78, lat0 = 39.60;
  const double dlat = spacing_m / 111195.0, dlon = dlat / std::cos(lat0 * 3.141592653589793 / 180.0);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) net.nodes.push_back({grid_id(r, c, cols), lon0 + c * dlon, lat0 + r * dlat});
  auto road = [&](std::int64_t a, std::int64_t b) {
    const auto way = static_cast<std::int64_t>(net.edges.size());
    net.edges.push_back({a, b, spacing_m, speed_kph / 3.6, RoadClass::residential, way});
    net.edges.push_back({b, a, spacing_m, speed_kph / 3.6, RoadClass::residential, way});
  };
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      if (c + 1 < cols) road(grid_id(r, c, cols), grid_id(r, c + 1, cols));
      if (r + 1 < rows) road(grid_id(r, c, cols), grid_id(r + 1, c, cols));
    }
  return net;
}

// A grid with random speeds per direction, some roads one-way and random
// one-way shortcuts: many distinct path lengths, not symmetric.
inline RawNetwork make_random_network(int rows, int cols, std::uint64_t seed) {
  RandomStream rng(seed, 0, "test-network");
  RawNetwork net = make_grid(rows, cols, 100.0);
  net.source = "random-grid";
  for (auto& e : net.edges) {
    e.length_m = rng.uniform(50.0, 400.0);
    e.speed_mps = rng.uniform(5.0, 30.0);
  }
  // Drop one direction of about 10 % of the roads.
  RawNetwork out = net;
  out.edges.clear();
  for (std::size_t i = 0; i < net.edges.size(); i += 2) {
    const double u = rng.uniform();
    if (u >= 0.05) out.edges.push_back(net.edges[i]);
    if (u < 0.05 || u >= 0.10) out.edges.push_back(net.edges[i + 1]);
  }
  const auto n = static_cast<std::uint64_t>(rows) * cols;
  for (int k = 0; k < rows * cols / 4; ++k) {
    const auto a = static_cast<std::int64_t>(rng.below(n)) + 1, b = static_cast<std::int64_t>(rng.below(n)) + 1;
    out.edges.push_back({a, b, rng.uniform(200.0, 3000.0), rng.uniform(10.0, 35.0), RoadClass::primary, -1});
  }
  return out;
}

}  // namespace dsim::testing
