// SPDX-License-Identifier: MIT
#pragma once

// The `logistics:` section bound to a loaded region and response model: item,
// depot, vehicle, supplier and department names resolved to indices, depots
// and shelters to road nodes and banners, the supply chain to level masks,
// and the free-flow time from each depot to every node.

#include "sim/logistics/logistics_model.hpp"
#include "sim/logistics/logistics_spec.hpp"
#include "sim/network/region.hpp"
#include "sim/response/response_model.hpp"
#include "sim/response/scenario.hpp"
#include "sim/warning/warning_model.hpp"

namespace dsim {

// Fills every field of the model. `warning` (may be null) gives the shelters;
// without it the model has none. The model points at region.network, which
// must outlive it. Throws InputError (the scenario file, the key of the
// depot) for a location the region cannot satisfy.
LogisticsModel build_scenario_logistics(const LogisticsSpec& spec, const Scenario& scenario, const Region& region,
                                        const ResponseModel& model, const WarningModel* warning);

}  // namespace dsim
