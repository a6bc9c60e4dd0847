// SPDX-License-Identifier: MIT
#include "sim/network/edge_states.hpp"

#include "sim/network/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace dsim {

EdgeStates::EdgeStates(const RoadNetwork& network) : EdgeStates(network.edge_count()) {}

EdgeStates::EdgeStates(std::size_t edge_count)
    : multiplier_(edge_count, 1.0), factor_(edge_count, 1.0), closed_(edge_count, 0) {}

void EdgeStates::update(std::uint32_t e) {
  multiplier_[e] = closed_[e] ? std::numeric_limits<double>::infinity() : 1.0 / factor_[e];
  ++version_;
}

void EdgeStates::close(EdgeId e) {
  const auto i = index(e);
  if (closed_.at(i)) return;
  closed_[i] = 1;
  ++closed_count_;
  update(i);
}

void EdgeStates::reopen(EdgeId e) {
  const auto i = index(e);
  if (!closed_.at(i)) return;
  closed_[i] = 0;
  --closed_count_;
  update(i);
}

void EdgeStates::set_speed_factor(EdgeId e, double factor) {
  if (!(factor > 0.0) || !std::isfinite(factor))
    throw std::invalid_argument("EdgeStates: speed factor must be finite and > 0, got " + std::to_string(factor));
  const auto i = index(e);
  if (factor_.at(i) == factor) return;
  factor_[i] = factor;
  update(i);
}

void EdgeStates::reset() {
  std::fill(multiplier_.begin(), multiplier_.end(), 1.0);
  std::fill(factor_.begin(), factor_.end(), 1.0);
  std::fill(closed_.begin(), closed_.end(), 0);
  closed_count_ = 0;
  ++version_;
}

}  // namespace dsim
