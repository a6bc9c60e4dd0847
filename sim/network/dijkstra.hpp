// SPDX-License-Identifier: MIT
#pragma once

// Travel-time searches over a RoadNetwork: one-to-all, time-bounded,
// many-to-one and point-to-point, with path reconstruction.
//
//   Router router(network, &edge_states);
//   for (NodeId v : router.travel_times_from(station).within(300.0).nodes()) ...
//
// A Router owns a workspace sized to the network whose per-node slots carry
// a generation stamp, so a search costs only what it settles: there is no
// O(n) reset between queries. A Router is not thread-safe; use one per
// thread (they are cheap to create next to the shared network).

#include "sim/network/raw_network.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace dsim {

class RoadNetwork;
class EdgeStates;

inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

// A route: nodes[0] -> ... -> nodes.back(), edges[i] joins nodes[i] and
// nodes[i+1]. travel_time_s includes the source's offset, if any.
struct Path {
  std::vector<NodeId> nodes;
  std::vector<EdgeId> edges;
  double travel_time_s = 0.0;
};

// One start of a multi-source search and the time already spent before
// leaving it (a station's turnout time, say). For an inbound search it is
// the time added after arriving.
struct Source {
  NodeId node{};
  double offset_s = 0.0;
};

// outbound: times from the sources to every node; inbound: times from
// every node to the sources (over the reverse graph).
enum class SearchDirection : std::uint8_t { outbound, inbound };

namespace detail {

struct SearchSlot {
  double time_s;
  std::uint32_t state;   // the generation that touched it, | kSettledBit once settled
  std::uint32_t parent;  // edge used to reach the node; kNone for a source
};

struct HeapItem {
  double key;
  std::uint32_t node;
};

// Scratch space of one Router. Slots belong to the current search only when
// their state carries the current generation, so starting a search is O(1).
struct SearchWorkspace {
  static constexpr std::uint32_t kSettledBit = 0x80000000u;
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  std::vector<SearchSlot> slots;
  std::vector<std::uint32_t> origin;  // per node: source index; written by multi-source searches only
  std::vector<HeapItem> heap;         // storage of the lazy 4-ary min-heap of a search
  std::vector<NodeId> settled;        // one per node; the first settled_count, in settling order
  std::size_t settled_count = 0;
  std::uint32_t generation = 0;       // always < kSettledBit
  bool multi_source = false;

  bool is_settled(std::uint32_t v) const { return slots[v].state == (generation | kSettledBit); }
  void next_generation();
};

}  // namespace detail

// The nodes one search settled. A view into the Router's workspace: valid
// until the next search on the same Router.
class Reached {
 public:
  std::size_t size() const { return ws_->settled_count; }
  // Settled nodes in non-decreasing travel time.
  std::span<const NodeId> nodes() const { return {ws_->settled.data(), ws_->settled_count}; }
  bool contains(NodeId v) const { return ws_->is_settled(index(v)); }
  // Travel time to (outbound) or from (inbound) v; kUnreachable if v was not settled.
  double time_s(NodeId v) const { return contains(v) ? ws_->slots[index(v)].time_s : kUnreachable; }
  // Which source (index into the sources given) reached v first; -1 if none.
  int source_index(NodeId v) const {
    if (!contains(v)) return -1;
    return ws_->multi_source ? static_cast<int>(ws_->origin[index(v)]) : 0;
  }
  // The edge by which the search reached v (outbound: its last edge in; inbound: its first edge out), or kNoEdge.
  EdgeId parent_edge(NodeId v) const;
  // Outbound: the route from its source to v; inbound: from v to its target.
  std::optional<Path> path(NodeId v) const;
  // Travel time per node, kUnreachable where not settled.
  std::vector<double> to_vector() const;
  double limit_s() const { return limit_s_; }
  SearchDirection direction() const { return direction_; }

 private:
  friend class Router;
  Reached(const RoadNetwork* net, const detail::SearchWorkspace* ws, SearchDirection d, double limit_s)
      : net_(net), ws_(ws), direction_(d), limit_s_(limit_s) {}
  const RoadNetwork* net_;
  const detail::SearchWorkspace* ws_;
  SearchDirection direction_;
  double limit_s_;
};

class Router;

// A search about to run; say how far with within(), everywhere() or until().
class SearchRequest {
 public:
  // Settles every node whose travel time is <= limit_s, and nothing else.
  Reached within(double limit_s);
  // Settles every reachable node.
  Reached everywhere();
  // Stops as soon as `node` is settled (point-to-point).
  Reached until(NodeId node);

 private:
  friend class Router;
  SearchRequest(Router& router, SearchDirection d) : router_(router), direction_(d) {}
  Router& router_;
  SearchDirection direction_;
};

class Router {
 public:
  explicit Router(const RoadNetwork& network, const EdgeStates* states = nullptr);

  // Closures and slow-downs to respect (nullptr: free flow). The states
  // must outlive the searches and match the network's edge count.
  Router& use_edge_states(const EdgeStates* states);
  // The vehicle's speed relative to each edge's free-flow speed (> 0).
  Router& use_speed_factor(double factor);

  SearchRequest travel_times_from(NodeId source);
  SearchRequest travel_times_from(std::span<const Source> sources);
  SearchRequest travel_times_to(NodeId target);
  SearchRequest travel_times_to(std::span<const Source> targets);

  // Fastest travel time from -> to, kUnreachable if none.
  double travel_time_s(NodeId from, NodeId to);
  // Fastest route from -> to, nullopt if none.
  std::optional<Path> route(NodeId from, NodeId to);

  // The travel time of one edge under the current states and speed factor
  // (kUnreachable when closed).
  double edge_travel_time_s(EdgeId e) const;

  const RoadNetwork& network() const { return *net_; }
  const EdgeStates* edge_states() const { return states_; }
  double speed_factor() const { return speed_factor_; }

 private:
  friend class SearchRequest;
  void set_sources(std::span<const Source> sources);
  Reached run(SearchDirection direction, double limit_s, std::uint32_t stop_at);

  const RoadNetwork* net_;
  const EdgeStates* states_ = nullptr;
  double speed_factor_ = 1.0;
  std::vector<Source> sources_;
  detail::SearchWorkspace ws_;
};

}  // namespace dsim
