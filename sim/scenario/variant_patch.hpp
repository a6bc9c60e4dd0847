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
// sets do: the text reads as a scenario file placed in that folder. A
// `variants:` key of the base (its own variants) is dropped.
// Paths: dotted keys of maps; a list entry by its `id` (or its `name` when it
// has no id) or by `[k]` (0-based); `*` and `?` match any key or id. A key
// that a map lacks is created when it is the path's last part; a missing
// intermediate key, an id or index not in the list, and a wildcard that
// matches nothing are errors. Throws ScenarioError with every problem of the
// variant, located in the variants file, with the base's key path that was
// not found and the nearest name that exists there.
// Removing a station (a `stations` entry) removes the teams whose `station`
// it is, unless a later change of the variant puts the station back or moves
// the team; read_variant_scenario and check_variants say so in a warning.
std::string apply_variant(const std::string& base_text, const std::string& base_path, const Variant& variant,
                          const std::string& variants_path);

// The scenario a variant makes of the base, read and checked as a scenario
// file placed beside the variants file (its relative paths start there).
// Throws ScenarioError for a problem of the patch or of the scenario it
// makes, never naming the patched text: a problem at or under a path the
// variant set points at that change in the variants file (its PatchOp
// position, the variant and the key in the message); any other at the base
// scenario's file and line, or at the variant's entry when the base does not
// say where. `warnings`, when given, receives the warnings of the scenario
// (located the same way) and the patch's own notes ("variant 'x': removing
// station s also removes teams a, b"), located at the change that caused them.
Scenario read_variant_scenario(const std::string& base_text, const std::string& base_path, const Variant& variant,
                               const std::string& variants_path, std::vector<ScenarioProblem>* warnings = nullptr);

// Every problem of every variant against the base, without throwing: for a
// command that checks a whole variants file before it runs anything. For
// each variant: the problems of its patch, or else those of the scenario it
// makes, errors and warnings, located as read_variant_scenario locates them.
std::vector<ScenarioProblem> check_variants(const std::string& base_text, const std::string& base_path,
                                            const VariantSet& set);

// The variants a scenario file carries in its own `variants:` section (the
// same list as a variants file's); the base is the scenario itself
// (base_path and source are scenario_path), applied without that section.
// Throws ScenarioError (file:line:column) for a section that is wrong or
// missing, InputError when the file cannot be read.
VariantSet read_scenario_variants(const std::string& scenario_path);

}  // namespace dsim
