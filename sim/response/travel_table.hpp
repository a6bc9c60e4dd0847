// SPDX-License-Identifier: MIT
#pragma once

#include "sim/response/response_model.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <functional>
#include <span>
#include <vector>

namespace dsim {

// Travel times held in two tables: station -> every node and every node ->
// station, computed once before the replications and shared. Both are stored
// node-major, so that the times from all stations to one incident are one
// contiguous read. Times scale as 1 / speed_factor.
class TableTravelOracle final : public TravelOracle {
 public:
  // out[s][n]: seconds from station s to node n; back[s][n]: from node n to station s.
  TableTravelOracle(const std::vector<std::vector<double>>& out, const std::vector<std::vector<double>>& back)
      : stations_(out.size()) {
    const std::size_t nodes = out.empty() ? 0 : out.front().size();
    out_.resize(stations_ * nodes);
    back_.resize(stations_ * nodes);
    for (std::size_t s = 0; s < stations_; ++s) {
      for (std::size_t n = 0; n < nodes; ++n) {
        out_[n * stations_ + s] = out[s][n];
        back_[n * stations_ + s] = back[s][n];
      }
    }
    // The stations of every node ranked nearest first, so that the dispatcher
    // looks at a handful of stations instead of all of them. Two bytes per
    // station and node; left out when that would be large.
    if (stations_ > 0 && stations_ <= kMaxRankedStations && stations_ * nodes <= kMaxRankEntries) {
      rank_.resize(stations_ * nodes);
      std::vector<std::uint16_t> order(stations_);
      for (std::size_t n = 0; n < nodes; ++n) {
        const double* row = out_.data() + n * stations_;
        std::iota(order.begin(), order.end(), std::uint16_t{0});
        std::stable_sort(order.begin(), order.end(), [row](std::uint16_t a, std::uint16_t b) { return row[a] < row[b]; });
        std::copy(order.begin(), order.end(), rank_.begin() + static_cast<std::ptrdiff_t>(n * stations_));
      }
    }
  }

  double to_node_s(int station, NodeId node, double speed_factor) const override {
    return out_[index(node) * stations_ + static_cast<std::size_t>(station)] / speed_factor;
  }
  double to_station_s(NodeId node, int station, double speed_factor) const override {
    return back_[index(node) * stations_ + static_cast<std::size_t>(station)] / speed_factor;
  }
  void from_all_stations_s(NodeId node, std::span<double> out) const override {
    const double* row = out_.data() + index(node) * stations_;
    std::copy(row, row + out.size(), out.begin());
  }
  std::span<const std::uint16_t> stations_nearest_first(NodeId node) const override {
    if (rank_.empty()) return {};
    return {rank_.data() + index(node) * stations_, stations_};
  }

 private:
  static constexpr std::size_t kMaxRankedStations = 65'535;
  static constexpr std::size_t kMaxRankEntries = std::size_t{1} << 27;  // 256 MiB of ranks

  std::size_t stations_;
  std::vector<double> out_;   // [node * stations + station]
  std::vector<double> back_;  // [node * stations + station]
  std::vector<std::uint16_t> rank_;  // [node * stations + k]: the k-th nearest station
};

}  // namespace dsim
