// SPDX-License-Identifier: MIT
#include "sim/run/region_loader.hpp"

#include "sim/core/error.hpp"
#include "sim/io/gis_layers.hpp"
#include "sim/io/population_raster.hpp"
#include "sim/network/load_network.hpp"
#include "sim/network/synthetic_region.hpp"

#include <cmath>

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
    if (spec.zone_layer) {
      LayerSpec layer = *spec.zone_layer;
      std::filesystem::path file = layer.path;
      if (file.is_relative() && !file.string().starts_with("/vsi")) layer.path = (base_dir / file).string();
      ZoneType type = ZoneType::built_up;
      if (!parse_zone_type(spec.zone_type_default, type))
        throw InputError(scenario_file, 0, "region.zones.type_default", "a zone type", spec.zone_type_default);
      region.zones = read_zone_layer(layer, type);
    } else if (!spec.zones_path.empty()) {
      std::filesystem::path zones = spec.zones_path;
      if (zones.is_relative()) zones = base_dir / zones;
      if (!std::filesystem::exists(zones))
        throw InputError(scenario_file, 0, "region.zones", "an existing zones.csv file", zones.string());
      region.zones = read_zones_csv(zones.string());
    }
    return region;
  }
}

std::string resolved(const std::string& path, const std::filesystem::path& base_dir) {
  std::filesystem::path p = path;
  return p.is_relative() && !path.starts_with("/vsi") ? (base_dir / p).string() : path;
}

// People from a raster: onto the zones (cell centre in the zone), or onto the
// road nodes (nearest node) and from them onto the nodes' zones.
void add_raster_population(Region& region, PopulationRasterSpec spec, const std::filesystem::path& base_dir) {
  spec.path = resolved(spec.path, base_dir);
  const std::string key = "region.population_raster";
  if (spec.onto == PopulationRasterSpec::Onto::zones) {
    const RasterPopulation p = population_onto_zones(spec, region.zones, key);
    for (std::size_t z = 0; z < region.zones.size(); ++z) region.zones[z].population = std::llround(p.people[z]);
    region.raster_people = p.total;
    region.raster_people_unassigned = p.unassigned;
    return;
  }
  const RasterPopulation p = population_onto_nodes(spec, region.network, key);
  std::vector<double> by_zone(region.zones.size(), 0.0);
  double unassigned = p.unassigned;  // outside the road network's extent
  for (std::size_t n = 0; n < p.people.size(); ++n) {
    const int z = n < region.node_zone.size() ? region.node_zone[n] : -1;
    if (z >= 0) by_zone[static_cast<std::size_t>(z)] += p.people[n];
    else unassigned += p.people[n];
  }
  for (std::size_t z = 0; z < region.zones.size(); ++z) region.zones[z].population = std::llround(by_zone[z]);
  region.node_population = p.people;
  region.raster_people = p.total;
  region.raster_people_unassigned = unassigned;
}

// Named places from a point layer, each snapped to its nearest node.
void add_layer_places(Region& region, LayerSpec layer, const std::filesystem::path& base_dir) {
  layer.path = resolved(layer.path, base_dir);
  if (!region.network.has_coordinates())
    throw InputError(layer.path, 0, layer.key, "a road network with coordinates to snap places to", "none");
  for (const PointRecord& r : read_point_layer(layer, {"name"}, {"name"})) {
    const std::string& name = r.values[0];
    if (region.place_positions.count(name) > 0)
      throw InputError(layer.path, 0, layer.key + ".name (record " + std::to_string(r.record) + ")",
                       "a place name not used by an earlier record", name);
    region.places[name] = region.network.nearest_node(r.position.lon, r.position.lat);
    region.place_positions[name] = r.position;
  }
}

}  // namespace

Region load_region(const RegionSpec& spec, const std::filesystem::path& base_dir, const std::string& scenario_file) {
  Region region = load_network_region(spec, base_dir, scenario_file);
  region.node_zone = assign_nodes_to_zones(region.network, region.zones);
  if (spec.population_raster) add_raster_population(region, *spec.population_raster, base_dir);
  if (spec.place_layer) add_layer_places(region, *spec.place_layer, base_dir);
  for (const auto& [zone, banner] : spec.zone_banner) {
    bool known = false;
    for (const Zone& z : region.zones) known = known || z.id == zone;
    if (!known) throw InputError(scenario_file, 0, "region.banners", "a zone id of the region", zone);
    region.zone_banner[zone] = banner;
  }
  return region;
}

}  // namespace dsim
