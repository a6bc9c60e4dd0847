// SPDX-License-Identifier: MIT
#pragma once

namespace dsim::cli {

// The text of scenarios/ordos_default.yaml, compiled into the program so that
// `dsim demo` runs anywhere.
const char* default_scenario_text();
inline constexpr const char* kDefaultScenarioName = "ordos_default.yaml";

}  // namespace dsim::cli
