// SPDX-License-Identifier: MIT
#include "sim/network/routing_index_io.hpp"

#include "sim/core/atomic_write.hpp"
#include "sim/core/error.hpp"
#include "sim/network/road_network.hpp"

#include <bit>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace dsim {
namespace {

static_assert(std::endian::native == std::endian::little, "the routing index file is little-endian");

constexpr char kMagic[8] = {'D', 'S', 'I', 'M', 'P', 'H', 'S', 'T'};
constexpr std::size_t kHashChars = 16;
// magic, version, reserved, hash, speed factor, payload size, checksum
constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + kHashChars + 8 + 8 + 8;

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;

// FNV-1a with 64-bit words as its unit (bytes for a short tail): a checksum
// against truncation and bit rot, not a cryptographic one.
std::uint64_t checksum(const char* data, std::size_t size) {
  std::uint64_t h = kFnvOffset;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = (h ^ w) * kFnvPrime;
  }
  for (; i < size; ++i) h = (h ^ static_cast<unsigned char>(data[i])) * kFnvPrime;
  return h;
}

template <class T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <class T>
void put_array(std::string& out, const std::vector<T>& values) {
  put(out, static_cast<std::uint64_t>(values.size()));
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// Reads from a byte range, failing (returning false) instead of running past it.
struct Cursor {
  const char* at;
  const char* end;

  template <class T>
  bool get(T& value) {
    if (static_cast<std::size_t>(end - at) < sizeof(T)) return false;
    std::memcpy(&value, at, sizeof(T));
    at += sizeof(T);
    return true;
  }
  template <class T>
  bool get_array(std::vector<T>& values) {
    std::uint64_t count = 0;
    if (!get(count) || count > static_cast<std::size_t>(end - at) / sizeof(T)) return false;
    values.resize(count);
    std::memcpy(values.data(), at, count * sizeof(T));
    at += count * sizeof(T);
    return true;
  }
};

std::string speed_tag(double speed_factor) {
  if (speed_factor == 1.0) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, ".speed-%.17g", speed_factor);
  return buf;
}

}  // namespace

std::string network_content_hash(const RoadNetwork& network) {
  std::uint64_t h = kFnvOffset;
  const auto mix = [&h](std::uint64_t v) {
    for (int b = 0; b < 8; ++b) h = (h ^ ((v >> (8 * b)) & 0xff)) * kFnvPrime;
  };
  mix(network.node_count());
  const auto tails = network.tails();
  const auto heads = network.heads();
  const auto times = network.travel_times_s();
  for (std::size_t e = 0; e < tails.size(); ++e) {
    mix(tails[e]);
    mix(heads[e]);
    mix(std::bit_cast<std::uint64_t>(times[e]));
  }
  char out[kHashChars + 1];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

void write_routing_index(const std::filesystem::path& path, const PhastIndex& index, const std::string& network_hash) {
  if (network_hash.size() != kHashChars) throw Error("routing index: the network hash must have 16 characters");
  std::string payload;
  payload.reserve(index.bytes() + 128);
  put(payload, index.node_count);
  put(payload, index.level_count);
  put(payload, index.shortcut_count);
  put_array(payload, index.order);
  put_array(payload, index.up_first);
  put_array(payload, index.up_node);
  put_array(payload, index.up_time_s);
  put_array(payload, index.down_first);
  put_array(payload, index.down_node);
  put_array(payload, index.down_time_s);
  std::string file;
  file.reserve(kHeaderBytes + payload.size());
  file.append(kMagic, sizeof kMagic);
  put(file, kRoutingIndexFormatVersion);
  put(file, std::uint32_t{0});
  file.append(network_hash);
  put(file, index.speed_factor);
  put(file, static_cast<std::uint64_t>(payload.size()));
  put(file, checksum(payload.data(), payload.size()));
  file += payload;
  write_text_atomically(path, file);
}

IndexFileRead read_routing_index(const std::filesystem::path& path, const std::string& network_hash,
                                 double speed_factor) {
  IndexFileRead result;
  std::ifstream in(path, std::ios::binary);
  if (!in) return result;  // missing
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto corrupt = [&](const std::string& why) {
    result.state = IndexFileState::corrupt;
    result.problem = path.string() + ": " + why;
    return result;
  };
  if (file.size() < kHeaderBytes) return corrupt("shorter than its header (truncated)");
  Cursor c{file.data(), file.data() + file.size()};
  if (std::memcmp(c.at, kMagic, sizeof kMagic) != 0) return corrupt("not a dsim routing index");
  c.at += sizeof kMagic;
  std::uint32_t version = 0, reserved = 0;
  c.get(version);
  c.get(reserved);
  if (version != kRoutingIndexFormatVersion) {
    result.state = IndexFileState::other_version;
    result.problem = path.string() + ": format version " + std::to_string(version) + ", this dsim writes " +
                     std::to_string(kRoutingIndexFormatVersion);
    return result;
  }
  const std::string hash(c.at, kHashChars);
  c.at += kHashChars;
  double speed = 0.0;
  std::uint64_t payload_size = 0, sum = 0;
  c.get(speed);
  c.get(payload_size);
  c.get(sum);
  if (hash != network_hash || speed != speed_factor) {
    result.state = IndexFileState::other_key;
    result.problem = path.string() + ": built for another network or speed factor";
    return result;
  }
  if (payload_size != file.size() - kHeaderBytes)
    return corrupt("payload of " + std::to_string(file.size() - kHeaderBytes) + " bytes, the header says " +
                   std::to_string(payload_size) + " (truncated?)");
  if (checksum(c.at, payload_size) != sum) return corrupt("checksum mismatch (the file is damaged)");
  PhastIndex index;
  index.speed_factor = speed;
  if (!(c.get(index.node_count) && c.get(index.level_count) && c.get(index.shortcut_count) &&
        c.get_array(index.order) && c.get_array(index.up_first) && c.get_array(index.up_node) &&
        c.get_array(index.up_time_s) && c.get_array(index.down_first) && c.get_array(index.down_node) &&
        c.get_array(index.down_time_s)) ||
      c.at != c.end)
    return corrupt("payload does not hold an index's arrays");
  if (index.order.size() == index.node_count) {
    index.position.assign(index.node_count, 0xFFFFFFFFu);
    for (std::size_t i = 0; i < index.order.size(); ++i)
      if (index.order[i] < index.node_count) index.position[index.order[i]] = static_cast<std::uint32_t>(i);
  }
  if (std::string problem = index.check(); !problem.empty()) return corrupt(problem);
  result.state = IndexFileState::ok;
  result.index = std::move(index);
  return result;
}

std::filesystem::path routing_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0')
    return std::filesystem::path(xdg) / "dsim";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".cache" / "dsim";
  return std::filesystem::temp_directory_path() / "dsim";
}

std::filesystem::path routing_index_path_beside(const std::filesystem::path& network_path, double speed_factor) {
  // A CSV directory given as "region/" is the same network as "region".
  std::filesystem::path p = network_path.has_filename() ? network_path : network_path.parent_path();
  p += speed_tag(speed_factor) + ".dsim-routing";
  return p;
}

std::filesystem::path routing_index_path_in_cache(const std::string& network_hash, double speed_factor) {
  return routing_cache_dir() / (network_hash + speed_tag(speed_factor) + ".dsim-routing");
}

LoadedRoutingIndex load_or_build_routing_index(const RoadNetwork& network, const std::filesystem::path& network_path,
                                               double speed_factor, const BuildProgressFn& progress,
                                               const WarnFn& warn) {
  const std::string hash = network_content_hash(network);
  std::vector<std::filesystem::path> places;
  if (!network_path.empty()) places.push_back(routing_index_path_beside(network_path, speed_factor));
  places.push_back(routing_index_path_in_cache(hash, speed_factor));
  for (const auto& place : places) {
    IndexFileRead read = read_routing_index(place, hash, speed_factor);
    if (read.state == IndexFileState::ok && read.index->node_count == network.node_count())
      return {std::move(*read.index), place, false, 0.0};
    if (read.state == IndexFileState::corrupt && warn) warn("routing index " + read.problem + "; rebuilding it");
  }
  LoadedRoutingIndex loaded;
  loaded.built = true;
  const auto start = std::chrono::steady_clock::now();
  loaded.index = build_phast_index(network, speed_factor, progress);
  loaded.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string failures;
  for (const auto& place : places) {
    try {
      if (&place == &places.back()) {  // the cache folder may not exist yet; a network's folder must
        std::error_code ec;
        std::filesystem::create_directories(place.parent_path(), ec);
      }
      write_routing_index(place, loaded.index, hash);
      loaded.path = place;
      break;
    } catch (const Error& e) {
      failures += (failures.empty() ? "" : "; ") + std::string(e.what());
    }
  }
  if (loaded.path.empty() && warn) warn("routing index not cached (" + failures + ")");
  return loaded;
}

}  // namespace dsim
