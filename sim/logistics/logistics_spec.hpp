// SPDX-License-Identifier: MIT
#pragma once

// The `logistics:` section of a scenario as written (names, not indices):
// the item catalogue, the depots at each level with their stock, reserve
// targets and vehicles, private suppliers, the chain a request climbs, and
// what incidents and shelters use. docs/scenario-format.md describes each
// key, docs/models.md the model; sim/run/scenario_logistics binds it to a
// loaded region. Held by Scenario through a pointer, like the fire section.

#include "sim/response/scenario.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// One item of the catalogue, counted in whole units (a bag, a pump, a litre).
struct ItemSpec {
  std::string id;
  std::string name;            // empty: the id
  std::string unit = "unit";   // what one unit is, for tables ("bag", "pump", "L")
  double weight_kg = 0.0;      // per unit
  double volume_m3 = 0.0;      // per unit
  double handling_s = 0.0;     // loading (and unloading) time per unit
  bool returns = false;        // equipment: goes back to its depot when the work ends
};

// Vehicles based at a depot; `count` identical ones.
struct LogisticsVehicleSpec {
  std::string id;
  int count = 1;
  double capacity_kg = 0.0;  // > 0
  double capacity_m3 = 0.0;  // > 0; 0 as read: no volume limit
  double speed_factor = 1.0;
  std::string vehicle_class = "standard";
};

// A reserve or storage point (measures 18 and 21).
struct DepotSpec {
  std::string id;
  std::string name;
  TeamLevel level = TeamLevel::township;  // city, banner, township, village or enterprise
  Location location;
  std::string banner;                     // empty: its zone's banner (none for the city level)
  std::string department = "emergency";   // a transfer from another department is a step of the chain
  std::map<std::string, double> stock;           // item -> units at the start
  std::map<std::string, double> reserve_target;  // item -> units a level-2 response needs (city and banner)
  std::optional<double> replenish_s;             // base-stock replenishment from outside: lead time
  std::vector<LogisticsVehicleSpec> vehicles;
};

// A private supplier requisitioned when the chain runs dry: it delivers to
// the site itself after its lead time, up to a quantity per item.
struct SupplierSpec {
  std::string id;
  std::string name;
  std::map<std::string, double> limit;  // item -> units it can supply over the run
  double lead_time_s = 0.0;
};

// One step of the chain a shortfall climbs: the depots of these levels and
// departments, asked after the request and approval delays.
struct SupplyStepSpec {
  std::vector<std::string> levels;
  std::vector<std::string> departments{"emergency"};
  double request_delay_s = 0.0;
  double approval_delay_s = 0.0;
};

// What an incident of one type uses while its work goes on.
struct IncidentUseSpec {
  std::string incident_type;
  std::map<std::string, double> per_hour;      // consumables per hour of work at full pace
  std::map<std::string, double> per_incident;  // consumables once, when the work starts
  std::map<std::string, double> equipment;     // returnable items held while the work goes on
  double pace_without = 0.5;                   // the work's pace while any of them is short (0: stops)
};

// What people in the evacuation's shelters use.
struct ShelterUseSpec {
  std::map<std::string, double> per_person_day;  // consumables (water, food)
  std::map<std::string, double> per_person;      // kept while sheltered (quilts, tents)
  std::optional<double> stay_s;                  // how long people stay; empty: to the end of the run
};

struct LogisticsSpec {
  std::vector<ItemSpec> items;
  std::vector<DepotSpec> depots;
  std::vector<SupplierSpec> suppliers;
  std::vector<SupplyStepSpec> chain;  // empty as read: default_supply_chain()
  std::vector<IncidentUseSpec> incident_use;
  ShelterUseSpec shelter_use;
  double cover_s = 4 * 3600.0;    // a request asks for this much use
  double reorder_s = 3600.0;      // asks again when what is on site or on the way covers less
  double report_step_s = 3600.0;  // stock levels and the balance are recorded at this step
};

// Village and enterprise points, then township, banner and city.
std::vector<SupplyStepSpec> default_supply_chain();

}  // namespace dsim
