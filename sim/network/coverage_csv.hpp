// SPDX-License-Identifier: MIT
#pragma once

// The inputs of a coverage query as CSV files (docs/network-formats.md):
//
//   stations.csv  id,lon,lat[,turnout_s]   or   id,node[,turnout_s]
//   demand.csv    node,weight              or   lon,lat,weight
//
// `node` is a node id as written in the network file (external id); a
// lon/lat is snapped to the nearest node of the network. Every error is an
// InputError naming the file, the line and the column.

#include "sim/network/coverage.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace dsim {

class RoadNetwork;

struct StationRecord {
  std::string id;
  Station station;  // node in the network; turnout_s from the file or the default
};

// Reads stations; `default_turnout_s` applies where the file has no
// turnout_s column. Throws InputError for an empty file, a missing column,
// a non-numeric field, a node id not in the network (or dropped from it),
// coordinates on a network without coordinates, or a negative turnout.
std::vector<StationRecord> read_stations_csv(const std::filesystem::path& path, const RoadNetwork& network,
                                             double default_turnout_s = 0.0);

// Reads demand as one weight per network node (weights of rows snapped to
// the same node add up). Throws InputError as read_stations_csv, and for a
// weight that is negative or not finite.
std::vector<double> read_demand_csv(const std::filesystem::path& path, const RoadNetwork& network);

}  // namespace dsim
