// SPDX-License-Identifier: MIT
// `dsim compare BASE.yaml --variants PLANS.yaml`: the base and its variants on
// common random numbers, paired differences with corrected intervals, and the best plan.
#include "sim/cli/batch_report.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/io/hdf5_results.hpp"
#include "sim/run/plan_comparison.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

namespace dsim::cli {

namespace {

std::string num(double x) { return std::isnan(x) ? std::string("-") : fixed_significant(x, 4); }

void print_indicator(const ComparisonOutcome& out, const IndicatorComparison& c) {
  const std::size_t n = out.header.replications;
  std::printf("\n%s (%s): mean over the replications where it is defined (of %zu); difference to the base,\n"
              "paired on the same replications, %.1f%% interval%s\n",
              c.indicator.name.c_str(), c.indicator.unit.empty() ? "count" : c.indicator.unit.c_str(), n,
              100.0 * c.paired.interval_level,
              c.paired.arms.size() > 1 ? " (Bonferroni over the variants; p Holm-adjusted)" : "");
  std::printf("  %-22s %10s %10s %24s %8s %24s\n", "plan", "mean", "difference", "paired interval", "p", "unpaired interval");
  for (std::size_t p = 0; p < c.means.size(); ++p) {
    std::printf("  %-22.22s %10s", out.header.point_names[p].c_str(), num(c.means[p]).c_str());
    if (p == 0) {
      std::printf("\n");
      continue;
    }
    const ArmComparison& a = c.paired.arms[p - 1];
    const ConfidenceInterval& d = a.difference.difference;
    const ConfidenceInterval& u = c.unpaired[p - 1];
    std::printf(" %10s %24s %8s %24s\n", num(d.mean).c_str(),
                ("[" + num(d.lower()) + ", " + num(d.upper()) + "]").c_str(), num(a.p_adjusted).c_str(),
                ("[" + num(u.lower()) + ", " + num(u.upper()) + "]").c_str());
  }
}

}  // namespace

Action add_compare_command(CLI::App& app) {
  struct Options {
    std::string base;
    std::string variants;
    std::string output;
    BatchOverrides overrides;
    long long seed = -1;
    int threads = 0;
    std::vector<std::string> precision;
    std::string best;
    std::string correction = "holm-bonferroni";
    ComparisonOptions compare;
    bool all = false;
    bool progress = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("compare", "Compare plan variants on common random numbers");
  cmd->description(
      "Run a base scenario and its variants (a variants file, or the base's own variants: section) on the same\n"
      "replications with the same seed (common random numbers: the same incidents in every plan). For each\n"
      "indicator it prints every plan's mean and its difference to the base with a paired confidence\n"
      "interval, Bonferroni-corrected when there are several variants (p-values Holm-adjusted), next to the\n"
      "unpaired interval for contrast, then the best plan on one indicator and the confidence that it is best.\n"
      "--precision adds replications until a difference is known to a half width (sequential procedure,\n"
      "docs/models.md \"Comparing plans\").");
  cmd->footer(
      "Examples:\n"
      "  dsim compare scenarios/ordos_default.yaml --variants scenarios/plans/plan_variants.yaml -r 20\n"
      "  dsim compare base.yaml --variants plans.yaml --precision fire_circle_within_5min_share=0.02 -o compare.h5\n"
      "  dsim compare base.yaml --variants plans.yaml --best mean_first_arrival_s --all\n"
      "  dsim compare plan_with_variants.yaml -r 20   the scenario's own variants: section");
  cmd->add_option("base", opts->base, "Base scenario YAML file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--variants", opts->variants,
                  "Variants file (docs/scenario-format.md, \"Variants\"); default: the base's own variants: section")
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opts->output, "Results file (.h5): runs, comparison and best tables");
  cmd->add_option("-r,--replications", opts->overrides.replications, "Replications per plan (default: the base's)")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--seed", opts->seed, "Random seed (default: the base's)")->check(CLI::NonNegativeNumber);
  cmd->add_option("-j,--threads", opts->threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("--precision", opts->precision,
                  "INDICATOR=HALFWIDTH: add replications until every variant's difference is known to this half width");
  cmd->add_option("--max-replications", opts->compare.max_replications, "With --precision: the most replications per plan")
      ->check(CLI::Range(2, 1000000))
      ->capture_default_str();
  cmd->add_option("--best", opts->best,
                  "Indicator to rank the plans on, with :min or :max to say which way is better "
                  "(default: fire_circle_within_5min_share)");
  cmd->add_option("--level", opts->compare.level, "Confidence level")->check(CLI::Range(0.5, 0.999))->capture_default_str();
  cmd->add_option("--correction", opts->correction, "Multiple-comparison correction: holm-bonferroni or none")
      ->check(CLI::IsMember({"holm-bonferroni", "none"}))
      ->capture_default_str();
  cmd->add_flag("--all", opts->all, "Print every indicator, not only the headline ones");
  cmd->add_flag("--progress", opts->progress, "Show a progress bar even when stderr is not a terminal");
  return [opts]() {
    opts->overrides.seed = opts->seed;
    ComparisonOptions& c = opts->compare;
    c.correction = correction_from_name(opts->correction);
    for (const std::string& p : opts->precision) c.precision.push_back(parse_precision(p, "--precision"));
    c.best_indicator = opts->best;
    if (const std::size_t colon = opts->best.rfind(':'); colon != std::string::npos) {
      const std::string way = opts->best.substr(colon + 1);
      if (way != "min" && way != "max")
        throw InputError("", 0, "--best", "INDICATOR, INDICATOR:min or INDICATOR:max", "'" + opts->best + "'");
      c.best_indicator = opts->best.substr(0, colon);
      c.best_direction = way == "min" ? -1 : 1;
    }
    const BatchPlan plan = compare_plan(opts->base, opts->variants, opts->overrides);
    std::printf("Comparing %zu plans (the base and %zu variant%s) on %zu replications each, seed %llu%s\n",
                plan.points.size(), plan.points.size() - 1, plan.points.size() == 2 ? "" : "s", plan.replications,
                static_cast<unsigned long long>(plan.seed),
                c.precision.empty() ? "" : " (more if a --precision needs them)");
    install_interrupt_handler();
    ProgressBar bar("replications", opts->progress || stderr_is_terminal());
    FloodBar flood_bar(opts->progress || stderr_is_terminal());
    const ComparisonOutcome out = run_comparison(
        plan, c, opts->threads,
        [&](std::size_t done, std::size_t total) {
          flood_bar.finish();
          bar.update(done, total);
        },
        &interrupt_flag(), [&](const FloodProgress& p) { flood_bar(p); });
    flood_bar.finish();
    bar.finish();
    if (out.header.replications < 2) {
      std::fprintf(stderr, "Interrupted before every plan had two replications: nothing to compare, nothing written.\n");
      return kExitInterrupted;
    }
    std::vector<std::string> shown;
    if (opts->all) {
      for (const IndicatorComparison& i : out.indicators) shown.push_back(i.indicator.name);
    } else {
      std::vector<Indicator> present;
      for (const IndicatorComparison& i : out.indicators) present.push_back(i.indicator);
      shown = headline_indicators(present);
      for (const PrecisionTarget& t : c.precision)
        if (std::find(shown.begin(), shown.end(), t.indicator) == shown.end()) shown.push_back(t.indicator);
      if (std::find(shown.begin(), shown.end(), out.best_indicator) == shown.end()) shown.push_back(out.best_indicator);
    }
    for (const std::string& name : shown)
      for (const IndicatorComparison& i : out.indicators)
        if (i.indicator.name == name) print_indicator(out, i);
    for (const PrecisionStep& s : out.precision_steps)
      std::printf("Precision: after %zu replications, the widest half width of %s was %s (target %s)\n", s.replications,
                  s.indicator.c_str(), num(s.half_width).c_str(), num(s.target).c_str());
    if (!c.precision.empty())
      std::printf("Precision %s after %zu replications per plan%s\n", out.precision_reached ? "reached" : "NOT reached",
                  out.header.replications,
                  out.precision_reached ? "" : " (raise --max-replications, or accept a wider half width)");
    if (!out.best.means.empty())
      std::printf("\nBest plan on %s (%s is better): %s, mean %s; better than every other plan with confidence %.3f\n"
                  "(Bonferroni-bounded multiple comparisons with the best, over %zu paired replications)%s\n",
                  out.best_indicator.c_str(), out.best_smaller ? "smaller" : "larger",
                  out.header.point_names[out.best.plan].c_str(), num(out.best.mean).c_str(), out.best.confidence,
                  out.best.replications_used, out.best.confident ? "" : ": not distinguishable at this level; add replications");
    if (out.interrupted) std::printf("Interrupted: compared on the %zu replications every plan finished\n", out.header.replications);
    if (!opts->output.empty()) {
      write_results(comparison_results(out, c,
                                       "dsim compare " + opts->base +
                                           (opts->variants.empty() ? "" : " --variants " + opts->variants)),
                    opts->output);
      std::printf("Results: %s (tables runs, comparison, best, design, work_units)\n", opts->output.c_str());
    }
    return out.interrupted ? kExitInterrupted : kExitOk;
  };
}

}  // namespace dsim::cli
