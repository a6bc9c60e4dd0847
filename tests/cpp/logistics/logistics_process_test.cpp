// SPDX-License-Identifier: MIT
// Logistics in the response run, checked against hand computation and
// against the closed form of a base-stock depot (Palm's theorem):
// - one depot, one vehicle, one incident and a road cut during the trip;
// - a request climbing village -> township -> banner -> city, then a
//   supplier, then a backorder, at the computed times;
// - the fill rate of a base-stock depot under Poisson demand;
// - mass balance of every item at every report time.
#include "sim/experiment/response_experiment.hpp"
#include "sim/logistics/logistics_process.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/road_network.hpp"
#include "sim/run/response_runner.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/response_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

using namespace dsim;
using namespace dsim::testing;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A rows x cols grid of 100 m roads at 36 km/h: 10 s an edge. One incident
// type "call" needing one fire unit; every node its own zone of banner 0.
struct World {
  RoadNetwork network;
  ResponseModel model;
  LogisticsModel logistics;
  std::unique_ptr<TableTravelOracle> travel;

  World(int rows, int cols) : network(build_road_network(make_grid(rows, cols))) {
    model = bare_model(static_cast<int>(network.node_count()));
    model.network = &network;
    model.banners = {"b0"};
    for (auto& z : model.zones) z.banner = 0;
    model.rules[0].on_scene_s = Distribution::fixed(300.0);
    logistics.network = &network;
    logistics.node_banner.assign(network.node_count(), 0);
  }
  NodeId node(int row, int col, int cols) const { return *network.find_node(grid_id(row, col, cols)); }
  int add_item(std::string id, double weight_kg, double handling_s, bool returns = false) {
    LogisticsModel::Item it;
    it.id = std::move(id);
    it.weight_kg = weight_kg;
    it.handling_s = handling_s;
    it.returns = returns;
    logistics.items.push_back(it);
    return static_cast<int>(logistics.items.size()) - 1;
  }
  int add_depot(std::string id, TeamLevel level, NodeId node, std::vector<double> stock, int banner = 0) {
    LogisticsModel::Depot d;
    d.id = std::move(id);
    d.level = level;
    d.node = node;
    d.banner = banner;
    d.stock = std::move(stock);
    d.reserve_target.assign(logistics.items.size(), kNaN);
    logistics.depots.push_back(d);
    return static_cast<int>(logistics.depots.size()) - 1;
  }
  void add_vehicle(int depot, double capacity_kg) {
    LogisticsModel::Vehicle v;
    v.id = "v" + std::to_string(logistics.vehicles.size());
    v.depot = depot;
    v.capacity_kg = capacity_kg;
    logistics.vehicles.push_back(v);
  }
  void add_step(std::vector<TeamLevel> levels, double request_delay_s, double approval_delay_s) {
    LogisticsModel::Step s;
    for (TeamLevel l : levels) s.levels |= 1u << static_cast<unsigned>(l);
    s.departments = {true};
    s.request_delay_s = request_delay_s;
    s.approval_delay_s = approval_delay_s;
    logistics.chain.push_back(s);
  }
  // Type 0 ("call") uses these per incident / per hour / as equipment.
  LogisticsModel::Use& use() {
    logistics.incident_use.resize(1);
    LogisticsModel::Use& u = logistics.incident_use[0];
    u.any = true;
    u.per_hour.resize(logistics.items.size(), 0.0);
    u.per_incident.resize(logistics.items.size(), 0.0);
    u.equipment.resize(logistics.items.size(), 0.0);
    return u;
  }
  void finish_setup() {
    logistics.horizon_s = model.horizon_s;
    logistics.warmup_s = model.warmup_s;
    Router router(network);
    logistics.depot_time_s.clear();
    for (const auto& d : logistics.depots) {
      std::vector<float> t(network.node_count());
      for (std::size_t n = 0; n < t.size(); ++n)
        t[n] = static_cast<float>(router.travel_time_s(d.node, NodeId{static_cast<std::uint32_t>(n)}));
      logistics.depot_time_s.push_back(std::move(t));
    }
    travel = station_travel_tables(network, model, 1);
  }
  void add_incident_at(NodeId node, double time_s) {
    ResponseModel::ExplicitIncident inc;
    inc.time_s = time_s;
    inc.node = node;
    inc.zone = static_cast<int>(index(node));
    model.explicit_incidents.push_back(inc);
  }
  void close_both_ways(NodeId a, NodeId b, double time_s) {
    model.road_changes.push_back(RoadChange{time_s, network.find_edge(a, b), true});
    model.road_changes.push_back(RoadChange{time_s, network.find_edge(b, a), true});
  }
  std::pair<ReplicationOutcome, LogisticsOutcome> run(std::uint64_t replication = 0) {
    LogisticsProcess process(logistics, CoupledProcess::kCoupledKindBase);
    ReplicationOutcome r = simulate_response(model, *travel, 1, replication, &process);
    return {std::move(r), process.take_outcome()};
  }
};

}  // namespace

TEST_CASE("a delivery rerouted round a road cut on the way arrives when computed by hand", "[logistics]") {
  // Row 0: depot at (0,0), incident at (0,4), 40 s apart. The road (0,2)-(0,3)
  // closes at 25 s, while the vehicle drives (0,0)->(0,1) (20 s to 30 s).
  World w(3, 5);
  const NodeId depot = w.node(0, 0, 5), scene = w.node(0, 4, 5);
  add_station(w.model, static_cast<int>(index(scene)));  // the crew is on the spot: it arrives at 0
  add_unit(w.model, 0);
  w.model.horizon_s = 3600.0;
  w.add_incident_at(scene, 0.0);
  w.close_both_ways(w.node(0, 2, 5), w.node(0, 3, 5), 25.0);
  const int bags = w.add_item("sandbags", 10.0, 1.0);
  const int d = w.add_depot("city", TeamLevel::city, depot, {100.0});
  w.add_vehicle(d, 1000.0);
  w.add_step({TeamLevel::city}, 0.0, 0.0);
  LogisticsModel::Use& use = w.use();
  use.per_incident[static_cast<std::size_t>(bags)] = 20.0;
  use.pace_without = 0.5;
  w.finish_setup();
  auto [response, out] = w.run();

  REQUIRE(out.requests.size() == 1);
  REQUIRE(out.deliveries.size() == 1);
  const SupplyDelivery& trip = out.deliveries[0];
  CHECK(trip.ready_s == 0.0);
  CHECK(trip.load_s == 0.0);
  CHECK(trip.depart_s == Approx(20.0));   // 20 bags at 1 s each
  // At (0,1) at 30 s it finds the road ahead cut: one row up and back, 5 edges.
  CHECK(trip.reroutes == 1);
  CHECK(trip.arrive_s == Approx(30.0 + 50.0));
  CHECK(trip.unloaded_s == Approx(80.0 + 20.0));
  // The way back is cut too: down a row at (0,4) and up at (0,0) or after the cut, 6 edges.
  CHECK(trip.back_s == Approx(100.0 + 60.0));
  CHECK(out.requests[0].completed_s == Approx(100.0));
  CHECK(out.requests[0].from_stock == 20.0);
  // Short from the first arrival (0) to the bags on hand (100 s); the 300 s
  // of work went at half pace meanwhile: 50 s done, 250 s left at full pace.
  REQUIRE(out.shortages.size() == 1);
  CHECK(out.shortages[0].short_s == Approx(100.0));
  CHECK(response.incidents[0].cleared_s == Approx(350.0));
  CHECK(out.vehicles[0].trips == 1);
  CHECK(out.vehicles[0].busy_s == Approx(160.0));
}

TEST_CASE("work stops while its consumable is out and the pace follows the supply", "[logistics]") {
  // 300 s of work using 36 bags an hour at full pace (0.01 a second): 3 bags
  // in all. The depot is 40 s away; with pace_without 0 the work waits for them.
  World w(1, 5);
  const NodeId depot = w.node(0, 0, 5), scene = w.node(0, 4, 5);
  add_station(w.model, static_cast<int>(index(scene)));
  add_unit(w.model, 0);
  w.model.horizon_s = 3600.0;
  w.add_incident_at(scene, 0.0);
  const int bags = w.add_item("sandbags", 10.0, 0.0);
  const int d = w.add_depot("city", TeamLevel::city, depot, {100.0});
  w.add_vehicle(d, 1000.0);
  w.add_step({TeamLevel::city}, 0.0, 0.0);
  LogisticsModel::Use& use = w.use();
  use.per_hour[static_cast<std::size_t>(bags)] = 36.0;
  use.pace_without = 0.0;
  w.finish_setup();
  auto [response, out] = w.run();
  REQUIRE(out.requests.size() == 1);
  CHECK(out.requests[0].quantity == 3.0);  // the work left (300 s), less than the cover
  CHECK(out.deliveries[0].unloaded_s == Approx(40.0));
  CHECK(response.incidents[0].cleared_s == Approx(340.0));
  CHECK(out.shortages[0].short_s == Approx(40.0));
  CHECK(out.shortages[0].consumed == Approx(3.0));
}

TEST_CASE("a request climbs the chain in order and at the computed times, then a supplier, then a backorder",
          "[logistics]") {
  World w(1, 6);
  const NodeId scene = w.node(0, 0, 6);
  add_station(w.model, static_cast<int>(index(scene)));
  add_unit(w.model, 0);
  w.model.horizon_s = 10 * 3600.0;
  w.add_incident_at(scene, 0.0);
  const int kit = w.add_item("kits", 1.0, 0.0);
  // Two village points (the nearer one empty), a township point with none,
  // a banner reserve with 3, the city with 10.
  w.add_depot("village_far", TeamLevel::village, w.node(0, 3, 6), {4.0});
  w.add_depot("village_near", TeamLevel::village, w.node(0, 1, 6), {1.0});
  w.add_depot("township", TeamLevel::township, w.node(0, 2, 6), {0.0});
  w.add_depot("banner", TeamLevel::banner, w.node(0, 4, 6), {3.0});
  const int city = w.add_depot("city", TeamLevel::city, w.node(0, 5, 6), {10.0}, -1);
  w.logistics.depots[static_cast<std::size_t>(city)].replenish_s = 3600.0;
  for (int d = 0; d < 5; ++d) w.add_vehicle(d, 1000.0);
  w.add_step({TeamLevel::village}, 0.0, 0.0);
  w.add_step({TeamLevel::township}, 600.0, 300.0);
  w.add_step({TeamLevel::banner}, 900.0, 1800.0);
  w.add_step({TeamLevel::city}, 1800.0, 3600.0);
  LogisticsModel::Supplier sup;
  sup.id = "private";
  sup.limit = {2.0};
  sup.lead_time_s = 7200.0;
  w.logistics.suppliers.push_back(sup);
  LogisticsModel::Use& use = w.use();
  use.per_incident[static_cast<std::size_t>(kit)] = 25.0;
  w.finish_setup();
  auto [response, out] = w.run();

  REQUIRE(out.requests.size() == 1);
  const SupplyRequest& r = out.requests[0];
  CHECK(r.quantity == 25.0);
  CHECK(r.steps == 3);
  CHECK(r.from_stock == 1.0 + 4.0 + 3.0 + 10.0);
  CHECK(r.requisitioned == 2.0);
  CHECK(r.backordered == 5.0);
  CHECK(r.unmet == 0.0);
  // Issued nearest first within a step; each step after its delays.
  std::vector<std::pair<int, double>> issued;  // (depot, ready_s), supplier: -1
  for (const SupplyDelivery& d : out.deliveries)
    if (d.ready_s <= 4 * 3600.0 + 1.0 && (d.depot >= 0 || d.supplier >= 0)) issued.emplace_back(d.depot, d.ready_s);
  const double t_township = 900.0, t_banner = t_township + 2700.0, t_city = t_banner + 5400.0;
  REQUIRE(issued.size() >= 5);
  CHECK(issued[0] == std::pair<int, double>{1, 0.0});
  CHECK(issued[1] == std::pair<int, double>{0, 0.0});
  CHECK(issued[2].first == 3);
  CHECK(issued[2].second == Approx(t_banner));
  CHECK(issued[3].first == 4);
  CHECK(issued[3].second == Approx(t_city));
  // The supplier delivers itself after its lead time; the backorder is
  // filled when the city's replenishment of it arrives (one for one: the 10
  // it issued and the 5 it owes, ordered at t_city, back an hour later).
  const SupplyDelivery* supplier = nullptr;
  const SupplyDelivery* backorder = nullptr;
  for (const SupplyDelivery& d : out.deliveries) {
    if (d.supplier >= 0) supplier = &d;
    if (d.depot == city && d.ready_s > t_city + 1.0) backorder = &d;
  }
  REQUIRE(supplier != nullptr);
  CHECK(supplier->arrive_s == Approx(t_city + 7200.0));
  REQUIRE(backorder != nullptr);
  CHECK(backorder->ready_s == Approx(t_city + 3600.0));
  CHECK(backorder->quantity == 5.0);
  CHECK(r.delivered == 25.0);
}

TEST_CASE("a base-stock depot fills Poisson demand at the rate Palm's theorem gives", "[logistics]") {
  // One unit per incident, lambda = 1 an hour, lead time L = 4 h, base stock
  // S = 5: an arriving demand finds stock when fewer than S orders are
  // outstanding; their number is Poisson(lambda L).
  const double lambda_per_s = 1.0 / 3600.0, lead_s = 4 * 3600.0;
  const int base = 5;
  World w(1, 2);
  add_station(w.model, 0);
  for (int k = 0; k < 20; ++k) add_unit(w.model, 0);
  w.model.rules[0].on_scene_s = Distribution::fixed(60.0);
  add_generator(w.model, 0, lambda_per_s);
  w.model.horizon_s = 5000 * 3600.0;
  w.model.warmup_s = 2 * lead_s;
  const int kit = w.add_item("kit", 1.0, 0.0);
  const int d = w.add_depot("city", TeamLevel::city, w.node(0, 0, 2), {double(base)}, -1);
  w.logistics.depots[static_cast<std::size_t>(d)].replenish_s = lead_s;
  w.add_step({TeamLevel::city}, 0.0, 0.0);
  w.use().per_incident[static_cast<std::size_t>(kit)] = 1.0;
  w.finish_setup();

  double expected = 0.0, term = std::exp(-lambda_per_s * lead_s);
  for (int k = 0; k < base; ++k) {
    expected += term;
    term *= lambda_per_s * lead_s / (k + 1);
  }
  RunningStats fill;
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    auto [response, out] = w.run(rep);
    double asked = 0, from_stock = 0;
    for (const SupplyRequest& r : out.requests)
      if (r.measured) {
        asked += r.quantity;
        from_stock += r.from_stock;
      }
    REQUIRE(asked > 500);
    fill.add(from_stock / asked);
  }
  const ConfidenceInterval ci = t_confidence_interval(fill, 0.99);
  INFO("fill rate " << ci.mean << " +- " << ci.half_width << ", closed form " << expected);
  CHECK(ci.half_width < 0.015);
  CHECK(std::abs(ci.mean - expected) <= ci.half_width);
}

TEST_CASE("every item balances at every report time", "[logistics]") {
  World w(6, 6);
  add_station(w.model, 0);
  for (int k = 0; k < 4; ++k) add_unit(w.model, 0);
  w.model.rules[0].on_scene_s = Distribution::exponential(3600.0);
  for (int z = 0; z < 36; z += 7) add_generator(w.model, z, 1.0 / 3600.0);
  w.model.horizon_s = 48 * 3600.0;
  const int bags = w.add_item("sandbags", 20.0, 1.0);
  const int pump = w.add_item("pump", 100.0, 30.0, true);
  const int vil = w.add_depot("village", TeamLevel::village, w.node(2, 2, 6), {50.0, 1.0});
  const int city = w.add_depot("city", TeamLevel::city, w.node(5, 5, 6), {300.0, 3.0}, -1);
  w.logistics.depots[static_cast<std::size_t>(city)].replenish_s = 6 * 3600.0;
  w.add_vehicle(vil, 500.0);
  w.add_vehicle(city, 2000.0);
  w.add_step({TeamLevel::village}, 0.0, 0.0);
  w.add_step({TeamLevel::city}, 600.0, 600.0);
  LogisticsModel::Supplier sup;
  sup.limit = {200.0, 0.0};
  sup.lead_time_s = 3 * 3600.0;
  w.logistics.suppliers.push_back(sup);
  LogisticsModel::Use& use = w.use();
  use.per_hour[static_cast<std::size_t>(bags)] = 40.0;
  use.equipment[static_cast<std::size_t>(pump)] = 1.0;
  use.pace_without = 0.5;
  w.logistics.report_step_s = 1800.0;
  w.close_both_ways(w.node(2, 2, 6), w.node(2, 3, 6), 3600.0);
  w.finish_setup();
  auto [response, out] = w.run(3);
  REQUIRE(out.requests.size() > 20);
  REQUIRE(out.balance.size() == 2 * (48 * 2 + 1));
  for (const ItemBalance& b : out.balance) {
    INFO("item " << b.item << " at " << b.time_s);
    CHECK(b.initial + b.replenished + b.requisitioned ==
          Approx(b.consumed + b.at_depots + b.at_sites + b.in_transit).margin(1e-6));
    CHECK(b.in_transit >= -1e-9);
  }
  // Pumps are never consumed: they go back.
  CHECK(out.balance.back().consumed == 0.0);
  double short_h = 0;
  for (const SiteShortage& s : out.shortages) short_h += s.short_s;
  CHECK(short_h > 0);
}

TEST_CASE("logistics gives the same results on 1 thread and on 2", "[logistics]") {
  World w(6, 6);
  add_station(w.model, 0);
  for (int k = 0; k < 3; ++k) add_unit(w.model, 0);
  add_generator(w.model, 14, 2.0 / 3600.0);
  w.model.horizon_s = 24 * 3600.0;
  const int bags = w.add_item("sandbags", 20.0, 1.0);
  const int city = w.add_depot("city", TeamLevel::city, w.node(5, 5, 6), {200.0}, -1);
  w.add_vehicle(city, 400.0);
  w.add_step({TeamLevel::city}, 300.0, 0.0);
  w.use().per_hour[static_cast<std::size_t>(bags)] = 30.0;
  w.finish_setup();
  auto run = [&](int threads) {
    ResponseRunOptions o;
    o.replications = 4;
    o.threads = threads;
    o.seed = 9;
    o.logistics = &w.logistics;
    return run_response(w.model, *w.travel, o);
  };
  const ResponseExperiment a = run(1), b = run(2);
  REQUIRE(a.logistics.size() == 4);
  for (std::size_t r = 0; r < 4; ++r) {
    REQUIRE(a.logistics[r].deliveries.size() == b.logistics[r].deliveries.size());
    for (std::size_t k = 0; k < a.logistics[r].deliveries.size(); ++k)
      CHECK(a.logistics[r].deliveries[k].unloaded_s == b.logistics[r].deliveries[k].unloaded_s);
  }
}

namespace {

// Brings `people` to shelter 0 at `at_s`, as the warning chain's evacuation does.
class ShelterFeed final : public CoupledProcess {
 public:
  ShelterFeed(LogisticsProcess& logistics, double at_s, int people) : logistics_(logistics), at_s_(at_s), people_(people) {}
  // Its one event is of the second process's kinds (CoupledProcesses::kind_base(1)).
  void start(Simulation& sim, ResponseForces&) override { sim.schedule_at(at_s_, CoupledProcesses::kind_base(1), 0); }
  void handle(const Event&) override { logistics_.people_sheltered(0, people_); }

 private:
  LogisticsProcess& logistics_;
  double at_s_;
  int people_;
};

}  // namespace

TEST_CASE("a shelter uses water per person per day while its people stay, and counts people-hours without quilts",
          "[logistics]") {
  World w(1, 3);
  add_station(w.model, 0);
  add_unit(w.model, 0);
  w.model.horizon_s = 3 * 86'400.0;
  const int water = w.add_item("water", 1.0, 0.0);
  const int quilt = w.add_item("quilt", 2.0, 0.0);
  const NodeId shelter = w.node(0, 2, 3);
  const int d = w.add_depot("city", TeamLevel::city, shelter, {1000.0, 6.0}, -1);  // six quilts for ten people
  w.add_vehicle(d, 10'000.0);
  w.add_step({TeamLevel::city}, 0.0, 0.0);
  w.logistics.shelters.push_back({"school", shelter, 0});
  w.logistics.shelter_per_person_day = {3.0, 0.0};
  w.logistics.shelter_per_person = {0.0, 1.0};
  w.logistics.shelter_stay_s = 86'400.0;
  w.finish_setup();
  LogisticsProcess logistics(w.logistics, CoupledProcesses::kind_base(0));
  ShelterFeed feed(logistics, 3600.0, 10);
  CoupledProcesses both({&logistics, &feed});
  simulate_response(w.model, *w.travel, 1, 0, &both);
  const LogisticsOutcome out = logistics.take_outcome();
  double water_used = 0, quilt_people_h = 0, water_people_h = 0;
  for (const SiteShortage& s : out.shortages) {
    if (s.item == water) {
      water_used += s.consumed;
      water_people_h += s.people_hours_without;
    }
    if (s.item == quilt) quilt_people_h += s.people_hours_without;
  }
  // Ten people for one day at 3 a day, the depot on the spot: all of it on hand at once.
  CHECK(water_used == Approx(30.0));
  CHECK(water_people_h == Approx(0.0).margin(1e-9));
  // Four of the ten without a quilt for their 24 hours.
  CHECK(quilt_people_h == Approx(4 * 24.0));
  // Everything balances at the end: nothing is in transit, the quilts stay at the shelter.
  const ItemBalance& last = out.balance.back();
  CHECK(last.in_transit == Approx(0.0).margin(1e-9));
}

TEST_CASE("a vehicle with no open road waits where it is until one opens, and the wait is counted", "[logistics]") {
  // A line of three nodes, 10 s a road: the only road out of the depot is
  // shut from the start to 600 s (the road is also changed at 300 s for
  // another class, which must not count as an opening).
  World w(1, 3);
  const NodeId depot = w.node(0, 0, 3), scene = w.node(0, 2, 3);
  add_station(w.model, static_cast<int>(index(scene)));
  add_unit(w.model, 0);
  w.model.horizon_s = 3600.0;
  w.model.vehicle_classes = {"standard", "high_clearance"};
  w.add_incident_at(scene, 0.0);
  const EdgeId out = w.network.find_edge(depot, w.node(0, 1, 3)), back = w.network.find_edge(w.node(0, 1, 3), depot);
  for (EdgeId e : {out, back}) {
    w.model.road_changes.push_back(RoadChange{0.0, e, true});
    w.model.road_changes.push_back(RoadChange{300.0, e, true, VehicleClassSet{2}});
    w.model.road_changes.push_back(RoadChange{600.0, e, false});
  }
  std::sort(w.model.road_changes.begin(), w.model.road_changes.end(),
            [](const RoadChange& a, const RoadChange& b) { return a.time_s < b.time_s; });
  const int kit = w.add_item("kit", 1.0, 0.0);
  const int d = w.add_depot("city", TeamLevel::city, depot, {10.0});
  w.add_vehicle(d, 100.0);
  w.add_step({TeamLevel::city}, 0.0, 0.0);
  w.use().per_incident[static_cast<std::size_t>(kit)] = 1.0;
  w.finish_setup();
  auto [response, outcome] = w.run();
  REQUIRE(outcome.deliveries.size() == 1);
  const SupplyDelivery& trip = outcome.deliveries[0];
  CHECK(trip.depart_s == 0.0);
  CHECK(trip.blocked_s == Approx(600.0));
  CHECK(trip.arrive_s == Approx(620.0));
}
