// SPDX-License-Identifier: MIT
#include "sim/placement/coverage_matrix.hpp"

#include "sim/core/error.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/road_network.hpp"
#include "sim/network/travel_times.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <numeric>
#include <optional>

#include <omp.h>

namespace dsim {

namespace {

std::string key_at(const char* list, std::size_t i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

std::string format_number(double x) {
  if (!std::isfinite(x)) return std::isnan(x) ? "nan" : "inf";
  std::string s = std::to_string(x);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

CoverageMatrix::CoverageMatrix(std::vector<std::vector<std::uint32_t>> covers, std::vector<double> weights,
                               std::vector<std::uint32_t> fixed, std::vector<double> nearest_reach_s,
                               std::vector<double> limit_s, std::vector<std::string> labels)
    : weight_(std::move(weights)),
      nearest_reach_s_(std::move(nearest_reach_s)),
      limit_s_(std::move(limit_s)),
      labels_(std::move(labels)) {
  const std::size_t sites = covers.size(), demand = weight_.size();
  if (sites >= std::numeric_limits<std::uint32_t>::max() || demand >= std::numeric_limits<std::uint32_t>::max())
    throw InputError("", 0, "coverage", "fewer than 2^32 sites and demand points", std::to_string(sites));
  for (std::size_t d = 0; d < demand; ++d) {
    if (!(weight_[d] >= 0.0) || !std::isfinite(weight_[d]))
      throw InputError("", 0, key_at("demand", d, "weight"), "a finite weight >= 0", format_number(weight_[d]));
    total_weight_ += weight_[d];
  }
  auto check_size = [&](std::size_t n, const char* what) {
    if (n != 0 && n != demand)
      throw InputError("", 0, what, "none or one per demand point (" + std::to_string(demand) + ")",
                       std::to_string(n));
  };
  check_size(nearest_reach_s_.size(), "nearest_reach_s");
  check_size(limit_s_.size(), "limit_s");
  check_size(labels_.size(), "labels");

  // Both orientations in sorted order by counting sort, not comparison sort
  // (tens of millions of entries on a city): the lists by demand point
  // first, filled from the sites in increasing order, then the lists by site
  // filled from those, dropping repeats.
  std::vector<std::uint32_t> by_demand_first(demand + 1, 0);
  for (std::size_t s = 0; s < sites; ++s)
    for (std::uint32_t d : covers[s]) {
      if (d >= demand)
        throw InputError("", 0, "sites[" + std::to_string(s) + "].covers",
                         "demand indices below " + std::to_string(demand), std::to_string(d));
      ++by_demand_first[d + 1];
    }
  std::partial_sum(by_demand_first.begin(), by_demand_first.end(), by_demand_first.begin());
  std::vector<std::uint32_t> by_demand(by_demand_first.back());
  {
    std::vector<std::uint32_t> next(by_demand_first.begin(), by_demand_first.end() - 1);
    for (std::uint32_t s = 0; s < sites; ++s) {
      for (std::uint32_t d : covers[s]) by_demand[next[d]++] = s;
      std::vector<std::uint32_t>().swap(covers[s]);
    }
  }
  constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> last(sites, kNone);
  site_first_.assign(sites + 1, 0);
  demand_first_.assign(demand + 1, 0);
  for (std::uint32_t d = 0; d < demand; ++d) {
    for (std::uint32_t k = by_demand_first[d]; k < by_demand_first[d + 1]; ++k) {
      const std::uint32_t s = by_demand[k];
      if (last[s] == d) continue;  // a repeat
      last[s] = d;
      ++site_first_[s + 1];
      ++demand_first_[d + 1];
    }
  }
  std::partial_sum(site_first_.begin(), site_first_.end(), site_first_.begin());
  std::partial_sum(demand_first_.begin(), demand_first_.end(), demand_first_.begin());
  site_demand_.resize(site_first_.back());
  demand_site_.resize(demand_first_.back());
  std::fill(last.begin(), last.end(), kNone);
  std::vector<std::uint32_t> next(site_first_.begin(), site_first_.end() - 1);
  std::uint32_t at = 0;
  for (std::uint32_t d = 0; d < demand; ++d)
    for (std::uint32_t k = by_demand_first[d]; k < by_demand_first[d + 1]; ++k) {
      const std::uint32_t s = by_demand[k];
      if (last[s] == d) continue;
      last[s] = d;
      site_demand_[next[s]++] = d;
      demand_site_[at++] = s;
    }

  is_fixed_.assign(sites, 0);
  for (std::uint32_t s : fixed) {
    if (s >= sites)
      throw InputError("", 0, "fixed", "site indices below " + std::to_string(sites), std::to_string(s));
    is_fixed_[s] = 1;
  }
  for (std::uint32_t s = 0; s < sites; ++s)
    if (is_fixed_[s]) fixed_.push_back(s);
}

void CoverageMatrix::set_labels(std::vector<std::string> labels) {
  if (labels.size() != demand_count())
    throw InputError("", 0, "labels", "one per demand point (" + std::to_string(demand_count()) + ")",
                     std::to_string(labels.size()));
  labels_ = std::move(labels);
}

std::vector<std::uint32_t> CoverageMatrix::uncoverable_demand() const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t d = 0; d < demand_count(); ++d)
    if (!coverable(d)) out.push_back(d);
  return out;
}

double CoverageMatrix::uncoverable_weight() const {
  double sum = 0.0;
  for (std::uint32_t d = 0; d < demand_count(); ++d)
    if (!coverable(d)) sum += weight_[d];
  return sum;
}

double CoverageMatrix::nearest_reach_s(std::uint32_t demand) const {
  return nearest_reach_s_.empty() ? kUnreachable : nearest_reach_s_[demand];
}

double CoverageMatrix::limit_s(std::uint32_t demand) const {
  return limit_s_.empty() ? std::numeric_limits<double>::quiet_NaN() : limit_s_[demand];
}

std::string CoverageMatrix::label(std::uint32_t demand) const {
  return labels_.empty() ? "demand point " + std::to_string(demand) : labels_[demand];
}

CoverageMatrix build_coverage_matrix(const RoadNetwork& network, std::span<const CandidateSite> sites,
                                     std::span<const DemandPoint> demand, const CoverageBuildOptions& options) {
  const std::size_t n = network.node_count();
  std::vector<NodeId> site_nodes, demand_nodes;
  double max_limit_s = 0.0, min_turnout_s = kUnreachable;
  std::vector<std::uint32_t> fixed;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const CandidateSite& s = sites[i];
    if (index(s.node) >= n)
      throw InputError("", 0, key_at("sites", i, "node"), "a node of the network (0.." + std::to_string(n - 1) + ")",
                       std::to_string(index(s.node)));
    if (!(s.turnout_s >= 0.0) || !std::isfinite(s.turnout_s))
      throw InputError("", 0, key_at("sites", i, "turnout_s"), "a finite time >= 0", format_number(s.turnout_s));
    site_nodes.push_back(s.node);
    min_turnout_s = std::min(min_turnout_s, s.turnout_s);
    if (s.fixed) fixed.push_back(static_cast<std::uint32_t>(i));
  }
  std::vector<double> weights, limits;
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < demand.size(); ++i) {
    const DemandPoint& d = demand[i];
    if (index(d.node) >= n)
      throw InputError("", 0, key_at("demand", i, "node"), "a node of the network (0.." + std::to_string(n - 1) + ")",
                       std::to_string(index(d.node)));
    if (!(d.weight >= 0.0) || !std::isfinite(d.weight))
      throw InputError("", 0, key_at("demand", i, "weight"), "a finite weight >= 0", format_number(d.weight));
    if (!(d.limit_s > 0.0) || !std::isfinite(d.limit_s))
      throw InputError("", 0, key_at("demand", i, "limit_s"), "a finite time > 0", format_number(d.limit_s));
    demand_nodes.push_back(d.node);
    weights.push_back(d.weight);
    limits.push_back(d.limit_s);
    labels.push_back("demand point " + std::to_string(i) + " (node " + std::to_string(network.external_id(d.node)) +
                     ")");
    max_limit_s = std::max(max_limit_s, d.limit_s);
  }

  std::vector<std::vector<std::uint32_t>> covers(sites.size());
  std::vector<double> nearest(demand.size(), kUnreachable);
  if (!sites.empty() && !demand.empty() && max_limit_s >= min_turnout_s) {
    // The demand points at each node (CSR), so that a search visits only the
    // nodes it settles: no dense site x demand table.
    std::vector<std::uint32_t> first(n + 1, 0), at(demand.size());
    for (const NodeId v : demand_nodes) ++first[index(v) + 1];
    for (std::size_t v = 0; v < n; ++v) first[v + 1] += first[v];
    {
      std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
      for (std::size_t d = 0; d < demand.size(); ++d) at[next[index(demand_nodes[d])]++] = static_cast<std::uint32_t>(d);
    }
    const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
    const auto count = static_cast<std::ptrdiff_t>(sites.size());
    std::vector<std::vector<double>> nearest_by_thread(static_cast<std::size_t>(threads));
    std::size_t done = 0;
    std::exception_ptr failure;
#pragma omp parallel num_threads(threads) if (count > 1)
    {
      std::vector<double>& near = nearest_by_thread[static_cast<std::size_t>(omp_get_thread_num())];
      near.assign(demand.size(), kUnreachable);
      std::optional<Router> router;
#pragma omp for schedule(dynamic, 16)
      for (std::ptrdiff_t i = 0; i < count; ++i) {
        try {
          if (!router) router.emplace(network);
          const auto s = static_cast<std::size_t>(i);
          const double turnout_s = sites[s].turnout_s;
          if (max_limit_s >= turnout_s) {
            // Each site searches only as far as its own turnout leaves time for.
            Reached reached = router->travel_times_from(sites[s].node).within(max_limit_s - turnout_s);
            for (const NodeId v : reached.nodes()) {
              const double reach_s = turnout_s + reached.time_s(v);
              for (std::uint32_t k = first[index(v)]; k < first[index(v) + 1]; ++k) {
                const std::uint32_t d = at[k];
                near[d] = std::min(near[d], reach_s);
                if (reach_s <= demand[d].limit_s) covers[s].push_back(d);
              }
            }
          }
        } catch (...) {
#pragma omp critical(dsim_coverage_failure)
          if (!failure) failure = std::current_exception();
        }
        if (options.on_progress) {
#pragma omp critical(dsim_coverage_progress)
          options.on_progress(++done, sites.size());
        }
      }
    }
    if (failure) std::rethrow_exception(failure);
    // The minimum does not depend on the order: the same with any thread count.
    for (const std::vector<double>& near : nearest_by_thread)
      for (std::size_t d = 0; d < near.size(); ++d) nearest[d] = std::min(nearest[d], near[d]);
  }
  // Points nobody covers: how far is the nearest site? One unbounded inbound
  // search per such point (usually few).
  std::vector<NodeId> far_nodes;
  std::vector<std::size_t> far_index;
  for (std::size_t d = 0; d < demand.size(); ++d)
    if (!(nearest[d] <= demand[d].limit_s)) {
      far_nodes.push_back(demand[d].node);
      far_index.push_back(d);
    }
  if (!far_nodes.empty() && !sites.empty()) {
    MatrixOptions mo;
    mo.threads = options.threads;
    mo.direction = SearchDirection::inbound;
    const TravelTimeMatrix back = travel_time_matrix(network, far_nodes, site_nodes, mo);
    for (std::size_t k = 0; k < far_nodes.size(); ++k) {
      double best = kUnreachable;
      for (std::size_t s = 0; s < sites.size(); ++s) best = std::min(best, sites[s].turnout_s + back.at(k, s));
      nearest[far_index[k]] = best;
    }
  }
  return CoverageMatrix(std::move(covers), std::move(weights), std::move(fixed), std::move(nearest), std::move(limits),
                        std::move(labels));
}

}  // namespace dsim
