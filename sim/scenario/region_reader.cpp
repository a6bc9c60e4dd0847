// SPDX-License-Identifier: MIT
// The region section: the synthetic region or a network file, zones, speeds, banners.
#include "sim/scenario/section_readers.hpp"

#include "sim/network/raw_network.hpp"
#include "sim/scenario/nearest_name.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace dsim::detail {

namespace {

const std::vector<std::string> kRegionKeys = {"synthetic", "network",         "zones",  "speed_table",   "speed_kph",
                                              "banners",   "population_raster", "places", "snap_warning_m"};
const std::vector<std::string> kZoneLayerKeys = {"layer", "layer_name", "id", "name", "type", "type_default", "population"};
const std::vector<std::string> kPlaceLayerKeys = {"layer", "layer_name", "name"};
const std::vector<std::string> kRasterKeys = {"file", "onto", "band"};
const std::vector<std::string> kSyntheticKeys = {"seed", "nodes"};
const std::vector<std::string> kSpeedTables = {"default", "china"};
// Names as the network code defines them.
const std::vector<std::string> kRoadClasses = [] {
  std::vector<std::string> names;
  for (int c = 0; c < kRoadClassCount; ++c) names.emplace_back(road_class_name(static_cast<RoadClass>(c)));
  return names;
}();

// A GIS layer: `layer` (the file), an optional `layer_name` and attribute
// names for the values in `attributes`; the other keys of `allowed` are left to the caller.
std::optional<LayerSpec> read_layer(FieldReader& in, const FieldReader::Fields& f, const Item& it,
                                    const std::vector<std::string>& attributes) {
  LayerSpec layer;
  layer.key = it.path;
  bool ok = true;
  if (const Item* file = in.required(f, it, "layer", "the path of a GIS file (GeoJSON, GeoPackage, Shapefile, ...)")) {
    if (const auto v = in.text(*file, "the path of a GIS file (GeoJSON, GeoPackage, Shapefile, ...)")) layer.path = *v;
    else ok = false;
  } else {
    ok = false;
  }
  if (const Item* name = FieldReader::get(f, "layer_name")) {
    if (const auto v = in.text(*name, "the name of a layer of the file")) layer.layer_name = *v;
  }
  for (const std::string& a : attributes) {
    if (const Item* field = FieldReader::get(f, a.c_str())) {
      if (const auto v = in.text(*field, "the name of an attribute of the layer")) layer.fields[a] = *v;
    }
  }
  if (!ok) return std::nullopt;
  return layer;
}

void read_zones(FieldReader& in, const Item& zones, RegionSpec& region) {
  if (zones.node.IsScalar()) {
    // A .csv is a zones.csv; any other file a GIS layer with attributes of the default names.
    if (const auto path = in.text(zones, "the path of a zones.csv file, or a GIS layer {layer: FILE, name: ATTRIBUTE, ...}")) {
      std::string lower = *path;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.ends_with(".csv")) region.zones_path = *path;
      else region.zone_layer = LayerSpec{*path, {}, {}, zones.path};
    }
    return;
  }
  const auto f = in.fields(zones, kZoneLayerKeys, "a zones layer");
  if (!f) return;
  region.zone_layer = read_layer(in, *f, zones, {"id", "name", "type", "population"});
  if (const Item* type = FieldReader::get(*f, "type_default")) {
    if (const auto v = in.one_of(*type, zone_type_names(), "a zone type")) region.zone_type_default = *v;
  }
}

void read_population_raster(FieldReader& in, const Item& it, RegionSpec& region) {
  PopulationRasterSpec raster;
  if (it.node.IsScalar()) {
    if (const auto path = in.text(it, "the path of a population raster (GeoTIFF, ...)")) {
      raster.path = *path;
      region.population_raster = raster;
    }
    return;
  }
  const auto f = in.fields(it, kRasterKeys, "a population raster");
  if (!f) return;
  bool ok = false;
  if (const Item* file = in.required(*f, it, "file", "the path of a population raster (GeoTIFF, ...)")) {
    if (const auto v = in.text(*file, "the path of a population raster (GeoTIFF, ...)")) {
      raster.path = *v;
      ok = true;
    }
  }
  if (const Item* onto = FieldReader::get(*f, "onto")) {
    if (const auto v = in.one_of(*onto, {"zones", "nodes"}, "what the people are summed onto"))
      raster.onto = *v == "nodes" ? PopulationRasterSpec::Onto::nodes : PopulationRasterSpec::Onto::zones;
  }
  if (const Item* band = FieldReader::get(*f, "band")) {
    if (const auto v = in.integer(*band, 1, 100000, "a band number (1 for the first)")) raster.band = static_cast<int>(*v);
  }
  if (ok) region.population_raster = raster;
}

void read_places(FieldReader& in, const Item& it, RegionSpec& region) {
  if (it.node.IsScalar()) {
    if (const auto path = in.text(it, "the path of a point layer of named places")) {
      region.place_layer = LayerSpec{*path, {}, {}, it.path};
    }
    return;
  }
  const auto f = in.fields(it, kPlaceLayerKeys, "a layer of named places");
  if (!f) return;
  region.place_layer = read_layer(in, *f, it, {"name"});
}

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
    } else {
      read_zones(in, *zones, region);
    }
  }
  if (const Item* raster = in.get(*f, "population_raster")) {
    read_population_raster(in, *raster, region);
    const bool onto_zones =
        region.population_raster && region.population_raster->onto == PopulationRasterSpec::Onto::zones;
    if (region.zone_layer && region.zone_layer->fields.count("population") > 0)
      in.error(*raster, "one source of the zones' population", "a population raster and a population attribute", {},
               "leave one out");
    else if (onto_zones && !use_synthetic && region.zones_path.empty() && !region.zone_layer)
      in.error(*raster, "zones to sum the people onto (region.zones), or onto: nodes", "no zones");
  }
  if (const Item* places = in.get(*f, "places")) read_places(in, *places, region);
  if (const Item* snap = in.get(*f, "snap_warning_m")) {
    if (const auto v = in.length(*snap, "a distance in metres > 0", true)) region.snap_warning_m = *v;
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
