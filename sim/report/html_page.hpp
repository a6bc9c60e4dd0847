// SPDX-License-Identifier: MIT
#pragma once

// A self-contained HTML page for reports: a header saying what was run, then
// sections of paragraphs, note and warning boxes, tables and inline SVG
// figures; inline CSS with a print stylesheet for A4; nothing fetched from the
// network. Text given to it is escaped; SVG and raw HTML are taken as built.
//
//   HtmlPage page("Run report: flood season");
//   page.add_header_item("Scenario", "flood_warning.yaml");
//   page.begin_section("Indicators", "indicators");
//   page.paragraph("Means over 20 replications, 95 % Student-t intervals.");
//   page.table(table);
//   page.figure(svg, "Stations and 5-minute cover");
//   page.write("report.html");   // atomically

#include "sim/core/atomic_write.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsim {

// Text safe inside HTML or SVG elements and attribute values (& < > " ').
std::string html_escape(std::string_view text);

// A number for people: `digits` significant digits, no exponent for everyday
// sizes, thousands not grouped; "–" for NaN, "∞" / "-∞" for infinities. A
// non-empty unit follows after a thin space ("12.3 min", "45 %").
std::string format_number(double value, int digits = 3, std::string_view unit = {});
// Seconds as minutes with one decimal ("5.2 min"); "–" for NaN.
std::string format_minutes(double seconds);
// A share 0..1 as a percentage with `decimals` decimals ("87.5 %").
std::string format_percent(double share, int decimals = 1);

// A table: header cells, rows of cells (plain text, escaped on output) and
// which columns hold numbers (right-aligned).
struct HtmlTable {
  std::string id;       // the <table> id ("" : none)
  std::string caption;  // above the table ("" : none)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column; missing entries are text
  // Extra class per row ("" : none), e.g. "missed" to shade a row; same size as rows or empty.
  std::vector<std::string> row_class;

  void add_row(std::vector<std::string> cells, std::string css_class = {});
};

class HtmlPage {
 public:
  explicit HtmlPage(std::string title);

  // A line of the header block under the title: "Scenario: flood_warning".
  void add_header_item(std::string label, std::string value);

  // A new <section> with an <h2> (id: the anchor, "" for none); the page's
  // contents list links every section that has an id.
  void begin_section(std::string heading, std::string id = {});
  // A sub-heading inside the current section (level 3 or 4).
  void heading(std::string_view text, int level = 3);
  void paragraph(std::string_view text);
  // A bulleted list of plain-text items.
  void list(const std::vector<std::string>& items);
  // A grey box (kind "note") or an amber one (kind "warning"), plain text.
  void note(std::string_view text);
  void warning(std::string_view text);
  void table(const HtmlTable& table);
  // An inline SVG (as built by SvgMap or the charts) with a caption below.
  void figure(const std::string& svg, std::string_view caption = {}, std::string_view id = {});
  // HTML the caller built and escaped itself.
  void raw_html(std::string html);

  const std::string& title() const { return title_; }
  // The whole document.
  std::string html() const;
  // Writes html() to `path` under a temporary name in the same folder, then
  // renames it over `path`: the file is either absent, the old one or complete.
  // Throws dsim::Error when it cannot be written (nothing is left behind).
  void write(const std::filesystem::path& path) const;

 private:
  void close_section();

  std::string title_;
  std::vector<std::pair<std::string, std::string>> header_items_;
  std::vector<std::pair<std::string, std::string>> contents_;  // id, heading
  std::string body_;
  bool in_section_ = false;
};



}  // namespace dsim
