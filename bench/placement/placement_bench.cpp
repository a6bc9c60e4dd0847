// SPDX-License-Identifier: MIT
// Station-placement benchmark (run by bench/placement/bench_placement.py).
//
//   dsim_bench_placement OUT_DIR [--nodes N] [--seed S] [--sites K] [--repeats R] [--exact-limit-s T]
//
// Generates the synthetic region, takes as demand the nodes of its built-up
// areas and industrial parks (each zone's population spread evenly over its
// nodes; limits 300 s and 240 s) or every node when those are fewer than
// 10,000, picks K candidate sites among the demand nodes with a fixed random
// stream (turnout 60 s), builds the coverage matrix, writes it to
// OUT_DIR/coverage.txt for the peer, then times the heuristic and exact
// MCLP (p = 10, 20) and LSCP. Prints one JSON object on stdout.
//
// coverage.txt: line 1 "sites demand nonzeros"; line 2 the demand weights;
// then one line per site: the number of points it covers and their indices.

#include "sim/core/random.hpp"
#include "sim/network/road_network.hpp"
#include "sim/network/synthetic_region.hpp"
#include "sim/placement/coverage_matrix.hpp"
#include "sim/placement/exact_siting.hpp"
#include "sim/placement/siting.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace dsim;

namespace {

double seconds_of(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string json_list(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

std::string json_sites(const std::vector<std::uint32_t>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

void write_matrix(const CoverageMatrix& m, const std::filesystem::path& path) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp);
    out.precision(17);
    out << m.site_count() << ' ' << m.demand_count() << ' ' << m.nonzero_count() << '\n';
    for (std::uint32_t d = 0; d < m.demand_count(); ++d) out << (d ? " " : "") << m.weight(d);
    out << '\n';
    for (std::uint32_t s = 0; s < m.site_count(); ++s) {
      const auto c = m.covered_by(s);
      out << c.size();
      for (std::uint32_t d : c) out << ' ' << d;
      out << '\n';
    }
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dsim_bench_placement OUT_DIR [--nodes N] [--seed S] [--sites K] [--repeats R] [--exact-limit-s T]\n");
    return 2;
  }
  const std::filesystem::path out_dir = argv[1];
  std::size_t nodes = 30000, site_count = 500, repeats = 5;
  std::uint64_t seed = 7;
  double exact_limit_s = 60.0;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const auto value = std::strtoull(argv[i + 1], nullptr, 10);
    if (key == "--nodes") nodes = value;
    else if (key == "--seed") seed = value;
    else if (key == "--sites") site_count = value;
    else if (key == "--repeats") repeats = std::max<std::size_t>(1, value);
    else if (key == "--exact-limit-s") exact_limit_s = static_cast<double>(value);
  }
  std::filesystem::create_directories(out_dir);

  SyntheticRegionOptions ro;
  ro.seed = seed;
  ro.target_nodes = nodes;
  const SyntheticRegion region = generate_synthetic_region(ro);
  const RoadNetwork net = build_road_network(region.network);

  // Demand: nodes of built-up areas and industrial parks.
  std::vector<std::size_t> zone_of(net.node_count(), region.zones.size());
  std::map<std::size_t, std::size_t> nodes_in_zone;
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    const auto z = zone_index_at(region.zones, LonLat{net.lon(NodeId{v}), net.lat(NodeId{v})});
    if (z) {
      zone_of[v] = *z;
      ++nodes_in_zone[*z];
    }
  }
  auto urban = [&](std::size_t z) {
    return z < region.zones.size() && (region.zones[z].type == ZoneType::built_up ||
                                       region.zones[z].type == ZoneType::industrial_park);
  };
  std::size_t urban_nodes = 0;
  for (std::uint32_t v = 0; v < net.node_count(); ++v) urban_nodes += urban(zone_of[v]) ? 1 : 0;
  const bool all_nodes = urban_nodes < 10000;
  std::vector<DemandPoint> demand;
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    const std::size_t z = zone_of[v];
    if (!all_nodes && !urban(z)) continue;
    DemandPoint d;
    d.node = NodeId{v};
    const double population =
        z < region.zones.size() ? static_cast<double>(region.zones[z].population) / nodes_in_zone[z] : 0.0;
    d.weight = std::max(population, 0.01);  // every point counts a little
    d.limit_s = z < region.zones.size() && region.zones[z].type == ZoneType::industrial_park ? 240.0 : 300.0;
    demand.push_back(d);
  }
  // Candidates: a fixed random sample of the demand nodes.
  RandomStream rng(seed, 0, "bench-placement-candidates");
  std::vector<std::size_t> pool(demand.size());
  for (std::size_t i = 0; i < pool.size(); ++i) pool[i] = i;
  site_count = std::min(site_count, pool.size());
  std::vector<CandidateSite> sites;
  for (std::size_t i = 0; i < site_count; ++i) {
    const std::size_t j = i + rng.below(pool.size() - i);
    std::swap(pool[i], pool[j]);
    sites.push_back({demand[pool[i]].node, 60.0, false});
  }

  CoverageMatrix m;
  const double build_s = seconds_of([&] { m = build_coverage_matrix(net, sites, demand); });
  write_matrix(m, out_dir / "coverage.txt");

  std::string json = "{\n";
  json += "  \"nodes\": " + std::to_string(net.node_count()) + ",\n";
  json += "  \"demand_from\": \"" + std::string(all_nodes ? "all nodes" : "built_up and industrial_park nodes") +
          "\",\n";
  json += "  \"sites\": " + std::to_string(m.site_count()) + ",\n";
  json += "  \"demand\": " + std::to_string(m.demand_count()) + ",\n";
  json += "  \"nonzeros\": " + std::to_string(m.nonzero_count()) + ",\n";
  json += "  \"uncoverable\": " + std::to_string(m.uncoverable_demand().size()) + ",\n";
  json += "  \"total_weight\": " + std::to_string(m.total_weight()) + ",\n";
  json += "  \"coverage_build_s\": " + std::to_string(build_s) + ",\n";
  json += "  \"runs\": [\n";
  bool first = true;
  auto record = [&](const std::string& name, double objective, const std::vector<double>& times,
                    const std::vector<std::uint32_t>& chosen, const std::string& extra) {
    json += std::string(first ? "" : ",\n") + "    {\"name\": \"" + name + "\", \"objective\": " +
            std::to_string(objective) + ", \"times_s\": " + json_list(times) +
            ", \"median_s\": " + std::to_string(median(times)) + ", \"sites\": " + json_sites(chosen) + extra + "}";
    first = false;
  };
  const std::size_t exact_repeats = std::max<std::size_t>(1, std::min<std::size_t>(repeats, 3));
  ExactOptions exact;
  exact.time_limit_s = exact_limit_s;
  for (std::size_t p : {10, 20}) {
    SitingResult h;
    std::vector<double> t;
    for (std::size_t r = 0; r < repeats; ++r) t.push_back(seconds_of([&] { h = solve_mclp(m, p); }));
    record("dsim mclp p=" + std::to_string(p) + " heuristic", h.objective, t, h.new_sites,
           ", \"greedy_objective\": " + std::to_string(h.greedy_objective));
    ExactResult e;
    t.clear();
    for (std::size_t r = 0; r < exact_repeats; ++r) t.push_back(seconds_of([&] { e = solve_exact_mclp(m, p, exact); }));
    record("dsim mclp p=" + std::to_string(p) + " exact", e.objective, t, e.new_sites,
           ", \"proven_optimal\": " + std::string(e.proven_optimal ? "true" : "false") +
               ", \"bound\": " + std::to_string(e.bound) + ", \"variables\": " + std::to_string(e.variables) +
               ", \"constraints\": " + std::to_string(e.constraints));
  }
  {
    SitingOptions so;
    so.allow_uncoverable = true;
    SitingResult h;
    std::vector<double> t;
    for (std::size_t r = 0; r < repeats; ++r) t.push_back(seconds_of([&] { h = solve_lscp(m, so); }));
    record("dsim lscp heuristic", h.objective, t, h.new_sites,
           ", \"greedy_objective\": " + std::to_string(h.greedy_objective));
    ExactOptions eo = exact;
    eo.allow_uncoverable = true;
    ExactResult e;
    t.clear();
    for (std::size_t r = 0; r < exact_repeats; ++r) t.push_back(seconds_of([&] { e = solve_exact_lscp(m, eo); }));
    record("dsim lscp exact", e.objective, t, e.new_sites,
           ", \"proven_optimal\": " + std::string(e.proven_optimal ? "true" : "false") +
               ", \"bound\": " + std::to_string(e.bound) + ", \"variables\": " + std::to_string(e.variables) +
               ", \"constraints\": " + std::to_string(e.constraints));
  }
  json += "\n  ]\n}\n";
  std::fputs(json.c_str(), stdout);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "dsim_bench_placement: %s\n", e.what());
  return 1;
}
