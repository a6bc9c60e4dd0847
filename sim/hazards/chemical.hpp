// SPDX-License-Identifier: MIT
#pragma once

// Chemicals and what a release puts into the air (docs/models.md, "Chemical
// releases"): the catalogue shipped with dsim (molar mass, AEGL or ERPG
// levels, each with its source), source terms (an evaporating pool, a leak
// through a hole), the indoor concentration of a building that exchanges its
// air with the outside, and the toxic load.

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// Exposure durations of the AEGL tables: 10 min, 30 min, 60 min, 4 h, 8 h.
inline constexpr std::array<double, 5> kAeglDurations_s{600.0, 1800.0, 3600.0, 14400.0, 28800.0};
inline constexpr const char* kAeglDurationNames[] = {"10min", "30min", "60min", "4h", "8h"};
inline constexpr int kAeglLevels = 3;  // AEGL-1, -2, -3

struct Chemical {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

  std::string id;    // "ammonia": how a scenario names it
  std::string name;  // "Ammonia"
  std::string cas;   // "7664-41-7"
  double molar_mass_g_mol = 0.0;
  // ppm, [level 0..2][duration 0..4]; NaN where no value is set (AEGL-1 of
  // carbon monoxide: "not recommended") and no ERPG stands in.
  std::array<std::array<double, 5>, kAeglLevels> level_ppm{};
  // Per level: "AEGL" (final or interim as the source says), or "ERPG" where
  // the AEGL is missing and the ERPG (a 60-minute value) stands in.
  std::array<std::string, kAeglLevels> level_kind;
  std::string level_source;  // citation of the levels (document, table, date)
  double ten_berge_n = kNone;  // exponent of the toxic load C^n t; NaN: none published
  std::string ten_berge_source;
  // Heavier than air as released (a liquefied or cold gas, or a molar mass
  // well above air's): the Gaussian model then understates the spread near
  // the ground and a warning says so.
  bool dense_at_release = false;
  // Physical properties for the source terms (NaN: not known; the source
  // term that needs it refuses the chemical).
  double boiling_point_k = kNone;
  // Antoine equation log10(P / bar) = A - B / (T / K + C), valid from
  // antoine_min_k to antoine_max_k (NIST Chemistry WebBook).
  double antoine_a = kNone, antoine_b = kNone, antoine_c = kNone;
  double antoine_min_k = kNone, antoine_max_k = kNone;
  double liquid_density_kg_m3 = kNone;  // near the boiling point or 20 C, as the source gives
  double heat_capacity_ratio = kNone;   // gamma of the gas, for choked flow
  std::string properties_source;
  bool user_defined = false;  // given in the scenario rather than the catalogue

  // The level in ppm for an exposure of `duration_s` (one of kAeglDurations_s;
  // other durations take the next longer tabulated one, or 8 h). Where that
  // duration has no value, the next longer one that has stands in (a lower,
  // more protective level); NaN when none has (carbon monoxide AEGL-1).
  // Throws dsim::Error for a level outside 0..2 or a NaN duration.
  double level_ppm_for(int level, double duration_s) const;
};

// The catalogue shipped with dsim: ammonia, chlorine, hydrogen_sulfide,
// carbon_monoxide, sulfur_dioxide, hydrogen_chloride, benzene, methanol (at
// least), each with the sources of its values.
const std::vector<Chemical>& chemical_catalogue();
// The entry of that id, or null.
const Chemical* find_chemical(std::string_view id);

// ppm by volume <-> mg/m3 at 25 C and 1 atm (molar volume 24.45 L).
inline double ppm_to_mg_m3(double ppm, double molar_mass_g_mol) { return ppm * molar_mass_g_mol / 24.45; }
inline double mg_m3_to_ppm(double mg_m3, double molar_mass_g_mol) { return mg_m3 * 24.45 / molar_mass_g_mol; }

// Vapour pressure in Pa at temperature_k by the chemical's Antoine
// equation; throws dsim::Error outside its valid range or without constants.
double vapour_pressure_pa(const Chemical& c, double temperature_k);

// Evaporation from a liquid pool (US EPA, Risk Management Program Guidance
// for Offsite Consequence Analysis, 1999/2009, eq. D-1 / 3-7, after Kawamura
// and MacKay 1987): QR = 0.284 u^0.78 MW^(2/3) A VP / (82.05 T) in lb/min
// with u in m/s, A in ft2, VP in mmHg and T in K; here in SI. Throws
// dsim::Error for a chemical without vapour-pressure constants.
double pool_evaporation_kg_s(const Chemical& c, double area_m2, double liquid_temperature_k, double wind_10m_mps);

// A leak through a hole of area hole_m2 with discharge coefficient cd
// (Crowl and Louvar, Chemical Process Safety, 3rd ed., section 4-2 and 4-6):
// liquid: Q = cd A sqrt(2 rho (P_gauge + rho g head_m)) (Bernoulli);
// gas: choked flow when P / P_ambient exceeds ((gamma + 1) / 2)^(gamma / (gamma - 1)),
//   Q = cd A P sqrt(gamma M / (R T) (2 / (gamma + 1))^((gamma + 1) / (gamma - 1))),
// else the subsonic orifice equation. Pressures absolute in Pa except P_gauge.
double liquid_leak_kg_s(const Chemical& c, double hole_m2, double cd, double gauge_pressure_pa, double head_m);
double gas_leak_kg_s(const Chemical& c, double hole_m2, double cd, double pressure_pa, double temperature_k,
                     double ambient_pressure_pa = 101325.0);

// Indoor concentration of a building that exchanges its air with the
// outside at ach_per_h air changes per hour (first order: dCi/dt = lambda (Co
// - Ci), lambda = ach / 3600 s): with the outdoor concentration linear
// between the samples, solved exactly step by step from ci_start at times_s[0].
// Times increase; a time given twice is a jump of the outdoor concentration.
// Throws dsim::InputError for times out of order, sizes that differ, or a
// negative air change rate.
std::vector<double> indoor_concentration(std::span<const double> times_s, std::span<const double> outdoor,
                                         double ach_per_h, double ci_start = 0.0);

// Toxic load integral of C^n dt (C in ppm, t in minutes, as the ten Berge
// fits are written), the trapezoid rule over the samples; n = 1: the dose.
// Throws dsim::InputError for times out of order, n <= 0 or C < 0.
double toxic_load_ppm_n_min(std::span<const double> times_s, std::span<const double> c_ppm, double n);

}  // namespace dsim
