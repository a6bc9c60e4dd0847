// SPDX-License-Identifier: MIT
// Routing benchmark: one-to-all travel times from 64 sources (1 thread and
// all threads) and 1,000 five-minute-bounded queries on one road network.
// Prints JSON; with --export DIR also writes the graph as dsim built it, the
// sources, the query sources and check distances, so that a peer library can
// compute the same thing (bench/routing/bench_routing.py reads them).
//
//   dsim_bench_routing NETWORK [--sources 64] [--queries 1000] [--limit 300]
//                      [--repeats 3] [--export DIR] [--only bounded]
//
// --only bounded runs only the bounded queries (no one-to-all, no export),
// `repeats` passes over them, and prints the median wall time per query over
// all passes, the median over passes after the first of the mean CPU time
// per query (the first pass also computes the checksums), and two checksums
// of what the queries found: one over each query's settled (node, time)
// pairs in any order, one over the settled order and each node's parent
// edge too, to check that a change to the search leaves its results
// bit-identical.
#include "bench/routing/bench_export.hpp"
#include "sim/core/random.hpp"
#include "sim/core/statistics.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/load_network.hpp"
#include "sim/network/road_network.hpp"
#include "sim/network/travel_times.hpp"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Distinct nodes drawn from a named stream: the same network gives the same picks.
using dsim::bench::as_indices;
using dsim::bench::pick_nodes;
using dsim::bench::write_binary;

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

std::uint64_t mix64(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// CPU time of this process: unlike the wall clock, it leaves out the time
// other processes had the core, which matters on a loaded machine.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Only the bounded queries, `passes` times over; see the header.
int run_bounded_only(const dsim::RoadNetwork& net, const std::vector<dsim::NodeId>& queries, double limit_s,
                     int passes) {
  dsim::Router router(net);
  std::vector<double> us, pass_cpu_us;
  std::uint64_t set_sum = 0, order_hash = 0;
  double settled_sum = 0.0;
  for (int pass = 0; pass < passes; ++pass) {
    const double cpu0 = cpu_seconds();
    for (dsim::NodeId q : queries) {
      const auto t0 = Clock::now();
      const dsim::Reached reached = router.travel_times_from(q).within(limit_s);
      us.push_back(seconds_since(t0) * 1e6);
      if (pass > 0) continue;
      settled_sum += static_cast<double>(reached.size());
      for (dsim::NodeId v : reached.nodes()) {
        const std::uint64_t node = dsim::index(v), t = bits_of(reached.time_s(v));
        const std::uint64_t parent = dsim::index(reached.parent_edge(v));
        set_sum += mix64(node * 0x9e3779b97f4a7c15ull ^ t);
        order_hash = mix64(order_hash ^ node ^ (parent << 32) ^ t);
      }
    }
    if (pass > 0) pass_cpu_us.push_back((cpu_seconds() - cpu0) * 1e6 / static_cast<double>(queries.size()));
  }
  std::printf("{\"benchmark\": \"routing-bounded\", \"nodes\": %zu, \"queries\": %zu, \"passes\": %d, "
              "\"limit_s\": %.1f,\n \"bounded_median_us\": %.3f, \"bounded_cpu_us\": %.3f, \"bounded_mean_settled\": %.1f, "
              "\"set_checksum\": \"%016llx\", \"order_checksum\": \"%016llx\"}\n",
              net.node_count(), queries.size(), passes, limit_s, dsim::quantile(us, 0.5),
              pass_cpu_us.empty() ? 0.0 : dsim::quantile(pass_cpu_us, 0.5),
              queries.empty() ? 0.0 : settled_sum / static_cast<double>(queries.size()),
              static_cast<unsigned long long>(set_sum), static_cast<unsigned long long>(order_hash));
  return 0;
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s NETWORK [--sources N] [--queries N] [--limit S] [--repeats N] [--export DIR]\n"
                 "       [--only bounded]\n",
                 argv[0]);
    return 2;
  }
  std::filesystem::path network_path = argv[1];
  std::size_t source_count = 64, query_count = 1000;
  double limit_s = 300.0;
  int repeats = 3;
  std::filesystem::path export_dir;
  bool bounded_only = false;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* value = argv[i + 1];
    if (key == "--sources") source_count = std::strtoul(value, nullptr, 10);
    else if (key == "--queries") query_count = std::strtoul(value, nullptr, 10);
    else if (key == "--limit") limit_s = std::strtod(value, nullptr);
    else if (key == "--repeats") repeats = std::atoi(value);
    else if (key == "--export") export_dir = value;
    else if (key == "--only" && std::string(value) == "bounded") bounded_only = true;
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      return 2;
    }
  }

  auto start = Clock::now();
  const dsim::RoadNetwork net = dsim::load_road_network(network_path);
  const double load_s = seconds_since(start);
  const std::size_t n = net.node_count();
  const auto sources = pick_nodes(n, source_count, "bench/routing/sources");
  const auto queries = pick_nodes(n, query_count, "bench/routing/queries");
  if (bounded_only) return run_bounded_only(net, queries, limit_s, repeats);
  const int all_threads = omp_get_max_threads();

  // One-to-all: the whole matrix, as scipy's dijkstra(indices=...) returns it.
  auto time_matrix = [&](int threads, dsim::TravelTimeMatrix* keep) {
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
      dsim::MatrixOptions options;
      options.threads = threads;
      const auto t0 = Clock::now();
      dsim::TravelTimeMatrix m = dsim::travel_time_matrix(net, sources, {}, options);
      times.push_back(seconds_since(t0));
      if (keep && r == 0) *keep = std::move(m);
    }
    return dsim::quantile(times, 0.5);
  };
  dsim::TravelTimeMatrix matrix;
  const double one_thread_s = time_matrix(1, &matrix);
  const double all_threads_s = time_matrix(all_threads, nullptr);

  // Bounded and unbounded single-source queries on one Router, one thread.
  dsim::Router router(net);
  std::vector<double> bounded_us, unbounded_us;
  std::vector<std::uint32_t> bounded_settled;
  double settled_sum = 0.0;
  for (dsim::NodeId q : queries) {
    const auto t0 = Clock::now();
    const dsim::Reached reached = router.travel_times_from(q).within(limit_s);
    bounded_us.push_back(seconds_since(t0) * 1e6);
    bounded_settled.push_back(static_cast<std::uint32_t>(reached.size()));
    settled_sum += static_cast<double>(reached.size());
  }
  const std::size_t unbounded_count = std::min<std::size_t>(queries.size(), 20);
  for (std::size_t i = 0; i < unbounded_count; ++i) {
    const auto t0 = Clock::now();
    const dsim::Reached reached = router.travel_times_from(queries[i]).everywhere();
    unbounded_us.push_back(seconds_since(t0) * 1e6);
    if (reached.size() == 0) std::fprintf(stderr, "impossible\n");
  }

  if (!export_dir.empty()) {
    std::filesystem::create_directories(export_dir);
    std::vector<std::uint32_t> tails(net.tails().begin(), net.tails().end());
    std::vector<std::uint32_t> heads(net.heads().begin(), net.heads().end());
    std::vector<double> weights(net.travel_times_s().begin(), net.travel_times_s().end());
    write_binary(export_dir / "tails.u32", tails);
    write_binary(export_dir / "heads.u32", heads);
    write_binary(export_dir / "travel_time_s.f64", weights);
    write_binary(export_dir / "sources.u32", as_indices(sources));
    write_binary(export_dir / "queries.u32", as_indices(queries));
    write_binary(export_dir / "bounded_settled.u32", bounded_settled);
    // Check values: each source's times to 100 fixed targets, and its row sum.
    const auto targets = pick_nodes(n, 100, "bench/routing/targets");
    std::vector<double> check;
    for (std::size_t r = 0; r < matrix.rows; ++r) {
      for (dsim::NodeId t : targets) check.push_back(matrix.at(r, dsim::index(t)));
    }
    std::vector<double> row_sums;
    for (std::size_t r = 0; r < matrix.rows; ++r) {
      double s = 0.0;
      for (double v : matrix.row(r))
        if (std::isfinite(v)) s += v;
      row_sums.push_back(s);
    }
    write_binary(export_dir / "targets.u32", as_indices(targets));
    write_binary(export_dir / "check_s.f64", check);
    write_binary(export_dir / "row_sums_s.f64", row_sums);
  }

  std::printf("{\"benchmark\": \"routing\", \"network\": \"%s\", \"nodes\": %zu, \"edges\": %zu, \"load_s\": %.3f,\n",
              network_path.string().c_str(), n, net.edge_count(), load_s);
  std::printf(" \"repeats\": %d, \"sources\": %zu, \"threads\": %d,\n", repeats, sources.size(), all_threads);
  std::printf(" \"one_to_all_1thread_s\": %.6f, \"one_to_all_all_threads_s\": %.6f,\n", one_thread_s, all_threads_s);
  std::printf(" \"queries\": %zu, \"limit_s\": %.1f, \"bounded_median_us\": %.3f, \"bounded_mean_settled\": %.1f,\n",
              queries.size(), limit_s, dsim::quantile(bounded_us, 0.5),
              queries.empty() ? 0.0 : settled_sum / static_cast<double>(queries.size()));
  std::printf(" \"unbounded_queries\": %zu, \"unbounded_median_us\": %.3f}\n", unbounded_count,
              dsim::quantile(unbounded_us, 0.5));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dsim_bench_routing: %s\n", e.what());
    return 1;
  }
}
