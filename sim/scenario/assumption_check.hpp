// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/region.hpp"
#include "sim/response/scenario.hpp"
#include "sim/scenario/scenario_problem.hpp"

#include <vector>

namespace dsim {

// What a run of the scenario on this region silently assumes, as warnings
// with the scenario file and the line of the key they are about (`dsim
// validate` prints them, a run stores them in its results, table
// `assumptions`):
//  - a zone with people but no road node (it gets no random incidents), and
//    people of a population raster that fall in no zone;
//  - a location given as a coordinate (a station, a listed incident, a place
//    of the region's places layer, a road closure, an outage, a shelter)
//    snapped to a road node farther than region.snap_warning_m away;
//  - an escalation step (the scenario's or the default ladder's) with no team
//    able to serve it: none at its levels, or none with a capability the
//    plan's rules need;
//  - a DEM much larger than the region (more than kDemAreaWarningRatio times
//    the area of the road network's extent), read from its header only.
std::vector<ScenarioProblem> check_scenario_assumptions(const Scenario& scenario, const Region& region);

inline constexpr double kDemAreaWarningRatio = 4.0;

}  // namespace dsim
