"""The release in the coupled run, checked from outside: the concentrations a
run reports at its road nodes are the puff train of ds.dispersion fed the
scenario's release, weather and heights at those nodes, and in steady wind
they approach the Gaussian plume."""

from __future__ import annotations

import numpy as np
import pytest

import disastersim as ds

ROWS = COLS = 41
SPACING_M = 100.0


def _grid_network(directory):
    """A 41 x 41 grid of 100 m roads near Ordos, no zones: every node rural."""
    directory.mkdir()
    dlat = SPACING_M / 111_000.0
    dlon = SPACING_M / (111_000.0 * np.cos(np.radians(39.6)))
    lines = ["id,lon,lat"]
    for r in range(ROWS):
        for c in range(COLS):
            lines.append(f"{r * COLS + c + 1},{109.9 + c * dlon:.9f},{39.6 + r * dlat:.9f}")
    (directory / "nodes.csv").write_text("\n".join(lines) + "\n")
    edges = ["from,to,length_m,speed_kph,oneway"]
    for r in range(ROWS):
        for c in range(COLS):
            a = r * COLS + c + 1
            if c + 1 < COLS:
                edges.append(f"{a},{a + 1},{SPACING_M},36,0")
            if r + 1 < ROWS:
                edges.append(f"{a},{a + COLS},{SPACING_M},36,0")
    (directory / "edges.csv").write_text("\n".join(edges) + "\n")
    return directory / "nodes.csv"


@pytest.fixture(scope="module")
def steady(tmp_path_factory):
    nodes = _grid_network(tmp_path_factory.mktemp("net") / "grid")
    centre = (ROWS // 2) * COLS + COLS // 2 + 1
    scenario = {
        "name": "steady-release",
        "region": {"network": str(nodes)},
        "stations": [{"id": "s", "location": {"node": 1}}],
        "teams": [{"id": "hz", "station": "s", "level": "enterprise", "size": 6, "vehicle_class": "hazmat",
                   "capabilities": ["hazmat"]}],
        "horizon": "3 h",
        "replications": 1,
        "chemical": {
            "releases": [{"chemical": "chlorine", "at": {"node": centre}, "start": "10 min", "height": "2 m",
                          "continuous": {"rate": "1 kg/s", "duration": "2 h"}}],
            "weather": {"wind": {"speed": 3, "from": 250}, "stability": "D", "mixing_height": "800 m"},
            "duration": "90 min",
            "frame_interval": 0,
        },
    }
    return ds.run(scenario, replications=1, progress=False)


def test_the_run_reports_the_puff_train_of_its_release_at_its_nodes(steady):
    nodes = steady.chemical_nodes
    release = steady.chemical_releases.iloc[0]
    attributes = steady.attributes_of("chemical_releases")
    assert len(nodes) > 100
    times = attributes["first_release_s"] + 60.0 * np.arange(91)
    c = ds.dispersion.puff_train(
        ds.dispersion.continuous_release(1.0, 7200.0, start_s=600.0),
        ds.dispersion.weather(speed_mps=3.0, from_deg=250.0, stability="D", mixing_height_m=800.0),
        nodes["x_m"].to_numpy(), nodes["y_m"].to_numpy(), "rural", times,
        source_x_m=release["x_m"], source_y_m=release["y_m"], release_height_m=2.0, receptor_height_m=1.5,
        progress=False) * 1e6  # mg/m3
    np.testing.assert_allclose(nodes["peak_mg_m3"], c.max(axis=0), rtol=1e-9, atol=0.0)
    minutes = times / 60.0
    dose = ((c[1:] + c[:-1]) / 2.0 * np.diff(minutes)[:, None]).sum(axis=0)  # the trapezoid rule
    np.testing.assert_allclose(nodes["dose_mg_min_m3"], dose, rtol=1e-9, atol=1e-12)
    first = times[np.argmax(c > attributes["aegl2_mg_m3"], axis=0)]
    above = c.max(axis=0) > attributes["aegl2_mg_m3"]
    assert above.any()
    np.testing.assert_array_equal(nodes["arrival_aegl2_s"].to_numpy()[above], first[above])
    assert np.isnan(nodes["arrival_aegl2_s"].to_numpy()[~above]).all()


def test_in_steady_wind_the_peak_downwind_approaches_the_gaussian_plume(steady):
    nodes = steady.chemical_nodes
    release = steady.chemical_releases.iloc[0]
    # Along the wind (blowing towards 70 degrees) and across it, from the release.
    towards = np.radians(70.0)
    dx = nodes["x_m"].to_numpy() - release["x_m"]
    dy = nodes["y_m"].to_numpy() - release["y_m"]
    along = dx * np.sin(towards) + dy * np.cos(towards)
    across = dx * np.cos(towards) - dy * np.sin(towards)
    far = (along > 500.0) & (along < 2500.0) & (np.abs(across) < 60.0)
    assert far.sum() >= 3
    plume = ds.dispersion.plume_concentration(1.0, 3.0, 2.0, 800.0, "D", "rural", along[far], across[far], 1.5) * 1e6
    np.testing.assert_allclose(nodes["peak_mg_m3"].to_numpy()[far], plume, rtol=0.03)
