// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/equirectangular_projection.hpp"
#include "sim/hazards/flood.hpp"
#include "sim/hazards/grid.hpp"
#include "sim/hazards/hazard_arrival.hpp"
#include "sim/network/raw_network.hpp"
#include "sim/network/road_change.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace dsim {

class RoadNetwork;

// How the water closes an edge (docs/models.md, "Roads on the flood grid").
enum class EdgeFloodRule : std::uint8_t {
  road,    // the deepest water over its cells above a class's closure depth
  bridge,  // the water surface anywhere under it above its deck: closed to every class
  tunnel,  // the deepest water at its portals (end cells) above a closure depth; the inside is dry
};

struct RoadFloodMapOptions {
  // Cells wetter than this when the map is made are left out of road edges.
  double permanent_water_depth_m = 0.1;
  // A bridge's deck lies this far above the ground at its two ends.
  double bridge_clearance_m = 2.0;
  // Lays the edges' shape points (lon/lat) on the grid; null: straight chords.
  const EquirectangularProjection* projection = nullptr;
  // The ground roads and a bridge's ends stand on (the DEM before channels
  // were burned into it; same geometry as the bed); null: the bed.
  const Grid* ground = nullptr;
};

// The grid cells under each road edge: every cell its shape (its OSM way's
// points; the straight segment between its nodes when it has none) passes
// through, and the cell of each node.
// Roads: the water on a road is the depth over its surface: over the bed,
// less what a burned channel lowered the bed by (the road stands on the
// ground beside the channel). Cells where that is already more than
// permanent_water_depth_m when the map is made are left out: a road drawn
// across standing water at the start crosses it on a bridge or an
// embankment, so the river it spans does not close it. An edge whose cells
// are all such water never closes.
// Bridges keep every cell under them whose ground lies below the deck, each
// with the depth at which the water there reaches the deck: the deck runs
// straight from one end to the other, at the ground there (interpolated)
// plus the clearance.
// Tunnels keep the cells of their two end nodes (the portals) only.
class RoadFloodMap {
 public:
  // `node_xy` is each node's position in the grid's coordinates (indexed by
  // NodeId); `bed` the terrain the water flows over.
  RoadFloodMap(const RoadNetwork& network, const std::vector<GridPoint>& node_xy, const Grid& bed,
               const GridArray& initial_depth_m, const RoadFloodMapOptions& options);
  // Along chords, with bridges as roads (no bed to place a deck on).
  RoadFloodMap(const RoadNetwork& network, const std::vector<GridPoint>& node_xy, const GridGeometry& grid,
               const GridArray& initial_depth_m, double permanent_water_depth_m);

  std::size_t edge_count() const { return first_cell_.size() - 1; }
  // Row-major indices of the cells under edge e.
  std::span<const std::uint32_t> cells(EdgeId e) const {
    const auto i = static_cast<std::size_t>(e);
    return {cells_.data() + first_cell_[i], first_cell_[i + 1] - first_cell_[i]};
  }
  // Per cell of cells(e): the depth at which water there reaches the road's
  // surface: a bridge's deck; for roads and tunnels the ground where a
  // channel was burned below it (RoadFloodMapOptions::ground), else 0.
  std::span<const double> surface_depth_m(EdgeId e) const {
    const auto i = static_cast<std::size_t>(e);
    return {surface_depth_m_.data() + first_cell_[i], first_cell_[i + 1] - first_cell_[i]};
  }
  EdgeFloodRule rule(EdgeId e) const { return rule_[static_cast<std::size_t>(e)]; }
  // Row-major cell of each node; -1 when the node lies outside the grid.
  const std::vector<std::int64_t>& node_cells() const { return node_cell_; }
  // Edges with at least one cell on the grid.
  std::size_t edges_on_grid() const { return edges_on_grid_; }
  std::size_t bridges() const { return bridges_; }
  std::size_t tunnels() const { return tunnels_; }
  std::size_t shaped_edges() const { return shaped_edges_; }  // laid along their shape, not the chord

 private:
  std::vector<std::uint32_t> first_cell_;
  std::vector<std::uint32_t> cells_;
  std::vector<double> surface_depth_m_;
  std::vector<EdgeFloodRule> rule_;
  std::vector<std::int64_t> node_cell_;
  std::size_t edges_on_grid_ = 0, bridges_ = 0, tunnels_ = 0, shaped_edges_ = 0;
};

// How far a flood run has come (FloodCouplingOptions::on_progress).
struct FloodProgress {
  double time_s = 0.0;  // simulated time reached
  double start_s = 0.0;
  double end_s = 0.0;
  std::size_t cells = 0;  // cells of the grid
};

// People of a zone, spread evenly over its road nodes.
struct ExposureZone {
  double population = 0.0;
  std::vector<NodeId> nodes;
};

struct FloodCouplingOptions {
  double end_s = 0.0;            // the flood runs from the model's time to here
  double interval_s = 300.0;     // roads, exposure and rescues are checked this often
  double frame_interval_s = 0.0;  // depth grids kept this often; 0: none
  std::vector<double> closure_depth_m{0.3};  // per vehicle class (ResponseModel::vehicle_classes)
  double exposure_depth_m = 0.1;             // water deeper than this at a node reaches people there
  // Rescues: one when water first reaches a zone of at least min_population,
  // one more each time people_per_incident more are exposed (0: no more).
  bool rescues = false;
  double rescue_min_population = 1.0;
  double people_per_rescue = 0.0;
  // Called after every check (the engine never prints; the CLI draws it).
  std::function<void(const FloodProgress&)> on_progress;
};

// One stretch of time during which a road was closed to a vehicle class.
struct EdgeClosure {
  EdgeId edge{};
  int vehicle_class = 0;
  double closed_s = 0.0;
  double reopened_s = std::numeric_limits<double>::infinity();  // inf: still closed at the end
  double max_depth_m = 0.0;                                     // deepest water over it meanwhile (a bridge: over its deck)
};

// A rescue call where water reached people.
struct FloodRescue {
  double time_s = 0.0;
  int zone = 0;
  NodeId node{};
  double people_exposed = 0.0;
};

// What a flood did to the road network and the people on it, over one run.
struct FloodImpact {
  std::vector<RoadChange> road_changes;  // sorted by time, then edge
  std::vector<EdgeClosure> closures;     // sorted by edge, class, time
  HazardArrival arrival;                 // first time the depth at each node exceeded the exposure depth
  std::vector<double> check_times_s;     // times roads and people were checked
  std::vector<std::vector<double>> people_exposed;  // [check][zone]
  std::vector<std::vector<double>> flooded_share;   // [check][zone]: share of the zone's nodes under water
  std::vector<FloodRescue> rescues;                 // by time
  std::vector<double> frame_times_s;
  std::vector<GridArray> frames_m;                  // depth at each frame time
  GridArray max_depth_m;
  GridArray arrival_time_s;  // first time each cell's depth exceeded the model's arrival depth (inf: never)
  MassBalance mass_balance;
};

// Steps `model` to options.end_s, checking every interval_s: an edge closes
// to a class when the deepest water over its cells rises above the class's
// closure depth (a bridge: to every class when the water reaches its deck)
// and reopens when it falls back to it or below (a change at the check that
// sees it, so within one interval of the true time).
FloodImpact run_flood_coupling(FloodModel& model, const RoadFloodMap& map, const std::vector<ExposureZone>& zones,
                               const FloodCouplingOptions& options);

}  // namespace dsim
