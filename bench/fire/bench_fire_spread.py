"""Wildfire spread benchmark: dsim's minimum-travel-time spread against references of the same method.

Run with `make bench-fire`. The landscape: 2,000 x 2,000 cells of 30 m (60 km square), a
grassland whose head rate of spread varies from cell to cell (a smooth random pattern, 0.5 to
2.0 m/s times the hour's wind factor), about 8 % non-burnable cells in patches (water, bare
ground), and a wind that changes every hour for 12 hours (13 fields: direction swinging from
north-west to west, the length-to-breadth ratio from the hour's speed). One ignition near the
south-east quarter, spread for 12 h.

dsim runs the whole raster for each stencil (8, 16, 32, 48, 80 neighbours), with these rates and with
them tripled (most of the raster burns); its times include copying the numpy arrays into the
landscape and checking them, timed alone too (spread to time 0). Two references of the same
method, written here from the description in docs/models.md and independent of the C++ code:

- scipy: scipy.sparse.csgraph.dijkstra over the stencil graph for a steady wind (the first hour's
  field held for the 12 h), on a 600 x 600 crop (a 4-million-cell graph of 16 edges a cell does
  not fit comfortably in memory); dsim runs the same crop, and the arrival times must agree to
  1e-9 relative;
- Python: a heapq Dijkstra with the hourly fields (the full method), on a 200 x 200 crop; dsim
  runs the same crop and must agree to 1e-9 relative.

Throughput is compared per cell burned (the references run smaller grids). Times are medians of
BENCH_REPEATS (3) runs on one core (the process pinned to one CPU), wall-clock and CPU time.
pyretechnics (PyPI) is tried: if it imports, its version is reported (see bench/RESULTS.md for
why it is not run side by side).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import datetime  # noqa: E402
import heapq  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from machine import cpu_model, timed  # noqa: E402

import numpy as np  # noqa: E402
from scipy import ndimage, sparse  # noqa: E402
from scipy.sparse import csgraph  # noqa: E402

from disastersim import _core  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
N, CELL_M, HOURS = 2000, 30.0, 12



def landscape(n: int, seed: int = 7):
    """times_s, head_mps, lb, heading_rad as float32 arrays [time, row, col] (row 0 at the south)."""
    rng = np.random.default_rng(seed)
    fuel = ndimage.gaussian_filter(rng.standard_normal((n, n)), sigma=12.0)
    fuel = (fuel - fuel.min()) / (np.ptp(fuel) + 1e-12)
    base = 0.5 + 1.5 * fuel
    bare = ndimage.gaussian_filter(rng.standard_normal((n, n)), sigma=6.0)
    base[bare > np.quantile(bare, 0.92)] = 0.0
    times = np.arange(HOURS + 1) * 3600.0
    speed = 6.0 + 4.0 * np.sin(np.arange(HOURS + 1) / 2.0)  # m/s at 10 m
    to_deg = np.linspace(135.0, 90.0, HOURS + 1)  # from the north-west, turning to from the west
    lb = 1.0 + 0.25 * speed  # a plain rising relation: the benchmark needs shapes, not a fit
    head = np.stack([base * (s / 8.0) for s in speed]).astype(np.float32)
    ratio = np.stack([np.full((n, n), v) for v in lb]).astype(np.float32)
    heading = np.stack([np.full((n, n), math.radians(d)) for d in to_deg]).astype(np.float32)
    return times, head, ratio, heading


def stencil(k: int):
    """Moves (dc, dr), their crossed cells by dense sampling, and the corner side cells."""
    reach = {8: 1, 16: 2, 32: 3, 48: 4, 80: 5}[k]
    out = []
    for dr in range(-reach, reach + 1):
        for dc in range(-reach, reach + 1):
            if (dc, dr) == (0, 0) or math.gcd(abs(dc), abs(dr)) != 1:
                continue
            s = (np.arange(20000) + 0.5) / 20000
            x, y = s * dc, s * dr
            # A sample exactly on a cell boundary is not inside a cell: skip those.
            inside = (np.abs(x - np.round(x)) < 0.5 - 1e-9) & (np.abs(y - np.round(y)) < 0.5 - 1e-9)
            cells = {(int(round(a)), int(round(b))) for a, b in zip(x[inside], y[inside])}
            cells -= {(0, 0), (dc, dr)}
            sides = None
            if dc % 2 and dr % 2:
                sx, sy = (1 if dc > 0 else -1), (1 if dr > 0 else -1)
                sides = (((dc + sx) // 2, (dr - sy) // 2), ((dc - sx) // 2, (dr + sy) // 2))
            out.append((dc, dr, sorted(cells), sides))
    return out


def travel(head, lb, heading, dc, dr):
    """Seconds (per metre of cell) to cross one move from cells of these fields."""
    length = math.hypot(dc, dr)
    east, north = dc / length, dr / length
    lb = lb.astype(np.float64)
    e = np.sqrt(1.0 - 1.0 / (lb * lb))
    one_minus_e = (1.0 / (lb * lb)) / (1.0 + e)
    cos_t = east * np.sin(heading.astype(np.float64)) + north * np.cos(heading.astype(np.float64))
    with np.errstate(divide="ignore"):
        return length * CELL_M / (head.astype(np.float64) * one_minus_e) * (1.0 - e * cos_t)


def scalar_travel(head, lb, heading, dc, dr):
    length = math.hypot(dc, dr)
    e = math.sqrt(1.0 - 1.0 / (lb * lb))
    one_minus_e = (1.0 / (lb * lb)) / (1.0 + e)
    cos_t = dc / length * math.sin(heading) + dr / length * math.cos(heading)
    return length * CELL_M / (head * one_minus_e) * (1.0 - e * cos_t)


def reference_scipy(head, lb, heading, k, source, end_s):
    """Steady field: Dijkstra over the stencil graph with scipy."""
    n = head.shape[0]
    burns = head > 0
    rows, cols, weights = [], [], []
    r, c = np.mgrid[0:n, 0:n]
    for dc, dr, cells, sides in stencil(k):
        ok = burns & (r + dr >= 0) & (r + dr < n) & (c + dc >= 0) & (c + dc < n)
        rr, cc = r[ok], c[ok]
        good = burns[rr + dr, cc + dc]
        for i, j in cells:
            good &= burns[rr + j, cc + i]
        if sides:
            (ai, aj), (bi, bj) = sides
            good &= burns[rr + aj, cc + ai] | burns[rr + bj, cc + bi]
        rr, cc = rr[good], cc[good]
        rows.append(rr * n + cc)
        cols.append((rr + dr) * n + cc + dc)
        weights.append(travel(head[rr, cc], lb[rr, cc], heading[rr, cc], dc, dr))
    g = sparse.csr_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(n * n, n * n))
    d = csgraph.dijkstra(g, indices=source, limit=end_s)
    return np.where(d <= end_s, d, np.inf)


def reference_python(times, head, lb, heading, k, source, end_s):
    """Time-varying fields: a heapq Dijkstra, the field chosen by the source cell's arrival time."""
    n = head.shape[1]
    moves = stencil(k)
    arrival = np.full(n * n, np.inf)
    best = np.full(n * n, np.inf)
    best[source] = 0.0
    heap = [(0.0, source)]
    while heap:
        t, cell = heapq.heappop(heap)
        if t > end_s:
            break
        if arrival[cell] != np.inf or t > best[cell]:
            continue
        arrival[cell] = t
        f = int(np.searchsorted(times, t, side="right")) - 1
        hd, ratio, ang = head[f], lb[f], heading[f]
        r, c = divmod(cell, n)
        if hd[r, c] <= 0:
            continue
        for dc, dr, cells, sides in moves:
            r2, c2 = r + dr, c + dc
            if not (0 <= r2 < n and 0 <= c2 < n) or arrival[r2 * n + c2] != np.inf or hd[r2, c2] <= 0:
                continue
            if any(hd[r + j, c + i] <= 0 for i, j in cells):
                continue
            if sides and hd[r + sides[0][1], c + sides[0][0]] <= 0 and hd[r + sides[1][1], c + sides[1][0]] <= 0:
                continue
            ta = t + scalar_travel(float(hd[r, c]), float(ratio[r, c]), float(ang[r, c]), dc, dr)
            if ta < best[r2 * n + c2]:
                best[r2 * n + c2] = ta
                heapq.heappush(heap, (ta, r2 * n + c2))
    return arrival


def dsim(times, head, lb, heading, k, source, end_s):
    n = head.shape[1]
    return _core.spread_fire(n, n, CELL_M, times, head, lb, heading, ignitions=[source], ignition_times_s=[0.0],
                             end_s=end_s, stencil=k).ravel()


def agree(a, b):
    fa, fb = np.isfinite(a), np.isfinite(b)
    if not np.array_equal(fa, fb):
        return float("inf")
    if not fa.any():
        return 0.0
    return float(np.max(np.abs(a[fa] - b[fa]) / np.maximum(1.0, np.abs(b[fa]))))


def crop(arrays, n):
    return [a[..., :n, :n].copy() for a in arrays]


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    end_s = HOURS * 3600.0
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs ({cpu_model()}), pinned to one; "
          f"{datetime.date.today()}, load average {os.getloadavg()[0]:.1f}")
    t0 = time.perf_counter()
    times, head, lb, heading = landscape(N)
    print(f"landscape {N} x {N} cells of {CELL_M:.0f} m, {len(times)} hourly fields, "
          f"{(head[0] == 0).mean():.1%} non-burnable; made in {time.perf_counter() - t0:.1f} s")
    failed = False
    source = (N * 3 // 4) * N + N // 5  # in the north-west: the wind drives the fire across the raster
    print("times: median wall-clock seconds (CPU seconds in brackets)")
    print(f"{'case':<34} {'burned cells':>13} {'time':>16} {'cells/s (CPU)':>14}  max rel diff")
    for name, factor in (("one fire", 1.0), ("rates x3", 3.0)):
        fast = head * np.float32(factor)
        for k in (8, 16, 32, 48, 80):
            w, c, got = timed(lambda: dsim(times, fast, lb, heading, k, source, end_s), REPEATS)
            burned = int(np.isfinite(got).sum())
            print(f"{'dsim ' + name + ', 12 h, stencil ' + str(k):<34} {burned:>13,} "
                  f"{w:>7.3f} ({c:.3f}) {burned / c:>14,.0f}")
    w, c, _ = timed(lambda: dsim(times, head, lb, heading, 16, source, 0.0), REPEATS)
    print(f"{'dsim setup alone (copy, checks)':<34} {0:>13,} {w:>7.3f} ({c:.3f})")
    for k in (16,):
        m = 600
        h0, l0, g0 = (a[0, :m, :m].copy() for a in (head, lb, heading))
        src = (m // 2) * m + m // 2
        steady_end = 3.0 * 3600.0
        w1, c1, got = timed(lambda: dsim(times[:1], h0[None], l0[None], g0[None], k, src, steady_end), REPEATS)
        w2, c2, ref = timed(lambda: reference_scipy(h0, l0, g0, k, src, steady_end), REPEATS)
        diff = agree(got, ref)
        failed |= diff > 1e-9
        burned = int(np.isfinite(got).sum())
        print(f"{'dsim 600x600 steady, 3 h':<34} {burned:>13,} {w1:>7.3f} ({c1:.3f}) {burned / c1:>14,.0f}")
        print(f"{'scipy csgraph 600x600 steady, 3 h':<34} {burned:>13,} {w2:>7.3f} ({c2:.3f}) {burned / c2:>14,.0f}"
              f"  {diff:.1e}")
        m = 200
        th, tl, tg = crop((head, lb, heading), m)
        src = (m // 2) * m + m // 2
        short_end = 4.0 * 3600.0
        w1, c1, got = timed(lambda: dsim(times, th, tl, tg, k, src, short_end), REPEATS)
        w2, c2, ref = timed(lambda: reference_python(times, th, tl, tg, k, src, short_end), 1)
        diff = agree(got, ref)
        failed |= diff > 1e-9
        burned = int(np.isfinite(got).sum())
        print(f"{'dsim 200x200 hourly wind, 4 h':<34} {burned:>13,} {w1:>7.4f} ({c1:.4f}) {burned / c1:>14,.0f}")
        print(f"{'python heapq 200x200 hourly, 4 h':<34} {burned:>13,} {w2:>7.3f} ({c2:.3f}) "
              f"{burned / c2:>14,.0f}  {diff:.1e}")
    try:
        import pyretechnics  # noqa: F401
        from importlib.metadata import version
        print(f"pyretechnics {version('pyretechnics')} imports (not run side by side: see bench/RESULTS.md)")
    except ImportError:
        print("pyretechnics: not installed")
    if failed:
        print("dsim and a reference disagree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
