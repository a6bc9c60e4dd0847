// SPDX-License-Identifier: MIT
// The HTML run report (sim/report/run_report.hpp) for Results.report().
#include "python/bindings/bindings.hpp"
#include "sim/io/hdf5_read.hpp"
#include "sim/report/run_report.hpp"

#include <pybind11/functional.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace dsim::python {

void bind_report(py::module_& m) {
  m.def(
      "write_run_report",
      [](const std::string& results_path, const std::string& output, const std::string& base_dir,
         double cover_limit_s) {
        py::gil_scoped_release release;
        // A results file of its own: its folder is where moved region files are looked for;
        // one written for the occasion (results in memory): `base_dir` is.
        const RunView view = base_dir.empty() ? open_run(results_path) : view_run(read_results(results_path), base_dir);
        RunReportOptions options;
        options.cover_limit_s = cover_limit_s;
        write_run_report(view, output, options);
        return view.region_note;
      },
      py::arg("results_path"), py::arg("output"), py::arg("base_dir") = std::string(),
      py::arg("cover_limit_s") = 300.0,
      "Writes the HTML report of a results file to `output` (atomically). Returns why the maps have no roads "
      "(\"\" when the region was loaded).");
}

}  // namespace dsim::python
