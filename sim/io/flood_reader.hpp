// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/flood_spec.hpp"
#include "sim/io/scenario_problem.hpp"
#include "sim/response/scenario.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace YAML {
class Node;
}

namespace dsim {

// Reading the `flood:` section of a scenario (docs/scenario-format.md). Every
// problem is added to `problems` (file, line, column, key path, nearest valid
// name); what could not be read keeps its default. `scenario` is the rest of
// the file, read already: the rescue incident type must have a response rule
// there. `positions` receives where each key path is written (1-based line, column).
FloodSpec read_flood_section(const YAML::Node& node, const std::string& file, const Scenario& scenario,
                             std::vector<ScenarioProblem>& problems,
                             std::map<std::string, std::pair<std::size_t, std::size_t>>& positions);

}  // namespace dsim
