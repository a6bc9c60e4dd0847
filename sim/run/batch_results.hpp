// SPDX-License-Identifier: MIT
#pragma once

// The results file of a batch (docs/output-format.md, "Sweeps and
// comparisons"): a tidy table `runs`, one row per design point and
// replication, one column per parameter and indicator; the `design` and the
// `work_units` it holds; and, as root attributes, what makes two files parts
// of the same batch: the content hash, the version, the seed, the
// replications and the block. Read back to resume a batch or merge shards.

#include "sim/io/results_file.hpp"
#include "sim/run/batch_runner.hpp"

#include <string>
#include <vector>

namespace dsim {

// A batch as its results file records it: everything of the plan but the patches.
struct BatchHeader {
  BatchKind kind = BatchKind::sweep;
  std::string plan_path, plan_text, base_path, base_text;
  std::string content_hash;
  std::string dsim_version;
  std::vector<std::string> point_names, point_descriptions;
  std::vector<std::string> parameter_names, parameter_units;
  std::vector<std::vector<double>> parameter_values;  // [point][parameter]
  std::uint64_t seed = 1;
  std::size_t replications = 0;
  std::size_t block = 0;

  std::size_t points() const { return point_names.size(); }
};

BatchHeader batch_header(const BatchPlan& plan);

// Every indicator any of the units has, in order of first appearance (points
// may differ in them: an escalation step one plan lacks).
std::vector<Indicator> indicator_union(const std::vector<UnitResult>& units);

// Every work unit of a batch so described (work_units of its plan).
std::vector<WorkUnit> batch_units(const BatchHeader& header);

// The results file of the units run so far (any order; written sorted by unit,
// rows by point and replication). `complete` is said in the root attribute
// `complete` (every unit of the batch present); `shard` ("I/N" or empty) too.
ResultsFile batch_results(const BatchHeader& header, std::vector<UnitResult> units, const std::string& shard,
                          const std::string& command_line);

// A batch results file read back. Throws InputError naming `path` when the
// file is not a batch results file or its tables disagree with each other.
struct BatchFile {
  BatchHeader header;
  std::vector<UnitResult> units;  // in unit order
};
BatchFile read_batch_file(const ResultsFile& file, const std::string& path);

// Why two batch files cannot be parts of one batch (different scenario or
// plan, version, seed, replications or block), or empty when they can.
std::string batch_mismatch(const BatchHeader& a, const BatchHeader& b);

}  // namespace dsim
