// SPDX-License-Identifier: MIT
#include "sim/run/scenario_logistics.hpp"

#include "sim/core/error.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/response/model_builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

namespace dsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int index_in(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

int add_name(std::vector<std::string>& names, const std::string& name) {
  const int i = index_in(names, name);
  if (i >= 0) return i;
  names.push_back(name);
  return static_cast<int>(names.size()) - 1;
}

// Units per item of the catalogue, from a map of item id to units (ids the reader checked).
std::vector<double> per_item(const LogisticsModel& m, const std::map<std::string, double>& amounts,
                             double absent = 0.0) {
  std::vector<double> out(m.items.size(), absent);
  for (std::size_t i = 0; i < m.items.size(); ++i)
    if (const auto it = amounts.find(m.items[i].id); it != amounts.end()) out[i] = it->second;
  return out;
}

// The banner of a node's zone; -1 outside every zone or without banners.
int banner_of(const ResponseModel& model, NodeId node) {
  const std::size_t v = index(node);
  if (v >= model.node_zone.size()) return -1;
  const int z = model.node_zone[v];
  return z < 0 ? -1 : model.zones[static_cast<std::size_t>(z)].banner;
}

}  // namespace

LogisticsModel build_scenario_logistics(const LogisticsSpec& spec, const Scenario& scenario, const Region& region,
                                        const ResponseModel& model, const WarningModel* warning) {
  LogisticsModel m;
  for (const ItemSpec& s : spec.items)
    m.items.push_back({s.id, s.name.empty() ? s.id : s.name, s.unit, s.weight_kg, s.volume_m3, s.handling_s, s.returns});

  // Departments: emergency first, then in order of first mention (depots, then the chain).
  m.departments = {"emergency"};
  const std::vector<SupplyStepSpec> chain = spec.chain.empty() ? default_supply_chain() : spec.chain;
  for (const DepotSpec& d : spec.depots) add_name(m.departments, d.department);
  for (const SupplyStepSpec& step : chain)
    for (const std::string& dep : step.departments) add_name(m.departments, dep);

  for (std::size_t k = 0; k < spec.depots.size(); ++k) {
    const DepotSpec& d = spec.depots[k];
    const std::string key = "logistics.depots[" + std::to_string(k) + "]";
    LogisticsModel::Depot depot;
    depot.id = d.id;
    depot.name = d.name.empty() ? d.id : d.name;
    depot.level = d.level;
    depot.node = resolve_location(scenario, region, d.location, key + ".location");
    if (d.level == TeamLevel::city) {
      depot.banner = -1;
    } else if (!d.banner.empty()) {
      depot.banner = index_in(model.banners, d.banner);
      if (depot.banner < 0)
        throw InputError(scenario.source_path, 0, key + ".banner", "a banner of the scenario", d.banner);
    } else {
      depot.banner = banner_of(model, depot.node);
    }
    depot.department = index_in(m.departments, d.department);
    depot.stock = per_item(m, d.stock);
    depot.reserve_target = per_item(m, d.reserve_target, kNaN);
    if (d.replenish_s) depot.replenish_s = *d.replenish_s;
    const int depot_index = static_cast<int>(m.depots.size());
    for (const LogisticsVehicleSpec& v : d.vehicles) {
      for (int c = 0; c < v.count; ++c) {
        LogisticsModel::Vehicle out;
        out.id = v.count > 1 ? v.id + "#" + std::to_string(c + 1) : v.id;
        out.depot = depot_index;
        out.capacity_kg = v.capacity_kg;
        out.capacity_m3 = v.capacity_m3 > 0.0 ? v.capacity_m3 : std::numeric_limits<double>::infinity();
        out.speed_factor = v.speed_factor;
        out.vehicle_class = std::max(0, index_in(model.vehicle_classes, v.vehicle_class));
        m.vehicles.push_back(std::move(out));
      }
    }
    m.depots.push_back(std::move(depot));
  }

  for (const SupplyStepSpec& s : chain) {
    LogisticsModel::Step step;
    for (const std::string& name : s.levels) {
      TeamLevel level{};
      if (parse_team_level(name, level)) step.levels |= 1u << static_cast<int>(level);
    }
    step.departments.assign(m.departments.size(), false);
    for (const std::string& dep : s.departments) step.departments[static_cast<std::size_t>(index_in(m.departments, dep))] = true;
    step.request_delay_s = s.request_delay_s;
    step.approval_delay_s = s.approval_delay_s;
    m.chain.push_back(std::move(step));
  }

  for (const SupplierSpec& s : spec.suppliers)
    m.suppliers.push_back({s.id, s.name.empty() ? s.id : s.name, per_item(m, s.limit), s.lead_time_s});

  m.incident_use.resize(model.incident_types.size());
  for (LogisticsModel::Use& use : m.incident_use) {
    use.per_hour.assign(m.items.size(), 0.0);
    use.per_incident.assign(m.items.size(), 0.0);
    use.equipment.assign(m.items.size(), 0.0);
  }
  for (const IncidentUseSpec& u : spec.incident_use) {
    const int t = index_in(model.incident_types, u.incident_type);
    if (t < 0) continue;  // a type of the plan that nothing raises: nothing to use
    LogisticsModel::Use& use = m.incident_use[static_cast<std::size_t>(t)];
    use.per_hour = per_item(m, u.per_hour);
    use.per_incident = per_item(m, u.per_incident);
    use.equipment = per_item(m, u.equipment);
    use.pace_without = u.pace_without;
    const auto positive = [](const std::vector<double>& v) {
      return std::any_of(v.begin(), v.end(), [](double x) { return x > 0.0; });
    };
    use.any = positive(use.per_hour) || positive(use.per_incident) || positive(use.equipment);
  }

  if (warning != nullptr)
    for (const Shelter& s : warning->shelters) m.shelters.push_back({s.id, s.node, banner_of(model, s.node)});
  m.shelter_per_person_day = per_item(m, spec.shelter_use.per_person_day);
  m.shelter_per_person = per_item(m, spec.shelter_use.per_person);
  // A shelter's requests rank with the most severe incidents' (the highest severity index).
  m.shelter_priority = std::max(0, static_cast<int>(model.severities.size()) - 1);
  if (spec.shelter_use.stay_s) m.shelter_stay_s = *spec.shelter_use.stay_s;
  m.cover_s = spec.cover_s;
  m.reorder_s = spec.reorder_s;
  m.report_step_s = spec.report_step_s;

  m.network = &region.network;
  const std::size_t nodes = region.network.node_count();
  m.node_banner.assign(nodes, -1);
  m.node_zone.assign(nodes, -1);
  for (std::size_t v = 0; v < nodes && v < model.node_zone.size(); ++v) {
    m.node_zone[v] = model.node_zone[v];
    m.node_banner[v] = banner_of(model, NodeId{static_cast<std::uint32_t>(v)});
  }
  m.horizon_s = model.horizon_s;
  m.warmup_s = model.warmup_s;

  // One free-flow search per depot: the depots of a step are asked nearest first.
  Router router(region.network);
  for (const LogisticsModel::Depot& d : m.depots) {
    const Reached reached = router.travel_times_from(d.node).everywhere();
    std::vector<float> row(nodes, std::numeric_limits<float>::infinity());
    for (const NodeId v : reached.nodes()) row[index(v)] = static_cast<float>(reached.time_s(v));
    m.depot_time_s.push_back(std::move(row));
  }
  return m;
}

}  // namespace dsim
