// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/run/warning_runner.hpp"

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
          const RunOverrides overrides{replications, seed, threads};
          const int run_on = run_threads(overrides);
          Scenario scenario = load_scenario(source_of(path, text, source_name), overrides);
          if (issue_delays_s.empty()) {
            // The warning outputs of the same run as disastersim.run: every section in one event loop.
            require_warning_section(scenario);
            const PreparedScenario prepared = prepare_scenario(std::move(scenario), run_on);
            file = warning_view_results(prepared, run_prepared(prepared, run_on), "disastersim.warn");
          } else {
            const PreparedWarning prepared = prepare_warning(std::move(scenario));
            file = issue_delay_results(prepared, issue_delays_s, run_on, "disastersim.warning_sensitivity");
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
