// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/flood.hpp"

#include <vector>

namespace dsim {

// Water depth over time at gauge points, as a model run records it: a table
// sampled every `interval_s`, and the peak depth and first arrival seen at
// every time step. Depths are interpolated bilinearly between cell centres.
struct GaugeSeries {
  std::vector<GridPoint> gauges;
  std::vector<double> times_s;
  std::vector<std::vector<double>> depths_m;  // [sample][gauge]
  std::vector<double> peak_depth_m;           // [gauge]
  std::vector<double> peak_time_s;            // [gauge]
  std::vector<double> arrival_time_s;         // [gauge]; +infinity when the water never came
  double arrival_depth_m = 0.01;
};

// Advances `model` to `end_s`, recording the gauges (a sample at the start,
// then every interval_s and at the end). Arrival is the first step end at
// which the depth exceeds `arrival_depth_m`.
GaugeSeries run_with_gauges(FloodModel& model, const std::vector<GridPoint>& gauges, double end_s, double interval_s,
                            double arrival_depth_m = 0.01);

}  // namespace dsim
