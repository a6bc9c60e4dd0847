// SPDX-License-Identifier: MIT
#include "sim/network/region.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

namespace dsim {

bool region_covers(const RoadNetwork& network, double lon, double lat, double margin_deg) {
  const auto& box = network.bounding_box();
  return lon >= box.min_lon - margin_deg && lon <= box.max_lon + margin_deg && lat >= box.min_lat - margin_deg &&
         lat <= box.max_lat + margin_deg;
}

std::vector<int> assign_nodes_to_zones(const RoadNetwork& network, const std::vector<Zone>& zones) {
  namespace bg = boost::geometry;
  namespace bgi = boost::geometry::index;
  using Point = bg::model::point<double, 2, bg::cs::cartesian>;
  using Box = bg::model::box<Point>;
  std::vector<int> out(network.node_count(), -1);
  if (zones.empty() || !network.has_coordinates()) return out;
  // Bounding boxes in an R-tree first: most nodes fall outside most zones,
  // and a province has thousands of zones.
  std::vector<std::pair<Box, std::size_t>> boxes;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    Box b(Point(1e9, 1e9), Point(-1e9, -1e9));
    const auto widen = [&b](const std::vector<LonLat>& ring) {
      for (const LonLat& p : ring) bg::expand(b, Point(p.lon, p.lat));
    };
    widen(zones[z].polygon);
    for (const auto& ring : zones[z].more_rings) widen(ring);
    boxes.emplace_back(b, z);
  }
  const bgi::rtree<std::pair<Box, std::size_t>, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
  std::vector<std::pair<Box, std::size_t>> hits;
  for (std::size_t n = 0; n < out.size(); ++n) {
    const NodeId id{static_cast<std::uint32_t>(n)};
    const LonLat p{network.lon(id), network.lat(id)};
    hits.clear();
    tree.query(bgi::intersects(Point(p.lon, p.lat)), std::back_inserter(hits));
    // The first zone in the list that holds the node, as a scan in order would find.
    std::sort(hits.begin(), hits.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
    for (const auto& hit : hits) {
      if (zone_contains(zones[hit.second], p)) {
        out[n] = static_cast<int>(hit.second);
        break;
      }
    }
  }
  return out;
}

}  // namespace dsim
