// SPDX-License-Identifier: MIT
// Variants: reading a variants file, and applying one variant's changes to the
// YAML tree of its base scenario. A path is resolved part by part against the
// base; every part that cannot be found is a problem located at the path in
// the variants file, and the variant's other changes are still tried so that
// all problems are reported at once.
#include "sim/scenario/variant_patch.hpp"

#include "sim/core/error.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/scenario_merge.hpp"

#include <yaml-cpp/yaml.h>

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace dsim {

namespace {

namespace fs = std::filesystem;
using Severity = ScenarioProblem::Severity;

const std::vector<std::string> kTopKeys = {"base", "variants"};
const std::vector<std::string> kVariantKeys = {"name", "description", "set"};

// ---- paths

// One part of a path: a key (or list entry id), which may hold wildcards, or a list index.
struct Segment {
  std::string name;
  bool is_index = false;
  std::size_t index = 0;
};

bool has_wildcard(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

bool matches(const std::string& pattern, const std::string& name) {
  return has_wildcard(pattern) ? fnmatch(pattern.c_str(), name.c_str(), 0) == 0 : pattern == name;
}

// "teams[3].size" -> teams, [3], size; an error text when it cannot be parsed.
std::vector<Segment> parse_path(const std::string& path, std::string& error) {
  std::vector<Segment> out;
  std::size_t i = 0;
  const auto fail = [&](const std::string& why) {
    error = why;
    return std::vector<Segment>{};
  };
  if (path.empty()) return fail("an empty path");
  while (i <= path.size()) {
    const std::size_t end = path.find_first_of(".[", i);
    const std::string name = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    std::size_t j = end == std::string::npos ? path.size() : end;
    if (!name.empty()) out.push_back({name});
    bool indexed = false;
    while (j < path.size() && path[j] == '[') {
      const std::size_t close = path.find(']', j);
      if (close == std::string::npos) return fail("a '[' without its ']'");
      const std::string digits = path.substr(j + 1, close - j - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9)
        return fail("an index [k] with a whole number k >= 0, found [" + digits + "]");
      out.push_back({"", true, static_cast<std::size_t>(std::stoul(digits))});
      indexed = true;
      j = close + 1;
    }
    if (name.empty() && !indexed) return fail("a key between two dots");
    if (j >= path.size()) break;
    if (path[j] != '.') return fail("a '.' or '[' after ']'");
    i = j + 1;
    if (i == path.size()) return fail("a key after the last '.'");
  }
  if (out.front().is_index) return fail("a key before the first index");
  return out;
}

SourcePosition mark_pos(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0 || m.column < 0) return {};
  return {static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
}

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(names.size(), 12);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > shown) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out.empty() ? "none" : out;
}

// The id of a list entry: its `id`, or its `name` when it has no id; empty when neither.
std::string entry_label(const YAML::Node& entry) {
  if (!entry.IsMap()) return {};
  for (const char* key : {"id", "name"}) {
    const YAML::Node v = entry[key];
    if (v.IsDefined() && v.IsScalar()) return v.Scalar();
  }
  return {};
}

std::string join_path(const std::string& parent, const Segment& s, const std::string& label) {
  if (s.is_index) return parent + "[" + std::to_string(s.index) + "]";
  return parent.empty() ? label : parent + "." + label;
}

// ---- applying

// Where a change lands: a key of a map, or an entry of a list.
struct Slot {
  YAML::Node container;
  bool in_list = false;
  std::size_t index = 0;
  std::string key;
  std::string path;
  bool exists = true;
};

class Patcher {
 public:
  Patcher(std::string variants_file, const Variant& v) : file_(std::move(variants_file)), variant_(v) {}

  std::vector<ScenarioProblem>& problems() { return problems_; }

  void apply(YAML::Node root, const PatchOp& op) {
    op_ = &op;
    std::string why;
    const std::vector<Segment> segments = parse_path(op.path, why);
    if (segments.empty()) {
      problem("", "a key path (keys joined by '.', list entries by id or [k])", why);
      return;
    }
    std::vector<Slot> slots;
    resolve(root, segments, 0, "", slots);
    if (slots.empty()) return;  // the problem is reported
    if (op.remove) remove(slots);
    else set(slots);
  }

 private:
  std::string file_;
  const Variant& variant_;
  const PatchOp* op_ = nullptr;
  std::vector<ScenarioProblem> problems_;

  void problem(const std::string& key, std::string expected, std::string found, std::string suggestion = {},
               std::string note = {}) {
    std::string where = "in variant " + in_quotes(variant_.name) + ", path " + in_quotes(op_->path);
    problems_.push_back({Severity::error, file_, op_->position.line, op_->position.column, key, std::move(expected),
                         std::move(found), std::move(suggestion), note.empty() ? where : where + "; " + note});
  }

  void resolve(YAML::Node node, const std::vector<Segment>& segments, std::size_t i, const std::string& path,
               std::vector<Slot>& out) {
    const Segment& seg = segments[i];
    const bool last = i + 1 == segments.size();
    const auto descend = [&](Slot slot, const YAML::Node& child) {
      if (last) {
        out.push_back(std::move(slot));
      } else {
        resolve(child, segments, i + 1, slot.path, out);
      }
    };
    if (seg.is_index) {
      if (!node.IsSequence()) {
        problem(path, "a list to take entry [" + std::to_string(seg.index) + "] of", "a " + kind(node) + " in the base");
        return;
      }
      if (seg.index >= node.size()) {
        problem(join_path(path, seg, ""), node.size() == 0 ? std::string("an entry, but the list is empty")
                                : "an index from 0 to " + std::to_string(node.size() - 1) + " (the list has " +
                                      std::to_string(node.size()) + " entries)",
                "[" + std::to_string(seg.index) + "]");
        return;
      }
      descend({node, true, seg.index, "", join_path(path, seg, ""), true}, node[seg.index]);
      return;
    }
    if (node.IsMap()) {
      std::vector<std::string> keys;
      for (const auto& kv : node)
        if (kv.first.IsScalar()) keys.push_back(kv.first.Scalar());
      bool any = false;
      for (const std::string& key : keys) {
        if (!matches(seg.name, key)) continue;
        any = true;
        descend({node, false, 0, key, join_path(path, seg, key), true}, node[key]);
      }
      if (any) return;
      if (last && !has_wildcard(seg.name) && !op_->remove) {
        out.push_back({node, false, 0, seg.name, join_path(path, seg, seg.name), false});  // a new key
        return;
      }
      problem(join_path(path, seg, seg.name),
              has_wildcard(seg.name) ? "a key matching " + in_quotes(seg.name) + " in the base"
                                     : "a key of the base" + std::string(path.empty() ? "" : " under " + path),
              "none; keys there: " + listed(keys), has_wildcard(seg.name) ? "" : nearest_name(seg.name, keys));
      return;
    }
    if (node.IsSequence()) {
      std::vector<std::string> labels;
      bool any = false;
      for (std::size_t k = 0; k < node.size(); ++k) {
        const std::string label = entry_label(node[k]);
        if (label.empty()) continue;
        labels.push_back(label);
        if (!matches(seg.name, label)) continue;
        any = true;
        descend({node, true, k, "", join_path(path, seg, label), true}, node[k]);
      }
      if (any) return;
      problem(join_path(path, seg, seg.name),
              "an entry of the base's list " + path + " whose id (or name) " +
                  (has_wildcard(seg.name) ? "matches " : "is ") + in_quotes(seg.name),
              "none; entries there: " + listed(labels), has_wildcard(seg.name) ? "" : nearest_name(seg.name, labels),
              "a list entry cannot be added by a path: set the whole list");
      return;
    }
    problem(path, "a map or a list under " + (path.empty() ? std::string("the top") : path) + " to find " +
                      in_quotes(seg.name) + " in",
            "a " + kind(node) + " in the base");
  }

  static std::string kind(const YAML::Node& n) {
    if (n.IsMap()) return "map";
    if (n.IsSequence()) return "list";
    if (n.IsNull() || !n.IsDefined()) return "null";
    return "value (" + in_quotes(n.Scalar()) + ")";
  }

  void set(const std::vector<Slot>& slots) {
    for (const Slot& slot : slots) {
      // A fresh node for each place: a node assigned twice would be shared.
      const YAML::Node value = YAML::Load(op_->value_yaml);
      if (slot.in_list) {
        YAML::Node target = slot.container[slot.index];
        target = value;
      } else {
        YAML::Node container = slot.container;
        container[slot.key] = value;
      }
    }
  }

  void remove(const std::vector<Slot>& slots) {
    // Map keys go one by one; list entries list by list, keeping the others in order.
    std::vector<std::pair<YAML::Node, std::set<std::size_t>>> lists;
    for (const Slot& slot : slots) {
      if (!slot.in_list) {
        YAML::Node container = slot.container;
        container.remove(slot.key);
        continue;
      }
      auto it = std::find_if(lists.begin(), lists.end(), [&](const auto& l) { return l.first.is(slot.container); });
      if (it == lists.end()) {
        lists.push_back({slot.container, {}});
        it = std::prev(lists.end());
      }
      it->second.insert(slot.index);
    }
    for (auto& [list, gone] : lists) {
      YAML::Node kept(YAML::NodeType::Sequence);
      for (std::size_t k = 0; k < list.size(); ++k)
        if (!gone.count(k)) kept.push_back(list[k]);
      kept.SetStyle(list.Style());
      list = kept;
    }
  }
};

// ---- reading

class VariantsReader {
 public:
  explicit VariantsReader(std::string source) : source_(std::move(source)) {}

  VariantSet read(const std::string& text) {
    VariantSet out;
    out.source = source_;
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      add({e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
           e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0},
          "", "valid YAML", "a syntax error: " + e.msg);
      finish();
    }
    if (!root.IsMap()) {
      add({1, 1}, "", "a variants file: a map with keys base, variants",
          root.IsDefined() && !root.IsNull() ? "another kind of document" : "an empty document");
      finish();
    }
    bool has_variants = false;
    for (const auto& kv : root) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      if (key == "base") {
        out.base_position = mark_pos(kv.first);
        if (!kv.second.IsScalar() || kv.second.Scalar().empty()) {
          add(mark_pos(kv.second), "base", "the base scenario's file path", "a " + std::string(kv.second.IsMap() ? "map" : kv.second.IsSequence() ? "list" : "null"));
          continue;
        }
        const fs::path base(kv.second.Scalar());
        out.base_path = base.is_absolute() ? base.string() : (fs::path(source_).parent_path() / base).lexically_normal().string();
      } else if (key == "variants") {
        has_variants = true;
        read_list(kv.second, out);
      } else {
        add(mark_pos(kv.first), key, "a key of a variants file (" + listed(kTopKeys) + ")", in_quotes(key),
            nearest_name(key, kTopKeys));
      }
    }
    if (!has_variants) add({1, 1}, "variants", "a list of variants", "nothing");
    return out;
  }

  void check_base_exists(const VariantSet& set) {
    std::error_code ec;
    if (!set.base_path.empty() && !fs::is_regular_file(set.base_path, ec))
      add(set.base_position, "base", "an existing scenario file", in_quotes(set.base_path),
          "", "a relative base starts from the variants file's folder");
  }

  // Throws ScenarioError when anything was wrong.
  void finish() {
    if (!problems_.empty()) throw ScenarioError(std::move(problems_));
  }

 private:
  std::string source_;
  std::vector<ScenarioProblem> problems_;

  void add(SourcePosition pos, const std::string& key, std::string expected, std::string found,
           std::string suggestion = {}, std::string note = {}) {
    problems_.push_back({Severity::error, source_, pos.line, pos.column, key, std::move(expected), std::move(found),
                         std::move(suggestion), std::move(note)});
  }

  void read_list(const YAML::Node& list, VariantSet& out) {
    if (!list.IsSequence()) {
      add(mark_pos(list), "variants", "a list of variants (each with name, description, set)",
          list.IsMap() ? "a map" : "a single value");
      return;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node entry = list[i];
      const std::string where = "variants[" + std::to_string(i) + "]";
      Variant v;
      v.position = mark_pos(entry);
      if (!entry.IsMap()) {
        add(v.position, where, "a variant: a map with keys " + listed(kVariantKeys), "another kind of value");
        continue;
      }
      for (const auto& kv : entry) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        if (key == "name" || key == "description") {
          if (!kv.second.IsScalar() || kv.second.Scalar().empty()) {
            add(mark_pos(kv.second), where + "." + key, "a text", "an empty value or a map or list");
            continue;
          }
          (key == "name" ? v.name : v.description) = kv.second.Scalar();
          if (key == "name" && !names.insert(v.name).second)
            add(mark_pos(kv.second), where + ".name", "a name no other variant has", in_quotes(v.name) + " a second time");
        } else if (key == "set") {
          read_ops(kv.second, where + ".set", v);
        } else {
          add(mark_pos(kv.first), where + "." + key, "a key of a variant (" + listed(kVariantKeys) + ")", in_quotes(key),
              nearest_name(key, kVariantKeys));
        }
      }
      if (v.name.empty() && !entry["name"]) add(v.position, where, "a variant with a name", "none");
      out.variants.push_back(std::move(v));
    }
  }

  void read_ops(const YAML::Node& set, const std::string& where, Variant& v) {
    if (set.IsNull()) return;  // `set:` with nothing: the base itself
    if (!set.IsMap()) {
      add(mark_pos(set), where, "a map of key paths to new values", "a list or a single value");
      return;
    }
    std::set<std::string> seen;
    for (const auto& kv : set) {
      PatchOp op;
      op.position = mark_pos(kv.first);
      if (!kv.first.IsScalar()) {
        add(op.position, where, "a key path", "a map or list as a key");
        continue;
      }
      op.path = kv.first.Scalar();
      std::string why;
      if (parse_path(op.path, why).empty()) {
        add(op.position, where + "." + op.path, "a key path (keys joined by '.', list entries by id or [k])", why);
        continue;
      }
      if (!seen.insert(op.path).second) {
        add(op.position, where + "." + op.path, "each path once in a variant", "it a second time");
        continue;
      }
      op.remove = kv.second.IsNull();
      if (!op.remove) {
        YAML::Emitter e;
        e << kv.second;
        op.value_yaml = e.c_str();
      }
      v.ops.push_back(std::move(op));
    }
  }
};

std::string read_file_text(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path, 0, "", "a variants file", "a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "a readable variants file", std::string("an error: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

VariantSet read_variants_text(const std::string& text, const std::string& source_name) {
  VariantsReader reader(source_name);
  VariantSet set = reader.read(text);
  reader.finish();
  return set;
}

VariantSet read_variants_file(const std::string& path) {
  const std::string text = read_file_text(path);
  VariantsReader reader(path);
  VariantSet set = reader.read(text);
  reader.check_base_exists(set);
  reader.finish();
  return set;
}

std::string apply_variant(const std::string& base_text, const std::string& base_path, const Variant& variant,
                          const std::string& variants_path) {
  // The base's files, named from the variants file's folder, as the variant's own paths are.
  YAML::Node root = YAML::Load(rebase_scenario_paths(base_text, base_path, variants_path));
  Patcher patcher(variants_path, variant);
  for (const PatchOp& op : variant.ops) patcher.apply(root, op);
  if (!patcher.problems().empty()) throw ScenarioError(std::move(patcher.problems()));
  YAML::Emitter out;
  out << root;
  if (!out.good())
    throw InputError(variants_path, variant.position.line, variant.name, "a scenario that can be written as YAML",
                     out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

std::vector<ScenarioProblem> check_variants(const std::string& base_text, const std::string& base_path,
                                            const VariantSet& set) {
  std::vector<ScenarioProblem> problems;
  for (const Variant& v : set.variants) {
    try {
      (void)apply_variant(base_text, base_path, v, set.source);
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  return problems;
}

Scenario read_variant_scenario(const std::string& base_text, const std::string& base_path, const Variant& variant,
                               const std::string& variants_path) {
  return read_scenario_text_as(apply_variant(base_text, base_path, variant, variants_path), variants_path).checked();
}

}  // namespace dsim
