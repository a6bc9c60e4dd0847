// SPDX-License-Identifier: MIT
#include "sim/run/load_scenario.hpp"

#include "sim/core/error.hpp"
#include "sim/scenario/quantity.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace dsim {

Scenario load_scenario(const ScenarioSource& source, const RunOverrides& overrides) {
  Scenario scenario = source.path.empty() ? read_scenario_text(source.text, source.name).checked()
                                          : read_scenario_file(source.path).checked();
  if (overrides.replications > 0) scenario.replications = overrides.replications;
  if (overrides.seed >= 0) scenario.seed = static_cast<std::uint64_t>(overrides.seed);
  if (overrides.horizon_s > 0.0) {
    double latest_s = scenario.warmup_s;
    for (const IncidentSpec& incident : scenario.incidents) latest_s = std::max(latest_s, incident.time_s);
    if (!(overrides.horizon_s > latest_s))
      throw InputError(scenario.source_path, 0, "horizon",
                       "a horizon after the warm-up and every listed incident (" + format_duration(latest_s) + ")",
                       format_duration(overrides.horizon_s));
    scenario.horizon_s = overrides.horizon_s;
  }
  return scenario;
}

int run_threads(const RunOverrides& overrides) {
#ifdef _OPENMP
  return overrides.threads > 0 ? overrides.threads : omp_get_max_threads();
#else
  (void)overrides;
  return 1;
#endif
}

}  // namespace dsim
