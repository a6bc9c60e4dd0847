// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/hazard_arrival.hpp"
#include "sim/network/raw_network.hpp"
#include "sim/network/road_change.hpp"

#include <algorithm>
#include <concepts>
#include <span>
#include <string>
#include <vector>

namespace dsim {

// Who a hazard reaches in a zone at a time, and how badly, in the hazard's
// own measure (Hazard::severity_unit: water depth, dose, heat, a share).
struct ZoneExposure {
  double time_s = 0.0;
  int zone = -1;          // index of the region's zone
  double people = 0.0;    // people in harm
  double severity = 0.0;
};

// An incident a hazard raises (a rescue call where water reached people): an
// incident of the response, of the type and severity the scenario gives it.
struct RaisedIncident {
  double time_s = 0.0;
  int zone = -1;
  NodeId node{};
  std::string type;
  std::string severity;
};

// What every hazard model tells the run over simulated time (docs/models.md,
// "The hazard interface"): when it reaches each road node, which roads close
// or reopen for which vehicle classes, who is exposed per zone and how badly,
// and the incidents it raises. A hazard that nothing in the run changes (a
// flood) is computed ahead of the replications and satisfies this concept; one
// that the response acts on is also a CoupledProcess stepped in the event loop.
template <class H>
concept Hazard = requires(const H& h) {
  { h.hazard_name() } -> std::convertible_to<std::string>;
  { h.severity_unit() } -> std::convertible_to<std::string>;
  { h.node_arrival() } -> std::same_as<const HazardArrival&>;
  { h.road_changes() } -> std::convertible_to<std::span<const RoadChange>>;
  { h.exposure() } -> std::same_as<std::vector<ZoneExposure>>;
  { h.raised_incidents() } -> std::same_as<std::vector<RaisedIncident>>;
};

// When the first of several hazards reaches each node (+inf: none does); the
// arrivals must be over the same road network.
inline HazardArrival earliest_arrival(std::span<const HazardArrival* const> hazards, std::string name) {
  HazardArrival out;
  out.hazard = std::move(name);
  for (const HazardArrival* h : hazards) {
    if (out.node_arrival_s.empty()) out.node_arrival_s.assign(h->node_arrival_s.size(), HazardArrival::kNever);
    for (std::size_t v = 0; v < out.node_arrival_s.size() && v < h->node_arrival_s.size(); ++v)
      out.node_arrival_s[v] = std::min(out.node_arrival_s[v], h->node_arrival_s[v]);
  }
  return out;
}

}  // namespace dsim
