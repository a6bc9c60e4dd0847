// SPDX-License-Identifier: MIT
#include "sim/drill/drill_timeline.hpp"

#include "sim/core/statistics.hpp"
#include "sim/report/run_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace dsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Row indices of a table grouped by replication index (into `reps`).
std::vector<std::vector<std::size_t>> rows_by_replication(const ResultsTable* table,
                                                          const std::map<std::int64_t, std::size_t>& reps) {
  std::vector<std::vector<std::size_t>> out(reps.size());
  const auto* rep = int_column(table, "replication");
  if (rep == nullptr) return out;
  for (std::size_t i = 0; i < rep->size(); ++i) {
    const auto it = reps.find((*rep)[i]);
    if (it != reps.end()) out[it->second].push_back(i);
  }
  return out;
}

double nan_max(double a, double b) { return std::isnan(a) ? b : std::isnan(b) ? a : std::max(a, b); }

class EventReader {
 public:
  EventReader(const ResultsFile& results, const std::map<std::int64_t, std::size_t>& reps) : results_(results) {
    incidents_ = results.find_table("incidents");
    dispatches_ = results.find_table("dispatches");
    duties_ = results.find_table("warning_duties");
    zones_ = results.find_table("warning_zones");
    requests_ = results.find_table("logistics_requests");
    incident_rows_ = rows_by_replication(incidents_, reps);
    dispatch_rows_ = rows_by_replication(dispatches_, reps);
    duty_rows_ = rows_by_replication(duties_, reps);
    zone_rows_ = rows_by_replication(zones_, reps);
    request_rows_ = rows_by_replication(requests_, reps);
    issued_ = per_replication(results.find_table("warning_replications"), "issued_s", reps);
    held_ = per_replication(results.find_table("fire_runs"), "held_s", reps);
    all_threads_ = call_threads(results);
    threads_.resize(reps.size());
    for (const CallThread& c : all_threads_)
      if (const auto it = reps.find(c.replication); it != reps.end()) threads_[it->second].push_back(&c);
  }

  // The row of the incident named `name` in replication index r; -1: none.
  long incident_row(std::size_t r, const std::string& name) const {
    const auto* source = string_column(incidents_, "source");
    if (source == nullptr) return -1;
    for (std::size_t i : incident_rows_[r])
      if ((*source)[i] == name) return static_cast<long>(i);
    return -1;
  }

  double incident_value(std::size_t r, const std::string& name, const char* column) const {
    const long row = incident_row(r, name);
    const auto* c = double_column(incidents_, column);
    return row < 0 || c == nullptr ? kNaN : (*c)[static_cast<std::size_t>(row)];
  }

  double event_at(const CriticalTask& t, std::size_t r) const {
    switch (t.event) {
      case DrillEvent::warning_issued: return r < issued_.size() ? issued_[r] : kNaN;
      case DrillEvent::fire_held: return r < held_.size() ? held_[r] : kNaN;
      case DrillEvent::dispatch: return incident_value(r, t.incident, "first_dispatch_s");
      case DrillEvent::first_arrival: return incident_value(r, t.incident, "first_arrival_s");
      case DrillEvent::full_arrival: return incident_value(r, t.incident, "full_arrival_s");
      case DrillEvent::video_link: return incident_value(r, t.incident, "comms_arrival_s");
      case DrillEvent::cleared: return incident_value(r, t.incident, "cleared_s");
      case DrillEvent::unit_arrival: return unit_arrival(t, r);
      case DrillEvent::call_answered: return call_answered(t, r);
      case DrillEvent::zone_warned: return zone_warned(t, r);
      case DrillEvent::zone_evacuated: return zone_evacuated(t, r);
      case DrillEvent::supply_delivered: return supply_delivered(t, r);
    }
    return kNaN;
  }

  double call_s(std::size_t r, const std::string& incident) const { return incident_value(r, incident, "call_s"); }

 private:
  const ResultsFile& results_;
  const ResultsTable *incidents_, *dispatches_, *duties_, *zones_, *requests_;
  std::vector<std::vector<std::size_t>> incident_rows_, dispatch_rows_, duty_rows_, zone_rows_, request_rows_;
  std::vector<double> issued_, held_;
  std::vector<CallThread> all_threads_;
  std::vector<std::vector<const CallThread*>> threads_;

  static std::vector<double> per_replication(const ResultsTable* table, const char* column,
                                             const std::map<std::int64_t, std::size_t>& reps) {
    std::vector<double> out(reps.size(), kNaN);
    const auto* rep = int_column(table, "replication");
    const auto* v = double_column(table, column);
    if (rep == nullptr || v == nullptr) return out;
    for (std::size_t i = 0; i < rep->size(); ++i) {
      const auto it = reps.find((*rep)[i]);
      if (it != reps.end()) out[it->second] = (*v)[i];
    }
    return out;
  }

  double unit_arrival(const CriticalTask& t, std::size_t r) const {
    const long row = incident_row(r, t.incident);
    const auto* number = int_column(incidents_, "incident");
    const auto* incident = int_column(dispatches_, "incident");
    const auto* unit = string_column(dispatches_, "unit");
    const auto* arrival = double_column(dispatches_, "arrival_s");
    if (row < 0 || number == nullptr || incident == nullptr || unit == nullptr || arrival == nullptr) return kNaN;
    const std::int64_t id = (*number)[static_cast<std::size_t>(row)];
    double first = kNaN;
    for (std::size_t i : dispatch_rows_[r]) {
      const std::string& u = (*unit)[i];
      const bool same = u == t.unit || (u.size() > t.unit.size() && u.compare(0, t.unit.size(), t.unit) == 0 &&
                                        u[t.unit.size()] == '#');  // a crew of the team
      if ((*incident)[i] == id && same && !std::isnan((*arrival)[i]))
        first = std::isnan(first) ? (*arrival)[i] : std::min(first, (*arrival)[i]);
    }
    return first;
  }

  // The call-and-answer of a person answered (by them or whoever it went up
  // to); or of every person of a role, or of everybody: NaN while one is not.
  double call_answered(const CriticalTask& t, std::size_t r) const {
    double last = kNaN;
    bool any = false;
    for (const CallThread* c : threads_[r]) {
      if (!t.person.empty() && c->person != t.person) continue;
      if (!t.role.empty() && c->role != t.role) continue;
      if (std::isnan(c->answered_s)) return kNaN;
      any = true;
      last = nan_max(last, c->answered_s);
    }
    return any ? last : kNaN;
  }

  double zone_evacuated(const CriticalTask& t, std::size_t r) const {
    const auto* zone = string_column(zones_, "zone");
    const auto* zone_name = string_column(zones_, "zone_name");
    const auto* last = double_column(zones_, "last_left_s");
    if (zone == nullptr || last == nullptr) return kNaN;
    for (std::size_t i : zone_rows_[r])
      if ((*zone)[i] == t.zone || (zone_name != nullptr && (*zone_name)[i] == t.zone)) return (*last)[i];
    return kNaN;
  }

  double zone_warned(const CriticalTask& t, std::size_t r) const {
    const auto* zone = string_column(duties_, "zone");
    const auto* zone_name = string_column(duties_, "zone_name");
    const auto* ended = double_column(duties_, "ended_s");
    if (zone == nullptr || ended == nullptr) return kNaN;
    double last = kNaN;
    bool any = false;
    for (std::size_t i : duty_rows_[r]) {
      if ((*zone)[i] != t.zone && (zone_name == nullptr || (*zone_name)[i] != t.zone)) continue;
      if (std::isnan((*ended)[i])) return kNaN;
      any = true;
      last = nan_max(last, (*ended)[i]);
    }
    return any ? last : kNaN;
  }

  double supply_delivered(const CriticalTask& t, std::size_t r) const {
    const auto* kind = string_column(requests_, "site_kind");
    const auto* site = string_column(requests_, "site");
    const auto* item = string_column(requests_, "item");
    const auto* completed = double_column(requests_, "completed_s");
    if (kind == nullptr || site == nullptr || item == nullptr || completed == nullptr) return kNaN;
    std::string incident_number;
    if (const long row = incident_row(r, t.site); row >= 0)
      incident_number = std::to_string((*int_column(incidents_, "incident"))[static_cast<std::size_t>(row)]);
    double last = kNaN;
    bool any = false;
    for (std::size_t i : request_rows_[r]) {
      const bool here = (*kind)[i] == "incident" ? !incident_number.empty() && (*site)[i] == incident_number
                                                 : (*site)[i] == t.site;
      if (!here || (!t.item.empty() && (*item)[i] != t.item)) continue;
      if (std::isnan((*completed)[i])) return kNaN;
      any = true;
      last = nan_max(last, (*completed)[i]);
    }
    return any ? last : kNaN;
  }
};

}  // namespace

std::vector<CallThread> call_threads(const ResultsFile& results) {
  const ResultsTable* calls = results.find_table("warning_calls");
  const auto* rep = int_column(calls, "replication");
  const auto* person = string_column(calls, "person");
  const auto* role = string_column(calls, "role");
  const auto* from = int_column(calls, "escalated_from");
  const auto* started = double_column(calls, "started_s");
  const auto* answered = double_column(calls, "answered_s");
  std::vector<CallThread> out;
  if (rep == nullptr || person == nullptr || role == nullptr || from == nullptr || started == nullptr || answered == nullptr)
    return out;
  // Rows of one replication are consecutive; escalated_from counts within it.
  for (std::size_t first = 0; first < rep->size();) {
    std::size_t end = first;
    while (end < rep->size() && (*rep)[end] == (*rep)[first]) ++end;
    const std::size_t n = end - first;
    std::vector<std::size_t> root(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t parent = (*from)[first + i];
      root[i] = parent >= 0 && static_cast<std::size_t>(parent) < i ? root[static_cast<std::size_t>(parent)] : i;
    }
    std::map<std::size_t, std::size_t> thread_of;  // root row -> index in out
    for (std::size_t i = 0; i < n; ++i) {
      if ((*from)[first + i] != -1) continue;
      thread_of[i] = out.size();
      out.push_back({(*rep)[first], (*person)[first + i], (*role)[first + i], (*started)[first + i], kNaN});
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto it = thread_of.find(root[i]);
      if (it == thread_of.end() || std::isnan((*answered)[first + i])) continue;
      double& a = out[it->second].answered_s;
      a = std::isnan(a) ? (*answered)[first + i] : std::min(a, (*answered)[first + i]);
    }
    first = end;
  }
  return out;
}

TaskTimes task_times(const DrillSpec& drill, const ResultsFile& results) {
  TaskTimes out;
  std::set<std::int64_t> seen;
  for (const char* name : {"kpi_replications", "incidents", "warning_replications", "fire_runs"})
    if (const auto* rep = int_column(results.find_table(name), "replication")) seen.insert(rep->begin(), rep->end());
  if (seen.empty())
    for (std::int64_t r = 0; r < results.metadata.replications; ++r) seen.insert(r);
  out.replications.assign(seen.begin(), seen.end());
  std::map<std::int64_t, std::size_t> reps;
  for (std::size_t i = 0; i < out.replications.size(); ++i) reps[out.replications[i]] = i;

  const EventReader events(results, reps);
  const std::size_t n = out.replications.size();
  out.at_s.assign(drill.tasks.size(), std::vector<double>(n, kNaN));
  for (std::size_t k = 0; k < drill.tasks.size(); ++k)
    for (std::size_t r = 0; r < n; ++r) out.at_s[k][r] = events.event_at(drill.tasks[k], r);
  out.time_s.assign(drill.tasks.size(), std::vector<double>(n, kNaN));
  out.reference_s.assign(drill.tasks.size(), std::vector<double>(n, kNaN));
  for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
    const CriticalTask& t = drill.tasks[k];
    for (std::size_t r = 0; r < n; ++r) {
      double reference = 0.0;
      if (t.from == "call") {
        reference = events.call_s(r, t.incident);
      } else if (t.from != "start" && !t.from.empty()) {
        const auto it = std::find_if(drill.tasks.begin(), drill.tasks.end(),
                                     [&](const CriticalTask& o) { return o.id == t.from; });
        reference = it == drill.tasks.end() ? kNaN : out.at_s[static_cast<std::size_t>(it - drill.tasks.begin())][r];
      }
      out.reference_s[k][r] = reference;
      out.time_s[k][r] = out.at_s[k][r] - reference;
    }
  }
  return out;
}

double quantile_of(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  return quantile(values, q);
}

std::vector<ExpectedTask> expected_timeline(const DrillSpec& drill, const TaskTimes& times) {
  std::vector<ExpectedTask> out;
  for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
    const std::vector<double>& v = times.time_s[k];
    ExpectedTask e;
    e.replications = v.size();
    std::size_t met = 0;
    for (double x : v) {
      if (std::isfinite(x)) ++e.happened;
      if (std::isfinite(x) && x <= drill.tasks[k].target_s) ++met;
    }
    e.p10_s = quantile_of(v, 0.10);
    e.median_s = quantile_of(v, 0.50);
    e.p90_s = quantile_of(v, 0.90);
    e.met_share = v.empty() ? kNaN : static_cast<double>(met) / static_cast<double>(v.size());
    out.push_back(e);
  }
  return out;
}

double percentile_of(double observed_s, std::span<const double> simulated_s) {
  if (simulated_s.empty()) return kNaN;
  double below = 0.0, equal = 0.0;
  for (double s : simulated_s) {
    const double v = std::isnan(s) ? std::numeric_limits<double>::infinity() : s;
    if (v < observed_s) below += 1.0;
    else if (v == observed_s) equal += 1.0;
  }
  return (below + 0.5 * equal) / static_cast<double>(simulated_s.size());
}

}  // namespace dsim
