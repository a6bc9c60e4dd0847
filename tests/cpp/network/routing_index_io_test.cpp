// SPDX-License-Identifier: MIT
#include "sim/network/routing_index_io.hpp"

#include "sim/network/road_network.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace dsim;

namespace {

std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool same_index(const PhastIndex& a, const PhastIndex& b) {
  return a.node_count == b.node_count && a.speed_factor == b.speed_factor && a.order == b.order &&
         a.position == b.position && a.up_first == b.up_first && a.up_node == b.up_node &&
         a.up_time_s == b.up_time_s && a.down_first == b.down_first && a.down_node == b.down_node &&
         a.down_time_s == b.down_time_s;
}

// Points $XDG_CACHE_HOME at a folder for the test's lifetime.
class CacheHome {
 public:
  explicit CacheHome(const std::filesystem::path& dir) {
    if (const char* old = std::getenv("XDG_CACHE_HOME")) old_ = old;
    ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
  }
  ~CacheHome() {
    if (old_.empty()) ::unsetenv("XDG_CACHE_HOME");
    else ::setenv("XDG_CACHE_HOME", old_.c_str(), 1);
  }

 private:
  std::string old_;
};

}  // namespace

TEST_CASE("The routing index is cached next to the network and read back unchanged", "[network][ch][cache]") {
  testing::TempDir dir;
  CacheHome home(dir / "cache");
  const RoadNetwork net = build_road_network(testing::make_random_network(15, 15, 3));
  const auto network_file = dir / "roads.csv";
  std::vector<std::string> warnings;
  const WarnFn warn = [&](const std::string& m) { warnings.push_back(m); };
  std::vector<double> fractions;
  const LoadedRoutingIndex first =
      load_or_build_routing_index(net, network_file, 1.0, [&](double f) { fractions.push_back(f); }, warn);
  CHECK(first.built);
  CHECK(first.path == routing_index_path_beside(network_file, 1.0));
  CHECK(routing_index_path_beside(dir / "region/", 1.0) == dir / "region.dsim-routing");
  CHECK(routing_index_path_beside(dir / "region", 0.5) == dir / "region.speed-0.5.dsim-routing");
  CHECK(std::filesystem::exists(first.path));
  REQUIRE_FALSE(fractions.empty());
  CHECK(fractions.back() == 1.0);
  const LoadedRoutingIndex second = load_or_build_routing_index(net, network_file, 1.0, {}, warn);
  CHECK_FALSE(second.built);
  CHECK(same_index(first.index, second.index));
  CHECK(warnings.empty());
  // No temporary files left behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
  CHECK(files == 1);  // the index (the network file itself was never written; the cache folder not needed)
}

TEST_CASE("The routing index cache is invalidated when the network or the speeds change", "[network][ch][cache]") {
  testing::TempDir dir;
  CacheHome home(dir / "cache");
  const auto network_file = dir / "roads.csv";
  const RoadNetwork a = build_road_network(testing::make_random_network(15, 15, 3));
  RawNetwork raw_b = testing::make_random_network(15, 15, 3);
  raw_b.edges[5].speed_mps *= 1.5;  // one road faster
  const RoadNetwork b = build_road_network(raw_b);
  CHECK(network_content_hash(a) != network_content_hash(b));
  CHECK(network_content_hash(a) == network_content_hash(build_road_network(testing::make_random_network(15, 15, 3))));

  REQUIRE(load_or_build_routing_index(a, network_file, 1.0).built);
  const LoadedRoutingIndex for_b = load_or_build_routing_index(b, network_file, 1.0);
  CHECK(for_b.built);  // the file held a's index: rebuilt, not used
  CHECK(same_index(for_b.index, build_phast_index(b, 1.0)));
  CHECK_FALSE(load_or_build_routing_index(b, network_file, 1.0).built);

  const LoadedRoutingIndex slower = load_or_build_routing_index(b, network_file, 0.8);
  CHECK(slower.built);
  CHECK(slower.index.speed_factor == 0.8);
  CHECK(slower.path != for_b.path);
  CHECK_FALSE(load_or_build_routing_index(b, network_file, 0.8).built);
  CHECK_FALSE(load_or_build_routing_index(b, network_file, 1.0).built);

  const IndexFileRead other = read_routing_index(for_b.path, network_content_hash(a), 1.0);
  CHECK(other.state == IndexFileState::other_key);
  CHECK_FALSE(other.index);
}

TEST_CASE("A corrupt or truncated routing index is rebuilt with a warning, never used", "[network][ch][cache]") {
  testing::TempDir dir;
  CacheHome home(dir / "cache");
  const RoadNetwork net = build_road_network(testing::make_random_network(15, 15, 4));
  const auto network_file = dir / "roads.csv";
  const LoadedRoutingIndex good = load_or_build_routing_index(net, network_file, 1.0);
  const std::string bytes = read_bytes(good.path);

  struct Damage {
    const char* name;
    std::string content;
    const char* expected;
  };
  std::string flipped = bytes;
  flipped[bytes.size() - 20] ^= 0x10;  // a bit of one arc time
  std::vector<Damage> damages = {
      {"a flipped bit", flipped, "checksum"},
      {"a truncated file", bytes.substr(0, bytes.size() / 2), "truncated"},
      {"a truncated header", bytes.substr(0, 20), "truncated"},
      {"not an index", std::string(bytes.size(), 'x'), "not a dsim routing index"},
  };
  for (const Damage& d : damages) {
    INFO(d.name);
    dir.write(good.path.filename().string(), d.content);
    const IndexFileRead read = read_routing_index(good.path, network_content_hash(net), 1.0);
    CHECK(read.state == IndexFileState::corrupt);
    CHECK_FALSE(read.index);
    std::vector<std::string> warnings;
    const LoadedRoutingIndex again = load_or_build_routing_index(
        net, network_file, 1.0, {}, [&](const std::string& m) { warnings.push_back(m); });
    CHECK(again.built);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains(d.expected) && Catch::Contains(good.path.string()));
    CHECK(same_index(again.index, good.index));
    CHECK(read_bytes(good.path) == bytes);  // rewritten whole
  }
}

TEST_CASE("Without a network file, or a writable folder, the index goes to the cache folder", "[network][ch][cache]") {
  testing::TempDir dir;
  CacheHome home(dir / "cache");
  const RoadNetwork net = build_road_network(testing::make_random_network(12, 12, 8));
  const LoadedRoutingIndex synthetic = load_or_build_routing_index(net, {}, 1.0);
  CHECK(synthetic.path == dir / "cache" / "dsim" / (network_content_hash(net) + ".dsim-routing"));
  CHECK(std::filesystem::exists(synthetic.path));
  CHECK_FALSE(load_or_build_routing_index(net, {}, 1.0).built);
  // A network in a folder that does not exist (so cannot be written): the cache.
  const LoadedRoutingIndex elsewhere = load_or_build_routing_index(net, dir / "no" / "such" / "x.csv", 1.0);
  CHECK_FALSE(elsewhere.built);
  CHECK(elsewhere.path == synthetic.path);
}
