// SPDX-License-Identifier: MIT
#include "sim/warning/warning_simulation.hpp"

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"
#include "sim/core/simulation.hpp"

#include <algorithm>
#include <cmath>
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
};

class WarningRun {
 public:
  WarningRun(const WarningModel& model, const HazardArrival& hazard, const EvacuationRoutes& routes,
             std::uint64_t seed, std::uint64_t replication)
      : m_(model), hazard_(hazard), routes_(routes), seed_(seed), rep_(replication) {}

  WarningOutcome run();

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

  double awake_share(const WarningGroup& g, double t_s) const {
    const double hours = m_.start_hour + t_s / 3600.0;
    const auto hour = static_cast<long long>(std::floor(hours));
    return g.awake_share[static_cast<std::size_t>(((hour % 24) + 24) % 24)];
  }

  const WarningModel& m_;
  const HazardArrival& hazard_;
  const EvacuationRoutes& routes_;
  std::uint64_t seed_, rep_;
  Simulation sim_;
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
  make_households();
  out_.zone_acknowledged_s.assign(m_.zones.size(), kNotYet);
  out_.shelters.resize(m_.shelters.size());
  for (std::size_t k = 0; k < m_.shelters.size(); ++k) out_.shelters[k].capacity_people = m_.shelters[k].capacity_people;
  line_free_s_.assign(m_.channels.size(), 0.0);
  link_free_s_.assign(routes_.network().edge_count(), -kNotYet);

  for (double t : hazard_.node_arrival_s) out_.hazard_onset_s = std::min(out_.hazard_onset_s, t);
  RandomStream chain(seed_, rep_, "warning.chain");
  const double latency_s = m_.detection_latency_s.sample(chain);
  const double issue_delay_s = m_.issue_delay_s.sample(chain);
  if (out_.hazard_onset_s < kNotYet) {
    out_.detected_s = std::max(0.0, out_.hazard_onset_s) + latency_s;
    if (!m_.issue_at_s) sim_.schedule_at(out_.detected_s, kDetect);
  }
  if (m_.issue_at_s) {
    out_.decided_s = *m_.issue_at_s;
    out_.issued_s = out_.decided_s + issue_delay_s;
    sim_.schedule_at(out_.issued_s, kIssue);
  }
  // The issue delay is drawn before the decision so that the draw is the same whichever way the decision goes.
  const double pending_issue_delay_s = issue_delay_s;

  sim_.run_until(m_.horizon_s, [&](const Event& e) {
    switch (e.kind) {
      case kDetect:
        out_.decided_s = sim_.now();
        out_.issued_s = out_.decided_s + pending_issue_delay_s;
        sim_.schedule_at(out_.issued_s, kIssue);
        break;
      case kIssue: issue(); break;
      case kCallAttempt: call_attempt(e.subject); break;
      case kZoneChannelStart:
        start_channel(e.subject / m_.zones.size(), e.subject % m_.zones.size(), sim_.now());
        break;
      case kDepart: depart(e.subject); break;
      case kReachNode: reach_node(e.subject); break;
      default: warn(e.subject, e.kind - kWarnBase); break;
    }
  });
  out_.events = sim_.events_processed();
  finish();
  return std::move(out_);
}

void WarningRun::issue() {
  const double now = sim_.now();
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
    sim_.schedule_at(now, kCallAttempt, static_cast<std::uint32_t>(out_.calls.size() - 1));
  }
}

void WarningRun::start_channel(std::size_t c, std::size_t z, double t0) {
  const WarningChannel& ch = m_.channels[c];
  const std::string stream = "warning.channel." + ch.name;
  const std::vector<std::size_t>& hs = zone_households_[z];
  const int teams = std::max(1, ch.teams_per_zone);
  for (std::size_t k = 0; k < hs.size(); ++k) {
    const std::size_t h = hs[k];
    const HouseholdRecord& rec = out_.households[h];
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
    const WarningGroup& g = m_.groups[rec.group];
    const double awake = awake_share(g, contact_s);
    const double p = ch.reach[rec.group] * (awake + (1.0 - awake) * ch.reach_asleep);
    if (u < p) sim_.schedule_at(contact_s + delay_s, kWarnBase + static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(h));
  }
}

void WarningRun::call_attempt(std::size_t t) {
  CallThread& th = threads_[t];
  CallRecord& rec = out_.calls[t];
  if (std::all_of(th.zones.begin(), th.zones.end(), [&](std::size_t z) { return out_.zone_acknowledged_s[z] < kNotYet; }))
    return;  // someone else has answered for these zones: command stops calling
  const ResponsiblePerson& person = m_.responsible[rec.person];
  ++rec.attempts;
  if (th.rng.bernoulli(person.answer_probability)) {
    rec.answered_s = sim_.now();
    for (std::size_t z : th.zones) acknowledge(z);
    return;
  }
  if (rec.attempts == person.attempts_before_escalation && person.escalate_to >= 0 && !rec.escalated) {
    rec.escalated = true;
    const auto next = static_cast<std::size_t>(person.escalate_to);
    CallRecord up;
    up.person = static_cast<std::uint32_t>(next);
    up.escalated_from = static_cast<int>(t);
    up.started_s = sim_.now();
    const int depth = th.depth + 1;
    threads_.push_back({th.zones, RandomStream::member(seed_, rep_, "warning.call", next + 65536ull * static_cast<std::uint64_t>(depth) + 1048576ull * rec.person), depth});
    out_.calls.push_back(up);
    sim_.schedule_in(0.0, kCallAttempt, static_cast<std::uint32_t>(out_.calls.size() - 1));
  }
  // `th` and `rec` may have moved with the push_backs above: index again.
  if (out_.calls[t].attempts < person.max_attempts) sim_.schedule_in(person.retry_interval_s, kCallAttempt, static_cast<std::uint32_t>(t));
}

void WarningRun::acknowledge(std::size_t z) {
  if (out_.zone_acknowledged_s[z] < kNotYet) return;
  out_.zone_acknowledged_s[z] = sim_.now();
  for (std::size_t c = 0; c < m_.channels.size(); ++c)
    if (m_.channels[c].after_acknowledgement && m_.channels[c].covers(z)) start_channel(c, z, sim_.now());
}

void WarningRun::warn(std::size_t h, std::size_t channel) {
  HouseholdRecord& rec = out_.households[h];
  if (rec.warned_s < kNotYet) return;
  rec.warned_s = sim_.now();
  rec.warned_by = static_cast<int>(channel);
  rec.complied = plans_[h].comply_u < m_.groups[rec.group].compliance;
  if (rec.complied) sim_.schedule_in(plans_[h].preparation_s, kDepart, static_cast<std::uint32_t>(h));
}

void WarningRun::depart(std::size_t h) {
  HouseholdRecord& rec = out_.households[h];
  const double now = sim_.now();
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
    out_.shelters[static_cast<std::size_t>(best)].occupancy_people += rec.people;
    return;
  }
  step(h);
}

void WarningRun::step(std::size_t h) {
  HouseholdRecord& rec = out_.households[h];
  HouseholdPlan& plan = plans_[h];
  const auto k = static_cast<std::size_t>(rec.shelter);
  const double now = sim_.now();
  if (plan.at == m_.shelters[k].node) {
    rec.sheltered_s = now;
    plan.acted_s = now;
    out_.shelters[k].occupancy_people += rec.people;
    return;
  }
  const EdgeId e = routes_.next_edge(k, plan.at);
  const RoadNetwork& net = routes_.network();
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
  sim_.schedule_at(exit_s, kReachNode, static_cast<std::uint32_t>(h));
}

void WarningRun::reach_node(std::size_t h) {
  HouseholdRecord& rec = out_.households[h];
  if (hazard_.at(plans_[h].at) < sim_.now()) {  // the hazard got there first: caught on the way
    rec.exposed = true;
    plans_[h].acted_s = sim_.now();
    return;
  }
  step(h);
}

void WarningRun::finish() {
  // Those who never left (not warned, not complying, no shelter) meet the hazard at home if it comes within the run.
  for (HouseholdRecord& rec : out_.households) {
    if (rec.exposed || rec.departed_s < kNotYet) continue;
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

}  // namespace dsim
