// SPDX-License-Identifier: MIT
#include "sim/report/svg_chart.hpp"

#include "sim/report/html_page.hpp"
#include "sim/report/svg_map.hpp"

#include <algorithm>
#include <cstdio>

namespace dsim {

namespace {

constexpr double kTop = 30.0;      // title band
constexpr double kAxisBand = 42.0;  // ticks, numbers and label under a plot
constexpr double kRight = 24.0;

std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string open_svg(const std::string& id, const std::string& cls, double w, double h, const std::string& title) {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + html_escape(id) + "\" class=\"chart " + cls +
                    "\" role=\"img\" width=\"" + px(w) + "\" height=\"" + px(h) + "\" viewBox=\"0 0 " + px(w) + " " +
                    px(h) + "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n";
  out += "<title>" + html_escape(title.empty() ? cls : title) + "</title>\n";
  out += "<text class=\"chart-title\" x=\"4\" y=\"19\" font-size=\"14\" font-weight=\"bold\">" + html_escape(title) +
         "</text>\n";
  return out;
}

// A linear axis from lo to hi drawn over [x0, x1] at height y, with grid lines up to y_top.
struct Axis {
  double lo = 0, hi = 1, x0 = 0, x1 = 1;
  double x(double v) const { return x0 + (x1 - x0) * (v - lo) / (hi - lo); }
};

// Widens [lo, hi] to round ticks; returns the ticks.
std::vector<double> fit_axis(Axis& a, double lo, double hi, int count) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0.0, hi = 1.0;
  if (hi <= lo) hi = lo + 1.0;
  std::vector<double> ticks = nice_ticks(lo, hi, count);
  if (ticks.size() >= 2) {
    const double step = ticks[1] - ticks[0];
    if (ticks.front() > lo + 1e-12) ticks.insert(ticks.begin(), ticks.front() - step);
    if (ticks.back() < hi - 1e-12) ticks.push_back(ticks.back() + step);
    a.lo = ticks.front();
    a.hi = ticks.back();
  } else {
    a.lo = lo;
    a.hi = hi;
  }
  return ticks;
}

std::string x_axis_svg(const Axis& a, const std::vector<double>& ticks, double y, double y_top,
                       const std::string& label) {
  std::string out = "<g class=\"axis x-axis\">";
  out += "<line x1=\"" + px(a.x0) + "\" y1=\"" + px(y) + "\" x2=\"" + px(a.x1) + "\" y2=\"" + px(y) +
         "\" stroke=\"#333\"/>";
  for (const double t : ticks) {
    const double x = a.x(t);
    out += "<line class=\"grid\" x1=\"" + px(x) + "\" y1=\"" + px(y_top) + "\" x2=\"" + px(x) + "\" y2=\"" + px(y) +
           "\" stroke=\"#e4e4e4\"/>";
    out += "<line x1=\"" + px(x) + "\" y1=\"" + px(y) + "\" x2=\"" + px(x) + "\" y2=\"" + px(y + 4) +
           "\" stroke=\"#333\"/><text class=\"tick\" x=\"" + px(x) + "\" y=\"" + px(y + 16) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + html_escape(format_number(t, 4)) + "</text>";
  }
  out += "<text class=\"axis-label\" x=\"" + px(0.5 * (a.x0 + a.x1)) + "\" y=\"" + px(y + 34) +
         "\" text-anchor=\"middle\">" + html_escape(label) + "</text></g>\n";
  return out;
}

std::string minutes(double s) { return format_minutes(s); }

}  // namespace

std::string band_chart_svg(const std::vector<BandRow>& rows, const BandChartOptions& o) {
  double lo = 0.0, hi = 0.0;
  for (const BandRow& r : rows)
    for (const double v : {r.low_s, r.median_s, r.high_s, r.target_s, r.observed_s})
      if (std::isfinite(v)) lo = std::min(lo, v / 60.0), hi = std::max(hi, v / 60.0);
  if (hi <= lo) hi = lo + 10.0;
  Axis a;
  a.x0 = o.label_width_px;
  a.x1 = o.width_px - kRight;
  const std::vector<double> ticks = fit_axis(a, lo, hi * 1.03, 8);
  const double legend_h = 22.0;
  const double plot_top = kTop + legend_h;
  const double plot_h = std::max<double>(1.0, static_cast<double>(rows.size())) * o.row_height_px;
  const double h = plot_top + plot_h + kAxisBand + 6.0;
  std::string out = open_svg(o.id, "band-chart", o.width_px, h, o.title);
  // Key: band, median, target, observed met/missed.
  const double ky = kTop + 6.0;
  double kx = std::min(o.label_width_px, std::max(8.0, o.width_px - 460.0 - 6.2 * double(o.band_label.size())));
  out += "<g class=\"chart-key\" font-size=\"11\">";
  out += "<rect x=\"" + px(kx) + "\" y=\"" + px(ky - 5) + "\" width=\"18\" height=\"10\" fill=\"#9ecae1\"/>";
  out += "<text x=\"" + px(kx + 22) + "\" y=\"" + px(ky + 4) + "\">" + html_escape(o.band_label) + "</text>";
  kx += 40 + 6.2 * static_cast<double>(o.band_label.size());
  out += "<line x1=\"" + px(kx) + "\" y1=\"" + px(ky - 6) + "\" x2=\"" + px(kx) + "\" y2=\"" + px(ky + 6) +
         "\" stroke=\"#08519c\" stroke-width=\"2.5\"/><text x=\"" + px(kx + 6) + "\" y=\"" + px(ky + 4) +
         "\">median</text>";
  kx += 64;
  out += "<line x1=\"" + px(kx) + "\" y1=\"" + px(ky - 6) + "\" x2=\"" + px(kx) + "\" y2=\"" + px(ky + 6) +
         "\" stroke=\"#d62728\" stroke-dasharray=\"3 2\" stroke-width=\"1.5\"/><text x=\"" + px(kx + 6) + "\" y=\"" +
         px(ky + 4) + "\">target</text>";
  kx += 60;
  out += "<circle cx=\"" + px(kx) + "\" cy=\"" + px(ky) + "\" r=\"5\" fill=\"#2ca02c\" stroke=\"#222\"/><text x=\"" +
         px(kx + 8) + "\" y=\"" + px(ky + 4) + "\">observed, met</text>";
  kx += 112;
  out += "<circle cx=\"" + px(kx) + "\" cy=\"" + px(ky) + "\" r=\"5\" fill=\"#d62728\" stroke=\"#222\"/><text x=\"" +
         px(kx + 8) + "\" y=\"" + px(ky + 4) + "\">observed, missed</text></g>\n";
  out += x_axis_svg(a, ticks, plot_top + plot_h, plot_top, o.x_label);
  out += "<g class=\"rows\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const BandRow& r = rows[i];
    const double y0 = plot_top + static_cast<double>(i) * o.row_height_px;
    const double cy = y0 + 0.5 * o.row_height_px;
    std::string tip = r.label + ": band " + minutes(r.low_s) + " to " + minutes(r.high_s) + ", median " +
                      minutes(r.median_s);
    if (std::isfinite(r.target_s)) tip += ", target " + minutes(r.target_s);
    if (std::isfinite(r.observed_s)) tip += ", observed " + minutes(r.observed_s);
    if (!r.note.empty()) tip += "; " + r.note;
    out += "<g class=\"band-row\"><title>" + html_escape(tip) + "</title>";
    if (i % 2 == 1)
      out += "<rect x=\"0\" y=\"" + px(y0) + "\" width=\"" + px(o.width_px) + "\" height=\"" + px(o.row_height_px) +
             "\" fill=\"#f6f8fa\"/>";
    out += "<text class=\"row-label\" x=\"" + px(o.label_width_px - 8) + "\" y=\"" + px(cy + 4) +
           "\" text-anchor=\"end\">" + html_escape(r.label) + "</text>";
    const bool any = std::isfinite(r.low_s) || std::isfinite(r.median_s) || std::isfinite(r.observed_s) ||
                     std::isfinite(r.target_s);
    if (!any)
      out += "<text x=\"" + px(a.x0 + 6) + "\" y=\"" + px(cy + 4) + "\" fill=\"#777\" font-style=\"italic\">no data</text>";
    if (std::isfinite(r.low_s) && std::isfinite(r.high_s)) {
      const double x0 = a.x(r.low_s / 60.0), x1 = a.x(r.high_s / 60.0);
      out += "<rect class=\"band\" x=\"" + px(std::min(x0, x1)) + "\" y=\"" + px(cy - 6) + "\" width=\"" +
             px(std::max(std::fabs(x1 - x0), 1.0)) + "\" height=\"12\" fill=\"#9ecae1\"/>";
    }
    if (std::isfinite(r.median_s)) {
      const double x = a.x(r.median_s / 60.0);
      out += "<line class=\"median\" x1=\"" + px(x) + "\" y1=\"" + px(cy - 8) + "\" x2=\"" + px(x) + "\" y2=\"" +
             px(cy + 8) + "\" stroke=\"#08519c\" stroke-width=\"2.5\"/>";
    }
    if (std::isfinite(r.target_s)) {
      const double x = a.x(r.target_s / 60.0);
      out += "<line class=\"target\" x1=\"" + px(x) + "\" y1=\"" + px(y0 + 1) + "\" x2=\"" + px(x) + "\" y2=\"" +
             px(y0 + o.row_height_px - 1) + "\" stroke=\"#d62728\" stroke-dasharray=\"3 2\" stroke-width=\"1.5\"/>";
    }
    if (std::isfinite(r.observed_s)) {
      const double x = a.x(r.observed_s / 60.0);
      const bool judged = std::isfinite(r.target_s);
      const bool met = judged && r.observed_s <= r.target_s;
      const std::string fill = !judged ? "#7f7f7f" : met ? "#2ca02c" : "#d62728";
      out += "<circle class=\"observed " + std::string(!judged ? "unjudged" : met ? "met" : "missed") + "\" cx=\"" +
             px(x) + "\" cy=\"" + px(cy) + "\" r=\"5.5\" fill=\"" + fill + "\" stroke=\"#222\"/>";
    }
    out += "</g>";
  }
  out += "</g>\n</svg>";
  return out;
}

std::string histogram_svg(std::span<const double> values, const HistogramOptions& o) {
  std::vector<double> v;
  for (const double x : values)
    if (std::isfinite(x)) v.push_back(x * o.scale);
  double lo = o.min, hi = o.max;
  if (!std::isfinite(lo)) lo = v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
  if (!std::isfinite(hi)) hi = v.empty() ? 1.0 : *std::max_element(v.begin(), v.end());
  if (hi <= lo) hi = lo + 1.0;
  const int bins = std::max(o.bins, 1);
  std::vector<std::size_t> counts(static_cast<std::size_t>(bins), 0);
  for (const double x : v) {
    const int b = static_cast<int>(std::floor((x - lo) / (hi - lo) * bins));
    ++counts[static_cast<std::size_t>(std::clamp(b, 0, bins - 1))];
  }
  const std::size_t top = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
  const double left = 56.0;
  Axis a;
  a.x0 = left;
  a.x1 = o.width_px - kRight;
  a.lo = lo;
  a.hi = hi;
  std::vector<double> ticks;
  for (const double t : nice_ticks(lo, hi, 6))
    if (t >= lo - 1e-9 && t <= hi + 1e-9) ticks.push_back(t);
  const double plot_top = kTop + 6.0;
  const double plot_bottom = o.height_px - kAxisBand;
  Axis y;  // counts upwards: reuse Axis with x as the vertical position
  y.x0 = plot_bottom;
  y.x1 = plot_top;
  const std::vector<double> yticks = fit_axis(y, 0.0, std::max<double>(1.0, static_cast<double>(top)), 4);
  std::string out = open_svg(o.id, "histogram", o.width_px, o.height_px, o.title);
  out += x_axis_svg(a, ticks, plot_bottom, plot_top, o.x_label);
  out += "<g class=\"axis y-axis\"><line x1=\"" + px(left) + "\" y1=\"" + px(plot_top) + "\" x2=\"" + px(left) +
         "\" y2=\"" + px(plot_bottom) + "\" stroke=\"#333\"/>";
  for (const double t : yticks) {
    if (t != std::floor(t)) continue;  // whole counts only
    out += "<text class=\"tick\" x=\"" + px(left - 6) + "\" y=\"" + px(y.x(t) + 4) +
           "\" text-anchor=\"end\" font-size=\"11\">" + html_escape(format_number(t, 6)) + "</text>";
  }
  out += "<text class=\"axis-label\" transform=\"translate(14," + px(0.5 * (plot_top + plot_bottom)) +
         ") rotate(-90)\" text-anchor=\"middle\">" + html_escape(o.y_label) + "</text></g>\n";
  out += "<g class=\"bars\" fill=\"" + html_escape(o.colour) + "\">";
  const double bw = (a.x1 - a.x0) / bins;
  for (int b = 0; b < bins; ++b) {
    const std::size_t c = counts[static_cast<std::size_t>(b)];
    if (c == 0) continue;
    const double b0 = lo + (hi - lo) * b / bins, b1 = lo + (hi - lo) * (b + 1) / bins;
    const double top_y = y.x(static_cast<double>(c));
    out += "<rect class=\"bar\" x=\"" + px(a.x0 + b * bw + 0.5) + "\" y=\"" + px(top_y) + "\" width=\"" +
           px(std::max(bw - 1.0, 0.5)) + "\" height=\"" + px(plot_bottom - top_y) + "\"><title>" +
           html_escape(format_number(b0, 3) + " to " + format_number(b1, 3) + ": " + std::to_string(c)) +
           "</title></rect>";
  }
  out += "</g>\n</svg>";
  return out;
}

std::string bar_chart_svg(const std::vector<Bar>& bars, const BarChartOptions& o) {
  double hi = 0.0, lo = 0.0;
  for (const Bar& b : bars)
    if (std::isfinite(b.value)) hi = std::max(hi, b.value), lo = std::min(lo, b.value);
  Axis a;
  a.x0 = o.label_width_px;
  a.x1 = o.width_px - kRight - 40.0;
  const std::vector<double> ticks = fit_axis(a, lo, hi > lo ? hi : lo + 1.0, 5);
  const double plot_top = kTop + 4.0;
  const double plot_h = std::max<double>(1.0, static_cast<double>(bars.size())) * o.bar_height_px;
  const double h = plot_top + plot_h + kAxisBand + 4.0;
  std::string out = open_svg(o.id, "bar-chart", o.width_px, h, o.title);
  out += x_axis_svg(a, ticks, plot_top + plot_h, plot_top, o.value_label);
  out += "<g class=\"bars\">";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y0 = plot_top + static_cast<double>(i) * o.bar_height_px;
    const double x0 = a.x(0.0), x1 = std::isfinite(b.value) ? a.x(b.value) : x0;
    out += "<g class=\"bar-row\"><title>" + html_escape(b.label + ": " + format_number(b.value, 4) +
                                                       (b.note.empty() ? "" : "; " + b.note)) + "</title>";
    out += "<text x=\"" + px(o.label_width_px - 8) + "\" y=\"" + px(y0 + 0.5 * o.bar_height_px + 4) +
           "\" text-anchor=\"end\">" + html_escape(b.label) + "</text>";
    out += "<rect class=\"bar\" x=\"" + px(std::min(x0, x1)) + "\" y=\"" + px(y0 + 3) + "\" width=\"" +
           px(std::fabs(x1 - x0)) + "\" height=\"" + px(o.bar_height_px - 6) + "\" fill=\"" +
           html_escape(b.colour.empty() ? o.colour : b.colour) + "\"/>";
    out += "<text class=\"value\" x=\"" + px(std::max(x0, x1) + 4) + "\" y=\"" + px(y0 + 0.5 * o.bar_height_px + 4) +
           "\" font-size=\"11\">" + html_escape(format_number(b.value, 3)) + "</text></g>";
  }
  out += "</g>\n</svg>";
  return out;
}

std::string interval_chart_svg(const std::vector<IntervalRow>& rows, const IntervalChartOptions& o) {
  double lo = o.min, hi = o.max;
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    double dlo = std::numeric_limits<double>::infinity(), dhi = -dlo;
    for (const IntervalRow& r : rows)
      for (const double v : {r.mean, r.lower, r.upper})
        if (std::isfinite(v)) dlo = std::min(dlo, v * o.scale), dhi = std::max(dhi, v * o.scale);
    if (!std::isfinite(lo)) lo = std::isfinite(dlo) ? std::min(dlo, 0.0) : 0.0;
    if (!std::isfinite(hi)) hi = std::isfinite(dhi) ? dhi : 1.0;
  }
  Axis a;
  a.x0 = o.label_width_px;
  a.x1 = o.width_px - kRight;
  const std::vector<double> ticks = fit_axis(a, lo, hi > lo ? hi : lo + 1.0, 6);
  const double plot_top = kTop + 4.0;
  const double plot_h = std::max<double>(1.0, static_cast<double>(rows.size())) * o.row_height_px;
  const double h = plot_top + plot_h + kAxisBand + 4.0;
  std::string out = open_svg(o.id, "interval-chart", o.width_px, h, o.title);
  out += x_axis_svg(a, ticks, plot_top + plot_h, plot_top, o.value_label);
  out += "<g class=\"rows\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const IntervalRow& r = rows[i];
    const double cy = plot_top + (static_cast<double>(i) + 0.5) * o.row_height_px;
    out += "<g class=\"interval-row\"><title>" +
           html_escape(r.label + ": " + format_number(r.mean * o.scale, 4) + " (" + format_number(r.lower * o.scale, 4) +
                       " to " + format_number(r.upper * o.scale, 4) + ")" + (r.note.empty() ? "" : "; " + r.note)) +
           "</title>";
    out += "<text x=\"" + px(o.label_width_px - 8) + "\" y=\"" + px(cy + 4) + "\" text-anchor=\"end\">" +
           html_escape(r.label) + "</text>";
    if (std::isfinite(r.lower) && std::isfinite(r.upper)) {
      // Clipped to the axis (an interval of a share may reach below 0); an open end has no cap.
      const double l = std::clamp(r.lower * o.scale, a.lo, a.hi), u = std::clamp(r.upper * o.scale, a.lo, a.hi);
      out += "<line class=\"interval\" x1=\"" + px(a.x(l)) + "\" y1=\"" + px(cy) + "\" x2=\"" + px(a.x(u)) +
             "\" y2=\"" + px(cy) + "\" stroke=\"#333\" stroke-width=\"2\"/>";
      for (const auto& [v, clipped] : {std::pair{l, l != r.lower * o.scale}, std::pair{u, u != r.upper * o.scale}})
        if (!clipped)
          out += "<line x1=\"" + px(a.x(v)) + "\" y1=\"" + px(cy - 4) + "\" x2=\"" + px(a.x(v)) + "\" y2=\"" +
                 px(cy + 4) + "\" stroke=\"#333\" stroke-width=\"1.5\"/>";
    }
    if (std::isfinite(r.mean))
      out += "<circle class=\"mean\" cx=\"" + px(a.x(r.mean * o.scale)) + "\" cy=\"" + px(cy) +
             "\" r=\"4.5\" fill=\"#4e79a7\" stroke=\"#222\"/>";
    else
      out += "<text x=\"" + px(a.x0 + 6) + "\" y=\"" + px(cy + 4) + "\" fill=\"#777\" font-style=\"italic\">not defined</text>";
    out += "</g>";
  }
  out += "</g>\n</svg>";
  return out;
}

}  // namespace dsim
