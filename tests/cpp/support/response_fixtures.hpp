// SPDX-License-Identifier: MIT
// Small hand-built response models for tests: no network, travel from tables.
#pragma once

#include "sim/response/response_model.hpp"
#include "sim/response/travel_table.hpp"

#include <string>
#include <vector>

namespace dsim::testing {

inline constexpr int kFire = 0;  // capability index of "fire"
inline constexpr int kComms = 5;

// A model with `nodes` nodes, each its own zone of type built_up, one
// severity "any", one incident type "call", and a one-step ladder of village
// forces unless changed. No delays.
inline ResponseModel bare_model(int nodes) {
  ResponseModel m;
  m.incident_types = {"call"};
  m.severities = {"any"};
  for (int n = 0; n < nodes; ++n) {
    ResponseModel::Zone z;
    z.id = "z" + std::to_string(n);
    z.type = "built_up";
    z.population = 1.0;
    z.nodes = {NodeId{static_cast<std::uint32_t>(n)}};
    m.zones.push_back(z);
    m.node_zone.push_back(n);
  }
  m.step_of_level.fill(-1);
  m.step_of_level[static_cast<int>(TeamLevel::village)] = 0;
  m.escalation = {{1u << static_cast<int>(TeamLevel::village), 0.0}};
  m.call_delay_s = Distribution::fixed(0.0);
  m.dispatch_delay_s = Distribution::fixed(0.0);
  m.rules.resize(1);
  m.rules[0].defined = true;
  m.rules[0].needs = {{kFire, 1}};
  m.rules[0].on_scene_s = Distribution::exponential(600.0);
  return m;
}

inline void add_station(ResponseModel& m, int node) {
  ResponseModel::Station s;
  s.id = "s" + std::to_string(m.stations.size());
  s.node = NodeId{static_cast<std::uint32_t>(node)};
  m.stations.push_back(s);
}

inline void add_unit(ResponseModel& m, int station, TeamLevel level = TeamLevel::village, int people = 1,
                     CapabilitySet caps = 1u << kFire, Distribution turnout = Distribution::fixed(0.0)) {
  ResponseModel::Unit u;
  u.id = "u" + std::to_string(m.units.size());
  u.station = station;
  u.level = level;
  u.people = people;
  u.capabilities = caps;
  u.turnout_s = turnout;
  m.units.push_back(u);
}

// Poisson calls at `rate_per_s` in zone `zone`, flat over the day.
inline void add_generator(ResponseModel& m, int zone, double rate_per_s, std::string name = "") {
  ResponseModel::Generator g;
  g.name = name.empty() ? "g" + std::to_string(m.generators.size()) : name;
  g.rate_per_s = rate_per_s;
  g.zones = {zone};
  g.zone_cumulative = {1.0};
  g.hourly.fill(1.0);
  g.hourly_max = 1.0;
  g.severities = {0};
  g.severity_cumulative = {1.0};
  m.generators.push_back(g);
}

// Travel time tables from a station-by-node matrix, the same both ways.
inline TableTravelOracle symmetric_oracle(const std::vector<std::vector<double>>& station_to_node) {
  return TableTravelOracle(station_to_node, station_to_node);
}

}  // namespace dsim::testing
