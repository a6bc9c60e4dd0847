// SPDX-License-Identifier: MIT
#include "sim/hazards/lisflood_deck.hpp"

#include "sim/core/error.hpp"
#include "sim/hazards/gauge_series.hpp"
#include "tests/cpp/support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>

using namespace dsim;

namespace {

std::filesystem::path write_deck_file(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "dsim_lisflood_deck_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

// The UK Environment Agency Test 4 floodplain: flat, z = 0, x 0..1000 m,
// y 0..2000 m (the deck's DEM is not shipped: it is generated).
Grid ea4_floodplain(double cell_m) {
  Grid g;
  g.geometry.cols = static_cast<std::size_t>(1000.0 / cell_m);
  g.geometry.rows = static_cast<std::size_t>(2000.0 / cell_m);
  g.geometry.cell_size = cell_m;
  g.values = g.geometry.filled(0.0);
  return g;
}

}  // namespace

TEST_CASE("A LISFLOOD-FP deck reads its parameters, boundaries, series and gauges", "[hazards][lisflood]") {
  write_deck_file("t.bdy", "# series\ninflow\n3 hours\n0 0\n2 1\n2 2\nlevel\n2 seconds\n1.5 0\n2.5 100\n");
  write_deck_file("t.bci", "W 990 1010 QVAR inflow\nE 0 2000 FREE\nN 0 1000 FREE 0.002\nS 0 500 HVAR level\n"
                           "S 500 1000 HFIX 3.0\nP 55 60 QFIX 0.5\n");
  write_deck_file("t.stage", "2\n50 1000\n300 1300\n");
  write_deck_file("t.rain", "# rain\n2 minutes\n10 0\n0 30\n");
  const auto par = write_deck_file("t.par",
                                   "DEMfile t.dem\nbcifile t.bci\nbdyfile t.bdy\nstagefile t.stage\nrainfall t.rain\n"
                                   "sim_time 18000.0\ninitial_tstep 5.0\nfpfric 0.05\ntheta 0.8\nelevoff\n");
  const LisfloodDeck deck = read_lisflood_deck(par, 5.0);
  REQUIRE(deck.sim_time_s == 18000.0);
  REQUIRE(deck.initial_time_step_s == 5.0);
  REQUIRE(*deck.manning_n == 0.05);
  REQUIRE(*deck.theta == 0.8);
  REQUIRE(deck.other.count("elevoff") == 1);
  REQUIRE(deck.boundaries.size() == 5);
  const BoundarySegment& w = deck.boundaries[0];
  REQUIRE(w.edge == GridEdge::west);
  REQUIRE(w.kind == BoundaryKind::inflow);
  REQUIRE(w.from == 990.0);
  REQUIRE(w.series.at(5400.0) == Approx(2.0));  // hours converted to seconds
  REQUIRE(deck.boundaries[1].kind == BoundaryKind::free);
  REQUIRE(std::isnan(deck.boundaries[1].free_slope));
  REQUIRE(deck.boundaries[2].free_slope == 0.002);
  REQUIRE(deck.boundaries[3].kind == BoundaryKind::fixed_level);
  REQUIRE(deck.boundaries[3].series.at(50.0) == Approx(2.0));
  REQUIRE(deck.boundaries[4].series.at(1e6) == 3.0);
  REQUIRE(deck.point_inflows.size() == 1);
  REQUIRE(deck.point_inflows[0].discharge_m3_s.at(0.0) == Approx(2.5));  // 0.5 m^2/s x 5 m
  REQUIRE(deck.gauges.size() == 2);
  REQUIRE(deck.gauges[1].y == 1300.0);
  REQUIRE(deck.rain_mm_per_h.at(900.0) == Approx(5.0));
  const FloodSetup setup = deck.make_setup(ea4_floodplain(50.0));
  REQUIRE(setup.parameters.theta == 0.8);
  REQUIRE(setup.parameters.max_time_step_s == 5.0);
}

TEST_CASE("Malformed LISFLOOD-FP decks fail naming the file and line", "[hazards][lisflood]") {
  write_deck_file("bad.bdy", "# series\ninflow\n3 seconds\n0 0\n1 100\n2 50\n");
  write_deck_file("ok.bdy", "# series\ninflow\n2 seconds\n0 0\n1 100\n");
  write_deck_file("bad_type.bci", "W 0 10 QFOO 1\n");
  write_deck_file("bad_name.bci", "W 0 10 QVAR nothing\n");
  write_deck_file("ok.bci", "W 0 10 QVAR inflow\n");
  auto deck = [&](const std::string& bci, const std::string& bdy) {
    return write_deck_file("x.par", "bcifile " + bci + "\nbdyfile " + bdy + "\nsim_time 10\n");
  };
  REQUIRE_THROWS_WITH(read_lisflood_deck(deck("ok.bci", "bad.bdy"), 1.0),
                      Catch::Contains("bad.bdy:6") && Catch::Contains("increasing"));
  REQUIRE_THROWS_WITH(read_lisflood_deck(deck("bad_type.bci", "ok.bdy"), 1.0),
                      Catch::Contains("bad_type.bci:1") && Catch::Contains("QFOO"));
  REQUIRE_THROWS_WITH(read_lisflood_deck(deck("bad_name.bci", "ok.bdy"), 1.0),
                      Catch::Contains("bad_name.bci:1") && Catch::Contains("nothing"));
  REQUIRE_THROWS_WITH(read_lisflood_deck(write_deck_file("y.par", "fpfric 0.03\n"), 1.0), Catch::Contains("sim_time"));
  REQUIRE_THROWS_WITH(read_lisflood_deck(write_deck_file("z.par", "sim_time ten\n"), 1.0),
                      Catch::Contains("z.par:1") && Catch::Contains("'ten'"));
}

// Reference: LISFLOOD-FP 8.0 runs of the same deck (Shaw et al. 2021, GMD
// 14, 3577; reproducibility package doi:10.5281/zenodo.4066824): the
// second-order DG2 shallow-water solver on the 5 m grid for arrival times
// (depth first above 0.01 m, interpolated in its 60 s output) and the
// local-inertial ACC solver on a 1 m grid for peak depths. Tolerances and
// the 5 m comparison are in docs/models.md.
TEST_CASE("EA benchmark Test 4 at 10 m matches published arrival times and peak depths", "[hazards][lisflood][shared]") {
  auto par = dsim::testing::shared_data_file("flood/ea_test4_lisflood8/ea4.par");
  if (!par) return;
  for (const char* f : {"ea4.bci", "ea4.bdy", "ea4.stage"})
    REQUIRE(std::filesystem::exists(par->parent_path() / f));
  const double cell_m = 10.0;
  const LisfloodDeck deck = read_lisflood_deck(*par, cell_m);
  REQUIRE(deck.gauges.size() == 6);
  FloodModel model(deck.make_setup(ea4_floodplain(cell_m)));
  const GaugeSeries g = run_with_gauges(model, deck.gauges, deck.sim_time_s, 60.0);

  const std::array<double, 6> ref_arrival_s{613.0, 982.0, 1823.0, 2730.0, 3689.0, 3973.0};
  const std::array<double, 6> ref_peak_m{0.3293, 0.2771, 0.2288, 0.2010, 0.1805, 0.1761};
  for (std::size_t i = 0; i < 6; ++i) {
    INFO("gauge " << i + 1 << ": arrival " << g.arrival_time_s[i] << " s (reference " << ref_arrival_s[i]
                  << "), peak " << g.peak_depth_m[i] << " m (reference " << ref_peak_m[i] << ")");
    REQUIRE(std::abs(g.arrival_time_s[i] - ref_arrival_s[i]) < 180.0);
    REQUIRE(std::abs(g.peak_depth_m[i] - ref_peak_m[i]) < 0.03 * ref_peak_m[i]);
    // The peak comes at the end of the inflow's plateau, after 14,400 s.
    REQUIRE(g.peak_time_s[i] > 14400.0);
    REQUIRE(g.peak_time_s[i] < 15500.0);
  }
  // The front reaches the gauges in order of distance from the inlet.
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(g.arrival_time_s[i] > g.arrival_time_s[i - 1]);
  REQUIRE(g.arrival_time_s[5] > g.arrival_time_s[4]);
  // 285,000 m^3 came in (20 m x the hydrograph's integral); none was lost.
  const MassBalance b = model.mass_balance();
  REQUIRE(b.inflow_volume_m3 == Approx(285000.0).epsilon(1e-6));
  REQUIRE(std::abs(b.relative_error()) < 1e-9);
  // The series table writes.
  const auto out = std::filesystem::temp_directory_path() / "dsim_ea4_10m.stage";
  write_stage_table(out, g.gauges, g.times_s, g.depths_m);
  REQUIRE(std::filesystem::file_size(out) > 1000);
  std::filesystem::remove(out);
}
