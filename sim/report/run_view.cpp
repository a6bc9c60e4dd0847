// SPDX-License-Identifier: MIT
#include "sim/report/run_view.hpp"

#include "sim/core/error.hpp"
#include "sim/io/hdf5_read.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace dsim {

namespace {

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The scenario of the results: the file it names when that file still holds
// the same text (its relative paths then start from it), else the stored text
// as if it stood in `base_dir`.
Scenario stored_scenario(const ResultsMetadata& meta, const std::filesystem::path& base_dir) {
  const std::filesystem::path file = meta.scenario_file;
  std::error_code ec;
  if (!file.empty() && std::filesystem::is_regular_file(file, ec) &&
      (meta.scenario_text.empty() || file_text(file) == meta.scenario_text))
    return read_scenario_file(file.string()).checked();
  std::filesystem::path folder = file.has_parent_path() && std::filesystem::is_directory(file.parent_path(), ec)
                                     ? file.parent_path()
                                     : base_dir;
  if (folder.empty()) folder = std::filesystem::current_path();
  const std::string name = file.empty() ? std::string("scenario.yaml") : file.filename().string();
  return read_scenario_text_as(meta.scenario_text, (folder / name).string()).checked();
}

void place_stations(RunView& view) {
  if (!view.scenario || !view.region) return;
  for (const StationSpec& s : view.scenario->stations) {
    StationView st;
    st.id = s.id;
    st.name = s.name.empty() ? s.id : s.name;
    st.node = resolve_location(*view.scenario, *view.region, s.location, "stations." + s.id);
    st.lon = view.region->network.lon(st.node);
    st.lat = view.region->network.lat(st.node);
    view.stations.push_back(std::move(st));
  }
}

void load_view_region(RunView& view, const std::filesystem::path& base_dir) {
  const ResultsMetadata& meta = view.results.metadata;
  if (meta.scenario_text.empty() && meta.scenario_file.empty()) {
    view.region_note = "the results store no scenario, so its roads cannot be drawn";
    return;
  }
  try {
    view.scenario = stored_scenario(meta, base_dir);
    view.region = std::make_shared<const Region>(
        load_region(view.scenario->region, {}, view.scenario->source_path));
    place_stations(view);
  } catch (const InputError& error) {
    view.region.reset();
    view.stations.clear();
    view.region_note = std::string("the run's region could not be loaded again: ") + error.what() +
                       " (put the scenario's network and zones files back where the scenario names them, "
                       "or next to the results file)";
  }
}

template <class T>
const std::vector<T>* column_of(const ResultsTable* table, std::string_view column) {
  if (table == nullptr) return nullptr;
  const ResultsColumn* c = table->find_column(column);
  return c == nullptr ? nullptr : std::get_if<std::vector<T>>(&c->data);
}

}  // namespace

std::string RunView::title() const {
  const std::string name = attribute_text("scenario_name");
  if (!name.empty()) return name;
  if (scenario && !scenario->name.empty()) return scenario->name;
  if (!results.metadata.scenario_file.empty())
    return std::filesystem::path(results.metadata.scenario_file).stem().string();
  return path.empty() ? std::string("dsim run") : path.stem().string();
}

std::string RunView::attribute_text(std::string_view name) const {
  const auto it = results.attributes.find(std::string(name));
  if (it == results.attributes.end()) return {};
  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&it->second)) return std::to_string(*i);
  std::ostringstream out;
  out << std::get<double>(it->second);
  return out.str();
}

RunView open_run(const std::filesystem::path& results_path) {
  RunView view = view_run(read_results(results_path), results_path.parent_path());
  view.path = results_path;
  return view;
}

RunView view_run(ResultsFile results, const std::filesystem::path& base_dir) {
  RunView view;
  view.results = std::move(results);
  load_view_region(view, base_dir);
  return view;
}

RunView view_scenario(Scenario scenario, std::shared_ptr<const Region> region) {
  RunView view;
  view.scenario = std::move(scenario);
  view.region = std::move(region);
  place_stations(view);
  return view;
}

Coverage station_cover(const RunView& view, double limit_s, const EdgeStates* closed) {
  if (!view.region)
    throw InputError(view.path.string(), 0, "region", "the run's road network to compute the 5-minute circle on",
                     view.region_note);
  std::vector<Station> stations;
  for (const StationView& s : view.stations) {
    double turnout_s = std::numeric_limits<double>::infinity();
    if (view.scenario)
      for (const TeamSpec& t : view.scenario->teams)
        if (t.station == s.id) turnout_s = std::min(turnout_s, t.turnout_s.mean());
    stations.push_back({s.node, std::isfinite(turnout_s) ? turnout_s : 0.0});
  }
  Router router(view.region->network, closed);
  return compute_coverage(router, stations, limit_s);
}

const std::vector<double>* double_column(const ResultsTable* table, std::string_view column) {
  return column_of<double>(table, column);
}
const std::vector<std::int64_t>* int_column(const ResultsTable* table, std::string_view column) {
  return column_of<std::int64_t>(table, column);
}
const std::vector<std::string>* string_column(const ResultsTable* table, std::string_view column) {
  return column_of<std::string>(table, column);
}

}  // namespace dsim
