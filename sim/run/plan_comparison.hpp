// SPDX-License-Identifier: MIT
#pragma once

// `dsim compare` and `ds.compare`: the base and its variants run on the same
// replications (common random numbers), then, for each indicator, each
// plan's mean and its paired difference to the base with an interval
// corrected for the number of variants, and the best plan on a chosen
// indicator with the confidence that it is best (docs/models.md, "Comparing
// plans"). A precision asked for adds replications until it is reached.

#include "sim/experiment/paired_comparison.hpp"
#include "sim/run/batch_results.hpp"

#include <functional>
#include <string>
#include <vector>

namespace dsim {

// "KPI=HALFWIDTH": the half width every variant's difference to the base should reach on KPI.
struct PrecisionTarget {
  std::string indicator;
  double half_width = 0.0;
};
// Parses "KPI=HALFWIDTH" (InputError naming `option` otherwise).
PrecisionTarget parse_precision(const std::string& text, const std::string& option);

struct ComparisonOptions {
  double level = 0.95;
  MultipleComparisonCorrection correction = MultipleComparisonCorrection::holm_bonferroni;
  std::string best_indicator;   // empty: the 5-minute fire circle's share, else within_5min_share
  int best_direction = 0;       // -1 smaller is better, +1 larger, 0: the indicator's own
  std::vector<PrecisionTarget> precision;
  std::size_t max_replications = 1000;  // with a precision: the most replications per plan
};

// Whether smaller values of an indicator are better (times, losses, people
// exposed) or larger ones (shares reached in time, warned, contained).
bool smaller_is_better(const std::string& indicator);

struct IndicatorComparison {
  Indicator indicator;
  std::vector<double> means;           // per plan, over the replications where it is defined
  std::vector<std::size_t> defined;    // per plan: replications where it is defined
  PlanComparison paired;               // variants 1.. against the base
  std::vector<ConfidenceInterval> unpaired;  // per variant: Welch's interval, as if the runs were independent
};

struct PrecisionStep {
  std::size_t replications = 0;  // per plan, when checked
  std::string indicator;
  double half_width = 0.0;       // the widest over the variants
  double target = 0.0;
};

struct ComparisonOutcome {
  BatchHeader header;
  std::vector<UnitResult> units;
  std::vector<IndicatorComparison> indicators;
  std::string best_indicator;
  bool best_smaller = true;
  BestPlan best;
  std::vector<PrecisionStep> precision_steps;
  bool precision_reached = true;  // every target reached (true without targets)
  bool interrupted = false;
};

// The statistics of units already run (every plan's replications 0..n-1).
ComparisonOutcome compare_units(const BatchHeader& header, std::vector<UnitResult> units,
                                const ComparisonOptions& options);

// Runs the plan's units (more with a precision target), then compares.
// `on_progress(replications done, replications planned)` over every plan.
ComparisonOutcome run_comparison(BatchPlan plan, const ComparisonOptions& options, int threads,
                                 const std::function<void(std::size_t, std::size_t)>& on_progress = {},
                                 const std::atomic<bool>* cancel = nullptr,
                                 const std::function<void(const FloodProgress&)>& on_flood_progress = {});

// The batch tables (runs, design, work_units) with `comparison` (one row per
// indicator and plan) and `best`.
ResultsFile comparison_results(const ComparisonOutcome& outcome, const ComparisonOptions& options,
                               const std::string& command_line);

}  // namespace dsim
