// SPDX-License-Identifier: MIT
#include "sim/placement/siting.hpp"

#include "sim/core/random.hpp"

#include "sim/core/error.hpp"
#include "sim/network/dijkstra.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <queue>
#include <string>

namespace dsim {

CoverageObjective::CoverageObjective(Kind kind, double parameter)
    : kind_(kind), parameter_(parameter), diminishing_(kind != Kind::backup || parameter >= 0.5) {}

CoverageObjective CoverageObjective::maximal_covering() { return {Kind::maximal, 0.0}; }

CoverageObjective CoverageObjective::backup(double first_cover_weight) {
  if (!(first_cover_weight >= 0.0 && first_cover_weight <= 1.0))
    throw InputError("", 0, "first_cover_weight", "a weight between 0 and 1", std::to_string(first_cover_weight));
  return {Kind::backup, first_cover_weight};
}

CoverageObjective CoverageObjective::expected_covering(double busy_probability) {
  if (!(busy_probability >= 0.0 && busy_probability < 1.0))
    throw InputError("", 0, "busy_probability", "a probability in [0, 1)", std::to_string(busy_probability));
  return {Kind::expected, busy_probability};
}

double CoverageObjective::increment(std::size_t k) const {
  switch (kind_) {
    case Kind::maximal:
      return k == 0 ? 1.0 : 0.0;
    case Kind::backup:
      return k == 0 ? parameter_ : k == 1 ? 1.0 - parameter_ : 0.0;
    case Kind::expected:
      return (1.0 - parameter_) * std::pow(parameter_, static_cast<double>(k));
  }
  return 0.0;
}

double CoverageObjective::value(std::size_t k) const {
  double v = 0.0;
  for (std::size_t j = 0; j < k; ++j) v += increment(j);
  return v;
}

namespace detail {

namespace {

int team_size(int threads) { return threads > 0 ? threads : omp_get_max_threads(); }

// Open sites and how many of them cover each demand point.
struct SitingState {
  const CoverageMatrix& m;
  std::vector<std::uint32_t> count;  // per demand point
  std::vector<std::uint8_t> open;    // per site

  explicit SitingState(const CoverageMatrix& matrix)
      : m(matrix), count(matrix.demand_count(), 0), open(matrix.site_count(), 0) {
    for (std::uint32_t s : m.fixed_sites()) add(s);
  }
  void add(std::uint32_t s) {
    open[s] = 1;
    for (std::uint32_t d : m.covered_by(s)) ++count[d];
  }
  void remove(std::uint32_t s) {
    open[s] = 0;
    for (std::uint32_t d : m.covered_by(s)) --count[d];
  }
};

// Increments per coverage count, long enough for any count the matrix allows.
std::vector<double> increment_table(const CoverageMatrix& m, const CoverageObjective& objective) {
  std::vector<double> inc(m.site_count() + 2);
  for (std::size_t k = 0; k < inc.size(); ++k) inc[k] = objective.increment(k);
  return inc;
}

double gain_of(const SitingState& st, const std::vector<double>& inc, std::uint32_t s) {
  double g = 0.0;
  for (std::uint32_t d : st.m.covered_by(s)) g += st.m.weight(d) * inc[st.count[d]];
  return g;
}

double loss_of(const SitingState& st, const std::vector<double>& inc, std::uint32_t s) {
  double g = 0.0;
  for (std::uint32_t d : st.m.covered_by(s)) g += st.m.weight(d) * inc[st.count[d] - 1];
  return g;
}

// A heap entry: the largest key first, ties to the lowest site.
struct Candidate {
  double key;
  std::uint32_t site;
  bool operator<(const Candidate& o) const { return key < o.key || (key == o.key && site > o.site); }
};

// Gains of every closed non-fixed site, computed in parallel; each entry is
// summed by one thread in a fixed order, so the values do not depend on the
// thread count. Open or fixed sites get -1.
std::vector<double> all_gains(const SitingState& st, const std::vector<double>& inc, int threads) {
  const auto n = static_cast<std::int64_t>(st.m.site_count());
  std::vector<double> gains(static_cast<std::size_t>(n), -1.0);
  // Threads pay only on large matrices: on a small one they cost more in
  // start-up and waiting than the sums they share.
  const bool parallel = st.m.nonzero_count() > 1'000'000;
#pragma omp parallel for schedule(static) num_threads(team_size(threads)) if (parallel)
  for (std::int64_t s = 0; s < n; ++s) {
    const auto site = static_cast<std::uint32_t>(s);
    if (!st.open[site] && !st.m.is_fixed(site)) gains[site] = gain_of(st, inc, site);
  }
  return gains;
}

// Greedy: each step opens the closed site with the largest gain (lowest
// index on ties). With diminishing increments gains only shrink as sites
// open, so a stale gain is an upper bound and the lazy queue picks exactly
// what a full rescan would.
class Greedy {
 public:
  Greedy(SitingState& st, const std::vector<double>& inc, bool diminishing, int threads)
      : st_(st), inc_(inc), lazy_(diminishing), threads_(threads) {
    const std::vector<double> gains = all_gains(st, inc, threads);
    for (std::uint32_t s = 0; s < gains.size(); ++s)
      if (gains[s] >= 0.0) {
        heap_.push({gains[s], s});
        ++closed_;
      }
  }

  bool done() const { return closed_ == 0; }

  // Opens the best site; returns it with its gain.
  Candidate next() {
    Candidate pick{-1.0, 0};
    if (lazy_) {
      for (;;) {
        Candidate top = heap_.top();
        heap_.pop();
        top.key = gain_of(st_, inc_, top.site);
        if (heap_.empty() || !(top < heap_.top())) {
          pick = top;
          break;
        }
        heap_.push(top);
      }
    } else {
      const std::vector<double> gains = all_gains(st_, inc_, threads_);
      for (std::uint32_t s = 0; s < gains.size(); ++s)
        if (gains[s] > pick.key) pick = {gains[s], s};
    }
    st_.add(pick.site);
    --closed_;
    return pick;
  }

 private:
  SitingState& st_;
  const std::vector<double>& inc_;
  bool lazy_;
  int threads_;
  std::size_t closed_ = 0;
  std::priority_queue<Candidate> heap_;
};

void greedy(SitingState& st, const std::vector<double>& inc, bool diminishing, std::size_t p, int threads,
            std::vector<std::uint32_t>& chosen) {
  if (p == 0) return;
  Greedy g(st, inc, diminishing, threads);
  while (chosen.size() < p && !g.done()) chosen.push_back(g.next().site);
}

// Teitz-Bart interchange: for each chosen site in turn, find the closed site
// whose swap for it raises the objective most; accept it when it raises the
// objective at all. Repeat until a full pass changes nothing.
//
// The gains of closed sites are kept current incrementally: opening or
// closing site s changes the count of each point d it covers, and with it the
// gain of every other closed site covering d, so each move touches only the
// sites sharing a point with s instead of recomputing every gain. The gains
// are recomputed from scratch at the start of every pass, and the swap
// itself is accepted on freshly summed values, so rounding in the running
// sums can at worst pick a near-tied candidate, never accept a bad move.
std::size_t interchange(SitingState& st, const std::vector<double>& inc, std::vector<std::uint32_t>& chosen,
                        int threads) {
  const CoverageMatrix& m = st.m;
  const double tolerance = 1e-9 * std::max(1.0, m.total_weight());
  std::vector<double> gains;
  // Count of d goes from c to c + step: every closed non-fixed site covering
  // d (but s) sees its gain move by w (inc[c + step] - inc[c]).
  auto shift = [&](std::uint32_t s, int step) {
    for (std::uint32_t d : m.covered_by(s)) {
      const std::uint32_t c = st.count[d];
      const double delta = m.weight(d) * (inc[c + step] - inc[c]);
      if (delta == 0.0) continue;
      for (std::uint32_t t : m.covering(d))
        if (t != s && !st.open[t] && !m.is_fixed(t)) gains[t] += delta;
    }
  };
  auto open_site = [&](std::uint32_t s) {
    shift(s, +1);
    st.add(s);
    gains[s] = -1.0;
  };
  auto close_site = [&](std::uint32_t s) {
    shift(s, -1);
    st.remove(s);
    gains[s] = gain_of(st, inc, s);
  };
  std::size_t moves = 0;
  bool improved = true;
  while (improved) {
    improved = false;
    gains = all_gains(st, inc, threads);
    for (std::size_t pos = 0; pos < chosen.size(); ++pos) {
      const std::uint32_t out = chosen[pos];
      const double loss = loss_of(st, inc, out);
      close_site(out);
      std::uint32_t best = out;
      double best_gain = -1.0;
      for (std::uint32_t s = 0; s < gains.size(); ++s)
        if (s != out && gains[s] > best_gain) best_gain = gains[s], best = s;
      if (best != out) best_gain = gain_of(st, inc, best);
      if (best != out && best_gain - loss > tolerance) {
        open_site(best);
        chosen[pos] = best;
        ++moves;
        improved = true;
      } else {
        open_site(out);
      }
    }
  }
  return moves;
}

SitingResult finish(const SitingState& st, const CoverageObjective* objective) {
  const CoverageMatrix& m = st.m;
  SitingResult r;
  for (std::uint32_t s = 0; s < m.site_count(); ++s)
    if (st.open[s]) {
      r.sites.push_back(s);
      if (!m.is_fixed(s)) r.new_sites.push_back(s);
    }
  r.total_weight = m.total_weight();
  for (std::uint32_t d = 0; d < m.demand_count(); ++d) {
    if (st.count[d] >= 1) r.covered_weight += m.weight(d);
    if (st.count[d] >= 2) r.covered_twice_weight += m.weight(d);
    if (objective) r.objective += m.weight(d) * objective->value(st.count[d]);
  }
  if (!objective) r.objective = static_cast<double>(r.new_sites.size());
  r.uncoverable_demand = m.uncoverable_demand();
  r.uncoverable_weight = m.uncoverable_weight();
  return r;
}

std::string describe_uncoverable(const CoverageMatrix& m, const std::vector<std::uint32_t>& far) {
  constexpr std::size_t kShown = 10;
  std::string s = std::to_string(far.size()) + " demand point" + (far.size() == 1 ? "" : "s") +
                  " that no candidate site can reach in time: ";
  for (std::size_t i = 0; i < far.size() && i < kShown; ++i) {
    const std::uint32_t d = far[i];
    if (i > 0) s += "; ";
    s += m.label(d);
    const double nearest = m.nearest_reach_s(d), limit = m.limit_s(d);
    if (std::isfinite(nearest)) {
      s += ": nearest site reaches it in " + std::to_string(static_cast<long long>(std::ceil(nearest))) + " s";
      if (!std::isnan(limit)) s += ", limit " + std::to_string(static_cast<long long>(std::floor(limit))) + " s";
    } else {
      s += ": no site reaches it";
    }
  }
  if (far.size() > kShown) s += "; and " + std::to_string(far.size() - kShown) + " more";
  return s;
}

// Closes new sites whose every covered (coverable) point has another open
// site, latest chosen first.
void drop_redundant(SitingState& st, std::vector<std::uint32_t>& chosen) {
  for (std::size_t i = chosen.size(); i-- > 0;) {
    const std::uint32_t s = chosen[i];
    bool needed = false;
    for (std::uint32_t d : st.m.covered_by(s))
      if (st.count[d] < 2) {
        needed = true;
        break;
      }
    if (!needed) {
      st.remove(s);
      chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

// Tries to replace two new sites by one closed site keeping full coverage;
// applies the first such move (pairs in increasing order) and returns true.
bool swap_two_for_one(SitingState& st, std::vector<std::uint32_t>& chosen) {
  std::vector<std::uint32_t> sorted = chosen;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::uint32_t> lost;
  for (std::size_t i = 0; i < sorted.size(); ++i)
    for (std::size_t j = i + 1; j < sorted.size(); ++j) {
      const std::uint32_t a = sorted[i], b = sorted[j];
      st.remove(a);
      st.remove(b);
      lost.clear();
      for (std::uint32_t d : st.m.covered_by(a))
        if (st.count[d] == 0) lost.push_back(d);
      for (std::uint32_t d : st.m.covered_by(b))
        if (st.count[d] == 0) lost.push_back(d);
      std::sort(lost.begin(), lost.end());
      lost.erase(std::unique(lost.begin(), lost.end()), lost.end());
      std::int64_t replacement = -1;
      if (!lost.empty()) {
        for (std::uint32_t c : st.m.covering(lost.front())) {
          if (st.open[c] || c == a || c == b) continue;
          bool all = true;
          for (std::uint32_t d : lost) {
            const auto cov = st.m.covering(d);
            if (!std::binary_search(cov.begin(), cov.end(), c)) {
              all = false;
              break;
            }
          }
          if (all) {
            replacement = c;
            break;
          }
        }
      }
      if (lost.empty() || replacement >= 0) {
        std::erase(chosen, a);
        std::erase(chosen, b);
        if (replacement >= 0) {
          st.add(static_cast<std::uint32_t>(replacement));
          chosen.push_back(static_cast<std::uint32_t>(replacement));
        }
        return true;
      }
      st.add(a);
      st.add(b);
    }
  return false;
}

}  // namespace

}  // namespace detail

double coverage_value(const CoverageMatrix& matrix, std::span<const std::uint32_t> open_sites,
                      const CoverageObjective& objective) {
  detail::SitingState st(matrix);
  for (std::uint32_t s : open_sites) {
    if (s >= matrix.site_count())
      throw InputError("", 0, "sites", "site indices below " + std::to_string(matrix.site_count()),
                       std::to_string(s));
    if (!st.open[s]) st.add(s);
  }
  double v = 0.0;
  for (std::uint32_t d = 0; d < matrix.demand_count(); ++d) v += matrix.weight(d) * objective.value(st.count[d]);
  return v;
}

namespace detail {

namespace {

// solve_max_coverage on a matrix as given, stopping after the first start
// whose answer reaches `enough` (later starts could only tie it).
SitingResult max_coverage_on(const CoverageMatrix& matrix, std::size_t new_sites, const CoverageObjective& objective,
                             const SitingOptions& options, double enough) {
  const std::vector<double> inc = detail::increment_table(matrix, objective);
  // Start k opens the k-th best site first (by gain on top of the fixed
  // sites), then continues greedily; start 0 is plain greedy. Each start is
  // improved by interchange and the best answer kept (the earliest on ties).
  std::vector<std::uint32_t> firsts;
  if (new_sites > 0) {
    detail::SitingState st(matrix);
    const std::vector<double> gains = detail::all_gains(st, inc, options.threads);
    std::vector<detail::Candidate> order;
    for (std::uint32_t s = 0; s < gains.size(); ++s)
      if (gains[s] >= 0.0) order.push_back({gains[s], s});
    std::sort(order.begin(), order.end(), [](const detail::Candidate& a, const detail::Candidate& b) { return b < a; });
    const std::size_t starts = options.local_search ? std::max<std::size_t>(1, options.starts) : 1;
    for (std::size_t k = 0; k < order.size() && k < starts; ++k) firsts.push_back(order[k].site);
  }
  SitingResult best;
  bool have = false;
  for (std::size_t k = 0; k < std::max<std::size_t>(1, firsts.size()); ++k) {
    detail::SitingState st(matrix);
    std::vector<std::uint32_t> chosen;
    if (!firsts.empty()) {
      st.add(firsts[k]);
      chosen.push_back(firsts[k]);
    }
    detail::greedy(st, inc, objective.diminishing(), new_sites, options.threads, chosen);
    const double greedy_value = detail::finish(st, &objective).objective;
    std::size_t moves = 0;
    if (options.local_search) moves = detail::interchange(st, inc, chosen, options.threads);
    SitingResult r = detail::finish(st, &objective);
    r.greedy_objective = greedy_value;
    r.improvements = moves;
    if (!have) {
      best = std::move(r);
      have = true;
    } else if (r.objective > best.objective + 1e-9 * std::max(1.0, matrix.total_weight())) {
      r.greedy_objective = best.greedy_objective;  // keep reporting plain greedy's value
      best = std::move(r);
    }
    if (best.objective >= enough) break;
  }
  // Iterated local search (Lourenco, Martin & Stuetzle 2003): from the best
  // answer, close a few of its new sites at random, reopen greedily, improve
  // by interchange, and keep the result when it is better. It escapes the
  // local optima of single swaps that multi-start alone keeps returning to.
  // The random choices come from a fixed stream, so answers do not depend on
  // the thread count.
  if (options.local_search && new_sites >= 2 && best.objective < enough) {
    RandomStream rng(0, 0, "siting/perturbation");
    const double tolerance = 1e-9 * std::max(1.0, matrix.total_weight());
    const std::size_t drop = std::max<std::size_t>(2, new_sites / 2);
    for (std::size_t round = 0; round < options.perturbations; ++round) {
      std::vector<std::uint32_t> chosen = best.new_sites;
      for (std::size_t k = 0; k < drop && !chosen.empty(); ++k) {
        const std::size_t i = rng.below(chosen.size());
        chosen[i] = chosen.back();
        chosen.pop_back();
      }
      detail::SitingState st(matrix);
      for (std::uint32_t s : chosen) st.add(s);
      detail::greedy(st, inc, objective.diminishing(), new_sites, options.threads, chosen);
      const std::size_t moves = detail::interchange(st, inc, chosen, options.threads);
      SitingResult r = detail::finish(st, &objective);
      if (r.objective > best.objective + tolerance) {
        r.greedy_objective = best.greedy_objective;
        r.improvements = best.improvements + moves;
        best = std::move(r);
        if (best.objective >= enough) break;
      }
    }
  }
  return best;
}

// The part of a problem the answer can change. A demand point whose
// increments are zero from the count the fixed sites give it up to that count
// plus p (maximal covering: any point a kept station already covers) adds the
// same to every answer, and a site covering only such points gains nothing:
// both are left out. Sites keep their order, so ties break as in the whole
// problem. In the default region the existing stations cover 98.6 % of the
// demand, and the problem shrinks to a few hundred points.
struct ReducedProblem {
  CoverageMatrix matrix;
  std::vector<std::uint32_t> site_of;  // reduced site -> site of the whole problem
  double constant = 0.0;               // objective of the points left out
};

std::optional<ReducedProblem> reduce(const CoverageMatrix& m, std::size_t new_sites, const CoverageObjective& objective) {
  SitingState fixed(m);
  std::vector<std::int64_t> keep_demand(m.demand_count(), -1);
  std::size_t kept_demand = 0;
  double constant = 0.0;
  for (std::uint32_t d = 0; d < m.demand_count(); ++d) {
    const std::uint32_t c = fixed.count[d];
    bool matters = false;
    for (std::size_t k = c; k <= c + new_sites && !matters; ++k) matters = objective.increment(k) != 0.0;
    if (matters && m.weight(d) > 0.0 && !m.covering(d).empty()) keep_demand[d] = static_cast<std::int64_t>(kept_demand++);
    else constant += m.weight(d) * objective.value(c);
  }
  ReducedProblem r;
  std::vector<std::vector<std::uint32_t>> covers;
  std::vector<std::uint32_t> fixed_sites;
  for (std::uint32_t s = 0; s < m.site_count(); ++s) {
    std::vector<std::uint32_t> list;
    for (std::uint32_t d : m.covered_by(s))
      if (keep_demand[d] >= 0) list.push_back(static_cast<std::uint32_t>(keep_demand[d]));
    if (list.empty() && !m.is_fixed(s)) continue;
    if (m.is_fixed(s)) fixed_sites.push_back(static_cast<std::uint32_t>(covers.size()));
    r.site_of.push_back(s);
    covers.push_back(std::move(list));
  }
  const std::size_t free_kept = r.site_of.size() - fixed_sites.size();
  // Not worth it, or too few useful sites left to choose p from.
  if (2 * kept_demand > m.demand_count() || free_kept < new_sites) return std::nullopt;
  std::vector<double> weights(kept_demand);
  for (std::uint32_t d = 0; d < m.demand_count(); ++d)
    if (keep_demand[d] >= 0) weights[static_cast<std::size_t>(keep_demand[d])] = m.weight(d);
  r.matrix = CoverageMatrix(std::move(covers), std::move(weights), std::move(fixed_sites));
  r.constant = constant;
  return r;
}

// solve_max_coverage: on the reduced problem when it is smaller, with the
// answer stated on the whole one.
SitingResult max_coverage(const CoverageMatrix& matrix, std::size_t new_sites, const CoverageObjective& objective,
                          const SitingOptions& options, double enough) {
  if (new_sites > matrix.free_site_count())
    throw InputError("", 0, "new_sites",
                     "at most " + std::to_string(matrix.free_site_count()) + " (the candidate sites not already fixed)",
                     std::to_string(new_sites));
  std::optional<ReducedProblem> reduced = reduce(matrix, new_sites, objective);
  if (!reduced) return max_coverage_on(matrix, new_sites, objective, options, enough);
  const SitingResult small = max_coverage_on(reduced->matrix, new_sites, objective, options, enough - reduced->constant);
  SitingState st(matrix);
  for (std::uint32_t s : small.new_sites) st.add(reduced->site_of[s]);
  SitingResult out = finish(st, &objective);
  out.greedy_objective = small.greedy_objective + reduced->constant;
  out.improvements = small.improvements;
  return out;
}

}  // namespace

}  // namespace detail

SitingResult solve_max_coverage(const CoverageMatrix& matrix, std::size_t new_sites,
                                const CoverageObjective& objective, const SitingOptions& options) {
  return detail::max_coverage(matrix, new_sites, objective, options, std::numeric_limits<double>::infinity());
}

SitingResult solve_lscp(const CoverageMatrix& matrix, const SitingOptions& options) {
  const std::vector<std::uint32_t> far = matrix.uncoverable_demand();
  if (!far.empty() && !options.allow_uncoverable)
    throw InputError("", 0, "demand", "every demand point within reach of some candidate site",
                     detail::describe_uncoverable(matrix, far));
  detail::SitingState st(matrix);
  // Greedy set cover by the number of still uncovered points: increments
  // 1 for the first cover, 0 after, all weights counted as 1.
  std::vector<double> unit(matrix.demand_count(), 1.0);
  std::vector<std::vector<std::uint32_t>> covers(matrix.site_count());
  for (std::uint32_t s = 0; s < matrix.site_count(); ++s) {
    const auto c = matrix.covered_by(s);
    covers[s].assign(c.begin(), c.end());
  }
  const CoverageMatrix counting(std::move(covers), std::move(unit),
                                std::vector<std::uint32_t>(matrix.fixed_sites().begin(), matrix.fixed_sites().end()));
  detail::SitingState cst(counting);
  const std::vector<double> inc = detail::increment_table(counting, CoverageObjective::maximal_covering());
  std::size_t uncovered = 0;
  for (std::uint32_t d = 0; d < matrix.demand_count(); ++d)
    if (matrix.coverable(d) && cst.count[d] == 0) ++uncovered;
  std::vector<std::uint32_t> chosen;
  if (uncovered > 0) {
    detail::Greedy g(cst, inc, true, options.threads);
    while (uncovered > 0) {
      const detail::Candidate c = g.next();
      chosen.push_back(c.site);
      uncovered -= static_cast<std::size_t>(std::llround(c.key));
    }
  }
  for (std::uint32_t s : chosen) st.add(s);
  detail::drop_redundant(st, chosen);
  const double greedy_count = static_cast<double>(chosen.size());
  std::size_t moves = 0;
  if (options.local_search)
    while (detail::swap_two_for_one(st, chosen)) {
      ++moves;
      detail::drop_redundant(st, chosen);
    }
  // Fewer sites by a fresh start: the best k-1 sites for the number of
  // points covered; accept when they still cover everything.
  if (options.local_search) {
    std::size_t coverable = 0;
    for (std::uint32_t d = 0; d < matrix.demand_count(); ++d) coverable += matrix.coverable(d) ? 1 : 0;
    SitingOptions inner = options;
    while (!chosen.empty()) {
      const SitingResult fewer = detail::max_coverage(counting, chosen.size() - 1,
                                                      CoverageObjective::maximal_covering(), inner,
                                                      static_cast<double>(coverable) - 0.5);
      if (std::llround(fewer.covered_weight) < static_cast<long long>(coverable)) break;
      for (std::uint32_t s : chosen) st.remove(s);
      chosen = fewer.new_sites;
      for (std::uint32_t s : chosen) st.add(s);
      ++moves;
    }
  }
  // Iterated local search on the cover itself: close a quarter of the sites
  // (at least two) at random, cover what they leave greedily, then drop
  // redundant sites and swap two for one; move to the new cover when it is no
  // larger, keep the smallest seen.
  if (options.local_search && options.perturbations > 0 && chosen.size() >= 2) {
    RandomStream rng(0, 0, "siting/lscp-perturbation");
    std::vector<std::uint32_t> best = chosen, current = chosen;
    std::vector<std::uint32_t> tally(matrix.site_count(), 0);
    for (std::size_t round = 0; round < options.perturbations && best.size() > 1; ++round) {
      detail::SitingState trial(matrix);
      std::vector<std::uint32_t> sites = current;
      for (std::size_t k = std::max<std::size_t>(2, sites.size() / 4); k > 0 && !sites.empty(); --k) {
        const std::size_t i = rng.below(sites.size());
        sites[i] = sites.back();
        sites.pop_back();
      }
      for (std::uint32_t s : sites) trial.add(s);
      for (;;) {
        // The closed site covering most still-uncovered coverable points (lowest index on ties).
        std::vector<std::uint32_t> touched;
        for (std::uint32_t d = 0; d < matrix.demand_count(); ++d) {
          if (trial.count[d] > 0 || !matrix.coverable(d)) continue;
          for (std::uint32_t c : matrix.covering(d)) {
            if (trial.open[c]) continue;
            if (tally[c]++ == 0) touched.push_back(c);
          }
        }
        if (touched.empty()) break;
        std::uint32_t pick = touched.front();
        for (std::uint32_t c : touched)
          if (tally[c] > tally[pick] || (tally[c] == tally[pick] && c < pick)) pick = c;
        for (std::uint32_t c : touched) tally[c] = 0;
        trial.add(pick);
        sites.push_back(pick);
      }
      detail::drop_redundant(trial, sites);
      while (detail::swap_two_for_one(trial, sites)) detail::drop_redundant(trial, sites);
      if (sites.size() <= current.size()) current = sites;
      if (sites.size() < best.size()) best = sites;
    }
    if (best.size() < chosen.size()) {
      for (std::uint32_t s : chosen) st.remove(s);
      chosen = best;
      for (std::uint32_t s : chosen) st.add(s);
      ++moves;
    }
  }
  SitingResult r = detail::finish(st, nullptr);
  r.greedy_objective = greedy_count;
  r.improvements = moves;
  return r;
}

}  // namespace dsim
