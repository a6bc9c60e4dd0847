// SPDX-License-Identifier: MIT
#include "sim/network/coverage_csv.hpp"

#include "sim/core/error.hpp"
#include "sim/network/csv_reader.hpp"
#include "sim/network/road_network.hpp"

#include <cmath>

namespace dsim {

namespace {

// Where a row puts its point: a `node` column, or `lon` and `lat` columns.
class NodeColumns {
 public:
  NodeColumns(const detail::CsvReader& csv, const RoadNetwork& net) : net_(net) {
    node_ = csv.find_column("node");
    lon_ = csv.find_column("lon");
    lat_ = csv.find_column("lat");
    if (node_ < 0 && (lon_ < 0 || lat_ < 0))
      throw InputError(csv.file(), 1, "header", "a column 'node', or columns 'lon' and 'lat'",
                       join_header(csv.header()));
    if (node_ < 0 && !net.has_coordinates())
      throw InputError(csv.file(), 1, "header",
                       "a column 'node': the network " + net.source() + " has no coordinates to snap lon/lat to",
                       join_header(csv.header()));
  }

  NodeId node_of_row(const detail::CsvReader& csv) const {
    if (node_ >= 0) {
      const std::int64_t id = csv.int64_at(node_);
      if (const auto n = net_.find_node(id)) return *n;
      csv.fail(node_, "a node id of the network (nodes outside its largest strongly connected component are dropped)");
    }
    const double lon = csv.double_at(lon_);
    if (!(lon >= -180.0 && lon <= 180.0)) csv.fail(lon_, "a longitude in [-180, 180]");
    const double lat = csv.double_at(lat_);
    if (!(lat >= -90.0 && lat <= 90.0)) csv.fail(lat_, "a latitude in [-90, 90]");
    return net_.nearest_node(lon, lat);
  }

 private:
  static std::string join_header(const std::vector<std::string>& header) {
    std::string s;
    for (const std::string& h : header) s += (s.empty() ? "" : ",") + h;
    return s;
  }

  const RoadNetwork& net_;
  int node_ = -1, lon_ = -1, lat_ = -1;
};

}  // namespace

std::vector<StationRecord> read_stations_csv(const std::filesystem::path& path, const RoadNetwork& network,
                                             double default_turnout_s) {
  detail::CsvReader csv(path);
  const int id = csv.require_column("id");
  const int turnout = csv.find_column("turnout_s");
  const NodeColumns where(csv, network);
  std::vector<StationRecord> stations;
  while (csv.next_row()) {
    StationRecord r;
    r.id = std::string(csv.field(id));
    if (r.id.empty()) csv.fail(id, "a station id");
    r.station.node = where.node_of_row(csv);
    r.station.turnout_s = default_turnout_s;
    if (turnout >= 0) {
      r.station.turnout_s = csv.double_at(turnout);
      if (!(r.station.turnout_s >= 0.0) || !std::isfinite(r.station.turnout_s))
        csv.fail(turnout, "a turnout time in seconds, finite and >= 0");
    }
    stations.push_back(std::move(r));
  }
  if (stations.empty()) throw InputError(csv.file(), 0, "", "at least one station row", "none");
  return stations;
}

std::vector<double> read_demand_csv(const std::filesystem::path& path, const RoadNetwork& network) {
  detail::CsvReader csv(path);
  const int weight = csv.require_column("weight");
  const NodeColumns where(csv, network);
  std::vector<double> demand(network.node_count(), 0.0);
  while (csv.next_row()) {
    const NodeId n = where.node_of_row(csv);
    const double w = csv.double_at(weight);
    if (!(w >= 0.0) || !std::isfinite(w)) csv.fail(weight, "a weight, finite and >= 0");
    demand[index(n)] += w;
  }
  return demand;
}

}  // namespace dsim
