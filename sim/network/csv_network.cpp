// SPDX-License-Identifier: MIT
#include "sim/network/csv_network.hpp"

#include "sim/core/error.hpp"
#include "sim/network/csv_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace dsim {

namespace {

bool parse_flag(std::string_view s, bool& out) {
  if (s == "1" || s == "true" || s == "yes") {
    out = true;
    return true;
  }
  if (s == "0" || s == "false" || s == "no") {
    out = false;
    return true;
  }
  return false;
}

}  // namespace

RawNetwork load_network_csv(const std::filesystem::path& directory) {
  return load_network_csv(directory / "nodes.csv", directory / "edges.csv");
}

RawNetwork load_network_csv(const std::filesystem::path& nodes_csv, const std::filesystem::path& edges_csv) {
  RawNetwork net;
  net.source = edges_csv.parent_path() == nodes_csv.parent_path() && !edges_csv.parent_path().empty()
                   ? edges_csv.parent_path().string()
                   : edges_csv.string();
  // Node id -> line, for duplicate and unknown-id messages.
  std::vector<std::pair<std::int64_t, std::size_t>> ids;
  {
    detail::CsvReader csv(nodes_csv);
    const int c_id = csv.require_column("id"), c_lon = csv.require_column("lon"), c_lat = csv.require_column("lat");
    while (csv.next_row()) {
      RawNode n;
      n.external_id = csv.int64_at(c_id);
      n.lon = csv.double_at(c_lon);
      n.lat = csv.double_at(c_lat);
      if (!(n.lon >= -180.0 && n.lon <= 180.0)) csv.fail(c_lon, "a longitude in degrees, -180..180");
      if (!(n.lat >= -90.0 && n.lat <= 90.0)) csv.fail(c_lat, "a latitude in degrees, -90..90");
      ids.emplace_back(n.external_id, csv.line_number());
      net.nodes.push_back(n);
    }
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 1; i < ids.size(); ++i) {
      if (ids[i].first == ids[i - 1].first)
        throw InputError(csv.file(), std::max(ids[i].second, ids[i - 1].second), "id",
                         "a unique node id (also on line " +
                             std::to_string(std::min(ids[i].second, ids[i - 1].second)) + ")",
                         std::to_string(ids[i].first));
    }
  }
  auto known = [&](std::int64_t id) {
    auto it = std::lower_bound(ids.begin(), ids.end(), std::make_pair(id, std::size_t{0}));
    return it != ids.end() && it->first == id;
  };

  detail::CsvReader csv(edges_csv);
  const int c_from = csv.require_column("from"), c_to = csv.require_column("to");
  const int c_len = csv.require_column("length_m"), c_speed = csv.require_column("speed_kph");
  const int c_class = csv.find_column("class"), c_oneway = csv.find_column("oneway");
  const int c_way = csv.find_column("way_id");
  while (csv.next_row()) {
    RawEdge e;
    e.from = csv.int64_at(c_from);
    if (!known(e.from)) csv.fail(c_from, "a node id listed in " + nodes_csv.filename().string());
    e.to = csv.int64_at(c_to);
    if (!known(e.to)) csv.fail(c_to, "a node id listed in " + nodes_csv.filename().string());
    e.length_m = csv.double_at(c_len);
    if (!(e.length_m >= 0.0) || !std::isfinite(e.length_m)) csv.fail(c_len, "a length in metres >= 0");
    const double kph = csv.double_at(c_speed);
    if (!(kph > 0.0) || !std::isfinite(kph)) csv.fail(c_speed, "a speed in km/h > 0");
    e.speed_mps = kph / 3.6;
    if (c_class >= 0 && !csv.field(c_class).empty() && !parse_road_class(csv.field(c_class), e.road_class))
      csv.fail(c_class, "a road class (motorway, trunk, primary, secondary, tertiary, unclassified, residential, "
                        "living_street, service, track, other)");
    bool oneway = true;
    if (c_oneway >= 0 && !csv.field(c_oneway).empty() && !parse_flag(csv.field(c_oneway), oneway))
      csv.fail(c_oneway, "1 (this direction only) or 0 (both directions)");
    if (c_way >= 0 && !csv.field(c_way).empty()) e.way_id = csv.int64_at(c_way);
    net.edges.push_back(e);
    if (!oneway) {
      std::swap(e.from, e.to);
      net.edges.push_back(e);
    }
  }
  return net;
}

namespace {

void append_number(std::string& out, double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// Writes rows through a 1 MB buffer; throws InputError on failure.
class RowWriter {
 public:
  explicit RowWriter(const std::filesystem::path& path) : path_(path), out_(path, std::ios::binary | std::ios::trunc) {
    if (!out_) throw InputError(path.string(), 0, "", "a writable file", std::strerror(errno));
  }
  std::string& buffer() { return buffer_; }
  void end_row() {
    buffer_ += '\n';
    if (buffer_.size() > (1u << 20)) flush();
  }
  void close() {
    flush();
    out_.close();
    if (!out_) throw InputError(path_.string(), 0, "", "a writable file", "write failed");
  }

 private:
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (!out_) throw InputError(path_.string(), 0, "", "a writable file", "write failed");
  }
  std::filesystem::path path_;
  std::ofstream out_;
  std::string buffer_;
};

}  // namespace

void write_network_csv(const RawNetwork& network, const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw InputError(directory.string(), 0, "", "a directory that can be created", ec.message());

  const std::string suffix = ".tmp." + std::to_string(::getpid());
  const auto nodes_tmp = directory / ("nodes.csv" + suffix), edges_tmp = directory / ("edges.csv" + suffix);
  try {
    RowWriter nodes(nodes_tmp);
    nodes.buffer() += "id,lon,lat";
    nodes.end_row();
    for (const RawNode& n : network.nodes) {
      std::string& b = nodes.buffer();
      b += std::to_string(n.external_id);
      b += ',';
      append_number(b, n.lon);
      b += ',';
      append_number(b, n.lat);
      nodes.end_row();
    }
    nodes.close();
    RowWriter edges(edges_tmp);
    edges.buffer() += "from,to,length_m,speed_kph,class,way_id";
    edges.end_row();
    for (const RawEdge& e : network.edges) {
      std::string& b = edges.buffer();
      b += std::to_string(e.from);
      b += ',';
      b += std::to_string(e.to);
      b += ',';
      append_number(b, e.length_m);
      b += ',';
      append_number(b, e.speed_mps * 3.6);
      b += ',';
      b += road_class_name(e.road_class);
      b += ',';
      b += std::to_string(e.way_id);
      edges.end_row();
    }
    edges.close();
    std::filesystem::rename(nodes_tmp, directory / "nodes.csv");
    std::filesystem::rename(edges_tmp, directory / "edges.csv");
  } catch (const std::filesystem::filesystem_error& e) {
    std::filesystem::remove(nodes_tmp, ec);
    std::filesystem::remove(edges_tmp, ec);
    throw InputError(directory.string(), 0, "", "a writable directory", e.what());
  } catch (...) {
    std::filesystem::remove(nodes_tmp, ec);
    std::filesystem::remove(edges_tmp, ec);
    throw;
  }
}

}  // namespace dsim
