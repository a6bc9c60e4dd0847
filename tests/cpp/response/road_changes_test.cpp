// SPDX-License-Identifier: MIT
// Roads that close and reopen during a response run: units pick routes on the
// open roads, replan on the road, wait when cut off, and respect vehicle classes.
#include "sim/network/dijkstra.hpp"
#include "sim/network/road_network.hpp"
#include "sim/response/response_simulation.hpp"
#include "sim/run/response_runner.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/response_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace dsim;
using namespace dsim::testing;

namespace {

// A rows x cols grid of 100 m roads at 36 km/h: 10 s per segment.
struct GridWorld {
  int cols;
  RoadNetwork network;
  ResponseModel model;
  std::unique_ptr<TableTravelOracle> travel;

  GridWorld(int rows, int cols_) : cols(cols_), network(build_road_network(make_grid(rows, cols_))) {
    model = bare_model(static_cast<int>(network.node_count()));
    model.network = &network;
    model.horizon_s = 10'000.0;
    model.rules[0].on_scene_s = Distribution::fixed(50.0);
  }
  NodeId node(int r, int c) const { return *network.find_node(grid_id(r, c, cols)); }
  EdgeId edge(int r1, int c1, int r2, int c2) const { return network.find_edge(node(r1, c1), node(r2, c2)); }
  int station_at(int r, int c) {
    add_station(model, static_cast<int>(index(node(r, c))));
    return static_cast<int>(model.stations.size()) - 1;
  }
  void close(double from_s, double to_s, int r1, int c1, int r2, int c2,
             VehicleClassSet classes = kAllVehicleClasses) {
    for (EdgeId e : {edge(r1, c1, r2, c2), edge(r2, c2, r1, c1)}) {
      model.road_changes.push_back({from_s, e, true, classes});
      if (std::isfinite(to_s)) model.road_changes.push_back({to_s, e, false, classes});
    }
    std::stable_sort(model.road_changes.begin(), model.road_changes.end(),
                     [](const RoadChange& a, const RoadChange& b) { return a.time_s < b.time_s; });
  }
  void incident_at(double t, int r, int c) {
    ResponseModel::ExplicitIncident e;
    e.time_s = t;
    e.node = node(r, c);
    e.zone = static_cast<int>(index(e.node));
    model.explicit_incidents.push_back(e);
  }
  ReplicationOutcome run() {
    travel = station_travel_tables(network, model, 1);
    return simulate_response(model, *travel, 1, 0);
  }
};

const DispatchOutcome& only_dispatch(const ReplicationOutcome& rep) {
  REQUIRE(rep.dispatches.size() == 1);
  return rep.dispatches.front();
}

}  // namespace

TEST_CASE("A road closed from the start makes the unit take the detour", "[response][roads]") {
  GridWorld w(2, 6);
  add_unit(w.model, w.station_at(0, 0));
  w.incident_at(0.0, 0, 5);
  SECTION("open roads: straight along the row") {
    CHECK(only_dispatch(w.run()).arrival_s == Approx(50.0));
  }
  SECTION("one segment out: down, across and up again") {
    w.close(0.0, HUGE_VAL, 0, 2, 0, 3);
    const ReplicationOutcome rep = w.run();
    CHECK(only_dispatch(rep).arrival_s == Approx(70.0));
    CHECK(only_dispatch(rep).travel_s == Approx(70.0));
    CHECK(rep.incidents[0].first_arrival_s == Approx(70.0));
  }
}

TEST_CASE("A unit on the road finishes its segment and replans around a new closure", "[response][roads]") {
  GridWorld w(2, 6);
  add_unit(w.model, w.station_at(0, 0));
  w.incident_at(0.0, 0, 5);
  SECTION("closed ahead of it: it reaches (0,4) at 40 s, then goes round in 30 s") {
    w.close(35.0, HUGE_VAL, 0, 4, 0, 5);
    CHECK(only_dispatch(w.run()).arrival_s == Approx(70.0));
  }
  SECTION("closed under it: it drives on over the segment it is on") {
    w.close(45.0, HUGE_VAL, 0, 4, 0, 5);
    CHECK(only_dispatch(w.run()).arrival_s == Approx(50.0));
  }
  SECTION("closed behind it: nothing changes") {
    w.close(35.0, HUGE_VAL, 0, 0, 0, 1);
    CHECK(only_dispatch(w.run()).arrival_s == Approx(50.0));
  }
}

TEST_CASE("A unit cut off waits where it is until the road reopens", "[response][roads]") {
  GridWorld w(1, 4);
  add_unit(w.model, w.station_at(0, 0));
  w.incident_at(0.0, 0, 3);
  SECTION("no road at the call: the incident waits and is answered at the reopening") {
    w.close(0.0, 100.0, 0, 1, 0, 2);
    const ReplicationOutcome rep = w.run();
    CHECK(only_dispatch(rep).dispatch_s == Approx(100.0));
    CHECK(rep.incidents[0].first_arrival_s == Approx(130.0));
  }
  SECTION("cut off on the way: it waits at (0,2) from 20 s and goes on at 100 s") {
    w.close(15.0, 100.0, 0, 2, 0, 3);
    CHECK(only_dispatch(w.run()).arrival_s == Approx(110.0));
  }
  SECTION("overlapping closures reopen the road when the last one ends") {
    w.close(0.0, 100.0, 0, 1, 0, 2);
    w.close(50.0, 150.0, 0, 1, 0, 2);
    CHECK(w.run().incidents[0].first_arrival_s == Approx(180.0));
  }
  SECTION("cut off from its station after the work: it comes back once the road reopens") {
    // On scene at 30 s, done at 80 s; the road home is shut from 60 s to 200 s.
    w.close(60.0, 200.0, 0, 0, 0, 1);
    const ReplicationOutcome rep = w.run();
    CHECK(only_dispatch(rep).release_s == Approx(80.0));
    CHECK(only_dispatch(rep).back_s == Approx(230.0));
    REQUIRE(rep.units.size() == 1);
    CHECK(rep.units[0].busy_s == Approx(230.0));
  }
  SECTION("cut off for good: it never comes back and stays committed to the horizon") {
    w.close(60.0, HUGE_VAL, 0, 0, 0, 1);
    const ReplicationOutcome rep = w.run();
    CHECK(std::isnan(only_dispatch(rep).back_s));
    CHECK(rep.units[0].busy_s == Approx(w.model.horizon_s));
  }
}

TEST_CASE("A closure for one vehicle class leaves the others their road", "[response][roads]") {
  GridWorld w(1, 4);
  w.model.vehicle_classes = {"standard", "high_clearance"};
  const int station = w.station_at(0, 0);
  add_unit(w.model, station);  // standard, full speed
  add_unit(w.model, station);  // high clearance, half speed
  w.model.units[1].vehicle_class = 1;
  w.model.units[1].speed_factor = 0.5;
  w.incident_at(0.0, 0, 3);
  SECTION("water over the road for standard vehicles: the high-clearance unit goes, at its speed") {
    w.close(0.0, HUGE_VAL, 0, 1, 0, 2, VehicleClassSet{1} << 0);
    const ReplicationOutcome rep = w.run();
    const DispatchOutcome& d = only_dispatch(rep);
    CHECK(d.unit == 1);
    CHECK(d.arrival_s == Approx(60.0));
  }
  SECTION("no closure: the faster standard unit goes") {
    w.close(0.0, HUGE_VAL, 0, 1, 0, 2, VehicleClassSet{1} << 1);
    const ReplicationOutcome rep = w.run();
    const DispatchOutcome& d = only_dispatch(rep);
    CHECK(d.unit == 0);
    CHECK(d.arrival_s == Approx(30.0));
  }
}

TEST_CASE("The nearest unit is chosen by travel on the open roads", "[response][roads]") {
  // Two stations at the ends of a row; the near one is cut off, the far one goes.
  GridWorld w(1, 8);
  add_unit(w.model, w.station_at(0, 0));
  add_unit(w.model, w.station_at(0, 7));
  w.incident_at(0.0, 0, 2);
  w.close(0.0, HUGE_VAL, 0, 0, 0, 1);
  const ReplicationOutcome rep = w.run();
    const DispatchOutcome& d = only_dispatch(rep);
  CHECK(d.unit == 1);
  CHECK(d.arrival_s == Approx(50.0));
}
