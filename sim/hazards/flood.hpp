// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/grid.hpp"
#include "sim/hazards/time_series.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace dsim {

// The four edges of a grid.
enum class GridEdge { west, east, south, north };

// What happens at a stretch of the grid's outer edge. Edges no segment
// covers are closed (walls).
enum class BoundaryKind {
  closed,       // no flow
  free,         // outflow at normal depth (LISFLOOD-FP FREE)
  fixed_level,  // water level held at `series` (m, same datum as the DEM): HFIX, or HVAR when it varies
  inflow,       // inflow of `series` m^2/s per metre of edge (LISFLOOD-FP QFIX / QVAR)
};

// A stretch of one edge, [from, to] along it in grid units (y on the west
// and east edges, x on the south and north edges). A cell belongs to the
// stretch when its centre lies in it; an inflow is spread over the cells in
// proportion to the length of edge each one shares with the stretch.
struct BoundarySegment {
  GridEdge edge = GridEdge::west;
  double from = -std::numeric_limits<double>::infinity();
  double to = std::numeric_limits<double>::infinity();
  BoundaryKind kind = BoundaryKind::closed;
  TimeSeries series;
  // Free boundaries: the energy slope for normal depth; NaN uses the local
  // water-surface slope towards the edge.
  double free_slope = std::numeric_limits<double>::quiet_NaN();
};

// A discharge (m^3/s) entering the cell that contains `at`.
struct PointInflow {
  GridPoint at;
  TimeSeries discharge_m3_s;
};

// Floating-point type of the solver's state (depths, bed, discharges). Mass
// totals are always summed in double. docs/models.md gives what each keeps.
enum class FloodPrecision { double_precision, single_precision };

struct FloodParameters {
  double gravity_mps2 = 9.81;
  // Time step = alpha * sqrt(theta) * dx / sqrt(g * h_max): Bates et al.
  // (2010, eq. 12) with alpha ~0.7, scaled by sqrt(theta) because the
  // weighting below lowers the scheme's stability limit in 2D.
  double alpha = 0.7;
  // Weight of a face's own discharge against its two neighbours' mean (de
  // Almeida et al. 2012); 1 gives the original Bates et al. (2010) scheme.
  double theta = 0.7;
  // Manning friction on a face with the magnitude of the unit discharge
  // (the orthogonal component averaged from the four nearest faces) rather
  // than the face-normal component alone as in Bates et al. (2010), which
  // under-resists diagonal flow; false gives the original scheme.
  bool isotropic_friction = true;
  // Upper bound on the step, used while the domain is (nearly) dry.
  double max_time_step_s = 10.0;
  // A face whose flow depth is at most this carries no water.
  double flow_depth_threshold_m = 1e-3;
  // A cell has "arrived" (flooded) when its depth first exceeds this.
  double arrival_depth_m = 0.01;
  // OpenMP threads; 0 uses the OpenMP default. Results do not depend on it.
  int threads = 0;
  FloodPrecision precision = FloodPrecision::double_precision;
};

// Everything a flood run starts from.
struct FloodSetup {
  Grid terrain;                       // bed elevation (m); NaN cells are outside the domain
  double manning_n = 0.03;            // s m^-1/3, used where manning_n_cells is empty
  GridArray manning_n_cells;          // optional, one value per cell
  GridArray initial_depth_m;          // optional, one value per cell (empty: dry)
  std::vector<BoundarySegment> boundaries;
  std::vector<PointInflow> point_inflows;
  TimeSeries rain_mm_per_h;           // uniform over the domain; empty: no rain
  FloodParameters parameters;
  double start_time_s = 0.0;
};

// Volumes since the start (m^3). Inflows enter through inflow boundaries
// and points, rain over the domain, boundary_in / boundary_out through free
// and fixed-level edges.
struct MassBalance {
  double initial_volume_m3 = 0.0;
  double stored_volume_m3 = 0.0;
  double inflow_volume_m3 = 0.0;
  double rain_volume_m3 = 0.0;
  double boundary_in_m3 = 0.0;
  double boundary_out_m3 = 0.0;

  double total_in_m3() const { return inflow_volume_m3 + rain_volume_m3 + boundary_in_m3; }
  // What is stored minus what should be: zero up to rounding.
  double error_m3() const { return stored_volume_m3 - (initial_volume_m3 + total_in_m3() - boundary_out_m3); }
  // The error relative to all the water that was ever in the domain.
  double relative_error() const {
    const double scale = initial_volume_m3 + total_in_m3();
    return scale > 0.0 ? error_m3() / scale : 0.0;
  }
};

// A cell whose depth went above (rising) or back to or below (falling) a
// watched threshold.
struct DepthCrossing {
  GridCell cell;
  bool rising = true;
};

enum class DepthWatchId : std::uint32_t {};

// Two-dimensional flood inundation with the local-inertial formulation of
// LISFLOOD-FP (Bates, Horritt & Fewtrell 2010) and the numerical diffusion
// of de Almeida, Bates, Freer & Souvignet (2012): depths at cell centres,
// unit discharges on cell faces, an adaptive explicit time step. Meant to be
// advanced from inside a discrete-event run: `advance_to(t)` steps until
// exactly t, and queries read the state between calls. Results are
// bit-identical for any thread count.
class FloodModel {
 public:
  // Throws dsim::InputError when the setup is inconsistent (array shapes,
  // negative depths or roughness, a point inflow outside the domain).
  explicit FloodModel(FloodSetup setup);

  // Steps until time_s (adaptive steps; the last one is shortened to land on
  // it). Does nothing when time_s is not after the current time.
  void advance_to(double time_s);
  // One adaptive step, at most up to `limit_s`; returns its length.
  double step(double limit_s = std::numeric_limits<double>::infinity());

  double time_s() const { return time_s_; }
  std::uint64_t steps_taken() const { return steps_; }
  // Cells updated so far (cells near water, summed over steps).
  std::uint64_t cell_updates() const { return cell_updates_; }
  const GridGeometry& geometry() const { return geometry_; }
  const FloodParameters& parameters() const { return parameters_; }

  // Current water depth (m); 0 outside the domain. A double copy of the
  // state, refreshed when read after a step.
  const GridArray& depth_m() const;
  // Largest depth each cell has had since the start.
  const GridArray& max_depth_m() const;
  // Time the depth first exceeded parameters().arrival_depth_m; +infinity
  // where it has not (yet).
  const GridArray& arrival_time_s() const { return arrival_time_s_; }
  // The depth as a grid (NaN outside the domain), ready to write.
  Grid depth_grid() const;

  // Depth of the cell containing p; NaN outside the grid.
  double depth_at(GridPoint p) const;
  // Deepest water over the given cells (e.g. those a road crosses, from
  // GridGeometry::cells_along); 0 for none.
  double max_depth_over(const std::vector<GridCell>& cells) const;
  double max_depth_along(const std::vector<GridPoint>& polyline) const;

  MassBalance mass_balance() const;

  // Starts watching a depth threshold; the first take_crossings reports
  // every cell already above it as rising.
  DepthWatchId watch_depth(double threshold_m);
  // Cells whose depth crossed the watched threshold since the previous call
  // (comparing the state now with the state then), in row-major order.
  std::vector<DepthCrossing> take_crossings(DepthWatchId id);

 private:
  struct EdgeCell {
    BoundaryKind kind = BoundaryKind::closed;
    std::uint32_t segment = 0;
  };
  struct Source {
    std::size_t cell;
    double weight;  // m of edge (inflow boundaries) or 1 (points)
    std::uint32_t series;
  };
  struct Watch {
    double threshold_m;
    std::vector<std::uint8_t> above;
  };

  // The solver's state in one precision. Depths and discharges are double
  // buffered: a step reads [cur_] and writes [1 - cur_], so that rows can be
  // split between threads with no ordering between them.
  template <class Real>
  struct Fields {
    std::vector<Real> z;     // bed; outside cells hold a high wall
    std::vector<Real> n2;    // Manning n squared per cell (empty: uniform)
    std::vector<Real> hmax;  // largest depth so far
    std::vector<Real> h[2];
    // Unit discharges (m^2/s): qx on rows x (cols+1) faces, positive east;
    // qy on (rows+1) x cols faces, positive south (increasing row).
    std::vector<Real> qx[2], qy[2];
    // Per band of rows: a few rows of raw discharges and limiter factors.
    std::vector<std::vector<Real>> scratch;
  };
  template <class F>
  decltype(auto) visit(F&& f) {
    return single_ ? f(f32_) : f(f64_);
  }
  template <class F>
  decltype(auto) visit(F&& f) const {
    return single_ ? f(f32_) : f(f64_);
  }
  template <class Real>
  void init_fields(Fields<Real>& s, const GridArray& depth, const GridArray& n2_cells);
  // Fluxes, limiter and depth update in one pass over the rows (flood_kernel.cpp).
  template <class Real>
  void fused_step(Fields<Real>& s, double dt);
  template <class Real>
  void step_band(Fields<Real>& s, double dt, std::size_t r0, std::size_t r1, Real* scratch);
  template <class Real>
  void add_sources(Fields<Real>& s, double dt, double& max_depth);

  void update_ranges(double dt);
  void mark_wet(std::size_t cell);
  double boundary_flux(const EdgeCell& ec, double eta_in, double z_in, double h_in, double eta_next, double q0,
                       double q_neighbour, double dt, double n2) const;
  double depth_of(std::size_t cell) const;
  std::size_t idx(std::size_t r, std::size_t c) const { return r * cols_ + c; }

  GridGeometry geometry_;
  FloodParameters parameters_;
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  double dx_ = 1.0;
  double time_s_ = 0.0;
  std::uint64_t steps_ = 0;
  std::uint64_t cell_updates_ = 0;
  std::size_t active_cells_ = 0;

  bool single_ = false;
  int cur_ = 0;
  Fields<double> f64_;
  Fields<float> f32_;
  GridArray bed_m_;  // z in double, for the boundaries and the time step
  GridArray arrival_time_s_;
  mutable GridArray depth_view_, max_depth_view_;
  mutable bool depth_stale_ = true, max_depth_stale_ = true;
  double n2_uniform_ = 0.0;
  bool per_cell_n_ = false;
  std::vector<double> active_;  // 1 inside the domain, 0 outside
  bool has_outside_ = false;

  // Columns [lo_, hi_) of each row that a step updates (cells within one
  // cell of water, ever), and [wet_lo_, wet_hi_) where there is water now.
  std::vector<std::size_t> lo_, hi_, wet_lo_, wet_hi_;

  std::vector<EdgeCell> west_, east_, north_, south_;
  std::vector<BoundarySegment> segments_;
  std::vector<Source> sources_;
  std::vector<TimeSeries> source_series_;
  TimeSeries rain_mm_per_h_;
  double rain_m_ = 0.0;  // rain depth of the current step

  // Per-row partial sums, added in row order so that totals do not depend
  // on the thread count.
  std::vector<double> row_max_depth_, row_in_, row_out_;
  double max_depth_now_ = 0.0;
  double max_boundary_depth_ = 0.0;
  double level_time_s_ = 0.0;  // time at which boundary levels are evaluated

  MassBalance balance_;
  std::vector<Watch> watches_;
};

}  // namespace dsim
