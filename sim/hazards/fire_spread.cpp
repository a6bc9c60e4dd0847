// SPDX-License-Identifier: MIT
// Minimum-travel-time fire spread on a stencil of neighbours, as a Dijkstra
// search with a lazy-deletion heap (docs/models.md, "Wildfire: spread over
// the landscape").
#include "sim/hazards/fire_spread.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
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

// Neighbours 8, 16, 32, 48, 80: all offsets in distinct directions up to
// 1, 2, 3, 4, 5 cells away along each axis.
int stencil_reach(int neighbours) {
  switch (neighbours) {
    case 8: return 1;
    case 16: return 2;
    case 32: return 3;
    case 48: return 4;
    case 80: return 5;
    default: return 0;
  }
}

std::vector<Move> make_stencil(int neighbours) {
  const int reach = stencil_reach(neighbours);
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
};

// A monotone priority queue (a radix heap, Ahuja, Mehlhorn, Orlin and Tarjan
// 1990): Dijkstra's search never pushes a time earlier than the last one
// popped, so entries are kept in buckets by the highest bit in which their
// time differs from that last one, and only the lowest non-empty bucket is
// ever sorted out. Pushes are O(1); each entry moves down at most 64
// buckets in all. Equal times pop in a fixed order (the last pushed first),
// so runs repeat exactly.
class MinHeap {
 public:
  bool empty() const { return size_ == 0; }
  // The earliest entry (the heap must not be empty).
  const HeapEntry& top() {
    if (buckets_[0].empty()) settle();
    return buckets_[0].back().e;
  }
  void pop() {
    if (buckets_[0].empty()) settle();
    buckets_[0].pop_back();
    --size_;
  }
  void push(HeapEntry e) {
    const std::uint64_t k = key(e.time_s);
    // Never earlier than the last popped (Dijkstra's invariant; ignitions
    // are not before the spread's clock).
    buckets_[bucket(k)].push_back({e, k});
    ++size_;
  }
  template <class F>
  void for_each(F&& f) const {
    for (const auto& b : buckets_)
      for (const Item& it : b) f(it.e);
  }

 private:
  struct Item {
    HeapEntry e;
    std::uint64_t k;
  };
  // Doubles as unsigned integers in the same order.
  static std::uint64_t key(double t) {
    std::uint64_t u;
    std::memcpy(&u, &t, sizeof u);
    return (u >> 63) ? ~u : (u | (std::uint64_t(1) << 63));
  }
  std::size_t bucket(std::uint64_t k) const { return k == last_ ? 0 : std::size_t(64 - std::countl_zero(k ^ last_)); }
  // Moves the lowest non-empty bucket's entries down around its least time.
  void settle() {
    std::size_t i = 1;
    while (buckets_[i].empty()) ++i;
    std::vector<Item>& from = buckets_[i];
    std::uint64_t least = from.front().k;
    for (const Item& it : from) least = std::min(least, it.k);
    last_ = least;
    // Pushed in their order within each bucket, so equal times keep a fixed order.
    for (const Item& it : from) buckets_[bucket(it.k)].push_back(it);
    from.clear();
  }

  std::array<std::vector<Item>, 65> buckets_;
  std::uint64_t last_ = 0;
  std::size_t size_ = 0;
};

void check_landscape(const SpreadLandscape& l, const FireSpreadOptions& o) {
  const std::size_t n = l.rows * l.cols;
  if (l.rows == 0 || l.cols == 0) throw InputError(kWhere, 0, "rows, cols", "a raster of at least one cell");
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw InputError(kWhere, 0, "rows, cols", "fewer than 2^32 cells", std::to_string(n));
  if (!(l.cell_size_m > 0.0) || !std::isfinite(l.cell_size_m))
    throw InputError(kWhere, 0, "cell_size_m", "a positive cell size", std::to_string(l.cell_size_m));
  if (stencil_reach(o.stencil) == 0)
    throw InputError(kWhere, 0, "stencil", "8, 16, 32, 48 or 80", std::to_string(o.stencil));
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
  int reach = 1;
  std::vector<double> best;     // tentative arrival
  std::vector<double> arrival;  // settled arrival; kNever otherwise
  // The move that set best[cell] (its source: cell minus the move), or
  // kIgnited: what hold() re-relaxes when it closes that move.
  static constexpr std::uint8_t kIgnited = 255;
  std::vector<std::uint8_t> via;
  MinHeap heap;
  // The burned cells' bounding box (rows, cols), for front().
  std::size_t row_lo = std::numeric_limits<std::size_t>::max(), row_hi = 0;
  std::size_t col_lo = std::numeric_limits<std::size_t>::max(), col_hi = 0;
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

  // The rate of spread out of a burned cell, in the field in force at its
  // arrival: time to cross a move = length * scale * (1 - e cos theta).
  struct SourceRate {
    const SpreadField* f;
    double scale, e, hs, hc, intensity;
  };

  bool source_rate(std::size_t cell, double t, SourceRate& out) const {
    const SpreadField& f = land->fields[field_at(t)];
    const double head = f.head_mps[cell];
    if (!(head > 0.0)) return false;
    const double lb = f.lb[cell];
    const double inv_lb2 = 1.0 / (lb * lb);
    const double e = std::sqrt(1.0 - inv_lb2);
    const double one_minus_e = inv_lb2 / (1.0 + e);  // 1 - e without cancellation
    out.f = &f;
    out.scale = land->cell_size_m / (head * one_minus_e);
    out.e = e;
    out.hs = std::sin(double(f.heading_rad[cell]));
    out.hc = std::cos(double(f.heading_rad[cell]));
    out.intensity = f.intensity_kw_m.empty() ? 0.0 : double(f.intensity_kw_m[cell]);
    return true;
  }

  void expand(std::size_t cell, double t) {
    SourceRate sr;
    if (!source_rate(cell, t, sr)) return;
    const std::size_t cols = land->cols;
    const std::size_t r = cell / cols, c = cell % cols;
    const std::size_t R = std::size_t(reach);
    const bool interior = r >= R && c >= R && r + R < land->rows && c + R < cols;
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
      const double cos_theta = mv.east * sr.hs + mv.north * sr.hc;
      const double ta = t + mv.length_cells * sr.scale * (1.0 - sr.e * cos_theta);
      if (!(ta < best[dest])) continue;
      if (!move_open(cell, mv, dest, *sr.f, sr.intensity)) continue;
      best[dest] = ta;
      via[dest] = std::uint8_t(k);
      heap.push({ta, std::uint32_t(dest)});
    }
  }

  // The source of the move that set best[cell] (false: an ignition or none).
  bool via_source(std::size_t cell, std::size_t& source) const {
    const std::uint8_t k = via[cell];
    if (k == kIgnited || best[cell] == kNever) return false;
    const Move& mv = moves[k];
    const std::ptrdiff_t r = std::ptrdiff_t(cell / land->cols) - mv.dr;
    const std::ptrdiff_t c = std::ptrdiff_t(cell % land->cols) - mv.dc;
    source = std::size_t(r) * land->cols + std::size_t(c);
    return true;
  }

  // Recomputes an unsettled cell's tentative arrival from scratch: the least
  // over its burned sources, each under the field it was expanded with, of
  // the moves open now (after a hold closed the one that had set it).
  void relax(std::size_t cell) {
    double t_best = kNever;
    std::uint8_t k_best = kIgnited;
    const std::ptrdiff_t r = std::ptrdiff_t(cell / land->cols), c = std::ptrdiff_t(cell % land->cols);
    for (std::size_t k = 0; k < moves.size(); ++k) {
      const Move& mv = moves[k];
      const std::ptrdiff_t sr_ = r - mv.dr, sc = c - mv.dc;
      if (sr_ < 0 || sc < 0 || sr_ >= std::ptrdiff_t(land->rows) || sc >= std::ptrdiff_t(land->cols)) continue;
      const std::size_t src = std::size_t(sr_) * land->cols + std::size_t(sc);
      if (!(mask[src] & kSettled)) continue;
      SourceRate rate;
      if (!source_rate(src, arrival[src], rate)) continue;
      const double cos_theta = mv.east * rate.hs + mv.north * rate.hc;
      const double ta = arrival[src] + mv.length_cells * rate.scale * (1.0 - rate.e * cos_theta);
      if (!(ta < t_best)) continue;
      if (!move_open(src, mv, cell, *rate.f, rate.intensity)) continue;
      t_best = ta;
      k_best = std::uint8_t(k);
    }
    best[cell] = t_best;
    via[cell] = k_best;
    if (t_best != kNever) heap.push({t_best, std::uint32_t(cell)});
  }

  // Does move k from `source` pass over or land in `cell`?
  bool move_touches(std::size_t source, std::size_t k, std::size_t cell) const {
    const Move& mv = moves[k];
    const int dc = int(std::ptrdiff_t(cell % land->cols) - std::ptrdiff_t(source % land->cols));
    const int dr = int(std::ptrdiff_t(cell / land->cols) - std::ptrdiff_t(source / land->cols));
    if (dc == mv.dc && dr == mv.dr) return true;
    for (const auto& d : mv.crossed)
      if (d.first == dc && d.second == dr) return true;
    if (mv.corner && (mv.side_a == std::pair{dc, dr} || mv.side_b == std::pair{dc, dr})) return true;
    return false;
  }

  // A cell has just been held: every unsettled cell whose tentative arrival
  // came over it gets it again from the moves still open.
  void reopen_around(std::size_t held_cell) {
    const std::ptrdiff_t hr = std::ptrdiff_t(held_cell / land->cols), hc = std::ptrdiff_t(held_cell % land->cols);
    const std::ptrdiff_t rows = std::ptrdiff_t(land->rows), cols = std::ptrdiff_t(land->cols);
    for (std::ptrdiff_t r = std::max<std::ptrdiff_t>(0, hr - reach); r <= std::min(rows - 1, hr + reach); ++r) {
      for (std::ptrdiff_t c = std::max<std::ptrdiff_t>(0, hc - reach); c <= std::min(cols - 1, hc + reach); ++c) {
        const std::size_t cell = std::size_t(r) * land->cols + std::size_t(c);
        if (cell == held_cell || (mask[cell] & (kSettled | kHeld))) continue;
        std::size_t src;
        if (!via_source(cell, src) || !move_touches(src, via[cell], held_cell)) continue;
        SourceRate rate;
        // Still open (a corner move with the other side free): nothing changes.
        if (source_rate(src, arrival[src], rate) &&
            move_open(src, moves[via[cell]], cell, *rate.f, rate.intensity))
          continue;
        relax(cell);
      }
    }
  }

  void advance(double until) {
    while (!heap.empty() && heap.top().time_s <= until) {
      const HeapEntry e = heap.top();
      heap.pop();
      // Stale entries (superseded, or raised by a hold) are skipped: only the
      // entry equal to the cell's tentative arrival settles it.
      if ((mask[e.cell] & (kSettled | kHeld)) || e.time_s != best[e.cell]) continue;
      arrival[e.cell] = e.time_s;
      mask[e.cell] |= kSettled;
      ++burned;
      const std::size_t r = e.cell / land->cols, c = e.cell % land->cols;
      row_lo = std::min(row_lo, r);
      row_hi = std::max(row_hi, r);
      col_lo = std::min(col_lo, c);
      col_hi = std::max(col_hi, c);
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
  s.reach = stencil_reach(options.stencil);
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
  s.via.assign(n, Impl::kIgnited);
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
  s.via[cell] = Impl::kIgnited;
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
  if (s.mask[cell] & kHeld) return;
  s.mask[cell] |= kHeld;
  // Its heap entries are skipped when popped; a burned cell stays burned
  // but is no longer crossed.
  if (!(s.mask[cell] & kSettled)) s.best[cell] = kNever;
  s.reopen_around(cell);
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

std::vector<std::size_t> FireSpread::front() const {
  const Impl& s = *impl_;
  std::vector<std::size_t> cells;
  if (s.burned == 0) return cells;
  // The fields the fire may still spread under: from the earliest one a
  // waiting arrival was computed with (its source's arrival) to the last.
  double from_s = s.now;
  s.heap.for_each([&](const HeapEntry& e) {
    std::size_t src;
    if ((s.mask[e.cell] & (kSettled | kHeld)) || e.time_s != s.best[e.cell] || !s.via_source(e.cell, src)) return;
    from_s = std::min(from_s, s.arrival[src]);
  });
  const std::size_t first_field = s.field_at(from_s);
  const auto burnable = [&](std::size_t cell) {
    if (s.mask[cell] & kBarrier) return true;
    if (!(s.mask[cell] & kMaybeBare)) return true;  // burns in every field
    for (std::size_t f = first_field; f < s.land->fields.size(); ++f)
      if (s.land->fields[f].head_mps[cell] > 0.0f) return true;
    return false;
  };
  const std::size_t rows = s.land->rows, cols = s.land->cols;
  const std::size_t r0 = s.row_lo == 0 ? 0 : s.row_lo - 1, r1 = std::min(rows - 1, s.row_hi + 1);
  const std::size_t c0 = s.col_lo == 0 ? 0 : s.col_lo - 1, c1 = std::min(cols - 1, s.col_hi + 1);
  for (std::size_t r = r0; r <= r1; ++r) {
    for (std::size_t c = c0; c <= c1; ++c) {
      const std::size_t cell = r * cols + c;
      if ((s.mask[cell] & (kSettled | kHeld)) || !burnable(cell)) continue;
      bool next_to_burned = false;
      for (std::size_t nr = r == 0 ? 0 : r - 1; nr <= std::min(rows - 1, r + 1) && !next_to_burned; ++nr)
        for (std::size_t nc = c == 0 ? 0 : c - 1; nc <= std::min(cols - 1, c + 1); ++nc)
          if (s.mask[nr * cols + nc] & kSettled) {
            next_to_burned = true;
            break;
          }
      if (next_to_burned) cells.push_back(cell);
    }
  }
  return cells;
}

bool FireSpread::contained() const {
  const Impl& s = *impl_;
  bool live = false;
  s.heap.for_each([&](const HeapEntry& e) {
    live = live || (!(s.mask[e.cell] & (kSettled | kHeld)) && e.time_s == s.best[e.cell]);
  });
  return !live;
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
