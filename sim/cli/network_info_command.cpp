// SPDX-License-Identifier: MIT
// `dsim network info`: what a road network file holds after loading.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/network/load_network.hpp"

#include <cstdio>
#include <memory>
#include <string>

namespace dsim::cli {

namespace {

struct InfoOptions {
  std::string file;
  std::string speeds = "general";
  bool all_components = false;
};

std::string percent(double part, double whole) {
  return whole > 0.0 ? fixed_significant(100.0 * part / whole, 3) + "%" : "-";
}

void print_info(const RoadNetwork& net, NetworkFormat format, bool all_components) {
  const NetworkSummary s = net.summary();
  const BuildReport& b = s.build;
  std::printf("%s (%s)\n", s.source.c_str(), std::string(network_format_name(format)).c_str());
  std::printf("  %-26s %s\n", "nodes", with_thousands(s.node_count).c_str());
  std::printf("  %-26s %s\n", "directed edges", with_thousands(s.edge_count).c_str());
  std::printf("  %-26s %s\n", "road length",
              (fixed_significant(s.road_km, 4) + " km (a two-way road counted once; " +
               fixed_significant(s.directed_km, 4) + " km of directed edges)")
                  .c_str());
  std::printf("  %-26s %s\n", "strongly connected comp.", with_thousands(b.component_count).c_str());
  if (all_components) {
    std::printf("  %-26s %s\n", "largest-component filter", "off (--all-components): every component kept");
  } else {
    std::printf("  %-26s %s of %s nodes, %s of %s edges dropped (outside the largest component)\n",
                "largest-component filter", with_thousands(b.nodes_dropped).c_str(), with_thousands(b.nodes_in).c_str(),
                with_thousands(b.edges_dropped).c_str(), with_thousands(b.edges_in).c_str());
  }
  if (b.self_loops_dropped > 0)
    std::printf("  %-26s %s dropped\n", "self-loops", with_thousands(b.self_loops_dropped).c_str());
  if (b.zero_length_edges > 0)
    std::printf("  %-26s %s kept\n", "zero-length edges", with_thousands(b.zero_length_edges).c_str());
  if (s.has_coordinates) {
    const BoundingBox& box = s.bounding_box;
    std::printf("  %-26s lon %.6f .. %.6f, lat %.6f .. %.6f\n", "bounding box", box.min_lon, box.max_lon,
                box.min_lat, box.max_lat);
  } else {
    std::printf("  %-26s none (the file has no coordinates)\n", "bounding box");
  }

  std::printf("\n  %-16s %12s %8s\n", "road class", "road-km", "share");
  for (std::size_t c = 0; c < s.road_km_by_class.size(); ++c) {
    const double km = s.road_km_by_class[c];
    if (km <= 0.0) continue;
    std::printf("  %-16s %12s %8s\n", std::string(road_class_name(static_cast<RoadClass>(c))).c_str(),
                fixed_significant(km, 4).c_str(), percent(km, s.road_km).c_str());
  }
  std::printf("  %-16s %12s %8s\n", "total", fixed_significant(s.road_km, 4).c_str(), "100%");
}

}  // namespace

Action add_network_info_command(CLI::App& network) {
  auto opts = std::make_shared<InfoOptions>();
  CLI::App* cmd = network.add_subcommand("info", "Summarise a road network file");
  cmd->description(
      "Load a road network (OSM .osm.pbf/.osm[.gz|.bz2], nodes.csv/edges.csv or a directory holding them,\n"
      "DIMACS .gr) and print its nodes, edges, strongly connected components, what keeping only the\n"
      "largest component dropped, road-km by class and the bounding box.");
  cmd->footer(
      "Examples:\n"
      "  dsim network info monaco.osm.pbf\n"
      "  dsim network generate -o region/ && dsim network info region/");
  cmd->add_option("file", opts->file, "Network file (or CSV directory)")->required()->check(CLI::ExistingPath);
  cmd->add_option("--speeds", opts->speeds, "Default speeds for OSM roads without maxspeed")
      ->check(CLI::IsMember({"general", "china"}))
      ->capture_default_str();
  cmd->add_flag("--all-components", opts->all_components, "Keep every component, not only the largest");

  return [opts]() -> int {
    LoadOptions load;
    load.osm.speed_table = opts->speeds == "china" ? SpeedTableKind::china : SpeedTableKind::general;
    BuildOptions build;
    build.keep_largest_component = !opts->all_components;
    const NetworkFormat format = detect_network_format(opts->file);
    load.format = format;
    const RoadNetwork net = load_road_network(opts->file, load, build);
    print_info(net, format, opts->all_components);
    return kExitOk;
  };
}

}  // namespace dsim::cli
