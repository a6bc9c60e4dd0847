// SPDX-License-Identifier: MIT
// Scoring a drill (sim/drill/drill_evaluation.cpp, drill_timeline.cpp) on a
// hand-made drill, hand-made simulated times and a hand-made log, without a
// simulation: met or missed, mid-rank percentiles, the P/S/M/U rule, rows
// named by an event and told apart by actor or place, an ambiguous row, a
// task never observed. Every expected number is worked out in the comments.
#include "sim/drill/drill_evaluation.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace dsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

CriticalTask task(const std::string& id, const std::string& capability, DrillEvent event, double target_s,
                  const std::string& from) {
  CriticalTask t;
  t.id = id;
  t.name = id;
  t.capability = capability;
  t.event = event;
  t.target_s = target_s;
  t.from = from;
  return t;
}

// first + step * r for r = 0..9.
std::vector<double> steps(double first, double step) {
  std::vector<double> v;
  for (int r = 0; r < 10; ++r) v.push_back(first + step * r);
  return v;
}

std::vector<double> plus(const std::vector<double>& v, double shift) {
  std::vector<double> out;
  for (double x : v) out.push_back(x + shift);
  return out;
}

std::vector<double> plus(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out;
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(a[i] + b[i]);
  return out;
}

LogEntry entry(std::size_t line, double time_s, const std::string& task, const std::string& actor = {},
               const std::string& place = {}) {
  LogEntry e;
  e.line = line;
  e.time_s = time_s;
  e.task = task;
  e.actor = actor;
  e.place = place;
  return e;
}

// Four capabilities and their tasks, ten simulated replications.
struct Fixture {
  DrillSpec drill;
  DrillRun run;
};

Fixture fixture() {
  Fixture f;
  DrillSpec& d = f.drill;
  d.name = "hand-made";
  for (const char* c : {"response", "warning", "roads", "logistics"}) d.capabilities.push_back({c, c, {}});
  CriticalTask a = task("arrive", "response", DrillEvent::first_arrival, 600, "call");  // 0
  a.incident = "fire_1";
  CriticalTask b = task("video", "response", DrillEvent::video_link, 2400, "call");  // 1
  b.incident = "fire_1";
  CriticalTask c = task("issued", "warning", DrillEvent::warning_issued, 600, "start");  // 2
  CriticalTask dd = task("heads", "warning", DrillEvent::call_answered, 900, "issued");  // 3
  dd.role = "village_head";
  CriticalTask d2 = task("village_warned", "warning", DrillEvent::zone_warned, 600, "issued");  // 4
  d2.zone = "village";
  CriticalTask e = task("arrive_cut_off", "roads", DrillEvent::first_arrival, 900, "call");  // 5
  e.incident = "cut_off";
  CriticalTask u = task("late_unit", "roads", DrillEvent::unit_arrival, 600, "call");  // 6
  u.incident = "cut_off";
  u.unit = "engine_2";
  CriticalTask g = task("tents", "logistics", DrillEvent::supply_delivered, 3600, "start");  // 7
  g.site = "shelter_1";
  CriticalTask g2 = task("water", "logistics", DrillEvent::supply_delivered, 1200, "heads");  // 8
  g2.site = "shelter_2";
  d.tasks = {a, b, c, dd, d2, e, u, g, g2};

  // Simulated times from each task's reference (time_s) and from time 0
  // (at_s): fire_1 is called at 600 s, cut_off at 1200 s in every replication.
  TaskTimes& t = f.run.times;
  t.replications = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<double> issued_at = steps(200, 100);               // 200 .. 1100
  std::vector<double> heads = std::vector<double>(10, 300.0);          // 300 after the warning ...
  heads[9] = kNaN;                                                     // ... but never in replication 9
  t.time_s = {steps(100, 100),     // arrive: 100 .. 1000
              steps(1000, 100),    // video: 1000 .. 1900
              issued_at,           // issued
              heads,               // heads
              steps(100, 100),     // village_warned: 100 .. 1000
              steps(300, 100),     // arrive_cut_off: 300 .. 1200
              steps(500, 100),     // late_unit: 500 .. 1400
              steps(2000, 500),    // tents: 2000 .. 6500
              steps(600, 100)};    // water: 600 .. 1500
  t.at_s = {plus(t.time_s[0], 600.0),  plus(t.time_s[1], 600.0),     issued_at,
            plus(issued_at, heads),    plus(issued_at, t.time_s[4]), plus(t.time_s[5], 1200.0),
            plus(t.time_s[6], 1200.0), t.time_s[7],                  plus(plus(issued_at, heads), t.time_s[8])};
  f.run.expected = expected_timeline(d, t);
  return f;
}

TEST_CASE("The expected timeline: type-7 quantiles over the replications where the task happened", "[drill]") {
  const Fixture f = fixture();
  const auto& x = f.run.expected;
  REQUIRE(x.size() == 9);
  // arrive: 100 .. 1000; h = 9q: p10 = 100 + 0.9 * 100, median = 500 + 0.5 * 100, p90 = 900 + 0.1 * 100.
  CHECK(x[0].p10_s == Approx(190.0));
  CHECK(x[0].median_s == Approx(550.0));
  CHECK(x[0].p90_s == Approx(910.0));
  CHECK(x[0].happened == 10);
  CHECK(x[0].replications == 10);
  CHECK(x[0].met_share == Approx(0.6));  // 100 .. 600 meet 600
  // heads: nine times of 300 and one never: the quantiles of the nine, and the never counts as missed.
  CHECK(x[3].happened == 9);
  CHECK(x[3].median_s == 300.0);
  CHECK(x[3].met_share == Approx(0.9));
}

TEST_CASE("percentile_of counts ties as half and never-happened as later than any time", "[drill]") {
  const std::vector<double> sim = {100, 200, 200, 300, kNaN};
  CHECK(percentile_of(50, sim) == 0.0);
  CHECK(percentile_of(200, sim) == Approx((1 + 0.5 * 2) / 5.0));
  CHECK(percentile_of(250, sim) == Approx(3 / 5.0));
  CHECK(percentile_of(1e9, sim) == Approx(4 / 5.0));  // never is later still
  CHECK(std::isnan(percentile_of(100, std::vector<double>{})));
  CHECK(quantile_of({kNaN, 3, 1, 2}, 0.5) == 2.0);
  CHECK(std::isnan(quantile_of({kNaN}, 0.5)));
}

TEST_CASE("A hand-made drill log scores to the hand-computed statuses, percentiles and ratings", "[drill]") {
  const Fixture f = fixture();
  const std::vector<LogEntry> log = {
      entry(2, 700, "issued", "county"),                           // issued by id: 700 > 600, missed
      entry(3, 800, "warning_issued", "county"),                   // the only task of the event: a later entry of issued
      entry(4, 1000, "first_arrival", "engine_1", "fire_1"),       // arrive, told by its place
      entry(5, 1500, "village_warned", "head_3"),                  // from issued as observed: 800 > 600, missed
      entry(6, 1700, "first_arrival", "engine_2", "cut_off"),      // arrive_cut_off, told by its place
      entry(7, 1750, "first_arrival", "engine_3", "the_square"),   // two tasks of the event, none named: unmatched
      entry(8, 1760, "first_arrival"),                             // two tasks, no actor or place: unmatched
      entry(9, 1800, "fire_held", "chief"),                        // no task of the event: unmatched
      entry(10, 2000, "water", "truck_2"),                         // from heads, never observed: its simulated median
      entry(11, 2200, "late_unit", "engine_2"),                    // 1000 > 600, missed
      entry(12, 2500, "video_link", "engine_1", "fire_1"),         // video, told by its place
      entry(13, 3000, "supply_delivered", "truck_1", "shelter_1"), // tents, told by its place
  };
  const DrillEvaluation ev = evaluate_drill(f.drill, f.run, log);
  REQUIRE(ev.tasks.size() == 9);
  REQUIRE(ev.log.size() == log.size());
  const auto& s = ev.tasks;

  // arrive: 1000 s less the call at 600 s = 400 s <= 600: met; among 100 .. 1000, 3 below and 1 equal: 0.35.
  CHECK(s[0].status == TaskStatus::met);
  CHECK(s[0].log_line == 4);
  CHECK(s[0].observed_at_s == 1000.0);
  CHECK(s[0].observed_s == 400.0);
  CHECK(s[0].percentile == Approx(0.35));
  // video: 2500 - 600 = 1900 <= 2400: met; among 1000 .. 1900, 9 below and 1 equal: 0.95, slower than 90 %.
  CHECK(s[1].status == TaskStatus::met);
  CHECK(s[1].observed_s == 1900.0);
  CHECK(s[1].percentile == Approx(0.95));
  // issued: 700 from the start > 600: missed; among 200 .. 1100, 5 below and 1 equal: 0.55; one later entry.
  CHECK(s[2].status == TaskStatus::missed);
  CHECK(s[2].observed_s == 700.0);
  CHECK(s[2].percentile == Approx(0.55));
  CHECK(s[2].log_line == 2);
  CHECK(s[2].later_entries == 1);
  // heads: never in the log.
  CHECK(s[3].status == TaskStatus::not_observed);
  CHECK(s[3].log_line == 0);
  CHECK(std::isnan(s[3].observed_s));
  CHECK(std::isnan(s[3].observed_at_s));
  CHECK(std::isnan(s[3].percentile));
  // village_warned: 1500 - 700 (issued as observed) = 800 > 600: missed; among 100 .. 1000: 7 below, 1 equal: 0.75.
  CHECK(s[4].status == TaskStatus::missed);
  CHECK(s[4].observed_s == 800.0);
  CHECK(s[4].percentile == Approx(0.75));
  // arrive_cut_off: 1700 - 1200 = 500 <= 900: met; among 300 .. 1200, 2 below and 1 equal: 0.25.
  CHECK(s[5].status == TaskStatus::met);
  CHECK(s[5].observed_s == 500.0);
  CHECK(s[5].percentile == Approx(0.25));
  // late_unit: 2200 - 1200 = 1000 > 600: missed; among 500 .. 1400: 5 below, 1 equal: 0.55.
  CHECK(s[6].status == TaskStatus::missed);
  CHECK(s[6].observed_s == 1000.0);
  CHECK(s[6].percentile == Approx(0.55));
  // tents: 3000 from the start <= 3600: met; among 2000 .. 6500 by 500: 2 below, 1 equal: 0.25.
  CHECK(s[7].status == TaskStatus::met);
  CHECK(s[7].observed_s == 3000.0);
  CHECK(s[7].percentile == Approx(0.25));
  // water: heads was not observed, so its simulated median from time 0 is the reference: heads happens at
  // issued + 300 = 500 .. 1300 in replications 0-8 (never in 9), median 900; 2000 - 900 = 1100 <= 1200:
  // met; among 600 .. 1500: 5 below, 1 equal: 0.55.
  CHECK(s[8].status == TaskStatus::met);
  CHECK(s[8].observed_s == 1100.0);
  CHECK(s[8].percentile == Approx(0.55));

  // Unmatched rows: the ambiguous event rows and the event no task is tied to.
  REQUIRE(ev.unmatched.size() == 3);
  CHECK(ev.unmatched[0].entry.line == 7);
  CHECK(ev.unmatched[0].reason.find("2 tasks are tied to first_arrival") != std::string::npos);
  CHECK(ev.unmatched[1].entry.line == 8);
  CHECK(ev.unmatched[2].entry.line == 9);
  CHECK(ev.unmatched[2].reason.find("no critical task") != std::string::npos);

  // Ratings (rate_capability): response met both, one above the 90th percentile: S. warning met none
  // of three (fewer than half): U. roads met one of two (half): M. logistics met both, neither slow: P.
  REQUIRE(ev.capabilities.size() == 4);
  const auto& c = ev.capabilities;
  CHECK(c[0].tasks == 2);
  CHECK(c[0].met == 2);
  CHECK(c[0].slow == 1);
  CHECK(c[0].rating == Rating::S);
  CHECK(c[1].tasks == 3);
  CHECK(c[1].met == 0);
  CHECK(c[1].missed == 2);
  CHECK(c[1].not_observed == 1);
  CHECK(c[1].rating == Rating::U);
  CHECK(c[2].met == 1);
  CHECK(c[2].missed == 1);
  CHECK(c[2].rating == Rating::M);
  CHECK(c[3].met == 2);
  CHECK(c[3].rating == Rating::P);
  CHECK(c[3].reason == "2 of 2 tasks met");
  CHECK(c[1].reason == "0 of 3 tasks met, 2 missed, 1 not observed");

  // Strengths and improvements say which tasks.
  const auto said = [](const std::vector<std::string>& lines, const std::string& what) {
    for (const std::string& l : lines)
      if (l.rfind(what, 0) == 0) return true;
    return false;
  };
  CHECK(said(ev.improvements, "heads: not observed"));
  CHECK(said(ev.improvements, "video: met"));
  CHECK(said(ev.improvements, "issued: 11.7 min"));
  CHECK(said(ev.improvements, "Log line 9 (fire_held)"));
  CHECK(said(ev.strengths, "arrive_cut_off:"));
  CHECK(said(ev.strengths, "logistics: every critical task met"));
  CHECK_FALSE(said(ev.strengths, "response:"));

  SECTION("the tables and the scores CSV carry the same scores") {
    const ResultsFile results = evaluation_results(f.drill, f.run, ev);
    const ResultsTable& scores = results.table("drill_scores");
    const auto& status = std::get<std::vector<std::string>>(scores.column("status").data);
    CHECK(status == std::vector<std::string>{"met", "met", "missed", "not observed", "missed", "met", "missed",
                                             "met", "met"});
    const auto& ratings = std::get<std::vector<std::string>>(results.table("drill_capabilities").column("rating").data);
    CHECK(ratings == std::vector<std::string>{"S", "U", "M", "P"});
    CHECK(results.table("drill_unmatched").columns().front().size() == 3);
    const std::string csv = scores_csv(results);
    CHECK(csv.rfind("task,name,capability,event,target_s,status,met,", 0) == 0);
    CHECK(csv.find("\nheads,heads,warning,call_answered,900,not observed,0,,,,") != std::string::npos);
  }
}

TEST_CASE("An event row whose actor or place names several tasks goes to the unmatched", "[drill]") {
  Fixture f = fixture();
  // arrive and arrive_cut_off both name engine_1 as their unit: a row by engine_1 cannot tell them apart.
  f.drill.tasks[0].unit = "engine_1";
  f.drill.tasks[5].unit = "engine_1";
  const DrillEvaluation ev = evaluate_drill(f.drill, f.run, {entry(2, 1000, "first_arrival", "engine_1")});
  REQUIRE(ev.unmatched.size() == 1);
  CHECK(ev.unmatched[0].reason.find("names several") != std::string::npos);
  CHECK(ev.tasks[0].status == TaskStatus::not_observed);
  CHECK(ev.tasks[5].status == TaskStatus::not_observed);
}

TEST_CASE("A task counted from a call the simulation never answered is timed from the call all the same", "[drill]") {
  Fixture f = fixture();
  // The plan never brings a video link in any replication (the rule asks for no comms), yet fire_1 is
  // called at 600 s in every one: task_times keeps that reference.
  TaskTimes& t = f.run.times;
  t.reference_s.clear();
  for (std::size_t k = 0; k < t.at_s.size(); ++k) {
    std::vector<double> ref;
    for (std::size_t r = 0; r < 10; ++r) ref.push_back(t.at_s[k][r] - t.time_s[k][r]);
    t.reference_s.push_back(ref);
  }
  t.time_s[1].assign(10, kNaN);
  t.at_s[1].assign(10, kNaN);
  t.reference_s[1].assign(10, 600.0);
  f.run.expected = expected_timeline(f.drill, t);
  const DrillEvaluation ev = evaluate_drill(f.drill, f.run, {entry(2, 2500, "video", "engine_1")});
  // 2500 - 600 = 1900 <= 2400: met, faster than every simulated replication (none brought it).
  CHECK(ev.tasks[1].status == TaskStatus::met);
  CHECK(ev.tasks[1].observed_s == 1900.0);
  CHECK(ev.tasks[1].percentile == 0.0);
}

TEST_CASE("An empty log leaves every task not observed and every capability U", "[drill]") {
  const Fixture f = fixture();
  const DrillEvaluation ev = evaluate_drill(f.drill, f.run, {});
  for (const TaskScore& s : ev.tasks) CHECK(s.status == TaskStatus::not_observed);
  for (const CapabilityScore& c : ev.capabilities) CHECK(c.rating == Rating::U);
  CHECK(ev.improvements.size() == 9);
  CHECK(ev.strengths.empty());
}

TEST_CASE("The rating rule at its edges", "[drill]") {
  CapabilityScore c;
  c.tasks = 4;
  c.met = 1, c.missed = 3;
  CHECK(rate_capability(c) == Rating::U);  // fewer than half met
  c.met = 2, c.missed = 2;
  CHECK(rate_capability(c) == Rating::M);  // half met, some missed
  c.met = 3, c.missed = 0, c.not_observed = 1;
  CHECK(rate_capability(c) == Rating::M);  // one not observed
  c.met = 4, c.not_observed = 0, c.slow = 1;
  CHECK(rate_capability(c) == Rating::S);
  c.slow = 0;
  CHECK(rate_capability(c) == Rating::P);
  CHECK(to_string(Rating::S) == "S");
  CHECK(rating_meaning(Rating::U) == "unable to be performed");
}

}  // namespace
}  // namespace dsim
