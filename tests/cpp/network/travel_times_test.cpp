// SPDX-License-Identifier: MIT
#include "sim/network/travel_times.hpp"

#include "sim/network/edge_states.hpp"
#include "sim/network/road_network.hpp"
#include "tests/cpp/support/network_fixtures.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace dsim;

namespace {

const RoadNetwork& network() {
  static const RoadNetwork net = build_road_network(testing::make_random_network(25, 25, 77));
  return net;
}

std::vector<NodeId> some_nodes(std::size_t count, std::uint64_t seed) {
  RandomStream rng(seed, 0, "matrix-nodes");
  std::vector<NodeId> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(NodeId{static_cast<std::uint32_t>(rng.below(network().node_count()))});
  return out;
}

}  // namespace

TEST_CASE("travel_time_matrix gives identical results with 1 and 2 threads", "[network][routing]") {
  const auto sources = some_nodes(17, 1);
  MatrixOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = travel_time_matrix(network(), sources, {}, one);
  const auto b = travel_time_matrix(network(), sources, {}, two);
  REQUIRE(a.rows == 17);
  REQUIRE(a.cols == network().node_count());
  REQUIRE(a.values_s == b.values_s);
}

TEST_CASE("travel_time_matrix rows equal single searches, for all nodes or chosen targets", "[network][routing]") {
  const auto sources = some_nodes(6, 2);
  const auto targets = some_nodes(40, 3);
  const auto all = travel_time_matrix(network(), sources);
  const auto some = travel_time_matrix(network(), sources, targets);
  Router router(network());
  for (std::size_t r = 0; r < sources.size(); ++r) {
    const auto expected = router.travel_times_from(sources[r]).everywhere().to_vector();
    for (std::size_t v = 0; v < expected.size(); ++v) REQUIRE(all.at(r, v) == expected[v]);
    for (std::size_t c = 0; c < targets.size(); ++c) REQUIRE(some.at(r, c) == expected[index(targets[c])]);
  }
}

TEST_CASE("travel_time_matrix honours the limit, the direction and the edge states", "[network][routing]") {
  const auto sources = some_nodes(5, 4);
  EdgeStates states(network());
  for (std::uint32_t e = 0; e < network().edge_count(); e += 7) states.close(EdgeId{e});
  MatrixOptions options;
  options.limit_s = 200.0;
  options.direction = SearchDirection::inbound;
  options.states = &states;
  options.threads = 2;
  const auto m = travel_time_matrix(network(), sources, {}, options);
  Router router(network(), &states);
  for (std::size_t r = 0; r < sources.size(); ++r) {
    const auto expected = router.travel_times_to(sources[r]).within(200.0).to_vector();
    for (std::size_t v = 0; v < expected.size(); ++v) REQUIRE(m.at(r, v) == expected[v]);
  }
  REQUIRE_THROWS_AS(travel_time_matrix(network(), std::vector<NodeId>{NodeId{999999}}), std::invalid_argument);
}
