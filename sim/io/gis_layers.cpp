// SPDX-License-Identifier: MIT
#include "sim/io/gis_layers.hpp"

#include "sim/core/error.hpp"
#include "sim/io/gdal_session.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <numbers>
#include <optional>
#include <set>

namespace dsim {

namespace {

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};
using Transform = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// One opened layer with its attribute mapping and its way to WGS84.
class OpenLayer {
 public:
  explicit OpenLayer(const LayerSpec& spec) : spec_(spec) {
    const GdalQuiet quiet;
    // A CSV file of points: coordinates in lon/lat (or longitude/latitude, x/y) columns, WGS84.
    std::string lower = spec.path;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const char* csv_options[] = {"X_POSSIBLE_NAMES=lon,longitude,x", "Y_POSSIBLE_NAMES=lat,latitude,y",
                                 "KEEP_GEOM_COLUMNS=NO", nullptr};
    const bool csv = lower.ends_with(".csv");
    dataset_.reset(GDALDataset::Open(spec.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                     csv ? csv_options : nullptr, nullptr));
    if (!dataset_) {
      throw InputError(spec.path, 0, key("layer"),
                       "a vector file GDAL can open (GeoJSON, GeoPackage, Shapefile, ...)", gdal_error_or("unreadable"));
    }
    if (spec.layer_name.empty()) {
      if (dataset_->GetLayerCount() < 1) throw InputError(spec.path, 0, key("layer"), "a file with a layer", "none");
      layer_ = dataset_->GetLayer(0);
    } else {
      layer_ = dataset_->GetLayerByName(spec.layer_name.c_str());
      if (layer_ == nullptr) {
        std::string names;
        for (int i = 0; i < dataset_->GetLayerCount(); ++i)
          names += (i ? ", " : "") + std::string(dataset_->GetLayer(i)->GetName());
        throw InputError(spec.path, 0, key("layer_name"), "a layer of the file (" + names + ")", spec.layer_name);
      }
    }
    const OGRSpatialReference* source = layer_->GetSpatialRef();
    if (source != nullptr) {
      OGRSpatialReference from(*source);
      from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      OGRSpatialReference wgs84;
      wgs84.SetWellKnownGeogCS("WGS84");
      wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      if (!from.IsSame(&wgs84)) {
        transform_.reset(OGRCreateCoordinateTransformation(&from, &wgs84));
        if (!transform_)
          throw InputError(spec.path, 0, key("layer"), "a coordinate reference system that converts to WGS84",
                           gdal_error_or(from.GetName() ? from.GetName() : "unknown"));
      }
    }
  }

  OGRLayer& layer() { return *layer_; }
  const std::string& file() const { return spec_.path; }

  // The scenario key of a part of the layer's mapping: "region.zones.population".
  std::string key(const std::string& what) const { return spec_.key.empty() ? what : spec_.key + "." + what; }
  std::string key(const std::string& what, std::size_t record, const std::string& attribute = {}) const {
    std::string k = key(what) + " (record " + std::to_string(record);
    if (!attribute.empty()) k += ", attribute '" + attribute + "'";
    return k + ")";
  }

  // The attribute index of a mapped value; -1 when not mapped and the layer
  // has no attribute of that name. A mapping to an attribute the layer lacks throws.
  int attribute(const std::string& what, bool required) {
    OGRFeatureDefn* defn = layer_->GetLayerDefn();
    const auto mapped = spec_.fields.find(what);
    const std::string name = mapped != spec_.fields.end() ? mapped->second : what;
    const int index = defn->GetFieldIndex(name.c_str());
    if (index < 0 && (mapped != spec_.fields.end() || required)) {
      std::string names;
      for (int i = 0; i < defn->GetFieldCount(); ++i)
        names += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
      throw InputError(spec_.path, 0, key(what),
                       "an attribute of layer '" + std::string(layer_->GetName()) + "' (" +
                           (names.empty() ? std::string("it has none") : names) + ")",
                       name);
    }
    names_[what] = name;
    return index;
  }
  const std::string& attribute_name(const std::string& what) { return names_[what]; }

  // The feature's geometry in WGS84, lines for curves; null when it has none.
  std::unique_ptr<OGRGeometry> geometry(OGRFeature& feature, std::size_t record) {
    const OGRGeometry* g = feature.GetGeometryRef();
    if (g == nullptr || g->IsEmpty()) return nullptr;
    std::unique_ptr<OGRGeometry> out(g->hasCurveGeometry() ? g->getLinearGeometry() : g->clone());
    if (transform_ && out->transform(transform_.get()) != OGRERR_NONE)
      throw InputError(spec_.path, 0, key("layer", record), "coordinates that convert to WGS84",
                       gdal_error_or("a failed conversion"));
    return out;
  }

  LonLat lon_lat(double x, double y, std::size_t record) const {
    if (!std::isfinite(x) || !std::isfinite(y) || x < -180.0 || x > 180.0 || y < -90.0 || y > 90.0) {
      throw InputError(spec_.path, 0, key("layer", record),
                       "longitude in [-180, 180] and latitude in [-90, 90] (a layer without a coordinate reference "
                       "system is taken as WGS84)",
                       std::to_string(x) + " " + std::to_string(y));
    }
    return {x, y};
  }

 private:
  const LayerSpec& spec_;
  GDALDatasetUniquePtr dataset_;
  OGRLayer* layer_ = nullptr;
  Transform transform_;
  std::map<std::string, std::string> names_;
};

std::string field_text(OGRFeature& f, int index) {
  if (index < 0 || !f.IsFieldSetAndNotNull(index)) return {};
  std::string s = f.GetFieldAsString(index);
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<LonLat> ring_points(OpenLayer& layer, const OGRLinearRing& ring, std::size_t record) {
  std::vector<LonLat> out;
  for (int i = 0; i < ring.getNumPoints(); ++i) out.push_back(layer.lon_lat(ring.getX(i), ring.getY(i), record));
  if (out.size() > 1 && out.front() == out.back()) out.pop_back();
  if (out.size() < 3)
    throw InputError(layer.file(), 0, layer.key("layer", record), "polygon rings of at least 3 points",
                     std::to_string(out.size()) + " points");
  return out;
}

}  // namespace

std::vector<Zone> read_zone_layer(const LayerSpec& spec, ZoneType default_type) {
  OpenLayer layer(spec);
  const int id_at = layer.attribute("id", false);
  const int name_at = layer.attribute("name", false);
  const int type_at = layer.attribute("type", false);
  const int population_at = layer.attribute("population", false);
  std::vector<Zone> zones;
  std::set<std::string> ids;
  std::size_t record = 0;
  const GdalQuiet quiet;
  layer.layer().ResetReading();
  for (OGRFeatureUniquePtr feature(layer.layer().GetNextFeature()); feature;
       feature.reset(layer.layer().GetNextFeature())) {
    ++record;
    Zone zone;
    zone.id = field_text(*feature, id_at);
    if (zone.id.empty()) {
      if (id_at >= 0)
        throw InputError(spec.path, 0, layer.key("id", record, layer.attribute_name("id")), "a non-empty zone id", "");
      zone.id = "zone_" + std::to_string(record);
    }
    if (!ids.insert(zone.id).second)
      throw InputError(spec.path, 0, layer.key("id", record, layer.attribute_name("id")),
                       "a zone id not used by an earlier record", zone.id);
    zone.name = field_text(*feature, name_at);
    if (zone.name.empty()) zone.name = zone.id;
    zone.type = default_type;
    if (const std::string type = field_text(*feature, type_at); !type.empty() && !parse_zone_type(type, zone.type))
      throw InputError(spec.path, 0, layer.key("type", record, layer.attribute_name("type")),
                       "one of built_up, industrial_park, village, grassland", type);
    if (population_at >= 0 && feature->IsFieldSetAndNotNull(population_at)) {
      const std::string text = field_text(*feature, population_at);
      const OGRFieldType kind = feature->GetFieldDefnRef(population_at)->GetType();
      const bool numeric = kind == OFTInteger || kind == OFTInteger64 || kind == OFTReal;
      char* end = nullptr;
      const double people = numeric ? feature->GetFieldAsDouble(population_at) : std::strtod(text.c_str(), &end);
      if ((!numeric && (end == text.c_str() || *end != '\0')) || !std::isfinite(people) || people < 0.0)
        throw InputError(spec.path, 0, layer.key("population", record, layer.attribute_name("population")),
                         "a number of people, 0 or more", text);
      zone.population = std::llround(people);
    }
    const std::unique_ptr<OGRGeometry> g = layer.geometry(*feature, record);
    const OGRwkbGeometryType kind = g ? wkbFlatten(g->getGeometryType()) : wkbNone;
    std::vector<const OGRPolygon*> parts;
    if (kind == wkbPolygon) {
      parts.push_back(g->toPolygon());
    } else if (kind == wkbMultiPolygon) {
      for (const OGRPolygon* p : *g->toMultiPolygon())
        if (!p->IsEmpty()) parts.push_back(p);
    }
    if (parts.empty()) {
      throw InputError(spec.path, 0, layer.key("layer", record), "a polygon or multipolygon",
                       g ? std::string(OGRGeometryTypeToName(g->getGeometryType())) : "no geometry");
    }
    // The largest part's outer ring is the zone's polygon; every other ring goes to more_rings.
    std::size_t largest = 0;
    for (std::size_t i = 1; i < parts.size(); ++i)
      if (parts[i]->get_Area() > parts[largest]->get_Area()) largest = i;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const OGRPolygon& p = *parts[i];
      std::vector<LonLat> outer = ring_points(layer, *p.getExteriorRing(), record);
      if (i == largest) zone.polygon = std::move(outer);
      else zone.more_rings.push_back(std::move(outer));
      for (int h = 0; h < p.getNumInteriorRings(); ++h)
        zone.more_rings.push_back(ring_points(layer, *p.getInteriorRing(h), record));
    }
    zones.push_back(std::move(zone));
  }
  return zones;
}

std::vector<PointRecord> read_point_layer(const LayerSpec& spec, const std::vector<std::string>& attributes,
                                          const std::vector<std::string>& required) {
  OpenLayer layer(spec);
  std::vector<int> at;
  std::vector<bool> must;
  for (const std::string& a : attributes) {
    const bool is_required = std::find(required.begin(), required.end(), a) != required.end();
    at.push_back(layer.attribute(a, is_required));
    must.push_back(is_required);
  }
  std::vector<PointRecord> out;
  std::size_t record = 0;
  const GdalQuiet quiet;
  layer.layer().ResetReading();
  for (OGRFeatureUniquePtr feature(layer.layer().GetNextFeature()); feature;
       feature.reset(layer.layer().GetNextFeature())) {
    PointRecord r;
    r.record = ++record;
    for (std::size_t a = 0; a < attributes.size(); ++a) {
      r.values.push_back(field_text(*feature, at[a]));
      if (must[a] && r.values.back().empty())
        throw InputError(spec.path, 0, layer.key(attributes[a], record, layer.attribute_name(attributes[a])),
                         "a value", "nothing");
    }
    const std::unique_ptr<OGRGeometry> g = layer.geometry(*feature, record);
    const OGRwkbGeometryType kind = g ? wkbFlatten(g->getGeometryType()) : wkbNone;
    const OGRPoint* point = nullptr;
    if (kind == wkbPoint) point = g->toPoint();
    if (kind == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) point = g->toMultiPoint()->getGeometryRef(0);
    if (point == nullptr)
      throw InputError(spec.path, 0, layer.key("layer", record), "a point",
                       g ? std::string(OGRGeometryTypeToName(g->getGeometryType())) : "no geometry");
    r.position = layer.lon_lat(point->getX(), point->getY(), record);
    out.push_back(std::move(r));
  }
  return out;
}

std::string gdal_path(const std::string& path, const std::string& zip_member_suffix) {
  const auto ends_with = [](const std::string& s, const std::string& tail) {
    if (s.size() < tail.size()) return false;
    for (std::size_t i = 0; i < tail.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(s[s.size() - tail.size() + i])) !=
          std::tolower(static_cast<unsigned char>(tail[i])))
        return false;
    return true;
  };
  if (ends_with(path, ".gz")) return "/vsigzip/" + path;
  if (!ends_with(path, ".zip")) return path;
  const std::string zip = "/vsizip/" + path;
  if (zip_member_suffix.empty()) return zip;
  gdal_register_once();
  char** members = VSIReadDirRecursive(zip.c_str());
  std::string member;
  for (char** m = members; m != nullptr && *m != nullptr && member.empty(); ++m)
    if (ends_with(*m, zip_member_suffix)) member = *m;
  CSLDestroy(members);
  return member.empty() ? zip : zip + "/" + member;
}

double RasterExtent::area_km2(bool assume_degrees) const {
  const double w = max_x - min_x, h = max_y - min_y;
  if (!geographic && !assume_degrees) return w * h / 1e6;
  constexpr double km_per_degree = 6371.0088 * std::numbers::pi / 180.0;
  const double mid_lat = (min_y + max_y) / 2.0 * std::numbers::pi / 180.0;
  return w * km_per_degree * std::cos(mid_lat) * h * km_per_degree;
}

RasterExtent read_raster_extent(const std::string& path, const std::string& zip_member_suffix) {
  const GdalQuiet quiet;
  const std::string where = gdal_path(path, zip_member_suffix);
  GDALDatasetUniquePtr ds(GDALDataset::Open(where.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw InputError(path, 0, "", "a raster GDAL can open", gdal_error_or("unreadable"));
  RasterExtent e;
  e.cols = static_cast<std::size_t>(ds->GetRasterXSize());
  e.rows = static_cast<std::size_t>(ds->GetRasterYSize());
  double gt[6] = {0, 1, 0, 0, 0, 1};
  if (ds->GetGeoTransform(gt) != CE_None)
    throw InputError(path, 0, "", "a georeferenced raster (a geotransform)", "none");
  const double xs[2] = {gt[0], gt[0] + gt[1] * static_cast<double>(e.cols) + gt[2] * static_cast<double>(e.rows)};
  const double ys[2] = {gt[3], gt[3] + gt[4] * static_cast<double>(e.cols) + gt[5] * static_cast<double>(e.rows)};
  e.min_x = std::min(xs[0], xs[1]);
  e.max_x = std::max(xs[0], xs[1]);
  e.min_y = std::min(ys[0], ys[1]);
  e.max_y = std::max(ys[0], ys[1]);
  const OGRSpatialReference* srs = ds->GetSpatialRef();
  e.geographic = srs != nullptr && srs->IsGeographic();
  return e;
}

}  // namespace dsim
