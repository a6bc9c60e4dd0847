// SPDX-License-Identifier: MIT
#include "sim/core/error.hpp"
#include "sim/core/random.hpp"
#include "sim/hazards/text_input.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/sweep_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <set>
#include <sstream>

namespace dsim {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopKeys = {"base", "replications", "seed", "block", "design", "points", "parameters"};
const std::vector<std::string> kParameterKeys = {"set", "values", "range", "integer", "unit"};
constexpr std::size_t kMaxPoints = 1000000;

SourcePosition pos_of(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return {};
  return {static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
}

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class SweepReader {
 public:
  explicit SweepReader(std::string source) : source_(std::move(source)) {}

  SweepSpec read(const std::string& text) {
    SweepSpec spec;
    spec.source = source_;
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      add({static_cast<std::size_t>(e.mark.line) + 1, static_cast<std::size_t>(e.mark.column) + 1}, "",
          "a YAML sweep file", e.msg);
      return spec;
    }
    if (!root.IsMap()) {
      add(pos_of(root), "", "a map with keys " + listed(kTopKeys), root.IsNull() ? "an empty file" : "another value");
      return spec;
    }
    bool has_parameters = false;
    for (const auto& kv : root) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      const YAML::Node& v = kv.second;
      if (key == "base") {
        spec.base_position = pos_of(v);
        if (!v.IsScalar() || v.Scalar().empty()) {
          add(pos_of(v), "base", "the base scenario's file", "no file name");
          continue;
        }
        const fs::path base(v.Scalar());
        spec.base_path = base.is_absolute() ? base.string() : (fs::path(source_).parent_path() / base).lexically_normal().string();
      } else if (key == "replications" || key == "points" || key == "block") {
        const std::optional<std::uint64_t> n = whole(v, key, 1, key == "block" ? 100000 : kMaxPoints);
        if (!n) continue;
        if (key == "replications") spec.replications = *n;
        else if (key == "points") spec.points = *n;
        else spec.block = *n;
      } else if (key == "seed") {
        if (const auto n = whole(v, key, 0, std::uint64_t{1} << 62)) spec.seed = *n;
      } else if (key == "design") {
        const std::string d = v.IsScalar() ? v.Scalar() : std::string();
        if (d == "grid") spec.design = SweepDesign::grid;
        else if (d == "lhs" || d == "latin_hypercube") spec.design = SweepDesign::latin_hypercube;
        else add(pos_of(v), "design", "grid or lhs", in_quotes(d), nearest_name(d, {"grid", "lhs"}));
      } else if (key == "parameters") {
        has_parameters = true;
        read_parameters(v, spec);
      } else {
        add(pos_of(kv.first), key, "a key of a sweep file (" + listed(kTopKeys) + ")", in_quotes(key),
            nearest_name(key, kTopKeys));
      }
    }
    if (spec.base_path.empty() && !root["base"]) add(pos_of(root), "base", "the base scenario's file", "none");
    if (!has_parameters) add(pos_of(root), "parameters", "at least one parameter", "none");
    const bool lhs = spec.design == SweepDesign::latin_hypercube;
    if (lhs && spec.points == 0 && !root["points"])
      add(pos_of(root), "points", "the number of design points of the Latin hypercube", "none");
    for (const SweepParameter& p : spec.parameters) {
      if (!lhs && p.values.empty())
        add(p.position, "parameters." + p.name + ".values", "the values of the grid", "none",
            "", p.low != p.high ? "a range is for design: lhs" : "");
      if (lhs && !(p.high > p.low) && p.values.empty())
        add(p.position, "parameters." + p.name + ".range", "a range [low, high] with low < high", "none");
    }
    if (!lhs) {
      double count = 1;
      for (const SweepParameter& p : spec.parameters) count *= double(std::max<std::size_t>(p.values.size(), 1));
      if (count > double(kMaxPoints))
        add(pos_of(root), "parameters", "at most " + std::to_string(kMaxPoints) + " grid points",
            std::to_string(static_cast<long long>(count)));
    }
    return spec;
  }

  void check_base_exists(const SweepSpec& spec) {
    std::error_code ec;
    if (!spec.base_path.empty() && !fs::is_regular_file(spec.base_path, ec))
      add(spec.base_position, "base", "an existing scenario file", in_quotes(spec.base_path), "",
          "a relative base starts from the sweep file's folder");
  }

  void finish() { problems_.throw_if_any(); }

 private:
  std::string source_;
  ProblemList problems_{source_};

  void add(SourcePosition pos, const std::string& key, std::string expected, std::string found,
           std::string suggestion = {}, std::string note = {}) {
    problems_.add(pos.line, pos.column, key, std::move(expected), std::move(found), std::move(suggestion), std::move(note));
  }

  std::optional<std::uint64_t> whole(const YAML::Node& v, const std::string& key, std::uint64_t low,
                                     std::uint64_t high) {
    const std::string text = v.IsScalar() ? v.Scalar() : std::string();
    std::uint64_t n = 0;
    const bool digits = !text.empty() && text.size() < 19 && text.find_first_not_of("0123456789") == std::string::npos;
    if (digits) n = std::stoull(text);
    if (!digits || n < low || n > high) {
      add(pos_of(v), key, "a whole number from " + std::to_string(low) + " to " + std::to_string(high),
          v.IsScalar() ? in_quotes(text) : "a map or list");
      return std::nullopt;
    }
    return n;
  }

  std::optional<double> number(const YAML::Node& v, const std::string& key) {
    const std::string text = v.IsScalar() ? v.Scalar() : std::string();
    char* end = nullptr;
    errno = 0;
    const double x = text.empty() ? 0.0 : std::strtod(text.c_str(), &end);
    if (text.empty() || end == nullptr || *end != '\0' || errno != 0 || !std::isfinite(x)) {
      add(pos_of(v), key, "a number", v.IsScalar() ? in_quotes(text) : "a map or list", "",
          "a unit goes in the parameter's `unit` key");
      return std::nullopt;
    }
    return x;
  }

  void read_parameters(const YAML::Node& node, SweepSpec& spec) {
    if (!node.IsMap() || node.size() == 0) {
      add(pos_of(node), "parameters", "a map of parameter names to their set, values or range", "another value");
      return;
    }
    for (const auto& kv : node) {
      SweepParameter p;
      p.name = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      p.position = pos_of(kv.first);
      const std::string where = "parameters." + p.name;
      if (p.name.empty() || p.name.find_first_of(" /.") != std::string::npos || p.name == "point" ||
          p.name == "replication") {
        add(p.position, where, "a parameter name: a column name without spaces, '/' or '.', not point or replication",
            in_quotes(p.name));
        continue;
      }
      const YAML::Node& body = kv.second;
      if (!body.IsMap()) {
        add(pos_of(body), where, "a map with keys " + listed(kParameterKeys), "another value");
        continue;
      }
      for (const auto& f : body) {
        const std::string key = f.first.IsScalar() ? f.first.Scalar() : std::string();
        const YAML::Node& v = f.second;
        if (key == "set") {
          if (v.IsScalar() && !v.Scalar().empty()) {
            p.paths.push_back(v.Scalar());
            p.path_positions.push_back(pos_of(v));
          } else if (v.IsSequence() && v.size() > 0) {
            for (const auto& item : v) {
              if (!item.IsScalar() || item.Scalar().empty()) {
                add(pos_of(item), where + ".set", "a key path", "another value");
                continue;
              }
              p.paths.push_back(item.Scalar());
              p.path_positions.push_back(pos_of(item));
            }
          } else {
            add(pos_of(v), where + ".set", "a key path or a list of key paths", "nothing or a map");
          }
        } else if (key == "values") {
          if (!v.IsSequence() || v.size() == 0) {
            add(pos_of(v), where + ".values", "a list of numbers", "another value");
            continue;
          }
          for (const auto& item : v)
            if (const auto x = number(item, where + ".values")) p.values.push_back(*x);
        } else if (key == "range") {
          if (!v.IsSequence() || v.size() != 2) {
            add(pos_of(v), where + ".range", "[low, high]", "another value");
            continue;
          }
          const auto lo = number(v[0], where + ".range");
          const auto hi = number(v[1], where + ".range");
          if (lo && hi && !(*hi > *lo)) add(pos_of(v), where + ".range", "low < high", "[" + v[0].Scalar() + ", " + v[1].Scalar() + "]");
          if (lo && hi) p.low = *lo, p.high = *hi;
        } else if (key == "integer") {
          const std::string t = v.IsScalar() ? v.Scalar() : std::string();
          if (t == "true" || t == "false") p.integer = t == "true";
          else add(pos_of(v), where + ".integer", "true or false", in_quotes(t));
        } else if (key == "unit") {
          if (!v.IsScalar()) add(pos_of(v), where + ".unit", "a unit such as s, min, m", "another value");
          else p.unit = v.Scalar();
        } else {
          add(pos_of(f.first), where + "." + key, "a key of a parameter (" + listed(kParameterKeys) + ")", in_quotes(key),
              nearest_name(key, kParameterKeys));
        }
      }
      if (p.paths.empty() && !body["set"]) add(p.position, where + ".set", "the key path(s) the parameter sets", "none");
      spec.parameters.push_back(std::move(p));
    }
  }
};

// The number as the scenario gets it: whole numbers without a decimal point, then the unit.
std::string value_text(double x, const std::string& unit) {
  std::ostringstream s;
  s.precision(15);
  s << x;
  return unit.empty() ? s.str() : s.str() + " " + unit;
}

}  // namespace

SweepSpec read_sweep_text(const std::string& text, const std::string& source_name) {
  SweepReader reader(source_name);
  SweepSpec spec = reader.read(text);
  reader.finish();
  return spec;
}

SweepSpec read_sweep_file(const std::string& path) {
  const std::string text = detail::read_text_file(path);
  SweepReader reader(path);
  SweepSpec spec = reader.read(text);
  reader.check_base_exists(spec);
  reader.finish();
  return spec;
}

std::vector<SweepPoint> sweep_points(const SweepSpec& spec, std::uint64_t seed) {
  const std::size_t k = spec.parameters.size();
  std::vector<std::vector<double>> rows;
  if (spec.design == SweepDesign::grid) {
    std::size_t count = 1;
    for (const SweepParameter& p : spec.parameters) count *= p.values.size();
    for (std::size_t i = 0; i < count; ++i) {
      std::vector<double> row(k);
      std::size_t rest = i;
      for (std::size_t j = k; j-- > 0;) {
        const std::size_t n = spec.parameters[j].values.size();
        row[j] = spec.parameters[j].values[rest % n];
        rest /= n;
      }
      rows.push_back(std::move(row));
    }
  } else {
    const std::size_t n = spec.points;
    rows.assign(n, std::vector<double>(k));
    RandomStream stream(seed, 0, "sweep.lhs");
    for (std::size_t j = 0; j < k; ++j) {
      const SweepParameter& p = spec.parameters[j];
      std::vector<std::size_t> strata(n);
      std::iota(strata.begin(), strata.end(), std::size_t{0});
      for (std::size_t i = n; i > 1; --i) std::swap(strata[i - 1], strata[stream.below(i)]);
      for (std::size_t i = 0; i < n; ++i) {
        const double u = (double(strata[i]) + stream.uniform()) / double(n);
        double x = p.low + u * (p.high - p.low);
        if (p.integer) x = std::clamp(std::round(x), std::ceil(p.low), std::floor(p.high));
        rows[i][j] = x;
      }
    }
  }
  std::vector<SweepPoint> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SweepPoint point;
    point.values = rows[i];
    point.variant.name = std::string(1, 'p').append(std::to_string(i));
    for (std::size_t j = 0; j < k; ++j) {
      const SweepParameter& p = spec.parameters[j];
      if (j > 0) point.variant.description.append(", ");
      point.variant.description.append(p.name).append(" = ").append(value_text(rows[i][j], p.unit));
      point.variant.position = p.position;
      for (std::size_t q = 0; q < p.paths.size(); ++q)
        point.variant.ops.push_back({p.paths[q], false, value_text(rows[i][j], p.unit),
                                     q < p.path_positions.size() ? p.path_positions[q] : p.position});
    }
    if (k > 0) point.variant.position = spec.parameters[0].position;
    out.push_back(std::move(point));
  }
  return out;
}

}  // namespace dsim
