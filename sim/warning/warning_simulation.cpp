// SPDX-License-Identifier: MIT
#include "sim/warning/warning_simulation.hpp"

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"
#include "sim/core/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <string>

namespace dsim {

namespace {

// Event kinds; a warning by channel c is kWarnBase + c.
enum Kind : std::uint32_t {
  kDetect = 0,
  kIssue = 1,
  kCallAttempt = 2,
  kZoneChannelStart = 3,  // subject = channel * zones + zone
  kDepart = 4,
  kReachNode = 5,
  kKnockDone = 6,   // subject = unit
  kFallback = 7,    // subject = call thread
  kWarnBase = 16,
};

// What one household will do, drawn up front from its own streams so that
// the draws do not depend on when things happen (common random numbers).
struct HouseholdPlan {
  double comply_u = 0.0;
  double preparation_s = 0.0;
  NodeId at{};  // where it is now (home, or the last node reached)
  double acted_s = kNotYet;  // protective action over: sheltered, caught, or no shelter to go to
};

struct CallThread {
  std::vector<std::size_t> zones;
  RandomStream rng;
  int depth = 0;
  bool fallback_sent = false;
};

// One unit's share of the doors of a zone for a channel.
struct KnockJob {
  std::size_t channel = 0;
  std::size_t zone = 0;
  std::vector<std::size_t> households;
  std::size_t record = 0;  // index into WarningOutcome::knocks
};

// What a unit of the forces has to knock, in order.
struct Knocker {
  std::deque<KnockJob> jobs;
  bool knocking = false;
};

class WarningRun {
 public:
  WarningRun(const WarningModel& model, const HazardArrival& hazard, const EvacuationRoutes& routes,
             std::uint64_t seed, std::uint64_t replication)
      : m_(model), hazard_(hazard), routes_(routes), seed_(seed), rep_(replication) {}
  WarningRun(const WarningRun&) = delete;  // sim_ may point at own_sim_
  WarningRun& operator=(const WarningRun&) = delete;

  // Alone: its own event loop, up to the horizon.
  WarningOutcome run();

  // In another loop (a response run's): kinds from `kind_base` up.
  void attach(Simulation& sim, ResponseForces* forces, std::uint32_t kind_base) {
    sim_ = &sim;
    forces_ = forces;
    base_ = kind_base;
  }
  void begin();
  void handle(const Event& e);  // e.kind with the base already taken off
  void unit_free(int unit);
  WarningOutcome end();
  double horizon_s() const { return m_.horizon_s; }
  std::function<void(int, int)> on_sheltered;  // (shelter, people) as they arrive

 private:
  void make_households();
  void detect();
  void issue();
  void start_channel(std::size_t c, std::size_t zone, double t0);
  void call_attempt(std::size_t thread);
  void acknowledge(std::size_t zone);
  void warn(std::size_t h, std::size_t channel);
  void depart(std::size_t h);
  void step(std::size_t h);
  void reach_node(std::size_t h);
  void finish();
  void sheltered(std::size_t shelter, std::uint32_t people) {
    out_.shelters[shelter].occupancy_people += people;
    if (on_sheltered) on_sheltered(static_cast<int>(shelter), static_cast<int>(people));
  }
  void knock_with_units(std::size_t c, std::size_t z, double t0);
  void start_knocking(int unit, bool held = false);
  void knock_done(int unit);
  void fallback(std::size_t thread);
  void contact(std::size_t c, std::size_t h, double contact_s, double u, double delay_s);
  bool channel_down(const WarningChannel& ch, std::size_t zone, double t_s) const {
    return ch.needs != 0 && m_.outages.down(m_.zones[zone].region_zone, ch.needs, t_s);
  }
  EventId schedule_at(double t_s, std::uint32_t kind, std::uint32_t subject = 0) {
    return sim_->schedule_at(t_s, base_ + kind, subject);
  }
  EventId schedule_in(double delay_s, std::uint32_t kind, std::uint32_t subject = 0) {
    return sim_->schedule_in(delay_s, base_ + kind, subject);
  }

  double awake_share(const WarningGroup& g, double t_s) const {
    const double hours = m_.start_hour + t_s / 3600.0;
    const auto hour = static_cast<long long>(std::floor(hours));
    return g.awake_share[static_cast<std::size_t>(((hour % 24) + 24) % 24)];
  }

  const WarningModel& m_;
  const HazardArrival& hazard_;
  const EvacuationRoutes& routes_;
  std::uint64_t seed_, rep_;
  Simulation own_sim_;
  Simulation* sim_ = &own_sim_;
  ResponseForces* forces_ = nullptr;  // null: alone, no forces and no roads that change
  // The forces as the warning duties see them: null when they are not shared.
  ResponseForces* duties() const { return m_.shared_forces ? forces_ : nullptr; }
  std::uint32_t base_ = 0;
  double pending_issue_delay_s_ = 0.0;
  std::map<int, Knocker> knockers_;   // by unit
  WarningOutcome out_;
  std::vector<HouseholdPlan> plans_;
  std::vector<std::vector<std::size_t>> zone_households_;  // per zone, household indices in order
  std::vector<CallThread> threads_;
  std::vector<double> line_free_s_;        // per channel: when the next outbound call can be placed
  std::vector<double> link_free_s_;        // per edge: when the point queue lets the next vehicle out
};

void WarningRun::make_households() {
  const int size = std::max(1, static_cast<int>(std::lround(m_.household_size)));
  zone_households_.assign(m_.zones.size(), {});
  for (std::size_t z = 0; z < m_.zones.size(); ++z) {
    const WarningZone& zone = m_.zones[z];
    const bool populated = std::any_of(zone.people.begin(), zone.people.end(), [](std::int64_t n) { return n > 0; });
    if (populated && zone.nodes.empty()) throw Error("warning zone '" + zone.id + "' has people but no road node");
    for (std::size_t g = 0; g < zone.people.size() && g < m_.groups.size(); ++g) {
      std::int64_t left = zone.people[g];
      while (left > 0) {
        const std::size_t h = out_.households.size();
        HouseholdRecord rec;
        rec.zone = static_cast<std::uint32_t>(z);
        rec.group = static_cast<std::uint32_t>(g);
        rec.people = static_cast<std::uint32_t>(std::min<std::int64_t>(left, size));
        left -= rec.people;
        RandomStream rng = RandomStream::member(seed_, rep_, "warning.household", h);
        rec.home = zone.nodes[static_cast<std::size_t>(rng.below(zone.nodes.size()))];
        HouseholdPlan plan;
        plan.comply_u = rng.uniform();
        rec.drives = rng.uniform() < m_.groups[g].vehicle_share;
        RandomStream prep = RandomStream::member(seed_, rep_, "warning.preparation", h);
        plan.preparation_s = m_.groups[g].preparation_s.sample(prep);
        plan.at = rec.home;
        rec.hazard_at_home_s = hazard_.at(rec.home);
        out_.households.push_back(rec);
        plans_.push_back(plan);
        zone_households_[z].push_back(h);
      }
    }
  }
}

WarningOutcome WarningRun::run() {
  begin();
  sim_->run_until(m_.horizon_s, [&](const Event& e) { handle(e); });
  return end();
}

void WarningRun::begin() {
  make_households();
  out_.zone_acknowledged_s.assign(m_.zones.size(), kNotYet);
  out_.shelters.resize(m_.shelters.size());
  for (std::size_t k = 0; k < m_.shelters.size(); ++k) out_.shelters[k].capacity_people = m_.shelters[k].capacity_people;
  line_free_s_.assign(m_.channels.size(), 0.0);
  out_.channel_failed.assign(m_.channels.size(), 0);
  link_free_s_.assign(routes_.network().edge_count(), -kNotYet);

  for (double t : hazard_.node_arrival_s) out_.hazard_onset_s = std::min(out_.hazard_onset_s, t);
  RandomStream chain(seed_, rep_, "warning.chain");
  const double latency_s = m_.detection_latency_s.sample(chain);
  const double issue_delay_s = m_.issue_delay_s.sample(chain);
  if (out_.hazard_onset_s < kNotYet) {
    out_.detected_s = std::max(0.0, out_.hazard_onset_s) + latency_s;
    if (!m_.issue_at_s) schedule_at(out_.detected_s, kDetect);
  }
  if (m_.issue_at_s) {
    out_.decided_s = *m_.issue_at_s;
    out_.issued_s = out_.decided_s + issue_delay_s;
    schedule_at(out_.issued_s, kIssue);
  }
  // The issue delay is drawn before the decision so that the draw is the same whichever way the decision goes.
  pending_issue_delay_s_ = issue_delay_s;
}

void WarningRun::handle(const Event& e) {
  switch (e.kind) {
    case kDetect:
      out_.decided_s = sim_->now();
      out_.issued_s = out_.decided_s + pending_issue_delay_s_;
      schedule_at(out_.issued_s, kIssue);
      break;
    case kIssue: issue(); break;
    case kCallAttempt: call_attempt(e.subject); break;
    case kZoneChannelStart:
      start_channel(e.subject / m_.zones.size(), e.subject % m_.zones.size(), sim_->now());
      break;
    case kDepart: depart(e.subject); break;
    case kReachNode: reach_node(e.subject); break;
    case kKnockDone: knock_done(static_cast<int>(e.subject)); break;
    case kFallback: fallback(e.subject); break;
    default: warn(e.subject, e.kind - kWarnBase); break;
  }
}

WarningOutcome WarningRun::end() {
  out_.events = sim_->events_processed();
  finish();
  return std::move(out_);
}

void WarningRun::issue() {
  const double now = sim_->now();
  for (std::size_t c = 0; c < m_.channels.size(); ++c) {
    if (m_.channels[c].after_acknowledgement) continue;
    for (std::size_t z = 0; z < m_.zones.size(); ++z)
      if (m_.channels[c].covers(z)) start_channel(c, z, now);
  }
  for (std::size_t p = 0; p < m_.responsible.size(); ++p) {
    if (m_.responsible[p].zones.empty()) continue;
    CallRecord rec;
    rec.person = static_cast<std::uint32_t>(p);
    rec.started_s = now;
    threads_.push_back({m_.responsible[p].zones, RandomStream::member(seed_, rep_, "warning.call", p), 0});
    out_.calls.push_back(rec);
    schedule_at(now, kCallAttempt, static_cast<std::uint32_t>(out_.calls.size() - 1));
  }
}

void WarningRun::start_channel(std::size_t c, std::size_t z, double t0) {
  const WarningChannel& ch = m_.channels[c];
  if (ch.households_per_team_hour > 0.0 && !ch.units_in(z).empty()) {
    knock_with_units(c, z, t0);
    return;
  }
  if (ch.has_units() && ch.teams_per_zone == 0) return;  // named teams only, and none knocks here
  const std::string stream = "warning.channel." + ch.name;
  const std::vector<std::size_t>& hs = zone_households_[z];
  const int teams = std::max(1, ch.teams_per_zone);
  for (std::size_t k = 0; k < hs.size(); ++k) {
    const std::size_t h = hs[k];
    RandomStream rng = RandomStream::member(seed_, rep_, stream, h);
    const double u = rng.uniform();
    const double delay_s = ch.delay_s.sample(rng);
    double contact_s = t0;
    if (ch.is_calls()) {
      // One queue of outbound calls: a call goes out every 60 / rate seconds.
      contact_s = std::max(t0, line_free_s_[c]);
      line_free_s_[c] = contact_s + 60.0 / ch.calls_per_minute;
    } else if (ch.is_door_knocking()) {
      // `teams` servers with a fixed service time each: household k is done after its team's (k / teams + 1)-th visit.
      contact_s = t0 + static_cast<double>(k / static_cast<std::size_t>(teams) + 1) * 3600.0 / ch.households_per_team_hour;
    }
    contact(c, h, contact_s, u, delay_s);
  }
}

// A contact by channel c with household h at contact_s: it hears the warning
// delay_s later if the draw u falls within the reach (awake or woken), unless
// the infrastructure the channel needs is down in its zone then.
void WarningRun::contact(std::size_t c, std::size_t h, double contact_s, double u, double delay_s) {
  const WarningChannel& ch = m_.channels[c];
  const HouseholdRecord& rec = out_.households[h];
  if (channel_down(ch, rec.zone, contact_s)) {
    ++out_.channel_failed[c];
    return;
  }
  const WarningGroup& g = m_.groups[rec.group];
  const double awake = awake_share(g, contact_s);
  const double p = ch.reach[rec.group] * (awake + (1.0 - awake) * ch.reach_asleep);
  if (u < p) schedule_at(contact_s + delay_s, kWarnBase + static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(h));
}

// Door knocking by units of the forces: the zone's households are dealt out
// in turn to the units that knock there (household k to unit k mod n); each
// unit knocks its share one door after another, once it is free.
void WarningRun::knock_with_units(std::size_t c, std::size_t z, double t0) {
  const std::vector<int>& units = m_.channels[c].units_in(z);
  const std::vector<std::size_t>& hs = zone_households_[z];
  for (std::size_t j = 0; j < units.size(); ++j) {
    KnockJob job;
    job.channel = c;
    job.zone = z;
    for (std::size_t k = j; k < hs.size(); k += units.size()) job.households.push_back(hs[k]);
    if (job.households.empty()) continue;
    KnockRecord rec;
    rec.unit = units[j];
    rec.channel = static_cast<std::uint32_t>(c);
    rec.zone = static_cast<std::uint32_t>(z);
    rec.queued_s = t0;
    rec.households = static_cast<std::uint32_t>(job.households.size());
    job.record = out_.knocks.size();
    out_.knocks.push_back(rec);
    Knocker& knocker = knockers_[units[j]];
    knocker.jobs.push_back(std::move(job));
    if (!knocker.knocking) start_knocking(units[j]);
  }
}

// Starts the unit's next job if it is free; a unit out on an incident starts when it is back (unit_free).
void WarningRun::start_knocking(int unit, bool held) {
  Knocker& knocker = knockers_[unit];
  if (knocker.knocking || knocker.jobs.empty()) return;
  if (ResponseForces* f = held ? nullptr : duties()) {
    if (!f->unit_available(unit)) return;
    f->hold_unit(unit);
  }
  knocker.knocking = true;
  const KnockJob& job = knocker.jobs.front();
  const WarningChannel& ch = m_.channels[job.channel];
  const double now = sim_->now();
  const double visit_s = 3600.0 / ch.households_per_team_hour;
  const std::string stream = "warning.channel." + ch.name;
  for (std::size_t i = 0; i < job.households.size(); ++i) {
    const std::size_t h = job.households[i];
    RandomStream rng = RandomStream::member(seed_, rep_, stream, h);
    const double u = rng.uniform();
    const double delay_s = ch.delay_s.sample(rng);
    contact(job.channel, h, now + static_cast<double>(i + 1) * visit_s, u, delay_s);
  }
  KnockRecord& rec = out_.knocks[job.record];
  rec.started_s = now;
  rec.ended_s = now + static_cast<double>(job.households.size()) * visit_s;
  schedule_at(rec.ended_s, kKnockDone, static_cast<std::uint32_t>(unit));
}

void WarningRun::knock_done(int unit) {
  Knocker& knocker = knockers_[unit];
  knocker.jobs.pop_front();
  knocker.knocking = false;
  if (!knocker.jobs.empty()) {
    start_knocking(unit, true);  // straight on to the next zone: the dispatcher does not get it in between
    return;
  }
  if (ResponseForces* f = duties()) f->release_unit(unit);
}

void WarningRun::unit_free(int unit) {
  const auto it = knockers_.find(unit);
  if (it != knockers_.end() && !it->second.knocking && !it->second.jobs.empty()) start_knocking(unit);
}

void WarningRun::call_attempt(std::size_t t) {
  CallThread& th = threads_[t];
  CallRecord& rec = out_.calls[t];
  if (std::all_of(th.zones.begin(), th.zones.end(), [&](std::size_t z) { return out_.zone_acknowledged_s[z] < kNotYet; }))
    return;  // someone else has answered for these zones: command stops calling
  const ResponsiblePerson& person = m_.responsible[rec.person];
  ++rec.attempts;
  // Drawn whatever happens next, so that the same attempt gets the same draw in every run.
  const bool answers = th.rng.bernoulli(person.answer_probability);
  bool reached = true;
  if (m_.call_needs != 0 && !person.zones.empty() &&
      m_.outages.down(m_.zones[person.zones.front()].region_zone, m_.call_needs, sim_->now())) {
    // Their zone is cut off: the call fails; command sends the fallback once.
    reached = false;
    ++rec.failed_no_network;
    if (!th.fallback_sent && std::isfinite(m_.fallback_delay_s)) {
      th.fallback_sent = true;
      schedule_in(m_.fallback_delay_s, kFallback, static_cast<std::uint32_t>(t));
    }
  } else if (person.unit >= 0 && duties() != nullptr && duties()->unit_on_incident(person.unit)) {
    reached = false;  // out on a rescue with their team
    ++rec.missed_on_rescue;
  }
  if (reached && answers) {
    rec.answered_s = sim_->now();
    for (std::size_t z : th.zones) acknowledge(z);
    return;
  }
  if (rec.attempts == person.attempts_before_escalation && person.escalate_to >= 0 && !rec.escalated) {
    rec.escalated = true;
    const auto next = static_cast<std::size_t>(person.escalate_to);
    CallRecord up;
    up.person = static_cast<std::uint32_t>(next);
    up.escalated_from = static_cast<int>(t);
    up.started_s = sim_->now();
    const int depth = th.depth + 1;
    threads_.push_back({th.zones, RandomStream::member(seed_, rep_, "warning.call", next + 65536ull * static_cast<std::uint64_t>(depth) + 1048576ull * rec.person), depth});
    out_.calls.push_back(up);
    schedule_in(0.0, kCallAttempt, static_cast<std::uint32_t>(out_.calls.size() - 1));
  }
  // `th` and `rec` may have moved with the push_backs above: index again.
  if (out_.calls[t].attempts < person.max_attempts) schedule_in(person.retry_interval_s, kCallAttempt, static_cast<std::uint32_t>(t));
}

// The fallback reaches the person: they answer for their zones, unless someone already has.
void WarningRun::fallback(std::size_t t) {
  CallThread& th = threads_[t];
  if (std::all_of(th.zones.begin(), th.zones.end(), [&](std::size_t z) { return out_.zone_acknowledged_s[z] < kNotYet; }))
    return;
  CallRecord& rec = out_.calls[t];
  if (rec.answered_s < kNotYet) return;
  rec.answered_s = sim_->now();
  rec.by_fallback = true;
  for (std::size_t z : th.zones) acknowledge(z);
}

void WarningRun::acknowledge(std::size_t z) {
  if (out_.zone_acknowledged_s[z] < kNotYet) return;
  out_.zone_acknowledged_s[z] = sim_->now();
  for (std::size_t c = 0; c < m_.channels.size(); ++c)
    if (m_.channels[c].after_acknowledgement && m_.channels[c].covers(z)) start_channel(c, z, sim_->now());
}

void WarningRun::warn(std::size_t h, std::size_t channel) {
  HouseholdRecord& rec = out_.households[h];
  if (rec.warned_s < kNotYet) return;
  rec.warned_s = sim_->now();
  rec.warned_by = static_cast<int>(channel);
  rec.complied = plans_[h].comply_u < m_.groups[rec.group].compliance;
  if (rec.complied && m_.shelters_in(rec.zone)) {  // stays at home, indoors
    rec.sheltered_in_place_s = sim_->now();
    plans_[h].acted_s = sim_->now();
    return;
  }
  if (rec.complied) schedule_in(plans_[h].preparation_s, kDepart, static_cast<std::uint32_t>(h));
}

void WarningRun::depart(std::size_t h) {
  HouseholdRecord& rec = out_.households[h];
  const double now = sim_->now();
  if (rec.hazard_at_home_s < now) {  // caught at home before leaving
    rec.exposed = true;
    plans_[h].acted_s = now;
    return;
  }
  // The nearest shelter (by route cost) that still has room for the whole household.
  int best = -1;
  double best_s = kNotYet;
  for (std::size_t k = 0; k < m_.shelters.size(); ++k) {
    const ShelterRecord& s = out_.shelters[k];
    if (s.capacity_people - s.reserved_people < static_cast<std::int64_t>(rec.people)) continue;
    const double t = routes_.time_s(k, rec.home);
    if (t < best_s) {
      best_s = t;
      best = static_cast<int>(k);
    }
  }
  if (best < 0) {  // nowhere to go: shelters in place
    plans_[h].acted_s = now;
    return;
  }
  rec.shelter = best;
  rec.departed_s = now;
  out_.shelters[static_cast<std::size_t>(best)].reserved_people += rec.people;
  if (m_.instant_evacuation) {
    rec.sheltered_s = now;
    plans_[h].acted_s = now;
    sheltered(static_cast<std::size_t>(best), rec.people);
    return;
  }
  step(h);
}

void WarningRun::step(std::size_t h) {
  HouseholdRecord& rec = out_.households[h];
  HouseholdPlan& plan = plans_[h];
  const auto k = static_cast<std::size_t>(rec.shelter);
  const double now = sim_->now();
  if (plan.at == m_.shelters[k].node) {
    rec.sheltered_s = now;
    plan.acted_s = now;
    sheltered(k, rec.people);
    return;
  }
  const EdgeId e = routes_.next_edge(k, plan.at);
  const RoadNetwork& net = routes_.network();
  if (forces_ != nullptr && e != kNoEdge && !forces_->edge_open(e, 0)) {
    // The same closures as the responders': the household stops where it is.
    rec.blocked = true;
    plan.acted_s = now;
    return;
  }
  double exit_s;
  if (rec.drives) {
    // Point queue (Vickrey 1969): free-flow time on the link, then out at no more than the link's capacity, first in first out.
    const double headway_s = 3600.0 / road_capacity_vph(net.road_class(e));
    exit_s = std::max(now + net.travel_time_s(e), link_free_s_[index(e)] + headway_s);
    link_free_s_[index(e)] = exit_s;
  } else {
    exit_s = now + net.length_m(e) / m_.walk_speed_mps;
  }
  plan.at = net.head(e);
  schedule_at(exit_s, kReachNode, static_cast<std::uint32_t>(h));
}

void WarningRun::reach_node(std::size_t h) {
  HouseholdRecord& rec = out_.households[h];
  if (hazard_.at(plans_[h].at) < sim_->now()) {  // the hazard got there first: caught on the way
    rec.exposed = true;
    plans_[h].acted_s = sim_->now();
    return;
  }
  step(h);
}

void WarningRun::finish() {
  // Those who never left (not warned, not complying, no shelter) meet the hazard at home if it comes within the run.
  for (std::size_t h = 0; h < out_.households.size(); ++h) {
    HouseholdRecord& rec = out_.households[h];
    if (rec.exposed) continue;
    if (rec.blocked) {  // stopped on the way: met by the hazard where it stopped
      if (hazard_.at(plans_[h].at) <= m_.horizon_s) rec.exposed = true;
      continue;
    }
    if (rec.departed_s < kNotYet) continue;
    if (rec.sheltered_in_place_s < kNotYet && !m_.indoor_arrival_s.empty()) {
      // Indoors: met by the hazard when the air inside reaches it.
      if (m_.indoor_arrival_s[static_cast<std::size_t>(rec.home)] <= m_.horizon_s) rec.exposed = true;
      continue;
    }
    if (rec.hazard_at_home_s <= m_.horizon_s) rec.exposed = true;
  }
  // Feedback per zone and group: once the zone's responsible person has answered and every household that acted has
  // finished, the report reaches command a delay later.
  const std::size_t groups = m_.groups.size();
  std::vector<std::vector<double>> done(m_.zones.size(), std::vector<double>(groups, 0.0));
  for (std::size_t h = 0; h < out_.households.size(); ++h) {
    const HouseholdRecord& rec = out_.households[h];
    if (!rec.complied) continue;
    double& d = done[rec.zone][rec.group];
    d = std::max(d, plans_[h].acted_s);
  }
  out_.feedback_s.assign(m_.zones.size(), std::vector<double>(groups, kNotYet));
  out_.all_feedback_s = m_.zones.empty() ? kNotYet : 0.0;
  for (std::size_t z = 0; z < m_.zones.size(); ++z) {
    for (std::size_t g = 0; g < groups; ++g) {
      if (g >= m_.zones[z].people.size() || m_.zones[z].people[g] <= 0) continue;
      RandomStream rng = RandomStream::member(seed_, rep_, "warning.feedback", z * groups + g);
      const double delay_s = m_.feedback_delay_s.sample(rng);
      const double ready_s = std::max(out_.zone_acknowledged_s[z], done[z][g]);
      const double at_s = ready_s + delay_s;
      out_.feedback_s[z][g] = at_s <= m_.horizon_s ? at_s : kNotYet;
      out_.all_feedback_s = std::max(out_.all_feedback_s, out_.feedback_s[z][g]);
    }
  }
}

}  // namespace

WarningOutcome simulate_warning(const WarningModel& model, const HazardArrival& hazard,
                                const EvacuationRoutes& routes, std::uint64_t seed, std::uint64_t replication) {
  WarningRun run(model, hazard, routes, seed, replication);
  return run.run();
}

struct WarningProcess::Impl {
  Impl(const WarningModel& model, const HazardArrival& hazard, const EvacuationRoutes& routes, std::uint64_t seed,
       std::uint64_t replication)
      : run(model, hazard, routes, seed, replication) {}
  WarningRun run;  // built in place: it points into itself until attached
  std::uint32_t base = CoupledProcess::kCoupledKindBase;
  const Simulation* sim = nullptr;
  WarningOutcome outcome;
};

WarningProcess::WarningProcess(const WarningModel& model, const HazardArrival& hazard, const EvacuationRoutes& routes,
                               std::uint64_t seed, std::uint64_t replication)
    : impl_(std::make_unique<Impl>(model, hazard, routes, seed, replication)) {}

WarningProcess::~WarningProcess() = default;

void WarningProcess::start(Simulation& sim, ResponseForces& forces) {
  impl_->sim = &sim;
  impl_->run.attach(sim, &forces, impl_->base);
  impl_->run.begin();
}

void WarningProcess::handle(const Event& e) {
  // The warning chain plays up to the horizon, as when it runs alone.
  if (e.time_s > impl_->run.horizon_s()) return;
  Event mine = e;
  mine.kind -= impl_->base;
  impl_->run.handle(mine);
}

void WarningProcess::unit_free(int unit) {
  if (impl_->sim != nullptr && impl_->sim->now() > impl_->run.horizon_s()) return;
  impl_->run.unit_free(unit);
}

void WarningProcess::finish() { impl_->outcome = impl_->run.end(); }

WarningOutcome WarningProcess::take_outcome() { return std::move(impl_->outcome); }

void WarningProcess::on_sheltered(std::function<void(int shelter, int people)> listener) {
  impl_->run.on_sheltered = std::move(listener);
}

}  // namespace dsim
