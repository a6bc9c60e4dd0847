// SPDX-License-Identifier: MIT
#include "sim/run/plan_comparison.hpp"

#include "sim/core/error.hpp"
#include "sim/io/table_schema.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

namespace dsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The units run, whatever their blocks, cut again as the header's batch cuts them.
std::vector<UnitResult> recut(const BatchHeader& header, const std::vector<UnitResult>& units) {
  const std::vector<Indicator> indicators = indicator_union(units);
  // (point, replication) -> values by indicator
  std::map<std::pair<std::size_t, std::int64_t>, std::vector<double>> rows;
  std::map<std::size_t, double> prepare_s, run_s;
  for (const UnitResult& u : units) {
    prepare_s[u.unit.point] += u.prepare_s;
    run_s[u.unit.point] += u.run_s;
    for (std::size_t r = 0; r < u.replications.size(); ++r) {
      std::vector<double> row(indicators.size(), kNaN);
      for (std::size_t k = 0; k < indicators.size(); ++k)
        for (std::size_t i = 0; i < u.indicators.size(); ++i)
          if (u.indicators[i].name == indicators[k].name) row[k] = u.values[i][r];
      rows[{u.unit.point, u.replications[r]}] = std::move(row);
    }
  }
  std::vector<UnitResult> out;
  for (const WorkUnit& w : batch_units(header)) {
    UnitResult u;
    u.unit = w;
    u.indicators = indicators;
    u.values.assign(indicators.size(), {});
    for (std::size_t r = w.first_replication; r < w.first_replication + w.replications; ++r) {
      const auto it = rows.find({w.point, std::int64_t(r)});
      if (it == rows.end()) continue;
      u.replications.push_back(std::int64_t(r));
      for (std::size_t k = 0; k < indicators.size(); ++k) u.values[k].push_back(it->second[k]);
    }
    if (w.first_replication == 0) u.prepare_s = prepare_s[w.point];
    if (w.first_replication == 0) u.run_s = run_s[w.point];
    if (!u.replications.empty()) out.push_back(std::move(u));
  }
  return out;
}

// values[plan][replication] of one indicator; NaN where a plan lacks it.
std::vector<std::vector<double>> by_plan(const BatchHeader& header, const std::vector<UnitResult>& units,
                                         const std::string& indicator) {
  std::vector<std::vector<double>> out(header.points(), std::vector<double>(header.replications, kNaN));
  for (const UnitResult& u : units)
    for (std::size_t i = 0; i < u.indicators.size(); ++i)
      if (u.indicators[i].name == indicator)
        for (std::size_t r = 0; r < u.replications.size(); ++r)
          if (std::size_t(u.replications[r]) < header.replications)
            out[u.unit.point][std::size_t(u.replications[r])] = u.values[i][r];
  return out;
}

std::string default_best(const std::vector<Indicator>& present) {
  for (const char* name : {"fire_circle_within_5min_share", "within_5min_share"})
    if (std::any_of(present.begin(), present.end(), [&](const Indicator& i) { return i.name == name; })) return name;
  return present.empty() ? std::string() : present.front().name;
}

}  // namespace

PrecisionTarget parse_precision(const std::string& text, const std::string& option) {
  const std::size_t eq = text.find('=');
  PrecisionTarget t;
  char* end = nullptr;
  if (eq != std::string::npos && eq > 0) {
    t.indicator = text.substr(0, eq);
    const std::string number = text.substr(eq + 1);
    t.half_width = std::strtod(number.c_str(), &end);
    if (!number.empty() && end != nullptr && *end == '\0' && t.half_width > 0.0 && std::isfinite(t.half_width))
      return t;
  }
  throw InputError("", 0, option, "INDICATOR=HALFWIDTH with a half width > 0, e.g. fire_circle_within_5min_share=0.02",
                   "'" + text + "'");
}

bool smaller_is_better(const std::string& name) {
  for (const char* better_larger : {"within", "contained", "share_warned", "evacuated_in_time", "fill_rate",
                                    "delivered_share", "reserve_met"})
    if (name.find(better_larger) != std::string::npos) return false;
  return true;
}

ComparisonOutcome compare_units(const BatchHeader& header, std::vector<UnitResult> units,
                                const ComparisonOptions& options) {
  ComparisonOutcome out;
  out.header = header;
  out.units = recut(header, units);
  const std::vector<Indicator> present = out.units.empty() ? std::vector<Indicator>{} : out.units.front().indicators;
  for (const Indicator& ind : present) {
    IndicatorComparison c;
    c.indicator = ind;
    const std::vector<std::vector<double>> values = by_plan(header, out.units, ind.name);
    for (const std::vector<double>& v : values) {
      RunningStats s;
      for (double x : v)
        if (!std::isnan(x)) s.add(x);
      c.means.push_back(s.count() ? s.mean() : kNaN);
      c.defined.push_back(s.count());
    }
    c.paired = compare_plans(values, options.level, options.correction);
    for (std::size_t p = 1; p < values.size(); ++p)
      c.unpaired.push_back(unpaired_difference(values[0], values[p], c.paired.interval_level));
    out.indicators.push_back(std::move(c));
  }
  out.best_indicator = options.best_indicator.empty() ? default_best(present) : options.best_indicator;
  if (!out.best_indicator.empty()) {
    if (std::none_of(present.begin(), present.end(), [&](const Indicator& i) { return i.name == out.best_indicator; })) {
      std::vector<std::string> names;
      for (const Indicator& i : present) names.push_back(i.name);
      throw InputError("", 0, "--best", "an indicator of the run", "'" + out.best_indicator + "'");
    }
    out.best_smaller = options.best_direction != 0 ? options.best_direction < 0 : smaller_is_better(out.best_indicator);
    out.best = best_plan(by_plan(header, out.units, out.best_indicator), out.best_smaller, options.level);
  }
  return out;
}

ComparisonOutcome run_comparison(BatchPlan plan, const ComparisonOptions& options, int threads,
                                 const std::function<void(std::size_t, std::size_t)>& on_progress,
                                 const std::atomic<bool>* cancel,
                                 const std::function<void(const FloodProgress&)>& on_flood_progress) {
  BatchRunner runner(plan, threads);
  runner.on_flood_progress = on_flood_progress;
  std::vector<UnitResult> done;
  std::size_t have = 0;  // replications per plan run so far
  std::size_t target = plan.replications;
  std::vector<PrecisionStep> steps;
  bool interrupted = false, reached = true;
  for (;;) {
    std::size_t replications_done = have * plan.points.size();
    const std::size_t planned = target * plan.points.size();
    for (std::size_t p = 0; p < plan.points.size() && !interrupted; ++p) {
      for (std::size_t first = have; first < target; first += plan.block) {
        WorkUnit unit{0, p, first, std::min(plan.block, target - first)};
        RunControl control;
        control.cancel = cancel;
        const std::size_t before = replications_done;
        control.on_progress = [&](std::size_t n, std::size_t) {
          if (on_progress) on_progress(before + n, planned);
        };
        UnitResult r = runner.run(unit, control);
        replications_done += r.replications.size();
        const bool whole = r.complete();
        done.push_back(std::move(r));
        if (!whole || (cancel && cancel->load())) {
          interrupted = true;
          break;
        }
      }
    }
    if (interrupted) {
      // Only replications every plan finished can be paired.
      std::map<std::size_t, std::size_t> per_plan;
      for (const UnitResult& u : done) per_plan[u.unit.point] += u.replications.size();
      std::size_t common = target;
      for (std::size_t p = 0; p < plan.points.size(); ++p) common = std::min(common, per_plan[p]);
      target = common;
      break;
    }
    have = target;
    if (options.precision.empty()) break;
    // The sequential procedure (docs/models.md): more replications while a target is not met.
    BatchHeader header = batch_header(plan);
    header.replications = have;
    const ComparisonOutcome now = compare_units(header, done, options);
    std::size_t needed = have;
    reached = true;
    for (const PrecisionTarget& t : options.precision) {
      const auto it = std::find_if(now.indicators.begin(), now.indicators.end(),
                                   [&](const IndicatorComparison& c) { return c.indicator.name == t.indicator; });
      if (it == now.indicators.end())
        throw InputError("", 0, "--precision", "an indicator of the run (see the comparison table)",
                         "'" + t.indicator + "'");
      double widest = 0.0;
      for (const ArmComparison& arm : it->paired.arms) {
        widest = std::max(widest, arm.difference.difference.half_width);
        if (!precision_reached(arm.difference.difference_stats, t.half_width, it->paired.interval_level)) {
          reached = false;
          needed = std::max(needed, replications_for_half_width(arm.difference.difference_stats, t.half_width,
                                                                it->paired.interval_level));
        }
      }
      steps.push_back({have, t.indicator, widest, t.half_width});
    }
    if (reached || have >= options.max_replications) break;
    target = std::min(options.max_replications, std::max(needed, have + 1));
  }
  plan.replications = target;
  ComparisonOutcome out = compare_units(batch_header(plan), std::move(done), options);
  out.precision_steps = std::move(steps);
  out.precision_reached = reached && !interrupted;
  out.interrupted = interrupted;
  return out;
}

ResultsFile comparison_results(const ComparisonOutcome& outcome, const ComparisonOptions& options,
                               const std::string& command_line) {
  ResultsFile file = batch_results(outcome.header, outcome.units, "", command_line);
  file.attributes["level"] = options.level;
  file.attributes["correction"] = correction_name(options.correction);
  file.attributes["precision_reached"] = static_cast<std::int64_t>(outcome.precision_reached);

  struct Row {
    const IndicatorComparison* c;
    std::size_t plan;
  };
  std::vector<Row> rows;
  for (const IndicatorComparison& c : outcome.indicators)
    for (std::size_t p = 0; p < c.means.size(); ++p) rows.push_back({&c, p});
  const auto arm = [](const Row& r) -> const ArmComparison* {
    return r.plan == 0 ? nullptr : &r.c->paired.arms[r.plan - 1];
  };
  const auto diff = [&](const Row& r, double (*f)(const ConfidenceInterval&)) {
    return r.plan == 0 ? kNaN : f(arm(r)->difference.difference);
  };
  using R = const Row&;
  const std::vector<std::string>& names = outcome.header.point_names;
  TableSchema<Row>("comparison", "each plan's mean and its paired difference to the base, per indicator")
      .text("indicator", "", "indicator", [](R r) { return r.c->indicator.name; })
      .text("unit", "", "its unit", [](R r) { return r.c->indicator.unit; })
      .integer("point", "", "design point", [](R r) { return std::int64_t(r.plan); })
      .text("plan", "", "plan name", [&](R r) { return names[r.plan]; })
      .real("mean", "", "mean over the replications where the indicator is defined", [](R r) { return r.c->means[r.plan]; })
      .integer("replications", "", "replications where it is defined", [](R r) { return std::int64_t(r.c->defined[r.plan]); })
      .real("difference", "", "mean of plan - base over the replications where both are defined (NaN: the base)",
            [&](R r) { return diff(r, [](const ConfidenceInterval& i) { return i.mean; }); })
      .real("lower", "", "lower bound of the paired interval at interval_level",
            [&](R r) { return diff(r, [](const ConfidenceInterval& i) { return i.lower(); }); })
      .real("upper", "", "upper bound of the paired interval",
            [&](R r) { return diff(r, [](const ConfidenceInterval& i) { return i.upper(); }); })
      .real("half_width", "", "half width of the paired interval",
            [&](R r) { return diff(r, [](const ConfidenceInterval& i) { return i.half_width; }); })
      .real("interval_level", "1", "level of each interval (Bonferroni-adjusted for the variants)",
            [](R r) { return r.c->paired.interval_level; })
      .real("p_value", "1", "two-sided paired t-test of no difference",
            [&](R r) { return r.plan == 0 ? kNaN : arm(r)->difference.p_value; })
      .real("p_adjusted", "1", "the p-value adjusted for the variants (correction attribute)",
            [&](R r) { return r.plan == 0 ? kNaN : arm(r)->p_adjusted; })
      .integer("pairs", "", "replications paired", [&](R r) { return std::int64_t(r.plan == 0 ? 0 : arm(r)->difference.pairs_used); })
      .real("unpaired_lower", "", "Welch's interval of the difference, as if the plans had run on independent numbers",
            [&](R r) { return r.plan == 0 ? kNaN : r.c->unpaired[r.plan - 1].lower(); })
      .real("unpaired_upper", "", "its upper bound", [&](R r) { return r.plan == 0 ? kNaN : r.c->unpaired[r.plan - 1].upper(); })
      .add_to(file, rows);

  const BestPlan& b = outcome.best;
  std::vector<int> one = {0};
  using O = const int&;
  if (!outcome.best_indicator.empty() && !b.means.empty())
    TableSchema<int>("best", "the best plan on one indicator, and the confidence that it is best")
        .text("indicator", "", "the indicator", [&](O) { return outcome.best_indicator; })
        .text("direction", "", "smaller or larger is better", [&](O) { return std::string(outcome.best_smaller ? "smaller" : "larger"); })
        .text("plan", "", "the best plan", [&](O) { return names[b.plan]; })
        .real("mean", "", "its mean", [&](O) { return b.mean; })
        .real("confidence", "1", "Bonferroni-bounded confidence that it is better than every other plan",
              [&](O) { return b.confidence; })
        .integer("replications", "", "replications used", [&](O) { return std::int64_t(b.replications_used); })
        .add_to(file, one);
  return file;
}

}  // namespace dsim
