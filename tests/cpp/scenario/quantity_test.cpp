// SPDX-License-Identifier: MIT
#include "sim/scenario/quantity.hpp"

#include <catch2/catch.hpp>

using namespace dsim;

TEST_CASE("Numbers parse only when the whole text is one finite number", "[scenario]") {
  CHECK(parse_number("12") == 12.0);
  CHECK(parse_number(" -0.5 ") == -0.5);
  CHECK(parse_number("+3") == 3.0);
  CHECK(parse_number("1e3") == 1000.0);
  CHECK(parse_number(".5") == 0.5);
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("12abc"));
  CHECK_FALSE(parse_number("inf"));
  CHECK_FALSE(parse_number("nan"));
  CHECK_FALSE(parse_number("1e999"));
  CHECK_FALSE(parse_number("0x10"));
  CHECK_FALSE(parse_number("--1"));
}

TEST_CASE("Durations accept seconds or a number with a unit", "[scenario]") {
  CHECK(parse_duration_s("90") == 90.0);
  CHECK(parse_duration_s("90 s") == 90.0);
  CHECK(parse_duration_s("90s") == 90.0);
  CHECK(parse_duration_s("5 min") == 300.0);
  CHECK(parse_duration_s("5 minutes") == 300.0);
  CHECK(parse_duration_s("1.5 h") == 5400.0);
  CHECK(parse_duration_s("2 d") == 172'800.0);
  CHECK(parse_duration_s("1 week") == 604'800.0);
  CHECK(parse_duration_s("1 year") == 365.0 * 86'400.0);
  CHECK(parse_duration_s("-5 min") == -300.0);  // the range is the caller's to check
}

TEST_CASE("Durations with an unknown unit name the unit", "[scenario]") {
  std::string unit;
  CHECK_FALSE(parse_duration_s("5 kg", &unit));
  CHECK(unit == "kg");
  unit.clear();
  CHECK_FALSE(parse_duration_s("fast", &unit));
  CHECK(unit.empty());  // not a number at all
  CHECK_FALSE(parse_duration_s("5 min 30 s", &unit));
  CHECK(unit == "min 30 s");
  CHECK_FALSE(parse_duration_s("1e999 s"));
}

TEST_CASE("Clock readings count hours, minutes and seconds from the start", "[scenario]") {
  CHECK(parse_clock_s("08:30") == 8.0 * 3600 + 30 * 60);
  CHECK(parse_clock_s("08:30:15") == 8.0 * 3600 + 30 * 60 + 15);
  CHECK(parse_clock_s("36:00:00") == 36.0 * 3600);
  CHECK(parse_clock_s("0:05") == 300.0);
  CHECK_FALSE(parse_clock_s("08:75"));
  CHECK_FALSE(parse_clock_s("08:30:60"));
  CHECK_FALSE(parse_clock_s("8:5"));
  CHECK_FALSE(parse_clock_s("08"));
  CHECK_FALSE(parse_clock_s("1:2:3:4"));
  CHECK_FALSE(parse_clock_s("-1:00"));
  CHECK_FALSE(parse_clock_s("08:30 pm"));
}

TEST_CASE("Rates are per day unless they say otherwise", "[scenario]") {
  CHECK(parse_rate_per_day("3") == 3.0);
  CHECK(parse_rate_per_day("3 per day") == 3.0);
  CHECK(parse_rate_per_day("0.5 per hour") == 12.0);
  CHECK(parse_rate_per_day("2/h") == 48.0);
  CHECK(parse_rate_per_day("2 / h") == 48.0);
  CHECK(parse_rate_per_day("7 per week") == Approx(1.0));
  CHECK(parse_rate_per_day("365 per year") == Approx(1.0));
  std::string unit;
  CHECK_FALSE(parse_rate_per_day("3 per fortnight", &unit));
  CHECK(unit == "fortnight");
  CHECK_FALSE(parse_rate_per_day("3 daily"));
  CHECK_FALSE(parse_rate_per_day("often"));
}

TEST_CASE("Durations print in the largest unit that reads well", "[scenario]") {
  CHECK(format_duration(7 * 86'400.0) == "7 d");
  CHECK(format_duration(5400.0) == "1.5 h");
  CHECK(format_duration(300.0) == "5 min");
  CHECK(format_duration(45.0) == "45 s");
  CHECK(format_duration(0.0) == "0 s");
  CHECK(format_duration(100.0) == "100 s");
}

TEST_CASE("Every unit name parses as a duration", "[scenario]") {
  for (const std::string& unit : duration_unit_names()) {
    INFO(unit);
    const auto v = parse_duration_s("2 " + unit);
    REQUIRE(v);
    CHECK(*v > 0.0);
  }
}

TEST_CASE("Weights parse to kilograms and volumes to cubic metres", "[scenario]") {
  CHECK(parse_weight_kg("25") == 25.0);
  CHECK(parse_weight_kg("25 kg") == 25.0);
  CHECK(parse_weight_kg("25kg") == 25.0);
  CHECK(parse_weight_kg("8 t") == 8000.0);
  CHECK(parse_weight_kg("500 g") == Approx(0.5));
  CHECK(parse_weight_kg(" 1.5 tonnes ") == 1500.0);
  std::string unit;
  CHECK_FALSE(parse_weight_kg("3 lb", &unit));
  CHECK(unit == "lb");
  CHECK_FALSE(parse_weight_kg("heavy"));
  CHECK_FALSE(parse_weight_kg("kg"));

  CHECK(parse_volume_m3("0.03") == 0.03);
  CHECK(parse_volume_m3("0.03 m3") == 0.03);
  CHECK(parse_volume_m3("40 m\xc2\xb3") == 40.0);
  CHECK(parse_volume_m3("20 L") == Approx(0.02));
  CHECK(parse_volume_m3("-1 m3") == -1.0);  // the sign is the caller's to check
  CHECK_FALSE(parse_volume_m3("2 m2", &unit));
  CHECK(unit == "m2");
  for (const std::string& u : weight_unit_names()) CHECK(parse_weight_kg("2 " + u).value_or(0.0) > 0.0);
  for (const std::string& u : volume_unit_names()) CHECK(parse_volume_m3("2 " + u).value_or(0.0) > 0.0);
}
