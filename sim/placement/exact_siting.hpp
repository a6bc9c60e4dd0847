// SPDX-License-Identifier: MIT
#pragma once

// Station siting solved exactly: each model as an integer programme, solved
// by branch and cut (COIN-OR CBC). Formulations and sources in
// docs/models.md, "Station placement".
//
//   ExactResult best = solve_exact(matrix, PlacementModel::mclp, 3, CoverageObjective::maximal_covering());
//   if (best.proven_optimal) ...
//   GapReport g = optimality_gap(matrix, PlacementModel::mclp, 3, CoverageObjective::maximal_covering(),
//                                solve_mclp(matrix, 3));

#include "sim/placement/coverage_matrix.hpp"
#include "sim/placement/siting.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace dsim {

enum class PlacementModel : std::uint8_t {
  lscp,    // fewest new sites covering every coverable point (Toregas et al. 1971)
  mclp,    // p new sites, most weight covered (Church & ReVelle 1974)
  backup,  // p new sites, BACOP2 (Hogan & ReVelle 1986)
  mexclp,  // p new sites, expected coverage with busy units (Daskin 1983)
};
std::string_view placement_model_name(PlacementModel model);
// True for the models that maximise (every one but LSCP).
inline bool maximises(PlacementModel model) { return model != PlacementModel::lscp; }

struct ExactOptions {
  double time_limit_s = 60.0;   // wall clock for branch and cut; the best answer so far is returned
  double relative_gap = 0.0;    // stop when |bound - objective| <= relative_gap * |objective|
  int threads = 1;              // CBC threads (1: deterministic)
  // LSCP only: as SitingOptions::allow_uncoverable.
  bool allow_uncoverable = false;
  // A starting answer (new sites, e.g. a heuristic's new_sites); ignored
  // when it does not fit the model (wrong count for p, not covering).
  std::vector<std::uint32_t> start_sites;
  // Solve only the linear relaxation (no integer answer; bound only).
  bool lp_relaxation_only = false;
};

struct ExactResult {
  PlacementModel model = PlacementModel::mclp;
  bool has_solution = false;             // an integer answer was found
  bool proven_optimal = false;           // within options.relative_gap of the bound (0: optimal)
  std::vector<std::uint32_t> sites;      // every open site (fixed and new), increasing
  std::vector<std::uint32_t> new_sites;  // the chosen non-fixed sites, increasing
  // The model's objective for `sites`, recomputed from the matrix (LSCP: the
  // number of new sites); NaN without a solution.
  double objective = std::numeric_limits<double>::quiet_NaN();
  // Best bound on the optimum: an upper bound when maximising, a lower bound
  // for LSCP. Equals objective when proven optimal with gap 0.
  double bound = std::numeric_limits<double>::quiet_NaN();
  // The linear-relaxation bound alone when lp_relaxation_only.
  bool bound_from_lp_only = false;
  double covered_weight = 0.0;           // weight covered at least once by `sites`
  double total_weight = 0.0;
  std::vector<std::uint32_t> uncoverable_demand;  // no site covers these, increasing
  // Size of the integer programme after merging demand points with the same
  // covering sites: columns (x and y variables) and rows.
  std::size_t variables = 0;
  std::size_t constraints = 0;
  double solve_s = 0.0;                  // wall-clock seconds in the solver

  // |bound - objective| / max(|objective|, 1e-12); NaN without both.
  double relative_gap() const;
};

// The model's integer programme, solved by CBC. lscp ignores new_sites and
// objective; mclp, backup and mexclp maximise `objective`, which must be of
// the model's kind (CoverageObjective::maximal_covering(), backup(theta),
// expected_covering(q)); an objective of another kind throws InputError
// (key "objective"). Fixed sites are open in every answer. Throws InputError
// like solve_lscp / solve_max_coverage (uncoverable demand for LSCP unless
// allowed, new_sites above the free candidates). Calls into CBC are
// serialised: one solve at a time per process.
ExactResult solve_exact(const CoverageMatrix& matrix, PlacementModel model, std::size_t new_sites,
                        const CoverageObjective& objective, const ExactOptions& options = {});

inline ExactResult solve_exact_lscp(const CoverageMatrix& matrix, const ExactOptions& options = {}) {
  return solve_exact(matrix, PlacementModel::lscp, 0, CoverageObjective::maximal_covering(), options);
}
inline ExactResult solve_exact_mclp(const CoverageMatrix& matrix, std::size_t new_sites,
                                    const ExactOptions& options = {}) {
  return solve_exact(matrix, PlacementModel::mclp, new_sites, CoverageObjective::maximal_covering(), options);
}

// Where a gap report's bound comes from.
enum class BoundSource : std::uint8_t {
  optimal,           // the integer programme was solved to optimality: the bound is the optimum
  branch_and_cut,    // stopped at the time limit: CBC's best bound
  linear_relaxation  // the linear relaxation only (lp_relaxation_only, or no usable bound from CBC)
};

// How far a heuristic answer can be from the optimum.
struct GapReport {
  PlacementModel model = PlacementModel::mclp;
  double heuristic_objective = 0.0;  // recomputed from the heuristic's sites
  double bound = 0.0;                // >= any answer's objective when maximising, <= for LSCP
  double exact_objective = std::numeric_limits<double>::quiet_NaN();  // best integer answer, NaN if none
  BoundSource source = BoundSource::linear_relaxation;
  // (bound - heuristic) / bound when maximising, (heuristic - bound) /
  // heuristic for LSCP; 0 when the denominator is 0; never negative.
  double relative_gap = 0.0;
  bool heuristic_optimal = false;    // the heuristic reaches a proven optimum
};

// Solves the model exactly (options.start_sites defaults to the heuristic's
// new sites) and compares: the bound is the optimum when proven, else CBC's
// best bound, else (or with lp_relaxation_only) the linear relaxation.
GapReport optimality_gap(const CoverageMatrix& matrix, PlacementModel model, std::size_t new_sites,
                         const CoverageObjective& objective, const SitingResult& heuristic,
                         const ExactOptions& options = {});

}  // namespace dsim
