// SPDX-License-Identifier: MIT
// Stock, requests and deliveries in the response's event loop. The rules are
// in docs/models.md, "Stockpiles and logistics"; in short:
// - a site (an incident whose work has begun, a shelter with people) holds
//   each item it uses on hand; consumables go at their rate (per hour of work
//   at full pace, per person per day), equipment and bedding are kept;
// - when what is on hand and on the way covers less than `reorder_s` of use,
//   the site asks for `cover_s` of use (an incident no more than its work
//   left); the request climbs the chain, each step after its request and
//   approval delays, taking from the nearest depots of the step first; what
//   the chain lacks is requisitioned from suppliers, then backordered at the
//   first depot asked that is replenished, else counted unmet;
// - a depot replenished from outside orders, one for one, what it issues or
//   backorders (base stock); equipment is not reordered: it comes back;
// - vehicles load at their depot, drive over the open roads (replanning at
//   the next node when a road ahead closes, waiting where none is open),
//   unload, and drive back; the most severe, then oldest, request goes first;
// - work at an incident short of any of its items goes at `pace_without`.
#include "sim/logistics/logistics_run.hpp"

#include <stdexcept>

namespace dsim {

void LogisticsProcess::Impl::start() {
  const std::size_t n_items = items();
  stock.resize(m.depots.size());
  backorders.assign(m.depots.size(), std::vector<std::vector<Backorder>>(n_items));
  out.depot_items.resize(m.depots.size() * n_items);
  initial.assign(n_items, 0.0);
  replenished = requisitioned = consumed = in_transit = initial;
  for (std::size_t d = 0; d < m.depots.size(); ++d) {
    stock[d] = m.depots[d].stock;
    stock[d].resize(n_items, 0.0);
    for (std::size_t i = 0; i < n_items; ++i) {
      initial[i] += stock[d][i];
      DepotItemOutcome& o = depot_item(static_cast<int>(d), static_cast<int>(i));
      o.depot = static_cast<int>(d);
      o.item = static_cast<int>(i);
      o.min_stock = o.end_stock = stock[d][i];
    }
  }
  supplier_left.assign(m.suppliers.size() * n_items, 0.0);
  for (std::size_t s = 0; s < m.suppliers.size(); ++s)
    for (std::size_t i = 0; i < n_items && i < m.suppliers[s].limit.size(); ++i)
      supplier_left[s * n_items + i] = m.suppliers[s].limit[i];
  shelter_sites.assign(m.shelters.size(), {});
  occupancy.assign(m.shelters.size(), 0.0);
  queue.assign(m.depots.size(), {});
  vehicles.assign(m.vehicles.size(), VehicleState{});
  for (const LogisticsModel::Vehicle& v : m.vehicles) classes = std::max(classes, static_cast<std::size_t>(v.vehicle_class) + 1);
  trees.assign(m.depots.size() * 2 * classes, Tree{});
  out.vehicles.resize(m.vehicles.size());
  for (std::size_t v = 0; v < m.vehicles.size(); ++v) out.vehicles[v].vehicle = static_cast<int>(v);
  for (double t = 0.0; t < m.horizon_s; t += m.report_step_s > 0 ? m.report_step_s : m.horizon_s)
    schedule(t, kReport, 0);
  schedule(m.horizon_s, kReport, 1);  // the last one shuts the books
}

// ---- Sites -----------------------------------------------------------------

int LogisticsProcess::Impl::add_site(SiteKind kind, int site, int item, Use use, double per) {
  SiteItem s;
  s.kind = kind;
  s.site = site;
  s.item = item;
  s.use = use;
  s.per = per;
  s.last_s = now();
  if (kind == SiteKind::incident) s.last_work_s = forces->work_done_s(site);
  s.row = static_cast<int>(out.shortages.size());
  SiteShortage row;
  row.kind = kind;
  row.site = site;
  row.item = item;
  row.measured = kind == SiteKind::shelter || forces->incident(site).measured;
  out.shortages.push_back(row);
  sites.push_back(std::move(s));
  return static_cast<int>(sites.size()) - 1;
}

void LogisticsProcess::Impl::open_incident(int incident) {
  const int type = forces->incident(incident).type;
  if (type < 0 || static_cast<std::size_t>(type) >= m.incident_use.size()) return;
  const LogisticsModel::Use& use = m.incident_use[static_cast<std::size_t>(type)];
  if (!use.any) return;
  std::vector<int>& mine = incident_sites[incident];
  for (std::size_t i = 0; i < items(); ++i) {
    const auto item = static_cast<int>(i);
    if (i < use.per_hour.size() && use.per_hour[i] > 0)
      mine.push_back(add_site(SiteKind::incident, incident, item, Use::per_work, use.per_hour[i] / 3600.0));
    if (i < use.per_incident.size() && use.per_incident[i] > 0)
      mine.push_back(add_site(SiteKind::incident, incident, item, Use::once, use.per_incident[i]));
    if (i < use.equipment.size() && use.equipment[i] > 0)
      mine.push_back(add_site(SiteKind::incident, incident, item, Use::equipment, use.equipment[i]));
  }
  for (int si : mine) review(si);
  repace(incident);
}

double LogisticsProcess::Impl::rate_s(const SiteItem& s) const {
  if (!s.active) return 0.0;
  switch (s.use) {
    case Use::per_work: return s.per * forces->work_pace(s.site);
    case Use::per_person_day: return s.per * occupancy[static_cast<std::size_t>(s.site)];
    default: return 0.0;
  }
}

// What the site needs to hold now: equipment and bedding.
static double held_need(const SiteItem& s, const std::vector<double>& occupancy) {
  if (s.use == Use::equipment) return s.per;
  if (s.use == Use::per_person) return std::ceil(s.per * occupancy[static_cast<std::size_t>(s.site)] - kEps);
  return 0.0;
}

bool LogisticsProcess::Impl::is_short(const SiteItem& s) const {
  if (!s.active) return false;
  switch (s.use) {
    case Use::per_work: return s.on_hand <= kEps && forces->work_left_s(s.site) > 0.0;
    case Use::once: return s.received + kEps < s.per;  // used as it arrives (see receive)
    case Use::equipment: return s.on_hand + kEps < s.per;
    case Use::per_person_day: return s.on_hand <= kEps && occupancy[static_cast<std::size_t>(s.site)] > 0;
    case Use::per_person: return s.on_hand + kEps < held_need(s, occupancy);
  }
  return false;
}

double LogisticsProcess::Impl::people_without(const SiteItem& s) const {
  if (s.kind != SiteKind::shelter) return 0.0;
  const double people = occupancy[static_cast<std::size_t>(s.site)];
  if (s.use == Use::per_person_day) return s.on_hand <= kEps ? people : 0.0;
  return std::max(0.0, people - s.on_hand / s.per);
}

// Accounts for use and shortage from the last settlement to now, at the
// rates and states that held since (they change only at events).
void LogisticsProcess::Impl::settle(SiteItem& s) {
  const double t = now();
  const double dt = t - s.last_s;
  SiteShortage& row = out.shortages[static_cast<std::size_t>(s.row)];
  if (dt > 0) {
    if (is_short(s)) row.short_s += dt;
    row.people_hours_without += people_without(s) * dt / 3600.0;
  }
  double used = 0.0;
  if (s.use == Use::per_work) {
    const double work = s.active ? forces->work_done_s(s.site) : s.last_work_s;
    used = s.per * std::max(0.0, work - s.last_work_s);
    s.last_work_s = work;
  } else if (s.use == Use::per_person_day) {
    used = s.per * occupancy[static_cast<std::size_t>(s.site)] * std::max(0.0, dt);
  }
  used = std::min(used, s.on_hand);
  if (s.on_hand - used < 1e-6) used = s.on_hand;  // rounding at the moment it runs out
  s.on_hand -= used;
  row.consumed += used;
  consumed[static_cast<std::size_t>(s.item)] += used;
  s.last_s = t;
}

// After a change at a site: asks for what it lacks and schedules the next
// moment something happens (it runs out, or falls below its reorder point).
void LogisticsProcess::Impl::review(int si) {
  SiteItem& s = sites[static_cast<std::size_t>(si)];
  const double t = now();
  if (s.event) {
    sim->cancel(*s.event);
    s.event.reset();
  }
  if (!s.active || closed) return;
  double want = 0.0;  // ask when on hand + pending falls below it ...
  double ask = 0.0;   // ... for up to this
  switch (s.use) {
    case Use::per_work: {
      const double left_s = forces->work_left_s(s.site);
      want = s.per * std::min(m.reorder_s, left_s);
      ask = s.per * std::min(m.cover_s, left_s);
      break;
    }
    case Use::per_person_day: {
      const double rate = s.per * occupancy[static_cast<std::size_t>(s.site)];
      want = rate * m.reorder_s;
      ask = rate * m.cover_s;
      break;
    }
    case Use::once: break;
    case Use::equipment:
    case Use::per_person: want = ask = held_need(s, occupancy); break;
  }
  const double have = s.on_hand + s.pending;
  if (s.climbing >= 0) {
    // One request of an item at a time climbs the chain; what more is
    // needed meanwhile is asked for when it has been placed.
  } else if (s.use == Use::once) {
    // Asked for once; again only for what nobody could supply.
    if (s.asked + kEps < s.per && t >= s.retry_s) request(si, std::ceil(s.per - s.asked - kEps));
  } else if (have + kEps < want && t >= s.retry_s) {
    request(si, std::ceil(ask - have - kEps));
  }
  // When next to look: it runs out, falls below the reorder point, or may ask again.
  const double rate = rate_s(s);
  double next = kInf;
  if (rate > 0) {
    if (s.on_hand > kEps) next = std::min(next, t + s.on_hand / rate);
    const double above = s.on_hand + s.pending - want;
    if (above > kEps) next = std::min(next, t + above / rate);
  }
  if (s.retry_s > t) next = std::min(next, s.retry_s);
  if (std::isfinite(next)) schedule(next, kCheck, static_cast<std::size_t>(si), &s.event);
}

// Sets an incident's supply pace from the shortages of its items.
void LogisticsProcess::Impl::repace(int incident) {
  auto it = incident_sites.find(incident);
  if (it == incident_sites.end()) return;
  const double pace_without = m.incident_use[static_cast<std::size_t>(forces->incident(incident).type)].pace_without;
  bool any_short = false;
  for (int si : it->second) any_short = any_short || is_short(sites[static_cast<std::size_t>(si)]);
  forces->set_supply_pace(incident, any_short ? pace_without : 1.0);
}

// ---- Requests and stock ----------------------------------------------------

void LogisticsProcess::Impl::request(int si, double quantity) {
  if (quantity <= kEps) return;
  SiteItem& s = sites[static_cast<std::size_t>(si)];
  SupplyRequest r;
  r.id = static_cast<int>(out.requests.size());
  r.kind = s.kind;
  r.site = s.site;
  r.item = s.item;
  r.quantity = quantity;
  r.priority = s.kind == SiteKind::shelter ? m.shelter_priority : forces->incident(s.site).severity;
  r.requested_s = now();
  r.measured = r.requested_s >= m.warmup_s;
  out.requests.push_back(r);
  requests.push_back(RequestState{quantity, 0, si, -1});
  s.climbing = r.id;
  s.pending += quantity;
  s.asked += quantity;
  out.shortages[static_cast<std::size_t>(s.row)].requested += quantity;
  if (m.chain.empty()) {
    exhausted(r.id);
    return;
  }
  // A request that would reach the first step after the end stays pending.
  const LogisticsModel::Step& first = m.chain.front();
  schedule(now() + first.request_delay_s + first.approval_delay_s, kStep, static_cast<std::size_t>(r.id));
}

// The request reaches its current step: the nearest depots of the step give what they hold.
void LogisticsProcess::Impl::climb(int r) {
  RequestState& rs = requests[static_cast<std::size_t>(r)];
  SupplyRequest& req = out.requests[static_cast<std::size_t>(r)];
  const SiteItem& s = sites[static_cast<std::size_t>(rs.si)];
  const LogisticsModel::Step& step = m.chain[static_cast<std::size_t>(rs.step)];
  const NodeId node = site_node(s.kind, s.site);
  const int banner = site_banner(s);
  std::vector<std::pair<double, int>> near;
  for (std::size_t d = 0; d < m.depots.size(); ++d) {
    const LogisticsModel::Depot& depot = m.depots[d];
    if (!(step.levels & (1u << static_cast<unsigned>(depot.level)))) continue;
    if (static_cast<std::size_t>(depot.department) >= step.departments.size() ||
        !step.departments[static_cast<std::size_t>(depot.department)])
      continue;
    if (depot.banner >= 0 && banner >= 0 && depot.banner != banner) continue;
    // A village or enterprise point serves its own zone.
    if ((depot.level == TeamLevel::village || depot.level == TeamLevel::enterprise) && !m.node_zone.empty() &&
        m.node_zone[index(depot.node)] != (index(node) < m.node_zone.size() ? m.node_zone[index(node)] : -1))
      continue;
    const double t = m.depot_time_s[d][index(node)];
    if (!std::isfinite(t)) continue;
    near.emplace_back(t, static_cast<int>(d));
  }
  std::sort(near.begin(), near.end());
  for (const auto& [t, d] : near) {
    if (rs.backorder_depot < 0 && std::isfinite(m.depots[static_cast<std::size_t>(d)].replenish_s))
      rs.backorder_depot = d;
    if (rs.left <= kEps) break;
    const double take = issue(d, req.item, rs.left, r, true);
    req.from_stock += take;
    rs.left -= take;
  }
  if (rs.left <= kEps) {
    settled_request(r);
    return;
  }
  if (static_cast<std::size_t>(rs.step) + 1 < m.chain.size()) {
    ++rs.step;
    req.steps = rs.step;
    const LogisticsModel::Step& next = m.chain[static_cast<std::size_t>(rs.step)];
    schedule(now() + next.request_delay_s + next.approval_delay_s, kStep, static_cast<std::size_t>(r));
    return;
  }
  exhausted(r);
}

// The chain is dry: suppliers, then a backorder, else unmet.
void LogisticsProcess::Impl::exhausted(int r) {
  RequestState& rs = requests[static_cast<std::size_t>(r)];
  SupplyRequest& req = out.requests[static_cast<std::size_t>(r)];
  const auto item = static_cast<std::size_t>(req.item);
  for (std::size_t sup = 0; sup < m.suppliers.size() && rs.left > kEps; ++sup) {
    double& left = supplier_left[sup * items() + item];
    const double take = std::min(left, rs.left);
    if (take <= kEps) continue;
    left -= take;
    rs.left -= take;
    req.requisitioned += take;
    requisitioned[item] += take;
    in_transit[item] += take;
    SupplyDelivery d;
    d.request = r;
    d.item = req.item;
    d.quantity = take;
    d.supplier = static_cast<int>(sup);
    d.ready_s = d.depart_s = now();
    d.arrive_s = now() + m.suppliers[sup].lead_time_s;
    out.deliveries.push_back(d);
    schedule(d.arrive_s, kSupplier, out.deliveries.size() - 1);
  }
  if (rs.left <= kEps) {
    settled_request(r);
    return;
  }
  if (rs.backorder_depot >= 0) {
    const int d = rs.backorder_depot;
    req.backordered += rs.left;
    backorders[static_cast<std::size_t>(d)][item].push_back(Backorder{r, rs.left});
    // Base stock: the backordered units are ordered now, like issued ones.
    if (!m.items[item].returns) {
      replenishments.push_back({d, req.item, rs.left});
      schedule(now() + m.depots[static_cast<std::size_t>(d)].replenish_s, kReplenish, replenishments.size() - 1);
    }
    rs.left = 0.0;
    settled_request(r);
    return;
  }
  req.unmet += rs.left;
  SiteItem& s = sites[static_cast<std::size_t>(rs.si)];
  s.pending -= rs.left;
  s.asked -= rs.left;
  rs.left = 0.0;
  // Nobody has it: the site does not ask again for one cover.
  s.retry_s = now() + m.cover_s;
  settled_request(r);
}

// A request has been placed in full (issued, requisitioned, backordered or
// found unmet): the site may ask for what it needs beyond it.
void LogisticsProcess::Impl::settled_request(int r) {
  const int si = requests[static_cast<std::size_t>(r)].si;
  SiteItem& s = sites[static_cast<std::size_t>(si)];
  if (s.climbing != r) return;
  s.climbing = -1;
  settle(s);
  review(si);
}

// Takes up to `quantity` from a depot's stock for request r and queues it
// for a vehicle; a replenished depot reorders what it issues (reorder).
double LogisticsProcess::Impl::issue(int depot, int item, double quantity, int r, bool reorder) {
  double& have = stock[static_cast<std::size_t>(depot)][static_cast<std::size_t>(item)];
  const double take = std::min(have, quantity);
  if (take <= kEps) return 0.0;
  have -= take;
  if (have < 1e-9) have = 0.0;
  DepotItemOutcome& o = depot_item(depot, item);
  o.issued += take;
  o.min_stock = std::min(o.min_stock, have);
  if (have == 0.0) ++o.stockouts;
  const LogisticsModel::Depot& dep = m.depots[static_cast<std::size_t>(depot)];
  if (reorder && std::isfinite(dep.replenish_s) && !m.items[static_cast<std::size_t>(item)].returns) {
    replenishments.push_back({depot, item, take});
    schedule(now() + dep.replenish_s, kReplenish, replenishments.size() - 1);
  }
  in_transit[static_cast<std::size_t>(item)] += take;  // off the shelf: waiting for a vehicle, then on it
  add_delivery(r, depot, take, now());
  return take;
}

void LogisticsProcess::Impl::add_delivery(int r, int depot, double quantity, double ready_s) {
  SupplyDelivery d;
  d.request = r;
  d.item = out.requests[static_cast<std::size_t>(r)].item;
  d.quantity = quantity;
  d.depot = depot;
  d.ready_s = ready_s;
  out.deliveries.push_back(d);
  queue[static_cast<std::size_t>(depot)].push_back(static_cast<int>(out.deliveries.size()) - 1);
  dispatch_vehicles(depot);
}

// A load reaches its site and is on hand there.
void LogisticsProcess::Impl::receive(int delivery) {
  SupplyDelivery& d = out.deliveries[static_cast<std::size_t>(delivery)];
  SupplyRequest& req = out.requests[static_cast<std::size_t>(d.request)];
  RequestState& rs = requests[static_cast<std::size_t>(d.request)];
  SiteItem& s = sites[static_cast<std::size_t>(rs.si)];
  d.unloaded_s = now();
  in_transit[static_cast<std::size_t>(d.item)] -= d.quantity;
  settle(s);
  s.pending = std::max(0.0, s.pending - d.quantity);
  req.delivered += d.quantity;
  out.shortages[static_cast<std::size_t>(s.row)].delivered += d.quantity;
  if (req.delivered + kEps >= req.quantity - req.unmet) req.completed_s = now();
  if (s.use == Use::equipment && d.depot >= 0) s.from_depots.emplace_back(d.depot, d.quantity);
  if (!s.active && (s.use == Use::equipment) && d.depot >= 0) {
    // The work ended while it was on the way: it goes straight back.
    s.from_depots.pop_back();
    returns.push_back({d.depot, d.item, d.quantity});
    in_transit[static_cast<std::size_t>(d.item)] += d.quantity;
    schedule(now() + m.depot_time_s[static_cast<std::size_t>(d.depot)][index(site_node(s.kind, s.site))], kReturn,
             returns.size() - 1);
  } else if (s.use == Use::once && s.active) {
    // Used where it is needed as it arrives.
    s.received += d.quantity;
    out.shortages[static_cast<std::size_t>(s.row)].consumed += d.quantity;
    consumed[static_cast<std::size_t>(d.item)] += d.quantity;
  } else {
    s.on_hand += d.quantity;  // equipment in use, or what is left after the work
  }
  review(rs.si);
  if (s.kind == SiteKind::incident) repace(s.site);
}

// Stock came back or was replenished: backorders first, by priority and age.
void LogisticsProcess::Impl::refill_backorders(int depot, int item) {
  std::vector<Backorder>& waiting = backorders[static_cast<std::size_t>(depot)][static_cast<std::size_t>(item)];
  std::stable_sort(waiting.begin(), waiting.end(), [&](const Backorder& a, const Backorder& b) {
    const SupplyRequest& ra = out.requests[static_cast<std::size_t>(a.request)];
    const SupplyRequest& rb = out.requests[static_cast<std::size_t>(b.request)];
    if (ra.priority != rb.priority) return ra.priority > rb.priority;
    return ra.requested_s < rb.requested_s;
  });
  std::size_t k = 0;
  for (; k < waiting.size(); ++k) {
    const double take = issue(depot, item, waiting[k].left, waiting[k].request, false);
    waiting[k].left -= take;
    if (waiting[k].left > kEps) break;
  }
  waiting.erase(waiting.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(k));
}

// ---- Reports -------------------------------------------------------------------

void LogisticsProcess::Impl::report(double t) {
  // A site whose work has ended neither uses nor lacks anything: only the active ones move.
  for (SiteItem& s : sites)
    if (s.active) settle(s);
  std::vector<double> at_depots(items(), 0.0), at_sites(items(), 0.0);
  for (std::size_t d = 0; d < m.depots.size(); ++d)
    for (std::size_t i = 0; i < items(); ++i) {
      out.stock.push_back(StockLevel{t, static_cast<int>(d), static_cast<int>(i), stock[d][i]});
      at_depots[i] += stock[d][i];
    }
  for (const SiteItem& s : sites) at_sites[static_cast<std::size_t>(s.item)] += s.on_hand;
  for (std::size_t i = 0; i < items(); ++i) {
    ItemBalance b;
    b.time_s = t;
    b.item = static_cast<int>(i);
    b.initial = initial[i];
    b.replenished = replenished[i];
    b.requisitioned = requisitioned[i];
    b.consumed = consumed[i];
    b.at_depots = at_depots[i];
    b.at_sites = at_sites[i];
    b.in_transit = in_transit[i];
    out.balance.push_back(b);
  }
}

// ---- The process ---------------------------------------------------------------

LogisticsProcess::LogisticsProcess(const LogisticsModel& model, std::uint32_t kind_base)
    : impl_(std::make_unique<Impl>(model, kind_base)) {
  if (model.network == nullptr) throw std::invalid_argument("LogisticsProcess: the model has no road network");
}
LogisticsProcess::~LogisticsProcess() = default;

void LogisticsProcess::start(Simulation& sim, ResponseForces& forces) {
  impl_->sim = &sim;
  impl_->forces = &forces;
  impl_->start();
}

void LogisticsProcess::handle(const Event& e) {
  Impl& p = *impl_;
  if (p.closed) return;
  ++p.out.events;
  const std::uint32_t subject = e.subject;
  switch (e.kind - p.base) {
    case kCheck: {
      SiteItem& s = p.sites[subject];
      s.event.reset();
      p.settle(s);
      p.review(static_cast<int>(subject));
      if (s.kind == SiteKind::incident) p.repace(s.site);
      break;
    }
    case kStep: p.climb(static_cast<int>(subject)); break;
    case kReplenish: {
      const auto& r = p.replenishments[subject];
      p.stock[static_cast<std::size_t>(r.depot)][static_cast<std::size_t>(r.item)] += r.quantity;
      p.replenished[static_cast<std::size_t>(r.item)] += r.quantity;
      p.depot_item(r.depot, r.item).replenished += r.quantity;
      p.refill_backorders(r.depot, r.item);
      break;
    }
    case kReturn: {
      const auto& r = p.returns[subject];
      p.stock[static_cast<std::size_t>(r.depot)][static_cast<std::size_t>(r.item)] += r.quantity;
      p.in_transit[static_cast<std::size_t>(r.item)] -= r.quantity;
      p.refill_backorders(r.depot, r.item);
      break;
    }
    case kSupplier: p.receive(static_cast<int>(subject)); break;
    case kLeave: p.shelter_change(p.leaving[subject].shelter, -p.leaving[subject].people); break;
    case kVehicle: p.vehicle_event(static_cast<int>(subject)); break;
    case kReport:
      p.report(e.time_s);
      if (subject == 1) p.closed = true;
      break;
  }
}

void LogisticsProcess::finish() {
  Impl& p = *impl_;
  if (!p.closed) {  // a run that ended before the horizon
    p.report(p.now());
    p.closed = true;
  }
  const double window_s = p.m.horizon_s - p.m.warmup_s;
  for (std::size_t v = 0; v < p.vehicles.size(); ++v) {
    const VehicleState& vs = p.vehicles[v];
    VehicleOutcome& o = p.out.vehicles[v];
    if (vs.phase != VehicleState::Phase::idle) {
      const double from = std::max(vs.busy_since_s, p.m.warmup_s);
      if (p.m.horizon_s > from) o.busy_s += p.m.horizon_s - from;
    }
    o.utilisation = window_s > 0 ? o.busy_s / window_s : 0.0;
  }
  for (std::size_t d = 0; d < p.m.depots.size(); ++d)
    for (std::size_t i = 0; i < p.items(); ++i) p.depot_item(static_cast<int>(d), static_cast<int>(i)).end_stock = p.stock[d][i];
}

void LogisticsProcess::unit_arrived(int /*unit*/, int incident) {
  Impl& p = *impl_;
  if (p.closed || p.incident_sites.count(incident)) return;
  // The work begins with the first unit on scene: the site opens and asks.
  p.open_incident(incident);
}

void LogisticsProcess::work_paced(int incident) {
  Impl& p = *impl_;
  if (p.closed) return;
  auto it = p.incident_sites.find(incident);
  if (it == p.incident_sites.end()) return;
  for (int si : it->second) {
    SiteItem& s = p.sites[static_cast<std::size_t>(si)];
    if (s.use != Use::per_work) continue;
    // The work done so far went at the old pace; from now, the new one.
    p.review(si);
  }
}

void LogisticsProcess::work_ended(int incident) {
  Impl& p = *impl_;
  if (p.closed) return;
  auto it = p.incident_sites.find(incident);
  if (it == p.incident_sites.end()) return;
  for (int si : it->second) {
    SiteItem& s = p.sites[static_cast<std::size_t>(si)];
    p.settle(s);
    s.active = false;
    if (s.event) p.sim->cancel(*s.event);
    s.event.reset();
    if (s.use != Use::equipment) continue;
    // Equipment goes back to the depots it came from, driven back by the crews.
    const NodeId node = p.site_node(s.kind, s.site);
    for (const auto& [depot, quantity] : s.from_depots) {
      p.returns.push_back({depot, s.item, quantity});
      p.in_transit[static_cast<std::size_t>(s.item)] += quantity;
      s.on_hand -= quantity;
      p.schedule(p.now() + p.m.depot_time_s[static_cast<std::size_t>(depot)][index(node)], kReturn,
                 p.returns.size() - 1);
    }
    s.from_depots.clear();
  }
}

void LogisticsProcess::roads_changed() {
  Impl& p = *impl_;
  if (p.closed) return;
  for (std::size_t v = 0; v < p.vehicles.size(); ++v) p.replan(static_cast<int>(v));
}

void LogisticsProcess::people_sheltered(int shelter, int people) {
  Impl& p = *impl_;
  if (p.closed || shelter < 0 || static_cast<std::size_t>(shelter) >= p.m.shelters.size()) return;
  std::vector<int>& mine = p.shelter_sites[static_cast<std::size_t>(shelter)];
  if (mine.empty()) {
    for (std::size_t i = 0; i < p.items(); ++i) {
      const auto item = static_cast<int>(i);
      if (i < p.m.shelter_per_person_day.size() && p.m.shelter_per_person_day[i] > 0)
        mine.push_back(p.add_site(SiteKind::shelter, shelter, item, Use::per_person_day,
                                  p.m.shelter_per_person_day[i] / 86'400.0));
      if (i < p.m.shelter_per_person.size() && p.m.shelter_per_person[i] > 0)
        mine.push_back(p.add_site(SiteKind::shelter, shelter, item, Use::per_person, p.m.shelter_per_person[i]));
    }
  }
  p.shelter_change(shelter, people);
  if (std::isfinite(p.m.shelter_stay_s)) {
    p.leaving.push_back({shelter, people});
    p.schedule(p.now() + p.m.shelter_stay_s, kLeave, p.leaving.size() - 1);
  }
}

// People arrive at a shelter (people > 0) or leave it: use up to now at the
// old occupancy, then go on at the new one.
void LogisticsProcess::Impl::shelter_change(int shelter, int people) {
  const std::vector<int>& mine = shelter_sites[static_cast<std::size_t>(shelter)];
  for (int si : mine) settle(sites[static_cast<std::size_t>(si)]);
  occupancy[static_cast<std::size_t>(shelter)] = std::max(0.0, occupancy[static_cast<std::size_t>(shelter)] + people);
  for (int si : mine) review(si);
}

LogisticsOutcome LogisticsProcess::take_outcome() { return std::move(impl_->out); }

}  // namespace dsim
