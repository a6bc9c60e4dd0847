// SPDX-License-Identifier: MIT
#include "sim/response/hazard_coupling.hpp"

#include "sim/core/error.hpp"

#include <algorithm>

namespace dsim {

void add_hazard_to_model(std::span<const RoadChange> changes, const std::vector<RaisedIncident>& incidents,
                         const RoadNetwork& network, ResponseModel& model, const std::string& file,
                         const std::string& key) {
  if (!changes.empty()) {
    model.network = &network;
    model.road_changes.insert(model.road_changes.end(), changes.begin(), changes.end());
    std::stable_sort(model.road_changes.begin(), model.road_changes.end(),
                     [](const RoadChange& a, const RoadChange& b) { return a.time_s < b.time_s; });
  }
  if (incidents.empty()) return;
  const auto index = [&](const std::vector<std::string>& names, const std::string& name, const std::string& what) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw InputError(file, 0, key + "." + what, "a name with a response rule", name);
    return static_cast<int>(it - names.begin());
  };
  for (const RaisedIncident& r : incidents) {
    if (r.time_s >= model.horizon_s) continue;
    ResponseModel::ExplicitIncident e;
    e.time_s = r.time_s;
    e.type = index(model.incident_types, r.type, "type");
    e.severity = index(model.severities, r.severity, "severity");
    e.node = r.node;
    e.zone = r.zone;
    e.name = key;  // the hazard that raised it, e.g. flood.rescue
    model.explicit_incidents.push_back(e);
  }
  std::stable_sort(model.explicit_incidents.begin(), model.explicit_incidents.end(),
                   [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
}

}  // namespace dsim
