// SPDX-License-Identifier: MIT
// `dsim network coverage`: how much of a network lies within T minutes of a set of stations.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/network/coverage.hpp"
#include "sim/network/coverage_csv.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/load_network.hpp"

#include <cstdio>
#include <memory>
#include <string>

namespace dsim::cli {

namespace {

struct CoverageOptions {
  std::string file;
  std::string stations;
  std::string demand;
  double minutes = 5.0;
  double turnout_s = 0.0;
  std::string speeds = "general";
};

std::string percent(double share) { return fixed_significant(100.0 * share, 3) + "%"; }

}  // namespace

Action add_network_coverage_command(CLI::App& network) {
  auto opts = std::make_shared<CoverageOptions>();
  CLI::App* cmd = network.add_subcommand("coverage", "Share of a network within T minutes of stations");
  cmd->description(
      "Load a road network and a stations file and print the share of nodes, of road-km and (with --demand)\n"
      "of demand that a vehicle reaches within --minutes of leaving any station, counting the turnout time.\n"
      "stations.csv: columns id,lon,lat or id,node (a node id of the network file), optional turnout_s.\n"
      "demand.csv: columns node,weight or lon,lat,weight; points are snapped to the nearest node.");
  cmd->footer(
      "Examples:\n"
      "  dsim network coverage region/ --stations stations.csv --minutes 5\n"
      "  dsim network coverage monaco.osm.pbf --stations stations.csv --minutes 5 --demand demand.csv "
      "--turnout 60");
  cmd->add_option("file", opts->file, "Network file (or CSV directory)")->required()->check(CLI::ExistingPath);
  cmd->add_option("--stations", opts->stations, "Stations CSV (id,lon,lat or id,node)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--minutes", opts->minutes, "Time limit in minutes, turnout included")
      ->check(CLI::Range(0.0, 1.0e6))
      ->capture_default_str();
  cmd->add_option("--demand", opts->demand, "Demand CSV (node,weight or lon,lat,weight)")->check(CLI::ExistingFile);
  cmd->add_option("--turnout", opts->turnout_s, "Turnout time in seconds for stations without a turnout_s column")
      ->check(CLI::Range(0.0, 1.0e6))
      ->capture_default_str();
  cmd->add_option("--speeds", opts->speeds, "Default speeds for OSM roads without maxspeed")
      ->check(CLI::IsMember({"general", "china"}))
      ->capture_default_str();

  return [opts]() -> int {
    LoadOptions load;
    load.osm.speed_table = opts->speeds == "china" ? SpeedTableKind::china : SpeedTableKind::general;
    const RoadNetwork net = load_road_network(opts->file, load);
    const std::vector<StationRecord> records = read_stations_csv(opts->stations, net, opts->turnout_s);
    std::vector<double> demand;
    if (!opts->demand.empty()) demand = read_demand_csv(opts->demand, net);
    std::vector<Station> stations;
    stations.reserve(records.size());
    for (const StationRecord& r : records) stations.push_back(r.station);

    Router router(net);
    const double limit_s = 60.0 * opts->minutes;
    const Coverage c = compute_coverage(router, stations, limit_s, demand);

    std::printf("Coverage of %s within %s min of %s stations (turnout included)\n", net.source().c_str(),
                fixed_significant(opts->minutes, 4).c_str(), with_thousands(stations.size()).c_str());
    std::printf("  %-8s %14s %14s %8s\n", "", "within reach", "total", "share");
    std::printf("  %-8s %14s %14s %8s\n", "nodes", with_thousands(c.nodes_covered).c_str(),
                with_thousands(c.node_count).c_str(), percent(c.node_share()).c_str());
    std::printf("  %-8s %14s %14s %8s\n", "road-km", fixed_significant(c.road_km_covered, 4).c_str(),
                fixed_significant(c.road_km, 4).c_str(), percent(c.road_share()).c_str());
    if (!demand.empty())
      std::printf("  %-8s %14s %14s %8s\n", "demand", fixed_significant(c.demand_covered, 4).c_str(),
                  fixed_significant(c.demand_total, 4).c_str(),
                  c.demand_total > 0.0 ? percent(c.demand_share()).c_str() : "-");
    std::printf("  stations: %s\n", with_thousands(stations.size()).c_str());
    return kExitOk;
  };
}

}  // namespace dsim::cli
