// SPDX-License-Identifier: MIT
#include "sim/scenario/scenario_problem.hpp"

#include <algorithm>

namespace dsim {

std::string ScenarioProblem::message() const {
  std::string msg = file;
  if (line > 0) {
    msg += msg.empty() ? "line " : ":";
    msg += std::to_string(line);
    if (column > 0) {
      msg += ':';
      msg += std::to_string(column);
    }
  }
  if (!msg.empty()) msg += ": ";
  if (severity == Severity::warning) msg += "warning: ";
  if (!key.empty()) msg += key + ": ";
  msg += "expected " + expected;
  if (!found.empty()) msg += ", found " + found;
  if (!suggestion.empty()) msg += " (did you mean '" + suggestion + "'?)";
  if (!note.empty()) msg += "; " + note;
  return msg;
}

namespace {

const ScenarioProblem& first_error(const std::vector<ScenarioProblem>& problems) {
  static const ScenarioProblem none{ScenarioProblem::Severity::error, "", 0, 0, "", "a valid scenario", "", "", ""};
  const auto it = std::find_if(problems.begin(), problems.end(), [](const auto& p) { return p.is_error(); });
  return it != problems.end() ? *it : (problems.empty() ? none : problems.front());
}

std::string list_errors(const std::vector<ScenarioProblem>& problems) {
  std::string text;
  std::size_t errors = 0;
  for (const ScenarioProblem& p : problems) {
    if (!p.is_error()) continue;
    if (!text.empty()) text += '\n';
    text += p.message();
    ++errors;
  }
  if (errors > 1) {
    text += '\n';
    text += std::to_string(errors);
    text += " errors";
  }
  return text.empty() ? first_error(problems).message() : text;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<ScenarioProblem> problems)
    : InputError(first_error(problems).file, first_error(problems).line, first_error(problems).key,
                 first_error(problems).expected, first_error(problems).found),
      problems_(std::move(problems)),
      message_(list_errors(problems_)) {}

}  // namespace dsim
