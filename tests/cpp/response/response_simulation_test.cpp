// SPDX-License-Identifier: MIT
#include "sim/experiment/response_experiment.hpp"
#include "sim/queueing/erlang.hpp"
#include "sim/response/response_simulation.hpp"
#include "tests/cpp/support/response_fixtures.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <vector>

using namespace dsim;
using namespace dsim::testing;

namespace {

// Exact busy fractions of Larson's hypercube queueing model with loss
// (R. C. Larson, Computers & OR 1(1), 1974): states are the sets of busy
// units; a call from atom i goes to the first free unit of pref[i], or is
// lost; each busy unit finishes at rate mu. Solves the balance equations.
std::vector<double> hypercube_busy_fractions(const std::vector<double>& lambda,
                                             const std::vector<std::vector<int>>& pref, int units, double mu,
                                             double* p_all_busy) {
  const int states = 1 << units;
  std::vector<std::vector<double>> q(static_cast<std::size_t>(states), std::vector<double>(static_cast<std::size_t>(states), 0.0));
  for (int s = 0; s < states; ++s) {
    for (std::size_t i = 0; i < lambda.size(); ++i) {
      for (int u : pref[i]) {
        if (!(s & (1 << u))) {
          q[static_cast<std::size_t>(s)][static_cast<std::size_t>(s | (1 << u))] += lambda[i];
          break;
        }
      }
    }
    for (int u = 0; u < units; ++u)
      if (s & (1 << u)) q[static_cast<std::size_t>(s)][static_cast<std::size_t>(s & ~(1 << u))] += mu;
  }
  // pi Q = 0 with sum(pi) = 1: solve A x = b with A = Q^T, last row replaced by ones.
  std::vector<std::vector<double>> a(static_cast<std::size_t>(states), std::vector<double>(static_cast<std::size_t>(states) + 1, 0.0));
  for (int r = 0; r < states; ++r) {
    for (int c = 0; c < states; ++c) {
      double v = q[static_cast<std::size_t>(c)][static_cast<std::size_t>(r)];
      if (r == c) {
        double out = 0;
        for (int k = 0; k < states; ++k) out += q[static_cast<std::size_t>(r)][static_cast<std::size_t>(k)];
        v = -out;
      }
      a[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = v;
    }
  }
  for (int c = 0; c <= states; ++c) a[static_cast<std::size_t>(states - 1)][static_cast<std::size_t>(c)] = 1.0;
  for (int col = 0; col < states; ++col) {
    int piv = col;
    for (int r = col + 1; r < states; ++r)
      if (std::fabs(a[static_cast<std::size_t>(r)][static_cast<std::size_t>(col)]) > std::fabs(a[static_cast<std::size_t>(piv)][static_cast<std::size_t>(col)])) piv = r;
    std::swap(a[static_cast<std::size_t>(col)], a[static_cast<std::size_t>(piv)]);
    for (int r = 0; r < states; ++r) {
      if (r == col) continue;
      const double f = a[static_cast<std::size_t>(r)][static_cast<std::size_t>(col)] / a[static_cast<std::size_t>(col)][static_cast<std::size_t>(col)];
      for (int c = col; c <= states; ++c) a[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] -= f * a[static_cast<std::size_t>(col)][static_cast<std::size_t>(c)];
    }
  }
  std::vector<double> pi(static_cast<std::size_t>(states));
  for (int s = 0; s < states; ++s) pi[static_cast<std::size_t>(s)] = a[static_cast<std::size_t>(s)][static_cast<std::size_t>(states)] / a[static_cast<std::size_t>(s)][static_cast<std::size_t>(s)];
  std::vector<double> busy(static_cast<std::size_t>(units), 0.0);
  for (int s = 0; s < states; ++s)
    for (int u = 0; u < units; ++u)
      if (s & (1 << u)) busy[static_cast<std::size_t>(u)] += pi[static_cast<std::size_t>(s)];
  *p_all_busy = pi[static_cast<std::size_t>(states - 1)];
  return busy;
}

}  // namespace

TEST_CASE("Response simulation with c identical units and fixed travel reproduces Erlang C", "[response][validation]") {
  // One place, three units, 10-minute jobs, utilisation 0.8; travel folded into the job.
  const double mu = 1.0 / 600.0, lambda = 0.8 * 3 * mu;
  ResponseModel m = bare_model(1);
  add_station(m, 0);
  for (int u = 0; u < 3; ++u) add_unit(m, 0);
  add_generator(m, 0, lambda);
  m.warmup_s = 2e5;
  m.horizon_s = 8e6;
  TableTravelOracle travel = symmetric_oracle({{0.0}});
  ResponseRunOptions opt;
  opt.replications = 20;
  opt.threads = 2;
  opt.seed = 11;
  opt.level = 0.99;
  ResponseExperiment ex = run_response(m, travel, opt);

  RunningStats waited_share, mean_wait;
  for (const ReplicationOutcome& rep : ex.replications) {
    double n = 0, waited = 0, wait_sum = 0;
    for (const IncidentOutcome& inc : rep.incidents) {
      if (!inc.measured) continue;
      const double w = inc.first_dispatch_s - inc.call_s;
      ++n;
      wait_sum += w;
      if (w > 0) ++waited;
    }
    waited_share.add(waited / n);
    mean_wait.add(wait_sum / n);
  }
  const MmcAnalytic exact = mmc_analytic(lambda, mu, 3);
  const ConfidenceInterval pw = t_confidence_interval(waited_share, 0.99);
  const ConfidenceInterval wq = t_confidence_interval(mean_wait, 0.99);
  INFO("P(wait) " << pw.mean << " ± " << pw.half_width << " exact " << exact.probability_wait);
  CHECK(pw.contains(exact.probability_wait));
  INFO("Wq " << wq.mean << " ± " << wq.half_width << " exact " << exact.mean_wait_s);
  CHECK(wq.contains(exact.mean_wait_s));
  CHECK(wq.half_width < 0.1 * exact.mean_wait_s);
  // The KPI table reports the same mean wait.
  CHECK(ex.kpis[4].name == "mean_call_to_dispatch_s");
  CHECK(ex.kpis[4].interval.mean == Approx(wq.mean).epsilon(1e-9));
}

TEST_CASE("Three units with loss reproduce the hypercube model's busy fractions and Erlang B",
          "[response][validation]") {
  // Atoms at nodes 0, 1, 2, one unit at each; tiny travel times set the
  // dispatch preferences: own unit first, then the nearer neighbour (ties to
  // the lower index).
  const double mu = 1.0 / 1800.0;
  const std::vector<double> lambda = {0.6 * mu, 0.6 * mu, 0.3 * mu};
  ResponseModel m = bare_model(3);
  m.queue_when_busy = false;
  m.rules[0].on_scene_s = Distribution::exponential(1.0 / mu);
  for (int n = 0; n < 3; ++n) {
    add_station(m, n);
    add_unit(m, n);
    add_generator(m, n, lambda[static_cast<std::size_t>(n)]);
  }
  std::vector<std::vector<double>> t(3, std::vector<double>(3));
  for (int s = 0; s < 3; ++s)
    for (int n = 0; n < 3; ++n) t[static_cast<std::size_t>(s)][static_cast<std::size_t>(n)] = 1e-4 * std::abs(s - n);
  TableTravelOracle travel = symmetric_oracle(t);
  m.warmup_s = 1e5;
  m.horizon_s = 3e7;
  ResponseRunOptions opt;
  opt.replications = 20;
  opt.threads = 2;
  opt.seed = 3;
  ResponseExperiment ex = run_response(m, travel, opt);

  double p_all_busy = 0;
  const std::vector<double> exact =
      hypercube_busy_fractions(lambda, {{0, 1, 2}, {1, 0, 2}, {2, 1, 0}}, 3, mu, &p_all_busy);
  for (int u = 0; u < 3; ++u) {
    RunningStats busy;
    for (const ReplicationOutcome& rep : ex.replications) busy.add(rep.units[static_cast<std::size_t>(u)].utilisation);
    const ConfidenceInterval ci = t_confidence_interval(busy, 0.99);
    INFO("unit " << u << ": " << ci.mean << " ± " << ci.half_width << " exact " << exact[static_cast<std::size_t>(u)]);
    CHECK(ci.contains(exact[static_cast<std::size_t>(u)]));
    CHECK(ci.half_width < 0.02);
  }
  // Units are not interchangeable: the busy fractions differ, and the model sees it.
  CHECK(std::fabs(exact[0] - exact[2]) > 0.05);
  const double offered = (lambda[0] + lambda[1] + lambda[2]) / mu;
  CHECK(p_all_busy == Approx(erlang_b(3, offered)).epsilon(1e-9));
  const ConfidenceInterval lost = ex.kpis[1].interval;
  REQUIRE(ex.kpis[1].name == "lost_share");
  INFO("lost " << lost.mean << " ± " << lost.half_width << " Erlang B " << erlang_b(3, offered));
  CHECK(std::fabs(lost.mean - erlang_b(3, offered)) <= lost.half_width * 1.3);
}

TEST_CASE("In an unloaded system the first arrival is turnout plus travel after the dispatch", "[response]") {
  ResponseModel m = bare_model(4);
  m.dispatch_delay_s = Distribution::fixed(25.0);
  m.call_delay_s = Distribution::uniform(10.0, 90.0);
  add_station(m, 0);
  add_unit(m, 0, TeamLevel::village, 1, 1u << kFire, Distribution::uniform(30.0, 120.0));
  for (int z = 0; z < 4; ++z) add_generator(m, z, 1.0 / 200'000.0);
  m.horizon_s = 2e7;
  const std::vector<double> times = {0.0, 173.25, 412.5, 95.125};
  TableTravelOracle travel = symmetric_oracle({times});
  ReplicationOutcome rep = simulate_response(m, travel, 5, 0);
  REQUIRE(rep.incidents.size() > 50);
  int checked = 0;
  for (const IncidentOutcome& inc : rep.incidents) {
    REQUIRE(inc.units_sent == 1);
    const DispatchOutcome* d = nullptr;
    for (const DispatchOutcome& x : rep.dispatches)
      if (x.incident == inc.id) d = &x;
    REQUIRE(d != nullptr);
    if (d->dispatch_s != inc.call_s + 25.0) continue;  // the unit was still busy: not unloaded
    const double turnout = d->depart_s - d->dispatch_s;
    CHECK(turnout >= 30.0);
    CHECK(turnout <= 120.0);
    CHECK(inc.first_arrival_s - d->dispatch_s == Approx(turnout + times[index(inc.node)]).margin(1e-9));
    ++checked;
  }
  CHECK(checked > 50);
}

TEST_CASE("Two plans on the same seed face identical incident streams", "[response][crn]") {
  ResponseModel a = bare_model(3);
  add_station(a, 0);
  add_unit(a, 0);
  for (int z = 0; z < 3; ++z) add_generator(a, z, 1e-3);
  a.horizon_s = 1e5;
  ResponseModel b = a;
  add_station(b, 2);
  add_unit(b, 1);
  add_unit(b, 1);
  b.dispatch_delay_s = Distribution::fixed(5.0);  // plans may differ in delays too
  TableTravelOracle ta = symmetric_oracle({{0, 100, 200}});
  TableTravelOracle tb = symmetric_oracle({{0, 100, 200}, {200, 100, 0}});
  ReplicationOutcome ra = simulate_response(a, ta, 42, 7);
  ReplicationOutcome rb = simulate_response(b, tb, 42, 7);
  REQUIRE(ra.incidents.size() == rb.incidents.size());
  REQUIRE(ra.incidents.size() > 100);
  bool any_difference_in_response = false;
  for (std::size_t i = 0; i < ra.incidents.size(); ++i) {
    CHECK(ra.incidents[i].occurred_s == rb.incidents[i].occurred_s);
    CHECK(ra.incidents[i].call_s == rb.incidents[i].call_s);
    CHECK(index(ra.incidents[i].node) == index(rb.incidents[i].node));
    CHECK(ra.incidents[i].type == rb.incidents[i].type);
    any_difference_in_response |= ra.incidents[i].first_arrival_s != rb.incidents[i].first_arrival_s;
  }
  CHECK(any_difference_in_response);
  // And a different replication draws different incidents.
  CHECK(draw_incidents(a, 42, 8).front().occurred_s != ra.incidents.front().occurred_s);
}

TEST_CASE("An incident the first level cannot meet is escalated after the request delay", "[response]") {
  ResponseModel m = bare_model(1);
  m.rules[0].needs = {{kFire, 25}};
  m.rules[0].on_scene_s = Distribution::fixed(3600.0);
  m.step_of_level[static_cast<int>(TeamLevel::township)] = 1;
  m.step_of_level[static_cast<int>(TeamLevel::banner)] = 2;
  m.escalation = {{1u << static_cast<int>(TeamLevel::village), 0.0},
                  {1u << static_cast<int>(TeamLevel::township), 300.0},
                  {1u << static_cast<int>(TeamLevel::banner), 900.0}};
  add_station(m, 0);
  add_unit(m, 0, TeamLevel::village, 10);
  add_unit(m, 0, TeamLevel::township, 20);
  add_unit(m, 0, TeamLevel::banner, 30);
  ResponseModel::ExplicitIncident drill;
  drill.time_s = 1000.0;
  m.explicit_incidents.push_back(drill);
  m.horizon_s = 86'400.0;
  TableTravelOracle travel = symmetric_oracle({{120.0}});
  ReplicationOutcome rep = simulate_response(m, travel, 1, 0);
  REQUIRE(rep.incidents.size() == 1);
  const IncidentOutcome& inc = rep.incidents[0];
  CHECK(inc.highest_step == 1);  // village 10 + township 20 >= 25: the banner is never asked
  REQUIRE(rep.dispatches.size() == 2);
  CHECK(rep.dispatches[0].unit == 0);
  CHECK(rep.dispatches[0].dispatch_s == 1000.0);
  CHECK(rep.dispatches[1].unit == 1);
  CHECK(rep.dispatches[1].dispatch_s == 1300.0);
  CHECK(inc.full_arrival_s == 1300.0 + 120.0);
  // The village crew alone works at 10/25 pace until the township arrives.
  const double done_by_village = (1420.0 - 1120.0) * 10.0 / 25.0;
  CHECK(inc.cleared_s == Approx(1420.0 + (3600.0 - done_by_village)).margin(1e-6));
}

TEST_CASE("A growing fire is contained only if the full crew beats flashover", "[response][fire]") {
  // Medium growth: alpha = 1055/300^2 kW/s^2; a 1000 kW flashover comes after sqrt(1000/alpha) = 292 s.
  const double alpha = 1055.0 / (300.0 * 300.0);
  CHECK(fire_growth_alpha_kw_s2(FireGrowth::medium) == Approx(alpha));
  const double t_fo = std::sqrt(1000.0 / alpha);
  for (double travel_s : {100.0, 400.0}) {
    ResponseModel m = bare_model(1);
    add_station(m, 0);
    add_unit(m, 0);
    ResponseModel::ExplicitIncident fire;
    fire.time_s = 50.0;
    fire.growth = static_cast<int>(FireGrowth::medium);
    m.explicit_incidents.push_back(fire);
    TableTravelOracle travel = symmetric_oracle({{travel_s}});
    ReplicationOutcome rep = simulate_response(m, travel, 1, 0);
    const IncidentOutcome& inc = rep.incidents.at(0);
    CHECK(inc.flashover_s == Approx(50.0 + t_fo));
    CHECK(inc.contained == (50.0 + travel_s <= 50.0 + t_fo));
  }
}

TEST_CASE("Response replications are bit-identical with one thread and with two", "[response][determinism]") {
  ResponseModel m = bare_model(3);
  for (int n = 0; n < 3; ++n) {
    add_station(m, n);
    add_unit(m, n, TeamLevel::village, 1, 1u << kFire, Distribution::lognormal(60.0, 20.0));
    add_generator(m, n, 2e-4);
  }
  m.horizon_s = 5e5;
  TableTravelOracle travel = symmetric_oracle({{0, 60, 120}, {60, 0, 60}, {120, 60, 0}});
  ResponseRunOptions one, two;
  one.replications = two.replications = 6;
  one.threads = 1;
  two.threads = 2;
  ResponseExperiment a = run_response(m, travel, one), b = run_response(m, travel, two);
  REQUIRE(a.replications.size() == b.replications.size());
  for (std::size_t r = 0; r < a.replications.size(); ++r) {
    const auto& x = a.replications[r].incidents;
    const auto& y = b.replications[r].incidents;
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      REQUIRE(x[i].cleared_s == y[i].cleared_s);
      REQUIRE(x[i].first_arrival_s == y[i].first_arrival_s);
    }
  }
  for (std::size_t k = 0; k < a.kpis.size(); ++k) {
    if (std::isnan(a.kpis[k].interval.mean)) continue;
    REQUIRE(a.kpis[k].interval.mean == b.kpis[k].interval.mean);
  }
}

TEST_CASE("Calls no unit can reach are counted, and arrival means are over the calls reached", "[response]") {
  ResponseModel m = testing::bare_model(3);
  testing::add_station(m, 0);
  testing::add_unit(m, 0);
  m.rules[0].on_scene_s = Distribution::fixed(100.0);
  m.horizon_s = 10'000.0;
  const std::pair<double, int> calls[] = {{1000.0, 1}, {3000.0, 2}, {5000.0, 1}};
  for (const auto& [time_s, node] : calls) {
    ResponseModel::ExplicitIncident e;
    e.time_s = time_s;
    e.node = NodeId{static_cast<std::uint32_t>(node)};
    e.zone = node;
    m.explicit_incidents.push_back(e);
  }
  // Node 2 lies beyond every road from the station.
  const TableTravelOracle travel = testing::symmetric_oracle({{0.0, 60.0, kUnreachable}});
  const ReplicationOutcome out = simulate_response(m, travel, 1, 0);
  CHECK(out.kpis.incidents == 3);
  CHECK(out.kpis.not_reached == 1);
  CHECK(out.kpis.not_reached_share == Approx(1.0 / 3.0));
  CHECK(out.kpis.lost == 0);
  CHECK(out.kpis.mean_first_arrival_s == 60.0);  // over the two calls reached
  const std::vector<KpiInfo> infos = kpi_infos(m);
  const std::vector<double> values = kpi_values(out.kpis);
  REQUIRE(infos.size() == values.size());
  for (std::size_t k = 0; k < infos.size(); ++k)
    if (std::string(infos[k].name) == "not_reached_share") CHECK(values[k] == Approx(1.0 / 3.0));
  // And why: a free unit had no road to it.
  CHECK(out.incidents[1].unreached == Unreached::roads_closed);
  CHECK(out.incidents[0].unreached == Unreached::reached);
  for (std::size_t k = 0; k < infos.size(); ++k) {
    const std::string name = infos[k].name;
    if (name == "not_reached_roads_closed") CHECK(values[k] == 1.0);
    if (name == "not_reached_all_busy" || name == "not_reached_no_capable_unit") CHECK(values[k] == 0.0);
  }
}

TEST_CASE("Each call never reached says why: no capable unit, or every capable unit barred", "[response]") {
  ResponseModel m = testing::bare_model(3);
  testing::add_station(m, 0);
  testing::add_unit(m, 0);
  m.horizon_s = 10'000.0;
  // A second type that needs a capability nobody has (index 1).
  m.incident_types = {"call", "odd"};
  m.rules.resize(2);
  m.rules[1].defined = true;
  m.rules[1].needs = {{1, 1}};
  m.rules[1].on_scene_s = Distribution::fixed(10.0);
  m.rules[0].on_scene_s = Distribution::fixed(10.0);
  // Zone 2 lies in another banner, and banners do not lend units.
  m.mutual_aid = false;
  m.stations[0].banner = 0;
  m.zones[2].banner = 1;
  struct Call {
    double time_s;
    int node, type;
  };
  for (const Call& c : {Call{1000.0, 1, 0}, Call{2000.0, 1, 1}, Call{3000.0, 2, 0}}) {
    ResponseModel::ExplicitIncident e;
    e.time_s = c.time_s;
    e.node = NodeId{static_cast<std::uint32_t>(c.node)};
    e.zone = c.node;
    e.type = c.type;
    m.explicit_incidents.push_back(e);
  }
  const TableTravelOracle travel = testing::symmetric_oracle({{0.0, 60.0, 60.0}});
  const ReplicationOutcome out = simulate_response(m, travel, 1, 0);
  REQUIRE(out.incidents.size() == 3);
  CHECK(out.incidents[0].unreached == Unreached::reached);
  CHECK(out.incidents[1].unreached == Unreached::no_capable_unit);
  CHECK(out.incidents[2].unreached == Unreached::all_busy);
  CHECK(out.kpis.not_reached == 2);
  CHECK(out.kpis.not_reached_by_reason[static_cast<std::size_t>(Unreached::no_capable_unit)] == 1);
  CHECK(out.kpis.not_reached_by_reason[static_cast<std::size_t>(Unreached::all_busy)] == 1);
  CHECK(std::string(unreached_name(Unreached::no_capable_unit)) == "no_capable_unit");
}

// Structure fires that grow (docs/models.md): a second alarm at flashover when
// the first alarm's crew is not complete, and work that grows with the area burning.
namespace {

constexpr int kMedical = 3;  // index of "medical" in kCapabilityNames

// One node; station 0 (first-alarm units, `near_s` away) and station 1 (the
// rest, 1000 s away). First alarm: fire 2; second alarm adds fire 2 and medical 1.
ResponseModel two_alarm_model(double near_s, int growth, TableTravelOracle& travel) {
  ResponseModel m = bare_model(1);
  add_station(m, 0);
  add_station(m, 0);
  add_unit(m, 0);
  add_unit(m, 0);
  add_unit(m, 1);
  add_unit(m, 1);
  add_unit(m, 1, TeamLevel::village, 1, 1u << kMedical);
  add_unit(m, 1);  // a spare the second alarm does not need
  m.rules[0].needs = {{kFire, 2}};
  m.rules[0].escalated_needs = {{kFire, 4}, {kMedical, 1}};
  m.rules[0].on_scene_s = Distribution::fixed(600.0);
  ResponseModel::ExplicitIncident fire;
  fire.time_s = 50.0;
  fire.growth = growth;
  m.explicit_incidents.push_back(fire);
  travel = symmetric_oracle({{near_s}, {1000.0}});
  return m;
}

}  // namespace

TEST_CASE("Fire work grows with the area burning, capped by the floor area", "[structure_fire]") {
  // Medium: alpha = 1055/300^2. Before flashover (1000 kW, 292 s) the factor is 1.
  CHECK(fire_work_factor(FireGrowth::medium, 200.0, 1000.0, 250.0, 20.0) == 1.0);
  // 400 s: Q = alpha 400^2 = 1875.6 kW, area Q/250 = 7.5 m2 against 4 m2 at flashover.
  CHECK(fire_work_factor(FireGrowth::medium, 400.0, 1000.0, 250.0, 20.0) == Approx(1055.0 / 90000.0 * 160000.0 / 1000.0));
  // 1000 s: Q = 11722 kW would burn 46.9 m2; the 20 m2 floor caps it at 5000 kW.
  CHECK(fire_work_factor(FireGrowth::medium, 1000.0, 1000.0, 250.0, 20.0) == Approx(5.0));
  // A floor too small to reach flashover's area never shrinks the work.
  CHECK(fire_work_factor(FireGrowth::fast, 1000.0, 1000.0, 250.0, 2.0) == 1.0);
}

TEST_CASE("A fire whose crew beats flashover sounds no second alarm and keeps its work", "[structure_fire]") {
  TableTravelOracle travel = symmetric_oracle({{0.0}});
  ResponseModel m = two_alarm_model(100.0, static_cast<int>(FireGrowth::medium), travel);
  ReplicationOutcome rep = simulate_response(m, travel, 1, 0);
  const IncidentOutcome& inc = rep.incidents.at(0);
  CHECK(inc.contained);
  CHECK(std::isnan(inc.second_alarm_s));
  CHECK(inc.units_sent == 2);
  CHECK(rep.dispatches.size() == 2);
  CHECK(inc.full_arrival_s == 150.0);
  CHECK(inc.cleared_s == Approx(150.0 + 600.0));
  CHECK(inc.people_needed == 2);
  CHECK(rep.kpis.second_alarms == 0.0);
  CHECK(rep.kpis.second_alarm_share == 0.0);
}

TEST_CASE("A fire that flashes over before its crew is complete sounds a second alarm", "[structure_fire]") {
  TableTravelOracle travel = symmetric_oracle({{0.0}});
  ResponseModel m = two_alarm_model(400.0, static_cast<int>(FireGrowth::medium), travel);
  ReplicationOutcome rep = simulate_response(m, travel, 1, 0);
  const IncidentOutcome& inc = rep.incidents.at(0);
  const double alpha = 1055.0 / (300.0 * 300.0);
  const double flashover_s = 50.0 + std::sqrt(1000.0 / alpha);
  CHECK(!inc.contained);
  CHECK(inc.second_alarm_s == flashover_s);  // exactly at flashover
  // Two units of the first alarm, then two fire units and the medical unit at flashover; the spare stays home.
  REQUIRE(rep.dispatches.size() == 5);
  int at_flashover = 0;
  for (const DispatchOutcome& d : rep.dispatches) {
    if (d.dispatch_s == flashover_s) ++at_flashover;
    CHECK(d.unit != 5);
  }
  CHECK(at_flashover == 3);
  CHECK(inc.units_sent == 5);
  CHECK(inc.people_needed == 5);
  // The first alarm's crew is complete at 450 s, after 400 s of burning:
  // Q = alpha 400^2 kW over 250 kW/m2 against the 4 m2 burning at flashover.
  CHECK(inc.full_arrival_s == 450.0);
  const double factor = alpha * 400.0 * 400.0 / 1000.0;
  const double work_s = 600.0 * factor;
  // Half pace (2 of the 4 fire people now needed) until the second alarm's crews arrive, then full pace.
  const double second_on_scene_s = flashover_s + 1000.0;
  const double done_s = 0.5 * (second_on_scene_s - 450.0);
  CHECK(inc.cleared_s == Approx(second_on_scene_s + (work_s - done_s)).margin(1e-6));
  CHECK(rep.kpis.growing_fires == 1.0);
  CHECK(rep.kpis.second_alarms == 1.0);
  CHECK(rep.kpis.second_alarm_share == 1.0);
}

TEST_CASE("A fire that flashes over before the dispatcher decides gets both alarms at once", "[structure_fire]") {
  TableTravelOracle travel = symmetric_oracle({{0.0}});
  ResponseModel m = two_alarm_model(100.0, static_cast<int>(FireGrowth::ultrafast), travel);
  m.dispatch_delay_s = Distribution::fixed(120.0);  // flashover after 73 s of an ultrafast fire
  ReplicationOutcome rep = simulate_response(m, travel, 1, 0);
  const IncidentOutcome& inc = rep.incidents.at(0);
  CHECK(inc.second_alarm_s == Approx(50.0 + 75.0 * std::sqrt(1000.0 / 1055.0)));
  REQUIRE(rep.dispatches.size() == 5);
  for (const DispatchOutcome& d : rep.dispatches) CHECK(d.dispatch_s == 170.0);
}

TEST_CASE("Incidents that do not grow are untouched by flashover", "[structure_fire]") {
  TableTravelOracle travel = symmetric_oracle({{0.0}});
  ResponseModel m = two_alarm_model(400.0, -1, travel);
  ReplicationOutcome rep = simulate_response(m, travel, 1, 0);
  const IncidentOutcome& inc = rep.incidents.at(0);
  CHECK(std::isnan(inc.second_alarm_s));
  CHECK(rep.dispatches.size() == 2);
  CHECK(inc.cleared_s == Approx(450.0 + 600.0));
  CHECK(rep.kpis.growing_fires == 0.0);
  CHECK(std::isnan(rep.kpis.second_alarm_share));
}
