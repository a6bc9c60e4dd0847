"""An independent numpy implementation of the Gaussian plume and puff train, written from the
equations in docs/models.md ("Chemical releases: dispersion"), to check the engine against.

Nothing here calls disastersim: its own Briggs constants (Gifford 1976, as in Boubel et al.
1994 tables 19-6 and 19-7), its own image sum, its own puff schedule and its own advection
(explicit steps no longer than the advection step, breaking at weather samples, puff releases
and output times), and the same cutoff rule (a puff adds to a receptor within cutoff * sigma_y
of its centre, sigma_y of the receptor's terrain). Receptors near a puff are found with a
k-d tree (scipy), then the exact rule is applied. bench/chemical/bench_puff_train.py times it.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

CLASSES = "ABCDEF"

# sigma = c x (1 + d x)^e, per class A..F.
SY = {
    "rural": [(0.22, 1e-4, -0.5), (0.16, 1e-4, -0.5), (0.11, 1e-4, -0.5), (0.08, 1e-4, -0.5),
              (0.06, 1e-4, -0.5), (0.04, 1e-4, -0.5)],
    "urban": [(0.32, 4e-4, -0.5), (0.32, 4e-4, -0.5), (0.22, 4e-4, -0.5), (0.16, 4e-4, -0.5),
              (0.11, 4e-4, -0.5), (0.11, 4e-4, -0.5)],
}
SZ = {
    "rural": [(0.20, 0.0, 0.0), (0.12, 0.0, 0.0), (0.08, 2e-4, -0.5), (0.06, 1.5e-3, -0.5),
              (0.03, 3e-4, -1.0), (0.016, 3e-4, -1.0)],
    "urban": [(0.24, 1e-3, 0.5), (0.24, 1e-3, 0.5), (0.20, 0.0, 0.0), (0.14, 3e-4, -0.5),
              (0.08, 1.5e-3, -0.5), (0.08, 1.5e-3, -0.5)],
}
# ISC3 power-law exponents, rural, A..F.
RURAL_EXPONENT = [0.07, 0.07, 0.10, 0.15, 0.35, 0.55]


def sigmas(stability: str, terrain: str, x):
    i = CLASSES.index(stability)
    x = np.asarray(x, dtype=np.float64)
    cy, dy, ey = SY[terrain][i]
    cz, dz, ez = SZ[terrain][i]
    return cy * x * (1.0 + dy * x) ** ey, cz * x * (1.0 + dz * x) ** ez


def vertical(z, h, lid, sz):
    """Sum of the source and its images in the ground and the lid; evenly mixed past 1.6 lid."""
    sz = np.asarray(sz, dtype=np.float64)
    if not (lid > 0.0) or not np.isfinite(lid):
        return np.exp(-(z - h) ** 2 / (2 * sz**2)) + np.exp(-(z + h) ** 2 / (2 * sz**2))
    n = np.arange(-30, 31, dtype=np.float64).reshape((-1,) + (1,) * sz.ndim)
    images = (np.exp(-(z - h + 2 * n * lid) ** 2 / (2 * sz**2)) + np.exp(-(z + h + 2 * n * lid) ** 2 / (2 * sz**2)))
    return np.where(sz > 1.6 * lid, np.sqrt(2 * np.pi) * sz / lid, images.sum(axis=0))


def plume(q, u, h, lid, stability, terrain, x, y, z):
    x = np.asarray(x, dtype=np.float64)
    xs = np.where(x > 0, x, 1.0)
    sy, sz = sigmas(stability, terrain, xs)
    c = q / (2 * np.pi * u * sy * sz) * np.exp(-(np.asarray(y) ** 2) / (2 * sy**2)) * vertical(z, h, lid, sz)
    return np.where(x > 0, c, 0.0)


def puff_schedule(release: dict, interval_s: float, last_s: float):
    """(departure times, masses): one puff per interval of the continuous release at the interval's
    mass-weighted mean time, and one per instantaneous mass; none after last_s."""
    t = np.asarray(release.get("rate_times_s", []), dtype=np.float64)
    r = np.asarray(release.get("rate_kg_s", []), dtype=np.float64)
    times, masses = [], []
    if t.size >= 2:
        k = 0
        while True:
            a = t[0] + k * interval_s
            if a >= t[-1]:
                break
            b = min(t[0] + (k + 1) * interval_s, t[-1])
            lo, hi = np.maximum(a, t[:-1]), np.minimum(b, t[1:])
            length = np.clip(hi - lo, 0.0, None)
            m = r[:-1] * length
            if m.sum() > 0:
                times.append(float((m * 0.5 * (lo + hi)).sum() / m.sum()))
                masses.append(float(m.sum()))
            k += 1
    for tm, m in zip(release.get("mass_times_s", []), release.get("mass_kg", [])):
        if m > 0:
            times.append(float(tm))
            masses.append(float(m))
    times, masses = np.asarray(times), np.asarray(masses)
    order = np.argsort(times, kind="stable")
    times, masses = times[order], masses[order]
    keep = times <= last_s
    return times[keep], masses[keep]


def _sample(weather: dict, t: float) -> int:
    return max(int(np.searchsorted(weather["times_s"], t, side="right")) - 1, 0)


def _velocity(weather: dict, i: int, release_height_m: float, min_wind_mps: float):
    zref = weather.get("reference_height_m", 10.0)
    p = RURAL_EXPONENT[CLASSES.index(weather["stability"][i])]
    u = max(min_wind_mps, weather["speed_mps"][i] * (max(release_height_m, zref) / zref) ** p)
    to = np.deg2rad(weather["from_deg"][i] + 180.0)
    return u * np.sin(to), u * np.cos(to), u


def advect(weather: dict, departures, output_times, release_height_m, min_wind_mps, step_s):
    """Puff centres (relative to the source) and travelled distances at each output time: all
    puffs stepped together, steps no longer than step_s, breaking at weather samples, departures
    and output times. Returns arrays [time, puff] of x, y and distance (NaN before departure)."""
    departures = np.asarray(departures, dtype=np.float64)
    outs = np.asarray(output_times, dtype=np.float64)
    shape = (outs.size, departures.size)
    X, Y, S = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    if departures.size == 0 or outs.size == 0:
        return X, Y, S
    breaks = np.unique(np.concatenate([np.asarray(weather["times_s"], dtype=np.float64), departures, outs]))
    t = min(departures.min(), outs.min())
    end = outs.max()
    breaks = breaks[(breaks > t) & (breaks <= end)]
    x = np.zeros(departures.size)
    y = np.zeros(departures.size)
    s = np.zeros(departures.size)
    def record(now):
        for j in np.nonzero(outs == now)[0]:
            gone = departures <= now
            X[j, gone], Y[j, gone], S[j, gone] = x[gone], y[gone], s[gone]
    record(t)
    for nxt in breaks:
        vx, vy, u = _velocity(weather, _sample(weather, t), release_height_m, min_wind_mps)
        moving = departures <= t  # a departure is a break: nobody leaves inside a step
        while t < nxt:
            dt = min(step_s, nxt - t)
            x[moving] += vx * dt
            y[moving] += vy * dt
            s[moving] += u * dt
            t = t + dt if nxt - t > step_s else nxt
        record(t)
    return X, Y, S


def puff_train(release, weather, rx, ry, terrain, output_times, *, source_x_m=0.0, source_y_m=0.0,
               release_height_m=0.0, receptor_height_m=0.0, puff_interval_s=10.0, advection_step_s=10.0,
               cutoff_sigmas=5.0, min_travel_m=1.0, min_wind_mps=0.5):
    """Concentrations [output time, receptor] in kg/m3. `terrain`: array of "rural"/"urban"."""
    rx = np.asarray(rx, dtype=np.float64)
    ry = np.asarray(ry, dtype=np.float64)
    urban = np.asarray(terrain) == "urban"
    outs = np.asarray(output_times, dtype=np.float64)
    lid = weather.get("mixing_height_m", 1000.0)
    departures, masses = puff_schedule(release, puff_interval_s, outs.max())
    X, Y, S = advect(weather, departures, outs, release_height_m, min_wind_mps, advection_step_s)
    tree = cKDTree(np.column_stack([rx, ry]))
    out = np.zeros((outs.size, rx.size))
    for j, t in enumerate(outs):
        alive = departures <= t
        if not alive.any():
            continue
        cls = weather["stability"][_sample(weather, t)]
        travel = np.maximum(S[j, alive], min_travel_m)
        cx, cy, m = source_x_m + X[j, alive], source_y_m + Y[j, alive], masses[alive]
        per = {}
        for name in ("rural", "urban"):
            sy, sz = sigmas(cls, name, travel)
            amp = m * vertical(receptor_height_m, release_height_m, lid, sz) / ((2 * np.pi) ** 1.5 * sy**2 * sz)
            per[name] = (sy, amp)
        reach = cutoff_sigmas * np.maximum(per["rural"][0], per["urban"][0])
        near = tree.query_ball_point(np.column_stack([cx, cy]), r=reach * (1 + 1e-9) + 1e-6)
        counts = np.fromiter((len(n) for n in near), dtype=np.int64, count=len(near))
        if counts.sum() == 0:
            continue
        puff = np.repeat(np.arange(len(near)), counts)
        rec = np.concatenate([np.asarray(n, dtype=np.int64) for n in near if len(n)])
        d2 = (rx[rec] - cx[puff]) ** 2 + (ry[rec] - cy[puff]) ** 2
        is_urban = urban[rec]
        sy = np.where(is_urban, per["urban"][0][puff], per["rural"][0][puff])
        amp = np.where(is_urban, per["urban"][1][puff], per["rural"][1][puff])
        inside = d2 <= (cutoff_sigmas * sy) ** 2
        values = amp[inside] * np.exp(-d2[inside] / (2 * sy[inside] ** 2))
        out[j] = np.bincount(rec[inside], weights=values, minlength=rx.size)
    return out
