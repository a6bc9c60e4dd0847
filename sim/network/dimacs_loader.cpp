// SPDX-License-Identifier: MIT
#include "sim/network/dimacs_loader.hpp"

#include "sim/core/error.hpp"
#include "sim/network/text_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace dsim {

namespace {

// Splits on spaces/tabs into at most `max` fields; returns the count found.
std::size_t split_fields(std::string_view line, std::string_view* out, std::size_t max) {
  std::size_t k = 0, i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (k == max) return max + 1;  // more fields than expected
    out[k++] = line.substr(start, i - start);
  }
  return k;
}

template <class T>
bool parse(std::string_view s, T& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::filesystem::path coordinate_file(const std::filesystem::path& gr) {
  std::string name = gr.filename().string();
  for (const char* z : {".xz", ".gz", ".bz2"}) {
    const std::string suffix = z;
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  if (!name.ends_with(".gr")) return {};
  name.replace(name.size() - 3, 3, ".co");
  for (const char* z : {"", ".xz", ".gz", ".bz2"}) {
    const auto candidate = gr.parent_path() / (name + z);
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return {};
}

void read_coordinates(const std::filesystem::path& path, RawNetwork& net) {
  detail::TextReader in(path);
  std::vector<char> seen(net.nodes.size(), 0);
  std::string_view line, f[6];
  while (in.next_line(line)) {
    const std::size_t k = split_fields(line, f, 5);
    if (k == 0 || f[0] == "c" || f[0] == "p") continue;
    const std::string text(line);
    if (f[0] != "v" || k != 4)
      throw InputError(in.file(), in.line_number(), "", "a coordinate line 'v <id> <x> <y>'", text);
    std::int64_t id = 0, x = 0, y = 0;
    if (!parse(f[1], id) || !parse(f[2], x) || !parse(f[3], y))
      throw InputError(in.file(), in.line_number(), "", "integers in 'v <id> <x> <y>'", text);
    if (id < 1 || static_cast<std::size_t>(id) > net.nodes.size())
      throw InputError(in.file(), in.line_number(), "v", "a node id between 1 and " + std::to_string(net.nodes.size()),
                       std::to_string(id));
    net.nodes[id - 1].lon = static_cast<double>(x) * 1e-6;
    net.nodes[id - 1].lat = static_cast<double>(y) * 1e-6;
    seen[id - 1] = 1;
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i])
      throw InputError(in.file(), 0, "", "coordinates for every node of the graph",
                       "none for node " + std::to_string(i + 1));
  }
  net.has_coordinates = true;
}

}  // namespace

RawNetwork load_dimacs(const std::filesystem::path& gr_file, const DimacsOptions& options) {
  if (!(options.speed_kph > 0.0) || !(options.weight_unit > 0.0) || !(options.unweighted_length_m >= 0.0))
    throw InputError(gr_file.string(), 0, "dimacs options", "positive speed, weight unit and edge length");
  detail::TextReader in(gr_file);
  RawNetwork net;
  net.source = gr_file.string();
  net.has_coordinates = false;
  const double speed_mps = options.speed_kph / 3.6;

  bool have_header = false, pace = false;
  std::size_t n = 0, m = 0, arcs = 0;
  std::string_view line, f[5];
  auto fail = [&](const std::string& key, const std::string& expected, std::string_view found) {
    throw InputError(in.file(), in.line_number(), key, expected, std::string(found));
  };
  auto node = [&](std::string_view s, const char* key) {
    std::int64_t id = 0;
    if (!parse(s, id)) fail(key, "an integer node id", s);
    if (id < 1 || static_cast<std::size_t>(id) > n) fail(key, "a node id between 1 and " + std::to_string(n), s);
    return id;
  };

  while (in.next_line(line)) {
    const std::size_t k = split_fields(line, f, 4);
    if (k == 0 || f[0] == "c") continue;
    if (f[0] == "p") {
      if (have_header) fail("p", "a single 'p' line", line);
      if (k != 4 || (f[1] != "sp" && f[1] != "tw") || !parse(f[2], n) || !parse(f[3], m))
        fail("p", "'p sp <nodes> <arcs>' (DIMACS) or 'p tw <nodes> <edges>' (PACE 2016)", line);
      if (n >= 0xFFFFFFFFu || m >= 0xFFFFFFFFu) fail("p", "fewer than 2^32 - 1 nodes and arcs", line);
      have_header = true;
      pace = f[1] == "tw";
      net.nodes.resize(n);
      for (std::size_t i = 0; i < n; ++i) net.nodes[i].external_id = static_cast<std::int64_t>(i + 1);
      net.edges.reserve(std::min<std::size_t>(pace ? 2 * m : m, std::size_t{1} << 26));  // a lying header must not exhaust memory
      continue;
    }
    if (!have_header) fail("", "a 'p sp <nodes> <arcs>' line before the arcs", line);
    if (!pace) {
      if (f[0] != "a") fail("", "an arc line 'a <from> <to> <weight>' or a comment 'c ...'", line);
      if (k != 4) fail("arc", "an arc line 'a <from> <to> <weight>' with 3 numbers", line);
      RawEdge e;
      e.from = node(f[1], "arc from");
      e.to = node(f[2], "arc to");
      double w = 0.0;
      if (!parse(f[3], w) || !std::isfinite(w) || w < 0.0) fail("arc weight", "a number >= 0", f[3]);
      if (options.weight == DimacsWeight::length) {
        e.length_m = w * options.weight_unit;
        e.speed_mps = speed_mps;
      } else {
        e.length_m = w * options.weight_unit * speed_mps;
        e.speed_mps = speed_mps;
      }
      net.edges.push_back(e);
    } else {
      if (k != 2) fail("edge", "an edge line '<u> <v>' (PACE 2016)", line);
      RawEdge e;
      e.from = node(f[0], "edge u");
      e.to = node(f[1], "edge v");
      e.length_m = options.unweighted_length_m;
      e.speed_mps = speed_mps;
      net.edges.push_back(e);
      std::swap(e.from, e.to);
      net.edges.push_back(e);
    }
    if (++arcs > m) fail("", std::to_string(m) + (pace ? " edges" : " arcs") + " as the 'p' line says", "more");
  }
  if (!have_header) throw InputError(in.file(), in.line_number(), "", "a 'p sp <nodes> <arcs>' line", "none");
  if (arcs != m)
    throw InputError(in.file(), in.line_number(), "",
                     std::to_string(m) + (pace ? " edges" : " arcs") + " as the 'p' line says",
                     std::to_string(arcs) + " (truncated file?)");

  if (options.read_coordinates) {
    const auto co = coordinate_file(gr_file);
    if (!co.empty()) read_coordinates(co, net);
  }
  return net;
}

}  // namespace dsim
