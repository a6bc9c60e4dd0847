"""Wildfire rate of spread (docs/models.md, "Wildfire: rate of spread").

The CSIRO grassland model (Cheney, Gould and Catchpole 1998) for natural, grazed and eaten-out
pasture with the curing coefficient of Cruz et al. (2015); Rothermel's (1972) surface model with
the 13 fuel models of Anderson (1982); the fire's ellipse from a length-to-breadth ratio
(Alexander 1985) with the ignition at its rear focus. Speeds in m/s, moistures of grass in %,
Rothermel's moistures as fractions of dry weight, slope as rise/run.

>>> import disastersim as ds
>>> r = ds.fire.grassland_spread_mps(wind_10m_mps=10.0, moisture_percent=6.0, curing_percent=95.0,
...                                  pasture="grazed")
>>> lb = ds.fire.length_to_breadth(10.0)
>>> back = ds.fire.elliptical_spread_mps(r, lb, 3.14159)        # the backing rate
>>> r4 = ds.fire.rothermel_spread_mps(4, (0.06, 0.07, 0.08, 0.6, 0.9), 2.0, 0.2)  # chaparral, m/s
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from disastersim import _core

PASTURES: tuple[str, ...] = ("natural", "grazed", "eaten_out")
ANDERSON_MODELS: tuple[int, ...] = tuple(range(1, 14))


def _vectorised(f, *args):
    arrays = [np.asarray(a, dtype=float) for a in args]
    if all(a.ndim == 0 for a in arrays):
        return f(*[float(a) for a in arrays])
    return np.vectorize(f, otypes=[float])(*arrays)


def grassland_spread_mps(wind_10m_mps, moisture_percent, curing_percent, pasture: str = "grazed"):
    """Head fire rate (m/s) of the CSIRO grassland model; scalars or arrays that broadcast."""
    return _vectorised(lambda u, m, c: _core.grassland_spread_mps(u, m, c, pasture),
                       wind_10m_mps, moisture_percent, curing_percent)


def grass_moisture_percent(air_temperature_c, relative_humidity_percent):
    """McArthur's dead grass moisture (%) from air temperature (deg C) and relative humidity (%)."""
    return _vectorised(_core.grass_moisture_percent, air_temperature_c, relative_humidity_percent)


def curing_coefficient(curing_percent):
    """The curing coefficient of Cruz et al. (2015), 0-100 % curing."""
    return _vectorised(_core.curing_coefficient, curing_percent)


def rothermel_spread_mps(model_number: int, moistures: Sequence[float], midflame_wind_mps, slope=0.0):
    """Rothermel's head fire rate (m/s) for Anderson fuel model 1..13; moistures are the five
    fractions (1-h, 10-h, 100-h, live herbaceous, live woody); wind at midflame, upslope."""
    m = [float(x) for x in moistures]
    return _vectorised(lambda u, s: _core.rothermel_spread_mps(int(model_number), m, u, s), midflame_wind_mps, slope)


def length_to_breadth(wind_10m_mps):
    """The fire's length-to-breadth ratio from the 10-m wind (Alexander 1985)."""
    return _vectorised(_core.length_to_breadth, wind_10m_mps)


def elliptical_spread_mps(head_mps, lb, theta_rad):
    """Rate (m/s) along a ray at theta from the head direction, the ignition at the rear focus."""
    return _vectorised(_core.elliptical_spread_mps, head_mps, lb, theta_rad)


def backing_spread_mps(head_mps, lb):
    """The backing rate (theta = pi) of the same ellipse."""
    return _vectorised(_core.backing_spread_mps, head_mps, lb)


def byram_intensity_kw_m(heat_kj_kg, fuel_consumed_kg_m2, spread_mps):
    """Byram's fireline intensity I = H w r (kW/m)."""
    return _vectorised(_core.byram_intensity_kw_m, heat_kj_kg, fuel_consumed_kg_m2, spread_mps)


def breach_probability(intensity_kw_m, width_m, trees_within_20m: bool = False):
    """Chance that a grassfire of this intensity breaches a break this wide (Wilson 1988)."""
    return _vectorised(lambda i, w: _core.breach_probability(i, w, bool(trees_within_20m)), intensity_kw_m, width_m)
