// SPDX-License-Identifier: MIT
#pragma once

// One way from a scenario file or text to a scenario ready to prepare, for
// the CLI and the Python bindings alike, with what a caller may override.

#include "sim/response/scenario.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>

namespace dsim {

// What a run may change of its scenario: the CLI's options and the Python
// arguments map one to one onto these. A value that is not set keeps the
// scenario's.
struct RunOverrides {
  int replications = 0;    // > 0: instead of the scenario's
  long long seed = -1;     // >= 0: instead of the scenario's
  int threads = 0;         // worker threads; 0: all cores
  double horizon_s = 0.0;  // > 0: instead of the scenario's
};

// Where a scenario comes from: a file, or YAML/JSON text named in messages.
struct ScenarioSource {
  std::string path;  // empty: the text
  std::string text;
  std::string name;  // names the text in messages ("<dict>", a file name)

  static ScenarioSource file(std::string path) { return {std::move(path), {}, {}}; }
  static ScenarioSource in_memory(std::string text, std::string name) { return {{}, std::move(text), std::move(name)}; }
};

// Reads and checks the scenario (ScenarioError listing every error, with file,
// line and column) and applies the overrides (InputError for a horizon not
// after the warm-up and the listed incidents).
Scenario load_scenario(const ScenarioSource& source, const RunOverrides& overrides = {});

// The worker threads a run uses: the override, or all cores for 0.
int run_threads(const RunOverrides& overrides);

// How a caller follows and stops a run.
struct RunControl {
  std::function<void(std::size_t done, std::size_t total)> on_progress;
  const std::atomic<bool>* cancel = nullptr;  // set: start no more replications
};

}  // namespace dsim
