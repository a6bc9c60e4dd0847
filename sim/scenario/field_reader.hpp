// SPDX-License-Identifier: MIT
#pragma once

// The YAML field helpers every section reader shares: required and optional
// keys, names from a fixed set, numbers, durations and other quantities,
// locations and distributions, each problem reported with its key path and
// position. Private to sim/scenario/.

#include "sim/response/distribution.hpp"
#include "sim/response/scenario.hpp"
#include "sim/scenario/scenario_problem.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dsim::detail {

using Pos = SourcePosition;

// A node of the tree with its key path and the position to report it at.
struct Item {
  YAML::Node node;
  std::string path;
  Pos pos;
};

inline constexpr const char* kDurationHelp = "seconds, or a number with a unit: s, min, h, d";
inline constexpr std::size_t kAllNames = std::numeric_limits<std::size_t>::max();

// "a, b, c", cut after `at_most` names with the count.
std::string joined(const std::vector<std::string>& names, std::size_t at_most = 12);
// 's' in quotes, shortened, on one line.
std::string quote_text(const std::string& s);
// What a node is, for "found ..." in messages.
std::string found_text(const YAML::Node& n);
std::string child_path(const std::string& parent, const std::string& key);
std::string item_path(const std::string& parent, std::size_t i);
std::string number_text(double x);
std::optional<long long> parse_integer(const std::string& text);
// Where a key path is written: the path itself, or the nearest enclosing one that was seen.
Pos find_position(const std::map<std::string, Pos>& where, const std::string& path);

std::vector<std::string> capability_names();
std::vector<std::string> level_names();
std::vector<std::string> zone_type_names();

// Reads fields of one scenario text, collecting every problem with its
// position and where each key path is written. A value that is wrong is
// reported and the helper returns nothing, so that reading can go on.
class FieldReader {
 public:
  using Severity = ScenarioProblem::Severity;
  using Fields = std::map<std::string, Item>;

  explicit FieldReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  std::vector<ScenarioProblem>& problems() { return problems_; }
  std::map<std::string, Pos>& positions() { return where_; }
  const std::map<std::string, Pos>& positions() const { return where_; }
  // An unknown key was taken for this path (its "key missing" is not reported again).
  bool misspelled(const std::string& path) const { return misspelled_.count(path) > 0; }

  // ---- reporting
  void report(Severity severity, const std::string& path, Pos pos, std::string expected, std::string found,
              std::string suggestion = {}, std::string note = {});
  void error(const Item& at, std::string expected, std::string found = {}, std::string suggestion = {},
             std::string note = {});
  void warning(const Item& at, std::string expected, std::string found = {}, std::string suggestion = {},
               std::string note = {});
  void error_at(const std::string& path, std::string expected, std::string found = {}, std::string suggestion = {},
                std::string note = {});
  void warning_at(const std::string& path, std::string expected, std::string found = {}, std::string note = {});
  Pos position(const std::string& path) const { return find_position(where_, path); }

  // ---- nodes
  static Pos mark_pos(const YAML::Node& n, Pos fallback);
  Item element(const Item& list, std::size_t i, const YAML::Node& n);
  Item child(const Item& map, const std::string& key, const YAML::Node& n, Pos key_pos);

  // ---- maps
  // The known keys of a map; reports a node that is not a map, unknown keys
  // (with the nearest known one) and repeated keys. A YAML merge key
  // (`<<: *defaults`, a map or a list of maps) supplies the keys the map
  // does not give itself. Messages list the first `keys_shown` keys.
  std::optional<Fields> fields(const Item& map, const std::vector<std::string>& allowed, const std::string& what,
                               std::size_t keys_shown = 12);
  // Entries of a map whose keys the user names (types, severities, capabilities).
  std::vector<std::pair<std::string, Item>> entries(const Item& map, const std::string& what);
  static const Item* get(const Fields& f, const char* key);
  // A key that must be there; no message when a misspelled key already pointed at it.
  const Item* required(const Fields& f, const Item& parent, const char* key, const std::string& expected);

  // ---- scalars
  std::optional<std::string> text(const Item& it, const std::string& expected);
  std::optional<double> number(const Item& it, const std::string& expected);
  template <class Ok>
  std::optional<double> number_where(const Item& it, const std::string& expected, Ok ok) {
    const auto v = number(it, expected);
    if (v && !ok(*v)) {
      error(it, expected, found_text(it.node));
      return std::nullopt;
    }
    return v;
  }
  std::optional<long long> integer(const Item& it, long long lo, long long hi, const std::string& expected);
  std::optional<bool> boolean(const Item& it);
  // A duration >= 0 (or > 0 when `positive`), as a number of seconds or with a unit.
  std::optional<double> duration(const Item& it, bool positive = false);
  // A moment from the start of the scenario: a clock reading or a duration.
  std::optional<double> time_point(const Item& it);
  // A length in metres: a number, or a number followed by "m".
  std::optional<double> length(const Item& it, const std::string& expected, bool positive);
  // A share from 0 to 1.
  std::optional<double> share(const Item& it);
  // A list of names; a single name stands for a list of one.
  std::vector<Item> name_list(const Item& it, const std::string& expected);
  // A name from a fixed set, with a hint when it is close to one (the node is a scalar).
  bool known_name(const Item& it, const std::vector<std::string>& names, const std::string& what);
  // A scalar naming one of `names`.
  std::optional<std::string> one_of(const Item& it, const std::vector<std::string>& names, const std::string& what);

  // ---- composite values
  std::optional<Distribution> distribution(const Item& it);
  std::optional<Location> location(const Item& it, bool allow_zone);
  // A mix: name -> share, shares >= 0 summing to more than 0, returned normalised.
  std::map<std::string, double> shares(const Item& it, const std::vector<std::string>* names, const std::string& what);

 private:
  void add_field(Fields& out, const std::string& parent, const YAML::Node& key_node, const YAML::Node& value_node,
                 Pos key_pos, const std::vector<std::string>& allowed, const std::string& what, bool own,
                 std::size_t keys_shown);

  std::string file_;
  std::vector<ScenarioProblem> problems_;
  std::map<std::string, Pos> where_;  // key path -> where it is written
  std::set<std::string> misspelled_;  // key paths an unknown key was taken for
};

// A unit a quantity may be written in, and its factor to the first unit of its list.
struct QuantityUnit {
  const char* name;
  double factor;
};

// A number with one of `units` ("5 m/s", "30 km/h"), or bare in the first
// unit's terms, converted to the first unit; >= lo (> lo when `open`).
std::optional<double> quantity(FieldReader& in, const Item& it, const std::string& expected,
                               const std::vector<QuantityUnit>& units, double lo, bool open);

}  // namespace dsim::detail
