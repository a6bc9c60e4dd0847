// SPDX-License-Identifier: MIT
#include "sim/cli/scenario_report.hpp"

#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/io/hdf5_results.hpp"
#include "sim/io/scenario_runner.hpp"
#include "sim/response/force_minimums.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace dsim::cli {

namespace {

std::string value_text(double x, const std::string& unit) {
  if (std::isnan(x)) return "n/a";
  if (unit == "1") return fixed_significant(100.0 * x, 3) + " %";
  if (unit == "s") return x >= 120.0 ? fixed_significant(x / 60.0, 3) + " min" : fixed_significant(x, 3) + " s";
  return fixed_significant(x, 4);
}

std::string half_text(double x, const std::string& unit) {
  if (std::isnan(x) || std::isinf(x)) return "";
  if (unit == "1") return "± " + fixed_significant(100.0 * x, 2) + " %";
  if (unit == "s") return x >= 120.0 ? "± " + fixed_significant(x / 60.0, 2) + " min" : "± " + fixed_significant(x, 2) + " s";
  return "± " + fixed_significant(x, 2);
}

const char* target_of(const std::string& kpi) {
  if (kpi == "fire_circle_within_5min_share") return "100 % (5-minute fire circle)";
  if (kpi == "comms_within_30min_share") return "100 % (video link in 30 min)";
  return "";
}

// How many force minimums of the Ordos measures the forces meet, and which they miss.
void print_force_minimums(const PreparedScenario& prepared) {
  const std::vector<ForceMinimum> rows = check_force_minimums(prepared.scenario);
  const auto met = std::count_if(rows.begin(), rows.end(), [](const ForceMinimum& f) { return f.met; });
  std::printf("\nForce minimums (Ordos measures 6-8): %td of %zu met\n", met, rows.size());
  for (const ForceMinimum& f : rows) {
    if (f.met) continue;
    std::printf("  not met (measure %d, %s): %s: %lld, at least %lld\n", f.measure, f.check.c_str(), f.what.c_str(),
                f.actual, f.required);
  }
}

}  // namespace

int run_scenario_and_report(Scenario scenario, const ScenarioRunOptions& options) {
  if (options.replications > 0) scenario.replications = options.replications;
  if (options.seed >= 0) scenario.seed = static_cast<std::uint64_t>(options.seed);
  int threads = options.threads;
#ifdef _OPENMP
  if (threads <= 0) threads = omp_get_max_threads();
#else
  threads = 1;
#endif
  const auto start = std::chrono::steady_clock::now();
  std::fprintf(stderr, "Preparing %s: loading the region, binding stations, computing travel times...\n",
               scenario.name.empty() ? "the scenario" : scenario.name.c_str());
  PreparedScenario prepared = prepare_scenario(std::move(scenario), threads);
  const double prepare_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  install_interrupt_handler();
  ProgressBar bar("replications", options.progress || stderr_is_terminal());
  ResponseRunOptions run;
  run.replications = static_cast<std::size_t>(prepared.scenario.replications);
  run.threads = threads;
  run.seed = prepared.scenario.seed;
  run.on_progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
  run.cancel = &interrupt_flag();
  const auto run_start = std::chrono::steady_clock::now();
  ResponseExperiment ex = run_response(prepared.model, *prepared.travel, run);
  const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  bar.finish();
  if (ex.replications.empty()) {
    std::fprintf(stderr, "dsim: interrupted before any replication finished; nothing written\n");
    return kExitInterrupted;
  }
  if (!options.output.empty()) {
    write_results(response_results(prepared, ex, options.command_line), options.output);
  }

  const Scenario& s = prepared.scenario;
  const Region& region = *prepared.region;
  std::size_t incidents = 0;
  for (const auto& r : ex.replications) incidents += r.incidents.size();
  std::printf("%s — %s\n", s.name.c_str(), region.description.c_str());
  std::printf("  road network: %s nodes, %s directed edges; %zu zones; %zu stations, %zu units\n",
              with_thousands(region.network.node_count()).c_str(), with_thousands(region.network.edge_count()).c_str(),
              region.zones.size(), prepared.model.stations.size(), prepared.model.units.size());
  std::printf("  %zu of %d replications, seed %llu, %d threads; horizon %s days; %s incidents, %s events\n",
              ex.replications.size(), s.replications, static_cast<unsigned long long>(s.seed), threads,
              fixed_significant(s.horizon_s / 86'400.0, 3).c_str(), with_thousands(incidents).c_str(),
              with_thousands(ex.events).c_str());
  if (prepared.flood) {
    const FloodImpact& im = prepared.flood->impact;
    std::size_t reached = 0;
    for (double t : im.arrival.node_arrival_s) reached += t < HazardArrival::kNever;
    const auto& g = prepared.flood->terrain.terrain.geometry;
    std::printf("  flood: %zu x %zu cells of %g m; %zu road closures (%zu changes), %zu road nodes reached, %zu rescue calls\n",
                g.cols, g.rows, g.cell_size, im.closures.size(), im.road_changes.size(), reached, im.rescues.size());
  }
  std::printf("  prepared in %.2f s, simulated in %.2f s\n", prepare_s, run_s);
  if (ex.interrupted) std::printf("  interrupted: the summary and the file hold the replications that finished\n");
  std::printf("\n%-30s %-12s %-14s %s\n", "indicator", "mean", "95% CI", "target");
  for (const KpiSummary& k : ex.kpis) {
    std::printf("%-30s %-12s %-14s %s\n", k.name.c_str(), value_text(k.interval.mean, k.unit).c_str(),
                half_text(k.interval.half_width, k.unit).c_str(), target_of(k.name));
  }
  print_force_minimums(prepared);
  if (!options.output.empty())
    std::printf("\nResults: %s (tables incidents, dispatches, units, kpis, kpi_replications, force_minimums%s)\n",
                options.output.c_str(),
                prepared.flood ? ", flood_grid, flood_frames, flood_closures, flood_exposure, flood_node_arrival" : "");
  return ex.interrupted ? kExitInterrupted : kExitOk;
}

}  // namespace dsim::cli
