// SPDX-License-Identifier: MIT
#pragma once

// The run report's sections, split over run_report.cpp (response) and
// run_report_hazards.cpp (hazards, logistics, warning). Private to sim/report.

#include "sim/report/run_report.hpp"

#include <cstddef>
#include <map>
#include <string>

namespace dsim {

// Counts the page states more than once: over the calls after the warm-up.
struct RunFacts {
  std::size_t replications_finished = 0;
  std::size_t calls = 0;
  std::size_t not_reached = 0;
  std::size_t lost = 0;
  std::map<std::string, std::size_t> not_reached_by_reason;
};

RunFacts run_facts(const RunView& view);

// Flood, fire and chemical maps, for the tables the run has.
void hazard_sections(HtmlPage& page, const RunView& view, const RunReportOptions& options, const MapBounds& bounds);
// Logistics and warning summaries, for the tables the run has.
void summary_sections(HtmlPage& page, const RunView& view);

}  // namespace dsim
