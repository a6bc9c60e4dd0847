// SPDX-License-Identifier: MIT
#include "sim/network/synthetic_region_parts.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace dsim::detail::synthetic {

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

GridTown build_grid_town(Builder& b, const GridTownSpec& spec) {
  RandomStream rng = b.stream(spec.stream);
  constexpr double kSuper = 500.0;
  const int k = std::clamp(static_cast<int>(std::lround(4.0 / b.detail)), 1, 16);
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

OrganicTown build_organic_town(Builder& b, const OrganicTownSpec& spec) {
  RandomStream rng = b.stream(spec.stream);
  const double h = spec.core_spacing_m * b.detail;
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

namespace {

constexpr std::array<std::string_view, 24> kNameHeads = {
    "Bayan", "Altan", "Hara",  "Chagan", "Ulan",   "Shine", "Hoh",   "Sira",  "Narin", "Tala",  "Bulag", "Hudag",
    "Bayin", "Mandu", "Erden", "Sumber", "Baolig", "Dalai", "Ih",    "Baga",  "Hongor", "Saihan", "Tumur", "Nuur"};
constexpr std::array<std::string_view, 20> kNameTails = {
    "obo",   "tolgoi", "hudag", "gol",   "bulag", "tala",  "nuur",  "shili", "hada",  "tohoi",
    "uzuur", "bulan",  "sume",  "ail",   "hoshuu", "gacha", "tal",  "hundi", "ereg",  "modo"};

}  // namespace

std::string place_name(RandomStream& rng, bool two_words) {
  std::string head(kNameHeads[rng.below(kNameHeads.size())]);
  std::string tail(kNameTails[rng.below(kNameTails.size())]);
  if (!two_words) return head + tail;
  tail[0] = static_cast<char>(tail[0] - 'a' + 'A');
  return head + " " + tail;
}

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

}  // namespace dsim::detail::synthetic
