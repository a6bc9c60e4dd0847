// SPDX-License-Identifier: MIT
#pragma once

// The logistics of a scenario bound to a road network: names resolved to
// indices and nodes (sim/run/scenario_logistics builds it from the
// `logistics:` section). Immutable and shared by all replications.

#include "sim/network/road_network.hpp"
#include "sim/response/response_model.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace dsim {

struct LogisticsModel {
  struct Item {
    std::string id;
    std::string name;
    std::string unit = "unit";
    double weight_kg = 0.0;
    double volume_m3 = 0.0;
    double handling_s = 0.0;
    bool returns = false;
  };
  struct Depot {
    std::string id;
    std::string name;
    TeamLevel level = TeamLevel::township;
    NodeId node{};
    int banner = -1;      // ResponseModel::banners; -1: serves every banner
    int department = 0;   // index into departments
    std::vector<double> stock;           // per item, at the start
    std::vector<double> reserve_target;  // per item; NaN: no target
    double replenish_s = std::numeric_limits<double>::quiet_NaN();  // NaN: not replenished
  };
  struct Vehicle {
    std::string id;  // "<vehicle id>#k" for the k-th of several
    int depot = 0;
    double capacity_kg = 0.0;
    double capacity_m3 = std::numeric_limits<double>::infinity();
    double speed_factor = 1.0;
    int vehicle_class = 0;  // ResponseModel::vehicle_classes
  };
  struct Step {
    std::uint32_t levels = 0;         // bit per TeamLevel
    std::vector<bool> departments;    // per department: asked at this step
    double request_delay_s = 0.0;
    double approval_delay_s = 0.0;
  };
  struct Supplier {
    std::string id;
    std::string name;
    std::vector<double> limit;  // per item (0: does not supply it)
    double lead_time_s = 0.0;
  };
  // What an incident of one type uses (all zero: nothing).
  struct Use {
    std::vector<double> per_hour;      // per item, units per hour of work at full pace
    std::vector<double> per_incident;  // per item, once when the work starts
    std::vector<double> equipment;     // per item, held while the work goes on
    double pace_without = 0.5;
    bool any = false;
  };
  // A shelter of the evacuation (WarningModel::shelters, same order).
  struct Shelter {
    std::string id;
    NodeId node{};
    int banner = -1;
  };

  std::vector<Item> items;
  std::vector<std::string> departments{"emergency"};
  std::vector<Depot> depots;
  std::vector<Vehicle> vehicles;
  std::vector<Step> chain;
  std::vector<Supplier> suppliers;
  std::vector<Use> incident_use;  // per ResponseModel incident type
  std::vector<Shelter> shelters;
  std::vector<double> shelter_per_person_day;  // per item
  std::vector<double> shelter_per_person;      // per item
  double cover_s = 4 * 3600.0;
  double reorder_s = 3600.0;
  double report_step_s = 3600.0;

  // From the response model: the network, each node's banner, the vehicle
  // classes, the horizon and warm-up. Set by the builder.
  const RoadNetwork* network = nullptr;
  std::vector<int> node_banner;  // per node, -1: none
  double horizon_s = 86'400.0;
  double warmup_s = 0.0;
  // Free-flow seconds from each depot to every node ([depot][node]), to rank
  // the depots of a step nearest first.
  std::vector<std::vector<float>> depot_time_s;
  // The priority of a shelter's requests: that of the most severe incidents
  // (the highest severity index of the response model).
  int shelter_priority = 0;
  // How long evacuees stay in a shelter (+inf: to the end of the run).
  double shelter_stay_s = std::numeric_limits<double>::infinity();
  // The zone of each node (ResponseModel::node_zone): village and enterprise
  // points serve the sites of their own zone only.
  std::vector<int> node_zone;
};

}  // namespace dsim
