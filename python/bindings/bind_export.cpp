// SPDX-License-Identifier: MIT
// The GIS export for Python: Results.to_geopackage (python/disastersim/results.py).
#include "python/bindings/bindings.hpp"
#include "sim/io/hdf5_read.hpp"
#include "sim/report/gis_export.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace dsim::python {

namespace {

// Table attributes given from Python (results read by h5py or run in memory).
void set_table_attributes(ResultsFile& file, const py::dict& table_attributes) {
  for (const auto& [table_key, attributes] : table_attributes) {
    ResultsTable* table = file.find_table(table_key.cast<std::string>());
    if (table == nullptr) continue;
    for (const auto& [key, value] : attributes.cast<py::dict>()) {
      const std::string name = key.cast<std::string>();
      if (py::isinstance<py::bool_>(value) || py::isinstance<py::int_>(value))
        table->set_attribute(name, value.cast<std::int64_t>());
      else if (py::isinstance<py::float_>(value) || py::hasattr(value, "dtype"))
        try {
          table->set_attribute(name, value.cast<double>());
        } catch (const py::cast_error&) {
        }
      else if (py::isinstance<py::str>(value))
        table->set_attribute(name, value.cast<std::string>());
    }
  }
}

}  // namespace

void bind_export(py::module_& m) {
  m.def(
      "export_geopackage",
      [](const std::string& results_path, const std::string& output, const std::string& base_dir,
         const py::dict& table_attributes) {
        const bool as_stored = base_dir.empty() && table_attributes.empty();
        py::gil_scoped_release release;
        RunView view;
        if (as_stored) {
          view = open_run(results_path);
        } else {
          ResultsFile file = read_results(results_path);
          {
            py::gil_scoped_acquire gil;
            set_table_attributes(file, table_attributes);
          }
          view = view_run(std::move(file), base_dir);
        }
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
      py::arg("table_attributes") = py::dict(),
      "Writes the GeoPackage of a results file (see Results.to_geopackage). base_dir: where the region's files\n"
      "are looked for when the scenario file is gone; table_attributes: {table: {name: value}} set on the\n"
      "tables read (for results written without them). Returns {layers, skipped, region_note}. Releases the GIL.");
}

}  // namespace dsim::python
