// SPDX-License-Identifier: MIT
#include "sim/placement/exact_siting.hpp"

#include "sim/core/error.hpp"

#include <Cbc_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>

namespace dsim {

std::string_view placement_model_name(PlacementModel model) {
  switch (model) {
    case PlacementModel::lscp:
      return "lscp";
    case PlacementModel::mclp:
      return "mclp";
    case PlacementModel::backup:
      return "backup";
    case PlacementModel::mexclp:
      return "mexclp";
  }
  return "unknown";
}

double ExactResult::relative_gap() const {
  if (std::isnan(objective) || std::isnan(bound)) return std::numeric_limits<double>::quiet_NaN();
  return std::abs(bound - objective) / std::max(std::abs(objective), 1e-12);
}

namespace detail {

namespace {

// Demand points with the same covering sites behave alike in every model:
// one group each, weights summed.
struct DemandGroup {
  double weight = 0.0;
  std::size_t fixed_cover = 0;           // fixed sites covering the group
  std::vector<std::uint32_t> free_cover;  // column indices of the free sites covering it
};

// Column-wise sparse problem for CBC (built row by row, transposed at the end).
struct Problem {
  std::vector<double> col_lower, col_upper, cost;
  std::vector<std::uint8_t> integer;
  std::vector<double> row_lower, row_upper;
  std::vector<std::vector<std::pair<int, double>>> rows;  // (column, coefficient)
  double constant = 0.0;                                   // objective offset (fixed sites)
  bool maximise = true;

  int add_column(double lower, double upper, double c, bool is_integer) {
    col_lower.push_back(lower);
    col_upper.push_back(upper);
    cost.push_back(c);
    integer.push_back(is_integer ? 1 : 0);
    return static_cast<int>(cost.size() - 1);
  }
  void add_row(std::vector<std::pair<int, double>> entries, double lower, double upper) {
    rows.push_back(std::move(entries));
    row_lower.push_back(lower);
    row_upper.push_back(upper);
  }
};

constexpr double kInfinity = 1e30;  // CBC's infinity (COIN_DBL_MAX also works)

std::vector<DemandGroup> demand_groups(const CoverageMatrix& m, const std::vector<int>& column_of_site) {
  std::vector<std::uint32_t> order;
  for (std::uint32_t d = 0; d < m.demand_count(); ++d)
    if (m.coverable(d) && m.weight(d) >= 0.0) order.push_back(d);
  auto less = [&](std::uint32_t a, std::uint32_t b) {
    const auto ca = m.covering(a), cb = m.covering(b);
    return std::lexicographical_compare(ca.begin(), ca.end(), cb.begin(), cb.end());
  };
  auto same = [&](std::uint32_t a, std::uint32_t b) {
    const auto ca = m.covering(a), cb = m.covering(b);
    return std::equal(ca.begin(), ca.end(), cb.begin(), cb.end());
  };
  std::stable_sort(order.begin(), order.end(), less);
  std::vector<DemandGroup> groups;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::uint32_t d = order[i];
    if (i > 0 && same(order[i - 1], d)) {
      groups.back().weight += m.weight(d);
      continue;
    }
    DemandGroup g;
    g.weight = m.weight(d);
    for (std::uint32_t s : m.covering(d)) {
      if (m.is_fixed(s))
        ++g.fixed_cover;
      else
        g.free_cover.push_back(static_cast<std::uint32_t>(column_of_site[s]));
    }
    groups.push_back(std::move(g));
  }
  return groups;
}

// Columns 0..free-1 are the free sites' x_j in increasing site order.
struct Formulation {
  Problem problem;
  std::vector<std::uint32_t> site_of_column;
  std::vector<int> column_of_site;  // -1 for fixed sites
  std::vector<DemandGroup> groups;
  std::vector<int> first_y;  // per group: its first y column (y_{g,1..M} consecutive), -1 if none
  std::vector<int> y_count;
};

Formulation base(const CoverageMatrix& m) {
  Formulation f;
  f.column_of_site.assign(m.site_count(), -1);
  for (std::uint32_t s = 0; s < m.site_count(); ++s)
    if (!m.is_fixed(s)) {
      f.column_of_site[s] = static_cast<int>(f.site_of_column.size());
      f.site_of_column.push_back(s);
    }
  f.groups = demand_groups(m, f.column_of_site);
  return f;
}

// LSCP (Toregas et al. 1971): min sum x_j, sum_{j in N_i} x_j >= 1 for every
// group no fixed site covers.
Formulation lscp_formulation(const CoverageMatrix& m) {
  Formulation f = base(m);
  Problem& p = f.problem;
  p.maximise = false;
  for (std::size_t c = 0; c < f.site_of_column.size(); ++c) p.add_column(0.0, 1.0, 1.0, true);
  for (const DemandGroup& g : f.groups) {
    if (g.fixed_cover > 0) continue;
    std::vector<std::pair<int, double>> row;
    for (std::uint32_t c : g.free_cover) row.emplace_back(static_cast<int>(c), 1.0);
    p.add_row(std::move(row), 1.0, kInfinity);
  }
  return f;
}

// Maximal models in one form (docs/models.md): a group covered by k_g open
// sites is worth W_g value(k_g). With F_g fixed sites covering it, the
// constant W_g value(F_g) goes to the offset and y_{g,m} (m = 1..M_g) earns
// W_g increment(F_g + m - 1) with sum_m y_{g,m} <= sum_{j in N_g} x_j
// (Daskin's MEXCLP; M_g = 1 gives the MCLP, 2 the BACOP2). When increments
// grow (backup with theta < 0.5) y_{g,m+1} <= y_{g,m} and the y are
// integer (Hogan & ReVelle's u_i <= y_i); otherwise the linear programme
// already fills them in order and they may stay continuous.
Formulation max_formulation(const CoverageMatrix& m, std::size_t p_sites, const CoverageObjective& objective) {
  Formulation f = base(m);
  Problem& p = f.problem;
  p.maximise = true;
  const bool ordered = !objective.diminishing();
  for (std::size_t c = 0; c < f.site_of_column.size(); ++c) p.add_column(0.0, 1.0, 0.0, true);
  f.first_y.assign(f.groups.size(), -1);
  f.y_count.assign(f.groups.size(), 0);
  for (std::size_t gi = 0; gi < f.groups.size(); ++gi) {
    const DemandGroup& g = f.groups[gi];
    p.constant += g.weight * objective.value(g.fixed_cover);
    const std::size_t reach = std::min(g.free_cover.size(), p_sites);
    std::size_t last = 0;
    for (std::size_t k = 1; k <= reach; ++k)
      if (objective.increment(g.fixed_cover + k - 1) > 0.0) last = k;
    if (last == 0 || g.weight <= 0.0) continue;
    std::vector<std::pair<int, double>> row;
    for (std::size_t k = 1; k <= last; ++k) {
      const int col = p.add_column(0.0, 1.0, g.weight * objective.increment(g.fixed_cover + k - 1), ordered);
      if (k == 1) f.first_y[gi] = col;
      row.emplace_back(col, 1.0);
      if (ordered && k > 1) p.add_row({{col, 1.0}, {col - 1, -1.0}}, -kInfinity, 0.0);
    }
    f.y_count[gi] = static_cast<int>(last);
    for (std::uint32_t c : g.free_cover) row.emplace_back(static_cast<int>(c), -1.0);
    p.add_row(std::move(row), -kInfinity, 0.0);
  }
  std::vector<std::pair<int, double>> count;
  for (std::size_t c = 0; c < f.site_of_column.size(); ++c) count.emplace_back(static_cast<int>(c), 1.0);
  const auto pd = static_cast<double>(p_sites);
  p.add_row(std::move(count), pd, pd);
  return f;
}

// A full start vector (x and y) for the given new sites.
std::vector<double> start_vector(const Formulation& f, const std::vector<std::uint32_t>& new_sites) {
  std::vector<double> x(f.problem.cost.size(), 0.0);
  for (std::uint32_t s : new_sites) x[static_cast<std::size_t>(f.column_of_site[s])] = 1.0;
  for (std::size_t gi = 0; gi < f.first_y.size(); ++gi) {
    if (f.first_y[gi] < 0) continue;
    int open = 0;
    for (std::uint32_t c : f.groups[gi].free_cover) open += x[c] > 0.5 ? 1 : 0;
    for (int k = 0; k < f.y_count[gi] && k < open; ++k) x[static_cast<std::size_t>(f.first_y[gi] + k)] = 1.0;
  }
  return x;
}

std::mutex& cbc_mutex() {
  static std::mutex m;
  return m;
}

struct CbcDeleter {
  void operator()(Cbc_Model* m) const { Cbc_deleteModel(m); }
};

struct SolveOutcome {
  bool has_solution = false;
  bool proven_optimal = false;
  std::vector<double> solution;
  double objective = std::numeric_limits<double>::quiet_NaN();  // with the constant
  double bound = std::numeric_limits<double>::quiet_NaN();      // with the constant, NaN if unusable
  double seconds = 0.0;
};

SolveOutcome run_cbc(const Problem& p, bool relax, const ExactOptions& o, const std::vector<double>* start) {
  const int ncols = static_cast<int>(p.cost.size()), nrows = static_cast<int>(p.rows.size());
  std::vector<CoinBigIndex> col_start(static_cast<std::size_t>(ncols) + 1, 0);
  for (const auto& row : p.rows)
    for (const auto& [c, v] : row) ++col_start[static_cast<std::size_t>(c) + 1];
  std::partial_sum(col_start.begin(), col_start.end(), col_start.begin());
  std::vector<int> index(static_cast<std::size_t>(col_start.back()));
  std::vector<double> value(index.size());
  std::vector<CoinBigIndex> next(col_start.begin(), col_start.end() - 1);
  for (int r = 0; r < nrows; ++r)
    for (const auto& [c, v] : p.rows[static_cast<std::size_t>(r)]) {
      const auto k = static_cast<std::size_t>(next[static_cast<std::size_t>(c)]++);
      index[k] = r;
      value[k] = v;
    }

  std::lock_guard<std::mutex> lock(cbc_mutex());
  std::unique_ptr<Cbc_Model, CbcDeleter> model(Cbc_newModel());
  Cbc_Model* m = model.get();
  Cbc_loadProblem(m, ncols, nrows, col_start.data(), index.data(), value.data(), p.col_lower.data(),
                  p.col_upper.data(), p.cost.data(), p.row_lower.data(), p.row_upper.data());
  if (!relax)
    for (int c = 0; c < ncols; ++c)
      if (p.integer[static_cast<std::size_t>(c)]) Cbc_setInteger(m, c);
  Cbc_setObjSense(m, p.maximise ? -1.0 : 1.0);
  Cbc_setLogLevel(m, 0);
  Cbc_setParameter(m, "log", "0");
  Cbc_setParameter(m, "slog", "0");
  Cbc_setMaximumSeconds(m, std::max(o.time_limit_s, 0.01));
  Cbc_setAllowableFractionGap(m, std::max(o.relative_gap, 0.0));
  if (o.threads > 1) Cbc_setParameter(m, "threads", std::to_string(o.threads).c_str());
  std::vector<int> start_index;
  std::vector<double> start_value;
  if (start && !relax) {
    for (int c = 0; c < ncols; ++c) {
      start_index.push_back(c);
      start_value.push_back((*start)[static_cast<std::size_t>(c)]);
    }
    Cbc_setMIPStartI(m, ncols, start_index.data(), start_value.data());
  }
  const auto t0 = std::chrono::steady_clock::now();
  Cbc_solve(m);
  SolveOutcome out;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (relax) {
    if (Cbc_isProvenOptimal(m) || Cbc_isInitialSolveProvenOptimal(m)) out.bound = Cbc_getObjValue(m) + p.constant;
    return out;
  }
  const double* best = Cbc_bestSolution(m);
  if (best) {
    out.has_solution = true;
    out.solution.assign(best, best + ncols);
    out.objective = Cbc_getObjValue(m) + p.constant;
  }
  out.proven_optimal = best && Cbc_isProvenOptimal(m);
  const double b = Cbc_getBestPossibleObjValue(m);
  if (std::isfinite(b) && std::abs(b) < 1e29) out.bound = b + p.constant;
  return out;
}

void check_objective_kind(PlacementModel model, const CoverageObjective& o) {
  const double tol = 1e-12;
  bool ok = true;
  switch (model) {
    case PlacementModel::lscp:
      break;
    case PlacementModel::mclp:
      ok = std::abs(o.increment(0) - 1.0) < tol && o.increment(1) == 0.0;
      break;
    case PlacementModel::backup:
      ok = o.increment(2) == 0.0 && std::abs(o.increment(0) + o.increment(1) - 1.0) < tol;
      break;
    case PlacementModel::mexclp: {
      const double q = 1.0 - o.increment(0);
      ok = std::abs(o.increment(1) - (1.0 - q) * q) < tol && std::abs(o.increment(2) - (1.0 - q) * q * q) < tol;
      break;
    }
  }
  if (!ok)
    throw InputError("", 0, "objective", "the objective of model " + std::string(placement_model_name(model)),
                     "an objective of another model");
}

bool distinct_free(const CoverageMatrix& m, const std::vector<std::uint32_t>& sites) {
  std::vector<std::uint32_t> s = sites;
  std::sort(s.begin(), s.end());
  if (std::adjacent_find(s.begin(), s.end()) != s.end()) return false;
  return std::all_of(s.begin(), s.end(), [&](std::uint32_t x) { return x < m.site_count() && !m.is_fixed(x); });
}

bool covers_coverable(const CoverageMatrix& m, const std::vector<std::uint32_t>& new_sites) {
  std::vector<std::uint8_t> covered(m.demand_count(), 0);
  for (std::uint32_t s : m.fixed_sites())
    for (std::uint32_t d : m.covered_by(s)) covered[d] = 1;
  for (std::uint32_t s : new_sites)
    for (std::uint32_t d : m.covered_by(s)) covered[d] = 1;
  for (std::uint32_t d = 0; d < m.demand_count(); ++d)
    if (m.coverable(d) && !covered[d]) return false;
  return true;
}

}  // namespace

}  // namespace detail

ExactResult solve_exact(const CoverageMatrix& matrix, PlacementModel model, std::size_t new_sites,
                        const CoverageObjective& objective, const ExactOptions& options) {
  detail::check_objective_kind(model, objective);
  ExactResult r;
  r.model = model;
  r.total_weight = matrix.total_weight();
  r.uncoverable_demand = matrix.uncoverable_demand();
  const bool lscp = model == PlacementModel::lscp;
  if (lscp) {
    if (!r.uncoverable_demand.empty() && !options.allow_uncoverable) {
      // The same message as the heuristic's.
      SitingOptions so;
      so.local_search = false;
      solve_lscp(matrix, so);
    }
  } else if (new_sites > matrix.free_site_count()) {
    throw InputError("", 0, "new_sites",
                     "at most " + std::to_string(matrix.free_site_count()) + " (the candidate sites not already fixed)",
                     std::to_string(new_sites));
  }
  const detail::Formulation f =
      lscp ? detail::lscp_formulation(matrix) : detail::max_formulation(matrix, new_sites, objective);
  r.variables = f.problem.cost.size();
  r.constraints = f.problem.rows.size();

  std::vector<std::uint32_t> chosen;
  if (options.lp_relaxation_only) {
    const detail::SolveOutcome lp = detail::run_cbc(f.problem, true, options, nullptr);
    r.bound = lscp ? std::ceil(lp.bound - 1e-6) : lp.bound;
    r.bound_from_lp_only = true;
    r.solve_s = lp.seconds;
    return r;
  }
  if (f.problem.cost.empty() || (lscp && f.problem.rows.empty())) {
    // Nothing to choose: no free site, or the fixed sites already cover everything.
    r.has_solution = r.proven_optimal = true;
  } else {
    std::vector<double> start;
    const bool use_start = !options.start_sites.empty() && detail::distinct_free(matrix, options.start_sites) &&
                           (lscp ? detail::covers_coverable(matrix, options.start_sites)
                                 : options.start_sites.size() == new_sites);
    if (use_start) start = detail::start_vector(f, options.start_sites);
    const detail::SolveOutcome out = detail::run_cbc(f.problem, false, options, use_start ? &start : nullptr);
    r.solve_s = out.seconds;
    r.has_solution = out.has_solution;
    r.proven_optimal = out.proven_optimal;
    r.bound = out.bound;
    if (out.has_solution)
      for (std::size_t c = 0; c < f.site_of_column.size(); ++c)
        if (out.solution[c] > 0.5) chosen.push_back(f.site_of_column[c]);
  }
  if (r.has_solution) {
    r.new_sites = chosen;
    std::sort(r.new_sites.begin(), r.new_sites.end());
    r.sites = r.new_sites;
    r.sites.insert(r.sites.end(), matrix.fixed_sites().begin(), matrix.fixed_sites().end());
    std::sort(r.sites.begin(), r.sites.end());
    r.objective = lscp ? static_cast<double>(r.new_sites.size()) : coverage_value(matrix, r.sites, objective);
    r.covered_weight = coverage_value(matrix, r.sites, CoverageObjective::maximal_covering());
    if (r.proven_optimal && options.relative_gap <= 0.0) r.bound = r.objective;
  }
  if (std::isnan(r.bound) && !f.problem.cost.empty()) {
    // CBC stopped before it had a bound: the linear relaxation gives one.
    const detail::SolveOutcome lp = detail::run_cbc(f.problem, true, options, nullptr);
    r.bound = lp.bound;
    r.bound_from_lp_only = true;
  }
  if (lscp && !std::isnan(r.bound)) r.bound = std::ceil(r.bound - 1e-6);  // a count
  if (r.has_solution && !std::isnan(r.bound))
    r.bound = lscp ? std::min(r.bound, r.objective) : std::max(r.bound, r.objective);
  return r;
}

GapReport optimality_gap(const CoverageMatrix& matrix, PlacementModel model, std::size_t new_sites,
                         const CoverageObjective& objective, const SitingResult& heuristic,
                         const ExactOptions& options) {
  const bool lscp = model == PlacementModel::lscp;
  GapReport g;
  g.model = model;
  g.heuristic_objective =
      lscp ? static_cast<double>(heuristic.new_sites.size()) : coverage_value(matrix, heuristic.sites, objective);
  ExactOptions o = options;
  if (o.start_sites.empty()) o.start_sites = heuristic.new_sites;
  const ExactResult e = solve_exact(matrix, model, new_sites, objective, o);
  g.exact_objective = e.objective;
  g.bound = e.bound;
  if (std::isnan(g.bound)) {
    // No bound at all (an empty relaxation): the heuristic's own value.
    g.bound = g.heuristic_objective;
  }
  g.source = e.bound_from_lp_only                     ? BoundSource::linear_relaxation
             : e.proven_optimal && o.relative_gap <= 0 ? BoundSource::optimal
                                                       : BoundSource::branch_and_cut;
  // The heuristic answer is feasible, so it tightens a bound from either side.
  g.bound = lscp ? std::min(g.bound, g.heuristic_objective) : std::max(g.bound, g.heuristic_objective);
  if (lscp)
    g.relative_gap = g.heuristic_objective > 0.0 ? (g.heuristic_objective - g.bound) / g.heuristic_objective : 0.0;
  else
    g.relative_gap = g.bound > 0.0 ? (g.bound - g.heuristic_objective) / g.bound : 0.0;
  g.relative_gap = std::max(0.0, g.relative_gap);
  const double tol = 1e-9 * std::max(1.0, std::abs(g.bound));
  g.heuristic_optimal = g.source == BoundSource::optimal && std::abs(g.bound - g.heuristic_objective) <= tol;
  return g;
}

}  // namespace dsim
