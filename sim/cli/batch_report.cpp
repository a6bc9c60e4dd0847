// SPDX-License-Identifier: MIT
#include "sim/cli/batch_report.hpp"

#include "sim/cli/terminal.hpp"
#include "sim/core/statistics.hpp"
#include "sim/scenario/quantity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dsim::cli {

FloodBar::FloodBar(bool enabled) : bar_(std::make_unique<ProgressBar>("flood (preparing a design point)", enabled)) {}

void FloodBar::operator()(const FloodProgress& p) {
  const double span_s = p.end_s - p.start_s;
  bar_->update(span_s > 0.0 ? (p.time_s - p.start_s) / span_s : 1.0,
               format_duration(p.time_s) + " of " + format_duration(p.end_s) + " simulated, " + with_thousands(p.cells) +
                   " cells",
               1.0);
}

void FloodBar::finish() { bar_->finish(); }

std::vector<std::string> headline_indicators(const std::vector<Indicator>& present) {
  static const std::vector<std::string> preferred = {
      "fire_circle_within_5min_share", "within_5min_share", "mean_first_arrival_s", "not_reached_share",
      "warning_share_evacuated_in_time", "logistics_unmet_share"};
  std::vector<std::string> out;
  for (const std::string& name : preferred)
    if (std::any_of(present.begin(), present.end(), [&](const Indicator& i) { return i.name == name; }))
      out.push_back(name);
  return out;
}

void print_batch_run(const BatchRunOutcome& outcome, std::size_t units_asked, const std::string& output) {
  std::size_t held = 0;
  for (const UnitResult& u : outcome.units) held += u.replications.size();
  std::printf("Work units: %zu run now, %zu resumed from %s, %zu of %zu asked for still to do%s\n", outcome.ran,
              outcome.resumed, output.empty() ? "-" : output.c_str(), units_asked - outcome.ran - outcome.resumed,
              units_asked, outcome.interrupted ? " (interrupted: run the same command again to go on)" : "");
  if (outcome.ran > 0)
    std::printf("Preparations: %zu design points prepared; region reused %zu times, travel tables %zu times"
                " (%zu read from the cache folder)%s\n",
                outcome.preparations, outcome.regions_reused, outcome.travel_reused + outcome.travel_from_disk,
                outcome.travel_from_disk,
                outcome.floods_reused ? (", flood run reused " + std::to_string(outcome.floods_reused) + " times").c_str() : "");
  if (!output.empty()) std::printf("Results: %s (tables runs, design, work_units; %zu rows)\n", output.c_str(), held);
}

void print_sweep_summary(const BatchHeader& header, const std::vector<UnitResult>& units) {
  if (units.empty()) return;
  const std::vector<std::string> shown = headline_indicators(units.front().indicators);
  // Means per point and indicator, over the replications held.
  std::vector<std::vector<RunningStats>> stats(header.points(), std::vector<RunningStats>(shown.size()));
  std::vector<std::size_t> reps(header.points(), 0);
  for (const UnitResult& u : units) {
    reps[u.unit.point] += u.replications.size();
    for (std::size_t k = 0; k < shown.size(); ++k)
      for (std::size_t i = 0; i < u.indicators.size(); ++i)
        if (u.indicators[i].name == shown[k])
          for (double v : u.values[i])
            if (!std::isnan(v)) stats[u.unit.point][k].add(v);
  }
  std::printf("\nMeans over each point's replications (runs table: every replication):\n  %-8s", "point");
  for (const std::string& p : header.parameter_names) std::printf(" %14s", p.c_str());
  for (const std::string& s : shown) std::printf(" %14.14s", s.c_str());
  std::printf(" %5s\n", "reps");
  const std::size_t limit = 40;
  for (std::size_t p = 0; p < header.points() && p < limit; ++p) {
    if (reps[p] == 0) continue;
    std::printf("  %-8s", header.point_names[p].c_str());
    for (double v : header.parameter_values[p]) std::printf(" %14s", fixed_significant(v).c_str());
    for (const RunningStats& s : stats[p])
      std::printf(" %14s", s.count() ? fixed_significant(s.mean()).c_str() : "-");
    std::printf(" %5zu\n", reps[p]);
  }
  if (header.points() > limit) std::printf("  ... %zu more points in the runs table\n", header.points() - limit);
  std::printf("  (column names cut to 14 characters; units and meanings: docs/output-format.md)\n");
}

}  // namespace dsim::cli
