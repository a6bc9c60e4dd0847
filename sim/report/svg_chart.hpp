// SPDX-License-Identifier: MIT
#pragma once

// Charts as inline SVG for the reports: plain structs in, an <svg> string out.
//
// Band chart: one row per task or indicator, a horizontal band (e.g. the 10 to
// 90 % of simulated times), the median as a tick, an optional target line and
// an optional observed marker (green when at or under the target, red when
// over; grey without a target). Times are seconds; the axis is in minutes.
//
//   std::vector<BandRow> rows = {{"warning issued", 240, 410, 700, 600, 520, ""}};  // label, low, median,
//                                                                               // high, target, observed s
//   BandChartOptions options;
//   options.title = "Observed against simulated";
//   std::string svg = band_chart_svg(rows, options);
//
// Histogram (values binned, counts as bars), bar chart (a value per label) and
// interval chart (a mean with its confidence interval per indicator).

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace dsim {

struct BandRow {
  std::string label;
  double low_s = std::numeric_limits<double>::quiet_NaN();     // band start (NaN: no band)
  double median_s = std::numeric_limits<double>::quiet_NaN();  // tick (NaN: none)
  double high_s = std::numeric_limits<double>::quiet_NaN();    // band end
  double target_s = std::numeric_limits<double>::quiet_NaN();  // target line (NaN: none)
  double observed_s = std::numeric_limits<double>::quiet_NaN();  // observed marker (NaN: not observed)
  std::string note;  // tooltip text added to the row's numbers
};

struct BandChartOptions {
  std::string id = "band_chart";
  std::string title;
  std::string x_label = "minutes";
  std::string band_label = "10–90 % of simulated times";
  double width_px = 760.0;
  double row_height_px = 24.0;
  double label_width_px = 220.0;
};

// Rows with no finite value are listed with "no data". The x axis starts at 0
// (or below the smallest value when negative) and ends past the largest.
std::string band_chart_svg(const std::vector<BandRow>& rows, const BandChartOptions& options = {});

struct HistogramOptions {
  std::string id = "histogram";
  std::string title;
  std::string x_label;  // with its unit: "response time (min)"
  std::string y_label = "count";
  int bins = 20;
  double min = std::numeric_limits<double>::quiet_NaN();  // NaN: the data's
  double max = std::numeric_limits<double>::quiet_NaN();
  double scale = 1.0;  // values are multiplied by this first (1/60: seconds to minutes)
  double width_px = 640.0;
  double height_px = 260.0;
  std::string colour = "#4e79a7";
};

// NaN values are left out (the caller says how many elsewhere); values above
// max go into the last bin, below min into the first.
std::string histogram_svg(std::span<const double> values, const HistogramOptions& options = {});

struct Bar {
  std::string label;
  double value = 0.0;
  std::string colour;  // "" : the chart's
  std::string note;    // tooltip
};

struct BarChartOptions {
  std::string id = "bar_chart";
  std::string title;
  std::string value_label;  // with its unit
  double width_px = 640.0;
  double bar_height_px = 20.0;
  double label_width_px = 200.0;
  std::string colour = "#4e79a7";
};

// Horizontal bars from 0, one per label, the value printed at the end.
std::string bar_chart_svg(const std::vector<Bar>& bars, const BarChartOptions& options = {});

struct IntervalRow {
  std::string label;
  double mean = std::numeric_limits<double>::quiet_NaN();
  double lower = std::numeric_limits<double>::quiet_NaN();
  double upper = std::numeric_limits<double>::quiet_NaN();
  std::string note;  // tooltip
};

struct IntervalChartOptions {
  std::string id = "interval_chart";
  std::string title;
  std::string value_label;  // with its unit
  double scale = 1.0;       // values multiplied by this (100: shares as percent)
  double width_px = 640.0;
  double row_height_px = 22.0;
  double label_width_px = 260.0;
  double min = std::numeric_limits<double>::quiet_NaN();  // axis (NaN: from the data)
  double max = std::numeric_limits<double>::quiet_NaN();
};

// A dot at the mean and a line from lower to upper per row, on one axis.
std::string interval_chart_svg(const std::vector<IntervalRow>& rows, const IntervalChartOptions& options = {});

}  // namespace dsim
