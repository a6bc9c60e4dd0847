// SPDX-License-Identifier: MIT
#include "sim/warning/warning_simulation.hpp"

#include "sim/experiment/warning_experiment.hpp"
#include "sim/network/road_network.hpp"
#include "sim/hazards/hazard_front.hpp"
#include "tests/cpp/support/network_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace dsim;

namespace {

NodeId node_of(const RoadNetwork& net, int row, int col, int cols) { return *net.find_node(testing::grid_id(row, col, cols)); }

std::vector<NodeId> all_nodes(const RoadNetwork& net) {
  std::vector<NodeId> out;
  for (std::uint32_t v = 0; v < net.node_count(); ++v) out.push_back(NodeId{v});
  return out;
}

HazardArrival never(const RoadNetwork& net) {
  HazardArrival h;
  h.hazard = "none";
  h.node_arrival_s.assign(net.node_count(), HazardArrival::kNever);
  return h;
}

// One group that nobody in which moves (warning only), one zone over the given nodes.
WarningModel warning_only(std::vector<NodeId> nodes, std::int64_t people) {
  WarningModel m;
  WarningGroup g;
  g.name = "general";
  g.compliance = 0.0;
  m.groups.push_back(g);
  m.zones.push_back({"z", std::move(nodes), {people}});
  m.household_size = 1.0;
  m.issue_at_s = 0.0;
  m.horizon_s = 1e6;
  return m;
}

WarningChannel channel(std::string name, Distribution delay) {
  WarningChannel c;
  c.name = std::move(name);
  c.reach = {1.0};
  c.delay_s = delay;
  return c;
}

}  // namespace

TEST_CASE("A channel without a capacity limit warns people by its delay distribution (Kolmogorov-Smirnov)", "[warning]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 3));
  WarningModel m = warning_only(all_nodes(net), 2000);
  const double mean_s = 600.0;
  m.channels.push_back(channel("sms", Distribution::exponential(mean_s)));
  const EvacuationRoutes routes(net, m.shelters);
  const WarningOutcome o = simulate_warning(m, never(net), routes, 11, 0);
  std::vector<double> t;
  for (const HouseholdRecord& h : o.households) {
    REQUIRE(h.warned_by == 0);
    t.push_back(h.warned_s);
  }
  std::sort(t.begin(), t.end());
  const auto n = static_cast<double>(t.size());
  double d = 0.0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double f = 1.0 - std::exp(-t[i] / mean_s);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  // Asymptotic critical value of the one-sample KS statistic: sqrt(-ln(alpha / 2) / 2) / sqrt(n), alpha = 0.01.
  const double critical = std::sqrt(-0.5 * std::log(0.01 / 2.0)) / std::sqrt(n);
  CHECK(d < critical);
  // And the warned-share curve of the summary follows the CDF at its report times.
  const WarningSummary s = summarize_warning(m, o);
  for (std::size_t k = 0; k < s.times_s.size() && s.times_s[k] <= 3000.0; ++k)
    CHECK(std::abs(s.warned_by_group[0][k] - (1.0 - std::exp(-s.times_s[k] / mean_s))) < critical);
}

TEST_CASE("Door knocking with limited teams warns households as a deterministic queue does", "[warning]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 3));
  WarningModel m = warning_only(all_nodes(net), 101);
  WarningChannel knock = channel("door_knocking", Distribution::fixed(0.0));
  knock.teams_per_zone = 2;
  knock.households_per_team_hour = 10.0;  // 360 s a household
  knock.reach_asleep = 1.0;
  m.channels.push_back(knock);
  const EvacuationRoutes routes(net, m.shelters);
  const WarningOutcome o = simulate_warning(m, never(net), routes, 3, 0);
  std::vector<double> t;
  for (const HouseholdRecord& h : o.households) t.push_back(h.warned_s);
  std::sort(t.begin(), t.end());
  REQUIRE(t.size() == 101);
  // Two servers, fixed service 360 s, everyone waiting at time 0: household k is done at (floor(k / 2) + 1) * 360 s.
  for (std::size_t k = 0; k < t.size(); ++k) CHECK(t[k] == Approx(static_cast<double>(k / 2 + 1) * 360.0));
  CHECK(t.back() == Approx(51 * 360.0));
}

TEST_CASE("Outbound calls go out one line interval apart", "[warning]") {
  const RoadNetwork net = build_road_network(testing::make_grid(2, 2));
  WarningModel m = warning_only(all_nodes(net), 30);
  WarningChannel calls = channel("calls", Distribution::fixed(20.0));
  calls.calls_per_minute = 6.0;
  m.channels.push_back(calls);
  const EvacuationRoutes routes(net, m.shelters);
  const WarningOutcome o = simulate_warning(m, never(net), routes, 3, 0);
  for (std::size_t k = 0; k < o.households.size(); ++k) CHECK(o.households[k].warned_s == Approx(20.0 + 10.0 * k));
}

TEST_CASE("Call-and-answer needs a geometric number of calls with mean 1/p", "[warning]") {
  const RoadNetwork net = build_road_network(testing::make_grid(2, 2));
  WarningModel m;
  m.groups.push_back(WarningGroup{});
  m.issue_at_s = 100.0;
  m.horizon_s = 1e7;
  const double p = 0.3, retry_s = 120.0;
  const std::size_t persons = 3000;
  for (std::size_t i = 0; i < persons; ++i) {
    m.zones.push_back({"z" + std::to_string(i), {}, {0}});
    ResponsiblePerson r;
    r.id = "head" + std::to_string(i);
    r.zones = {i};
    r.answer_probability = p;
    r.retry_interval_s = retry_s;
    r.max_attempts = 1000;
    m.responsible.push_back(r);
  }
  const EvacuationRoutes routes(net, m.shelters);
  const WarningOutcome o = simulate_warning(m, never(net), routes, 5, 0);
  REQUIRE(o.calls.size() == persons);
  double attempts = 0.0, latency = 0.0, second = 0.0;
  for (const CallRecord& c : o.calls) {
    REQUIRE(c.answered_s < kNotYet);
    // Each failed call costs one retry interval.
    CHECK(c.answered_s - c.started_s == Approx((c.attempts - 1) * retry_s));
    attempts += c.attempts;
    latency += c.answered_s - c.started_s;
    second += c.attempts >= 2;
  }
  const double n = static_cast<double>(persons);
  const double se_attempts = std::sqrt((1.0 - p) / (p * p) / n);
  CHECK(std::abs(attempts / n - 1.0 / p) < 4.0 * se_attempts);
  CHECK(std::abs(latency / n - (1.0 / p - 1.0) * retry_s) < 4.0 * se_attempts * retry_s);
  CHECK(std::abs(second / n - (1.0 - p)) < 4.0 * std::sqrt(p * (1.0 - p) / n));
  const WarningSummary s = summarize_warning(m, o);
  CHECK(s.mean_attempts == Approx(attempts / n));
}

TEST_CASE("An unanswered call escalates to the next level after N failed calls", "[warning]") {
  const RoadNetwork net = build_road_network(testing::make_grid(2, 2));
  WarningModel m = warning_only(all_nodes(net), 3);
  m.responsible.push_back({"village_head", "village_head", {0}, 0.0, 60.0, 3, 10, 1});
  m.responsible.push_back({"township", "township_official", {}, 1.0, 60.0, 3, 10, -1});
  WarningChannel gongs = channel("gongs", Distribution::fixed(30.0));
  gongs.after_acknowledgement = true;
  m.channels.push_back(gongs);
  const EvacuationRoutes routes(net, m.shelters);
  const WarningOutcome o = simulate_warning(m, never(net), routes, 5, 0);
  REQUIRE(o.calls.size() == 2);
  CHECK(o.calls[0].escalated);
  CHECK(o.calls[0].attempts == 3);  // command stops calling once the zone is acknowledged
  CHECK(o.calls[1].escalated_from == 0);
  CHECK(o.calls[1].answered_s == Approx(120.0));  // third call at 120 s fails, the township answers at once
  CHECK(o.zone_acknowledged_s[0] == Approx(120.0));
  for (const HouseholdRecord& h : o.households) CHECK(h.warned_s == Approx(150.0));  // gongs start on acknowledgement
}

TEST_CASE("A hazard front arrives after its road distance over its speed", "[warning]") {
  const RoadNetwork net = build_road_network(testing::make_grid(4, 5, 100.0));
  const HazardArrival h = hazard_front_arrival(net, node_of(net, 0, 0, 5), 50.0, 2.0);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 5; ++c) CHECK(h.at(node_of(net, r, c, 5)) == Approx(50.0 + (r + c) * 100.0 / 2.0));
  // With an extent of 250 m it stops short of nodes 300 m or more away.
  const HazardArrival near = hazard_front_arrival(net, node_of(net, 0, 0, 5), 50.0, 2.0, "front", 250.0);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 5; ++c) CHECK(near.reaches(node_of(net, r, c, 5)) == (r + c <= 2));
}

namespace {

// Everyone complies at once and drives or walks to one far shelter; the front starts at the grid's corner.
struct FrontCase {
  RoadNetwork net = build_road_network(testing::make_grid(6, 6, 100.0));
  WarningModel m;
  HazardArrival hazard;
  FrontCase() {
    WarningGroup g;
    g.name = "general";
    g.compliance = 1.0;
    g.vehicle_share = 0.5;
    m.groups.push_back(g);
    m.zones.push_back({"z", all_nodes(net), {600}});
    m.channels.push_back(channel("broadcast", Distribution::fixed(0.0)));
    m.shelters.push_back({"far", node_of(net, 5, 5, 6), 1'000'000});
    m.horizon_s = 1e5;
    hazard = hazard_front_arrival(net, node_of(net, 0, 0, 6), 100.0, 1.0);
  }
};

}  // namespace

TEST_CASE("With no delays and instant evacuation nobody is exposed", "[warning]") {
  FrontCase f;
  f.m.instant_evacuation = true;
  const EvacuationRoutes routes(f.net, f.m.shelters);
  const WarningSummary s = summarize_warning(f.m, simulate_warning(f.m, f.hazard, routes, 1, 0));
  CHECK(s.people == 600.0);
  CHECK(s.people_in_path == 600.0);
  CHECK(s.people_exposed == 0.0);
  CHECK(s.share_evacuated_in_time == 1.0);
  CHECK(s.issued_s == 100.0);  // detected the moment the front starts
  CHECK(s.people_sheltered == 600.0);
  CHECK(s.shelter_occupancy[0] == 600);
}

TEST_CASE("A warning issued after the hazard has arrived everywhere leaves everyone in its path exposed", "[warning]") {
  FrontCase f;
  f.m.instant_evacuation = true;
  f.m.issue_at_s = 5000.0;  // the front crosses the 1 km grid by 1100 s
  const EvacuationRoutes routes(f.net, f.m.shelters);
  const WarningSummary s = summarize_warning(f.m, simulate_warning(f.m, f.hazard, routes, 1, 0));
  CHECK(s.people_in_path == 600.0);
  CHECK(s.people_exposed == 600.0);
  CHECK(s.people_evacuated_in_time == 0.0);
}

TEST_CASE("Vehicles leaving at once queue at a link's capacity (point queue)", "[warning]") {
  const RoadNetwork net = build_road_network(testing::make_grid(1, 3, 100.0, 36.0));  // 10 s a link
  WarningModel m;
  WarningGroup g;
  g.compliance = 1.0;
  g.vehicle_share = 1.0;
  m.groups.push_back(g);
  m.zones.push_back({"z", {node_of(net, 0, 0, 3)}, {20}});
  m.household_size = 1.0;
  m.issue_at_s = 0.0;
  m.horizon_s = 1e5;
  m.channels.push_back(channel("broadcast", Distribution::fixed(0.0)));
  m.shelters.push_back({"s", node_of(net, 0, 2, 3), 100});
  const EvacuationRoutes routes(net, m.shelters);
  const WarningOutcome o = simulate_warning(m, never(net), routes, 1, 0);
  std::vector<double> t;
  for (const HouseholdRecord& h : o.households) t.push_back(h.sheltered_s);
  std::sort(t.begin(), t.end());
  // Residential links let one vehicle out every 3600 / 600 = 6 s: the k-th arrives at 2 x 10 s + 6 k.
  for (std::size_t k = 0; k < t.size(); ++k) CHECK(t[k] == Approx(20.0 + 6.0 * k));
}

TEST_CASE("Shelters fill to their capacity and the rest go to the next one", "[warning]") {
  FrontCase f;
  f.m.shelters.push_back({"near", node_of(f.net, 3, 3, 6), 90});
  f.m.instant_evacuation = true;
  const EvacuationRoutes routes(f.net, f.m.shelters);
  const WarningSummary s = summarize_warning(f.m, simulate_warning(f.m, f.hazard, routes, 1, 0));
  CHECK(s.shelter_occupancy[1] <= 90);
  CHECK(s.shelter_occupancy[1] >= 88);
  CHECK(s.shelter_occupancy[0] + s.shelter_occupancy[1] == 600);
}

TEST_CASE("Warning replications give the same results on one thread or two", "[warning]") {
  FrontCase f;
  f.m.groups[0].compliance = 0.7;
  f.m.groups[0].preparation_s = Distribution::exponential(300.0);
  f.m.channels[0].reach = {0.6};
  f.m.channels[0].delay_s = Distribution::lognormal(120.0, 60.0);
  const EvacuationRoutes routes(f.net, f.m.shelters);
  const WarningExperiment a = run_warning_experiment(f.m, f.hazard, routes, 9, 6, 1);
  const WarningExperiment b = run_warning_experiment(f.m, f.hazard, routes, 9, 6, 2);
  for (std::size_t r = 0; r < 6; ++r) {
    CHECK(a.replications[r].people_exposed == b.replications[r].people_exposed);
    CHECK(a.replications[r].warned_by_group == b.replications[r].warned_by_group);
  }
}

TEST_CASE("Later warnings never expose fewer people under common random numbers", "[warning]") {
  FrontCase f;
  f.m.instant_evacuation = true;
  f.m.groups[0].compliance = 0.8;
  f.m.groups[0].preparation_s = Distribution::exponential(200.0);
  f.m.channels[0].delay_s = Distribution::exponential(120.0);
  const EvacuationRoutes routes(f.net, f.m.shelters);
  const auto sweep = run_issue_delay_sweep(f.m, f.hazard, routes, 4, 5, 2, {0.0, 120.0, 600.0});
  for (std::size_t r = 0; r < 5; ++r) {
    CHECK(sweep[0].replications[r].people_exposed <= sweep[1].replications[r].people_exposed);
    CHECK(sweep[1].replications[r].people_exposed <= sweep[2].replications[r].people_exposed);
  }
  CHECK(sweep[0].replications[0].people_exposed < sweep[2].replications[0].people_exposed);
}

TEST_CASE("Evacuation routes go around the hazard's reach rather than through it", "[warning]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 3, 100.0));
  const std::vector<Shelter> shelters = {{"east", node_of(net, 1, 2, 3), 100}};
  HazardArrival h = never(net);
  h.node_arrival_s[index(node_of(net, 1, 1, 3))] = 500.0;  // only the middle of the grid floods
  const EvacuationRoutes fastest(net, shelters);
  const EvacuationRoutes avoiding(net, shelters, &h);
  const NodeId west = node_of(net, 1, 0, 3);
  CHECK(net.head(fastest.next_edge(0, west)) == node_of(net, 1, 1, 3));
  CHECK(fastest.time_s(0, west) == Approx(20.0));
  CHECK(net.head(avoiding.next_edge(0, west)) != node_of(net, 1, 1, 3));
  CHECK(avoiding.time_s(0, west) == Approx(40.0));  // four links round the flooded node
}
