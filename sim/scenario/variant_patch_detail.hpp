// SPDX-License-Identifier: MIT
#pragma once

// Inside the variants code: a variant applied to the base's YAML tree, with
// what is needed to say where each part of the result came from, so that a
// problem of the patched scenario points at the change that made it or at
// the base's own text.

#include "sim/scenario/variant_patch.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dsim::detail {

struct PatchedTree {
  YAML::Node root;  // the patched scenario, without a `variants` key
  // Each value a change placed (one per place a wildcard reached), with the
  // change's index in Variant::ops.
  std::vector<std::pair<YAML::Node, std::size_t>> set_values;
  // A node of the base, by its mark (0-based line, column) in the text the tree was loaded from -> its key path.
  std::map<std::pair<int, int>, std::string> base_paths;
  // Lists rebuilt without removed entries, with the mark of the list they replace.
  std::vector<std::pair<YAML::Node, YAML::Mark>> rebuilt_lists;
  // Warnings: what a change did beyond its own path (teams removed with their station).
  std::vector<ScenarioProblem> notes;
};

// The base with the variant applied (as apply_variant). Throws ScenarioError
// with every problem of the patch.
PatchedTree patch_tree(const std::string& base_text, const std::string& base_path, const Variant& variant,
                       const std::string& variants_path);

// The patched tree as scenario text.
std::string emit_patched(const PatchedTree& tree, const Variant& variant, const std::string& variants_path);

// The id of a list entry: its `id`, or its `name` when it has no id; empty when neither.
std::string variant_entry_label(const YAML::Node& entry);

// A scenario's text as read from a file; InputError when it cannot be read.
std::string read_variants_source(const std::string& path, const std::string& what);

// The `variants:` section of a scenario's text, read as a variants file's
// list, with the scenario as its base. Throws ScenarioError.
VariantSet read_variants_section(const std::string& text, const std::string& scenario_path);

}  // namespace dsim::detail
