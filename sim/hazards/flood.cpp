// SPDX-License-Identifier: MIT
#include "sim/hazards/flood.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace dsim {

namespace {

// Bed height given to cells outside the domain: a wall no water reaches, so
// every face touching one has zero flow depth (max(z) - max(eta) = 0).
constexpr double kWall_m = 1.0e12;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Threads for a pass over `cells` cells: small grids run on one thread,
// where forking and the barrier would cost more than the work (and stall
// badly on a loaded machine). The results do not depend on it.
int thread_count(int requested, std::size_t cells) {
#ifdef _OPENMP
  const int wanted = requested > 0 ? requested : omp_get_max_threads();
  const auto useful = static_cast<int>(std::max<std::size_t>(1, cells / 16384));
  return std::max(1, std::min(wanted, useful));
#else
  (void)requested;
  (void)cells;
  return 1;
#endif
}

// Cube root of a positive normal number to ~1e-14 relative: an exponent
// third from the bit pattern, then two Halley iterations. Four times
// faster than std::cbrt here, and plain arithmetic, so the same on every
// thread.
inline double cube_root(double a) {
  std::uint64_t bits;
  std::memcpy(&bits, &a, sizeof bits);
  bits = bits / 3 + 0x2A9F7893782DA1CEull;
  double x;
  std::memcpy(&x, &bits, sizeof x);
  double x3 = x * x * x;
  x *= (x3 + 2.0 * a) / (2.0 * x3 + a);
  x3 = x * x * x;
  x *= (x3 + 2.0 * a) / (2.0 * x3 + a);
  return x;
}

// Unit discharge through a face from cell a to cell b after one step, the
// local-inertial momentum equation with de Almeida et al.'s (2012) weighted
// previous discharge and Bates et al.'s (2010) semi-implicit Manning
// friction:
//   q = [theta q0 + (1-theta)/2 (q_before + q_after) - g hf dt (eta_b - eta_a)/dx]
//       / [1 + g dt n^2 |q0| / hf^(7/3)]
// with hf = max(eta_a, eta_b) - max(z_a, z_b), the depth of water that can
// flow between the two cells.
// `q_speed` is the magnitude of the unit discharge used in the friction
// term: |q0| in Bates et al. (2010); with the orthogonal component averaged
// onto the face it makes friction isotropic (see FloodParameters).
inline double face_flux(double eta_a, double eta_b, double z_a, double z_b, double q0, double q_before, double q_after,
                        double q_speed, double n2, double g_dt, double inv_dx, double theta,
                        double half_one_minus_theta, double threshold) {
  const double hf = std::max(eta_a, eta_b) - std::max(z_a, z_b);
  if (!(hf > threshold)) return 0.0;
  const double q_weighted = theta * q0 + half_one_minus_theta * (q_before + q_after);
  const double numerator = q_weighted - g_dt * hf * (eta_b - eta_a) * inv_dx;
  const double hf_7_3 = hf * hf * cube_root(hf);
  return numerator / (1.0 + g_dt * n2 * q_speed / hf_7_3);
}

// Magnitude of (q_normal, mean of four orthogonal face discharges).
inline double speed(double q_normal, double a, double b, double c, double d) {
  const double t = 0.25 * (a + b + c + d);
  return std::sqrt(q_normal * q_normal + t * t);
}

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
    n2_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double v = setup.manning_n_cells.data()[i];
      if (active_[i] != 0.0 && !(v >= 0.0))
        throw InputError(where, 0, "manning_n_cells", "Manning's n >= 0 in every cell of the domain");
      n2_[i] = std::isfinite(v) ? v * v : 0.0;
    }
  } else {
    if (!(setup.manning_n >= 0.0)) throw InputError(where, 0, "manning_n", "Manning's n >= 0");
    n2_uniform_ = setup.manning_n * setup.manning_n;
  }

  depth_m_ = geometry_.filled(0.0);
  if (setup.initial_depth_m.size() > 0) {
    if (setup.initial_depth_m.rows() != static_cast<Eigen::Index>(rows_) ||
        setup.initial_depth_m.cols() != static_cast<Eigen::Index>(cols_))
      throw InputError(where, 0, "initial_depth_m", "one value per terrain cell");
    for (std::size_t i = 0; i < n; ++i) {
      if (active_[i] == 0.0) continue;
      const double h = setup.initial_depth_m.data()[i];
      if (!(h >= 0.0) || !std::isfinite(h)) throw InputError(where, 0, "initial_depth_m", "depths >= 0");
      depth_m_.data()[i] = h;
    }
  }
  max_depth_m_ = depth_m_;
  arrival_time_s_ = geometry_.filled(kInf);
  for (std::size_t i = 0; i < n; ++i)
    if (depth_m_.data()[i] > p.arrival_depth_m) arrival_time_s_.data()[i] = time_s_;

  qx_.assign(rows_ * (cols_ + 1), 0.0);
  qx_raw_ = qx_;
  qy_.assign((rows_ + 1) * cols_, 0.0);
  qy_raw_ = qy_;
  limit_.assign(n, 1.0);

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
    if (depth_m_.data()[i] > 0.0) mark_wet(i);
  row_max_depth_.assign(rows_, 0.0);
  row_volume_.assign(rows_, 0.0);
  row_in_.assign(rows_, 0.0);
  row_out_.assign(rows_, 0.0);
  max_depth_now_ = depth_m_.maxCoeff();
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

void FloodModel::compute_fluxes(double dt) {
  const FloodParameters& p = parameters_;
  const double g_dt = p.gravity_mps2 * dt;
  const double inv_dx = 1.0 / dx_;
  const double theta = p.theta;
  const double half = 0.5 * (1.0 - theta);
  const double thr = p.flow_depth_threshold_m;
  const std::size_t rows = rows_, cols = cols_;
  const double* z = bed_m_.data();
  const double* h = depth_m_.data();
  const double* qx = qx_.data();
  const double* qy = qy_.data();
  double* qx_new = qx_raw_.data();
  double* qy_new = qy_raw_.data();
  const bool per_cell_n = !n2_.empty();
  const double* n2c = n2_.data();
  const double n2u = n2_uniform_;
  const bool isotropic = p.isotropic_friction;
  const int threads = thread_count(p.threads, rows * cols);

#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t r = 0; r < rows; ++r) {
    const double* zr = z + r * cols;
    const double* hr = h + r * cols;
    const double* qxr = qx + r * (cols + 1);
    double* qxn = qx_new + r * (cols + 1);
    const std::size_t lo = lo_[r], hi = hi_[r];
    // Interior x faces of row r in its active range: face c lies between
    // cells c-1 and c.
    for (std::size_t c = std::max<std::size_t>(1, lo); c < hi + (hi < cols ? 1 : 0) && lo < hi; ++c) {
      const double n2 = per_cell_n ? 0.5 * (n2c[r * cols + c - 1] + n2c[r * cols + c]) : n2u;
      const double* qyn_row = qy + r * cols;  // faces north of row r; south ones are cols further
      const double q_speed = isotropic ? speed(qxr[c], qyn_row[c - 1], qyn_row[c], qyn_row[cols + c - 1], qyn_row[cols + c])
                                       : std::abs(qxr[c]);
      qxn[c] = face_flux(zr[c - 1] + hr[c - 1], zr[c] + hr[c], zr[c - 1], zr[c], qxr[c], qxr[c - 1], qxr[c + 1],
                         q_speed, n2, g_dt, inv_dx, theta, half, thr);
    }
    // West and east edge faces (outward discharges, stored with sign).
    if (lo == 0 && hi > 0) {
      const std::size_t i = r * cols;
      const double n2 = per_cell_n ? n2c[i] : n2u;
      const double eta_next = cols > 1 ? zr[1] + hr[1] : zr[0] + hr[0];
      const double q_nb = cols > 1 ? -qxr[1] : -qxr[0];
      qxn[0] = west_[r].kind == BoundaryKind::closed || active_[i] == 0.0
                   ? 0.0
                   : -boundary_flux(west_[r], zr[0] + hr[0], zr[0], hr[0], eta_next, -qxr[0], q_nb, dt, n2);
    }
    if (hi == cols && lo < hi) {
      const std::size_t i = r * cols + cols - 1;
      const double n2 = per_cell_n ? n2c[i] : n2u;
      const double eta_next = cols > 1 ? zr[cols - 2] + hr[cols - 2] : zr[cols - 1] + hr[cols - 1];
      const double q_nb = cols > 1 ? qxr[cols - 1] : qxr[cols];
      qxn[cols] = east_[r].kind == BoundaryKind::closed || active_[i] == 0.0
                      ? 0.0
                      : boundary_flux(east_[r], zr[cols - 1] + hr[cols - 1], zr[cols - 1], hr[cols - 1], eta_next,
                                      qxr[cols], q_nb, dt, n2);
    }
    // y faces north of row r (between rows r-1 and r), positive southward.
    const double* qyr = qy + r * cols;
    double* qyn = qy_new + r * cols;
    if (r > 0) {
      const double* zu = zr - cols;  // row r-1, to the north
      const double* hu = hr - cols;
      const double* qy_up = qyr - cols;
      const double* qy_down = qyr + cols;
      // Faces between rows r-1 and r in either row's range.
      std::size_t ylo = lo, yhi = hi;
      if (lo_[r - 1] < hi_[r - 1]) {
        ylo = lo < hi ? std::min(lo, lo_[r - 1]) : lo_[r - 1];
        yhi = lo < hi ? std::max(hi, hi_[r - 1]) : hi_[r - 1];
      }
      for (std::size_t c = ylo; c < yhi; ++c) {
        const double n2 = per_cell_n ? 0.5 * (n2c[(r - 1) * cols + c] + n2c[r * cols + c]) : n2u;
        const double* qx_up = qx + (r - 1) * (cols + 1);  // x faces of row r-1; row r's are cols+1 further
        const double q_speed =
            isotropic ? speed(qyr[c], qx_up[c], qx_up[c + 1], qx_up[cols + 1 + c], qx_up[cols + 2 + c]) : std::abs(qyr[c]);
        qyn[c] = face_flux(zu[c] + hu[c], zr[c] + hr[c], zu[c], zr[c], qyr[c], qy_up[c], qy_down[c], q_speed, n2, g_dt,
                           inv_dx, theta, half, thr);
      }
    } else {
      for (std::size_t c = lo; c < hi; ++c) {
        const double n2 = per_cell_n ? n2c[c] : n2u;
        const double eta_next = rows > 1 ? z[cols + c] + h[cols + c] : z[c] + h[c];
        const double q_nb = rows > 1 ? -qy[cols + c] : -qy[c];
        qyn[c] = north_[c].kind == BoundaryKind::closed || active_[c] == 0.0
                     ? 0.0
                     : -boundary_flux(north_[c], z[c] + h[c], z[c], h[c], eta_next, -qy[c], q_nb, dt, n2);
      }
    }
    if (r + 1 == rows) {
      const double* qy_last = qy + rows * cols;
      double* qyn_last = qy_new + rows * cols;
      for (std::size_t c = lo; c < hi; ++c) {
        const std::size_t i = r * cols + c;
        const double n2 = per_cell_n ? n2c[i] : n2u;
        const double eta_next = rows > 1 ? z[i - cols] + h[i - cols] : z[i] + h[i];
        const double q_nb = rows > 1 ? (qy_last - cols)[c] : qy_last[c];
        qyn_last[c] = south_[c].kind == BoundaryKind::closed || active_[i] == 0.0
                          ? 0.0
                          : boundary_flux(south_[c], z[i] + h[i], z[i], h[i], eta_next, qy_last[c], q_nb, dt, n2);
      }
    }
  }
}

void FloodModel::limit_and_update(double dt) {
  const FloodParameters& p = parameters_;
  const std::size_t rows = rows_, cols = cols_;
  const double dt_dx = dt / dx_;
  const double face_volume = dt * dx_;  // m^3 per (m^2/s) of face discharge
  double* h = depth_m_.data();
  const double* qxr = qx_raw_.data();
  const double* qyr = qy_raw_.data();
  double* qx = qx_.data();
  double* qy = qy_.data();
  double* f = limit_.data();
  double* hmax = max_depth_m_.data();
  double* arrival = arrival_time_s_.data();
  const double t_end = time_s_ + dt;
  const double arrival_depth = p.arrival_depth_m;
  const double rain_m = rain_mm_per_h_.empty() ? 0.0 : std::max(0.0, rain_mm_per_h_.at(time_s_ + 0.5 * dt)) / 3.6e6 * dt;
  const double* active = active_.data();
  const bool masked_rain = rain_m > 0.0 && has_outside_;
  const int threads = thread_count(p.threads, rows * cols);

  // Outflow limiter: where the water leaving a cell in this step would be
  // more than it holds, scale all its outflows down so that it just empties
  // (no negative depths, mass conserved exactly).
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t r = 0; r < rows; ++r) {
    const double* qxrow = qxr + r * (cols + 1);
    const double* qn = qyr + r * cols;
    const double* qs = qn + cols;
    double* fr = f + r * cols;
    const double* hr = h + r * cols;
    for (std::size_t c = lo_[r]; c < hi_[r]; ++c) {
      const double out = (std::max(qxrow[c + 1], 0.0) + std::max(-qxrow[c], 0.0) + std::max(qs[c], 0.0) +
                          std::max(-qn[c], 0.0)) *
                         dt_dx;
      fr[c] = out > hr[c] ? hr[c] / out : 1.0;
    }
  }

#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t r = 0; r < rows; ++r) {
    const double* qxrow = qxr + r * (cols + 1);
    const double* qn = qyr + r * cols;
    const double* qs = qn + cols;
    const double* fr = f + r * cols;
    const double* f_up = r > 0 ? fr - cols : fr;           // unused at r == 0 (edge factor is 1)
    const double* f_down = r + 1 < rows ? fr + cols : fr;  // unused at the last row
    double* hr = h + r * cols;
    double* qx_out = qx + r * (cols + 1);
    double* qy_out = qy + r * cols;
    double row_max = 0.0, row_in = 0.0, row_out = 0.0;
    std::size_t wet_lo = cols, wet_hi = 0;
    for (std::size_t c = lo_[r]; c < hi_[r]; ++c) {
      // Scale each face by the factor of the cell it drains.
      const double w = qxrow[c];
      const double e = qxrow[c + 1];
      const double nq = qn[c];
      const double sq = qs[c];
      const double w_s = w * (w > 0.0 ? (c > 0 ? fr[c - 1] : 1.0) : fr[c]);
      const double e_s = e * (e > 0.0 ? fr[c] : (c + 1 < cols ? fr[c + 1] : 1.0));
      const double n_s = nq * (nq > 0.0 ? (r > 0 ? f_up[c] : 1.0) : fr[c]);
      const double s_s = sq * (sq > 0.0 ? fr[c] : (r + 1 < rows ? f_down[c] : 1.0));
      double hn = hr[c] + dt_dx * (w_s - e_s + n_s - s_s);
      hn += masked_rain ? rain_m * active[r * cols + c] : rain_m;
      hn = std::max(hn, 0.0);
      hr[c] = hn;
      if (hn > 0.0) {
        wet_lo = std::min(wet_lo, c);
        wet_hi = c + 1;
      }
      qx_out[c] = w_s;
      qy_out[c] = n_s;
      row_max = std::max(row_max, hn);
      if (hn > hmax[r * cols + c]) hmax[r * cols + c] = hn;
      if (hn > arrival_depth && arrival[r * cols + c] == kInf) arrival[r * cols + c] = t_end;
      if (c == 0) (w_s > 0.0 ? row_in : row_out) += std::abs(w_s) * face_volume;
      if (c + 1 == cols) {
        qx_out[cols] = e_s;
        (e_s < 0.0 ? row_in : row_out) += std::abs(e_s) * face_volume;
      }
      if (r == 0) (n_s > 0.0 ? row_in : row_out) += std::abs(n_s) * face_volume;
      if (r + 1 == rows) {
        qy[rows * cols + c] = s_s;
        (s_s < 0.0 ? row_in : row_out) += std::abs(s_s) * face_volume;
      }
    }
    row_max_depth_[r] = row_max;
    wet_lo_[r] = wet_lo;
    wet_hi_[r] = wet_hi;
    row_in_[r] = row_in;
    row_out_[r] = row_out;
  }

  double max_depth = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    max_depth = std::max(max_depth, row_max_depth_[r]);
    balance_.boundary_in_m3 += row_in_[r];
    balance_.boundary_out_m3 += row_out_[r];
  }
  if (rain_m > 0.0) balance_.rain_volume_m3 += rain_m * dx_ * dx_ * static_cast<double>(active_cells_);

  // Inflows at points and along inflow boundaries.
  const double t_mid = time_s_ + 0.5 * dt;
  for (const Source& s : sources_) {
    const double q_m3_s = std::max(0.0, source_series_[s.series].at(t_mid)) * s.weight;
    if (q_m3_s == 0.0) continue;
    const double volume = q_m3_s * dt;
    double& hn = h[s.cell];
    hn += volume / (dx_ * dx_);
    mark_wet(s.cell);
    balance_.inflow_volume_m3 += volume;
    if (hn > hmax[s.cell]) hmax[s.cell] = hn;
    if (hn > arrival_depth && arrival[s.cell] == kInf) arrival[s.cell] = t_end;
    max_depth = std::max(max_depth, hn);
  }
  max_depth_now_ = max_depth;
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
  update_ranges(dt);
  compute_fluxes(dt);
  limit_and_update(dt);
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

Grid FloodModel::depth_grid() const { return masked(geometry_, depth_m_, active_); }

double FloodModel::depth_at(GridPoint p) const {
  auto c = geometry_.cell_at(p);
  if (!c) return std::numeric_limits<double>::quiet_NaN();
  return depth_m_(static_cast<Eigen::Index>(c->row), static_cast<Eigen::Index>(c->col));
}

double FloodModel::max_depth_over(const std::vector<GridCell>& cells) const {
  double m = 0.0;
  for (const GridCell& c : cells)
    if (c.row < rows_ && c.col < cols_)
      m = std::max(m, depth_m_(static_cast<Eigen::Index>(c.row), static_cast<Eigen::Index>(c.col)));
  return m;
}

double FloodModel::max_depth_along(const std::vector<GridPoint>& polyline) const {
  return max_depth_over(geometry_.cells_along(polyline));
}

MassBalance FloodModel::mass_balance() const {
  MassBalance b = balance_;
  double volume = 0.0;
  for (std::size_t r = 0; r < rows_; ++r) {
    double row = 0.0;
    const double* hr = depth_m_.data() + r * cols_;
    for (std::size_t c = 0; c < cols_; ++c) row += hr[c];
    volume += row;
  }
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
  const double* h = depth_m_.data();
  for (std::size_t k = 0; k < w.above.size(); ++k) {
    const std::uint8_t now = h[k] > w.threshold_m ? 1 : 0;
    if (now != w.above[k]) {
      out.push_back({{k / cols_, k % cols_}, now == 1});
      w.above[k] = now;
    }
  }
  return out;
}

}  // namespace dsim
