// SPDX-License-Identifier: MIT
#pragma once

// Atmospheric dispersion of a neutrally buoyant gas (docs/models.md,
// "Chemical releases"): Pasquill-Gifford stability from Turner's table,
// Briggs's dispersion coefficients (open country and urban), the Gaussian
// plume for steady conditions and a train of Gaussian puffs for releases and
// winds that change in time. Plain functions over plain data: no scenario,
// no road network. Concentrations in kg/m3, lengths in metres, times in
// seconds.

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace dsim {

// Pasquill-Gifford stability classes, A (very unstable) to F (moderately stable).
enum class Stability : std::uint8_t { A, B, C, D, E, F };
inline constexpr int kStabilityCount = 6;
std::string_view stability_name(Stability s);               // "A" .. "F"
bool parse_stability(std::string_view name, Stability& out);  // "A".."F" (either case); false otherwise

// Incoming solar radiation by day, in Turner's three steps.
enum class Insolation : std::uint8_t { strong, moderate, slight };
inline constexpr const char* kInsolationNames[] = {"strong", "moderate", "slight"};

// Turner (1970), Workbook of Atmospheric Dispersion Estimates, table 1:
// the class from the wind speed at 10 m (rows < 2, 2-3, 3-5, 5-6, >= 6 m/s)
// and, by day, the insolation; at night, the cloud cover in oktas (>= 4/8
// cloud, or less). Where the table gives two classes (A-B, B-C, C-D) the
// more unstable one is returned. At night the table leaves winds under 2 m/s
// blank: F here; overcast (8/8) is D, by the table's note.
Stability turner_day(double wind_10m_mps, Insolation insolation);
Stability turner_night(double wind_10m_mps, double cloud_oktas);
// Insolation from the sun's elevation (Turner: above 60 deg strong, 35-60
// moderate, 15-35 slight), one step weaker under 5/8 to 7/8 of cloud and two
// (still slight at least) under 8/8; below 15 deg: slight.
Insolation insolation_from_sun(double solar_elevation_deg, double cloud_oktas);

// Which set of Briggs coefficients applies where the gas travels.
enum class DispersionTerrain : std::uint8_t { rural, urban };

struct Sigmas {
  double y_m = 0.0;  // crosswind (and, for a puff, along-wind)
  double z_m = 0.0;  // vertical
};

// Briggs (1973) interpolation formulas as tabulated by Gifford (1976) and
// Hanna, Briggs and Hosker (1982), open-country and urban, at a distance
// x_m > 0 downwind of the source (valid from 100 m to 10 km; used outside).
Sigmas briggs_sigmas(Stability s, DispersionTerrain terrain, double x_m);

// Exponent of the power-law wind profile u(z) = u_ref (z / z_ref)^p (US EPA
// ISC3 user's guide, vol. II, table 1-2: rural and urban by class).
double wind_profile_exponent(Stability s, DispersionTerrain terrain);
double wind_at_height(double u_ref_mps, double z_ref_m, double z_m, double exponent);

// The vertical factor of a Gaussian source at height h_m seen at height z_m,
// with reflection at the ground and at the top of the mixing layer (image
// sources at 2nL +- h, summed until their terms are negligible; mixing
// height <= 0 or infinite: ground only). Returns
//   sum_n [exp(-(z - h + 2nL)^2 / 2 sz^2) + exp(-(z + h + 2nL)^2 / 2 sz^2)].
// Once sz exceeds 1.6 L the gas is mixed evenly: sqrt(2 pi) sz / L.
double vertical_factor(double z_m, double h_m, double mixing_height_m, double sz_m);

// Steady Gaussian plume of a continuous release of q_kg_s at height h_m in
// wind u_mps: C = q / (2 pi u sy sz) exp(-y^2 / 2 sy^2) vertical_factor.
// x_m along the wind from the source, y_m across; 0 at x_m <= 0. u_mps must
// be > 0: the caller floors calm winds (the puff train floors at
// PuffTrainOptions::min_wind_mps).
double plume_concentration(double q_kg_s, double u_mps, double h_m, double mixing_height_m, Stability s,
                           DispersionTerrain terrain, double x_m, double y_m, double z_m);
// The same plume with the spreads given at the receptor's distance (a
// textbook's sigmas, or another set of coefficients).
double plume_concentration(double q_kg_s, double u_mps, double h_m, double mixing_height_m, Sigmas sigmas, double y_m,
                           double z_m);

// One Gaussian puff of mass m_kg whose centre lies dx_m, dy_m (horizontal)
// from the receptor, spread by `sigmas` (sx = sy):
//   C = m / ((2 pi)^1.5 sy^2 sz) exp(-(dx^2 + dy^2) / 2 sy^2) vertical_factor.
double puff_concentration(double m_kg, double dx_m, double dy_m, double z_m, double h_m, double mixing_height_m,
                          Sigmas sigmas);

// ---------------------------------------------------------------- puff train

// The weather over time: from times_s[i] until the next, the wind at the
// reference height blows at speed_mps[i] from from_deg[i] (degrees clockwise
// from north: 270 is a west wind, blowing towards the east) in stability
// class stability[i]. Held after the last sample; times increase strictly.
struct WeatherSeries {
  std::vector<double> times_s;
  std::vector<double> speed_mps;
  std::vector<double> from_deg;
  std::vector<Stability> stability;
  double reference_height_m = 10.0;
  double mixing_height_m = 1000.0;  // <= 0: no lid
};

// What is released over time at one point: a piecewise-constant rate
// (rate_kg_s[i] from rate_times_s[i] to rate_times_s[i + 1]; zero before the
// first time and after the last, whose rate must be 0) and instantaneous
// masses (mass_kg[i] at mass_times_s[i]).
struct ReleaseSeries {
  std::vector<double> rate_times_s;
  std::vector<double> rate_kg_s;
  std::vector<double> mass_times_s;
  std::vector<double> mass_kg;
  double total_kg() const;
};

// A place where concentration is wanted, in the same metric plane as the
// source (x east, y north), with the coefficient set of the ground there.
struct Receptor {
  double x_m = 0.0;
  double y_m = 0.0;
  DispersionTerrain terrain = DispersionTerrain::rural;
};

struct PuffTrainOptions {
  double source_x_m = 0.0, source_y_m = 0.0;
  double release_height_m = 0.0;
  double receptor_height_m = 0.0;  // breathing height; 0: ground level
  double puff_interval_s = 10.0;   // a continuous release leaves as one puff per interval (mass = rate x interval)
  double advection_step_s = 10.0;  // puffs move with the wind at their height, this step at most
  // A puff adds to receptors within this many sy of its centre only (the
  // culling rule; the numpy reference in tests/python applies the same).
  double cutoff_sigmas = 5.0;
  double min_travel_m = 1.0;  // a puff's spread is taken at no less than this travel distance
  // Puffs move at no less than this speed at their height (calm: the power
  // law and a calm sample would otherwise leave them on the source).
  double min_wind_mps = 0.5;
  // false: every puff is tried against every receptor, with the same cutoff
  // rule (for checks of the culling; same result, slower).
  bool cull_with_grid = true;
  // false: the portable receptor loop (std::exp) even where the processor
  // has AVX2 (four receptors at a time); the two agree to a few ulp.
  bool vectorise = true;
  std::function<void(std::size_t done, std::size_t total)> on_progress;  // output times done
};

// Concentrations at receptors over time: c_kg_m3[t * receptors + r].
struct ConcentrationSeries {
  std::vector<double> times_s;
  std::size_t receptors = 0;
  std::vector<double> c_kg_m3;
  double at(std::size_t t, std::size_t r) const { return c_kg_m3[t * receptors + r]; }
};

// The puff train (docs/models.md): puffs leave the source every
// puff_interval_s carrying what was released meanwhile (instantaneous masses
// as puffs of their own), move with the wind at release height (power law
// from the reference height, by the puff's class and terrain rural), and
// spread with the Briggs coefficients of each receptor's terrain at the
// distance the puff has travelled. Concentration at each output time is the
// sum over puffs within cutoff_sigmas sy of the receptor.
// In detail:
// - the continuous release is cut into intervals of puff_interval_s from its
//   first rate time; each puff carries the interval's mass and leaves at the
//   interval's mass-weighted mean time (its middle under a steady rate);
// - the wind at the puff's height is taken at max(release height, reference
//   height) (no extrapolation below the anemometer, as ISC3 and SCREEN3) and
//   not below min_wind_mps; the weather is uniform and piecewise constant, so
//   the path is integrated exactly piece by piece, which is what any step no
//   longer than advection_step_s breaking at the samples gives; before the
//   first sample the first holds;
// - the spread is Briggs's at max(travel, min_travel_m) for the class in
//   force at the output time (a change of class changes every puff's spread
//   at once; no virtual distance);
// - receptors are bucketed once per terrain set in a uniform grid; a puff
//   visits the buckets within cutoff_sigmas sy (that set's sy) of its centre
//   and adds to each receptor with d^2 <= (cutoff_sigmas sy)^2;
// - on processors with AVX2 the exponentials are computed four at a time
//   (within a few ulp of std::exp; vectorise = false keeps to std::exp).
// Throws InputError (file "puff_train", the key named) on inputs out of
// order or out of range. Time grows with the (puff, receptor) pairs within
// reach; memory is the result (times x receptors doubles) and O(receptors +
// puffs) besides.
ConcentrationSeries puff_train(const ReleaseSeries& release, const WeatherSeries& weather,
                               std::span<const Receptor> receptors, std::span<const double> output_times_s,
                               const PuffTrainOptions& options);

}  // namespace dsim
