// SPDX-License-Identifier: MIT
#include "sim/logistics/logistics_kpis.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace dsim;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two items (sandbags, pumps) at two depots; the city holds a reserve target
// for sandbags it meets at the start, the township none.
LogisticsModel two_depots() {
  LogisticsModel m;
  m.items.resize(2);
  m.items[0].id = "sandbags";
  m.items[1].id = "drainage_pump";
  m.items[1].returns = true;
  m.depots.resize(2);
  m.depots[0].id = "city";
  m.depots[0].level = TeamLevel::city;
  m.depots[0].stock = {2000.0, 4.0};
  m.depots[0].reserve_target = {1500.0, 6.0};  // sandbags met at the start, pumps not
  m.depots[1].id = "township";
  m.depots[1].stock = {100.0, 0.0};
  m.depots[1].reserve_target = {kNaN, kNaN};
  return m;
}

SupplyRequest request(int item, double quantity, double requested_s, double completed_s, bool measured = true) {
  SupplyRequest r;
  r.item = item;
  r.quantity = quantity;
  r.requested_s = requested_s;
  r.completed_s = completed_s;
  r.measured = measured;
  return r;
}

}  // namespace

TEST_CASE("logistics_kpis: shares of what measured requests asked for", "[logistics]") {
  const LogisticsModel m = two_depots();
  LogisticsOutcome o;
  // Sandbags: 100 from stock delivered in 1 h; 50 (30 from stock, 20
  // backordered) delivered in 3 h; 40 unmet; one unmeasured request ignored.
  SupplyRequest a = request(0, 100.0, 0.0, 3600.0);
  a.from_stock = 100.0;
  a.delivered = 100.0;
  SupplyRequest b = request(0, 50.0, 1000.0, 1000.0 + 3 * 3600.0);
  b.from_stock = 30.0;
  b.backordered = 20.0;
  b.delivered = 50.0;
  SupplyRequest c = request(0, 40.0, 2000.0, kNaN);
  c.unmet = 40.0;
  SupplyRequest warmup = request(0, 1000.0, -10.0, 0.0, false);
  warmup.from_stock = 1000.0;
  warmup.delivered = 1000.0;
  // Pumps: 2 requisitioned, 1 delivered by the end (still open).
  SupplyRequest p = request(1, 2.0, 0.0, kNaN);
  p.requisitioned = 2.0;
  p.delivered = 1.0;
  o.requests = {a, b, c, warmup, p};

  const LogisticsKpis k = logistics_kpis(m, o);
  REQUIRE(k.items.size() == 2);
  const LogisticsItemKpis& s = k.items[0];
  CHECK(s.requested == 190.0);
  CHECK(s.requests == 3.0);
  CHECK(s.requests_open == 1.0);
  CHECK(s.fill_rate == Approx(130.0 / 190.0));
  CHECK(s.backordered_share == Approx(20.0 / 190.0));
  CHECK(s.requisitioned_share == 0.0);
  CHECK(s.unmet_share == Approx(40.0 / 190.0));
  CHECK(s.delivered_share == Approx(150.0 / 190.0));
  // Over the two wholly delivered: 1 h and 3 h; p90 by linear interpolation: 1 + 0.9 x 2 h.
  CHECK(s.mean_delivery_s == Approx(2 * 3600.0));
  CHECK(s.p90_delivery_s == Approx(2.8 * 3600.0));

  const LogisticsItemKpis& pump = k.items[1];
  CHECK(pump.requested == 2.0);
  CHECK(pump.fill_rate == 0.0);
  CHECK(pump.requisitioned_share == 1.0);
  CHECK(pump.delivered_share == 0.5);
  CHECK(pump.requests_open == 1.0);
  CHECK(std::isnan(pump.mean_delivery_s));
  CHECK(std::isnan(pump.p90_delivery_s));
}

TEST_CASE("logistics_kpis: nothing requested gives NaN shares, not zeros", "[logistics]") {
  const LogisticsModel m = two_depots();
  LogisticsOutcome o;
  o.requests = {request(0, 5.0, -100.0, 0.0, false)};  // only in the warm-up
  const LogisticsKpis k = logistics_kpis(m, o);
  for (const LogisticsItemKpis& ik : k.items) {
    CHECK(ik.requested == 0.0);
    CHECK(ik.requests == 0.0);
    CHECK(std::isnan(ik.fill_rate));
    CHECK(std::isnan(ik.delivered_share));
    CHECK(std::isnan(ik.unmet_share));
    CHECK(std::isnan(ik.mean_delivery_s));
  }
  CHECK(std::isnan(k.mean_vehicle_utilisation));
  CHECK(std::isnan(k.max_vehicle_utilisation));
}

TEST_CASE("logistics_kpis: shortage-hours, people-hours, stock-outs and vehicles", "[logistics]") {
  const LogisticsModel m = two_depots();
  LogisticsOutcome o;
  SiteShortage i1{SiteKind::incident, 0, 0, 100.0, 50.0, 50.0, 7200.0, 0.0, true};
  SiteShortage i2{SiteKind::incident, 1, 0, 100.0, 50.0, 50.0, 3600.0, 0.0, false};  // in the warm-up
  SiteShortage i3{SiteKind::incident, 2, 1, 1.0, 1.0, 0.0, 1800.0, 0.0, true};
  SiteShortage s1{SiteKind::shelter, 0, 0, 0.0, 0.0, 0.0, 3600.0, 250.0, true};
  SiteShortage s2{SiteKind::shelter, 1, 0, 0.0, 0.0, 0.0, 3600.0, 50.0, true};
  o.shortages = {i1, i2, i3, s1, s2};
  o.depot_items = {{0, 0, 0.0, 0.0, 1400.0, 1600.0, 1}, {0, 1, 0.0, 0.0, 0.0, 0.0, 2},
                   {1, 0, 0.0, 0.0, 0.0, 0.0, 3}, {1, 1, 0.0, 0.0, 0.0, 0.0, 0}};
  o.vehicles = {{0, 3, 3600.0, 0.25}, {1, 5, 7200.0, 0.75}, {2, 0, 0.0, 0.2}};

  const LogisticsKpis k = logistics_kpis(m, o);
  CHECK(k.items[0].incident_short_h == Approx(2.0));  // the warm-up incident is not counted
  CHECK(k.items[1].incident_short_h == Approx(0.5));
  CHECK(k.items[0].shelter_people_h_without == Approx(300.0));
  CHECK(k.items[1].shelter_people_h_without == 0.0);
  CHECK(k.items[0].stockouts == 4.0);
  CHECK(k.items[1].stockouts == 2.0);
  REQUIRE(k.depot_stockouts.size() == 2);
  CHECK(k.depot_stockouts[0] == 3.0);
  CHECK(k.depot_stockouts[1] == 3.0);
  CHECK(k.mean_vehicle_utilisation == Approx(0.4));
  CHECK(k.max_vehicle_utilisation == Approx(0.75));
}

TEST_CASE("logistics_kpis: reserve compliance at the start and throughout the run", "[logistics]") {
  const LogisticsModel m = two_depots();
  LogisticsOutcome o;
  // City sandbags fell to 1400 (< 1500 target); pumps stayed at 4 (< 6 from the start).
  o.depot_items = {{0, 0, 600.0, 0.0, 1400.0, 1600.0, 0}, {0, 1, 0.0, 0.0, 4.0, 4.0, 0},
                   {1, 0, 0.0, 0.0, 100.0, 100.0, 0}, {1, 1, 0.0, 0.0, 0.0, 0.0, 0}};
  const LogisticsKpis k = logistics_kpis(m, o);
  REQUIRE(k.reserve.size() == 2);  // only the city's targets
  const auto find = [](const LogisticsKpis& kpis, int item) -> ReserveCompliance {
    for (const ReserveCompliance& c : kpis.reserve)
      if (c.depot == 0 && c.item == item) return c;
    FAIL("no compliance row for item " << item);
    return {};
  };
  const ReserveCompliance bags = find(k, 0);
  CHECK(bags.target == 1500.0);
  CHECK(bags.initial == 2000.0);
  CHECK(bags.met_at_start);
  CHECK(bags.min_stock == 1400.0);
  CHECK_FALSE(bags.met_throughout);
  const ReserveCompliance pumps = find(k, 1);
  CHECK_FALSE(pumps.met_at_start);
  CHECK(pumps.min_stock == 4.0);
  CHECK_FALSE(pumps.met_throughout);
  CHECK(k.reserve_met_share == Approx(0.5));

  // Stock that stays above the target holds it throughout.
  o.depot_items[0].min_stock = 1500.0;
  CHECK(find(logistics_kpis(m, o), 0).met_throughout);
}
