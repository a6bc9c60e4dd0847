// SPDX-License-Identifier: MIT
// The report's building blocks: escaping, number formats, the map's
// projection and scale bar, legends, raster overlays as PNG, and charts.
#include "sim/core/error.hpp"
#include "sim/network/road_network.hpp"
#include "sim/network/zones.hpp"
#include "sim/report/html_page.hpp"
#include "sim/report/svg_chart.hpp"
#include "sim/report/svg_map.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

using namespace dsim;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Bytes of a base64 text (a test's own small decoder, to check the PNG header).
std::vector<unsigned char> unbase64(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<unsigned char> out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const auto k = alphabet.find(c);
    if (k == std::string::npos) break;
    buffer = (buffer << 6) | static_cast<unsigned>(k);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFFu));
    }
  }
  return out;
}

std::uint32_t big_endian(const std::vector<std::uint8_t>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

}  // namespace

TEST_CASE("html_escape escapes the five special characters and nothing else", "[report]") {
  CHECK(html_escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  CHECK(html_escape("Kangbashi 康巴什 5 min") == "Kangbashi 康巴什 5 min");
  CHECK(html_escape("&amp;") == "&amp;amp;");  // escaped again: text is text
}

TEST_CASE("format_number gives significant digits, units and a dash for NaN", "[report]") {
  CHECK(format_number(12.345, 3) == "12.3");
  CHECK(format_number(0.5, 3) == "0.5");
  CHECK(format_number(1234.6, 3) == "1235");
  CHECK(format_number(-0.0001, 2) == "-0.0001");
  CHECK(format_number(std::nan(""), 3, "s") == "–");
  CHECK(format_number(5.0, 3, "min") == "5\u2009min");
  CHECK(format_number(std::numeric_limits<double>::infinity()) == "∞");
  CHECK(format_minutes(330.0) == "5.5\u2009min");
  CHECK(format_percent(0.875) == "87.5\u2009%");
}

TEST_CASE("An HtmlPage escapes its text, lists its sections and writes atomically", "[report]") {
  HtmlPage page("Report <1>");
  page.add_header_item("Scenario", "a & b");
  page.begin_section("Indicators", "indicators");
  page.paragraph("x < y");
  HtmlTable t;
  t.id = "kpis";
  t.header = {"kpi", "mean"};
  t.numeric = {false, true};
  t.add_row({"<script>alert(1)</script>", "1.5"});
  t.add_row({"b", "2"}, "missed");
  page.table(t);
  page.begin_section("Map", "map");
  page.warning("region not found");
  const std::string html = page.html();
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("<title>Report &lt;1&gt;</title>") != std::string::npos);
  CHECK(html.find("<dd>a &amp; b</dd>") != std::string::npos);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<td class=\"num\">1.5</td>") != std::string::npos);
  CHECK(html.find("<tr class=\"missed\">") != std::string::npos);
  CHECK(html.find("href=\"#indicators\"") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("size: A4") != std::string::npos);
  CHECK(count(html, "<section") == count(html, "</section>"));
  CHECK(html.find("http://") == html.find("http://www.w3.org"));  // nothing fetched

  testing::TempDir dir;
  page.write(dir / "r.html");
  std::ifstream in(dir / "r.html");
  std::stringstream back;
  back << in.rdbuf();
  CHECK(back.str() == html);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
  CHECK_THROWS_AS(page.write(dir / "no_such_folder" / "r.html"), Error);
  CHECK(!std::filesystem::exists(dir / "no_such_folder"));
}

TEST_CASE("nice_length_km picks 1, 2 or 5 times a power of ten under a fifth of the span", "[report]") {
  CHECK(nice_length_km(50.0) == Approx(10.0));
  CHECK(nice_length_km(12.0) == Approx(2.0));
  CHECK(nice_length_km(30.0) == Approx(5.0));
  CHECK(nice_length_km(3.0) == Approx(0.5));
  CHECK(nice_length_km(0.0) == 1.0);
  const std::vector<double> ticks = nice_ticks(0.0, 37.0, 5);
  REQUIRE(!ticks.empty());
  CHECK(ticks.front() == 0.0);
  CHECK(ticks.back() <= 37.0);
  CHECK(ticks[1] - ticks[0] == Approx(10.0));
}

TEST_CASE("The map projection keeps east and north distances equal at the middle latitude", "[report]") {
  // 0.2 degrees of longitude by 0.1 of latitude at 60 N: as wide as tall on the ground.
  const MapBounds b{10.0, 59.95, 10.2, 60.05};
  const MapProjection p(b, 500.0, 0.0);
  CHECK(p.width_px() == Approx(500.0));
  CHECK(p.height_px() == Approx(500.0).epsilon(1e-3));
  // One degree of latitude is kMetresPerDegree metres.
  CHECK((p.y(60.0) - p.y(60.01)) * p.metres_per_px() == Approx(0.01 * kMetresPerDegree).epsilon(1e-9));
  CHECK((p.x(10.01) - p.x(10.0)) * p.metres_per_px() ==
        Approx(0.01 * kMetresPerDegree * std::cos(60.0 * 3.141592653589793 / 180.0)).epsilon(1e-3));
  CHECK(p.x(10.0) == Approx(0.0).margin(1e-9));
  CHECK(p.y(60.05) == Approx(0.0).margin(1e-6));
}

TEST_CASE("A map has its layers, legend, scale bar of the right length and north arrow", "[report]") {
  const RoadNetwork net = build_road_network(testing::make_grid(5, 5, 1000.0));
  SvgMap map(MapBounds::of(net), 600.0);
  map.set_title("Grid & roads");
  map.add_roads(net);
  std::vector<double> cover(net.edge_count(), 0.0);
  for (std::size_t e = 0; e < cover.size() / 2; ++e) cover[e] = 1.0;
  map.add_road_values(net, cover, ColourScale(0.0, 1.0, ColourScale::Ramp::viridis, "covered share", "1"), "cover");
  Zone z;
  z.id = "z1";
  z.name = "Town <A>";
  z.polygon = {{109.78, 39.60}, {109.80, 39.60}, {109.80, 39.62}};
  map.add_zones({z});
  MapPoint station;
  station.at = {109.79, 39.61};
  station.fill = "#000";
  station.marker = MapMarker::square;
  station.title = "Station \"1\"";
  map.add_points("stations", {station});
  map.add_legend_marker("station", "#000", MapMarker::square);
  const std::string svg = map.svg();
  CHECK(svg.find("<g id=\"roads\"") != std::string::npos);
  CHECK(svg.find("<g id=\"cover\"") != std::string::npos);
  CHECK(svg.find("<g id=\"zones\"") != std::string::npos);
  CHECK(svg.find("Town &lt;A&gt; (z1)") != std::string::npos);
  CHECK(svg.find("<title>Station &quot;1&quot;</title>") != std::string::npos);
  CHECK(svg.find("<g id=\"legend\"") != std::string::npos);
  CHECK(svg.find("<g id=\"north_arrow\"") != std::string::npos);
  CHECK(count(svg, "class=\"legend-entry") == map.legend_entries());
  CHECK(map.legend_entries() == 4);  // roads, zones, station, the colour bar
  CHECK(svg.find("Grid &amp; roads") != std::string::npos);
  // The grid spans 4 km east-west plus margins: a 0.5 km bar (under a fifth of the width).
  const double span_km = map.projection().width_px() * map.projection().metres_per_px() / 1000.0;
  CHECK(span_km == Approx(4.0 * 1.06).epsilon(0.1));
  const double bar_km = nice_length_km(span_km);
  CHECK(svg.find("data-km=\"" + format_number(bar_km, 6) + "\"") != std::string::npos);
  const double bar_px = bar_km * 1000.0 / map.projection().metres_per_px();
  char expect[64];
  std::snprintf(expect, sizeof expect, "data-px=\"%.1f\"", bar_px);
  std::string expected = expect;
  if (expected.ends_with(".0\"")) expected = expected.substr(0, expected.size() - 3) + "\"";
  CHECK(svg.find(expected) != std::string::npos);
  // Each road is drawn once: 2 * 5 * 4 roads, straight segments.
  CHECK(count(svg.substr(svg.find("<g id=\"roads\""), svg.find("<g id=\"cover\"") - svg.find("<g id=\"roads\"")),
              "M") == 40);
}

TEST_CASE("A raster overlay is a PNG of one pixel per cell with NaN transparent", "[report]") {
  MapRaster r;
  r.id = "flood_depth";
  r.rows = 3;
  r.cols = 7;
  r.values.assign(21, 0.5);
  r.values[0] = std::nan("");
  r.west = 109.7;
  r.east = 109.8;
  r.south = 39.5;
  r.north = 39.55;
  r.scale = ColourScale(0.0, 1.0, ColourScale::Ramp::blues, "max depth", "m");
  const std::vector<std::uint8_t> png = encode_raster_png(r);
  REQUIRE(png.size() > 33);
  CHECK(png[1] == 'P');
  CHECK(png[2] == 'N');
  CHECK(png[3] == 'G');
  CHECK(big_endian(png, 16) == 7);  // IHDR width
  CHECK(big_endian(png, 20) == 3);  // IHDR height
  CHECK(png[25] == 6);              // colour type RGBA: NaN can be transparent

  SvgMap map(MapBounds{109.7, 39.5, 109.8, 39.55}, 400.0);
  map.add_raster(r);
  const std::string svg = map.svg();
  const auto at = svg.find("data:image/png;base64,");
  REQUIRE(at != std::string::npos);
  const std::string data = svg.substr(at + 22, svg.find('"', at) - at - 22);
  const std::vector<unsigned char> back = unbase64(data);
  CHECK(back == std::vector<unsigned char>(png.begin(), png.end()));
  CHECK(svg.find("max depth (m)") != std::string::npos);  // its colour bar

  MapRaster bad = r;
  bad.values.pop_back();
  CHECK_THROWS_AS(encode_raster_png(bad), Error);
}

TEST_CASE("Colour scales clamp, and NaN is transparent", "[report]") {
  const ColourScale s(0.0, 10.0, ColourScale::Ramp::viridis, "x", "s");
  CHECK(s.colour(0.0) == "#440154");
  CHECK(s.colour(10.0) == "#fde725");
  CHECK(s.colour(99.0) == "#fde725");
  CHECK(s.rgba(std::nan("")).a == 0);
}

TEST_CASE("A band chart draws a row per task with the observed marker met or missed", "[report]") {
  std::vector<BandRow> rows(3);
  rows[0] = {"warning <issued>", 240, 400, 700, 600, 520, ""};
  rows[1] = {"first arrival", 300, 420, 900, 600, 780, "late"};
  rows[2].label = "never observed";
  BandChartOptions options;
  options.title = "Drill";
  const std::string svg = band_chart_svg(rows, options);
  CHECK(count(svg, "class=\"band-row\"") == 3);
  CHECK(count(svg, "class=\"band\"") == 2);
  CHECK(count(svg, "class=\"median\"") == 2);
  CHECK(count(svg, "class=\"target\"") == 2);
  CHECK(count(svg, "class=\"observed met\"") == 1);
  CHECK(count(svg, "class=\"observed missed\"") == 1);
  CHECK(svg.find("warning &lt;issued&gt;") != std::string::npos);
  CHECK(svg.find("no data") != std::string::npos);
  CHECK(svg.find(">16<") != std::string::npos);  // the axis runs past 15 min to a round 16
}

TEST_CASE("A histogram counts every finite value once", "[report]") {
  std::vector<double> v = {60, 120, 120, 180, 600, std::nan("")};
  HistogramOptions h;
  h.bins = 5;
  h.min = 0.0;
  h.max = 10.0;
  h.scale = 1.0 / 60.0;
  const std::string svg = histogram_svg(v, h);
  // Bins of 2 minutes: [0,2) holds 1 and [2,4) 3 (2, 2, 3), 10 goes into the last.
  CHECK(count(svg, "class=\"bar\"") == 3);
  CHECK(svg.find("<title>0 to 2: 1</title>") != std::string::npos);
  CHECK(svg.find("<title>2 to 4: 3</title>") != std::string::npos);
  CHECK(svg.find("<title>8 to 10: 1</title>") != std::string::npos);
}

TEST_CASE("Interval and bar charts draw one row per entry", "[report]") {
  IntervalChartOptions o;
  o.value_label = "%";
  o.scale = 100.0;
  const std::string iv =
      interval_chart_svg({{"a", 0.5, 0.4, 0.6, ""}, {"b", std::nan(""), std::nan(""), std::nan(""), ""}}, o);
  CHECK(count(iv, "class=\"interval-row\"") == 2);
  CHECK(count(iv, "class=\"mean\"") == 1);
  CHECK(iv.find("not defined") != std::string::npos);
  const std::string bars = bar_chart_svg({{"x", 3.0, "", ""}, {"y", 5.0, "#f00", ""}});
  CHECK(count(bars, "class=\"bar\"") == 2);
}
