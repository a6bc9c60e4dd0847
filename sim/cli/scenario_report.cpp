// SPDX-License-Identifier: MIT
#include "sim/cli/scenario_report.hpp"

#include "sim/cli/commands.hpp"
#include "sim/cli/fire_report.hpp"
#include "sim/cli/logistics_report.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/core/statistics.hpp"
#include "sim/io/hdf5_results.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/run/warning_runner.hpp"
#include "sim/response/force_minimums.hpp"
#include "sim/scenario/quantity.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

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

// Mean and 95% half-width over the replications where the value is finite; "n/a" when none is.
std::string mean_text(const std::vector<WarningSummary>& reps, const std::function<double(const WarningSummary&)>& get,
                      const std::string& unit, std::size_t* finite_count) {
  RunningStats stats;
  for (const WarningSummary& w : reps) {
    const double x = get(w);
    if (std::isfinite(x)) stats.add(x);
  }
  if (finite_count) *finite_count = stats.count();
  if (stats.count() == 0) return "n/a";
  const ConfidenceInterval ci = t_confidence_interval(stats);
  const bool half = stats.count() > 1 && std::isfinite(ci.half_width);
  if (unit == "1")
    return fixed_significant(100.0 * ci.mean, 3) + " %" + (half ? "  ± " + fixed_significant(100.0 * ci.half_width, 2) + " %" : "");
  if (unit == "s")
    return fixed_significant(ci.mean / 60.0, 3) + " min" + (half ? "  ± " + fixed_significant(ci.half_width / 60.0, 2) + " min" : "");
  return fixed_significant(ci.mean, 4) + (half ? "  ± " + fixed_significant(ci.half_width, 2) : "");
}

// Below this share of the calls, an indicator taken over the calls reached is flagged.
constexpr double kSmallShare = 0.5;

// Indicators taken over the calls some unit reached (kpi_infos says so).
bool over_reached_calls(const std::string& kpi) {
  return kpi == "mean_first_arrival_s" || kpi == "p90_first_arrival_s" || kpi.starts_with("fire_circle_mean_");
}

// Share of the measured calls, pooled over the replications, that some unit reached.
double reached_call_share(const ResponseExperiment& ex) {
  double calls = 0, not_reached = 0;
  for (const ReplicationOutcome& r : ex.replications) {
    calls += r.kpis.incidents;
    not_reached += r.kpis.not_reached;
  }
  return calls > 0 ? 1.0 - not_reached / calls : 1.0;
}

// Calls never reached and calls lost, said plainly: the arrival means are over the calls that were reached.
void print_unreached(const ResponseExperiment& ex) {
  double calls = 0, not_reached = 0, lost = 0;
  std::vector<double> by_reason(kUnreachedReasons, 0.0);
  for (const ReplicationOutcome& r : ex.replications) {
    calls += r.kpis.incidents;
    not_reached += r.kpis.not_reached;
    lost += r.kpis.lost;
    for (std::size_t i = 0; i < r.kpis.not_reached_by_reason.size() && i < by_reason.size(); ++i)
      by_reason[i] += r.kpis.not_reached_by_reason[i];
  }
  if (calls <= 0) return;
  const double share = not_reached / calls;
  std::printf("\nCalls never reached by any unit: %.0f of %.0f over %zu replications (%s %%), %.0f of them lost (no unit "
              "could take them).\n",
              not_reached, calls, ex.replications.size(), fixed_significant(100.0 * share, 3).c_str(), lost);
  for (int r = 1; r < kUnreachedReasons; ++r)
    if (by_reason[static_cast<std::size_t>(r)] > 0)
      std::printf("  %6.0f  %-17s %s\n", by_reason[static_cast<std::size_t>(r)], unreached_name(static_cast<Unreached>(r)),
                  unreached_description(static_cast<Unreached>(r)).c_str());
  if (share > 0.0)
    std::printf("Arrival times and their means are over the %s %% of calls that were reached.\n",
                fixed_significant(100.0 * (1.0 - share), 3).c_str());
  if (share >= 0.5)
    std::printf("WARNING: most calls were never reached: the arrival indicators describe a few calls only. "
                "Check road closures, unit capabilities and the escalation ladder (dsim validate).\n");
}

// Growing fires that passed flashover before their first alarm's crew was complete, when any did.
void print_second_alarms(const ResponseExperiment& ex) {
  double fires = 0, second = 0;
  for (const ReplicationOutcome& r : ex.replications) {
    fires += r.kpis.growing_fires;
    second += r.kpis.second_alarms;
  }
  if (second <= 0) return;
  std::printf("\nSecond alarms: %.0f of %.0f growing fires over %zu replications (%s %%) passed flashover before the first "
              "alarm's crew was complete on scene; each sent the second alarm's units and its work grew with the area "
              "burning.\n",
              second, fires, ex.replications.size(), fixed_significant(100.0 * second / fires, 3).c_str());
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

// What the run assumed, as `dsim validate` warns of it (also the results table `assumptions`).
void print_assumptions(const PreparedScenario& prepared) {
  if (prepared.assumptions.empty()) return;
  std::printf("\nAssumed (%zu, as dsim validate warns; results table assumptions):\n", prepared.assumptions.size());
  for (const ScenarioProblem& p : prepared.assumptions) std::printf("  %s\n", p.message().c_str());
}

}  // namespace

void print_warning_summary(const WarningModel& m, const std::vector<WarningSummary>& reps) {
  std::printf("%-40s %s\n", "warning and evacuation", "mean  ± 95% CI over replications");
  const auto row = [&](const char* name, const std::function<double(const WarningSummary&)>& get, const char* unit) {
    std::size_t n = 0;
    const std::string text = mean_text(reps, get, unit, &n);
    std::printf("%-40s %s%s\n", name, text.c_str(),
                n < reps.size() ? ("  (" + std::to_string(reps.size() - n) + " replications: never)").c_str() : "");
  };
  row("warning issued at", [](const WarningSummary& w) { return w.issued_s; }, "s");
  row("people", [](const WarningSummary& w) { return w.people; }, "");
  row("share warned", [](const WarningSummary& w) { return w.share_warned; }, "1");
  row("people in the hazard's path", [](const WarningSummary& w) { return w.people_in_path; }, "");
  row("share of them evacuated in time", [](const WarningSummary& w) { return w.share_evacuated_in_time; }, "1");
  row("people exposed", [](const WarningSummary& w) { return w.people_exposed; }, "");
  row("people in shelters", [](const WarningSummary& w) { return w.people_sheltered; }, "");
  row("call-and-answer: calls a person", [](const WarningSummary& w) { return w.mean_attempts; }, "");
  row("call-and-answer: time to answer", [](const WarningSummary& w) { return w.mean_acknowledgement_s; }, "s");
  row("call-and-answer: needed 2nd call", [](const WarningSummary& w) { return w.share_second_call; }, "1");
  row("answered within target", [](const WarningSummary& w) { return w.share_within_target; }, "1");
  row("escalations", [](const WarningSummary& w) { return static_cast<double>(w.escalations); }, "");
  row("feedback from every zone at", [](const WarningSummary& w) { return w.all_feedback_s; }, "s");
  // What went wrong, shown whenever it happened in any replication.
  const auto any = [&](const std::function<double(const WarningSummary&)>& get) {
    for (const WarningSummary& w : reps)
      if (get(w) > 0.0) return true;
    return false;
  };
  const auto maybe = [&](const char* name, const std::function<double(const WarningSummary&)>& get) {
    if (any(get)) row(name, get, "");
  };
  maybe("calls unanswered: person out on rescue", [](const WarningSummary& w) { return static_cast<double>(w.calls_missed_on_rescue); });
  maybe("calls failed: network down", [](const WarningSummary& w) { return static_cast<double>(w.calls_failed_no_network); });
  maybe("answered through the fallback", [](const WarningSummary& w) { return static_cast<double>(w.answered_by_fallback); });
  maybe("household contacts lost to outages", [](const WarningSummary& w) { return w.contacts_lost_to_outages; });
  row("people never warned", [](const WarningSummary& w) { return w.people - w.people_warned; }, "");
  maybe("evacuees stopped by a closed road", [](const WarningSummary& w) { return w.people_blocked; });
  for (std::size_t k = 0; k < m.shelters.size(); ++k) {
    const std::string name = "shelter " + m.shelters[k].id + " (cap " + std::to_string(m.shelters[k].capacity_people) + ")";
    row(name.c_str(), [k](const WarningSummary& w) { return static_cast<double>(w.shelter_occupancy[k]); }, "");
  }
}

namespace {

std::string people_text(double x) { return with_thousands(static_cast<std::size_t>(std::llround(x))); }

void print_chemical_lines(const PreparedScenario& p) {
  const ScenarioChemical& c = *p.chemical;
  const RoadNetwork& net = p.region->network;
  std::string levels;
  for (int k = 0; k < kAeglLevels; ++k)
    levels += (k ? " / " : "") + fixed_significant(c.chemical.level_ppm_for(k, c.zone_duration_s), 3);
  double kg = 0.0;
  for (const ReleaseSummary& r : c.releases) kg += r.total_kg;
  std::printf("  chemical: %s, %zu release(s), %s kg in all, the first at %s; AEGL-1/2/3 (%s): %s ppm\n",
              c.chemical.name.c_str(), c.releases.size(), with_thousands(static_cast<std::size_t>(std::llround(kg))).c_str(),
              format_duration(c.first_release_s).c_str(),
              format_duration(c.zone_duration_s).c_str(), levels.c_str());
  std::size_t reached[kAeglLevels] = {};
  for (std::size_t k = 0; k < kAeglLevels; ++k)
    for (double t : c.arrival_out_s[k]) reached[k] += t < HazardArrival::kNever;
  std::printf("  chemical: road nodes above AEGL-1 / 2 / 3 at some time: %s / %s / %s of %s within %s of a release; "
              "%s of %s edges closed to vehicles without hazmat at some time\n",
              with_thousands(reached[0]).c_str(), with_thousands(reached[1]).c_str(), with_thousands(reached[2]).c_str(),
              with_thousands(c.receptors).c_str(), "reach", with_thousands(c.edges_ever_closed).c_str(),
              with_thousands(net.edge_count()).c_str());
  if (c.protected_classes == 0)
    std::printf("  chemical: ! no vehicle class is kept for hazmat teams: the AEGL-%d zone stops every unit "
                "(give the hazmat teams vehicle_class: hazmat)\n", c.closure_level);
}

void print_chemical_summary(const PreparedScenario& p, const ResponseExperiment& ex) {
  const ScenarioChemical& c = *p.chemical;
  const double outdoor_share = p.scenario.chemical->outdoor_share;
  const ChemicalRunSummary s =
      summarize_chemical_run(c, *p.region, p.model, *p.travel, p.warning.get(), ex, outdoor_share);
  const bool warned = p.warning != nullptr;
  std::printf("\nChemical release: people above each level (%s over %zu replications; in brackets, nobody warned)\n",
              warned ? "mean, after the warning and the protective action," : "nobody warned", s.replications);
  std::printf("  %-8s %-22s %-22s %s\n", "level", "outdoors", "indoors", "total");
  for (std::size_t k = 0; k < kAeglLevels; ++k) {
    const std::string name = "AEGL-" + std::to_string(k + 1);
    std::printf("  %-8s %-22s %-22s %s\n", name.c_str(),
                (people_text(s.outdoors[k]) + " (" + people_text(s.no_action_outdoors[k]) + ")").c_str(),
                (people_text(s.indoors[k]) + " (" + people_text(s.no_action_indoors[k]) + ")").c_str(),
                (people_text(s.outdoors[k] + s.indoors[k]) + " (" +
                 people_text(s.no_action_outdoors[k] + s.no_action_indoors[k]) + ")").c_str());
  }
  std::printf("  %.0f %% of people outdoors before a warning; protective action in the %zu zones the AEGL-%d zone "
              "reaches: %zu shelter in place, %zu evacuate\n",
              100.0 * outdoor_share, s.zones_shelter + s.zones_evacuate, c.action_level, s.zones_shelter, s.zones_evacuate);
  if (s.scene_incidents == 0) {
    std::printf("  hazmat: no incident at a release's scene (add one to incident_list to see the approach)\n");
  } else if (s.hazmat_arrivals == 0) {
    std::printf("  hazmat: ! no hazmat unit reached the scene in %zu scene incidents\n", s.scene_incidents);
  } else {
    std::printf("  hazmat: first unit on scene %s after the call (mean over %zu of %zu scene incidents); "
                "drove %s (kept out of the AEGL-%d zone), %s on the direct route\n",
                value_text(s.mean_hazmat_response_s, "s").c_str(), s.hazmat_arrivals, s.scene_incidents,
                value_text(s.mean_hazmat_travel_s, "s").c_str(), c.closure_level,
                value_text(s.mean_hazmat_direct_s, "s").c_str());
    for (const auto& t : s.hazmat_teams)
      std::printf("  hazmat: team %s drove %s to the scene (mean over %zu arrivals), %s on the direct route%s\n",
                  t.team.c_str(), value_text(t.mean_travel_s, "s").c_str(), t.arrivals,
                  value_text(t.mean_direct_s, "s").c_str(),
                  t.mean_travel_s > t.mean_direct_s + 1.0 ? ": around the zone, from upwind" : "");
  }
  if (s.casualty_calls > 0)
    std::printf("  casualty calls: %zu raised at exposed nodes, %s reached (mean per replication)\n", s.casualty_calls,
                fixed_significant(s.casualty_calls_reached, 3).c_str());
  if (c.chemical.dense_at_release)
    std::printf("  ! %s is heavier than air as released: the Gaussian model understates the spread near the ground "
                "(docs/models.md)\n", c.chemical.name.c_str());
}

}  // namespace

int run_scenario_and_report(Scenario scenario, const ScenarioRunOptions& options) {
  const int threads = run_threads(options.overrides);
  const auto start = std::chrono::steady_clock::now();
  std::fprintf(stderr, "Preparing %s: loading the region, binding stations, computing travel times...\n",
               scenario.name.empty() ? "the scenario" : scenario.name.c_str());
  PreparedScenario prepared = [&] {
    ProgressBar flood_bar("flood", options.progress || stderr_is_terminal());
    const auto on_flood = [&flood_bar](const FloodProgress& p) {
      const double span_s = p.end_s - p.start_s;
      const std::string detail = format_duration(p.time_s) + " of " + format_duration(p.end_s) + " simulated, " +
                                 with_thousands(p.cells) + " cells";
      flood_bar.update(span_s > 0.0 ? (p.time_s - p.start_s) / span_s : 1.0, detail, 1.0);
    };
    ProgressBar chemical_bar("dispersion", options.progress || stderr_is_terminal());
    const auto on_chemical = [&chemical_bar](const ChemicalProgress& p) {
      chemical_bar.update(p.total > 0 ? static_cast<double>(p.done) / static_cast<double>(p.total) : 1.0,
                          std::string(p.stage == std::string("grid") ? "map grid" : "road nodes") + ", " +
                              with_thousands(p.done) + " of " + with_thousands(p.total) + " output times",
                          1.0);
    };
    ProgressBar fire_bar("fire landscape", options.progress || stderr_is_terminal());
    const auto on_fire = [&fire_bar](const FireProgress& p) {
      fire_bar.update(p.total > 0 ? static_cast<double>(p.done) / static_cast<double>(p.total) : 1.0,
                      std::string(p.stage) + ", " + with_thousands(p.done) + " of " + with_thousands(p.total), 1.0);
    };
    ProgressBar travel_bar("travel tables", options.progress || stderr_is_terminal());
    const auto on_travel = [&travel_bar](double share) {
      travel_bar.update(share, "station searches, both ways", 1.0);
    };
    return prepare_scenario(std::move(scenario), threads, on_flood, on_chemical, on_fire, nullptr, on_travel);
  }();
  const double prepare_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  install_interrupt_handler();
  ProgressBar bar("replications", options.progress || stderr_is_terminal());
  RunControl control;
  control.on_progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
  control.cancel = &interrupt_flag();
  const auto run_start = std::chrono::steady_clock::now();
  ResponseExperiment ex = run_prepared(prepared, threads, control);
  const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  bar.finish();
  if (ex.replications.empty()) {
    std::fprintf(stderr, "dsim: interrupted before any replication finished; nothing written\n");
    return kExitInterrupted;
  }
  std::vector<WarningSummary> warning;
  for (const WarningOutcome& o : ex.warning) warning.push_back(summarize_warning(*prepared.warning, o));
  if (!options.output.empty()) {
    if (options.warning_only) {
      write_results(warning_view_results(prepared, ex, options.command_line), options.output);
    } else {
      write_results(response_results(prepared, ex, options.command_line), options.output);
    }
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
    const ScenarioFlood& f = *prepared.flood;
    if (!f.terrain.dem_note.empty()) std::printf("  flood: %s\n", f.terrain.dem_note.c_str());
    if (!f.terrain.waterways_note.empty()) std::printf("  flood: %s\n", f.terrain.waterways_note.c_str());
    std::set<std::uint32_t> closed;
    for (const EdgeClosure& c : im.closures) closed.insert(static_cast<std::uint32_t>(c.edge));
    std::printf("  flood: %zu of %zu edges closed at some time; %zu edges along their road's shape, %zu bridges "
                "(closed when water reaches the deck), %zu tunnels (closed when a portal floods)\n",
                closed.size(), region.network.edge_count(), f.shaped_edges, f.bridges, f.tunnels);
  }
  if (prepared.chemical) print_chemical_lines(prepared);
  if (prepared.fire) print_fire_lines(prepared);
  if (prepared.warning) {
    const WarningModel& w = *prepared.warning;
    std::size_t duties = 0;
    for (const WarningChannel& c : w.channels) duties += c.has_units();
    for (const ResponsiblePerson& p : w.responsible) duties += p.unit >= 0;
    std::printf("  warning: %zu zones, %zu channels, %zu responsible people, %zu shelters; %s\n", w.zones.size(),
                w.channels.size(), w.responsible.size(), w.shelters.size(),
                duties > 0 ? "teams of the forces share warning duties (one event loop)"
                           : "no warning duties for the forces (one event loop)");
  }
  std::printf("  prepared in %.2f s, simulated in %.2f s\n", prepare_s, run_s);
  if (ex.interrupted) std::printf("  interrupted: the summary and the file hold the replications that finished\n");
  if (prepared.warning) {
    std::printf("\n");
    print_warning_summary(*prepared.warning, warning);
  }
  if (options.warning_only) {
    print_assumptions(prepared);
    if (!options.output.empty())
      std::printf("\nResults: %s (tables warning_replications, warned_share, shelters, exposed_by_group, warning_calls, warning_duties, assumptions)\n",
                  options.output.c_str());
    return ex.interrupted ? kExitInterrupted : kExitOk;
  }
  std::printf("\n%-30s %-12s %-14s %s\n", "indicator", "mean", "95% CI", "target / note");
  const double reached_share = reached_call_share(ex);
  for (const KpiSummary& k : ex.kpis) {
    if (k.name.starts_with("not_reached_")) continue;  // broken down below the table
    std::string note = target_of(k.name);
    if (over_reached_calls(k.name) && reached_share < 1.0) {
      note = "over the " + fixed_significant(100.0 * reached_share, 3) + " % of calls reached";
      if (reached_share < kSmallShare) note = "! " + note + ": describes few calls";
    }
    std::printf("%-30s %-12s %-14s %s\n", k.name.c_str(), value_text(k.interval.mean, k.unit).c_str(),
                half_text(k.interval.half_width, k.unit).c_str(), note.c_str());
  }
  print_unreached(ex);
  print_second_alarms(ex);
  if (prepared.chemical) print_chemical_summary(prepared, ex);
  if (prepared.fire) print_fire_summary(prepared, ex);
  if (prepared.logistics) print_logistics_summary(*prepared.logistics, prepared.model, ex);
  print_force_minimums(prepared);
  print_assumptions(prepared);
  if (!options.output.empty())
    std::printf("\nResults: %s (tables incidents, dispatches, units, kpis, kpi_replications, force_minimums, assumptions%s%s%s%s%s)\n",
                options.output.c_str(),
                prepared.fire ? ", fire_grid, fire_weather, fire_runs, fire_cells, fire_line, fire_nodes, fire_villages, "
                                "fire_closures, fire_perimeters, fire_zone_exposure" : "",
                prepared.flood ? ", flood_grid, flood_frames, flood_closures, flood_exposure, flood_node_arrival" : "",
                prepared.chemical ? ", chemical_releases, chemical_weather, chemical_nodes, chemical_zones, chemical_zone_exposure, "
                                    "chemical_exposure, chemical_place_series, chemical_grid, chemical_frames, chemical_frame_times, chemical_road_changes" : "",
                prepared.warning ? ", warning_replications, warned_share, shelters, exposed_by_group, warning_calls, warning_duties" : "",
                prepared.logistics ? ", logistics_items, logistics_depots, logistics_requests, logistics_deliveries, "
                                     "logistics_stock, logistics_balance, logistics_shortages, logistics_vehicles, "
                                     "logistics_depot_items, logistics_reserve, logistics_kpis" : "");
  return ex.interrupted ? kExitInterrupted : kExitOk;
}

}  // namespace dsim::cli
