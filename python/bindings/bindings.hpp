// SPDX-License-Identifier: MIT
#pragma once

#include "sim/run/load_scenario.hpp"

#include <pybind11/pybind11.h>

#include <string>

namespace dsim {
class ResultsFile;
}  // namespace dsim

namespace dsim::python {

void bind_core(pybind11::module_& m);
void bind_queueing(pybind11::module_& m);
void bind_response(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_network(pybind11::module_& m);
void bind_warning(pybind11::module_& m);
void bind_placement(pybind11::module_& m);

// A results file as the Python package reads it: {tables, units, descriptions,
// table_descriptions, metadata}, numeric columns as numpy arrays (bind_io.cpp).
pybind11::dict results_to_python(const ResultsFile& file);

// The scenario the Python side names: a file, or YAML/JSON text when `path` is empty.
inline ScenarioSource source_of(const std::string& path, const std::string& text, const std::string& source_name) {
  return path.empty() ? ScenarioSource::in_memory(text, source_name) : ScenarioSource::file(path);
}

}  // namespace dsim::python
