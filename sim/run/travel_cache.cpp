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
constexpr char kMagic[8] = {'D', 'S', 'I', 'M', 'T', 'T', '1', '\n'};

fs::path file_for(const std::string& folder, const std::string& key) {
  char name[40];
  std::snprintf(name, sizeof name, "travel-%016llx.bin", static_cast<unsigned long long>(stream_name_hash(key)));
  return fs::path(folder) / name;
}

}  // namespace

std::optional<TravelRows> load_travel_rows(const std::string& folder, const std::string& key) {
  std::ifstream in(file_for(folder, key), std::ios::binary);
  if (!in) return std::nullopt;
  char magic[8];
  std::uint64_t stations = 0, nodes = 0, key_size = 0;
  in.read(magic, 8);
  in.read(reinterpret_cast<char*>(&stations), 8);
  in.read(reinterpret_cast<char*>(&nodes), 8);
  in.read(reinterpret_cast<char*>(&key_size), 8);
  if (!in || !std::equal(magic, magic + 8, kMagic) || key_size != key.size() || stations > (1u << 20) ||
      nodes > (std::uint64_t{1} << 34))
    return std::nullopt;
  std::string stored(key_size, '\0');
  in.read(stored.data(), static_cast<std::streamsize>(key_size));
  if (!in || stored != key) return std::nullopt;  // another key with the same hash
  TravelRows rows;
  for (auto* table : {&rows.out, &rows.back}) {
    table->assign(stations, std::vector<double>(nodes));
    for (auto& row : *table) in.read(reinterpret_cast<char*>(row.data()), static_cast<std::streamsize>(nodes * 8));
  }
  if (!in || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return rows;
}

void save_travel_rows(const std::string& folder, const std::string& key, const TravelRows& rows) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  const fs::path target = file_for(folder, key);
  const fs::path temporary = target.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    const std::uint64_t stations = rows.out.size(), nodes = rows.out.empty() ? 0 : rows.out.front().size(),
                        key_size = key.size();
    out.write(kMagic, 8);
    out.write(reinterpret_cast<const char*>(&stations), 8);
    out.write(reinterpret_cast<const char*>(&nodes), 8);
    out.write(reinterpret_cast<const char*>(&key_size), 8);
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    for (const auto* table : {&rows.out, &rows.back})
      for (const auto& row : *table) out.write(reinterpret_cast<const char*>(row.data()), static_cast<std::streamsize>(row.size() * 8));
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
