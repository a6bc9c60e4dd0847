// SPDX-License-Identifier: MIT
// The Gaussian puff train (docs/models.md, "Chemical releases: dispersion"):
// puffs from the release schedule, moved by the wind series, summed at the
// receptors they can reach through a uniform grid of receptor buckets.
#include "sim/core/error.hpp"
#include "sim/hazards/dispersion.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstring>
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

// One puff as a receptor loop sees it, for one terrain set: its centre, the
// amplitude, 1 / 2 sy^2 and the squared reach.
struct PuffTerms {
  double cx, cy, amp, inv, reach2;
};

struct Run {
  std::size_t begin, end;
};

// Adds a puff to acc over each run of receptors (x, y): std::exp for each
// receptor within reach.
void add_puff_portable(const double* x, const double* y, double* __restrict acc, std::span<const Run> runs,
                       const PuffTerms& t) {
  const PuffTerms c = t;  // a local copy, which the stores cannot alias
  for (const Run& run : runs)
    for (std::size_t r = run.begin; r < run.end; ++r) {
      const double dx = x[r] - c.cx, dy = y[r] - c.cy;
      const double d2 = dx * dx + dy * dy;
      if (d2 <= c.reach2) acc[r] += c.amp * std::exp(-d2 * c.inv);
    }
}

using AddPuff = void (*)(const double*, const double*, double*, std::span<const Run>, const PuffTerms&);

#if defined(__GNUC__) && defined(__x86_64__)
// Four receptors at a time with AVX2, where the processor has it (chosen at
// run time): most of the puff train's time goes to exponentials, and libm's
// std::exp takes one at a time. A run is read in aligned blocks of four (the
// arrays are padded); lanes outside it, or beyond the reach, add 0.
// exp(x), x <= 0: x = k ln 2 + r with |r| <= ln 2 / 2 (Cody and Waite's
// two-part ln 2), exp(r) by its Taylor series to r^13 (remainder below
// 1e-17) in Estrin's order, 2^k written into the exponent bits: within a few
// ulp of std::exp; 2^-1021 below x = -708.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
typedef double V4d __attribute__((vector_size(32)));
typedef std::int64_t V4l __attribute__((vector_size(32)));

__attribute__((target("avx2"), always_inline)) inline V4d exp_nonpositive(V4d x) {
  constexpr double kLog2e = 1.4426950408889634074;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 0x3fe62e42fee00000: k ln2_hi is exact
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShift = 0x1.8p52;  // adding it rounds to an integer, held in the low bits
  const V4d zero{};
  x = x < -708.0 ? zero - 708.0 : x;
  const V4d kd = x * kLog2e + kShift;
  const V4d k = kd - kShift;
  const V4d r = (x - k * kLn2Hi) - k * kLn2Lo;
  // Pairs, then powers r^2, r^4, r^8, so that few steps wait on each other.
  const V4d r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  const V4d p01 = 1.0 + r, p23 = 1.0 / 2 + r * (1.0 / 6), p45 = 1.0 / 24 + r * (1.0 / 120);
  const V4d p67 = 1.0 / 720 + r * (1.0 / 5040), p89 = 1.0 / 40320 + r * (1.0 / 362880);
  const V4d p1011 = 1.0 / 3628800 + r * (1.0 / 39916800), p1213 = 1.0 / 479001600 + r * (1.0 / 6227020800);
  const V4d p = (p01 + r2 * p23) + r4 * (p45 + r2 * p67) + r8 * ((p89 + r2 * p1011) + r4 * p1213);
  const V4l scale = ((V4l)kd - (V4l)(zero + kShift) + 1023) << 52;
  return p * (V4d)scale;
}

__attribute__((target("avx2"))) void add_puff_avx2(const double* x, const double* y, double* __restrict acc,
                                                   std::span<const Run> runs, const PuffTerms& t) {
  const V4d zero{};
  const V4d cx = zero + t.cx, cy = zero + t.cy, amp = zero + t.amp, inv = zero + t.inv, reach2 = zero + t.reach2;
  const V4l lane = {0, 1, 2, 3};
  for (const Run& run : runs) {
    const V4l begin = V4l{} + static_cast<std::int64_t>(run.begin);
    const V4l end = V4l{} + static_cast<std::int64_t>(run.end);
    for (std::size_t i = run.begin & ~std::size_t{3}; i < run.end; i += 4) {
      V4d xs, ys, a;
      std::memcpy(&xs, x + i, sizeof xs);
      std::memcpy(&ys, y + i, sizeof ys);
      const V4d dx = xs - cx, dy = ys - cy;
      const V4d d2 = dx * dx + dy * dy;
      const V4l index = lane + static_cast<std::int64_t>(i);
      const V4l on = (index >= begin) & (index < end) & (d2 <= reach2);
      if ((on[0] | on[1] | on[2] | on[3]) == 0) continue;
      // Elsewhere the exponent is taken as 0: far receptors would make
      // subnormal numbers, which are slow.
      const V4d v = amp * exp_nonpositive(on ? zero - d2 * inv : zero);
      std::memcpy(&a, acc + i, sizeof a);
      a += on ? v : zero;
      std::memcpy(acc + i, &a, sizeof a);
    }
  }
}
#pragma GCC diagnostic pop

AddPuff pick_add_puff(bool vectorise) {
  __builtin_cpu_init();
  return vectorise && __builtin_cpu_supports("avx2") ? add_puff_avx2 : add_puff_portable;
}
#else
AddPuff pick_add_puff(bool) { return add_puff_portable; }
#endif

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

// The receptors of one terrain set bucketed in a uniform grid, stored cell
// by cell in row-major order: the cells of one row that a puff can reach
// hold one contiguous run. Arrays padded with zeros to whole blocks of four.
struct ReceptorGrid {
  double x0 = 0.0, y0 = 0.0, cell_m = 1.0;
  long nx = 1, ny = 1;
  std::vector<std::size_t> first;     // per cell, its first receptor; nx * ny + 1 entries
  std::vector<double> x, y;           // receptors in cell order
  std::vector<std::size_t> original;  // index in the caller's list

  ReceptorGrid(std::span<const Receptor> all, DispersionTerrain terrain) {
    std::vector<std::size_t> mine;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i].terrain == terrain) mine.push_back(i);
    const std::size_t n = mine.size();
    if (n == 0) {
      first.assign(2, 0);
      return;
    }
    double x1 = all[mine[0]].x_m, y1 = all[mine[0]].y_m;
    x0 = x1;
    y0 = y1;
    for (std::size_t i : mine) {
      x0 = std::min(x0, all[i].x_m);
      y0 = std::min(y0, all[i].y_m);
      x1 = std::max(x1, all[i].x_m);
      y1 = std::max(y1, all[i].y_m);
    }
    // About one receptor per cell: a reach covers only a few cells more than
    // its disc, and a row of cells costs one run whatever its length.
    const double w = std::max(x1 - x0, 1.0), h = std::max(y1 - y0, 1.0);
    cell_m = std::sqrt(w * h / static_cast<double>(n));
    cell_m = std::max({cell_m, w / 4096.0, h / 4096.0});
    nx = static_cast<long>(std::floor((x1 - x0) / cell_m)) + 1;
    ny = static_cast<long>(std::floor((y1 - y0) / cell_m)) + 1;
    std::vector<std::size_t> cell_of(n);
    first.assign(static_cast<std::size_t>(nx * ny) + 1, 0);
    for (std::size_t j = 0; j < n; ++j) {
      const Receptor& r = all[mine[j]];
      cell_of[j] = static_cast<std::size_t>(row(r.y_m) * nx + column(r.x_m));
      ++first[cell_of[j] + 1];
    }
    for (std::size_t c = 1; c < first.size(); ++c) first[c] += first[c - 1];
    std::vector<std::size_t> next(first.begin(), first.end() - 1);
    x.assign(padded(n), 0.0);
    y.assign(padded(n), 0.0);
    original.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t s = next[cell_of[j]]++;
      x[s] = all[mine[j]].x_m;
      y[s] = all[mine[j]].y_m;
      original[s] = mine[j];
    }
  }

  std::size_t size() const { return original.size(); }
  static std::size_t padded(std::size_t n) { return (n + 3) / 4 * 4; }

  long column(double xm) const { return std::clamp(static_cast<long>(std::floor((xm - x0) / cell_m)), 0L, nx - 1); }
  long row(double ym) const { return std::clamp(static_cast<long>(std::floor((ym - y0) / cell_m)), 0L, ny - 1); }

  // The runs of receptors in cells that meet the disc of radius r_m about
  // (cx, cy), one per row of cells at most.
  void runs_near(double cx, double cy, double r_m, std::vector<Run>& runs) const {
    runs.clear();
    if (original.empty()) return;
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
      if (b < e) runs.push_back({b, e});
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

  // One grid per terrain set, each searched with its own reach.
  const ReceptorGrid grids[2] = {ReceptorGrid(receptors, DispersionTerrain::rural),
                                 ReceptorGrid(receptors, DispersionTerrain::urban)};
  std::vector<double> rows[2] = {std::vector<double>(ReceptorGrid::padded(grids[0].size())),
                                 std::vector<double>(ReceptorGrid::padded(grids[1].size()))};
  const AddPuff add_puff = pick_add_puff(o.vectorise);
  const double norm = 1.0 / std::pow(2.0 * std::numbers::pi, 1.5);
  const double cutoff = o.cutoff_sigmas;
  const bool unbounded = !std::isfinite(cutoff);
  std::vector<Run> runs;

  for (std::size_t ti = 0; ti < out.times_s.size(); ++ti) {
    const double t = out.times_s[ti];
    const Drift now = wind.drift(t);
    const Stability cls = wind.stability(t);
    for (int k = 0; k < 2; ++k) {
      const ReceptorGrid& grid = grids[k];
      if (grid.size() == 0) continue;
      // The row is all zeros between output times but for [lo, hi), the
      // receptors the last one touched: a narrow plume costs little here.
      std::vector<double>& row = rows[k];
      std::size_t lo = grid.size(), hi = 0;
      for (const Puff& p : puffs) {
        if (p.t_s > t) break;
        const double cx = o.source_x_m + (now.x_m - p.from.x_m);
        const double cy = o.source_y_m + (now.y_m - p.from.y_m);
        const double travel_m = std::max(now.s_m - p.from.s_m, o.min_travel_m);
        const Sigmas s = briggs_sigmas(cls, static_cast<DispersionTerrain>(k), travel_m);
        const double v = vertical_factor(o.receptor_height_m, o.release_height_m, weather.mixing_height_m, s.z_m);
        const double reach_m = cutoff * s.y_m;
        const PuffTerms terms{cx, cy, p.m_kg * norm * v / (s.y_m * s.y_m * s.z_m), 1.0 / (2.0 * s.y_m * s.y_m),
                              unbounded ? std::numeric_limits<double>::infinity() : reach_m * reach_m};
        if (o.cull_with_grid && !unbounded)
          // A hair wider than the reach so that rounding at a cell edge
          // loses nobody; the exact rule is applied per receptor.
          grid.runs_near(cx, cy, reach_m * (1.0 + 1e-9) + 1e-6, runs);
        else
          runs.assign(1, Run{0, grid.size()});
        if (runs.empty()) continue;
        lo = std::min(lo, runs.front().begin);
        hi = std::max(hi, runs.back().end);
        add_puff(grid.x.data(), grid.y.data(), row.data(), runs, terms);
      }
      double* dst = out.c_kg_m3.data() + ti * out.receptors;
      for (std::size_t r = lo; r < hi; ++r) dst[grid.original[r]] = row[r];
      if (lo < hi) std::fill(row.data() + lo, row.data() + hi, 0.0);
    }
    if (o.on_progress) o.on_progress(ti + 1, out.times_s.size());
  }
  return out;
}

}  // namespace dsim
