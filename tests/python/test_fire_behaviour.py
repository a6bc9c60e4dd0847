"""ds.fire against independent implementations: Rothermel against the numpy reference written
from the equations (rothermel_reference.py) for the Anderson fuel models over moistures, winds
and slopes, to 1e-6 relative; the grassland model against Cheney et al. (1998) written again."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import disastersim as ds
import rothermel_reference as ref

MOISTURES = [
    (0.03, 0.04, 0.05, 0.30, 0.60),
    (0.06, 0.07, 0.08, 0.60, 0.90),
    (0.09, 0.10, 0.11, 1.20, 1.50),
    (0.12, 0.13, 0.14, 0.90, 1.20),
]
WINDS_MPS = [0.0, 0.5, 1.5, 3.0, 6.0]
SLOPES = [0.0, 0.15, 0.4, 0.8]


@pytest.mark.parametrize("model", [1, 2, 3, 4, 5, 7, 8, 9, 10, 13])
def test_rothermel_matches_the_numpy_reference_over_moistures_winds_and_slopes(model):
    spreading = 0
    for m, u, s in itertools.product(MOISTURES, WINDS_MPS, SLOPES):
        got = ds.fire.rothermel_spread_mps(model, m, u, s)
        want = ref.spread_mps(model, m, u, s)
        assert got == pytest.approx(want, rel=1e-6, abs=1e-12), (model, m, u, s)
        spreading += want > 0
    assert spreading > len(MOISTURES) * len(WINDS_MPS)  # most cases spread: the comparison is not 0 == 0


def test_rothermel_short_grass_is_near_the_rate_anderson_1982_tabulates():
    # Anderson (1982): model 1 at 8 % dead moisture and a 5 mi/h midflame wind runs 78 chains/h.
    chains_per_h = ds.fire.rothermel_spread_mps(1, (0.08, 0.08, 0.08, 1.0, 1.0), 5 * 0.44704, 0.0) * 3600 / 20.1168
    assert chains_per_h == pytest.approx(78.0, rel=0.1)


def cheney_kmh(u, mc, curing, pasture):
    lin = {"natural": (0.054, 0.269), "grazed": (0.054, 0.209), "eaten_out": (0.054, 0.209)}[pasture]
    pw = {"natural": (1.4, 0.838), "grazed": (1.1, 0.715), "eaten_out": (0.55, 0.357)}[pasture]
    wind = np.where(u < 5, lin[0] + lin[1] * u, pw[0] + pw[1] * np.clip(u - 5, 0, None) ** 0.844)
    phi_m = np.where(mc < 12, np.exp(-0.108 * mc),
                     np.where(u <= 10, 0.684 - 0.0342 * mc, 0.547 - 0.0228 * mc)).clip(0, None)
    phi_c = 1.036 / (1 + 103.989 * np.exp(-0.0996 * (curing - 20)))
    return wind * phi_m * phi_c


@pytest.mark.parametrize("pasture", ds.fire.PASTURES)
def test_grassland_rates_match_cheney_over_a_grid(pasture):
    u, mc = np.meshgrid(np.linspace(0, 60, 25), np.linspace(2, 20, 19))
    got = ds.fire.grassland_spread_mps(u / 3.6, mc, 90.0, pasture)
    np.testing.assert_allclose(got, cheney_kmh(u, mc, 90.0, pasture) / 3.6, rtol=1e-12, atol=1e-15)


def test_ellipse_and_shape():
    lb = ds.fire.length_to_breadth(8.0)
    assert lb > 1.5
    assert ds.fire.elliptical_spread_mps(1.0, lb, 0.0) == pytest.approx(1.0)
    assert ds.fire.elliptical_spread_mps(1.0, lb, np.pi) == pytest.approx(ds.fire.backing_spread_mps(1.0, lb))
    np.testing.assert_allclose(ds.fire.elliptical_spread_mps(0.7, 1.0, np.linspace(0, 6, 13)), 0.7)


def test_bad_input_is_a_value_error_naming_the_argument():
    with pytest.raises(ValueError, match="curing_percent.*0 to 100"):
        ds.fire.grassland_spread_mps(5.0, 8.0, 120.0, "natural")
    with pytest.raises(ValueError, match="pasture"):
        ds.fire.grassland_spread_mps(5.0, 8.0, 90.0, "lawn")
    with pytest.raises(ValueError, match="1 to 13"):
        ds.fire.rothermel_spread_mps(14, MOISTURES[0], 1.0)
    with pytest.raises(ValueError, match="five fractions"):
        ds.fire.rothermel_spread_mps(1, (0.06, 0.07), 1.0)
