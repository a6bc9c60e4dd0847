// SPDX-License-Identifier: MIT
#include "sim/run/travel_cache.hpp"

#include "sim/core/random.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace dsim {

namespace {

namespace fs = std::filesystem;
constexpr char kMagic[8] = {'D', 'S', 'I', 'M', 'T', 'T', '2', '\n'};

fs::path file_for(const std::string& folder, const std::string& key) {
  char name[40];
  std::snprintf(name, sizeof name, "travel-%016llx.bin", static_cast<unsigned long long>(stream_name_hash(key)));
  return fs::path(folder) / name;
}

}  // namespace

namespace {

bool read_rows(std::istream& in, StationRows& rows, std::size_t nodes, std::size_t stations) {
  std::uint64_t entries = 0;
  in.read(reinterpret_cast<char*>(&entries), 8);
  if (!in || entries > std::uint64_t{stations} * nodes) return false;
  rows.first.resize(nodes + 1);
  rows.station.resize(entries);
  rows.time_s.resize(entries);
  in.read(reinterpret_cast<char*>(rows.first.data()), static_cast<std::streamsize>(rows.first.size() * 8));
  in.read(reinterpret_cast<char*>(rows.station.data()), static_cast<std::streamsize>(entries * 2));
  in.read(reinterpret_cast<char*>(rows.time_s.data()), static_cast<std::streamsize>(entries * 4));
  if (!in || rows.first.front() != 0 || rows.first.back() != entries) return false;
  for (std::size_t v = 0; v < nodes; ++v)
    if (rows.first[v] > rows.first[v + 1]) return false;
  for (std::uint16_t s : rows.station)
    if (s >= stations) return false;
  return true;
}

void write_rows(std::ostream& out, const StationRows& rows) {
  const std::uint64_t entries = rows.station.size();
  out.write(reinterpret_cast<const char*>(&entries), 8);
  out.write(reinterpret_cast<const char*>(rows.first.data()), static_cast<std::streamsize>(rows.first.size() * 8));
  out.write(reinterpret_cast<const char*>(rows.station.data()), static_cast<std::streamsize>(entries * 2));
  out.write(reinterpret_cast<const char*>(rows.time_s.data()), static_cast<std::streamsize>(entries * 4));
}

}  // namespace

std::optional<TravelTableData> load_travel_tables(const std::string& folder, const std::string& key) {
  std::ifstream in(file_for(folder, key), std::ios::binary);
  if (!in) return std::nullopt;
  char magic[8];
  std::uint64_t stations = 0, nodes = 0, key_size = 0;
  double limit_s = 0.0;
  in.read(magic, 8);
  in.read(reinterpret_cast<char*>(&stations), 8);
  in.read(reinterpret_cast<char*>(&nodes), 8);
  in.read(reinterpret_cast<char*>(&limit_s), 8);
  in.read(reinterpret_cast<char*>(&key_size), 8);
  if (!in || !std::equal(magic, magic + 8, kMagic) || key_size != key.size() || stations > 65'535 ||
      nodes > (std::uint64_t{1} << 32) || !(limit_s >= 0.0))
    return std::nullopt;
  std::string stored(key_size, '\0');
  in.read(stored.data(), static_cast<std::streamsize>(key_size));
  if (!in || stored != key) return std::nullopt;  // another key with the same hash
  TravelTableData data;
  data.stations = stations;
  data.nodes = nodes;
  data.limit_s = limit_s;
  if (!read_rows(in, data.out, nodes, stations) || !read_rows(in, data.back, nodes, stations)) return std::nullopt;
  if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return data;
}

void save_travel_tables(const std::string& folder, const std::string& key, const TravelTableData& data) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  const fs::path target = file_for(folder, key);
  const fs::path temporary = target.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    const std::uint64_t stations = data.stations, nodes = data.nodes, key_size = key.size();
    out.write(kMagic, 8);
    out.write(reinterpret_cast<const char*>(&stations), 8);
    out.write(reinterpret_cast<const char*>(&nodes), 8);
    out.write(reinterpret_cast<const char*>(&data.limit_s), 8);
    out.write(reinterpret_cast<const char*>(&key_size), 8);
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    write_rows(out, data.out);
    write_rows(out, data.back);
    if (!out.good()) {
      out.close();
      fs::remove(temporary, ec);
      return;
    }
  }
  fs::rename(temporary, target, ec);
  if (ec) fs::remove(temporary, ec);
}

}  // namespace dsim
