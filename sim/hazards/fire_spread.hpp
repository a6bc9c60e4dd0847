// SPDX-License-Identifier: MIT
#pragma once

// Fire spread over a raster by minimum travel time (docs/models.md,
// "Wildfire: spread over the landscape"): each cell's arrival time is the
// least over paths from an ignition of the time to travel them, where
// crossing from one cell to the next takes the distance over the elliptical
// rate of spread in that direction (Finney 2002's idea, on a fixed stencil of
// neighbours). Wind, and so the rates, change in time: a cell is expanded at
// its arrival time with the conditions then. Barrier cells (roads, rivers,
// firebreaks) stop the fire unless it breaches them; held cells (fireline)
// always stop it. The spread advances step by step so that the response can
// hold line between steps (a hazard stepped in the event loop).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <vector>

namespace dsim {

// The spread conditions at a time, per cell: the head rate of spread (m/s;
// 0: does not burn), the length-to-breadth ratio (>= 1), the direction the
// head runs towards (radians clockwise from north) and the head-fire
// intensity (kW/m, for breaching). The caller derives them from fuel,
// weather and slope (sim/hazards/fire_behaviour.hpp).
struct SpreadField {
  std::vector<float> head_mps;
  std::vector<float> lb;
  std::vector<float> heading_rad;
  std::vector<float> intensity_kw_m;
};

// A fire's landscape: a rows x cols raster of square cells, row 0 at the
// south, with the conditions over time (piecewise constant: `fields[i]`
// holds from `times_s[i]` until the next). Shared read-only.
struct SpreadLandscape {
  std::size_t rows = 0, cols = 0;
  double cell_size_m = 30.0;
  std::vector<double> times_s;
  std::vector<SpreadField> fields;
  // Per cell: the width (m) of a road, river or firebreak there (0: none),
  // and a uniform draw in [0, 1) against the chance that a fire breaches it
  // (from the replication's random stream: common random numbers across
  // plans). Empty: no barriers.
  std::vector<float> barrier_width_m;
  std::vector<float> breach_u;
};

struct FireSpreadOptions {
  // Neighbours: 8, 16, 32, 48 or 80 (reach 1 to 5 cells; docs/models.md gives
  // the shape error of each: the larger, the closer to the ellipse and the slower).
  int stencil = 16;
  // The chance a fire of intensity I (kW/m) breaches a barrier of width w (m)
  // (fire_behaviour.hpp, breach_probability); null: barriers always hold.
  std::function<double(double intensity_kw_m, double width_m)> breach_probability;
  // Per cell, the uniform draws against breaching for this fire (one
  // replication's); empty: the landscape's breach_u. Must outlive the spread.
  std::span<const float> breach_u;
};

// A fire spreading over a landscape, advanced in steps.
class FireSpread {
 public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  FireSpread(const SpreadLandscape& landscape, const FireSpreadOptions& options);
  ~FireSpread();
  FireSpread(FireSpread&&) noexcept;
  FireSpread& operator=(FireSpread&&) noexcept;

  // Lights a cell (row-major index from the south-west) at a time.
  void ignite(std::size_t cell, double time_s);
  // Burns on until time_s: every cell the fire reaches by then gets its arrival time.
  void advance_to(double time_s);
  double now_s() const;
  // From now on the fire does not enter this cell (a held line); burned cells stay burned.
  void hold(std::size_t cell);
  bool held(std::size_t cell) const;

  // Arrival time of every cell (kNever: not by now).
  const std::vector<double>& arrival_s() const;
  // Burned cells with a neighbour the fire has not reached and may still
  // reach (not held): the active edge now.
  std::vector<std::size_t> active_edge() const;
  // Where line would be built now: the cells, in increasing index, not
  // burned and not held, that the fire could still burn or cross (head rate
  // > 0 in a field it may spread under from now, or a barrier), next to a
  // burned cell (8 neighbours). Every move out of the burned area passes
  // over one of them, so holding them all stops the fire for good.
  std::vector<std::size_t> front() const;
  // True when nothing is left that the fire can reach (no live arrival waits).
  bool contained() const;
  double burned_area_m2() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The whole spread in one call: arrival times at every cell by end_s.
std::vector<double> spread_fire(const SpreadLandscape& landscape, std::span<const std::size_t> ignitions,
                                std::span<const double> ignition_times_s, double end_s,
                                const FireSpreadOptions& options = {});

}  // namespace dsim
