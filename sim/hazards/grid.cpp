// SPDX-License-Identifier: MIT
#include "sim/hazards/grid.hpp"

#include <algorithm>
#include <limits>
#include <unordered_set>

namespace dsim {

std::optional<GridCell> GridGeometry::cell_at(GridPoint p) const {
  const double fx = (p.x - x_lower_left) / cell_size;
  const double fy = (y_upper_right() - p.y) / cell_size;
  if (!(fx >= 0.0 && fy >= 0.0)) return std::nullopt;  // also rejects NaN
  auto col = static_cast<std::size_t>(fx);
  auto row = static_cast<std::size_t>(fy);
  // The outer east and south edges belong to the cells inside.
  if (col == cols && fx <= static_cast<double>(cols)) col = cols - 1;
  if (row == rows && fy <= static_cast<double>(rows)) row = rows - 1;
  if (col >= cols || row >= rows) return std::nullopt;
  return GridCell{row, col};
}

std::vector<GridCell> GridGeometry::cells_along(const std::vector<GridPoint>& polyline) const {
  std::vector<GridCell> out;
  std::unordered_set<std::size_t> seen;
  auto visit = [&](long long col, long long row) {
    if (col < 0 || row < 0 || col >= static_cast<long long>(cols) || row >= static_cast<long long>(rows)) return;
    const auto index = static_cast<std::size_t>(row) * cols + static_cast<std::size_t>(col);
    if (seen.insert(index).second) out.push_back({static_cast<std::size_t>(row), static_cast<std::size_t>(col)});
  };
  if (polyline.size() == 1) {
    if (auto c = cell_at(polyline[0])) visit(static_cast<long long>(c->col), static_cast<long long>(c->row));
    return out;
  }
  // Grid traversal (Amanatides & Woo 1987) in cell units, x to the east and
  // y down from the north edge, so that every cell the segment touches is
  // visited in order.
  for (std::size_t i = 0; i + 1 < polyline.size(); ++i) {
    const double x0 = (polyline[i].x - x_lower_left) / cell_size;
    const double y0 = (y_upper_right() - polyline[i].y) / cell_size;
    const double x1 = (polyline[i + 1].x - x_lower_left) / cell_size;
    const double y1 = (y_upper_right() - polyline[i + 1].y) / cell_size;
    long long cx = static_cast<long long>(std::floor(x0));
    long long cy = static_cast<long long>(std::floor(y0));
    const long long ex = static_cast<long long>(std::floor(x1));
    const long long ey = static_cast<long long>(std::floor(y1));
    const double dx = x1 - x0;
    const double dy = y1 - y0;
    const long long step_x = dx > 0 ? 1 : -1;
    const long long step_y = dy > 0 ? 1 : -1;
    constexpr double inf = std::numeric_limits<double>::infinity();
    const double t_delta_x = dx != 0.0 ? std::abs(1.0 / dx) : inf;
    const double t_delta_y = dy != 0.0 ? std::abs(1.0 / dy) : inf;
    double t_max_x = dx > 0 ? (std::floor(x0) + 1.0 - x0) * t_delta_x : dx < 0 ? (x0 - std::floor(x0)) * t_delta_x : inf;
    double t_max_y = dy > 0 ? (std::floor(y0) + 1.0 - y0) * t_delta_y : dy < 0 ? (y0 - std::floor(y0)) * t_delta_y : inf;
    visit(cx, cy);
    const long long steps = std::llabs(ex - cx) + std::llabs(ey - cy);
    for (long long s = 0; s < steps; ++s) {
      if (t_max_x < t_max_y) {
        cx += step_x;
        t_max_x += t_delta_x;
      } else {
        cy += step_y;
        t_max_y += t_delta_y;
      }
      visit(cx, cy);
    }
  }
  return out;
}

std::optional<double> interpolate_bilinear(const GridGeometry& g, const GridArray& values, GridPoint p) {
  if (p.x < g.x_lower_left || p.x > g.x_upper_right() || p.y < g.y_lower_left || p.y > g.y_upper_right())
    return std::nullopt;
  // Continuous indices of cell centres.
  const double fc = std::clamp((p.x - g.x_lower_left) / g.cell_size - 0.5, 0.0, static_cast<double>(g.cols - 1));
  const double fr = std::clamp((g.y_upper_right() - p.y) / g.cell_size - 0.5, 0.0, static_cast<double>(g.rows - 1));
  const auto c0 = static_cast<Eigen::Index>(std::floor(fc));
  const auto r0 = static_cast<Eigen::Index>(std::floor(fr));
  const Eigen::Index c1 = std::min<Eigen::Index>(c0 + 1, static_cast<Eigen::Index>(g.cols) - 1);
  const Eigen::Index r1 = std::min<Eigen::Index>(r0 + 1, static_cast<Eigen::Index>(g.rows) - 1);
  const double tx = fc - static_cast<double>(c0);
  const double ty = fr - static_cast<double>(r0);
  const double top = values(r0, c0) * (1.0 - tx) + values(r0, c1) * tx;
  const double bottom = values(r1, c0) * (1.0 - tx) + values(r1, c1) * tx;
  return top * (1.0 - ty) + bottom * ty;
}

}  // namespace dsim
