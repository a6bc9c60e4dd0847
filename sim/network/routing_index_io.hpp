// SPDX-License-Identifier: MIT
#pragma once

// The PHAST routing index on disk, so that a network pays for its
// contraction hierarchy once.
//
// File: the magic "DSIMPHST", a format version, the key (the network's
// content hash and the speed factor), the payload's size and its checksum
// (FNV-1a over 64-bit little-endian words), then the payload (the index's
// arrays, native little-endian). A file whose key differs is rebuilt; one
// that is truncated, fails its checksum or holds an inconsistent index is
// rebuilt with a warning and never used. Written atomically.
//
// Where: next to the network file (NETWORK.dsim-routing, or
// NETWORK.speed-0.8.dsim-routing for another speed factor) when that
// folder is writable; otherwise, and for a network without a file (a
// synthetic region), in $XDG_CACHE_HOME/dsim (~/.cache/dsim) under the
// network's hash.

#include "sim/network/phast.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace dsim {

class RoadNetwork;

inline constexpr std::uint32_t kRoutingIndexFormatVersion = 1;

// FNV-1a over the node count and each edge's tail, head and free-flow
// travel time (its bits), as 16 hex digits: equal for equal road graphs in
// every process, different when a road, its length or its speed changes.
std::string network_content_hash(const RoadNetwork& network);

// Writes atomically; throws dsim::Error naming the path when it cannot.
void write_routing_index(const std::filesystem::path& path, const PhastIndex& index, const std::string& network_hash);

enum class IndexFileState : std::uint8_t { ok, missing, other_key, other_version, corrupt };

struct IndexFileRead {
  IndexFileState state = IndexFileState::missing;
  std::optional<PhastIndex> index;  // set only when state is ok
  std::string problem;              // what was wrong, for other states
};

// Reads the index at `path` if its key is (network_hash, speed_factor) and
// it is intact.
IndexFileRead read_routing_index(const std::filesystem::path& path, const std::string& network_hash,
                                 double speed_factor);

// The cache folder: $XDG_CACHE_HOME/dsim, else $HOME/.cache/dsim, else a
// dsim folder in the system's temporary folder.
std::filesystem::path routing_cache_dir();

// Where the index of (network_path, speed_factor) lives next to the
// network, and in the cache folder (keyed by the hash).
std::filesystem::path routing_index_path_beside(const std::filesystem::path& network_path, double speed_factor);
std::filesystem::path routing_index_path_in_cache(const std::string& network_hash, double speed_factor);

struct LoadedRoutingIndex {
  PhastIndex index;
  std::filesystem::path path;  // the file read or written; empty if it could not be written
  bool built = false;          // false: read from the file
  double build_s = 0.0;        // time to build (0 when read)
};

using WarnFn = std::function<void(const std::string& message)>;

// Reads the cached index of `network` (empty network_path: no file, use
// the cache folder) for the speed factor, or builds it, reporting progress,
// and writes it. Warnings (a corrupt file rebuilt, a cache that cannot be
// written) go to `warn`.
LoadedRoutingIndex load_or_build_routing_index(const RoadNetwork& network, const std::filesystem::path& network_path,
                                               double speed_factor, const BuildProgressFn& progress = {},
                                               const WarnFn& warn = {});

}  // namespace dsim
