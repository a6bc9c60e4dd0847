// SPDX-License-Identifier: MIT
// The hazard interface: any model that says when it reaches each node, which
// roads it closes, who it exposes and which incidents it raises enters the
// run the same way, and several hazards can share one run.
#include "sim/response/hazard_coupling.hpp"

#include "sim/core/error.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/response_fixtures.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace dsim;

namespace {

// A hand-made hazard: closes edge `edge` from `close_s` to `open_s` and raises one call at node 2.
struct TestHazard {
  std::vector<RoadChange> changes;
  HazardArrival arrival;
  std::string type = "call";
  double call_s = 0.0;

  std::string hazard_name() const { return "test"; }
  std::string severity_unit() const { return "1"; }
  const HazardArrival& node_arrival() const { return arrival; }
  std::span<const RoadChange> road_changes() const { return changes; }
  std::vector<ZoneExposure> exposure() const { return {{call_s, 2, 10.0, 0.5}}; }
  std::vector<RaisedIncident> raised_incidents() const { return {{call_s, 2, NodeId{2}, type, "any"}}; }
};
static_assert(Hazard<TestHazard>);

TestHazard hazard(std::uint32_t edge, double close_s, double open_s, double call_s, std::size_t nodes) {
  TestHazard h;
  h.changes = {{close_s, EdgeId{edge}, true, kAllVehicleClasses}, {open_s, EdgeId{edge}, false, kAllVehicleClasses}};
  h.arrival.hazard = "test";
  h.arrival.node_arrival_s.assign(nodes, HazardArrival::kNever);
  h.call_s = call_s;
  return h;
}

}  // namespace

TEST_CASE("Two hazards enter one response model: road changes merged in time order, raised calls as incidents",
          "[hazard]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 3));
  ResponseModel m = testing::bare_model(9);
  m.horizon_s = 10'000.0;
  const TestHazard a = hazard(0, 500.0, 900.0, 700.0, net.node_count());
  const TestHazard b = hazard(3, 100.0, 600.0, 200.0, net.node_count());
  couple_hazard(a, net, m, "s.yaml", "a");
  couple_hazard(b, net, m, "s.yaml", "b");
  REQUIRE(m.network == &net);
  REQUIRE(m.road_changes.size() == 4);
  std::vector<double> times;
  for (const RoadChange& c : m.road_changes) times.push_back(c.time_s);
  CHECK(times == std::vector<double>{100.0, 500.0, 600.0, 900.0});
  REQUIRE(m.explicit_incidents.size() == 2);
  CHECK(m.explicit_incidents[0].time_s == 200.0);
  CHECK(m.explicit_incidents[1].time_s == 700.0);
  CHECK(m.explicit_incidents[0].node == NodeId{2});
  CHECK(m.explicit_incidents[0].zone == 2);
  CHECK(m.explicit_incidents[0].type == 0);
}

TEST_CASE("A raised call past the horizon is dropped; one of a type without a rule names its key", "[hazard]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 3));
  ResponseModel m = testing::bare_model(9);
  m.horizon_s = 1'000.0;
  couple_hazard(hazard(0, 100.0, 200.0, 5'000.0, net.node_count()), net, m, "s.yaml", "flood.rescue");
  CHECK(m.explicit_incidents.empty());
  TestHazard odd = hazard(0, 100.0, 200.0, 50.0, net.node_count());
  odd.type = "landslide";
  try {
    couple_hazard(odd, net, m, "s.yaml", "flood.rescue");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.file() == "s.yaml");
    CHECK(e.key() == "flood.rescue.type");
    CHECK(e.found() == "landslide");
  }
}

TEST_CASE("The warning races the first of several hazards to reach each node", "[hazard]") {
  HazardArrival flood, fire;
  flood.node_arrival_s = {100.0, HazardArrival::kNever, 300.0};
  fire.node_arrival_s = {200.0, 50.0, HazardArrival::kNever};
  const HazardArrival* both[] = {&flood, &fire};
  const HazardArrival first = earliest_arrival(both, "flood+fire");
  CHECK(first.hazard == "flood+fire");
  CHECK(first.node_arrival_s == std::vector<double>{100.0, 50.0, 300.0});
}
