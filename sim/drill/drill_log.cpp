// SPDX-License-Identifier: MIT
#include "sim/drill/drill_log.hpp"

#include "sim/core/error.hpp"
#include "sim/network/csv_reader.hpp"
#include "sim/scenario/nearest_name.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <iterator>
#include <map>
#include <regex>

namespace dsim {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool valid_date(int y, int m, int d) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

// "HH:MM" or "HH:MM:SS" (seconds may have decimals) into seconds; nullopt when not that.
std::optional<double> clock_seconds(const std::string& text, bool hours_unbounded) {
  static const std::regex re(R"(^(\d{1,3}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  const int h = std::stoi(m[1]), mi = std::stoi(m[2]);
  const double s = m[3].matched ? std::stod(m[3]) : 0.0;
  if ((!hours_unbounded && h > 23) || mi > 59 || s >= 60.0) return std::nullopt;
  return h * 3600.0 + mi * 60.0 + s;
}

// "+00:14", "+00:14:30", "+14 min", "+90 s", "+1.5 h", "+870": seconds from time 0.
std::optional<double> offset_seconds(const std::string& text) {
  if (text.empty() || text[0] != '+') return std::nullopt;
  std::string rest = text.substr(1);
  while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
  if (const auto c = clock_seconds(rest, true)) return c;
  static const std::regex re(R"(^(\d+(?:\.\d+)?)\s*(s|sec|min|h)?$)");
  std::smatch m;
  if (!std::regex_match(rest, m, re)) return std::nullopt;
  const double v = std::stod(m[1]);
  const std::string unit = m[2].matched ? m[2].str() : "s";
  return v * (unit == "min" ? 60.0 : unit == "h" ? 3600.0 : 1.0);
}

struct DateTime {
  long long day = 0;
  double seconds = 0.0;
  std::optional<int> offset_minutes;
};

// "YYYY-MM-DD[T ]HH:MM[:SS][Z|±hh:mm]"; nullopt when not that.
std::optional<DateTime> date_time(const std::string& text) {
  static const std::regex re(
      R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  if (!valid_date(y, mo, d)) return std::nullopt;
  const auto s = clock_seconds(m[4], false);
  if (!s) return std::nullopt;
  DateTime out{days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)), *s, std::nullopt};
  if (m[5].matched) {
    const std::string z = m[5];
    if (z == "Z") {
      out.offset_minutes = 0;
    } else {
      const int sign = z[0] == '-' ? -1 : 1;
      const std::string digits = z.substr(1);
      const int hh = std::stoi(digits.substr(0, 2));
      const int mm = std::stoi(digits.substr(digits.size() - 2));
      out.offset_minutes = sign * (hh * 60 + mm);
    }
  }
  return out;
}

std::vector<std::string> event_names() { return {std::begin(kDrillEventNames), std::end(kDrillEventNames)}; }

}  // namespace

DrillClock parse_drill_clock(const std::string& text, const std::string& where, const std::string& key) {
  DrillClock c;
  if (const auto s = clock_seconds(text, false)) {
    c.seconds = *s;
    return c;
  }
  if (const auto dt = date_time(text)) {
    c.day = dt->day;
    c.seconds = dt->seconds;
    c.offset_minutes = dt->offset_minutes;
    return c;
  }
  static const std::regex date_only(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::smatch m;
  if (std::regex_match(text, m, date_only) && valid_date(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]))) {
    c.day = days_from_civil(std::stoi(m[1]), static_cast<unsigned>(std::stoi(m[2])), static_cast<unsigned>(std::stoi(m[3])));
    c.seconds = 0.0;
    return c;
  }
  throw InputError(where, 0, key, "a clock time \"09:00\" or a date and time \"2027-06-15T09:00:00+08:00\"", "'" + text + "'");
}

DrillClock drill_clock(const DrillSpec& drill, const Scenario& scenario) {
  if (!drill.start_clock.empty()) return parse_drill_clock(drill.start_clock, drill.source_path, "start");
  DrillClock c;
  if (!scenario.start_date_given) return c;
  const auto days = std::chrono::sys_days(scenario.start_date).time_since_epoch().count();
  c.day = static_cast<long long>(days);
  c.seconds = scenario.start_clock_s;
  c.offset_minutes = scenario.start_utc_offset_min;
  return c;
}

std::vector<LogEntry> read_drill_log(const std::filesystem::path& path, const DrillSpec& drill, const DrillClock& start) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0)
    throw InputError(path.string(), 1, "", "a drill log: a header row (time,task,actor,place,note) and one row per observed event",
                     "an empty file");
  detail::CsvReader csv(path);
  const int time = csv.require_column("time");
  const int task = csv.require_column("task");
  const int actor = csv.find_column("actor"), place = csv.find_column("place"), note = csv.find_column("note");
  const int lon = csv.find_column("lon"), lat = csv.find_column("lat");
  if ((lon < 0) != (lat < 0))
    throw InputError(path.string(), 1, lon < 0 ? "lat" : "lon", "both lon and lat columns, or neither", "only one");

  std::vector<std::string> names = event_names();
  std::vector<std::string> task_ids;
  for (const CriticalTask& t : drill.tasks) task_ids.push_back(t.id);
  std::vector<std::string> known = task_ids;
  known.insert(known.end(), names.begin(), names.end());
  known.push_back(std::string(kPositionTask));
  known.push_back(std::string(kCallTask));

  std::vector<LogEntry> out;
  std::map<std::string, std::pair<double, std::size_t>> last_of_actor;  // actor -> time, line
  while (csv.next_row()) {
    LogEntry e;
    e.line = csv.line_number();
    e.time_text = std::string(csv.field(time));
    e.task = std::string(csv.field(task));
    auto optional_field = [&](int column) { return column >= 0 ? std::string(csv.field(column)) : std::string(); };
    e.actor = optional_field(actor);
    e.place = optional_field(place);
    e.note = optional_field(note);
    if (lon >= 0 && !csv.field(lon).empty()) {
      e.lon = csv.double_at(lon);
      e.lat = csv.double_at(lat);
      e.has_position = true;
    }
    // The time: an offset, a date-time, or a clock time.
    const std::string& t = e.time_text;
    if (const auto off = offset_seconds(t)) {
      e.time_s = *off;
    } else if (const auto dt = date_time(t)) {
      if (!start.day)
        csv.fail(time, "a clock time \"09:14\" or an offset \"+00:14\": the drill gives no start date to count a "
                       "date-time from (set `start: 2027-06-15T09:00` in the drill file)");
      double shift = 0.0;
      if (dt->offset_minutes && start.offset_minutes) shift = 60.0 * (*start.offset_minutes - *dt->offset_minutes);
      e.time_s = (static_cast<double>(dt->day - *start.day) * 86400.0) + dt->seconds - *start.seconds + shift;
    } else if (const auto clock = clock_seconds(t, false)) {
      if (!start.seconds)
        csv.fail(time, "an offset \"+00:14\": the drill gives no start time to count a clock time from (set "
                       "`start: \"09:00\"` in the drill file)");
      e.time_s = *clock - *start.seconds;
    } else {
      csv.fail(time, "a clock time \"09:14[:30]\", a date and time \"2027-06-15T09:14:30\", or an offset from the "
                     "drill's start \"+00:14\" / \"+14 min\"");
    }
    if (e.time_s < 0.0) csv.fail(time, "a time at or after the drill's start");
    if (e.task.empty()) csv.fail(task, "a task id or an event name");
    if (e.task == kCallTask && e.place.empty())
      csv.fail(task, "a task or event: a 'call' row needs the incident's name in the place column");
    if (e.task == kPositionTask && !e.has_position)
      csv.fail(task, "a task or event: a 'position' row needs lon and lat (it only places its actor on the map)");
    if (std::find(known.begin(), known.end(), e.task) == known.end()) {
      const std::string hint = nearest_name(e.task, known);
      csv.fail(task, "a task id of the drill (" + (task_ids.empty() ? std::string("none") : task_ids.front() + ", ...") +
                         "), an event name (" + names.front() + ", ...), 'call' or 'position'" +
                         (hint.empty() ? std::string() : "; did you mean '" + hint + "'?"));
    }
    if (!e.actor.empty()) {
      const auto it = last_of_actor.find(e.actor);
      if (it != last_of_actor.end() && e.time_s < it->second.first)
        csv.fail(time, "a time not before " + e.actor + "'s previous entry (line " + std::to_string(it->second.second) +
                           "): an actor's entries go forward in time");
      last_of_actor[e.actor] = {e.time_s, e.line};
    }
    out.push_back(std::move(e));
  }
  if (out.empty())
    throw InputError(path.string(), csv.line_number(), "", "at least one observed event under the header", "none");
  return out;
}

}  // namespace dsim
