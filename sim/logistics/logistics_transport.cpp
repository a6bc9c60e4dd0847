// SPDX-License-Identifier: MIT
// Vehicles of the logistics process: which loads a free vehicle takes, its
// routes over the open roads (the depots' route trees), replanning round
// cuts, and the trip from loading to back at the depot.
#include "sim/logistics/logistics_run.hpp"

namespace dsim {

// ---- Vehicles ----------------------------------------------------------------

// Idle vehicles of a depot take the waiting loads, most severe then oldest first.
void LogisticsProcess::Impl::dispatch_vehicles(int depot) {
  std::vector<int>& waiting = queue[static_cast<std::size_t>(depot)];
  const auto before = [&](int a, int b) {
    const SupplyRequest& ra = out.requests[static_cast<std::size_t>(out.deliveries[static_cast<std::size_t>(a)].request)];
    const SupplyRequest& rb = out.requests[static_cast<std::size_t>(out.deliveries[static_cast<std::size_t>(b)].request)];
    if (ra.priority != rb.priority) return ra.priority > rb.priority;
    if (ra.requested_s != rb.requested_s) return ra.requested_s < rb.requested_s;
    return a < b;
  };
  for (std::size_t v = 0; v < m.vehicles.size() && !waiting.empty(); ++v) {
    const LogisticsModel::Vehicle& spec = m.vehicles[v];
    VehicleState& vs = vehicles[v];
    if (spec.depot != depot || vs.phase != VehicleState::Phase::idle) continue;
    // The first load in priority order, then the other loads waiting for the
    // same site in that order, as long as the vehicle has room (weight and
    // volume); a load that does not fit whole leaves the rest for a next trip.
    std::sort(waiting.begin(), waiting.end(), before);
    double kg_left = spec.capacity_kg, m3_left = spec.capacity_m3, handling_s = 0.0;
    std::vector<int> taken;
    std::vector<int> rest;
    SiteKind kind = SiteKind::incident;
    int site = -1;
    for (const int di : waiting) {
      SupplyDelivery& d = out.deliveries[static_cast<std::size_t>(di)];
      const SupplyRequest& req = out.requests[static_cast<std::size_t>(d.request)];
      if (!taken.empty() && (req.kind != kind || req.site != site)) {
        rest.push_back(di);
        continue;
      }
      const LogisticsModel::Item& item = m.items[static_cast<std::size_t>(d.item)];
      double fits = kInf;
      if (item.weight_kg > 0) fits = std::min(fits, std::floor(kg_left / item.weight_kg + kEps));
      if (item.volume_m3 > 0) fits = std::min(fits, std::floor(m3_left / item.volume_m3 + kEps));
      if (fits < 1.0 && d.quantity >= 1.0) {  // no room (an empty vehicle too small: validate says so)
        rest.push_back(di);
        continue;
      }
      if (taken.empty()) {
        kind = req.kind;
        site = req.site;
      }
      if (d.quantity > fits + kEps) {
        SupplyDelivery more = d;
        more.quantity = d.quantity - fits;
        d.quantity = fits;
        out.deliveries.push_back(more);
        rest.push_back(static_cast<int>(out.deliveries.size()) - 1);
      }
      SupplyDelivery& load = out.deliveries[static_cast<std::size_t>(di)];
      kg_left -= load.quantity * item.weight_kg;
      m3_left -= load.quantity * item.volume_m3;
      handling_s += load.quantity * item.handling_s;
      load.vehicle = static_cast<int>(v);
      load.load_s = now();
      taken.push_back(di);
    }
    waiting = std::move(rest);
    if (taken.empty()) continue;
    vs.loads = std::move(taken);
    vs.phase = VehicleState::Phase::loading;
    vs.busy_since_s = now();
    ++out.vehicles[v].trips;
    schedule(now() + handling_s, kVehicle, v, &vs.event);
  }
}

// Plans a drive from `from` (reached at start_s) to `to` under the open
// roads, keeping the part already driven; false when no road is open.
bool LogisticsProcess::Impl::drive(int v, NodeId from, NodeId to, double start_s) {
  const LogisticsModel::Vehicle& spec = m.vehicles[static_cast<std::size_t>(v)];
  VehicleState& vs = vehicles[static_cast<std::size_t>(v)];
  std::optional<Path> path = route(v, from, to);
  router.use_edge_states(forces->road_states(spec.vehicle_class)).use_speed_factor(spec.speed_factor);
  std::size_t keep = 0;
  while (keep < vs.route_nodes.size() && vs.route_nodes[keep] != from) ++keep;
  if (keep == vs.route_nodes.size()) keep = 0;
  vs.route_nodes.resize(keep);
  vs.route_at_s.resize(keep);
  vs.route_edges.resize(keep);
  if (!path) {
    const EdgeStates* states = forces->road_states(spec.vehicle_class);
    if (!vs.blocked) vs.blocked_since_s = start_s;  // a failed retry keeps the first moment it stopped
    vs.blocked = true;
    vs.blocked_version = states ? states->version() : 0;
    vs.closed_when_blocked.clear();
    if (states != nullptr)
      for (std::uint32_t e = 0; e < states->edge_count(); ++e)
        if (states->is_closed(EdgeId{e})) vs.closed_when_blocked.push_back(EdgeId{e});
    vs.route_nodes.push_back(from);
    vs.route_at_s.push_back(start_s);
    if (vs.event) sim->cancel(*vs.event);
    vs.event.reset();
    return false;
  }
  vs.blocked = false;
  double t = start_s;
  vs.route_nodes.push_back(from);
  vs.route_at_s.push_back(t);
  for (std::size_t i = 0; i < path->edges.size(); ++i) {
    t += router.edge_travel_time_s(path->edges[i]);
    vs.route_edges.push_back(path->edges[i]);
    vs.route_nodes.push_back(path->nodes[i + 1]);
    vs.route_at_s.push_back(t);
  }
  schedule(t, kVehicle, static_cast<std::size_t>(v), &vs.event);
  return true;
}

// The fastest route for vehicle v under its class's open roads: read from
// the depot's tree when the trip starts or ends at its depot, else searched.
std::optional<Path> LogisticsProcess::Impl::route(int v, NodeId from, NodeId to) {
  const LogisticsModel::Vehicle& spec = m.vehicles[static_cast<std::size_t>(v)];
  const EdgeStates* states = forces->road_states(spec.vehicle_class);
  router.use_edge_states(states).use_speed_factor(1.0);
  const NodeId depot = m.depots[static_cast<std::size_t>(spec.depot)].node;
  if (from != depot && to != depot) return router.route(from, to);
  const bool inbound = to == depot;
  Tree& tree = trees[(static_cast<std::size_t>(spec.depot) * 2 + (inbound ? 1 : 0)) * classes +
                     static_cast<std::size_t>(spec.vehicle_class)];
  const std::uint64_t version = states ? states->version() : 0;
  const RoadNetwork& net = *m.network;
  // A tree built under earlier roads still serves while the route it gives
  // is open; a closed road on it, or none at all, rebuilds it (a road that
  // reopened since does not: docs/models.md).
  std::optional<Path> path;
  if (tree.version != ~std::uint64_t{0} && tree.version != version) {
    path = tree_path(tree, inbound, depot, from, to);
    if (path && states != nullptr)
      for (EdgeId e : path->edges)
        if (states->is_closed(e)) {
          path.reset();
          break;
        }
    if (path) return path;
  }
  if (tree.version != version) {
    const Reached reached = inbound ? router.travel_times_to(depot).everywhere() : router.travel_times_from(depot).everywhere();
    tree.parent.assign(net.node_count(), detail::SearchWorkspace::kNone);
    for (NodeId n : reached.nodes()) {
      const EdgeId e = reached.parent_edge(n);
      if (e != kNoEdge) tree.parent[index(n)] = index(e);
    }
    tree.version = version;
  }
  return tree_path(tree, inbound, depot, from, to);
}

// The route a tree gives from `from` to the depot (inbound) or from the depot to `to`.
std::optional<Path> LogisticsProcess::Impl::tree_path(const Tree& tree, bool inbound, NodeId depot, NodeId from,
                                                      NodeId to) const {
  const RoadNetwork& net = *m.network;
  constexpr std::uint32_t kNone = detail::SearchWorkspace::kNone;
  Path path;
  NodeId at = inbound ? from : to;
  path.nodes.push_back(at);
  while (at != depot) {
    const std::uint32_t e = tree.parent[index(at)];
    if (e == kNone) return std::nullopt;
    path.edges.push_back(EdgeId{e});
    at = inbound ? net.head(EdgeId{e}) : net.tail(EdgeId{e});
    path.nodes.push_back(at);
    if (path.edges.size() > net.node_count()) return std::nullopt;  // never: a tree has no cycle
  }
  if (!inbound) {
    std::reverse(path.nodes.begin(), path.nodes.end());
    std::reverse(path.edges.begin(), path.edges.end());
  }
  return path;
}

// A road changed: a vehicle whose road ahead closed replans from the next
// node; one waiting with no open road tries again.
void LogisticsProcess::Impl::replan(int v) {
  VehicleState& vs = vehicles[static_cast<std::size_t>(v)];
  if (vs.phase != VehicleState::Phase::to_site && vs.phase != VehicleState::Phase::returning) return;
  const LogisticsModel::Vehicle& spec = m.vehicles[static_cast<std::size_t>(v)];
  const SupplyRequest& first = out.requests[static_cast<std::size_t>(out.deliveries[static_cast<std::size_t>(vs.loads.front())].request)];
  const NodeId target = vs.phase == VehicleState::Phase::to_site ? site_node(first.kind, first.site)
                                                                 : m.depots[static_cast<std::size_t>(spec.depot)].node;
  if (vs.blocked) {
    const EdgeStates* states = forces->road_states(spec.vehicle_class);
    if (states == nullptr || states->version() == vs.blocked_version) return;  // nothing changed for its class
    // Closures alone cannot open a way: look again only when a road closed then is open now.
    if (std::none_of(vs.closed_when_blocked.begin(), vs.closed_when_blocked.end(),
                     [&](EdgeId e) { return !states->is_closed(e); })) {
      vs.blocked_version = states->version();
      return;
    }
    const NodeId at = vs.route_nodes.back();
    const double since = vs.blocked_since_s;
    if (drive(v, at, target, now()))
      for (int di : vs.loads) out.deliveries[static_cast<std::size_t>(di)].blocked_s += now() - since;
    return;
  }
  const EdgeStates* states = forces->road_states(spec.vehicle_class);
  if (states == nullptr) return;
  const auto next = std::upper_bound(vs.route_at_s.begin(), vs.route_at_s.end(), now());
  if (next == vs.route_at_s.end()) return;
  const auto j = static_cast<std::size_t>(next - vs.route_at_s.begin());
  bool cut = false;
  for (std::size_t e = j; e < vs.route_edges.size() && !cut; ++e) cut = states->is_closed(vs.route_edges[e]);
  if (!cut) return;
  if (vs.phase == VehicleState::Phase::to_site)
    for (int di : vs.loads) ++out.deliveries[static_cast<std::size_t>(di)].reroutes;
  drive(v, vs.route_nodes[j], target, vs.route_at_s[j]);
}

void LogisticsProcess::Impl::vehicle_event(int v) {
  VehicleState& vs = vehicles[static_cast<std::size_t>(v)];
  vs.event.reset();
  const LogisticsModel::Vehicle& spec = m.vehicles[static_cast<std::size_t>(v)];
  // Copied: receiving may add requests and deliveries.
  const std::vector<int> loads = vs.loads;
  const SupplyRequest first = out.requests[static_cast<std::size_t>(out.deliveries[static_cast<std::size_t>(loads.front())].request)];
  const NodeId depot_node = m.depots[static_cast<std::size_t>(spec.depot)].node;
  const NodeId site = site_node(first.kind, first.site);
  const auto each = [&](auto&& f) {
    for (int di : loads) f(out.deliveries[static_cast<std::size_t>(di)]);
  };
  switch (vs.phase) {
    case VehicleState::Phase::loading:
      vs.phase = VehicleState::Phase::to_site;
      each([&](SupplyDelivery& d) { d.depart_s = now(); });
      vs.route_nodes.clear();
      vs.route_at_s.clear();
      vs.route_edges.clear();
      drive(v, depot_node, site, now());
      break;
    case VehicleState::Phase::to_site: {
      vs.phase = VehicleState::Phase::unloading;
      double handling_s = 0.0;
      each([&](SupplyDelivery& d) {
        d.arrive_s = now();
        handling_s += d.quantity * m.items[static_cast<std::size_t>(d.item)].handling_s;
      });
      schedule(now() + handling_s, kVehicle, static_cast<std::size_t>(v), &vs.event);
      break;
    }
    case VehicleState::Phase::unloading:
      for (int di : loads) receive(di);
      vs.phase = VehicleState::Phase::returning;
      vs.route_nodes.clear();
      vs.route_at_s.clear();
      vs.route_edges.clear();
      drive(v, site, depot_node, now());
      break;
    case VehicleState::Phase::returning: {
      each([&](SupplyDelivery& d) { d.back_s = now(); });
      vs.phase = VehicleState::Phase::idle;
      VehicleOutcome& o = out.vehicles[static_cast<std::size_t>(v)];
      const double from = std::max(vs.busy_since_s, m.warmup_s);
      if (now() > from) o.busy_s += std::min(now(), m.horizon_s) - from;
      vs.loads.clear();
      dispatch_vehicles(spec.depot);
      break;
    }
    case VehicleState::Phase::idle: break;
  }
}

}  // namespace dsim
