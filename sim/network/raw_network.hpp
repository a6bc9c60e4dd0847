// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/lon_lat.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

enum class NodeId : std::uint32_t {};
enum class EdgeId : std::uint32_t {};

constexpr std::uint32_t index(NodeId n) { return static_cast<std::uint32_t>(n); }
constexpr std::uint32_t index(EdgeId e) { return static_cast<std::uint32_t>(e); }

// Road classes, after OpenStreetMap's highway=* values for drivable roads.
enum class RoadClass : std::uint8_t {
  motorway,
  trunk,
  primary,
  secondary,
  tertiary,
  unclassified,
  residential,
  living_street,
  service,
  track,
  other,
};
inline constexpr int kRoadClassCount = 11;

// "motorway", "trunk", ... ; the link roads (motorway_link, ...) map to their class.
std::string_view road_class_name(RoadClass c);
// Parses a class name as written by road_class_name or an OSM highway value
// ("primary_link" -> primary). Returns false when the name is not drivable/unknown.
bool parse_road_class(std::string_view name, RoadClass& out);

// A road network as read from a file or generated, before it becomes a
// RoadNetwork: external node ids, coordinates in WGS84 degrees, one record per
// directed edge. Loaders and the synthetic generator produce this.
struct RawNode {
  std::int64_t external_id = 0;  // id in the source (OSM node id, CSV id, DIMACS number)
  double lon = 0.0;
  double lat = 0.0;
};

struct RawEdge {
  std::int64_t from = 0;  // external node ids
  std::int64_t to = 0;
  double length_m = 0.0;
  double speed_mps = 0.0;  // free-flow speed
  RoadClass road_class = RoadClass::other;
  std::int64_t way_id = -1;  // source way (OSM way id), -1 if none
  // The road's shape between its two nodes: RawNetwork::shape[shape_first ..
  // shape_first + shape_count), the interior points only, running from `to`
  // back to `from` when shape_reversed (the two directions of a way share
  // one run). None: the straight chord.
  std::uint32_t shape_first = 0;
  std::uint32_t shape_count = 0;
  bool shape_reversed = false;
  bool bridge = false;  // OSM bridge=* (other than "no"): carried over the ground
  bool tunnel = false;  // OSM tunnel=* (other than "no"): under the ground between its ends
};

struct RawNetwork {
  std::string source;  // file name or "synthetic(seed=7)", for messages and metadata
  std::vector<RawNode> nodes;
  std::vector<RawEdge> edges;
  std::vector<LonLat> shape;  // interior shape points of the edges (RawEdge::shape_first)
  bool has_coordinates = true;  // false for DIMACS .gr without .co
};

}  // namespace dsim
