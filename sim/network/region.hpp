// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/lon_lat.hpp"
#include "sim/network/road_network.hpp"
#include "sim/network/zones.hpp"

#include <map>
#include <string>
#include <vector>

namespace dsim {

// A road network with the places on it that scenarios refer to: zones (with
// the zone of each node) and named places (landmarks of the synthetic
// region, for example). Loaded once, shared read-only by all replications.
struct Region {
  explicit Region(RoadNetwork road_network) : network(std::move(road_network)) {}

  RoadNetwork network;
  std::vector<Zone> zones;
  std::vector<int> node_zone;              // zone index of each node, -1 outside every zone
  std::map<std::string, NodeId> places;    // named places -> node
  std::map<std::string, LonLat> place_positions;  // where places read from a layer were given, before snapping
  std::vector<double> node_population;     // people at each node (a population raster onto nodes); empty: not known
  double raster_people = 0.0;              // people in the population raster, if one was read
  double raster_people_unassigned = 0.0;   // of them, those in no zone (left out of every zone's population)
  std::map<std::string, std::string> zone_banner;  // zone id -> banner (jurisdiction), when known
  std::vector<LonLat> river_centreline;    // the synthetic region's river, upstream (west) first; empty if unknown
  double river_width_m = 0.0;
  std::string description;                 // "synthetic Ordos-like region (seed 7)", a file name, ...
};

// Whether a coordinate lies within the network's bounding box widened by
// `margin_deg` (0.05 degrees, about 5 km, by default): a place a scenario may
// name and snap to the nearest node.
bool region_covers(const RoadNetwork& network, double lon, double lat, double margin_deg = 0.05);

// Zone of each node by its coordinates (the first zone that contains it).
std::vector<int> assign_nodes_to_zones(const RoadNetwork& network, const std::vector<Zone>& zones);

}  // namespace dsim
