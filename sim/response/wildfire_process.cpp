// SPDX-License-Identifier: MIT
// A wildfire stepped in a response run's event loop (docs/models.md,
// "Wildfire: suppression and coupling").
#include "sim/response/wildfire_process.hpp"

#include "sim/core/random.hpp"
#include "sim/hazards/fire_behaviour.hpp"
#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

namespace dsim {

namespace {

enum Kind : std::uint32_t { kStep, kReport, kCall, kReopen, kMopUpDone, kKinds };

constexpr double kPi = std::numbers::pi;

// The angle (radians, 0..pi) between two directions.
double angle_between(double a, double b) {
  double d = std::fmod(std::abs(a - b), 2.0 * kPi);
  return d > kPi ? 2.0 * kPi - d : d;
}

}  // namespace

struct WildfireProcess::Impl {
  Impl(const WildfireModel& m, std::uint64_t seed, std::uint64_t replication, std::uint32_t base)
      : model(m), base(base) {
    const std::size_t n = m.cells();
    if (!m.landscape.barrier_width_m.empty()) {
      // One draw per cell against breaching, from the replication's stream:
      // the same for every plan (common random numbers).
      RandomStream stream(seed, replication, "wildfire breach");
      breach_u.resize(n);
      for (float& u : breach_u) u = static_cast<float>(stream.uniform());
    }
    FireSpreadOptions options;
    options.stencil = m.stencil;
    options.breach_probability = [](double intensity, double width) { return breach_probability(intensity, width); };
    options.breach_u = breach_u;
    fire = std::make_unique<FireSpread>(m.landscape, options);
    node_closed.assign(m.road_nodes.size(), 0);
    village_reached.assign(m.villages.size(), 0);
  }

  const WildfireModel& model;
  std::uint32_t base;
  std::vector<float> breach_u;
  std::unique_ptr<FireSpread> fire;
  Simulation* sim = nullptr;
  ResponseForces* forces = nullptr;
  WildfireOutcome out;
  std::vector<std::uint8_t> node_closed;
  std::vector<std::uint8_t> village_reached;
  std::vector<RoadChange> scratch;
  std::multimap<double, std::size_t> pending_reopen;  // due time -> closure
  // Crews on the line: unit -> when it started (or last counted).
  std::map<int, double> crews;
  double budget_person_s = 0.0;  // person-seconds of work not yet spent on line
  double first_ignition_s = 0.0;
  std::size_t next_output = 0;
  bool mop_up_scheduled = false;

  void schedule(double t, Kind kind, std::uint32_t subject = 0) { sim->schedule_at(t, base + kind, subject); }
  double now() const { return sim->now(); }
  bool is_fire_incident(int incident) const {
    return std::find(out.incidents.begin(), out.incidents.end(), incident) != out.incidents.end();
  }

  void start() {
    double first = WildfireOutcome::kNaN;
    for (std::size_t i = 0; i < model.ignition_cells.size(); ++i) {
      fire->ignite(model.ignition_cells[i], model.ignition_s[i]);
      first = std::isnan(first) ? model.ignition_s[i] : std::min(first, model.ignition_s[i]);
    }
    if (std::isnan(first)) return;
    first_ignition_s = first;
    schedule(first + model.report_delay_s, kReport);
    schedule(std::min(first + model.step_s, model.end_s), kStep);
  }

  void report() {
    out.reported_s = now();
    for (std::size_t k = 0; k < model.calls.size(); ++k) schedule(now() + model.calls[k].after_s, kCall, std::uint32_t(k));
  }

  void call(std::size_t k) {
    const WildfireModel::Call& c = model.calls[k];
    if (!std::isnan(out.held_s) && !c.always) return;
    out.incidents.push_back(forces->raise_incident(c.type, c.severity, model.fire_node, model.fire_zone,
                                                   std::numeric_limits<double>::infinity()));
  }

  // Works the crews' time since the last step into line, then brings the fire
  // up to now and what it does to roads and villages.
  void step() {
    const double t = now();
    for (auto& [unit, since] : crews) {
      const double dt = std::max(0.0, t - since);
      budget_person_s += dt * model.unit_people[std::size_t(unit)];
      out.crew_person_s += dt * model.unit_people[std::size_t(unit)];
      since = t;
    }
    fire->advance_to(t);
    if (std::isnan(out.edge_reached_s)) check_border();
    std::vector<std::uint32_t> edge = front();
    if (!crews.empty()) build_line(edge);
    close_roads();
    reach_villages();
    while (next_output < model.output_times_s.size() && model.output_times_s[next_output] <= t) {
      out.area_at_output_m2.push_back(fire->burned_area_m2());
      ++next_output;
    }
    std::erase_if(edge, [&](std::uint32_t c) { return fire->held(c); });
    if (std::isnan(out.held_s) && edge.empty() && fire->contained()) {
      out.held_s = t;
      if (!mop_up_scheduled && !out.incidents.empty()) {
        mop_up_scheduled = true;
        schedule(t + model.mop_up_s, kMopUpDone);
      }
    }
    if (t < model.end_s && std::isnan(out.held_s)) schedule(std::min(t + model.step_s, model.end_s), kStep);
  }

  // The first time a cell on the raster's border burns.
  void check_border() {
    const std::vector<double>& arrival = fire->arrival_s();
    const std::size_t rows = model.landscape.rows, cols = model.landscape.cols;
    double first = FireSpread::kNever;
    for (std::size_t c = 0; c < cols; ++c) first = std::min({first, arrival[c], arrival[(rows - 1) * cols + c]});
    for (std::size_t r = 0; r < rows; ++r) first = std::min({first, arrival[r * cols], arrival[r * cols + cols - 1]});
    if (first != FireSpread::kNever) out.edge_reached_s = first;
  }

  // Where line can be built now: the spread's front (sim/hazards/fire_spread.hpp)
  // less the roads, rivers and breaks, which are control lines already.
  std::vector<std::uint32_t> front() const {
    std::vector<std::uint32_t> cells;
    const std::vector<float>& barrier = model.landscape.barrier_width_m;
    for (std::size_t c : fire->front())
      if (barrier.empty() || !(barrier[c] > 0.0f)) cells.push_back(std::uint32_t(c));
    return cells;
  }

  std::size_t field_now() const {
    const auto& ts = model.landscape.times_s;
    const auto it = std::upper_bound(ts.begin(), ts.end(), now());
    return it == ts.begin() ? 0 : std::size_t(it - ts.begin()) - 1;
  }

  // Holds front cells in the tactic's order (from the rear along both flanks,
  // or from the head), while the crews' work lasts and where the edge is cool
  // enough for the best-equipped crew on scene.
  void build_line(const std::vector<std::uint32_t>& cells) {
    if (cells.empty()) return;
    const SpreadField& field = model.landscape.fields[field_now()];
    const std::size_t cols = model.landscape.cols;
    const double cell = model.landscape.cell_size_m;
    const std::size_t origin = model.ignition_cells.front();
    const double ox = double(origin % cols), oy = double(origin / cols);
    double limit = 0.0;
    for (const auto& [unit, since] : crews) limit = std::max(limit, model.unit_max_intensity_kw_m[std::size_t(unit)]);
    struct Candidate {
      double key;
      std::uint32_t cell;
    };
    std::vector<Candidate> order;
    order.reserve(cells.size());
    for (std::uint32_t c : cells) {
      const double heading = field.heading_rad[c];
      const double x = double(c % cols) - ox, y = double(c / cols) - oy;
      const double bearing = (x == 0.0 && y == 0.0) ? heading + kPi : std::atan2(x, y);  // clockwise from north
      const double from_head = angle_between(bearing, heading);
      const double key = model.tactic == WildfireModel::Tactic::flank ? kPi - from_head : from_head;
      order.push_back({key, c});
    }
    std::sort(order.begin(), order.end(),
              [](const Candidate& a, const Candidate& b) { return a.key < b.key || (a.key == b.key && a.cell < b.cell); });
    for (const Candidate& cand : order) {
      const std::uint32_t c = cand.cell;
      const double rate = model.line_rate_m_per_person_s[model.fuel[c]];
      if (!(rate > 0.0)) continue;
      const double head = field.head_mps[c];
      const double from_head = angle_between(
          std::atan2(double(c % cols) - ox, double(c / cols) - oy), double(field.heading_rad[c]));
      const double share = head > 0.0 ? elliptical_spread_mps(1.0, field.lb[c], from_head) : 0.0;
      if (double(field.intensity_kw_m[c]) * share > limit) continue;  // too hot here: the crews work elsewhere
      const double cost = cell / rate;
      if (budget_person_s < cost) break;
      budget_person_s -= cost;
      fire->hold(c);
      out.line.push_back({c, now()});
      out.line_m += cell;
    }
  }

  void close_roads() {
    const std::vector<double>& arrival = fire->arrival_s();
    scratch.clear();
    for (std::size_t k = 0; k < model.road_nodes.size(); ++k) {
      if (node_closed[k]) continue;
      const double t = arrival[model.road_node_cells[k]];
      if (t == FireSpread::kNever) continue;
      node_closed[k] = 1;
      const NodeId node = model.road_nodes[k];
      for (EdgeId e : model.network->out_edges(node)) {
        add_closure(e, t);
        const EdgeId back = model.network->twin(e);
        if (index(back) < model.network->edge_count() && back != e) add_closure(back, t);
      }
    }
    if (!scratch.empty()) forces->change_roads(scratch);
  }

  void add_closure(EdgeId edge, double fire_s) {
    RoadChange c;
    c.edge = edge;
    c.closed = true;
    c.classes = model.closes_classes;
    scratch.push_back(c);
    out.closures.push_back({edge, now(), WildfireOutcome::kNaN});
    // Reopenings wait for the next step's time after they are due, so that
    // the roads of one step reopen together (one replanning of the units).
    const double due = first_ignition_s +
                       model.step_s * std::ceil((fire_s + model.road_closed_for_s - first_ignition_s) / model.step_s - 1e-9);
    pending_reopen.emplace(std::max(now(), due), out.closures.size() - 1);
    schedule(std::max(now(), due), kReopen);
  }

  void reopen() {
    scratch.clear();
    while (!pending_reopen.empty() && pending_reopen.begin()->first <= now()) {
      WildfireOutcome::Closure& c = out.closures[pending_reopen.begin()->second];
      pending_reopen.erase(pending_reopen.begin());
      c.reopened_s = now();
      RoadChange change;
      change.edge = c.edge;
      change.closed = false;
      change.classes = model.closes_classes;
      scratch.push_back(change);
    }
    if (!scratch.empty()) forces->change_roads(scratch);
  }

  void reach_villages() {
    const std::vector<double>& arrival = fire->arrival_s();
    for (std::size_t v = 0; v < model.villages.size(); ++v) {
      if (village_reached[v]) continue;
      double first = FireSpread::kNever;
      for (std::uint32_t c : model.villages[v].edge_cells) first = std::min(first, arrival[c]);
      if (first == FireSpread::kNever) continue;
      village_reached[v] = 1;
      int incident = -1;
      if (model.village_type >= 0)
        incident = forces->raise_incident(model.village_type, model.village_severity, model.villages[v].node,
                                          model.villages[v].zone, std::nan(""));
      out.villages.push_back({int(v), first, incident});
    }
  }

  void mop_up_done() {
    for (int incident : out.incidents) forces->complete_incident(incident);
  }

  void finish() {
    const double t = std::min(now(), model.end_s);
    for (auto& [unit, since] : crews) out.crew_person_s += std::max(0.0, t - since) * model.unit_people[std::size_t(unit)];
    crews.clear();
    const std::vector<double>& arrival = fire->arrival_s();
    for (std::size_t c = 0; c < arrival.size(); ++c)
      if (arrival[c] != FireSpread::kNever) out.burned.push_back({std::uint32_t(c), arrival[c]});
    out.area_m2 = fire->burned_area_m2();
    while (out.area_at_output_m2.size() < model.output_times_s.size()) out.area_at_output_m2.push_back(out.area_m2);
  }
};

WildfireProcess::WildfireProcess(const WildfireModel& model, std::uint64_t seed, std::uint64_t replication,
                                 std::uint32_t kind_base)
    : impl_(std::make_unique<Impl>(model, seed, replication, kind_base)) {}

WildfireProcess::~WildfireProcess() = default;

void WildfireProcess::start(Simulation& sim, ResponseForces& forces) {
  impl_->sim = &sim;
  impl_->forces = &forces;
  impl_->start();
}

void WildfireProcess::handle(const Event& e) {
  Impl& s = *impl_;
  switch (e.kind - s.base) {
    case kStep: s.step(); break;
    case kReport: s.report(); break;
    case kCall: s.call(e.subject); break;
    case kReopen: s.reopen(); break;
    case kMopUpDone: s.mop_up_done(); break;
    default: break;
  }
}

void WildfireProcess::finish() { impl_->finish(); }

void WildfireProcess::unit_arrived(int unit, int incident) {
  Impl& s = *impl_;
  if (!s.model.unit_builds_line[std::size_t(unit)] || !s.is_fire_incident(incident)) return;
  s.crews.emplace(unit, s.now());
  if (std::isnan(s.out.first_attack_s)) s.out.first_attack_s = s.now();
}

void WildfireProcess::unit_left(int unit, int incident, bool arrived) {
  Impl& s = *impl_;
  if (!arrived || !s.is_fire_incident(incident)) return;
  const auto it = s.crews.find(unit);
  if (it == s.crews.end()) return;
  const double dt = std::max(0.0, s.now() - it->second);
  s.budget_person_s += dt * s.model.unit_people[std::size_t(unit)];
  s.out.crew_person_s += dt * s.model.unit_people[std::size_t(unit)];
  s.crews.erase(it);
}

WildfireOutcome WildfireProcess::take_outcome() { return std::move(impl_->out); }

}  // namespace dsim
