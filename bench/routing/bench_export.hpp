// SPDX-License-Identifier: MIT
#pragma once
// What the routing benchmarks share: the fixed random choice of source
// nodes, and raw binary arrays written for the Python side to read.
#include "sim/core/random.hpp"
#include "sim/network/raw_network.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace dsim::bench {

// `how_many` distinct nodes drawn from the stream named `name` (the same in every run).
inline std::vector<NodeId> pick_nodes(std::size_t node_count, std::size_t how_many, const char* name) {
  RandomStream rng(1, 0, name);
  std::vector<NodeId> out;
  std::vector<bool> taken(node_count, false);
  while (out.size() < how_many && out.size() < node_count) {
    const auto v = static_cast<std::uint32_t>(rng.below(node_count));
    if (taken[v]) continue;
    taken[v] = true;
    out.push_back(NodeId{v});
  }
  return out;
}

// The values as native binary, written under a temporary name and renamed.
template <class T>
void write_binary(const std::filesystem::path& path, const std::vector<T>& values) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

inline std::vector<std::uint32_t> as_indices(const std::vector<NodeId>& nodes) {
  std::vector<std::uint32_t> out;
  for (NodeId v : nodes) out.push_back(index(v));
  return out;
}

}  // namespace dsim::bench
