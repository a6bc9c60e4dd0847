// SPDX-License-Identifier: MIT
// The scenario's root attributes of a results file: its name and the calendar
// time at time 0, written back as ISO 8601 the way the scenario gave it.
#include "sim/run/response_runner.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <variant>

using namespace dsim;

namespace {

const char* const kTiny = R"(name: tiny
stations:
  - {id: a, location: {node: 5}}
teams:
  - {id: t1, station: a, level: village, size: 10, capabilities: [fire]}
plan:
  responses:
    fire:
      small: {needs: {fire: 4}}
)";

Scenario with_start(const std::string& start) {
  return read_scenario_text(std::string(kTiny) + (start.empty() ? "" : "start_date: " + start + "\n"), "tiny.yaml")
      .checked();
}

}  // namespace

TEST_CASE("The start time is written back as ISO 8601 with the offset the scenario gave", "[run][start]") {
  CHECK(start_time_text(with_start("")) == "2026-01-01T00:00:00");
  CHECK(start_time_text(with_start("2026-07-01")) == "2026-07-01T00:00:00");
  CHECK(start_time_text(with_start("2026-07-20T06:05+08:00")) == "2026-07-20T06:05:00+08:00");
  CHECK(start_time_text(with_start("2026-07-20T23:59:59Z")) == "2026-07-20T23:59:59Z");
  CHECK(start_time_text(with_start("2026-12-31T06:00:00-03:30")) == "2026-12-31T06:00:00-03:30");

  ResultsFile file;
  add_scenario_attributes(file, with_start("2026-07-20T06:00:00+08:00"));
  CHECK(std::get<std::string>(file.attributes.at("scenario_name")) == "tiny");
  CHECK(std::get<std::string>(file.attributes.at("start_time")) == "2026-07-20T06:00:00+08:00");
  CHECK(std::get<std::int64_t>(file.attributes.at("start_time_given")) == 1);
  CHECK(std::get<double>(file.attributes.at("horizon_s")) == 86'400.0);
  ResultsFile plain;
  add_scenario_attributes(plain, with_start(""));
  CHECK(std::get<std::int64_t>(plain.attributes.at("start_time_given")) == 0);
}

TEST_CASE("Clock hours and calendar months count from the start time", "[run][start]") {
  ResponseModel m;
  m.start_date = std::chrono::sys_days{std::chrono::year{2026} / std::chrono::July / 31};
  m.start_clock_s = 20 * 3600.0;  // 20:00 on 31 July
  CHECK(m.hour_at(0.0) == 20);
  CHECK(m.hour_at(3.5 * 3600.0) == 23);
  CHECK(m.hour_at(4 * 3600.0) == 0);
  CHECK(m.month_at(3.9 * 3600.0) == 6);  // still July
  CHECK(m.month_at(4.1 * 3600.0) == 7);  // August from the clock's midnight
}
