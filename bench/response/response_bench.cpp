// SPDX-License-Identifier: MIT
// Response-simulation benchmark: prepares a scenario once (region, model,
// station travel tables; timed apart), then times run_response with 1 thread
// and with all threads, and one replication alone. Prints JSON.
//
// With --export FILE it also writes, as JSON, everything a separate model
// needs to replay replication 0 with the same inputs: units, escalation
// ladder, and per incident its call time, dispatch decision time, amount of
// work, needs, and travel times from and back to every station; plus each
// unit's turnout draws and dsim's own outcome of that replication to compare
// against (bench/response/bench_response.py replays it in SimPy).
//
//   dsim_bench_response SCENARIO [--replications R] [--repeats N] [--export FILE]
#include "sim/core/random.hpp"
#include "sim/core/statistics.hpp"
#include "sim/experiment/response_experiment.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/response/response_simulation.hpp"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// JSON number; NaN and infinities become null.
std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The plan-free draws of each incident, redrawn from the streams the
// simulation uses (see draw_all in sim/response/response_simulation.cpp):
// call delay, dispatch delay, then the amount of work. `call_matches` counts
// incidents whose redrawn call time equals dsim's, which proves the streams line up.
struct Redrawn {
  std::vector<double> dispatch_delay_s;
  std::vector<double> work_s;
  std::size_t call_matches = 0;
};

Redrawn redraw(const dsim::ResponseModel& model, const std::vector<dsim::IncidentOutcome>& incidents,
               std::uint64_t seed, std::uint64_t replication) {
  Redrawn out;
  std::map<int, std::uint64_t> ordinal;  // per generator; -1: explicit incidents
  for (const dsim::IncidentOutcome& inc : incidents) {
    const std::uint64_t k = ordinal[inc.generator]++;
    const std::string family =
        inc.generator >= 0 ? "work/" + model.generators[static_cast<std::size_t>(inc.generator)].name
                           : std::string("work/explicit");
    dsim::RandomStream work = dsim::RandomStream::member(seed, replication, family, k);
    const double call_s = inc.occurred_s + model.call_delay_s.sample(work);
    if (call_s == inc.call_s) ++out.call_matches;
    out.dispatch_delay_s.push_back(model.dispatch_delay_s.sample(work));
    const dsim::ResponseModel::Rule& rule = model.rule(inc.type, inc.severity);
    out.work_s.push_back(rule.defined ? rule.on_scene_s.sample(work) : 0.0);
  }
  return out;
}

void export_replay(const std::filesystem::path& path, const dsim::PreparedScenario& prepared, std::uint64_t seed) {
  const dsim::ResponseModel& model = prepared.model;
  const dsim::TravelOracle& travel = *prepared.travel;
  const dsim::ReplicationOutcome rep = dsim::simulate_response(model, travel, seed, 0);
  const Redrawn draws = redraw(model, rep.incidents, seed, 0);

  std::ostringstream j;
  j << "{\"horizon_s\": " << num(model.horizon_s) << ", \"warmup_s\": " << num(model.warmup_s)
    << ", \"mutual_aid\": " << (model.mutual_aid ? "true" : "false")
    << ", \"queue_when_busy\": " << (model.queue_when_busy ? "true" : "false") << ", \"comms_capability\": 5"
    << ", \"call_matches\": " << draws.call_matches << ",\n";
  j << " \"escalation_request_delay_s\": [";
  for (std::size_t s = 0; s < model.escalation.size(); ++s)
    j << (s ? ", " : "") << num(model.escalation[s].request_delay_s);
  j << "],\n \"station_banner\": [";
  for (std::size_t s = 0; s < model.stations.size(); ++s) j << (s ? ", " : "") << model.stations[s].banner;
  j << "],\n \"units\": [\n";
  std::vector<int> dispatch_count(model.units.size(), 0);
  for (const dsim::DispatchOutcome& d : rep.dispatches) ++dispatch_count[static_cast<std::size_t>(d.unit)];
  for (std::size_t u = 0; u < model.units.size(); ++u) {
    const dsim::ResponseModel::Unit& unit = model.units[u];
    // The unit's turnout stream, drawn as far as the replay could need it.
    dsim::RandomStream turnout = dsim::RandomStream::member(seed, 0, "turnout", u);
    j << "  {\"id\": \"" << unit.id << "\", \"station\": " << unit.station
      << ", \"step\": " << model.step_of_level[static_cast<std::size_t>(unit.level)] << ", \"people\": " << unit.people
      << ", \"capabilities\": " << unit.capabilities << ", \"speed_factor\": " << num(unit.speed_factor)
      << ", \"turnout_s\": [";
    const int draws_needed = 2 * dispatch_count[u] + 20;
    for (int k = 0; k < draws_needed; ++k) j << (k ? ", " : "") << num(unit.turnout_s.sample(turnout));
    j << "]}" << (u + 1 < model.units.size() ? "," : "") << "\n";
  }
  j << " ],\n \"incidents\": [\n";
  for (std::size_t i = 0; i < rep.incidents.size(); ++i) {
    const dsim::IncidentOutcome& inc = rep.incidents[i];
    const dsim::ResponseModel::Rule& rule = model.rule(inc.type, inc.severity);
    int banner = -1;
    bool priority = false;
    if (inc.zone >= 0) {
      const auto& zone = model.zones[static_cast<std::size_t>(inc.zone)];
      banner = zone.banner;
      priority = zone.type == "built_up" || zone.type == "industrial_park";
    }
    j << "  {\"call_s\": " << num(inc.call_s) << ", \"decide_s\": " << num(inc.call_s + draws.dispatch_delay_s[i])
      << ", \"work_s\": " << num(draws.work_s[i]) << ", \"defined\": " << (rule.defined ? "true" : "false")
      << ", \"banner\": " << banner << ", \"priority\": " << (priority ? "true" : "false")
      << ", \"measured\": " << (inc.measured ? "true" : "false") << ", \"flashover_s\": " << num(inc.flashover_s)
      << ", \"needs\": [";
    for (std::size_t k = 0; k < rule.needs.size(); ++k)
      j << (k ? ", " : "") << "[" << rule.needs[k].capability << ", " << rule.needs[k].people << "]";
    j << "], \"to_node_s\": [";
    for (std::size_t s = 0; s < model.stations.size(); ++s)
      j << (s ? ", " : "") << num(travel.to_node_s(static_cast<int>(s), inc.node, 1.0));
    j << "], \"to_station_s\": [";
    for (std::size_t s = 0; s < model.stations.size(); ++s)
      j << (s ? ", " : "") << num(travel.to_station_s(inc.node, static_cast<int>(s), 1.0));
    j << "],\n   \"dsim_first_arrival_s\": " << num(inc.first_arrival_s)
      << ", \"dsim_cleared_s\": " << num(inc.cleared_s) << ", \"dsim_units_sent\": " << inc.units_sent << "}"
      << (i + 1 < rep.incidents.size() ? "," : "") << "\n";
  }
  const dsim::ResponseKpis& k = rep.kpis;
  j << " ],\n \"dsim_kpis\": {\"incidents\": " << num(k.incidents) << ", \"dispatches\": " << rep.dispatches.size()
    << ", \"events\": " << rep.events << ", \"mean_first_arrival_s\": " << num(k.mean_first_arrival_s)
    << ", \"p90_first_arrival_s\": " << num(k.p90_first_arrival_s)
    << ", \"within_5min_share\": " << num(k.within_5min_share)
    << ", \"priority_within_5min_share\": " << num(k.priority_within_5min_share)
    << ", \"mean_call_to_dispatch_s\": " << num(k.mean_call_to_dispatch_s)
    << ", \"mean_comms_arrival_s\": " << num(k.mean_comms_arrival_s)
    << ", \"escalated_share\": " << num(k.escalated_share) << ", \"lost_share\": " << num(k.lost_share)
    << ", \"mean_unit_utilisation\": " << num(k.mean_unit_utilisation) << "}}\n";

  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp);
    out << j.str();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO [--replications R] [--repeats N] [--export FILE]\n", argv[0]);
    return 2;
  }
  const std::string scenario_path = argv[1];
  std::size_t replications = 0;  // 0: the scenario's
  int repeats = 3;
  std::filesystem::path export_path;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* value = argv[i + 1];
    if (key == "--replications") replications = std::strtoul(value, nullptr, 10);
    else if (key == "--repeats") repeats = std::atoi(value);
    else if (key == "--export") export_path = value;
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      return 2;
    }
  }

  auto start = Clock::now();
  dsim::Scenario scenario = dsim::load_scenario(dsim::ScenarioSource::file(scenario_path));
  const double read_s = seconds_since(start);
  if (replications == 0) replications = static_cast<std::size_t>(scenario.replications);
  const std::uint64_t seed = scenario.seed;
  start = Clock::now();
  const dsim::PreparedScenario prepared = dsim::prepare_scenario(std::move(scenario), 0);
  const double prepare_s = seconds_since(start);
  const dsim::ResponseModel& model = prepared.model;
  const int all_threads = omp_get_max_threads();

  struct Timing {
    double seconds;
    double incidents;
    std::uint64_t events;
  };
  auto time_run = [&](int threads) {
    std::vector<double> times;
    Timing t{0, 0, 0};
    for (int r = 0; r < repeats; ++r) {
      dsim::ResponseRunOptions options;
      options.replications = replications;
      options.threads = threads;
      options.seed = seed;
      const auto t0 = Clock::now();
      const dsim::ResponseExperiment e = dsim::run_response(model, *prepared.travel, options);
      times.push_back(seconds_since(t0));
      t.incidents = 0;
      for (const auto& rep : e.replications) t.incidents += static_cast<double>(rep.incidents.size());
      t.events = e.events;
    }
    t.seconds = dsim::quantile(times, 0.5);
    return t;
  };
  const Timing one = time_run(1);
  const Timing all = time_run(all_threads);

  // Replication 0 alone, the one a replay reproduces.
  std::vector<double> rep0_times;
  std::size_t rep0_incidents = 0;
  for (int r = 0; r < std::max(repeats, 5); ++r) {
    const auto t0 = Clock::now();
    const dsim::ReplicationOutcome rep = dsim::simulate_response(model, *prepared.travel, seed, 0);
    rep0_times.push_back(seconds_since(t0));
    rep0_incidents = rep.incidents.size();
  }

  if (!export_path.empty()) export_replay(export_path, prepared, seed);

  const double days = model.horizon_s / 86'400.0;
  std::printf("{\"benchmark\": \"response\", \"scenario\": \"%s\", \"read_s\": %.4f, \"prepare_s\": %.4f,\n",
              scenario_path.c_str(), read_s, prepare_s);
  std::printf(" \"horizon_days\": %.3f, \"replications\": %zu, \"repeats\": %d, \"threads\": %d, \"units\": %zu,"
              " \"stations\": %zu,\n",
              days, replications, repeats, all_threads, model.units.size(), model.stations.size());
  std::printf(" \"run_1thread_s\": %.6f, \"run_all_threads_s\": %.6f, \"incidents\": %.0f, \"events\": %llu,\n",
              one.seconds, all.seconds, one.incidents, static_cast<unsigned long long>(one.events));
  std::printf(" \"days_per_s_1thread\": %.1f, \"days_per_s_all_threads\": %.1f,\n",
              static_cast<double>(replications) * days / one.seconds,
              static_cast<double>(replications) * days / all.seconds);
  std::printf(" \"rep0_s\": %.6f, \"rep0_incidents\": %zu}\n", dsim::quantile(rep0_times, 0.5), rep0_incidents);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dsim_bench_response: %s\n", e.what());
    return 1;
  }
}
