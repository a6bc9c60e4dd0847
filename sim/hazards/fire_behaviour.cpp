// SPDX-License-Identifier: MIT
#include "sim/hazards/fire_behaviour.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <string>

namespace dsim {

namespace {

constexpr double kKmhPerMps = 3.6;

[[noreturn]] void out_of_range(const char* function, const char* argument, const std::string& expected,
                               double found) {
  std::ostringstream out;
  out << function << ": " << argument << ": expected " << expected << ", found " << found;
  throw Error(out.str());
}

void require_in(const char* function, const char* argument, double value, double lo, double hi,
                const std::string& expected) {
  if (!std::isfinite(value) || value < lo || value > hi) out_of_range(function, argument, expected, value);
}

}  // namespace

// ---------------------------------------------------------------- grassland

// McArthur's (1966) grassland meter, as the regression of Cheney et al.
// (1998): MC = 9.58 - 0.205 T + 0.138 RH (%).
double grass_moisture_percent(double air_temperature_c, double relative_humidity_percent) {
  require_in("grass_moisture_percent", "air_temperature_c", air_temperature_c, -60.0, 60.0,
             "an air temperature from -60 to 60 deg C");
  require_in("grass_moisture_percent", "relative_humidity_percent", relative_humidity_percent, 0.0, 100.0,
             "a relative humidity from 0 to 100 %");
  return 9.58 - 0.205 * air_temperature_c + 0.138 * relative_humidity_percent;
}

// Cruz, Gould, Kidnie, Bessell, Nichols and Slijepcevic (2015), "Effects of
// curing on grassfires: II. Effect of grass senescence on the rate of fire
// spread", Int. J. Wildland Fire 24(6):838-848:
// phi_C = 1.036 / (1 + 103.989 exp(-0.0996 (C - 20))).
double curing_coefficient(double curing_percent) {
  require_in("curing_coefficient", "curing_percent", curing_percent, 0.0, 100.0,
             "a degree of curing from 0 to 100 %");
  return 1.036 / (1.0 + 103.989 * std::exp(-0.0996 * (curing_percent - 20.0)));
}

double grass_moisture_coefficient(double moisture_percent, double wind_10m_kmh) {
  require_in("grass_moisture_coefficient", "moisture_percent", moisture_percent, 0.0, kGrassMoistureMaxPercent,
             "a dead grass moisture content from 0 to 35 %");
  // Cheney et al. (1998): exponential below 12 %, linear above, with a
  // wind-dependent extinction (20 % in winds to 10 km/h, 24 % above).
  double phi = 0.0;
  if (moisture_percent < 12.0) {
    phi = std::exp(-0.108 * moisture_percent);
  } else if (wind_10m_kmh <= 10.0) {
    phi = 0.684 - 0.0342 * moisture_percent;
  } else {
    phi = 0.547 - 0.0228 * moisture_percent;
  }
  return phi > 0.0 ? phi : 0.0;
}

double grass_wind_spread_kmh(double wind_10m_kmh, PastureCondition condition) {
  // Cheney et al. (1998): linear in wind below the critical 5 km/h,
  // a power law above. Eaten-out pasture (< about 3 t/ha): the grazed
  // relation below 5 km/h and half its coefficients above, as CSIRO published
  // it after 1998 (Cheney and Sullivan 2008, "Grassfires", 2nd ed.; the form
  // the Australian Fire Danger Rating System uses and Cruz, Alexander and
  // Kilinc 2022, Fire 5(2):55, evaluate).
  const double u = wind_10m_kmh;
  switch (condition) {
    case PastureCondition::natural:
      return u < 5.0 ? 0.054 + 0.269 * u : 1.4 + 0.838 * std::pow(u - 5.0, 0.844);
    case PastureCondition::grazed:
      return u < 5.0 ? 0.054 + 0.209 * u : 1.1 + 0.715 * std::pow(u - 5.0, 0.844);
    case PastureCondition::eaten_out:
      return u < 5.0 ? 0.054 + 0.209 * u : 0.55 + 0.357 * std::pow(u - 5.0, 0.844);
  }
  return 0.0;
}

double grassland_spread_mps(double wind_10m_mps, double moisture_percent, double curing_percent,
                            PastureCondition condition) {
  require_in("grassland_spread_mps", "wind_10m_mps", wind_10m_mps, 0.0, 100.0, "a wind speed from 0 to 100 m/s");
  require_in("grassland_spread_mps", "moisture_percent", moisture_percent, 0.0, kGrassMoistureMaxPercent,
             "a dead grass moisture content from 0 to 35 %");
  require_in("grassland_spread_mps", "curing_percent", curing_percent, 0.0, 100.0,
             "a degree of curing from 0 to 100 %");
  const double u_kmh = wind_10m_mps * kKmhPerMps;
  const double r_kmh = grass_wind_spread_kmh(u_kmh, condition) * grass_moisture_coefficient(moisture_percent, u_kmh) *
                       curing_coefficient(curing_percent);
  return r_kmh / kKmhPerMps;
}

// ---------------------------------------------------------------- Rothermel

namespace {

// Anderson (1982), "Aids to determining fuel models for estimating fire
// behavior", USDA For. Serv. GTR INT-122, Table 1 (as used by BEHAVE and
// BehavePlus): loads in tons/acre, 1-h SAV and live SAV in 1/ft, depth in ft,
// dead moisture of extinction in %. Converted to SI below.
struct AndersonRow {
  int number;
  const char* name;
  double t1, t10, t100, herb, woody;  // tons/acre
  double sav1, sav_herb, sav_woody;   // 1/ft
  double depth_ft, mx_percent;
};

constexpr std::array<AndersonRow, 13> kAnderson{{
    {1, "short grass", 0.74, 0.0, 0.0, 0.0, 0.0, 3500, 0, 0, 1.0, 12},
    {2, "timber (grass and understory)", 2.0, 1.0, 0.5, 0.5, 0.0, 3000, 1500, 0, 1.0, 15},
    {3, "tall grass", 3.01, 0.0, 0.0, 0.0, 0.0, 1500, 0, 0, 2.5, 25},
    {4, "chaparral", 5.01, 4.01, 2.0, 0.0, 5.01, 2000, 0, 1500, 6.0, 20},
    {5, "brush", 1.0, 0.5, 0.0, 0.0, 2.0, 2000, 0, 1500, 2.0, 20},
    {6, "dormant brush", 1.5, 2.5, 2.0, 0.0, 0.0, 1750, 0, 0, 2.5, 25},
    {7, "southern rough", 1.13, 1.87, 1.5, 0.0, 0.37, 1750, 0, 1500, 2.5, 40},
    {8, "closed timber litter", 1.5, 1.0, 2.5, 0.0, 0.0, 2000, 0, 0, 0.2, 30},
    {9, "hardwood litter", 2.92, 0.41, 0.15, 0.0, 0.0, 2500, 0, 0, 0.2, 25},
    {10, "timber (litter and understory)", 3.01, 2.0, 5.01, 0.0, 2.0, 2000, 0, 1500, 1.0, 25},
    {11, "light logging slash", 1.5, 4.51, 5.51, 0.0, 0.0, 1500, 0, 0, 1.0, 15},
    {12, "medium logging slash", 4.01, 14.03, 16.53, 0.0, 0.0, 1500, 0, 0, 2.3, 20},
    {13, "heavy logging slash", 7.01, 23.04, 28.05, 0.0, 0.0, 1500, 0, 0, 3.0, 25},
}};

// Unit conversions (exact by the definitions of the foot, pound and Btu_IT).
constexpr double kFt = 0.3048;                              // m
constexpr double kLbPerFt2 = 0.45359237 / (kFt * kFt);      // kg/m2
constexpr double kTonPerAcre = 907.18474 / 4046.8564224;    // kg/m2
constexpr double kBtuPerLb = 2326.0;                        // J/kg
constexpr double kFtPerMinInMps = kFt / 60.0;               // m/s

std::array<FuelModel, 13> make_anderson_table() {
  std::array<FuelModel, 13> out{};
  for (std::size_t i = 0; i < kAnderson.size(); ++i) {
    const AndersonRow& r = kAnderson[i];
    FuelModel& f = out[i];
    f.number = r.number;
    f.name = r.name;
    f.load_1h = r.t1 * kTonPerAcre;
    f.load_10h = r.t10 * kTonPerAcre;
    f.load_100h = r.t100 * kTonPerAcre;
    f.load_live_herb = r.herb * kTonPerAcre;
    f.load_live_woody = r.woody * kTonPerAcre;
    f.sav_1h_per_m = r.sav1 / kFt;
    f.sav_live_herb_per_m = r.sav_herb / kFt;
    f.sav_live_woody_per_m = r.sav_woody / kFt;
    f.depth_m = r.depth_ft * kFt;
    f.extinction_moisture = r.mx_percent / 100.0;
    f.heat_content_j_kg = 8000.0 * kBtuPerLb;
  }
  return out;
}

// One size class in Rothermel's customary units (lb/ft2, 1/ft, fraction).
struct Particle {
  double load = 0, sav = 0, moisture = 0;
};

}  // namespace

const FuelModel& anderson_fuel_model(int number) {
  static const std::array<FuelModel, 13> table = make_anderson_table();
  if (number < 1 || number > 13) {
    throw Error("anderson_fuel_model: number: expected a fuel model from 1 to 13 (Anderson 1982), found " +
                std::to_string(number));
  }
  return table[static_cast<std::size_t>(number - 1)];
}

// Rothermel (1972, INT-115) with the changes of Albini (1976, INT-30) that
// BEHAVE and BehavePlus use (Andrews 2018, RMRS-GTR-371, Table 11): the
// reaction velocity exponent A = 133 sigma^-0.7913, the live moisture of
// extinction from the dead-to-live fine load ratio, and loads weighted by the
// surface-area fraction of each class. Computed in the customary units of
// those sources; particle density 32 lb/ft3, total and effective mineral
// contents 0.0555 and 0.010. No wind limit (Andrews, Cruz and Rothermel 2013
// found Rothermel's limit too restrictive; BehavePlus's library applies it).
double rothermel_spread_mps(const FuelModel& fuel, const FuelMoisture& moisture, double midflame_wind_mps,
                            double slope) {
  constexpr const char* fn = "rothermel_spread_mps";
  require_in(fn, "midflame_wind_mps", midflame_wind_mps, 0.0, 100.0, "a wind speed from 0 to 100 m/s");
  require_in(fn, "slope", slope, 0.0, 10.0, "a slope (rise/run) from 0 to 10");
  require_in(fn, "moisture.dead_1h", moisture.dead_1h, 0.0, 1.0, "a dead fuel moisture fraction from 0 to 1");
  require_in(fn, "moisture.dead_10h", moisture.dead_10h, 0.0, 1.0, "a dead fuel moisture fraction from 0 to 1");
  require_in(fn, "moisture.dead_100h", moisture.dead_100h, 0.0, 1.0, "a dead fuel moisture fraction from 0 to 1");
  require_in(fn, "moisture.live_herb", moisture.live_herb, 0.0, 5.0, "a live fuel moisture fraction from 0 to 5");
  require_in(fn, "moisture.live_woody", moisture.live_woody, 0.0, 5.0, "a live fuel moisture fraction from 0 to 5");
  if (!(fuel.depth_m > 0.0) || !(fuel.extinction_moisture > 0.0) || !(fuel.heat_content_j_kg > 0.0)) {
    throw Error(std::string(fn) + ": fuel " + std::to_string(fuel.number) +
                ": expected a positive depth, moisture of extinction and heat content");
  }

  const double lb = 1.0 / kLbPerFt2;  // kg/m2 -> lb/ft2
  const std::array<Particle, 3> dead{{{fuel.load_1h * lb, fuel.sav_1h_per_m * kFt, moisture.dead_1h},
                                      {fuel.load_10h * lb, kSav10hPerFt, moisture.dead_10h},
                                      {fuel.load_100h * lb, kSav100hPerFt, moisture.dead_100h}}};
  const std::array<Particle, 2> live{{{fuel.load_live_herb * lb, fuel.sav_live_herb_per_m * kFt, moisture.live_herb},
                                      {fuel.load_live_woody * lb, fuel.sav_live_woody_per_m * kFt,
                                       moisture.live_woody}}};
  const double depth_ft = fuel.depth_m / kFt;
  const double heat_btu_lb = fuel.heat_content_j_kg / kBtuPerLb;
  constexpr double rho_p = 32.0, s_t = 0.0555, s_e = 0.010;

  // Per category (dead, live): surface area, weighted SAV, moisture, net load.
  struct Category {
    double area = 0, sav = 0, moisture = 0, net_load = 0, heat_sink = 0;
  };
  auto summarise = [&](const auto& particles) {
    Category c;
    for (const Particle& p : particles) {
      if (p.load > 0.0) c.area += p.sav * p.load / rho_p;
    }
    if (c.area <= 0.0) return c;
    for (const Particle& p : particles) {
      if (p.load <= 0.0) continue;
      const double f = p.sav * p.load / rho_p / c.area;
      c.sav += f * p.sav;
      c.moisture += f * p.moisture;
      // The Anderson classes fall in distinct SAV subclasses (Albini's g_ij =
      // f_ij) except both live classes (>= 1200 /ft), never loaded together.
      c.net_load += f * p.load * (1.0 - s_t);
      c.heat_sink += f * std::exp(-138.0 / p.sav) * (250.0 + 1116.0 * p.moisture);
    }
    return c;
  };
  const Category d = summarise(dead);
  const Category l = summarise(live);
  const double total_area = d.area + l.area;
  if (total_area <= 0.0) return 0.0;
  const double fd = d.area / total_area, fl = l.area / total_area;

  double total_load = 0.0;
  for (const Particle& p : dead) total_load += p.load;
  for (const Particle& p : live) total_load += p.load;
  const double rho_b = total_load / depth_ft;
  const double beta = rho_b / rho_p;
  const double sigma = fd * d.sav + fl * l.sav;
  const double beta_op = 3.348 * std::pow(sigma, -0.8189);
  const double ratio = beta / beta_op;
  const double a = 133.0 * std::pow(sigma, -0.7913);
  const double gamma_max = std::pow(sigma, 1.5) / (495.0 + 0.0594 * std::pow(sigma, 1.5));
  const double gamma = gamma_max * std::pow(ratio, a) * std::exp(a * (1.0 - ratio));

  auto damping = [](double m, double mx) {
    if (mx <= 0.0 || m >= mx) return 0.0;
    const double r = m / mx;
    return 1.0 - 2.59 * r + 5.11 * r * r - 3.52 * r * r * r;
  };
  const double eta_s = std::min(1.0, 0.174 * std::pow(s_e, -0.19));
  const double mx_dead = fuel.extinction_moisture;

  double live_mx = mx_dead;
  if (l.area > 0.0) {
    // Albini (1976): live extinction moisture from the ratio of dead to live
    // fine fuel loads and the moisture of the fine dead fuel.
    double dead_fine = 0.0, dead_fine_water = 0.0, live_fine = 0.0;
    for (const Particle& p : dead) {
      if (p.load <= 0.0) continue;
      const double w = p.load * std::exp(-138.0 / p.sav);
      dead_fine += w;
      dead_fine_water += w * p.moisture;
    }
    for (const Particle& p : live) {
      if (p.load > 0.0) live_fine += p.load * std::exp(-500.0 / p.sav);
    }
    const double m_fine = dead_fine > 0.0 ? dead_fine_water / dead_fine : 0.0;
    live_mx = 2.9 * (dead_fine / live_fine) * (1.0 - m_fine / mx_dead) - 0.226;
    if (live_mx < mx_dead) live_mx = mx_dead;
  }

  const double reaction_intensity =
      gamma * heat_btu_lb * eta_s * (d.net_load * damping(d.moisture, mx_dead) + l.net_load * damping(l.moisture, live_mx));
  if (reaction_intensity <= 0.0) return 0.0;

  const double xi = std::exp((0.792 + 0.681 * std::sqrt(sigma)) * (beta + 0.1)) / (192.0 + 0.2595 * sigma);
  const double wind_ft_min = midflame_wind_mps / kFtPerMinInMps;
  const double c = 7.47 * std::exp(-0.133 * std::pow(sigma, 0.55));
  const double b = 0.02526 * std::pow(sigma, 0.54);
  const double e = 0.715 * std::exp(-3.59e-4 * sigma);
  const double phi_w = wind_ft_min > 0.0 ? c * std::pow(wind_ft_min, b) * std::pow(ratio, -e) : 0.0;
  const double phi_s = 5.275 * std::pow(beta, -0.3) * slope * slope;
  const double heat_sink = rho_b * (fd * d.heat_sink + fl * l.heat_sink);
  const double r_ft_min = reaction_intensity * xi * (1.0 + phi_w + phi_s) / heat_sink;
  return r_ft_min * kFtPerMinInMps;
}

// ---------------------------------------------------------------- shape

// Alexander (1985), "Estimating the length-to-breadth ratio of elliptical
// forest fire patterns", Proc. 8th Conf. Fire and Forest Meteorology, 287-304
// (also Forestry Canada Fire Danger Group 1992, ST-X-3, eq. 79):
// LB = 1 + 8.729 (1 - exp(-0.030 U))^2.155, U the 10-m open wind in km/h.
double length_to_breadth(double wind_10m_mps) {
  require_in("length_to_breadth", "wind_10m_mps", wind_10m_mps, 0.0, 100.0, "a wind speed from 0 to 100 m/s");
  const double u_kmh = wind_10m_mps * kKmhPerMps;
  return 1.0 + 8.729 * std::pow(1.0 - std::exp(-0.030 * u_kmh), 2.155);
}

// The ellipse of Anderson (1983, INT-305) / Richards (1990) with the ignition
// at its rear focus: eccentricity e = sqrt(1 - 1/LB^2); the distance from the
// focus to the perimeter along a ray at angle theta from the head direction is
// r(theta) = a (1 - e^2) / (1 - e cos theta), so the rate along that ray is
// R(theta) = R_head (1 - e) / (1 - e cos theta): R_head at 0, R_head (1-e)/(1+e) at pi.
double elliptical_spread_mps(double head_mps, double lb, double theta_rad) {
  require_in("elliptical_spread_mps", "lb", lb, 1.0, 1e6, "a length-to-breadth ratio of at least 1");
  require_in("elliptical_spread_mps", "head_mps", head_mps, 0.0, 1e6, "a non-negative head rate");
  const double e = std::sqrt(1.0 - 1.0 / (lb * lb));
  return head_mps * (1.0 - e) / (1.0 - e * std::cos(theta_rad));
}

double backing_spread_mps(double head_mps, double lb) {
  require_in("backing_spread_mps", "lb", lb, 1.0, 1e6, "a length-to-breadth ratio of at least 1");
  require_in("backing_spread_mps", "head_mps", head_mps, 0.0, 1e6, "a non-negative head rate");
  const double e = std::sqrt(1.0 - 1.0 / (lb * lb));
  return head_mps * (1.0 - e) / (1.0 + e);
}

// ---------------------------------------------------------------- barriers

// Byram (1959): I = H w r; kJ/kg x kg/m2 x m/s = kW/m.
double byram_intensity_kw_m(double heat_kj_kg, double fuel_consumed_kg_m2, double spread_mps) {
  require_in("byram_intensity_kw_m", "heat_kj_kg", heat_kj_kg, 0.0, 1e5, "a heat of combustion in kJ/kg");
  require_in("byram_intensity_kw_m", "fuel_consumed_kg_m2", fuel_consumed_kg_m2, 0.0, 1e3, "a fuel load in kg/m2");
  require_in("byram_intensity_kw_m", "spread_mps", spread_mps, 0.0, 1e3, "a rate of spread in m/s");
  return heat_kj_kg * fuel_consumed_kg_m2 * spread_mps;
}

// Wilson (1988), "Width of firebreak that is necessary to stop grass fires:
// some field experiments", Can. J. For. Res. 18(6):682-687: a logistic fit to
// 113 experimental grassfires in the Northern Territory,
// P = 1 / (1 + exp(-(1.36 + 0.00036 I - b W))), b = 0.99 /m with no trees
// within 20 m of the break and 0.38 /m with trees. Coefficients as restated
// by Frost, Alexander and Jenkins (2022, Fire 5(3):78), taken from secondary
// material; the primary table was not read (see docs/models.md).
double breach_probability(double intensity_kw_m, double width_m, bool trees_within_20m) {
  require_in("breach_probability", "intensity_kw_m", intensity_kw_m, 0.0, 1e6, "a fireline intensity in kW/m");
  require_in("breach_probability", "width_m", width_m, 0.0, 1e4, "a barrier width in m");
  const double b = trees_within_20m ? 0.38 : 0.99;
  const double logit = 1.36 + 0.00036 * intensity_kw_m - b * width_m;
  return 1.0 / (1.0 + std::exp(-logit));
}

double breach_probability(double intensity_kw_m, double width_m) {
  return breach_probability(intensity_kw_m, width_m, false);
}

}  // namespace dsim
