// SPDX-License-Identifier: MIT
// One event, one run: the warning chain and the response in the same event
// loop, sharing units. Every expected time below is computed by hand.
#include "sim/experiment/response_experiment.hpp"
#include "sim/network/road_network.hpp"
#include "sim/warning/warning_simulation.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/response_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace dsim;

namespace {

// A 3 x 3 grid for the warning's roads; the response reads its travel times
// from a table: 100 s from the one station (node 0) to any other node.
struct World {
  RoadNetwork net = build_road_network(testing::make_grid(3, 3));
  ResponseModel response = testing::bare_model(9);
  TableTravelOracle travel = testing::symmetric_oracle({std::vector<double>{0, 100, 100, 100, 100, 100, 100, 100, 100}});
  WarningModel warning;
  HazardArrival hazard;

  World() {
    testing::add_station(response, 0);
    testing::add_unit(response, 0);  // unit 0: a village force that fights fires and knocks on doors
    response.rules[0].on_scene_s = Distribution::fixed(1000.0);
    response.horizon_s = 20'000.0;
    // The warning: one zone (node 4) of four one-person households who stay put.
    WarningGroup g;
    g.name = "general";
    g.compliance = 0.0;
    warning.groups.push_back(g);
    WarningZone z;
    z.id = "z4";
    z.nodes = {NodeId{4}};
    z.people = {4};
    z.region_zone = 4;
    warning.zones.push_back(z);
    warning.household_size = 1.0;
    warning.horizon_s = 20'000.0;
    hazard.hazard = "none";
    hazard.node_arrival_s.assign(net.node_count(), HazardArrival::kNever);
  }

  // Door knocking by unit 0: six households an hour, ten minutes a door.
  void knocking_by_unit_0(double issue_s) {
    WarningChannel c;
    c.name = "door_knocking";
    c.reach = {1.0};
    c.reach_asleep = 1.0;
    c.households_per_team_hour = 6.0;
    c.zone_units = {{0}};
    warning.channels.push_back(c);
    warning.issue_at_s = issue_s;
  }

  void incident_at(double t_s, int node = 4) {
    ResponseModel::ExplicitIncident e;
    e.time_s = t_s;
    e.node = NodeId{static_cast<std::uint32_t>(node)};
    e.zone = node;
    response.explicit_incidents.push_back(e);
  }

  struct Both {
    ReplicationOutcome response;
    WarningOutcome warning;
  };
  Both run_coupled() {
    const EvacuationRoutes routes(net, warning.shelters);
    WarningProcess process(warning, hazard, routes, 1, 0);
    Both out;
    out.response = simulate_response(response, travel, 1, 0, &process);
    out.warning = process.take_outcome();
    return out;
  }
};

}  // namespace

TEST_CASE("A call that comes while its only unit knocks on doors waits until the knocking is done", "[coupled]") {
  World w;
  w.knocking_by_unit_0(0.0);
  w.incident_at(600.0);
  const auto out = w.run_coupled();

  // Four doors at ten minutes each: the unit knocks from 0 to 2,400 s.
  REQUIRE(out.warning.knocks.size() == 1);
  CHECK(out.warning.knocks[0].started_s == 0.0);
  CHECK(out.warning.knocks[0].ended_s == 2400.0);
  std::vector<double> warned;
  for (const HouseholdRecord& h : out.warning.households) warned.push_back(h.warned_s);
  CHECK(warned == std::vector<double>{600.0, 1200.0, 1800.0, 2400.0});
  // The call at 600 s is dispatched when the unit is released, and it arrives 100 s later.
  REQUIRE(out.response.incidents.size() == 1);
  const IncidentOutcome& inc = out.response.incidents[0];
  CHECK(inc.first_dispatch_s == 2400.0);
  CHECK(inc.first_arrival_s == 2500.0);
  CHECK(inc.cleared_s == 3500.0);
  CHECK(out.response.units[0].duty_s == 2400.0);
  CHECK(out.response.units[0].duties == 1);
}

TEST_CASE("Without shared duties the coupled run gives the separate runs' results", "[coupled]") {
  World w;
  w.knocking_by_unit_0(0.0);
  w.warning.channels[0].zone_units.clear();  // knocking by the abstract teams of the zone
  w.warning.channels[0].teams_per_zone = 1;
  w.incident_at(600.0);
  const auto out = w.run_coupled();
  const ReplicationOutcome alone = simulate_response(w.response, w.travel, 1, 0);
  const EvacuationRoutes routes(w.net, w.warning.shelters);
  const WarningOutcome warning_alone = simulate_warning(w.warning, w.hazard, routes, 1, 0);
  REQUIRE(out.response.incidents.size() == 1);
  CHECK(out.response.incidents[0].first_dispatch_s == 600.0);
  CHECK(out.response.incidents[0].first_arrival_s == 700.0);
  CHECK(out.response.incidents[0].first_arrival_s == alone.incidents[0].first_arrival_s);
  CHECK(out.response.incidents[0].cleared_s == alone.incidents[0].cleared_s);
  REQUIRE(out.warning.households.size() == warning_alone.households.size());
  for (std::size_t h = 0; h < warning_alone.households.size(); ++h)
    CHECK(out.warning.households[h].warned_s == warning_alone.households[h].warned_s);
  CHECK(out.response.units[0].duty_s == 0.0);
}

TEST_CASE("A unit out on a call starts knocking when it is back at its station", "[coupled]") {
  World w;
  w.knocking_by_unit_0(300.0);
  w.incident_at(0.0);
  const auto out = w.run_coupled();
  // Out at 0, on scene 100 to 1,100, back at 1,200: it knocks from 1,200 to 3,600.
  REQUIRE(out.warning.knocks.size() == 1);
  CHECK(out.warning.knocks[0].queued_s == 300.0);
  CHECK(out.warning.knocks[0].started_s == 1200.0);
  CHECK(out.warning.knocks[0].ended_s == 3600.0);
  CHECK(out.warning.households[0].warned_s == 1800.0);
  CHECK(out.response.units[0].duty_s == 2400.0);
}

TEST_CASE("A village head out on a rescue with their team cannot answer the warning call", "[coupled]") {
  World w;
  w.warning.issue_at_s = 300.0;
  ResponsiblePerson head;
  head.id = "head";
  head.zones = {0};
  head.answer_probability = 1.0;
  head.retry_interval_s = 120.0;
  head.max_attempts = 50;
  head.unit = 0;
  w.warning.responsible.push_back(head);
  w.incident_at(0.0);
  const auto out = w.run_coupled();
  // Back at 1,200 s: the calls at 300, 420, ..., 1,140 go unanswered, the one at 1,260 is answered.
  REQUIRE(out.warning.calls.size() == 1);
  CHECK(out.warning.calls[0].missed_on_rescue == 8);
  CHECK(out.warning.calls[0].attempts == 9);
  CHECK(out.warning.calls[0].answered_s == 1260.0);
  CHECK(out.warning.zone_acknowledged_s[0] == 1260.0);

  // Alone, the same person answers the first call.
  const EvacuationRoutes routes(w.net, w.warning.shelters);
  const WarningOutcome alone = simulate_warning(w.warning, w.hazard, routes, 1, 0);
  CHECK(alone.calls[0].answered_s == 300.0);
}

TEST_CASE("A village without mobile network gets no SMS and answers through the fallback", "[coupled][outage]") {
  World w;
  w.warning.issue_at_s = 0.0;
  w.warning.outages = OutageMap(9);
  w.warning.outages.add(4, {infrastructure_bit(Infrastructure::mobile), 0.0, HazardArrival::kNever});
  w.warning.call_needs = infrastructure_bit(Infrastructure::mobile);
  w.warning.fallback_delay_s = 1200.0;
  WarningChannel sms;
  sms.name = "sms";
  sms.reach = {1.0};
  sms.reach_asleep = 1.0;
  sms.needs = infrastructure_bit(Infrastructure::mobile);
  w.warning.channels.push_back(sms);
  // Door knocking by the village head's own people, once the head has answered.
  WarningChannel knock;
  knock.name = "door_knocking";
  knock.reach = {1.0};
  knock.reach_asleep = 1.0;
  knock.after_acknowledgement = true;
  knock.teams_per_zone = 1;
  knock.households_per_team_hour = 6.0;
  w.warning.channels.push_back(knock);
  ResponsiblePerson head;
  head.id = "head";
  head.zones = {0};
  head.answer_probability = 1.0;
  head.retry_interval_s = 120.0;
  head.max_attempts = 50;
  w.warning.responsible.push_back(head);

  const EvacuationRoutes routes(w.net, w.warning.shelters);
  const WarningOutcome o = simulate_warning(w.warning, w.hazard, routes, 1, 0);
  // Calls at 0, 120, ..., 1,080 fail; the messenger sent at 0 reaches the head at 1,200.
  REQUIRE(o.calls.size() == 1);
  CHECK(o.calls[0].failed_no_network == 10);
  CHECK(o.calls[0].by_fallback);
  CHECK(o.calls[0].answered_s == 1200.0);
  // No SMS gets through; door knocking starts at 1,200 and reaches the four households at 10-minute steps.
  CHECK(o.channel_failed[0] == 4);
  std::vector<double> warned;
  for (const HouseholdRecord& h : o.households) {
    CHECK(h.warned_by == 1);
    warned.push_back(h.warned_s);
  }
  CHECK(warned == std::vector<double>{1800.0, 2400.0, 3000.0, 3600.0});

  // With the network up, the SMS reaches everyone at once and the head answers the first call.
  w.warning.outages = OutageMap(9);
  const WarningOutcome up = simulate_warning(w.warning, w.hazard, routes, 1, 0);
  CHECK(up.calls[0].answered_s == 0.0);
  CHECK(up.channel_failed[0] == 0);
  for (const HouseholdRecord& h : up.households) CHECK(h.warned_s == 0.0);
}

TEST_CASE("The video link needs the network at the scene or a unit with its own satellite link", "[coupled][outage]") {
  World w;
  w.response.rules[0].needs = {{testing::kComms, 1}};
  w.response.outages = OutageMap(9);
  w.response.outages.add(4, {infrastructure_bit(Infrastructure::mobile), 0.0, 5000.0});
  w.response.units[0].capabilities = CapabilitySet{1} << testing::kComms;
  w.incident_at(0.0);
  w.incident_at(6000.0);
  const ReplicationOutcome out = simulate_response(w.response, w.travel, 1, 0);
  REQUIRE(out.incidents.size() == 2);
  CHECK(out.incidents[0].first_arrival_s == 100.0);
  CHECK(std::isnan(out.incidents[0].comms_arrival_s));   // network down at the scene
  CHECK(out.incidents[1].comms_arrival_s == 6100.0);    // network back by then

  w.response.units[0].capabilities |= CapabilitySet{1} << 10;  // satellite
  const ReplicationOutcome sat = simulate_response(w.response, w.travel, 1, 0);
  CHECK(sat.incidents[0].comms_arrival_s == 100.0);
}

TEST_CASE("The coupled run gives the same results on one thread and two", "[coupled]") {
  World w;
  w.knocking_by_unit_0(0.0);
  testing::add_generator(w.response, 4, 1.0 / 1800.0);
  w.response.rules[0].on_scene_s = Distribution::exponential(900.0);
  const EvacuationRoutes routes(w.net, w.warning.shelters);
  ResponseRunOptions options;
  options.replications = 6;
  options.seed = 3;
  options.warning = CoupledWarning{&w.warning, &w.hazard, &routes};
  options.threads = 1;
  const ResponseExperiment one = run_response(w.response, w.travel, options);
  options.threads = 2;
  const ResponseExperiment two = run_response(w.response, w.travel, options);
  REQUIRE(one.warning.size() == 6);
  REQUIRE(two.warning.size() == 6);
  for (std::size_t r = 0; r < 6; ++r) {
    REQUIRE(one.replications[r].incidents.size() == two.replications[r].incidents.size());
    for (std::size_t i = 0; i < one.replications[r].incidents.size(); ++i)
      CHECK(one.replications[r].incidents[i].first_arrival_s == two.replications[r].incidents[i].first_arrival_s);
    CHECK(one.warning[r].knocks[0].ended_s == two.warning[r].knocks[0].ended_s);
    CHECK(one.replications[r].units[0].duty_s == two.replications[r].units[0].duty_s);
  }
}
