// SPDX-License-Identifier: MIT
#include "sim/run/batch_results.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace dsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <class T>
const T* attribute(const ResultsFile& f, const std::string& name) {
  const auto it = f.attributes.find(name);
  return it == f.attributes.end() ? nullptr : std::get_if<T>(&it->second);
}

[[noreturn]] void not_batch(const std::string& path, const std::string& key, const std::string& found) {
  throw InputError(path, 0, key, "a results file of dsim sweep or dsim compare (with " + key + ")", found);
}

template <class T>
const std::vector<T>& column_of(const ResultsTable& t, const std::string& name, const std::string& path) {
  const ResultsColumn* c = t.find_column(name);
  const std::vector<T>* data = c ? std::get_if<std::vector<T>>(&c->data) : nullptr;
  if (data == nullptr) not_batch(path, t.name() + "/" + name, "no such column of the right type");
  return *data;
}

}  // namespace

BatchHeader batch_header(const BatchPlan& plan) {
  BatchHeader h;
  h.kind = plan.kind;
  h.plan_path = plan.plan_path;
  h.plan_text = plan.plan_text;
  h.base_path = plan.base_path;
  h.base_text = plan.base_text;
  h.content_hash = plan.content_hash;
  h.dsim_version = make_results_metadata().dsim_version;
  for (const Variant& v : plan.points) {
    h.point_names.push_back(v.name);
    h.point_descriptions.push_back(v.description);
  }
  h.parameter_names = plan.parameter_names;
  h.parameter_units = plan.parameter_units;
  h.parameter_values = plan.parameter_values;
  h.seed = plan.seed;
  h.replications = plan.replications;
  h.block = plan.block;
  return h;
}

std::vector<Indicator> indicator_union(const std::vector<UnitResult>& units) {
  std::vector<Indicator> out;
  for (const UnitResult& u : units)
    for (const Indicator& i : u.indicators)
      if (std::none_of(out.begin(), out.end(), [&](const Indicator& x) { return x.name == i.name; })) out.push_back(i);
  return out;
}

std::vector<WorkUnit> batch_units(const BatchHeader& header) {
  BatchPlan shape;
  shape.points.resize(header.points());
  shape.replications = header.replications;
  shape.block = header.block;
  return work_units(shape);
}

ResultsFile batch_results(const BatchHeader& header, std::vector<UnitResult> units, const std::string& shard,
                          const std::string& command_line) {
  std::sort(units.begin(), units.end(), [](const UnitResult& a, const UnitResult& b) { return a.unit.index < b.unit.index; });
  ResultsFile file;
  file.metadata = make_results_metadata();
  if (!header.dsim_version.empty()) file.metadata.dsim_version = header.dsim_version;
  file.metadata.scenario_text = header.base_text;
  file.metadata.scenario_file = header.base_path;
  file.metadata.seed = header.seed;
  file.metadata.replications = static_cast<std::int64_t>(header.replications);
  file.metadata.command_line = command_line;
  const std::size_t total = batch_units(header).size();
  file.attributes["batch_kind"] = std::string(batch_kind_name(header.kind));
  file.attributes["content_hash"] = header.content_hash;
  file.attributes["plan_file"] = header.plan_path;
  file.attributes["plan_text"] = header.plan_text;
  file.attributes["block"] = static_cast<std::int64_t>(header.block);
  file.attributes["points"] = static_cast<std::int64_t>(header.points());
  file.attributes["units_total"] = static_cast<std::int64_t>(total);
  file.attributes["units_held"] = static_cast<std::int64_t>(units.size());
  file.attributes["complete"] = static_cast<std::int64_t>(units.size() == total);
  file.attributes["shard"] = shard;

  ResultsTable& design = file.add_table("design", "the design points: the base and its variants, or the sweep's points");
  auto point = design.add_int64_column("point", "", "design point, from 0");
  auto name = design.add_string_column("plan", "", "its name: base, a variant's name, or p0, p1, ... in a sweep");
  auto description = design.add_string_column("description", "", "what it changes");
  std::vector<ColumnAppender<double>> params;
  for (std::size_t j = 0; j < header.parameter_names.size(); ++j)
    params.push_back(design.add_double_column(header.parameter_names[j], header.parameter_units[j], "parameter value"));
  for (std::size_t p = 0; p < header.points(); ++p) {
    point.push(static_cast<std::int64_t>(p));
    name.push(header.point_names[p]);
    description.push(header.point_descriptions[p]);
    for (std::size_t j = 0; j < params.size(); ++j) params[j].push(header.parameter_values[p][j]);
  }

  ResultsTable& wu = file.add_table("work_units", "the work units this file holds: a design point and a block of replications");
  auto u_index = wu.add_int64_column("unit", "", "work unit, from 0, in the batch's order");
  auto u_point = wu.add_int64_column("point", "", "its design point");
  auto u_first = wu.add_int64_column("first_replication", "", "its first replication");
  auto u_count = wu.add_int64_column("replications", "", "its replications");
  auto u_done = wu.add_int64_column("finished", "", "replications it finished");
  auto u_prep = wu.add_double_column("prepare_s", "s", "time to prepare its design point (0: reused)");
  auto u_run = wu.add_double_column("run_s", "s", "time to run its replications");

  const std::vector<Indicator> indicators = indicator_union(units);

  ResultsTable& runs = file.add_table("runs", "one row per design point and replication: its parameters and indicators");
  auto r_point = runs.add_int64_column("point", "", "design point");
  auto r_plan = runs.add_string_column("plan", "", "its name");
  auto r_rep = runs.add_replication_column();
  std::vector<ColumnAppender<double>> r_params;
  for (std::size_t j = 0; j < header.parameter_names.size(); ++j)
    r_params.push_back(runs.add_double_column(header.parameter_names[j], header.parameter_units[j], "parameter value"));
  std::vector<ColumnAppender<double>> r_values;
  for (const Indicator& i : indicators) r_values.push_back(runs.add_double_column(i.name, i.unit, i.description));

  for (const UnitResult& u : units) {
    u_index.push(static_cast<std::int64_t>(u.unit.index));
    u_point.push(static_cast<std::int64_t>(u.unit.point));
    u_first.push(static_cast<std::int64_t>(u.unit.first_replication));
    u_count.push(static_cast<std::int64_t>(u.unit.replications));
    u_done.push(static_cast<std::int64_t>(u.replications.size()));
    u_prep.push(u.prepare_s);
    u_run.push(u.run_s);
    std::vector<int> where(indicators.size(), -1);
    for (std::size_t k = 0; k < indicators.size(); ++k)
      for (std::size_t i = 0; i < u.indicators.size(); ++i)
        if (u.indicators[i].name == indicators[k].name) where[k] = static_cast<int>(i);
    for (std::size_t row = 0; row < u.replications.size(); ++row) {
      r_point.push(static_cast<std::int64_t>(u.unit.point));
      r_plan.push(header.point_names.at(u.unit.point));
      r_rep.push(u.replications[row]);
      for (std::size_t j = 0; j < r_params.size(); ++j) r_params[j].push(header.parameter_values[u.unit.point][j]);
      for (std::size_t k = 0; k < r_values.size(); ++k)
        r_values[k].push(where[k] < 0 ? kNaN : u.values[std::size_t(where[k])][row]);
    }
  }
  return file;
}

BatchFile read_batch_file(const ResultsFile& file, const std::string& path) {
  BatchFile out;
  BatchHeader& h = out.header;
  const std::string* kind = attribute<std::string>(file, "batch_kind");
  if (kind == nullptr) not_batch(path, "batch_kind", "a results file of another kind (dsim run, dsim warn, ...)");
  if (*kind != "sweep" && *kind != "compare") not_batch(path, "batch_kind", "'" + *kind + "'");
  h.kind = *kind == "sweep" ? BatchKind::sweep : BatchKind::compare;
  const auto text = [&](const char* key) {
    const std::string* s = attribute<std::string>(file, key);
    if (s == nullptr) not_batch(path, key, "none");
    return *s;
  };
  const auto whole = [&](const char* key) {
    const std::int64_t* n = attribute<std::int64_t>(file, key);
    if (n == nullptr || *n < 0) not_batch(path, key, "none");
    return static_cast<std::size_t>(*n);
  };
  h.content_hash = text("content_hash");
  h.plan_path = text("plan_file");
  h.plan_text = text("plan_text");
  h.block = whole("block");
  h.base_path = file.metadata.scenario_file;
  h.base_text = file.metadata.scenario_text;
  h.dsim_version = file.metadata.dsim_version;
  h.seed = file.metadata.seed;
  h.replications = static_cast<std::size_t>(std::max<std::int64_t>(file.metadata.replications, 0));

  const ResultsTable* design = file.find_table("design");
  const ResultsTable* wu = file.find_table("work_units");
  const ResultsTable* runs = file.find_table("runs");
  if (!design || !wu || !runs) not_batch(path, "design, work_units, runs", "a table missing");
  h.point_names = column_of<std::string>(*design, "plan", path);
  h.point_descriptions = column_of<std::string>(*design, "description", path);
  h.parameter_values.assign(h.points(), {});
  for (const ResultsColumn& c : design->columns()) {
    if (c.name == "point" || c.name == "plan" || c.name == "description") continue;
    const auto& v = column_of<double>(*design, c.name, path);
    h.parameter_names.push_back(c.name);
    h.parameter_units.push_back(c.unit);
    for (std::size_t p = 0; p < h.points() && p < v.size(); ++p) h.parameter_values[p].push_back(v[p]);
  }
  if (whole("points") != h.points()) not_batch(path, "points", "a design table of another length");

  const auto& index = column_of<std::int64_t>(*wu, "unit", path);
  const auto& point = column_of<std::int64_t>(*wu, "point", path);
  const auto& first = column_of<std::int64_t>(*wu, "first_replication", path);
  const auto& count = column_of<std::int64_t>(*wu, "replications", path);
  const auto& prep = column_of<double>(*wu, "prepare_s", path);
  const auto& run = column_of<double>(*wu, "run_s", path);
  const auto& r_point = column_of<std::int64_t>(*runs, "point", path);
  const auto& r_rep = column_of<std::int64_t>(*runs, replication_column_name.data(), path);
  std::vector<const ResultsColumn*> indicator_columns;
  for (const ResultsColumn& c : runs->columns()) {
    if (c.name == "point" || c.name == "plan" || c.name == replication_column_name) continue;
    if (std::find(h.parameter_names.begin(), h.parameter_names.end(), c.name) != h.parameter_names.end()) continue;
    column_of<double>(*runs, c.name, path);
    indicator_columns.push_back(&c);
  }
  // Rows of each (point, replication).
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> row_of;
  for (std::size_t r = 0; r < r_point.size() && r < r_rep.size(); ++r) row_of[{r_point[r], r_rep[r]}] = r;
  const std::vector<WorkUnit> all = batch_units(h);
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (index[i] < 0 || std::size_t(index[i]) >= all.size()) not_batch(path, "work_units/unit", "a unit the batch lacks");
    UnitResult u;
    u.unit = all[std::size_t(index[i])];
    if (std::int64_t(u.unit.point) != point[i] || std::int64_t(u.unit.first_replication) != first[i] ||
        std::int64_t(u.unit.replications) != count[i])
      not_batch(path, "work_units", "unit " + std::to_string(index[i]) + " cut otherwise than the batch's");
    u.prepare_s = prep[i];
    u.run_s = run[i];
    for (const ResultsColumn* c : indicator_columns) u.indicators.push_back({c->name, c->unit, c->description});
    u.values.assign(indicator_columns.size(), {});
    for (std::size_t r = u.unit.first_replication; r < u.unit.first_replication + u.unit.replications; ++r) {
      const auto it = row_of.find({point[i], std::int64_t(r)});
      if (it == row_of.end()) continue;
      u.replications.push_back(std::int64_t(r));
      for (std::size_t k = 0; k < indicator_columns.size(); ++k)
        u.values[k].push_back(std::get<std::vector<double>>(indicator_columns[k]->data)[it->second]);
    }
    out.units.push_back(std::move(u));
  }
  return out;
}

std::string batch_mismatch(const BatchHeader& a, const BatchHeader& b) {
  if (a.kind != b.kind) return std::string("one is a ") + batch_kind_name(a.kind) + ", the other a " + batch_kind_name(b.kind);
  if (a.content_hash != b.content_hash)
    return "different scenarios or plans (content hash " + a.content_hash + " and " + b.content_hash + ")";
  if (a.dsim_version != b.dsim_version) return "different dsim versions (" + a.dsim_version + " and " + b.dsim_version + ")";
  if (a.seed != b.seed) return "different seeds (" + std::to_string(a.seed) + " and " + std::to_string(b.seed) + ")";
  if (a.replications != b.replications)
    return "different replications per point (" + std::to_string(a.replications) + " and " + std::to_string(b.replications) + ")";
  if (a.block != b.block) return "different blocks (" + std::to_string(a.block) + " and " + std::to_string(b.block) + ")";
  if (a.point_names != b.point_names) return "different design points";
  return {};
}

}  // namespace dsim
