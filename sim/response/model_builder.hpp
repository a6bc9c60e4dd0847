// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/region.hpp"
#include "sim/response/response_model.hpp"
#include "sim/response/scenario.hpp"

namespace dsim {

// Binds a scenario to its region: resolves station and incident locations to
// nodes, zones to their nodes, teams to dispatchable crews, names to indices.
// Throws InputError (file = the scenario, key = the path of the offending
// entry) for references the region cannot satisfy: an unknown zone, node or
// place, a zone with no road node that incidents must fall in.
ResponseModel build_response_model(const Scenario& scenario, const Region& region);

// The node a location of the scenario stands for, as the model's stations and
// incidents are placed (InputError naming the scenario file and `key`).
NodeId resolve_location(const Scenario& scenario, const Region& region, const Location& location,
                        const std::string& key);

}  // namespace dsim
