// SPDX-License-Identifier: MIT
#include "sim/drill/drill_report.hpp"

#include "sim/network/dijkstra.hpp"
#include "sim/report/html_page.hpp"
#include "sim/report/run_report.hpp"
#include "sim/report/run_view.hpp"
#include "sim/report/svg_chart.hpp"
#include "sim/report/svg_map.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/version.hpp"

#include <cmath>
#include <map>
#include <set>

namespace dsim {

namespace {

// "+01:05" from the drill's time 0.
std::string offset_text(double s) {
  const long long total = static_cast<long long>(std::lround(s / 60.0));
  char buf[32];
  std::snprintf(buf, sizeof buf, "+%02lld:%02lld", total / 60, total % 60);
  return buf;
}

std::string where_text(const CriticalTask& t) {
  std::string out;
  for (const auto& [label, value] : std::vector<std::pair<const char*, const std::string*>>{
           {"incident", &t.incident}, {"person", &t.person}, {"role", &t.role}, {"zone", &t.zone},
           {"unit", &t.unit}, {"site", &t.site}, {"item", &t.item}})
    if (!value->empty()) out += (out.empty() ? "" : ", ") + std::string(label) + " " + *value;
  return out;
}

void add_header(HtmlPage& page, const DrillSpec& drill, const DrillRun& run) {
  page.add_header_item("Drill file", drill.source_path);
  page.add_header_item("Plan's scenario", drill.scenario);
  if (!drill.start_clock.empty()) page.add_header_item("Start (time 0)", drill.start_clock);
  page.add_header_item("Length", format_number(run.scenario.scenario.horizon_s / 3600.0, 3, "h"));
  page.add_header_item("Simulated replications", std::to_string(run.times.replications.size()) + " (seed " +
                                                     std::to_string(run.scenario.scenario.seed) + ")");
  page.add_header_item("dsim", DSIM_VERSION);
}

void objectives_section(HtmlPage& page, const DrillSpec& drill) {
  page.begin_section("Objectives, capabilities and critical tasks", "objectives");
  if (!drill.description.empty()) page.paragraph(drill.description);
  HtmlTable t{"objectives_table", "", {"objective", "capability", "critical tasks"}, {}, {}, {}};
  for (const DrillCapability& c : drill.capabilities) {
    std::string objectives, tasks;
    for (const std::string& o : c.objectives)
      for (const DrillObjective& d : drill.objectives)
        if (d.id == o) objectives += (objectives.empty() ? "" : "; ") + d.text;
    for (const CriticalTask& k : drill.tasks)
      if (k.capability == c.id) tasks += (tasks.empty() ? "" : "; ") + k.name;
    t.add_row({objectives.empty() ? "-" : objectives, c.name, tasks});
  }
  page.table(t);
}

// A map of the drill: roads, zones, stations, the injects' incidents, closed roads and outage zones.
struct DrillMap {
  std::shared_ptr<const Region> region;
  RunView view;
  std::string note;
};

DrillMap drill_map_view(const DrillRun& run) {
  DrillMap m;
  try {
    m.region = run.region ? run.region
                          : std::make_shared<const Region>(
                                load_region(run.scenario.scenario.region, {}, run.scenario.scenario.source_path));
    m.view = view_scenario(run.scenario.scenario, m.region);
  } catch (const std::exception& e) {
    m.note = std::string("The region could not be loaded for the map: ") + e.what();
  }
  return m;
}

SvgMap inject_map(const DrillSpec& drill, const DrillRun& run, const DrillMap& dm, const std::string& id) {
  const Scenario& s = run.scenario.scenario;
  const Region& region = *dm.region;
  SvgMap map(MapBounds::of(region.network), 760.0);
  map.set_id(id);
  map.add_roads(region.network);
  map.add_zones(region.zones);
  std::vector<MapPoint> stations;
  for (const StationView& st : dm.view.stations)
    stations.push_back({{st.lon, st.lat}, "#111", MapMarker::square, 4.0, st.name, "station", "#fff"});
  map.add_points("stations", stations);
  map.add_legend_marker("station", "#111", MapMarker::square);
  // Outage zones.
  std::vector<Zone> out_zones;
  for (const auto& [index, inject] : run.scenario.outage_inject)
    for (const std::string& z : s.outages[index].zones)
      for (const Zone& zone : region.zones)
        if (zone.id == z) out_zones.push_back(zone);
  if (!out_zones.empty()) {
    map.add_zones(out_zones, "outage_zones");
    map.add_legend_patch("zone of an outage inject", "none", "#9467bd");
  }
  // Closed roads: the route between the closure's ends, or the roads near its point.
  Router router(region.network);
  bool any_closure = false;
  for (const auto& [index, inject] : run.scenario.closure_inject) {
    const RoadClosureSpec& c = s.road_closures[index];
    const std::string key = "road_closures[" + std::to_string(index) + "]";
    try {
      std::vector<LonLat> line;
      if (c.from && c.to) {
        const auto path = router.route(resolve_location(s, region, *c.from, key + ".from"),
                                       resolve_location(s, region, *c.to, key + ".to"));
        if (path)
          for (NodeId n : path->nodes) line.push_back({region.network.lon(n), region.network.lat(n)});
      } else if (c.at) {
        const NodeId n = resolve_location(s, region, *c.at, key + ".at");
        line = {{region.network.lon(n), region.network.lat(n)}, {region.network.lon(n), region.network.lat(n)}};
      }
      if (line.size() >= 2) {
        map.add_polyline("closure_" + inject, line, "#d62728", 5.0, "inject " + inject + ": " + c.name + " closed");
        any_closure = true;
      }
    } catch (const std::exception&) {
    }
  }
  if (any_closure) map.add_legend_line("road closed by an inject", "#d62728", 5.0);
  std::vector<MapPoint> incidents;
  for (const auto& [index, inject] : run.scenario.incident_inject) {
    const IncidentSpec& inc = s.incidents[index];
    try {
      const NodeId n = resolve_location(s, region, inc.location, "incident_list[" + std::to_string(index) + "]");
      incidents.push_back({{region.network.lon(n), region.network.lat(n)}, "#ff7f0e", MapMarker::triangle, 7.0,
                           "inject " + inject + ": " + inc.type + " " + inc.name + " at " + offset_text(inc.time_s),
                           "inject", "#222"});
    } catch (const std::exception&) {
    }
  }
  map.add_points("inject_incidents", incidents);
  if (!incidents.empty()) map.add_legend_marker("incident of an inject", "#ff7f0e", MapMarker::triangle);
  (void)drill;
  return map;
}

void injects_section(HtmlPage& page, const DrillSpec& drill, const DrillRun& run, const DrillMap& dm) {
  page.begin_section("Injects", "injects");
  if (drill.injects.empty()) {
    page.paragraph("The drill has no injects: it plays the plan's scenario as it is.");
    return;
  }
  HtmlTable t{"injects_table", "", {"time", "inject", "description", "what it adds to the scenario"}, {}, {}, {}};
  std::vector<std::size_t> order(drill.injects.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return run.scenario.inject_time_s[a] < run.scenario.inject_time_s[b];
  });
  for (std::size_t i : order) {
    const DrillInject& j = drill.injects[i];
    t.add_row({offset_text(run.scenario.inject_time_s[i]), j.id, j.description.empty() ? "-" : j.description, j.sections});
  }
  page.table(t);
  if (dm.region) page.figure(inject_map(drill, run, dm, "inject_map").svg(), "Injects, stations and zones");
  else page.note(dm.note);
}

std::vector<BandRow> band_rows(const DrillSpec& drill, const DrillRun& run, const DrillEvaluation* ev) {
  std::vector<BandRow> rows;
  for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
    const CriticalTask& t = drill.tasks[k];
    const ExpectedTask& e = run.expected[k];
    BandRow r;
    r.label = t.name;
    r.low_s = e.p10_s;
    r.median_s = e.median_s;
    r.high_s = e.p90_s;
    r.target_s = t.target_s;
    if (ev != nullptr) r.observed_s = ev->tasks[k].observed_s;
    r.note = "from " + t.from + "; happened in " + std::to_string(e.happened) + " of " + std::to_string(e.replications) +
             " simulated runs";
    rows.push_back(r);
  }
  return rows;
}

// The band chart, in two when some tasks take hours and others minutes (one
// axis would squeeze the short ones into a sliver).
void band_figures(HtmlPage& page, std::vector<BandRow> rows, const std::string& title, const std::string& caption) {
  const auto reach = [](const BandRow& r) {
    double m = 0.0;
    for (double v : {r.high_s, r.target_s, r.observed_s, r.median_s})
      if (std::isfinite(v)) m = std::max(m, v);
    return m;
  };
  std::vector<BandRow> quick, slow;
  for (BandRow& r : rows) (reach(r) <= 3600.0 ? quick : slow).push_back(std::move(r));
  if (quick.empty() || slow.empty()) {
    BandChartOptions o;
    o.id = "timeline_chart";
    o.title = title;
    o.label_width_px = 300.0;
    page.figure(band_chart_svg(quick.empty() ? slow : quick, o), caption, "timeline_figure");
    return;
  }
  BandChartOptions o;
  o.id = "timeline_chart";
  o.title = title + ": tasks within the hour";
  o.label_width_px = 300.0;
  page.figure(band_chart_svg(quick, o), caption, "timeline_figure");
  o.id = "timeline_chart_long";
  o.title = title + ": longer tasks";
  page.figure(band_chart_svg(slow, o), caption, "timeline_figure_long");
}

void expected_section(HtmlPage& page, const DrillSpec& drill, const DrillRun& run) {
  page.begin_section("Expected timeline", "timeline");
  page.paragraph("Each task's time from its reference (the drill's start, the incident's call, or another task) over " +
                 std::to_string(run.times.replications.size()) +
                 " simulated replications of the drill: the band holds the middle 80 % (10th to 90th percentile), the "
                 "tick is the median, the line the target. Percentiles are over the replications in which the task "
                 "happened; 'met' is over all of them (a task that never happened counts as missed).");
  band_figures(page, band_rows(drill, run, nullptr), "Expected time of each critical task", "Simulated times against targets");
  HtmlTable t{"expected_table", "", {"task", "event", "where", "from", "target", "10 %", "median", "90 %", "happened", "met"},
              {}, {false, false, false, false, true, true, true, true, true, true}, {}};
  for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
    const CriticalTask& c = drill.tasks[k];
    const ExpectedTask& e = run.expected[k];
    t.add_row({c.name, std::string(to_string(c.event)), where_text(c), c.from, format_minutes(c.target_s),
               format_minutes(e.p10_s), format_minutes(e.median_s), format_minutes(e.p90_s),
               std::to_string(e.happened) + " / " + std::to_string(e.replications), format_percent(e.met_share, 0)},
              e.met_share < 0.5 ? "missed" : "");
  }
  page.table(t);
  for (std::size_t k = 0; k < drill.tasks.size(); ++k)
    if (run.expected[k].met_share < 0.5)
      page.warning("The plan meets the target of '" + drill.tasks[k].name + "' in only " +
                   format_percent(run.expected[k].met_share, 0) + " of the simulated runs: review the target or the plan "
                   "before the drill.");
}

void log_sheet_section(HtmlPage& page, const DrillSpec& drill) {
  page.begin_section("Evaluators' log sheet", "log_sheet");
  page.paragraph("Write one row per observed event; the task column takes a task id (or an event name with the actor "
                 "or place). Type it into a CSV file with the columns time,task,actor,place,note (and lon,lat for "
                 "tracks) and run: dsim drill evaluate " + drill.source_path + " LOG.csv");
  HtmlTable t{"log_sheet", "", {"time", "task", "actor", "place", "note"}, {}, {}, {}};
  for (const CriticalTask& c : drill.tasks) t.add_row({"", c.id, "", "", c.name});
  page.table(t);
}

}  // namespace

std::string drill_script_html(const DrillSpec& drill, const DrillRun& run, const std::vector<WeakSpot>& weak_spots) {
  HtmlPage page("Drill script: " + (drill.name.empty() ? drill.source_path : drill.name));
  add_header(page, drill, run);
  objectives_section(page, drill);
  if (!weak_spots.empty()) {
    page.begin_section("Weak spots the injects aim at", "weak_spots");
    std::vector<std::string> items;
    for (const WeakSpot& w : weak_spots)
      items.push_back(w.finding + (w.inject.empty() ? "" : " (inject " + w.inject + ")"));
    page.list(items);
  }
  const DrillMap dm = drill_map_view(run);
  injects_section(page, drill, run, dm);
  expected_section(page, drill, run);
  log_sheet_section(page, drill);
  return page.html();
}

std::string after_action_report_html(const DrillSpec& drill, const DrillRun& run, const DrillEvaluation& ev) {
  HtmlPage page("After-action report: " + (drill.name.empty() ? drill.source_path : drill.name));
  add_header(page, drill, run);
  page.add_header_item("Log entries", std::to_string(ev.log.size()));

  page.begin_section("Capability ratings", "ratings");
  page.paragraph("HSEEP ratings by the rule of docs/drills.md: U when fewer than half of a capability's critical tasks "
                 "were met; M when a task was missed or not observed; S when every task was met but one took longer "
                 "than 90 % of the simulated runs; else P.");
  HtmlTable r{"ratings_table", "", {"rating", "capability", "meaning", "tasks", "met", "missed", "not observed", "why"},
              {}, {false, false, false, true, true, true, true, false}, {}};
  for (const CapabilityScore& c : ev.capabilities)
    r.add_row({std::string(to_string(c.rating)), drill.capabilities[c.capability].name, std::string(rating_meaning(c.rating)),
               std::to_string(c.tasks), std::to_string(c.met), std::to_string(c.missed), std::to_string(c.not_observed),
               c.reason},
              c.rating == Rating::P ? "" : "missed");
  page.table(r);

  page.begin_section("Observed against expected", "timeline");
  page.paragraph("Each task's observed time (marker: green met, red missed) against the band of the simulated "
                 "replications (10 to 90 %), their median and the target.");
  band_figures(page, band_rows(drill, run, &ev), "Observed times against the simulated bands",
               "Observed and simulated times per critical task");

  page.begin_section("Scores", "scores");
  HtmlTable s{"scores_table", "", {"task", "capability", "status", "target", "observed", "percentile", "sim median", "log line"},
              {}, {false, false, false, true, true, true, true, true}, {}};
  for (const TaskScore& x : ev.tasks) {
    const CriticalTask& t = drill.tasks[x.task];
    s.add_row({t.name, t.capability, std::string(to_string(x.status)), format_minutes(t.target_s),
               format_minutes(x.observed_s), std::isfinite(x.percentile) ? format_percent(x.percentile, 0) : "-",
               format_minutes(run.expected[x.task].median_s), x.log_line ? std::to_string(x.log_line) : "-"},
              x.status == TaskStatus::met ? "" : "missed");
  }
  page.table(s);
  page.paragraph("Percentile: the share of the " + std::to_string(run.times.replications.size()) +
                 " simulated replications faster than the observed time (ties count half; a run where the task never "
                 "happened counts as slower).");

  page.begin_section("Strengths", "strengths");
  if (ev.strengths.empty()) page.paragraph("No task stood out as faster than most simulated runs.");
  else page.list(ev.strengths);
  page.begin_section("Areas for improvement", "improvements");
  if (ev.improvements.empty()) page.paragraph("None: every task was met within the simulated range.");
  else page.list(ev.improvements);

  page.begin_section("Map of the drill", "map");
  const DrillMap dm = drill_map_view(run);
  if (dm.region) {
    SvgMap map = inject_map(drill, run, dm, "drill_map");
    std::map<std::string, std::vector<LonLat>> tracks;
    for (const LogEntry& e : ev.log)
      if (e.has_position) tracks[e.actor.empty() ? std::string("(no actor)") : e.actor].push_back({e.lon, e.lat});
    std::size_t i = 0;
    std::vector<MapPoint> seen;
    for (const auto& [actor, line] : tracks) {
      const std::string colour = category_colour(i++);
      if (line.size() >= 2) map.add_polyline("track_" + std::to_string(i), line, colour, 2.5, actor);
      for (const LonLat& p : line) seen.push_back({p, colour, MapMarker::circle, 3.0, actor, "observed", "#222"});
      map.add_legend_line(actor, colour, 2.5);
    }
    map.add_points("observed_positions", seen);
    page.figure(map.svg(), tracks.empty() ? "Injects and stations (the log has no positions: add lon,lat columns for tracks)"
                                          : "Injects, stations and the actors' tracks from the log",
                "drill_map_figure");
  } else {
    page.note(dm.note);
  }

  if (!ev.unmatched.empty()) {
    page.begin_section("Log entries that match no task", "unmatched");
    HtmlTable u{"unmatched_table", "", {"line", "time", "task column", "actor", "place", "why"}, {}, {true}, {}};
    for (const UnmatchedEntry& x : ev.unmatched)
      u.add_row({std::to_string(x.entry.line), x.entry.time_text, x.entry.task, x.entry.actor, x.entry.place, x.reason});
    page.table(u);
  }
  return page.html();
}

}  // namespace dsim
