// SPDX-License-Identifier: MIT
#include "sim/scenario/scenario_merge.hpp"

#include "sim/core/error.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

namespace dsim {

namespace fs = std::filesystem;

const std::vector<std::string>& scenario_file_keys() {
  // As resolve_region_paths (scenario_reader.cpp) resolves them: a path, or a
  // layer's `layer` / a raster's `file` where the key holds a map.
  static const std::vector<std::string> keys = {
      "region.network", "region.zones", "region.zones.layer", "region.population_raster",
      "region.population_raster.file", "region.places", "region.places.layer", "flood.dem",
      "flood.waterways.source", "fire.landscape.fuel_raster", "fire.landscape.dem", "stations.layer"};
  return keys;
}

namespace {

constexpr const char* kWhere = "scenario merge";

// The node at a dotted key, or an undefined node.
YAML::Node at_key(YAML::Node root, const std::string& dotted) {
  // reset() rebinds the handle; assignment would overwrite the node it names.
  YAML::Node node;
  node.reset(root);
  std::istringstream parts(dotted);
  for (std::string part; std::getline(parts, part, '.');) {
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node child = node[part];
    if (!child.IsDefined()) return child;
    node.reset(child);
  }
  return node;
}

// `path` as written in a file in `from` folder, rewritten for a file in `to`.
std::string rebase(const std::string& path, const fs::path& from, const fs::path& to) {
  const fs::path p(path);
  // GDAL's virtual paths, and the region's own OSM file for waterways, stay as written.
  if (p.is_absolute() || path.empty() || path.starts_with("/vsi") || path == "osm") return path;
  const fs::path target = fs::absolute(from / p).lexically_normal();
  const fs::path rel = target.lexically_relative(fs::absolute(to).lexically_normal());
  return rel.empty() ? target.string() : rel.generic_string();
}

// The file keys of `root`, written for a file at `scenario_path`, rewritten for one at `out_path`.
void rebase_file_keys(YAML::Node root, const std::string& scenario_path, const std::string& out_path) {
  const fs::path from = scenario_path.empty() ? fs::path(".") : fs::path(scenario_path).parent_path();
  const fs::path to = out_path.empty() ? from : fs::path(out_path).parent_path();
  for (const std::string& key : scenario_file_keys()) {
    YAML::Node value = at_key(root, key);
    if (value.IsDefined() && value.IsScalar()) value = rebase(value.Scalar(), from.empty() ? "." : from, to.empty() ? "." : to);
  }
}

YAML::Node sequence_at(YAML::Node root, const char* key) {
  YAML::Node list = root[key];
  if (!list.IsDefined() || list.IsNull()) {
    root[key] = YAML::Node(YAML::NodeType::Sequence);
    return root[key];
  }
  if (!list.IsSequence())
    throw InputError(kWhere, 0, key, "a list to add to",
                     list.IsMap() && list["layer"] ? "a GIS layer (add the new entries to the layer, or write them with -o)"
                                                   : "another kind of value");
  return list;
}

std::string scalar_or_empty(const YAML::Node& node, const char* key) {
  const YAML::Node v = node.IsMap() ? node[key] : YAML::Node();
  return v.IsDefined() && v.IsScalar() ? v.Scalar() : std::string();
}

}  // namespace

std::string merge_stations(const std::string& scenario_text, const std::string& scenario_path,
                           const std::string& out_path, const StationMerge& merge) {
  YAML::Node root, additions;
  try {
    root = YAML::Load(scenario_text);
    additions = YAML::Load(merge.additions_yaml);
  } catch (const YAML::Exception& e) {
    throw InputError(kWhere, static_cast<std::size_t>(e.mark.line + 1), "", "YAML text", e.msg);
  }
  if (!root.IsMap()) throw InputError(kWhere, 0, "", "a scenario (a mapping of sections)", "another kind of document");

  rebase_file_keys(root, scenario_path, out_path);

  YAML::Node stations = sequence_at(root, "stations");
  YAML::Node teams = sequence_at(root, "teams");
  const std::set<std::string> removed(merge.removed_stations.begin(), merge.removed_stations.end());
  if (!removed.empty()) {
    std::set<std::string> found;
    YAML::Node kept_stations(YAML::NodeType::Sequence), kept_teams(YAML::NodeType::Sequence);
    for (const YAML::Node& s : stations) {
      const std::string id = scalar_or_empty(s, "id");
      if (removed.count(id)) found.insert(id);
      else kept_stations.push_back(s);
    }
    for (const YAML::Node& t : teams)
      if (!removed.count(scalar_or_empty(t, "station"))) kept_teams.push_back(t);
    for (const std::string& id : removed)
      if (!found.count(id)) throw InputError(kWhere, 0, "stations", "a station with id " + id, "none");
    kept_stations.SetStyle(stations.Style());
    kept_teams.SetStyle(teams.Style());
    root["stations"] = kept_stations;
    root["teams"] = kept_teams;
    stations.reset(root["stations"]);
    teams.reset(root["teams"]);
  }
  for (const char* key : {"stations", "teams"}) {
    const YAML::Node add = additions[key];
    if (!add.IsDefined() || add.IsNull()) continue;
    if (!add.IsSequence()) throw InputError(kWhere, 0, key, "a list to add", "another kind of value");
    YAML::Node into = std::string(key) == "stations" ? stations : teams;
    for (YAML::Node item : add) {
      item.SetStyle(YAML::EmitterStyle::Flow);
      into.push_back(item);
    }
  }

  YAML::Emitter out;
  out << root;
  if (!out.good()) throw InputError(kWhere, 0, "", "a scenario that can be written as YAML", out.GetLastError());
  std::ostringstream text;
  std::istringstream comment(merge.header_comment);
  for (std::string line; std::getline(comment, line);) text << "# " << line << "\n";
  text << out.c_str() << "\n";
  return text.str();
}

std::string rebase_scenario_paths(const std::string& scenario_text, const std::string& scenario_path,
                                  const std::string& out_path) {
  YAML::Node root;
  try {
    root = YAML::Load(scenario_text);
  } catch (const YAML::Exception& e) {
    throw InputError(scenario_path.empty() ? kWhere : scenario_path, static_cast<std::size_t>(e.mark.line + 1), "",
                     "YAML text", e.msg);
  }
  if (!root.IsMap())
    throw InputError(scenario_path.empty() ? kWhere : scenario_path, 0, "", "a scenario (a mapping of sections)",
                     "another kind of document");
  rebase_file_keys(root, scenario_path, out_path);
  YAML::Emitter out;
  out << root;
  if (!out.good()) throw InputError(kWhere, 0, "", "a scenario that can be written as YAML", out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace dsim
