// SPDX-License-Identifier: MIT
#include "sim/hazards/flood_coupling.hpp"

#include "sim/network/road_network.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace dsim;

namespace {

// A V-shaped valley along y, 300 m x 200 m in 10 m cells: bed 100 m + 2 % of
// the distance of the cell centre from x = 150 m.
constexpr double kCell = 10.0;
double bed_at(double x) { return 100.0 + 0.02 * std::abs(x - 150.0); }

Grid v_valley() {
  GridGeometry g{30, 20, 0.0, 0.0, kCell, GridUnits::metres};
  Grid grid{g, g.filled(0.0)};
  for (std::size_t r = 0; r < g.rows; ++r)
    for (std::size_t c = 0; c < g.cols; ++c)
      grid.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = bed_at(g.centre({r, c}).x);
  return grid;
}

// Water level held on every edge: from 99.5 m up 1 m an hour to 102.5 m at
// 3 h, then down again to 99.5 m at 6 h. The rise is slow enough for the
// surface inside to stay level with the edges (the lag is seconds).
constexpr double kRate_m_s = 1.0 / 3600.0;
TimeSeries level_series() { return TimeSeries({0.0, 3 * 3600.0, 6 * 3600.0}, {99.5, 102.5, 99.5}); }
// When the depth over a bed at z first exceeds d while the level rises, and when it falls back.
double rise_time(double z, double d) { return (z + d - 99.5) / kRate_m_s; }
double fall_time(double z, double d) { return 6 * 3600.0 - rise_time(z, d); }
constexpr double kSlack_s = 30.0;  // 8 mm of level

// North-south roads down the middle of the columns at these x: beds 100.1, 100.5, 101.1 and 101.9 m.
const std::vector<double> kRoadX = {155.0, 175.0, 205.0, 245.0};

struct Valley {
  RoadNetwork network;
  std::vector<GridPoint> node_xy;
  std::vector<EdgeId> road;  // the northward edge of each road
};

Valley valley_roads() {
  RawNetwork raw;
  raw.source = "valley";
  for (std::size_t i = 0; i < kRoadX.size(); ++i) {
    const auto a = static_cast<std::int64_t>(2 * i + 1), b = a + 1;
    raw.nodes.push_back({a, 109.0 + 0.001 * static_cast<double>(i), 39.0});
    raw.nodes.push_back({b, 109.0 + 0.001 * static_cast<double>(i), 39.0015});
    raw.edges.push_back({a, b, 160.0, 10.0, RoadClass::residential, static_cast<std::int64_t>(i)});
    raw.edges.push_back({b, a, 160.0, 10.0, RoadClass::residential, static_cast<std::int64_t>(i)});
  }
  // Joined along the south end so that the network is one component.
  for (std::size_t i = 0; i + 1 < kRoadX.size(); ++i) {
    const auto a = static_cast<std::int64_t>(2 * i + 1), b = a + 2;
    raw.edges.push_back({a, b, 30.0, 10.0, RoadClass::residential, static_cast<std::int64_t>(10 + i)});
    raw.edges.push_back({b, a, 30.0, 10.0, RoadClass::residential, static_cast<std::int64_t>(10 + i)});
  }
  Valley v{build_road_network(raw), {}, {}};
  REQUIRE(v.network.node_count() == 2 * kRoadX.size());
  v.node_xy.resize(v.network.node_count());
  for (std::size_t i = 0; i < kRoadX.size(); ++i) {
    const NodeId a = *v.network.find_node(static_cast<std::int64_t>(2 * i + 1));
    const NodeId b = *v.network.find_node(static_cast<std::int64_t>(2 * i + 2));
    v.node_xy[static_cast<std::size_t>(a)] = {kRoadX[i], 20.0};
    v.node_xy[static_cast<std::size_t>(b)] = {kRoadX[i], 180.0};
    v.road.push_back(v.network.find_edge(a, b));
  }
  return v;
}

FloodSetup rising_and_falling_water(double arrival_depth_m) {
  FloodSetup setup;
  setup.terrain = v_valley();
  setup.manning_n = 0.012;
  for (GridEdge e : {GridEdge::west, GridEdge::east, GridEdge::south, GridEdge::north}) {
    BoundarySegment s;
    s.edge = e;
    s.kind = BoundaryKind::fixed_level;
    s.series = level_series();
    setup.boundaries.push_back(s);
  }
  setup.parameters.arrival_depth_m = arrival_depth_m;
  setup.parameters.threads = 1;
  return setup;
}

}  // namespace

TEST_CASE("Roads in a valley close and reopen when a rising and falling level crosses each class's depth",
          "[hazards][flood][coupling]") {
  const Valley v = valley_roads();
  FloodModel model(rising_and_falling_water(0.1));
  const RoadFloodMap map(v.network, v.node_xy, model.geometry(), model.depth_m(), 0.05);
  REQUIRE(map.edges_on_grid() == v.network.edge_count());

  FloodCouplingOptions options;
  options.end_s = 6 * 3600.0;
  options.interval_s = 127.0;  // no crossing time (multiples of 360 s) falls on a check
  options.closure_depth_m = {0.3, 0.6};  // standard, high clearance
  options.exposure_depth_m = 0.1;
  const FloodImpact impact = run_flood_coupling(model, map, {}, options);

  for (std::size_t i = 0; i < kRoadX.size(); ++i) {
    const double z = bed_at(kRoadX[i]);
    for (int k = 0; k < 2; ++k) {
      const double depth = options.closure_depth_m[static_cast<std::size_t>(k)];
      std::vector<RoadChange> changes;
      for (const RoadChange& c : impact.road_changes)
        if (c.edge == v.road[i] && (c.classes & (VehicleClassSet{1} << k))) changes.push_back(c);
      INFO("road at x = " << kRoadX[i] << " m, bed " << z << " m, class " << k);
      if (102.5 - z <= depth) {
        REQUIRE(changes.empty());  // the peak never gets that deep there
        continue;
      }
      REQUIRE(changes.size() == 2);
      REQUIRE(changes[0].closed);
      REQUIRE_FALSE(changes[1].closed);
      // Seen at the first check after the crossing: within one coupling interval. The surface
      // inside follows the edges within a few seconds' worth of rise (it may lead by a hair as
      // the inflow overshoots): kSlack_s.
      CHECK(changes[0].time_s >= rise_time(z, depth) - kSlack_s);
      CHECK(changes[0].time_s <= rise_time(z, depth) + options.interval_s);
      CHECK(changes[1].time_s >= fall_time(z, depth) - kSlack_s);
      CHECK(changes[1].time_s <= fall_time(z, depth) + options.interval_s);
    }
  }
  // Every closure interval matches a pair of changes and stayed under the peak depth.
  REQUIRE(impact.closures.size() * 2 == impact.road_changes.size());
  for (const EdgeClosure& c : impact.closures) {
    CHECK(c.reopened_s > c.closed_s);
    CHECK(c.max_depth_m <= 102.5 - 100.1 + 1e-6);
  }
}

TEST_CASE("Flood arrival at a node is when the depth there first exceeds the exposure depth",
          "[hazards][flood][coupling]") {
  const Valley v = valley_roads();
  FloodModel model(rising_and_falling_water(0.1));
  const RoadFloodMap map(v.network, v.node_xy, model.geometry(), model.depth_m(), 0.05);
  FloodCouplingOptions options;
  options.end_s = 4 * 3600.0;
  options.interval_s = 600.0;
  options.exposure_depth_m = 0.1;
  // Two zones: the people of the first live on the two deepest roads, of the second on the highest.
  std::vector<ExposureZone> zones(2);
  zones[0].population = 1000.0;
  for (std::size_t i : {0, 1})
    for (std::int64_t id : {2 * static_cast<std::int64_t>(i) + 1, 2 * static_cast<std::int64_t>(i) + 2})
      zones[0].nodes.push_back(*v.network.find_node(id));
  zones[1].population = 50.0;
  zones[1].nodes = {*v.network.find_node(7), *v.network.find_node(8)};
  options.rescues = true;
  options.people_per_rescue = 400.0;
  const FloodImpact impact = run_flood_coupling(model, map, zones, options);

  REQUIRE(impact.arrival.hazard == "flood");
  for (std::size_t i = 0; i < kRoadX.size(); ++i) {
    const NodeId a = *v.network.find_node(static_cast<std::int64_t>(2 * i + 1));
    INFO("road at x = " << kRoadX[i]);
    // A minute: at the lowest road the first water has to run in from the edges over a dry bed.
    CHECK(impact.arrival.at(a) == Approx(rise_time(bed_at(kRoadX[i]), 0.1)).margin(60.0));
  }
  // Exposure at the end (level 101.5 m): both roads of zone 0 are under water, zone 1's road (bed 101.9) is not.
  REQUIRE(impact.people_exposed.back()[0] == Approx(1000.0));
  REQUIRE(impact.people_exposed.back()[1] == 0.0);
  REQUIRE(impact.flooded_share.back()[0] == 1.0);
  // Rescues: one when water first reached zone 0, then one per 400 people exposed (500, then 1000);
  // zone 1's road goes under at the peak (level 102.5 m over a bed of 101.9 m) and raises one.
  for (const FloodRescue& r : impact.rescues) UNSCOPED_INFO(r.time_s << " s, zone " << r.zone << ", " << r.people_exposed);
  REQUIRE(impact.rescues.size() == 4);
  CHECK(impact.rescues[0].zone == 0);
  CHECK(impact.rescues[1].zone == 0);
  CHECK(impact.rescues[0].time_s == impact.rescues[1].time_s);  // 500 people at the first sight: two calls
  CHECK(impact.rescues[0].time_s >= rise_time(100.1, 0.1));
  CHECK(impact.rescues[2].zone == 0);
  CHECK(impact.rescues[2].time_s >= rise_time(100.5, 0.1));
  CHECK(impact.rescues[3].zone == 1);
  CHECK(impact.rescues[3].time_s >= rise_time(101.9, 0.1));
  CHECK(impact.rescues[3].time_s <= fall_time(101.9, 0.1));
}

TEST_CASE("A road across water standing at the start is taken as a bridge and does not close over it",
          "[hazards][flood][coupling]") {
  const Valley v = valley_roads();
  FloodSetup setup = rising_and_falling_water(0.1);
  setup.boundaries.clear();  // still water, nothing moves
  setup.initial_depth_m = setup.terrain.geometry.filled(0.0);
  for (Eigen::Index r = 0; r < setup.initial_depth_m.rows(); ++r) setup.initial_depth_m(r, 15) = 1.0;  // x 150-160
  FloodModel model(setup);
  const RoadFloodMap map(v.network, v.node_xy, model.geometry(), model.depth_m(), 0.05);
  CHECK(map.cells(v.road[0]).empty());   // the road at x = 155 runs on the standing water
  CHECK(map.cells(v.road[1]).size() == 17);  // y 20..180 m: rows 2..18 of 10 m
  FloodCouplingOptions options;
  options.end_s = 600.0;
  options.interval_s = 60.0;
  const FloodImpact impact = run_flood_coupling(model, map, {}, options);
  for (const RoadChange& c : impact.road_changes) CHECK(c.edge != v.road[0]);
}
