// SPDX-License-Identifier: MIT
#pragma once

// A drill log: what evaluators saw, one row per observed event (docs/drills.md,
// "The drill log"). Columns: time (required), task (required: a task id or
// an event name), actor, place, note (optional), lon and lat (optional: where
// the actor was, for the map of tracks).

#include "sim/scenario/drill_spec.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// The task of a row that only says where an actor was (for the map's tracks).
inline constexpr std::string_view kPositionTask = "position";
// The task of a row that says when an incident's call came in (place: the
// incident's name): the reference of the tasks counted `from: call`.
inline constexpr std::string_view kCallTask = "call";

struct LogEntry {
  std::size_t line = 0;  // in the log file
  double time_s = 0.0;   // from the drill's time 0
  std::string time_text;
  std::string task;      // as written
  std::string actor, place, note;
  double lon = 0.0, lat = 0.0;
  bool has_position = false;
};

// The drill's time 0 on the clock: from the drill's `start`, else the
// scenario's start_date (ISO 8601 text as results store it). Times in a log
// are then clock times "09:14[:30]", date-times "2027-06-15T09:14:30[+08:00]"
// (or with a space), or offsets from time 0 "+00:14[:30]" / "+14 min" / "+870".
struct DrillClock {
  std::optional<long long> day;       // days since 1970-01-01 of time 0, when known
  std::optional<double> seconds;      // seconds after midnight of time 0, when known
  std::optional<int> offset_minutes;  // its UTC offset, when given
};
// Throws InputError naming `where` and `key` for text that is not a clock time.
DrillClock parse_drill_clock(const std::string& text, const std::string& where, const std::string& key);

// The drill's time 0: its `start`, else the scenario's start_date when the
// scenario gives one (date, clock and offset), else unknown (logs then need offsets).
DrillClock drill_clock(const DrillSpec& drill, const Scenario& scenario);

// Reads a drill log. Throws InputError naming the file, the line and the
// column: an empty file or one without the time and task columns, a time
// that cannot be read (or is before time 0, or needs a start the drill does
// not give), a task that is neither a task id nor an event name (with the
// nearest one), and an actor's times going backwards.
std::vector<LogEntry> read_drill_log(const std::filesystem::path& path, const DrillSpec& drill, const DrillClock& start);

}  // namespace dsim
