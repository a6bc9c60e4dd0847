// SPDX-License-Identifier: MIT
// The GIS export for Python: Results.to_geopackage (python/disastersim/results.py).
#include "python/bindings/bindings.hpp"
#include "sim/io/hdf5_read.hpp"
#include "sim/report/gis_export.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace dsim::python {

void bind_export(py::module_& m) {
  m.def(
      "export_geopackage",
      [](const std::string& results_path, const std::string& output, const std::string& base_dir) {
        py::gil_scoped_release release;
        // A results file of its own: its folder is where moved region files are looked for;
        // one written for the occasion (results in memory): `base_dir` is.
        const RunView view = base_dir.empty() ? open_run(results_path) : view_run(read_results(results_path), base_dir);
        const GisExportSummary summary = export_geopackage(view, output);
        py::gil_scoped_acquire gil;
        py::list layers;
        for (const GisLayerSummary& l : summary.layers) {
          py::dict d;
          d["name"] = l.name;
          d["kind"] = l.kind;
          d["features"] = l.features;
          d["note"] = l.note;
          layers.append(d);
        }
        py::dict out;
        out["layers"] = layers;
        out["skipped"] = summary.skipped;
        out["region_note"] = view.region_note;
        return out;
      },
      py::arg("results_path"), py::arg("output"), py::arg("base_dir") = std::string(),
      "Writes the GeoPackage of a results file (see Results.to_geopackage). base_dir: where the region's files\n"
      "are looked for when the scenario file is gone (empty: the results file's folder). Returns {layers,\n"
      "skipped, region_note}. Releases the GIL.");
}

}  // namespace dsim::python
