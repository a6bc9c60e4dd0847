// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/flood.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// A LISFLOOD-FP input deck: the .par file and the files it names (.bci
// boundaries, .bdy time series, .stage gauges, .rain rainfall). Keys read
// from .par: DEMfile, bcifile, bdyfile, stagefile, rainfile, resroot,
// sim_time, initial_tstep, saveint, massint, fpfric, theta, cfl,
// depththresh; other keys are kept in `other` and ignored. Paths are
// relative to the .par file's folder.
struct LisfloodDeck {
  std::filesystem::path par_file;
  std::filesystem::path dem_file;           // may not exist (e.g. a generated DEM)
  std::string result_root;
  double sim_time_s = 0.0;
  double initial_time_step_s = 10.0;
  double save_interval_s = 0.0;
  double mass_interval_s = 0.0;
  std::optional<double> manning_n;          // fpfric
  std::optional<double> theta;
  std::optional<double> alpha;              // cfl
  std::optional<double> depth_threshold_m;  // depththresh
  std::vector<BoundarySegment> boundaries;
  std::vector<PointInflow> point_inflows;   // .bci P lines, as m^3/s (unit discharge x cell size)
  std::vector<GridPoint> gauges;            // .stage points, in file order
  TimeSeries rain_mm_per_h;
  std::map<std::string, std::string> other;  // keys not understood (lower case) -> value

  // A flood setup on `terrain` with this deck's boundaries, inflows, rain,
  // friction and numerical parameters.
  FloodSetup make_setup(Grid terrain) const;
};

// Reads a deck. Point inflows need the cell size to turn unit discharge into
// discharge: `cell_size_m` (the DEM's) is used for that when given, otherwise
// the DEM file is opened to read it. Throws dsim::InputError naming the
// file and line of anything malformed (unknown boundary type, a series name
// missing from the .bdy file, times out of order, a short line).
LisfloodDeck read_lisflood_deck(const std::filesystem::path& par_file,
                                std::optional<double> cell_size_m = std::nullopt);

// Reads the time series of a .bdy file by name (LISFLOOD-FP layout: a
// comment line, then blocks of "name", "count units" with units seconds,
// minutes, hours or days, and count lines "value time"); times in seconds.
std::map<std::string, TimeSeries> read_lisflood_bdy(const std::filesystem::path& path);

// Writes gauge depth series as a LISFLOOD-FP-like .stage table: a header,
// then one line per time with the depth at each gauge. Atomic (temp + rename).
void write_stage_table(const std::filesystem::path& path, const std::vector<GridPoint>& gauges,
                       const std::vector<double>& times_s, const std::vector<std::vector<double>>& depths_m);

}  // namespace dsim
