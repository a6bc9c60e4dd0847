// SPDX-License-Identifier: MIT
// `dsim export RESULTS.h5 -o RUN.gpkg`: a run's layers as one GeoPackage for
// QGIS or ArcGIS (stations, units, demand points, incidents, road closures,
// flood rasters, threat zones, fire perimeters).
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/core/error.hpp"
#include "sim/report/gis_export.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace dsim::cli {

Action add_export_command(CLI::App& app) {
  struct Options {
    std::string results;
    std::string output;
    bool progress = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("export", "Write a run's layers as a GeoPackage for QGIS or ArcGIS");
  cmd->description(
      "Write the layers of a results file into one GeoPackage (EPSG:4326, lon/lat): stations and units, demand\n"
      "points (road nodes in zones) with their best station time, 5-minute cover and the incidents there,\n"
      "every incident, road closures over time, and when the run has them the flood's maximum depth and\n"
      "arrival time (Float32 raster layers), the chemical threat zones and the fire perimeters. The table\n"
      "export_notes lists every layer and field with its unit. The scenario's region is loaded again for the\n"
      "roads; when it cannot be, the layers that need roads are skipped and the reason is printed.");
  cmd->footer(
      "Examples:\n"
      "  dsim run scenarios/flood_warning.yaml -r 4 -o flood.h5\n"
      "  dsim export flood.h5 -o flood.gpkg         then open flood.gpkg in QGIS (Layer > Add Layer)");
  cmd->add_option("results", opts->results, "Results file of dsim run, dsim warn or dsim demo (.h5)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opts->output, "GeoPackage to write (.gpkg); replaced if it exists")->required();
  cmd->add_flag("--progress", opts->progress, "Show progress even when stderr is not a terminal");
  return [opts]() {
    const bool show = opts->progress || stderr_is_terminal();
    // A folder that is not there is said before the run and its region are read.
    const std::filesystem::path output(opts->output);
    const std::filesystem::path folder = output.has_parent_path() ? output.parent_path() : ".";
    if (std::error_code ec; !std::filesystem::is_directory(folder, ec))
      throw InputError(opts->output, 0, "", "an output path in an existing folder", "no folder " + folder.string());
    RunView view;
    {
      ProgressBar bar("reading the run and its region", show);
      bar.update(0.0, opts->results, 0.0);  // drawn at once: loading a real region takes seconds
      view = open_run(opts->results);
      bar.finish();
    }
    if (!view.region)
      std::fprintf(stderr, "%s: the layers that need roads are skipped: %s\n", opts->output.c_str(),
                   view.region_note.c_str());
    GisExportSummary summary;
    {
      ProgressBar bar("export", show);
      summary = export_geopackage(view, opts->output, [&bar](const std::string& step, std::size_t done,
                                                             std::size_t total) {
        bar.update(static_cast<double>(done) / static_cast<double>(total), step, 1.0);
      });
      bar.finish();
    }
    for (const std::string& s : summary.skipped) std::fprintf(stderr, "skipped %s\n", s.c_str());
    std::printf("GeoPackage: %s (EPSG:4326)\n", opts->output.c_str());
    for (const GisLayerSummary& layer : summary.layers)
      std::printf("  %-16s %-9s %s %s\n", layer.name.c_str(), layer.kind.c_str(),
                  with_thousands(layer.features).c_str(), layer.kind == "raster" ? "cells" : "features");
    std::printf("  export_notes     table     every layer and field with its unit\n");
    return kExitOk;
  };
}

}  // namespace dsim::cli
