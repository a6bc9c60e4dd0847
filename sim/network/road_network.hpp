// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/geodesy.hpp"
#include "sim/network/raw_network.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dsim {

inline constexpr NodeId kNoNode{0xFFFFFFFFu};
inline constexpr EdgeId kNoEdge{0xFFFFFFFFu};

struct BuildOptions {
  // Keep only the largest strongly connected component, so that every node
  // can reach every other; otherwise keep everything (the report still
  // counts the components).
  bool keep_largest_component = true;
  // Number nodes along a Hilbert curve over their coordinates: neighbours in
  // the plane get nearby ids, which keeps searches in cache.
  bool spatial_order = true;
};

// What build_road_network did with its input.
struct BuildReport {
  std::size_t nodes_in = 0;
  std::size_t edges_in = 0;
  std::size_t self_loops_dropped = 0;
  std::size_t zero_length_edges = 0;  // kept: two distinct nodes at one spot
  std::size_t component_count = 0;    // strongly connected components of the input
  std::size_t nodes_dropped = 0;      // outside the largest component
  std::size_t edges_dropped = 0;      // outside the largest component (self-loops not counted)
};

struct BoundingBox {
  double min_lon = 0.0;
  double min_lat = 0.0;
  double max_lon = 0.0;
  double max_lat = 0.0;
};

// The numbers `dsim network info` prints.
struct NetworkSummary {
  std::string source;
  std::size_t node_count = 0;
  std::size_t edge_count = 0;  // directed edges
  // Length of road: a two-way road (an edge and its twin) counts once.
  double road_km = 0.0;
  std::array<double, kRoadClassCount> road_km_by_class{};
  double directed_km = 0.0;  // sum over directed edges
  bool has_coordinates = true;
  BoundingBox bounding_box;
  BuildReport build;
};

// One step of a search: the node it leads to (forward: the head; reverse:
// the tail), the edge, and its free-flow travel time, packed together so a
// relaxation reads one record.
struct Arc {
  std::uint32_t node;
  std::uint32_t edge;
  double travel_time_s;
};

// Half-open range of consecutive edge ids.
class EdgeRange {
 public:
  class iterator {
   public:
    explicit iterator(std::uint32_t i) : i_(i) {}
    EdgeId operator*() const { return EdgeId{i_}; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const iterator&) const = default;

   private:
    std::uint32_t i_;
  };
  EdgeRange(std::uint32_t first, std::uint32_t last) : first_(first), last_(last) {}
  iterator begin() const { return iterator(first_); }
  iterator end() const { return iterator(last_); }
  std::size_t size() const { return last_ - first_; }

 private:
  std::uint32_t first_, last_;
};

namespace detail {
class NodeIndex;
}  // namespace detail

// An immutable directed road graph, shared read-only by every thread and
// replication. Nodes are numbered 0..n-1 and edges 0..m-1 in CSR order:
// the out-edges of node u are first_out()[u] .. first_out()[u+1]-1.
// Build one with build_road_network (or load_road_network).
class RoadNetwork {
 public:
  // The same graph as a Boost.Graph CSR; its edge_index equals our EdgeId.
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                   boost::no_property, std::uint32_t, std::uint32_t>;

  RoadNetwork(RoadNetwork&&) noexcept;
  RoadNetwork& operator=(RoadNetwork&&) noexcept;
  RoadNetwork(const RoadNetwork&) = delete;
  RoadNetwork& operator=(const RoadNetwork&) = delete;
  ~RoadNetwork();

  const std::string& source() const { return source_; }
  std::size_t node_count() const { return external_id_.size(); }
  std::size_t edge_count() const { return head_.size(); }
  bool has_coordinates() const { return has_coordinates_; }

  // Edges.
  NodeId tail(EdgeId e) const { return NodeId{tail_[index(e)]}; }
  NodeId head(EdgeId e) const { return NodeId{head_[index(e)]}; }
  double length_m(EdgeId e) const { return length_m_[index(e)]; }
  double speed_mps(EdgeId e) const { return speed_mps_[index(e)]; }
  double travel_time_s(EdgeId e) const { return travel_time_s_[index(e)]; }  // length_m / speed_mps
  RoadClass road_class(EdgeId e) const { return road_class_[index(e)]; }
  std::int64_t way_id(EdgeId e) const { return way_id_[index(e)]; }
  // The opposite direction of the same road (same way, same length), or kNoEdge.
  EdgeId twin(EdgeId e) const { return EdgeId{twin_[index(e)]}; }
  // OSM bridge=* / tunnel=* (docs/network-formats.md); false for other sources.
  bool is_bridge(EdgeId e) const { return (flags_[index(e)] & kBridge) != 0; }
  bool is_tunnel(EdgeId e) const { return (flags_[index(e)] & kTunnel) != 0; }
  // The road's shape from tail to head: the tail, the way's points in
  // between (none for a straight edge or a source without shapes), the head.
  std::vector<LonLat> geometry(EdgeId e) const;
  // The interior points as stored, head first when shape_reversed(e).
  std::span<const LonLat> shape_interior(EdgeId e) const {
    return {shape_.data() + shape_first_[index(e)], shape_count_[index(e)]};
  }
  bool shape_reversed(EdgeId e) const { return (flags_[index(e)] & kReversed) != 0; }
  // Edges with at least one interior shape point.
  std::size_t shaped_edge_count() const;

  EdgeRange out_edges(NodeId u) const { return {first_out_[index(u)], first_out_[index(u) + 1]}; }
  // The edges entering v (Arc::node is their tail).
  std::span<const Arc> in_arcs(NodeId v) const {
    return {in_arcs_.data() + first_in_[index(v)], first_in_[index(v) + 1] - first_in_[index(v)]};
  }
  // Finds an edge u -> v (the fastest if there are several), or kNoEdge.
  EdgeId find_edge(NodeId u, NodeId v) const;

  // Nodes.
  std::int64_t external_id(NodeId n) const { return external_id_[index(n)]; }
  double lon(NodeId n) const { return lon_[index(n)]; }
  double lat(NodeId n) const { return lat_[index(n)]; }
  double x_m(NodeId n) const { return x_m_[index(n)]; }  // in projection()
  double y_m(NodeId n) const { return y_m_[index(n)]; }
  std::optional<NodeId> find_node(std::int64_t external_id) const;
  // The node closest to a point (Boost.Geometry R-tree over x/y). Throws
  // dsim::Error when the network has no coordinates.
  NodeId nearest_node(double lon, double lat) const;
  NodeId nearest_node_xy(double x_m, double y_m) const;

  // Azimuthal equidistant projection centred on the bounding box centre.
  const LocalProjection& projection() const { return projection_; }
  const BoundingBox& bounding_box() const { return bounding_box_; }
  const BuildReport& build_report() const { return report_; }
  NetworkSummary summary() const;
  const Graph& graph() const { return graph_; }

  // Raw CSR arrays. Per edge (by EdgeId): heads, tails, travel times,
  // lengths. Forward: the out-arcs of u are out_arcs()[first_out[u] ..
  // first_out[u+1]), arc i being edge i. Reverse: in_arcs()[first_in[v] ..
  // first_in[v+1]) enter v.
  std::span<const std::uint32_t> first_out() const { return first_out_; }
  std::span<const std::uint32_t> heads() const { return head_; }
  std::span<const std::uint32_t> tails() const { return tail_; }
  std::span<const double> travel_times_s() const { return travel_time_s_; }
  std::span<const double> lengths_m() const { return length_m_; }
  std::span<const double> speeds_mps() const { return speed_mps_; }
  std::span<const RoadClass> road_classes() const { return road_class_; }
  std::span<const std::int64_t> way_ids() const { return way_id_; }
  std::span<const Arc> out_arcs() const { return out_arcs_; }
  std::span<const std::uint32_t> first_in() const { return first_in_; }
  std::span<const Arc> in_arcs() const { return in_arcs_; }
  // Per node (by NodeId), for export to arrays.
  std::span<const std::int64_t> external_ids() const { return external_id_; }
  std::span<const double> lons() const { return lon_; }
  std::span<const double> lats() const { return lat_; }
  std::span<const double> xs_m() const { return x_m_; }
  std::span<const double> ys_m() const { return y_m_; }

 private:
  RoadNetwork();
  friend RoadNetwork build_road_network(const RawNetwork& raw, const BuildOptions& options, BuildReport* report);

  std::string source_;
  bool has_coordinates_ = true;
  std::vector<std::uint32_t> first_out_, head_, tail_;
  std::vector<double> length_m_, speed_mps_, travel_time_s_;
  std::vector<RoadClass> road_class_;
  std::vector<std::int64_t> way_id_;
  std::vector<std::uint32_t> twin_;
  static constexpr std::uint8_t kBridge = 1, kTunnel = 2, kReversed = 4;
  std::vector<std::uint8_t> flags_;
  std::vector<std::uint32_t> shape_first_, shape_count_;
  std::vector<LonLat> shape_;  // shared by an edge and its twin
  std::vector<Arc> out_arcs_;
  std::vector<std::uint32_t> first_in_;
  std::vector<Arc> in_arcs_;
  std::vector<std::int64_t> external_id_;
  std::vector<double> lon_, lat_, x_m_, y_m_;
  std::vector<std::pair<std::int64_t, std::uint32_t>> by_external_id_;  // sorted
  LocalProjection projection_;
  BoundingBox bounding_box_;
  BuildReport report_;
  Graph graph_;
  std::unique_ptr<detail::NodeIndex> node_index_;
};

// Builds a RoadNetwork from loader output. Throws InputError (naming
// raw.source and the edge record, 1-based) for an edge with an unknown node
// id, a duplicate node id, or a length/speed that is negative, zero (speed)
// or not finite, and when fewer than two mutually reachable nodes remain.
// Self-loops are dropped. The report is also kept in build_report().
RoadNetwork build_road_network(const RawNetwork& raw, const BuildOptions& options = {},
                               BuildReport* report = nullptr);

}  // namespace dsim
