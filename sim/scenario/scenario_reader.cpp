// SPDX-License-Identifier: MIT
// The scenario reader walks the YAML tree once, section by section
// (section_readers.hpp), filling a Scenario and collecting every problem with
// its position, then checks references across sections. It never stops at
// the first problem: a value that is wrong is reported and replaced by its
// default so that reading can go on.
#include "sim/scenario/scenario_reader.hpp"

#include "sim/logistics/logistics_spec.hpp"
#include "sim/response/fire_spec.hpp"
#include "sim/scenario/section_readers.hpp"
#include "sim/warning/warning_spec.hpp"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <tuple>

namespace dsim {

namespace {

using namespace detail;

const std::vector<std::string> kTopKeys = {"name",  "description",   "region", "stations", "teams",        "incidents",
                                           "incident_list", "road_closures", "plan", "horizon", "warmup",
                                           "replications", "seed", "warning", "flood", "outages", "start_date", "chemical", "fire",
                                           "logistics", "variants"};

// An ISO 8601 calendar date, YYYY-MM-DD, or a date and time of day,
// YYYY-MM-DDThh:mm[:ss], optionally with its UTC offset (Z, +hh:mm, -hh:mm).
// Returns whether it was read with a time of day.
bool read_start_date(FieldReader& in, const Item& it, Scenario& s) {
  const std::string expected =
      "a date YYYY-MM-DD or a date and time YYYY-MM-DDThh:mm[:ss][+hh:mm] (ISO 8601), such as 2026-07-01 or "
      "2026-07-20T06:00:00+08:00";
  const std::string text = it.node.IsScalar() ? it.node.Scalar() : std::string();
  const auto digits = [&text](std::size_t from, std::size_t n) -> std::optional<int> {
    if (from + n > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const auto at = [&text](std::size_t i, char c) { return i < text.size() && text[i] == c; };
  const auto bad = [&](const std::string& note = {}) {
    in.error(it, expected, found_text(it.node), {}, note);
    return false;
  };
  if (text.size() < 10 || !at(4, '-') || !at(7, '-')) return bad();
  const auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d) return bad();
  const std::chrono::year_month_day date{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                         std::chrono::day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return bad("no such day in the calendar");
  double clock_s = 0.0;
  std::optional<int> offset_min;
  if (text.size() > 10) {
    // The time of day: hh:mm, then :ss, then the offset.
    if (!at(10, 'T') && !at(10, ' ')) return bad();
    const auto hh = digits(11, 2), mm = at(13, ':') ? digits(14, 2) : std::nullopt;
    if (!hh || !mm) return bad();
    std::size_t i = 16;
    int ss = 0;
    if (at(i, ':')) {
      const auto sec = digits(i + 1, 2);
      if (!sec) return bad();
      ss = *sec;
      i += 3;
    }
    if (*hh > 23 || *mm > 59 || ss > 59) return bad("no such time of day");
    clock_s = *hh * 3600.0 + *mm * 60.0 + ss;
    if (at(i, 'Z') && i + 1 == text.size()) {
      offset_min = 0;
    } else if ((at(i, '+') || at(i, '-')) && (i + 6 == text.size() || i + 5 == text.size())) {
      const bool colon = i + 6 == text.size();
      const auto oh = digits(i + 1, 2), om = colon ? (at(i + 3, ':') ? digits(i + 4, 2) : std::nullopt) : digits(i + 3, 2);
      if (!oh || !om || *oh > 14 || *om > 59) return bad("no such UTC offset");
      offset_min = (at(i, '-') ? -1 : 1) * (*oh * 60 + *om);
    } else if (i != text.size()) {
      return bad();
    }
  }
  s.start_date = date;
  s.start_clock_s = clock_s;
  s.start_utc_offset_min = offset_min;
  s.start_date_given = true;
  return text.size() > 10;
}

// Records where a document's first node is, to locate documents.
class FirstMark : public YAML::EventHandler {
 public:
  Pos pos;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { note(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    note(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    note(m);
  }
  void OnMapEnd() override {}

 private:
  bool seen_ = false;
  void note(const YAML::Mark& m) {
    if (seen_ || m.line < 0 || m.column < 0) return;
    seen_ = true;
    pos = {static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
  }
};

void finish_problems(std::vector<ScenarioProblem>& problems) {
  // A mistake inside an anchored map that is merged or aliased in several
  // places is one mistake: report it once, under the first path that reached it.
  std::set<std::tuple<std::size_t, std::size_t, std::string, std::string, std::string>> seen;
  problems.erase(std::remove_if(problems.begin(), problems.end(),
                                 [&](const ScenarioProblem& p) {
                                   const std::string path = p.line > 0 ? std::string() : p.key;
                                   return !seen.emplace(p.line, p.column, path, p.expected, p.found).second;
                                 }),
                  problems.end());
  std::stable_sort(problems.begin(), problems.end(), [](const ScenarioProblem& a, const ScenarioProblem& b) {
    // Known positions first, in reading order; unknown ones keep their order at the end.
    const auto key = [](const ScenarioProblem& p) {
      return std::make_pair(p.line == 0 ? std::numeric_limits<std::size_t>::max() : p.line, p.column);
    };
    return key(a) < key(b);
  });
}

ScenarioReading read_document(FieldReader& in, const std::string& text) {
  SectionNotes notes;
  ScenarioReading out;
  Scenario& s = out.scenario;
  s.source_text = text;
  {
    const std::string stem = std::filesystem::path(in.file()).stem().string();
    s.name = stem.empty() ? "scenario" : stem;
  }

  // The first document, and where a second one starts if there is one.
  // YAML::LoadAll is not used: in yaml-cpp 0.7 it can loop forever on some
  // malformed streams (a stray ',' at the top level), asking for one more
  // document each time without consuming anything.
  YAML::Node document;
  std::optional<Pos> second_document;
  try {
    document = YAML::Load(text);
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    FirstMark first, second;
    parser.HandleNextDocument(first);
    if (parser.HandleNextDocument(second)) second_document = second.pos;
  } catch (const YAML::ParserException& e) {
    in.report(Severity::error, "", {e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
                                 e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0},
           "valid YAML", "a syntax error: " + e.msg, {},
           e.msg.find("sequence flow") != std::string::npos ? "a '[' before this point is not closed"
           : e.msg.find("map flow") != std::string::npos    ? "a '{' before this point is not closed"
                                                             : "");
    out.problems = std::move(in.problems());
    return out;
  }
  if (!document.IsDefined() || document.IsNull()) {
    in.report(Severity::error, "", {}, "a scenario: a map with keys " + joined(kTopKeys), "an empty document");
    out.problems = std::move(in.problems());
    return out;
  }
  if (second_document) in.report(Severity::error, "", *second_document, "one YAML document", "a second one");

  const Item root{document, "", in.mark_pos(document, {1, 1})};
  if (const auto f = in.fields(root, kTopKeys, "a scenario")) {
    if (const Item* name = in.get(*f, "name")) {
      if (const auto v = in.text(*name, "a scenario name")) s.name = *v;
    }
    if (const Item* d = in.get(*f, "description")) {
      if (const auto v = in.text(*d, "a description")) s.description = *v;
    }
    if (const Item* region = in.get(*f, "region")) read_region(in, *region, s.region);
    if (const Item* stations = in.required(*f, root, "stations", "a list of stations")) read_stations(in, *stations, s, notes);
    if (const Item* teams = in.required(*f, root, "teams", "a list of teams")) {
      const std::size_t before = in.problems().size();
      read_teams(in, *teams, s);
      notes.teams_clean = in.problems().size() == before;
    } else {
      notes.teams_clean = false;
    }
    if (const Item* g = in.get(*f, "incidents")) read_generators(in, *g, s, notes);
    if (const Item* list = in.get(*f, "incident_list")) read_incident_list(in, *list, s, notes);
    if (const Item* closures = in.get(*f, "road_closures")) read_road_closures(in, *closures, s);
    if (const Item* outages = in.get(*f, "outages")) read_outages(in, *outages, s);
    if (const Item* plan = in.get(*f, "plan")) read_plan(in, *plan, s.plan, notes);
    if (const Item* warning = in.get(*f, "warning")) read_warning(in, *warning, s);
    if (const Item* h = in.get(*f, "horizon")) {
      if (const auto v = in.duration(*h, true)) s.horizon_s = *v;
      else notes.horizon_ok = false;
    }
    if (const Item* w = in.get(*f, "warmup")) {
      if (const auto v = in.duration(*w)) s.warmup_s = *v;
    }
    if (const Item* date = in.get(*f, "start_date"); date != nullptr && read_start_date(in, *date, s) && s.warning) {
      // One clock: the warning's start_hour follows a start time, and may not contradict it.
      const Item* warning = in.get(*f, "warning");
      const double hour = s.start_clock_s / 3600.0;
      if (!warning->node["start_hour"]) {
        auto spec = std::make_shared<WarningSpec>(*s.warning);
        spec->start_hour = hour;
        s.warning = std::move(spec);
      } else if (std::abs(s.warning->start_hour - hour) > 1e-9) {
        in.error(*date, "a time of day that agrees with warning.start_hour (" + number_text(s.warning->start_hour) + ")",
                 found_text(date->node), "drop warning.start_hour: the start time sets the clock");
      }
    }
    if (const Item* r = in.get(*f, "replications")) {
      if (const auto v = in.integer(*r, 1, 10'000'000, "a number of replications (an integer >= 1)"))
        s.replications = static_cast<int>(*v);
    }
    if (const Item* seed = in.get(*f, "seed")) {
      std::uint64_t v = 0;
      const std::string& t = seed->node.IsScalar() ? seed->node.Scalar() : std::string();
      const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || ec != std::errc() || end != t.data() + t.size()) {
        in.error(*seed, "a seed (an integer from 0 to 18446744073709551615)", found_text(seed->node));
      } else {
        s.seed = v;
      }
    }
    if (notes.stations_read && s.stations.empty()) in.error(*in.get(*f, "stations"), "at least one station", "an empty list");
    if (const Item* teams = in.get(*f, "teams"); teams != nullptr && teams->node.IsSequence() && s.teams.empty())
      in.error(*teams, "at least one team", "an empty list");
    notes.hazard_raises_incidents = in.get(*f, "fire") != nullptr;  // a fire calls teams and raises incidents itself
    check_references(in, s, notes);
    if (const Item* flood = in.get(*f, "flood")) {
      // The flood section refers to the plan and the teams, so it is read last.
      s.flood = read_flood(in, *flood, s);
    }
    if (const Item* chemical = in.get(*f, "chemical")) s.chemical = read_chemical(in, *chemical, s);
    if (const Item* fire = in.get(*f, "fire")) s.fire = read_fire(in, *fire, s);
    if (const Item* logistics = in.get(*f, "logistics")) s.logistics = read_logistics(in, *logistics, s);
    // `variants` (the scenario's own variants, docs "Variants") is not part of
    // the scenario: read_scenario_variants reads it.
  }

  finish_problems(in.problems());
  s.source_positions = std::move(in.positions());
  out.problems = std::move(in.problems());
  return out;
}

ScenarioReading read_guarded(const std::string& text, const std::string& source_name) {
  FieldReader in(source_name);
  try {
    return read_document(in, text);
  } catch (const YAML::Exception& e) {
    // The reader asks yaml-cpp only what a node can answer; this is a last guard
    // so that a malformed file is always a problem, never a crash.
    ScenarioReading out;
    out.scenario.source_text = text;
    out.problems.push_back({Severity::error, source_name, 0, 0, "", "a scenario yaml-cpp can read",
                            quote_text(e.what()), "", ""});
    return out;
  }
}

std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, 0, "", "a scenario file", "a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "a readable scenario file", std::string("an error: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Resolves the region's relative paths against the scenario's folder and checks they exist.
// A key added here belongs in scenario_file_keys (scenario_merge.cpp) too, so
// that a merged scenario written elsewhere still names the same files.
void resolve_region_paths(const std::string& scenario_path, ScenarioReading& reading) {
  const std::filesystem::path folder = std::filesystem::path(scenario_path).parent_path();
  // GIS layers may be folders (a file geodatabase) or GDAL's virtual paths (/vsizip/...).
  const auto resolve = [&](std::string& file, const std::string& key, bool gis = false) {
    if (file.empty() || (gis && file.starts_with("/vsi"))) return;
    std::filesystem::path p(file);
    if (p.is_relative()) p = folder / p;
    file = p.lexically_normal().string();
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec) || (gis && std::filesystem::exists(p, ec))) return;
    const Pos pos = find_position(reading.scenario.source_positions, key);
    reading.problems.push_back({Severity::error, scenario_path, pos.line, pos.column, key, "an existing file",
                                quote_text(file), "", "relative paths start from the scenario's folder"});
  };
  RegionSpec& region = reading.scenario.region;
  resolve(region.network_path, "region.network");
  resolve(region.zones_path, "region.zones");
  if (region.zone_layer) resolve(region.zone_layer->path, "region.zones.layer", true);
  if (region.population_raster) resolve(region.population_raster->path, "region.population_raster.file", true);
  if (region.place_layer) resolve(region.place_layer->path, "region.places.layer", true);
  if (reading.scenario.station_layer) resolve(reading.scenario.station_layer->path, "stations.layer", true);
  if (reading.scenario.flood) resolve(reading.scenario.flood->dem_path, "flood.dem");
  if (reading.scenario.flood && reading.scenario.flood->waterways)
    resolve(reading.scenario.flood->waterways->source, "flood.waterways.source");
  if (reading.scenario.fire) {
    auto fire = std::make_shared<FireSpec>(*reading.scenario.fire);
    resolve(fire->landscape.fuel_raster, "fire.landscape.fuel_raster", true);
    resolve(fire->landscape.dem, "fire.landscape.dem", true);
    reading.scenario.fire = std::move(fire);
  }
}

}  // namespace

bool ScenarioReading::ok() const {
  return std::none_of(problems.begin(), problems.end(), [](const ScenarioProblem& p) { return p.is_error(); });
}

Scenario ScenarioReading::checked() && {
  if (file_unreadable && !problems.empty()) {
    const ScenarioProblem& p = problems.front();
    throw InputError(p.file, p.line, p.key, p.expected, p.found);
  }
  if (!ok()) throw ScenarioError(std::move(problems));
  return std::move(scenario);
}

ScenarioReading read_scenario_text(const std::string& text, const std::string& source_name) {
  return read_guarded(text, source_name);
}

ScenarioReading read_scenario_text_as(const std::string& text, const std::string& path) {
  ScenarioReading reading = read_guarded(text, path);
  reading.scenario.source_path = path;
  if (reading.ok()) resolve_region_paths(path, reading);
  return reading;
}

ScenarioReading read_scenario_file(const std::string& path) {
  std::string text;
  try {
    text = read_text_file(path);
  } catch (const InputError& e) {
    ScenarioReading out;
    out.scenario.source_path = path;
    out.file_unreadable = true;
    out.problems.push_back({Severity::error, e.file(), 0, 0, e.key(), e.expected(), e.found(), "", ""});
    return out;
  }
  ScenarioReading reading = read_guarded(text, path);
  reading.scenario.source_path = path;
  if (reading.ok()) resolve_region_paths(path, reading);
  return reading;
}

}  // namespace dsim
