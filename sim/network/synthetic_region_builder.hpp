// SPDX-License-Identifier: MIT
#pragma once
// The machinery behind generate_synthetic_region: plane geometry in metres,
// the river, and a builder that collects nodes, ways, zones and landmarks.
// Internal to sim/network (namespace dsim::detail::synthetic).

#include "sim/core/random.hpp"
#include "sim/network/raw_network.hpp"
#include "sim/network/synthetic_region.hpp"
#include "sim/network/zones.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dsim::detail::synthetic {

inline constexpr double kPi = std::numbers::pi;

// ---------------------------------------------------------------- geometry

// A point or a displacement in the local frame: metres east (x) and north (y).
struct Vec {
  double x = 0.0;
  double y = 0.0;
};
inline Vec operator+(Vec a, Vec b) { return {a.x + b.x, a.y + b.y}; }
inline Vec operator-(Vec a, Vec b) { return {a.x - b.x, a.y - b.y}; }
inline Vec operator*(double s, Vec a) { return {s * a.x, s * a.y}; }
inline double dot(Vec a, Vec b) { return a.x * b.x + a.y * b.y; }
inline double cross(Vec a, Vec b) { return a.x * b.y - a.y * b.x; }
inline double norm(Vec a) { return std::sqrt(dot(a, a)); }
inline Vec lerp(Vec a, Vec b, double t) { return a + t * (b - a); }
inline Vec perp(Vec a) { return {-a.y, a.x}; }
inline Vec unit(Vec a) {
  const double n = norm(a);
  return n > 0.0 ? (1.0 / n) * a : Vec{1.0, 0.0};
}
inline Vec polar(double r, double angle) { return {r * std::cos(angle), r * std::sin(angle)}; }

inline double distance_to_segment(Vec p, Vec a, Vec b) {
  const Vec ab = b - a;
  const double len2 = dot(ab, ab);
  const double t = len2 > 0.0 ? std::clamp(dot(p - a, ab) / len2, 0.0, 1.0) : 0.0;
  return norm(p - lerp(a, b, t));
}

inline bool ring_contains(const std::vector<Vec>& ring, Vec p) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Vec a = ring[i];
    const Vec b = ring[j];
    if ((a.y > p.y) != (b.y > p.y)) {
      const double x_cross = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x);
      if (p.x < x_cross) inside = !inside;
    }
  }
  return inside;
}

// Points along a polyline every `spacing_m` or a little less, first and last included.
inline std::vector<Vec> resample(const std::vector<Vec>& line, double spacing_m) {
  std::vector<double> at(line.size(), 0.0);
  for (std::size_t i = 1; i < line.size(); ++i) at[i] = at[i - 1] + norm(line[i] - line[i - 1]);
  const double total = at.back();
  const auto pieces = static_cast<std::size_t>(std::max(1.0, std::ceil(total / spacing_m)));
  std::vector<Vec> out;
  out.reserve(pieces + 1);
  std::size_t seg = 1;
  for (std::size_t k = 0; k <= pieces; ++k) {
    const double s = total * static_cast<double>(k) / static_cast<double>(pieces);
    while (seg + 1 < line.size() && at[seg] < s) ++seg;
    const double len = at[seg] - at[seg - 1];
    const double t = len > 0.0 ? std::clamp((s - at[seg - 1]) / len, 0.0, 1.0) : 0.0;
    out.push_back(lerp(line[seg - 1], line[seg], t));
  }
  out.front() = line.front();
  out.back() = line.back();
  return out;
}

// A smooth curve through the control points (centripetal-free, uniform Catmull-Rom).
inline std::vector<Vec> catmull_rom(const std::vector<Vec>& ctrl, int per_piece) {
  std::vector<Vec> out;
  for (std::size_t i = 0; i + 1 < ctrl.size(); ++i) {
    const Vec p0 = ctrl[i == 0 ? 0 : i - 1];
    const Vec p1 = ctrl[i];
    const Vec p2 = ctrl[i + 1];
    const Vec p3 = ctrl[i + 2 < ctrl.size() ? i + 2 : i + 1];
    for (int k = 0; k < per_piece; ++k) {
      const double t = static_cast<double>(k) / per_piece;
      const double t2 = t * t;
      const double t3 = t2 * t;
      auto blend = [&](double a0, double a1, double a2, double a3) {
        return 0.5 * (2.0 * a1 + (-a0 + a2) * t + (2.0 * a0 - 5.0 * a1 + 4.0 * a2 - a3) * t2 +
                      (-a0 + 3.0 * a1 - 3.0 * a2 + a3) * t3);
      };
      out.push_back({blend(p0.x, p1.x, p2.x, p3.x), blend(p0.y, p1.y, p2.y, p3.y)});
    }
  }
  out.push_back(ctrl.back());
  return out;
}

// ---------------------------------------------------------------- river

// The centreline is y = f(x): it crosses the region from west to east, so the
// side of a point is the sign of y - f(x).
struct RiverShape {
  double y_at_origin = -14500.0;
  double slope = -0.1;
  std::array<double, 3> amplitude_m{320.0, 120.0, 35.0};
  std::array<double, 3> wavelength_m{7500.0, 3100.0, 1300.0};
  std::array<double, 3> phase{0.0, 0.0, 0.0};
  double width_m = 160.0;

  double y_at(double x) const {
    double y = y_at_origin + slope * x;
    for (std::size_t k = 0; k < amplitude_m.size(); ++k) {
      y += amplitude_m[k] * std::sin(2.0 * kPi * x / wavelength_m[k] + phase[k]);
    }
    return y;
  }
  int side(Vec p) const { return p.y > y_at(p.x) ? 1 : -1; }  // +1: north bank
  // Vertical distance to the water's edge (negative in the water).
  double clearance(Vec p) const { return std::abs(p.y - y_at(p.x)) - 0.5 * width_m; }
  Vec bank_point(double x, int bank, double offset_m) const {
    return {x, y_at(x) + bank * (0.5 * width_m + offset_m)};
  }
};

// ---------------------------------------------------------------- builder

struct Way {
  std::vector<std::uint32_t> nodes;
  RoadClass road_class = RoadClass::other;
  double speed_kph = 0.0;
  bool oneway = false;    // only from the first node towards the last
  bool at_grade = false;  // meets other at-grade ways where they cross (rural roads, tracks)
  bool bridge = false;
  std::string name;
};

struct RoadStyle {
  RoadClass road_class;
  double speed_kph;
  bool at_grade = false;
  bool may_bridge = false;  // a segment across the river becomes a bridge, else the road stops there
  std::string bridge_name = {};
};

// An area the rural layer keeps out of: a town, a park or a village.
struct Area {
  std::vector<Vec> ring;
  Vec lo, hi;
  bool is_village = false;

  explicit Area(std::vector<Vec> r, bool village = false) : ring(std::move(r)), is_village(village) {
    lo = hi = ring.front();
    for (Vec p : ring) {
      lo = {std::min(lo.x, p.x), std::min(lo.y, p.y)};
      hi = {std::max(hi.x, p.x), std::max(hi.y, p.y)};
    }
  }
  // 0 inside, else the distance to the boundary.
  double distance(Vec p) const {
    if (p.x >= lo.x && p.x <= hi.x && p.y >= lo.y && p.y <= hi.y && ring_contains(ring, p)) return 0.0;
    double d = std::numeric_limits<double>::infinity();
    const double box = std::max({lo.x - p.x, p.x - hi.x, lo.y - p.y, p.y - hi.y, 0.0});
    if (box > 5000.0) return box;  // far away: the box is a good enough lower bound
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      d = std::min(d, distance_to_segment(p, ring[j], ring[i]));
    }
    return d;
  }
};

struct ZoneDraft {
  std::string id;
  std::string name;
  ZoneType type;
  std::int64_t population;
  std::vector<Vec> ring;
};

struct LandmarkDraft {
  std::string id;
  std::string name;
  LandmarkKind kind;
  std::string zone_id;
  std::uint32_t node;
};

// A point the rural road network links up: a village centre, a town or park
// gate, a point on a trunk road, a bridge abutment. Points of one group (the
// gates of one town) are never linked to each other.
struct RuralPoint {
  Vec p;
  std::uint32_t node;
  int group;
  bool hub;  // links to it are county roads (tertiary) rather than village roads
};

struct Rect {
  double x0, y0, x1, y1;
  bool contains(Vec p, double margin = 0.0) const {
    return p.x >= x0 + margin && p.x <= x1 - margin && p.y >= y0 + margin && p.y <= y1 - margin;
  }
};

struct Builder {
  Builder(std::uint64_t seed_in, double detail_in) : seed(seed_in), detail(detail_in) {}

  std::uint64_t seed;
  double detail;  // spacing factor: 1 for the default density, larger for coarser streets
  RiverShape river;
  std::vector<Vec> pts;
  std::vector<Way> ways;
  std::vector<Area> areas;
  std::vector<ZoneDraft> zones;
  std::vector<LandmarkDraft> landmarks;
  std::vector<RuralPoint> rural_points;
  std::vector<std::uint32_t> rural_road_nodes;  // where tracks may start
  int next_group = 0;
  std::set<std::string> town_names;  // of the districts, kept unique

  RandomStream stream(std::string_view name) const {
    return RandomStream(seed, 0, std::string("synthetic_region/") + std::string(name));
  }

  std::uint32_t node(Vec p) {
    pts.push_back(p);
    return static_cast<std::uint32_t>(pts.size() - 1);
  }

  bool crosses_river(Vec a, Vec b) const {
    if (river.side(a) != river.side(b)) return true;
    const Vec m = lerp(a, b, 0.5);
    return river.side(m) != river.side(a) || river.clearance(m) < 0.0;
  }

  // Adds a road along the nodes. A segment across the river becomes a bridge
  // way of its own when the style allows it; otherwise the road is cut there.
  void road(const std::vector<std::uint32_t>& nodes, const RoadStyle& style, bool oneway = false) {
    std::vector<std::uint32_t> run;
    auto flush = [&]() {
      if (run.size() >= 2) {
        Way w;
        w.nodes = run;
        w.road_class = style.road_class;
        w.speed_kph = style.speed_kph;
        w.oneway = oneway;
        w.at_grade = style.at_grade;
        ways.push_back(std::move(w));
      }
      run.clear();
    };
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      // Only a change of bank is a crossing: a segment that clips a bend of
      // the river and comes back to its bank stays an ordinary road.
      if (!run.empty() && river.side(pts[run.back()]) != river.side(pts[nodes[i]])) {
        const std::uint32_t before = run.back();
        flush();
        if (style.may_bridge) {
          Way w;
          w.nodes = {before, nodes[i]};
          w.road_class = style.road_class;
          w.speed_kph = style.speed_kph;
          w.bridge = true;
          w.name = style.bridge_name.empty() ? std::string("Bridge") : style.bridge_name;
          ways.push_back(std::move(w));
        }
      }
      run.push_back(nodes[i]);
    }
    flush();
  }

  // Nodes at the points, leaving out those in or close to the water so that a
  // crossing is a single segment.
  std::vector<std::uint32_t> nodes_along(const std::vector<Vec>& points, bool keep_ends = true) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const bool end = i == 0 || i + 1 == points.size();
      if (!(keep_ends && end) && river.clearance(points[i]) < 40.0) continue;
      out.push_back(node(points[i]));
    }
    return out;
  }

  double area_distance(Vec p, bool villages_too) const {
    double d = std::numeric_limits<double>::infinity();
    for (const Area& a : areas) {
      if (!villages_too && a.is_village) continue;
      d = std::min(d, a.distance(p));
    }
    return d;
  }

  std::uint32_t extreme_node(const std::vector<std::uint32_t>& nodes, Vec direction) const {
    std::uint32_t best = nodes.front();
    double best_value = -std::numeric_limits<double>::infinity();
    for (std::uint32_t n : nodes) {
      const double v = dot(pts[n], direction);
      if (v > best_value) {
        best_value = v;
        best = n;
      }
    }
    return best;
  }

  std::uint32_t nearest_node(const std::vector<std::uint32_t>& nodes, Vec p) const {
    std::uint32_t best = nodes.front();
    double best_d = std::numeric_limits<double>::infinity();
    for (std::uint32_t n : nodes) {
      const double d = dot(pts[n] - p, pts[n] - p);
      if (d < best_d) {
        best_d = d;
        best = n;
      }
    }
    return best;
  }

  // Gates: the outermost nodes of a town in `count` directions, linked to the
  // rural network as one group.
  std::vector<std::uint32_t> add_gates(const std::vector<std::uint32_t>& nodes, int count, double phase) {
    const int group = next_group++;
    std::vector<std::uint32_t> gates;
    for (int k = 0; k < count; ++k) {
      const double angle = phase + 2.0 * kPi * k / count;
      const std::uint32_t g = extreme_node(nodes, polar(1.0, angle));
      if (std::find(gates.begin(), gates.end(), g) != gates.end()) continue;
      gates.push_back(g);
      rural_points.push_back({pts[g], g, group, true});
    }
    return gates;
  }

  double spacing(double base_m) const { return base_m * detail; }
};

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  bool unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    if (b < a) std::swap(a, b);
    parent[b] = a;
    return true;
  }
};

// Where two at-grade roads cross, both get a shared node: a rural junction.
void join_crossings(Builder& b);
// Merges nodes joined by a segment shorter than the tolerance (junctions that
// fell almost on top of each other) into the lower-numbered one.
void merge_close_nodes(Builder& b, double tolerance_m);
// Joins every piece of the road graph to the largest one with a short link
// on the same bank, so that the undirected graph is connected.
void connect_pieces(Builder& b);
// Makes one-way ways two-way where their direction splits the graph, until it
// is strongly connected. `compact` numbers the used nodes 0..n-1 (others: max).
void repair_one_ways(Builder& b, const std::vector<std::uint32_t>& compact);

}  // namespace dsim::detail::synthetic
