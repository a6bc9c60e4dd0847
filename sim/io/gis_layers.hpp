// SPDX-License-Identifier: MIT
#pragma once

// Vector layers of GIS files read with GDAL/OGR (GeoJSON, GeoPackage,
// Shapefile: anything OGR opens): zones from polygons, named points (places,
// stations) from points. Coordinates come back in WGS84 longitude/latitude,
// reprojected when the layer has another coordinate reference system.
//
// Problems a user can cause throw InputError naming the layer file, the
// scenario key the layer was given under (LayerSpec::key), the record
// (1-based, in the layer's order) and the attribute: an unreadable file, a
// missing layer or attribute, a geometry of the wrong kind, a bad value.

#include "sim/network/lon_lat.hpp"
#include "sim/network/zones.hpp"
#include "sim/response/scenario.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace dsim {

// Zones from a polygon layer. Attributes (LayerSpec::fields): "id", "name",
// "type" (a zone type name), "population" (a whole number >= 0, a real number
// is rounded). A mapping the spec gives must name an attribute of the layer;
// without one, an attribute called id, name, type or population is used when
// the layer has it. Without an id attribute a zone is "zone_<record>"; without
// a name, its id; without a type, `default_type`; without a population, 0.
// Multipolygons and holes are kept (Zone::more_rings); curved geometries are
// approximated by lines.
std::vector<Zone> read_zone_layer(const LayerSpec& spec, ZoneType default_type = ZoneType::built_up);

// One point of a point layer with the attributes asked for.
struct PointRecord {
  std::size_t record = 0;           // 1-based, in the layer's order
  LonLat position;                  // WGS84
  std::vector<std::string> values;  // parallel to the `attributes` asked for; empty where not given
};

// The points of a point layer (a multipoint of one point is taken as a
// point; a .csv file with lon and lat columns, or longitude/latitude, x/y, is
// a layer of WGS84 points) with, for each, the values of `attributes` ("id", "name", ...)
// mapped through LayerSpec::fields as for zones. `required` attributes must be
// found in the layer (under their mapped or own name) and be non-empty.
std::vector<PointRecord> read_point_layer(const LayerSpec& spec, const std::vector<std::string>& attributes,
                                          const std::vector<std::string>& required = {});

// The extent of a raster (a DEM, a population grid) read from its header
// only: width and height on the ground in metres and the middle, when the
// raster is georeferenced in degrees; in its own units otherwise.
struct RasterExtent {
  std::size_t cols = 0, rows = 0;
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // in the raster's units
  bool geographic = false;  // x, y are longitude and latitude in degrees
  // The area covered in km^2 (degrees converted on a sphere, metres as they are).
  double area_km2(bool assume_degrees = false) const;
};

// Reads the header of any raster GDAL opens, looking into .gz and .zip
// files (the first member whose name ends in `zip_member_suffix`, e.g. ".hgt").
// Throws InputError naming the file when GDAL cannot open it.
RasterExtent read_raster_extent(const std::string& path, const std::string& zip_member_suffix = {});

// The GDAL path of a file: /vsigzip/ for .gz, /vsizip/ (with the first member
// ending in `zip_member_suffix`, if given) for .zip, else the path itself.
std::string gdal_path(const std::string& path, const std::string& zip_member_suffix = {});

}  // namespace dsim
