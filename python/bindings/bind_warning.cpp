// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/io/scenario_reader.hpp"
#include "sim/core/error.hpp"
#include "sim/io/scenario_runner.hpp"
#include "sim/io/warning_runner.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace dsim::python {

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
          if (issue_delays_s.empty()) {
            // The warning outputs of the same run as disastersim.run: every section in one event loop.
            if (!scenario.warning)
              throw InputError(scenario.source_path, 0, "warning", "a scenario with a warning section", "none");
            const PreparedScenario prepared = prepare_scenario(std::move(scenario), threads);
            const ResponseExperiment ex = run_response(prepared.model, *prepared.travel, scenario_run_options(prepared, threads));
            file = warning_view_results(prepared, ex, "disastersim.warn");
          } else {
            const PreparedWarning prepared = prepare_warning(std::move(scenario));
            file = issue_delay_results(prepared, issue_delays_s, threads, "disastersim.warning_sensitivity");
          }
        }
        return results_to_python(file);
      },
      py::arg("path"), py::arg("text"), py::arg("source_name"), py::arg("replications"), py::arg("threads"),
      py::arg("seed"), py::arg("issue_delays_s"),
      "Runs a scenario's warning section (a file, or YAML/JSON text); with issue delays, the paired sweep. "
      "Releases the GIL while it runs.");
}

}  // namespace dsim::python
