// SPDX-License-Identifier: MIT
// PHAST benchmark: builds the contraction hierarchy of one road network
// (timed, not cached), then times single one-to-all trees (one thread) and a
// station table of many trees (one thread and all threads, in chunks into a
// reused buffer). Prints JSON; with --export DIR writes the graph, the
// sources, the first tree and check values (each table row's times to 100
// fixed targets and its sum) for bench_phast.py to compare against scipy.
//
//   dsim_bench_phast NETWORK [--single 10] [--trees 500] [--repeats 3] [--export DIR]
#include "bench/routing/bench_export.hpp"
#include "sim/core/random.hpp"
#include "sim/core/statistics.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/load_network.hpp"
#include "sim/network/phast.hpp"
#include "sim/network/road_network.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

using dsim::bench::as_indices;
using dsim::bench::pick_nodes;
using dsim::bench::write_binary;

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s NETWORK [--single N] [--trees N] [--repeats N] [--export DIR]\n", argv[0]);
    return 2;
  }
  const std::filesystem::path network_path = argv[1];
  std::size_t single_count = 10, tree_count = 500;
  int repeats = 3;
  std::filesystem::path export_dir;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* value = argv[i + 1];
    if (key == "--single") single_count = std::strtoul(value, nullptr, 10);
    else if (key == "--trees") tree_count = std::strtoul(value, nullptr, 10);
    else if (key == "--repeats") repeats = std::atoi(value);
    else if (key == "--export") export_dir = value;
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      return 2;
    }
  }
  const dsim::RoadNetwork net = dsim::load_road_network(network_path);
  const std::size_t n = net.node_count();

  auto start = Clock::now();
  const dsim::ContractionHierarchy ch = dsim::build_contraction_hierarchy(net, 1.0, [&](double f) {
    static int last = -1;
    const int pct = static_cast<int>(f * 100);
    if (pct / 10 != last) {
      last = pct / 10;
      std::fprintf(stderr, "  contraction %d%% (%.0f s)\n", pct, seconds_since(start));
    }
  });
  const double contract_s = seconds_since(start);
  start = Clock::now();
  const dsim::PhastIndex index = dsim::build_phast_index(ch);
  const double build_s = contract_s + seconds_since(start);

  // Single trees, one thread, into the caller's buffer.
  const auto singles = pick_nodes(n, single_count, "bench/phast/single");
  dsim::PhastSearch search(index);
  std::vector<double> tree(n), first_tree(n);
  std::vector<double> single_s;
  for (int r = 0; r < repeats; ++r) {
    for (std::size_t k = 0; k < singles.size(); ++k) {
      const auto t0 = Clock::now();
      search.tree(singles[k], dsim::SearchDirection::outbound, tree);
      single_s.push_back(seconds_since(t0));
      if (r == 0 && k == 0) first_tree = tree;
    }
  }
  // Plain Dijkstra on the same sources, for the record.
  dsim::Router router(net);
  std::vector<double> dijkstra_s;
  for (dsim::NodeId s : singles) {
    const auto t0 = Clock::now();
    const dsim::Reached reached = router.travel_times_from(s).everywhere();
    dijkstra_s.push_back(seconds_since(t0));
    if (reached.size() == 0) std::fprintf(stderr, "impossible\n");
  }

  // A station table: tree_count trees, in chunks of 32 rows into one buffer.
  const auto stations = pick_nodes(n, tree_count, "bench/phast/stations");
  const auto targets = pick_nodes(n, 100, "bench/phast/targets");
  constexpr std::size_t kChunk = 32;
  std::vector<double> buffer(kChunk * n);
  std::vector<double> check, row_sums;
  auto time_table = [&](int threads, bool keep) {
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
      double total = 0.0;
      for (std::size_t lo = 0; lo < stations.size(); lo += kChunk) {
        const std::size_t hi = std::min(stations.size(), lo + kChunk);
        const std::span<const dsim::NodeId> chunk(stations.data() + lo, hi - lo);
        const auto t0 = Clock::now();
        dsim::phast_trees(index, chunk, dsim::SearchDirection::outbound, {buffer.data(), chunk.size() * n}, threads);
        total += seconds_since(t0);
        if (keep && r == 0) {
          for (std::size_t k = 0; k < chunk.size(); ++k) {
            const double* row = buffer.data() + k * n;
            for (dsim::NodeId t : targets) check.push_back(row[dsim::index(t)]);
            double sum = 0.0;
            for (std::size_t v = 0; v < n; ++v)
              if (std::isfinite(row[v])) sum += row[v];
            row_sums.push_back(sum);
          }
        }
      }
      times.push_back(total);
    }
    return dsim::quantile(times, 0.5);
  };
  const double table_1t_s = time_table(1, true);
  const int all_threads = omp_get_max_threads();
  const double table_all_s = time_table(all_threads, false);

  if (!export_dir.empty()) {
    std::filesystem::create_directories(export_dir);
    write_binary(export_dir / "tails.u32", std::vector<std::uint32_t>(net.tails().begin(), net.tails().end()));
    write_binary(export_dir / "heads.u32", std::vector<std::uint32_t>(net.heads().begin(), net.heads().end()));
    write_binary(export_dir / "travel_time_s.f64",
                 std::vector<double>(net.travel_times_s().begin(), net.travel_times_s().end()));
    write_binary(export_dir / "single_sources.u32", as_indices(singles));
    write_binary(export_dir / "first_tree_s.f64", first_tree);
    write_binary(export_dir / "stations.u32", as_indices(stations));
    write_binary(export_dir / "targets.u32", as_indices(targets));
    write_binary(export_dir / "check_s.f64", check);
    write_binary(export_dir / "row_sums_s.f64", row_sums);
  }

  std::printf("{\"benchmark\": \"phast\", \"network\": \"%s\", \"nodes\": %zu, \"edges\": %zu,\n",
              network_path.string().c_str(), n, net.edge_count());
  std::printf(" \"ch_build_s\": %.3f, \"index_bytes\": %zu, \"arcs\": %zu, \"shortcuts\": %llu, \"levels\": %u,\n",
              build_s, index.bytes(), index.arc_count(), static_cast<unsigned long long>(index.shortcut_count),
              index.level_count);
  std::printf(" \"repeats\": %d, \"single_trees\": %zu, \"single_median_s\": %.6f, \"dijkstra_median_s\": %.6f,\n",
              repeats, singles.size(), dsim::quantile(single_s, 0.5), dsim::quantile(dijkstra_s, 0.5));
  std::printf(" \"table_trees\": %zu, \"table_1thread_s\": %.4f, \"table_all_threads_s\": %.4f, \"threads\": %d}\n",
              stations.size(), table_1t_s, table_all_s, all_threads);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dsim_bench_phast: %s\n", e.what());
    return 1;
  }
}
