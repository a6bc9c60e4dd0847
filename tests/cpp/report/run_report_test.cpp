// SPDX-License-Identifier: MIT
// The run report: its sections for a real small run, honest counts of the
// calls never reached, and a page without roads when the region is gone.
#include "sim/core/error.hpp"
#include "sim/report/run_report.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

using namespace dsim;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The text of the element <g id="ID" ...> ... up to the closing tag of the layer.
std::string group(const std::string& svg, const std::string& id) {
  const auto at = svg.find("<g id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  return svg.substr(at, svg.find("</g>\n", at) - at);
}

// The number in the row of a table whose first cell is `label`.
long table_count(const std::string& html, const std::string& label) {
  const std::regex row("<td>" + label + "</td><td class=\"num\">([0-9]+)</td>");
  std::smatch m;
  return std::regex_search(html, m, row) ? std::stol(m[1]) : -1;
}

// An incidents table of `rows` calls, every third never reached.
ResultsFile made_up_results(std::size_t rows) {
  ResultsFile f;
  f.metadata = make_results_metadata();
  f.metadata.replications = 2;
  ResultsTable& t = f.add_table("incidents");
  auto rep = t.add_replication_column();
  auto type = t.add_string_column("type", "", "");
  auto lon = t.add_double_column("lon", "deg", "");
  auto lat = t.add_double_column("lat", "deg", "");
  auto call = t.add_double_column("call_s", "s", "");
  auto first = t.add_double_column("first_arrival_s", "s", "");
  auto measured = t.add_int64_column("measured", "", "");
  auto lost = t.add_int64_column("lost", "", "");
  auto reason = t.add_string_column("not_reached_reason", "", "");
  for (std::size_t i = 0; i < rows; ++i) {
    rep.push(static_cast<std::int64_t>(i % 2));
    type.push("fire");
    lon.push(109.8 + 0.001 * static_cast<double>(i));
    lat.push(39.6 + 0.0005 * static_cast<double>(i));
    call.push(100.0 * static_cast<double>(i));
    const bool never = i % 3 == 0;
    first.push(never ? std::nan("") : 100.0 * static_cast<double>(i) + 60.0 * static_cast<double>(i % 40));
    measured.push(i == 1 ? 0 : 1);  // one call in the warm-up: not counted, not drawn
    lost.push(never && i % 2 == 0 ? 1 : 0);
    reason.push(never ? (i % 2 == 0 ? "no_unit_free" : "roads_closed") : "reached");
  }
  return f;
}

}  // namespace

TEST_CASE("A run report without its region counts every call and says why there are no roads", "[report]") {
  const RunView view = view_run(made_up_results(30));
  REQUIRE(!view.region);
  const std::string html = build_run_report(view).html();
  // Measured calls: 29 (row 1 is in the warm-up); never reached: rows 0, 3, ..., 27 = 10.
  CHECK(html.find("29 calls after the warm-up over 2 replications") != std::string::npos);
  CHECK(table_count(html, "never reached") == 10);
  CHECK(table_count(html, "all shown") == 29);
  CHECK(table_count(html, "no_unit_free") == 5);
  CHECK(table_count(html, "roads_closed") == 5);
  CHECK(table_count(html, "all not reached") == 10);
  const std::string incidents = group(html, "incidents");
  CHECK(count(incidents, "class=\"incident never-reached\"") == 10);
  CHECK(count(incidents, "class=\"incident\"") == 19);
  // Binned markers add up to the table's rows.
  long binned = 0;
  for (const char* bin : {"≤ 5 min", "5–10 min", "10–15 min", "15–30 min", "&gt; 30 min"}) binned += table_count(html, bin);
  CHECK(binned == 19);
  // No roads, and the page says why.
  CHECK(html.find("<g id=\"roads\"") == std::string::npos);
  CHECK(html.find("class=\"box warning\"") != std::string::npos);
  CHECK(html.find(html_escape(view.region_note)) != std::string::npos);
  CHECK(html.find("id=\"response_histogram\"") != std::string::npos);
}

TEST_CASE("The run report of a small flood run holds its sections, maps and counts", "[report]") {
  testing::TempDir dir;
  const auto results = dir / "flood.h5";
  const std::string command = std::string("\"") + DSIM_CLI + "\" run \"" + DSIM_SOURCE_DIR +
                              "/scenarios/flood_warning.yaml\" -r 1 -j 2 -o \"" + results.string() + "\" > \"" +
                              (dir / "run.out").string() + "\" 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  const RunView view = open_run(results);
  REQUIRE(view.region);
  std::vector<std::pair<double, std::string>> steps;
  RunReportOptions options;
  options.progress = [&steps](double share, const std::string& step) { steps.emplace_back(share, step); };
  const HtmlPage page = build_run_report(view, options);
  const std::string html = page.html();
  for (const char* id : {"run", "indicators", "not_reached", "assumptions", "cover", "incidents", "flood", "warning"})
    CHECK(html.find(std::string("<section id=\"") + id + "\">") != std::string::npos);
  CHECK(html.find("<section id=\"chemical\">") == std::string::npos);  // the run has no release
  // Every map: roads, zones, legend, scale bar, north arrow.
  for (const char* map : {"cover_map", "incident_map", "flood_depth_map", "flood_arrival_map"}) {
    const auto at = html.find(std::string("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"") + map + "\"");
    REQUIRE(at != std::string::npos);
    const std::string svg = html.substr(at, html.find("</svg>", at) - at);
    CHECK(count(group(svg, "roads"), "<path") >= 1);
    CHECK(svg.find("<g id=\"zones\"") != std::string::npos);
    CHECK(svg.find("<g id=\"legend\"") != std::string::npos);
    CHECK(svg.find("<g id=\"scale_bar\"") != std::string::npos);
    CHECK(svg.find("<g id=\"north_arrow\"") != std::string::npos);
  }
  CHECK(count(html, "data:image/png;base64,") == 2);  // depth and arrival
  CHECK(count(group(html, "stations"), "class=\"station\"") == view.stations.size());
  // As many incident markers as calls after the warm-up in the table.
  const ResultsTable* inc = view.table("incidents");
  std::size_t measured = 0;
  for (const std::int64_t m : *int_column(inc, "measured")) measured += m == 1 ? 1 : 0;
  const std::string markers = group(html, "incidents");
  CHECK(count(markers, "class=\"incident") == measured);
  CHECK(table_count(html, "all shown") == static_cast<long>(measured));
  // KPI rows: one per indicator.
  const auto kpis_at = html.find("<table id=\"kpis\"");
  const std::string kpis = html.substr(kpis_at, html.find("</table>", kpis_at) - kpis_at);
  CHECK(count(kpis, "<tr") == view.table("kpis")->rows() + 1);
  REQUIRE(!steps.empty());
  CHECK(steps.back().first == 1.0);

  // Written whole; a page for a file that is not a results file is an input error.
  page.write(dir / "report.html");
  std::ifstream in(dir / "report.html");
  std::stringstream back;
  back << in.rdbuf();
  CHECK(back.str() == html);
  CHECK_THROWS_AS(open_run(dir / "run.out"), InputError);
}
