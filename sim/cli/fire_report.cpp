// SPDX-License-Identifier: MIT
#include "sim/cli/fire_report.hpp"

#include "sim/cli/terminal.hpp"
#include "sim/network/region.hpp"
#include "sim/run/fire_results.hpp"
#include "sim/scenario/quantity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace dsim::cli {

namespace {

std::string ha(double x) { return fixed_significant(x, 3) + " ha"; }

// Mean, and the range in brackets, of values over replications.
std::string mean_range(const std::vector<double>& v, const std::function<std::string(double)>& text) {
  if (v.empty()) return "n/a";
  double sum = 0.0;
  for (double x : v) sum += x;
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  std::string out = text(sum / double(v.size()));
  if (*hi > *lo) out += " (" + text(*lo) + " to " + text(*hi) + ")";
  return out;
}

}  // namespace

void print_fire_lines(const PreparedScenario& p) {
  const ScenarioFire& f = *p.fire;
  const WildfireModel& m = f.model;
  double burnable = 0.0, barrier = 0.0;
  for (int k = 0; k < kFuelTypeCount; ++k)
    if (fuel_burns(FuelType(k))) burnable += f.fuel_area_m2[std::size_t(k)];
  for (float w : m.landscape.barrier_width_m) barrier += w > 0.0f;
  std::printf("  fire: %s, %zu x %zu cells of %g m (%s km2, %s burnable); %s barrier cells (roads, river, "
              "breaks); %zu road nodes and %zu villages within it\n",
              m.name.c_str(), m.landscape.cols, m.landscape.rows, m.landscape.cell_size_m,
              fixed_significant(double(m.cells()) * m.landscape.cell_size_m * m.landscape.cell_size_m / 1e6, 3).c_str(),
              fixed_significant(100.0 * burnable / std::max(1.0, double(m.cells()) * m.landscape.cell_size_m *
                                                                      m.landscape.cell_size_m), 3).append(" %").c_str(),
              with_thousands(std::size_t(barrier)).c_str(), m.road_nodes.size(), m.villages.size());
  double forecast_area = 0.0;
  for (double t : f.forecast_cells_s) forecast_area += t != HazardArrival::kNever;
  forecast_area *= m.landscape.cell_size_m * m.landscape.cell_size_m / 1e4;
  const std::uint8_t fuel = m.fuel[m.ignition_cells.front()];
  const FuelBehaviour& grass = f.behaviour.front()[fuel];
  std::printf("  fire: at ignition %s runs %s km/h at %s kW/m (moisture %s %%); unfought it burns %s in "
              "%s\n",
              kFuelTypeNames[fuel], fixed_significant(grass.head_mps * 3.6, 3).c_str(), fixed_significant(grass.intensity_kw_m, 3).c_str(),
              fixed_significant(grass.moisture_percent, 3).c_str(), ha(forecast_area).c_str(),
              format_duration(m.end_s - *std::min_element(m.ignition_s.begin(), m.ignition_s.end())).c_str());
  for (const std::string& note : f.notes) std::printf("  fire: %s\n", note.c_str());
}

void print_fire_summary(const PreparedScenario& p, const ResponseExperiment& ex) {
  const ScenarioFire& f = *p.fire;
  const WildfireModel& m = f.model;
  const std::size_t n = ex.fire.size();
  if (n == 0) return;
  std::vector<double> area, held, attack, line, villages, people, roads;
  std::map<int, std::size_t> village_count;
  const double ignition = *std::min_element(m.ignition_s.begin(), m.ignition_s.end());
  for (const WildfireOutcome& o : ex.fire) {
    const FireRunSummary s = summarize_fire_run(f, o);
    area.push_back(s.area_ha);
    if (!std::isnan(s.held_s)) held.push_back(s.held_s - ignition);
    if (!std::isnan(s.first_attack_s)) attack.push_back(s.first_attack_s - s.reported_s);
    line.push_back(s.line_km);
    villages.push_back(s.villages_reached);
    people.push_back(s.people_in_villages_reached);
    roads.push_back(s.roads_closed);
    for (const auto& v : o.villages) ++village_count[v.village];
  }
  const auto duration = [](double s) { return format_duration(s >= 120.0 ? 60.0 * std::round(s / 60.0) : std::round(s)); };
  const auto count = [](double x) { return fixed_significant(x, 3); };
  std::printf("\nWildfire %s (mean over %zu replications, range in brackets; times from the ignition)\n",
              m.name.c_str(), n);
  std::printf("  area burned in %s: %s\n", format_duration(m.end_s - ignition).c_str(),
              mean_range(area, [](double x) { return ha(x); }).c_str());
  if (!m.output_times_s.empty()) {
    std::string at;
    for (std::size_t i = 0; i < m.output_times_s.size() && i < 6; ++i) {
      double sum = 0.0;
      for (const WildfireOutcome& o : ex.fire) sum += i < o.area_at_output_m2.size() ? o.area_at_output_m2[i] : 0.0;
      at += (i ? ", " : "") + format_duration(m.output_times_s[i] - ignition) + ": " + ha(sum / double(n) / 1e4);
    }
    std::printf("  area burned at %s\n", at.c_str());
  }
  if (held.empty()) {
    std::printf("  held: ! in none of the %zu replications in %s\n", n, format_duration(m.end_s - ignition).c_str());
  } else {
    std::printf("  held: in %zu of %zu replications, %s after ignition (over those held)%s\n", held.size(), n,
                mean_range(held, duration).c_str(),
                held.size() < n ? "; the others burned on to the end" : "");
  }
  if (attack.empty()) {
    std::printf("  first attack: ! no crew with the wildland capability reached the fire in any replication\n");
  } else {
    std::printf("  first attack: %s after the report (over the %zu replications with a crew on the fire); "
                "fireline %s km built\n",
                mean_range(attack, duration).c_str(), attack.size(), mean_range(line, count).c_str());
  }
  std::printf("  villages reached: %s, with %s people\n", mean_range(villages, count).c_str(),
              mean_range(people, count).c_str());
  std::vector<std::pair<std::size_t, int>> often;
  for (const auto& [v, c] : village_count) often.push_back({c, v});
  std::sort(often.rbegin(), often.rend());
  for (std::size_t i = 0; i < often.size() && i < 5; ++i) {
    const Zone& z = p.region->zones[std::size_t(m.villages[std::size_t(often[i].second)].zone)];
    std::printf("    %-28s reached in %zu of %zu replications\n", (z.name.empty() ? z.id : z.name).c_str(),
                often[i].first, n);
  }
  std::vector<double> edge;
  for (const WildfireOutcome& o : ex.fire)
    if (!std::isnan(o.edge_reached_s)) edge.push_back(o.edge_reached_s - ignition);
  if (!edge.empty())
    std::printf("  ! the fire reached the border of the modelled square in %zu of %zu replications (first %s after "
                "ignition): it would have burned on beyond, so the area and the villages reached are understated; "
                "widen fire.landscape.extent\n",
                edge.size(), n, format_duration(*std::min_element(edge.begin(), edge.end())).c_str());
  std::printf("  roads closed by the fire: %s segments, each for %s after the fire reached it\n",
              mean_range(roads, count).c_str(), format_duration(m.road_closed_for_s).c_str());
}

}  // namespace dsim::cli
