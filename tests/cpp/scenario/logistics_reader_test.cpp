// SPDX-License-Identifier: MIT
// The logistics section as docs/scenario-format.md ("logistics") describes
// it: values with their units, the defaults of sim/logistics/logistics_spec.hpp,
// and each bad value reported at its line and column with its key.
#include "sim/logistics/logistics_spec.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

using namespace dsim;

namespace {

const char* const kHead = R"(name: stock
region:
  banners: {kangbashi: [new_town], dongsheng: [old_town]}
stations:
  - {id: sumu, location: {node: 5}, banner: kangbashi}
teams:
  - {id: township, station: sumu, level: township, size: 12, capabilities: [water_rescue, fire]}
  - {id: banner, station: sumu, level: banner, size: 8, vehicle_class: high_clearance, capabilities: [water_rescue]}
incidents:
  - {name: floods, type: water_rescue, rate: 2 per day, zones: [new_town]}
plan:
  responses:
    water_rescue:
      minor: {needs: {water_rescue: 4}}
    fire:
      small: {needs: {fire: 4}}
warning:
  groups:
    - {name: residents, compliance: 0.8}
  channels:
    - {name: sms, reach: {residents: 0.6}, delay: 2 min}
  population:
    - {zone: new_town, people: {residents: 1000}}
  shelters:
    - {id: school, location: {node: 7}, capacity: 500}
)";

const char* const kFull = R"(logistics:
  items:
    - {id: sandbags, name: Sandbags, unit: bag, weight: 25 kg, volume: 0.03 m3, handling: 2 s}
    - {id: drainage_pump, unit: pump, weight: 120 kg, volume: 0.5 m3, handling: 60 s, returns: true}
    - {id: drinking_water, unit: L, weight: 1, volume: 1 L}
  depots:
    - id: city_reserve
      name: Ordos city emergency materials reserve
      level: city
      location: {node: 5}
      department: emergency
      stock: {sandbags: 20000, drainage_pump: 20}
      reserve_target: {sandbags: 30000}
      replenish: 48 h
      vehicles:
        - {id: city_truck, count: 3, capacity: 8 t, volume: 40 m3, vehicle_class: high_clearance, speed_factor: 0.8}
    - id: kangbashi_store
      level: banner
      location: {place: new_town_centre}
      banner: kangbashi
      department: water_resources
      stock: {drinking_water: 5000}
      vehicles:
        - {id: pickup, capacity: 1500}
  suppliers:
    - {id: building_supplies_co, name: Dongsheng building supplies, items: {sandbags: 50000}, lead_time: 6 h}
  chain:
    - {levels: [village, enterprise], request_delay: 0}
    - {levels: [township], request_delay: 10 min, approval_delay: 10 min}
    - {levels: [banner], departments: [emergency, water_resources], request_delay: 15 min, approval_delay: 30 min}
    - {levels: [city], request_delay: 30 min, approval_delay: 1 h}
  demand:
    incidents:
      water_rescue: {per_hour: {sandbags: 300}, per_incident: {}, equipment: {drainage_pump: 2}, without: 0.5}
    shelters:
      per_person_day: {drinking_water: 3}
      per_person: {sandbags: 0.25}
      stay: 2 d
  cover: 4 h
  reorder: 30 min
  report_step: 2 h
)";

const char* const kMinimal = R"(logistics:
  items: [{id: tent}]
)";

ScenarioReading read_logistics(const std::string& section, const char* head = kHead) {
  return read_scenario_text(std::string(head) + section, "stock.yaml");
}

std::string messages(const std::vector<ScenarioProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.message() + "\n";
  return out;
}

// The 1-based line and column where `needle` last appears in `text` (the
// section comes after the head, so a name both give is found in the section).
std::pair<std::size_t, std::size_t> where(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  std::pair<std::size_t, std::size_t> found{0, 0};
  for (std::size_t n = 1; std::getline(in, line); ++n)
    if (const auto c = line.rfind(needle); c != std::string::npos) found = {n, c + 1};
  if (found.first == 0) FAIL("no line contains " << needle);
  return found;
}

// Reads kFull with `from` replaced by `to`; the problem of `severity` with
// `key` must be there, at the line and column where `at` is written.
ScenarioProblem problem(const std::string& from, const std::string& to, const std::string& key, const std::string& at,
                        ScenarioProblem::Severity severity = ScenarioProblem::Severity::error,
                        const char* head = kHead) {
  std::string section = kFull;
  const auto pos = section.find(from);
  REQUIRE(pos != std::string::npos);
  section.replace(pos, from.size(), to);
  const ScenarioReading r = read_logistics(section, head);
  INFO(messages(r.problems));
  const auto it = std::find_if(r.problems.begin(), r.problems.end(),
                               [&](const ScenarioProblem& p) { return p.key == key && p.severity == severity; });
  REQUIRE(it != r.problems.end());
  const auto [line, column] = where(std::string(head) + section, at);
  CHECK(it->file == "stock.yaml");
  CHECK(it->line == line);
  CHECK(it->column == column);
  return *it;
}

}  // namespace

TEST_CASE("A full logistics section is read back field by field", "[scenario][logistics_reader]") {
  const ScenarioReading r = read_logistics(kFull);
  INFO(messages(r.problems));
  REQUIRE(r.ok());
  CHECK(r.problems.empty());
  REQUIRE(r.scenario.logistics);
  const LogisticsSpec& l = *r.scenario.logistics;

  REQUIRE(l.items.size() == 3);
  CHECK(l.items[0].id == "sandbags");
  CHECK(l.items[0].name == "Sandbags");
  CHECK(l.items[0].unit == "bag");
  CHECK(l.items[0].weight_kg == 25.0);
  CHECK(l.items[0].volume_m3 == Approx(0.03));
  CHECK(l.items[0].handling_s == 2.0);
  CHECK_FALSE(l.items[0].returns);
  CHECK(l.items[1].returns);
  CHECK(l.items[1].handling_s == 60.0);
  CHECK(l.items[1].name.empty());
  CHECK(l.items[2].volume_m3 == Approx(0.001));

  REQUIRE(l.depots.size() == 2);
  const DepotSpec& city = l.depots[0];
  CHECK(city.id == "city_reserve");
  CHECK(city.name == "Ordos city emergency materials reserve");
  CHECK(city.level == TeamLevel::city);
  CHECK(city.location.kind == Location::Kind::node);
  CHECK(city.location.node_id == 5);
  CHECK(city.banner.empty());
  CHECK(city.department == "emergency");
  CHECK(city.stock == std::map<std::string, double>{{"sandbags", 20000.0}, {"drainage_pump", 20.0}});
  CHECK(city.reserve_target == std::map<std::string, double>{{"sandbags", 30000.0}});
  REQUIRE(city.replenish_s);
  CHECK(*city.replenish_s == 48 * 3600.0);
  REQUIRE(city.vehicles.size() == 1);
  CHECK(city.vehicles[0].id == "city_truck");
  CHECK(city.vehicles[0].count == 3);
  CHECK(city.vehicles[0].capacity_kg == 8000.0);
  CHECK(city.vehicles[0].capacity_m3 == 40.0);
  CHECK(city.vehicles[0].vehicle_class == "high_clearance");
  CHECK(city.vehicles[0].speed_factor == 0.8);
  const DepotSpec& store = l.depots[1];
  CHECK(store.level == TeamLevel::banner);
  CHECK(store.location.kind == Location::Kind::place);
  CHECK(store.location.place == "new_town_centre");
  CHECK(store.banner == "kangbashi");
  CHECK(store.department == "water_resources");
  CHECK_FALSE(store.replenish_s);
  REQUIRE(store.vehicles.size() == 1);
  CHECK(store.vehicles[0].count == 1);
  CHECK(store.vehicles[0].capacity_kg == 1500.0);
  CHECK(store.vehicles[0].capacity_m3 == 0.0);  // no volume limit
  CHECK(store.vehicles[0].vehicle_class == "standard");
  CHECK(store.vehicles[0].speed_factor == 1.0);

  REQUIRE(l.suppliers.size() == 1);
  CHECK(l.suppliers[0].id == "building_supplies_co");
  CHECK(l.suppliers[0].name == "Dongsheng building supplies");
  CHECK(l.suppliers[0].limit == std::map<std::string, double>{{"sandbags", 50000.0}});
  CHECK(l.suppliers[0].lead_time_s == 6 * 3600.0);

  REQUIRE(l.chain.size() == 4);
  CHECK(l.chain[0].levels == std::vector<std::string>{"village", "enterprise"});
  CHECK(l.chain[0].departments == std::vector<std::string>{"emergency"});
  CHECK(l.chain[0].request_delay_s == 0.0);
  CHECK(l.chain[1].request_delay_s == 600.0);
  CHECK(l.chain[1].approval_delay_s == 600.0);
  CHECK(l.chain[2].departments == std::vector<std::string>{"emergency", "water_resources"});
  CHECK(l.chain[3].approval_delay_s == 3600.0);

  REQUIRE(l.incident_use.size() == 1);
  CHECK(l.incident_use[0].incident_type == "water_rescue");
  CHECK(l.incident_use[0].per_hour == std::map<std::string, double>{{"sandbags", 300.0}});
  CHECK(l.incident_use[0].per_incident.empty());
  CHECK(l.incident_use[0].equipment == std::map<std::string, double>{{"drainage_pump", 2.0}});
  CHECK(l.incident_use[0].pace_without == 0.5);
  CHECK(l.shelter_use.per_person_day == std::map<std::string, double>{{"drinking_water", 3.0}});
  CHECK(l.shelter_use.per_person == std::map<std::string, double>{{"sandbags", 0.25}});
  CHECK(l.shelter_use.stay_s == 2 * 86400.0);
  CHECK(l.cover_s == 4 * 3600.0);
  CHECK(l.reorder_s == 1800.0);
  CHECK(l.report_step_s == 7200.0);
}

TEST_CASE("A logistics section of items alone takes the defaults", "[scenario][logistics_reader]") {
  const ScenarioReading r = read_logistics(kMinimal);
  INFO(messages(r.problems));
  REQUIRE(r.ok());
  REQUIRE(r.scenario.logistics);
  const LogisticsSpec& l = *r.scenario.logistics;
  REQUIRE(l.items.size() == 1);
  CHECK(l.items[0].unit == "unit");
  CHECK(l.items[0].weight_kg == 0.0);
  CHECK(l.items[0].volume_m3 == 0.0);
  CHECK_FALSE(l.items[0].returns);
  CHECK(l.depots.empty());
  CHECK(l.suppliers.empty());
  CHECK(l.chain.empty());  // default_supply_chain() when bound
  // ... and validate says so, with the steps and delays it takes.
  bool said = false;
  for (const ScenarioProblem& p : r.problems)
    said = said || (!p.is_error() && p.key == "logistics" && p.note.find("township after 10 + 10 min") != std::string::npos);
  CHECK(said);
  CHECK(l.incident_use.empty());
  CHECK(l.cover_s == 4 * 3600.0);
  CHECK(l.reorder_s == 3600.0);
  CHECK(l.report_step_s == 3600.0);
  const std::vector<SupplyStepSpec> chain = default_supply_chain();
  REQUIRE(chain.size() == 4);
  CHECK(chain.back().levels == std::vector<std::string>{"city"});

  const ScenarioReading none = read_logistics("");
  CHECK_FALSE(none.scenario.logistics);
}

TEST_CASE("Unknown items are reported wherever they are named", "[scenario][logistics_reader]") {
  CHECK(problem("stock: {sandbags: 20000,", "stock: {sandbag: 20000,", "logistics.depots[0].stock.sandbag", "20000, drainage")
            .suggestion == "sandbags");
  CHECK(problem("reserve_target: {sandbags", "reserve_target: {sandbgs", "logistics.depots[0].reserve_target.sandbgs",
                "30000}")
            .suggestion == "sandbags");
  problem("items: {sandbags: 50000}", "items: {sand: 50000}", "logistics.suppliers[0].items.sand", "50000}");
  problem("per_hour: {sandbags: 300}", "per_hour: {sandbag: 300}", "logistics.demand.incidents.water_rescue.per_hour.sandbag",
          "300}");
  problem("equipment: {drainage_pump: 2}", "equipment: {pump: 2}",
          "logistics.demand.incidents.water_rescue.equipment.pump", "2}, without");
  problem("per_person_day: {drinking_water: 3}", "per_person_day: {water: 3}",
          "logistics.demand.shelters.per_person_day.water", "3}");
}

TEST_CASE("Duplicate ids and negative amounts are errors", "[scenario][logistics_reader]") {
  problem("{id: drinking_water,", "{id: sandbags,", "logistics.items[2].id", "sandbags, unit: L");
  problem("- id: kangbashi_store", "- id: city_reserve", "logistics.depots[1].id", "city_reserve");
  problem("{id: pickup,", "{id: city_truck,", "logistics.depots[1].vehicles[0].id", "city_truck, capacity: 1500");
  problem("stock: {drinking_water: 5000}", "stock: {drinking_water: -5}", "logistics.depots[1].stock.drinking_water", "-5}");
  problem("reserve_target: {sandbags: 30000}", "reserve_target: {sandbags: -1}",
          "logistics.depots[0].reserve_target.sandbags", "-1}");
  problem("items: {sandbags: 50000}", "items: {sandbags: -50000}", "logistics.suppliers[0].items.sandbags", "-50000}");
}

TEST_CASE("Levels, banners, vehicle classes and capacities are checked", "[scenario][logistics_reader]") {
  CHECK(problem("level: banner", "level: banr", "logistics.depots[1].level", "banr").suggestion == "banner");
  CHECK(problem("levels: [township]", "levels: [townshp]", "logistics.chain[1].levels[0]", "townshp").suggestion ==
        "township");
  const ScenarioProblem b = problem("banner: kangbashi\n", "banner: kangbash\n", "logistics.depots[1].banner", "kangbash");
  CHECK(b.suggestion == "kangbashi");
  CHECK(b.expected.find("dongsheng") != std::string::npos);
  const ScenarioProblem v = problem("vehicle_class: high_clearance", "vehicle_class: amphibious",
                                    "logistics.depots[0].vehicles[0].vehicle_class", "amphibious");
  CHECK(v.expected.find("standard, high_clearance") != std::string::npos);
  problem("capacity: 8 t", "capacity: 0 t", "logistics.depots[0].vehicles[0].capacity", "0 t");
  problem("capacity: 1500", "capacity: -3 kg", "logistics.depots[1].vehicles[0].capacity", "-3 kg");
  problem("count: 3", "count: 0", "logistics.depots[0].vehicles[0].count", "0, capacity");
  problem("volume: 40 m3", "volume: 0 m3", "logistics.depots[0].vehicles[0].volume", "0 m3");
  CHECK(problem("weight: 25 kg", "weight: 25 kgs", "logistics.items[0].weight", "25 kgs").suggestion == "kg");
  problem("volume: 0.5 m3", "volume: 0.5 m2", "logistics.items[1].volume", "0.5 m2");
}

TEST_CASE("Demand names incident types the scenario has and shares from 0 to 1", "[scenario][logistics_reader]") {
  const ScenarioProblem t = problem("      water_rescue: {per_hour", "      water_rescu: {per_hour",
                                    "logistics.demand.incidents.water_rescu", "{per_hour");
  CHECK(t.suggestion == "water_rescue");
  problem("without: 0.5", "without: 1.5", "logistics.demand.incidents.water_rescue.without", "1.5");
  problem("without: 0.5", "without: -0.1", "logistics.demand.incidents.water_rescue.without", "-0.1");
}

TEST_CASE("An item no vehicle of its depot can carry is an error", "[scenario][logistics_reader]") {
  const ScenarioProblem heavy = problem("weight: 120 kg", "weight: 9 t", "logistics.depots[0].stock.drainage_pump", "20}");
  CHECK(heavy.expected.find("8000 kg") != std::string::npos);
  problem("volume: 0.5 m3, handling", "volume: 50 m3, handling", "logistics.depots[0].stock.drainage_pump", "20}");
  // Held at a depot with a vehicle large enough: no problem.
  const ScenarioReading ok = read_logistics(std::string(kFull));
  CHECK(ok.ok());
}

TEST_CASE("What a run would silently assume is a warning", "[scenario][logistics_reader]") {
  using S = ScenarioProblem::Severity;
  const ScenarioProblem idle = problem("      vehicles:\n        - {id: pickup, capacity: 1500}\n", "",
                                       "logistics.depots[1].stock", "{drinking_water: 5000}", S::warning);
  CHECK(idle.note.find("never leave") != std::string::npos);
  const ScenarioProblem target = problem("level: city", "level: township", "logistics.depots[0].reserve_target",
                                         "{sandbags: 30000}", S::warning);
  CHECK(target.expected.find("city or banner") != std::string::npos);
}

TEST_CASE("Shelter demand without a warning section's shelters warns", "[scenario][logistics_reader]") {
  using S = ScenarioProblem::Severity;
  std::string head = kHead;
  head.resize(head.find("warning:"));
  const std::string h = head;
  {
    const ScenarioReading r = read_logistics(kFull, h.c_str());
    INFO(messages(r.problems));
    CHECK(r.ok());
    const auto it = std::find_if(r.problems.begin(), r.problems.end(),
                                 [](const ScenarioProblem& p) { return p.key == "logistics.demand.shelters"; });
    REQUIRE(it != r.problems.end());
    CHECK(it->severity == S::warning);
    CHECK(it->line == where(h + kFull, "per_person_day").first);
  }
}
