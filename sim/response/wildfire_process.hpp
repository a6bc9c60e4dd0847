// SPDX-License-Identifier: MIT
#pragma once

// A grassland or forest fire stepped in the event loop of each replication
// (docs/models.md, "Wildfire: suppression and coupling"): the fire spreads
// over its landscape step by step; once reported it calls teams through the
// plan; units with the wildland capability on scene build fireline along its
// edge where its intensity allows, which stops it; the roads it reaches
// close and reopen behind it; the villages it reaches raise
// structure-defence incidents. Two plans on the same seed face the same
// breach draws (common random numbers).

#include "sim/hazards/fire_spread.hpp"
#include "sim/response/response_simulation.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace dsim {

class RoadNetwork;

// A fire bound to a region and a response model. Immutable, shared by all
// replications.
struct WildfireModel {
  enum class Tactic { flank, head };
  struct Call {
    double after_s = 0.0;  // after the report
    int type = 0, severity = 0;
    bool always = false;   // even when the fire is held by then
  };
  struct Village {
    int zone = -1;
    NodeId node{};                         // where its structure-defence incident is
    std::vector<std::uint32_t> edge_cells;  // burnable cells along its edge: the fire there reaches it
    double people = 0.0;
  };

  std::string name = "wildfire";
  SpreadLandscape landscape;  // breach draws per replication: breach_u left empty
  int stencil = 16;
  std::vector<std::uint8_t> fuel;        // FuelType per cell
  std::vector<int> cell_zone;            // zone index of each cell, -1: none
  std::vector<std::uint32_t> ignition_cells;
  std::vector<double> ignition_s;
  double report_delay_s = 600.0;
  NodeId fire_node{};                    // where the teams are sent: the road node nearest the first ignition
  int fire_zone = -1;
  std::vector<Call> calls;
  Tactic tactic = Tactic::flank;
  std::vector<double> line_rate_m_per_person_s;  // per FuelType (0: no line there)
  // Per unit of the response model: its people, whether it builds line
  // (the wildland capability) and the hottest edge it can hold (kW/m).
  std::vector<int> unit_people;
  std::vector<std::uint8_t> unit_builds_line;
  std::vector<double> unit_max_intensity_kw_m;
  double mop_up_s = 3600.0;
  double step_s = 300.0;
  double end_s = 43'200.0;
  std::vector<double> output_times_s;
  // Road nodes in the raster and their cells; a node's roads close when the
  // fire reaches its cell, for road_closed_for_s, to these classes.
  const RoadNetwork* network = nullptr;
  std::vector<NodeId> road_nodes;
  std::vector<std::uint32_t> road_node_cells;
  double road_closed_for_s = 1800.0;
  VehicleClassSet closes_classes = kAllVehicleClasses;
  // Villages and their incidents (type -1: no incidents raised).
  std::vector<Village> villages;
  int village_type = -1, village_severity = 0;

  std::size_t cells() const { return landscape.rows * landscape.cols; }
};

// What the fire did in one replication. Times in seconds from the start; NaN
// when the moment never came.
struct WildfireOutcome {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  struct Cell {
    std::uint32_t cell = 0;
    double time_s = 0.0;
  };
  struct VillageReached {
    int village = 0;  // index into WildfireModel::villages
    double reached_s = 0.0;
    int incident = -1;  // the structure-defence incident raised, -1: none
  };
  struct Closure {
    EdgeId edge{};
    double closed_s = 0.0;
    double reopened_s = kNaN;  // NaN: still closed at the end
  };
  std::vector<Cell> burned;  // every burned cell and when the fire reached it
  std::vector<Cell> line;    // every cell of fireline and when it was held
  std::vector<VillageReached> villages;
  std::vector<Closure> closures;
  std::vector<int> incidents;           // the calls raised for the fire itself
  std::vector<double> area_at_output_m2;  // per WildfireModel::output_times_s
  double reported_s = kNaN;
  double first_attack_s = kNaN;  // the first wildland unit on scene
  double held_s = kNaN;          // no edge left that can burn
  double area_m2 = 0.0;          // at the end
  double line_m = 0.0;
  double crew_person_s = 0.0;    // people on the line x time, up to the end
  double edge_reached_s = kNaN;  // the fire reached the raster's border: it would have burned on beyond
};

class WildfireProcess final : public CoupledProcess {
 public:
  // `kind_base`: the first event kind it may use (CoupledProcesses::kind_base).
  WildfireProcess(const WildfireModel& model, std::uint64_t seed, std::uint64_t replication,
                  std::uint32_t kind_base = kCoupledKindBase);
  ~WildfireProcess() override;
  void start(Simulation& sim, ResponseForces& forces) override;
  void handle(const Event& e) override;
  void finish() override;
  bool changes_roads() const override { return true; }
  void unit_arrived(int unit, int incident) override;
  void unit_left(int unit, int incident, bool arrived) override;
  WildfireOutcome take_outcome();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dsim
