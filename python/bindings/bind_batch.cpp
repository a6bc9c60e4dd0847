// SPDX-License-Identifier: MIT
// Sweeps and comparisons for disastersim.batch: whole runs (serial, in this
// process), and single work units for Dask workers with the writer that joins them.
#include "python/bindings/bindings.hpp"
#include "sim/io/hdf5_results.hpp"
#include "sim/run/batch_results.hpp"
#include "sim/run/plan_comparison.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace py = pybind11;

namespace dsim::python {

namespace {

// Which batch the Python side names: a sweep file, or a base and its variants file.
struct BatchKey {
  std::string kind;  // "sweep" or "compare"
  std::string path;  // the sweep file, or the base scenario
  std::string variants;
  std::size_t replications = 0;
  long long seed = -1;
  std::size_t block = 0;
  bool checked = false;  // the caller read the patches against the base already

  std::string text() const {
    return kind + '\n' + path + '\n' + variants + '\n' + std::to_string(replications) + '\n' + std::to_string(seed) +
           '\n' + std::to_string(block) + '\n' + (checked ? "checked" : "");
  }
  BatchPlan plan() const {
    const BatchOverrides o{replications, seed, block, !checked};
    if (kind == "sweep") return sweep_plan(path, o);
    if (kind == "compare") return compare_plan(path, variants, o);
    throw InputError("", 0, "kind", "sweep or compare", "'" + kind + "'");
  }
};

// The size and time of the batch's files: a plan is made again when one changed.
std::string file_stamps(const std::vector<std::string>& files) {
  std::string out;
  for (const std::string& f : files) {
    std::error_code ec;
    if (f.empty()) continue;
    out += f + ' ' + std::to_string(std::filesystem::file_size(f, ec)) + ' ' +
           std::to_string(std::filesystem::last_write_time(f, ec).time_since_epoch().count()) + '\n';
  }
  return out;
}

// The plans made in this process, so that the calls of one sweep (its plan,
// the units to resume, each unit, the writer) make it once.
std::shared_ptr<const BatchPlan> cached_plan(const BatchKey& key) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<std::string, std::shared_ptr<const BatchPlan>>> plans;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& [stamps, plan] = plans[key.text()];
  const auto stamps_now = [&] {
    return file_stamps({key.path, key.variants}) + (plan ? file_stamps({plan->base_path}) : std::string());
  };
  if (!plan || stamps != stamps_now()) {
    plan = std::make_shared<const BatchPlan>(key.plan());
    stamps = stamps_now();
  }
  return plan;
}

BatchKey key_of(const py::dict& d) {
  BatchKey k;
  k.kind = d["kind"].cast<std::string>();
  k.path = d["path"].cast<std::string>();
  k.variants = d.contains("variants") ? d["variants"].cast<std::string>() : std::string();
  k.replications = d.contains("replications") ? d["replications"].cast<std::size_t>() : 0;
  k.seed = d.contains("seed") ? d["seed"].cast<long long>() : -1;
  k.block = d.contains("block") ? d["block"].cast<std::size_t>() : 0;
  k.checked = d.contains("checked") && d["checked"].cast<bool>();
  return k;
}

// One runner per process (a Dask worker runs unit after unit of the same
// batch): what it prepared stays for the next unit.
std::mutex g_runner_mutex;
std::string g_runner_key;
std::unique_ptr<BatchRunner> g_runner;

py::dict unit_to_python(const UnitResult& u) {
  py::dict d;
  d["unit"] = u.unit.index;
  d["point"] = u.unit.point;
  d["first_replication"] = u.unit.first_replication;
  d["replications"] = u.unit.replications;
  d["rows"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(u.replications.size()), u.replications.data());
  py::list names, units, descriptions, values;
  for (std::size_t i = 0; i < u.indicators.size(); ++i) {
    names.append(u.indicators[i].name);
    units.append(u.indicators[i].unit);
    descriptions.append(u.indicators[i].description);
    values.append(py::array_t<double>(static_cast<py::ssize_t>(u.values[i].size()), u.values[i].data()));
  }
  d["indicators"] = names;
  d["indicator_units"] = units;
  d["indicator_descriptions"] = descriptions;
  d["values"] = values;
  d["prepare_s"] = u.prepare_s;
  d["run_s"] = u.run_s;
  return d;
}

UnitResult unit_from_python(const py::dict& d, const std::vector<WorkUnit>& all) {
  UnitResult u;
  const auto index = d["unit"].cast<std::size_t>();
  if (index >= all.size()) throw InputError("", 0, "unit", "a work unit of this batch", std::to_string(index));
  u.unit = all[index];
  u.replications = d["rows"].cast<std::vector<std::int64_t>>();
  const auto names = d["indicators"].cast<std::vector<std::string>>();
  const auto units = d["indicator_units"].cast<std::vector<std::string>>();
  const auto descriptions = d["indicator_descriptions"].cast<std::vector<std::string>>();
  for (std::size_t i = 0; i < names.size(); ++i) u.indicators.push_back({names[i], units.at(i), descriptions.at(i)});
  for (const py::handle v : d["values"].cast<py::list>()) u.values.push_back(v.cast<std::vector<double>>());
  u.prepare_s = d["prepare_s"].cast<double>();
  u.run_s = d["run_s"].cast<double>();
  return u;
}

py::dict plan_to_python(const BatchPlan& plan) {
  py::dict d;
  d["kind"] = std::string(batch_kind_name(plan.kind));
  d["content_hash"] = plan.content_hash;
  d["seed"] = plan.seed;
  d["replications"] = plan.replications;
  d["block"] = plan.block;
  py::list names, descriptions;
  for (const Variant& v : plan.points) {
    names.append(v.name);
    descriptions.append(v.description);
  }
  d["points"] = names;
  d["descriptions"] = descriptions;
  d["parameter_names"] = plan.parameter_names;
  d["parameter_units"] = plan.parameter_units;
  d["parameter_values"] = plan.parameter_values;
  py::list units;
  for (const WorkUnit& w : work_units(plan)) units.append(py::make_tuple(w.index, w.point, w.first_replication, w.replications));
  d["units"] = units;
  return d;
}

}  // namespace

void bind_batch(py::module_& m) {
  m.def(
      "batch_plan", [](const py::dict& key) { return plan_to_python(*cached_plan(key_of(key))); }, py::arg("key"),
      "The batch a key names ({kind, path, variants, replications, seed, block}): its points and work units.");

  m.def(
      "run_unit",
      [](const py::dict& key, std::size_t unit, int threads, const std::string& cache_dir) {
        const BatchKey k = key_of(key);
        UnitResult result;
        {
          py::gil_scoped_release release;
          const std::lock_guard<std::mutex> lock(g_runner_mutex);
          if (!g_runner || g_runner_key != k.text() || g_runner->plan().content_hash != cached_plan(k)->content_hash) {
            g_runner.reset();
            g_runner = std::make_unique<BatchRunner>(*cached_plan(k), threads, cache_dir);
            g_runner_key = k.text();
          }
          const std::vector<WorkUnit> all = work_units(g_runner->plan());
          if (unit >= all.size()) throw InputError("", 0, "unit", "a work unit of this batch", std::to_string(unit));
          result = g_runner->run(all[unit]);
        }
        return unit_to_python(result);
      },
      py::arg("key"), py::arg("unit"), py::arg("threads") = 1, py::arg("cache_dir") = "",
      "Runs one work unit (GIL released); the process keeps what it prepared for the next unit of the same batch.");

  m.def(
      "resumable_units",
      [](const py::dict& key, const std::string& output) {
        py::list out;
        for (const UnitResult& u : resumable_units(output, *cached_plan(key_of(key)))) out.append(unit_to_python(u));
        return out;
      },
      py::arg("key"), py::arg("output"),
      "The whole units of this batch the results file holds (none without the file); InputError for another batch's file.");

  m.def(
      "write_batch",
      [](const py::dict& key, const py::list& units, const std::string& output, const std::string& command_line) {
        const BatchPlan& plan = *cached_plan(key_of(key));
        const std::vector<WorkUnit> all = work_units(plan);
        std::vector<UnitResult> results;
        for (const py::handle u : units) results.push_back(unit_from_python(u.cast<py::dict>(), all));
        py::gil_scoped_release release;
        write_results(batch_results(batch_header(plan), std::move(results), "", command_line), output);
      },
      py::arg("key"), py::arg("units"), py::arg("output"), py::arg("command_line") = "disastersim.sweep",
      "Writes the results file of the given units (docs/output-format.md, \"Sweeps and comparisons\").");

  m.def(
      "run_sweep",
      [](const py::dict& key, const std::string& output, int threads, double checkpoint_s, const py::object& progress,
         const std::string& cache_dir) {
        const BatchPlan plan = key_of(key).plan();
        PythonProgress show(progress);
        BatchRunOutcome outcome;
        {
          py::gil_scoped_release release;
          BatchRunOptions run;
          run.threads = threads;
          run.output = output;
          run.command_line = "disastersim.sweep";
          run.checkpoint_s = checkpoint_s;
          run.cache_folder = cache_dir;
          if (show.enabled()) {
            run.on_unit = [&show](std::size_t done, std::size_t total, const UnitResult&) { show("work units", done, total); };
            run.on_flood_progress = [&show](const FloodProgress& p) {
              show("flood", static_cast<std::size_t>(p.time_s - p.start_s), static_cast<std::size_t>(p.end_s - p.start_s));
            };
          }
          outcome = run_batch(plan, work_units(plan), run);
        }
        py::dict d;
        d["ran"] = outcome.ran;
        d["resumed"] = outcome.resumed;
        d["preparations"] = outcome.preparations;
        d["regions_reused"] = outcome.regions_reused;
        d["travel_reused"] = outcome.travel_reused;
        d["travel_from_disk"] = outcome.travel_from_disk;
        d["floods_reused"] = outcome.floods_reused;
        return d;
      },
      py::arg("key"), py::arg("output"), py::arg("threads") = 0, py::arg("checkpoint_s") = 30.0,
      py::arg("progress") = py::none(), py::arg("cache_dir") = "",
      "Runs every unit of a sweep in this process, resuming `output`.");

  m.def(
      "run_compare",
      [](const py::dict& key, const std::string& output, int threads, const std::vector<std::string>& precision,
         const std::string& best, int best_direction, double level, const std::string& correction,
         std::size_t max_replications, const py::object& progress) {
        const BatchPlan plan = key_of(key).plan();
        ComparisonOptions options;
        options.level = level;
        options.correction = correction_from_name(correction);
        for (const std::string& p : precision) options.precision.push_back(parse_precision(p, "precision"));
        options.best_indicator = best;
        options.best_direction = best_direction;
        options.max_replications = max_replications;
        PythonProgress show(progress);
        {
          py::gil_scoped_release release;
          const ComparisonOutcome out = run_comparison(
              plan, options, threads, [&show](std::size_t done, std::size_t total) { show("replications", done, total); },
              nullptr, [&show](const FloodProgress& p) {
                show("flood", static_cast<std::size_t>(p.time_s - p.start_s), static_cast<std::size_t>(p.end_s - p.start_s));
              });
          write_results(comparison_results(out, options, "disastersim.compare"), output);
        }
      },
      py::arg("key"), py::arg("output"), py::arg("threads"), py::arg("precision"), py::arg("best"),
      py::arg("best_direction"), py::arg("level"), py::arg("correction"), py::arg("max_replications"),
      py::arg("progress") = py::none(), "Runs a comparison and writes its results file.");
}

}  // namespace dsim::python
