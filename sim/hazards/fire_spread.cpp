// SPDX-License-Identifier: MIT
// Minimum-travel-time fire spread on a stencil of neighbours, as a Dijkstra
// search with a lazy-deletion heap (docs/models.md, "Wildfire: spread over
// the landscape").
#include "sim/hazards/fire_spread.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace dsim {

namespace {

constexpr const char* kWhere = "fire spread";

enum : std::uint8_t {
  kHeld = 1,       // fireline: never entered again
  kBarrier = 2,    // road, river or firebreak: entered only when breached
  kMaybeBare = 4,  // head rate 0 in some field: check the field in force
  kSettled = 8,    // burned: its arrival time is final (kept here to read one byte, not eight)
};

// One move of the stencil: the offset, its length in cells, its unit
// direction (east, north), the cells it passes through on the way and, when
// it runs exactly through a corner of four cells, the two cells beside that
// corner (the move is blocked there only when both are).
struct Move {
  int dc = 0, dr = 0;
  double length_cells = 0.0;
  double east = 0.0, north = 0.0;
  std::vector<std::pair<int, int>> crossed;  // (dc, dr) of each intermediate cell
  bool corner = false;
  std::pair<int, int> side_a{}, side_b{};
};

// Does the segment from (0,0) to (dc,dr) pass through the open interior of
// the cell centred on (i,j)? Cells are unit squares centred on integer points.
bool crosses(int dc, int dr, int i, int j) {
  double lo = 0.0, hi = 1.0;
  const auto clip = [&](int d, int c) {
    if (d == 0) {
      if (std::abs(c) * 2 >= 1) hi = -1.0;  // |0 - c| < 0.5 only for c == 0
      return;
    }
    double a = (c - 0.5) / d, b = (c + 0.5) / d;
    if (a > b) std::swap(a, b);
    lo = std::max(lo, a);
    hi = std::min(hi, b);
  };
  clip(dc, i);
  clip(dr, j);
  return lo < hi;
}

std::vector<Move> make_stencil(int neighbours) {
  const int reach = neighbours == 8 ? 1 : neighbours == 16 ? 2 : 3;
  std::vector<Move> moves;
  for (int dr = -reach; dr <= reach; ++dr) {
    for (int dc = -reach; dc <= reach; ++dc) {
      if ((dc == 0 && dr == 0) || std::gcd(std::abs(dc), std::abs(dr)) != 1) continue;
      Move m;
      m.dc = dc;
      m.dr = dr;
      m.length_cells = std::hypot(double(dc), double(dr));
      m.east = dc / m.length_cells;
      m.north = dr / m.length_cells;
      for (int j = std::min(0, dr); j <= std::max(0, dr); ++j) {
        for (int i = std::min(0, dc); i <= std::max(0, dc); ++i) {
          if ((i == 0 && j == 0) || (i == dc && j == dr)) continue;
          if (crosses(dc, dr, i, j)) m.crossed.emplace_back(i, j);
        }
      }
      // Both odd: the segment passes the corner at its middle (dc/2, dr/2).
      if ((dc % 2 != 0) && (dr % 2 != 0)) {
        const int sx = dc > 0 ? 1 : -1, sy = dr > 0 ? 1 : -1;
        m.corner = true;
        m.side_a = {(dc + sx) / 2, (dr - sy) / 2};
        m.side_b = {(dc - sx) / 2, (dr + sy) / 2};
      }
      moves.push_back(std::move(m));
    }
  }
  return moves;
}

struct HeapEntry {
  double time_s;
  std::uint32_t cell;
  bool operator<(const HeapEntry& o) const { return time_s < o.time_s || (time_s == o.time_s && cell < o.cell); }
};

// A 4-ary min-heap; ties pop by cell index so the order is deterministic.
class MinHeap {
 public:
  bool empty() const { return h_.empty(); }
  const HeapEntry& top() const { return h_.front(); }
  void clear() { h_.clear(); }
  void push(HeapEntry e) {
    std::size_t i = h_.size();
    h_.push_back(e);
    while (i > 0) {
      const std::size_t p = (i - 1) / 4;
      if (!(e < h_[p])) break;
      h_[i] = h_[p];
      i = p;
    }
    h_[i] = e;
  }
  void pop() {
    const HeapEntry last = h_.back();
    h_.pop_back();
    const std::size_t n = h_.size();
    if (n == 0) return;
    std::size_t i = 0;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      std::size_t best = c;
      const std::size_t end = std::min(c + 4, n);
      for (std::size_t k = c + 1; k < end; ++k)
        if (h_[k] < h_[best]) best = k;
      if (!(h_[best] < last)) break;
      h_[i] = h_[best];
      i = best;
    }
    h_[i] = last;
  }

 private:
  std::vector<HeapEntry> h_;
};

void check_landscape(const SpreadLandscape& l, const FireSpreadOptions& o) {
  const std::size_t n = l.rows * l.cols;
  if (l.rows == 0 || l.cols == 0) throw InputError(kWhere, 0, "rows, cols", "a raster of at least one cell");
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw InputError(kWhere, 0, "rows, cols", "fewer than 2^32 cells", std::to_string(n));
  if (!(l.cell_size_m > 0.0) || !std::isfinite(l.cell_size_m))
    throw InputError(kWhere, 0, "cell_size_m", "a positive cell size", std::to_string(l.cell_size_m));
  if (o.stencil != 8 && o.stencil != 16 && o.stencil != 32)
    throw InputError(kWhere, 0, "stencil", "8, 16 or 32", std::to_string(o.stencil));
  if (l.fields.empty() || l.fields.size() != l.times_s.size())
    throw InputError(kWhere, 0, "fields", "one field per time, at least one",
                     std::to_string(l.fields.size()) + " fields, " + std::to_string(l.times_s.size()) + " times");
  for (std::size_t i = 0; i < l.times_s.size(); ++i) {
    if (!std::isfinite(l.times_s[i]) || (i > 0 && !(l.times_s[i] > l.times_s[i - 1])))
      throw InputError(kWhere, 0, "times_s[" + std::to_string(i) + "]", "finite times in increasing order",
                       std::to_string(l.times_s[i]));
  }
  for (std::size_t f = 0; f < l.fields.size(); ++f) {
    const SpreadField& fd = l.fields[f];
    const std::string key = "fields[" + std::to_string(f) + "]";
    if (fd.head_mps.size() != n || fd.lb.size() != n || fd.heading_rad.size() != n ||
        (!fd.intensity_kw_m.empty() && fd.intensity_kw_m.size() != n))
      throw InputError(kWhere, 0, key, "head_mps, lb, heading_rad (and intensity_kw_m if given) of rows x cols values");
    for (std::size_t c = 0; c < n; ++c) {
      if (!(fd.head_mps[c] >= 0.0f) || !std::isfinite(fd.head_mps[c]))
        throw InputError(kWhere, 0, key + ".head_mps[" + std::to_string(c) + "]", "a finite rate >= 0",
                         std::to_string(fd.head_mps[c]));
      if (!(fd.lb[c] >= 1.0f) || !std::isfinite(fd.lb[c]))
        throw InputError(kWhere, 0, key + ".lb[" + std::to_string(c) + "]", "a length-to-breadth ratio >= 1",
                         std::to_string(fd.lb[c]));
    }
  }
  const std::size_t draws = o.breach_u.empty() ? l.breach_u.size() : o.breach_u.size();
  if ((!l.barrier_width_m.empty() && l.barrier_width_m.size() != n) || (!l.barrier_width_m.empty() && draws != n) ||
      (l.barrier_width_m.empty() && !l.breach_u.empty()))
    throw InputError(kWhere, 0, "barrier_width_m, breach_u", "both empty or both rows x cols values");
}

}  // namespace

struct FireSpread::Impl {
  const SpreadLandscape* land;
  FireSpreadOptions opts;
  std::vector<Move> moves;
  std::vector<std::ptrdiff_t> move_offset;  // linear index offset of each move
  std::vector<std::uint8_t> mask;
  std::vector<double> best;     // tentative arrival
  std::vector<double> arrival;  // settled arrival; kNever otherwise
  MinHeap heap;
  double now = -std::numeric_limits<double>::infinity();
  std::size_t burned = 0;

  std::size_t n() const { return land->rows * land->cols; }

  std::size_t field_at(double t) const {
    const auto& ts = land->times_s;
    const auto it = std::upper_bound(ts.begin(), ts.end(), t);
    return it == ts.begin() ? 0 : std::size_t(it - ts.begin()) - 1;
  }

  // May the fire, coming from a source of intensity `intensity` under field
  // `f`, pass through (or, `enter`, burn in) this cell?
  bool open(std::size_t cell, const SpreadField& f, double intensity, bool enter) const {
    const std::uint8_t m = mask[cell];
    if (m & kHeld) return false;
    if (enter && (m & kSettled)) return false;
    if (m & kBarrier) {
      if (!opts.breach_probability) return false;
      const double p = opts.breach_probability(intensity, land->barrier_width_m[cell]);
      const float u = opts.breach_u.empty() ? land->breach_u[cell] : opts.breach_u[cell];
      if (!(double(u) < p)) return false;
      if (!enter) return true;  // a breached barrier is passed over whatever its fuel
    }
    return f.head_mps[cell] > 0.0f;
  }

  std::ptrdiff_t at(std::size_t cell, std::pair<int, int> d) const {
    return std::ptrdiff_t(cell) + std::ptrdiff_t(d.second) * std::ptrdiff_t(land->cols) + d.first;
  }

  // Is the move from `cell` blocked (destination inside the raster assumed)?
  bool move_open(std::size_t cell, const Move& mv, std::size_t dest, const SpreadField& f, double intensity) const {
    constexpr std::uint8_t kBlocks = kHeld | kBarrier | kMaybeBare;
    std::uint8_t any = mask[dest] & kBlocks;
    for (const auto& d : mv.crossed) any |= mask[std::size_t(at(cell, d))] & kBlocks;
    std::uint8_t sa = 0, sb = 0;
    if (mv.corner) {
      sa = mask[std::size_t(at(cell, mv.side_a))] & kBlocks;
      sb = mask[std::size_t(at(cell, mv.side_b))] & kBlocks;
    }
    if (any == 0 && (sa == 0 || sb == 0)) return true;  // fast path: nothing in the way
    if (!open(dest, f, intensity, true)) return false;
    for (const auto& d : mv.crossed)
      if (!open(std::size_t(at(cell, d)), f, intensity, false)) return false;
    if (mv.corner && (sa | sb) != 0) {
      const bool a = open(std::size_t(at(cell, mv.side_a)), f, intensity, false);
      const bool b = open(std::size_t(at(cell, mv.side_b)), f, intensity, false);
      if (!a && !b) return false;
    }
    return true;
  }

  bool inside(std::size_t cell, const Move& mv, std::size_t& dest) const {
    const std::ptrdiff_t r = std::ptrdiff_t(cell / land->cols) + mv.dr;
    const std::ptrdiff_t c = std::ptrdiff_t(cell % land->cols) + mv.dc;
    if (r < 0 || c < 0 || r >= std::ptrdiff_t(land->rows) || c >= std::ptrdiff_t(land->cols)) return false;
    dest = std::size_t(r) * land->cols + std::size_t(c);
    return true;
  }

  void expand(std::size_t cell, double t) {
    const SpreadField& f = land->fields[field_at(t)];
    const double head = f.head_mps[cell];
    if (!(head > 0.0)) return;
    const double lb = f.lb[cell];
    const double inv_lb2 = 1.0 / (lb * lb);
    const double e = std::sqrt(1.0 - inv_lb2);
    const double one_minus_e = inv_lb2 / (1.0 + e);  // 1 - e without cancellation
    const double scale = land->cell_size_m / (head * one_minus_e);
    const double hs = std::sin(double(f.heading_rad[cell])), hc = std::cos(double(f.heading_rad[cell]));
    const double intensity = f.intensity_kw_m.empty() ? 0.0 : double(f.intensity_kw_m[cell]);
    const std::size_t cols = land->cols;
    const std::size_t r = cell / cols, c = cell % cols;
    const bool interior = r >= 3 && c >= 3 && r + 3 < land->rows && c + 3 < cols;
    for (std::size_t k = 0; k < moves.size(); ++k) {
      const Move& mv = moves[k];
      std::size_t dest;
      if (interior) {
        dest = std::size_t(std::ptrdiff_t(cell) + move_offset[k]);
      } else if (!inside(cell, mv, dest)) {
        continue;
      }
      if (mask[dest] & kSettled) continue;
      // d / R(theta), R = head (1 - e) / (1 - e cos theta)
      const double cos_theta = mv.east * hs + mv.north * hc;
      const double ta = t + mv.length_cells * scale * (1.0 - e * cos_theta);
      if (!(ta < best[dest])) continue;
      if (!move_open(cell, mv, dest, f, intensity)) continue;
      best[dest] = ta;
      heap.push({ta, std::uint32_t(dest)});
    }
  }

  void advance(double until) {
    while (!heap.empty() && heap.top().time_s <= until) {
      const HeapEntry e = heap.top();
      heap.pop();
      if ((mask[e.cell] & (kSettled | kHeld)) || e.time_s > best[e.cell]) continue;
      arrival[e.cell] = e.time_s;
      mask[e.cell] |= kSettled;
      ++burned;
      expand(e.cell, e.time_s);
    }
  }
};

FireSpread::FireSpread(const SpreadLandscape& landscape, const FireSpreadOptions& options)
    : impl_(std::make_unique<Impl>()) {
  check_landscape(landscape, options);
  Impl& s = *impl_;
  s.land = &landscape;
  s.opts = options;
  s.moves = make_stencil(options.stencil);
  for (const Move& m : s.moves)
    s.move_offset.push_back(std::ptrdiff_t(m.dr) * std::ptrdiff_t(landscape.cols) + m.dc);
  const std::size_t n = s.n();
  s.mask.assign(n, 0);
  for (const SpreadField& f : landscape.fields)
    for (std::size_t c = 0; c < n; ++c)
      if (f.head_mps[c] <= 0.0f) s.mask[c] |= kMaybeBare;
  for (std::size_t c = 0; c < landscape.barrier_width_m.size(); ++c)
    if (landscape.barrier_width_m[c] > 0.0f) s.mask[c] |= kBarrier;
  s.best.assign(n, kNever);
  s.arrival.assign(n, kNever);
}

FireSpread::~FireSpread() = default;
FireSpread::FireSpread(FireSpread&&) noexcept = default;
FireSpread& FireSpread::operator=(FireSpread&&) noexcept = default;

void FireSpread::ignite(std::size_t cell, double time_s) {
  Impl& s = *impl_;
  if (cell >= s.n())
    throw InputError(kWhere, 0, "ignition cell", "a cell index below " + std::to_string(s.n()), std::to_string(cell));
  if (!std::isfinite(time_s) || time_s < s.now)
    throw InputError(kWhere, 0, "ignition time", "a finite time not before the spread's clock",
                     std::to_string(time_s));
  if ((s.mask[cell] & kHeld) || s.arrival[cell] != kNever || !(time_s < s.best[cell])) return;
  s.best[cell] = time_s;
  s.heap.push({time_s, std::uint32_t(cell)});
}

void FireSpread::advance_to(double time_s) {
  Impl& s = *impl_;
  if (std::isnan(time_s) || time_s < s.now)
    throw InputError(kWhere, 0, "advance_to", "a time not before the spread's clock", std::to_string(time_s));
  s.advance(time_s);
  s.now = time_s;
}

double FireSpread::now_s() const { return impl_->now; }

void FireSpread::hold(std::size_t cell) {
  Impl& s = *impl_;
  if (cell >= s.n()) throw InputError(kWhere, 0, "held cell", "a cell index below " + std::to_string(s.n()));
  s.mask[cell] |= kHeld;
  if (s.arrival[cell] == kNever) s.best[cell] = kNever;  // its heap entries are skipped when popped
}

bool FireSpread::held(std::size_t cell) const { return cell < impl_->n() && (impl_->mask[cell] & kHeld); }

const std::vector<double>& FireSpread::arrival_s() const { return impl_->arrival; }

std::vector<std::size_t> FireSpread::active_edge() const {
  const Impl& s = *impl_;
  std::vector<std::size_t> edge;
  for (std::size_t cell = 0; cell < s.n(); ++cell) {
    const double t = s.arrival[cell];
    if (t == kNever) continue;
    const SpreadField& f = s.land->fields[s.field_at(t)];
    if (!(f.head_mps[cell] > 0.0f)) continue;
    const double intensity = f.intensity_kw_m.empty() ? 0.0 : double(f.intensity_kw_m[cell]);
    for (const Move& mv : s.moves) {
      std::size_t dest;
      if (!s.inside(cell, mv, dest) || s.arrival[dest] != kNever) continue;
      if (s.move_open(cell, mv, dest, f, intensity)) {
        edge.push_back(cell);
        break;
      }
    }
  }
  return edge;
}

double FireSpread::burned_area_m2() const {
  return double(impl_->burned) * impl_->land->cell_size_m * impl_->land->cell_size_m;
}

std::vector<double> spread_fire(const SpreadLandscape& landscape, std::span<const std::size_t> ignitions,
                                std::span<const double> ignition_times_s, double end_s,
                                const FireSpreadOptions& options) {
  if (ignitions.size() != ignition_times_s.size())
    throw InputError(kWhere, 0, "ignition_times_s", "one time per ignition cell",
                     std::to_string(ignition_times_s.size()) + " times for " + std::to_string(ignitions.size()) +
                         " cells");
  FireSpread fire(landscape, options);
  for (std::size_t i = 0; i < ignitions.size(); ++i) fire.ignite(ignitions[i], ignition_times_s[i]);
  fire.advance_to(end_s);
  return fire.arrival_s();
}

}  // namespace dsim
