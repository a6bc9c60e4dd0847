// SPDX-License-Identifier: MIT
// The run report's page: overview, indicators, calls not reached,
// assumptions, cover and incident maps, response times. The hazard and
// summary sections are in run_report_hazards.cpp.
#include "sim/report/run_report.hpp"

#include "sim/core/error.hpp"
#include "sim/report/run_report_sections.hpp"
#include "sim/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace dsim {

namespace {

std::string attr_text(const RunView& view, const char* name) { return view.attribute_text(name); }

double attr_number(const RunView& view, const char* name) {
  const auto it = view.results.attributes.find(name);
  if (it == view.results.attributes.end()) return std::nan("");
  if (const auto* d = std::get_if<double>(&it->second)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&it->second)) return static_cast<double>(*i);
  return std::nan("");
}

std::string duration_text(double s) {
  if (!std::isfinite(s)) return "–";
  if (s >= 2 * 86400.0) return format_number(s / 86400.0, 3, "days");
  if (s >= 2 * 3600.0) return format_number(s / 3600.0, 3, "h");
  return format_number(s / 60.0, 3, "min");
}

void overview_section(HtmlPage& page, const RunView& view, const RunFacts& facts) {
  const ResultsMetadata& m = view.results.metadata;
  page.add_header_item("Scenario", view.title() + (m.scenario_file.empty() ? "" : " (" + m.scenario_file + ")"));
  page.add_header_item("Replications", std::to_string(facts.replications_finished) + " finished of " +
                                           std::to_string(m.replications) + " asked for");
  page.add_header_item("Seed", std::to_string(m.seed));
  const double horizon = attr_number(view, "horizon_s"), warmup = attr_number(view, "warmup_s");
  if (std::isfinite(horizon))
    page.add_header_item("Horizon", duration_text(horizon) + (std::isfinite(warmup) && warmup > 0
                                                                  ? ", warm-up " + duration_text(warmup)
                                                                  : std::string()));
  const std::string start = attr_text(view, "start_time");
  if (!start.empty()) {
    const bool given = attr_number(view, "start_time_given") == 1.0;
    page.add_header_item("Start time", start + (given ? "" : " (assumed: the scenario sets no start_date)"));
  }
  page.add_header_item("Written by", "dsim " + m.dsim_version + (m.created_utc.empty() ? "" : ", " + m.created_utc));
  if (!m.command_line.empty()) page.add_header_item("Command", m.command_line);
  if (!view.path.empty()) page.add_header_item("Results file", view.path.filename().string());

  page.begin_section("What was run", "run");
  std::vector<std::string> tables;
  for (const ResultsTable& t : view.results.tables())
    tables.push_back(t.name() + " (" + std::to_string(t.rows()) + " rows)");
  std::string list;
  for (std::size_t i = 0; i < tables.size(); ++i) list += (i ? ", " : "") + tables[i];
  page.paragraph("The results hold " + std::to_string(tables.size()) + " tables: " + list + ".");
  if (facts.replications_finished < static_cast<std::size_t>(std::max<std::int64_t>(m.replications, 0)))
    page.warning("Only " + std::to_string(facts.replications_finished) + " of the " + std::to_string(m.replications) +
                 " replications asked for finished (the run was interrupted); every number below is over those.");
  if (!view.region) page.warning("No map of roads: " + view.region_note);
}

void indicators_section(HtmlPage& page, const RunView& view, const RunFacts& facts) {
  const ResultsTable* kpis = view.table("kpis");
  if (kpis == nullptr || kpis->rows() == 0) return;
  page.begin_section("Indicators", "indicators");
  page.paragraph("Each indicator is computed in each replication and averaged over the replications in which it is "
                 "defined (a share of calls reached is not defined in a replication without such calls); the "
                 "interval is the 95 % Student-t confidence interval of that mean (times in minutes, shares as "
                 "fractions of 1). Times are over the calls a unit "
                 "reached; the calls never reached are counted in the next section, not in the times.");
  const auto* name = string_column(kpis, "kpi");
  const auto* unit = string_column(kpis, "unit");
  const auto* mean = double_column(kpis, "mean");
  const auto* lower = double_column(kpis, "lower");
  const auto* upper = double_column(kpis, "upper");
  const auto* reps = int_column(kpis, "replications");
  const auto* desc = string_column(kpis, "description");
  const auto* over = string_column(kpis, "over");
  HtmlTable t;
  t.id = "kpis";
  t.header = {"indicator", "mean", "95 % interval", "unit", "mean over", "what it measures"};
  t.numeric = {false, true, true, false, false, false};
  std::vector<IntervalRow> shares;
  for (std::size_t i = 0; i < kpis->rows(); ++i) {
    double mu = mean ? (*mean)[i] : std::nan("");
    double lo = lower ? (*lower)[i] : std::nan(""), hi = upper ? (*upper)[i] : std::nan("");
    const std::string u = unit ? (*unit)[i] : "";
    if (u == "1" && name && (*name)[i].find("share") != std::string::npos)
      shares.push_back({(*name)[i], mu, lo, hi, desc ? (*desc)[i] : ""});
    std::string shown_unit = u == "1" ? "" : u;
    if (u == "s") {  // times read better in minutes
      mu /= 60.0, lo /= 60.0, hi /= 60.0;
      shown_unit = "min";
    }
    std::string interval = std::isfinite(lo) && std::isfinite(hi)
                               ? format_number(lo, 3) + " – " + format_number(hi, 3)
                               : std::string("–");
    std::string over_text = reps ? std::to_string((*reps)[i]) + " of " + std::to_string(facts.replications_finished) +
                                       " replications"
                                 : std::string();
    if (over && !(*over)[i].empty()) over_text += "; " + (*over)[i];
    t.add_row({name ? (*name)[i] : "", format_number(mu, 4), interval, shown_unit, over_text, desc ? (*desc)[i] : ""},
              std::isfinite(mu) ? "" : "muted");
  }
  page.table(t);
  if (!shares.empty()) {
    IntervalChartOptions chart;
    chart.id = "kpi_shares";
    chart.title = "Shares with their 95 % intervals";
    chart.value_label = "%";
    chart.scale = 100.0;
    chart.min = 0.0;
    chart.max = 100.0;
    page.figure(interval_chart_svg(shares, chart),
                "Indicators that are shares, in percent: dot the mean, line the 95 % interval.", "kpi_shares_figure");
  }
}

void not_reached_section(HtmlPage& page, const RunView& view, const RunFacts& facts) {
  if (facts.calls == 0) return;
  page.begin_section("Calls not reached", "not_reached");
  const double reps = std::max<double>(1.0, static_cast<double>(facts.replications_finished));
  page.paragraph(std::to_string(facts.calls) + " calls after the warm-up over " +
                 std::to_string(facts.replications_finished) + " replications (" + format_number(facts.calls / reps, 4) +
                 " per replication); " + std::to_string(facts.calls - facts.not_reached) + " were reached by a unit, " +
                 std::to_string(facts.not_reached) + " never were (" +
                 format_percent(static_cast<double>(facts.not_reached) / static_cast<double>(facts.calls)) + "), " +
                 std::to_string(facts.lost) + " of them lost (no unit could take them).");
  if (facts.not_reached * 2 > facts.calls)
    page.warning("Fewer than half of the calls were reached: the time indicators describe a minority of the calls.");
  HtmlTable t;
  t.id = "not_reached_table";
  t.header = {"why not reached", "calls", "per replication", "share of calls"};
  t.numeric = {false, true, true, true};
  for (const auto& [reason, n] : facts.not_reached_by_reason)
    t.add_row({reason, std::to_string(n), format_number(n / reps, 3),
               format_percent(static_cast<double>(n) / static_cast<double>(facts.calls))});
  t.add_row({"all not reached", std::to_string(facts.not_reached), format_number(facts.not_reached / reps, 3),
             format_percent(static_cast<double>(facts.not_reached) / static_cast<double>(facts.calls))});
  if (facts.not_reached > 0) page.table(t);
  (void)view;
}

void assumptions_section(HtmlPage& page, const RunView& view) {
  const ResultsTable* a = view.table("assumptions");
  if (a == nullptr) return;
  page.begin_section("Assumptions", "assumptions");
  if (a->rows() == 0) {
    page.paragraph("The run assumed nothing that dsim validate warns of.");
    return;
  }
  page.paragraph("What the run assumed, as dsim validate warns of it:");
  const auto* key = string_column(a, "key");
  const auto* found = string_column(a, "found");
  const auto* expected = string_column(a, "expected");
  const auto* note = string_column(a, "note");
  const auto* line = int_column(a, "line");
  HtmlTable t;
  t.id = "assumptions_table";
  t.header = {"key", "line", "found", "expected", "what it means"};
  t.numeric = {false, true, false, false, false};
  for (std::size_t i = 0; i < a->rows(); ++i)
    t.add_row({key ? (*key)[i] : "", line && (*line)[i] > 0 ? std::to_string((*line)[i]) : "",
               found ? (*found)[i] : "", expected ? (*expected)[i] : "", note ? (*note)[i] : ""});
  page.table(t);
}

// Stations: as the run placed them (region), else from the units table.
std::vector<MapPoint> station_points(const RunView& view) {
  std::vector<MapPoint> out;
  auto point = [](double lon, double lat, const std::string& id, const std::string& name) {
    MapPoint p;
    p.at = {lon, lat};
    p.fill = "#111";
    p.stroke = "#fff";
    p.marker = MapMarker::square;
    p.size_px = 5.0;
    p.title = "station " + name + (name == id ? "" : " (" + id + ")");
    p.css_class = "station";
    return p;
  };
  if (!view.stations.empty()) {
    for (const StationView& s : view.stations) out.push_back(point(s.lon, s.lat, s.id, s.name));
    return out;
  }
  const ResultsTable* units = view.table("units");
  const auto* station = string_column(units, "station");
  const auto* name = string_column(units, "station_name");
  const auto* lon = double_column(units, "lon");
  const auto* lat = double_column(units, "lat");
  if (!station || !lon || !lat) return out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < station->size(); ++i)
    if (seen.insert((*station)[i]).second)
      out.push_back(point((*lon)[i], (*lat)[i], (*station)[i], name ? (*name)[i] : (*station)[i]));
  return out;
}

void cover_section(HtmlPage& page, const RunView& view, const RunReportOptions& o, const MapBounds& bounds) {
  const std::vector<MapPoint> stations = station_points(view);
  if (stations.empty() && !view.region) return;
  page.begin_section("Stations and " + format_number(o.cover_limit_s / 60.0, 3) + "-minute cover", "cover");
  SvgMap map = base_map(view, bounds, "cover_map", o.map_width_px);
  map.set_title("Stations and the roads within " + format_number(o.cover_limit_s / 60.0, 3) + " minutes");
  std::string caption;
  if (view.region && !view.stations.empty()) {
    const Coverage cover = station_cover(view, o.cover_limit_s);
    map.add_road_values(view.region->network, cover.edge_covered_fraction,
                        ColourScale(0.0, 1.0, ColourScale::Ramp::viridis, "share of each road covered (0–1)", ""),
                        "cover", 0.0);
    caption = "Roads reached within " + format_number(o.cover_limit_s / 60.0, 3) +
              " minutes of the call (turnout plus drive on open roads) from any station, coloured by the share of "
              "each road reached: " + format_percent(cover.road_share()) + " of " +
              format_number(cover.road_km, 4, "road-km") + ", " + std::to_string(cover.nodes_covered) + " of " +
              std::to_string(cover.node_count) + " road nodes.";
  } else {
    caption = "Stations only: " + (view.region ? std::string("the scenario has no stations") : view.region_note);
  }
  map.add_points("stations", stations);
  map.add_legend_marker("station", "#111", MapMarker::square);
  page.figure(map.svg(), caption, "cover_figure");
}

struct Bin {
  std::string label;
  double upper_min;
  std::string colour;
};

const std::vector<Bin>& arrival_bins() {
  static const std::vector<Bin> bins = {{"≤ 5 min", 5.0, "#1a9850"},
                                        {"5–10 min", 10.0, "#91cf60"},
                                        {"10–15 min", 15.0, "#fee08b"},
                                        {"15–30 min", 30.0, "#fc8d59"},
                                        {"> 30 min", INFINITY, "#d73027"}};
  return bins;
}

void incidents_section(HtmlPage& page, const RunView& view, const RunReportOptions& o, const RunFacts& facts,
                       const MapBounds& bounds) {
  const ResultsTable* inc = view.table("incidents");
  const auto* lon = double_column(inc, "lon");
  const auto* lat = double_column(inc, "lat");
  const auto* call = double_column(inc, "call_s");
  const auto* first = double_column(inc, "first_arrival_s");
  const auto* rep = int_column(inc, "replication");
  const auto* measured = int_column(inc, "measured");
  const auto* type = string_column(inc, "type");
  const auto* reason = string_column(inc, "not_reached_reason");
  if (!lon || !lat || !call || !first || inc->rows() == 0) return;
  page.begin_section("Incidents by first-arrival time", "incidents");
  // Which rows: the measured calls; those of the first replication when there are too many to draw.
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < inc->rows(); ++i)
    if (!measured || (*measured)[i] == 1) rows.push_back(i);
  std::string which = std::to_string(rows.size()) + " calls after the warm-up, all " +
                      std::to_string(facts.replications_finished) + " replications";
  if (rows.size() > o.max_incident_markers && rep) {
    const std::int64_t r0 = (*rep)[rows.front()];
    std::erase_if(rows, [&](std::size_t i) { return (*rep)[i] != r0; });
    which = std::to_string(rows.size()) + " calls after the warm-up of replication " + std::to_string(r0) +
            " (all replications hold " + std::to_string(facts.calls) + ", too many to draw)";
  }
  std::vector<std::vector<MapPoint>> by_bin(arrival_bins().size());
  std::vector<MapPoint> never;
  for (const std::size_t i : rows) {
    const double minutes = ((*first)[i] - (*call)[i]) / 60.0;
    MapPoint p;
    p.at = {(*lon)[i], (*lat)[i]};
    p.size_px = 3.2;
    const std::string what = (type ? (*type)[i] : std::string("incident")) +
                             (rep ? ", replication " + std::to_string((*rep)[i]) : std::string());
    if (!std::isfinite(minutes)) {
      p.marker = MapMarker::cross;
      p.fill = "#000";
      p.css_class = "incident never-reached";
      p.title = what + ": never reached (" + (reason ? (*reason)[i] : std::string("no unit")) + ")";
      never.push_back(p);
      continue;
    }
    std::size_t b = 0;
    while (minutes > arrival_bins()[b].upper_min) ++b;
    p.fill = arrival_bins()[b].colour;
    p.css_class = "incident";
    p.title = what + ": first unit after " + format_number(minutes, 3, "min");
    by_bin[b].push_back(p);
  }
  SvgMap map = base_map(view, bounds, "incident_map", o.map_width_px);
  map.set_title("Incidents by time from call to first unit on scene");
  std::vector<MapPoint> all;
  HtmlTable t;
  t.id = "incident_bins";
  t.header = {"first unit on scene after the call", "calls", "share"};
  t.numeric = {false, true, true};
  const double n = std::max<double>(1.0, static_cast<double>(rows.size()));
  for (std::size_t b = 0; b < by_bin.size(); ++b) {
    all.insert(all.end(), by_bin[b].begin(), by_bin[b].end());
    map.add_legend_marker(arrival_bins()[b].label + " (" + std::to_string(by_bin[b].size()) + ")",
                          arrival_bins()[b].colour);
    t.add_row({arrival_bins()[b].label, std::to_string(by_bin[b].size()), format_percent(by_bin[b].size() / n)});
  }
  all.insert(all.end(), never.begin(), never.end());
  map.add_legend_marker("never reached (" + std::to_string(never.size()) + ")", "#000", MapMarker::cross);
  t.add_row({"never reached", std::to_string(never.size()), format_percent(never.size() / n)},
            never.empty() ? "" : "missed");
  t.add_row({"all shown", std::to_string(rows.size()), format_percent(1.0)});
  map.add_points("incidents", all);
  page.figure(map.svg(), "Each call drawn at its road node: " + which + ". Crosses: calls no unit ever reached.",
              "incident_figure");
  page.table(t);

  // Response times of every measured call reached (all replications).
  std::vector<double> times;
  std::size_t not_reached = 0;
  for (std::size_t i = 0; i < inc->rows(); ++i) {
    if (measured && (*measured)[i] != 1) continue;
    const double s = (*first)[i] - (*call)[i];
    if (std::isfinite(s)) times.push_back(s); else ++not_reached;
  }
  if (!times.empty()) {
    const double p95 = percentile_of(times, 95.0) / 60.0;
    const double top = std::max(5.0, std::ceil(p95 / 5.0) * 5.0);
    HistogramOptions h;
    h.id = "response_histogram";
    h.title = "Time from call to first unit on scene";
    h.x_label = "minutes (the last bar holds everything above " + format_number(top, 3) + " min)";
    h.y_label = "calls";
    h.bins = static_cast<int>(std::min(60.0, top));
    h.min = 0.0;
    h.max = top;
    h.scale = 1.0 / 60.0;
    page.figure(histogram_svg(times, h),
                std::to_string(times.size()) + " calls reached, all replications; median " +
                    format_number(percentile_of(times, 50.0) / 60.0, 3, "min") + ", 90th percentile " +
                    format_number(percentile_of(times, 90.0) / 60.0, 3, "min") + ". Not drawn: " +
                    std::to_string(not_reached) + " calls never reached.",
                "response_figure");
  }
}

}  // namespace

RunFacts run_facts(const RunView& view) {
  RunFacts f;
  std::set<std::int64_t> reps;
  for (const char* name : {"incidents", "kpi_replications", "warning_replications", "fire_runs"}) {
    if (const auto* r = int_column(view.table(name), "replication"))
      for (const std::int64_t v : *r) reps.insert(v);
    if (!reps.empty()) break;
  }
  f.replications_finished = reps.size();
  const ResultsTable* inc = view.table("incidents");
  const auto* measured = int_column(inc, "measured");
  const auto* first = double_column(inc, "first_arrival_s");
  const auto* reason = string_column(inc, "not_reached_reason");
  const auto* lost = int_column(inc, "lost");
  if (inc == nullptr || first == nullptr) return f;
  for (std::size_t i = 0; i < inc->rows(); ++i) {
    if (measured && (*measured)[i] != 1) continue;
    ++f.calls;
    if (lost && (*lost)[i] == 1) ++f.lost;
    if (!std::isfinite((*first)[i])) {
      ++f.not_reached;
      ++f.not_reached_by_reason[reason ? (*reason)[i] : std::string("not reached")];
    }
  }
  return f;
}

HtmlPage build_run_report(const RunView& view, const RunReportOptions& o) {
  auto step = [&](double share, const char* what) {
    if (o.progress) o.progress(share, what);
  };
  HtmlPage page("Run report: " + view.title());
  const RunFacts facts = run_facts(view);
  const MapBounds bounds = run_bounds(view);
  step(0.0, "indicators");
  overview_section(page, view, facts);
  indicators_section(page, view, facts);
  not_reached_section(page, view, facts);
  assumptions_section(page, view);
  step(0.15, "5-minute cover");
  cover_section(page, view, o, bounds);
  step(0.45, "incidents");
  incidents_section(page, view, o, facts, bounds);
  step(0.6, "hazard layers");
  hazard_sections(page, view, o, bounds);
  step(0.9, "summaries");
  summary_sections(page, view);
  step(1.0, "done");
  return page;
}

void write_run_report(const RunView& view, const std::filesystem::path& output, const RunReportOptions& options) {
  build_run_report(view, options).write(output);
}

}  // namespace dsim
