// SPDX-License-Identifier: MIT
#pragma once

// The state of one replication's logistics, shared by the files that
// implement it: logistics_process.cpp (sites, requests, stock, reports) and
// logistics_transport.cpp (vehicles and their routes). Internal: include
// logistics_process.hpp instead.

#include "sim/logistics/logistics_process.hpp"
#include "sim/network/dijkstra.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace dsim {

namespace logistics_detail {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = 1e-9;

enum Kind : std::uint32_t { kCheck, kStep, kReplenish, kSupplier, kVehicle, kReport, kReturn, kLeave };

// How a site uses an item.
enum class Use : std::uint8_t { per_work, once, equipment, per_person_day, per_person };

struct SiteItem {
  SiteKind kind = SiteKind::incident;
  int site = 0;
  int item = 0;
  Use use = Use::per_work;
  double per = 0.0;        // per work-second, the quantity, per person-second, per person
  double on_hand = 0.0;
  double pending = 0.0;    // requested, not yet delivered (nor found unmet)
  double last_s = 0.0;     // accounted up to
  double last_work_s = 0.0;
  bool active = true;      // incident work goes on
  double retry_s = 0.0;    // no new request before (after one nobody could supply)
  double asked = 0.0;      // requested, less what nobody could supply
  double received = 0.0;   // delivered while the work went on (items used once)
  int climbing = -1;       // its request still climbing the chain: more need waits for it
  std::optional<EventId> event;
  int row = 0;             // LogisticsOutcome::shortages
  std::vector<std::pair<int, double>> from_depots;  // equipment: where it came from
};

struct RequestState {
  double left = 0.0;
  int step = 0;
  int si = 0;
  int backorder_depot = -1;  // first replenished depot asked
};

struct Backorder {
  int request = 0;
  double left = 0.0;
};

struct VehicleState {
  enum class Phase { idle, loading, to_site, unloading, returning } phase = Phase::idle;
  std::vector<int> loads;  // deliveries on board, all for one site
  std::vector<NodeId> route_nodes;
  std::vector<EdgeId> route_edges;
  std::vector<double> route_at_s;
  bool blocked = false;
  double blocked_since_s = 0.0;
  std::uint64_t blocked_version = 0;  // the road states it last found no way under
  std::vector<EdgeId> closed_when_blocked;  // the roads closed to its class then: only one reopening can open a way
  std::optional<EventId> event;
  double busy_since_s = 0.0;
};

}  // namespace logistics_detail

// Internal header: the two files that include it use these names unqualified.
using namespace logistics_detail;

struct LogisticsProcess::Impl {
  Impl(const LogisticsModel& m, std::uint32_t base) : m(m), base(base), router(*m.network) {}

  const LogisticsModel& m;
  std::uint32_t base;
  Simulation* sim = nullptr;
  ResponseForces* forces = nullptr;
  Router router;
  bool closed = false;  // past the horizon: the books are shut
  LogisticsOutcome out;

  std::vector<std::vector<double>> stock;  // [depot][item]
  std::vector<std::vector<std::vector<Backorder>>> backorders;  // [depot][item]
  std::vector<double> supplier_left;       // [supplier * items + item]
  std::vector<SiteItem> sites;
  std::map<int, std::vector<int>> incident_sites;  // incident -> site items
  std::vector<std::vector<int>> shelter_sites;     // shelter -> site items
  std::vector<double> occupancy;                   // per shelter
  std::vector<RequestState> requests;
  std::vector<std::vector<int>> queue;             // per depot: deliveries waiting for a vehicle
  std::vector<VehicleState> vehicles;
  std::vector<int> vehicle_of_depot_first;
  struct Replenishment { int depot, item; double quantity; };
  std::vector<Replenishment> replenishments;
  struct Return { int depot, item; double quantity; };
  std::vector<Return> returns;
  struct Leave { int shelter, people; };
  std::vector<Leave> leaving;
  void shelter_change(int shelter, int people);
  // Fastest-route trees out of and into each depot, per vehicle class, kept
  // while the class's roads do not change: most trips start or end at a depot.
  struct Tree {
    std::uint64_t version = ~std::uint64_t{0};
    std::vector<std::uint32_t> parent;  // edge per node (outbound: last in; inbound: first out); kNone: unreached
  };
  std::vector<Tree> trees;  // [(depot * 2 + inbound) * classes + class]
  std::size_t classes = 1;
  std::optional<Path> route(int v, NodeId from, NodeId to);
  std::optional<Path> tree_path(const Tree& tree, bool inbound, NodeId depot, NodeId from, NodeId to) const;
  // Balance counters per item.
  std::vector<double> initial, replenished, requisitioned, consumed, in_transit;

  std::size_t items() const { return m.items.size(); }
  double now() const { return sim->now(); }
  bool schedule(double t, Kind kind, std::size_t subject, std::optional<EventId>* keep = nullptr) {
    if (keep && *keep) sim->cancel(**keep);
    if (keep) keep->reset();
    if (!(t <= m.horizon_s)) return false;
    const EventId id = sim->schedule_at(std::max(t, now()), base + kind, static_cast<std::uint32_t>(subject));
    if (keep) *keep = id;
    return true;
  }
  DepotItemOutcome& depot_item(int d, int item) {
    return out.depot_items[static_cast<std::size_t>(d) * items() + static_cast<std::size_t>(item)];
  }
  int site_banner(const SiteItem& s) const {
    if (s.kind == SiteKind::shelter) return m.shelters[static_cast<std::size_t>(s.site)].banner;
    const NodeId node = forces->incident(s.site).node;
    return index(node) < m.node_banner.size() ? m.node_banner[index(node)] : -1;
  }
  NodeId site_node(SiteKind kind, int site) const {
    return kind == SiteKind::shelter ? m.shelters[static_cast<std::size_t>(site)].node : forces->incident(site).node;
  }

  void start();
  // Sites.
  void open_incident(int incident);
  int add_site(SiteKind kind, int site, int item, Use use, double per);
  double rate_s(const SiteItem& s) const;  // units per second now
  bool is_short(const SiteItem& s) const;
  double people_without(const SiteItem& s) const;
  void settle(SiteItem& s);
  void review(int si);
  void repace(int incident);
  // Requests and stock.
  void request(int si, double quantity);
  void climb(int r);
  void exhausted(int r);
  void settled_request(int r);
  double issue(int depot, int item, double quantity, int r, bool reorder);
  void add_delivery(int r, int depot, double quantity, double ready_s);
  void receive(int delivery);
  void refill_backorders(int depot, int item);
  // Vehicles.
  void dispatch_vehicles(int depot);
  void vehicle_event(int v);
  bool drive(int v, NodeId from, NodeId to, double start_s);
  void replan(int v);
  // Reports.
  void report(double t);
};

}  // namespace dsim
