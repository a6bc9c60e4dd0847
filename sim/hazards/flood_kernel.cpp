// SPDX-License-Identifier: MIT
// One step of the flood solver (sim/hazards/flood.hpp) in a single pass over
// the rows: for each row the raw face discharges, then the outflow limiter
// of the row above, then the depth update of the row above that, all from
// a few rows of scratch that stay in cache. Each thread takes a band of
// rows and recomputes the two rows of faces and limiter factors at its
// edges that its neighbour also computes, so bands need no ordering and the
// results are bit-identical for any thread count. Inner loops run over
// contiguous columns without branches, so that they vectorise.
#include "sim/hazards/flood.hpp"
#include "sim/hazards/flood_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#ifdef _OPENMP
#include <omp.h>
#endif

// Vector-width clones of the row loops, chosen at load time (x86-64 with
// GCC). AVX2 without FMA: every operation rounds as in the baseline clone,
// so results do not depend on which clone runs.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define DSIM_FLOOD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define DSIM_FLOOD_CLONES
#endif

namespace dsim {

namespace flood_detail {

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

namespace {

template <class Real>
struct Consts {
  Real g_dt, inv_dx, theta, half, thr, dt_dx;
  Real n2u;
  bool isotropic;
};

// Interior x faces [c0, c1) of one row (face c between cells c-1 and c).
// n2r: Manning n^2 of the row's cells, or null for the uniform value.
template <class Real, bool PerCell, bool Isotropic>
[[gnu::always_inline]] inline void x_faces(const Real* __restrict zr, const Real* __restrict hr,
                                           const Real* __restrict qx, const Real* __restrict qy_n,
                                           const Real* __restrict qy_s, const Real* __restrict n2r,
                                           const Consts<Real>& k, Real* __restrict out, std::size_t c0,
                                           std::size_t c1) {
#pragma omp simd
  for (std::size_t c = c0; c < c1; ++c) {
    Real n2 = k.n2u, sp;
    if constexpr (PerCell) n2 = Real(0.5) * (n2r[c - 1] + n2r[c]);
    if constexpr (Isotropic)
      sp = speed(qx[c], qy_n[c - 1], qy_n[c], qy_s[c - 1], qy_s[c]);
    else
      sp = std::abs(qx[c]);
    out[c] = face_flux(zr[c - 1] + hr[c - 1], zr[c] + hr[c], zr[c - 1], zr[c], qx[c], qx[c - 1], qx[c + 1], sp, n2,
                       k.g_dt, k.inv_dx, k.theta, k.half, k.thr);
  }
}

// Interior y faces [c0, c1) between row u (north) and row r (south).
template <class Real, bool PerCell, bool Isotropic>
[[gnu::always_inline]] inline void y_faces(const Real* __restrict zu, const Real* __restrict hu,
                                           const Real* __restrict zr, const Real* __restrict hr,
                                           const Real* __restrict qy_up, const Real* __restrict qy,
                                           const Real* __restrict qy_down, const Real* __restrict qx_u,
                                           const Real* __restrict qx_r, const Real* __restrict n2u_row,
                                           const Real* __restrict n2r_row, const Consts<Real>& k,
                                           Real* __restrict out, std::size_t c0, std::size_t c1) {
#pragma omp simd
  for (std::size_t c = c0; c < c1; ++c) {
    Real n2 = k.n2u, sp;
    if constexpr (PerCell) n2 = Real(0.5) * (n2u_row[c] + n2r_row[c]);
    if constexpr (Isotropic)
      sp = speed(qy[c], qx_u[c], qx_u[c + 1], qx_r[c], qx_r[c + 1]);
    else
      sp = std::abs(qy[c]);
    out[c] = face_flux(zu[c] + hu[c], zr[c] + hr[c], zu[c], zr[c], qy[c], qy_up[c], qy_down[c], sp, n2, k.g_dt,
                       k.inv_dx, k.theta, k.half, k.thr);
  }
}

// Outflow limiter: where the water leaving a cell in this step would be
// more than it holds, a factor that scales all its outflows down so that it
// just empties (no negative depths, mass conserved exactly).
template <class Real>
[[gnu::always_inline]] inline void limiter(const Real* __restrict qx, const Real* __restrict qn,
                                           const Real* __restrict qs, const Real* __restrict hr, Real dt_dx,
                                           Real* __restrict f, std::size_t c0, std::size_t c1) {
#pragma omp simd
  for (std::size_t c = c0; c < c1; ++c) {
    const Real e = qx[c + 1], w = -qx[c], s = qs[c], n = -qn[c];
    const Real zero = 0;
    const Real out = ((e > zero ? e : zero) + (w > zero ? w : zero) + (s > zero ? s : zero) + (n > zero ? n : zero)) * dt_dx;
    const Real ratio = hr[c] / out;
    f[c] = out > hr[c] ? ratio : Real(1);
  }
}

struct RowResult {
  double max_depth;
  bool arrived;
};

// Depth update of cells [c0, c1) of one row: each face scaled by the factor
// of the cell it drains (f_up, f, f_down padded with 1 at both ends), rain
// where the bed is not a wall, the new depth, its maximum, and the limited
// discharges of the west and north faces kept for the next step.
template <class Real>
[[gnu::always_inline]] inline RowResult update(const Real* __restrict qx, const Real* __restrict qn,
                                               const Real* __restrict qs, const Real* __restrict f_up,
                                               const Real* __restrict f, const Real* __restrict f_down,
                                               const Real* __restrict h_old, const Real* __restrict zr, Real rain,
                                               Real dt_dx, Real arrival_depth, Real* __restrict h_new,
                                               Real* __restrict hmax, Real* __restrict qx_new,
                                               Real* __restrict qy_new, std::size_t c0, std::size_t c1) {
  Real row_max = 0;
  int arrived = 0;
  const Real wall = static_cast<Real>(0.5 * kWall_m);
#pragma omp simd reduction(max : row_max) reduction(| : arrived)
  for (std::size_t c = c0; c < c1; ++c) {
    const Real w = qx[c], e = qx[c + 1], nq = qn[c], sq = qs[c];
    const Real w_s = w * (w > Real(0) ? f[c - 1] : f[c]);
    const Real e_s = e * (e > Real(0) ? f[c] : f[c + 1]);
    const Real n_s = nq * (nq > Real(0) ? f_up[c] : f[c]);
    const Real s_s = sq * (sq > Real(0) ? f[c] : f_down[c]);
    Real hn = h_old[c] + dt_dx * (w_s - e_s + n_s - s_s);
    hn += zr[c] < wall ? rain : Real(0);
    hn = std::max(hn, Real(0));
    h_new[c] = hn;
    qx_new[c] = w_s;
    qy_new[c] = n_s;
    const Real before = hmax[c];
    arrived |= static_cast<int>(hn > arrival_depth) & static_cast<int>(!(before > arrival_depth));
    hmax[c] = std::max(before, hn);
    row_max = std::max(row_max, hn);
  }
  return {static_cast<double>(row_max), arrived != 0};
}

// The row loops in each vector width.
#define DSIM_FLOOD_ROWS(Real)                                                                                      \
  DSIM_FLOOD_CLONES void x_faces_row(const Real* zr, const Real* hr, const Real* qx, const Real* qy_n,           \
                                     const Real* qy_s, const Real* n2r, const Consts<Real>& k, Real* out,        \
                                     std::size_t c0, std::size_t c1) {                                            \
    if (n2r && k.isotropic)                                                                                       \
      x_faces<Real, true, true>(zr, hr, qx, qy_n, qy_s, n2r, k, out, c0, c1);                                     \
    else if (n2r)                                                                                                 \
      x_faces<Real, true, false>(zr, hr, qx, qy_n, qy_s, n2r, k, out, c0, c1);                                    \
    else if (k.isotropic)                                                                                         \
      x_faces<Real, false, true>(zr, hr, qx, qy_n, qy_s, n2r, k, out, c0, c1);                                    \
    else                                                                                                          \
      x_faces<Real, false, false>(zr, hr, qx, qy_n, qy_s, n2r, k, out, c0, c1);                                   \
  }                                                                                                               \
  DSIM_FLOOD_CLONES void y_faces_row(const Real* zu, const Real* hu, const Real* zr, const Real* hr,             \
                                     const Real* qy_up, const Real* qy, const Real* qy_down, const Real* qx_u,   \
                                     const Real* qx_r, const Real* n2u_row, const Real* n2r_row,                 \
                                     const Consts<Real>& k, Real* out, std::size_t c0, std::size_t c1) {         \
    if (n2r_row && k.isotropic)                                                                                   \
      y_faces<Real, true, true>(zu, hu, zr, hr, qy_up, qy, qy_down, qx_u, qx_r, n2u_row, n2r_row, k, out, c0, c1); \
    else if (n2r_row)                                                                                             \
      y_faces<Real, true, false>(zu, hu, zr, hr, qy_up, qy, qy_down, qx_u, qx_r, n2u_row, n2r_row, k, out, c0,    \
                                 c1);                                                                             \
    else if (k.isotropic)                                                                                         \
      y_faces<Real, false, true>(zu, hu, zr, hr, qy_up, qy, qy_down, qx_u, qx_r, n2u_row, n2r_row, k, out, c0,    \
                                 c1);                                                                             \
    else                                                                                                          \
      y_faces<Real, false, false>(zu, hu, zr, hr, qy_up, qy, qy_down, qx_u, qx_r, n2u_row, n2r_row, k, out, c0,   \
                                  c1);                                                                            \
  }                                                                                                               \
  DSIM_FLOOD_CLONES void limiter_row(const Real* qx, const Real* qn, const Real* qs, const Real* hr, Real dt_dx, \
                                     Real* f, std::size_t c0, std::size_t c1) {                                   \
    limiter(qx, qn, qs, hr, dt_dx, f, c0, c1);                                                                    \
  }                                                                                                               \
  DSIM_FLOOD_CLONES RowResult update_row(const Real* qx, const Real* qn, const Real* qs, const Real* f_up,       \
                                         const Real* f, const Real* f_down, const Real* h_old, const Real* zr,    \
                                         Real rain, Real dt_dx, Real arrival_depth, Real* h_new, Real* hmax,      \
                                         Real* qx_new, Real* qy_new, std::size_t c0, std::size_t c1) {            \
    return update(qx, qn, qs, f_up, f, f_down, h_old, zr, rain, dt_dx, arrival_depth, h_new, hmax, qx_new,       \
                  qy_new, c0, c1);                                                                                \
  }

DSIM_FLOOD_ROWS(float)
DSIM_FLOOD_ROWS(double)
#undef DSIM_FLOOD_ROWS

}  // namespace
}  // namespace flood_detail

using namespace flood_detail;

template <class Real>
void FloodModel::fused_step(Fields<Real>& s, double dt) {
  const std::size_t rows = rows_;
  const int threads = thread_count(parameters_.threads, rows_ * cols_);
  // Scratch per band: 4 rows each of raw x discharges, raw y discharges
  // and limiter factors (padded with a 1 at both ends).
  const std::size_t scratch = 4 * (cols_ + 1) + 4 * cols_ + 4 * (cols_ + 2);
  if (s.scratch.size() < static_cast<std::size_t>(threads)) s.scratch.resize(static_cast<std::size_t>(threads));
  for (int b = 0; b < threads; ++b)
    if (s.scratch[static_cast<std::size_t>(b)].size() != scratch)
      s.scratch[static_cast<std::size_t>(b)].assign(scratch, Real(1));
  const auto bands = static_cast<std::size_t>(threads);
#pragma omp parallel num_threads(threads)
  {
#ifdef _OPENMP
    const auto team = static_cast<std::size_t>(omp_get_num_threads());
    const auto me = static_cast<std::size_t>(omp_get_thread_num());
#else
    const std::size_t team = 1, me = 0;
#endif
    for (std::size_t b = me; b < bands; b += team) {
      step_band(s, dt, rows * b / bands, rows * (b + 1) / bands, s.scratch[b].data());
    }
  }
  double max_depth = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    max_depth = std::max(max_depth, row_max_depth_[r]);
    balance_.boundary_in_m3 += row_in_[r];
    balance_.boundary_out_m3 += row_out_[r];
  }
  if (rain_m_ > 0.0)
    balance_.rain_volume_m3 += rain_m_ * dx_ * dx_ * static_cast<double>(active_cells_);
  max_depth_now_ = max_depth;
  cur_ = 1 - cur_;
}

template <class Real>
void FloodModel::step_band(Fields<Real>& s, double dt, std::size_t r0, std::size_t r1, Real* scratch) {
  const FloodParameters& p = parameters_;
  const std::size_t rows = rows_, cols = cols_;
  const Consts<Real> k{static_cast<Real>(p.gravity_mps2 * dt),
                       static_cast<Real>(1.0 / dx_),
                       static_cast<Real>(p.theta),
                       static_cast<Real>(0.5 * (1.0 - p.theta)),
                       static_cast<Real>(p.flow_depth_threshold_m),
                       static_cast<Real>(dt / dx_),
                       static_cast<Real>(n2_uniform_),
                       p.isotropic_friction};
  const Real* z = s.z.data();
  const Real* h = s.h[cur_].data();
  const Real* qx = s.qx[cur_].data();
  const Real* qy = s.qy[cur_].data();
  Real* h_new = s.h[1 - cur_].data();
  Real* qx_new = s.qx[1 - cur_].data();
  Real* qy_new = s.qy[1 - cur_].data();
  const Real* n2 = per_cell_n_ ? s.n2.data() : nullptr;
  const double face_volume = dt * dx_;  // m^3 per (m^2/s) of face discharge
  const double t_end = time_s_ + dt;
  const Real arrival_depth = static_cast<Real>(p.arrival_depth_m);
  const Real rain = static_cast<Real>(rain_m_);

  // Rows of scratch, indexed by row modulo 4 (row -1 is slot 3).
  Real* raw_x = scratch;                 // 4 x (cols + 1): x faces of a row
  Real* raw_y = raw_x + 4 * (cols + 1);  // 4 x cols: y faces north of a row
  Real* factor = raw_y + 4 * cols;       // 4 x (cols + 2): limiter, padded
  auto RX = [&](std::size_t j) { return raw_x + (j & 3) * (cols + 1); };
  auto RY = [&](std::size_t j) { return raw_y + (j & 3) * cols; };
  auto F = [&](std::size_t j) { return factor + (j & 3) * (cols + 2) + 1; };
  auto n2_at = [&](std::size_t i) { return per_cell_n_ ? static_cast<double>(n2[i]) : n2_uniform_; };
  auto d = [](Real v) { return static_cast<double>(v); };

  // Raw y faces north of row j (between rows j-1 and j); j == rows: the
  // south edge.
  auto y_row = [&](std::size_t j) {
    Real* out = RY(j);
    if (j > 0 && j < rows) {
      std::size_t lo = lo_[j], hi = hi_[j];
      if (lo_[j - 1] < hi_[j - 1]) {
        lo = lo < hi ? std::min(lo, lo_[j - 1]) : lo_[j - 1];
        hi = lo_[j] < hi_[j] ? std::max(hi, hi_[j - 1]) : hi_[j - 1];
      }
      const std::size_t u = (j - 1) * cols, r = j * cols;
      y_faces_row(z + u, h + u, z + r, h + r, qy + u, qy + r, qy + r + cols, qx + (j - 1) * (cols + 1),
                  qx + j * (cols + 1), n2 ? n2 + u : nullptr, n2 ? n2 + r : nullptr, k, out, lo, hi);
    } else if (j == 0) {
      for (std::size_t c = lo_[0]; c < hi_[0]; ++c) {
        const double eta_next = rows > 1 ? d(z[cols + c]) + d(h[cols + c]) : d(z[c]) + d(h[c]);
        const double q_nb = rows > 1 ? -d(qy[cols + c]) : -d(qy[c]);
        out[c] = north_[c].kind == BoundaryKind::closed || active_[c] == 0.0
                     ? Real(0)
                     : static_cast<Real>(-boundary_flux(north_[c], d(z[c]) + d(h[c]), d(z[c]), d(h[c]), eta_next,
                                                        -d(qy[c]), q_nb, dt, n2_at(c)));
      }
    } else {  // j == rows
      const std::size_t r = rows - 1;
      const Real* qy_last = qy + rows * cols;
      for (std::size_t c = lo_[r]; c < hi_[r]; ++c) {
        const std::size_t i = r * cols + c;
        const double eta_next = rows > 1 ? d(z[i - cols]) + d(h[i - cols]) : d(z[i]) + d(h[i]);
        const double q_nb = rows > 1 ? d((qy_last - cols)[c]) : d(qy_last[c]);
        out[c] = south_[c].kind == BoundaryKind::closed || active_[i] == 0.0
                     ? Real(0)
                     : static_cast<Real>(boundary_flux(south_[c], d(z[i]) + d(h[i]), d(z[i]), d(h[i]), eta_next,
                                                       d(qy_last[c]), q_nb, dt, n2_at(i)));
      }
    }
  };

  // Raw x faces of row j, its edges included.
  auto x_row = [&](std::size_t j) {
    const std::size_t lo = lo_[j], hi = hi_[j];
    if (lo >= hi) return;
    Real* out = RX(j);
    const std::size_t i0 = j * cols;
    const Real* zr = z + i0;
    const Real* hr = h + i0;
    const Real* qxr = qx + j * (cols + 1);
    x_faces_row(zr, hr, qxr, qy + i0, qy + i0 + cols, n2 ? n2 + i0 : nullptr, k, out, std::max<std::size_t>(1, lo),
                hi + (hi < cols ? 1 : 0));
    if (lo == 0) {
      const double eta_next = cols > 1 ? d(zr[1]) + d(hr[1]) : d(zr[0]) + d(hr[0]);
      const double q_nb = cols > 1 ? -d(qxr[1]) : -d(qxr[0]);
      out[0] = west_[j].kind == BoundaryKind::closed || active_[i0] == 0.0
                   ? Real(0)
                   : static_cast<Real>(-boundary_flux(west_[j], d(zr[0]) + d(hr[0]), d(zr[0]), d(hr[0]), eta_next,
                                                      -d(qxr[0]), q_nb, dt, n2_at(i0)));
    }
    if (hi == cols) {
      const std::size_t l = cols - 1;
      const double eta_next = cols > 1 ? d(zr[l - 1]) + d(hr[l - 1]) : d(zr[l]) + d(hr[l]);
      const double q_nb = cols > 1 ? d(qxr[l]) : d(qxr[cols]);
      out[cols] = east_[j].kind == BoundaryKind::closed || active_[i0 + l] == 0.0
                      ? Real(0)
                      : static_cast<Real>(boundary_flux(east_[j], d(zr[l]) + d(hr[l]), d(zr[l]), d(hr[l]),
                                                        eta_next, d(qxr[cols]), q_nb, dt, n2_at(i0 + l)));
    }
  };

  // New state of row j.
  auto update_j = [&](std::size_t j) {
    const std::size_t lo = lo_[j], hi = hi_[j];
    const std::size_t i0 = j * cols;
    if (lo >= hi) {
      row_max_depth_[j] = 0.0;
      row_in_[j] = row_out_[j] = 0.0;
      wet_lo_[j] = cols;
      wet_hi_[j] = 0;
      return;
    }
    const Real* f = F(j);
    const Real* qxr = RX(j);
    Real* hn = h_new + i0;
    Real* qxn = qx_new + j * (cols + 1);
    const RowResult res = update_row(qxr, RY(j), RY(j + 1), F(j - 1), f, F(j + 1), h + i0, z + i0, rain, k.dt_dx,
                                     arrival_depth, hn, s.hmax.data() + i0, qxn, qy_new + i0, lo, hi);
    if (res.arrived) {
      double* arrival = arrival_time_s_.data() + i0;
      for (std::size_t c = lo; c < hi; ++c)
        if (hn[c] > arrival_depth && arrival[c] == std::numeric_limits<double>::infinity()) arrival[c] = t_end;
    }
    std::size_t wet_lo = lo, wet_hi = hi;
    while (wet_lo < hi && !(hn[wet_lo] > Real(0))) ++wet_lo;
    while (wet_hi > wet_lo && !(hn[wet_hi - 1] > Real(0))) --wet_hi;
    if (wet_lo == wet_hi) wet_lo = cols, wet_hi = 0;
    double in = 0.0, out = 0.0;
    auto account = [&](double q_in) { (q_in > 0.0 ? in : out) += std::abs(q_in) * face_volume; };
    if (lo == 0) account(d(qxn[0]));
    if (hi == cols) {
      const Real e = qxr[cols];
      qxn[cols] = e * (e > Real(0) ? f[cols - 1] : Real(1));
      account(-d(qxn[cols]));
    }
    if (j == 0)
      for (std::size_t c = lo; c < hi; ++c) account(d(qy_new[c]));
    if (j + 1 == rows) {
      const Real* qs = RY(rows);
      Real* qs_new = qy_new + rows * cols;
      for (std::size_t c = lo; c < hi; ++c) {
        qs_new[c] = qs[c] * (qs[c] > Real(0) ? f[c] : Real(1));
        account(-d(qs_new[c]));
      }
    }
    row_max_depth_[j] = res.max_depth;
    row_in_[j] = in;
    row_out_[j] = out;
    wet_lo_[j] = wet_lo;
    wet_hi_[j] = wet_hi;
  };

  // Every factor starts at 1: row -1 (north of the grid) keeps it.
  std::fill(factor, factor + 4 * (cols + 2), Real(1));
  const std::size_t first = r0 > 0 ? r0 - 1 : 0;
  const std::size_t last = std::min(r1, rows - 1);
  y_row(first);
  for (std::size_t j = first; j <= last; ++j) {
    x_row(j);
    // Faces of row j+1 where either row is active; row j+1 may not be.
    y_row(j + 1);
    // Factors outside the row's range stay as they were (finite, and
    // only met on faces that carry no water); the padding stays 1.
    if (lo_[j] < hi_[j]) limiter_row(RX(j), RY(j), RY(j + 1), h + j * cols, k.dt_dx, F(j), lo_[j], hi_[j]);
    if (j >= r0 + 1) update_j(j - 1);
  }
  if (r1 == rows) {
    std::fill(F(rows) - 1, F(rows) + cols + 1, Real(1));
    update_j(rows - 1);
  }
}

template void FloodModel::fused_step(Fields<float>&, double);
template void FloodModel::fused_step(Fields<double>&, double);

}  // namespace dsim
