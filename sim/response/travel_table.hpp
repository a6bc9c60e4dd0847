// SPDX-License-Identifier: MIT
#pragma once

// Station travel tables: the free-flow times between the stations and the
// nodes of the road network, both ways, computed once before the
// replications and shared by them.
//
//   TravelTableOptions options;  options.limit_s = 1800;   // bounded
//   auto travel = build_travel_tables(network, station_nodes, options);
//   StationTimes near = travel->stations_within(incident_node, 0);  // nearest first
//
// Per node the table lists the stations that reach it within a bound
// (every station when the bound is infinite), nearest first, with 32-bit
// times. Memory then grows with stations x nodes within the bound, not
// stations x all nodes. A question beyond the bound is answered by a search
// on demand from the node itself, kept for the next question; the answers
// are the same as a full table's (docs/models.md, "Station travel tables").

#include "sim/network/dijkstra.hpp"
#include "sim/response/response_model.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace dsim {

class RoadNetwork;

// One direction of a table in compressed rows by node: the entries of node
// v are first[v] .. first[v+1]-1, sorted by time then station index.
struct StationRows {
  std::vector<std::uint64_t> first;   // nodes + 1
  std::vector<std::uint16_t> station;
  std::vector<float> time_s;          // rounded to nearest from the search's double
};

// What a table holds, as stored on disk (sim/run/travel_cache.hpp).
struct TravelTableData {
  std::size_t stations = 0;
  std::size_t nodes = 0;
  double limit_s = kUnreachable;  // stations farther than this from a node are not listed; inf: full tables
  StationRows out;   // station -> node
  StationRows back;  // node -> station
};

struct TravelTableOptions {
  // Stations farther than this from a node are left out of its row; kUnreachable: full tables.
  double limit_s = kUnreachable;
  int threads = 0;  // OpenMP threads for the searches; 0: all cores
  // Called from the calling thread with the share of searches done (0..1).
  std::function<void(double)> progress;
};

// The limit build_travel_tables would use by default: full tables while
// stations x nodes stays under 2^24 entries (about 100 MB both ways), else
// kDefaultTableLimitS.
inline constexpr double kDefaultTableLimitS = 1800.0;
double default_table_limit_s(std::size_t stations, std::size_t nodes);

class TableTravelOracle final : public TravelOracle {
 public:
  // Full tables from dense rows: out[s][n] seconds from station s to node
  // n, back[s][n] from node n to station s (tests and hand-made cases; no
  // network behind them, so nothing is ever searched on demand).
  TableTravelOracle(const std::vector<std::vector<double>>& out, const std::vector<std::vector<double>>& back);
  // Tables over a network, with the station nodes the searches on demand start from.
  TableTravelOracle(TravelTableData data, const RoadNetwork& network, std::vector<NodeId> station_nodes);
  ~TableTravelOracle() override;
  TableTravelOracle(TableTravelOracle&&) noexcept;
  TableTravelOracle& operator=(TableTravelOracle&&) noexcept;

  double to_node_s(int station, NodeId node, double speed_factor) const override;
  double to_station_s(NodeId node, int station, double speed_factor) const override;
  StationTimes stations_within(NodeId node, double at_least_s) const override;

  const TravelTableData& data() const { return data_; }
  double limit_s() const { return data_.limit_s; }
  // Entries held, both ways (the table's memory is about 6 bytes each).
  std::size_t entries() const { return data_.out.station.size() + data_.back.station.size(); }
  // Questions the table could not answer and searched for, so far.
  std::size_t searches_on_demand() const;

 private:
  struct OnDemand;
  TravelTableData data_;
  const RoadNetwork* network_ = nullptr;
  std::vector<NodeId> station_nodes_;
  std::unique_ptr<OnDemand> on_demand_;
};

// Searches the network from every station (outbound) and to it (inbound),
// each within options.limit_s, and keeps the result by node.
TravelTableData build_travel_table_data(const RoadNetwork& network, std::span<const NodeId> station_nodes,
                                        const TravelTableOptions& options);

std::unique_ptr<TableTravelOracle> build_travel_tables(const RoadNetwork& network,
                                                       std::span<const NodeId> station_nodes,
                                                       const TravelTableOptions& options = {});

}  // namespace dsim
