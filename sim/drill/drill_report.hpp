// SPDX-License-Identifier: MIT
#pragma once

// The drill's two pages (docs/drills.md): the printable drill script with the
// expected timeline of every critical task, and the after-action report of an
// evaluated drill. Self-contained HTML (inline CSS and SVG), offline.

#include "sim/drill/drill_design.hpp"
#include "sim/drill/drill_evaluation.hpp"

#include <string>
#include <vector>

namespace dsim {

// The drill script: objectives, capabilities and tasks; the weak spots the
// injects aim at (empty for a drill written by hand); the injects on a map and
// in time order; every task's expected timeline (median and 10-90 % band of
// the simulated replications) as a chart and a table; an evaluators' log sheet.
std::string drill_script_html(const DrillSpec& drill, const DrillRun& run, const std::vector<WeakSpot>& weak_spots = {});

// The after-action report: capability ratings, observed times against the
// simulated bands, the scores table, a map of the injects, units and the
// actors' tracks (when the log has positions), strengths and areas for
// improvement, and the log entries no task matched.
std::string after_action_report_html(const DrillSpec& drill, const DrillRun& run, const DrillEvaluation& evaluation);

}  // namespace dsim
