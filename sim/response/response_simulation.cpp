// SPDX-License-Identifier: MIT
#include "sim/response/response_simulation.hpp"
#include "sim/response/response_run.hpp"

#include "sim/core/random.hpp"
#include "sim/core/simulation.hpp"
#include "sim/core/statistics.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/edge_states.hpp"
#include "sim/network/road_network.hpp"
#include "sim/response/fire_circle.hpp"
#include "sim/response/incident_draws.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace dsim {

namespace detail {

ReplicationOutcome ResponseRun::run() {
  auto drawn = draw_all(model_, seed_, replication_);
  incidents_.reserve(drawn.size());
  state_.resize(drawn.size());
  std::size_t pool = 0;
  for (const auto& d : drawn) pool += 2 * need_slots(d.first, model_.rule(d.first.type, d.first.severity));
  need_people_.assign(pool, 0);
  dispatches_.reserve(drawn.size() * 2);
  dispatch_state_.reserve(drawn.size() * 2);
  pool = 0;
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    incidents_.push_back(drawn[i].first);
    IncidentState& st = state_[i];
    const ResponseModel::Rule& rule = model_.rule(drawn[i].first.type, drawn[i].first.severity);
    st.first_need = static_cast<std::uint32_t>(pool);
    pool += 2 * need_slots(drawn[i].first, rule);
    st.work_s = drawn[i].second.work_s;
    sim_.schedule_at(drawn[i].first.call_s + drawn[i].second.dispatch_delay_s, kDispatchDecision,
                     static_cast<std::uint32_t>(i));
    // A growing fire decides at flashover whether it needs a second alarm.
    if (drawn[i].first.growth >= 0 && rule.defined && !rule.needs.empty() && !rule.escalated_needs.empty() &&
        std::isfinite(drawn[i].first.flashover_s))
      sim_.schedule_at(drawn[i].first.flashover_s, kFlashover, static_cast<std::uint32_t>(i));
  }
  units_.reserve(model_.units.size());
  for (std::size_t u = 0; u < model_.units.size(); ++u)
    units_.push_back(UnitState{true, RandomStream::member(seed_, replication_, "turnout", u), false, 0.0, 0.0, 0});
  available_units_ = units_.size();
  station_units_.assign(model_.stations.size(), StationUnits{});
  for (std::size_t u = 0; u < model_.units.size(); ++u) {
    const ResponseModel::Unit& unit = model_.units[u];
    StationUnits& here = station_units_[static_cast<std::size_t>(unit.station)];
    if (here.units.empty() || 1.0 / unit.speed_factor < here.min_inverse_speed)
      here.min_inverse_speed = 1.0 / unit.speed_factor;
    here.units.push_back(static_cast<int>(u));
    here.available_capabilities |= unit.capabilities;
    min_inverse_speed_ = u == 0 ? 1.0 / unit.speed_factor : std::min(min_inverse_speed_, 1.0 / unit.speed_factor);
  }

  if (!model_.road_changes.empty() || (coupled_ != nullptr && coupled_->changes_roads())) {
    if (model_.network == nullptr)
      throw std::invalid_argument("simulate_response: road changes need the model's road network");
    roads_ = std::make_unique<Roads>(*model_.network, std::max<std::size_t>(1, model_.vehicle_classes.size()));
    class_station_time_s_.resize(roads_->states.size());
    apply_road_changes();  // those at time 0, before any incident
  }
  if (coupled_ != nullptr) coupled_->start(sim_, *this);

  sim_.run([&](const Event& e) {
    if (e.kind >= CoupledProcess::kCoupledKindBase) {
      coupled_->handle(e);
      return;
    }
    const int subject = static_cast<int>(e.subject);
    switch (e.kind) {
      case kDispatchDecision: decide(subject); break;
      case kEscalate: escalate(subject); break;
      case kUnitArrives: unit_arrives(subject); break;
      case kWorkDone: work_done(subject); break;
      case kUnitBack: unit_back(subject); break;
      case kRoadChange: apply_road_changes(); break;
      case kFlashover: flashover(subject); break;
    }
  });
  if (coupled_ != nullptr) coupled_->finish();

  ReplicationOutcome out;
  out.events = sim_.events_processed();
  for (std::size_t i = 0; i < incidents_.size(); ++i)
    if (std::isnan(incidents_[i].first_arrival_s)) incidents_[i].unreached = why_unreached(static_cast<int>(i));
  out.kpis = compute_kpis();
  out.incidents = std::move(incidents_);
  out.dispatches = std::move(dispatches_);
  const double window_s = model_.horizon_s - model_.warmup_s;
  out.units.resize(model_.units.size());
  for (std::size_t u = 0; u < out.units.size(); ++u) out.units[u].unit = static_cast<int>(u);
  for (const DispatchOutcome& d : out.dispatches) {
    UnitOutcome& uo = out.units[static_cast<std::size_t>(d.unit)];
    ++uo.dispatches;
    const double from = std::max(d.dispatch_s, model_.warmup_s);
    // A unit still cut off from its station at the end stays committed.
    const double to = std::isnan(d.back_s) ? model_.horizon_s : std::min(d.back_s, model_.horizon_s);
    if (to > from) uo.busy_s += to - from;
  }
  for (std::size_t u = 0; u < out.units.size(); ++u) {
    UnitState& us = units_[u];
    if (us.held) release_duty_time(us, model_.horizon_s);
    out.units[u].duty_s = us.duty_s;
    out.units[u].duties = us.duties;
  }
  for (UnitOutcome& uo : out.units) uo.utilisation = window_s > 0 ? uo.busy_s / window_s : 0.0;
  // Utilisation needs the unit table, so the KPI is filled in here.
  RunningStats util;
  for (const UnitOutcome& uo : out.units) util.add(uo.utilisation);
  out.kpis.mean_unit_utilisation = util.count() ? util.mean() : 0.0;
  out.kpis.max_unit_utilisation = util.count() ? util.max() : 0.0;
  return out;
}

bool ResponseRun::has_shortfall(int incident) const {
  const IncidentState& st = state_[static_cast<std::size_t>(incident)];
  const auto& needs = needs_of(st, model_.rule(incidents_[static_cast<std::size_t>(incident)].type,
                                               incidents_[static_cast<std::size_t>(incident)].severity));
  for (std::size_t k = 0; k < needs.size(); ++k)
    if (assigned(st)[k] < needs[k].people) return true;
  return false;
}

void ResponseRun::decide(int incident) {
  if (state_[static_cast<std::size_t>(incident)].done) return;  // completed by a coupled process before the decision
  state_[static_cast<std::size_t>(incident)].decided = true;
  IncidentOutcome& inc = incidents_[static_cast<std::size_t>(incident)];
  const ResponseModel::Rule& rule = model_.rule(inc.type, inc.severity);
  if (!rule.defined || rule.needs.empty()) {
    // Nothing in the plan answers it: it is closed without a response.
    inc.lost = !rule.defined;
    inc.cleared_s = sim_.now();
    state_[static_cast<std::size_t>(incident)].done = true;
    return;
  }
  select_units(incident);
}

Unreached ResponseRun::why_unreached(int incident) const {
  const IncidentOutcome& inc = incidents_[static_cast<std::size_t>(incident)];
  const IncidentState& st = state_[static_cast<std::size_t>(incident)];
  const ResponseModel::Rule& rule = model_.rule(inc.type, inc.severity);
  if (!rule.defined) return Unreached::no_plan;
  if (rule.needs.empty()) return Unreached::none_needed;
  if (inc.lost) return Unreached::no_unit_free;
  if (inc.units_sent > 0) {
    for (int d = st.first_dispatch; d >= 0; d = dispatch_state_[static_cast<std::size_t>(d)].next)
      if (dispatch_state_[static_cast<std::size_t>(d)].blocked) return Unreached::blocked_on_route;
    return Unreached::en_route_at_end;
  }
  if (st.roads_blocked) return Unreached::roads_closed;
  for (const auto& need : rule.needs)
    for (const ResponseModel::Unit& unit : model_.units)
      if ((unit.capabilities & (CapabilitySet{1} << need.capability)) &&
          model_.step_of_level[static_cast<std::size_t>(unit.level)] >= 0)
        return Unreached::all_busy;
  return Unreached::no_capable_unit;
}

void ResponseRun::escalate(int incident) {
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  st.escalation_pending = false;
  if (st.done || !has_shortfall(incident)) return;
  ++st.step;
  incidents_[static_cast<std::size_t>(incident)].highest_step = st.step;
  select_units(incident);
}

// Sends the nearest capable available units allowed at the incident's current
// escalation step until every need is covered or none is left. Then asks the
// next level, queues the incident, or loses it. Returns true if all needs are covered.
bool ResponseRun::select_units(int incident) {
  IncidentOutcome& inc = incidents_[static_cast<std::size_t>(incident)];
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  const int incident_banner = inc.zone >= 0 ? model_.zones[static_cast<std::size_t>(inc.zone)].banner : -1;
  if (available_units_ > 0) select_available_units(incident, incident_banner);

  const bool covered = !has_shortfall(incident);
  const std::pair<double, int> key{inc.call_s, incident};
  if (covered) {
    waiting_.erase(key);
    return true;
  }
  const bool more_steps = static_cast<std::size_t>(st.step) + 1 < model_.escalation.size();
  if (more_steps && !st.escalation_pending) {
    st.escalation_pending = true;
    sim_.schedule_in(model_.escalation[static_cast<std::size_t>(st.step) + 1].request_delay_s, kEscalate,
                     static_cast<std::uint32_t>(incident));
  }
  if (model_.queue_when_busy) {
    waiting_.insert(key);
  } else if (!more_steps && inc.units_sent == 0) {
    inc.lost = true;
    st.done = true;
  }
  return false;
}

// The dispatch loop of select_units: while a need is short, the available
// unit that reaches the incident first (ties: the lowest unit index) among
// those with a wanted capability, at a level the current step allows.
void ResponseRun::select_available_units(int incident, int incident_banner) {
  IncidentOutcome& inc = incidents_[static_cast<std::size_t>(incident)];
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  const std::vector<ResponseModel::Need>& needs = needs_of(st, model_.rule(inc.type, inc.severity));
  // One lookup per station rather than per unit: travel times scale as 1 / speed factor.
  StationTimes near = travel_.stations_within(inc.node, 0.0);
  if (roads_) {
    // Classes with a road closed search the network from the incident back to every station.
    for (std::size_t c = 0; c < roads_->states.size(); ++c) {
      std::vector<double>& times = class_station_time_s_[c];
      times.clear();
      if (roads_->states[c].closed_count() == 0) continue;
      Reached reached = roads_->router.use_edge_states(&roads_->states[c]).use_speed_factor(1.0)
                            .travel_times_to(inc.node).everywhere();
      times.resize(model_.stations.size());
      for (std::size_t st_index = 0; st_index < times.size(); ++st_index)
        times[st_index] = reached.time_s(model_.stations[st_index].node);
    }
  }

  for (;;) {
    CapabilitySet wanted = 0;
    for (std::size_t k = 0; k < needs.size(); ++k)
      if (assigned(st)[k] < needs[k].people) wanted |= CapabilitySet{1} << needs[k].capability;
    if (wanted == 0) break;
    int best = -1;
    double best_s = kUnreachable;
    // By station: a station whose available units lack every wanted
    // capability, or which even its fastest unit cannot reach before the best
    // so far, is passed over without looking at its units. Closures only
    // lengthen trips, so free-flow times give the bound.
    auto consider = [&](std::size_t s, double free_flow_s) {
      const StationUnits& here = station_units_[s];
      if ((here.available_capabilities & wanted) == 0) return;
      if (free_flow_s * here.min_inverse_speed > best_s) return;
      for (int u : here.units) {
        if (!units_[static_cast<std::size_t>(u)].available) continue;
        const ResponseModel::Unit& unit = model_.units[static_cast<std::size_t>(u)];
        if ((unit.capabilities & wanted) == 0) continue;
        const int step = model_.step_of_level[static_cast<std::size_t>(unit.level)];
        if (step < 0 || step > st.step) continue;
        if (!model_.mutual_aid) {
          const int b = model_.stations[s].banner;
          if (b >= 0 && incident_banner >= 0 && b != incident_banner) continue;
        }
        double t = free_flow_s;
        if (roads_) {
          const std::vector<double>& closed = class_station_time_s_[static_cast<std::size_t>(unit.vehicle_class)];
          if (!closed.empty()) t = closed[s];
        }
        t /= unit.speed_factor;
        if (t == kUnreachable) st.roads_blocked = true;
        if (t < best_s || (t == best_s && u < best)) {
          best_s = t;
          best = u;
        }
      }
    };
    // Nearest station first; once even the fastest unit of the whole force
    // could not beat the best from the next station, none further can. The
    // stations beyond those listed are farther than near.covered_s: when the
    // best is no later than that, it is final; otherwise look farther.
    for (;;) {
      bool stopped = false;
      for (std::size_t k = 0; k < near.stations.size(); ++k) {
        const double free_flow_s = near.times_s[k];
        if (free_flow_s * min_inverse_speed_ > best_s) {
          stopped = true;
          break;
        }
        consider(near.stations[k], free_flow_s);
      }
      if (stopped || near.covered_s == kUnreachable || best_s <= near.covered_s * min_inverse_speed_) break;
      near = travel_.stations_within(inc.node, 2.0 * near.covered_s);
      best = -1;
      best_s = kUnreachable;
    }
    if (best < 0) break;
    dispatch(incident, best);
  }
}

void ResponseRun::dispatch(int incident, int unit) {
  IncidentOutcome& inc = incidents_[static_cast<std::size_t>(incident)];
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  const ResponseModel::Unit& spec = model_.units[static_cast<std::size_t>(unit)];
  UnitState& us = units_[static_cast<std::size_t>(unit)];
  set_available(unit, false);

  DispatchOutcome d;
  d.incident = incident;
  d.unit = unit;
  d.step = st.step;
  d.dispatch_s = sim_.now();
  d.depart_s = d.dispatch_s + spec.turnout_s.sample(us.turnout);
  d.release_s = d.back_s = kNaN;
  const int index = static_cast<int>(dispatches_.size());
  if (roads_) {
    dispatches_.push_back(d);
    dispatch_state_.emplace_back();
    dispatch_state_.back().en_route = true;
    roads_->en_route.push_back(index);
    plan_route(index, model_.stations[static_cast<std::size_t>(spec.station)].node, d.depart_s);
  } else {
    d.travel_s = travel_.to_node_s(spec.station, inc.node, spec.speed_factor);
    d.arrival_s = d.depart_s + d.travel_s;
    dispatches_.push_back(d);
    DispatchState ds;
    ds.arrival_event = sim_.schedule_at(d.arrival_s, kUnitArrives, static_cast<std::uint32_t>(index));
    dispatch_state_.push_back(ds);
  }
  if (st.last_dispatch < 0) st.first_dispatch = index;
  else dispatch_state_[static_cast<std::size_t>(st.last_dispatch)].next = index;
  st.last_dispatch = index;

  const std::vector<ResponseModel::Need>& needs = needs_of(st, model_.rule(inc.type, inc.severity));
  for (std::size_t k = 0; k < needs.size(); ++k)
    if (spec.capabilities & (CapabilitySet{1} << needs[k].capability)) assigned(st)[k] += spec.people;
  ++inc.units_sent;
  if (std::isnan(inc.first_dispatch_s)) inc.first_dispatch_s = sim_.now();
}

void ResponseRun::unit_arrives(int dispatch) {
  DispatchOutcome& d = dispatches_[static_cast<std::size_t>(dispatch)];
  DispatchState& arriving = dispatch_state_[static_cast<std::size_t>(dispatch)];
  arriving.arrived = true;
  if (arriving.en_route) {
    arriving.en_route = false;
    std::erase(roads_->en_route, dispatch);
  }
  const int incident = d.incident;
  IncidentOutcome& inc = incidents_[static_cast<std::size_t>(incident)];
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  const ResponseModel::Unit& spec = model_.units[static_cast<std::size_t>(d.unit)];
  const ResponseModel::Rule& rule = model_.rule(inc.type, inc.severity);

  const std::vector<ResponseModel::Need>& needs = needs_of(st, rule);

  advance_work(incident);
  int* on_scene = arrived(st, need_slots(inc, rule));
  for (std::size_t k = 0; k < needs.size(); ++k)
    if (spec.capabilities & (CapabilitySet{1} << needs[k].capability)) on_scene[k] += spec.people;
  inc.people_arrived += spec.people;
  if (coupled_ != nullptr) coupled_->unit_arrived(d.unit, incident);
  if (std::isnan(inc.first_arrival_s)) inc.first_arrival_s = sim_.now();
  if ((spec.capabilities & (CapabilitySet{1} << kComms)) && std::isnan(inc.comms_arrival_s) &&
      link_possible(inc, spec))
    inc.comms_arrival_s = sim_.now();
  if ((spec.capabilities & (CapabilitySet{1} << kFire)) && std::isnan(inc.first_fire_arrival_s)) {
    inc.first_fire_arrival_s = sim_.now();
    inc.first_fire_turnout_s = d.depart_s - d.dispatch_s;
    inc.first_fire_travel_s = sim_.now() - d.depart_s;
  }
  bool work_grew = false;
  if (std::isnan(inc.full_arrival_s)) {
    // The first alarm's complement (the first needs keep their places after a second alarm).
    bool full = true;
    for (std::size_t k = 0; k < rule.needs.size(); ++k) full = full && on_scene[k] >= rule.needs[k].people;
    if (full) {
      inc.full_arrival_s = sim_.now();
      if (inc.growth >= 0) {
        inc.contained = inc.full_arrival_s <= inc.flashover_s;
        // Past flashover the fire has grown until this crew attacks it: the work grows with the area involved.
        if (inc.full_arrival_s > inc.flashover_s) {
          st.work_s *= fire_work_factor(static_cast<FireGrowth>(inc.growth), inc.full_arrival_s - inc.occurred_s,
                                        model_.flashover_kw, model_.fire_heat_release_kw_m2, model_.fire_area_max_m2);
          work_grew = true;
        }
      }
    }
  }

  // The work goes at the pace of the first need's crew, full speed once complete.
  const double rate = std::min(1.0, static_cast<double>(on_scene[0]) / needs[0].people);
  if (rate > st.crew_rate || (work_grew && st.crew_rate > 0.0)) pace_work(incident, rate);
}

// Sets the pace of the crew's work (after advance_work) and when it will be done.
void ResponseRun::pace_work(int incident, double rate) {
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  st.crew_rate = rate;
  st.work_rate = rate * st.supply_pace;
  rate = st.work_rate;
  if (st.work_scheduled) sim_.cancel(st.work_event);
  const double remaining_s = std::max(0.0, st.work_s - st.work_done_s);
  // Work without end (+inf) lasts until the coupled process completes it.
  st.work_scheduled = std::isfinite(remaining_s) && rate > 0.0;
  if (st.work_scheduled)
    st.work_event = sim_.schedule_in(remaining_s / rate, kWorkDone, static_cast<std::uint32_t>(incident));
  if (coupled_ != nullptr) coupled_->work_paced(incident);
}

double ResponseRun::work_done_s(int incident) const {
  const IncidentState& st = state_[static_cast<std::size_t>(incident)];
  if (st.done) return st.work_done_s;
  return std::min(st.work_s, st.work_done_s + st.work_rate * (sim_.now() - st.work_updated_s));
}

double ResponseRun::work_left_s(int incident) const {
  const IncidentState& st = state_[static_cast<std::size_t>(incident)];
  return st.done ? 0.0 : std::max(0.0, st.work_s - work_done_s(incident));
}

void ResponseRun::set_supply_pace(int incident, double factor) {
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  if (st.done || factor == st.supply_pace) return;
  advance_work(incident);
  st.supply_pace = factor;
  pace_work(incident, st.crew_rate);
}

// A growing fire reaches flashover. With the first alarm's crew complete on
// scene it is contained; otherwise the second alarm sounds: the needs grow by
// the rule's second alarm and the dispatcher sends for them at once.
void ResponseRun::flashover(int incident) {
  IncidentOutcome& inc = incidents_[static_cast<std::size_t>(incident)];
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  if (st.done || st.second_alarm || !std::isnan(inc.full_arrival_s)) return;
  const ResponseModel::Rule& rule = model_.rule(inc.type, inc.severity);
  st.second_alarm = true;
  inc.second_alarm_s = sim_.now();
  inc.people_needed = 0;
  for (const ResponseModel::Need& need : rule.escalated_needs) inc.people_needed += need.people;
  // Units already sent count toward the needs the second alarm adds.
  int* sent = assigned(st);
  int* on_scene = arrived(st, rule.escalated_needs.size());
  for (int d = st.first_dispatch; d >= 0; d = dispatch_state_[static_cast<std::size_t>(d)].next) {
    const ResponseModel::Unit& spec = model_.units[static_cast<std::size_t>(dispatches_[static_cast<std::size_t>(d)].unit)];
    for (std::size_t k = rule.needs.size(); k < rule.escalated_needs.size(); ++k) {
      if (!(spec.capabilities & (CapabilitySet{1} << rule.escalated_needs[k].capability))) continue;
      sent[k] += spec.people;
      if (dispatch_state_[static_cast<std::size_t>(d)].arrived) on_scene[k] += spec.people;
    }
  }
  if (!st.decided) return;  // the dispatcher, when it takes the call, sends for the grown needs
  advance_work(incident);
  const double rate = std::min(1.0, static_cast<double>(on_scene[0]) / rule.escalated_needs[0].people);
  if (rate != st.crew_rate) pace_work(incident, rate);
  select_units(incident);
}

void ResponseRun::advance_work(int incident) {
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  st.work_done_s += st.work_rate * (sim_.now() - st.work_updated_s);
  st.work_updated_s = sim_.now();
}

void ResponseRun::work_done(int incident) {
  IncidentOutcome& inc = incidents_[static_cast<std::size_t>(incident)];
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  advance_work(incident);
  st.done = true;
  st.work_scheduled = false;
  inc.cleared_s = sim_.now();
  if (coupled_ != nullptr) coupled_->work_ended(incident);
  waiting_.erase({inc.call_s, incident});
  for (int index = st.first_dispatch; index >= 0; index = dispatch_state_[static_cast<std::size_t>(index)].next) {
    DispatchOutcome& d = dispatches_[static_cast<std::size_t>(index)];
    DispatchState& ds = dispatch_state_[static_cast<std::size_t>(index)];
    const ResponseModel::Unit& spec = model_.units[static_cast<std::size_t>(d.unit)];
    d.release_s = sim_.now();
    if (coupled_ != nullptr) coupled_->unit_left(d.unit, incident, ds.arrived);
    if (ds.arrived) {
      if (roads_ && roads_->states[static_cast<std::size_t>(spec.vehicle_class)].closed_count() > 0) {
        try_return(index);
        continue;
      }
      d.back_s = sim_.now() + travel_.to_station_s(inc.node, spec.station, spec.speed_factor);
    } else {
      // Recalled on the way: it turns back and takes as long to return as it has driven.
      if (!ds.blocked) sim_.cancel(ds.arrival_event);
      if (ds.en_route) {
        ds.en_route = false;
        std::erase(roads_->en_route, index);
      }
      d.arrival_s = kNaN;
      d.back_s = sim_.now() + std::max(0.0, sim_.now() - d.depart_s);
    }
    sim_.schedule_at(d.back_s, kUnitBack, static_cast<std::uint32_t>(index));
  }
}

void ResponseRun::unit_back(int dispatch) {
  const int unit = dispatches_[static_cast<std::size_t>(dispatch)].unit;
  set_available(unit, true);
  // A coupled process with a duty waiting for this unit takes it first.
  if (coupled_ != nullptr) coupled_->unit_free(unit);
  if (available_units_ > 0) serve_waiting();
}

int ResponseRun::raise_incident(int type, int severity, NodeId node, int zone, double work_s) {
  if (type < 0 || type >= static_cast<int>(model_.incident_types.size()) || severity < 0 ||
      severity >= static_cast<int>(model_.severities.size()))
    throw std::logic_error("raise_incident: an incident type or severity the model does not have");
  const int incident = static_cast<int>(incidents_.size());
  IncidentOutcome inc;
  inc.id = incident;
  inc.type = type;
  inc.severity = severity;
  inc.zone = zone;
  inc.node = node;
  inc.occurred_s = inc.call_s = sim_.now();
  inc.first_dispatch_s = inc.first_arrival_s = inc.full_arrival_s = inc.comms_arrival_s = kNaN;
  inc.cleared_s = inc.flashover_s = kNaN;
  inc.measured = inc.call_s >= model_.warmup_s && inc.call_s < model_.horizon_s;
  incidents_.push_back(inc);
  IncidentState st;
  st.first_need = static_cast<std::uint32_t>(need_people_.size());
  need_people_.resize(need_people_.size() + 2 * model_.rule(type, severity).needs.size(), 0);
  RandomStream stream = RandomStream::member(seed_, replication_, "raised incident", static_cast<std::uint64_t>(raised_++));
  const double delay_s = model_.dispatch_delay_s.sample(stream);
  st.work_s = std::isnan(work_s) ? model_.rule(type, severity).on_scene_s.sample(stream) : work_s;
  state_.push_back(st);
  sim_.schedule_in(delay_s, kDispatchDecision, static_cast<std::uint32_t>(incident));
  return incident;
}

void ResponseRun::complete_incident(int incident) {
  IncidentState& st = state_[static_cast<std::size_t>(incident)];
  if (st.done) return;
  if (st.work_scheduled) sim_.cancel(st.work_event);
  work_done(incident);
}

void ResponseRun::hold_unit(int unit) {
  UnitState& us = units_[static_cast<std::size_t>(unit)];
  if (!us.available) throw std::logic_error("hold_unit: the unit is not available");
  set_available(unit, false);
  us.held = true;
  us.held_since_s = sim_.now();
  ++us.duties;
}

void ResponseRun::release_unit(int unit) {
  UnitState& us = units_[static_cast<std::size_t>(unit)];
  if (!us.held) throw std::logic_error("release_unit: the unit is not held");
  release_duty_time(us, sim_.now());
  us.held = false;
  set_available(unit, true);
  serve_waiting();
}

void ResponseRun::release_duty_time(UnitState& us, double until_s) const {
  const double from = std::max(us.held_since_s, model_.warmup_s);
  const double to = std::min(until_s, model_.horizon_s);
  if (to > from) us.duty_s += to - from;
  us.held_since_s = until_s;
}

void ResponseRun::serve_waiting() {
  // Oldest call first; select_units may erase the entry it is given.
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    const int incident = it->second;
    ++it;
    if (state_[static_cast<std::size_t>(incident)].done) continue;
    select_units(incident);
    if (available_units_ == 0) break;
  }
}

void ResponseRun::set_available(int unit, bool available) {
  units_[static_cast<std::size_t>(unit)].available = available;
  if (available) ++available_units_;
  else --available_units_;
  StationUnits& here = station_units_[static_cast<std::size_t>(model_.units[static_cast<std::size_t>(unit)].station)];
  here.available_capabilities = 0;
  for (int u : here.units)
    if (units_[static_cast<std::size_t>(u)].available) here.available_capabilities |= model_.units[static_cast<std::size_t>(u)].capabilities;
}

}  // namespace detail

ReplicationOutcome simulate_response(const ResponseModel& model, const TravelOracle& travel, std::uint64_t seed,
                                     std::uint64_t replication, CoupledProcess* coupled) {
  return detail::ResponseRun(model, travel, seed, replication, coupled).run();
}

}  // namespace dsim
