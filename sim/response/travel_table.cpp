// SPDX-License-Identifier: MIT
#include "sim/response/travel_table.hpp"

#include "sim/network/road_network.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace dsim {

namespace {

constexpr std::size_t kMaxStations = std::numeric_limits<std::uint16_t>::max();

struct Entry {
  std::uint32_t node;
  float time_s;
};

// Rows by node from entries listed by station: entries[s] are station s's nodes.
StationRows rows_by_node(std::vector<std::vector<Entry>>& by_station, std::size_t nodes) {
  StationRows rows;
  rows.first.assign(nodes + 1, 0);
  for (const auto& list : by_station)
    for (const Entry& e : list) ++rows.first[e.node + 1];
  std::partial_sum(rows.first.begin(), rows.first.end(), rows.first.begin());
  rows.station.resize(rows.first.back());
  rows.time_s.resize(rows.first.back());
  std::vector<std::uint64_t> fill(rows.first.begin(), rows.first.end() - 1);
  for (std::size_t s = 0; s < by_station.size(); ++s) {
    for (const Entry& e : by_station[s]) {
      const std::uint64_t at = fill[e.node]++;
      rows.station[at] = static_cast<std::uint16_t>(s);
      rows.time_s[at] = e.time_s;
    }
    std::vector<Entry>().swap(by_station[s]);  // keep the peak near one copy
  }
  // Stations went in by index, so a stable sort by time leaves ties by index.
  std::vector<std::pair<float, std::uint16_t>> row;
  for (std::size_t v = 0; v < nodes; ++v) {
    const std::uint64_t a = rows.first[v], b = rows.first[v + 1];
    row.clear();
    for (std::uint64_t i = a; i < b; ++i) row.emplace_back(rows.time_s[i], rows.station[i]);
    std::stable_sort(row.begin(), row.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (std::uint64_t i = a; i < b; ++i) {
      rows.time_s[i] = row[i - a].first;
      rows.station[i] = row[i - a].second;
    }
  }
  return rows;
}

// The entry of `station` in node v's row, or nothing.
std::optional<float> find_in_row(const StationRows& rows, std::uint32_t v, int station) {
  for (std::uint64_t i = rows.first[v]; i < rows.first[v + 1]; ++i)
    if (rows.station[i] == station) return rows.time_s[i];
  return std::nullopt;
}

}  // namespace

double default_table_limit_s(std::size_t stations, std::size_t nodes) {
  return static_cast<double>(stations) * static_cast<double>(nodes) <= static_cast<double>(1u << 24)
             ? kUnreachable
             : kDefaultTableLimitS;
}

// ---- searches on demand ----

struct TableTravelOracle::OnDemand {
  struct Row {
    std::vector<std::uint16_t> stations;
    std::vector<float> times_s;
  };
  std::shared_mutex mutex;
  // Never shrink: spans handed out stay valid.
  std::deque<Row> rows;                      // every station to one node, nearest first
  std::deque<std::vector<float>> back_rows;  // one node to every station, by station index
  std::unordered_map<std::uint32_t, const Row*> out_by_node;
  std::unordered_map<std::uint32_t, const std::vector<float>*> back_by_node;
  std::mutex routers_mutex;
  std::vector<std::unique_ptr<Router>> routers;  // idle ones
  std::atomic<std::size_t> searches{0};

  std::unique_ptr<Router> take_router(const RoadNetwork& network) {
    {
      std::lock_guard lock(routers_mutex);
      if (!routers.empty()) {
        std::unique_ptr<Router> r = std::move(routers.back());
        routers.pop_back();
        return r;
      }
    }
    return std::make_unique<Router>(network);
  }
  void give_back(std::unique_ptr<Router> r) {
    std::lock_guard lock(routers_mutex);
    routers.push_back(std::move(r));
  }
};

// ---- TableTravelOracle ----

TableTravelOracle::TableTravelOracle(const std::vector<std::vector<double>>& out,
                                     const std::vector<std::vector<double>>& back)
    : on_demand_(std::make_unique<OnDemand>()) {
  if (out.size() > kMaxStations) throw std::invalid_argument("TableTravelOracle: more than 65,535 stations");
  data_.stations = out.size();
  data_.nodes = out.empty() ? 0 : out.front().size();
  for (auto [rows, table] : {std::pair{&data_.out, &out}, std::pair{&data_.back, &back}}) {
    std::vector<std::vector<Entry>> by_station(table->size());
    for (std::size_t s = 0; s < table->size(); ++s)
      for (std::size_t v = 0; v < data_.nodes; ++v)
        by_station[s].push_back({static_cast<std::uint32_t>(v), static_cast<float>((*table)[s].at(v))});
    *rows = rows_by_node(by_station, data_.nodes);
  }
}

TableTravelOracle::TableTravelOracle(TravelTableData data, const RoadNetwork& network, std::vector<NodeId> station_nodes)
    : data_(std::move(data)), network_(&network), station_nodes_(std::move(station_nodes)),
      on_demand_(std::make_unique<OnDemand>()) {
  if (data_.nodes != network.node_count() || data_.stations != station_nodes_.size())
    throw std::invalid_argument("TableTravelOracle: tables do not match the network or the stations");
}

TableTravelOracle::~TableTravelOracle() = default;
TableTravelOracle::TableTravelOracle(TableTravelOracle&&) noexcept = default;
TableTravelOracle& TableTravelOracle::operator=(TableTravelOracle&&) noexcept = default;

std::size_t TableTravelOracle::searches_on_demand() const { return on_demand_->searches.load(); }

StationTimes TableTravelOracle::stations_within(NodeId node, double at_least_s) const {
  const std::uint32_t v = index(node);
  if (at_least_s <= data_.limit_s || network_ == nullptr) {
    const std::uint64_t a = data_.out.first[v], b = data_.out.first[v + 1];
    return {{data_.out.station.data() + a, b - a}, {data_.out.time_s.data() + a, b - a}, data_.limit_s};
  }
  OnDemand& od = *on_demand_;
  {
    std::shared_lock lock(od.mutex);
    const auto it = od.out_by_node.find(v);
    if (it != od.out_by_node.end()) return {it->second->stations, it->second->times_s, kUnreachable};
  }
  // Every station's time to this node: one search from it over the reverse
  // graph. (Going only as deep as needed would save little: a question
  // beyond the limit usually asks for the force's far side.)
  std::unique_ptr<Router> router = od.take_router(*network_);
  ++od.searches;
  const Reached reached = router->travel_times_to(node).everywhere();
  std::vector<std::pair<float, std::uint16_t>> found;
  for (std::size_t s = 0; s < data_.stations; ++s) {
    // A station the table lists keeps the table's time, so that the
    // answers beyond the limit agree with those within it.
    std::optional<float> t = find_in_row(data_.out, v, static_cast<int>(s));
    if (!t) t = static_cast<float>(reached.time_s(station_nodes_[s]));
    found.emplace_back(*t, static_cast<std::uint16_t>(s));
  }
  od.give_back(std::move(router));
  std::sort(found.begin(), found.end());  // by time, then station index
  OnDemand::Row row;
  for (const auto& [t, s] : found) {
    row.times_s.push_back(t);
    row.stations.push_back(s);
  }
  std::unique_lock lock(od.mutex);
  const auto [it, fresh] = od.out_by_node.emplace(v, nullptr);
  if (fresh) it->second = &od.rows.emplace_back(std::move(row));  // else another thread was first, with the same row
  return {it->second->stations, it->second->times_s, kUnreachable};
}

double TableTravelOracle::to_node_s(int station, NodeId node, double speed_factor) const {
  if (const std::optional<float> t = find_in_row(data_.out, index(node), station)) return *t / speed_factor;
  if (network_ == nullptr || data_.limit_s == kUnreachable) return kUnreachable;
  const StationTimes all = stations_within(node, kUnreachable);
  for (std::size_t k = 0; k < all.stations.size(); ++k)
    if (all.stations[k] == station) return all.times_s[k] / speed_factor;
  return kUnreachable;
}

double TableTravelOracle::to_station_s(NodeId node, int station, double speed_factor) const {
  const std::uint32_t v = index(node);
  if (const std::optional<float> t = find_in_row(data_.back, v, station)) return *t / speed_factor;
  if (network_ == nullptr || data_.limit_s == kUnreachable) return kUnreachable;
  OnDemand& od = *on_demand_;
  const auto at = static_cast<std::size_t>(station);
  {
    std::shared_lock lock(od.mutex);
    const auto it = od.back_by_node.find(v);
    if (it != od.back_by_node.end()) return (*it->second)[at] / speed_factor;
  }
  // The times from this node to every station, for the next unit going home from here.
  std::unique_ptr<Router> router = od.take_router(*network_);
  ++od.searches;
  const Reached reached = router->travel_times_from(node).everywhere();
  std::vector<float> row(data_.stations);
  for (std::size_t s = 0; s < data_.stations; ++s) {
    const std::optional<float> t = find_in_row(data_.back, v, static_cast<int>(s));
    row[s] = t ? *t : static_cast<float>(reached.time_s(station_nodes_[s]));
  }
  od.give_back(std::move(router));
  std::unique_lock lock(od.mutex);
  const auto [it, fresh] = od.back_by_node.emplace(v, nullptr);
  if (fresh) it->second = &od.back_rows.emplace_back(std::move(row));
  return (*it->second)[at] / speed_factor;
}

// ---- building ----

TravelTableData build_travel_table_data(const RoadNetwork& network, std::span<const NodeId> station_nodes,
                                        const TravelTableOptions& options) {
  const std::size_t n = network.node_count(), stations = station_nodes.size();
  if (stations > kMaxStations) throw std::invalid_argument("travel tables: more than 65,535 stations");
  for (NodeId v : station_nodes)
    if (index(v) >= n) throw std::invalid_argument("travel tables: station node " + std::to_string(index(v)) + " is not in the network");
  if (std::isnan(options.limit_s) || options.limit_s < 0.0) throw std::invalid_argument("travel tables: limit must be >= 0");
  TravelTableData data;
  data.stations = stations;
  data.nodes = n;
  data.limit_s = options.limit_s;
  const bool full = options.limit_s == kUnreachable;
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const double searches = 2.0 * static_cast<double>(stations);
  std::atomic<std::size_t> done{0};

  for (const SearchDirection direction : {SearchDirection::outbound, SearchDirection::inbound}) {
    std::vector<std::vector<Entry>> by_station(stations);
    std::exception_ptr failure;
    const auto count = static_cast<std::ptrdiff_t>(stations);
#pragma omp parallel num_threads(threads) if (count > 1)
    {
      std::optional<Router> router;
#pragma omp for schedule(dynamic, 1)
      for (std::ptrdiff_t s = 0; s < count; ++s) {
        try {
          if (!router) router.emplace(network);
          const NodeId from = station_nodes[static_cast<std::size_t>(s)];
          const Reached reached = direction == SearchDirection::outbound
                                      ? router->travel_times_from(from).within(options.limit_s)
                                      : router->travel_times_to(from).within(options.limit_s);
          std::vector<Entry>& list = by_station[static_cast<std::size_t>(s)];
          if (full) {
            list.resize(n);
            for (std::size_t v = 0; v < n; ++v)
              list[v] = {static_cast<std::uint32_t>(v), std::numeric_limits<float>::infinity()};
            for (NodeId v : reached.nodes()) list[index(v)].time_s = static_cast<float>(reached.time_s(v));
          } else {
            list.reserve(reached.size());
            for (NodeId v : reached.nodes()) list.push_back({index(v), static_cast<float>(reached.time_s(v))});
          }
        } catch (...) {
#pragma omp critical(dsim_travel_tables)
          if (!failure) failure = std::current_exception();
        }
        const std::size_t now = ++done;
        if (options.progress && omp_get_thread_num() == 0) options.progress(static_cast<double>(now) / searches);
      }
    }
    if (failure) std::rethrow_exception(failure);
    (direction == SearchDirection::outbound ? data.out : data.back) = rows_by_node(by_station, n);
  }
  if (options.progress) options.progress(1.0);
  return data;
}

std::unique_ptr<TableTravelOracle> build_travel_tables(const RoadNetwork& network, std::span<const NodeId> station_nodes,
                                                       const TravelTableOptions& options) {
  return std::make_unique<TableTravelOracle>(build_travel_table_data(network, station_nodes, options), network,
                                             std::vector<NodeId>(station_nodes.begin(), station_nodes.end()));
}

}  // namespace dsim
