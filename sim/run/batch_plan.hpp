// SPDX-License-Identifier: MIT
#pragma once

// A batch of plans to run on common random numbers: the design points of a
// sweep, or the base and the variants of a comparison, each run for the same
// replications with the same seed, cut into work units (a design point and a
// block of its replications) that may run in any order, in any process, on
// any machine, and give the same numbers.

#include "sim/scenario/sweep_spec.hpp"
#include "sim/scenario/variant_patch.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dsim {

enum class BatchKind { sweep, compare };
const char* batch_kind_name(BatchKind kind);

struct BatchPlan {
  BatchKind kind = BatchKind::sweep;
  std::string plan_path;  // the sweep or variants file (for compare, the base when it carries its own variants)
  std::string plan_text;
  std::string base_path;  // the base scenario
  std::string base_text;
  std::vector<std::string> parameter_names;  // sweep: one per parameter; compare: none
  std::vector<std::string> parameter_units;
  std::vector<Variant> points;                     // the design points; compare: the base first, named "base"
  std::vector<std::vector<double>> parameter_values;  // [point][parameter]
  std::uint64_t seed = 1;
  std::size_t replications = 0;  // per design point
  std::size_t block = 0;         // replications per work unit
  // FNV-1a 64 of the batch kind, the base's text and the plan's text, in hex:
  // two results files of the same batch have the same hash.
  std::string content_hash;
};

// What a caller may change of a batch: a value that is not set keeps the
// plan file's, then the base scenario's.
struct BatchOverrides {
  std::size_t replications = 0;
  long long seed = -1;
  std::size_t block = 0;
  // false: the patches are not read against the base before anything runs
  // (a worker whose client checked them already); a bad point then fails when it runs.
  bool check = true;
};

// The default replications of a work unit: small enough that units spread
// over workers, large enough that the overhead of a unit stays small.
inline constexpr std::size_t kDefaultBlock = 10;

// A sweep file's batch: its base read and checked (ScenarioError), its design
// points built, every point's patch checked against the base.
BatchPlan sweep_plan(const std::string& sweep_path, const BatchOverrides& overrides = {});

// A comparison's batch: the base scenario and the variants of
// `variants_path`, or, with `variants_path` empty, the base's own
// `variants:` section.
BatchPlan compare_plan(const std::string& base_path, const std::string& variants_path,
                       const BatchOverrides& overrides = {});

// One work unit: a design point and a block of its replications.
struct WorkUnit {
  std::size_t index = 0;  // in work_units order
  std::size_t point = 0;
  std::size_t first_replication = 0;
  std::size_t replications = 0;
  bool operator==(const WorkUnit&) const = default;
};

// Every work unit of the plan, point by point, blocks in replication order.
std::vector<WorkUnit> work_units(const BatchPlan& plan);

// The units of share `shard` (1-based) of `shards`: every shards-th unit,
// starting at unit shard-1, so that each share mixes cheap and dear points.
std::vector<WorkUnit> shard_units(const std::vector<WorkUnit>& units, std::size_t shard, std::size_t shards);

// Parses "I/N" (1 <= I <= N); throws InputError naming `option` otherwise.
void parse_shard(const std::string& text, const std::string& option, std::size_t& shard, std::size_t& shards);

// The scenario of one design point, read and checked (ScenarioError located
// in the plan's file), with the batch's seed.
Scenario point_scenario(const BatchPlan& plan, std::size_t point);

}  // namespace dsim
