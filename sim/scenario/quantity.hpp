// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// Quantities as people write them in scenarios. Each parser returns nothing
// unless the whole text (surrounding blanks aside) is one finite quantity.

// A plain decimal number: "12", "-0.5", "+3", "1e3".
std::optional<double> parse_number(std::string_view text);

// A duration in seconds: a number of seconds ("90") or a number and a unit
// ("90 s", "5 min", "1.5 h", "2 d", "1 week", "1 year" = 365 d). When the text is
// a number followed by a word that is not a unit, `unknown_unit` receives the word.
std::optional<double> parse_duration_s(std::string_view text, std::string* unknown_unit = nullptr);

// A clock reading from the start of the scenario, in seconds: "08:30",
// "08:30:15", "36:00:00" (hours may pass 24; minutes and seconds below 60).
std::optional<double> parse_clock_s(std::string_view text);

// A rate in events per day: a number (per day) or "3 per day", "0.5 per hour",
// "2/h", "100 per year". `unknown_unit` as for parse_duration_s.
std::optional<double> parse_rate_per_day(std::string_view text, std::string* unknown_unit = nullptr);

// A weight in kilograms: a number of kilograms ("25") or a number and a unit
// ("25 kg", "8 t", "500 g"). `unknown_unit` as for parse_duration_s.
std::optional<double> parse_weight_kg(std::string_view text, std::string* unknown_unit = nullptr);

// A volume in cubic metres: a number of cubic metres ("0.03") or a number and
// a unit ("0.03 m3", "40 m³", "20 L"). `unknown_unit` as for parse_duration_s.
std::optional<double> parse_volume_m3(std::string_view text, std::string* unknown_unit = nullptr);

// A duration for people, in the largest unit that reads well with at most
// one decimal: "7 d", "1.5 h", "90 min" is "1.5 h", "45 s", "0.25 s".
std::string format_duration(double seconds);

// The unit words parse_duration_s understands, for "did you mean" hints.
const std::vector<std::string>& duration_unit_names();
// Likewise for parse_weight_kg and parse_volume_m3.
const std::vector<std::string>& weight_unit_names();
const std::vector<std::string>& volume_unit_names();

}  // namespace dsim
