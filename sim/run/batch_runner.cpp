// SPDX-License-Identifier: MIT
#include "sim/run/batch_runner.hpp"

#include "sim/experiment/warning_experiment.hpp"
#include "sim/run/logistics_results.hpp"

#include <chrono>
#include <cmath>
#include <limits>

namespace dsim {

namespace {

constexpr std::size_t kRecentPoints = 32;  // a prepared point shares its region and travel tables: small
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The warning's headline measures, in the order of the values below.
const std::vector<Indicator>& warning_indicators() {
  static const std::vector<Indicator> out = {
      {"warning_share_warned", "1", "share of the people warned by the end of the run"},
      {"warning_share_evacuated_in_time", "1",
       "share of the people in the hazard's path who left before it reached their home"},
      {"warning_people_exposed", "people", "people the hazard reached before they left or sheltered"},
      {"warning_people_blocked", "people", "people stopped on the way by a closed road"},
      {"warning_mean_acknowledgement_s", "s", "mean time from the first call to its answer, over answered calls"},
  };
  return out;
}

std::vector<double> warning_values(const WarningSummary& s) {
  return {s.share_warned, s.share_evacuated_in_time, s.people_exposed, s.people_blocked, s.mean_acknowledgement_s};
}

const std::vector<Indicator>& logistics_indicators() {
  static const std::vector<Indicator> out = {
      {"logistics_unmet_share", "1", "share of the supplies asked for that nobody could supply, over every item"},
      {"logistics_incident_short_h", "h", "hours incidents worked short of an item, summed over items and incidents"},
      {"logistics_shelter_people_h_without", "people h", "people-hours in shelters without an item, summed over items"},
      {"logistics_mean_vehicle_utilisation", "1", "mean share of time the supply vehicles were busy"},
  };
  return out;
}

std::vector<double> logistics_values(const LogisticsKpis& k) {
  double requested = 0.0, unmet = 0.0, short_h = 0.0, without = 0.0;
  for (const LogisticsItemKpis& item : k.items) {
    requested += item.requested;
    if (!std::isnan(item.unmet_share)) unmet += item.unmet_share * item.requested;
    short_h += item.incident_short_h;
    without += item.shelter_people_h_without;
  }
  return {requested > 0.0 ? unmet / requested : kNaN, short_h, without, k.mean_vehicle_utilisation};
}

}  // namespace

std::vector<Indicator> run_indicators(const PreparedScenario& prepared) {
  std::vector<Indicator> out;
  for (const KpiInfo& k : kpi_infos(prepared.model)) out.push_back({k.name, k.unit, k.description});
  if (prepared.warning) out.insert(out.end(), warning_indicators().begin(), warning_indicators().end());
  if (prepared.logistics) out.insert(out.end(), logistics_indicators().begin(), logistics_indicators().end());
  return out;
}

std::vector<std::vector<double>> indicator_values(const PreparedScenario& prepared, const ResponseExperiment& ex) {
  const std::size_t response_count = kpi_infos(prepared.model).size();
  std::vector<std::vector<double>> out(run_indicators(prepared).size());
  std::vector<LogisticsKpis> logistics;
  if (prepared.logistics) logistics = logistics_kpis_by_replication(*prepared.logistics, ex);
  for (std::size_t r = 0; r < ex.replications.size(); ++r) {
    std::vector<double> row = kpi_values(ex.replications[r].kpis);
    row.resize(response_count, kNaN);
    if (prepared.warning) {
      const std::vector<double> w =
          r < ex.warning.size() ? warning_values(summarize_warning(*prepared.warning, ex.warning[r]))
                                : std::vector<double>(warning_indicators().size(), kNaN);
      row.insert(row.end(), w.begin(), w.end());
    }
    if (prepared.logistics) {
      const std::vector<double> l = r < logistics.size() ? logistics_values(logistics[r])
                                                         : std::vector<double>(logistics_indicators().size(), kNaN);
      row.insert(row.end(), l.begin(), l.end());
    }
    for (std::size_t k = 0; k < out.size(); ++k) out[k].push_back(row[k]);
  }
  return out;
}

BatchRunner::BatchRunner(BatchPlan plan, int threads, std::string cache_folder)
    : plan_(std::move(plan)), threads_(threads) {
  cache_.disk_folder = std::move(cache_folder);
}

UnitResult BatchRunner::run(const WorkUnit& unit, const RunControl& control) {
  UnitResult out;
  out.unit = unit;
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<PreparedScenario> prepared;
  for (auto it = recent_.begin(); it != recent_.end(); ++it) {
    if (it->first != unit.point) continue;
    prepared = it->second;
    recent_.splice(recent_.begin(), recent_, it);
    break;
  }
  if (!prepared) {
    prepared = std::make_shared<PreparedScenario>(
        prepare_scenario(point_scenario(plan_, unit.point), threads_, on_flood_progress, {}, {}, &cache_));
    ++preparations_;
    recent_.emplace_front(unit.point, prepared);
    if (recent_.size() > kRecentPoints) recent_.pop_back();
    out.prepare_s = seconds_since(start);
  }
  const auto run_start = std::chrono::steady_clock::now();
  ResponseRunOptions options = scenario_run_options(*prepared, threads_);
  options.first_replication = unit.first_replication;
  options.replications = unit.replications;
  options.on_progress = control.on_progress;
  options.cancel = control.cancel;
  const ResponseExperiment ex = run_response(prepared->model, *prepared->travel, options);
  out.run_s = seconds_since(run_start);
  for (std::size_t r : ex.replication_numbers) out.replications.push_back(static_cast<std::int64_t>(r));
  out.indicators = run_indicators(*prepared);
  out.values = indicator_values(*prepared, ex);
  return out;
}

}  // namespace dsim
