// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/hazard.hpp"
#include "sim/response/response_model.hpp"

#include <span>
#include <string>
#include <vector>

namespace dsim {

class RoadNetwork;

// Adds what a hazard does to the run to the response model: its road changes
// (merged into the time-ordered list with any already there; the model then
// searches `network` while a road is closed) and the incidents it raises
// within the horizon (explicit incidents; their type and severity must have a
// response rule, else InputError naming `file` and `key`.type / .severity).
void add_hazard_to_model(std::span<const RoadChange> changes, const std::vector<RaisedIncident>& incidents,
                         const RoadNetwork& network, ResponseModel& model, const std::string& file,
                         const std::string& key);

// The same for any hazard (sim/hazards/hazard.hpp). Several hazards may be
// coupled to one model, one after the other.
template <Hazard H>
void couple_hazard(const H& hazard, const RoadNetwork& network, ResponseModel& model, const std::string& file,
                   const std::string& key) {
  add_hazard_to_model(hazard.road_changes(), hazard.raised_incidents(), network, model, file, key);
}

}  // namespace dsim
