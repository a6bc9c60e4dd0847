// SPDX-License-Identifier: MIT
#include "sim/network/phast.hpp"

#include "sim/network/contraction_hierarchy.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/edge_states.hpp"
#include "sim/network/load_network.hpp"
#include "sim/network/road_network.hpp"
#include "sim/network/synthetic_region.hpp"
#include "sim/network/travel_times.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/shared_data.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

using namespace dsim;

namespace {

// The rounding PHAST promises against Router (phast.hpp, docs/models.md).
constexpr double kRelativeTolerance = 1e-12;

std::vector<NodeId> spread_nodes(std::size_t node_count, std::size_t count, std::uint64_t seed) {
  RandomStream rng(seed, 0, "phast-test-nodes");
  std::vector<NodeId> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(NodeId{static_cast<std::uint32_t>(rng.below(node_count))});
  return out;
}

// Largest relative difference between PHAST and Router over every node, for
// each source and both directions; fails on a node reached by one only.
double max_relative_error(const RoadNetwork& net, const PhastIndex& index, const std::vector<NodeId>& sources,
                          double speed_factor = 1.0) {
  PhastSearch search(index);
  Router router(net);
  router.use_speed_factor(speed_factor);
  std::vector<double> tree(net.node_count());
  double worst = 0.0;
  std::size_t mismatched = 0;
  for (NodeId s : sources) {
    for (SearchDirection d : {SearchDirection::outbound, SearchDirection::inbound}) {
      search.tree(s, d, tree);
      const std::vector<double> ref = d == SearchDirection::outbound ? router.travel_times_from(s).everywhere().to_vector()
                                                                     : router.travel_times_to(s).everywhere().to_vector();
      for (std::size_t v = 0; v < ref.size(); ++v) {
        if (std::isinf(ref[v]) || std::isinf(tree[v])) {
          mismatched += std::isinf(ref[v]) != std::isinf(tree[v]);
          continue;
        }
        const double scale = std::max(ref[v], 1e-300);
        worst = std::max(worst, std::abs(tree[v] - ref[v]) / scale);
      }
    }
  }
  CHECK(mismatched == 0);
  return worst;
}

// A small DIMACS 9 graph as text: a random grid's arcs with integer weights.
std::string dimacs_text(const RoadNetwork& net) {
  std::ostringstream out;
  out << "c grid for the PHAST tests\np sp " << net.node_count() << ' ' << net.edge_count() << '\n';
  for (std::size_t e = 0; e < net.edge_count(); ++e) {
    const EdgeId id{static_cast<std::uint32_t>(e)};
    out << "a " << index(net.tail(id)) + 1 << ' ' << index(net.head(id)) + 1 << ' '
        << static_cast<long>(std::lround(net.length_m(id) * 10.0)) << '\n';
  }
  return out.str();
}

// A small OSM XML town: a grid of residential streets, every third one-way
// and every fourth a primary road (faster).
std::string osm_text(int size) {
  std::ostringstream out;
  out << "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n";
  for (int r = 0; r < size; ++r)
    for (int c = 0; c < size; ++c)
      out << "<node id='" << r * size + c + 1 << "' lat='" << 39.6 + r * 0.0011 + (c % 3) * 0.0001 << "' lon='"
          << 109.78 + c * 0.0013 << "'/>\n";
  int way = 1;
  const auto street = [&](std::vector<int> nodes, int k) {
    out << "<way id='" << way++ << "'>";
    for (int n : nodes) out << "<nd ref='" << n << "'/>";
    out << "<tag k='highway' v='" << (k % 4 == 0 ? "primary" : "residential") << "'/>";
    if (k % 3 == 1) out << "<tag k='oneway' v='" << (k % 2 ? "yes" : "-1") << "'/>";
    out << "</way>\n";
  };
  for (int r = 0; r < size; ++r) {
    std::vector<int> row, col;
    for (int c = 0; c < size; ++c) {
      row.push_back(r * size + c + 1);
      col.push_back(c * size + r + 1);
    }
    street(row, r);
    street(col, r + 1);
  }
  out << "</osm>\n";
  return out.str();
}

}  // namespace

TEST_CASE("CH arcs go upward, never undercut the true time, and answer queries as Dijkstra", "[network][ch]") {
  RawNetwork raw = testing::make_random_network(8, 8, 5);
  // A parallel arc slower than its twin: the hierarchy keeps the faster.
  raw.edges.push_back(raw.edges.front());
  raw.edges.back().speed_mps *= 0.5;
  const RoadNetwork net = build_road_network(raw);
  const ContractionHierarchy ch = build_contraction_hierarchy(net, 1.0);
  Router router(net);
  const std::size_t n = net.node_count();
  std::size_t arcs = 0;
  for (std::uint32_t v = 0; v < n; ++v) {
    const std::vector<double> from = router.travel_times_from(NodeId{v}).everywhere().to_vector();
    for (std::uint32_t a = ch.up_first[v]; a < ch.up_first[v + 1]; ++a, ++arcs) {
      REQUIRE(ch.rank[ch.up_head[a]] > ch.rank[v]);
      REQUIRE(ch.level[ch.up_head[a]] > ch.level[v]);
      REQUIRE(ch.up_time_s[a] >= from[ch.up_head[a]] * (1 - 1e-12));
    }
    for (std::uint32_t a = ch.down_first[v]; a < ch.down_first[v + 1]; ++a, ++arcs) {
      REQUIRE(ch.rank[ch.down_tail[a]] > ch.rank[v]);
      const double exact = router.travel_times_from(NodeId{ch.down_tail[a]}).until(NodeId{v}).time_s(NodeId{v});
      REQUIRE(ch.down_time_s[a] >= exact * (1 - 1e-12));
    }
    for (std::uint32_t w = 0; w < n; w += 7) {
      REQUIRE(ch_travel_time_s(ch, NodeId{v}, NodeId{w}) == Approx(from[w]).epsilon(kRelativeTolerance));
    }
  }
  CHECK(arcs == ch.arc_count());
  CHECK(ch.shortcut_count > 0);
  // The doubled edge is one arc, with the faster time.
  const EdgeId first{0};
  const std::uint32_t t = index(net.tail(first)), h = index(net.head(first));
  const bool up = ch.rank[h] > ch.rank[t];
  const std::uint32_t at = up ? t : h, other = up ? h : t;
  const auto& first_arc = up ? ch.up_first : ch.down_first;
  const auto& ends = up ? ch.up_head : ch.down_tail;
  const auto& times = up ? ch.up_time_s : ch.down_time_s;
  int found = 0;
  for (std::uint32_t a = first_arc[at]; a < first_arc[at + 1]; ++a) {
    if (ends[a] != other) continue;
    ++found;
    CHECK(times[a] <= net.travel_time_s(first));
  }
  CHECK(found == 1);
}

TEST_CASE("CH on a path needs shortcuts and keeps the exact sums", "[network][ch]") {
  // 0 - 1 - 2 - 3 - 4 - 5 - 6, two-way, 100 m at 10 m/s.
  RawNetwork raw;
  raw.source = "path";
  for (int i = 0; i < 7; ++i) raw.nodes.push_back({i + 1, 109.78 + 0.001 * i, 39.6});
  for (int i = 0; i + 1 < 7; ++i) {
    raw.edges.push_back({i + 1, i + 2, 100.0, 10.0, RoadClass::residential, i});
    raw.edges.push_back({i + 2, i + 1, 100.0, 10.0, RoadClass::residential, i});
  }
  BuildOptions options;
  options.spatial_order = false;
  const RoadNetwork net = build_road_network(raw, options);
  const ContractionHierarchy ch = build_contraction_hierarchy(net, 2.0);
  CHECK(ch.shortcut_count > 0);
  for (std::uint32_t a = 0; a < 7; ++a)
    for (std::uint32_t b = 0; b < 7; ++b)
      CHECK(ch_travel_time_s(ch, NodeId{a}, NodeId{b}) == 5.0 * std::abs(int(a) - int(b)));
}

TEST_CASE("PHAST equals Dijkstra on every node of the synthetic region, both ways", "[network][ch][phast]") {
  const SyntheticRegion region = generate_synthetic_region(SyntheticRegionOptions{});
  const RoadNetwork net = build_road_network(region.network);
  for (double factor : {1.0, 0.8}) {
    const PhastIndex index = build_phast_index(net, factor);
    REQUIRE(index.check().empty());
    const double worst = max_relative_error(net, index, spread_nodes(net.node_count(), 6, 1), factor);
    CHECK(worst <= kRelativeTolerance);
    if (factor == 1.0) {
      // The unscaled sums agree to a few units in the last place.
      CHECK(worst <= 1e-14);
    }
  }
}

TEST_CASE("PHAST equals Dijkstra on a DIMACS graph and an OSM town", "[network][ch][phast]") {
  testing::TempDir dir;
  const RoadNetwork grid = build_road_network(testing::make_random_network(30, 30, 11));
  const RoadNetwork dimacs = load_road_network(dir.write("grid.gr", dimacs_text(grid)));
  const PhastIndex dimacs_index = build_phast_index(dimacs);
  CHECK(max_relative_error(dimacs, dimacs_index, spread_nodes(dimacs.node_count(), 8, 2)) <= kRelativeTolerance);

  const RoadNetwork osm = load_road_network(dir.write("town.osm", osm_text(20)));
  REQUIRE(osm.node_count() > 200);
  const PhastIndex osm_index = build_phast_index(osm);
  CHECK(max_relative_error(osm, osm_index, spread_nodes(osm.node_count(), 8, 3)) <= kRelativeTolerance);
}

TEST_CASE("PHAST equals Dijkstra on the shared DIMACS and OSM road graphs", "[network][ch][phast][shared]") {
  for (const char* file : {"roads/dimacs_pace16/BAY.gr.xz", "roads/osm/monaco.osm.pbf",
                           "roads/osm/north-bayreuth.osm.gz"}) {
    const auto path = testing::shared_data_file(file);
    if (!path) return;
    const RoadNetwork net = load_road_network(*path);
    const PhastIndex index = build_phast_index(net);
    INFO(file);
    CHECK(max_relative_error(net, index, spread_nodes(net.node_count(), 3, 4)) <= kRelativeTolerance);
  }
}

TEST_CASE("Batched and threaded PHAST trees equal single trees, bit for bit", "[network][ch][phast]") {
  const RoadNetwork net = build_road_network(testing::make_random_network(20, 20, 9));
  const PhastIndex index = build_phast_index(net);
  const auto sources = spread_nodes(net.node_count(), 11, 5);
  const std::size_t n = net.node_count();
  for (SearchDirection d : {SearchDirection::outbound, SearchDirection::inbound}) {
    std::vector<double> one(sources.size() * n), two(sources.size() * n), single(n);
    phast_trees(index, sources, d, one, 1);
    phast_trees(index, sources, d, two, 2);
    CHECK(one == two);
    PhastSearch search(index);
    for (std::size_t r = 0; r < sources.size(); ++r) {
      search.tree(sources[r], d, single);
      CHECK(std::equal(single.begin(), single.end(), one.begin() + static_cast<std::ptrdiff_t>(r * n)));
    }
  }
  std::vector<double> wrong(n - 1);
  CHECK_THROWS_AS(phast_trees(index, {sources.data(), 1}, SearchDirection::outbound, wrong), std::invalid_argument);
}

TEST_CASE("travel_time_matrix uses the PHAST index only where it applies", "[network][ch][phast]") {
  const RoadNetwork net = build_road_network(testing::make_random_network(20, 20, 13));
  const PhastIndex index = build_phast_index(net, 1.0);
  const auto sources = spread_nodes(net.node_count(), 5, 6);
  const auto targets = spread_nodes(net.node_count(), 9, 7);
  MatrixOptions plain, fast;
  fast.index = &index;
  for (SearchDirection d : {SearchDirection::outbound, SearchDirection::inbound}) {
    plain.direction = fast.direction = d;
    for (bool all : {true, false}) {
      const auto a = travel_time_matrix(net, sources, all ? std::span<const NodeId>{} : targets, plain);
      const auto b = travel_time_matrix(net, sources, all ? std::span<const NodeId>{} : targets, fast);
      REQUIRE(a.values_s.size() == b.values_s.size());
      for (std::size_t i = 0; i < a.values_s.size(); ++i)
        REQUIRE(b.values_s[i] == Approx(a.values_s[i]).epsilon(kRelativeTolerance));
    }
  }
  // Another speed factor, a limit or edge states: plain Dijkstra, exactly.
  plain.direction = fast.direction = SearchDirection::outbound;
  MatrixOptions slower = fast;
  slower.speed_factor = 0.5;
  plain.speed_factor = 0.5;
  CHECK(travel_time_matrix(net, sources, {}, slower).values_s == travel_time_matrix(net, sources, {}, plain).values_s);
  EdgeStates states(net);
  states.close(EdgeId{0});
  MatrixOptions closed = fast;
  closed.states = &states;
  MatrixOptions closed_plain;
  closed_plain.states = &states;
  CHECK(travel_time_matrix(net, sources, {}, closed).values_s ==
        travel_time_matrix(net, sources, {}, closed_plain).values_s);
}
