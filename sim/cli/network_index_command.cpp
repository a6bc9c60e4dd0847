// SPDX-License-Identifier: MIT
// `dsim network index`: builds (or checks) the cached PHAST routing index of
// a road network file or of a synthetic region.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/core/error.hpp"
#include "sim/network/load_network.hpp"
#include "sim/network/routing_index_io.hpp"
#include "sim/network/synthetic_region.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

namespace dsim::cli {

namespace {

struct IndexOptions {
  std::string file;
  std::string speeds = "general";
  double speed_factor = 1.0;
  std::uint64_t seed = 7;
  std::size_t nodes = 30000;
};

}  // namespace

Action add_network_index_command(CLI::App& network) {
  auto opts = std::make_shared<IndexOptions>();
  CLI::App* cmd = network.add_subcommand("index", "Build the cached routing index (contraction hierarchy) of a network");
  cmd->description(
      "Build the contraction hierarchy that fast one-to-all travel times (PHAST) use, and cache it on disk:\n"
      "next to the network file (FILE.dsim-routing) when its folder is writable, else in\n"
      "$XDG_CACHE_HOME/dsim (~/.cache/dsim). Without a file, the synthetic region of --seed and --nodes is\n"
      "indexed into the cache folder. An index that is up to date is only checked; one built for another\n"
      "network or speed factor is rebuilt, and a damaged one is rebuilt with a warning.");
  cmd->footer(
      "Examples:\n"
      "  dsim network index monaco.osm.pbf\n"
      "  dsim network index region/ --speed-factor 0.8\n"
      "  dsim network index --seed 7 --nodes 1000000");
  cmd->add_option("file", opts->file, "Network file (or CSV directory); none: a synthetic region")
      ->check(CLI::ExistingPath);
  cmd->add_option("--speeds", opts->speeds, "Default speeds for OSM roads without maxspeed")
      ->check(CLI::IsMember({"general", "china"}))
      ->capture_default_str();
  cmd->add_option("--speed-factor", opts->speed_factor, "Vehicle speed relative to free flow (> 0)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "Synthetic region: random seed")->capture_default_str();
  cmd->add_option("--nodes", opts->nodes, "Synthetic region: approximate number of nodes")
      ->check(CLI::Range(SyntheticRegionOptions::kMinNodes, SyntheticRegionOptions::kMaxNodes))
      ->capture_default_str();

  return [opts]() -> int {
    std::optional<RoadNetwork> net;
    std::string what;
    if (!opts->file.empty()) {
      LoadOptions load;
      load.osm.speed_table = opts->speeds == "china" ? SpeedTableKind::china : SpeedTableKind::general;
      net.emplace(load_road_network(opts->file, load));
      what = opts->file;
    } else {
      SyntheticRegionOptions options;
      options.seed = opts->seed;
      options.target_nodes = opts->nodes;
      net.emplace(build_road_network(generate_synthetic_region(options).network));
      what = "the synthetic region of seed " + std::to_string(opts->seed) + " and about " +
             with_thousands(opts->nodes) + " nodes";
    }
    ProgressBar bar("contraction hierarchy", stderr_is_terminal());
    const auto progress = [&bar](double share) {
      bar.update(share, fixed_significant(100.0 * share, 3) + "% done", 0.5);
    };
    const auto warn = [](const std::string& message) { std::fprintf(stderr, "warning: %s\n", message.c_str()); };
    const LoadedRoutingIndex loaded = load_or_build_routing_index(*net, opts->file, opts->speed_factor, progress, warn);
    bar.finish();
    const PhastIndex& index = loaded.index;
    std::printf("Routing index of %s (speed factor %s): %s nodes, %s arcs (%s shortcuts), %s levels, %s MB\n",
                what.c_str(), fixed_significant(opts->speed_factor, 4).c_str(),
                with_thousands(index.node_count).c_str(), with_thousands(index.arc_count()).c_str(),
                with_thousands(index.shortcut_count).c_str(), with_thousands(index.level_count).c_str(),
                fixed_significant(static_cast<double>(index.bytes()) / 1e6, 3).c_str());
    if (loaded.built) {
      std::printf("  built in %s s\n", fixed_significant(loaded.build_s, 3).c_str());
      if (loaded.path.empty()) {
        std::printf("  not written (see the warning above)\n");
        return kExitOk;
      }
      std::printf("  written to %s\n", loaded.path.string().c_str());
    } else {
      std::printf("  up to date in %s\n", loaded.path.string().c_str());
    }
    return kExitOk;
  };
}

}  // namespace dsim::cli
