// SPDX-License-Identifier: MIT
// Random coverage matrices and brute-force answers for the siting tests.
#pragma once

#include "sim/core/random.hpp"
#include "sim/placement/siting.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace dsim::testing {

// Each site covers each demand point with probability `density` (draws from
// the named stream); integer weights 1..10; the first `fixed` sites are
// existing stations.
inline CoverageMatrix random_instance(std::string_view stream, std::uint64_t seed, std::uint32_t sites,
                                      std::uint32_t demand, double density, std::uint32_t fixed = 0) {
  RandomStream rng(seed, 0, stream);
  std::vector<std::vector<std::uint32_t>> covers(sites);
  for (std::uint32_t s = 0; s < sites; ++s)
    for (std::uint32_t d = 0; d < demand; ++d)
      if (rng.uniform() < density) covers[s].push_back(d);
  std::vector<double> weights(demand);
  for (auto& w : weights) w = 1.0 + static_cast<double>(rng.below(10));
  std::vector<std::uint32_t> fixed_sites;
  for (std::uint32_t s = 0; s < fixed; ++s) fixed_sites.push_back(s);
  return CoverageMatrix(std::move(covers), std::move(weights), std::move(fixed_sites));
}

inline std::vector<std::uint32_t> free_sites(const CoverageMatrix& m) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t s = 0; s < m.site_count(); ++s)
    if (!m.is_fixed(s)) out.push_back(s);
  return out;
}

// Calls f on every k-subset of `items`.
inline void for_each_subset(const std::vector<std::uint32_t>& items, std::size_t k,
                     const std::function<void(const std::vector<std::uint32_t>&)>& f) {
  std::vector<std::uint32_t> pick;
  std::function<void(std::size_t)> rec = [&](std::size_t from) {
    if (pick.size() == k) return f(pick);
    for (std::size_t i = from; i + (k - pick.size()) <= items.size(); ++i) {
      pick.push_back(items[i]);
      rec(i + 1);
      pick.pop_back();
    }
  };
  rec(0);
}

// The best objective over all choices of p free sites (fixed sites always open).
inline double brute_force_best(const CoverageMatrix& m, std::size_t p, const CoverageObjective& objective) {
  double best = -1.0;
  for_each_subset(free_sites(m), p,
                  [&](const std::vector<std::uint32_t>& s) { best = std::max(best, coverage_value(m, s, objective)); });
  return best;
}

inline bool covers_all_coverable(const CoverageMatrix& m, const std::vector<std::uint32_t>& open) {
  std::vector<std::uint8_t> covered(m.demand_count(), 0);
  for (std::uint32_t s : m.fixed_sites())
    for (std::uint32_t d : m.covered_by(s)) covered[d] = 1;
  for (std::uint32_t s : open)
    for (std::uint32_t d : m.covered_by(s)) covered[d] = 1;
  for (std::uint32_t d = 0; d < m.demand_count(); ++d)
    if (m.coverable(d) && !covered[d]) return false;
  return true;
}

// The fewest free sites that cover all coverable demand with the fixed ones.
inline std::size_t brute_force_lscp(const CoverageMatrix& m) {
  const auto items = free_sites(m);
  for (std::size_t k = 0; k <= items.size(); ++k) {
    bool found = false;
    for_each_subset(items, k, [&](const std::vector<std::uint32_t>& s) { found = found || covers_all_coverable(m, s); });
    if (found) return k;
  }
  return items.size() + 1;
}

inline bool contains_all(const std::vector<std::uint32_t>& sites, std::span<const std::uint32_t> fixed) {
  return std::all_of(fixed.begin(), fixed.end(),
                     [&](std::uint32_t s) { return std::binary_search(sites.begin(), sites.end(), s); });
}

}  // namespace dsim::testing
