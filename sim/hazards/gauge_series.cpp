// SPDX-License-Identifier: MIT
#include "sim/hazards/gauge_series.hpp"

#include "sim/core/error.hpp"

#include <cmath>
#include <limits>

namespace dsim {

GaugeSeries run_with_gauges(FloodModel& model, const std::vector<GridPoint>& gauges, double end_s, double interval_s,
                            double arrival_depth_m) {
  if (!(interval_s > 0.0)) throw Error("run_with_gauges: the sampling interval must be positive");
  GaugeSeries out;
  out.gauges = gauges;
  out.arrival_depth_m = arrival_depth_m;
  const std::size_t n = gauges.size();
  out.peak_depth_m.assign(n, 0.0);
  out.peak_time_s.assign(n, model.time_s());
  out.arrival_time_s.assign(n, std::numeric_limits<double>::infinity());
  std::vector<double> now(n);
  auto observe = [&] {
    for (std::size_t i = 0; i < n; ++i) {
      const auto d = interpolate_bilinear(model.geometry(), model.depth_m(), gauges[i]);
      now[i] = d ? *d : std::numeric_limits<double>::quiet_NaN();
      if (now[i] > out.peak_depth_m[i]) {
        out.peak_depth_m[i] = now[i];
        out.peak_time_s[i] = model.time_s();
      }
      if (now[i] > arrival_depth_m && std::isinf(out.arrival_time_s[i])) out.arrival_time_s[i] = model.time_s();
    }
  };
  auto record = [&] {
    out.times_s.push_back(model.time_s());
    out.depths_m.push_back(now);
  };
  observe();
  record();
  const double start = model.time_s();
  std::size_t k = 1;
  while (end_s - model.time_s() > 1e-9 * std::max(1.0, std::abs(end_s))) {
    const double next = std::min(end_s, start + static_cast<double>(k) * interval_s);
    // Stop within rounding of the sample time rather than take a sliver step.
    const double tolerance = 1e-9 * std::max(1.0, std::abs(next));
    while (next - model.time_s() > tolerance) {
      const double dt = model.step(next - model.time_s());
      if (!(dt > 0.0)) break;
      observe();
    }
    record();
    ++k;
  }
  return out;
}

}  // namespace dsim
