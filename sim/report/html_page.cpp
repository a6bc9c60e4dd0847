// SPDX-License-Identifier: MIT
#include "sim/report/html_page.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <system_error>

namespace dsim {

namespace {

// Inline stylesheet: readable on screen, A4 on paper (figures and table rows
// not split across pages, links printed plainly).
constexpr std::string_view kStyle = R"css(
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --note: #f6f8fa; --warn: #fff8c5; --warn-line: #d4a72c; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px;
       padding: 1.2em 1.5em 3em; line-height: 1.45; font-size: 15px; }
header.page { border-bottom: 2px solid var(--ink); margin-bottom: 1em; }
header.page h1 { margin: 0 0 0.3em; font-size: 1.6em; }
header.page dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; margin: 0 0 0.8em; }
header.page dt { color: var(--muted); } header.page dd { margin: 0; }
nav.contents ol { columns: 2; margin: 0.3em 0 1em; }
section { margin: 1.6em 0; }
h2 { font-size: 1.3em; border-bottom: 1px solid var(--line); padding-bottom: 0.2em; }
h3 { font-size: 1.1em; } h4 { font-size: 1em; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid var(--line); padding: 0.25em 0.55em; vertical-align: top; }
th { background: var(--note); text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.missed td { background: #ffebe9; } tr.met td { background: #dafbe1; } tr.muted td { color: var(--muted); }
.box { border-left: 4px solid var(--line); background: var(--note); padding: 0.5em 0.8em; margin: 0.8em 0; }
.box.warning { border-left-color: var(--warn-line); background: var(--warn); }
figure { margin: 0.8em 0 1.2em; } figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.9em; margin-top: 0.3em; }
footer { margin-top: 3em; color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--line); padding-top: 0.5em; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.contents { display: none; }
  figure, table, tr, .box { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  section { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
)css";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_number(double value, int digits, std::string_view unit) {
  if (std::isnan(value)) return "–";
  std::string text;
  const double a = std::fabs(value);
  if (std::isinf(value)) {
    text = value > 0 ? "∞" : "-∞";
  } else if (a != 0.0 && (a >= 1e9 || a < 1e-4)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", std::max(digits, 1), value);
    text = buf;
  } else {
    // Enough decimals for `digits` significant digits, none for large numbers;
    // trailing zeros of a fraction say nothing.
    const int magnitude = a == 0.0 ? 0 : static_cast<int>(std::floor(std::log10(a)));
    const int decimals = std::max(0, digits - 1 - magnitude);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    text = buf;
    if (text.find('.') != std::string::npos) {
      while (text.back() == '0') text.pop_back();
      if (text.back() == '.') text.pop_back();
    }
    if (text == "-0") text = "0";
  }
  if (!unit.empty()) text += "\u2009" + std::string(unit);
  return text;
}

std::string format_minutes(double seconds) {
  if (std::isnan(seconds)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f\u2009min", seconds / 60.0);
  return buf;
}

std::string format_percent(double share, int decimals) {
  if (std::isnan(share)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f\u2009%%", decimals, share * 100.0);
  return buf;
}

void HtmlTable::add_row(std::vector<std::string> cells, std::string css_class) {
  if (!css_class.empty() && row_class.size() < rows.size()) row_class.resize(rows.size());
  rows.push_back(std::move(cells));
  if (!css_class.empty() || !row_class.empty()) {
    row_class.resize(rows.size());
    row_class.back() = std::move(css_class);
  }
}

HtmlPage::HtmlPage(std::string title) : title_(std::move(title)) {}

void HtmlPage::add_header_item(std::string label, std::string value) {
  header_items_.emplace_back(std::move(label), std::move(value));
}

void HtmlPage::close_section() {
  if (in_section_) body_ += "</section>\n";
  in_section_ = false;
}

void HtmlPage::begin_section(std::string heading, std::string id) {
  close_section();
  body_ += id.empty() ? "<section>\n" : "<section id=\"" + html_escape(id) + "\">\n";
  body_ += "<h2>" + html_escape(heading) + "</h2>\n";
  if (!id.empty()) contents_.emplace_back(std::move(id), std::move(heading));
  in_section_ = true;
}

void HtmlPage::heading(std::string_view text, int level) {
  const std::string tag = "h" + std::to_string(level < 3 ? 3 : level > 6 ? 6 : level);
  body_ += "<" + tag + ">" + html_escape(text) + "</" + tag + ">\n";
}

void HtmlPage::paragraph(std::string_view text) { body_ += "<p>" + html_escape(text) + "</p>\n"; }

void HtmlPage::list(const std::vector<std::string>& items) {
  body_ += "<ul>\n";
  for (const std::string& item : items) body_ += "<li>" + html_escape(item) + "</li>\n";
  body_ += "</ul>\n";
}

void HtmlPage::note(std::string_view text) { body_ += "<div class=\"box note\">" + html_escape(text) + "</div>\n"; }

void HtmlPage::warning(std::string_view text) {
  body_ += "<div class=\"box warning\" role=\"note\"><strong>Note:</strong> " + html_escape(text) + "</div>\n";
}

void HtmlPage::table(const HtmlTable& t) {
  body_ += t.id.empty() ? "<table>" : "<table id=\"" + html_escape(t.id) + "\">";
  if (!t.caption.empty()) body_ += "<caption>" + html_escape(t.caption) + "</caption>";
  body_ += "\n<thead><tr>";
  for (const std::string& h : t.header) body_ += "<th scope=\"col\">" + html_escape(h) + "</th>";
  body_ += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& cls = r < t.row_class.size() ? t.row_class[r] : std::string();
    body_ += cls.empty() ? "<tr>" : "<tr class=\"" + html_escape(cls) + "\">";
    for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
      const bool num = c < t.numeric.size() && t.numeric[c];
      body_ += num ? "<td class=\"num\">" : "<td>";
      body_ += html_escape(t.rows[r][c]) + "</td>";
    }
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table>\n";
}

void HtmlPage::figure(const std::string& svg, std::string_view caption, std::string_view id) {
  body_ += id.empty() ? "<figure>\n" : "<figure id=\"" + html_escape(id) + "\">\n";
  body_ += svg;
  if (!caption.empty()) body_ += "\n<figcaption>" + html_escape(caption) + "</figcaption>";
  body_ += "\n</figure>\n";
}

void HtmlPage::raw_html(std::string html) { body_ += std::move(html); }

std::string HtmlPage::html() const {
  std::string out;
  out.reserve(body_.size() + 8192);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<link rel=\"icon\" href=\"data:,\">\n";  // no favicon request: nothing is fetched
  out += "<title>" + html_escape(title_) + "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<header class=\"page\">\n<h1>" + html_escape(title_) + "</h1>\n";
  if (!header_items_.empty()) {
    out += "<dl>\n";
    for (const auto& [label, value] : header_items_)
      out += "<dt>" + html_escape(label) + "</dt><dd>" + html_escape(value) + "</dd>\n";
    out += "</dl>\n";
  }
  out += "</header>\n";
  if (contents_.size() > 1) {
    out += "<nav class=\"contents\"><strong>Contents</strong><ol>\n";
    for (const auto& [id, heading] : contents_)
      out += "<li><a href=\"#" + html_escape(id) + "\">" + html_escape(heading) + "</a></li>\n";
    out += "</ol></nav>\n";
  }
  out += "<main>\n";
  out += body_;
  if (in_section_) out += "</section>\n";
  out += "</main>\n<footer>Written by dsim. Self-contained: works offline and prints on A4.</footer>\n</body>\n</html>\n";
  return out;
}

void HtmlPage::write(const std::filesystem::path& path) const { write_text_atomically(path, html()); }


}  // namespace dsim
