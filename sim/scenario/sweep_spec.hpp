// SPDX-License-Identifier: MIT
#pragma once

// A sweep file (docs/scenario-format.md, "Sweeps"): a base scenario and
// parameters, each setting one or more key paths of the base, over a grid of
// values or a Latin hypercube of ranges. Each design point is a variant of
// the base (variant_patch.hpp), so a point runs exactly as the scenario it
// stands for. The input of `dsim sweep` and `ds.sweep`.

#include "sim/response/scenario.hpp"
#include "sim/scenario/variant_patch.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

struct SweepParameter {
  std::string name;                // a column of the results
  std::vector<std::string> paths;  // key paths into the base it sets
  std::vector<double> values;      // grid: its values, in order
  double low = 0.0, high = 0.0;    // lhs: its range
  bool integer = false;            // lhs: rounded to whole numbers
  std::string unit;                // written after the number in the scenario ("s": "30 s"); empty: the number alone
  SourcePosition position;         // where the parameter is named
  std::vector<SourcePosition> path_positions;  // where each path is written
};

enum class SweepDesign { grid, latin_hypercube };

struct SweepSpec {
  std::string source;  // the sweep file, or the name given to its text
  std::string base_path;  // resolved against the sweep file's folder
  SourcePosition base_position;
  SweepDesign design = SweepDesign::grid;
  std::size_t points = 0;  // lhs: how many design points
  std::optional<std::size_t> replications;  // per design point; unset: the base's
  std::optional<std::uint64_t> seed;        // unset: the base's
  std::optional<std::size_t> block;         // replications per work unit; unset: the default
  std::vector<SweepParameter> parameters;
};

// Reads a sweep file. Throws ScenarioError listing every problem with
// file:line:column (not YAML, unknown keys, a parameter without paths, a grid
// parameter without values, an lhs one without a range, a base that does not
// exist), or InputError when the file cannot be read.
SweepSpec read_sweep_file(const std::string& path);
// The same for text in memory; a relative base starts from `source_name`'s folder.
SweepSpec read_sweep_text(const std::string& text, const std::string& source_name);

// One design point: the parameters' values and the variant that sets them.
struct SweepPoint {
  std::vector<double> values;  // parallel to SweepSpec::parameters
  Variant variant;             // named p0, p1, ...
};

// The design points: every combination of the grid's values (the first
// parameter varying slowest), or a Latin hypercube of `points` points over the
// ranges: each range cut into `points` equal strata, one point in each stratum
// of each parameter, the strata paired at random (McKay, Beckman and Conover
// 1979), drawn from the stream "sweep.lhs" of `seed`: the same seed, the same design.
std::vector<SweepPoint> sweep_points(const SweepSpec& spec, std::uint64_t seed);

}  // namespace dsim
