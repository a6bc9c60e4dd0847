// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/raw_network.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace dsim {

class RoadNetwork;

// Per-replication overlay on a RoadNetwork: each edge is open at free flow,
// slowed (or sped up) by a speed factor, or closed. Changing it costs O(1)
// and never touches the shared network. A closure keeps the edge's speed
// factor, so reopening a flooded road returns it to its slowed state.
class EdgeStates {
 public:
  explicit EdgeStates(const RoadNetwork& network);
  explicit EdgeStates(std::size_t edge_count);

  std::size_t edge_count() const { return multiplier_.size(); }

  void close(EdgeId e);
  void reopen(EdgeId e);
  // Speed relative to free flow; factor > 0 and finite (0.5: half speed).
  // Throws std::invalid_argument otherwise.
  void set_speed_factor(EdgeId e, double factor);
  // Everything open at free flow again.
  void reset();

  bool is_closed(EdgeId e) const { return closed_[index(e)] != 0; }
  double speed_factor(EdgeId e) const { return factor_[index(e)]; }
  std::size_t closed_count() const { return closed_count_; }
  // Grows by one with every change; a cache of travel times computed under
  // these states is still valid while the version is unchanged.
  std::uint64_t version() const { return version_; }

  // Multiplier on each edge's free-flow travel time: 1 / speed factor, or
  // +infinity when closed. What the search loops read.
  std::span<const double> time_multipliers() const { return multiplier_; }

 private:
  void update(std::uint32_t e);

  std::vector<double> multiplier_;
  std::vector<double> factor_;
  std::vector<std::uint8_t> closed_;
  std::size_t closed_count_ = 0;
  std::uint64_t version_ = 0;
};

}  // namespace dsim
