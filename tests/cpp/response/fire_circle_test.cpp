// SPDX-License-Identifier: MIT
#include "sim/response/fire_circle.hpp"
#include "sim/response/response_simulation.hpp"
#include "tests/cpp/support/response_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dsim;
using namespace dsim::testing;

namespace {

constexpr int kMedical = 3;  // capability index of "medical"

// Three nodes: 0 and 2 built-up, 1 grassland. A fire unit at station 0
// (60 s turnout; 260, 80 and 100 s from nodes 0, 1 and 2) and a fast medical
// unit at station 1 (10 s turnout, 60 s from every node). Each structure fire
// needs one firefighter and one medic; 30 s from call to dispatch.
ResponseModel fire_circle_model() {
  ResponseModel m = bare_model(3);
  m.incident_types = {"structure_fire"};
  m.zones[1].type = "grassland";
  m.dispatch_delay_s = Distribution::fixed(30.0);
  m.rules[0].needs = {{kFire, 1}, {kMedical, 1}};
  m.rules[0].on_scene_s = Distribution::fixed(600.0);
  m.fire_circle_type = {true};
  m.fire_circle_zone = {true, false, true};
  add_station(m, 0);
  add_station(m, 1);
  add_unit(m, 0, TeamLevel::village, 1, 1u << kFire, Distribution::fixed(60.0));
  add_unit(m, 1, TeamLevel::village, 1, 1u << kMedical, Distribution::fixed(10.0));
  for (const auto& [time_s, node] : {std::pair{1000.0, 0u}, {5000.0, 1u}, {9000.0, 2u}}) {
    ResponseModel::ExplicitIncident fire;
    fire.time_s = time_s;
    fire.node = NodeId{node};
    fire.zone = static_cast<int>(node);
    m.explicit_incidents.push_back(fire);
  }
  return m;
}

}  // namespace

TEST_CASE("The fire circle counts the first fire unit's arrival, not a faster unit of another kind", "[response][fire]") {
  const ResponseModel m = fire_circle_model();
  const TableTravelOracle travel = symmetric_oracle({{260.0, 80.0, 100.0}, {60.0, 60.0, 60.0}});
  const ReplicationOutcome rep = simulate_response(m, travel, 1, 0);
  REQUIRE(rep.incidents.size() == 3);

  // The medic is first on scene everywhere, 30 + 10 + 60 s after the call.
  for (const IncidentOutcome& inc : rep.incidents) CHECK(inc.first_arrival_s - inc.call_s == 100.0);
  const IncidentOutcome& late = rep.incidents[0];
  CHECK(late.first_fire_arrival_s - late.call_s == 30.0 + 60.0 + 260.0);
  CHECK(late.first_fire_turnout_s == 60.0);
  CHECK(late.first_fire_travel_s == 260.0);
  CHECK(rep.incidents[2].first_fire_arrival_s - rep.incidents[2].call_s == 30.0 + 60.0 + 100.0);

  CHECK(in_fire_circle(m, rep.incidents[0]));
  CHECK_FALSE(in_fire_circle(m, rep.incidents[1]));  // grassland: outside the circle
  CHECK(in_fire_circle(m, rep.incidents[2]));

  // The broad indicator sees the medic in time at both built-up fires; the
  // fire circle sees one fire unit late and one in time.
  CHECK(rep.kpis.priority_within_5min_share == 1.0);
  CHECK(rep.kpis.fire_circle_within_5min_share == 0.5);
  CHECK(rep.kpis.fire_circle_mean_response_s == Approx((350.0 + 190.0) / 2));
  CHECK(rep.kpis.fire_circle_mean_turnout_s == Approx(60.0));
  CHECK(rep.kpis.fire_circle_mean_travel_s == Approx((260.0 + 100.0) / 2));  // the grassland fire's 80 s left out
}

TEST_CASE("A fire-circle fire no fire unit reaches counts as missed", "[response][fire]") {
  ResponseModel m = fire_circle_model();
  m.units.erase(m.units.begin());  // the medic only
  m.units[0].id = "u0";
  m.rules[0].needs = {{kMedical, 1}};
  const TableTravelOracle travel = symmetric_oracle({{260.0, 80.0, 100.0}, {60.0, 60.0, 60.0}});
  const ReplicationOutcome rep = simulate_response(m, travel, 1, 0);
  CHECK(std::isnan(rep.incidents[0].first_fire_arrival_s));
  CHECK(rep.kpis.fire_circle_within_5min_share == 0.0);
  CHECK(std::isnan(rep.kpis.fire_circle_mean_turnout_s));
}

TEST_CASE("Fire-circle indicators follow the others in the KPI list, with their names", "[response][fire]") {
  const ResponseModel m = fire_circle_model();
  const std::vector<KpiInfo> infos = kpi_infos(m);
  ResponseKpis k;
  k.escalations_by_step.assign(m.escalation.size(), 0.0);
  k.fire_circle_within_5min_share = 0.25;
  k.fire_circle_mean_travel_s = 42.0;
  const std::vector<double> values = kpi_values(k);
  REQUIRE(infos.size() == values.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    if (std::string(infos[i].name) == "fire_circle_within_5min_share") CHECK(values[i] == 0.25);
    if (std::string(infos[i].name) == "fire_circle_mean_travel_s") CHECK(values[i] == 42.0);
  }
}
