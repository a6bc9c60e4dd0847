// SPDX-License-Identifier: MIT
#include "sim/run/placement_run.hpp"

#include "sim/core/error.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/scenario/scenario_merge.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <algorithm>
#include <cstdio>

namespace dsim {

bool parse_siting_model(const std::string& name, SitingModel& out) {
  for (SitingModel m : {SitingModel::lscp, SitingModel::mclp, SitingModel::mexclp, SitingModel::backup})
    if (name == siting_model_name(m)) {
      out = m;
      return true;
    }
  return false;
}

const char* siting_model_name(SitingModel model) {
  switch (model) {
    case SitingModel::lscp: return "lscp";
    case SitingModel::mclp: return "mclp";
    case SitingModel::mexclp: return "mexclp";
    case SitingModel::backup: return "backup";
  }
  return "mclp";
}

namespace {

CoverageObjective objective_of(SitingModel model, const PlacementRequest& r) {
  switch (model) {
    case SitingModel::mexclp: return CoverageObjective::expected_covering(r.busy_probability);
    case SitingModel::backup: return CoverageObjective::backup(r.first_cover_weight);
    default: return CoverageObjective::maximal_covering();
  }
}

// The exact answer as a SitingResult, with coverage recounted from the matrix.
SitingResult as_siting_result(const CoverageMatrix& m, const ExactResult& e, const SitingResult& heuristic) {
  SitingResult out = heuristic;
  out.sites = e.sites;
  out.new_sites = e.new_sites;
  out.objective = e.objective;
  out.covered_weight = out.covered_twice_weight = 0.0;
  std::vector<std::uint32_t> covers(m.demand_count(), 0);
  for (std::uint32_t s : e.sites)
    for (std::uint32_t d : m.covered_by(s)) ++covers[d];
  for (std::size_t d = 0; d < covers.size(); ++d) {
    if (covers[d] >= 1) out.covered_weight += m.weight(static_cast<std::uint32_t>(d));
    if (covers[d] >= 2) out.covered_twice_weight += m.weight(static_cast<std::uint32_t>(d));
  }
  return out;
}

SitingResult solve(const CoverageMatrix& m, SitingModel model, std::size_t p, const PlacementRequest& r,
                   const SitingOptions& o) {
  switch (model) {
    case SitingModel::lscp: return solve_lscp(m, o);
    case SitingModel::mclp: return solve_mclp(m, p, o);
    case SitingModel::mexclp: return solve_mexclp(m, p, r.busy_probability, o);
    case SitingModel::backup: return solve_backup_coverage(m, p, r.first_cover_weight, o);
  }
  return solve_mclp(m, p, o);
}

ConfidenceInterval priority_share(const ResponseExperiment& e) {
  for (const KpiSummary& k : e.kpis)
    if (k.name == "priority_within_5min_share") return k.interval;
  return {};
}

}  // namespace

PlacementOutcome place_stations(Scenario scenario, const PlacementRequest& r, int threads) {
  if (r.model == SitingModel::mexclp && !(r.busy_probability >= 0.0 && r.busy_probability < 1.0))
    throw InputError("placement options", 0, "busy_probability", "a probability in [0, 1)",
                     std::to_string(r.busy_probability));
  if (r.model == SitingModel::backup && !(r.first_cover_weight >= 0.0 && r.first_cover_weight <= 1.0))
    throw InputError("placement options", 0, "first_cover_weight", "a weight in [0, 1]",
                     std::to_string(r.first_cover_weight));
  if (r.model != SitingModel::lscp && r.new_stations == 0)
    throw InputError("placement options", 0, "new_stations", "at least 1 new station", "0");

  PlacementOutcome out;
  out.prepared = prepare_scenario(std::move(scenario), threads);
  const Scenario& base = out.prepared.scenario;
  const Region& region = *out.prepared.region;
  const TeamSpec team = team_template(base, r.team_template);  // fails early on an unknown id
  const auto progress = [&r](const char* stage, std::size_t done, std::size_t total) {
    if (r.on_progress) r.on_progress(stage, done, total);
  };
  PlacementOptions problem_options = r.problem;
  problem_options.threads = threads;
  if (r.on_progress)
    problem_options.on_progress = [&progress](std::size_t done, std::size_t total) { progress("coverage", done, total); };
  out.problem = build_placement_problem(base, region, problem_options);
  out.covered_share_before = existing_covered_share(out.problem);

  SitingOptions siting;
  siting.threads = threads;
  siting.allow_uncoverable = r.allow_uncoverable;
  out.plan = solve(out.problem.matrix, r.model, r.new_stations, r, siting);
  if (r.exact || r.gap_report) {
    progress("gap", 0, 1);
    ExactOptions exact;
    exact.time_limit_s = r.time_limit_s;
    exact.allow_uncoverable = r.allow_uncoverable;
    const CoverageObjective objective = objective_of(r.model, r);
    if (r.exact) {
      // Branch and cut from the heuristic's answer; the report describes the answer it returns.
      exact.start_sites = out.plan.new_sites;
      const ExactResult best = solve_exact(out.problem.matrix, r.model, r.new_stations, objective, exact);
      if (best.has_solution) out.plan = as_siting_result(out.problem.matrix, best, out.plan);
      GapReport g;
      g.model = r.model;
      g.heuristic_objective = out.plan.objective;
      g.bound = best.bound;
      g.exact_objective = best.objective;
      g.source = best.proven_optimal ? BoundSource::optimal
                 : best.bound_from_lp_only ? BoundSource::linear_relaxation
                                           : BoundSource::branch_and_cut;
      g.relative_gap = best.has_solution ? std::max(0.0, best.relative_gap()) : 0.0;
      g.heuristic_optimal = best.proven_optimal;
      out.gap = g;
    } else {
      out.gap = optimality_gap(out.problem.matrix, r.model, r.new_stations, objective, out.plan, exact);
    }
    progress("gap", 1, 1);
  }
  out.stations = planned_stations(base, region, out.problem, out.plan, team);
  out.scenario_after = add_planned_stations(base, out.problem, out.plan, out.stations);

  if (r.curve_max > 0) {
    const std::size_t free = out.problem.matrix.free_site_count();
    const SitingModel curve_model = r.model == SitingModel::lscp ? SitingModel::mclp : r.model;
    const std::size_t last = std::min(r.curve_max, free);
    for (std::size_t p = 1; p <= last; ++p) {
      const SitingResult s = solve(out.problem.matrix, curve_model, p, r, siting);
      out.curve.push_back({p, s.covered_share(), s.objective});
      progress("curve", p, last);
    }
  }

  if (r.simulate) {
    ResponseRunOptions run;
    run.replications = r.replications > 0 ? r.replications : static_cast<std::size_t>(base.replications);
    run.seed = r.seed.value_or(base.seed);
    run.threads = threads;
    run.cancel = r.cancel;
    // Both runs on one count: before, then after.
    run.on_progress = [&progress, &run](std::size_t done, std::size_t) { progress("check", done, 2 * run.replications); };
    PlacementCheck check;
    check.replications = run.replications;
    check.seed = run.seed;
    const ResponseExperiment before = run_response(out.prepared.model, *out.prepared.travel, run);
    run.on_progress = [&progress, &run](std::size_t done, std::size_t) {
      progress("check", run.replications + done, 2 * run.replications);
    };
    const ResponseModel model_after = build_response_model(out.scenario_after, region);
    const auto travel_after = station_travel_tables(region.network, model_after, threads);
    const ResponseExperiment after = run_response(model_after, *travel_after, run);
    check.before = priority_share(before);
    check.after = priority_share(after);
    check.interrupted = before.interrupted || after.interrupted;
    out.check = check;
  }
  return out;
}

std::string placement_yaml(const PlacementOutcome& o, const PlacementRequest& r) {
  char line[256];
  std::string comment = "Stations placed by `dsim place` for scenario " + o.prepared.scenario.name + "\n";
  std::snprintf(line, sizeof line, "model %s, reach within %g s, %zu new station(s)\n", siting_model_name(r.model),
                r.problem.limit_s, o.stations.size());
  comment += line;
  std::snprintf(line, sizeof line, "static coverage of the demand: %.1f%% before, %.1f%% after\n",
                100.0 * o.covered_share_before, 100.0 * o.plan.covered_share());
  comment += line;
  comment += "Add these entries to the scenario's `stations` and `teams` lists.";
  return planned_stations_yaml(o.stations, comment);
}

std::vector<std::string> closed_stations(const PlacementOutcome& o) {
  std::vector<std::string> out;
  const std::vector<std::uint32_t>& open = o.plan.sites;
  for (std::uint32_t s : o.problem.existing_sites)
    if (!std::binary_search(open.begin(), open.end(), s)) {
      const int station = o.problem.sites[s].station;
      if (station >= 0) out.push_back(o.prepared.scenario.stations[static_cast<std::size_t>(station)].id);
    }
  return out;
}

std::string placement_scenario_yaml(const PlacementOutcome& o, const PlacementRequest& r, const std::string& out_path) {
  const Scenario& base = o.prepared.scenario;
  StationMerge merge;
  merge.additions_yaml = planned_stations_yaml(o.stations, "");
  merge.removed_stations = closed_stations(o);
  char line[256];
  merge.header_comment = "Scenario " + base.name + (base.source_path.empty() ? "" : " (" + base.source_path + ")") +
                         " with the stations placed by `dsim place`\n";
  std::snprintf(line, sizeof line, "model %s, reach within %g s: %zu new station(s), %zu closed; static coverage %.1f%% -> %.1f%%\n",
                siting_model_name(r.model), r.problem.limit_s, o.stations.size(), merge.removed_stations.size(),
                100.0 * o.covered_share_before, 100.0 * o.plan.covered_share());
  merge.header_comment += line;
  merge.header_comment += "Comments of the original file are not kept.";
  const std::string out_for = out_path.empty() ? std::string("./scenario.yaml") : out_path;
  const std::string text = merge_stations(base.source_text, base.source_path, out_for, merge);
  // Read back as a file in the same folder would be, so that paths are checked too.
  ScenarioReading back = read_scenario_text(text, out_for);
  if (!back.ok()) {
    for (const ScenarioProblem& p : back.problems)
      if (p.is_error())
        throw InputError(out_for, p.line, p.key, "the merged scenario to read back: " + p.expected, p.found);
  }
  return text;
}

}  // namespace dsim
