// SPDX-License-Identifier: MIT
// `dsim network`: the parent of the road-network commands (generate, ...).
#include "sim/cli/commands.hpp"

namespace dsim::cli {

CLI::App& add_network_command(CLI::App& app) {
  CLI::App* network = app.add_subcommand("network", "Road networks: generate a synthetic region, info, coverage, routing index");
  network->description("Road-network commands. Each has its own --help.");
  network->footer(
      "Examples:\n"
      "  dsim network generate --seed 7 -o region/\n"
      "  dsim network info region/\n"
      "  dsim network coverage region/ --stations stations.csv --minutes 5\n"
      "  dsim network index region/\n"
      "  dsim network generate --help");
  network->require_subcommand(1);
  return *network;
}

}  // namespace dsim::cli
