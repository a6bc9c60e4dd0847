// SPDX-License-Identifier: MIT
#include "sim/network/road_network.hpp"

#include "sim/core/error.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <tuple>
#include <utility>

namespace dsim {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace detail {

class NodeIndex {
 public:
  using Point = bg::model::point<double, 2, bg::cs::cartesian>;
  using Value = std::pair<Point, std::uint32_t>;
  explicit NodeIndex(std::vector<Value> values) : tree(values) {}  // packed (STR) bulk load
  bgi::rtree<Value, bgi::rstar<16>> tree;
};

}  // namespace detail

namespace {

// Position along a Hilbert curve of order 16 (x, y < 2^16).
std::uint64_t hilbert_key(std::uint32_t x, std::uint32_t y) {
  constexpr std::uint32_t n = 1u << 16;
  std::uint64_t d = 0;
  for (std::uint32_t s = n / 2; s > 0; s /= 2) {
    const std::uint32_t rx = (x & s) ? 1 : 0;
    const std::uint32_t ry = (y & s) ? 1 : 0;
    d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {  // rotate the quadrant so the curve stays continuous
      if (rx == 1) {
        x = n - 1 - x;
        y = n - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

std::string record(std::size_t k) { return "edge record " + std::to_string(k + 1); }

}  // namespace

RoadNetwork::RoadNetwork() = default;
RoadNetwork::RoadNetwork(RoadNetwork&&) noexcept = default;
RoadNetwork& RoadNetwork::operator=(RoadNetwork&&) noexcept = default;
RoadNetwork::~RoadNetwork() = default;

EdgeId RoadNetwork::find_edge(NodeId u, NodeId v) const {
  EdgeId best = kNoEdge;
  for (EdgeId e : out_edges(u)) {
    if (head(e) == v && (best == kNoEdge || travel_time_s(e) < travel_time_s(best))) best = e;
  }
  return best;
}

std::vector<LonLat> RoadNetwork::geometry(EdgeId e) const {
  const std::span<const LonLat> inner = shape_interior(e);
  std::vector<LonLat> out;
  out.reserve(inner.size() + 2);
  out.push_back({lon(tail(e)), lat(tail(e))});
  if (shape_reversed(e)) out.insert(out.end(), inner.rbegin(), inner.rend());
  else out.insert(out.end(), inner.begin(), inner.end());
  out.push_back({lon(head(e)), lat(head(e))});
  return out;
}

std::size_t RoadNetwork::shaped_edge_count() const {
  return static_cast<std::size_t>(std::count_if(shape_count_.begin(), shape_count_.end(), [](auto n) { return n > 0; }));
}

std::optional<NodeId> RoadNetwork::find_node(std::int64_t external_id) const {
  auto it = std::lower_bound(by_external_id_.begin(), by_external_id_.end(), std::make_pair(external_id, 0u));
  if (it == by_external_id_.end() || it->first != external_id) return std::nullopt;
  return NodeId{it->second};
}

NodeId RoadNetwork::nearest_node(double lon, double lat) const {
  double x = 0, y = 0;
  projection_.forward(lon, lat, x, y);
  return nearest_node_xy(x, y);
}

NodeId RoadNetwork::nearest_node_xy(double x_m, double y_m) const {
  if (!has_coordinates_ || !node_index_) throw Error(source_ + ": the network has no node coordinates");
  std::vector<detail::NodeIndex::Value> found;
  node_index_->tree.query(bgi::nearest(detail::NodeIndex::Point(x_m, y_m), 1), std::back_inserter(found));
  assert(found.size() == 1);
  return NodeId{found.front().second};
}

NetworkSummary RoadNetwork::summary() const {
  NetworkSummary s;
  s.source = source_;
  s.node_count = node_count();
  s.edge_count = edge_count();
  s.has_coordinates = has_coordinates_;
  s.bounding_box = bounding_box_;
  s.build = report_;
  for (std::size_t e = 0; e < edge_count(); ++e) {
    const double km = length_m_[e] / 1000.0;
    const double road = twin_[e] == index(kNoEdge) ? km : 0.5 * km;
    s.directed_km += km;
    s.road_km += road;
    s.road_km_by_class[static_cast<std::size_t>(road_class_[e])] += road;
  }
  return s;
}

RoadNetwork build_road_network(const RawNetwork& raw, const BuildOptions& options, BuildReport* report_out) {
  BuildReport report;
  report.nodes_in = raw.nodes.size();
  report.edges_in = raw.edges.size();
  const std::size_t n_in = raw.nodes.size();
  if (n_in >= index(kNoNode) || raw.edges.size() >= index(kNoEdge))
    throw InputError(raw.source, 0, "", "fewer than 2^32 - 1 nodes and edges");

  // External id -> input position.
  std::vector<std::pair<std::int64_t, std::uint32_t>> by_id(n_in);
  for (std::size_t i = 0; i < n_in; ++i) by_id[i] = {raw.nodes[i].external_id, static_cast<std::uint32_t>(i)};
  std::sort(by_id.begin(), by_id.end());
  for (std::size_t i = 1; i < by_id.size(); ++i) {
    if (by_id[i].first == by_id[i - 1].first)
      throw InputError(raw.source, 0, "node " + std::to_string(by_id[i].first), "unique node ids",
                       "the id twice");
  }
  auto lookup = [&](std::int64_t id, std::size_t k) {
    auto it = std::lower_bound(by_id.begin(), by_id.end(), std::make_pair(id, 0u));
    if (it == by_id.end() || it->first != id)
      throw InputError(raw.source, 0, record(k), "a node id listed among the nodes", std::to_string(id));
    return it->second;
  };

  // Resolve and check edges; drop self-loops.
  struct Resolved {
    std::uint32_t from, to, raw_index;
  };
  std::vector<Resolved> edges;
  edges.reserve(raw.edges.size());
  for (std::size_t k = 0; k < raw.edges.size(); ++k) {
    const RawEdge& r = raw.edges[k];
    const std::uint32_t u = lookup(r.from, k), v = lookup(r.to, k);
    if (!std::isfinite(r.length_m) || r.length_m < 0.0)
      throw InputError(raw.source, 0, record(k) + " length_m", "a finite length >= 0 m", std::to_string(r.length_m));
    if (!std::isfinite(r.speed_mps) || r.speed_mps <= 0.0)
      throw InputError(raw.source, 0, record(k) + " speed", "a finite speed > 0", std::to_string(r.speed_mps));
    if (u == v) {
      ++report.self_loops_dropped;
      continue;
    }
    if (r.length_m == 0.0) ++report.zero_length_edges;
    edges.push_back({u, v, static_cast<std::uint32_t>(k)});
  }

  // Strongly connected components of the input graph.
  std::vector<std::uint32_t> keep_node(n_in, 1);
  {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs(edges.size());
    for (std::size_t i = 0; i < edges.size(); ++i) pairs[i] = {edges[i].from, edges[i].to};
    RoadNetwork::Graph g(boost::edges_are_unsorted_multi_pass, pairs.begin(), pairs.end(), n_in);
    std::vector<std::uint32_t> component(n_in);
    const std::size_t count = n_in == 0 ? 0
                                        : boost::strong_components(
                                              g, boost::make_iterator_property_map(component.begin(),
                                                                                   get(boost::vertex_index, g)));
    report.component_count = count;
    if (options.keep_largest_component && count > 1) {
      std::vector<std::size_t> size(count, 0);
      for (auto c : component) ++size[c];
      // Largest; ties go to the component holding the earliest input node.
      std::uint32_t best = component.empty() ? 0 : component[0];
      for (std::uint32_t c : component)
        if (size[c] > size[best]) best = c;
      for (std::size_t i = 0; i < n_in; ++i) keep_node[i] = component[i] == best;
    }
  }

  // Kept nodes in input order, then optionally along a Hilbert curve.
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < n_in; ++i)
    if (keep_node[i]) order.push_back(i);
  if (order.size() < 2)
    throw InputError(raw.source, 0, "", "a road network with at least two mutually reachable nodes",
                     std::to_string(order.size()) + " node(s)");
  report.nodes_dropped = n_in - order.size();

  BoundingBox box{raw.nodes[order[0]].lon, raw.nodes[order[0]].lat, raw.nodes[order[0]].lon,
                  raw.nodes[order[0]].lat};
  for (auto i : order) {
    box.min_lon = std::min(box.min_lon, raw.nodes[i].lon);
    box.max_lon = std::max(box.max_lon, raw.nodes[i].lon);
    box.min_lat = std::min(box.min_lat, raw.nodes[i].lat);
    box.max_lat = std::max(box.max_lat, raw.nodes[i].lat);
  }
  if (options.spatial_order && raw.has_coordinates) {
    const double w = std::max(box.max_lon - box.min_lon, 1e-12), h = std::max(box.max_lat - box.min_lat, 1e-12);
    std::vector<std::uint64_t> key(n_in, 0);
    for (auto i : order) {
      auto qx = static_cast<std::uint32_t>(std::clamp((raw.nodes[i].lon - box.min_lon) / w, 0.0, 1.0) * 65535.0);
      auto qy = static_cast<std::uint32_t>(std::clamp((raw.nodes[i].lat - box.min_lat) / h, 0.0, 1.0) * 65535.0);
      key[i] = hilbert_key(qx, qy);
    }
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return key[a] < key[b]; });
  }
  const std::size_t n = order.size();
  std::vector<std::uint32_t> new_id(n_in, index(kNoNode));
  for (std::size_t i = 0; i < n; ++i) new_id[order[i]] = static_cast<std::uint32_t>(i);

  // Kept edges, sorted by (tail, head, input order).
  std::vector<Resolved> kept;
  kept.reserve(edges.size());
  for (const auto& e : edges) {
    if (new_id[e.from] != index(kNoNode) && new_id[e.to] != index(kNoNode))
      kept.push_back({new_id[e.from], new_id[e.to], e.raw_index});
  }
  report.edges_dropped = edges.size() - kept.size();
  std::sort(kept.begin(), kept.end(), [](const Resolved& a, const Resolved& b) {
    return std::tie(a.from, a.to, a.raw_index) < std::tie(b.from, b.to, b.raw_index);
  });
  const std::size_t m = kept.size();

  RoadNetwork net;
  net.source_ = raw.source;
  net.has_coordinates_ = raw.has_coordinates;
  net.report_ = report;
  net.bounding_box_ = box;
  net.projection_ = LocalProjection(0.5 * (box.min_lon + box.max_lon), 0.5 * (box.min_lat + box.max_lat));

  net.external_id_.resize(n);
  net.lon_.resize(n);
  net.lat_.resize(n);
  net.x_m_.resize(n);
  net.y_m_.resize(n);
  net.by_external_id_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const RawNode& r = raw.nodes[order[i]];
    net.external_id_[i] = r.external_id;
    net.lon_[i] = r.lon;
    net.lat_[i] = r.lat;
    if (raw.has_coordinates) net.projection_.forward(r.lon, r.lat, net.x_m_[i], net.y_m_[i]);
    net.by_external_id_[i] = {r.external_id, static_cast<std::uint32_t>(i)};
  }
  std::sort(net.by_external_id_.begin(), net.by_external_id_.end());

  net.first_out_.assign(n + 1, 0);
  net.head_.resize(m);
  net.tail_.resize(m);
  net.length_m_.resize(m);
  net.speed_mps_.resize(m);
  net.travel_time_s_.resize(m);
  net.road_class_.resize(m);
  net.way_id_.resize(m);
  net.flags_.assign(m, 0);
  net.shape_first_.assign(m, 0);
  net.shape_count_.assign(m, 0);
  if (raw.has_coordinates) net.shape_ = raw.shape;
  for (std::size_t e = 0; e < m; ++e) {
    const RawEdge& r = raw.edges[kept[e].raw_index];
    net.tail_[e] = kept[e].from;
    net.head_[e] = kept[e].to;
    net.length_m_[e] = r.length_m;
    net.speed_mps_[e] = r.speed_mps;
    net.travel_time_s_[e] = r.length_m / r.speed_mps;
    net.road_class_[e] = r.road_class;
    net.way_id_[e] = r.way_id;
    net.flags_[e] = static_cast<std::uint8_t>((r.bridge ? RoadNetwork::kBridge : 0) | (r.tunnel ? RoadNetwork::kTunnel : 0) |
                                              (r.shape_reversed ? RoadNetwork::kReversed : 0));
    if (raw.has_coordinates && r.shape_count > 0) {
      if (static_cast<std::size_t>(r.shape_first) + r.shape_count > raw.shape.size())
        throw InputError(raw.source, 0, record(kept[e].raw_index) + " shape", "shape points within the network's list",
                         std::to_string(r.shape_first) + " + " + std::to_string(r.shape_count));
      net.shape_first_[e] = r.shape_first;
      net.shape_count_[e] = r.shape_count;
    }
    ++net.first_out_[kept[e].from + 1];
  }
  std::partial_sum(net.first_out_.begin(), net.first_out_.end(), net.first_out_.begin());

  // Reverse CSR by counting sort on heads; stable in edge id.
  net.first_in_.assign(n + 1, 0);
  for (std::size_t e = 0; e < m; ++e) ++net.first_in_[net.head_[e] + 1];
  std::partial_sum(net.first_in_.begin(), net.first_in_.end(), net.first_in_.begin());
  net.in_arcs_.resize(m);
  net.out_arcs_.resize(m);
  {
    std::vector<std::uint32_t> next(net.first_in_.begin(), net.first_in_.end() - 1);
    for (std::uint32_t e = 0; e < m; ++e) {
      net.out_arcs_[e] = {net.head_[e], e, net.travel_time_s_[e]};
      net.in_arcs_[next[net.head_[e]]++] = {net.tail_[e], e, net.travel_time_s_[e]};
    }
  }

  // Twins: the reverse edge of the same way with the same length.
  net.twin_.assign(m, index(kNoEdge));
  for (std::uint32_t e = 0; e < m; ++e) {
    if (net.twin_[e] != index(kNoEdge)) continue;
    const std::uint32_t u = net.tail_[e], v = net.head_[e];
    for (std::uint32_t f = net.first_out_[v]; f < net.first_out_[v + 1]; ++f) {
      if (net.head_[f] == u && net.twin_[f] == index(kNoEdge) && net.way_id_[f] == net.way_id_[e] &&
          std::abs(net.length_m_[f] - net.length_m_[e]) <= 1e-6 * std::max(1.0, net.length_m_[e])) {
        net.twin_[e] = f;
        net.twin_[f] = e;
        break;
      }
    }
  }

  // CSR invariants the search loops rely on.
  assert(net.first_out_.front() == 0 && net.first_out_.back() == m);
  assert(net.first_in_.back() == m);
  assert(std::is_sorted(net.first_out_.begin(), net.first_out_.end()));
  assert(std::all_of(net.head_.begin(), net.head_.end(), [n](auto h) { return h < n; }));

  {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs(m);
    for (std::size_t e = 0; e < m; ++e) pairs[e] = {net.tail_[e], net.head_[e]};
    net.graph_ = RoadNetwork::Graph(boost::edges_are_sorted, pairs.begin(), pairs.end(), n);
  }

  if (raw.has_coordinates) {
    std::vector<detail::NodeIndex::Value> values(n);
    for (std::uint32_t i = 0; i < n; ++i) values[i] = {detail::NodeIndex::Point(net.x_m_[i], net.y_m_[i]), i};
    net.node_index_ = std::make_unique<detail::NodeIndex>(std::move(values));
  }
  if (report_out) *report_out = report;
  return net;
}

}  // namespace dsim
