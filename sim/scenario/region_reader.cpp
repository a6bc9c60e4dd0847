// SPDX-License-Identifier: MIT
// The region section: the synthetic region or a network file, zones, speeds, banners.
#include "sim/scenario/section_readers.hpp"

#include "sim/network/raw_network.hpp"
#include "sim/scenario/nearest_name.hpp"

#include <algorithm>
#include <limits>

namespace dsim::detail {

namespace {

const std::vector<std::string> kRegionKeys = {"synthetic", "network", "zones", "speed_table", "speed_kph", "banners"};
const std::vector<std::string> kSyntheticKeys = {"seed", "nodes"};
const std::vector<std::string> kSpeedTables = {"default", "china"};
// Names as the network code defines them.
const std::vector<std::string> kRoadClasses = [] {
  std::vector<std::string> names;
  for (int c = 0; c < kRoadClassCount; ++c) names.emplace_back(road_class_name(static_cast<RoadClass>(c)));
  return names;
}();

}  // namespace

void read_region(FieldReader& in, const Item& it, RegionSpec& region) {
  const auto f = in.fields(it, kRegionKeys, "the region");
  if (!f) return;
  const Item* synthetic = in.get(*f, "synthetic");
  const Item* network = in.get(*f, "network");
  bool use_synthetic = network == nullptr;
  if (synthetic != nullptr) {
    if (synthetic->node.IsMap()) {
      if (const auto s = in.fields(*synthetic, kSyntheticKeys, "the synthetic region's settings")) {
        if (const Item* seed = in.get(*s, "seed")) {
          if (const auto v = in.integer(*seed, 0, std::numeric_limits<long long>::max(), "a seed (an integer >= 0)"))
            region.synthetic_seed = static_cast<std::uint64_t>(*v);
        }
        if (const Item* nodes = in.get(*s, "nodes")) {
          if (const auto v = in.integer(*nodes, 10'000, 5'000'000, "a node count from 10000 to 5000000"))
            region.synthetic_target_nodes = static_cast<std::size_t>(*v);
        }
      }
      use_synthetic = true;
    } else if (const auto b = in.boolean(*synthetic)) {
      use_synthetic = *b;
    }
    if (use_synthetic && network != nullptr) {
      in.error(*network, "either a network file or the synthetic region", "both");
    }
    if (!use_synthetic && network == nullptr) {
      in.error(*synthetic, "the synthetic region, or a network file under region.network", "false");
    }
  }
  if (network != nullptr) {
    if (const auto path = in.text(*network, "the path of a road network file (.osm.pbf, .csv, .gr)"))
      region.network_path = *path;
  }
  if (const Item* zones = in.get(*f, "zones")) {
    if (use_synthetic) {
      in.error(*zones, "zones only with a network file", found_text(zones->node), {}, "the synthetic region has its own zones");
    } else if (const auto path = in.text(*zones, "the path of a zones.csv file")) {
      region.zones_path = *path;
    }
  }
  if (const Item* table = in.get(*f, "speed_table")) {
    if (const auto name = in.text(*table, "a speed table (" + joined(kSpeedTables) + ")")) {
      if (in.known_name(*table, kSpeedTables, "a speed table")) region.speed_table = *name;
    }
  }
  if (const Item* speeds = in.get(*f, "speed_kph")) {
    for (const auto& [road_class, value] : in.entries(*speeds, "speeds by road class (a map of class: km/h)")) {
      if (std::find(kRoadClasses.begin(), kRoadClasses.end(), road_class) == kRoadClasses.end()) {
        in.report(Severity::error, value.path, in.position(value.path), "a road class (" + joined(kRoadClasses) + ")",
               quote_text(road_class), nearest_name(road_class, kRoadClasses));
        continue;
      }
      if (const auto v = in.number_where(value, "a speed in km/h > 0", [](double x) { return x > 0.0; }))
        region.speed_kph[road_class] = *v;
    }
  }
  if (const Item* banners = in.get(*f, "banners")) {
    // banner -> its zones; a zone belongs to one banner.
    std::map<std::string, std::string> seen;
    for (const auto& [banner, zones] : in.entries(*banners, "the banners and their zones (a map of banner: [zone, ...])")) {
      for (const Item& zone : in.name_list(zones, "a list of zone ids")) {
        const std::string& id = zone.node.Scalar();
        if (const auto other = seen.find(id); other != seen.end()) {
          in.error(zone, "each zone in one banner", quote_text(id), {}, "it is already in " + other->second);
          continue;
        }
        seen.emplace(id, banner);
        region.zone_banner[id] = banner;
      }
    }
  }
}

}  // namespace dsim::detail
