// SPDX-License-Identifier: MIT
#pragma once

#include "sim/response/scenario.hpp"
#include "sim/scenario/scenario_problem.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dsim {

// Reading a scenario (docs/scenario-format.md) from YAML or JSON text.
//
// Everything that can be checked without the road network is checked: types,
// units, ranges, names of capabilities, levels, zone types and fire growths,
// references between stations, teams and the plan. Zone and node ids need the
// network: check_scenario_places does that once it is loaded.

// A scenario and the problems found reading it, errors and warnings in order
// of position; the scenario holds what could be read, with defaults where
// values were wrong, and where each key is written (source_positions).
struct ScenarioReading {
  Scenario scenario;
  std::vector<ScenarioProblem> problems;
  bool file_unreadable = false;  // the file could not be read: problems says why

  bool ok() const;  // no errors (warnings allowed)
  // The scenario when ok(); else throws ScenarioError (an InputError) listing
  // every error, or the InputError of a file that could not be read.
  Scenario checked() &&;
};

// Reads and checks a scenario file. Relative region paths (network, zones,
// the flood's DEM) are resolved against the file's folder and must exist.
// Never throws for a problem of the text or the file.
ScenarioReading read_scenario_file(const std::string& path);

// As read_scenario_file for text already in memory; `source_name` names it in
// messages ("<dict>", a file name). Region paths are kept as written.
ScenarioReading read_scenario_text(const std::string& text, const std::string& source_name);

// As read_scenario_file for text that stands for a file at `path`: relative
// paths start from its folder and must exist, and messages name `path`.
ScenarioReading read_scenario_text_as(const std::string& text, const std::string& path);

// What the loaded region knows, to check the places a scenario names.
struct KnownPlaces {
  std::vector<std::string> zone_ids;
  std::vector<std::string> zone_types;                    // parallel to zone_ids, or empty: not checked
  std::function<bool(std::int64_t node_id)> has_node;     // empty: node ids not checked
  std::function<bool(double lon, double lat)> covers;     // empty: coordinates not checked
  std::function<bool(const std::string& name)> has_place;  // empty: named places not checked
  std::function<bool(const std::string& zone)> zone_has_roads;  // empty: not checked (warning population)
};

// Problems with the places of a scenario against its region: station and
// incident locations naming a node or zone that does not exist, coordinates
// the region does not cover, generators over unknown zones or over zone types
// the region lacks (a warning). Lines and columns come from the scenario's
// source_positions, kept when it was read.
std::vector<ScenarioProblem> check_scenario_places(const Scenario& scenario, const KnownPlaces& places);

}  // namespace dsim
