// SPDX-License-Identifier: MIT
#pragma once

// A map drawn as inline SVG from longitude/latitude: an equirectangular
// projection fitted to the bounds (a degree of longitude drawn cos(mid
// latitude) times as wide as a degree of latitude), layers in the order added
// (raster overlays, roads, road values, zones, polylines, points), then a
// legend, a colour bar per continuous scale, a scale bar in km, a north arrow
// and a title. Every layer is a <g> with an id (roads, zones, ...) so that a
// page's tests can find it; points carry a <title> tooltip.
//
//   SvgMap map(MapBounds::of(region.network), 760);
//   map.set_title("Stations and 5-minute cover");
//   map.add_roads(region.network);
//   map.add_road_values(region.network, cover.edge_covered_fraction, scale, "cover", "5-min cover");
//   map.add_points("stations", points);
//   map.add_legend_marker("station", "#000", MapMarker::square);
//   std::string svg = map.svg();

#include "sim/network/lon_lat.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

class RoadNetwork;
struct Zone;

// Mean metres per degree of latitude (WGS 84 mean radius), as maps.py uses.
inline constexpr double kMetresPerDegree = 6371008.8 * 3.14159265358979323846 / 180.0;

// A round length (1, 2 or 5 times a power of ten, km) not above a fifth of span_km.
double nice_length_km(double span_km);
// Round tick values covering [lo, hi] (about `count` of them, step 1, 2 or 5 x 10^k).
std::vector<double> nice_ticks(double lo, double hi, int count = 5);

struct MapBounds {
  double min_lon = 0.0, min_lat = 0.0, max_lon = 0.0, max_lat = 0.0;
  // The network's nodes (and edge shapes' bounding box).
  static MapBounds of(const RoadNetwork& network);
  // Widened to hold p.
  void include(LonLat p);
  bool empty() const { return !(max_lon >= min_lon && max_lat >= min_lat); }
  static MapBounds none() { return {1.0, 1.0, -1.0, -1.0}; }
};

// The equirectangular projection of a map: lon/lat to SVG pixels (y down).
class MapProjection {
 public:
  // Fits `bounds` (widened by `margin_share` each side) into `width_px`
  // pixels; the height follows from the cos(latitude) aspect, clamped to
  // [0.35, 1.6] times the width by widening the other direction.
  MapProjection(MapBounds bounds, double width_px, double margin_share = 0.03);
  double x(double lon) const { return (lon - west_) * px_per_deg_lon_; }
  double y(double lat) const { return (north_ - lat) * px_per_deg_lat_; }
  double width_px() const { return width_px_; }
  double height_px() const { return height_px_; }
  // Ground metres per pixel east-west at the middle latitude (= north-south).
  double metres_per_px() const { return metres_per_px_; }
  double mid_lat() const { return mid_lat_; }
  double west() const { return west_; }
  double north() const { return north_; }

 private:
  double west_ = 0, north_ = 0, mid_lat_ = 0;
  double px_per_deg_lon_ = 1, px_per_deg_lat_ = 1;
  double width_px_ = 0, height_px_ = 0, metres_per_px_ = 1;
};

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  std::string hex() const;  // "#rrggbb"
};

// Values to colours: a continuous ramp between `lo` and `hi` (values outside
// are clamped; NaN is transparent), or classes of given upper edges.
class ColourScale {
 public:
  // threat: yellow, orange, red (AEGL-1, 2, 3 at lo, middle, hi).
  enum class Ramp { viridis, blues, reds, magma_reversed, green_to_red, threat };
  ColourScale() = default;
  ColourScale(double lo, double hi, Ramp ramp, std::string label, std::string unit);
  Rgba rgba(double value) const;
  std::string colour(double value) const { return rgba(value).hex(); }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  const std::string& label() const { return label_; }
  const std::string& unit() const { return unit_; }
  // "≥" is shown at the top end of the colour bar when values were clamped there.
  bool open_top = false;

 private:
  double lo_ = 0.0, hi_ = 1.0;
  Ramp ramp_ = Ramp::viridis;
  std::string label_, unit_;
};

// Ten distinct colours for categories (Tableau 10), cycled.
std::string category_colour(std::size_t index);

enum class MapMarker { circle, square, triangle, cross, diamond };

struct MapPoint {
  LonLat at;
  std::string fill = "#1f77b4";
  MapMarker marker = MapMarker::circle;
  double size_px = 4.0;    // radius (half the side of a square)
  std::string title;       // tooltip text (plain; escaped)
  std::string css_class;   // e.g. "never-reached"
  std::string stroke = "#222";
};

// A grid of values georeferenced by the lon/lat of its outer edges; row 0 is
// the northernmost. NaN cells are transparent.
struct MapRaster {
  std::string id = "raster";
  std::size_t rows = 0, cols = 0;
  std::vector<double> values;  // rows * cols, row-major from the north-west
  double west = 0, south = 0, east = 0, north = 0;
  ColourScale scale;
  double opacity = 0.75;
  bool colour_bar = true;  // false: the caller adds legend patches for classes
};

// The PNG bytes (GDAL's PNG driver through /vsimem/) of a raster coloured by
// its scale, one pixel per cell, NaN transparent. Throws dsim::Error if GDAL fails.
std::vector<std::uint8_t> encode_raster_png(const MapRaster& raster);
// RFC 4648 base64 (GDAL's encoder).
std::string base64(std::span<const std::uint8_t> bytes);

class SvgMap {
 public:
  explicit SvgMap(MapBounds bounds, double width_px = 760.0);

  const MapProjection& projection() const { return projection_; }
  void set_title(std::string title) { title_ = std::move(title); }
  void set_id(std::string id) { id_ = std::move(id); }

  // Every road once (a two-way road once), thin grey, wider for major classes.
  void add_roads(const RoadNetwork& network, std::string id = "roads");
  // Roads whose per-edge value is above `min_value` (e.g. covered fraction),
  // coloured by the scale, drawn over the roads; the scale gets a colour bar.
  void add_road_values(const RoadNetwork& network, std::span<const double> per_edge, const ColourScale& scale,
                       std::string id, double min_value = 0.0);
  // Roads (directed edges) drawn in one colour, e.g. closed roads; an edge and its twin once.
  void add_road_set(const RoadNetwork& network, std::span<const std::uint32_t> edges, std::string colour,
                    std::string id, std::string legend_label);
  // Zone outlines (every ring), with the name as tooltip.
  void add_zones(const std::vector<Zone>& zones, std::string id = "zones");
  void add_points(std::string id, const std::vector<MapPoint>& points);
  void add_polyline(std::string id, const std::vector<LonLat>& line, std::string colour, double width_px = 2.0,
                    std::string title = {});
  // Raster overlay as an embedded PNG <image>; its scale gets a colour bar.
  void add_raster(const MapRaster& raster);

  void add_legend_marker(std::string label, std::string fill, MapMarker marker = MapMarker::circle);
  void add_legend_line(std::string label, std::string colour, double width_px = 2.0);
  void add_legend_patch(std::string label, std::string fill, std::string stroke = {});
  void add_colour_bar(const ColourScale& scale);

  // The whole <svg> element (width, height, viewBox; role="img").
  std::string svg() const;
  std::size_t legend_entries() const { return legend_.size() + colour_bars_.size(); }

 private:
  std::string point_svg(const MapPoint& p) const;
  std::string road_path(const RoadNetwork& network, std::uint32_t edge) const;

  MapProjection projection_;
  std::string id_ = "map";
  std::string title_;
  std::string layers_;
  struct LegendItem {
    std::string label, colour, stroke;
    int kind = 0;  // 0 marker, 1 line, 2 patch
    MapMarker marker = MapMarker::circle;
    double width = 2.0;
  };
  std::vector<LegendItem> legend_;
  std::vector<ColourScale> colour_bars_;
};

}  // namespace dsim
