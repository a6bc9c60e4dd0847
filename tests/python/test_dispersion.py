"""ds.dispersion against an independent numpy implementation (dispersion_reference.py) written
from the equations: the steady-plume footprint and a puff-train footprint to 1e-9 relative."""

from __future__ import annotations

import numpy as np
import pytest

import disastersim as ds
import dispersion_reference as ref


def test_briggs_sigmas_match_the_reference_constants_for_every_class_and_terrain():
    x = np.geomspace(50.0, 30000.0, 37)
    for cls in ds.dispersion.STABILITY_CLASSES:
        for terrain in ds.dispersion.TERRAINS:
            sy, sz = ds.dispersion.briggs_sigmas(cls, terrain, x)
            ry, rz = ref.sigmas(cls, terrain, x)
            np.testing.assert_allclose(sy, ry, rtol=1e-13)
            np.testing.assert_allclose(sz, rz, rtol=1e-13)
    sy, sz = ds.dispersion.briggs_sigmas("D", "rural", 1000.0)
    assert isinstance(sy, float) and sy == pytest.approx(80.0 / np.sqrt(1.1), rel=1e-14)
    assert ds.dispersion.briggs_sigmas("F", "urban", np.ones((2, 3)))[0].shape == (2, 3)


@pytest.mark.parametrize(
    "cls, terrain, h, lid, z",
    [("D", "rural", 0.0, 0.0, 0.0), ("B", "rural", 40.0, 0.0, 1.5), ("F", "urban", 10.0, 300.0, 2.0),
     ("C", "urban", 25.0, 250.0, 0.0), ("A", "rural", 60.0, 400.0, 0.0), ("E", "rural", 5.0, 150.0, 0.0)])
def test_the_steady_plume_footprint_on_a_grid_matches_the_reference(cls, terrain, h, lid, z):
    x, y = np.meshgrid(np.linspace(-200.0, 30000.0, 151), np.linspace(-3000.0, 3000.0, 121))
    c = ds.dispersion.plume_concentration(2.5, 3.2, h, lid, cls, terrain, x, y, z)
    expected = ref.plume(2.5, 3.2, h, lid, cls, terrain, x, y, z)
    assert c.shape == x.shape
    assert (c[x <= 0] == 0).all()
    big = expected > 1e-12 * expected.max()
    assert big.sum() > 2000
    np.testing.assert_allclose(c[big], expected[big], rtol=1e-9)
    np.testing.assert_allclose(c, expected, rtol=1e-9, atol=1e-12 * expected.max())
    if lid > 0:  # the far field is the evenly mixed layer, for both
        far = ref.sigmas(cls, terrain, x)[1] > 1.6 * lid
        assert far.any() or cls in "EF"


def _puff_case(cull: bool = True):
    # A release that varies: 2 kg/s for 10 min, 6 kg/s to 25 min, 1 kg/s to 40 min, and
    # 500 kg at once at 15 min; the wind turns from west-south-west to south then south-east,
    # slows and changes class; a town (urban) north-east of the source in open country; a lid.
    release = {"rate_times_s": [0.0, 600.0, 1500.0, 2400.0], "rate_kg_s": [2.0, 6.0, 1.0, 0.0],
               "mass_times_s": [900.0], "mass_kg": [500.0]}
    weather = ds.dispersion.weather(times_s=[0.0, 900.0, 1800.0, 2700.0], speed_mps=[4.0, 2.5, 1.5, 0.3],
                                    from_deg=[250.0, 200.0, 160.0, 140.0], stability=["C", "D", "E", "F"],
                                    mixing_height_m=700.0)
    gx, gy = np.meshgrid(np.linspace(-6000.0, 12000.0, 121), np.linspace(-5000.0, 12000.0, 115))
    rx, ry = gx.ravel(), gy.ravel()
    terrain = np.where((rx > 2000) & (rx < 6000) & (ry > 1000) & (ry < 5000), "urban", "rural")
    times = np.arange(0.0, 3601.0, 120.0)
    kwargs = dict(source_x_m=100.0, source_y_m=-50.0, release_height_m=12.0, receptor_height_m=1.5,
                  puff_interval_s=15.0, advection_step_s=10.0, cutoff_sigmas=5.0)
    got = ds.dispersion.puff_train(release, weather, rx, ry, list(terrain), times, cull_with_grid=cull, **kwargs)
    return release, weather, rx, ry, terrain, times, kwargs, got


def test_a_puff_train_footprint_with_a_varying_release_and_a_turning_wind_matches_the_reference():
    release, weather, rx, ry, terrain, times, kwargs, got = _puff_case()
    expected = ref.puff_train(release, weather, rx, ry, terrain, times, **kwargs)
    assert got.shape == (times.size, rx.size)
    big = expected > 1e-12 * expected.max()
    assert big.sum() > 15000
    np.testing.assert_allclose(got[big], expected[big], rtol=1e-9)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12 * expected.max())
    # Both see the calm: the floor keeps puffs moving at 0.5 m/s after 45 min.
    assert got[-1].max() > 0


def test_culling_changes_nothing_and_a_single_terrain_name_applies_to_every_receptor():
    *_, culled = _puff_case(cull=True)
    *_, brute = _puff_case(cull=False)
    np.testing.assert_allclose(culled, brute, rtol=1e-12, atol=0)
    release = ds.dispersion.continuous_release(1.0, 600.0)
    weather = ds.dispersion.weather(speed_mps=3.0, from_deg=270.0, stability="D")
    rx = np.array([500.0, 1000.0, 1500.0])
    one = ds.dispersion.puff_train(release, weather, rx, np.zeros(3), "urban", [400.0, 800.0], progress=False)
    each = ds.dispersion.puff_train(release, weather, rx, np.zeros(3), ["urban"] * 3, [400.0, 800.0])
    rural = ds.dispersion.puff_train(release, weather, rx, np.zeros(3), "rural", [400.0, 800.0])
    np.testing.assert_array_equal(one, each)
    assert not np.allclose(one, rural)


def test_bad_inputs_raise_input_errors_that_name_the_key():
    release = ds.dispersion.continuous_release(1.0, 600.0)
    weather = ds.dispersion.weather(times_s=[0.0, 600.0, 300.0], stability="D")
    with pytest.raises(ds.InputError, match=r"weather.times_s\[2\].*increasing"):
        ds.dispersion.puff_train(release, weather, [100.0], [0.0], "rural", [60.0])
    with pytest.raises(ds.InputError, match="stability"):
        ds.dispersion.briggs_sigmas("G", "rural", 100.0)
    with pytest.raises(ds.InputError, match="rural or urban"):
        ds.dispersion.plume_concentration(1.0, 2.0, 0.0, 0.0, "D", "suburban", 100.0, 0.0)
    with pytest.raises(ds.InputError, match="receptors_terrain"):
        ds.dispersion.puff_train(release, ds.dispersion.weather(), [1.0], [0.0], "forest", [60.0])
    with pytest.raises(ds.InputError, match=r"release.rate_kg_s\[1\]"):
        ds.dispersion.puff_train({"rate_times_s": [0.0, 60.0], "rate_kg_s": [1.0, 1.0]}, ds.dispersion.weather(),
                                 [1.0], [0.0], "rural", [60.0])


def test_turner_classes_and_wind_exponents_are_exposed():
    assert ds.dispersion.stability_class(1.5, cloud_oktas=1, solar_elevation_deg=65.0) == "A"
    assert ds.dispersion.stability_class(2.5, cloud_oktas=2) == "F"
    assert ds.dispersion.stability_class(4.0, cloud_oktas=6) == "D"
    assert ds.dispersion.stability_class(4.0, cloud_oktas=6, solar_elevation_deg=40.0) == "C"
    assert ds.dispersion.wind_profile_exponent("F") == 0.55
    assert ds.dispersion.wind_profile_exponent("A", "urban") == 0.15
