// SPDX-License-Identifier: MIT
#include "sim/network/synthetic_region_builder.hpp"

#include "sim/core/error.hpp"

#include <unordered_map>
#include <utility>

namespace dsim::detail::synthetic {

// ---------------------------------------------------------------- planarity

void join_crossings(Builder& b) {
  struct Seg {
    std::uint32_t way, index;
  };
  std::vector<Seg> segs;
  for (std::uint32_t w = 0; w < b.ways.size(); ++w) {
    if (!b.ways[w].at_grade || b.ways[w].bridge) continue;
    for (std::uint32_t i = 0; i + 1 < b.ways[w].nodes.size(); ++i) segs.push_back({w, i});
  }
  if (segs.empty()) return;
  constexpr double kCell = 400.0;
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  for (const Seg& s : segs) {
    const Vec p = b.pts[b.ways[s.way].nodes[s.index]];
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
  }
  min_x -= 1000.0;
  min_y -= 1000.0;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells;
  auto cell_key = [](std::int64_t cx, std::int64_t cy) {
    return (static_cast<std::uint64_t>(cx) << 32) | static_cast<std::uint64_t>(cy);
  };
  auto seg_ends = [&](const Seg& s) {
    const auto& nodes = b.ways[s.way].nodes;
    return std::pair{nodes[s.index], nodes[s.index + 1]};
  };
  for (std::uint32_t k = 0; k < segs.size(); ++k) {
    const auto [u, v] = seg_ends(segs[k]);
    const Vec a = b.pts[u], c = b.pts[v];
    const auto cx0 = static_cast<std::int64_t>((std::min(a.x, c.x) - min_x) / kCell);
    const auto cx1 = static_cast<std::int64_t>((std::max(a.x, c.x) - min_x) / kCell);
    const auto cy0 = static_cast<std::int64_t>((std::min(a.y, c.y) - min_y) / kCell);
    const auto cy1 = static_cast<std::int64_t>((std::max(a.y, c.y) - min_y) / kCell);
    for (auto cx = cx0; cx <= cx1; ++cx)
      for (auto cy = cy0; cy <= cy1; ++cy) cells[cell_key(cx, cy)].push_back(k);
  }
  // Insertions per segment: (parameter along it, node).
  std::vector<std::vector<std::pair<double, std::uint32_t>>> inserts(segs.size());
  std::vector<std::uint64_t> keys;
  keys.reserve(cells.size());
  for (const auto& [key, list] : cells) keys.push_back(key);
  std::sort(keys.begin(), keys.end());  // a fixed order, whatever the hash table does
  for (std::uint64_t key : keys) {
    const auto& list = cells[key];
    for (std::size_t x = 0; x < list.size(); ++x) {
      for (std::size_t y = x + 1; y < list.size(); ++y) {
        const auto [a0, a1] = seg_ends(segs[list[x]]);
        const auto [c0, c1] = seg_ends(segs[list[y]]);
        if (a0 == c0 || a0 == c1 || a1 == c0 || a1 == c1) continue;
        const Vec p = b.pts[a0], r = b.pts[a1] - p;
        const Vec q = b.pts[c0], s = b.pts[c1] - q;
        const double denom = cross(r, s);
        if (std::abs(denom) < 1e-9) continue;
        const double t = cross(q - p, s) / denom;
        const double u = cross(q - p, r) / denom;
        if (t <= 0.0 || t >= 1.0 || u <= 0.0 || u >= 1.0) continue;
        const Vec hit = p + t * r;
        // count each crossing once: in the cell that holds it
        const auto hx = static_cast<std::int64_t>((hit.x - min_x) / kCell);
        const auto hy = static_cast<std::int64_t>((hit.y - min_y) / kCell);
        if (cell_key(hx, hy) != key) continue;
        const double len_r = norm(r), len_s = norm(s);
        std::uint32_t junction;
        constexpr double kSnap = 4.0;
        if (t * len_r < kSnap) junction = a0;
        else if ((1.0 - t) * len_r < kSnap) junction = a1;
        else if (u * len_s < kSnap) junction = c0;
        else if ((1.0 - u) * len_s < kSnap) junction = c1;
        else junction = b.node(hit);
        if (junction != a0 && junction != a1) inserts[list[x]].push_back({t, junction});
        if (junction != c0 && junction != c1) inserts[list[y]].push_back({u, junction});
      }
    }
  }
  // Rebuild the ways that got junctions.
  std::vector<std::vector<std::uint32_t>> per_way(b.ways.size());
  for (std::uint32_t k = 0; k < segs.size(); ++k) {
    if (!inserts[k].empty()) per_way[segs[k].way].push_back(k);
  }
  for (std::uint32_t w = 0; w < b.ways.size(); ++w) {
    if (per_way[w].empty()) continue;
    std::vector<std::vector<std::pair<double, std::uint32_t>>> by_index(b.ways[w].nodes.size());
    for (std::uint32_t k : per_way[w]) by_index[segs[k].index] = inserts[k];
    std::vector<std::uint32_t> rebuilt;
    const auto& old = b.ways[w].nodes;
    for (std::size_t i = 0; i < old.size(); ++i) {
      rebuilt.push_back(old[i]);
      auto& list = by_index[i];
      std::sort(list.begin(), list.end());
      for (const auto& [t, node] : list) {
        if (rebuilt.back() != node) rebuilt.push_back(node);
      }
    }
    b.ways[w].nodes = std::move(rebuilt);
  }
}

void merge_close_nodes(Builder& b, double tolerance_m) {
  UnionFind uf(b.pts.size());
  for (const Way& w : b.ways) {
    for (std::size_t i = 0; i + 1 < w.nodes.size(); ++i) {
      if (norm(b.pts[w.nodes[i]] - b.pts[w.nodes[i + 1]]) < tolerance_m) uf.unite(w.nodes[i], w.nodes[i + 1]);
    }
  }
  for (Way& w : b.ways) {
    std::vector<std::uint32_t> kept;
    for (std::uint32_t n : w.nodes) {
      const std::uint32_t r = uf.find(n);
      if (kept.empty() || kept.back() != r) kept.push_back(r);
    }
    w.nodes = std::move(kept);
  }
}

// ---------------------------------------------------------------- connectivity

void connect_pieces(Builder& b) {
  for (int round = 0; round < 50; ++round) {
    UnionFind uf(b.pts.size());
    std::vector<char> used(b.pts.size(), 0);
    for (const Way& w : b.ways) {
      for (std::size_t i = 0; i < w.nodes.size(); ++i) {
        used[w.nodes[i]] = 1;
        if (i > 0) uf.unite(w.nodes[i - 1], w.nodes[i]);
      }
    }
    std::unordered_map<std::uint32_t, std::size_t> size;
    for (std::uint32_t n = 0; n < b.pts.size(); ++n)
      if (used[n]) ++size[uf.find(n)];
    if (size.size() <= 1) return;
    std::uint32_t main_root = 0;
    std::size_t main_size = 0;
    for (std::uint32_t n = 0; n < b.pts.size(); ++n) {
      if (!used[n] || uf.find(n) != n) continue;
      if (size[n] > main_size) {
        main_size = size[n];
        main_root = n;
      }
    }
    // Grid of main-component nodes for nearest-neighbour look-ups.
    constexpr double kCell = 500.0;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid;
    auto key = [](std::int64_t cx, std::int64_t cy) {
      return (static_cast<std::uint64_t>(cx + (1 << 30)) << 32) | static_cast<std::uint64_t>(cy + (1 << 30));
    };
    auto cell_of = [&](Vec p) {
      return std::pair{static_cast<std::int64_t>(std::floor(p.x / kCell)),
                       static_cast<std::int64_t>(std::floor(p.y / kCell))};
    };
    std::int64_t min_cx = std::numeric_limits<std::int64_t>::max(), max_cx = std::numeric_limits<std::int64_t>::min();
    std::int64_t min_cy = min_cx, max_cy = max_cx;
    bool main_on_bank[2] = {false, false};  // [0] south, [1] north
    for (std::uint32_t n = 0; n < b.pts.size(); ++n) {
      if (!used[n]) continue;
      const auto [cx, cy] = cell_of(b.pts[n]);
      min_cx = std::min(min_cx, cx);
      max_cx = std::max(max_cx, cx);
      min_cy = std::min(min_cy, cy);
      max_cy = std::max(max_cy, cy);
      if (uf.find(n) == main_root) {
        grid[key(cx, cy)].push_back(n);
        main_on_bank[b.river.side(b.pts[n]) > 0 ? 1 : 0] = true;
      }
    }
    const std::int64_t max_ring = std::max(max_cx - min_cx, max_cy - min_cy) + 1;
    // For every other piece, the closest pair (piece node, main node) on one
    // bank; across the river (a bridge) only when the main piece has nothing on
    // that bank.
    std::unordered_map<std::uint32_t, std::pair<double, std::pair<std::uint32_t, std::uint32_t>>> best;
    for (std::uint32_t n = 0; n < b.pts.size(); ++n) {
      if (!used[n]) continue;
      const std::uint32_t root = uf.find(n);
      if (root == main_root) continue;
      const Vec p = b.pts[n];
      const bool same_bank = main_on_bank[b.river.side(p) > 0 ? 1 : 0];
      const auto [cx, cy] = cell_of(p);
      for (std::int64_t ring = 0; ring <= max_ring; ++ring) {
        double found = std::numeric_limits<double>::infinity();
        std::uint32_t found_node = 0;
        for (auto x = cx - ring; x <= cx + ring; ++x) {
          for (auto y = cy - ring; y <= cy + ring; ++y) {
            if (std::max(std::abs(x - cx), std::abs(y - cy)) != ring) continue;
            auto it = grid.find(key(x, y));
            if (it == grid.end()) continue;
            for (std::uint32_t m : it->second) {
              if (same_bank && (b.river.side(b.pts[m]) != b.river.side(p) || b.crosses_river(p, b.pts[m]))) continue;
              const double d = norm(b.pts[m] - p);
              if (d < found) {
                found = d;
                found_node = m;
              }
            }
          }
        }
        if (found < std::numeric_limits<double>::infinity()) {
          auto [it, fresh] = best.try_emplace(root, found, std::pair{n, found_node});
          if (!fresh && found < it->second.first) it->second = {found, {n, found_node}};
          break;
        }
      }
    }
    std::vector<std::uint32_t> roots;
    for (const auto& [root, _] : best) roots.push_back(root);
    std::sort(roots.begin(), roots.end());
    for (std::uint32_t root : roots) {
      const auto [from, to] = best[root].second;
      const auto line = resample({b.pts[from], b.pts[to]}, b.spacing(110.0));
      std::vector<Vec> inner(line.begin() + 1, line.end() - 1);
      std::vector<std::uint32_t> ids{from};
      for (auto n : b.nodes_along(inner, false)) ids.push_back(n);
      ids.push_back(to);
      b.road(ids, {RoadClass::track, 20.0, false, true, "Link Bridge"});
    }
    if (roots.empty()) return;  // nothing could be joined (should not happen)
  }
}

namespace {

// Strongly connected components (iterative Tarjan); returns the component of each node.
std::vector<std::uint32_t> strong_components(std::size_t n, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& arcs,
                                             std::uint32_t& count) {
  std::vector<std::uint32_t> first(n + 1, 0), head(arcs.size());
  for (const auto& a : arcs) ++first[a.first + 1];
  for (std::size_t i = 0; i < n; ++i) first[i + 1] += first[i];
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (const auto& a : arcs) head[fill[a.first]++] = a.second;
  }
  constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> index(n, kNone), low(n, 0), comp(n, kNone), stack, call, next_arc(n, 0);
  std::vector<char> on_stack(n, 0);
  std::uint32_t counter = 0;
  count = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    call.push_back(root);
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    next_arc[root] = first[root];
    while (!call.empty()) {
      const std::uint32_t v = call.back();
      if (next_arc[v] < first[v + 1]) {
        const std::uint32_t w = head[next_arc[v]++];
        if (index[w] == kNone) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          next_arc[w] = first[w];
          call.push_back(w);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
      } else {
        call.pop_back();
        if (!call.empty()) low[call.back()] = std::min(low[call.back()], low[v]);
        if (low[v] == index[v]) {
          std::uint32_t w;
          do {
            w = stack.back();
            stack.pop_back();
            on_stack[w] = 0;
            comp[w] = count;
          } while (w != v);
          ++count;
        }
      }
    }
  }
  return comp;
}

}  // namespace

void repair_one_ways(Builder& b, const std::vector<std::uint32_t>& compact) {
  for (int round = 0; round < 1000; ++round) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
    std::size_t n = 0;
    for (std::uint32_t c : compact)
      if (c != std::numeric_limits<std::uint32_t>::max()) n = std::max<std::size_t>(n, c + 1);
    for (const Way& w : b.ways) {
      for (std::size_t i = 0; i + 1 < w.nodes.size(); ++i) {
        const auto u = compact[w.nodes[i]], v = compact[w.nodes[i + 1]];
        if (u == v) continue;
        arcs.emplace_back(u, v);
        if (!w.oneway) arcs.emplace_back(v, u);
      }
    }
    std::uint32_t count = 0;
    const auto comp = strong_components(n, arcs, count);
    if (count <= 1) return;
    bool changed = false;
    for (Way& w : b.ways) {
      if (!w.oneway) continue;
      for (std::size_t i = 0; i + 1 < w.nodes.size(); ++i) {
        if (comp[compact[w.nodes[i]]] != comp[compact[w.nodes[i + 1]]]) {
          w.oneway = false;
          changed = true;
          break;
        }
      }
    }
    if (!changed) throw Error("synthetic region: the road graph is not strongly connected (generator bug)");
  }
}

}  // namespace dsim::detail::synthetic
