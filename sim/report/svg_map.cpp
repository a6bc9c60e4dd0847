// SPDX-License-Identifier: MIT
#include "sim/report/svg_map.hpp"

#include "sim/core/error.hpp"
#include "sim/io/gdal_session.hpp"
#include "sim/network/road_network.hpp"
#include "sim/network/zones.hpp"
#include "sim/report/html_page.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <numbers>

namespace dsim {

namespace {

constexpr double kTitleBand = 30.0;   // px above the map for its title
constexpr double kLegendWidth = 250.0;  // px right of the map

// A coordinate with one decimal: enough for a screen, short in the file.
std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

struct Stop {
  double at;
  std::uint8_t r, g, b;
};

// Colour ramps as a few stops, interpolated linearly in RGB.
const std::vector<Stop>& ramp_stops(ColourScale::Ramp ramp) {
  static const std::vector<Stop> viridis = {{0.0, 68, 1, 84},     {0.25, 59, 82, 139}, {0.5, 33, 145, 140},
                                            {0.75, 94, 201, 98}, {1.0, 253, 231, 37}};
  static const std::vector<Stop> blues = {{0.0, 198, 219, 239}, {0.35, 107, 174, 214}, {0.7, 33, 113, 181},
                                          {1.0, 8, 48, 107}};
  static const std::vector<Stop> reds = {{0.0, 254, 224, 139}, {0.4, 253, 141, 60}, {0.75, 227, 26, 28},
                                         {1.0, 128, 0, 38}};
  static const std::vector<Stop> magma_r = {{0.0, 252, 253, 191}, {0.3, 254, 159, 109}, {0.55, 222, 73, 104},
                                            {0.8, 140, 41, 129},  {1.0, 59, 15, 112}};
  static const std::vector<Stop> green_red = {{0.0, 26, 152, 80},   {0.35, 145, 207, 96}, {0.55, 254, 224, 139},
                                              {0.8, 252, 141, 89}, {1.0, 215, 48, 39}};
  static const std::vector<Stop> threat = {{0.0, 255, 228, 77}, {0.5, 255, 153, 0}, {1.0, 227, 26, 28}};
  switch (ramp) {
    case ColourScale::Ramp::threat: return threat;
    case ColourScale::Ramp::blues: return blues;
    case ColourScale::Ramp::reds: return reds;
    case ColourScale::Ramp::magma_reversed: return magma_r;
    case ColourScale::Ramp::green_to_red: return green_red;
    case ColourScale::Ramp::viridis: break;
  }
  return viridis;
}

std::string marker_svg(MapMarker marker, double x, double y, double s, const std::string& fill,
                       const std::string& stroke, const std::string& extra) {
  const std::string common = " fill=\"" + html_escape(fill) + "\" stroke=\"" + html_escape(stroke) + "\"" + extra;
  switch (marker) {
    case MapMarker::square:
      return "<rect x=\"" + px(x - s) + "\" y=\"" + px(y - s) + "\" width=\"" + px(2 * s) + "\" height=\"" +
             px(2 * s) + "\"" + common + "/>";
    case MapMarker::triangle:
      return "<path d=\"M" + px(x) + " " + px(y - 1.2 * s) + "L" + px(x + 1.1 * s) + " " + px(y + 0.8 * s) + "L" +
             px(x - 1.1 * s) + " " + px(y + 0.8 * s) + "Z\"" + common + "/>";
    case MapMarker::diamond:
      return "<path d=\"M" + px(x) + " " + px(y - 1.3 * s) + "L" + px(x + 1.3 * s) + " " + px(y) + "L" + px(x) + " " +
             px(y + 1.3 * s) + "L" + px(x - 1.3 * s) + " " + px(y) + "Z\"" + common + "/>";
    case MapMarker::cross:
      return "<path d=\"M" + px(x - s) + " " + px(y - s) + "L" + px(x + s) + " " + px(y + s) + "M" + px(x - s) + " " +
             px(y + s) + "L" + px(x + s) + " " + px(y - s) + "\" fill=\"none\" stroke=\"" + html_escape(fill) +
             "\" stroke-width=\"2\"" + extra + "/>";
    case MapMarker::circle: break;
  }
  return "<circle cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(s) + "\"" + common + "/>";
}

// Road tiers as maps.py draws them: width and colour by class.
struct Tier {
  const char* name;
  double width;
  const char* colour;
};
const Tier& tier_of(RoadClass c) {
  static const Tier tiers[] = {{"major", 1.4, "#8c8c8c"}, {"main", 1.0, "#9a9a9a"}, {"local", 0.6, "#b0b0b0"},
                               {"minor", 0.4, "#c8c8c8"}};
  switch (c) {
    case RoadClass::motorway:
    case RoadClass::trunk: return tiers[0];
    case RoadClass::primary:
    case RoadClass::secondary: return tiers[1];
    case RoadClass::service:
    case RoadClass::track:
    case RoadClass::other: return tiers[3];
    default: return tiers[2];
  }
}

}  // namespace

double nice_length_km(double span_km) {
  if (!(span_km > 0.0) || !std::isfinite(span_km)) return 1.0;
  const double target = span_km / 5.0;
  const double power = std::pow(10.0, std::floor(std::log10(target)));
  for (const double step : {5.0, 2.0, 1.0})
    if (step * power <= target * (1.0 + 1e-12)) return step * power;
  return power;
}

std::vector<double> nice_ticks(double lo, double hi, int count) {
  std::vector<double> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) return {lo};
  const double raw = (hi - lo) / std::max(count, 1);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double t = first; t <= hi + step * 1e-9; t += step) ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

MapBounds MapBounds::of(const RoadNetwork& network) {
  const BoundingBox& b = network.bounding_box();
  return {b.min_lon, b.min_lat, b.max_lon, b.max_lat};
}

void MapBounds::include(LonLat p) {
  if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) return;
  if (empty()) {
    *this = {p.lon, p.lat, p.lon, p.lat};
    return;
  }
  min_lon = std::min(min_lon, p.lon);
  max_lon = std::max(max_lon, p.lon);
  min_lat = std::min(min_lat, p.lat);
  max_lat = std::max(max_lat, p.lat);
}

MapProjection::MapProjection(MapBounds b, double width_px, double margin_share) : width_px_(width_px) {
  if (b.empty()) b = {0.0, 0.0, 0.01, 0.01};
  mid_lat_ = 0.5 * (b.min_lat + b.max_lat);
  const double k = std::max(std::cos(mid_lat_ * std::numbers::pi / 180.0), 1e-6);  // east metres per lon metre
  // Spans in "latitude degrees" of ground, so that both axes share one scale.
  double east = std::max((b.max_lon - b.min_lon) * k, 1e-6);
  double north = std::max(b.max_lat - b.min_lat, 1e-6);
  east *= 1.0 + 2.0 * margin_share;
  north *= 1.0 + 2.0 * margin_share;
  // Keep the picture between flat and tall by widening the short direction.
  if (north / east < 0.35) north = 0.35 * east;
  if (north / east > 1.6) east = north / 1.6;
  const double centre_lon = 0.5 * (b.min_lon + b.max_lon);
  const double centre_lat = mid_lat_;
  west_ = centre_lon - 0.5 * east / k;
  north_ = centre_lat + 0.5 * north;
  px_per_deg_lat_ = width_px / east;
  px_per_deg_lon_ = px_per_deg_lat_ * k;
  height_px_ = north * px_per_deg_lat_;
  metres_per_px_ = kMetresPerDegree / px_per_deg_lat_;
}

std::string Rgba::hex() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
  return buf;
}

ColourScale::ColourScale(double lo, double hi, Ramp ramp, std::string label, std::string unit)
    : lo_(lo), hi_(hi), ramp_(ramp), label_(std::move(label)), unit_(std::move(unit)) {
  if (!std::isfinite(lo_)) lo_ = 0.0;
  if (!std::isfinite(hi_) || hi_ <= lo_) hi_ = lo_ + 1.0;
}

Rgba ColourScale::rgba(double value) const {
  if (std::isnan(value)) return {0, 0, 0, 0};
  const double t = std::clamp((value - lo_) / (hi_ - lo_), 0.0, 1.0);
  const std::vector<Stop>& stops = ramp_stops(ramp_);
  std::size_t i = 1;
  while (i + 1 < stops.size() && stops[i].at < t) ++i;
  const Stop& a = stops[i - 1];
  const Stop& b = stops[i];
  const double f = b.at > a.at ? std::clamp((t - a.at) / (b.at - a.at), 0.0, 1.0) : 0.0;
  auto mix = [f](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(std::lround(x + (static_cast<double>(y) - x) * f));
  };
  return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), 255};
}

std::string category_colour(std::size_t index) {
  static const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return colours[index % 10];
}

std::vector<std::uint8_t> encode_raster_png(const MapRaster& raster) {
  if (raster.rows == 0 || raster.cols == 0 || raster.values.size() != raster.rows * raster.cols)
    throw Error("raster " + raster.id + ": " + std::to_string(raster.values.size()) + " values for " +
                std::to_string(raster.rows) + " x " + std::to_string(raster.cols) + " cells");
  const GdalQuiet quiet;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (mem == nullptr || png == nullptr) throw Error("GDAL has no MEM or PNG driver");
  const int cols = static_cast<int>(raster.cols), rows = static_cast<int>(raster.rows);
  GDALDatasetUniquePtr ds(mem->Create("", cols, rows, 4, GDT_Byte, nullptr));
  if (!ds) throw Error("GDAL: " + gdal_error_or("cannot create an in-memory raster"));
  std::vector<std::uint8_t> band(raster.values.size());
  for (int b = 0; b < 4; ++b) {
    for (std::size_t i = 0; i < raster.values.size(); ++i) {
      const Rgba c = raster.scale.rgba(raster.values[i]);
      band[i] = b == 0 ? c.r : b == 1 ? c.g : b == 2 ? c.b : c.a;
    }
    if (ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, cols, rows, band.data(), cols, rows, GDT_Byte, 0, 0,
                                           nullptr) != CE_None)
      throw Error("GDAL: " + gdal_error_or("cannot fill an in-memory raster"));
  }
  static std::atomic<unsigned> counter{0};
  const std::string name = "/vsimem/dsim_report_" + std::to_string(counter++) + ".png";
  {
    GDALDatasetUniquePtr out(png->CreateCopy(name.c_str(), ds.get(), FALSE, nullptr, nullptr, nullptr));
    if (!out) {
      VSIUnlink(name.c_str());
      throw Error("GDAL PNG driver: " + gdal_error_or("cannot encode the raster"));
    }
  }
  vsi_l_offset length = 0;
  GByte* data = VSIGetMemFileBuffer(name.c_str(), &length, FALSE);
  std::vector<std::uint8_t> bytes;
  if (data != nullptr) bytes.assign(data, data + length);
  VSIUnlink(name.c_str());
  // The PNG driver also writes an .aux.xml beside it when asked for metadata; drop it if there.
  VSIUnlink((name + ".aux.xml").c_str());
  if (bytes.empty()) throw Error("GDAL PNG driver wrote nothing");
  return bytes;
}

std::string base64(std::span<const std::uint8_t> bytes) {
  char* text = CPLBase64Encode(static_cast<int>(bytes.size()), bytes.data());
  std::string out = text != nullptr ? text : "";
  CPLFree(text);
  return out;
}

SvgMap::SvgMap(MapBounds bounds, double width_px) : projection_(bounds, width_px) {}

std::string SvgMap::road_path(const RoadNetwork& network, std::uint32_t edge) const {
  // Shape points closer than 0.7 px to the last one drawn cannot be seen: left
  // out, which keeps the maps of large networks small. The ends are kept.
  const std::vector<LonLat> points = network.geometry(EdgeId{edge});
  std::string d;
  double last_x = 0.0, last_y = 0.0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double x = projection_.x(points[i].lon), y = projection_.y(points[i].lat);
    if (i > 0 && i + 1 < points.size() && std::hypot(x - last_x, y - last_y) < 0.7) continue;
    d += (i == 0 ? "M" : "L") + px(x) + " " + px(y);
    last_x = x, last_y = y;
  }
  return d;
}

void SvgMap::add_roads(const RoadNetwork& network, std::string id) {
  if (!network.has_coordinates()) return;
  std::map<const Tier*, std::string> paths;
  for (std::uint32_t e = 0; e < network.edge_count(); ++e) {
    const EdgeId twin = network.twin(EdgeId{e});
    if (twin != kNoEdge && index(twin) < e) continue;  // a two-way road once
    paths[&tier_of(network.road_class(EdgeId{e}))] += road_path(network, e);
  }
  layers_ += "<g id=\"" + html_escape(id) + "\" class=\"roads\" fill=\"none\" stroke-linecap=\"round\">";
  for (const auto& [tier, d] : paths)
    layers_ += "<path class=\"road-" + std::string(tier->name) + "\" stroke=\"" + tier->colour + "\" stroke-width=\"" +
               px(tier->width) + "\" d=\"" + d + "\"/>";
  layers_ += "</g>\n";
  add_legend_line("roads", "#9a9a9a", 1.0);
}

void SvgMap::add_road_values(const RoadNetwork& network, std::span<const double> per_edge, const ColourScale& scale,
                             std::string id, double min_value) {
  // Values binned into 20 colours: one path per colour keeps the file small.
  constexpr int kBins = 20;
  std::vector<std::string> paths(kBins);
  const std::size_t n = std::min<std::size_t>(per_edge.size(), network.edge_count());
  for (std::uint32_t e = 0; e < n; ++e) {
    const double v = per_edge[e];
    if (!(v > min_value)) continue;
    const EdgeId twin = network.twin(EdgeId{e});
    if (twin != kNoEdge && index(twin) < e && index(twin) < n && per_edge[index(twin)] > min_value) continue;
    const double t = std::clamp((v - scale.lo()) / (scale.hi() - scale.lo()), 0.0, 1.0);
    paths[std::min(kBins - 1, static_cast<int>(t * kBins))] += road_path(network, e);
  }
  layers_ += "<g id=\"" + html_escape(id) + "\" class=\"road-values\" fill=\"none\" stroke-linecap=\"round\">";
  for (int b = 0; b < kBins; ++b) {
    if (paths[b].empty()) continue;
    const double mid = scale.lo() + (b + 0.5) / kBins * (scale.hi() - scale.lo());
    layers_ += "<path stroke=\"" + scale.colour(mid) + "\" stroke-width=\"1.8\" d=\"" + paths[b] + "\"/>";
  }
  layers_ += "</g>\n";
  add_colour_bar(scale);
}

void SvgMap::add_road_set(const RoadNetwork& network, std::span<const std::uint32_t> edges, std::string colour,
                          std::string id, std::string legend_label) {
  std::vector<bool> seen(network.edge_count(), false);
  std::string d;
  for (const std::uint32_t e : edges) {
    if (e >= network.edge_count() || seen[e]) continue;
    seen[e] = true;
    const EdgeId twin = network.twin(EdgeId{e});
    if (twin != kNoEdge) seen[index(twin)] = true;
    d += road_path(network, e);
  }
  layers_ += "<g id=\"" + html_escape(id) + "\" class=\"road-set\" fill=\"none\" stroke-linecap=\"round\">";
  if (!d.empty())
    layers_ += "<path stroke=\"" + html_escape(colour) + "\" stroke-width=\"2.4\" d=\"" + d + "\"/>";
  layers_ += "</g>\n";
  if (!legend_label.empty()) add_legend_line(std::move(legend_label), std::move(colour), 2.4);
}

void SvgMap::add_zones(const std::vector<Zone>& zones, std::string id) {
  layers_ += "<g id=\"" + html_escape(id) + "\" class=\"zones\" fill=\"none\" stroke=\"#7b3294\" stroke-width=\"0.9\""
             " stroke-dasharray=\"4 2\">";
  for (const Zone& z : zones) {
    std::string d;
    auto ring = [&](const std::vector<LonLat>& r) {
      for (std::size_t i = 0; i < r.size(); ++i)
        d += (i ? "L" : "M") + px(projection_.x(r[i].lon)) + " " + px(projection_.y(r[i].lat));
      if (!r.empty()) d += "Z";
    };
    ring(z.polygon);
    for (const auto& r : z.more_rings) ring(r);
    if (d.empty()) continue;
    const std::string name = z.name.empty() ? z.id : z.name + " (" + z.id + ")";
    layers_ += "<path fill-rule=\"evenodd\" pointer-events=\"visibleStroke\" d=\"" + d + "\"><title>" +
               html_escape(name + ", " + std::string(zone_type_name(z.type)) + ", " +
                           std::to_string(z.population) + " people") +
               "</title></path>";
  }
  layers_ += "</g>\n";
  if (!zones.empty()) add_legend_line("zones", "#7b3294", 0.9);
}

std::string SvgMap::point_svg(const MapPoint& p) const {
  const double x = projection_.x(p.at.lon), y = projection_.y(p.at.lat);
  std::string extra;
  if (!p.css_class.empty()) extra += " class=\"" + html_escape(p.css_class) + "\"";
  std::string s = marker_svg(p.marker, x, y, p.size_px, p.fill, p.stroke, extra);
  if (!p.title.empty()) {
    // The tooltip: a <title> child (the shape's closing "/>" opened up).
    s.resize(s.size() - 2);
    const std::string tag = s.substr(1, s.find(' ') - 1);
    s += "><title>" + html_escape(p.title) + "</title></" + tag + ">";
  }
  return s;
}

void SvgMap::add_points(std::string id, const std::vector<MapPoint>& points) {
  layers_ += "<g id=\"" + html_escape(id) + "\" class=\"points\" stroke-width=\"0.6\">";
  for (const MapPoint& p : points) layers_ += point_svg(p);
  layers_ += "</g>\n";
}

void SvgMap::add_polyline(std::string id, const std::vector<LonLat>& line, std::string colour, double width_px,
                          std::string title) {
  std::string d;
  for (std::size_t i = 0; i < line.size(); ++i)
    d += (i ? "L" : "M") + px(projection_.x(line[i].lon)) + " " + px(projection_.y(line[i].lat));
  layers_ += "<g id=\"" + html_escape(id) + "\" class=\"polyline\"><path fill=\"none\" stroke=\"" + html_escape(colour) +
             "\" stroke-width=\"" + px(width_px) + "\" d=\"" + d + "\">";
  if (!title.empty()) layers_ += "<title>" + html_escape(title) + "</title>";
  layers_ += "</path></g>\n";
}

void SvgMap::add_raster(const MapRaster& raster) {
  const std::string data = base64(encode_raster_png(raster));
  const double x0 = projection_.x(raster.west), x1 = projection_.x(raster.east);
  const double y0 = projection_.y(raster.north), y1 = projection_.y(raster.south);
  layers_ += "<g id=\"" + html_escape(raster.id) + "\" class=\"raster\"><image x=\"" + px(x0) + "\" y=\"" + px(y0) +
             "\" width=\"" + px(x1 - x0) + "\" height=\"" + px(y1 - y0) + "\" opacity=\"" + px(raster.opacity) +
             "\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64," +
             data + "\"/></g>\n";
  if (raster.colour_bar) add_colour_bar(raster.scale);
}

void SvgMap::add_legend_marker(std::string label, std::string fill, MapMarker marker) {
  legend_.push_back({std::move(label), std::move(fill), "#222", 0, marker, 2.0});
}

void SvgMap::add_legend_line(std::string label, std::string colour, double width_px) {
  for (const LegendItem& item : legend_)
    if (item.kind == 1 && item.label == label) return;
  legend_.push_back({std::move(label), std::move(colour), {}, 1, MapMarker::circle, width_px});
}

void SvgMap::add_legend_patch(std::string label, std::string fill, std::string stroke) {
  legend_.push_back({std::move(label), std::move(fill), std::move(stroke), 2, MapMarker::circle, 2.0});
}

void SvgMap::add_colour_bar(const ColourScale& scale) {
  for (const ColourScale& s : colour_bars_)
    if (s.label() == scale.label() && s.lo() == scale.lo() && s.hi() == scale.hi()) return;
  colour_bars_.push_back(scale);
}

std::string SvgMap::svg() const {
  const double map_w = projection_.width_px(), map_h = projection_.height_px();
  // Legend: entries of 18 px, colour bars of 62 px.
  std::string legend;
  double ly = 8.0;
  const double lx = map_w + 14.0;
  legend += "<g id=\"legend\" class=\"legend\" font-size=\"12\">";
  for (const LegendItem& item : legend_) {
    legend += "<g class=\"legend-entry\">";
    const double cy = ly + 8.0;
    if (item.kind == 0) {
      legend += marker_svg(item.marker, lx + 8, cy, 5.0, item.colour, item.stroke, "");
    } else if (item.kind == 1) {
      legend += "<line x1=\"" + px(lx) + "\" y1=\"" + px(cy) + "\" x2=\"" + px(lx + 18) + "\" y2=\"" + px(cy) +
                "\" stroke=\"" + html_escape(item.colour) + "\" stroke-width=\"" + px(std::max(item.width, 1.0)) + "\"/>";
    } else {
      legend += "<rect x=\"" + px(lx) + "\" y=\"" + px(cy - 6) + "\" width=\"18\" height=\"12\" fill=\"" +
                html_escape(item.colour) + "\" stroke=\"" + html_escape(item.stroke.empty() ? "#555" : item.stroke) +
                "\"/>";
    }
    legend += "<text x=\"" + px(lx + 26) + "\" y=\"" + px(cy + 4) + "\">" + html_escape(item.label) + "</text></g>";
    ly += 18.0;
  }
  int bar_index = 0;
  for (const ColourScale& s : colour_bars_) {
    ly += 6.0;
    const std::string grad = id_ + "-bar" + std::to_string(bar_index++);
    const double bw = kLegendWidth - 40.0;
    legend += "<g class=\"legend-entry colour-bar\"><defs><linearGradient id=\"" + html_escape(grad) + "\">";
    for (int k = 0; k <= 10; ++k) {
      const double v = s.lo() + (s.hi() - s.lo()) * k / 10.0;
      legend += "<stop offset=\"" + px(k * 10.0) + "%\" stop-color=\"" + s.colour(v) + "\"/>";
    }
    legend += "</linearGradient></defs>";
    std::string label = s.label();
    if (!s.unit().empty()) label += " (" + s.unit() + ")";
    legend += "<text x=\"" + px(lx) + "\" y=\"" + px(ly + 10) + "\">" + html_escape(label) + "</text>";
    legend += "<rect x=\"" + px(lx) + "\" y=\"" + px(ly + 16) + "\" width=\"" + px(bw) + "\" height=\"12\" fill=\"url(#" +
              html_escape(grad) + ")\" stroke=\"#555\" stroke-width=\"0.5\"/>";
    const std::vector<double> ticks = nice_ticks(s.lo(), s.hi(), 4);
    for (std::size_t k = 0; k < ticks.size(); ++k) {
      const double x = lx + bw * (ticks[k] - s.lo()) / (s.hi() - s.lo());
      std::string t = format_number(ticks[k], 3);
      if (s.open_top && k + 1 == ticks.size() && ticks[k] >= s.hi() - 1e-9 * std::fabs(s.hi())) t = "≥" + t;
      legend += "<line x1=\"" + px(x) + "\" y1=\"" + px(ly + 28) + "\" x2=\"" + px(x) + "\" y2=\"" + px(ly + 32) +
                "\" stroke=\"#555\"/><text x=\"" + px(x) + "\" y=\"" + px(ly + 44) +
                "\" text-anchor=\"middle\" font-size=\"10\">" + html_escape(t) + "</text>";
    }
    legend += "</g>";
    ly += 56.0;
  }
  legend += "</g>";

  // Scale bar (bottom left) and north arrow (top right) inside the map.
  const double span_km = map_w * projection_.metres_per_px() / 1000.0;
  const double length_km = nice_length_km(span_km);
  const double bar_px = length_km * 1000.0 / projection_.metres_per_px();
  const std::string bar_label = length_km >= 1.0 ? format_number(length_km, 3) + " km"
                                                 : format_number(length_km * 1000.0, 3) + " m";
  const double sx = 12.0, sy = map_h - 14.0;
  std::string scale_bar = "<g id=\"scale_bar\" class=\"scale-bar\" data-km=\"" + format_number(length_km, 6) +
                          "\" data-px=\"" + px(bar_px) + "\"><rect x=\"" + px(sx - 6) + "\" y=\"" + px(sy - 20) +
                          "\" width=\"" + px(bar_px + 12) + "\" height=\"28\" fill=\"#fff\" fill-opacity=\"0.8\"/>";
  scale_bar += "<path d=\"M" + px(sx) + " " + px(sy - 4) + "V" + px(sy) + "H" + px(sx + bar_px) + "V" + px(sy - 4) +
               "\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>";
  scale_bar += "<text x=\"" + px(sx + bar_px / 2) + "\" y=\"" + px(sy - 7) +
               "\" text-anchor=\"middle\" font-size=\"11\">" + html_escape(bar_label) + "</text></g>";
  const double nx = map_w - 22.0, ny = 14.0;
  std::string north = "<g id=\"north_arrow\" class=\"north-arrow\"><path d=\"M" + px(nx) + " " + px(ny) + "L" +
                      px(nx + 7) + " " + px(ny + 22) + "L" + px(nx) + " " + px(ny + 17) + "L" + px(nx - 7) + " " +
                      px(ny + 22) + "Z\" fill=\"#000\"/><text x=\"" + px(nx) + "\" y=\"" + px(ny + 34) +
                      "\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\">N</text></g>";

  const double total_w = map_w + kLegendWidth;
  const double total_h = kTitleBand + std::max(map_h, ly + 10.0);
  const std::string clip = id_ + "-clip";
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + html_escape(id_) +
                    "\" class=\"map\" role=\"img\" width=\"" + px(total_w) + "\" height=\"" + px(total_h) +
                    "\" viewBox=\"0 0 " + px(total_w) + " " + px(total_h) +
                    "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n";
  out += "<title>" + html_escape(title_.empty() ? "map" : title_) + "</title>\n";
  out += "<text class=\"map-title\" x=\"4\" y=\"20\" font-size=\"15\" font-weight=\"bold\">" + html_escape(title_) +
         "</text>\n";
  out += "<defs><clipPath id=\"" + html_escape(clip) + "\"><rect width=\"" + px(map_w) + "\" height=\"" + px(map_h) +
         "\"/></clipPath></defs>\n";
  out += "<g transform=\"translate(0," + px(kTitleBand) + ")\">\n";
  out += "<rect class=\"map-frame\" width=\"" + px(map_w) + "\" height=\"" + px(map_h) +
         "\" fill=\"#fbfbf8\" stroke=\"#888\"/>\n";
  out += "<g class=\"layers\" clip-path=\"url(#" + html_escape(clip) + ")\">\n" + layers_ + "</g>\n";
  out += scale_bar + "\n" + north + "\n" + legend + "\n</g>\n</svg>";
  return out;
}

}  // namespace dsim
