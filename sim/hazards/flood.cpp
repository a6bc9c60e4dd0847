// SPDX-License-Identifier: MIT
#include "sim/hazards/flood.hpp"

#include "sim/core/error.hpp"
#include "sim/hazards/flood_math.hpp"

#include <algorithm>
#include <cmath>

namespace dsim {

using namespace flood_detail;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

FloodModel::FloodModel(FloodSetup setup)
    : geometry_(setup.terrain.geometry),
      parameters_(setup.parameters),
      rows_(setup.terrain.geometry.rows),
      cols_(setup.terrain.geometry.cols),
      dx_(setup.terrain.geometry.cell_size),
      time_s_(setup.start_time_s),
      segments_(std::move(setup.boundaries)),
      rain_mm_per_h_(std::move(setup.rain_mm_per_h)) {
  const std::string where = "flood setup";
  if (rows_ == 0 || cols_ == 0) throw InputError(where, 0, "terrain", "a grid with at least one cell");
  if (setup.terrain.values.rows() != static_cast<Eigen::Index>(rows_) ||
      setup.terrain.values.cols() != static_cast<Eigen::Index>(cols_))
    throw InputError(where, 0, "terrain", "values of the grid's shape");
  if (geometry_.units != GridUnits::metres)
    throw InputError(where, 0, "terrain", "a grid in metres (resample longitude/latitude grids first)");
  if (!(dx_ > 0.0)) throw InputError(where, 0, "terrain.cell_size", "a positive cell size");
  const FloodParameters& p = parameters_;
  if (!(p.alpha > 0.0 && p.alpha <= 1.0)) throw InputError(where, 0, "alpha", "a number in (0, 1]");
  if (!(p.theta > 0.0 && p.theta <= 1.0)) throw InputError(where, 0, "theta", "a number in (0, 1]");
  if (!(p.max_time_step_s > 0.0)) throw InputError(where, 0, "max_time_step_s", "a positive number");
  if (!(p.gravity_mps2 > 0.0)) throw InputError(where, 0, "gravity_mps2", "a positive number");
  if (!(p.flow_depth_threshold_m >= 0.0)) throw InputError(where, 0, "flow_depth_threshold_m", "a number >= 0");

  const std::size_t n = rows_ * cols_;
  GridArray n2_cells;
  bed_m_ = setup.terrain.values;
  active_.assign(n, 1.0);
  for (std::size_t r = 0; r < rows_; ++r)
    for (std::size_t c = 0; c < cols_; ++c) {
      double& z = bed_m_(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
      if (!std::isfinite(z)) {
        z = kWall_m;
        active_[idx(r, c)] = 0.0;
        has_outside_ = true;
      } else {
        ++active_cells_;
      }
    }

  if (setup.manning_n_cells.size() > 0) {
    if (setup.manning_n_cells.rows() != static_cast<Eigen::Index>(rows_) ||
        setup.manning_n_cells.cols() != static_cast<Eigen::Index>(cols_))
      throw InputError(where, 0, "manning_n_cells", "one value per terrain cell");
    n2_cells = setup.manning_n_cells;
    per_cell_n_ = true;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = setup.manning_n_cells.data()[i];
      if (active_[i] != 0.0 && !(v >= 0.0))
        throw InputError(where, 0, "manning_n_cells", "Manning's n >= 0 in every cell of the domain");
      n2_cells.data()[i] = std::isfinite(v) ? v * v : 0.0;
    }
  } else {
    if (!(setup.manning_n >= 0.0)) throw InputError(where, 0, "manning_n", "Manning's n >= 0");
    n2_uniform_ = setup.manning_n * setup.manning_n;
  }

  GridArray depth = geometry_.filled(0.0);
  if (setup.initial_depth_m.size() > 0) {
    if (setup.initial_depth_m.rows() != static_cast<Eigen::Index>(rows_) ||
        setup.initial_depth_m.cols() != static_cast<Eigen::Index>(cols_))
      throw InputError(where, 0, "initial_depth_m", "one value per terrain cell");
    for (std::size_t i = 0; i < n; ++i) {
      if (active_[i] == 0.0) continue;
      const double h = setup.initial_depth_m.data()[i];
      if (!(h >= 0.0) || !std::isfinite(h)) throw InputError(where, 0, "initial_depth_m", "depths >= 0");
      depth.data()[i] = h;
    }
  }
  arrival_time_s_ = geometry_.filled(kInf);
  for (std::size_t i = 0; i < n; ++i)
    if (depth.data()[i] > p.arrival_depth_m) arrival_time_s_.data()[i] = time_s_;
  single_ = p.precision == FloodPrecision::single_precision;
  visit([&](auto& fields) { init_fields(fields, depth, n2_cells); });

  // Boundary stretches: each edge cell takes the kind of the last stretch
  // covering its centre; inflow stretches become sources weighted by the
  // length of edge they share with each cell.
  west_.assign(rows_, {});
  east_.assign(rows_, {});
  north_.assign(cols_, {});
  south_.assign(cols_, {});
  for (std::size_t s = 0; s < segments_.size(); ++s) {
    const BoundarySegment& seg = segments_[s];
    if (!(seg.from <= seg.to)) throw InputError(where, 0, "boundary " + std::to_string(s + 1), "from <= to");
    if (seg.kind != BoundaryKind::closed && seg.kind != BoundaryKind::free && seg.series.empty())
      throw InputError(where, 0, "boundary " + std::to_string(s + 1), "a level or discharge series");
    const bool vertical = seg.edge == GridEdge::west || seg.edge == GridEdge::east;
    const std::size_t count = vertical ? rows_ : cols_;
    std::vector<EdgeCell>& edge = seg.edge == GridEdge::west    ? west_
                                  : seg.edge == GridEdge::east  ? east_
                                  : seg.edge == GridEdge::north ? north_
                                                                : south_;
    std::uint32_t series_index = 0;
    if (seg.kind == BoundaryKind::inflow) {
      series_index = static_cast<std::uint32_t>(source_series_.size());
      source_series_.push_back(seg.series);
    }
    for (std::size_t i = 0; i < count; ++i) {
      // Extent of edge cell i along the edge (rows run north to south).
      const double lo = vertical ? geometry_.y_upper_right() - static_cast<double>(i + 1) * dx_
                                 : geometry_.x_lower_left + static_cast<double>(i) * dx_;
      const double hi = lo + dx_;
      const std::size_t cell = seg.edge == GridEdge::west    ? idx(i, 0)
                               : seg.edge == GridEdge::east  ? idx(i, cols_ - 1)
                               : seg.edge == GridEdge::north ? idx(0, i)
                                                             : idx(rows_ - 1, i);
      if (seg.kind == BoundaryKind::inflow) {
        const double overlap = std::min(hi, seg.to) - std::max(lo, seg.from);
        if (overlap > 0.0 && active_[cell] != 0.0) sources_.push_back({cell, overlap, series_index});
      } else {
        const double mid = 0.5 * (lo + hi);
        if (mid >= seg.from && mid <= seg.to) edge[i] = {seg.kind, static_cast<std::uint32_t>(s)};
      }
    }
  }
  for (const PointInflow& pi : setup.point_inflows) {
    auto cell = geometry_.cell_at(pi.at);
    if (!cell || active_[idx(cell->row, cell->col)] == 0.0)
      throw InputError(where, 0, "point inflow", "a point inside the domain",
                       std::to_string(pi.at.x) + ", " + std::to_string(pi.at.y));
    if (pi.discharge_m3_s.empty()) throw InputError(where, 0, "point inflow", "a discharge series");
    sources_.push_back({idx(cell->row, cell->col), 1.0, static_cast<std::uint32_t>(source_series_.size())});
    source_series_.push_back(pi.discharge_m3_s);
  }

  lo_.assign(rows_, 0);
  hi_.assign(rows_, 0);
  wet_lo_.assign(rows_, cols_);
  wet_hi_.assign(rows_, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (depth_of(i) > 0.0) mark_wet(i);
  row_max_depth_.assign(rows_, 0.0);
  row_in_.assign(rows_, 0.0);
  row_out_.assign(rows_, 0.0);
  max_depth_now_ = depth_m().maxCoeff();
  balance_.initial_volume_m3 = mass_balance().stored_volume_m3;
}

double FloodModel::boundary_flux(const EdgeCell& ec, double eta_in, double z_in, double h_in, double eta_next,
                                 double q0, double q_neighbour, double dt, double n2) const {
  const FloodParameters& p = parameters_;
  switch (ec.kind) {
    case BoundaryKind::free: {
      if (!(h_in > p.flow_depth_threshold_m)) return 0.0;
      const double given = segments_[ec.segment].free_slope;
      const double slope = std::isnan(given) ? (eta_next - eta_in) / dx_ : given;
      if (!(slope > 0.0)) return 0.0;
      // Normal depth (Manning), never more than the critical discharge.
      const double critical = h_in * std::sqrt(p.gravity_mps2 * h_in);
      if (n2 <= 0.0) return critical;
      const double normal = std::pow(h_in, 5.0 / 3.0) * std::sqrt(slope) / std::sqrt(n2);
      return std::min(normal, critical);
    }
    case BoundaryKind::fixed_level: {
      const double level = segments_[ec.segment].series.at(level_time_s_);
      const double eta_ghost = std::max(level, z_in);
      // The virtual cell outside has the same bed as the edge cell.
      const double theta = p.theta;
      return face_flux(eta_in, eta_ghost, z_in, z_in, q0, q0, q_neighbour, std::abs(q0), n2, p.gravity_mps2 * dt,
                       1.0 / dx_, theta, 0.5 * (1.0 - theta), p.flow_depth_threshold_m);
    }
    case BoundaryKind::closed:
    case BoundaryKind::inflow:
      break;
  }
  return 0.0;
}

void FloodModel::mark_wet(std::size_t cell) {
  const std::size_t r = cell / cols_, c = cell % cols_;
  wet_lo_[r] = std::min(wet_lo_[r], c);
  wet_hi_[r] = std::max(wet_hi_[r], c + 1);
}

void FloodModel::update_ranges(double dt) {
  // Only cells within one cell of water can change or carry flow. The
  // ranges only grow, so every face that ever carried water is recomputed
  // (and set back to zero) when its cells dry out.
  const bool raining = !rain_mm_per_h_.empty() && rain_mm_per_h_.at(time_s_ + 0.5 * dt) > 0.0;
  if (raining) {
    std::fill(lo_.begin(), lo_.end(), 0);
    std::fill(hi_.begin(), hi_.end(), cols_);
    return;
  }
  for (const Source& s : sources_) mark_wet(s.cell);
  auto mark_edge = [&](const std::vector<EdgeCell>& edge, auto cell_of) {
    for (std::size_t i = 0; i < edge.size(); ++i) {
      if (edge[i].kind != BoundaryKind::fixed_level) continue;
      const std::size_t cell = cell_of(i);
      if (active_[cell] != 0.0 && segments_[edge[i].segment].series.at(time_s_) > bed_m_.data()[cell]) mark_wet(cell);
    }
  };
  mark_edge(west_, [&](std::size_t i) { return idx(i, 0); });
  mark_edge(east_, [&](std::size_t i) { return idx(i, cols_ - 1); });
  mark_edge(north_, [&](std::size_t i) { return idx(0, i); });
  mark_edge(south_, [&](std::size_t i) { return idx(rows_ - 1, i); });
  for (std::size_t r = 0; r < rows_; ++r) {
    std::size_t lo = cols_, hi = 0;
    for (std::size_t rr = r > 0 ? r - 1 : 0; rr <= std::min(r + 1, rows_ - 1); ++rr) {
      lo = std::min(lo, wet_lo_[rr]);
      hi = std::max(hi, wet_hi_[rr]);
    }
    if (lo >= hi) continue;
    lo = lo > 0 ? lo - 1 : 0;
    hi = std::min(cols_, hi + 1);
    if (lo_[r] < hi_[r]) {
      lo = std::min(lo, lo_[r]);
      hi = std::max(hi, hi_[r]);
    }
    lo_[r] = lo;
    hi_[r] = hi;
  }
}

double FloodModel::step(double limit_s) {
  const FloodParameters& p = parameters_;
  // Deepest water that sets the time step, fixed-level boundaries included.
  double h_max = max_depth_now_;
  for (const BoundarySegment& seg : segments_) {
    if (seg.kind != BoundaryKind::fixed_level) continue;
    const double level = seg.series.at(time_s_);
    // A conservative bound: the level above the lowest edge cell it covers.
    auto check = [&](const std::vector<EdgeCell>& edge, auto cell_of) {
      for (std::size_t i = 0; i < edge.size(); ++i)
        if (edge[i].kind == BoundaryKind::fixed_level && &segments_[edge[i].segment] == &seg) {
          const std::size_t cell = cell_of(i);
          if (active_[cell] != 0.0) h_max = std::max(h_max, level - bed_m_.data()[cell]);
        }
    };
    check(west_, [&](std::size_t i) { return idx(i, 0); });
    check(east_, [&](std::size_t i) { return idx(i, cols_ - 1); });
    check(north_, [&](std::size_t i) { return idx(0, i); });
    check(south_, [&](std::size_t i) { return idx(rows_ - 1, i); });
  }
  double dt = p.max_time_step_s;
  // The theta weighting lowers the linear stability limit of the staggered
  // scheme in 2D from alpha = 1/sqrt(2) to sqrt(theta/2) (von Neumann
  // analysis of the checkerboard mode), hence alpha * sqrt(theta).
  if (h_max > 0.0) dt = std::min(dt, p.alpha * std::sqrt(p.theta) * dx_ / std::sqrt(p.gravity_mps2 * h_max));
  if (limit_s < dt) dt = limit_s;
  if (!(dt > 0.0)) return 0.0;
  level_time_s_ = time_s_;
  rain_m_ = rain_mm_per_h_.empty() ? 0.0 : std::max(0.0, rain_mm_per_h_.at(time_s_ + 0.5 * dt)) / 3.6e6 * dt;
  update_ranges(dt);
  visit([&](auto& fields) {
    fused_step(fields, dt);
    add_sources(fields, dt, max_depth_now_);
  });
  depth_stale_ = max_depth_stale_ = true;
  time_s_ += dt;
  ++steps_;
  for (std::size_t r = 0; r < rows_; ++r) cell_updates_ += hi_[r] - lo_[r];
  return dt;
}

void FloodModel::advance_to(double target_s) {
  while (time_s_ < target_s) {
    const double remaining = target_s - time_s_;
    // Land exactly on the target instead of leaving a sliver of a step.
    const double dt = step(remaining);
    if (dt >= remaining || !(dt > 0.0)) {
      time_s_ = target_s;
      break;
    }
  }
}

namespace {
Grid masked(const GridGeometry& g, const GridArray& values, const std::vector<double>& active) {
  Grid out{g, values};
  for (Eigen::Index i = 0; i < out.values.size(); ++i) {
    if (active[static_cast<std::size_t>(i)] == 0.0) out.values.data()[i] = std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}
}  // namespace

Grid FloodModel::depth_grid() const { return masked(geometry_, depth_m(), active_); }

template <class Real>
void FloodModel::init_fields(Fields<Real>& s, const GridArray& depth, const GridArray& n2_cells) {
  const std::size_t n = rows_ * cols_;
  s.z.resize(n);
  s.h[0].resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    s.z[i] = static_cast<Real>(bed_m_.data()[i]);
    s.h[0][i] = static_cast<Real>(depth.data()[i]);
  }
  s.h[1] = s.h[0];
  s.hmax = s.h[0];
  if (per_cell_n_) {
    s.n2.resize(n);
    for (std::size_t i = 0; i < n; ++i) s.n2[i] = static_cast<Real>(n2_cells.data()[i]);
  }
  for (int b = 0; b < 2; ++b) {
    s.qx[b].assign(rows_ * (cols_ + 1), Real(0));
    s.qy[b].assign((rows_ + 1) * cols_, Real(0));
  }
}

// Inflows at points and along inflow boundaries, into the new depths.
template <class Real>
void FloodModel::add_sources(Fields<Real>& s, double dt, double& max_depth) {
  const double t_mid = time_s_ + 0.5 * dt;
  const double t_end = time_s_ + dt;
  Real* h = s.h[cur_].data();
  for (const Source& src : sources_) {
    const double q_m3_s = std::max(0.0, source_series_[src.series].at(t_mid)) * src.weight;
    if (q_m3_s == 0.0) continue;
    const double volume = q_m3_s * dt;
    const Real before = h[src.cell];
    h[src.cell] = static_cast<Real>(static_cast<double>(before) + volume / (dx_ * dx_));
    mark_wet(src.cell);
    balance_.inflow_volume_m3 += volume;
    const double hn = static_cast<double>(h[src.cell]);
    if (h[src.cell] > s.hmax[src.cell]) s.hmax[src.cell] = h[src.cell];
    if (hn > parameters_.arrival_depth_m && arrival_time_s_.data()[src.cell] == kInf)
      arrival_time_s_.data()[src.cell] = t_end;
    max_depth = std::max(max_depth, hn);
  }
}

double FloodModel::depth_of(std::size_t cell) const {
  return visit([&](const auto& s) { return static_cast<double>(s.h[cur_][cell]); });
}

const GridArray& FloodModel::depth_m() const {
  if (depth_stale_) {
    if (depth_view_.size() == 0) depth_view_ = geometry_.filled(0.0);
    visit([&](const auto& s) {
      for (std::size_t i = 0; i < rows_ * cols_; ++i) depth_view_.data()[i] = static_cast<double>(s.h[cur_][i]);
    });
    depth_stale_ = false;
  }
  return depth_view_;
}

const GridArray& FloodModel::max_depth_m() const {
  if (max_depth_stale_) {
    if (max_depth_view_.size() == 0) max_depth_view_ = geometry_.filled(0.0);
    visit([&](const auto& s) {
      for (std::size_t i = 0; i < rows_ * cols_; ++i) max_depth_view_.data()[i] = static_cast<double>(s.hmax[i]);
    });
    max_depth_stale_ = false;
  }
  return max_depth_view_;
}

double FloodModel::depth_at(GridPoint p) const {
  auto c = geometry_.cell_at(p);
  if (!c) return std::numeric_limits<double>::quiet_NaN();
  return depth_of(idx(c->row, c->col));
}

double FloodModel::max_depth_over(const std::vector<GridCell>& cells) const {
  double m = 0.0;
  for (const GridCell& c : cells)
    if (c.row < rows_ && c.col < cols_)
      m = std::max(m, depth_of(idx(c.row, c.col)));
  return m;
}

double FloodModel::max_depth_along(const std::vector<GridPoint>& polyline) const {
  return max_depth_over(geometry_.cells_along(polyline));
}

MassBalance FloodModel::mass_balance() const {
  MassBalance b = balance_;
  double volume = 0.0;
  visit([&](const auto& s) {
    for (std::size_t r = 0; r < rows_; ++r) {
      double row = 0.0;  // summed in double whatever the state's precision
      const auto* hr = s.h[cur_].data() + r * cols_;
      for (std::size_t c = 0; c < cols_; ++c) row += static_cast<double>(hr[c]);
      volume += row;
    }
  });
  b.stored_volume_m3 = volume * dx_ * dx_;
  return b;
}

DepthWatchId FloodModel::watch_depth(double threshold_m) {
  watches_.push_back({threshold_m, std::vector<std::uint8_t>(rows_ * cols_, 0)});
  return static_cast<DepthWatchId>(watches_.size() - 1);
}

std::vector<DepthCrossing> FloodModel::take_crossings(DepthWatchId id) {
  const auto i = static_cast<std::size_t>(id);
  if (i >= watches_.size()) throw Error("take_crossings: unknown depth watch");
  Watch& w = watches_[i];
  std::vector<DepthCrossing> out;
  visit([&](const auto& s) {
    const auto* h = s.h[cur_].data();
    for (std::size_t k = 0; k < w.above.size(); ++k) {
      const std::uint8_t now = static_cast<double>(h[k]) > w.threshold_m ? 1 : 0;
      if (now != w.above[k]) {
        out.push_back({{k / cols_, k % cols_}, now == 1});
        w.above[k] = now;
      }
    }
  });
  return out;
}

}  // namespace dsim
