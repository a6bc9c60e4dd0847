// SPDX-License-Identifier: MIT
#pragma once

// Times between a fixed set of nodes (the stations) and any one node, on a
// contraction hierarchy, by the bucket method for many-to-many searches
// (S. Knopp, P. Sanders, D. Schultes, F. Schulz, D. Wagner: "Computing
// many-to-many shortest paths using highway hierarchies", ALENEX 2007; on
// contraction hierarchies as in R. Geisberger et al., "Exact routing in
// large road networks using contraction hierarchies", Transportation
// Science 46(3), 2012, section 5).
//
//   StationBuckets buckets(index, station_nodes);   // one upward search per station, both ways
//   std::vector<double> t(station_nodes.size());
//   buckets.to_node(incident, t);                    // every station's time to the incident
//
// Every shortest path in a hierarchy goes up, then down. Each station's
// upward search leaves (station, time) in a bucket at every node it
// settles; a question about node v runs v's own upward search the other way
// and, at each node it settles, combines its time with the bucket's. A
// question costs two small searches' worth of work (hundreds of nodes on a
// road network) instead of a search over the whole network. Times are the
// hierarchy's: the same sums as Dijkstra's in another order (docs/models.md).

#include "sim/network/dijkstra.hpp"
#include "sim/network/phast.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace dsim {

class StationBuckets {
 public:
  StationBuckets(const PhastIndex& index, std::span<const NodeId> stations);

  // out[s]: time from station s to `node`; kUnreachable where there is no path.
  void to_node(NodeId node, std::span<double> out) const;
  // out[s]: time from `node` to station s.
  void from_node(NodeId node, std::span<double> out) const;

  std::size_t station_count() const { return stations_; }
  std::size_t bucket_entries() const { return to_.station.size() + from_.station.size(); }

 private:
  // Per internal node: the stations whose upward search settled it, with their times.
  struct Buckets {
    std::vector<std::uint32_t> first;  // node_count + 1
    std::vector<std::uint32_t> station;
    std::vector<double> time_s;
  };
  const PhastIndex* index_;
  std::size_t stations_;
  Buckets to_;    // forward upward searches from the stations: to_node questions
  Buckets from_;  // backward upward searches into the stations: from_node questions
};

}  // namespace dsim
