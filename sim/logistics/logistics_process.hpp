// SPDX-License-Identifier: MIT
#pragma once

// Stock, requests and deliveries played in the response's event loop (one
// event, one run): incidents and shelters use items, ask the depots up the
// chain for what they lack, vehicles carry it over the roads with their
// closures, and work without its supplies slows or stops. docs/models.md,
// "Stockpiles and logistics", gives the rules.

#include "sim/logistics/logistics_model.hpp"
#include "sim/response/response_simulation.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace dsim {

enum class SiteKind : std::uint8_t { incident, shelter };

// One request from a site for one item. Quantities in the item's units.
struct SupplyRequest {
  int id = 0;
  SiteKind kind = SiteKind::incident;
  int site = 0;          // incident (ReplicationOutcome::incidents) or shelter index
  int item = 0;
  double quantity = 0.0;
  int priority = 0;      // the incident's severity index; shelters: the highest severity
  double requested_s = 0.0;
  double completed_s = std::numeric_limits<double>::quiet_NaN();  // the last unit delivered; NaN: not by the end
  double from_stock = 0.0;     // issued from depot stock when the request reached the depot
  double backordered = 0.0;    // waited at a depot for its replenishment
  double requisitioned = 0.0;  // from a private supplier
  double unmet = 0.0;          // nobody could supply it
  double delivered = 0.0;      // reached the site by the end
  int steps = 0;               // steps of the chain it climbed (0: the first)
  bool measured = false;       // requested after the warm-up
};

// One load carried to a site: by a depot's vehicle, or by a supplier.
struct SupplyDelivery {
  int request = 0;
  int item = 0;
  double quantity = 0.0;
  int depot = -1;     // -1: a supplier's
  int supplier = -1;
  int vehicle = -1;
  double ready_s = 0.0;   // issued at the depot, waiting for a vehicle
  double load_s = std::numeric_limits<double>::quiet_NaN();    // a vehicle began loading
  double depart_s = std::numeric_limits<double>::quiet_NaN();
  double arrive_s = std::numeric_limits<double>::quiet_NaN();  // at the site
  double unloaded_s = std::numeric_limits<double>::quiet_NaN();  // on hand at the site
  double back_s = std::numeric_limits<double>::quiet_NaN();    // vehicle back at its depot
  int reroutes = 0;        // times a road change made it replan on the way
  double blocked_s = 0.0;  // time it waited with no open road
};

// Stock of one item at one depot at a report time.
struct StockLevel {
  double time_s = 0.0;
  int depot = 0;
  int item = 0;
  double stock = 0.0;
};

// Where every unit of one item is at a report time (mass balance):
// initial + replenished + requisitioned = consumed + at_depots + at_sites + in_transit.
struct ItemBalance {
  double time_s = 0.0;
  int item = 0;
  double initial = 0.0;
  double replenished = 0.0;    // arrived at depots from outside
  double requisitioned = 0.0;  // ordered from suppliers (in transit until they deliver)
  double consumed = 0.0;
  double at_depots = 0.0;
  double at_sites = 0.0;    // on hand at incidents and shelters (equipment in use, leftovers)
  double in_transit = 0.0;  // loaded or being loaded, on the road, equipment going back, supplier orders
};

// One site's need of one item over the run.
struct SiteShortage {
  SiteKind kind = SiteKind::incident;
  int site = 0;
  int item = 0;
  double requested = 0.0;
  double delivered = 0.0;
  double consumed = 0.0;
  double short_s = 0.0;                // time the site needed it and had none (or too little equipment)
  double people_hours_without = 0.0;   // shelters: people x hours without it
  bool measured = false;               // incidents: measured; shelters: always
};

struct VehicleOutcome {
  int vehicle = 0;
  int trips = 0;
  double busy_s = 0.0;  // loading, driving, unloading and returning, within [warm-up, horizon]
  double utilisation = 0.0;
};

struct DepotItemOutcome {
  int depot = 0;
  int item = 0;
  double issued = 0.0;
  double replenished = 0.0;
  double min_stock = 0.0;
  double end_stock = 0.0;
  int stockouts = 0;  // times its stock fell to zero
};

struct LogisticsOutcome {
  std::vector<SupplyRequest> requests;
  std::vector<SupplyDelivery> deliveries;
  std::vector<StockLevel> stock;      // every depot and item, at each report time
  std::vector<ItemBalance> balance;   // every item, at each report time and the horizon
  std::vector<SiteShortage> shortages;
  std::vector<VehicleOutcome> vehicles;
  std::vector<DepotItemOutcome> depot_items;
  std::uint64_t events = 0;
};

// Logistics as a process of the response run. Deterministic given the run:
// it draws no random numbers.
class LogisticsProcess final : public CoupledProcess {
 public:
  LogisticsProcess(const LogisticsModel& model, std::uint32_t kind_base);
  ~LogisticsProcess() override;
  void start(Simulation& sim, ResponseForces& forces) override;
  void handle(const Event& e) override;
  void finish() override;
  void unit_arrived(int unit, int incident) override;
  void work_paced(int incident) override;
  void work_ended(int incident) override;
  void roads_changed() override;
  // People reached shelter `shelter` now (the warning chain's evacuation).
  void people_sheltered(int shelter, int people);
  LogisticsOutcome take_outcome();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dsim
