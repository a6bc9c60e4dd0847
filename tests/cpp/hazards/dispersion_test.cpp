// SPDX-License-Identifier: MIT
#include "sim/hazards/dispersion.hpp"

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

using namespace dsim;

namespace {

constexpr double kPi = std::numbers::pi;
constexpr Stability kClasses[] = {Stability::A, Stability::B, Stability::C, Stability::D, Stability::E, Stability::F};

// Briggs (1973) as tabulated by Gifford (1976) (Boubel et al. 1994, tables
// 19-6 and 19-7), written out here from the table, class by class.
double rural_sy(Stability s, double x) {
  const double a[] = {0.22, 0.16, 0.11, 0.08, 0.06, 0.04};
  return a[static_cast<int>(s)] * x * std::pow(1.0 + 0.0001 * x, -0.5);
}
double rural_sz(Stability s, double x) {
  switch (s) {
    case Stability::A: return 0.20 * x;
    case Stability::B: return 0.12 * x;
    case Stability::C: return 0.08 * x * std::pow(1.0 + 0.0002 * x, -0.5);
    case Stability::D: return 0.06 * x * std::pow(1.0 + 0.0015 * x, -0.5);
    case Stability::E: return 0.03 * x * std::pow(1.0 + 0.0003 * x, -1.0);
    case Stability::F: return 0.016 * x * std::pow(1.0 + 0.0003 * x, -1.0);
  }
  return 0.0;
}
double urban_sy(Stability s, double x) {
  const double a[] = {0.32, 0.32, 0.22, 0.16, 0.11, 0.11};
  return a[static_cast<int>(s)] * x * std::pow(1.0 + 0.0004 * x, -0.5);
}
double urban_sz(Stability s, double x) {
  switch (s) {
    case Stability::A:
    case Stability::B: return 0.24 * x * std::pow(1.0 + 0.001 * x, 0.5);
    case Stability::C: return 0.20 * x;
    case Stability::D: return 0.14 * x * std::pow(1.0 + 0.0003 * x, -0.5);
    case Stability::E:
    case Stability::F: return 0.08 * x * std::pow(1.0 + 0.0015 * x, -0.5);
  }
  return 0.0;
}

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

// A steady wind from `from_deg` at `speed_mps` (10 m) in class `s`, no lid unless given.
WeatherSeries steady(double speed_mps, double from_deg, Stability s, double lid_m = 0.0) {
  WeatherSeries w;
  w.times_s = {0.0};
  w.speed_mps = {speed_mps};
  w.from_deg = {from_deg};
  w.stability = {s};
  w.mixing_height_m = lid_m;
  return w;
}

std::vector<Receptor> grid_receptors(double x0, double y0, double step, int nx, int ny,
                                     DispersionTerrain t = DispersionTerrain::rural) {
  std::vector<Receptor> rs;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) rs.push_back({x0 + i * step, y0 + j * step, t});
  return rs;
}

}  // namespace

TEST_CASE("Turner's table gives the published class by day and by night", "[dispersion]") {
  using S = Stability;
  using I = Insolation;
  // Turner (1970) table 1; A-B, B-C and C-D read as the more unstable class.
  CHECK(turner_day(1.5, I::strong) == S::A);
  CHECK(turner_day(1.5, I::moderate) == S::A);  // A-B
  CHECK(turner_day(1.5, I::slight) == S::B);
  CHECK(turner_day(2.5, I::strong) == S::A);  // A-B
  CHECK(turner_day(2.5, I::moderate) == S::B);
  CHECK(turner_day(2.5, I::slight) == S::C);
  CHECK(turner_day(4.0, I::strong) == S::B);
  CHECK(turner_day(4.0, I::moderate) == S::B);  // B-C
  CHECK(turner_day(4.0, I::slight) == S::C);
  CHECK(turner_day(5.5, I::strong) == S::C);
  CHECK(turner_day(5.5, I::moderate) == S::C);  // C-D
  CHECK(turner_day(5.5, I::slight) == S::D);
  CHECK(turner_day(7.0, I::strong) == S::C);
  CHECK(turner_day(7.0, I::moderate) == S::D);
  CHECK(turner_day(7.0, I::slight) == S::D);
  // Row edges: 2, 3, 5 and 6 m/s open the next row.
  CHECK(turner_day(1.99, I::slight) == S::B);
  CHECK(turner_day(2.0, I::slight) == S::C);
  CHECK(turner_day(6.0, I::strong) == S::C);
  CHECK(turner_day(6.0, I::moderate) == S::D);

  CHECK(turner_night(2.5, 5.0) == S::E);
  CHECK(turner_night(2.5, 2.0) == S::F);
  CHECK(turner_night(4.0, 4.0) == S::D);
  CHECK(turner_night(4.0, 3.0) == S::E);
  CHECK(turner_night(5.5, 0.0) == S::D);
  CHECK(turner_night(8.0, 6.0) == S::D);
  CHECK(turner_night(1.0, 1.0) == S::F);  // blank in the table: the most stable class
  CHECK(turner_night(2.5, 8.0) == S::D);  // overcast: neutral

  CHECK(insolation_from_sun(65.0, 0.0) == I::strong);
  CHECK(insolation_from_sun(45.0, 2.0) == I::moderate);
  CHECK(insolation_from_sun(20.0, 0.0) == I::slight);
  CHECK(insolation_from_sun(10.0, 0.0) == I::slight);
  CHECK(insolation_from_sun(65.0, 6.0) == I::moderate);
  CHECK(insolation_from_sun(65.0, 8.0) == I::slight);
  CHECK(insolation_from_sun(45.0, 7.0) == I::slight);
  CHECK(insolation_from_sun(45.0, 8.0) == I::slight);
  CHECK(turner_day(2.5, insolation_from_sun(70.0, 1.0)) == S::A);

  Stability s{};
  CHECK(parse_stability("d", s));
  CHECK(s == S::D);
  CHECK(parse_stability("F", s));
  CHECK(stability_name(s) == "F");
  CHECK_FALSE(parse_stability("G", s));
  CHECK_FALSE(parse_stability("AB", s));
}

TEST_CASE("Briggs sigmas equal the published formulas at 100 m, 1 km and 10 km, rural and urban", "[dispersion]") {
  for (Stability s : kClasses) {
    for (double x : {100.0, 1000.0, 10000.0}) {
      INFO("class " << stability_name(s) << " at " << x << " m");
      const Sigmas r = briggs_sigmas(s, DispersionTerrain::rural, x);
      const Sigmas u = briggs_sigmas(s, DispersionTerrain::urban, x);
      CHECK(relative(r.y_m, rural_sy(s, x)) < 1e-12);
      CHECK(relative(r.z_m, rural_sz(s, x)) < 1e-12);
      CHECK(relative(u.y_m, urban_sy(s, x)) < 1e-12);
      CHECK(relative(u.z_m, urban_sz(s, x)) < 1e-12);
    }
  }
  // Two values read off by hand: rural D at 1 km, urban F at 10 km.
  CHECK(briggs_sigmas(Stability::D, DispersionTerrain::rural, 1000.0).y_m == Approx(80.0 / std::sqrt(1.1)));
  CHECK(briggs_sigmas(Stability::F, DispersionTerrain::urban, 10000.0).z_m == Approx(800.0 / 4.0));
  CHECK(briggs_sigmas(Stability::D, DispersionTerrain::rural, 0.0).y_m == 0.0);
}

TEST_CASE("The power-law wind uses the ISC3 exponents", "[dispersion]") {
  const double rural[] = {0.07, 0.07, 0.10, 0.15, 0.35, 0.55};
  const double urban[] = {0.15, 0.15, 0.20, 0.25, 0.30, 0.30};
  for (Stability s : kClasses) {
    CHECK(wind_profile_exponent(s, DispersionTerrain::rural) == rural[static_cast<int>(s)]);
    CHECK(wind_profile_exponent(s, DispersionTerrain::urban) == urban[static_cast<int>(s)]);
  }
  CHECK(wind_at_height(3.0, 10.0, 40.0, 0.25) == Approx(3.0 * std::sqrt(2.0)));
  CHECK(wind_at_height(3.0, 10.0, 10.0, 0.55) == 3.0);
}

TEST_CASE("The plume reproduces the textbook's centreline ground-level concentrations", "[dispersion]") {
  // Boubel, Fox, Turner and Stern (1994), Fundamentals of Air Pollution, 3rd
  // ed., ch. 19 section D: 0.37 g/s at an effective height of 40 m, wind 2 m/s,
  // class B; with the Pasquill-Gifford sigmas it tabulates at 0.26, 0.28 and
  // 0.30 km the concentrations are 1.53, 1.56 and 1.55 x 10^-5 g/m3.
  const double q = 0.37e-3, u = 2.0, h = 40.0;
  struct Row {
    double sy, sz, chi_kg_m3;
  };
  for (const Row& r : {Row{45.9, 26.2, 1.53e-8}, Row{49.0, 28.2, 1.56e-8}, Row{52.2, 30.1, 1.55e-8}}) {
    const double c = plume_concentration(q, u, h, 0.0, Sigmas{r.sy, r.sz}, 0.0, 0.0);
    CHECK(relative(c, r.chi_kg_m3) < 0.005);  // three figures in the book
  }
  // With Briggs's sigmas, the plume at several distances and off the axis
  // equals the formula evaluated here by hand.
  for (double x : {200.0, 500.0, 1000.0, 3000.0}) {
    for (double y : {0.0, 30.0, 100.0}) {
      const double sy = rural_sy(Stability::B, x), sz = rural_sz(Stability::B, x);
      const double hand = q / (kPi * u * sy * sz) * std::exp(-h * h / (2 * sz * sz)) * std::exp(-y * y / (2 * sy * sy));
      CHECK(relative(plume_concentration(q, u, h, 0.0, Stability::B, DispersionTerrain::rural, x, y, 0.0), hand) <
            1e-12);
    }
  }
  CHECK(plume_concentration(q, u, h, 0.0, Stability::B, DispersionTerrain::rural, -10.0, 0.0, 0.0) == 0.0);
}

TEST_CASE("A ground source without a lid has a vertical factor of exactly 2 exp(-z^2 / 2 sz^2)", "[dispersion]") {
  for (double sz : {0.5, 12.0, 300.0})
    for (double z : {0.0, 1.5, 10.0, 250.0}) {
      const double expected = 2.0 * std::exp(-z * z / (2 * sz * sz));
      CHECK(vertical_factor(z, 0.0, 0.0, sz) == Approx(expected).epsilon(1e-15));
      CHECK(vertical_factor(z, 0.0, INFINITY, sz) == Approx(expected).epsilon(1e-15));
      CHECK(vertical_factor(z, 0.0, -1.0, sz) == Approx(expected).epsilon(1e-15));
    }
}

TEST_CASE("Reflections at the mixing height sum the images and tend to the well-mixed value", "[dispersion]") {
  const double lid = 400.0;
  // Against a sum written here over 2 x 101 images.
  for (double sz : {20.0, 150.0, 400.0, 600.0})
    for (double z : {0.0, 2.0, 100.0})
      for (double h : {0.0, 30.0, 250.0}) {
        double sum = 0.0;
        for (int n = -50; n <= 50; ++n)
          sum += std::exp(-std::pow(z - h + 2 * n * lid, 2) / (2 * sz * sz)) +
                 std::exp(-std::pow(z + h + 2 * n * lid, 2) / (2 * sz * sz));
        CHECK(relative(vertical_factor(z, h, lid, sz), sum) < 1e-13);
      }
  // Mass between ground and lid is that of the unbounded Gaussian.
  for (double sz : {40.0, 300.0}) {
    const int n = 4000;
    double integral = 0.0;
    for (int i = 0; i < n; ++i) integral += vertical_factor((i + 0.5) * lid / n, 60.0, lid, sz) * lid / n;
    CHECK(relative(integral, std::sqrt(2 * kPi) * sz) < 1e-6);
  }
  // The image sum approaches sqrt(2 pi) sz / L as sz grows, and is replaced by it past 1.6 L.
  double last_gap = 1.0;
  for (double ratio : {0.5, 0.8, 1.1, 1.4, 1.59}) {
    const double sz = ratio * lid;
    const double gap = relative(vertical_factor(0.0, 20.0, lid, sz), std::sqrt(2 * kPi) * sz / lid);
    CHECK(gap < last_gap);
    last_gap = gap;
  }
  CHECK(last_gap < 2e-5);
  CHECK(vertical_factor(0.0, 20.0, lid, 1.61 * lid) == std::sqrt(2 * kPi) * 1.61);
  // Far downwind the plume is the well-mixed q / (sqrt(2 pi) u sy L).
  const double q = 2.0, u = 3.0;
  for (double x : {60000.0, 100000.0}) {
    const Sigmas s = briggs_sigmas(Stability::D, DispersionTerrain::rural, x);
    REQUIRE(s.z_m > 1.6 * 200.0);
    const double mixed = q / (std::sqrt(2 * kPi) * u * s.y_m * 200.0);
    CHECK(relative(plume_concentration(q, u, 10.0, 200.0, Stability::D, DispersionTerrain::rural, x, 0.0, 1.5),
                   mixed) < 1e-12);
  }
}

TEST_CASE("One puff integrated over space holds its mass", "[dispersion]") {
  const double m = 25.0;
  for (const double lid : {0.0, 150.0}) {
    const Sigmas s{40.0, 30.0};
    const double h = 20.0;
    const double top = lid > 0.0 ? lid : 10.0 * s.z_m;
    const int nh = 120, nz = 200;
    const double dxy = 12.0 * s.y_m / nh, dz = top / nz;
    double total = 0.0;
    for (int k = 0; k < nz; ++k) {
      const double z = (k + 0.5) * dz;
      double layer = 0.0;
      for (int i = 0; i < nh; ++i)
        for (int j = 0; j < nh; ++j)
          layer += puff_concentration(m, -6.0 * s.y_m + (i + 0.5) * dxy, -6.0 * s.y_m + (j + 0.5) * dxy, z, h, lid, s);
      total += layer * dxy * dxy * dz;
    }
    INFO("lid " << lid);
    CHECK(relative(total, m) < 1e-3);
  }
}

TEST_CASE("One instantaneous puff carried by the puff train keeps its mass as it travels", "[dispersion]") {
  ReleaseSeries release;
  release.mass_times_s = {0.0};
  release.mass_kg = {100.0};
  REQUIRE(release.total_kg() == 100.0);
  const double u = 3.0;
  const WeatherSeries w = steady(u, 270.0, Stability::D);
  for (double t : {300.0, 900.0, 1800.0}) {
    const double travel = u * t;  // released at 10 m or below: the reference wind
    const Sigmas s = briggs_sigmas(Stability::D, DispersionTerrain::rural, travel);
    const int n = 81;
    const double step = 12.0 * s.y_m / (n - 1);
    const auto receptors = grid_receptors(travel - 6.0 * s.y_m, -6.0 * s.y_m, step, n, n);
    const std::vector<double> times{t};
    const int nz = 60;
    const double dz = 8.0 * s.z_m / nz;
    double total = 0.0;
    for (int k = 0; k < nz; ++k) {
      PuffTrainOptions o;
      o.release_height_m = 2.0;
      o.receptor_height_m = (k + 0.5) * dz;
      o.cutoff_sigmas = 6.0;
      const ConcentrationSeries c = puff_train(release, w, receptors, times, o);
      for (double v : c.c_kg_m3) total += v * step * step * dz;
    }
    INFO("t = " << t << " s");
    CHECK(relative(total, 100.0) < 1e-3);
  }
}

TEST_CASE("In a steady wind the puff train converges to the steady plume", "[dispersion]") {
  // 1.2 kg/s for two hours at 20 m in a 4 m/s class D wind from the south-west;
  // puffs every 5 s are 20 m apart, against sy of 39 m at 500 m.
  ReleaseSeries release;
  release.rate_times_s = {0.0, 7200.0};
  release.rate_kg_s = {1.2, 0.0};
  const WeatherSeries w = steady(4.0, 225.0, Stability::D, 800.0);
  PuffTrainOptions o;
  o.source_x_m = 1000.0;
  o.source_y_m = -500.0;
  o.release_height_m = 20.0;
  o.puff_interval_s = 5.0;
  const double u_h = 4.0 * std::pow(2.0, 0.15);  // power law, rural D, 10 m to 20 m
  const double ex = std::sqrt(0.5), ey = std::sqrt(0.5);  // towards the north-east
  std::vector<Receptor> receptors;
  std::vector<double> xs, ys, ks;
  for (double x : {500.0, 1000.0, 2000.0, 5000.0})
    for (double k : {0.0, 1.0, 2.0}) {
      const double y = k * briggs_sigmas(Stability::D, DispersionTerrain::rural, x).y_m;
      receptors.push_back({o.source_x_m + x * ex + y * ey, o.source_y_m + x * ey - y * ex});
      xs.push_back(x);
      ys.push_back(y);
      ks.push_back(k);
    }
  const std::vector<double> times{5400.0};  // 5 km is 21 min away: long settled
  const ConcentrationSeries c = puff_train(release, w, receptors, times, o);
  for (std::size_t r = 0; r < receptors.size(); ++r) {
    const double plume =
        plume_concentration(1.2, u_h, 20.0, 800.0, Stability::D, DispersionTerrain::rural, xs[r], ys[r], 0.0);
    INFO("x " << xs[r] << " y " << ys[r] << ": " << relative(c.at(0, r), plume));
    // Each puff spreads by its own travel, the plume by the receptor's: a
    // small difference that grows off the axis (2.6 % at 2 sy, 500 m).
    CHECK(relative(c.at(0, r), plume) < (ks[r] == 0.0 ? 0.005 : ks[r] == 1.0 ? 0.01 : 0.03));
  }
}

TEST_CASE("A turning wind reaches the new downwind side and leaves the old one once its puffs pass", "[dispersion]") {
  // 0.5 kg/s for 40 min; a west wind (towards the east) for the first 20 min,
  // then a south wind (towards the north), 5 m/s, class D.
  ReleaseSeries release;
  release.rate_times_s = {0.0, 2400.0};
  release.rate_kg_s = {0.5, 0.0};
  WeatherSeries w;
  w.times_s = {0.0, 1200.0};
  w.speed_mps = {5.0, 5.0};
  w.from_deg = {270.0, 180.0};
  w.stability = {Stability::D, Stability::D};
  const std::vector<Receptor> receptors{{2000.0, 0.0}, {0.0, 2000.0}};  // east, north
  std::vector<double> times;
  for (double t = 0.0; t <= 3600.0; t += 60.0) times.push_back(t);
  const ConcentrationSeries c = puff_train(release, w, receptors, times, PuffTrainOptions{});
  auto at = [&](double t, std::size_t r) { return c.at(static_cast<std::size_t>(t / 60.0), r); };
  // East: reached after 2 km / 5 m/s = 400 s; the old puffs have gone by
  // 1200 s + their last spread; nothing after the turn has passed.
  CHECK(at(900.0, 0) > 1e-6);
  CHECK(at(240.0, 0) < 1e-6 * at(900.0, 0));
  CHECK(at(1140.0, 0) > 1e-6);
  CHECK(at(1800.0, 0) < 1e-3 * at(1140.0, 0));
  CHECK(at(3600.0, 0) == 0.0);
  // North: nothing before the turn, then the plume of the new direction
  // (puffs released after the turn arrive from 1600 s), gone after the end.
  CHECK(at(1140.0, 1) == 0.0);
  CHECK(at(2100.0, 1) > 1e-6);
  CHECK(at(2100.0, 1) > 100.0 * at(2100.0, 0));
  CHECK(at(3600.0, 1) < 1e-3 * at(2100.0, 1));
}

TEST_CASE("Culling puffs through receptor buckets gives the brute-force sum", "[dispersion]") {
  // A time-varying release with an instantaneous mass, a wind that turns and
  // changes class, mixed terrain and a lid; receptors scattered unevenly.
  ReleaseSeries release;
  release.rate_times_s = {60.0, 600.0, 1500.0, 2400.0};
  release.rate_kg_s = {2.0, 0.5, 3.0, 0.0};
  release.mass_times_s = {900.0};
  release.mass_kg = {300.0};
  WeatherSeries w;
  w.times_s = {0.0, 1000.0, 2000.0};
  w.speed_mps = {3.0, 1.0, 6.0};
  w.from_deg = {250.0, 200.0, 120.0};
  w.stability = {Stability::C, Stability::F, Stability::D};
  w.mixing_height_m = 600.0;
  std::vector<Receptor> receptors;
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int i = 0; i < 3000; ++i) {
    const bool town = i % 3 == 0;  // a dense town beside a sparse country
    const double x = town ? 1500.0 + 800.0 * next() : -8000.0 + 20000.0 * next();
    const double y = town ? 300.0 + 600.0 * next() : -8000.0 + 16000.0 * next();
    receptors.push_back({x, y, town ? DispersionTerrain::urban : DispersionTerrain::rural});
  }
  std::vector<double> times;
  for (double t = 0.0; t <= 3600.0; t += 120.0) times.push_back(t);
  PuffTrainOptions o;
  o.release_height_m = 15.0;
  o.receptor_height_m = 1.5;
  o.puff_interval_s = 20.0;
  std::size_t calls = 0;
  o.on_progress = [&](std::size_t done, std::size_t total) {
    ++calls;
    CHECK(done <= total);
  };
  const ConcentrationSeries fast = puff_train(release, w, receptors, times, o);
  CHECK(calls == times.size());
  o.on_progress = nullptr;
  o.cull_with_grid = false;
  // The brute force with each receptor loop (four at a time where the
  // processor can, and the portable one): all agree.
  for (const bool vectorise : {true, false}) {
    o.vectorise = vectorise;
    const ConcentrationSeries brute = puff_train(release, w, receptors, times, o);
    REQUIRE(fast.c_kg_m3.size() == brute.c_kg_m3.size());
    std::size_t nonzero = 0;
    for (std::size_t i = 0; i < fast.c_kg_m3.size(); ++i) {
      if (brute.c_kg_m3[i] > 0.0) ++nonzero;
      if (!(std::abs(fast.c_kg_m3[i] - brute.c_kg_m3[i]) <= 1e-12 * brute.c_kg_m3[i])) {
        FAIL("vectorise " << vectorise << ", value " << i << ": " << fast.c_kg_m3[i] << " against "
                          << brute.c_kg_m3[i]);
      }
    }
    CHECK(nonzero > fast.c_kg_m3.size() / 20);  // the check covers many receptors
    CHECK(nonzero < fast.c_kg_m3.size());        // and the cutoff did cut
  }
}

TEST_CASE("A varying release leaves as puffs that carry all its mass, centred on its mean release time",
          "[dispersion]") {
  // 1 kg/s for 95 s, then 4 kg/s to 130 s, and 7 kg at 50 s: 242 kg released
  // on average at (1 x 95^2 / 2 + 4 x (130^2 - 95^2) / 2 + 7 x 50) / 242 s.
  // Puffs every 20 s (the last interval a half, the rate changing inside
  // one); at 600 s, in a 3 m/s west wind, the cloud integrated over space
  // holds 242 kg and its centre lies 3 m/s x (600 s - mean time) east.
  ReleaseSeries release;
  release.rate_times_s = {0.0, 95.0, 130.0};
  release.rate_kg_s = {1.0, 4.0, 0.0};
  release.mass_times_s = {50.0};
  release.mass_kg = {7.0};
  const double total = 242.0;
  CHECK(release.total_kg() == Approx(total).epsilon(1e-14));
  const double mean_time = (95.0 * 95.0 / 2 + 4.0 * (130.0 * 130.0 - 95.0 * 95.0) / 2 + 7.0 * 50.0) / total;
  const WeatherSeries w = steady(3.0, 270.0, Stability::D);
  const double step = 20.0;
  const auto receptors = grid_receptors(600.0, -800.0, step, 101, 81);
  const std::vector<double> times{600.0};
  const int nz = 60;
  const double dz = 7.5;
  double mass = 0.0, moment_x = 0.0, moment_y = 0.0;
  for (int k = 0; k < nz; ++k) {
    PuffTrainOptions o;
    o.release_height_m = 2.0;
    o.receptor_height_m = (k + 0.5) * dz;
    o.puff_interval_s = 20.0;
    o.cutoff_sigmas = 7.0;
    const ConcentrationSeries c = puff_train(release, w, receptors, times, o);
    for (std::size_t r = 0; r < receptors.size(); ++r) {
      const double m = c.at(0, r) * step * step * dz;
      mass += m;
      moment_x += m * receptors[r].x_m;
      moment_y += m * receptors[r].y_m;
    }
  }
  CHECK(relative(mass, total) < 1e-3);
  CHECK(std::abs(moment_x / mass - 3.0 * (600.0 - mean_time)) < 0.5);
  CHECK(std::abs(moment_y / mass) < 0.5);
}

TEST_CASE("Puff train inputs out of order or out of range are refused with the key named", "[dispersion]") {
  ReleaseSeries release;
  release.rate_times_s = {0.0, 60.0};
  release.rate_kg_s = {1.0, 0.0};
  const std::vector<Receptor> receptors{{100.0, 0.0}};
  const std::vector<double> times{60.0};
  WeatherSeries w = steady(3.0, 270.0, Stability::D);
  w.times_s = {0.0, 0.0};
  w.speed_mps = {3.0, 3.0};
  w.from_deg = {270.0, 270.0};
  w.stability = {Stability::D, Stability::D};
  CHECK_THROWS_WITH(puff_train(release, w, receptors, times, {}),
                    Catch::Contains("weather.times_s[1]") && Catch::Contains("increasing"));
  w = steady(-1.0, 270.0, Stability::D);
  CHECK_THROWS_AS(puff_train(release, w, receptors, times, {}), InputError);
  w = steady(3.0, 270.0, Stability::D);
  release.rate_kg_s = {1.0, 2.0};
  CHECK_THROWS_WITH(puff_train(release, w, receptors, times, {}), Catch::Contains("release.rate_kg_s[1]"));
  release.rate_kg_s = {-1.0, 0.0};
  CHECK_THROWS_WITH(puff_train(release, w, receptors, times, {}), Catch::Contains("release.rate_kg_s[0]"));
  release.rate_kg_s = {1.0, 0.0};
  PuffTrainOptions o;
  o.puff_interval_s = 0.0;
  CHECK_THROWS_WITH(puff_train(release, w, receptors, times, o), Catch::Contains("puff_interval_s"));
  o = {};
  w.mixing_height_m = 50.0;
  o.release_height_m = 80.0;
  CHECK_THROWS_WITH(puff_train(release, w, receptors, times, o), Catch::Contains("release_height_m"));
}
