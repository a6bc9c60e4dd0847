// SPDX-License-Identifier: MIT
#pragma once

// The HTML report of any run (`dsim report`, `Results.report()`): what was
// run, the indicators with their 95 % intervals and what each mean is over,
// the calls never reached, the assumptions, a map of the stations and their
// 5-minute cover, the incidents by first-arrival time, a histogram of the
// response times, and the hazard layers the run has (flood depth and arrival,
// fire forecast, chemical threat zones) with logistics and warning summaries.
// Each map has a legend with units and a scale bar. Without the region (its
// files moved) the page still comes, with a note where the roads would be.

#include "sim/report/html_page.hpp"
#include "sim/report/run_view.hpp"
#include "sim/report/svg_map.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

struct RunReportOptions {
  double cover_limit_s = 300.0;  // the cover map's time limit
  // Incident markers: all of them up to this many, else those of the first
  // replication (the caption says so).
  std::size_t max_incident_markers = 4000;
  double map_width_px = 760.0;
  // Called as each step starts: share of the steps done (0..1) and the step.
  std::function<void(double share, const std::string& step)> progress;
};

// The report's page for a run.
HtmlPage build_run_report(const RunView& view, const RunReportOptions& options = {});
// build_run_report written atomically to `output`.
void write_run_report(const RunView& view, const std::filesystem::path& output, const RunReportOptions& options = {});

// Pieces the reports share (run_report_maps.cpp).

// A gridded table (flood_grid, fire_grid, chemical_grid: columns row, col,
// lon, lat and `value_column`) as a raster, row 0 north. `south_first`: the
// table's row 0 is the southernmost (fire and chemical grids). Empty (no
// rows) when a column is missing.
MapRaster grid_raster(const ResultsTable& table, const std::string& value_column, bool south_first);
// The map bounds of a run: its roads, else its incidents and stations.
MapBounds run_bounds(const RunView& view);
// A map of the run's area: the raster `under` (if any), then roads (when the
// region is there) and zones over it.
SvgMap base_map(const RunView& view, const MapBounds& bounds, std::string id, double width_px,
                const MapRaster* under = nullptr);
// The p-th percentile (0..100) of the finite values, linear interpolation; NaN when none.
double percentile_of(std::vector<double> values, double p);

}  // namespace dsim
