// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace dsim {

// What an extreme event can cut besides roads (断网、断电): infrastructure a
// warning channel, a phone call or a video link depends on.
enum class Infrastructure : std::uint8_t { power, mobile, broadcast, landline };
inline constexpr int kInfrastructureCount = 4;
inline constexpr const char* kInfrastructureNames[] = {"power", "mobile", "broadcast", "landline"};
// Bit i set: infrastructure i.
using InfrastructureSet = std::uint8_t;
inline constexpr InfrastructureSet infrastructure_bit(Infrastructure i) {
  return static_cast<InfrastructureSet>(1u << static_cast<unsigned>(i));
}
inline int infrastructure_index(const std::string& name) {  // -1 if unknown
  for (int i = 0; i < kInfrastructureCount; ++i)
    if (name == kInfrastructureNames[i]) return i;
  return -1;
}

// The outages of a run bound to the region's zones: for each zone, the
// windows during which each kind of infrastructure is down. Plain data,
// shared read-only by every replication.
class OutageMap {
 public:
  struct Window {
    InfrastructureSet what = 0;
    double start_s = 0.0;
    double end_s = std::numeric_limits<double>::infinity();
  };

  OutageMap() = default;
  explicit OutageMap(std::size_t zones) : windows_(zones) {}

  void add(std::size_t zone, Window w) {
    if (zone >= windows_.size()) windows_.resize(zone + 1);
    windows_[zone].push_back(w);
    any_ = true;
  }
  bool empty() const { return !any_; }

  // True when any of `needs` is down in `zone` at time t (zone < 0: never).
  bool down(int zone, InfrastructureSet needs, double t_s) const {
    if (!any_ || zone < 0 || static_cast<std::size_t>(zone) >= windows_.size() || needs == 0) return false;
    for (const Window& w : windows_[static_cast<std::size_t>(zone)])
      if ((w.what & needs) != 0 && t_s >= w.start_s && t_s < w.end_s) return true;
    return false;
  }

  // The first time at or after t when every one of `needs` is up in `zone`
  // (t itself when nothing is down; +inf when an outage never ends).
  double up_again_s(int zone, InfrastructureSet needs, double t_s) const {
    double t = t_s;
    for (bool moved = true; moved;) {
      moved = false;
      if (zone < 0 || static_cast<std::size_t>(zone) >= windows_.size()) return t;
      for (const Window& w : windows_[static_cast<std::size_t>(zone)]) {
        if ((w.what & needs) != 0 && t >= w.start_s && t < w.end_s) {
          t = w.end_s;
          moved = true;
        }
      }
    }
    return t;
  }

 private:
  std::vector<std::vector<Window>> windows_;  // per zone
  bool any_ = false;
};

}  // namespace dsim
