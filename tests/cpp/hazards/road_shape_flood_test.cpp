// SPDX-License-Identifier: MIT
// Roads on the flood grid as OSM draws them: along their shape, bridges
// closed by water at the deck, tunnels by water at a portal.
#include "sim/hazards/flood_coupling.hpp"

#include "sim/hazards/channel_burn.hpp"

#include "sim/network/osm_loader.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace dsim;

namespace {

// 300 m x 200 m of 10 m cells; grid x, y are metres of this projection.
constexpr double kCell = 10.0;
const EquirectangularProjection kProjection(1.5, 42.5);

Grid terrain(const std::function<double(GridPoint)>& bed) {
  GridGeometry g{30, 20, 0.0, 0.0, kCell, GridUnits::metres};
  Grid grid{g, g.filled(0.0)};
  for (std::size_t r = 0; r < g.rows; ++r)
    for (std::size_t c = 0; c < g.cols; ++c)
      grid.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = bed(g.centre({r, c}));
  return grid;
}

struct OsmWay {
  std::int64_t id;
  std::vector<std::int64_t> nodes;
  std::map<std::string, std::string> tags;
};

// Water poured at one point for an hour into a terrain with closed edges.
FloodSetup poured(const Grid& bed, GridPoint at, double discharge_m3_s) {
  FloodSetup setup;
  setup.terrain = bed;
  setup.manning_n = 0.03;
  setup.point_inflows.push_back({at, TimeSeries({0.0}, {discharge_m3_s})});
  setup.parameters.threads = 1;
  return setup;
}

// A bowl: bed 100 m + 2 % of the distance from (150, 100).
double bowl(GridPoint p) { return 100.0 + 0.02 * std::hypot(p.x - 150.0, p.y - 100.0); }

// Writes a tiny OSM XML file: nodes at grid positions (metres), then ways.
std::filesystem::path write_osm(const dsim::testing::TempDir& dir, const std::map<std::int64_t, GridPoint>& nodes,
                                const std::vector<OsmWay>& ways) {
  std::string xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"test\">\n";
  char buf[160];
  for (const auto& [id, p] : nodes) {
    const GridPoint ll = kProjection.to_lon_lat(p);
    std::snprintf(buf, sizeof buf, " <node id=\"%lld\" lat=\"%.9f\" lon=\"%.9f\"/>\n", static_cast<long long>(id), ll.y, ll.x);
    xml += buf;
  }
  for (const OsmWay& w : ways) {
    xml += " <way id=\"" + std::to_string(w.id) + "\">\n";
    for (auto n : w.nodes) xml += "  <nd ref=\"" + std::to_string(n) + "\"/>\n";
    for (const auto& [k, v] : w.tags) xml += "  <tag k=\"" + k + "\" v=\"" + v + "\"/>\n";
    xml += " </way>\n";
  }
  xml += "</osm>\n";
  return dir.write("roads.osm", xml);
}

std::vector<GridPoint> node_positions(const RoadNetwork& net) {
  std::vector<GridPoint> xy(net.node_count());
  for (std::size_t n = 0; n < net.node_count(); ++n) {
    const NodeId id{static_cast<std::uint32_t>(n)};
    xy[n] = kProjection.to_local(net.lon(id), net.lat(id));
  }
  return xy;
}

EdgeId edge_of_way(const RoadNetwork& net, std::int64_t way) {
  for (std::uint32_t e = 0; e < net.edge_count(); ++e)
    if (net.way_id(EdgeId{e}) == way) return EdgeId{e};
  FAIL("no edge of way " << way);
  return kNoEdge;
}

std::vector<RoadChange> changes_of(const FloodImpact& impact, EdgeId e, int vehicle_class = 0) {
  std::vector<RoadChange> out;
  for (const RoadChange& c : impact.road_changes)
    if (c.edge == e && (c.classes & (VehicleClassSet{1} << vehicle_class))) out.push_back(c);
  return out;
}

}  // namespace

TEST_CASE("A bridge over a flooded river stays open until the water reaches its deck", "[hazards][flood][bridge]") {
  // A V-shaped valley along y: bed 100 m + 2 % of the distance from x = 150 m.
  const auto bed = [](GridPoint p) { return 100.0 + 0.02 * std::abs(p.x - 150.0); };
  // The river is in it from the start at 100.5 m; the level then rises 1 m an hour, held on every edge.
  constexpr double kStart = 100.5, kRate_m_s = 1.0 / 3600.0;
  FloodSetup setup;
  setup.terrain = terrain(bed);
  setup.initial_depth_m = setup.terrain.values.unaryExpr([&](double z) { return std::max(0.0, kStart - z); });
  setup.manning_n = 0.012;
  for (GridEdge e : {GridEdge::west, GridEdge::east, GridEdge::south, GridEdge::north}) {
    BoundarySegment s;
    s.edge = e;
    s.kind = BoundaryKind::fixed_level;
    s.series = TimeSeries({0.0, 4 * 3600.0}, {kStart, kStart + 4.0});
    setup.boundaries.push_back(s);
  }
  setup.parameters.threads = 1;
  const Grid bed_grid = setup.terrain;

  // Across the valley: a bridge at y = 105 m and a road on the ground at y = 65 m, both from x = 65 to 235 m,
  // joined along the banks so that the network is one component.
  dsim::testing::TempDir dir;
  const auto file = write_osm(dir, {{1, {65, 105}}, {2, {235, 105}}, {3, {65, 65}}, {4, {235, 65}}},
                              {{10, {1, 2}, {{"highway", "primary"}, {"bridge", "viaduct"}}},
                               {11, {3, 4}, {{"highway", "primary"}, {"bridge", "no"}}},
                               {12, {1, 3}, {{"highway", "residential"}}},
                               {13, {2, 4}, {{"highway", "residential"}}}});
  const RoadNetwork net = build_road_network(load_osm(file));
  const EdgeId bridge = edge_of_way(net, 10), road = edge_of_way(net, 11);
  REQUIRE(net.is_bridge(bridge));
  REQUIRE(net.is_bridge(net.twin(bridge)));
  REQUIRE_FALSE(net.is_bridge(road));
  REQUIRE_FALSE(net.is_tunnel(bridge));

  FloodModel model(std::move(setup));
  RoadFloodMapOptions map_options;
  map_options.permanent_water_depth_m = 0.1;
  map_options.bridge_clearance_m = 2.0;
  map_options.projection = &kProjection;
  const RoadFloodMap map(net, node_positions(net), bed_grid, model.depth_m(), map_options);
  REQUIRE(map.rule(bridge) == EdgeFloodRule::bridge);
  REQUIRE(map.rule(road) == EdgeFloodRule::road);
  REQUIRE(map.bridges() == 2);
  // The bridge keeps the river's cells under it; the road leaves them out (standing water at the start).
  CHECK(map.cells(bridge).size() == 18);
  CHECK(map.cells(road).size() < 18);

  FloodCouplingOptions options;
  options.end_s = 4 * 3600.0;
  options.interval_s = 127.0;
  options.closure_depth_m = {0.3, 0.6};
  std::size_t progress_calls = 0;
  options.on_progress = [&](const FloodProgress& p) {
    ++progress_calls;
    CHECK(p.end_s == options.end_s);
    CHECK(p.cells == 600);
  };
  const FloodImpact impact = run_flood_coupling(model, map, {}, options);
  CHECK(progress_calls == impact.check_times_s.size());

  // The deck: the ground at the two ends (bed 101.7 m at x = 65 and 235 m) plus 2 m, level across.
  const double deck_m = bed({65.0, 105.0}) + 2.0;
  REQUIRE(deck_m == Approx(103.7));
  const double reach_s = (deck_m - kStart) / kRate_m_s;  // 3.2 h
  constexpr double kSlack_s = 30.0;
  for (int k = 0; k < 2; ++k) {
    INFO("vehicle class " << k);
    const auto b = changes_of(impact, bridge, k);
    REQUIRE(b.size() == 1);  // closed once, to every class alike, and still closed at the end
    CHECK(b[0].closed);
    CHECK(b[0].time_s >= reach_s - kSlack_s);
    CHECK(b[0].time_s <= reach_s + options.interval_s);
    // The road on the ground beside it closed hours before, as soon as the rising river spread over it.
    const auto r = changes_of(impact, road, k);
    REQUIRE_FALSE(r.empty());
    CHECK(r[0].closed);
    CHECK(r[0].time_s < reach_s - 3600.0);
  }
}

TEST_CASE("A road whose straight chord crosses a valley but whose shape does not stays open",
          "[hazards][flood][shape]") {
  // Water poured into the bottom of a bowl for an hour: 3,600 m3 fill it about 55 m around its centre.
  const Grid bed_grid = terrain(bowl);

  // Both roads join (65, 105) to (235, 105): one straight through the bowl, one around it to the north.
  dsim::testing::TempDir dir;
  const auto file = write_osm(dir, {{1, {65, 105}}, {2, {235, 105}}, {3, {65, 195}}, {4, {235, 195}}},
                              {{20, {1, 3, 4, 2}, {{"highway", "secondary"}}}, {21, {1, 2}, {{"highway", "secondary"}}}});
  const RoadNetwork net = build_road_network(load_osm(file));
  const EdgeId around = edge_of_way(net, 20), straight = edge_of_way(net, 21);
  REQUIRE(net.node_count() == 2);  // the rim's corners are shape points, not junctions
  REQUIRE(net.shape_interior(around).size() == 2);
  REQUIRE(net.geometry(around).size() == 4);
  CHECK(net.shape_interior(straight).empty());
  CHECK(net.shaped_edge_count() == 2);  // the road around, both ways
  // The shape runs from tail to head in either direction.
  const auto forward = net.geometry(around), backward = net.geometry(net.twin(around));
  REQUIRE(backward.size() == 4);
  CHECK(forward[1].lat == backward[2].lat);
  CHECK(forward[1].lon == backward[2].lon);

  FloodModel model(poured(bed_grid, {150.0, 100.0}, 1.0));
  RoadFloodMapOptions map_options;
  map_options.projection = &kProjection;
  const RoadFloodMap map(net, node_positions(net), bed_grid, model.depth_m(), map_options);
  CHECK(map.shaped_edges() == 2);
  // Without the shape (the chord) the road around would run through the bottom of the bowl.
  const RoadFloodMap chords(net, node_positions(net), bed_grid.geometry, model.depth_m(), 0.1);
  CHECK(chords.cells(around).size() == chords.cells(straight).size());

  FloodCouplingOptions options;
  options.end_s = 3600.0;
  options.interval_s = 300.0;
  options.closure_depth_m = {0.3};
  const FloodImpact impact = run_flood_coupling(model, map, {}, options);
  REQUIRE(impact.max_depth_m(10, 15) > 0.5);  // the bottom of the bowl is deep under water
  CHECK_FALSE(changes_of(impact, straight).empty());
  CHECK(changes_of(impact, around).empty());
  CHECK(changes_of(impact, net.twin(around)).empty());

  // The same run on chords closes the road around too: its chord is the straight road's.
  FloodModel again(poured(bed_grid, {150.0, 100.0}, 1.0));
  const FloodImpact on_chords = run_flood_coupling(again, chords, {}, options);
  CHECK_FALSE(changes_of(on_chords, around).empty());
}

TEST_CASE("A tunnel closes when a portal floods, whatever lies over it", "[hazards][flood][tunnel]") {
  // The tunnel runs under the bottom of a bowl from (65, 105) to (235, 105).
  const Grid bed_grid = terrain(bowl);
  dsim::testing::TempDir dir;
  const auto file = write_osm(dir, {{1, {65, 105}}, {2, {235, 105}}, {3, {65, 195}}, {4, {235, 195}}},
                              {{30, {1, 2}, {{"highway", "primary"}, {"tunnel", "yes"}}},
                               {31, {1, 3, 4, 2}, {{"highway", "primary"}}}});
  const RoadNetwork net = build_road_network(load_osm(file));
  const EdgeId tunnel = edge_of_way(net, 30);
  REQUIRE(net.is_tunnel(tunnel));
  RoadFloodMapOptions map_options;
  map_options.projection = &kProjection;
  const RoadFloodMap map(net, node_positions(net), bed_grid, GridArray(), map_options);
  REQUIRE(map.rule(tunnel) == EdgeFloodRule::tunnel);
  REQUIRE(map.cells(tunnel).size() == 2);  // the two portals

  const auto run = [&](GridPoint inflow_at, double discharge_m3_s) {
    FloodModel model(poured(bed_grid, inflow_at, discharge_m3_s));
    FloodCouplingOptions options;
    options.end_s = 3600.0;
    options.interval_s = 300.0;
    options.closure_depth_m = {0.3};
    return run_flood_coupling(model, map, {}, options);
  };
  // A metre of water over the middle, the portals dry (85 m out, 0.6 m above the pool): open.
  CHECK(changes_of(run({150.0, 100.0}, 1.0), tunnel).empty());
  // Water poured at the west portal: closed.
  CHECK_FALSE(changes_of(run({65.0, 105.0}, 10.0), tunnel).empty());
}

TEST_CASE("A road beside a burned river closes when the river leaves its banks, not before",
          "[hazards][flood][channel]") {
  // Flat ground at 100 m; a river 10 m wide (a cell) burned 2 m deep along y = 95 m, 1 m of water in it.
  Grid ground = terrain([](GridPoint) { return 100.0; });
  Grid bed = ground;
  GridArray initial;
  ChannelBurnOptions burn;
  burn.channel_depth_m = 2.0;
  burn.initial_depth_m = 1.0;
  burn_channels(bed, initial, {{{{0.0, 95.0}, {300.0, 95.0}}, 10.0}}, burn);
  REQUIRE(bed.values(10, 3) == 98.0);
  REQUIRE(initial(10, 3) == 1.0);

  // A road along the same cells, and the level held on every edge rising 1 m an hour from 99 m.
  dsim::testing::TempDir dir;
  const auto file = write_osm(dir, {{1, {15, 95}}, {2, {285, 95}}}, {{40, {1, 2}, {{"highway", "primary"}}}});
  const RoadNetwork net = build_road_network(load_osm(file));
  const EdgeId road = edge_of_way(net, 40);
  FloodSetup setup;
  setup.terrain = bed;
  setup.initial_depth_m = initial;
  setup.manning_n = 0.012;
  for (GridEdge e : {GridEdge::west, GridEdge::east, GridEdge::south, GridEdge::north}) {
    BoundarySegment s;
    s.edge = e;
    s.kind = BoundaryKind::fixed_level;
    s.series = TimeSeries({0.0, 2 * 3600.0}, {99.0, 101.0});
    setup.boundaries.push_back(s);
  }
  setup.parameters.threads = 1;
  FloodModel model(std::move(setup));
  RoadFloodMapOptions map_options;
  map_options.projection = &kProjection;
  map_options.ground = &ground;
  const RoadFloodMap map(net, node_positions(net), bed, model.depth_m(), map_options);
  REQUIRE(map.cells(road).size() == 28);  // the river's water is under the road, not over it
  for (double s : map.surface_depth_m(road)) CHECK(s == 2.0);

  FloodCouplingOptions options;
  options.end_s = 2 * 3600.0;
  options.interval_s = 127.0;
  options.closure_depth_m = {0.3};
  const FloodImpact impact = run_flood_coupling(model, map, {}, options);
  const auto changes = changes_of(impact, road);
  REQUIRE(changes.size() == 1);
  // The ground is at 100 m: closed once the level passes 100.3 m, at 1.3 h.
  CHECK(changes[0].time_s >= 1.3 * 3600.0 - 30.0);
  CHECK(changes[0].time_s <= 1.3 * 3600.0 + options.interval_s);
}
