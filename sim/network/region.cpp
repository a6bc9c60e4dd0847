// SPDX-License-Identifier: MIT
#include "sim/network/region.hpp"

namespace dsim {

bool region_covers(const RoadNetwork& network, double lon, double lat, double margin_deg) {
  const auto& box = network.bounding_box();
  return lon >= box.min_lon - margin_deg && lon <= box.max_lon + margin_deg && lat >= box.min_lat - margin_deg &&
         lat <= box.max_lat + margin_deg;
}

std::vector<int> assign_nodes_to_zones(const RoadNetwork& network, const std::vector<Zone>& zones) {
  std::vector<int> out(network.node_count(), -1);
  if (zones.empty() || !network.has_coordinates()) return out;
  // Bounding boxes first: most nodes fall outside most zones.
  struct Box {
    double min_lon, min_lat, max_lon, max_lat;
  };
  std::vector<Box> boxes;
  for (const Zone& z : zones) {
    Box b{1e9, 1e9, -1e9, -1e9};
    const auto widen = [&b](const std::vector<LonLat>& ring) {
      for (const LonLat& p : ring) {
        b.min_lon = std::min(b.min_lon, p.lon);
        b.max_lon = std::max(b.max_lon, p.lon);
        b.min_lat = std::min(b.min_lat, p.lat);
        b.max_lat = std::max(b.max_lat, p.lat);
      }
    };
    widen(z.polygon);
    for (const auto& ring : z.more_rings) widen(ring);
    boxes.push_back(b);
  }
  for (std::size_t n = 0; n < out.size(); ++n) {
    const NodeId id{static_cast<std::uint32_t>(n)};
    const LonLat p{network.lon(id), network.lat(id)};
    for (std::size_t z = 0; z < zones.size(); ++z) {
      const Box& b = boxes[z];
      if (p.lon < b.min_lon || p.lon > b.max_lon || p.lat < b.min_lat || p.lat > b.max_lat) continue;
      if (zone_contains(zones[z], p)) {
        out[n] = static_cast<int>(z);
        break;
      }
    }
  }
  return out;
}

}  // namespace dsim
