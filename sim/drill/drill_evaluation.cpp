// SPDX-License-Identifier: MIT
#include "sim/drill/drill_evaluation.hpp"

#include "sim/run/response_runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>

namespace dsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string minutes(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f min", s / 60.0);
  return buf;
}

std::string percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f %%", 100.0 * share);
  return buf;
}

// Whether a log entry's actor or place names what the task is about.
bool names_task(const LogEntry& e, const CriticalTask& t) {
  for (const std::string* s : {&t.unit, &t.person, &t.role, &t.zone, &t.site, &t.incident})
    if (!s->empty() && (e.actor == *s || e.place == *s)) return true;
  return false;
}

bool has_selector(const CriticalTask& t) {
  return !(t.unit.empty() && t.person.empty() && t.role.empty() && t.zone.empty() && t.site.empty() &&
           t.incident.empty());
}

// The simulated median of a task's time from time 0: the reference an
// evaluator's log cannot give (an incident's call, a task not observed).
double median_at(const TaskTimes& times, std::size_t task) { return quantile_of(times.at_s[task], 0.5); }

}  // namespace

std::vector<LogEntry> simulated_log(const DrillSpec& drill, const DrillRun& run, std::size_t replication) {
  std::vector<LogEntry> out;
  for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
    const double at = run.times.at_s[k].at(replication);
    if (!std::isfinite(at)) continue;
    const CriticalTask& t = drill.tasks[k];
    LogEntry e;
    e.time_s = at;
    char text[32];
    std::snprintf(text, sizeof text, "+%.3f", at);
    e.time_text = text;
    e.task = t.id;
    e.actor = !t.unit.empty() ? t.unit : !t.person.empty() ? t.person : t.role;
    e.place = !t.incident.empty() ? t.incident : !t.zone.empty() ? t.zone : t.site;
    e.note = "simulated replication " + std::to_string(run.times.replications[replication]);
    out.push_back(std::move(e));
  }
  // The calls of the incidents that tasks count from.
  std::map<std::string, double> calls;
  for (std::size_t k = 0; k < drill.tasks.size(); ++k) {
    const CriticalTask& t = drill.tasks[k];
    const double call = k < run.times.reference_s.size()
                            ? run.times.reference_s[k].at(replication)
                            : run.times.at_s[k].at(replication) - run.times.time_s[k].at(replication);
    if (t.from == "call" && std::isfinite(call)) calls.try_emplace(t.incident, call);
  }
  for (const auto& [incident, at] : calls) {
    LogEntry e;
    e.time_s = at;
    char text[32];
    std::snprintf(text, sizeof text, "+%.3f", at);
    e.time_text = text;
    e.task = std::string(kCallTask);
    e.place = incident;
    e.note = "simulated replication " + std::to_string(run.times.replications[replication]);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const LogEntry& a, const LogEntry& b) { return a.time_s < b.time_s; });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].line = i + 2;
  return out;
}

std::string_view to_string(TaskStatus status) {
  switch (status) {
    case TaskStatus::met: return "met";
    case TaskStatus::missed: return "missed";
    case TaskStatus::not_observed: return "not observed";
  }
  return "";
}

std::string_view to_string(Rating rating) {
  static const char* names[] = {"P", "S", "M", "U"};
  return names[static_cast<int>(rating)];
}

std::string_view rating_meaning(Rating rating) {
  static const char* meanings[] = {"performed without challenges", "performed with some challenges",
                                   "performed with major challenges", "unable to be performed"};
  return meanings[static_cast<int>(rating)];
}

Rating rate_capability(const CapabilityScore& c) {
  if (2 * c.met < c.tasks) return Rating::U;
  if (c.missed + c.not_observed > 0) return Rating::M;
  if (c.slow > 0) return Rating::S;
  return Rating::P;
}

DrillEvaluation evaluate_drill(const DrillSpec& drill, const DrillRun& run, std::vector<LogEntry> log) {
  DrillEvaluation ev;
  const std::size_t n = drill.tasks.size();
  std::vector<long> first(n, -1);  // index of the log entry that observed each task
  std::vector<std::size_t> later(n, 0);
  std::map<std::string, double> observed_call;  // incident -> its call, as the log says
  for (std::size_t i = 0; i < log.size(); ++i) {
    const LogEntry& e = log[i];
    if (e.task == kPositionTask) continue;  // where an actor was, for the map
    if (e.task == kCallTask) {
      if (std::none_of(drill.tasks.begin(), drill.tasks.end(), [&](const CriticalTask& t) { return t.incident == e.place; }))
        ev.unmatched.push_back({e, "no critical task is about the incident " + e.place});
      else
        observed_call.try_emplace(e.place, e.time_s);
      continue;
    }
    std::vector<std::size_t> candidates;
    for (std::size_t k = 0; k < n; ++k)
      if (drill.tasks[k].id == e.task) candidates = {k};
    if (candidates.empty()) {
      std::vector<std::size_t> of_event, named;
      for (std::size_t k = 0; k < n; ++k) {
        if (to_string(drill.tasks[k].event) != e.task) continue;
        of_event.push_back(k);
        if (names_task(e, drill.tasks[k])) named.push_back(k);
      }
      if (named.size() == 1) candidates = named;
      else if (of_event.size() == 1 && (!has_selector(drill.tasks[of_event[0]]) || (e.actor.empty() && e.place.empty())))
        candidates = of_event;
      else if (of_event.empty())
        ev.unmatched.push_back({e, "no critical task is tied to the event " + e.task});
      else
        ev.unmatched.push_back({e, std::to_string(of_event.size()) + " tasks are tied to " + e.task +
                                       (named.empty() ? " and the actor or place names none of them"
                                                      : " and the actor or place names several") +
                                       ": write the task's id in the task column"});
    }
    if (candidates.size() != 1) continue;
    const std::size_t k = candidates.front();
    if (first[k] < 0) first[k] = static_cast<long>(i);
    else ++later[k];
  }

  std::vector<double> observed_at(n, kNaN);
  for (std::size_t k = 0; k < n; ++k)
    if (first[k] >= 0) observed_at[k] = log[static_cast<std::size_t>(first[k])].time_s;
  for (std::size_t k = 0; k < n; ++k) {
    const CriticalTask& t = drill.tasks[k];
    TaskScore s;
    s.task = k;
    s.later_entries = later[k];
    s.observed_at_s = observed_at[k];
    s.observed_s = s.percentile = kNaN;
    if (first[k] >= 0) {
      s.log_line = log[static_cast<std::size_t>(first[k])].line;
      double reference = 0.0;
      if (t.from == "call" && observed_call.count(t.incident)) {
        reference = observed_call.at(t.incident);
      } else if (t.from == "call") {
        // No call row for it: the time the simulation places the call (its median), also in
        // replications where the event itself never happened.
        std::vector<double> calls;
        for (std::size_t r = 0; r < run.times.replications.size(); ++r)
          calls.push_back(k < run.times.reference_s.size() ? run.times.reference_s[k][r]
                                                           : run.times.at_s[k][r] - run.times.time_s[k][r]);
        reference = quantile_of(calls, 0.5);
      } else if (t.from != "start") {
        const auto it = std::find_if(drill.tasks.begin(), drill.tasks.end(), [&](const CriticalTask& o) { return o.id == t.from; });
        const auto j = static_cast<std::size_t>(it - drill.tasks.begin());
        reference = std::isnan(observed_at[j]) ? median_at(run.times, j) : observed_at[j];
      }
      s.observed_s = s.observed_at_s - reference;
      s.status = s.observed_s <= t.target_s ? TaskStatus::met : TaskStatus::missed;
      s.percentile = percentile_of(s.observed_s, run.times.time_s[k]);
    }
    ev.tasks.push_back(s);
  }

  for (std::size_t c = 0; c < drill.capabilities.size(); ++c) {
    CapabilityScore cs;
    cs.capability = c;
    for (const TaskScore& s : ev.tasks) {
      if (drill.tasks[s.task].capability != drill.capabilities[c].id) continue;
      ++cs.tasks;
      if (s.status == TaskStatus::met) ++cs.met;
      if (s.status == TaskStatus::missed) ++cs.missed;
      if (s.status == TaskStatus::not_observed) ++cs.not_observed;
      if (s.status == TaskStatus::met && s.percentile > kSlowPercentile) ++cs.slow;
    }
    cs.rating = rate_capability(cs);
    std::ostringstream why;
    why << cs.met << " of " << cs.tasks << " tasks met";
    if (cs.missed) why << ", " << cs.missed << " missed";
    if (cs.not_observed) why << ", " << cs.not_observed << " not observed";
    if (cs.slow) why << ", " << cs.slow << " met but slower than 90 % of the simulated runs";
    cs.reason = why.str();
    ev.capabilities.push_back(cs);
  }

  // Strengths and areas for improvement, in task order.
  for (std::size_t k = 0; k < n; ++k) {
    const CriticalTask& t = drill.tasks[k];
    const TaskScore& s = ev.tasks[k];
    const ExpectedTask& x = run.expected[k];
    const std::string band = "the plan's simulated median is " + minutes(x.median_s) + " (10-90 %: " + minutes(x.p10_s) +
                             " to " + minutes(x.p90_s) + ")";
    if (s.status == TaskStatus::not_observed) {
      ev.improvements.push_back(t.name + ": not observed. Check whether it was done; if so, log it next time.");
      continue;
    }
    if (s.status == TaskStatus::missed) {
      std::string text = t.name + ": " + minutes(s.observed_s) + " against a target of " + minutes(t.target_s) + "; " +
                         band + ", so the drill was slower than " + percent(s.percentile) + " of the simulated runs.";
      if (x.met_share < 0.5)
        text += " The plan itself meets this target in only " + percent(x.met_share) +
                " of the simulated runs: the target or the plan needs review, not only the crews.";
      ev.improvements.push_back(text);
    } else if (s.percentile > kSlowPercentile) {
      ev.improvements.push_back(t.name + ": met (" + minutes(s.observed_s) + ", target " + minutes(t.target_s) +
                                ") but slower than " + percent(s.percentile) + " of the simulated runs; " + band + ".");
    } else if (s.percentile <= 0.25) {
      ev.strengths.push_back(t.name + ": " + minutes(s.observed_s) + " (target " + minutes(t.target_s) +
                             "), faster than " + percent(1.0 - s.percentile) + " of the simulated runs.");
    }
  }
  for (const CapabilityScore& c : ev.capabilities)
    if (c.rating == Rating::P)
      ev.strengths.push_back(drill.capabilities[c.capability].name + ": every critical task met, none slower than 90 % "
                             "of the simulated runs (rating P).");
  for (const UnmatchedEntry& u : ev.unmatched)
    ev.improvements.push_back("Log line " + std::to_string(u.entry.line) + " (" + u.entry.task + ") matches no task: " +
                              u.reason + ".");
  ev.log = std::move(log);
  return ev;
}

}  // namespace dsim
