"""Puff-train benchmark: ds.dispersion.puff_train against the numpy reference on the same receptors.

Run with `make bench-chemical`. Receptors are the road nodes of the synthetic Ordos-like
region (ds.synthetic_region(), 30,039 nodes, in its local metric plane): urban where a node lies
in a built-up or industrial-park zone, rural elsewhere. The source is the middle of the
coal-chemical park (the mean of its polygon's corners; not on a node, where a receptor straight
downwind of the source can sit exactly on a puff's cutoff and the two sides may round it
differently). A 2-hour continuous release of 5 kg/s at 2 m, concentrations at 1.5 m
every minute from 0 to 7,200 s (121 output times), puffs every 10 s (720 puffs), cutoff 5 sigma-y,
in three weathers, each turning after an hour:

- night: class F, 2 m/s, from the south-west then from the west, mixing height 300 m (the
  issue's case: stable air at night, the wind turning towards villages);
- neutral: class D, 4 m/s, from the south-west then from the south, mixing height 800 m;
- wide: class C, 5 m/s, from the south-west then from the south, mixing height 1,200 m (the
  widest puffs that reach far: the most receptor visits, the worst case found).

dsim runs twice: as it comes (four receptors at a time where the processor has AVX2) and with
vectorise=False (std::exp one receptor at a time, what a processor without AVX2 gets). The
reference (tests/python/dispersion_reference.py) is an independent numpy implementation
from the same equations with the same cutoff rule; it finds receptors near each puff with a
scipy k-d tree (batched per output time), so it culls too. Before any ratio is printed the
script checks that all three agree to 1e-9 relative wherever the reference exceeds 1e-12 of its
maximum (and to 1e-12 of the maximum in absolute terms elsewhere). Both run on one core (the
process is pinned to one CPU, BLAS threads 1). Times are medians of BENCH_REPEATS runs (5) for
dsim and BENCH_PEER_REPEATS (3) for numpy, wall-clock and CPU time of the process; the ratio is
of CPU times, which other processes on a shared machine disturb least.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import datetime  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from machine import cpu_model, timed  # noqa: E402

import numpy as np  # noqa: E402
from matplotlib.path import Path as PolygonPath  # noqa: E402

import disastersim as ds  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import dispersion_reference as ref  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
PEER_REPEATS = int(os.environ.get("BENCH_PEER_REPEATS", "3"))

RELEASE_KG_S, DURATION_S, RELEASE_HEIGHT_M, BREATHING_HEIGHT_M = 5.0, 7200.0, 2.0, 1.5
CASES = {
    "night (F, 2 m/s)": dict(speed_mps=[2.0, 2.0], from_deg=[225.0, 270.0], stability="F", mixing_height_m=300.0),
    "neutral (D, 4 m/s)": dict(speed_mps=[4.0, 4.0], from_deg=[225.0, 180.0], stability="D", mixing_height_m=800.0),
    "wide (C, 5 m/s)": dict(speed_mps=[5.0, 5.0], from_deg=[225.0, 180.0], stability="C", mixing_height_m=1200.0),
}



def receptors():
    region = ds.synthetic_region()
    net, zones = region.network, region.zones
    nodes = net.nodes
    lonlat = np.column_stack([nodes.lon.to_numpy(), nodes.lat.to_numpy()])
    urban = np.zeros(len(nodes), dtype=bool)
    for _, z in zones[zones.type.isin(["built_up", "industrial_park"])].iterrows():
        urban |= PolygonPath(np.asarray(z.polygon)).contains_points(lonlat)
    # The region's plane is an equirectangular projection: x linear in longitude, y in latitude.
    fx = np.polyfit(nodes.lon.to_numpy(), nodes.x_m.to_numpy(), 1)
    fy = np.polyfit(nodes.lat.to_numpy(), nodes.y_m.to_numpy(), 1)
    lon, lat = np.asarray(zones[zones.id == "chem_park"].iloc[0].polygon).mean(axis=0)
    return (nodes.x_m.to_numpy(), nodes.y_m.to_numpy(), np.where(urban, "urban", "rural"),
            float(np.polyval(fx, lon)), float(np.polyval(fy, lat)))


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    x, y, terrain, sx, sy = receptors()
    times = np.arange(0.0, DURATION_S + 1.0, 60.0)
    release = ds.dispersion.continuous_release(RELEASE_KG_S, DURATION_S)
    options = dict(source_x_m=sx, source_y_m=sy, release_height_m=RELEASE_HEIGHT_M,
                   receptor_height_m=BREATHING_HEIGHT_M, puff_interval_s=10.0, cutoff_sigmas=5.0)
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs ({cpu_model()}), pinned to one; "
          f"{datetime.date.today()}, load average {os.getloadavg()[0]:.1f}")
    print(f"receptors: {x.size:,} road nodes ({(terrain == 'urban').sum():,} urban), output times: {times.size}, "
          f"puffs: {int(DURATION_S / 10.0)}; result {times.size * x.size * 8 / 1e6:.0f} MB")
    print("times: median wall-clock seconds (CPU seconds of this process in brackets); ratio of CPU times")
    print(f"{'case':<20} {'reached':>8} {'dsim':>16} {'dsim portable':>16} {'numpy':>16} {'ratio':>6}  max rel diff")
    failed = False
    for name, w in CASES.items():
        weather = ds.dispersion.weather(times_s=[0.0, 3600.0], **w)
        w_ds, c_ds, got = timed(lambda: ds.dispersion.puff_train(release, weather, x, y, terrain, times,
                                                                 progress=False, **options), REPEATS)
        w_pt, c_pt, portable = timed(lambda: ds.dispersion.puff_train(release, weather, x, y, terrain, times,
                                                                      progress=False, vectorise=False, **options),
                                     REPEATS)
        w_np, c_np, expected = timed(lambda: ref.puff_train(release, weather, x, y, terrain, times, **options),
                                     PEER_REPEATS)
        big = expected > 1e-12 * expected.max()
        rel = float(max(np.max(np.abs(c[big] - expected[big]) / expected[big]) for c in (got, portable)))
        absolute = float(max(np.max(np.abs(c - expected)) for c in (got, portable))) / expected.max()
        if rel > 1e-9 or absolute > 1e-12:
            print(f"{name}: dsim and numpy disagree (max relative {rel:.2e}, absolute {absolute:.2e})")
            failed = True
            continue
        reached = int((got > 0).any(axis=0).sum())
        print(f"{name:<20} {reached:>8,} {w_ds:>7.3f} ({c_ds:.3f}) {w_pt:>7.3f} ({c_pt:.3f}) "
              f"{w_np:>7.2f} ({c_np:>5.2f}) {c_np / c_ds:>5.0f}x  {rel:.1e}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {peak_mb:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
