// SPDX-License-Identifier: MIT
// Stability classes, Briggs's coefficients, the wind profile and the Gaussian
// plume and puff (docs/models.md, "Chemical releases: dispersion"). The puff
// train is in puff_train.cpp.
#include "sim/hazards/dispersion.hpp"

#include <array>
#include <cassert>
#include <cmath>
#include <numbers>

namespace dsim {

namespace {

constexpr std::array<std::string_view, kStabilityCount> kNames{"A", "B", "C", "D", "E", "F"};

// One Briggs formula: c x (1 + d x)^e, with e one of -1, -1/2, 0, +1/2.
struct BriggsTerm {
  double c, d, e;
  double at(double x) const {
    const double g = 1.0 + d * x;
    if (e == 0.0) return c * x;
    if (e == -0.5) return c * x / std::sqrt(g);
    if (e == 0.5) return c * x * std::sqrt(g);
    return c * x / g;  // e == -1
  }
};

// Briggs (1973) as tabulated by Gifford (1976) and Hanna, Briggs and Hosker
// (1982); also Boubel, Fox, Turner and Stern (1994), tables 19-6 and 19-7:
// open country (fitted to the Pasquill-Gifford curves) and urban (fitted to
// McElroy and Pooler's St. Louis experiments). Urban A and B share one
// formula, as do E and F.
constexpr std::array<BriggsTerm, kStabilityCount> kRuralY{{{0.22, 1e-4, -0.5},
                                                           {0.16, 1e-4, -0.5},
                                                           {0.11, 1e-4, -0.5},
                                                           {0.08, 1e-4, -0.5},
                                                           {0.06, 1e-4, -0.5},
                                                           {0.04, 1e-4, -0.5}}};
constexpr std::array<BriggsTerm, kStabilityCount> kRuralZ{{{0.20, 0.0, 0.0},
                                                           {0.12, 0.0, 0.0},
                                                           {0.08, 2e-4, -0.5},
                                                           {0.06, 1.5e-3, -0.5},
                                                           {0.03, 3e-4, -1.0},
                                                           {0.016, 3e-4, -1.0}}};
constexpr std::array<BriggsTerm, kStabilityCount> kUrbanY{{{0.32, 4e-4, -0.5},
                                                           {0.32, 4e-4, -0.5},
                                                           {0.22, 4e-4, -0.5},
                                                           {0.16, 4e-4, -0.5},
                                                           {0.11, 4e-4, -0.5},
                                                           {0.11, 4e-4, -0.5}}};
constexpr std::array<BriggsTerm, kStabilityCount> kUrbanZ{{{0.24, 1e-3, 0.5},
                                                           {0.24, 1e-3, 0.5},
                                                           {0.20, 0.0, 0.0},
                                                           {0.14, 3e-4, -0.5},
                                                           {0.08, 1.5e-3, -0.5},
                                                           {0.08, 1.5e-3, -0.5}}};

// US EPA ISC3 user's guide vol. II, table 1-2.
constexpr std::array<double, kStabilityCount> kRuralExponent{0.07, 0.07, 0.10, 0.15, 0.35, 0.55};
constexpr std::array<double, kStabilityCount> kUrbanExponent{0.15, 0.15, 0.20, 0.25, 0.30, 0.30};

// Turner (1970) table 1 rows: wind at 10 m below 2, 2-3, 3-5, 5-6, 6 and above.
int wind_row(double u_mps) {
  if (u_mps < 2.0) return 0;
  if (u_mps < 3.0) return 1;
  if (u_mps < 5.0) return 2;
  if (u_mps < 6.0) return 3;
  return 4;
}

constexpr double kTwoPi = 2.0 * std::numbers::pi;

}  // namespace

std::string_view stability_name(Stability s) { return kNames[static_cast<std::size_t>(s)]; }

bool parse_stability(std::string_view name, Stability& out) {
  if (name.size() != 1) return false;
  const char c = name[0];
  const char upper = (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c;
  if (upper < 'A' || upper > 'F') return false;
  out = static_cast<Stability>(upper - 'A');
  return true;
}

Stability turner_day(double wind_10m_mps, Insolation insolation) {
  using S = Stability;
  // [row][strong, moderate, slight]; A-B, B-C and C-D as the more unstable.
  static constexpr S table[5][3] = {
      {S::A, S::A, S::B}, {S::A, S::B, S::C}, {S::B, S::B, S::C}, {S::C, S::C, S::D}, {S::C, S::D, S::D}};
  return table[wind_row(wind_10m_mps)][static_cast<int>(insolation)];
}

Stability turner_night(double wind_10m_mps, double cloud_oktas) {
  using S = Stability;
  // Turner's note to table 1: overcast (8/8) is neutral by day or night.
  if (cloud_oktas >= 8.0) return S::D;
  // [row][>= 4/8 cloud, <= 3/8]. Turner leaves calm nights (< 2 m/s) blank;
  // they are the most stable class here.
  static constexpr S table[5][2] = {{S::F, S::F}, {S::E, S::F}, {S::D, S::E}, {S::D, S::D}, {S::D, S::D}};
  return table[wind_row(wind_10m_mps)][cloud_oktas >= 4.0 ? 0 : 1];
}

Insolation insolation_from_sun(double solar_elevation_deg, double cloud_oktas) {
  int step = solar_elevation_deg > 60.0 ? 0 : solar_elevation_deg > 35.0 ? 1 : 2;
  if (cloud_oktas >= 8.0)
    step += 2;
  else if (cloud_oktas >= 5.0)
    step += 1;
  return static_cast<Insolation>(step > 2 ? 2 : step);
}

Sigmas briggs_sigmas(Stability s, DispersionTerrain terrain, double x_m) {
  if (!(x_m > 0.0)) return {};
  const auto i = static_cast<std::size_t>(s);
  if (terrain == DispersionTerrain::urban) return {kUrbanY[i].at(x_m), kUrbanZ[i].at(x_m)};
  return {kRuralY[i].at(x_m), kRuralZ[i].at(x_m)};
}

double wind_profile_exponent(Stability s, DispersionTerrain terrain) {
  const auto i = static_cast<std::size_t>(s);
  return terrain == DispersionTerrain::urban ? kUrbanExponent[i] : kRuralExponent[i];
}

double wind_at_height(double u_ref_mps, double z_ref_m, double z_m, double exponent) {
  if (!(z_m > 0.0)) return 0.0;
  return u_ref_mps * std::pow(z_m / z_ref_m, exponent);
}

double vertical_factor(double z_m, double h_m, double mixing_height_m, double sz_m) {
  if (!(sz_m > 0.0)) return 0.0;
  const double inv = 1.0 / (2.0 * sz_m * sz_m);
  auto pair = [&](double shift) {
    const double a = z_m - h_m + shift, b = z_m + h_m + shift;
    return std::exp(-a * a * inv) + std::exp(-b * b * inv);
  };
  const double lid = mixing_height_m;
  if (!(lid > 0.0) || !std::isfinite(lid)) return pair(0.0);
  if (sz_m > 1.6 * lid) return std::sqrt(kTwoPi) * sz_m / lid;
  // Images at 2nL +- h for n = +-1, +-2, ... until a pair adds nothing. With
  // sz <= 1.6 L the terms fall as exp(-0.78 n^2): about ten pairs at most.
  double sum = pair(0.0);
  for (int n = 1; n < 100; ++n) {
    const double add = pair(2.0 * n * lid) + pair(-2.0 * n * lid);
    sum += add;
    if (add <= 1e-17 * sum) break;
  }
  return sum;
}

double plume_concentration(double q_kg_s, double u_mps, double h_m, double mixing_height_m, Sigmas sigmas, double y_m,
                           double z_m) {
  assert(u_mps > 0.0);
  if (!(sigmas.y_m > 0.0) || !(sigmas.z_m > 0.0)) return 0.0;
  const double lateral = std::exp(-y_m * y_m / (2.0 * sigmas.y_m * sigmas.y_m));
  return q_kg_s / (kTwoPi * u_mps * sigmas.y_m * sigmas.z_m) * lateral *
         vertical_factor(z_m, h_m, mixing_height_m, sigmas.z_m);
}

double plume_concentration(double q_kg_s, double u_mps, double h_m, double mixing_height_m, Stability s,
                           DispersionTerrain terrain, double x_m, double y_m, double z_m) {
  if (!(x_m > 0.0)) return 0.0;
  return plume_concentration(q_kg_s, u_mps, h_m, mixing_height_m, briggs_sigmas(s, terrain, x_m), y_m, z_m);
}

double puff_concentration(double m_kg, double dx_m, double dy_m, double z_m, double h_m, double mixing_height_m,
                          Sigmas sigmas) {
  if (!(sigmas.y_m > 0.0) || !(sigmas.z_m > 0.0)) return 0.0;
  const double norm = m_kg / (std::pow(kTwoPi, 1.5) * sigmas.y_m * sigmas.y_m * sigmas.z_m);
  return norm * std::exp(-(dx_m * dx_m + dy_m * dy_m) / (2.0 * sigmas.y_m * sigmas.y_m)) *
         vertical_factor(z_m, h_m, mixing_height_m, sigmas.z_m);
}

double ReleaseSeries::total_kg() const {
  double total = 0.0;
  for (std::size_t i = 0; i + 1 < rate_times_s.size() && i < rate_kg_s.size(); ++i)
    total += rate_kg_s[i] * (rate_times_s[i + 1] - rate_times_s[i]);
  for (double m : mass_kg) total += m;
  return total;
}

}  // namespace dsim
