// SPDX-License-Identifier: MIT
#include "sim/network/dijkstra.hpp"

#include "sim/network/edge_states.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/network_fixtures.hpp"

#include <catch2/catch.hpp>

#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <tuple>
#include <vector>

using namespace dsim;

namespace {

// Travel times from s by Boost.Graph's Dijkstra on the network's CSR graph.
std::vector<double> boost_times(const RoadNetwork& net, NodeId s, const std::vector<double>& weight) {
  const auto& g = net.graph();
  std::vector<double> dist(net.node_count());
  boost::dijkstra_shortest_paths(
      g, index(s),
      boost::weight_map(boost::make_iterator_property_map(weight.begin(), boost::get(boost::edge_index, g)))
          .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g))));
  for (auto& d : dist)
    if (d == std::numeric_limits<double>::max()) d = kUnreachable;
  return dist;
}

std::vector<double> free_flow(const RoadNetwork& net) {
  return {net.travel_times_s().begin(), net.travel_times_s().end()};
}

const RoadNetwork& random_network() {
  static const RoadNetwork net = build_road_network(testing::make_random_network(30, 40, 2024));
  return net;
}

double path_time(const RoadNetwork& net, const Path& p) {
  double t = 0.0;
  for (EdgeId e : p.edges) t += net.travel_time_s(e);
  return t;
}

}  // namespace

TEST_CASE("Router one-to-all times equal Boost.Graph's Dijkstra on the same graph", "[network][routing]") {
  const RoadNetwork& net = random_network();
  Router router(net);
  RandomStream rng(1, 0, "sources");
  const auto weight = free_flow(net);
  for (int k = 0; k < 20; ++k) {
    const NodeId s{static_cast<std::uint32_t>(rng.below(net.node_count()))};
    const auto expected = boost_times(net, s, weight);
    const auto got = router.travel_times_from(s).everywhere().to_vector();
    REQUIRE(got.size() == expected.size());
    for (std::size_t v = 0; v < got.size(); ++v) REQUIRE(got[v] == Approx(expected[v]).epsilon(1e-12));
  }
}

TEST_CASE("Router point-to-point times and routes agree with Boost.Graph on 1000 random pairs", "[network][routing]") {
  const RoadNetwork& net = random_network();
  Router router(net);
  RandomStream rng(2, 0, "pairs");
  const auto weight = free_flow(net);
  for (int k = 0; k < 20; ++k) {
    const NodeId s{static_cast<std::uint32_t>(rng.below(net.node_count()))};
    const auto expected = boost_times(net, s, weight);
    for (int j = 0; j < 50; ++j) {
      const NodeId t{static_cast<std::uint32_t>(rng.below(net.node_count()))};
      REQUIRE(router.travel_time_s(s, t) == Approx(expected[index(t)]).epsilon(1e-12));
      const auto path = router.route(s, t);
      REQUIRE(path.has_value());
      REQUIRE(path->nodes.front() == s);
      REQUIRE(path->nodes.back() == t);
      REQUIRE(path->edges.size() + 1 == path->nodes.size());
      for (std::size_t i = 0; i < path->edges.size(); ++i) {
        REQUIRE(net.tail(path->edges[i]) == path->nodes[i]);
        REQUIRE(net.head(path->edges[i]) == path->nodes[i + 1]);
      }
      REQUIRE(path_time(net, *path) == Approx(expected[index(t)]).epsilon(1e-9));
      REQUIRE(path->travel_time_s == Approx(expected[index(t)]).epsilon(1e-12));
    }
  }
}

TEST_CASE("A bounded search settles exactly the nodes the unbounded one reaches within the limit",
          "[network][routing]") {
  const RoadNetwork& net = random_network();
  Router router(net);
  RandomStream rng(3, 0, "sources");
  for (int k = 0; k < 10; ++k) {
    const NodeId s{static_cast<std::uint32_t>(rng.below(net.node_count()))};
    const auto full = router.travel_times_from(s).everywhere().to_vector();
    for (double limit : {0.0, 30.0, 120.0, 300.0, 900.0}) {
      const Reached r = router.travel_times_from(s).within(limit);
      std::size_t expected_count = 0;
      for (std::uint32_t v = 0; v < net.node_count(); ++v) {
        const bool inside = full[v] <= limit;
        expected_count += inside;
        REQUIRE(r.contains(NodeId{v}) == inside);
        if (inside) REQUIRE(r.time_s(NodeId{v}) == full[v]);
        else REQUIRE(r.time_s(NodeId{v}) == kUnreachable);
      }
      REQUIRE(r.size() == expected_count);
      REQUIRE(r.limit_s() == limit);
      // Settled in non-decreasing time.
      const auto nodes = r.nodes();
      for (std::size_t i = 1; i < nodes.size(); ++i) REQUIRE(r.time_s(nodes[i - 1]) <= r.time_s(nodes[i]));
    }
  }
}

TEST_CASE("Searches on one Router do not leak state into each other", "[network][routing]") {
  const RoadNetwork& net = random_network();
  Router router(net);
  Router fresh(net);
  const NodeId a{3}, b{700};
  router.travel_times_from(a).everywhere();
  router.travel_times_to(b).within(50.0);
  const auto again = router.travel_times_from(b).within(200.0).to_vector();
  const auto clean = fresh.travel_times_from(b).within(200.0).to_vector();
  REQUIRE(again == clean);
}

namespace {

// Everything a search found, in its order: node, time and parent edge.
std::vector<std::tuple<std::uint32_t, double, std::uint32_t>> trace(const Reached& r) {
  std::vector<std::tuple<std::uint32_t, double, std::uint32_t>> out;
  for (NodeId v : r.nodes()) out.emplace_back(index(v), r.time_s(v), index(r.parent_edge(v)));
  return out;
}

}  // namespace

TEST_CASE("A search stopped early leaves nothing behind that changes the next one", "[network][routing]") {
  const RoadNetwork& net = random_network();
  Router router(net);
  RandomStream rng(5, 0, "pairs");
  for (int k = 0; k < 50; ++k) {
    const NodeId from{static_cast<std::uint32_t>(rng.below(net.node_count()))};
    const NodeId to{static_cast<std::uint32_t>(rng.below(net.node_count()))};
    router.travel_times_from(from).until(to);  // stops with entries still queued
    const NodeId s{static_cast<std::uint32_t>(rng.below(net.node_count()))};
    Router fresh(net);
    REQUIRE(trace(router.travel_times_from(s).within(300.0)) == trace(fresh.travel_times_from(s).within(300.0)));
  }
}

TEST_CASE("A search whose queue outgrows its storage finds what one with room finds, in the same order",
          "[network][routing]") {
  const RoadNetwork& net = random_network();
  std::vector<Source> sources;  // more starts than the queue's first storage holds
  RandomStream rng(6, 0, "offsets");
  for (std::uint32_t v = 0; v < net.node_count(); ++v) sources.push_back({NodeId{v}, 600.0 * rng.uniform()});
  Router router(net);
  const auto first = trace(router.travel_times_from(sources).within(400.0));  // grows while full
  const auto second = trace(router.travel_times_from(sources).within(400.0));  // has room
  REQUIRE(first == second);
  REQUIRE(!first.empty());
  for (const auto& [v, t, parent] : first) REQUIRE(t <= 400.0);
}

TEST_CASE("An inbound search gives the time from every node to the target", "[network][routing]") {
  const RoadNetwork& net = random_network();
  Router router(net);
  Router other(net);
  const NodeId target{123};
  const Reached to = router.travel_times_to(target).everywhere();
  REQUIRE(to.size() == net.node_count());
  RandomStream rng(4, 0, "nodes");
  for (int k = 0; k < 100; ++k) {
    const NodeId v{static_cast<std::uint32_t>(rng.below(net.node_count()))};
    REQUIRE(to.time_s(v) == Approx(other.travel_time_s(v, target)).epsilon(1e-12));
    const auto path = to.path(v);
    REQUIRE(path.has_value());
    REQUIRE(path->nodes.front() == v);
    REQUIRE(path->nodes.back() == target);
    REQUIRE(path_time(net, *path) == Approx(to.time_s(v)).epsilon(1e-9));
  }
}

TEST_CASE("A multi-source search gives the minimum over the sources of offset plus travel time",
          "[network][routing]") {
  const RoadNetwork& net = random_network();
  Router router(net);
  Router single(net);
  const std::vector<Source> sources = {{NodeId{10}, 60.0}, {NodeId{600}, 0.0}, {NodeId{1100}, 30.0}};
  const Reached r = router.travel_times_from(sources).everywhere();
  std::vector<std::vector<double>> each;
  for (const auto& s : sources) each.push_back(single.travel_times_from(s.node).everywhere().to_vector());
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    double best = kUnreachable;
    int arg = -1;
    for (std::size_t k = 0; k < sources.size(); ++k) {
      const double t = sources[k].offset_s + each[k][v];
      if (t < best) {
        best = t;
        arg = static_cast<int>(k);
      }
    }
    REQUIRE(r.time_s(NodeId{v}) == Approx(best).epsilon(1e-12));
    REQUIRE(r.source_index(NodeId{v}) == arg);
  }
}

TEST_CASE("Closing a road changes the route and reopening it restores the original", "[network][routing]") {
  const RoadNetwork net = build_road_network(testing::make_grid(5, 5, 100.0, 36.0));
  EdgeStates states(net);
  Router router(net, &states);
  const NodeId from = *net.find_node(testing::grid_id(2, 0, 5)), to = *net.find_node(testing::grid_id(2, 4, 5));
  const auto original = router.route(from, to);
  REQUIRE(original.has_value());
  REQUIRE(original->travel_time_s == Approx(40.0));  // 4 blocks of 100 m at 10 m/s
  const auto version = states.version();

  // Close the straight road's middle block in both directions.
  const NodeId m1 = *net.find_node(testing::grid_id(2, 2, 5)), m2 = *net.find_node(testing::grid_id(2, 3, 5));
  const EdgeId e = net.find_edge(m1, m2);
  states.close(e);
  states.close(net.twin(e));
  REQUIRE(states.version() > version);
  REQUIRE(states.closed_count() == 2);
  const auto detour = router.route(from, to);
  REQUIRE(detour.has_value());
  REQUIRE(detour->travel_time_s == Approx(60.0));  // around one block
  REQUIRE(std::find(detour->edges.begin(), detour->edges.end(), e) == detour->edges.end());
  REQUIRE(detour->edges != original->edges);

  states.reopen(e);
  states.reopen(net.twin(e));
  const auto restored = router.route(from, to);
  REQUIRE(restored->edges == original->edges);
  REQUIRE(restored->travel_time_s == original->travel_time_s);
}

TEST_CASE("Closing every way out of a node makes the rest unreachable from it", "[network][routing]") {
  const RoadNetwork net = build_road_network(testing::make_grid(3, 3));
  EdgeStates states(net);
  const NodeId corner = *net.find_node(testing::grid_id(0, 0, 3));
  for (EdgeId e : net.out_edges(corner)) states.close(e);
  Router router(net, &states);
  const Reached r = router.travel_times_from(corner).everywhere();
  REQUIRE(r.size() == 1);
  REQUIRE(router.travel_time_s(corner, NodeId{0} == corner ? NodeId{1} : NodeId{0}) == kUnreachable);
  REQUIRE_FALSE(router.route(corner, *net.find_node(testing::grid_id(2, 2, 3))).has_value());
  // The other nodes still reach the corner.
  REQUIRE(router.travel_times_to(corner).everywhere().size() == net.node_count());
}

TEST_CASE("A vehicle speed factor and edge slow-downs scale travel times", "[network][routing]") {
  const RoadNetwork& net = random_network();
  Router router(net);
  const NodeId s{42};
  const auto base = router.travel_times_from(s).everywhere().to_vector();
  router.use_speed_factor(2.0);
  const auto fast = router.travel_times_from(s).everywhere().to_vector();
  for (std::size_t v = 0; v < base.size(); ++v) REQUIRE(fast[v] == Approx(base[v] / 2.0).epsilon(1e-12));

  EdgeStates states(net);
  for (std::uint32_t e = 0; e < net.edge_count(); ++e) states.set_speed_factor(EdgeId{e}, 0.5);
  router.use_edge_states(&states).use_speed_factor(1.0);
  const auto slow = router.travel_times_from(s).everywhere().to_vector();
  for (std::size_t v = 0; v < base.size(); ++v) REQUIRE(slow[v] == Approx(base[v] * 2.0).epsilon(1e-12));
  REQUIRE(router.edge_travel_time_s(EdgeId{5}) == Approx(2.0 * net.travel_time_s(EdgeId{5})));
}

TEST_CASE("Router rejects nodes outside the network and bad speed factors", "[network][routing]") {
  const RoadNetwork net = build_road_network(testing::make_grid(2, 3));
  Router router(net);
  REQUIRE_THROWS_AS(router.travel_times_from(NodeId{99}), std::invalid_argument);
  REQUIRE_THROWS_AS(router.use_speed_factor(0.0), std::invalid_argument);
  REQUIRE_THROWS_AS(router.travel_times_from(NodeId{0}).until(NodeId{77}), std::invalid_argument);
  EdgeStates wrong(3);
  REQUIRE_THROWS_AS(router.use_edge_states(&wrong), std::invalid_argument);
}
