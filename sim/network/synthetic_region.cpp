// SPDX-License-Identifier: MIT
// The synthetic Ordos-like region (docs/synthetic-region.md). Everything is
// laid out in a local frame in metres (x east, y north, origin at
// kOriginLon/kOriginLat) and converted to degrees at the end. Each part of the
// region draws from its own named random stream, so that changing one part
// does not reshuffle the others.
#include "sim/network/synthetic_region.hpp"

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace dsim {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kEarthRadiusM = 6371008.8;  // mean Earth radius (IUGG)
constexpr double kOriginLon = 109.93;
constexpr double kOriginLat = 39.72;
constexpr double kCoreNodes = 28600.0;         // what the core gives at detail 1 (measured)
constexpr double kLargestCoreNodes = 48000.0;  // beyond this, districts are added instead

// Size of the core region and of each district added around it.
constexpr double kTileWidthM = 30000.0;
constexpr double kTileHeightM = 38000.0;
constexpr double kCoreSouthM = -21000.0;  // the core tile spans y in [-21 km, 17 km]

// ---------------------------------------------------------------- geometry

struct Vec {
  double x = 0.0;
  double y = 0.0;
};
Vec operator+(Vec a, Vec b) { return {a.x + b.x, a.y + b.y}; }
Vec operator-(Vec a, Vec b) { return {a.x - b.x, a.y - b.y}; }
Vec operator*(double s, Vec a) { return {s * a.x, s * a.y}; }
double dot(Vec a, Vec b) { return a.x * b.x + a.y * b.y; }
double cross(Vec a, Vec b) { return a.x * b.y - a.y * b.x; }
double norm(Vec a) { return std::sqrt(dot(a, a)); }
Vec lerp(Vec a, Vec b, double t) { return a + t * (b - a); }
Vec perp(Vec a) { return {-a.y, a.x}; }
Vec unit(Vec a) {
  const double n = norm(a);
  return n > 0.0 ? (1.0 / n) * a : Vec{1.0, 0.0};
}
Vec polar(double r, double angle) { return {r * std::cos(angle), r * std::sin(angle)}; }

double distance_to_segment(Vec p, Vec a, Vec b) {
  const Vec ab = b - a;
  const double len2 = dot(ab, ab);
  const double t = len2 > 0.0 ? std::clamp(dot(p - a, ab) / len2, 0.0, 1.0) : 0.0;
  return norm(p - lerp(a, b, t));
}

bool ring_contains(const std::vector<Vec>& ring, Vec p) {
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
std::vector<Vec> resample(const std::vector<Vec>& line, double spacing_m) {
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
std::vector<Vec> catmull_rom(const std::vector<Vec>& ctrl, int per_piece) {
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

// ---------------------------------------------------------------- frame

struct Frame {
  double m_per_deg_lat = kEarthRadiusM * kPi / 180.0;
  double m_per_deg_lon = kEarthRadiusM * kPi / 180.0 * std::cos(kOriginLat * kPi / 180.0);

  // Rounded to 1e-7 degrees, the precision the CSV files keep, so that what
  // is written reads back as the same numbers.
  LonLat to_lon_lat(Vec p) const {
    return {std::round((kOriginLon + p.x / m_per_deg_lon) * 1e7) / 1e7,
            std::round((kOriginLat + p.y / m_per_deg_lat) * 1e7) / 1e7};
  }
};

double haversine_m(LonLat a, LonLat b) {
  const double to_rad = kPi / 180.0;
  const double dlat = (b.lat - a.lat) * to_rad;
  const double dlon = (b.lon - a.lon) * to_rad;
  const double s1 = std::sin(0.5 * dlat);
  const double s2 = std::sin(0.5 * dlon);
  const double h = s1 * s1 + std::cos(a.lat * to_rad) * std::cos(b.lat * to_rad) * s2 * s2;
  return 2.0 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
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

class Builder {
 public:
  Builder(std::uint64_t seed, double detail) : seed_(seed), detail_(detail) {}

  std::uint64_t seed_;
  double detail_;  // spacing factor: 1 for the default density, larger for coarser streets
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
    return RandomStream(seed_, 0, std::string("synthetic_region/") + std::string(name));
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

  double spacing(double base_m) const { return base_m * detail_; }

  std::size_t used_node_estimate() const { return pts.size(); }
};

// ---------------------------------------------------------------- towns

struct GridTownSpec {
  std::string stream;
  double x0, x1, y0, y1;  // extent before the river cuts it
  int bank;               // the side of the river it lies on
  double axis_x0 = 0.0, axis_x1 = 0.0;  // a park strip without local streets
  double park_share = 0.12;
  double compound_share = 0.08;
  bool riverside = true;
};

struct GridTown {
  std::vector<std::uint32_t> nodes;
  std::vector<std::int64_t> riverside;  // node of the riverside road at each column, -1 if none
  double x0 = 0.0, step = 0.0;
  std::vector<Vec> outline;
};

RoadStyle urban_style(int level) {
  switch (level) {
    case 0: return {RoadClass::primary, 60.0};
    case 1: return {RoadClass::secondary, 50.0};
    case 2: return {RoadClass::tertiary, 40.0};
    case 3: return {RoadClass::residential, 30.0};
    case 4: return {RoadClass::living_street, 15.0};
    default: return {RoadClass::service, 20.0};
  }
}

// A planned town on a square grid: arterials every 500 m, local streets
// between them, superblocks that are parks or walled compounds, cul-de-sacs
// into the blocks and a riverside road along the bank.
GridTown build_grid_town(Builder& b, const GridTownSpec& spec) {
  RandomStream rng = b.stream(spec.stream);
  constexpr double kSuper = 500.0;
  const int k = std::clamp(static_cast<int>(std::lround(4.0 / b.detail_)), 1, 16);
  const double step = kSuper / k;
  const int nx = static_cast<int>(std::lround((spec.x1 - spec.x0) / step));
  const int ny = static_cast<int>(std::lround((spec.y1 - spec.y0) / step));
  const double setback = 150.0;
  auto pos = [&](int i, int j) { return Vec{spec.x0 + i * step, spec.y0 + j * step}; };
  auto valid = [&](int i, int j) {
    if (i < 0 || j < 0 || i > nx || j > ny) return false;
    const Vec p = pos(i, j);
    return b.river.side(p) == spec.bank && b.river.clearance(p) >= setback;
  };

  // Superblock kinds: 0 built, 1 park, 2 compound.
  const int sx = (nx + k - 1) / k;
  const int sy = (ny + k - 1) / k;
  std::vector<int> kind(static_cast<std::size_t>(sx * sy), 0);
  for (int J = 0; J < sy; ++J) {
    for (int I = 0; I < sx; ++I) {
      const double cx = spec.x0 + (I + 0.5) * kSuper;
      const double u = rng.uniform();
      int kd = u < spec.park_share ? 1 : (u < spec.park_share + spec.compound_share ? 2 : 0);
      if (cx > spec.axis_x0 && cx < spec.axis_x1) kd = 1;
      kind[static_cast<std::size_t>(J * sx + I)] = kd;
    }
  }
  auto kind_at = [&](int i, int j) {
    const int I = std::min(i / k, sx - 1);
    const int J = std::min(j / k, sy - 1);
    return kind[static_cast<std::size_t>(J * sx + I)];
  };

  // Which segments exist, decided in a fixed order.
  const auto W = static_cast<std::size_t>(nx + 1);
  std::vector<char> h(W * static_cast<std::size_t>(ny + 1), 0), v(h.size(), 0), mid(h.size(), 0);
  auto at = [&](int i, int j) { return static_cast<std::size_t>(j) * W + static_cast<std::size_t>(i); };
  for (int j = 0; j <= ny; ++j) {
    for (int i = 0; i <= nx; ++i) {
      if (i < nx && valid(i, j) && valid(i + 1, j)) {
        const bool local_ok = kind_at(i, j) == 0 && rng.uniform() >= 0.07;
        h[at(i, j)] = (j % k == 0 || local_ok) ? 1 : 0;
      }
      if (j < ny && valid(i, j) && valid(i, j + 1)) {
        const bool local_ok = kind_at(i, j) == 0 && rng.uniform() >= 0.07;
        v[at(i, j)] = (i % k == 0 || local_ok) ? 1 : 0;
      }
    }
  }
  // Cul-de-sacs from the middle of a block's south side to its centre.
  std::vector<std::pair<int, int>> stubs;
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      if (!h[at(i, j)]) continue;
      const int kd = kind_at(i, j);
      const double p = kd == 0 ? 0.3 : (kd == 2 && j % k == 0 ? 0.7 : 0.0);
      if (p > 0.0 && rng.bernoulli(p) && valid(i, j + 1) && valid(i + 1, j + 1)) {
        mid[at(i, j)] = 1;
        stubs.emplace_back(i, j);
      }
    }
  }

  GridTown town;
  town.x0 = spec.x0;
  town.step = step;
  std::vector<std::int64_t> id(h.size(), -1);
  std::vector<std::int64_t> mid_id(h.size(), -1);
  auto node_at = [&](int i, int j) {
    auto& slot = id[at(i, j)];
    if (slot < 0) {
      slot = b.node(pos(i, j));
      town.nodes.push_back(static_cast<std::uint32_t>(slot));
    }
    return static_cast<std::uint32_t>(slot);
  };
  auto line_level = [&](int line) {
    if (line % k == 0) return (line / k) % 2 == 0 ? 0 : 1;
    return (k >= 2 && line % k == k / 2) ? 2 : 3;
  };
  for (int j = 0; j <= ny; ++j) {  // rows
    std::vector<std::uint32_t> run;
    for (int i = 0; i <= nx; ++i) {
      if (i < nx && h[at(i, j)]) {
        if (run.empty()) run.push_back(node_at(i, j));
        if (mid[at(i, j)]) {
          const auto m = b.node(lerp(pos(i, j), pos(i + 1, j), 0.5));
          town.nodes.push_back(m);
          mid_id[at(i, j)] = m;
          run.push_back(m);
        }
        run.push_back(node_at(i + 1, j));
      } else {
        if (run.size() >= 2) b.road(run, urban_style(line_level(j)));
        run.clear();
      }
    }
  }
  for (int i = 0; i <= nx; ++i) {  // columns
    std::vector<std::uint32_t> run;
    for (int j = 0; j <= ny; ++j) {
      if (j < ny && v[at(i, j)]) {
        if (run.empty()) run.push_back(node_at(i, j));
        run.push_back(node_at(i, j + 1));
      } else {
        if (run.size() >= 2) b.road(run, urban_style(line_level(i)));
        run.clear();
      }
    }
  }
  for (auto [i, j] : stubs) {
    const auto m = static_cast<std::uint32_t>(mid_id[at(i, j)]);
    const auto end = b.node(pos(i, j) + Vec{0.5 * step, 0.5 * step});
    town.nodes.push_back(end);
    b.road({m, end}, urban_style(5));
  }

  // The riverside road, and the streets that run down to it.
  town.riverside.assign(static_cast<std::size_t>(nx + 1), -1);
  if (spec.riverside) {
    std::vector<std::uint32_t> run;
    for (int i = 0; i <= nx; ++i) {
      // the node nearest the bank in this column
      int jb = -1;
      if (spec.bank > 0) {
        for (int j = 0; j <= ny && jb < 0; ++j)
          if (id[at(i, j)] >= 0) jb = j;
      } else {
        for (int j = ny; j >= 0 && jb < 0; --j)
          if (id[at(i, j)] >= 0) jb = j;
      }
      if (jb < 0) {
        if (run.size() >= 2) b.road(run, urban_style(1));
        run.clear();
        continue;
      }
      const double x = spec.x0 + i * step;
      const auto r = b.node(b.river.bank_point(x, spec.bank, 50.0));
      town.nodes.push_back(r);
      town.riverside[static_cast<std::size_t>(i)] = r;
      run.push_back(r);
      const bool vertical_there = (spec.bank > 0 ? (jb < ny && v[at(i, jb)]) : (jb > 0 && v[at(i, jb - 1)]));
      if (i % k == 0 || vertical_there) {
        b.road({static_cast<std::uint32_t>(id[at(i, jb)]), r}, urban_style(line_level(i)));
      }
    }
    if (run.size() >= 2) b.road(run, urban_style(1));
  }

  // Outline: the extent, cut by the river bank.
  std::vector<Vec> ring;
  const double margin = 40.0;
  const int samples = std::max(2, static_cast<int>((spec.x1 - spec.x0) / 250.0));
  auto bank_y = [&](double x) { return b.river.y_at(x) + spec.bank * (0.5 * b.river.width_m + 20.0); };
  if (spec.bank > 0) {
    ring.push_back({spec.x0 - margin, spec.y1 + margin});
    ring.push_back({spec.x1 + margin, spec.y1 + margin});
    for (int s = samples; s >= 0; --s) {
      const double x = spec.x0 - margin + (spec.x1 - spec.x0 + 2 * margin) * s / samples;
      ring.push_back({x, std::max(spec.y0 - margin, bank_y(x))});
    }
  } else {
    ring.push_back({spec.x1 + margin, spec.y0 - margin});
    ring.push_back({spec.x0 - margin, spec.y0 - margin});
    for (int s = 0; s <= samples; ++s) {
      const double x = spec.x0 - margin + (spec.x1 - spec.x0 + 2 * margin) * s / samples;
      ring.push_back({x, std::min(spec.y1 + margin, bank_y(x))});
    }
  }
  town.outline = ring;
  return town;
}

struct OrganicTownSpec {
  std::string stream;
  Vec centre;
  double radius_m;       // mean radius of the built-up outline
  double core_spacing_m;  // street spacing at the centre (doubles towards the edge)
};

struct OrganicTown {
  std::vector<std::uint32_t> nodes;
  std::vector<Vec> outline;
};

// An older town grown without a plan: a lattice bent by a smooth warp, dense
// in the centre and looser at the edge, with streets missing, diagonal lanes,
// one-way pairs and alleys in the core.
OrganicTown build_organic_town(Builder& b, const OrganicTownSpec& spec) {
  RandomStream rng = b.stream(spec.stream);
  const double h = spec.core_spacing_m * b.detail_;
  // physical radius g(rho) = rho (1 + rho / rho0): spacing h at the centre, 2h at radius_m
  const double rho_edge = spec.radius_m / 1.5;
  const double rho0 = 2.0 * rho_edge;
  const double rotation = rng.uniform(-0.35, 0.35);
  std::array<double, 5> lobe_amp{}, lobe_phase{};
  for (std::size_t q = 0; q < lobe_amp.size(); ++q) {
    lobe_amp[q] = rng.uniform(0.02, 0.11) / (1.0 + 0.4 * static_cast<double>(q));
    lobe_phase[q] = rng.uniform(0.0, 2.0 * kPi);
  }
  auto outline_r = [&](double angle) {
    double r = 1.0;
    for (std::size_t q = 0; q < lobe_amp.size(); ++q) r += lobe_amp[q] * std::sin((q + 2.0) * angle + lobe_phase[q]);
    return spec.radius_m * r;
  };
  std::array<Vec, 3> warp_dir;
  std::array<double, 3> warp_len{}, warp_phase{};
  for (std::size_t q = 0; q < warp_dir.size(); ++q) {
    warp_dir[q] = polar(1.0, rng.uniform(0.0, 2.0 * kPi));
    warp_len[q] = rng.uniform(1400.0, 3200.0);
    warp_phase[q] = rng.uniform(0.0, 2.0 * kPi);
  }
  auto warp = [&](Vec p) {
    Vec d{0.0, 0.0};
    for (std::size_t q = 0; q < warp_dir.size(); ++q) {
      const double s = std::sin(2.0 * kPi * dot(p, warp_dir[q]) / warp_len[q] + warp_phase[q]);
      d = d + (70.0 * s) * perp(warp_dir[q]);
    }
    return d;
  };

  double max_rho = 0.0;
  for (double r = 0.0; r * (1.0 + r / rho0) < 1.35 * spec.radius_m; r += 10.0) max_rho = r;
  const int n = static_cast<int>(std::ceil(max_rho / h)) + 1;
  const int side = 2 * n + 1;
  auto at = [&](int u, int v) { return static_cast<std::size_t>((v + n) * side + (u + n)); };
  std::vector<Vec> position(static_cast<std::size_t>(side * side));
  std::vector<char> inside(position.size(), 0);
  for (int v = -n; v <= n; ++v) {
    for (int u = -n; u <= n; ++u) {
      const Vec q{u * h, v * h};
      const double rho = norm(q);
      const double g = rho * (1.0 + rho / rho0);
      const Vec radial = rho > 0.0 ? (g / rho) * q : Vec{0.0, 0.0};
      const double c = std::cos(rotation), s = std::sin(rotation);
      const Vec rotated{c * radial.x - s * radial.y, s * radial.x + c * radial.y};
      const double local_h = h * (1.0 + 2.0 * rho / rho0);
      const Vec jitter{rng.uniform(-0.12, 0.12) * local_h, rng.uniform(-0.12, 0.12) * local_h};
      const Vec p = spec.centre + rotated + warp(rotated) + jitter;
      position[at(u, v)] = p;
      const Vec d = p - spec.centre;
      inside[at(u, v)] = (norm(d) < outline_r(std::atan2(d.y, d.x)) && b.river.clearance(p) > 300.0) ? 1 : 0;
    }
  }

  const double core_rho = 0.35 * rho_edge;
  auto line_level = [&](int line, double rho) {
    const int m = ((line % 8) + 8) % 8;
    if (m == 0) return ((line / 8) % 2 == 0) ? 0 : 1;
    if (m == 4) return 2;
    return rho < core_rho ? 4 : 3;  // alleys (living streets) in the core
  };
  // One-way pairs: some local lines in the inner town, alternating direction.
  auto oneway_line = [&](int line, RandomStream& r) {
    const int m = ((line % 8) + 8) % 8;
    return m != 0 && std::abs(line) * h < 1.6 * core_rho && r.bernoulli(0.45);
  };
  std::vector<char> row_oneway(static_cast<std::size_t>(side)), col_oneway(static_cast<std::size_t>(side));
  for (int t = -n; t <= n; ++t) {
    row_oneway[static_cast<std::size_t>(t + n)] = oneway_line(t, rng);
    col_oneway[static_cast<std::size_t>(t + n)] = oneway_line(t, rng);
  }

  std::vector<char> hs(position.size(), 0), vs(position.size(), 0), mid(position.size(), 0), diag(position.size(), 0);
  for (int v = -n; v <= n; ++v) {
    for (int u = -n; u <= n; ++u) {
      const double rho = h * std::hypot(u, v);
      const double p_drop = 0.12 + 0.18 * std::min(1.0, rho / rho_edge);
      if (u < n && inside[at(u, v)] && inside[at(u + 1, v)]) {
        const bool arterial = ((v % 8) + 8) % 8 == 0;
        hs[at(u, v)] = (arterial || rng.uniform() >= p_drop) ? 1 : 0;
      }
      if (v < n && inside[at(u, v)] && inside[at(u, v + 1)]) {
        const bool arterial = ((u % 8) + 8) % 8 == 0;
        vs[at(u, v)] = (arterial || rng.uniform() >= p_drop) ? 1 : 0;
      }
    }
  }
  for (int v = -n; v < n; ++v) {
    for (int u = -n; u < n; ++u) {
      if (!(inside[at(u, v)] && inside[at(u + 1, v)] && inside[at(u, v + 1)] && inside[at(u + 1, v + 1)])) continue;
      if (rng.bernoulli(0.035)) diag[at(u, v)] = 1;
      else if (hs[at(u, v)] && rng.bernoulli(0.2)) mid[at(u, v)] = 1;
    }
  }

  OrganicTown town;
  std::vector<std::int64_t> id(position.size(), -1), mid_id(position.size(), -1);
  auto node_at = [&](int u, int v) {
    auto& slot = id[at(u, v)];
    if (slot < 0) {
      slot = b.node(position[at(u, v)]);
      town.nodes.push_back(static_cast<std::uint32_t>(slot));
    }
    return static_cast<std::uint32_t>(slot);
  };
  auto emit = [&](std::vector<std::uint32_t>& run, int line, bool oneway, bool forward) {
    if (run.size() >= 2) {
      const double rho = norm(b.pts[run[run.size() / 2]] - spec.centre) / 1.5;
      RoadStyle style = urban_style(line_level(line, rho));
      if (!forward) std::reverse(run.begin(), run.end());
      b.road(run, style, oneway && line_level(line, rho) >= 2);
    }
    run.clear();
  };
  for (int v = -n; v <= n; ++v) {
    std::vector<std::uint32_t> run;
    const bool oneway = row_oneway[static_cast<std::size_t>(v + n)];
    for (int u = -n; u <= n; ++u) {
      if (u < n && hs[at(u, v)]) {
        if (run.empty()) run.push_back(node_at(u, v));
        if (mid[at(u, v)]) {
          const auto m = b.node(lerp(position[at(u, v)], position[at(u + 1, v)], 0.5));
          town.nodes.push_back(m);
          mid_id[at(u, v)] = m;
          run.push_back(m);
        }
        run.push_back(node_at(u + 1, v));
      } else {
        emit(run, v, oneway, (v & 1) == 0);
      }
    }
  }
  for (int u = -n; u <= n; ++u) {
    std::vector<std::uint32_t> run;
    const bool oneway = col_oneway[static_cast<std::size_t>(u + n)];
    for (int v = -n; v <= n; ++v) {
      if (v < n && vs[at(u, v)]) {
        if (run.empty()) run.push_back(node_at(u, v));
        run.push_back(node_at(u, v + 1));
      } else {
        emit(run, u, oneway, (u & 1) != 0);
      }
    }
  }
  for (int v = -n; v < n; ++v) {
    for (int u = -n; u < n; ++u) {
      if (diag[at(u, v)]) {
        const bool rising = ((u + v) & 1) == 0;
        if (rising) b.road({node_at(u, v), node_at(u + 1, v + 1)}, urban_style(3));
        else b.road({node_at(u + 1, v), node_at(u, v + 1)}, urban_style(3));
      }
      if (mid_id[at(u, v)] >= 0) {
        const Vec centre = 0.25 * (position[at(u, v)] + position[at(u + 1, v)] + position[at(u, v + 1)] +
                                   position[at(u + 1, v + 1)]);
        const auto m = static_cast<std::uint32_t>(mid_id[at(u, v)]);
        const auto end = b.node(lerp(b.pts[m], centre, 0.8));
        town.nodes.push_back(end);
        b.road({m, end}, urban_style(5));
      }
    }
  }

  for (int q = 0; q < 64; ++q) {
    const double angle = 2.0 * kPi * q / 64.0;
    town.outline.push_back(spec.centre + polar(outline_r(angle) + 60.0, angle));
  }
  return town;
}

struct ParkSpec {
  std::string stream;
  Rect extent;
  int blocks_x, blocks_y;
};

struct Park {
  std::vector<std::uint32_t> nodes;
  std::vector<Vec> outline;
  std::uint32_t centre_node = 0;
};

// An industrial park: a coarse grid of wide roads around plant plots, each
// plot with its own service-road loop and gates onto the grid.
Park build_park(Builder& b, const ParkSpec& spec) {
  RandomStream rng = b.stream(spec.stream);
  Park park;
  const int bx = spec.blocks_x, by = spec.blocks_y;
  const double w = (spec.extent.x1 - spec.extent.x0) / bx;
  const double hgt = (spec.extent.y1 - spec.extent.y0) / by;
  int sub = std::max(2, static_cast<int>(std::lround(w / b.spacing(175.0))));
  if (sub % 2) ++sub;
  int sub_y = std::max(2, static_cast<int>(std::lround(hgt / b.spacing(175.0))));
  if (sub_y % 2) ++sub_y;
  auto corner = [&](int i, int j) { return Vec{spec.extent.x0 + i * w, spec.extent.y0 + j * hgt}; };
  std::vector<std::uint32_t> grid(static_cast<std::size_t>((bx + 1) * (by + 1)));
  for (int j = 0; j <= by; ++j)
    for (int i = 0; i <= bx; ++i) {
      grid[static_cast<std::size_t>(j * (bx + 1) + i)] = b.node(corner(i, j));
      park.nodes.push_back(grid[static_cast<std::size_t>(j * (bx + 1) + i)]);
    }
  auto g = [&](int i, int j) { return grid[static_cast<std::size_t>(j * (bx + 1) + i)]; };
  // middle node of each block side, to hang the plant gates on
  std::vector<std::uint32_t> south_mid(static_cast<std::size_t>(bx * (by + 1)));
  for (int j = 0; j <= by; ++j) {
    std::vector<std::uint32_t> line{g(0, j)};
    for (int i = 0; i < bx; ++i) {
      for (int s = 1; s < sub; ++s) {
        const auto m = b.node(lerp(corner(i, j), corner(i + 1, j), static_cast<double>(s) / sub));
        park.nodes.push_back(m);
        line.push_back(m);
        if (s == sub / 2) south_mid[static_cast<std::size_t>(j * bx + i)] = m;
      }
      line.push_back(g(i + 1, j));
    }
    const int level = (j == by / 2) ? 0 : (j == 0 || j == by ? 1 : 2);
    b.road(line, urban_style(level));
  }
  for (int i = 0; i <= bx; ++i) {
    std::vector<std::uint32_t> line{g(i, 0)};
    for (int j = 0; j < by; ++j) {
      for (int s = 1; s < sub_y; ++s) {
        const auto m = b.node(lerp(corner(i, j), corner(i, j + 1), static_cast<double>(s) / sub_y));
        park.nodes.push_back(m);
        line.push_back(m);
      }
      line.push_back(g(i, j + 1));
    }
    const int level = (i == bx / 2) ? 0 : (i == 0 || i == bx ? 1 : 2);
    b.road(line, urban_style(level));
  }
  // plants
  const double inset = 70.0;
  for (int j = 0; j < by; ++j) {
    for (int i = 0; i < bx; ++i) {
      if (rng.bernoulli(0.15)) continue;  // tank farm or empty plot: no roads inside
      const Vec lo = corner(i, j) + Vec{inset, inset};
      const Vec hi = corner(i + 1, j + 1) - Vec{inset, inset};
      const std::vector<Vec> square{lo, {hi.x, lo.y}, hi, {lo.x, hi.y}, lo};
      std::vector<Vec> loop = resample(square, b.spacing(95.0));
      loop.pop_back();
      // start the loop at the middle of its south side
      const Vec gate_point{0.5 * (lo.x + hi.x), lo.y};
      std::size_t start = 0;
      for (std::size_t q = 0; q < loop.size(); ++q)
        if (norm(loop[q] - gate_point) < norm(loop[start] - gate_point)) start = q;
      std::rotate(loop.begin(), loop.begin() + static_cast<std::ptrdiff_t>(start), loop.end());
      loop[0] = gate_point;
      std::vector<std::uint32_t> ids;
      for (Vec p : loop) {
        ids.push_back(b.node(p));
        park.nodes.push_back(ids.back());
      }
      std::vector<std::uint32_t> ring = ids;
      ring.push_back(ids.front());
      b.road(ring, urban_style(5));
      b.road({south_mid[static_cast<std::size_t>(j * bx + i)], ids.front()}, urban_style(5));
      if (rng.bernoulli(0.5)) {  // a second gate to the north
        const auto north = b.nearest_node(ids, {gate_point.x, hi.y});
        b.road({north, south_mid[static_cast<std::size_t>((j + 1) * bx + i)]}, urban_style(5));
      }
      if (rng.bernoulli(0.5)) {  // a lane across the plant
        const auto west = b.nearest_node(ids, {lo.x, 0.5 * (lo.y + hi.y)});
        const auto east = b.nearest_node(ids, {hi.x, 0.5 * (lo.y + hi.y)});
        std::vector<std::uint32_t> lane{west};
        const auto inner = resample({b.pts[west], b.pts[east]}, b.spacing(95.0));
        for (std::size_t q = 1; q + 1 < inner.size(); ++q) {
          lane.push_back(b.node(inner[q]));
          park.nodes.push_back(lane.back());
        }
        lane.push_back(east);
        b.road(lane, urban_style(5));
      }
    }
  }
  park.centre_node = g(bx / 2, by / 2);
  const double m = 40.0;
  park.outline = {{spec.extent.x0 - m, spec.extent.y0 - m},
                  {spec.extent.x1 + m, spec.extent.y0 - m},
                  {spec.extent.x1 + m, spec.extent.y1 + m},
                  {spec.extent.x0 - m, spec.extent.y1 + m}};
  return park;
}

// ---------------------------------------------------------------- villages

constexpr std::array<std::string_view, 24> kNameHeads = {
    "Bayan", "Altan", "Hara",  "Chagan", "Ulan",   "Shine", "Hoh",   "Sira",  "Narin", "Tala",  "Bulag", "Hudag",
    "Bayin", "Mandu", "Erden", "Sumber", "Baolig", "Dalai", "Ih",    "Baga",  "Hongor", "Saihan", "Tumur", "Nuur"};
constexpr std::array<std::string_view, 20> kNameTails = {
    "obo",   "tolgoi", "hudag", "gol",   "bulag", "tala",  "nuur",  "shili", "hada",  "tohoi",
    "uzuur", "bulan",  "sume",  "ail",   "hoshuu", "gacha", "tal",  "hundi", "ereg",  "modo"};

// A Mongolian-sounding place name: "Bayan Obo" (two words) or "Bayanobo".
std::string place_name(RandomStream& rng, bool two_words) {
  std::string head(kNameHeads[rng.below(kNameHeads.size())]);
  std::string tail(kNameTails[rng.below(kNameTails.size())]);
  if (!two_words) return head + tail;
  tail[0] = static_cast<char>(tail[0] - 'a' + 'A');
  return head + " " + tail;
}

struct Village {
  std::uint32_t centre_node;
  Vec centre;
  double radius_m;
  std::string id;
  std::string name;
  std::int64_t population;
};

// A village: a main street with lanes off it, one node every 60-80 m.
Village build_village(Builder& b, RandomStream& rng, Vec centre, const std::string& id, const std::string& name) {
  const double angle = rng.uniform(0.0, kPi);
  const Vec dir = polar(1.0, angle);
  const Vec across = perp(dir);
  const double half = rng.uniform(300.0, 700.0);
  const double sp = b.spacing(rng.uniform(50.0, 70.0));
  const int m = std::max(1, static_cast<int>(std::lround(half / sp)));
  std::vector<std::uint32_t> main;
  std::uint32_t centre_node = 0;
  for (int q = -m; q <= m; ++q) {
    const double off = half * q / m;
    main.push_back(b.node(centre + off * dir + (rng.uniform(-6.0, 6.0)) * across));
    if (q == 0) {
      b.pts.back() = centre;
      centre_node = main.back();
    }
  }
  b.road(main, {RoadClass::residential, 30.0, true});
  double reach = half;
  const int lanes = 3 + static_cast<int>(rng.below(5));
  for (int l = 0; l < lanes; ++l) {
    const int q = static_cast<int>(rng.below(static_cast<std::uint64_t>(2 * m + 1)));
    if (q == m) continue;
    const double side = rng.bernoulli(0.5) ? 1.0 : -1.0;
    const double len = rng.uniform(120.0, 380.0);
    reach = std::max(reach, len);
    const Vec from = b.pts[main[static_cast<std::size_t>(q)]];
    const Vec to = from + (side * len) * across + rng.uniform(-40.0, 40.0) * dir;
    const auto pts = resample({from, to}, sp);
    std::vector<std::uint32_t> lane{main[static_cast<std::size_t>(q)]};
    for (std::size_t s = 1; s < pts.size(); ++s) lane.push_back(b.node(pts[s]));
    b.road(lane, {RoadClass::residential, 20.0, true});
  }
  const double radius = reach + 150.0;
  std::int64_t people = static_cast<std::int64_t>(std::lround((120.0 + 700.0 * (half - 300.0) / 400.0 +
                                                               rng.uniform(0.0, 150.0)) / 10.0)) * 10;
  return {centre_node, centre, radius, id, name, people};
}

// ---------------------------------------------------------------- rural roads

std::vector<Vec> wiggly_line(RandomStream& rng, Vec a, Vec b, double spacing_m) {
  const double len = norm(b - a);
  const int n = std::max(1, static_cast<int>(std::ceil(len / spacing_m)));
  const Vec side = perp(unit(b - a));
  const double bow = rng.uniform(-0.06, 0.06) * len;
  const double ripple = rng.uniform(0.005, 0.02) * len;
  const double waves = 1.0 + static_cast<double>(rng.below(4));
  const double phase = rng.uniform(0.0, 2.0 * kPi);
  std::vector<Vec> out;
  for (int k = 0; k <= n; ++k) {
    const double t = static_cast<double>(k) / n;
    const double envelope = std::sin(kPi * t);
    const double off = bow * envelope + ripple * envelope * std::sin(2.0 * kPi * waves * t + phase);
    out.push_back(lerp(a, b, t) + off * side);
  }
  out.front() = a;
  out.back() = b;
  return out;
}

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

// Links the rural points of one bank inside `tile`: the Gabriel graph of the
// points, less links through towns or too long, then its minimum spanning
// tree plus some of the rest for loops.
void build_rural_roads(Builder& b, RandomStream& rng, const Rect& tile, int bank) {
  std::vector<RuralPoint> points;
  for (const RuralPoint& p : b.rural_points) {
    if (b.river.side(p.p) == bank && tile.contains(p.p)) points.push_back(p);
  }
  const std::size_t n = points.size();
  struct Link {
    double length;
    std::size_t a, c;
  };
  std::vector<Link> links;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (points[i].group == points[j].group) continue;
      const Vec pa = points[i].p, pc = points[j].p;
      const double len = norm(pc - pa);
      if (len > 14000.0 || len < 1.0) continue;
      const Vec m = lerp(pa, pc, 0.5);
      const double r2 = 0.25 * len * len;
      bool empty = true;
      for (std::size_t q = 0; q < n && empty; ++q) {
        if (q != i && q != j && dot(points[q].p - m, points[q].p - m) < r2) empty = false;
      }
      if (!empty) continue;
      bool blocked = false;
      const int samples = static_cast<int>(len / 100.0);
      for (int s = 1; s < samples && !blocked; ++s) {
        const double t = static_cast<double>(s) / samples;
        if (t * len < 150.0 || (1.0 - t) * len < 150.0) continue;
        const Vec p = lerp(pa, pc, t);
        if (b.area_distance(p, false) < 30.0 || b.river.clearance(p) < 60.0 || b.river.side(p) != bank) {
          blocked = true;
        }
      }
      if (!blocked) links.push_back({len, i, j});
    }
  }
  std::sort(links.begin(), links.end(), [](const Link& x, const Link& y) {
    return x.length < y.length || (x.length == y.length && (x.a < y.a || (x.a == y.a && x.c < y.c)));
  });
  UnionFind uf(n);
  for (const Link& l : links) {
    const bool tree = uf.unite(static_cast<std::uint32_t>(l.a), static_cast<std::uint32_t>(l.c));
    const bool take = rng.bernoulli(0.3);  // drawn for every link, so the stream stays aligned
    if (!tree && !take) continue;
    const RuralPoint& pa = points[l.a];
    const RuralPoint& pc = points[l.c];
    const bool county = pa.hub || pc.hub;
    const RoadStyle style = county ? RoadStyle{RoadClass::tertiary, 60.0, true} : RoadStyle{RoadClass::unclassified,
                                                                                            40.0, true};
    auto line = wiggly_line(rng, pa.p, pc.p, b.spacing(county ? 70.0 : 60.0));
    const double len = norm(pc.p - pa.p);
    for (std::size_t s = 1; s + 1 < line.size(); ++s) {
      const double from_end = std::min(norm(line[s] - pa.p), norm(line[s] - pc.p));
      if (b.river.side(line[s]) != bank || b.river.clearance(line[s]) < 40.0 ||
          (from_end > 150.0 && b.area_distance(line[s], false) < 20.0)) {
        line = resample({pa.p, pc.p}, std::min(len, b.spacing(county ? 70.0 : 60.0)));  // checked above
        break;
      }
    }
    std::vector<std::uint32_t> ids{pa.node};
    for (std::size_t s = 1; s + 1 < line.size(); ++s) {
      ids.push_back(b.node(line[s]));
      b.rural_road_nodes.push_back(ids.back());
    }
    ids.push_back(pc.node);
    b.road(ids, style);
  }
}

// Tracks across the grassland from the rural roads, each a wandering line
// that ends at a homestead or on another road.
void build_tracks(Builder& b, RandomStream& rng, const Rect& tile, double total_m) {
  std::vector<std::uint32_t> starts;
  for (std::uint32_t n : b.rural_road_nodes)
    if (tile.contains(b.pts[n])) starts.push_back(n);
  if (starts.empty()) return;
  const double sp = b.spacing(70.0);
  double built = 0.0;
  int attempts = 0;
  while (built < total_m && attempts < 100000) {
    ++attempts;
    const std::uint32_t from = starts[rng.below(starts.size())];
    const int bank = b.river.side(b.pts[from]);
    double heading = rng.uniform(0.0, 2.0 * kPi);
    const double length = rng.uniform(1500.0, 6500.0);
    std::vector<Vec> line{b.pts[from]};
    while (static_cast<double>(line.size() - 1) * sp < length) {
      heading += rng.uniform(-0.3, 0.3);
      const Vec next = line.back() + polar(sp, heading);
      if (!tile.contains(next, 200.0) || b.river.side(next) != bank || b.river.clearance(next) < 120.0 ||
          b.area_distance(next, true) < 60.0) {
        break;
      }
      line.push_back(next);
    }
    if (line.size() < 5) continue;
    std::vector<std::uint32_t> ids{from};
    for (std::size_t s = 1; s < line.size(); ++s) ids.push_back(b.node(line[s]));
    b.road(ids, {RoadClass::track, 20.0, true});
    built += static_cast<double>(line.size() - 1) * sp;
  }
}

// ---------------------------------------------------------------- planarity

// Where two at-grade roads cross, both get a shared node: a rural junction.
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

// ---------------------------------------------------------------- connectivity

// Joins every piece of the road graph to the largest one with a short link
// on the same bank, so that the undirected graph is connected.
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
    for (std::uint32_t n = 0; n < b.pts.size(); ++n) {
      if (used[n] && uf.find(n) == main_root) {
        const auto [cx, cy] = cell_of(b.pts[n]);
        grid[key(cx, cy)].push_back(n);
      }
    }
    // For every other piece, the closest pair (piece node, main node) on one bank.
    std::unordered_map<std::uint32_t, std::pair<double, std::pair<std::uint32_t, std::uint32_t>>> best;
    for (std::uint32_t n = 0; n < b.pts.size(); ++n) {
      if (!used[n]) continue;
      const std::uint32_t root = uf.find(n);
      if (root == main_root) continue;
      const Vec p = b.pts[n];
      const auto [cx, cy] = cell_of(p);
      for (int ring = 0; ring < 40; ++ring) {
        double found = std::numeric_limits<double>::infinity();
        std::uint32_t found_node = 0;
        for (auto x = cx - ring; x <= cx + ring; ++x) {
          for (auto y = cy - ring; y <= cy + ring; ++y) {
            if (std::max(std::abs(x - cx), std::abs(y - cy)) != ring) continue;
            auto it = grid.find(key(x, y));
            if (it == grid.end()) continue;
            for (std::uint32_t m : it->second) {
              if (b.river.side(b.pts[m]) != b.river.side(p) || b.crosses_river(p, b.pts[m])) continue;
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
      std::vector<std::uint32_t> ids{from};
      for (std::size_t s = 1; s + 1 < line.size(); ++s) ids.push_back(b.node(line[s]));
      ids.push_back(to);
      b.road(ids, {RoadClass::track, 20.0});
    }
    if (roots.empty()) return;  // nothing could be joined (should not happen)
  }
}

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

// Makes one-way ways two-way where their direction splits the graph, until it
// is strongly connected (it is connected as an undirected graph already).
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

// ---------------------------------------------------------------- the region


void add_zone(Builder& b, std::string id, std::string name, ZoneType type, std::int64_t population,
              std::vector<Vec> ring) {
  b.zones.push_back({std::move(id), std::move(name), type, population, std::move(ring)});
}

// Round to a multiple of `unit`, at least one unit.
std::int64_t round_people(double x, double unit) {
  return std::max<std::int64_t>(static_cast<std::int64_t>(unit),
                                static_cast<std::int64_t>(std::lround(x / unit)) * static_cast<std::int64_t>(unit));
}

// Grassland zones of a tile: its parts north and south of the river.
void add_grassland(Builder& b, const Rect& t, const std::string& id, const std::string& name, double people_per_km2,
                   RandomStream& rng) {
  const int samples = static_cast<int>((t.x1 - t.x0) / 250.0);
  for (int bank : {1, -1}) {
    std::vector<Vec> ring;
    double area_m2 = 0.0;
    bool any = false;
    std::vector<Vec> edge;
    for (int s = 0; s <= samples; ++s) {
      const double x = t.x0 + (t.x1 - t.x0) * s / samples;
      const double y = std::clamp(b.river.y_at(x), t.y0, t.y1);
      edge.push_back({x, y});
      const double share = bank > 0 ? t.y1 - y : y - t.y0;
      if (share > 1.0) any = true;
      if (s > 0) area_m2 += share * (t.x1 - t.x0) / samples;
    }
    if (!any) continue;
    if (bank > 0) {
      ring.push_back({t.x0, t.y1});
      ring.push_back({t.x1, t.y1});
      for (auto it = edge.rbegin(); it != edge.rend(); ++it) ring.push_back(*it);
    } else {
      ring.push_back({t.x1, t.y0});
      ring.push_back({t.x0, t.y0});
      ring.insert(ring.end(), edge.begin(), edge.end());
    }
    const double people = people_per_km2 * area_m2 / 1e6 * rng.uniform(0.8, 1.2);
    add_zone(b, id + (bank > 0 ? "_north" : "_south"), name + (bank > 0 ? " (north bank)" : " (south bank)"),
             ZoneType::grassland, round_people(people, 10.0), std::move(ring));
  }
}

// Villages scattered over a tile by dart throwing, kept apart from each other,
// from the towns and from the river.
void add_villages(Builder& b, const Rect& tile, int wanted, const std::string& prefix, int& village_counter,
                  RandomStream& rng, const std::vector<std::vector<Vec>>& corridors) {
  std::vector<Vec> placed;
  int made = 0;
  for (int attempt = 0; attempt < 4000 && made < wanted; ++attempt) {
    const Vec c{rng.uniform(tile.x0 + 1200.0, tile.x1 - 1200.0), rng.uniform(tile.y0 + 1200.0, tile.y1 - 1200.0)};
    if (b.river.clearance(c) < 1100.0) continue;
    if (b.area_distance(c, true) < 1500.0) continue;
    bool near_corridor = false;
    for (const auto& line : corridors)
      for (std::size_t i = 0; i + 1 < line.size() && !near_corridor; ++i)
        if (distance_to_segment(c, line[i], line[i + 1]) < 900.0) near_corridor = true;
    if (near_corridor) continue;
    ++village_counter;
    char id[32];
    std::snprintf(id, sizeof id, "%s%03d", prefix.c_str(), village_counter);
    const std::string name = place_name(rng, true) + " Gacha";
    Village v = build_village(b, rng, c, id, name);
    placed.push_back(c);
    std::vector<Vec> ring;
    for (int q = 0; q < 12; ++q) ring.push_back(c + polar(v.radius_m, 2.0 * kPi * q / 12.0 + 0.13));
    b.areas.emplace_back(ring, true);
    add_zone(b, v.id, v.name, ZoneType::village, v.population, ring);
    b.landmarks.push_back({v.id + "_centre", v.name + " centre", LandmarkKind::village_centre, v.id, v.centre_node});
    b.rural_points.push_back({c, v.centre_node, b.next_group++, false});
    ++made;
  }
}

// A rural bridge at x: two abutments joined across the river, each a point of
// the rural network of its bank.
void add_rural_bridge(Builder& b, double x, const std::string& name) {
  const auto north = b.node(b.river.bank_point(x, 1, 45.0));
  const auto south = b.node(b.river.bank_point(x, -1, 45.0));
  b.road({north, south}, {RoadClass::tertiary, 60.0, false, true, name});
  b.rural_points.push_back({b.pts[north], north, b.next_group++, true});
  b.rural_points.push_back({b.pts[south], south, b.next_group++, true});
}

std::vector<Vec> trunk_line(Builder& b, RandomStream& rng, Vec a, Vec c, double bend) {
  const Vec mid = lerp(a, c, 0.5) + (bend * norm(c - a)) * perp(unit(c - a));
  auto line = catmull_rom({a, lerp(a, mid, 0.5) + rng.uniform(-200.0, 200.0) * perp(unit(c - a)), mid,
                           lerp(mid, c, 0.5) + rng.uniform(-200.0, 200.0) * perp(unit(c - a)), c},
                          40);
  return resample(line, b.spacing(100.0));
}

// A trunk road from node a to node c; every ~2.5 km a point the rural roads may join.
void add_trunk(Builder& b, RandomStream& rng, std::uint32_t a, std::uint32_t c, double bend,
               const std::string& bridge_name) {
  const auto line = trunk_line(b, rng, b.pts[a], b.pts[c], bend);
  std::vector<Vec> inner(line.begin() + 1, line.end() - 1);
  std::vector<std::uint32_t> ids{a};
  for (auto n : b.nodes_along(inner, false)) ids.push_back(n);
  ids.push_back(c);
  b.road(ids, {RoadClass::trunk, 80.0, true, true, bridge_name});
  const int group = b.next_group++;
  double since = 0.0;
  for (std::size_t i = 1; i + 1 < ids.size(); ++i) {
    since += norm(b.pts[ids[i]] - b.pts[ids[i - 1]]);
    b.rural_road_nodes.push_back(ids[i]);
    if (since > 2500.0 && b.area_distance(b.pts[ids[i]], false) > 800.0) {
      b.rural_points.push_back({b.pts[ids[i]], ids[i], group, true});
      since = 0.0;
    }
  }
}

// A district of the region: the core, or one added around it. Trunk roads
// link districts through their hub nodes (town and park gates).
struct District {
  Rect tile;
  std::vector<std::uint32_t> hub_nodes;
  Vec hub;
};

// The Ordos-like core: the new town and its south-bank district, the old
// town, the coal-chemical park, the expressway and trunk roads, villages.
District build_core(Builder& b) {
  // Kangbashi-like new town on the north bank, its south-bank district, and three bridges.
  GridTownSpec north{"new_town", -9000.0, -1000.0, -16500.0, -9000.0, 1, -5500.0, -4500.0};
  const GridTown kangbashi = build_grid_town(b, north);
  GridTownSpec south{"new_town_south", -7500.0, -2500.0, -16500.0, -12000.0, -1, 0.0, 0.0, 0.1, 0.05};
  const GridTown kangbashi_south = build_grid_town(b, south);
  const std::array<std::pair<double, const char*>, 3> bridges{
      {{-7000.0, "West Bridge"}, {-5000.0, "Axis Bridge"}, {-3000.0, "East Bridge"}}};
  for (const auto& [x, name] : bridges) {
    const auto in = [&](const GridTown& t) {
      const auto i = static_cast<std::size_t>(std::lround((x - t.x0) / t.step));
      return i < t.riverside.size() ? t.riverside[i] : -1;
    };
    const auto n = in(kangbashi), s = in(kangbashi_south);
    if (n >= 0 && s >= 0) {
      b.road({static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(s)},
             {RoadClass::primary, 60.0, false, true, name});
    }
  }
  b.areas.emplace_back(kangbashi.outline);
  b.areas.emplace_back(kangbashi_south.outline);
  RandomStream people = b.stream("population");
  add_zone(b, "new_town", "Kangbashi New Town", ZoneType::built_up, round_people(people.uniform(120e3, 150e3), 1000),
           kangbashi.outline);
  add_zone(b, "new_town_south", "Kangbashi South Bank", ZoneType::built_up,
           round_people(people.uniform(18e3, 28e3), 1000), kangbashi_south.outline);
  b.landmarks.push_back({"new_town_centre", "Kangbashi civic centre", LandmarkKind::town_centre, "new_town",
                         b.nearest_node(kangbashi.nodes, {-5000.0, -11000.0})});
  b.landmarks.push_back({"new_town_south_centre", "Kangbashi South centre", LandmarkKind::town_centre,
                         "new_town_south", b.nearest_node(kangbashi_south.nodes, {-5000.0, -15300.0})});
  b.landmarks.push_back({"new_town_west", "Kangbashi west district", LandmarkKind::district_centre, "new_town",
                         b.nearest_node(kangbashi.nodes, {-7500.0, -11000.0})});
  b.landmarks.push_back({"new_town_east", "Kangbashi east district", LandmarkKind::district_centre, "new_town",
                         b.nearest_node(kangbashi.nodes, {-2500.0, -11000.0})});

  // Dongsheng-like old town to the north-east.
  const Vec old_centre{4500.0, 8500.0};
  OrganicTownSpec old_spec{"old_town", old_centre, 4200.0, 62.0};
  const OrganicTown dongsheng = build_organic_town(b, old_spec);
  b.areas.emplace_back(dongsheng.outline);
  add_zone(b, "old_town", "Dongsheng Old Town", ZoneType::built_up, round_people(people.uniform(420e3, 520e3), 1000),
           dongsheng.outline);
  b.landmarks.push_back({"old_town_centre", "Dongsheng centre", LandmarkKind::town_centre, "old_town",
                         b.nearest_node(dongsheng.nodes, old_centre)});
  const std::array<std::pair<Vec, const char*>, 4> quarters{{{{-1.0, 1.0}, "north-west"},
                                                             {{1.0, 1.0}, "north-east"},
                                                             {{-1.0, -1.0}, "south-west"},
                                                             {{1.0, -1.0}, "south-east"}}};
  for (const auto& [d, label] : quarters) {
    std::string id = std::string("old_town_") + label;
    std::replace(id.begin(), id.end(), '-', '_');
    b.landmarks.push_back({id, std::string("Dongsheng ") + label + " district", LandmarkKind::district_centre,
                           "old_town", b.nearest_node(dongsheng.nodes, old_centre + 1800.0 * d)});
  }

  // Coal-chemical park south of the river.
  ParkSpec park_spec{"park", {4000.0, -20300.0, 11000.0, -17300.0}, 10, 5};
  const Park park = build_park(b, park_spec);
  b.areas.emplace_back(park.outline);
  add_zone(b, "chem_park", "Coal-chemical Industrial Park", ZoneType::industrial_park,
           round_people(people.uniform(3500, 6000), 100), park.outline);
  b.landmarks.push_back({"chem_park_centre", "Industrial park management centre", LandmarkKind::park_centre,
                         "chem_park", park.centre_node});

  // Gates of the towns onto the rural roads.
  const auto kb_gates = b.add_gates(kangbashi.nodes, 8, 0.2);
  const auto kbs_gates = b.add_gates(kangbashi_south.nodes, 6, 0.3);
  const auto ds_gates = b.add_gates(dongsheng.nodes, 12, 0.1);
  const auto park_gates = b.add_gates(park.nodes, 6, 0.4);
  for (std::size_t g = 0; g < park_gates.size(); ++g) {
    b.landmarks.push_back({"chem_park_gate_" + std::to_string(g + 1), "Industrial park gate " + std::to_string(g + 1),
                           LandmarkKind::park_gate, "chem_park", park_gates[g]});
  }

  // Expressway: park - Kangbashi - Dongsheng, with three interchanges.
  RandomStream roads = b.stream("trunk_roads");
  const std::vector<Vec> ctrl{{2600.0, -18800.0}, {1700.0, -16000.0}, {700.0, -12500.0}, {500.0, -10500.0},
                              {-300.0, -4000.0},  {-1500.0, 3000.0},  {-2200.0, 8000.0}};
  const auto motorway = resample(catmull_rom(ctrl, 60), b.spacing(400.0));
  const auto mw_nodes = b.nodes_along(motorway);
  b.road(mw_nodes, {RoadClass::motorway, 120.0, false, true, "Expressway Bridge"});
  struct Interchange {
    Vec at;
    const std::vector<std::uint32_t>* town;
    const char* id;
    const char* name;
    const char* zone;
  };
  const std::array<Interchange, 3> interchanges{
      {{ctrl.front(), &park.nodes, "interchange_park", "Industrial park interchange", "grassland_core_south"},
       {{500.0, -10500.0}, &kangbashi.nodes, "interchange_new_town", "Kangbashi interchange", "grassland_core_north"},
       {ctrl.back(), &dongsheng.nodes, "interchange_old_town", "Dongsheng interchange", "grassland_core_north"}}};
  for (const Interchange& ic : interchanges) {
    const auto on_motorway = b.nearest_node(mw_nodes, ic.at);
    const auto in_town = b.nearest_node(*ic.town, b.pts[on_motorway]);
    const auto line = resample({b.pts[on_motorway], b.pts[in_town]}, b.spacing(150.0));
    std::vector<std::uint32_t> ids{on_motorway};
    for (std::size_t s = 1; s + 1 < line.size(); ++s) ids.push_back(b.node(line[s]));
    ids.push_back(in_town);
    b.road(ids, {RoadClass::motorway, 60.0});
    b.landmarks.push_back({ic.id, ic.name, LandmarkKind::interchange, ic.zone, on_motorway});
  }
  std::vector<Vec> corridor;
  for (auto n : mw_nodes) corridor.push_back(b.pts[n]);

  // Trunk roads: new town to old town, and old town over the Park Bridge to the park.
  add_trunk(b, roads, b.extreme_node(kb_gates, unit(old_centre - Vec{-5000.0, -11000.0})),
            b.extreme_node(ds_gates, unit(Vec{-5000.0, -11000.0} - old_centre)), 0.04, "");
  add_trunk(b, roads, b.extreme_node(ds_gates, unit(Vec{1.0, -1.6})), b.extreme_node(park_gates, {0.2, 1.0}), -0.05,
            "Park Bridge");
  add_rural_bridge(b, -12500.0, "Hantai Bridge");

  // Villages, rural roads and tracks.
  const Rect tile{-15000.0, kCoreSouthM, 15000.0, kCoreSouthM + kTileHeightM};
  RandomStream villages = b.stream("villages/core");
  int counter = 0;
  add_villages(b, tile, 52, "village_", counter, villages, {corridor});
  RandomStream rural = b.stream("rural_roads/core");
  build_rural_roads(b, rural, tile, 1);
  build_rural_roads(b, rural, tile, -1);
  RandomStream tracks = b.stream("tracks/core");
  build_tracks(b, tracks, tile, 500000.0 / b.detail_);
  RandomStream grass = b.stream("grassland/core");
  add_grassland(b, tile, "grassland_core", "Ejin Horo grassland", 2.5, grass);

  District core{tile, {}, {0.0, -2000.0}};
  for (const auto* gates : {&kb_gates, &kbs_gates, &ds_gates, &park_gates})
    core.hub_nodes.insert(core.hub_nodes.end(), gates->begin(), gates->end());
  return core;
}

// One district added around the core: a banner town, maybe a park, villages,
// rural roads and tracks, and trunk roads to the districts next to it.

District build_district(Builder& b, const Rect& tile, int number, const std::vector<District>& neighbours) {
  const std::string tag = "d" + std::to_string(number);
  RandomStream rng = b.stream("district/" + tag);
  District d{tile, {}, {}};
  // A town somewhere in the middle, clear of the river.
  Vec centre{};
  double radius = rng.uniform(1500.0, 2600.0);
  for (int attempt = 0; attempt < 200; ++attempt) {
    centre = {rng.uniform(tile.x0 + 6000.0, tile.x1 - 6000.0), rng.uniform(tile.y0 + 7000.0, tile.y1 - 7000.0)};
    if (b.river.clearance(centre) > 2.0 * radius + 1500.0) break;
  }
  std::string town_name = place_name(rng, false);
  for (int attempt = 0; attempt < 20 && b.town_names.count(town_name); ++attempt) town_name = place_name(rng, false);
  if (b.town_names.count(town_name)) town_name += " " + std::to_string(number);
  b.town_names.insert(town_name);
  const std::string town_id = tag + "_town";
  std::vector<std::uint32_t> town_nodes;
  std::vector<Vec> outline;
  if (rng.bernoulli(0.5)) {
    const OrganicTown t = build_organic_town(b, {tag + "/town", centre, radius, 85.0});
    town_nodes = t.nodes;
    outline = t.outline;
  } else {
    const double half = radius * 0.9;
    GridTownSpec spec{tag + "/town", centre.x - half, centre.x + half, centre.y - half, centre.y + half,
                      b.river.side(centre), 0.0, 0.0, 0.15, 0.08, false};
    // align to 500 m so arterials meet neatly
    spec.x0 = std::floor(spec.x0 / 500.0) * 500.0;
    spec.y0 = std::floor(spec.y0 / 500.0) * 500.0;
    spec.x1 = spec.x0 + 500.0 * std::round((2 * half) / 500.0);
    spec.y1 = spec.y0 + 500.0 * std::round((2 * half) / 500.0);
    const GridTown t = build_grid_town(b, spec);
    town_nodes = t.nodes;
    outline = t.outline;
  }
  if (town_nodes.empty()) return d;
  b.areas.emplace_back(outline);
  add_zone(b, town_id, town_name + " Town", ZoneType::built_up,
           round_people(rng.uniform(25e3, 90e3) * (radius / 2000.0), 1000), outline);
  b.landmarks.push_back({town_id + "_centre", town_name + " centre", LandmarkKind::town_centre, town_id,
                         b.nearest_node(town_nodes, centre)});
  d.hub_nodes = b.add_gates(town_nodes, 8, rng.uniform(0.0, 1.0));
  d.hub = centre;

  // A park on some districts.
  if (rng.bernoulli(0.4)) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      const Vec lo{rng.uniform(tile.x0 + 2000.0, tile.x1 - 7000.0), rng.uniform(tile.y0 + 2000.0, tile.y1 - 5000.0)};
      const Rect r{lo.x, lo.y, lo.x + 4000.0, lo.y + 2400.0};
      bool ok = true;
      for (Vec corner : {Vec{r.x0, r.y0}, Vec{r.x1, r.y0}, Vec{r.x0, r.y1}, Vec{r.x1, r.y1},
                         Vec{0.5 * (r.x0 + r.x1), 0.5 * (r.y0 + r.y1)}}) {
        if (b.river.clearance(corner) < 800.0 || b.river.side(corner) != b.river.side({r.x0, r.y0}) ||
            b.area_distance(corner, true) < 1500.0) {
          ok = false;
        }
      }
      if (!ok) continue;
      const Park park = build_park(b, {tag + "/park", r, 6, 4});
      b.areas.emplace_back(park.outline);
      const std::string park_id = tag + "_park";
      add_zone(b, park_id, town_name + " Industrial Park", ZoneType::industrial_park,
               round_people(rng.uniform(1500, 4000), 100), park.outline);
      b.landmarks.push_back({park_id + "_centre", town_name + " park centre", LandmarkKind::park_centre,
                             park_id, park.centre_node});
      const auto gates = b.add_gates(park.nodes, 4, 0.3);
      for (std::size_t g = 0; g < gates.size(); ++g) {
        b.landmarks.push_back({park_id + "_gate_" + std::to_string(g + 1),
                               town_name + " park gate " + std::to_string(g + 1), LandmarkKind::park_gate,
                               park_id, gates[g]});
      }
      break;
    }
  }

  // Trunk roads to the districts next to this one.
  for (const District& n : neighbours) {
    if (n.hub_nodes.empty()) continue;
    const auto from = b.extreme_node(d.hub_nodes, unit(n.hub - d.hub));
    const auto to = b.extreme_node(n.hub_nodes, unit(d.hub - n.hub));
    add_trunk(b, rng, from, to, rng.uniform(-0.04, 0.04), town_name + " Bridge");
  }
  // A rural bridge where the river runs through the district.
  const double bx = rng.uniform(tile.x0 + 3000.0, tile.x1 - 3000.0);
  const double by = b.river.y_at(bx);
  if (by > tile.y0 + 1000.0 && by < tile.y1 - 1000.0 && b.area_distance({bx, by}, true) > 1000.0) {
    add_rural_bridge(b, bx, town_name + " Rural Bridge");
  }

  int counter = 0;
  add_villages(b, tile, 30, tag + "_village_", counter, rng, {});
  build_rural_roads(b, rng, tile, 1);
  build_rural_roads(b, rng, tile, -1);
  build_tracks(b, rng, tile, 300000.0 / b.detail_);
  add_grassland(b, tile, tag + "_grassland", town_name + " grassland", 3.0, rng);
  return d;
}

// Tiles around the core, ring by ring, each ring clockwise from the west.
std::vector<std::pair<int, int>> district_order(int rings) {
  std::vector<std::pair<int, int>> out;
  for (int r = 1; r <= rings; ++r) {
    for (int j = -r; j <= r; ++j) out.emplace_back(-r, j);
    for (int i = -r + 1; i <= r; ++i) out.emplace_back(i, r);
    for (int j = r - 1; j >= -r; --j) out.emplace_back(r, j);
    for (int i = r - 1; i > -r; --i) out.emplace_back(i, -r);
  }
  return out;
}

}  // namespace

std::string_view landmark_kind_name(LandmarkKind k) {
  switch (k) {
    case LandmarkKind::town_centre: return "town_centre";
    case LandmarkKind::district_centre: return "district_centre";
    case LandmarkKind::park_centre: return "park_centre";
    case LandmarkKind::park_gate: return "park_gate";
    case LandmarkKind::village_centre: return "village_centre";
    case LandmarkKind::interchange: return "interchange";
  }
  return "other";
}

SyntheticRegion generate_synthetic_region(const SyntheticRegionOptions& options) {
  if (options.target_nodes < SyntheticRegionOptions::kMinNodes ||
      options.target_nodes > SyntheticRegionOptions::kMaxNodes) {
    throw InputError("", 0, "target_nodes",
                     "a node count from " + std::to_string(SyntheticRegionOptions::kMinNodes) + " to " +
                         std::to_string(SyntheticRegionOptions::kMaxNodes),
                     std::to_string(options.target_nodes));
  }
  const double wanted = static_cast<double>(options.target_nodes);
  // Node counts of the core go roughly as detail^-1.8.
  const double detail =
      wanted <= kLargestCoreNodes ? std::clamp(std::pow(kCoreNodes / wanted, 0.55), 0.7, 2.2) : 1.0;
  Builder b(options.seed, detail);
  {
    RandomStream rng = b.stream("river");
    for (double& ph : b.river.phase) ph = rng.uniform(0.0, 2.0 * kPi);
    b.river.y_at_origin += rng.uniform(-300.0, 300.0);
  }
  const District core_district = build_core(b);

  // Districts around the core until the node count is reached.
  std::vector<District> districts;
  std::vector<std::pair<std::pair<int, int>, District>> built{{{0, 0}, core_district}};
  const auto order = district_order(40);
  int number = 0;
  double district_nodes = 9000.0;  // typical, until one is built
  for (const auto& cell : order) {
    // add a district only when that brings the count closer to the target
    if (wanted - static_cast<double>(b.pts.size()) < 0.5 * district_nodes) break;
    const std::size_t before = b.pts.size();
    const Rect tile{-15000.0 + cell.first * kTileWidthM, kCoreSouthM + cell.second * kTileHeightM,
                    15000.0 + cell.first * kTileWidthM, kCoreSouthM + (cell.second + 1) * kTileHeightM};
    std::vector<District> neighbours;
    for (const auto& [where, district] : built) {
      const int di = std::abs(where.first - cell.first), dj = std::abs(where.second - cell.second);
      if (di + dj == 1) neighbours.push_back(district);
    }
    ++number;
    District d = build_district(b, tile, number, neighbours);
    district_nodes = static_cast<double>(b.pts.size() - before);
    built.push_back({cell, d});
  }

  join_crossings(b);
  connect_pieces(b);

  // Compact numbering: used nodes in creation order, ids from 1.
  constexpr std::uint32_t kUnused = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> compact(b.pts.size(), kUnused);
  {
    std::vector<char> used(b.pts.size(), 0);
    for (const Way& w : b.ways)
      for (auto n : w.nodes) used[n] = 1;
    std::uint32_t next = 0;
    for (std::size_t n = 0; n < b.pts.size(); ++n)
      if (used[n]) compact[n] = next++;
  }
  repair_one_ways(b, compact);

  SyntheticRegion region;
  region.options = options;
  const Frame frame;
  RawNetwork& net = region.network;
  net.source = "synthetic(seed=" + std::to_string(options.seed) + ")";
  std::vector<LonLat> where(b.pts.size());
  for (std::size_t n = 0; n < b.pts.size(); ++n) {
    if (compact[n] == kUnused) continue;
    where[n] = frame.to_lon_lat(b.pts[n]);
    net.nodes.push_back({static_cast<std::int64_t>(compact[n]) + 1, where[n].lon, where[n].lat});
  }
  auto external = [&](std::uint32_t n) { return static_cast<std::int64_t>(compact[n]) + 1; };
  std::int64_t way_id = 0;
  for (const Way& w : b.ways) {
    ++way_id;
    for (std::size_t i = 0; i + 1 < w.nodes.size(); ++i) {
      const auto u = w.nodes[i], v = w.nodes[i + 1];
      if (u == v) continue;
      const double length_m = std::max(0.01, std::round(haversine_m(where[u], where[v]) * 100.0) / 100.0);
      const double speed_mps = w.speed_kph / 3.6;
      net.edges.push_back({external(u), external(v), length_m, speed_mps, w.road_class, way_id});
      if (!w.oneway) net.edges.push_back({external(v), external(u), length_m, speed_mps, w.road_class, way_id});
    }
    if (w.bridge) {
      const int north_first = b.river.side(b.pts[w.nodes.front()]) > 0;
      const auto north = north_first ? w.nodes.front() : w.nodes.back();
      const auto south = north_first ? w.nodes.back() : w.nodes.front();
      Bridge br;
      br.id = "bridge_" + std::to_string(region.bridges.size() + 1);
      br.name = w.name;
      br.way_id = way_id;
      br.north_node = external(north);
      br.south_node = external(south);
      br.road_class = w.road_class;
      br.midpoint = frame.to_lon_lat(lerp(b.pts[north], b.pts[south], 0.5));
      br.length_m = std::round(haversine_m(where[north], where[south]) * 100.0) / 100.0;
      region.bridges.push_back(br);
    }
  }

  region.river.name = "Wulanmulun River";
  region.river.width_m = b.river.width_m;
  {
    double x_min = std::numeric_limits<double>::infinity(), x_max = -x_min;
    for (std::size_t n = 0; n < b.pts.size(); ++n) {
      if (compact[n] == kUnused) continue;
      x_min = std::min(x_min, b.pts[n].x);
      x_max = std::max(x_max, b.pts[n].x);
    }
    for (const ZoneDraft& z : b.zones)
      for (Vec p : z.ring) {
        x_min = std::min(x_min, p.x);
        x_max = std::max(x_max, p.x);
      }
    const int samples = static_cast<int>(std::ceil((x_max - x_min) / 100.0));
    for (int s = 0; s <= samples; ++s) {
      const double x = x_min + (x_max - x_min) * s / samples;
      region.river.centreline.push_back(frame.to_lon_lat({x, b.river.y_at(x)}));
    }
  }

  // Specific zones first, grassland last, so that the first zone containing a point is the right one.
  std::stable_partition(b.zones.begin(), b.zones.end(),
                        [](const ZoneDraft& z) { return z.type != ZoneType::grassland; });
  for (const ZoneDraft& z : b.zones) {
    Zone zone{z.id, z.name, z.type, z.population, {}};
    for (Vec p : z.ring) zone.polygon.push_back(frame.to_lon_lat(p));
    region.zones.push_back(std::move(zone));
  }
  // Each landmark is given the zone it really lies in (gates may sit just outside their town).
  std::vector<std::pair<LonLat, LonLat>> boxes;
  for (const Zone& z : region.zones) {
    LonLat lo = z.polygon.front(), hi = lo;
    for (LonLat p : z.polygon) {
      lo = {std::min(lo.lon, p.lon), std::min(lo.lat, p.lat)};
      hi = {std::max(hi.lon, p.lon), std::max(hi.lat, p.lat)};
    }
    boxes.emplace_back(lo, hi);
  }
  for (const LandmarkDraft& l : b.landmarks) {
    if (compact[l.node] == kUnused) continue;
    Landmark lm{l.id, l.name, l.kind, l.zone_id, where[l.node], external(l.node)};
    for (std::size_t z = 0; z < region.zones.size(); ++z) {
      const auto& [lo, hi] = boxes[z];
      if (lm.position.lon < lo.lon || lm.position.lon > hi.lon || lm.position.lat < lo.lat || lm.position.lat > hi.lat)
        continue;
      if (zone_contains(region.zones[z], lm.position)) {
        lm.zone_id = region.zones[z].id;
        break;
      }
    }
    region.landmarks.push_back(std::move(lm));
  }
  return region;
}

}  // namespace dsim
