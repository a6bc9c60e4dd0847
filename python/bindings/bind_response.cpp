// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/run/response_runner.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace dsim::python {

void bind_response(py::module_& m) {
  m.def(
      "run_scenario",
      [](const std::string& path, const std::string& text, const std::string& source_name, int replications,
         int threads, long long seed, const py::object& progress) {
        ResultsFile file;
        std::size_t finished = 0;
        PythonProgress show(progress);
        {
          py::gil_scoped_release release;
          const RunOverrides overrides{replications, seed, threads};
          const int run_on = run_threads(overrides);
          // The flood in whole simulated seconds, then the replications.
          const auto flood = [&show](const FloodProgress& p) {
            show("flood", static_cast<std::size_t>(p.time_s - p.start_s), static_cast<std::size_t>(p.end_s - p.start_s));
          };
          // A release: the output times dispersed over the nodes, then the map grid.
          const auto chemical = [&show](const ChemicalProgress& p) {
            show(std::string("dispersion (") + p.stage + ")", p.done, p.total);
          };
          PreparedScenario prepared =
              prepare_scenario(load_scenario(source_of(path, text, source_name), overrides), run_on,
                               show.enabled() ? std::function<void(const FloodProgress&)>(flood) : nullptr,
                               show.enabled() ? std::function<void(const ChemicalProgress&)>(chemical) : nullptr);
          RunControl control;
          if (show.enabled())
            control.on_progress = [&show](std::size_t done, std::size_t total) { show("replications", done, total); };
          ResponseExperiment ex = run_prepared(prepared, run_on, control);
          finished = ex.replications.size();
          file = response_results(prepared, ex, "disastersim.run");
        }
        py::dict out = results_to_python(file);
        out["finished"] = finished;
        return out;
      },
      py::arg("path"), py::arg("text"), py::arg("source_name"), py::arg("replications"), py::arg("threads"),
      py::arg("seed"), py::arg("progress") = py::none(),
      "Runs a scenario (a file, or YAML/JSON text); releases the GIL while it runs; progress(stage, done, total) "
      "is called now and then when given.");
}

}  // namespace dsim::python
