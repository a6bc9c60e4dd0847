// SPDX-License-Identifier: MIT
#pragma once

#include "sim/run/load_scenario.hpp"

#include <pybind11/pybind11.h>

#include <chrono>
#include <cstddef>
#include <mutex>
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
void bind_chemical(pybind11::module_& m);
void bind_fire(pybind11::module_& m);
void bind_fire_spread(pybind11::module_& m);
void bind_batch(pybind11::module_& m);
void bind_export(pybind11::module_& m);
void bind_report(pybind11::module_& m);
void bind_drill(pybind11::module_& m);

// A results file as the Python package reads it: {tables, units, descriptions,
// table_descriptions, metadata}, numeric columns as numpy arrays (bind_io.cpp).
pybind11::dict results_to_python(const ResultsFile& file);

// The scenario the Python side names: a file, or YAML/JSON text when `path` is empty.
inline ScenarioSource source_of(const std::string& path, const std::string& text, const std::string& source_name) {
  return path.empty() ? ScenarioSource::in_memory(text, source_name) : ScenarioSource::file(path);
}

// Progress of a long step, passed from the engine (any thread, GIL released) to
// a Python callable progress(stage, done, total): at most about five calls a
// second per stage, and always the last, with the GIL taken only for the call.
// Made and destroyed with the GIL held; None: no calls.
class PythonProgress {
 public:
  explicit PythonProgress(pybind11::object callback) : callback_(std::move(callback)) {}
  bool enabled() const { return !callback_.is_none(); }
  void operator()(const std::string& stage, std::size_t done, std::size_t total) {
    if (!enabled()) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (stage == last_stage_ && done < total && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    last_stage_ = stage;
    pybind11::gil_scoped_acquire gil;
    try {
      callback_(stage, done, total);
    } catch (pybind11::error_already_set&) {
      // A failing progress display must not stop the run.
    }
  }

 private:
  pybind11::object callback_;
  std::mutex mutex_;
  std::string last_stage_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace dsim::python
