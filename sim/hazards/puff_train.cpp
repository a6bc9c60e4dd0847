// SPDX-License-Identifier: MIT
// The Gaussian puff train (docs/models.md, "Chemical releases: dispersion"):
// puffs from the release schedule, moved by the wind series, summed at the
// receptors they can reach through a uniform grid of receptor buckets.
#include "sim/core/error.hpp"
#include "sim/hazards/dispersion.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>

namespace dsim {

namespace {

constexpr const char* kWhere = "puff_train";

std::string text_of(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

void require(bool ok, const std::string& key, const std::string& expected, double found) {
  if (!ok) throw InputError(kWhere, 0, key, expected, text_of(found));
}

std::string at(const char* name, std::size_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }

void check_inputs(const ReleaseSeries& release, const WeatherSeries& weather, std::span<const Receptor> receptors,
                  std::span<const double> output_times_s, const PuffTrainOptions& o) {
  const std::size_t n = weather.times_s.size();
  require(n > 0, "weather.times_s", "at least one weather sample", 0.0);
  require(weather.speed_mps.size() == n && weather.from_deg.size() == n && weather.stability.size() == n,
          "weather.speed_mps", "as many speeds, directions and classes as times",
          static_cast<double>(weather.speed_mps.size()));
  for (std::size_t i = 0; i < n; ++i) {
    require(std::isfinite(weather.times_s[i]) && (i == 0 || weather.times_s[i] > weather.times_s[i - 1]),
            at("weather.times_s", i), "times increasing strictly", weather.times_s[i]);
    require(std::isfinite(weather.speed_mps[i]) && weather.speed_mps[i] >= 0.0, at("weather.speed_mps", i),
            "a wind speed >= 0 m/s", weather.speed_mps[i]);
    require(std::isfinite(weather.from_deg[i]), at("weather.from_deg", i), "a direction in degrees",
            weather.from_deg[i]);
    require(static_cast<int>(weather.stability[i]) < kStabilityCount, at("weather.stability", i), "a class A to F",
            static_cast<double>(weather.stability[i]));
  }
  require(weather.reference_height_m > 0.0 && std::isfinite(weather.reference_height_m), "weather.reference_height_m",
          "a height > 0 m", weather.reference_height_m);
  const std::size_t k = release.rate_times_s.size();
  require(release.rate_kg_s.size() == k, "release.rate_kg_s", "as many rates as rate times",
          static_cast<double>(release.rate_kg_s.size()));
  for (std::size_t i = 0; i < k; ++i) {
    require(std::isfinite(release.rate_times_s[i]) && (i == 0 || release.rate_times_s[i] > release.rate_times_s[i - 1]),
            at("release.rate_times_s", i), "times increasing strictly", release.rate_times_s[i]);
    require(std::isfinite(release.rate_kg_s[i]) && release.rate_kg_s[i] >= 0.0, at("release.rate_kg_s", i),
            "a release rate >= 0 kg/s", release.rate_kg_s[i]);
  }
  if (k > 0) require(release.rate_kg_s.back() == 0.0, at("release.rate_kg_s", k - 1), "0 (the release ends)",
                     release.rate_kg_s.back());
  require(release.mass_kg.size() == release.mass_times_s.size(), "release.mass_kg", "as many masses as mass times",
          static_cast<double>(release.mass_kg.size()));
  for (std::size_t i = 0; i < release.mass_kg.size(); ++i) {
    require(std::isfinite(release.mass_times_s[i]), at("release.mass_times_s", i), "a time in seconds",
            release.mass_times_s[i]);
    require(std::isfinite(release.mass_kg[i]) && release.mass_kg[i] >= 0.0, at("release.mass_kg", i),
            "a mass >= 0 kg", release.mass_kg[i]);
  }
  for (std::size_t i = 0; i < receptors.size(); ++i)
    require(std::isfinite(receptors[i].x_m) && std::isfinite(receptors[i].y_m), at("receptors", i),
            "finite coordinates in metres", receptors[i].x_m);
  for (std::size_t i = 0; i < output_times_s.size(); ++i)
    require(std::isfinite(output_times_s[i]), at("output_times_s", i), "a time in seconds", output_times_s[i]);
  require(std::isfinite(o.source_x_m) && std::isfinite(o.source_y_m), "source", "finite coordinates in metres",
          o.source_x_m);
  require(o.puff_interval_s > 0.0 && std::isfinite(o.puff_interval_s), "puff_interval_s", "an interval > 0 s",
          o.puff_interval_s);
  require(o.advection_step_s > 0.0, "advection_step_s", "a step > 0 s", o.advection_step_s);
  require(o.cutoff_sigmas > 0.0, "cutoff_sigmas", "a number of sigmas > 0", o.cutoff_sigmas);
  require(o.min_travel_m > 0.0 && std::isfinite(o.min_travel_m), "min_travel_m", "a distance > 0 m", o.min_travel_m);
  require(o.min_wind_mps > 0.0 && std::isfinite(o.min_wind_mps), "min_wind_mps", "a speed > 0 m/s", o.min_wind_mps);
  const double lid = weather.mixing_height_m;
  const bool has_lid = lid > 0.0 && std::isfinite(lid);
  require(o.release_height_m >= 0.0 && (!has_lid || o.release_height_m < lid), "release_height_m",
          has_lid ? "a height >= 0 m below the mixing height" : "a height >= 0 m", o.release_height_m);
  require(o.receptor_height_m >= 0.0 && (!has_lid || o.receptor_height_m <= lid), "receptor_height_m",
          has_lid ? "a height >= 0 m, not above the mixing height" : "a height >= 0 m", o.receptor_height_m);
}

// Where the wind has carried anything since the first weather sample: the
// wind is uniform and constant between samples, so the path is exact piece
// by piece (any step no longer than advection_step_s that breaks at the
// samples gives the same path).
struct Drift {
  double x_m, y_m, s_m;  // displacement east, north and distance along the path
};

class Wind {
 public:
  Wind(const WeatherSeries& w, const PuffTrainOptions& o) : w_(w) {
    const std::size_t n = w.times_s.size();
    vx_.resize(n);
    vy_.resize(n);
    speed_.resize(n);
    start_.resize(n);
    // The wind at the puffs' height by the rural power law, not extrapolated
    // below the reference height (as ISC3 and SCREEN3 do for short stacks).
    const double z_m = std::max(o.release_height_m, w.reference_height_m);
    for (std::size_t i = 0; i < n; ++i) {
      const double p = wind_profile_exponent(w.stability[i], DispersionTerrain::rural);
      const double u = std::max(o.min_wind_mps, wind_at_height(w.speed_mps[i], w.reference_height_m, z_m, p));
      const double towards = (w.from_deg[i] + 180.0) * std::numbers::pi / 180.0;
      speed_[i] = u;
      vx_[i] = u * std::sin(towards);
      vy_[i] = u * std::cos(towards);
      if (i == 0) {
        start_[i] = {0.0, 0.0, 0.0};
      } else {
        const double dt = w.times_s[i] - w.times_s[i - 1];
        const Drift& b = start_[i - 1];
        start_[i] = {b.x_m + vx_[i - 1] * dt, b.y_m + vy_[i - 1] * dt, b.s_m + speed_[i - 1] * dt};
      }
    }
  }

  // The sample in force at t (the first one before it starts).
  std::size_t piece(double t_s) const {
    const auto it = std::upper_bound(w_.times_s.begin(), w_.times_s.end(), t_s);
    return it == w_.times_s.begin() ? 0 : static_cast<std::size_t>(it - w_.times_s.begin()) - 1;
  }

  Drift drift(double t_s) const {
    const std::size_t i = piece(t_s);
    const double dt = t_s - w_.times_s[i];
    return {start_[i].x_m + vx_[i] * dt, start_[i].y_m + vy_[i] * dt, start_[i].s_m + speed_[i] * dt};
  }

  Stability stability(double t_s) const { return w_.stability[piece(t_s)]; }

 private:
  const WeatherSeries& w_;
  std::vector<double> vx_, vy_, speed_;
  std::vector<Drift> start_;
};

struct Puff {
  double t_s;   // leaves the source
  double m_kg;  // carries
  Drift from;   // the wind's drift when it left
};

// Continuous release: one puff per puff_interval_s from the first rate time,
// carrying the mass released in the interval and leaving at the interval's
// mass-weighted mean time (the midpoint under a steady rate: no lag, and a
// release shorter than the interval leaves at its own middle).
// Instantaneous masses: a puff each. Sorted by departure; none after `last_s`.
std::vector<Puff> schedule(const ReleaseSeries& r, double interval_s, double last_s) {
  std::vector<Puff> puffs;
  const auto& times = r.rate_times_s;
  if (times.size() >= 2) {
    const double start = times.front(), end = times.back();
    std::size_t j = 0;  // rate piece [times[j], times[j+1])
    for (std::size_t k = 0;; ++k) {
      const double a = start + static_cast<double>(k) * interval_s;
      if (a >= end || a > last_s) break;
      const double b = std::min(start + static_cast<double>(k + 1) * interval_s, end);
      double mass = 0.0, moment = 0.0;
      while (j + 1 < times.size() && times[j + 1] <= a) ++j;
      for (std::size_t i = j; i + 1 < times.size() && times[i] < b; ++i) {
        const double lo = std::max(a, times[i]), hi = std::min(b, times[i + 1]);
        if (hi <= lo) continue;
        const double m = r.rate_kg_s[i] * (hi - lo);
        mass += m;
        moment += m * 0.5 * (lo + hi);
      }
      if (mass > 0.0) puffs.push_back({moment / mass, mass, {}});
    }
  }
  for (std::size_t i = 0; i < r.mass_kg.size(); ++i)
    if (r.mass_kg[i] > 0.0) puffs.push_back({r.mass_times_s[i], r.mass_kg[i], {}});
  std::stable_sort(puffs.begin(), puffs.end(), [](const Puff& a, const Puff& b) { return a.t_s < b.t_s; });
  while (!puffs.empty() && puffs.back().t_s > last_s) puffs.pop_back();
  return puffs;
}

// Receptors bucketed in a uniform grid, stored cell by cell in row-major
// order: the cells of one row that a puff can reach hold one contiguous run.
struct ReceptorGrid {
  double x0 = 0.0, y0 = 0.0, cell_m = 1.0;
  long nx = 1, ny = 1;
  std::vector<std::size_t> first;  // per cell, its first receptor; nx * ny + 1 entries
  std::vector<double> x, y;        // receptors in cell order
  std::vector<std::uint8_t> terrain;
  std::vector<std::size_t> original;  // index in the caller's list

  explicit ReceptorGrid(std::span<const Receptor> rs) {
    const std::size_t n = rs.size();
    if (n == 0) {
      first.assign(2, 0);
      return;
    }
    double x1 = rs[0].x_m, y1 = rs[0].y_m;
    x0 = x1;
    y0 = y1;
    for (const Receptor& r : rs) {
      x0 = std::min(x0, r.x_m);
      y0 = std::min(y0, r.y_m);
      x1 = std::max(x1, r.x_m);
      y1 = std::max(y1, r.y_m);
    }
    // About one receptor per cell: a reach covers only a few cells more than
    // its disc, and a row of cells costs one range whatever its length.
    const double w = std::max(x1 - x0, 1.0), h = std::max(y1 - y0, 1.0);
    cell_m = std::sqrt(w * h / static_cast<double>(n));
    cell_m = std::max({cell_m, w / 4096.0, h / 4096.0});
    nx = static_cast<long>(std::floor((x1 - x0) / cell_m)) + 1;
    ny = static_cast<long>(std::floor((y1 - y0) / cell_m)) + 1;
    std::vector<std::size_t> cell_of(n);
    first.assign(static_cast<std::size_t>(nx * ny) + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      cell_of[i] = static_cast<std::size_t>(row(rs[i].y_m) * nx + column(rs[i].x_m));
      ++first[cell_of[i] + 1];
    }
    for (std::size_t c = 1; c < first.size(); ++c) first[c] += first[c - 1];
    std::vector<std::size_t> next(first.begin(), first.end() - 1);
    x.resize(n);
    y.resize(n);
    terrain.resize(n);
    original.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t s = next[cell_of[i]]++;
      x[s] = rs[i].x_m;
      y[s] = rs[i].y_m;
      terrain[s] = static_cast<std::uint8_t>(rs[i].terrain);
      original[s] = i;
    }
  }

  long column(double xm) const { return std::clamp(static_cast<long>(std::floor((xm - x0) / cell_m)), 0L, nx - 1); }
  long row(double ym) const { return std::clamp(static_cast<long>(std::floor((ym - y0) / cell_m)), 0L, ny - 1); }

  // Calls visit(begin, end) for each run of receptors in cells that meet the
  // disc of radius r_m about (cx, cy).
  template <class Visit>
  void runs_near(double cx, double cy, double r_m, Visit&& visit) const {
    if (x.empty()) return;
    if (cx + r_m < x0 || cy + r_m < y0 || cx - r_m > x0 + static_cast<double>(nx) * cell_m ||
        cy - r_m > y0 + static_cast<double>(ny) * cell_m)
      return;
    const long r_lo = row(cy - r_m), r_hi = row(cy + r_m);
    for (long iy = r_lo; iy <= r_hi; ++iy) {
      // The disc's widest chord within this row of cells.
      const double lo = y0 + static_cast<double>(iy) * cell_m, hi = lo + cell_m;
      const double dy = cy < lo ? lo - cy : (cy > hi ? cy - hi : 0.0);
      if (dy > r_m) continue;
      const double half = std::sqrt(r_m * r_m - dy * dy);
      const long c_lo = column(cx - half), c_hi = column(cx + half);
      const std::size_t b = first[static_cast<std::size_t>(iy * nx + c_lo)];
      const std::size_t e = first[static_cast<std::size_t>(iy * nx + c_hi + 1)];
      if (b < e) visit(b, e);
    }
  }
};

}  // namespace

ConcentrationSeries puff_train(const ReleaseSeries& release, const WeatherSeries& weather,
                               std::span<const Receptor> receptors, std::span<const double> output_times_s,
                               const PuffTrainOptions& options) {
  check_inputs(release, weather, receptors, output_times_s, options);
  const PuffTrainOptions& o = options;
  ConcentrationSeries out;
  out.times_s.assign(output_times_s.begin(), output_times_s.end());
  out.receptors = receptors.size();
  out.c_kg_m3.assign(out.times_s.size() * out.receptors, 0.0);
  if (out.times_s.empty() || receptors.empty()) {
    if (o.on_progress) o.on_progress(out.times_s.size(), out.times_s.size());
    return out;
  }

  const Wind wind(weather, o);
  const double last_s = *std::max_element(output_times_s.begin(), output_times_s.end());
  std::vector<Puff> puffs = schedule(release, o.puff_interval_s, last_s);
  for (Puff& p : puffs) p.from = wind.drift(p.t_s);

  const ReceptorGrid grid(receptors);
  bool present[2] = {false, false};
  for (std::uint8_t t : grid.terrain) present[t] = true;
  const double norm = 1.0 / std::pow(2.0 * std::numbers::pi, 1.5);
  const double cutoff = o.cutoff_sigmas;
  const bool unbounded = !std::isfinite(cutoff);
  std::vector<double> row(receptors.size());

  for (std::size_t ti = 0; ti < out.times_s.size(); ++ti) {
    const double t = out.times_s[ti];
    const Drift now = wind.drift(t);
    const Stability cls = wind.stability(t);
    std::fill(row.begin(), row.end(), 0.0);
    for (const Puff& p : puffs) {
      if (p.t_s > t) break;
      const double cx = o.source_x_m + (now.x_m - p.from.x_m);
      const double cy = o.source_y_m + (now.y_m - p.from.y_m);
      const double travel_m = std::max(now.s_m - p.from.s_m, o.min_travel_m);
      // Per terrain set: amplitude, 1 / 2 sy^2 and the squared reach.
      double amp[2] = {0.0, 0.0}, inv[2] = {0.0, 0.0}, reach2[2] = {0.0, 0.0};
      double reach_m = 0.0;
      for (int k = 0; k < 2; ++k) {
        if (!present[k]) continue;
        const Sigmas s = briggs_sigmas(cls, static_cast<DispersionTerrain>(k), travel_m);
        const double v = vertical_factor(o.receptor_height_m, o.release_height_m, weather.mixing_height_m, s.z_m);
        amp[k] = p.m_kg * norm * v / (s.y_m * s.y_m * s.z_m);
        inv[k] = 1.0 / (2.0 * s.y_m * s.y_m);
        reach2[k] = unbounded ? std::numeric_limits<double>::infinity() : (cutoff * s.y_m) * (cutoff * s.y_m);
        reach_m = std::max(reach_m, cutoff * s.y_m);
      }
      auto add = [&](std::size_t b, std::size_t e) {
        for (std::size_t r = b; r < e; ++r) {
          const double dx = grid.x[r] - cx, dy = grid.y[r] - cy;
          const double d2 = dx * dx + dy * dy;
          const int k = grid.terrain[r];
          if (d2 <= reach2[k]) row[r] += amp[k] * std::exp(-d2 * inv[k]);
        }
      };
      if (o.cull_with_grid && !unbounded)
        // A hair wider than the reach so that rounding at a cell edge loses
        // nobody; the exact rule is applied per receptor.
        grid.runs_near(cx, cy, reach_m * (1.0 + 1e-9) + 1e-6, add);
      else
        add(0, row.size());
    }
    double* dst = out.c_kg_m3.data() + ti * out.receptors;
    for (std::size_t r = 0; r < row.size(); ++r) dst[grid.original[r]] = row[r];
    if (o.on_progress) o.on_progress(ti + 1, out.times_s.size());
  }
  return out;
}

}  // namespace dsim
