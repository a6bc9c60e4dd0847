"""Dispersion of a neutrally buoyant gas: Gaussian plume and puff train (docs/models.md,
"Chemical releases: dispersion").

Stability classes by Turner's table, Briggs's sigmas (open country and urban), the
steady plume with ground and mixing-height reflections, and the puff train for
releases and winds that change in time. Lengths in metres, times in seconds,
concentrations in kg/m3. Plane coordinates: x east, y north; wind directions are
where the wind blows *from*, degrees clockwise from north (270: a west wind).

>>> import numpy as np
>>> import disastersim as ds
>>> sy, sz = ds.dispersion.briggs_sigmas("D", "rural", [100.0, 1000.0])
>>> # 2 kg/s at 5 m in a 3 m/s wind, class D, ground level on a grid:
>>> x, y = np.meshgrid(np.linspace(50, 5000, 100), np.linspace(-500, 500, 41))
>>> c = ds.dispersion.plume_concentration(2.0, 3.0, 5.0, 1000.0, "D", "rural", x, y)
>>> # A 30-minute leak of 1.5 kg/s while the wind turns from west to south-west,
>>> # every minute for an hour at receptors on a line east of the source:
>>> release = ds.dispersion.continuous_release(1.5, duration_s=1800)
>>> weather = ds.dispersion.weather(times_s=[0, 1200], speed_mps=[3, 2.5],
...                                from_deg=[270, 225], stability=["D", "E"])
>>> rx = np.linspace(100, 8000, 80)
>>> conc = ds.dispersion.puff_train(release, weather, rx, np.zeros_like(rx), "rural",
...                                 np.arange(0, 3601, 60), release_height_m=2.0)
>>> conc.shape            # (61 output times, 80 receptors), kg/m3
(61, 80)
"""

from __future__ import annotations

import time
from typing import Any, Callable, Sequence

import numpy as np

from disastersim import _core
from disastersim.progress import progress_printer

STABILITY_CLASSES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
TERRAINS: tuple[str, ...] = ("rural", "urban")

__all__ = ["STABILITY_CLASSES", "TERRAINS", "briggs_sigmas", "plume_concentration", "puff_train",
           "continuous_release", "weather", "stability_class", "wind_profile_exponent"]


def _scalar_or_array(values: np.ndarray, scalar: bool):
    return float(values.reshape(-1)[0]) if scalar else values


def briggs_sigmas(stability: str, terrain: str, x_m):
    """Briggs (1973) dispersion coefficients ``(sigma_y, sigma_z)`` in metres at ``x_m`` metres
    downwind (a number or an array; 0 where ``x_m <= 0``).

    ``stability``: ``"A"`` .. ``"F"``; ``terrain``: ``"rural"`` (open country, fitted to the
    Pasquill-Gifford curves) or ``"urban"`` (McElroy-Pooler). Valid from 100 m to 10 km, used
    outside that range as the formulas extrapolate.

    >>> ds.dispersion.briggs_sigmas("D", "rural", 1000.0)   # (76.3, 37.9)
    """
    x = np.asarray(x_m, dtype=np.float64)
    sy, sz = _core.briggs_sigmas(stability, terrain, np.atleast_1d(x))
    return _scalar_or_array(sy, x.ndim == 0), _scalar_or_array(sz, x.ndim == 0)


def plume_concentration(q_kg_s: float, u_mps: float, h_m: float, mixing_height_m: float, stability: str,
                        terrain: str, x_m, y_m, z_m: float = 0.0):
    """Steady Gaussian plume concentration (kg/m3) of ``q_kg_s`` released at ``h_m`` in a wind of
    ``u_mps`` (the wind at the release height), at ``x_m`` along the wind and ``y_m`` across it
    (numbers or arrays, broadcast together), ``z_m`` above the ground.

    Reflection at the ground and at ``mixing_height_m`` (``<= 0`` or ``inf``: no lid); once
    sigma-z exceeds 1.6 times the mixing height the gas is evenly mixed below it. 0 upwind
    (``x_m <= 0``).
    """
    x, y = np.broadcast_arrays(np.asarray(x_m, dtype=np.float64), np.asarray(y_m, dtype=np.float64))
    c = _core.plume_concentration(float(q_kg_s), float(u_mps), float(h_m), float(mixing_height_m), stability,
                                  terrain, np.atleast_1d(np.ascontiguousarray(x)),
                                  np.atleast_1d(np.ascontiguousarray(y)), float(z_m))
    return _scalar_or_array(c, x.ndim == 0)


def continuous_release(rate_kg_s: float, duration_s: float, start_s: float = 0.0) -> dict:
    """A steady release of ``rate_kg_s`` from ``start_s`` for ``duration_s`` (a release dict for
    :func:`puff_train`)."""
    return {"rate_times_s": [float(start_s), float(start_s) + float(duration_s)],
            "rate_kg_s": [float(rate_kg_s), 0.0]}


def weather(times_s=0.0, speed_mps=3.0, from_deg=270.0, stability="D", reference_height_m: float = 10.0,
            mixing_height_m: float = 1000.0) -> dict:
    """A weather series for :func:`puff_train`: from ``times_s[i]`` until the next time the wind at
    ``reference_height_m`` blows at ``speed_mps[i]`` from ``from_deg[i]`` in class
    ``stability[i]``; the last sample holds. Single values make one sample (steady weather).
    ``mixing_height_m <= 0``: no lid."""
    times = np.atleast_1d(np.asarray(times_s, dtype=np.float64))
    n = times.size
    classes = [stability] * n if isinstance(stability, str) else list(stability)
    return {"times_s": times,
            "speed_mps": np.broadcast_to(np.asarray(speed_mps, dtype=np.float64), (n,)).copy(),
            "from_deg": np.broadcast_to(np.asarray(from_deg, dtype=np.float64), (n,)).copy(),
            "stability": [str(s) for s in classes],
            "reference_height_m": float(reference_height_m),
            "mixing_height_m": float(mixing_height_m)}


def _terrain_codes(receptors_terrain, n: int) -> np.ndarray:
    if isinstance(receptors_terrain, str):
        receptors_terrain = [receptors_terrain]
    names = np.asarray(receptors_terrain).reshape(-1)
    if names.dtype.kind not in "US":
        names = names.astype(str)
    urban = names == "urban"
    bad = ~(urban | (names == "rural"))
    if bad.any():
        raise _core.InputError("disastersim.dispersion: receptors_terrain: expected rural or urban, "
                               f"found '{names[bad][0]}'")
    codes = urban.astype(np.uint8)
    if codes.size == 1:
        return np.full(n, codes[0], dtype=np.uint8)
    if codes.size != n:
        raise _core.InputError("disastersim.dispersion: receptors_terrain: expected one value or one per receptor, "
                               f"found {codes.size} for {n} receptors")
    return codes


def _after_one_second(show: Callable[[str, int, int], None]) -> Callable[[str, int, int], None]:
    """Forwards progress only once a second has passed: short runs stay quiet."""
    start = time.monotonic()
    state = {"shown": False}

    def forward(stage: str, done: int, total: int) -> None:
        if state["shown"] or time.monotonic() - start > 1.0:
            state["shown"] = True
            show(stage, done, total)

    return forward


def puff_train(release: dict, weather: dict, receptors_x, receptors_y, receptors_terrain="rural",
               output_times_s: Sequence[float] | np.ndarray = (), *, source_x_m: float = 0.0,
               source_y_m: float = 0.0, release_height_m: float = 0.0, receptor_height_m: float = 0.0,
               puff_interval_s: float = 10.0, advection_step_s: float = 10.0, cutoff_sigmas: float = 5.0,
               min_travel_m: float = 1.0, min_wind_mps: float = 0.5, cull_with_grid: bool = True,
               vectorise: bool = True, progress: bool = True) -> np.ndarray:
    """Concentrations (kg/m3) of a Gaussian puff train at receptors over time, as an array
    ``[output time, receptor]``.

    ``release``: ``{"rate_times_s", "rate_kg_s"}`` (piecewise-constant rate, the last rate 0) and/or
    ``{"mass_times_s", "mass_kg"}`` (instantaneous masses); see :func:`continuous_release`.
    ``weather``: see :func:`weather`. Receptors: plane coordinates in metres (same plane as
    ``source_x_m, source_y_m``), each ``"rural"`` or ``"urban"`` (one value for all, or one per
    receptor). A continuous release leaves as one puff per ``puff_interval_s``; puffs move with
    the wind at the release height (not below ``min_wind_mps``) and spread by Briggs's sigmas of
    each receptor's terrain at the distance they travelled, for the class in force at the output
    time; a puff adds to receptors within ``cutoff_sigmas`` sigma-y of its centre only.
    ``cull_with_grid=False`` tries every puff against every receptor and ``vectorise=False`` keeps
    to the portable loop (std::exp) where the processor has AVX2: both for checks, same result to
    a few ulp. The engine releases the GIL while it works; progress shows after a second.
    """
    x = np.ascontiguousarray(receptors_x, dtype=np.float64).reshape(-1)
    y = np.ascontiguousarray(receptors_y, dtype=np.float64).reshape(-1)
    terrain = _terrain_codes(receptors_terrain, x.size)
    times = np.ascontiguousarray(output_times_s, dtype=np.float64).reshape(-1)
    options: dict[str, Any] = {
        "source_x_m": float(source_x_m), "source_y_m": float(source_y_m),
        "release_height_m": float(release_height_m), "receptor_height_m": float(receptor_height_m),
        "puff_interval_s": float(puff_interval_s), "advection_step_s": float(advection_step_s),
        "cutoff_sigmas": float(cutoff_sigmas), "min_travel_m": float(min_travel_m),
        "min_wind_mps": float(min_wind_mps), "cull_with_grid": bool(cull_with_grid),
        "vectorise": bool(vectorise)}
    w = dict(weather)
    if isinstance(w.get("stability"), str):
        w["stability"] = [w["stability"]] * np.atleast_1d(w["times_s"]).size
    show = _after_one_second(progress_printer()) if progress else None
    return _core.puff_train(dict(release), w, x, y, terrain, times, options, show)


def stability_class(wind_10m_mps: float, cloud_oktas: float = 0.0, solar_elevation_deg: float | None = None) -> str:
    """Pasquill-Gifford class by Turner's (1970) table: by day give the sun's elevation (degrees;
    the insolation follows from it and the cloud), at night leave it ``None``. Where the table
    gives two classes the more unstable one; calm nights (< 2 m/s) are F; overcast (8/8)
    nights are D."""
    return _core.turner_stability(float(wind_10m_mps), float(cloud_oktas),
                                  None if solar_elevation_deg is None else float(solar_elevation_deg))


def wind_profile_exponent(stability: str, terrain: str = "rural") -> float:
    """Exponent p of the power-law wind profile u(z) = u_ref (z / z_ref)^p (US EPA ISC3)."""
    return _core.wind_profile_exponent(stability, terrain)
