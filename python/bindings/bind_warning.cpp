// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/io/scenario_reader.hpp"
#include "sim/io/warning_runner.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <variant>

namespace py = pybind11;

namespace dsim::python {

namespace {

py::object warning_column(const ResultsColumn& column) {
  return std::visit(
      [](const auto& values) -> py::object {
        using T = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (std::is_same_v<T, std::string>) {
          return py::cast(values);
        } else {
          py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
          std::copy(values.begin(), values.end(), out.mutable_data());
          return std::move(out);
        }
      },
      column.data);
}

// The same layout as run_scenario's answer: tables, units, descriptions, metadata.
py::dict warning_file_to_python(const ResultsFile& file) {
  py::dict out, tables, units, descriptions, table_descriptions, meta;
  for (const ResultsTable& t : file.tables()) {
    py::dict columns, column_units, column_descriptions;
    for (const ResultsColumn& c : t.columns()) {
      columns[c.name.c_str()] = warning_column(c);
      column_units[c.name.c_str()] = c.unit;
      column_descriptions[c.name.c_str()] = c.description;
    }
    tables[t.name().c_str()] = columns;
    units[t.name().c_str()] = column_units;
    descriptions[t.name().c_str()] = column_descriptions;
    table_descriptions[t.name().c_str()] = t.description();
  }
  meta["dsim_version"] = file.metadata.dsim_version;
  meta["scenario_text"] = file.metadata.scenario_text;
  meta["scenario_file"] = file.metadata.scenario_file;
  meta["seed"] = file.metadata.seed;
  meta["replications"] = file.metadata.replications;
  meta["created_utc"] = file.metadata.created_utc;
  meta["command_line"] = file.metadata.command_line;
  out["tables"] = tables;
  out["units"] = units;
  out["descriptions"] = descriptions;
  out["table_descriptions"] = table_descriptions;
  out["metadata"] = meta;
  return out;
}

}  // namespace

void bind_warning(py::module_& m) {
  m.def(
      "run_warning",
      [](const std::string& path, const std::string& text, const std::string& source_name, int replications,
         int threads, long long seed, const std::vector<double>& issue_delays_s) {
        ResultsFile file;
        {
          py::gil_scoped_release release;
          Scenario scenario = path.empty() ? parse_scenario(text, source_name) : read_scenario_file(path);
          if (replications > 0) scenario.replications = replications;
          if (seed >= 0) scenario.seed = static_cast<std::uint64_t>(seed);
          const PreparedWarning prepared = prepare_warning(std::move(scenario));
          if (issue_delays_s.empty()) {
            const Scenario& s = prepared.scenario;
            const WarningExperiment ex = run_warning_experiment(prepared.model, prepared.hazard, *prepared.routes, s.seed,
                                                                static_cast<std::size_t>(s.replications), threads);
            file = warning_results(prepared, ex, "disastersim.warn");
          } else {
            file = issue_delay_results(prepared, issue_delays_s, threads, "disastersim.warning_sensitivity");
          }
        }
        return warning_file_to_python(file);
      },
      py::arg("path"), py::arg("text"), py::arg("source_name"), py::arg("replications"), py::arg("threads"),
      py::arg("seed"), py::arg("issue_delays_s"),
      "Runs a scenario's warning section (a file, or YAML/JSON text); with issue delays, the paired sweep. "
      "Releases the GIL while it runs.");
}

}  // namespace dsim::python
