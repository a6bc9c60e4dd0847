// SPDX-License-Identifier: MIT
#pragma once

#include "sim/response/response_model.hpp"

#include <functional>
#include <vector>

namespace dsim {

// Travel times held in two tables per station: station -> every node and
// every node -> station, computed once before the replications and shared.
// Times scale as 1 / speed_factor.
class TableTravelOracle final : public TravelOracle {
 public:
  // out[s][n]: seconds from station s to node n; back[s][n]: from node n to station s.
  TableTravelOracle(std::vector<std::vector<double>> out, std::vector<std::vector<double>> back)
      : out_(std::move(out)), back_(std::move(back)) {}

  double to_node_s(int station, NodeId node, double speed_factor) const override {
    return out_[static_cast<std::size_t>(station)][index(node)] / speed_factor;
  }
  double to_station_s(NodeId node, int station, double speed_factor) const override {
    return back_[static_cast<std::size_t>(station)][index(node)] / speed_factor;
  }

 private:
  std::vector<std::vector<double>> out_;
  std::vector<std::vector<double>> back_;
};

}  // namespace dsim
