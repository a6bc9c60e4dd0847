// SPDX-License-Identifier: MIT
#pragma once

// How fast a fire runs in one fuel under one weather (docs/models.md,
// "Wildfire: rate of spread"): the CSIRO grassland model with its fuel
// moisture and the curing function of Cruz et al. (2015), Rothermel's
// surface model with the standard fuel models, and the fire's shape from a
// length-to-breadth ratio. Plain functions over plain data; speeds in m/s
// unless a name says otherwise (the sources write km/h and m/min).

#include <span>
#include <string_view>

namespace dsim {

// ---------------------------------------------------------------- grassland

// The three pasture conditions of Cheney, Gould and Catchpole (1998).
enum class PastureCondition { natural, grazed, eaten_out };  // undisturbed; cut or grazed; eaten out

// Dead fine fuel moisture of grass (%), from air temperature (deg C) and
// relative humidity (%), as the CSIRO grassland model takes it (McArthur's
// grassland meter as given by Cheney et al. 1998, eq. 3: MC = 9.58 - 0.205 T
// + 0.138 RH).
double grass_moisture_percent(double air_temperature_c, double relative_humidity_percent);

// The curing coefficient of Cruz et al. (2015), from the degree of curing (%, 0-100).
double curing_coefficient(double curing_percent);

// Head fire rate of spread of the CSIRO grassland model (Cheney et al. 1998,
// eqs. 1-5) for the wind at 10 m (m/s), the dead fuel moisture (%), the degree
// of curing (%) and the pasture condition; m/s. Throws dsim::Error for
// moisture or curing out of range (what was expected and found).
double grassland_spread_mps(double wind_10m_mps, double moisture_percent, double curing_percent,
                            PastureCondition condition);

// The largest dead grass moisture the functions accept (%): about fibre
// saturation; the spread is already nil from 20-24 % (extinction).
inline constexpr double kGrassMoistureMaxPercent = 35.0;
// The two factors of grassland_spread_mps, in the units of Cheney et al.
// (1998): the moisture coefficient phi_M (its branch above 12 % depends on the
// 10-m wind, km/h) and the wind function of the pasture (km/h, for full
// curing and dry fuel; eaten-out as in docs/models.md).
double grass_moisture_coefficient(double moisture_percent, double wind_10m_kmh);
double grass_wind_spread_kmh(double wind_10m_kmh, PastureCondition condition);

// ---------------------------------------------------------------- Rothermel

// A standard surface fuel model (Anderson 1982: the 13 models; their loads,
// surface-area-to-volume ratios, depths and moistures of extinction).
struct FuelModel {
  int number = 0;              // 1..13
  std::string_view name;       // "short grass", "timber litter", ...
  // Loads in kg/m2: 1-h, 10-h, 100-h dead, live herbaceous, live woody.
  double load_1h = 0, load_10h = 0, load_100h = 0, load_live_herb = 0, load_live_woody = 0;
  double sav_1h_per_m = 0, sav_live_herb_per_m = 0, sav_live_woody_per_m = 0;  // 10-h and 100-h: 357 and 98 /m (fixed)
  double depth_m = 0;
  double extinction_moisture = 0;  // fraction
  double heat_content_j_kg = 18608000.0;  // 8000 Btu/lb
};
// The Anderson (1982) table; throws dsim::Error for a number outside 1..13.
const FuelModel& anderson_fuel_model(int number);

// The fixed SAV of the 10-h and 100-h classes (Anderson 1982), 1/ft (357.6 and 98.4 /m).
inline constexpr double kSav10hPerFt = 109.0;
inline constexpr double kSav100hPerFt = 30.0;

// Moisture contents as fractions of dry weight.
struct FuelMoisture {
  double dead_1h = 0.06, dead_10h = 0.07, dead_100h = 0.08, live_herb = 0.6, live_woody = 0.9;
};

// Rothermel (1972) surface head-fire rate of spread, with Albini's (1976)
// corrections as commonly implemented (BehavePlus), for the midflame wind
// (m/s) along the slope's upslope direction and the slope (rise/run); m/s.
double rothermel_spread_mps(const FuelModel& fuel, const FuelMoisture& moisture, double midflame_wind_mps,
                            double slope);

// ---------------------------------------------------------------- shape

// Length-to-breadth ratio of a wind-driven fire from the wind at 10 m (m/s):
// grassland after Cheney and Sullivan (2008) / Alexander (1985) as cited in
// docs/models.md; at least 1.
double length_to_breadth(double wind_10m_mps);

// The rate of spread in a direction `theta_rad` from the head (0: head, pi:
// back) of an elliptical fire (Anderson 1983 / Richards 1990): the ellipse
// with the ignition at its rear focus whose head runs at head_mps and whose
// length-to-breadth ratio is lb.
double elliptical_spread_mps(double head_mps, double lb, double theta_rad);
// The backing rate (theta = pi) of that ellipse.
double backing_spread_mps(double head_mps, double lb);

// ---------------------------------------------------------------- barriers

// Byram's (1959) fireline intensity I = H w r (kW/m) from the heat of
// combustion (kJ/kg), the fuel consumed (kg/m2) and the rate of spread (m/s).
double byram_intensity_kw_m(double heat_kj_kg, double fuel_consumed_kg_m2, double spread_mps);

// The chance that a fire of intensity I (kW/m) breaches a firebreak (road,
// river, ploughed break) of width w (m), from a published logistic fit for
// grassland (Wilson 1988, "Width of firebreak that is necessary to stop grass
// fires: some field experiments", Can. J. For. Res. 18:682-687).
double breach_probability(double intensity_kw_m, double width_m);
// The same fit with its second covariate: trees within 20 m of the break (a
// source of embers) make a breach likelier; the two-argument form has none.
double breach_probability(double intensity_kw_m, double width_m, bool trees_within_20m);

}  // namespace dsim
