// SPDX-License-Identifier: MIT
#include "sim/hazards/lisflood_deck.hpp"

#include "sim/core/atomic_write.hpp"
#include "sim/core/error.hpp"
#include "sim/hazards/terrain_io.hpp"
#include "sim/hazards/text_input.hpp"

#include <cmath>
#include <cstdio>

namespace dsim {

namespace {

using detail::LineReader;

double number_or_throw(std::string_view token, const std::string& file, std::size_t line, const std::string& key) {
  double v;
  if (!detail::parse_number(token, v)) throw InputError(file, line, key, "a number", std::string(token));
  return v;
}

// Reads a time-series file body ("count units" then count lines "value
// time") starting at the line after `header_line`.
TimeSeries read_series_block(LineReader& lines, const std::string& file, const std::string& name) {
  std::string_view line;
  std::vector<std::string_view> tok;
  while (lines.next(line)) {
    tok = detail::tokens(line);
    if (!tok.empty()) break;
  }
  if (tok.empty()) throw InputError(file, lines.number(), name, "a line 'count units' after the series name", "end of file");
  const double count_d = number_or_throw(tok[0], file, lines.number(), name + " count");
  if (!(count_d >= 1.0) || count_d != std::floor(count_d))
    throw InputError(file, lines.number(), name, "a positive whole number of entries", std::string(tok[0]));
  double to_seconds = 1.0;
  if (tok.size() >= 2) {
    const std::string units = detail::lower(tok[1]);
    if (units == "seconds" || units == "second" || units == "s") to_seconds = 1.0;
    else if (units == "minutes" || units == "minute") to_seconds = 60.0;
    else if (units == "hours" || units == "hour") to_seconds = 3600.0;
    else if (units == "days" || units == "day") to_seconds = 86400.0;
    else throw InputError(file, lines.number(), name + " units", "seconds, minutes, hours or days", std::string(tok[1]));
  }
  const auto count = static_cast<std::size_t>(count_d);
  std::vector<double> times, values;
  std::size_t first_line = 0;
  while (times.size() < count) {
    if (!lines.next(line))
      throw InputError(file, lines.number(), name, std::to_string(count) + " lines 'value time'",
                       std::to_string(times.size()) + " lines");
    tok = detail::tokens(line);
    if (tok.empty()) continue;
    if (first_line == 0) first_line = lines.number();
    if (tok.size() < 2) throw InputError(file, lines.number(), name, "'value time'", std::string(line));
    const double value = number_or_throw(tok[0], file, lines.number(), name + " value");
    const double time = number_or_throw(tok[1], file, lines.number(), name + " time") * to_seconds;
    if (!times.empty() && !(time > times.back()))
      throw InputError(file, lines.number(), name, "times in increasing order",
                       detail::shortest(time) + " s after " + detail::shortest(times.back()) + " s");
    times.push_back(time);
    values.push_back(value);
  }
  return TimeSeries(std::move(times), std::move(values), file);
}

}  // namespace

std::map<std::string, TimeSeries> read_lisflood_bdy(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string text = detail::read_text_file(path);
  LineReader lines(text);
  std::string_view line;
  lines.next(line);  // comment line
  std::map<std::string, TimeSeries> out;
  while (lines.next(line)) {
    auto tok = detail::tokens(line);
    if (tok.empty()) continue;
    const std::string name(tok[0]);
    if (out.count(name)) throw InputError(file, lines.number(), name, "each series name once", "a repeat");
    out.emplace(name, read_series_block(lines, file, name));
  }
  return out;
}

LisfloodDeck read_lisflood_deck(const std::filesystem::path& par_file, std::optional<double> cell_size_m) {
  LisfloodDeck deck;
  deck.par_file = par_file;
  const std::filesystem::path dir = par_file.parent_path();
  const std::string par = par_file.string();
  const std::string text = detail::read_text_file(par_file);
  LineReader lines(text);
  std::string_view line;
  std::filesystem::path bci, bdy, stage, rain;
  bool have_sim_time = false;
  auto number = [&](const std::vector<std::string_view>& tok, const std::string& key) {
    if (tok.size() < 2) throw InputError(par, lines.number(), key, "a number after the key", "nothing");
    return number_or_throw(tok[1], par, lines.number(), key);
  };
  auto path_of = [&](const std::vector<std::string_view>& tok, const std::string& key) {
    if (tok.size() < 2) throw InputError(par, lines.number(), key, "a file name after the key", "nothing");
    return dir / std::string(tok[1]);
  };
  while (lines.next(line)) {
    auto tok = detail::tokens(line);
    if (tok.empty() || tok[0].front() == '#') continue;
    const std::string key = detail::lower(tok[0]);
    if (key == "demfile") deck.dem_file = path_of(tok, std::string(tok[0]));
    else if (key == "bcifile") bci = path_of(tok, std::string(tok[0]));
    else if (key == "bdyfile") bdy = path_of(tok, std::string(tok[0]));
    else if (key == "stagefile") stage = path_of(tok, std::string(tok[0]));
    else if (key == "rainfall" || key == "rainfile") rain = path_of(tok, std::string(tok[0]));
    else if (key == "resroot") deck.result_root = tok.size() > 1 ? std::string(tok[1]) : std::string();
    else if (key == "sim_time") {
      deck.sim_time_s = number(tok, std::string(tok[0]));
      have_sim_time = true;
      if (!(deck.sim_time_s > 0.0)) throw InputError(par, lines.number(), "sim_time", "a positive duration (s)", std::string(tok[1]));
    } else if (key == "initial_tstep") {
      deck.initial_time_step_s = number(tok, std::string(tok[0]));
      if (!(deck.initial_time_step_s > 0.0))
        throw InputError(par, lines.number(), "initial_tstep", "a positive time step (s)", std::string(tok[1]));
    } else if (key == "saveint") deck.save_interval_s = number(tok, std::string(tok[0]));
    else if (key == "massint") deck.mass_interval_s = number(tok, std::string(tok[0]));
    else if (key == "fpfric") {
      deck.manning_n = number(tok, std::string(tok[0]));
      if (!(*deck.manning_n >= 0.0)) throw InputError(par, lines.number(), "fpfric", "Manning's n >= 0", std::string(tok[1]));
    } else if (key == "theta") deck.theta = number(tok, std::string(tok[0]));
    else if (key == "cfl") deck.alpha = number(tok, std::string(tok[0]));
    else if (key == "depththresh") deck.depth_threshold_m = number(tok, std::string(tok[0]));
    else deck.other[key] = tok.size() > 1 ? std::string(tok[1]) : std::string();
  }
  if (!have_sim_time) throw InputError(par, 0, "sim_time", "a sim_time line (simulated duration in seconds)");

  std::map<std::string, TimeSeries> series;
  if (!bdy.empty()) series = read_lisflood_bdy(bdy);

  if (!bci.empty()) {
    const std::string file = bci.string();
    const std::string bci_text = detail::read_text_file(bci);
    LineReader bl(bci_text);
    double point_width = 0.0;
    while (bl.next(line)) {
      auto tok = detail::tokens(line);
      if (tok.empty() || tok[0].front() == '#') continue;
      if (tok.size() < 4)
        throw InputError(file, bl.number(), "", "'edge from to TYPE [value]' or 'P x y TYPE value'", std::string(line));
      const std::string where = detail::lower(tok[0]);
      const std::string type = detail::lower(tok[3]);
      const double a = number_or_throw(tok[1], file, bl.number(), "coordinate");
      const double b = number_or_throw(tok[2], file, bl.number(), "coordinate");
      // The value: a number for FREE/HFIX/QFIX, a series name for HVAR/QVAR.
      auto value_series = [&]() -> TimeSeries {
        if (tok.size() < 5) throw InputError(file, bl.number(), type, "a value after the type", "nothing");
        if (type == "hvar" || type == "qvar") {
          auto it = series.find(std::string(tok[4]));
          if (it == series.end())
            throw InputError(file, bl.number(), type, "a series named in the .bdy file", std::string(tok[4]));
          return it->second;
        }
        return TimeSeries::constant(number_or_throw(tok[4], file, bl.number(), type + " value"));
      };
      if (type != "free" && type != "hfix" && type != "hvar" && type != "qfix" && type != "qvar")
        throw InputError(file, bl.number(), "type", "FREE, HFIX, HVAR, QFIX or QVAR", std::string(tok[3]));
      if (where == "p") {
        if (type != "qfix" && type != "qvar")
          throw InputError(file, bl.number(), "type", "QFIX or QVAR for a point source", std::string(tok[3]));
        if (point_width == 0.0) {
          if (cell_size_m) point_width = *cell_size_m;
          else point_width = read_esri_ascii(deck.dem_file).geometry.cell_size;
        }
        TimeSeries unit = value_series();
        std::vector<double> values = unit.values();
        for (double& v : values) v *= point_width;
        deck.point_inflows.push_back({{a, b}, TimeSeries(unit.times_s(), values, file)});
        continue;
      }
      BoundarySegment seg;
      if (where == "n") seg.edge = GridEdge::north;
      else if (where == "s") seg.edge = GridEdge::south;
      else if (where == "e") seg.edge = GridEdge::east;
      else if (where == "w") seg.edge = GridEdge::west;
      else throw InputError(file, bl.number(), "edge", "N, S, E, W or P", std::string(tok[0]));
      seg.from = std::min(a, b);
      seg.to = std::max(a, b);
      if (type == "free") {
        seg.kind = BoundaryKind::free;
        if (tok.size() >= 5) seg.free_slope = number_or_throw(tok[4], file, bl.number(), "FREE slope");
      } else if (type == "hfix" || type == "hvar") {
        seg.kind = BoundaryKind::fixed_level;
        seg.series = value_series();
      } else {
        seg.kind = BoundaryKind::inflow;
        seg.series = value_series();
      }
      deck.boundaries.push_back(std::move(seg));
    }
  }

  if (!stage.empty()) {
    const std::string file = stage.string();
    const std::string st = detail::read_text_file(stage);
    LineReader sl(st);
    std::size_t count = 0;
    bool have_count = false;
    while (sl.next(line)) {
      auto tok = detail::tokens(line);
      if (tok.empty()) continue;
      if (!have_count) {
        const double n = number_or_throw(tok[0], file, sl.number(), "count");
        if (!(n >= 0.0) || n != std::floor(n))
          throw InputError(file, sl.number(), "count", "a whole number of gauges", std::string(tok[0]));
        count = static_cast<std::size_t>(n);
        have_count = true;
        continue;
      }
      if (tok.size() < 2) throw InputError(file, sl.number(), "gauge", "'x y'", std::string(line));
      if (deck.gauges.size() == count)
        throw InputError(file, sl.number(), "gauge", std::to_string(count) + " gauges as the first line says", "more");
      deck.gauges.push_back({number_or_throw(tok[0], file, sl.number(), "x"), number_or_throw(tok[1], file, sl.number(), "y")});
    }
    if (deck.gauges.size() != count)
      throw InputError(file, sl.number(), "gauge", std::to_string(count) + " gauges as the first line says",
                       std::to_string(deck.gauges.size()));
  }

  if (!rain.empty()) {
    const std::string file = rain.string();
    const std::string rt = detail::read_text_file(rain);
    LineReader rl(rt);
    rl.next(line);  // comment line
    deck.rain_mm_per_h = read_series_block(rl, file, "rainfall");
  }
  return deck;
}

FloodSetup LisfloodDeck::make_setup(Grid terrain) const {
  FloodSetup setup;
  setup.terrain = std::move(terrain);
  if (manning_n) setup.manning_n = *manning_n;
  setup.boundaries = boundaries;
  setup.point_inflows = point_inflows;
  setup.rain_mm_per_h = rain_mm_per_h;
  setup.parameters.max_time_step_s = initial_time_step_s;
  if (theta) setup.parameters.theta = *theta;
  if (alpha) setup.parameters.alpha = *alpha;
  if (depth_threshold_m) setup.parameters.flow_depth_threshold_m = *depth_threshold_m;
  return setup;
}

void write_stage_table(const std::filesystem::path& path, const std::vector<GridPoint>& gauges,
                       const std::vector<double>& times_s, const std::vector<std::vector<double>>& depths_m) {
  std::string out = "Stage output, depth (m)\n\nStage information (stage,x,y):\n";
  char buf[128];
  for (std::size_t i = 0; i < gauges.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%zu\t%.4f\t%.4f\n", i + 1, gauges[i].x, gauges[i].y);
    out += buf;
  }
  out += "\nOutput, depths:\nTime; stages 1 to " + std::to_string(gauges.size()) + "\n";
  for (std::size_t k = 0; k < times_s.size(); ++k) {
    std::snprintf(buf, sizeof buf, "%12.3f", times_s[k]);
    out += buf;
    for (double d : depths_m[k]) {
      std::snprintf(buf, sizeof buf, "  %.4f", d);
      out += buf;
    }
    out += '\n';
  }
  write_text_atomically(path, out);
}

}  // namespace dsim
