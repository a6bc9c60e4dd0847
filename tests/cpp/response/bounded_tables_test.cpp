// SPDX-License-Identifier: MIT
// Bounded station travel tables: the same dispatch decisions and indicators
// as full tables, 32-bit times within their stated rounding, and the disk
// copy read back as written (or not at all when damaged).
#include "sim/network/road_network.hpp"
#include "sim/network/synthetic_region.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/run/travel_cache.hpp"
#include "sim/scenario/scenario_reader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

using namespace dsim;
namespace fs = std::filesystem;

namespace {

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Every incident's every dispatch, in order: which unit, when it left, arrived and came back.
void require_same_runs(const ResponseExperiment& a, const ResponseExperiment& b) {
  REQUIRE(a.replications.size() == b.replications.size());
  for (std::size_t r = 0; r < a.replications.size(); ++r) {
    const ReplicationOutcome& x = a.replications[r];
    const ReplicationOutcome& y = b.replications[r];
    REQUIRE(x.incidents.size() == y.incidents.size());
    REQUIRE(x.dispatches.size() == y.dispatches.size());
    for (std::size_t d = 0; d < x.dispatches.size(); ++d) {
      INFO("replication " << r << ", dispatch " << d);
      REQUIRE(x.dispatches[d].incident == y.dispatches[d].incident);
      REQUIRE(x.dispatches[d].unit == y.dispatches[d].unit);
      REQUIRE(same(x.dispatches[d].arrival_s, y.dispatches[d].arrival_s));
      REQUIRE(same(x.dispatches[d].back_s, y.dispatches[d].back_s));
    }
    for (std::size_t i = 0; i < x.incidents.size(); ++i) {
      REQUIRE(same(x.incidents[i].first_arrival_s, y.incidents[i].first_arrival_s));
      REQUIRE(x.incidents[i].unreached == y.incidents[i].unreached);
    }
  }
  REQUIRE(a.kpis.size() == b.kpis.size());
  for (std::size_t k = 0; k < a.kpis.size(); ++k) {
    INFO(a.kpis[k].name);
    REQUIRE(same(a.kpis[k].interval.mean, b.kpis[k].interval.mean));
  }
}

}  // namespace

TEST_CASE("Bounded travel tables dispatch exactly as full tables on the default scenario", "[travel_table][run]") {
  Scenario scenario = read_scenario_file((fs::path(DSIM_SOURCE_DIR) / "scenarios" / "ordos_default.yaml").string()).checked();
  scenario.replications = 2;
  PreparedScenario prepared = prepare_scenario(scenario, 2);
  const RoadNetwork& network = prepared.region->network;
  // The default region is small enough for full tables.
  REQUIRE(prepared.travel->limit_s() == kUnreachable);
  REQUIRE(prepared.travel->entries() == 2 * prepared.model.stations.size() * network.node_count());
  const ResponseExperiment full = run_prepared(prepared, 2);

  // 5 and 2 minutes: most incidents have a free unit that near, many do not.
  for (const double limit_s : {300.0, 120.0}) {
    INFO("limit " << limit_s << " s");
    std::shared_ptr<TableTravelOracle> bounded = station_travel_tables(network, prepared.model, 2, limit_s);
    CHECK(bounded->entries() < prepared.travel->entries() / 4);
    prepared.travel = bounded;
    const ResponseExperiment b = run_prepared(prepared, 2);
    CHECK(bounded->searches_on_demand() > 0);  // the fallback was used, and agreed
    require_same_runs(full, b);
    if (limit_s != 300.0) continue;
    // The same again on one thread: the searches on demand are shared between replications.
    std::shared_ptr<TableTravelOracle> again = station_travel_tables(network, prepared.model, 1, limit_s);
    prepared.travel = again;
    require_same_runs(full, run_prepared(prepared, 1));
  }
}

TEST_CASE("Table times are the searches' times rounded to 32 bits", "[travel_table]") {
  SyntheticRegionOptions options;
  const RoadNetwork network = build_road_network(generate_synthetic_region(options).network);
  const std::vector<NodeId> stations = {NodeId{0}, NodeId{static_cast<std::uint32_t>(network.node_count() / 2)},
                                        NodeId{static_cast<std::uint32_t>(network.node_count() - 1)}};
  TravelTableOptions to;
  to.limit_s = 600.0;
  const std::unique_ptr<TableTravelOracle> table = build_travel_tables(network, stations, to);
  Router router(network);
  std::size_t listed = 0;
  for (std::size_t s = 0; s < stations.size(); ++s) {
    const std::vector<double> out = router.travel_times_from(stations[s]).everywhere().to_vector();
    const std::vector<double> back = router.travel_times_to(stations[s]).everywhere().to_vector();
    for (std::size_t v = 0; v < network.node_count(); v += 61) {
      const NodeId node{static_cast<std::uint32_t>(v)};
      const double t_out = table->to_node_s(static_cast<int>(s), node, 1.0);
      const double t_back = table->to_station_s(node, static_cast<int>(s), 1.0);
      // Within the limit: the station's own search, rounded to nearest.
      if (out[v] <= 600.0) {
        ++listed;
        REQUIRE(t_out == static_cast<double>(static_cast<float>(out[v])));
      }
      if (back[v] <= 600.0) REQUIRE(t_back == static_cast<double>(static_cast<float>(back[v])));
      // Beyond it, a search from the node: the same sum in another order, so within 2^-24 plus a few double ulps.
      REQUIRE(std::abs(t_out - out[v]) <= out[v] * (std::ldexp(1.0, -24) + 1e-12));
      REQUIRE(std::abs(t_back - back[v]) <= back[v] * (std::ldexp(1.0, -24) + 1e-12));
      // Speed factors scale the times.
      REQUIRE(table->to_node_s(static_cast<int>(s), node, 2.0) == Approx(t_out / 2.0));
    }
  }
  CHECK(listed > 10);
  // Rows list the stations within the limit, nearest first.
  for (std::size_t v = 0; v < network.node_count(); v += 997) {
    const StationTimes near = table->stations_within(NodeId{static_cast<std::uint32_t>(v)}, 0.0);
    REQUIRE(near.covered_s == 600.0);
    for (std::size_t k = 0; k < near.stations.size(); ++k) {
      REQUIRE(near.times_s[k] <= 600.0f);
      if (k > 0) REQUIRE(near.times_s[k - 1] <= near.times_s[k]);
    }
    const StationTimes all = table->stations_within(NodeId{static_cast<std::uint32_t>(v)}, 1e9);
    REQUIRE(all.covered_s == kUnreachable);
    REQUIRE(all.stations.size() == stations.size());
  }
}

TEST_CASE("Travel tables on disk are read back as written, and never when damaged", "[travel_table]") {
  SyntheticRegionOptions options;
  const RoadNetwork network = build_road_network(generate_synthetic_region(options).network);
  const std::vector<NodeId> stations = {NodeId{3}, NodeId{1000}};
  TravelTableOptions to;
  to.limit_s = 400.0;
  const TravelTableData data = build_travel_table_data(network, stations, to);
  const fs::path folder = fs::temp_directory_path() / ("dsim-travel-cache-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  save_travel_tables(folder.string(), "key one", data);
  const std::optional<TravelTableData> back = load_travel_tables(folder.string(), "key one");
  REQUIRE(back);
  CHECK(back->limit_s == 400.0);
  CHECK(back->out.first == data.out.first);
  CHECK(back->out.station == data.out.station);
  CHECK(back->out.time_s == data.out.time_s);
  CHECK(back->back.time_s == data.back.time_s);
  CHECK_FALSE(load_travel_tables(folder.string(), "key two"));
  // Cut short: ignored.
  REQUIRE(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
  const fs::path file = fs::directory_iterator(folder)->path();
  fs::resize_file(file, fs::file_size(file) - 5);
  CHECK_FALSE(load_travel_tables(folder.string(), "key one"));
  fs::remove_all(folder);
}
