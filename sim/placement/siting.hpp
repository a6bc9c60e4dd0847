// SPDX-License-Identifier: MIT
#pragma once

// Station siting on a CoverageMatrix: LSCP, MCLP, backup coverage and
// MEXCLP, solved by greedy selection plus interchange local search
// (formulations and sources in docs/models.md, "Station placement").
//
//   SitingResult plan = solve_mclp(matrix, 3);
//   for (std::uint32_t s : plan.new_sites) ...

#include "sim/placement/coverage_matrix.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace dsim {

// The value of a demand point covered by k open sites, per unit weight:
// value(k) = increment(0) + ... + increment(k-1). Every maximal-coverage
// model here maximises the weighted sum of these values.
class CoverageObjective {
 public:
  // MCLP (Church & ReVelle 1974): 1 once covered.
  static CoverageObjective maximal_covering();
  // Backup coverage, BACOP2 (Hogan & ReVelle 1986):
  // first_cover_weight * [k >= 1] + (1 - first_cover_weight) * [k >= 2].
  static CoverageObjective backup(double first_cover_weight = 0.5);
  // MEXCLP (Daskin 1983): each unit is busy with probability q; the j-th
  // covering unit adds (1 - q) q^(j-1), so value(k) = 1 - q^k.
  static CoverageObjective expected_covering(double busy_probability);

  double increment(std::size_t k) const;
  double value(std::size_t k) const;
  // Increments never grow with k: greedy gains only shrink, so lazy
  // evaluation is exact.
  bool diminishing() const { return diminishing_; }

 private:
  enum class Kind : std::uint8_t { maximal, backup, expected };
  CoverageObjective(Kind kind, double parameter);
  Kind kind_;
  double parameter_;
  bool diminishing_;
};

struct SitingOptions {
  int threads = 0;            // OpenMP threads; 0: the OpenMP default. Results do not depend on it.
  bool local_search = true;   // improve the greedy answer by interchange
  // Maximal coverage: greedy + interchange runs this many times, start k
  // opening the k-th best single site first; the best answer is kept.
  std::size_t starts = 8;
  // Maximal coverage: rounds of iterated local search after the starts
  // (close a few new sites at random, reopen greedily, interchange; keep if better).
  std::size_t perturbations = 48;
  // LSCP only: when some demand point no site covers, cover the rest and
  // list those points in the result instead of throwing.
  bool allow_uncoverable = false;
};

struct SitingResult {
  std::vector<std::uint32_t> sites;      // every open site (fixed and new), increasing
  std::vector<std::uint32_t> new_sites;  // the chosen non-fixed sites, increasing
  double objective = 0.0;                // the model's objective for `sites`
  double greedy_objective = 0.0;         // plain greedy's objective, before any local search
  double covered_weight = 0.0;           // weight covered at least once
  double covered_twice_weight = 0.0;     // weight covered at least twice
  double total_weight = 0.0;
  std::vector<std::uint32_t> uncoverable_demand;  // no site covers these, increasing
  double uncoverable_weight = 0.0;
  std::size_t improvements = 0;          // moves accepted by the local search (of the answer's start)

  double covered_share() const { return total_weight > 0.0 ? covered_weight / total_weight : 0.0; }
};

// Weighted objective value of opening `open_sites` together with every fixed
// site (a site listed twice counts once).
double coverage_value(const CoverageMatrix& matrix, std::span<const std::uint32_t> open_sites,
                      const CoverageObjective& objective);

// The fewest new sites that, with the fixed sites, cover every coverable
// demand point; objective = number of new sites. Throws InputError naming the
// points no site covers (with the nearest site's reach time) unless
// options.allow_uncoverable.
SitingResult solve_lscp(const CoverageMatrix& matrix, const SitingOptions& options = {});

// `new_sites` sites besides the fixed ones that maximise the objective.
// Throws InputError when new_sites exceeds the non-fixed candidates.
SitingResult solve_max_coverage(const CoverageMatrix& matrix, std::size_t new_sites,
                                const CoverageObjective& objective, const SitingOptions& options = {});

inline SitingResult solve_mclp(const CoverageMatrix& m, std::size_t new_sites, const SitingOptions& o = {}) {
  return solve_max_coverage(m, new_sites, CoverageObjective::maximal_covering(), o);
}
inline SitingResult solve_backup_coverage(const CoverageMatrix& m, std::size_t new_sites,
                                          double first_cover_weight = 0.5, const SitingOptions& o = {}) {
  return solve_max_coverage(m, new_sites, CoverageObjective::backup(first_cover_weight), o);
}
inline SitingResult solve_mexclp(const CoverageMatrix& m, std::size_t new_sites, double busy_probability,
                                 const SitingOptions& o = {}) {
  return solve_max_coverage(m, new_sites, CoverageObjective::expected_covering(busy_probability), o);
}

}  // namespace dsim
