// SPDX-License-Identifier: MIT
#include "sim/run/batch_plan.hpp"

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"
#include "sim/hazards/text_input.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <cstdio>
#include <map>
#include <set>

namespace dsim {

namespace {

std::string hash_hex(BatchKind kind, const std::string& base_text, const std::string& plan_text) {
  // Lengths between the parts, so that moving text from one to the other changes the hash.
  const std::string all = std::string(batch_kind_name(kind)) + '\0' + std::to_string(base_text.size()) + '\0' +
                          base_text + '\0' + plan_text;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(stream_name_hash(all)));
  return out;
}

// The points whose scenarios are read before anything runs: every variant of
// a comparison; in a sweep, whose points differ only in their values, the
// first point with each value of each parameter and the points at each
// parameter's lowest and highest value, so that a value the scenario refuses
// is found at once without reading every point of a large design.
std::vector<Variant> checked_points(const BatchPlan& plan) {
  if (plan.kind == BatchKind::compare) return plan.points;
  std::set<std::size_t> chosen;
  for (std::size_t j = 0; j < plan.parameter_names.size(); ++j) {
    std::map<double, std::size_t> first_with;
    for (std::size_t p = 0; p < plan.points.size(); ++p) first_with.emplace(plan.parameter_values[p][j], p);
    if (first_with.size() <= 64) {
      for (const auto& [value, p] : first_with) chosen.insert(p);
    } else {
      chosen.insert(first_with.begin()->second);
      chosen.insert(first_with.rbegin()->second);
    }
  }
  if (!plan.points.empty()) chosen.insert(0);
  std::vector<Variant> out;
  for (std::size_t p : chosen) out.push_back(plan.points[p]);
  return out;
}

// The base read and checked, for its seed and replications; the patches checked against it (checked_points).
void finish_plan(BatchPlan& plan, const Scenario& base, std::optional<std::size_t> replications,
                 std::optional<std::uint64_t> seed,
                 std::optional<std::size_t> block, const BatchOverrides& overrides) {
  plan.replications = overrides.replications > 0 ? overrides.replications
                      : replications            ? *replications
                                                : static_cast<std::size_t>(base.replications);
  plan.seed = overrides.seed >= 0 ? static_cast<std::uint64_t>(overrides.seed) : seed ? *seed : base.seed;
  plan.block = overrides.block > 0 ? overrides.block : block ? *block : kDefaultBlock;
  VariantSet set;
  set.source = plan.plan_path;
  set.base_path = plan.base_path;
  set.variants = checked_points(plan);
  std::vector<ScenarioProblem> problems;
  if (overrides.check) problems = check_variants(plan.base_text, plan.base_path, set);
  std::erase_if(problems, [](const ScenarioProblem& p) { return !p.is_error(); });
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  plan.content_hash = hash_hex(plan.kind, plan.base_text, plan.plan_text);
}

}  // namespace

const char* batch_kind_name(BatchKind kind) { return kind == BatchKind::sweep ? "sweep" : "compare"; }

BatchPlan sweep_plan(const std::string& sweep_path, const BatchOverrides& overrides) {
  const SweepSpec spec = read_sweep_file(sweep_path);
  BatchPlan plan;
  plan.kind = BatchKind::sweep;
  plan.plan_path = sweep_path;
  plan.plan_text = detail::read_text_file(sweep_path);
  plan.base_path = spec.base_path;
  plan.base_text = detail::read_text_file(spec.base_path);
  for (const SweepParameter& p : spec.parameters) {
    plan.parameter_names.push_back(p.name);
    plan.parameter_units.push_back(p.unit);
  }
  const Scenario base = read_scenario_text_as(plan.base_text, plan.base_path).checked();
  // The design's seed is the batch's: the base's when the sweep gives none.
  std::uint64_t seed = 0;
  if (overrides.seed >= 0) seed = static_cast<std::uint64_t>(overrides.seed);
  else if (spec.seed) seed = *spec.seed;
  else seed = base.seed;
  for (SweepPoint& point : sweep_points(spec, seed)) {
    plan.points.push_back(std::move(point.variant));
    plan.parameter_values.push_back(std::move(point.values));
  }
  finish_plan(plan, base, spec.replications, seed, spec.block, overrides);
  return plan;
}

BatchPlan compare_plan(const std::string& base_path, const std::string& variants_path,
                       const BatchOverrides& overrides) {
  BatchPlan plan;
  plan.kind = BatchKind::compare;
  plan.base_path = base_path;
  plan.base_text = detail::read_text_file(base_path);
  // Without a variants file, the base's own `variants:` section.
  plan.plan_path = variants_path.empty() ? base_path : variants_path;
  plan.plan_text = variants_path.empty() ? plan.base_text : detail::read_text_file(variants_path);
  const VariantSet set = variants_path.empty() ? read_scenario_variants(base_path) : read_variants_file(variants_path);
  Variant base;
  base.name = "base";
  base.description = "the base scenario as written";
  plan.points.push_back(base);
  for (const Variant& v : set.variants) {
    if (v.name == "base")
      throw InputError(plan.plan_path, v.position.line, "variants.name", "a variant name other than 'base'",
                       "'base', the name of the base scenario in the results");
    plan.points.push_back(v);
  }
  plan.parameter_values.assign(plan.points.size(), {});
  finish_plan(plan, read_scenario_text_as(plan.base_text, base_path).checked(), std::nullopt, std::nullopt, std::nullopt, overrides);
  return plan;
}

std::vector<WorkUnit> work_units(const BatchPlan& plan) {
  std::vector<WorkUnit> out;
  const std::size_t block = std::max<std::size_t>(plan.block, 1);
  for (std::size_t p = 0; p < plan.points.size(); ++p)
    for (std::size_t first = 0; first < plan.replications; first += block)
      out.push_back({out.size(), p, first, std::min(block, plan.replications - first)});
  return out;
}

std::vector<WorkUnit> shard_units(const std::vector<WorkUnit>& units, std::size_t shard, std::size_t shards) {
  std::vector<WorkUnit> out;
  for (const WorkUnit& u : units)
    if (shards > 0 && u.index % shards == shard - 1) out.push_back(u);
  return out;
}

void parse_shard(const std::string& text, const std::string& option, std::size_t& shard, std::size_t& shards) {
  const std::size_t slash = text.find('/');
  const auto whole = [](const std::string& s) {
    return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  const std::string i = slash == std::string::npos ? std::string() : text.substr(0, slash);
  const std::string n = slash == std::string::npos ? std::string() : text.substr(slash + 1);
  if (!whole(i) || !whole(n) || std::stoul(i) < 1 || std::stoul(i) > std::stoul(n))
    throw InputError("", 0, option, "I/N with 1 <= I <= N, e.g. 3/8 (Slurm: $((SLURM_ARRAY_TASK_ID+1))/N)",
                     "'" + text + "'");
  shard = std::stoul(i);
  shards = std::stoul(n);
}

Scenario point_scenario(const BatchPlan& plan, std::size_t point) {
  Scenario s = read_variant_scenario(plan.base_text, plan.base_path, plan.points.at(point), plan.plan_path);
  s.seed = plan.seed;
  s.replications = static_cast<int>(plan.replications);
  return s;
}

}  // namespace dsim
