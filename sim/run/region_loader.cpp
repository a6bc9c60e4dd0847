// SPDX-License-Identifier: MIT
#include "sim/run/region_loader.hpp"

#include "sim/core/error.hpp"
#include "sim/network/load_network.hpp"
#include "sim/network/synthetic_region.hpp"

namespace dsim {

namespace {

Region load_network_region(const RegionSpec& spec, const std::filesystem::path& base_dir,
                           const std::string& scenario_file) {
  if (spec.network_path.empty()) {
    SyntheticRegionOptions options;
    options.seed = spec.synthetic_seed;
    options.target_nodes = spec.synthetic_target_nodes;
    SyntheticRegion synthetic = generate_synthetic_region(options);
    Region region{build_road_network(synthetic.network)};
    region.zones = std::move(synthetic.zones);
    region.river_centreline = synthetic.river.centreline;
    region.river_width_m = synthetic.river.width_m;
    for (const Landmark& l : synthetic.landmarks)
      if (auto node = region.network.find_node(l.node)) region.places[l.id] = *node;
    // Both ends of every bridge, so that a drill can close one ({from: bridge_2_north, to: bridge_2_south}).
    for (const Bridge& bridge : synthetic.bridges) {
      if (auto node = region.network.find_node(bridge.north_node)) region.places[bridge.id + "_north"] = *node;
      if (auto node = region.network.find_node(bridge.south_node)) region.places[bridge.id + "_south"] = *node;
    }
    region.description = "synthetic Ordos-like region (seed " + std::to_string(spec.synthetic_seed) + ")";
    return region;
  }
  {
    std::filesystem::path path = spec.network_path;
    if (path.is_relative()) path = base_dir / path;
    if (!std::filesystem::exists(path))
      throw InputError(scenario_file, 0, "region.network", "an existing road network file", path.string());
    LoadOptions options;
    if (spec.speed_table == "china") {
      options.osm.speed_table = SpeedTableKind::china;
    } else if (spec.speed_table != "default" && spec.speed_table != "general" && !spec.speed_table.empty()) {
      throw InputError(scenario_file, 0, "region.speed_table", "default or china", spec.speed_table);
    }
    options.osm.speed_overrides_kph = spec.speed_kph;
    Region region{load_road_network(path, options)};
    region.description = path.filename().string();
    if (!spec.zones_path.empty()) {
      std::filesystem::path zones = spec.zones_path;
      if (zones.is_relative()) zones = base_dir / zones;
      if (!std::filesystem::exists(zones))
        throw InputError(scenario_file, 0, "region.zones", "an existing zones.csv file", zones.string());
      region.zones = read_zones_csv(zones.string());
    }
    return region;
  }
}

}  // namespace

Region load_region(const RegionSpec& spec, const std::filesystem::path& base_dir, const std::string& scenario_file) {
  Region region = load_network_region(spec, base_dir, scenario_file);
  region.node_zone = assign_nodes_to_zones(region.network, region.zones);
  for (const auto& [zone, banner] : spec.zone_banner) {
    bool known = false;
    for (const Zone& z : region.zones) known = known || z.id == zone;
    if (!known) throw InputError(scenario_file, 0, "region.banners", "a zone id of the region", zone);
    region.zone_banner[zone] = banner;
  }
  return region;
}

}  // namespace dsim
