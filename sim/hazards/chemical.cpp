// SPDX-License-Identifier: MIT
#include "sim/hazards/chemical.hpp"

#include "sim/core/error.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace dsim {

namespace {

constexpr double NR = Chemical::kNone;  // AEGL "not recommended" (or not set)
constexpr double kGasConstant = 8.314462618;  // J/(mol K)
constexpr double kStandardGravity_mps2 = 9.80665;

// Sources cited below, once.
// [EPA-AEGL] US EPA AEGL Program, "Final AEGLs (162)" table, 3 October 2014,
//   and the interim-values table of the same program.
// [NIST] NIST Chemistry WebBook, SRD 69, phase-change data of each species:
//   Antoine parameters log10(P/bar) = A - B/(T + C) with their temperature
//   range and original reference; Tboil.
// [NIST-Cp] NIST Chemistry WebBook, gas-phase Cp at 298.15 K; gamma = Cp / (Cp - R).
//
// dense_at_release, the rule: a chemical is dense as released when it is a gas
// at 20 C that is stored as a liquefied gas (critical temperature above 20 C:
// held liquid under pressure or refrigerated, it flashes into a cold aerosol
// cloud heavier than the air around it, whatever its molar mass), or when its
// gas is heavier than air (molar mass above 28.96 g/mol). Liquids at 20 C
// (benzene, methanol) evaporate from a pool into a dilute mixture and are not
// flagged. Carbon monoxide (critical temperature 133 K, molar mass 28.01) is
// stored as a compressed gas and is not dense.

// The catalogue: one entry per chemical, values as published; nothing computed.
std::vector<Chemical> build_catalogue() {
  std::vector<Chemical> c;

  c.push_back(Chemical{
      .id = "ammonia",
      .name = "Ammonia",
      .cas = "7664-41-7",
      .molar_mass_g_mol = 17.031,
      //                 10 min  30 min  60 min  4 h    8 h
      .level_ppm = {{{30.0, 30.0, 30.0, 30.0, 30.0},            // AEGL-1
                     {220.0, 220.0, 160.0, 110.0, 110.0},       // AEGL-2
                     {2700.0, 1600.0, 1100.0, 550.0, 390.0}}},  // AEGL-3
      .level_kind = {"AEGL", "AEGL", "AEGL"},
      .level_source = "Final AEGLs: NRC (2008), Acute Exposure Guideline Levels for Selected Airborne "
                      "Chemicals, Vol. 6, ch. 2 Ammonia; as listed in the US EPA Final AEGLs table, 3 Oct 2014",
      .ten_berge_n = 2.0,
      .ten_berge_source = "NRC (2008) Vol. 6, ammonia: C^n t = k with n = 2 (ten Berge et al. 1986); the "
                          "published AEGL-3 follows C^2 t from 1 h to 10 min, 30 min, 4 h and 8 h",
      .dense_at_release = true,  // stored liquefied (Tc 405 K): cold aerosol cloud
      .boiling_point_k = 239.82,
      .antoine_a = 4.86886,
      .antoine_b = 1113.928,
      .antoine_c = -10.409,
      .antoine_min_k = 239.6,
      .antoine_max_k = 371.5,
      .liquid_density_kg_m3 = 682.0,  // at the boiling point
      .heat_capacity_ratio = 1.31,
      .properties_source = "[NIST] Antoine 239.6-371.5 K (Overstreet and Giauque 1937); Tboil 239.82 K; "
                           "liquid density 682 kg/m3 at the boiling point; gamma from [NIST-Cp] 35.06 J/(mol K)",
  });

  c.push_back(Chemical{
      .id = "chlorine",
      .name = "Chlorine",
      .cas = "7782-50-5",
      .molar_mass_g_mol = 70.906,
      .level_ppm = {{{0.50, 0.50, 0.50, 0.50, 0.50},    // AEGL-1
                     {2.8, 2.8, 2.0, 1.0, 0.71},        // AEGL-2
                     {50.0, 28.0, 20.0, 10.0, 7.1}}},   // AEGL-3
      .level_kind = {"AEGL", "AEGL", "AEGL"},
      .level_source = "Final AEGLs: NRC (2004), Acute Exposure Guideline Levels for Selected Airborne "
                      "Chemicals, Vol. 4, Chlorine; as listed in the US EPA Final AEGLs table, 3 Oct 2014",
      .ten_berge_n = 2.0,
      .ten_berge_source = "NRC (2004) Vol. 4, chlorine: C^n t = k with n = 2 for AEGL-2 and AEGL-3; the "
                          "published values follow C^2 t exactly from 1 h (30 min, 4 h, 8 h)",
      .dense_at_release = true,  // 2.4 times as heavy as air, stored liquefied
      .boiling_point_k = 239.11,
      .antoine_a = 4.28814,
      .antoine_b = 969.992,
      .antoine_c = -12.791,
      .antoine_min_k = 172.0,
      .antoine_max_k = 239.4,
      .liquid_density_kg_m3 = 1563.0,  // at the boiling point
      .heat_capacity_ratio = 1.32,
      .properties_source = "[NIST] Antoine (Stull 1947 range ending at the normal boiling point); Tboil "
                           "239.11 K; liquid density 1563 kg/m3 at the boiling point; gamma from [NIST-Cp] "
                           "33.95 J/(mol K)",
  });

  c.push_back(Chemical{
      .id = "hydrogen_sulfide",
      .name = "Hydrogen sulfide",
      .cas = "7783-06-4",
      .molar_mass_g_mol = 34.081,
      .level_ppm = {{{0.75, 0.60, 0.51, 0.36, 0.33},  // AEGL-1
                     {41.0, 32.0, 27.0, 20.0, 17.0},  // AEGL-2
                     {76.0, 59.0, 50.0, 37.0, 31.0}}},  // AEGL-3
      .level_kind = {"AEGL", "AEGL", "AEGL"},
      .level_source = "Final AEGLs: NRC (2010), Acute Exposure Guideline Levels for Selected Airborne "
                      "Chemicals, Vol. 9, ch. 4 Hydrogen Sulfide; as listed in the US EPA Final AEGLs table, "
                      "3 Oct 2014",
      .ten_berge_n = 4.4,
      .ten_berge_source = "NRC (2010) Vol. 9, hydrogen sulfide: C^n t = k with n = 4.4 (ten Berge et al. "
                          "1986, rat lethality); the published AEGL-3 follows C^4.4 t from 1 h",
      .dense_at_release = true,  // 1.18 times as heavy as air, stored liquefied
      .boiling_point_k = 212.87,
      .antoine_a = 4.52887,
      .antoine_b = 958.587,
      .antoine_c = -0.539,
      .antoine_min_k = 212.8,
      .antoine_max_k = 349.5,
      .liquid_density_kg_m3 = 916.0,  // at -60 C
      .heat_capacity_ratio = 1.32,
      .properties_source = "[NIST] Antoine 212.8-349.5 K (Stull 1947; the set above the boiling point); Tboil "
                           "212.87 K (Goodwin 1983); liquid density 916 kg/m3 at -60 C (Engineering ToolBox); "
                           "gamma from [NIST-Cp] 34.2 J/(mol K)",
  });

  c.push_back(Chemical{
      .id = "carbon_monoxide",
      .name = "Carbon monoxide",
      .cas = "630-08-0",
      .molar_mass_g_mol = 28.010,
      .level_ppm = {{{NR, NR, NR, NR, NR},                        // AEGL-1: not recommended
                     {420.0, 150.0, 83.0, 33.0, 27.0},            // AEGL-2
                     {1700.0, 600.0, 330.0, 150.0, 130.0}}},      // AEGL-3
      // AEGL-1 "NR": the ERPG-1 (200 ppm) does not stand in, being above the
      // 60-min AEGL-2 (83 ppm); there is no AEGL-1 zone for carbon monoxide.
      .level_kind = {"AEGL", "AEGL", "AEGL"},
      .level_source = "Final AEGLs: NRC (2010), Acute Exposure Guideline Levels for Selected Airborne "
                      "Chemicals, Vol. 8, ch. 2 Carbon Monoxide (AEGL-1 not recommended); as listed in the US "
                      "EPA Final AEGLs table, 3 Oct 2014",
      .ten_berge_n = NR,
      .ten_berge_source = "none: the carbon monoxide AEGLs are scaled in time by a carboxyhaemoglobin model, "
                          "not by C^n t",
      .dense_at_release = false,  // compressed gas (Tc 133 K), molar mass below air's
      .boiling_point_k = 81.6,
      .antoine_a = NR,
      .antoine_b = NR,
      .antoine_c = NR,
      .antoine_min_k = NR,
      .antoine_max_k = NR,
      .liquid_density_kg_m3 = 789.0,  // at the boiling point
      .heat_capacity_ratio = 1.40,
      .properties_source = "Tboil 81.6 K [NIST]; liquid density 789 kg/m3 at the boiling point; no Antoine "
                           "constants (cryogenic liquid only, no pool at ambient temperature); gamma from "
                           "[NIST-Cp] 29.14 J/(mol K)",
  });

  c.push_back(Chemical{
      .id = "sulfur_dioxide",
      .name = "Sulfur dioxide",
      .cas = "7446-09-5",
      .molar_mass_g_mol = 64.064,
      .level_ppm = {{{0.20, 0.20, 0.20, 0.20, 0.20},    // AEGL-1
                     {0.75, 0.75, 0.75, 0.75, 0.75},    // AEGL-2
                     {30.0, 30.0, 30.0, 19.0, 9.6}}},   // AEGL-3
      // The final AEGL-3 holds 30 ppm from 10 min to 1 h; the earlier
      // (interim) 42 / 32 / 27 ppm at 10 min / 30 min / 1 h are superseded.
      .level_kind = {"AEGL", "AEGL", "AEGL"},
      .level_source = "Final AEGLs: NRC (2010), Acute Exposure Guideline Levels for Selected Airborne "
                      "Chemicals, Vol. 8, ch. 9 Sulfur Dioxide; as listed in the US EPA Final AEGLs table, "
                      "3 Oct 2014",
      .ten_berge_n = NR,
      .ten_berge_source = "none: the final AEGL-3 is flat to 1 h and scaled by the default exponents beyond",
      .dense_at_release = true,  // 2.2 times as heavy as air, stored liquefied
      .boiling_point_k = 263.13,
      .antoine_a = 4.37798,
      .antoine_b = 966.575,
      .antoine_c = -42.071,
      .antoine_min_k = 263.0,
      .antoine_max_k = 414.9,
      .liquid_density_kg_m3 = 1461.0,  // at the boiling point
      .heat_capacity_ratio = 1.26,
      .properties_source = "[NIST] Antoine 263-414.9 K (Stull 1947; the set above the boiling point); Tboil "
                           "263.13 K; liquid density 1461 kg/m3 at the boiling point; gamma from [NIST-Cp] "
                           "39.87 J/(mol K)",
  });

  c.push_back(Chemical{
      .id = "hydrogen_chloride",
      .name = "Hydrogen chloride",
      .cas = "7647-01-0",
      .molar_mass_g_mol = 36.461,
      .level_ppm = {{{1.8, 1.8, 1.8, 1.8, 1.8},             // AEGL-1
                     {100.0, 43.0, 22.0, 11.0, 11.0},       // AEGL-2
                     {620.0, 210.0, 100.0, 26.0, 26.0}}},   // AEGL-3
      .level_kind = {"AEGL", "AEGL", "AEGL"},
      .level_source = "Final AEGLs: NRC (2004), Acute Exposure Guideline Levels for Selected Airborne "
                      "Chemicals, Vol. 4, Hydrogen Chloride; as listed in the US EPA Final AEGLs table, "
                      "3 Oct 2014",
      .ten_berge_n = 1.0,
      .ten_berge_source = "NRC (2004) Vol. 4, hydrogen chloride AEGL-3: C^n t = k with n = 1 from regression "
                          "of rat and mouse mortality data, 1-100 min (ten Berge et al. 1986); 8-h value set "
                          "to the 4-h value",
      .dense_at_release = true,  // 1.26 times as heavy as air, stored liquefied
      .boiling_point_k = 188.1,
      .antoine_a = 4.57389,
      .antoine_b = 868.358,
      .antoine_c = 1.754,
      .antoine_min_k = 137.8,
      .antoine_max_k = 188.1,
      .liquid_density_kg_m3 = 1191.0,  // at the boiling point
      .heat_capacity_ratio = 1.40,
      .properties_source = "[NIST] Antoine (range ending at the normal boiling point); Tboil 188.1 K; liquid "
                           "density 1191 kg/m3 at the boiling point; gamma from [NIST-Cp] 29.14 J/(mol K)",
  });

  c.push_back(Chemical{
      .id = "benzene",
      .name = "Benzene",
      .cas = "71-43-2",
      .molar_mass_g_mol = 78.112,
      .level_ppm = {{{130.0, 73.0, 52.0, 18.0, 9.0},              // AEGL-1
                     {2000.0, 1100.0, 800.0, 400.0, 200.0},       // AEGL-2
                     {9700.0, 5600.0, 4000.0, 2000.0, 990.0}}},   // AEGL-3
      // The higher values lie above 10 % (AEGL-2 10 min) and 50 % of the lower
      // explosive limit (1.2 %): there the fire hazard governs.
      .level_kind = {"AEGL", "AEGL", "AEGL"},
      .level_source = "Final AEGLs: US EPA Final AEGLs table, 3 Oct 2014 (benzene, published by the NRC "
                      "Committee on AEGLs)",
      .ten_berge_n = 2.0,
      .ten_berge_source = "benzene AEGL TSD: C^n t = k with n = 2 from rat lethality data; the published "
                          "AEGL-3 follows C^2 t from 1 h to 10 min, 30 min and 4 h",
      .dense_at_release = false,  // liquid at 20 C: pool vapour is dilute
      .boiling_point_k = 353.3,
      .antoine_a = 4.01814,
      .antoine_b = 1203.835,
      .antoine_c = -53.226,
      .antoine_min_k = 287.70,
      .antoine_max_k = 354.07,
      .liquid_density_kg_m3 = 876.5,  // at 20 C
      .heat_capacity_ratio = 1.11,
      .properties_source = "[NIST] Antoine 287.70-354.07 K (Williamham, Taylor et al. 1945); Tboil 353.3 K "
                           "(average); liquid density 876.5 kg/m3 at 20 C; gamma from [NIST-Cp] 82.4 J/(mol K)",
  });

  c.push_back(Chemical{
      .id = "methanol",
      .name = "Methanol",
      .cas = "67-56-1",
      .molar_mass_g_mol = 32.042,
      .level_ppm = {{{670.0, 670.0, 530.0, 340.0, 270.0},          // AEGL-1
                     {11000.0, 4000.0, 2100.0, 730.0, 520.0},      // AEGL-2
                     {NR, 14000.0, 7200.0, 2400.0, 1600.0}}},      // AEGL-3
      // Interim values. The 10-min AEGL-3 lies above half the lower explosive
      // limit (6 %) and is not given as a number; level_ppm_for takes the
      // 30-min value there. 11000, 14000 and 7200 ppm are above 10 % of the
      // lower explosive limit.
      .level_kind = {"AEGL", "AEGL", "AEGL"},
      .level_source = "Interim AEGLs: US EPA AEGL Program, Methanol (CAS 67-56-1), Interim 2, February 2005 "
                      "technical support document; interim AEGLs table",
      .ten_berge_n = NR,
      .ten_berge_source = "none: the interim methanol AEGLs rest on blood-methanol kinetics, not on a C^n t fit",
      .dense_at_release = false,  // liquid at 20 C
      .boiling_point_k = 337.8,
      .antoine_a = 5.20409,
      .antoine_b = 1581.341,
      .antoine_c = -33.50,
      .antoine_min_k = 288.10,
      .antoine_max_k = 356.83,
      .liquid_density_kg_m3 = 791.4,  // at 20 C
      .heat_capacity_ratio = 1.23,
      .properties_source = "[NIST] Antoine 288.10-356.83 K (Ambrose and Sprake 1970); Tboil 337.8 K; liquid "
                           "density 791.4 kg/m3 at 20 C (specific gravity 0.7915, NRC 2007 submarine "
                           "contaminants vol. 1); gamma from [NIST-Cp] 44.1 J/(mol K)",
  });

  return c;
}

InputError out_of_range(const Chemical& c, const std::string& what, const std::string& expected, double found) {
  std::string key = c.id.empty() ? what : c.id + "." + what;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", found);
  return InputError("", 0, key, expected, buf);
}

// Times in increasing order; a time may repeat (a jump in the series).
void require_increasing_times(std::span<const double> times_s, std::size_t values, const char* function) {
  if (times_s.size() != values)
    throw InputError("", 0, function, "as many values as times (" + std::to_string(times_s.size()) + ")",
                     std::to_string(values));
  if (times_s.empty()) throw InputError("", 0, function, "at least one sample");
  for (std::size_t i = 0; i < times_s.size(); ++i) {
    if (!std::isfinite(times_s[i])) throw InputError("", 0, function, "finite times");
    if (i > 0 && !(times_s[i] >= times_s[i - 1]))
      throw InputError("", 0, function, "times in increasing order (a repeated time is a jump)",
                       std::to_string(times_s[i - 1]) + " then " + std::to_string(times_s[i]));
  }
}

}  // namespace

double Chemical::level_ppm_for(int level, double duration_s) const {
  if (level < 0 || level >= kAeglLevels)
    throw Error("Chemical::level_ppm_for: level " + std::to_string(level) + " (expected 0, 1 or 2 for AEGL-1..3)");
  if (std::isnan(duration_s)) throw Error("Chemical::level_ppm_for: duration is not a number");
  // The next longer tabulated duration (a relative tolerance keeps 3600.0000001 s at 1 h).
  std::size_t i = 0;
  while (i + 1 < kAeglDurations_s.size() && duration_s > kAeglDurations_s[i] * (1.0 + 1e-9)) ++i;
  // Where that duration has no value (methanol's 10-min AEGL-3), the next
  // longer one that has stands in: a lower, hence more protective, level.
  for (; i < kAeglDurations_s.size(); ++i)
    if (!std::isnan(level_ppm[level][i])) return level_ppm[level][i];
  return kNone;
}

const std::vector<Chemical>& chemical_catalogue() {
  static const std::vector<Chemical> catalogue = build_catalogue();
  return catalogue;
}

const Chemical* find_chemical(std::string_view id) {
  for (const Chemical& c : chemical_catalogue())
    if (c.id == id) return &c;
  return nullptr;
}

double vapour_pressure_pa(const Chemical& c, double temperature_k) {
  if (std::isnan(c.antoine_a) || std::isnan(c.antoine_b) || std::isnan(c.antoine_c))
    throw InputError("", 0, c.id + ".antoine", "Antoine constants A, B, C (log10 P/bar = A - B/(T + C)) for a "
                                               "vapour pressure");
  const double lo = std::isnan(c.antoine_min_k) ? 0.0 : c.antoine_min_k;
  const double hi = std::isnan(c.antoine_max_k) ? INFINITY : c.antoine_max_k;
  if (!(temperature_k >= lo && temperature_k <= hi))
    throw out_of_range(c, "temperature_k",
                       "a temperature within the Antoine range " + std::to_string(lo) + "-" + std::to_string(hi) +
                           " K",
                       temperature_k);
  return std::pow(10.0, c.antoine_a - c.antoine_b / (temperature_k + c.antoine_c)) * 1e5;
}

// EPA RMP OCA guidance (1999, rev. 2009), eq. D-1, in its own units:
//   QR [lb/min] = 0.284 u^0.78 MW^(2/3) A [ft2] VP [mmHg] / (82.05 T [K]).
// In SI: A_ft2 = A_m2 / 0.3048^2, VP_mmHg = VP_Pa x 760 / 101325,
// Q_kg_s = QR * 0.45359237 / 60. u is the wind speed at 10 m in m/s, as in
// the guidance; MW in g/mol.
double pool_evaporation_kg_s(const Chemical& c, double area_m2, double liquid_temperature_k, double wind_10m_mps) {
  if (!(area_m2 > 0.0) || !std::isfinite(area_m2)) throw out_of_range(c, "pool_area_m2", "a positive area", area_m2);
  if (!(wind_10m_mps > 0.0) || !std::isfinite(wind_10m_mps))
    throw out_of_range(c, "wind_10m_mps", "a positive wind speed", wind_10m_mps);
  if (!(c.molar_mass_g_mol > 0.0)) throw out_of_range(c, "molar_mass_g_mol", "a positive molar mass", c.molar_mass_g_mol);
  const double vp_pa = vapour_pressure_pa(c, liquid_temperature_k);
  // The mass-transfer formula is for a liquid below its boiling point; a pool
  // above it boils (the guidance then takes the boiling point and 760 mmHg).
  const bool above_boiling = std::isnan(c.boiling_point_k) ? vp_pa > 101325.0 * 1.05
                                                           : liquid_temperature_k > c.boiling_point_k + 1e-6;
  if (above_boiling)
    throw out_of_range(c, "liquid_temperature_k",
                       "a pool at or below the boiling point (" + std::to_string(c.boiling_point_k) +
                           " K): above it the liquid boils; give the boiling point for a refrigerated or "
                           "flashing pool",
                       liquid_temperature_k);
  constexpr double kFt2PerM2 = 1.0 / (0.3048 * 0.3048);
  constexpr double kPaPerMmHg = 101325.0 / 760.0;  // the guidance's mmHg: 760 to the atmosphere
  constexpr double kKgPerLb = 0.45359237;
  const double area_ft2 = area_m2 * kFt2PerM2;
  const double vp_mmhg = vp_pa / kPaPerMmHg;
  const double qr_lb_min = 0.284 * std::pow(wind_10m_mps, 0.78) * std::pow(c.molar_mass_g_mol, 2.0 / 3.0) *
                           area_ft2 * vp_mmhg / (82.05 * liquid_temperature_k);
  return qr_lb_min * kKgPerLb / 60.0;
}

// Crowl and Louvar, Chemical Process Safety, 3rd ed., eq. 4-6 / 4-7 (flow of
// liquid through a hole): Q = cd A sqrt(2 rho dP), dP = P_gauge + rho g h.
double liquid_leak_kg_s(const Chemical& c, double hole_m2, double cd, double gauge_pressure_pa, double head_m) {
  if (!(hole_m2 > 0.0) || !std::isfinite(hole_m2)) throw out_of_range(c, "hole_m2", "a positive hole area", hole_m2);
  if (!(cd > 0.0 && cd <= 1.0)) throw out_of_range(c, "discharge_coefficient", "a number in (0, 1]", cd);
  if (!(head_m >= 0.0) || !std::isfinite(head_m))
    throw out_of_range(c, "liquid_head_m", "a liquid height above the hole of 0 m or more", head_m);
  if (!std::isfinite(gauge_pressure_pa)) throw out_of_range(c, "gauge_pressure_pa", "a finite pressure", gauge_pressure_pa);
  const double rho = c.liquid_density_kg_m3;
  if (!(rho > 0.0)) throw out_of_range(c, "liquid_density_kg_m3", "a liquid density for a liquid leak", rho);
  const double driving_pa = gauge_pressure_pa + rho * kStandardGravity_mps2 * head_m;
  if (driving_pa <= 0.0) return 0.0;  // no pressure pushes the liquid out
  return cd * hole_m2 * std::sqrt(2.0 * rho * driving_pa);
}

// Crowl and Louvar, 3rd ed., section 4-6 (flow of gases through holes):
// isentropic flow; choked when P / P_ambient >= ((g + 1) / 2)^(g / (g - 1)):
//   Q = cd A P sqrt(g M / (R T) (2 / (g + 1))^((g + 1) / (g - 1)))            (eq. 4-50)
// else
//   Q = cd A P sqrt(2 M / (R T) g / (g - 1) [(Pa/P)^(2/g) - (Pa/P)^((g+1)/g)]) (eq. 4-48)
// with M in kg/mol; the two agree at the critical ratio.
double gas_leak_kg_s(const Chemical& c, double hole_m2, double cd, double pressure_pa, double temperature_k,
                     double ambient_pressure_pa) {
  if (!(hole_m2 > 0.0) || !std::isfinite(hole_m2)) throw out_of_range(c, "hole_m2", "a positive hole area", hole_m2);
  if (!(cd > 0.0 && cd <= 1.0)) throw out_of_range(c, "discharge_coefficient", "a number in (0, 1]", cd);
  if (!(pressure_pa > 0.0) || !std::isfinite(pressure_pa))
    throw out_of_range(c, "pressure_pa", "a positive absolute pressure", pressure_pa);
  if (!(ambient_pressure_pa > 0.0) || !std::isfinite(ambient_pressure_pa))
    throw out_of_range(c, "ambient_pressure_pa", "a positive absolute pressure", ambient_pressure_pa);
  if (!(temperature_k > 0.0) || !std::isfinite(temperature_k))
    throw out_of_range(c, "temperature_k", "a positive absolute temperature", temperature_k);
  const double g = c.heat_capacity_ratio;
  if (!(g > 1.0)) throw out_of_range(c, "heat_capacity_ratio", "a ratio of heat capacities above 1 for a gas leak", g);
  if (!(c.molar_mass_g_mol > 0.0)) throw out_of_range(c, "molar_mass_g_mol", "a positive molar mass", c.molar_mass_g_mol);
  if (pressure_pa <= ambient_pressure_pa) return 0.0;  // nothing pushes the gas out
  const double m_kg_mol = c.molar_mass_g_mol / 1000.0;
  const double rt = kGasConstant * temperature_k;
  const double critical_ratio = std::pow((g + 1.0) / 2.0, g / (g - 1.0));
  if (pressure_pa / ambient_pressure_pa >= critical_ratio) {
    const double f = std::pow(2.0 / (g + 1.0), (g + 1.0) / (g - 1.0));
    return cd * hole_m2 * pressure_pa * std::sqrt(g * m_kg_mol / rt * f);
  }
  const double r = ambient_pressure_pa / pressure_pa;
  const double bracket = std::pow(r, 2.0 / g) - std::pow(r, (g + 1.0) / g);
  return cd * hole_m2 * pressure_pa * std::sqrt(2.0 * m_kg_mol / rt * g / (g - 1.0) * bracket);
}

// dCi/dt = lambda (Co - Ci) with Co = Co0 + b s on [t0, t1] (s = t - t0,
// dt = t1 - t0, x = lambda dt) has the exact solution
//   Ci(t1) = Co1 + (Ci0 - Co0) e^-x - b dt (1 - e^-x) / x,
// written with expm1 so that small x loses no digits (x -> 0: Ci1 = Ci0).
std::vector<double> indoor_concentration(std::span<const double> times_s, std::span<const double> outdoor,
                                         double ach_per_h, double ci_start) {
  require_increasing_times(times_s, outdoor.size(), "indoor_concentration");
  if (!(ach_per_h >= 0.0) || !std::isfinite(ach_per_h))
    throw InputError("", 0, "air_changes_per_hour", "0 or more air changes per hour", std::to_string(ach_per_h));
  if (!std::isfinite(ci_start)) throw InputError("", 0, "indoor_concentration", "a finite starting concentration");
  const double lambda_per_s = ach_per_h / 3600.0;
  std::vector<double> ci(times_s.size());
  ci[0] = ci_start;
  for (std::size_t i = 1; i < times_s.size(); ++i) {
    const double dt = times_s[i] - times_s[i - 1];
    if (dt == 0.0) {  // the outdoor concentration jumps; the indoor one cannot
      ci[i] = ci[i - 1];
      continue;
    }
    const double x = lambda_per_s * dt;
    const double decay = std::exp(-x);
    const double one_minus_decay_over_x = x > 0.0 ? -std::expm1(-x) / x : 1.0;
    const double b = (outdoor[i] - outdoor[i - 1]) / dt;
    ci[i] = outdoor[i] + (ci[i - 1] - outdoor[i - 1]) * decay - b * dt * one_minus_decay_over_x;
  }
  return ci;
}

double toxic_load_ppm_n_min(std::span<const double> times_s, std::span<const double> c_ppm, double n) {
  require_increasing_times(times_s, c_ppm.size(), "toxic_load_ppm_n_min");
  if (!(n > 0.0) || !std::isfinite(n))
    throw InputError("", 0, "ten_berge_n", "a positive toxic-load exponent", std::to_string(n));
  double load = 0.0;
  double prev = 0.0;
  for (std::size_t i = 0; i < c_ppm.size(); ++i) {
    if (!(c_ppm[i] >= 0.0) || !std::isfinite(c_ppm[i]))
      throw InputError("", 0, "toxic_load_ppm_n_min", "concentrations of 0 ppm or more", std::to_string(c_ppm[i]));
    const double cn = std::pow(c_ppm[i], n);
    if (i > 0) load += 0.5 * (prev + cn) * (times_s[i] - times_s[i - 1]) / 60.0;
    prev = cn;
  }
  return load;
}

}  // namespace dsim
