// SPDX-License-Identifier: MIT
#pragma once

#include "sim/network/raw_network.hpp"  // EdgeId

#include <cstdint>

namespace dsim {

// Bit i set: the change applies to vehicle class i (ResponseModel::vehicle_classes).
using VehicleClassSet = std::uint32_t;
inline constexpr VehicleClassSet kAllVehicleClasses = ~VehicleClassSet{0};

// A road closing or reopening during a run, for some vehicle classes: a
// drill's "bridge out from t1 to t2", or water over a road from a flood.
struct RoadChange {
  double time_s = 0.0;
  EdgeId edge{};
  bool closed = true;  // false: it reopens
  VehicleClassSet classes = kAllVehicleClasses;
};

}  // namespace dsim
