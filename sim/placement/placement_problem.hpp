// SPDX-License-Identifier: MIT
#pragma once

// A station placement problem taken from a scenario and its region: where
// the demand is, where stations may go, which stations stand already, and
// the coverage matrix between them (docs/placement.md).
//
//   PlacementProblem problem = build_placement_problem(scenario, region, options);
//   SitingResult plan = solve_mclp(problem.matrix, 3);
//   auto stations = planned_stations(scenario, region, problem, plan, team_template(scenario, ""));
//   Scenario with_plan = add_planned_stations(scenario, problem, plan, stations);

#include "sim/network/region.hpp"
#include "sim/placement/coverage_matrix.hpp"
#include "sim/placement/siting.hpp"
#include "sim/response/scenario.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dsim {

struct PlacementOptions {
  // Demand: the road nodes of zones of these types, each zone weighted by its
  // share of the population times the risk weight of its type, spread evenly
  // over its nodes; or, when demand_csv is set, the points of that file.
  std::vector<std::string> demand_zone_types{"built_up", "industrial_park"};
  std::map<std::string, double> risk_weight{{"built_up", 1.0}, {"industrial_park", 2.0}};  // missing: 1
  std::string demand_csv;  // columns node or lon,lat; weight; optional limit_s

  // Candidates for new stations: nodes of these zones (ids) and zone types,
  // plus the points of candidate_csv (columns node or lon,lat). All empty:
  // the demand nodes (of the demand zones, or of demand_csv). Every
  // stride-th node of a zone is kept (1: all), to keep large regions quick.
  std::vector<std::string> candidate_zones;
  std::vector<std::string> candidate_zone_types;
  std::string candidate_csv;
  std::size_t candidate_stride = 1;

  // Existing stations (the scenario's) stay open in every answer; with
  // existing_may_close they are ordinary candidates, so that a maximal
  // covering answer with p sites counts the stations it keeps among the p.
  bool existing_may_close = false;

  // Reach time = turnout + free-flow drive <= limit. An existing station's
  // turnout is the mean turnout of its fastest team; new sites (and stations
  // without teams) use default_turnout_s.
  double default_turnout_s = 60.0;
  double limit_s = 300.0;
  std::map<std::string, double> limit_s_by_zone_type;  // overrides limit_s for demand in that zone type

  int threads = 0;  // for the coverage searches; 0: the OpenMP default
  // Called after each candidate site's search: (sites done, sites).
  std::function<void(std::size_t done, std::size_t total)> on_progress;
};

// Rows of the problem: demand points and candidate sites with what people
// need to read them, and the matrix the solvers take.
struct PlacementProblem {
  struct Demand {
    NodeId node{};
    double weight = 0.0;
    double limit_s = 300.0;
    int zone = -1;      // index into region.zones, -1: outside every zone
    std::string label;  // "node 1234 (new_town)" or "demand.csv line 7"
  };
  struct Site {
    NodeId node{};
    double turnout_s = 0.0;
    bool fixed = false;
    int station = -1;   // index into scenario.stations, -1: a new candidate
    std::string label;  // the station id, or "node 1234 (new_town)"
  };
  std::vector<Demand> demand;
  std::vector<Site> sites;
  CoverageMatrix matrix;
  std::vector<std::uint32_t> existing_sites;  // sites that are scenario stations, increasing
};

// Builds demand, candidates and the coverage matrix. Throws InputError (file,
// line, key) for an unknown zone or zone type, a CSV node the network lacks, a
// CSV point off the region, a bad weight or limit, or no demand at all.
PlacementProblem build_placement_problem(const Scenario& scenario, const Region& region,
                                         const PlacementOptions& options);

// Weight the existing stations cover (fixed or not), as a share of all demand.
double existing_covered_share(const PlacementProblem& problem);

// Per demand point: 1 when a site of `open_sites` (plus the fixed ones) covers it.
std::vector<std::uint8_t> covered_demand(const PlacementProblem& problem, const std::vector<std::uint32_t>& open_sites);

// The team copied to each new station: the scenario's team `team_id`, or
// when empty the first community team with the fire capability, or else a
// community fire team of 6 with a 60 s turnout. Throws InputError for an
// unknown id.
TeamSpec team_template(const Scenario& scenario, const std::string& team_id);

// A new station the plan opens, ready to be written into a scenario.
struct PlannedStation {
  StationSpec station;
  TeamSpec team;
  std::uint32_t site = 0;  // index into problem.sites
  double lon = 0.0, lat = 0.0;
  std::string near;        // the nearest named place of the region (empty if none)
  double near_m = 0.0;     // its distance
  std::string nearest_station;    // the nearest station of the scenario (empty if none)
  double nearest_station_m = 0.0; // its straight-line distance
};

// The plan's new sites as stations (ids "placed_1", ... not clashing with
// the scenario's) with a copy of `team` each, located by node id.
std::vector<PlannedStation> planned_stations(const Scenario& scenario, const Region& region,
                                             const PlacementProblem& problem, const SitingResult& plan,
                                             const TeamSpec& team);

// The scenario with the planned stations and teams added, and, when the plan
// closed existing stations (existing_may_close), those stations and their
// teams removed.
Scenario add_planned_stations(Scenario scenario, const PlacementProblem& problem, const SitingResult& plan,
                              const std::vector<PlannedStation>& stations);

// The stations and teams as scenario YAML (two top-level lists, `stations`
// and `teams`), to paste into or merge with a scenario.
std::string planned_stations_yaml(const std::vector<PlannedStation>& stations, const std::string& header_comment);

}  // namespace dsim
