// SPDX-License-Identifier: MIT
// Variants: reading a variants file, and applying one variant's changes to the
// YAML tree of its base scenario. A path is resolved part by part against the
// base; every part that cannot be found is a problem located at the path in
// the variants file, and the variant's other changes are still tried so that
// all problems are reported at once.
#include "sim/scenario/variant_patch.hpp"

#include "sim/scenario/variant_patch_detail.hpp"

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
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

namespace dsim {

std::string detail::variant_entry_label(const YAML::Node& entry) {
  if (!entry.IsMap()) return {};
  for (const char* key : {"id", "name"}) {
    const YAML::Node v = entry[key];
    if (v.IsDefined() && v.IsScalar()) return v.Scalar();
  }
  return {};
}

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

std::string entry_label(const YAML::Node& entry) { return detail::variant_entry_label(entry); }

// A top-level key's node, or a null node when the scenario lacks it (never an invalid one).
YAML::Node top_key(const YAML::Node& root, const char* key) {
  if (!root.IsMap()) return YAML::Node();
  const YAML::Node v = root[key];
  return v.IsDefined() ? v : YAML::Node();
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
  Patcher(std::string variants_file, const Variant& v, detail::PatchedTree& tree)
      : file_(std::move(variants_file)), variant_(v), tree_(tree) {}

  std::vector<ScenarioProblem>& problems() { return problems_; }

  void apply(YAML::Node root, const PatchOp& op, std::size_t index) {
    op_ = &op;
    op_index_ = index;
    stations_.reset(top_key(root, "stations"));
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
  detail::PatchedTree& tree_;
  const PatchOp* op_ = nullptr;
  std::size_t op_index_ = 0;
  YAML::Node stations_;  // the base's list of stations, if it has one
  std::vector<std::pair<std::string, std::size_t>> removed_stations_;  // station id, the change that removed it
  std::vector<ScenarioProblem> problems_;

 public:
  // Teams based at a station the variant removed go with it (unless a later
  // change put the station back or moved the team), each said in a note.
  void remove_teams_of_removed_stations(YAML::Node root) {
    if (removed_stations_.empty() || !top_key(root, "teams").IsSequence()) return;
    std::set<std::string> present;
    if (const YAML::Node stations = top_key(root, "stations"); stations.IsSequence())
      for (const YAML::Node& s : stations) present.insert(entry_label(s));
    YAML::Node teams = root["teams"];
    std::vector<std::vector<std::string>> gone(removed_stations_.size());
    YAML::Node kept(YAML::NodeType::Sequence);
    for (const YAML::Node& t : teams) {
      const YAML::Node station = t.IsMap() ? t["station"] : YAML::Node();
      const std::string at = station.IsDefined() && station.IsScalar() ? station.Scalar() : std::string();
      const auto it = std::find_if(removed_stations_.begin(), removed_stations_.end(),
                                   [&](const auto& r) { return r.first == at; });
      if (at.empty() || present.count(at) || it == removed_stations_.end()) {
        kept.push_back(t);
        continue;
      }
      const std::string label = entry_label(t);
      gone[static_cast<std::size_t>(it - removed_stations_.begin())].push_back(label.empty() ? "(a team without id)" : label);
    }
    if (kept.size() == teams.size()) return;
    for (std::size_t i = 0; i < removed_stations_.size(); ++i) {
      if (gone[i].empty()) continue;
      const auto& [station, index] = removed_stations_[i];
      const PatchOp& op = variant_.ops[index];
      const std::string teams_text = (gone[i].size() == 1 ? "team " : "teams ") + listed(gone[i]);
      tree_.notes.push_back({Severity::warning, file_, op.position.line, op.position.column, "stations." + station,
                             "the teams of a removed station removed with it", teams_text + " removed", "",
                             "variant " + in_quotes(variant_.name) + ": removing station " + station +
                                 " also removes " + teams_text});
    }
    kept.SetStyle(teams.Style());
    tree_.rebuilt_lists.emplace_back(kept, teams.Mark());
    teams = kept;
  }

 private:

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
      tree_.set_values.emplace_back(value, op_index_);
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
      if (slot.in_list && stations_.IsSequence() && slot.container.is(stations_)) {
        const std::string id = entry_label(slot.container[slot.index]);
        if (!id.empty()) removed_stations_.emplace_back(id, op_index_);
      }
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
      tree_.rebuilt_lists.emplace_back(kept, list.Mark());
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

  // The `variants:` section of a scenario's text; the scenario is the base.
  VariantSet read_section(const std::string& text, const std::string& scenario_path) {
    VariantSet out;
    out.source = source_;
    out.base_path = scenario_path;
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      add({e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
           e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0},
          "", "valid YAML", "a syntax error: " + e.msg);
      finish();
    }
    if (root.IsMap()) {
      for (const auto& kv : root) {
        if (!kv.first.IsScalar() || kv.first.Scalar() != "variants") continue;
        out.base_position = mark_pos(kv.first);
        read_list(kv.second, out);
        return out;
      }
    }
    add({1, 1}, "variants", "a scenario with a `variants:` section (a list of variants)", "none");
    return out;
  }

  void check_base_exists(const VariantSet& set) {
    std::error_code ec;
    if (!set.base_path.empty() && !fs::is_regular_file(set.base_path, ec))
      add(set.base_position, "base", "an existing scenario file", in_quotes(set.base_path),
          "", "a relative base starts from the variants file's folder");
  }

  // Throws ScenarioError when anything was wrong.
  void finish() { problems_.throw_if_any(); }

 private:
  std::string source_;
  ProblemList problems_{source_};

  void add(SourcePosition pos, const std::string& key, std::string expected, std::string found,
           std::string suggestion = {}, std::string note = {}) {
    problems_.add(pos.line, pos.column, key, std::move(expected), std::move(found), std::move(suggestion), std::move(note));
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

}  // namespace

std::string detail::read_variants_source(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path, 0, "", what, "a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "a readable " + what, std::string("an error: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

VariantSet detail::read_variants_section(const std::string& text, const std::string& scenario_path) {
  VariantsReader reader(scenario_path);
  VariantSet set = reader.read_section(text, scenario_path);
  reader.finish();
  return set;
}

VariantSet read_variants_text(const std::string& text, const std::string& source_name) {
  VariantsReader reader(source_name);
  VariantSet set = reader.read(text);
  reader.finish();
  return set;
}

VariantSet read_variants_file(const std::string& path) {
  const std::string text = detail::read_variants_source(path, "variants file");
  VariantsReader reader(path);
  VariantSet set = reader.read(text);
  reader.check_base_exists(set);
  reader.finish();
  return set;
}

detail::PatchedTree detail::patch_tree(const std::string& base_text, const std::string& base_path,
                                       const Variant& variant, const std::string& variants_path) {
  PatchedTree tree;
  // The base's files, named from the variants file's folder, as the variant's own paths are.
  // A sweep patches one base again and again: the base so rebased is kept for the next call.
  static std::mutex last_mutex;
  static std::string last_key, last_rebased;
  std::string rebased;
  const std::string key = base_path + '\n' + variants_path + '\n' + base_text;
  {
    const std::lock_guard<std::mutex> lock(last_mutex);
    if (key == last_key) rebased = last_rebased;
  }
  if (rebased.empty()) {
    rebased = rebase_scenario_paths(base_text, base_path, variants_path);
    const std::lock_guard<std::mutex> lock(last_mutex);
    last_key = key;
    last_rebased = rebased;
  }
  tree.root = YAML::Load(rebased);
  YAML::Node& root = tree.root;
  // A scenario's own variants are not part of the scenario they make.
  if (const YAML::Node& top = root; top.IsMap() && top["variants"]) root.remove("variants");
  // Where each node of the base is, to name its key path after the patch moved it.
  const auto note_paths = [&](const auto& self, const YAML::Node& node, const std::string& path) -> void {
    const YAML::Mark m = node.Mark();
    if (m.line >= 0 && m.column >= 0) tree.base_paths.emplace(std::make_pair(m.line, m.column), path);
    if (node.IsMap()) {
      for (const auto& kv : node)
        if (kv.first.IsScalar()) self(self, kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar());
    } else if (node.IsSequence()) {
      for (std::size_t k = 0; k < node.size(); ++k) self(self, node[k], path + "[" + std::to_string(k) + "]");
    }
  };
  note_paths(note_paths, root, "");
  Patcher patcher(variants_path, variant, tree);
  for (std::size_t i = 0; i < variant.ops.size(); ++i) patcher.apply(root, variant.ops[i], i);
  if (!patcher.problems().empty()) throw ScenarioError(std::move(patcher.problems()));
  patcher.remove_teams_of_removed_stations(root);
  return tree;
}

std::string detail::emit_patched(const PatchedTree& tree, const Variant& variant, const std::string& variants_path) {
  YAML::Emitter out;
  out << tree.root;
  if (!out.good())
    throw InputError(variants_path, variant.position.line, variant.name, "a scenario that can be written as YAML",
                     out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

std::string apply_variant(const std::string& base_text, const std::string& base_path, const Variant& variant,
                          const std::string& variants_path) {
  return detail::emit_patched(detail::patch_tree(base_text, base_path, variant, variants_path), variant,
                              variants_path);
}

}  // namespace dsim
