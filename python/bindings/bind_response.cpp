// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/io/scenario_reader.hpp"
#include "sim/io/scenario_runner.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <variant>

namespace py = pybind11;

namespace dsim::python {

namespace {

py::object column_to_python(const ResultsColumn& column) {
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

}  // namespace

void bind_response(py::module_& m) {
  m.def(
      "run_scenario",
      [](const std::string& path, const std::string& text, const std::string& source_name, int replications,
         int threads, long long seed) {
        py::dict out;
        ResultsFile file;
        std::size_t finished = 0;
        {
          py::gil_scoped_release release;
          Scenario scenario = path.empty() ? parse_scenario(text, source_name) : read_scenario_file(path);
          if (replications > 0) scenario.replications = replications;
          if (seed >= 0) scenario.seed = static_cast<std::uint64_t>(seed);
          PreparedScenario prepared = prepare_scenario(std::move(scenario), threads);
          ResponseRunOptions options;
          options.replications = static_cast<std::size_t>(prepared.scenario.replications);
          options.threads = threads;
          options.seed = prepared.scenario.seed;
          ResponseExperiment ex = run_response(prepared.model, *prepared.travel, options);
          finished = ex.replications.size();
          file = response_results(prepared, ex, "disastersim.run");
        }
        py::dict tables, units, descriptions, table_descriptions;
        for (const ResultsTable& t : file.tables()) {
          py::dict columns, column_units, column_descriptions;
          for (const ResultsColumn& c : t.columns()) {
            columns[c.name.c_str()] = column_to_python(c);
            column_units[c.name.c_str()] = c.unit;
            column_descriptions[c.name.c_str()] = c.description;
          }
          tables[t.name().c_str()] = columns;
          units[t.name().c_str()] = column_units;
          descriptions[t.name().c_str()] = column_descriptions;
          table_descriptions[t.name().c_str()] = t.description();
        }
        py::dict meta;
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
        out["finished"] = finished;
        return out;
      },
      py::arg("path"), py::arg("text"), py::arg("source_name"), py::arg("replications"), py::arg("threads"),
      py::arg("seed"), "Runs a scenario (a file, or YAML/JSON text); releases the GIL while it runs.");
}

}  // namespace dsim::python
