// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/lon_lat.hpp"
#include "sim/network/raw_network.hpp"
#include "sim/network/zones.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// Bumped whenever the same options would give a different region.
inline constexpr int kSyntheticRegionVersion = 1;

struct SyntheticRegionOptions {
  std::uint64_t seed = 7;
  // Roughly how many nodes to generate (the result lands within about 15%).
  // Up to 48,000 the Ordos-like core region gets finer or coarser streets;
  // beyond that, districts (a banner town, perhaps a park, villages) are
  // added around it until the count is reached.
  std::size_t target_nodes = 30000;

  static constexpr std::size_t kMinNodes = 10000;
  static constexpr std::size_t kMaxNodes = 5000000;
};

// The river as a centreline from west to east (longitude increasing) with a
// constant width. It runs across the whole region, so every point lies on
// its north or its south bank; roads cross it only on bridges.
struct River {
  std::string name;
  std::vector<LonLat> centreline;
  double width_m = 0.0;
};

// A road bridge: one way of one segment from an abutment on the north bank to
// one on the south bank, emitted as two directed edges.
struct Bridge {
  std::string id;
  std::string name;
  std::int64_t way_id = -1;
  std::int64_t north_node = 0;  // external node ids of the abutments
  std::int64_t south_node = 0;
  RoadClass road_class = RoadClass::other;
  LonLat midpoint;
  double length_m = 0.0;
};

enum class LandmarkKind : std::uint8_t {
  town_centre,      // civic centre of a town
  district_centre,  // centre of a district of a large town
  park_centre,      // middle of an industrial park
  park_gate,        // where an industrial park meets the roads outside
  village_centre,   // middle of a village's main street
  interchange,      // expressway interchange
};
std::string_view landmark_kind_name(LandmarkKind k);

// A named place on the network, useful to put stations, depots or shelters.
struct Landmark {
  std::string id;
  std::string name;
  LandmarkKind kind = LandmarkKind::town_centre;
  std::string zone_id;  // the zone it lies in
  LonLat position;      // the position of `node`
  std::int64_t node = 0;
};

struct SyntheticRegion {
  SyntheticRegionOptions options;
  RawNetwork network;        // node ids 1..n; edge lengths are haversine distances (0.01 m)
  std::vector<Zone> zones;   // towns, parks and villages first, then grassland (see zone_index_at)
  River river;
  std::vector<Bridge> bridges;
  std::vector<Landmark> landmarks;
};

// A stylised Ordos-like region near lon 109.93, lat 39.72: a gridded new town
// on the north bank of a river, a district across it on three bridges, an
// older dense town about 22 km away on an expressway and a trunk road, a
// coal-chemical park south of the river, villages on rural roads, tracks on
// the grassland. The road graph is strongly connected. The same options give
// the same region on every machine (all randomness from RandomStream).
// Throws InputError when target_nodes is outside [kMinNodes, kMaxNodes].
SyntheticRegion generate_synthetic_region(const SyntheticRegionOptions& options);

}  // namespace dsim
