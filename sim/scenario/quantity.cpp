// SPDX-License-Identifier: MIT
#include "sim/scenario/quantity.hpp"

#include <array>
#include <charconv>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace dsim {

namespace {

struct Unit {
  std::string_view name;
  double seconds;
};

constexpr double kMinute = 60.0, kHour = 3600.0, kDay = 86'400.0;

constexpr std::array<Unit, 22> kUnits = {{
    {"s", 1.0},           {"sec", 1.0},          {"secs", 1.0},        {"second", 1.0},      {"seconds", 1.0},
    {"min", kMinute},     {"mins", kMinute},     {"minute", kMinute},  {"minutes", kMinute}, {"h", kHour},
    {"hr", kHour},        {"hrs", kHour},        {"hour", kHour},      {"hours", kHour},     {"d", kDay},
    {"day", kDay},        {"days", kDay},        {"week", 7 * kDay},   {"weeks", 7 * kDay},  {"year", 365 * kDay},
    {"years", 365 * kDay}, {"yr", 365 * kDay},
}};

std::string_view trimmed(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// The number at the start of s (after blanks) and what follows it.
std::optional<std::pair<double, std::string_view>> leading_number(std::string_view s) {
  s = trimmed(s);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  // from_chars would also read "inf" and "nan"; a quantity starts with a digit or a point.
  if (s.empty() || !((s.front() >= '0' && s.front() <= '9') || s.front() == '.')) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::general);
  if (ec != std::errc() || !std::isfinite(value)) return std::nullopt;
  s.remove_prefix(static_cast<std::size_t>(end - s.data()));
  return std::make_pair(negative ? -value : value, trimmed(s));
}

std::optional<double> unit_seconds(std::string_view word) {
  for (const Unit& u : kUnits) {
    if (u.name == word) return u.seconds;
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  const auto parsed = leading_number(text);
  if (!parsed || !parsed->second.empty()) return std::nullopt;
  return parsed->first;
}

std::optional<double> parse_duration_s(std::string_view text, std::string* unknown_unit) {
  const auto parsed = leading_number(text);
  if (!parsed) return std::nullopt;
  const auto [value, rest] = *parsed;
  if (rest.empty()) return value;
  if (const auto seconds = unit_seconds(rest)) {
    const double result = value * *seconds;
    if (std::isfinite(result)) return result;
    return std::nullopt;
  }
  if (unknown_unit != nullptr) *unknown_unit = std::string(rest);
  return std::nullopt;
}

std::optional<double> parse_clock_s(std::string_view text) {
  text = trimmed(text);
  std::array<long long, 3> parts{};
  std::size_t count = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = text.find(':', start);
    const std::string_view part = text.substr(start, colon == std::string_view::npos ? text.npos : colon - start);
    if (count == parts.size() || part.empty() || part.size() > 6) return std::nullopt;
    long long v = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || end != part.data() + part.size() || v < 0) return std::nullopt;
    parts[count++] = v;
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (count < 2) return std::nullopt;
  if (parts[1] >= 60 || parts[2] >= 60) return std::nullopt;
  if (text.substr(text.rfind(':') + 1).size() != 2) return std::nullopt;  // "8:5" is not a clock reading
  return static_cast<double>(parts[0]) * kHour + static_cast<double>(parts[1]) * kMinute +
         static_cast<double>(parts[2]);
}

std::optional<double> parse_rate_per_day(std::string_view text, std::string* unknown_unit) {
  const auto parsed = leading_number(text);
  if (!parsed) return std::nullopt;
  const auto [value, rest0] = *parsed;
  std::string_view rest = rest0;
  if (rest.empty()) return value;
  if (rest.front() == '/') {
    rest = trimmed(rest.substr(1));
  } else if (rest.substr(0, 4) == "per " || rest.substr(0, 4) == "per\t") {
    rest = trimmed(rest.substr(4));
  } else {
    if (unknown_unit != nullptr) *unknown_unit = std::string(rest);
    return std::nullopt;
  }
  if (const auto seconds = unit_seconds(rest)) {
    const double result = value * kDay / *seconds;
    if (std::isfinite(result)) return result;
    return std::nullopt;
  }
  if (unknown_unit != nullptr) *unknown_unit = std::string(rest);
  return std::nullopt;
}

namespace {

struct Factor {
  std::string_view name;
  double factor;
};

constexpr std::array<Factor, 6> kWeightUnits = {{{"kg", 1.0}, {"t", 1000.0}, {"g", 0.001}, {"tonne", 1000.0},
                                                 {"tonnes", 1000.0}, {"kilogram", 1.0}}};
constexpr std::array<Factor, 5> kVolumeUnits = {{{"m3", 1.0}, {"m\xc2\xb3", 1.0}, {"L", 0.001}, {"l", 0.001},
                                                 {"litre", 0.001}}};

// A number, bare in the first unit's terms or followed by one of `units`.
template <std::size_t N>
std::optional<double> scaled(std::string_view text, const std::array<Factor, N>& units, std::string* unknown_unit) {
  const auto parsed = leading_number(text);
  if (!parsed) return std::nullopt;
  const auto [value, rest] = *parsed;
  if (rest.empty()) return value;
  for (const Factor& u : units) {
    if (u.name != rest) continue;
    const double result = value * u.factor;
    if (std::isfinite(result)) return result;
    return std::nullopt;
  }
  if (unknown_unit != nullptr) *unknown_unit = std::string(rest);
  return std::nullopt;
}

template <std::size_t N>
std::vector<std::string> names_of(const std::array<Factor, N>& units) {
  std::vector<std::string> out;
  for (const Factor& u : units) out.emplace_back(u.name);
  return out;
}

}  // namespace

std::optional<double> parse_weight_kg(std::string_view text, std::string* unknown_unit) {
  return scaled(text, kWeightUnits, unknown_unit);
}

std::optional<double> parse_volume_m3(std::string_view text, std::string* unknown_unit) {
  return scaled(text, kVolumeUnits, unknown_unit);
}

const std::vector<std::string>& weight_unit_names() {
  static const std::vector<std::string> names = names_of(kWeightUnits);
  return names;
}

const std::vector<std::string>& volume_unit_names() {
  static const std::vector<std::string> names = names_of(kVolumeUnits);
  return names;
}

std::string format_duration(double seconds) {
  const Unit units[] = {{"d", kDay}, {"h", kHour}, {"min", kMinute}};
  char buf[48];
  for (const Unit& u : units) {
    const double n = seconds / u.seconds;
    if (std::abs(n) >= 1.0 && std::abs(n * 10.0 - std::round(n * 10.0)) < 1e-9 * std::max(1.0, std::abs(n))) {
      std::snprintf(buf, sizeof buf, "%.10g %s", std::round(n * 10.0) / 10.0, u.name.data());
      return buf;
    }
  }
  std::snprintf(buf, sizeof buf, "%.6g s", seconds);
  return buf;
}

const std::vector<std::string>& duration_unit_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Unit& u : kUnits) out.emplace_back(u.name);
    return out;
  }();
  return names;
}

}  // namespace dsim
