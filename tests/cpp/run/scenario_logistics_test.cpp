// SPDX-License-Identifier: MIT
// The logistics section bound to the synthetic region (sim/run/scenario_logistics):
// names to indices, depots to nodes and banners, vehicles expanded by count,
// the default supply chain, and the free-flow time from each depot.
#include "sim/logistics/logistics_kpis.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace dsim;

namespace {

const char* const kScenario = R"(name: stock
region:
  banners: {kangbashi: [new_town, new_town_south], dongsheng: [old_town]}
stations:
  - {id: kbs, location: {place: new_town_centre}, banner: kangbashi}
teams:
  - {id: rescue, station: kbs, level: banner, size: 12, vehicle_class: high_clearance, capabilities: [water_rescue, fire]}
incidents:
  - {name: floods, type: water_rescue, rate: 4 per day, zones: [new_town]}
plan:
  responses:
    fire:
      small: {needs: {fire: 4}}
    water_rescue:
      minor: {needs: {water_rescue: 4}}
horizon: 2 d
warmup: 2 h
replications: 1
logistics:
  items:
    - {id: sandbags, unit: bag, weight: 25 kg}
    - {id: drainage_pump, name: Drainage pump, unit: pump, weight: 120 kg, returns: true}
  depots:
    - id: city_reserve
      level: city
      location: {place: new_town_centre}
      stock: {sandbags: 20000, drainage_pump: 20}
      reserve_target: {sandbags: 30000, drainage_pump: 20}
      replenish: 48 h
      vehicles:
        - {id: city_truck, count: 3, capacity: 8 t, volume: 40 m3, vehicle_class: high_clearance, speed_factor: 0.8}
    - id: dongsheng_water
      level: banner
      department: water_resources
      location: {place: old_town_centre}
      stock: {sandbags: 500}
      vehicles:
        - {id: pickup, capacity: 1.5 t}
  suppliers:
    - {id: supplies_co, items: {sandbags: 50000}, lead_time: 6 h}
  demand:
    incidents:
      water_rescue: {per_hour: {sandbags: 300}, equipment: {drainage_pump: 2}, without: 0.25}
)";

int banner_index(const ResponseModel& m, const std::string& name) {
  for (std::size_t i = 0; i < m.banners.size(); ++i)
    if (m.banners[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("The logistics section binds to the region's nodes, banners and classes", "[scenario_logistics]") {
  const Scenario s = read_scenario_text(kScenario, "stock.yaml").checked();
  const Region region = load_region(s.region, {}, "stock.yaml");
  const ResponseModel model = build_response_model(s, region);
  const LogisticsModel m = build_scenario_logistics(*s.logistics, s, region, model, nullptr);

  REQUIRE(m.items.size() == 2);
  CHECK(m.items[0].name == "sandbags");  // the id when no name is given
  CHECK(m.items[1].name == "Drainage pump");
  CHECK(m.items[1].returns);
  CHECK(m.departments == std::vector<std::string>{"emergency", "water_resources"});

  REQUIRE(m.depots.size() == 2);
  const LogisticsModel::Depot& city = m.depots[0];
  CHECK(city.node == region.places.at("new_town_centre"));
  CHECK(city.banner == -1);
  CHECK(city.department == 0);
  CHECK(city.stock == std::vector<double>{20000.0, 20.0});
  CHECK(city.reserve_target == std::vector<double>{30000.0, 20.0});
  CHECK(city.replenish_s == 48 * 3600.0);
  const LogisticsModel::Depot& water = m.depots[1];
  CHECK(water.node == region.places.at("old_town_centre"));
  CHECK(water.banner == banner_index(model, "dongsheng"));  // its zone's banner
  CHECK(water.banner >= 0);
  CHECK(water.department == 1);
  CHECK(water.stock == std::vector<double>{500.0, 0.0});
  CHECK(std::isnan(water.reserve_target[0]));
  CHECK(std::isnan(water.replenish_s));

  REQUIRE(m.vehicles.size() == 4);
  CHECK(m.vehicles[0].id == "city_truck#1");
  CHECK(m.vehicles[2].id == "city_truck#3");
  CHECK(m.vehicles[2].depot == 0);
  CHECK(m.vehicles[0].capacity_kg == 8000.0);
  CHECK(m.vehicles[0].capacity_m3 == 40.0);
  CHECK(m.vehicles[0].speed_factor == 0.8);
  CHECK(model.vehicle_classes[static_cast<std::size_t>(m.vehicles[0].vehicle_class)] == "high_clearance");
  CHECK(m.vehicles[3].id == "pickup");
  CHECK(m.vehicles[3].depot == 1);
  CHECK(std::isinf(m.vehicles[3].capacity_m3));
  CHECK(model.vehicle_classes[static_cast<std::size_t>(m.vehicles[3].vehicle_class)] == "standard");

  // The default chain: village and enterprise points, township, banner, city.
  REQUIRE(m.chain.size() == 4);
  const auto bit = [](TeamLevel l) { return 1u << static_cast<int>(l); };
  CHECK(m.chain[0].levels == (bit(TeamLevel::village) | bit(TeamLevel::enterprise)));
  CHECK(m.chain[3].levels == bit(TeamLevel::city));
  CHECK(m.chain[3].departments == std::vector<bool>{true, false});
  CHECK(m.chain[2].request_delay_s == 900.0);
  CHECK(m.chain[2].approval_delay_s == 1800.0);

  REQUIRE(m.suppliers.size() == 1);
  CHECK(m.suppliers[0].name == "supplies_co");
  CHECK(m.suppliers[0].limit == std::vector<double>{50000.0, 0.0});
  CHECK(m.suppliers[0].lead_time_s == 6 * 3600.0);

  REQUIRE(m.incident_use.size() == model.incident_types.size());
  for (std::size_t t = 0; t < model.incident_types.size(); ++t) {
    const LogisticsModel::Use& use = m.incident_use[t];
    INFO(model.incident_types[t]);
    if (model.incident_types[t] == "water_rescue") {
      CHECK(use.any);
      CHECK(use.per_hour == std::vector<double>{300.0, 0.0});
      CHECK(use.equipment == std::vector<double>{0.0, 2.0});
      CHECK(use.pace_without == 0.25);
    } else {
      CHECK_FALSE(use.any);
      CHECK(use.per_hour == std::vector<double>{0.0, 0.0});
    }
  }
  CHECK(m.shelters.empty());
  CHECK(m.shelter_priority == static_cast<int>(model.severities.size()) - 1);
  CHECK(model.severities.size() == 2);  // small, minor
  CHECK(m.shelter_per_person_day == std::vector<double>{0.0, 0.0});

  CHECK(m.network == &region.network);
  CHECK(m.horizon_s == 2 * 86400.0);
  CHECK(m.warmup_s == 7200.0);
  REQUIRE(m.node_banner.size() == region.network.node_count());
  CHECK(m.node_banner[index(city.node)] == banner_index(model, "kangbashi"));

  // One free-flow search per depot, as a Router gives it.
  REQUIRE(m.depot_time_s.size() == 2);
  REQUIRE(m.depot_time_s[1].size() == region.network.node_count());
  CHECK(m.depot_time_s[0][index(city.node)] == 0.0f);
  Router router(region.network);
  const double t = router.travel_times_from(water.node).until(city.node).time_s(city.node);
  CHECK(m.depot_time_s[1][index(city.node)] == Approx(t).epsilon(1e-6));
  CHECK(t > 0.0);

  const std::vector<ReserveCompliance> reserve = reserve_compliance(m);
  REQUIRE(reserve.size() == 2);
  CHECK(reserve[0].depot == 0);
  CHECK(reserve[0].item == 0);
  CHECK(reserve[0].initial == 20000.0);
  CHECK(reserve[0].min_stock == 20000.0);
  CHECK_FALSE(reserve[0].met_at_start);
  CHECK_FALSE(reserve[0].met_throughout);
  CHECK(reserve[1].item == 1);
  CHECK(reserve[1].met_at_start);  // 20 of 20
}

TEST_CASE("A prepared scenario carries its logistics into the run options", "[scenario_logistics]") {
  const PreparedScenario p = prepare_scenario(read_scenario_text(kScenario, "stock.yaml").checked(), 1);
  REQUIRE(p.logistics);
  CHECK(p.logistics->depots.size() == 2);
  CHECK(scenario_run_options(p, 1).logistics == p.logistics.get());
}
