// SPDX-License-Identifier: MIT
// Roads that close and reopen during a replication: routes, replanning and
// units cut off from their station.
#include "sim/response/response_run.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace dsim::detail {

Router& ResponseRun::router_for(int unit) {
  const ResponseModel::Unit& spec = model_.units[static_cast<std::size_t>(unit)];
  return roads_->router.use_edge_states(&roads_->states[static_cast<std::size_t>(spec.vehicle_class)])
      .use_speed_factor(spec.speed_factor);
}

// Applies every road change due by now, then lets the units on the road
// replan and the units cut off from their station try again.
void ResponseRun::apply_road_changes() {
  const auto& changes = model_.road_changes;
  const double now = sim_.now();
  bool any = false;
  while (roads_->next < changes.size() && changes[roads_->next].time_s <= now) {
    apply_one(changes[roads_->next++]);
    any = true;
  }
  if (roads_->next < changes.size()) sim_.schedule_at(changes[roads_->next].time_s, kRoadChange, 0);
  if (any) after_road_changes();
}

void ResponseRun::apply_one(const RoadChange& c) {
  for (std::size_t k = 0; k < roads_->states.size(); ++k) {
    if (k < 32 && !(c.classes & (VehicleClassSet{1} << k))) continue;
    std::uint16_t& held = roads_->holds[k][index(c.edge)];
    if (c.closed) {
      if (held++ == 0) roads_->states[k].close(c.edge);
    } else if (held > 0 && --held == 0) {
      roads_->states[k].reopen(c.edge);
    }
  }
}

void ResponseRun::after_road_changes() {
  const std::vector<int> moving = roads_->en_route;  // replan may not change it, but iterate a copy
  for (int d : moving) replan(d);
  const std::vector<int> stranded = std::move(roads_->stranded);
  roads_->stranded.clear();
  for (int d : stranded) try_return(d);
  // Calls no unit could reach may be reachable now.
  if (available_units_ > 0) serve_waiting();
  if (coupled_ != nullptr) coupled_->roads_changed();
}

void ResponseRun::change_roads(std::span<const RoadChange> changes) {
  if (!roads_) throw std::logic_error("change_roads: the coupled process did not say it changes roads");
  if (changes.empty()) return;
  for (const RoadChange& c : changes) apply_one(c);
  after_road_changes();
}

// Plans the route of a dispatch from `from`, reached at start_s, to its
// incident under the current roads, and (re)schedules its arrival.
void ResponseRun::plan_route(int dispatch, NodeId from, double start_s) {
  DispatchOutcome& d = dispatches_[static_cast<std::size_t>(dispatch)];
  DispatchState& ds = dispatch_state_[static_cast<std::size_t>(dispatch)];
  const NodeId target = incidents_[static_cast<std::size_t>(d.incident)].node;
  if (!ds.blocked && !ds.route_nodes.empty()) sim_.cancel(ds.arrival_event);
  Router& router = router_for(d.unit);
  std::optional<Path> path = router.route(from, target);
  if (!path) {
    // No open road: wait where it is until a change opens one.
    ds.blocked = true;
    ds.route_nodes.assign(1, from);
    ds.route_at_s.assign(1, start_s);
    d.arrival_s = kNaN;
    return;
  }
  // Keep the part already driven, then the new route.
  std::size_t keep = 0;
  while (keep < ds.route_nodes.size() && ds.route_nodes[keep] != from) ++keep;
  if (keep == ds.route_nodes.size()) keep = 0;
  ds.route_nodes.resize(keep);
  ds.route_at_s.resize(keep);
  double t = start_s;
  ds.route_nodes.push_back(path->nodes.front());
  ds.route_at_s.push_back(t);
  for (std::size_t i = 0; i < path->edges.size(); ++i) {
    t += router.edge_travel_time_s(path->edges[i]);
    ds.route_nodes.push_back(path->nodes[i + 1]);
    ds.route_at_s.push_back(t);
  }
  ds.blocked = false;
  d.arrival_s = t;
  d.travel_s = d.arrival_s - d.depart_s;
  ds.arrival_event = sim_.schedule_at(std::max(t, sim_.now()), kUnitArrives, static_cast<std::uint32_t>(dispatch));
}

// After a change: a unit still at its station (turning out) plans afresh; a
// unit on the road finishes the segment it is on and replans from its end;
// a blocked unit tries again.
void ResponseRun::replan(int dispatch) {
  DispatchState& ds = dispatch_state_[static_cast<std::size_t>(dispatch)];
  const double now = sim_.now();
  if (ds.blocked) {
    plan_route(dispatch, ds.route_nodes.front(), std::max(now, ds.route_at_s.front()));
    return;
  }
  const auto next = std::upper_bound(ds.route_at_s.begin(), ds.route_at_s.end(), now);
  if (next == ds.route_at_s.end()) return;  // arriving now
  const std::size_t j = static_cast<std::size_t>(next - ds.route_at_s.begin());
  plan_route(dispatch, ds.route_nodes[j], ds.route_at_s[j]);
}

// A released unit drives back to its station if a road is open; otherwise it
// stays on scene until a change opens one.
void ResponseRun::try_return(int dispatch) {
  DispatchOutcome& d = dispatches_[static_cast<std::size_t>(dispatch)];
  const ResponseModel::Unit& spec = model_.units[static_cast<std::size_t>(d.unit)];
  const NodeId at = incidents_[static_cast<std::size_t>(d.incident)].node;
  const double t = router_for(d.unit).travel_time_s(at, model_.stations[static_cast<std::size_t>(spec.station)].node);
  DispatchState& ds = dispatch_state_[static_cast<std::size_t>(dispatch)];
  if (t == kUnreachable) {
    ds.stranded = true;
    roads_->stranded.push_back(dispatch);
    return;
  }
  ds.stranded = false;
  d.back_s = sim_.now() + t;
  sim_.schedule_at(d.back_s, kUnitBack, static_cast<std::uint32_t>(dispatch));
}

}  // namespace dsim::detail
