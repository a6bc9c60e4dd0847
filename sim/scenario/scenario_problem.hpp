// SPDX-License-Identifier: MIT
#pragma once

#include "sim/core/error.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace dsim {

// One thing wrong with a scenario, located precisely enough to fix it:
//   file:line:column: key.path: expected X, found Y (did you mean 'Z'?); note
// Errors make a scenario unusable; warnings point at something that runs but
// is probably not what the author meant (a need no team can meet).
struct ScenarioProblem {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  std::string file;
  std::size_t line = 0;    // 1-based; 0 when not known
  std::size_t column = 0;  // 1-based; 0 when not known
  std::string key;         // "teams[3].turnout"; empty for the whole file
  std::string expected;    // "an integer >= 1"
  std::string found;       // "'-3'", "a list", "nothing"; may be empty
  std::string suggestion;  // the valid name the author probably meant; may be empty
  std::string note;        // anything else that helps; may be empty

  bool is_error() const { return severity == Severity::error; }
  // The one-line form above ("warning: " after the location for warnings).
  std::string message() const;
};

// Thrown when a scenario cannot be used: an InputError for its first error,
// whose what() lists every error, one a line.
class ScenarioError : public InputError {
 public:
  explicit ScenarioError(std::vector<ScenarioProblem> problems);
  const std::vector<ScenarioProblem>& problems() const { return problems_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::vector<ScenarioProblem> problems_;
  std::string message_;
};

// The errors of one input file, collected as a reader finds them and thrown
// together (ScenarioError) at the end: every problem at once.
class ProblemList {
 public:
  explicit ProblemList(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }
  void add(std::size_t line, std::size_t column, std::string key, std::string expected, std::string found,
           std::string suggestion = {}, std::string note = {}) {
    problems_.push_back({ScenarioProblem::Severity::error, file_, line, column, std::move(key), std::move(expected),
                         std::move(found), std::move(suggestion), std::move(note)});
  }
  // Throws ScenarioError when anything was added.
  void throw_if_any() {
    if (!problems_.empty()) throw ScenarioError(std::move(problems_));
  }

 private:
  std::string file_;
  std::vector<ScenarioProblem> problems_;
};

}  // namespace dsim
