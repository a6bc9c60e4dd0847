// SPDX-License-Identifier: MIT
#pragma once

// A results file seen again with what it was run on: its tables, the scenario
// read back from the text stored in it, and the region (roads, zones, places)
// loaded again. The HTML reports, the GIS export and the drills all start here.

#include "sim/io/results_file.hpp"
#include "sim/network/coverage.hpp"
#include "sim/network/edge_states.hpp"
#include "sim/network/region.hpp"
#include "sim/response/scenario.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// A station of the scenario, placed on the region as the run placed it.
struct StationView {
  std::string id;
  std::string name;  // its id when the scenario gives none
  NodeId node{};
  double lon = 0.0, lat = 0.0;
};

struct RunView {
  std::filesystem::path path;  // the results file; empty for a view of results in memory
  ResultsFile results;
  // The scenario of the run, read back from the stored text (relative region
  // files taken from the scenario file's folder when it is still there, else
  // from the results file's). Empty for results that store no scenario.
  std::optional<Scenario> scenario;
  // The region loaded again; null when it could not be (region_note says why
  // and how to fix it). What needs roads then says so instead of failing.
  std::shared_ptr<const Region> region;
  std::string region_note;
  std::vector<StationView> stations;  // empty without a region

  // The table of that name; null when the run did not write it.
  const ResultsTable* table(std::string_view name) const { return results.find_table(name); }
  // The scenario's name, else the scenario file's stem, else the results file's.
  std::string title() const;
  // A root attribute as text ("" when absent).
  std::string attribute_text(std::string_view name) const;
};

// Reads a results file and loads its scenario's region again. Throws
// InputError for a file that is not a dsim results file; a region that
// cannot be loaded (its files moved) is not an error: region_note says so.
RunView open_run(const std::filesystem::path& results_path);

// The same for results already in memory (a run just made); `base_dir` is
// where relative region files are looked for when the scenario file is gone.
RunView view_run(ResultsFile results, const std::filesystem::path& base_dir = {});

// The 5-minute circle of the run's stations on open roads: the best turnout
// plus drive time from any station to every node (the shortest turnout of
// the station's teams; 0 when none is known), bounded by `limit_s`.
// Requires a region (InputError naming region_note otherwise).
// `closed` (optional) are roads closed for the search.
Coverage station_cover(const RunView& view, double limit_s = 300.0, const EdgeStates* closed = nullptr);

// A view of a scenario and its loaded region without results (the drill
// designer's): the scenario's stations placed on the region.
RunView view_scenario(Scenario scenario, std::shared_ptr<const Region> region);

// Column helpers for the readers of a view: the data of a column of `table`,
// or empty when the table or column is absent (or of another type).
const std::vector<double>* double_column(const ResultsTable* table, std::string_view column);
const std::vector<std::int64_t>* int_column(const ResultsTable* table, std::string_view column);
const std::vector<std::string>* string_column(const ResultsTable* table, std::string_view column);

}  // namespace dsim
