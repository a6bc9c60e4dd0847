// SPDX-License-Identifier: MIT
// The UK Environment Agency 2D benchmark Test 4 at 5 m (the tests run it at
// 10 m): reads the LISFLOOD-FP deck under $DSIM_SHARED_DATA, generates the
// flat floodplain, writes the gauge depth series (ea4-5m.stage, or the path
// given) and prints arrival times and peak depths beside the references.
//   flood_ea4 [cell_size_m [output.stage]]
#include "sim/core/error.hpp"
#include "sim/hazards/gauge_series.hpp"
#include "sim/hazards/lisflood_deck.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

int main(int argc, char** argv) {
  const char* root = std::getenv("DSIM_SHARED_DATA");
  if (root == nullptr) {
    std::fprintf(stderr, "flood_ea4: set DSIM_SHARED_DATA to the shared data folder\n");
    return 2;
  }
  const double cell_m = argc > 1 ? std::atof(argv[1]) : 5.0;
  const std::string out = argc > 2 ? argv[2] : "ea4-" + std::to_string(static_cast<int>(cell_m)) + "m.stage";
  // Third argument: the solver's precision, double (default) or single.
  const bool single = argc > 3 && std::string(argv[3]) == "single";
  try {
    const auto par = std::filesystem::path(root) / "flood/ea_test4_lisflood8/ea4.par";
    const dsim::LisfloodDeck deck = dsim::read_lisflood_deck(par, cell_m);
    dsim::Grid dem;
    dem.geometry.cols = static_cast<std::size_t>(1000.0 / cell_m);
    dem.geometry.rows = static_cast<std::size_t>(2000.0 / cell_m);
    dem.geometry.cell_size = cell_m;
    dem.values = dem.geometry.filled(0.0);
    dsim::FloodSetup setup = deck.make_setup(dem);
    if (single) setup.parameters.precision = dsim::FloodPrecision::single_precision;
    dsim::FloodModel model(setup);
    const auto t0 = std::chrono::steady_clock::now();
    const dsim::GaugeSeries g = dsim::run_with_gauges(model, deck.gauges, deck.sim_time_s, 60.0);
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    dsim::write_stage_table(out, g.gauges, g.times_s, g.depths_m);
    // Shaw et al. (2021) LISFLOOD-FP 8.0: DG2 at 5 m (arrival), ACC at 1 m (peak).
    const std::array<double, 6> ref_arrival{613.0, 982.0, 1823.0, 2730.0, 3689.0, 3973.0};
    const std::array<double, 6> ref_peak{0.3293, 0.2771, 0.2288, 0.2010, 0.1805, 0.1761};
    std::printf("EA Test 4 at %g m, %s precision: %llu steps in %.1f s; series in %s\n", cell_m,
                single ? "single" : "double",                static_cast<unsigned long long>(model.steps_taken()), wall_s, out.c_str());
    std::printf("gauge  arrival_s  reference  diff_s   peak_m  reference  diff_%%\n");
    for (std::size_t i = 0; i < g.gauges.size() && i < 6; ++i)
      std::printf("%5zu  %9.0f  %9.0f  %6.0f   %.4f   %.4f  %6.2f\n", i + 1, g.arrival_time_s[i], ref_arrival[i],
                  g.arrival_time_s[i] - ref_arrival[i], g.peak_depth_m[i], ref_peak[i],
                  100.0 * (g.peak_depth_m[i] - ref_peak[i]) / ref_peak[i]);
    const dsim::MassBalance b = model.mass_balance();
    std::printf("volume in %.1f m3, out %.1f m3, stored %.1f m3, relative error %.2e\n", b.total_in_m3(),
                b.boundary_out_m3, b.stored_volume_m3, b.relative_error());
  } catch (const dsim::InputError& e) {
    std::fprintf(stderr, "flood_ea4: %s\n", e.what());
    return 2;
  }
  return 0;
}
