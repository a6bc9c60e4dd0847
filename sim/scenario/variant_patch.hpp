// SPDX-License-Identifier: MIT
#pragma once

// Plans as patches: a variants file (docs/scenario-format.md, "Variants")
// names a base scenario and a list of variants, each a set of changes to the
// base by key path. A variant applied to the base's text gives the text of a
// whole scenario, which the ordinary scenario reader then reads, so a variant
// runs exactly as a scenario written out by hand would. The input of
// `dsim compare` and `dsim sweep`.

#include "sim/response/scenario.hpp"
#include "sim/scenario/scenario_problem.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <string>
#include <vector>

namespace dsim {

// One change: the value at `path` replaced (or created, see apply_variant),
// or removed when the variants file gives `null` there.
struct PatchOp {
  std::string path;        // as written: "teams.township_*.turnout", "teams[3].size"
  bool remove = false;     // `null`: remove the key or the list entry
  std::string value_yaml;  // the new value as YAML text (any YAML); empty when removing
  SourcePosition position;  // where the path is written in the variants file
};

struct Variant {
  std::string name;
  std::string description;
  std::vector<PatchOp> ops;  // applied in the order written
  SourcePosition position;   // where the variant's entry starts
};

// A variants file as read: its base scenario and its variants.
struct VariantSet {
  std::string source;           // the variants file's path, or the name given to its text
  std::string base_path;        // the base scenario, resolved against the variants file's folder; empty: none given
  SourcePosition base_position;  // where `base` is written
  std::vector<Variant> variants;
};

// Reads a variants file. Throws ScenarioError (an InputError, exit status 2)
// listing every problem with its file:line:column: not YAML, unknown keys, a
// variant without a name, two variants of one name, a `set` that is not a
// map, a path that cannot be parsed, a `base` file that does not exist; or
// InputError when the file cannot be read.
VariantSet read_variants_file(const std::string& path);

// As read_variants_file for text in memory; `source_name` names it in
// messages and its folder is where a relative `base` starts from (the base
// file's existence is not checked).
VariantSet read_variants_text(const std::string& text, const std::string& source_name);

// The base scenario's text with the variant applied, as YAML (comments are
// not kept). The base's relative file paths (scenario_file_keys) are
// rewritten to start from the variants file's folder, as the paths a variant
// sets do: the text reads as a scenario file placed in that folder.
// Paths: dotted keys of maps; a list entry by its `id` (or its `name` when it
// has no id) or by `[k]` (0-based); `*` and `?` match any key or id. A key
// that a map lacks is created when it is the path's last part; a missing
// intermediate key, an id or index not in the list, and a wildcard that
// matches nothing are errors. Throws ScenarioError with every problem of the
// variant, located in the variants file, with the base's key path that was
// not found and the nearest name that exists there.
std::string apply_variant(const std::string& base_text, const std::string& base_path, const Variant& variant,
                          const std::string& variants_path);

// The scenario a variant makes of the base, read and checked as a scenario
// file placed beside the variants file (its relative paths start there).
// Throws ScenarioError for a problem of the patch (located in the variants
// file) or of the scenario it makes.
Scenario read_variant_scenario(const std::string& base_text, const std::string& base_path, const Variant& variant,
                               const std::string& variants_path);

// Every problem of every variant against the base, without throwing: for a
// command that checks a whole variants file before it runs anything.
std::vector<ScenarioProblem> check_variants(const std::string& base_text, const std::string& base_path,
                                            const VariantSet& set);

}  // namespace dsim
