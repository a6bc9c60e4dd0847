// SPDX-License-Identifier: MIT
// A variant's scenario, read, with its problems pointed back at what the user
// wrote: a problem under a path the variant set points at that change in the
// variants file; any other at the base scenario's own line (or, when the base
// does not say where, at the variant's entry). The patched text itself is
// never shown.
#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/variant_patch.hpp"
#include "sim/scenario/variant_patch_detail.hpp"

#include <map>
#include <optional>

namespace dsim {

namespace {

using detail::PatchedTree;

// Where one node of the patched scenario came from.
struct Origin {
  std::optional<std::size_t> op;  // the change that set it; empty: the base's
  std::string base_path;          // its key path in the base (when from the base and known)
  std::string label_path;         // its key path with list entries named by id, as a variant names them
};

// The base's positions, read once and only when a problem needs them.
class BasePositions {
 public:
  BasePositions(const std::string& text, const std::string& path) : text_(text), path_(path) {}
  SourcePosition at(const std::string& key) {
    if (!positions_) positions_ = read_scenario_text(text_, path_).scenario.source_positions;
    return detail::find_position(*positions_, key);
  }
  const std::string& path() const { return path_; }

 private:
  const std::string& text_;
  const std::string& path_;
  std::optional<std::map<std::string, SourcePosition>> positions_;
};

void walk(const YAML::Node& node, const std::string& path, const std::string& label, std::optional<std::size_t> op,
          const PatchedTree& tree, std::map<std::string, Origin>& out) {
  for (const auto& [value, index] : tree.set_values)
    if (value.is(node)) op = index;  // a later change inside an earlier one's value wins
  Origin origin{op, {}, label};
  if (!op) {
    YAML::Mark m = node.Mark();
    for (const auto& [list, mark] : tree.rebuilt_lists)
      if (list.is(node)) m = mark;
    const auto it = tree.base_paths.find({m.line, m.column});
    if (m.line >= 0 && it != tree.base_paths.end()) origin.base_path = it->second;
  }
  out.emplace(path, origin);
  if (node.IsMap()) {
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) continue;
      const std::string& key = kv.first.Scalar();
      walk(kv.second, path.empty() ? key : path + "." + key, label.empty() ? key : label + "." + key, op, tree, out);
    }
  } else if (node.IsSequence()) {
    for (std::size_t k = 0; k < node.size(); ++k) {
      std::string index = "[";  // appended, not `"[" + ...`: GCC 12 warns of that wrongly (-Wrestrict)
      index += std::to_string(k);
      index += ']';
      const std::string id = detail::variant_entry_label(node[k]);
      walk(node[k], path + index, id.empty() ? label + index : label + "." + id, op, tree, out);
    }
  }
}

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

std::string with_note(std::string lead, const std::string& note) { return note.empty() ? lead : lead + "; " + note; }

// A problem of the patched text, pointed at the variants file or the base.
ScenarioProblem relocate(ScenarioProblem p, const std::map<std::string, Origin>& origins, const Variant& variant,
                         const std::string& variants_path, BasePositions& base) {
  const Origin* origin = nullptr;
  std::string rest;
  for (std::string k = p.key; !k.empty();) {
    if (const auto it = origins.find(k); it != origins.end()) {
      origin = &it->second;
      rest = p.key.substr(k.size());
      break;
    }
    const std::size_t cut = k.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    k.resize(cut);
  }
  const std::string in_variant = "in variant " + in_quotes(variant.name);
  if (origin != nullptr && origin->op) {
    const PatchOp& op = variant.ops[*origin->op];
    p.file = variants_path;
    p.line = op.position.line;
    p.column = op.position.column;
    p.key = origin->label_path + rest;
    p.note = with_note(in_variant + ", set by path " + in_quotes(op.path), p.note);
    return p;
  }
  if (origin != nullptr && !origin->base_path.empty()) {
    const std::string key = origin->base_path + rest;
    const SourcePosition pos = base.at(key);
    if (pos.line > 0) {
      p.file = base.path();
      p.line = pos.line;
      p.column = pos.column;
      p.key = key;
      p.note = with_note("in the base scenario as variant " + in_quotes(variant.name) + " leaves it", p.note);
      return p;
    }
  }
  p.file = variants_path;
  p.line = variant.position.line;
  p.column = variant.position.column;
  if (origin != nullptr) p.key = origin->label_path + rest;
  p.note = with_note(in_variant, p.note);
  return p;
}

// The variant's scenario and every problem of it (errors and warnings, the
// patch's notes first), pointed at what the user wrote. Throws ScenarioError
// for problems of the patch itself.
ScenarioReading read_patched(const std::string& base_text, const std::string& base_path, const Variant& variant,
                             const std::string& variants_path, BasePositions& base) {
  const PatchedTree tree = detail::patch_tree(base_text, base_path, variant, variants_path);
  ScenarioReading reading = read_scenario_text_as(detail::emit_patched(tree, variant, variants_path), variants_path);
  std::map<std::string, Origin> origins;
  walk(tree.root, "", "", std::nullopt, tree, origins);
  std::vector<ScenarioProblem> problems = tree.notes;
  for (ScenarioProblem& p : reading.problems) problems.push_back(relocate(std::move(p), origins, variant, variants_path, base));
  reading.problems = std::move(problems);
  return reading;
}

}  // namespace

Scenario read_variant_scenario(const std::string& base_text, const std::string& base_path, const Variant& variant,
                               const std::string& variants_path, std::vector<ScenarioProblem>* warnings) {
  BasePositions base(base_text, base_path);
  ScenarioReading reading = read_patched(base_text, base_path, variant, variants_path, base);
  if (warnings != nullptr)
    for (const ScenarioProblem& p : reading.problems)
      if (!p.is_error()) warnings->push_back(p);
  return std::move(reading).checked();
}

std::vector<ScenarioProblem> check_variants(const std::string& base_text, const std::string& base_path,
                                            const VariantSet& set) {
  std::vector<ScenarioProblem> problems;
  BasePositions base(base_text, base_path);
  for (const Variant& v : set.variants) {
    try {
      ScenarioReading reading = read_patched(base_text, base_path, v, set.source, base);
      problems.insert(problems.end(), reading.problems.begin(), reading.problems.end());
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    } catch (const InputError& e) {
      problems.push_back({ScenarioProblem::Severity::error, e.file(), e.line(), 0, e.key(), e.expected(), e.found(),
                          "", "in variant " + in_quotes(v.name)});
    }
  }
  return problems;
}

VariantSet read_scenario_variants(const std::string& scenario_path) {
  return detail::read_variants_section(detail::read_variants_source(scenario_path, "scenario file"), scenario_path);
}

}  // namespace dsim
