// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/io/scenario_reader.hpp"
#include "sim/io/scenario_runner.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace dsim::python {

void bind_response(py::module_& m) {
  m.def(
      "run_scenario",
      [](const std::string& path, const std::string& text, const std::string& source_name, int replications,
         int threads, long long seed) {
        ResultsFile file;
        std::size_t finished = 0;
        {
          py::gil_scoped_release release;
          Scenario scenario = path.empty() ? parse_scenario(text, source_name) : read_scenario_file(path);
          if (replications > 0) scenario.replications = replications;
          if (seed >= 0) scenario.seed = static_cast<std::uint64_t>(seed);
          PreparedScenario prepared = prepare_scenario(std::move(scenario), threads);
          const ResponseRunOptions options = scenario_run_options(prepared, threads);
          ResponseExperiment ex = run_response(prepared.model, *prepared.travel, options);
          finished = ex.replications.size();
          file = response_results(prepared, ex, "disastersim.run");
        }
        py::dict out = results_to_python(file);
        out["finished"] = finished;
        return out;
      },
      py::arg("path"), py::arg("text"), py::arg("source_name"), py::arg("replications"), py::arg("threads"),
      py::arg("seed"), "Runs a scenario (a file, or YAML/JSON text); releases the GIL while it runs.");
}

}  // namespace dsim::python
