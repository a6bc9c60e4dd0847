// SPDX-License-Identifier: MIT
// `dsim place SCENARIO`: where to put new stations for the 5-minute circle.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/core/error.hpp"
#include "sim/run/placement_run.hpp"
#include "sim/run/load_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace dsim::cli {

namespace {

struct PlaceOptions {
  std::string scenario;
  std::string model = "mclp";
  std::size_t new_stations = 3;
  double minutes = 5.0;
  std::vector<std::string> limits;  // zone_type=minutes
  double turnout_s = 60.0;
  std::string existing = "fixed";
  std::string demand_csv;
  std::vector<std::string> demand_zone_types;
  std::vector<std::string> candidate_zones;
  std::vector<std::string> candidate_zone_types;
  std::string candidate_csv;
  std::size_t stride = 1;
  std::string team;
  double busy_probability = 0.3;
  double backup_weight = 0.5;
  std::string curve;
  bool simulate = false;
  bool allow_uncoverable = false;
  bool exact = false;
  bool no_gap = false;
  double time_limit_s = 30.0;
  std::size_t replications = 0;
  std::int64_t seed = -1;
  int threads = 0;
  std::string output;
  std::string write_scenario;
  bool progress = false;
};

// The whole file or nothing: written under a temporary name, then renamed.
void write_whole_file(const std::string& path, const std::string& text, const char* option) {
  const std::string temp = path + ".partial";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw InputError(path, 0, option, "a file that can be written (does its folder exist?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw InputError(path, 0, option, "a file that can be written (does its folder exist?)");
  }
}

bool parse_minutes(const std::string& text, double& minutes) {
  try {
    std::size_t used = 0;
    minutes = std::stod(text, &used);
    return used == text.size() && std::isfinite(minutes);
  } catch (const std::exception&) {
    return false;
  }
}

std::string percent(double share) { return fixed_significant(100.0 * share, 3) + "%"; }

std::string minutes_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", seconds / 60.0);
  return buf;
}

// "1..10" or "10": the largest number of new stations on the curve.
std::size_t parse_curve(const std::string& text) {
  std::string last = text;
  if (const auto dots = text.find(".."); dots != std::string::npos) {
    if (text.substr(0, dots) != "1")
      throw InputError("command line", 0, "--curve", "1..N or N (N from 1 to 100)", text);
    last = text.substr(dots + 2);
  }
  std::size_t n = 0, used = 0;
  try {
    n = std::stoul(last, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != last.size() || last.empty() || n < 1 || n > 100)
    throw InputError("command line", 0, "--curve", "1..N or N (N from 1 to 100)", text);
  return n;
}

PlacementRequest to_request(const PlaceOptions& o) {
  PlacementRequest r;
  parse_siting_model(o.model, r.model);
  r.new_stations = o.new_stations;
  r.busy_probability = o.busy_probability;
  r.first_cover_weight = o.backup_weight;
  PlacementOptions& p = r.problem;
  p.limit_s = 60.0 * o.minutes;
  for (const std::string& l : o.limits) {
    const auto eq = l.find('=');
    double minutes = 0.0;
    if (eq == std::string::npos || !parse_minutes(l.substr(eq + 1), minutes) || minutes <= 0.0)
      throw InputError("command line", 0, "--limit", "ZONE_TYPE=MINUTES, e.g. industrial_park=4", l);
    p.limit_s_by_zone_type[l.substr(0, eq)] = 60.0 * minutes;
  }
  p.default_turnout_s = o.turnout_s;
  p.existing_may_close = o.existing == "may-close";
  p.demand_csv = o.demand_csv;
  if (!o.demand_zone_types.empty()) p.demand_zone_types = o.demand_zone_types;
  p.candidate_zones = o.candidate_zones;
  p.candidate_zone_types = o.candidate_zone_types;
  p.candidate_csv = o.candidate_csv;
  p.candidate_stride = o.stride;
  r.team_template = o.team;
  if (!o.curve.empty()) r.curve_max = parse_curve(o.curve);
  r.simulate = o.simulate;
  r.allow_uncoverable = o.allow_uncoverable;
  r.exact = o.exact;
  r.gap_report = !o.no_gap;
  r.time_limit_s = o.time_limit_s;
  r.replications = o.replications;
  if (o.seed >= 0) r.seed = static_cast<std::uint64_t>(o.seed);
  r.cancel = &interrupt_flag();
  return r;
}

void print_summary(const PlacementOutcome& out, const PlacementRequest& r) {
  const PlacementProblem& p = out.problem;
  std::printf("Station placement for %s (%s, reach within %s min, turnout included)\n",
              out.prepared.scenario.name.c_str(), siting_model_name(r.model),
              minutes_text(r.problem.limit_s).c_str());
  std::printf("  demand points        %s\n", with_thousands(p.demand.size()).c_str());
  std::printf("  existing stations    %s (%s)\n", with_thousands(p.existing_sites.size()).c_str(),
              r.problem.existing_may_close ? "may close" : "kept");
  std::printf("  candidate sites      %s\n", with_thousands(p.matrix.free_site_count()).c_str());
  std::printf("  covered demand       %s before, %s after\n", percent(out.covered_share_before).c_str(),
              percent(out.plan.covered_share()).c_str());
  const double total = p.matrix.total_weight();
  if (!out.plan.uncoverable_demand.empty())
    std::printf("  no site covers       %s demand points (%s of the demand)\n",
                with_thousands(out.plan.uncoverable_demand.size()).c_str(),
                percent(total > 0 ? out.plan.uncoverable_weight / total : 0).c_str());
  if (out.gap) {
    const GapReport& g = *out.gap;
    const char* source = g.source == BoundSource::optimal          ? "proven optimum"
                         : g.source == BoundSource::branch_and_cut ? "branch-and-cut bound at the time limit"
                                                                   : "linear-relaxation bound";
    if (r.model == SitingModel::lscp) {
      if (g.source == BoundSource::optimal)
        std::printf("  optimality           %.0f new stations; the fewest possible is %.0f%s\n",
                    g.heuristic_objective, std::ceil(g.bound - 1e-9), g.heuristic_optimal ? ": optimal" : "");
      else
        std::printf("  optimality           %.0f new stations; at least %.0f needed (%s)\n", g.heuristic_objective,
                    std::ceil(g.bound - 1e-9), source);
    } else {
      std::printf("  optimality           objective %s, bound %s (%s): gap %s%s\n",
                  fixed_significant(g.heuristic_objective, 6).c_str(), fixed_significant(g.bound, 6).c_str(), source,
                  percent(g.relative_gap).c_str(), g.heuristic_optimal ? ", optimal" : "");
    }
  }
  std::printf("New stations (%zu):\n", out.stations.size());
  for (const PlannedStation& s : out.stations) {
    std::printf("  %-10s node %-9lld", s.station.id.c_str(), static_cast<long long>(s.station.location.node_id));
    if (s.lon != 0.0 || s.lat != 0.0) std::printf("  lon %.5f lat %.5f", s.lon, s.lat);
    if (!s.near.empty()) std::printf("  %s m from %s", fixed_significant(s.near_m, 3).c_str(), s.near.c_str());
    if (!s.nearest_station.empty())
      std::printf("; nearest station %s at %s m", s.nearest_station.c_str(),
                  fixed_significant(s.nearest_station_m, 3).c_str());
    std::printf("\n");
  }
  std::size_t closed = 0;
  const std::vector<std::uint32_t>& open = out.plan.sites;
  for (std::uint32_t s : p.existing_sites)
    if (!std::binary_search(open.begin(), open.end(), s)) {
      if (closed++ == 0) std::printf("Existing stations the plan closes:\n");
      std::printf("  %s\n", p.sites[s].label.c_str());
    }
  if (!out.curve.empty()) {
    const SitingModel curve_model = r.model == SitingModel::lscp ? SitingModel::mclp : r.model;
    std::printf("Coverage against new stations (%s):\n", siting_model_name(curve_model));
    std::printf("  %4s  %8s\n", "new", "covered");
    std::printf("  %4d  %8s\n", 0, percent(out.covered_share_before).c_str());
    for (const CoverageCurvePoint& c : out.curve)
      std::printf("  %4zu  %8s\n", c.new_stations, percent(c.covered_share).c_str());
  }
  if (out.check) {
    const PlacementCheck& c = *out.check;
    std::printf("Simulated (%zu replications, seed %llu): priority incidents reached within 5 min of the call\n",
                c.replications, static_cast<unsigned long long>(c.seed));
    std::printf("  before  %s +- %s\n", percent(c.before.mean).c_str(), percent(c.before.half_width).c_str());
    std::printf("  after   %s +- %s\n", percent(c.after.mean).c_str(), percent(c.after.half_width).c_str());
    std::printf("  (static coverage %s before, %s after)\n", percent(out.covered_share_before).c_str(),
                percent(out.plan.covered_share()).c_str());
    if (c.interrupted) std::printf("  interrupted: the numbers cover the finished replications only\n");
  }
}

}  // namespace

Action add_place_command(CLI::App& app) {
  auto opts = std::make_shared<PlaceOptions>();
  CLI::App* cmd = app.add_subcommand("place", "Place new stations for the 5-minute circle");
  cmd->description(
      "Choose sites for new stations so that more of the built-up areas and industrial parks are reached\n"
      "within --minutes (turnout + free-flow drive). Demand is the road nodes of those zones, weighted by\n"
      "population x risk; candidates are the same nodes unless given. The scenario's stations stay open\n"
      "(--existing fixed) or compete with the candidates (--existing may-close). Models: lscp (fewest\n"
      "stations covering all), mclp (most demand with --new-stations), mexclp (expected cover when units\n"
      "are busy with --busy-probability), backup (first and second cover). Writes the new stations and\n"
      "their teams as scenario YAML (-o), or the whole scenario with them merged in (--write-scenario);\n"
      "--simulate runs the scenario without and with them.");
  cmd->footer(
      "Examples:\n"
      "  dsim place scenarios/ordos_default.yaml --model mclp --new-stations 3 --minutes 5 -o plan.yaml\n"
      "  dsim place my.yaml --curve 1..10\n"
      "  dsim place my.yaml --model mclp -n 5 --exact --time-limit 120\n"
      "  dsim place my.yaml --model lscp --candidate-zone-types built_up --candidate-stride 4\n"
      "  dsim place my.yaml --new-stations 2 --simulate -r 4 -o plan.yaml\n"
      "  dsim place my.yaml -n 3 --write-scenario my_with_plan.yaml && dsim run my_with_plan.yaml\n"
      "  dsim place my.yaml --demand demand.csv --candidates sites.csv --limit industrial_park=4\n"
      "--write-scenario writes the scenario with the plan merged in; -o writes only the new stations and teams.\n"
      "demand.csv: columns node or lon,lat; weight; optional limit_s. sites.csv: columns node or lon,lat.");
  cmd->add_option("scenario", opts->scenario, "Scenario YAML file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--model", opts->model, "Siting model")
      ->check(CLI::IsMember({"lscp", "mclp", "mexclp", "backup"}))
      ->capture_default_str();
  cmd->add_option("-n,--new-stations", opts->new_stations, "New stations (not for lscp)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--minutes", opts->minutes, "Reach time in minutes, turnout included")
      ->check(CLI::Range(0.01, 1440.0))
      ->capture_default_str();
  cmd->add_option("--limit", opts->limits, "Per zone type reach time, ZONE_TYPE=MINUTES (repeatable)");
  cmd->add_option("--turnout-s", opts->turnout_s, "Turnout of new stations and of stations without teams, s")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  cmd->add_option("--existing", opts->existing,
                  "Existing stations: fixed, or may-close (then -n counts the kept ones too)")
      ->check(CLI::IsMember({"fixed", "may-close"}))
      ->capture_default_str();
  cmd->add_option("--demand", opts->demand_csv, "Demand CSV instead of the zones")->check(CLI::ExistingFile);
  cmd->add_option("--demand-zone-types", opts->demand_zone_types, "Zone types that make the demand")
      ->delimiter(',');
  cmd->add_option("--candidate-zones", opts->candidate_zones, "Zone ids whose nodes are candidates")->delimiter(',');
  cmd->add_option("--candidate-zone-types", opts->candidate_zone_types, "Zone types whose nodes are candidates")
      ->delimiter(',');
  cmd->add_option("--candidates", opts->candidate_csv, "Candidate sites CSV")->check(CLI::ExistingFile);
  cmd->add_option("--candidate-stride", opts->stride, "Keep every k-th node of a candidate zone")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--team", opts->team, "Scenario team copied to each new station (default: a community fire team)");
  cmd->add_option("--busy-probability", opts->busy_probability, "mexclp: chance a unit is busy")
      ->check(CLI::Range(0.0, 0.99))
      ->capture_default_str();
  cmd->add_option("--backup-weight", opts->backup_weight, "backup: weight of first cover (second: 1 - it)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--curve", opts->curve, "Print coverage for 1..N new stations (1..10 or 10)");
  cmd->add_flag("--allow-uncoverable", opts->allow_uncoverable,
                "lscp: cover what some site can reach and report the rest, instead of failing");
  cmd->add_flag("--exact", opts->exact,
                "Solve the integer programme with CBC (from the heuristic's answer) instead of the heuristic alone");
  cmd->add_option("--time-limit", opts->time_limit_s,
                  "Seconds CBC may take, for --exact and for the optimality gap of the heuristic's answer")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str();
  cmd->add_flag("--no-gap", opts->no_gap, "Skip the optimality gap of the heuristic's answer (no CBC run)");
  cmd->add_flag("--simulate", opts->simulate, "Run the scenario without and with the new stations");
  cmd->add_option("-r,--replications", opts->replications, "Replications of the check (default: the scenario's)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", opts->seed, "Seed of the check (default: the scenario's)")->check(CLI::NonNegativeNumber);
  cmd->add_option("-j,--threads", opts->threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("-o,--output", opts->output, "Write the new stations and teams as scenario YAML");
  cmd->add_option("--write-scenario", opts->write_scenario,
                  "Write the whole scenario with the new stations merged in (closed ones removed), ready to run");
  cmd->add_flag("--progress", opts->progress, "Show progress bars even when stderr is not a terminal");
  return [opts]() -> int {
    PlacementRequest request = to_request(*opts);
    install_interrupt_handler();
    // One bar per long step, drawn on a terminal (or with --progress).
    const bool show = opts->progress || stderr_is_terminal();
    std::unique_ptr<ProgressBar> bar;
    std::string stage;
    request.on_progress = [&](const char* now, std::size_t done, std::size_t total) {
      if (stage != now) {
        if (bar) bar->finish();
        stage = now;
        const char* label = stage == "coverage" ? "coverage searches (candidate sites)"
                            : stage == "curve"  ? "coverage curve (new stations)"
                            : stage == "gap"    ? "optimality bound (CBC)"
                                                : "simulated check (replications, before and after)";
        bar = std::make_unique<ProgressBar>(label, show);
      }
      bar->update(done, total);
    };
    if (show) std::fprintf(stderr, "Preparing %s: loading the region, computing travel times...\n", opts->scenario.c_str());
    Scenario scenario = load_scenario(ScenarioSource::file(opts->scenario));
    const PlacementOutcome out = place_stations(std::move(scenario), request, opts->threads);
    if (bar) bar->finish();
    print_summary(out, request);
    if (!opts->output.empty()) {
      write_whole_file(opts->output, placement_yaml(out, request), "--output");
      std::printf("Wrote %s\n", opts->output.c_str());
    }
    if (!opts->write_scenario.empty()) {
      write_whole_file(opts->write_scenario, placement_scenario_yaml(out, request, opts->write_scenario),
                       "--write-scenario");
      std::printf("Wrote %s (the scenario with the plan merged in; check it with `dsim validate %s`)\n",
                  opts->write_scenario.c_str(), opts->write_scenario.c_str());
    }
    if (out.check && out.check->interrupted) return kExitInterrupted;
    return kExitOk;
  };
}

}  // namespace dsim::cli
