// SPDX-License-Identifier: MIT
// The drill log (sim/drill/drill_log.cpp): clock times, date-times with UTC
// offsets and offsets from the drill's start map to hand-computed seconds;
// the bad logs of docs/drills.md (an unparseable time, an unknown task, an
// actor's times going backwards, an empty file) each name the file, the line
// and the field.
#include "sim/drill/drill_log.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace dsim {
namespace {

using testing::input_error_from;
using testing::TempDir;

// A drill with two tasks; only their ids and events matter to the log reader.
DrillSpec two_task_drill() {
  DrillSpec d;
  d.source_path = "drill.yaml";
  CriticalTask a;
  a.id = "first_unit";
  a.event = DrillEvent::first_arrival;
  CriticalTask b;
  b.id = "issued";
  b.event = DrillEvent::warning_issued;
  d.tasks = {a, b};
  return d;
}

TEST_CASE("Drill log times: clock times, offsets and date-times map to seconds from the start", "[drill]") {
  TempDir dir;
  const DrillSpec drill = two_task_drill();
  SECTION("clock times and offsets against a start of 09:00") {
    const auto path = dir.write("log.csv",
                                "time,task,actor,place,note\n"
                                "09:14,first_unit,engine_1,village,on scene\n"       // 14 min = 840 s
                                "09:14:30.5,issued,county,,\n"                     // 870.5 s
                                "+00:20,warning_issued,county,,\"said \"\"go\"\"\"\n"  // 1200 s
                                "+00:20:15,fire_held,,,\n"                         // 1215 s
                                "+25 min,first_arrival,engine_2,village,\n"        // 1500 s
                                "+1.5 h,dispatch,,,\n"                             // 5400 s
                                "+1800,issued,,,\n"                                // 1800 s
                                "\n"
                                "10:00:00,cleared,engine_1,,\n");                  // 3600 s, line 10
    const DrillClock start = parse_drill_clock("09:00", "drill.yaml", "start");
    REQUIRE(start.seconds);
    CHECK(*start.seconds == 32400.0);
    CHECK_FALSE(start.day);
    const auto log = read_drill_log(path, drill, start);
    REQUIRE(log.size() == 8);
    CHECK(log[0].time_s == 840.0);
    CHECK(log[0].line == 2);
    CHECK(log[0].task == "first_unit");
    CHECK(log[0].actor == "engine_1");
    CHECK(log[0].place == "village");
    CHECK(log[0].note == "on scene");
    CHECK(log[0].time_text == "09:14");
    CHECK_FALSE(log[0].has_position);
    CHECK(log[1].time_s == 870.5);
    CHECK(log[2].time_s == 1200.0);
    CHECK(log[2].note == "said \"go\"");
    CHECK(log[3].time_s == 1215.0);
    CHECK(log[4].time_s == 1500.0);
    CHECK(log[5].time_s == 5400.0);
    CHECK(log[6].time_s == 1800.0);
    CHECK(log[7].time_s == 3600.0);
    CHECK(log[7].line == 10);
  }
  SECTION("date-times with and without UTC offsets against a start of 2027-06-15T09:00:00+08:00") {
    const auto path = dir.write("log.csv",
                                "time,task,actor,lon,lat\n"
                                "2027-06-15T02:05:00Z,issued,county,110.0,40.0\n"      // 01:00Z + 65 min: 3900 s
                                "2027-06-15T03:00:00+02:00,issued,,,\n"                // 01:00Z: 0 s
                                "2027-06-15 10:30,first_unit,engine_1,110.01,40.02\n"  // same zone as the start: 5400 s
                                "2027-06-16T00:30:00+0800,issued,,,\n"                 // 15.5 h later: 55800 s
                                "09:10,issued,,,\n"                                    // a clock time: 600 s
                                "2027-06-15T20:00:00-05:00,dispatch,,,\n");            // 01:00Z + 24 h: 86400 s
    const DrillClock start = parse_drill_clock("2027-06-15T09:00:00+08:00", "drill.yaml", "start");
    REQUIRE(start.day);
    CHECK(*start.day == 20984);  // days from 1970-01-01 to 2027-06-15
    REQUIRE(start.offset_minutes);
    CHECK(*start.offset_minutes == 480);
    const auto log = read_drill_log(path, drill, start);
    REQUIRE(log.size() == 6);
    CHECK(log[0].time_s == 3900.0);
    CHECK(log[0].has_position);
    CHECK(log[0].lon == 110.0);
    CHECK(log[0].lat == 40.0);
    CHECK(log[1].time_s == 0.0);
    CHECK_FALSE(log[1].has_position);
    CHECK(log[2].time_s == 5400.0);
    CHECK(log[2].lat == 40.02);
    CHECK(log[3].time_s == 55800.0);
    CHECK(log[4].time_s == 600.0);
    CHECK(log[5].time_s == 86400.0);
  }
  SECTION("a drill without a start reads offsets only") {
    const auto path = dir.write("log.csv", "time,task\n+00:05,issued\n09:05,issued\n");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, DrillClock{}); });
    CHECK(e.line() == 3);
    CHECK(e.key() == "time");
    CHECK(e.found() == "09:05");
  }
}

TEST_CASE("Bad drill logs name the file, the line and the field", "[drill]") {
  TempDir dir;
  const DrillSpec drill = two_task_drill();
  const DrillClock start = parse_drill_clock("09:00", "drill.yaml", "start");
  SECTION("an unparseable time") {
    const auto path = dir.write("log.csv", "time,task,actor\n09:14,issued,county\n9h20,first_unit,engine_1\n");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.file() == path.string());
    CHECK(e.line() == 3);
    CHECK(e.key() == "time");
    CHECK(e.found() == "9h20");
    CHECK(std::string(e.what()).find("log.csv:3") != std::string::npos);
  }
  SECTION("a clock time that is no time of day") {
    const auto path = dir.write("log.csv", "time,task\n09:61,issued\n");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.line() == 2);
    CHECK(e.key() == "time");
  }
  SECTION("a time before the drill's start") {
    const auto path = dir.write("log.csv", "time,task\n08:59,issued\n");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.line() == 2);
    CHECK(e.key() == "time");
    CHECK(e.expected().find("after the drill's start") != std::string::npos);
  }
  SECTION("an unknown task, with the nearest task id") {
    const auto path = dir.write("log.csv", "time,task,actor\n09:14,issued,county\n09:20,first_unti,engine_1\n");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.file() == path.string());
    CHECK(e.line() == 3);
    CHECK(e.key() == "task");
    CHECK(e.found() == "first_unti");
    CHECK(e.expected().find("did you mean 'first_unit'") != std::string::npos);
  }
  SECTION("an unknown event name, with the nearest event") {
    const auto path = dir.write("log.csv", "time,task\n09:14,warning_isued\n");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.line() == 2);
    CHECK(e.key() == "task");
    CHECK(e.expected().find("did you mean 'warning_issued'") != std::string::npos);
  }
  SECTION("one actor's times going backwards") {
    const auto path = dir.write("log.csv",
                                "time,task,actor\n"
                                "09:20,first_unit,engine_1\n"  // 2
                                "09:10,issued,county\n"        // 3: another actor may be earlier
                                "09:15,cleared,engine_1\n");   // 4: engine_1 went back from 09:20
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.file() == path.string());
    CHECK(e.line() == 4);
    CHECK(e.key() == "time");
    CHECK(e.found() == "09:15");
    CHECK(e.expected().find("engine_1") != std::string::npos);
    CHECK(e.expected().find("line 2") != std::string::npos);
  }
  SECTION("an empty file") {
    const auto path = dir.write("log.csv", "");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.file() == path.string());
    CHECK(e.line() == 1);
    CHECK(e.found() == "an empty file");
  }
  SECTION("a header and no rows") {
    const auto path = dir.write("log.csv", "time,task,actor\n");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.file() == path.string());
    CHECK(e.expected().find("at least one observed event") != std::string::npos);
  }
  SECTION("no task column") {
    const auto path = dir.write("log.csv", "time,actor\n09:14,county\n");
    const InputError e = input_error_from([&] { read_drill_log(path, drill, start); });
    CHECK(e.line() == 1);
    CHECK(e.key() == "task");
  }
  SECTION("a start that is no clock time") {
    const InputError e = input_error_from([&] { parse_drill_clock("nine", "drill.yaml", "start"); });
    CHECK(e.file() == "drill.yaml");
    CHECK(e.key() == "start");
    CHECK(e.found() == "'nine'");
  }
}

}  // namespace
}  // namespace dsim
