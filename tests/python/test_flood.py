"""The flood tables of a results file: grids back as arrays, closures over time, plots."""

from __future__ import annotations

import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402

import disastersim as ds  # noqa: E402
from disastersim import _core  # noqa: E402


def write_flood_sample(path):
    rows, cols = 2, 3
    r, c = np.divmod(np.arange(rows * cols), cols)
    grid = {
        "row": r.astype(np.int64),
        "col": c.astype(np.int64),
        "lon": 109.0 + 0.001 * c,
        "lat": 39.0 - 0.001 * r,
        "bed_m": np.array([10.0, 9.0, 8.0, 10.5, 9.5, np.nan]),
        "max_depth_m": np.array([0.0, 0.2, 1.5, 0.0, 0.05, 0.0]),
        "arrival_s": np.array([np.nan, 600.0, 0.0, np.nan, 1200.0, np.nan]),
    }
    frames = {
        "frame": np.array([0, 1, 1, 1], dtype=np.int64),
        "time_s": np.array([0.0, 1800.0, 1800.0, 1800.0]),
        "cell": np.array([2, 1, 2, 4], dtype=np.int64),
        "depth_m": np.array([1.0, 0.2, 1.5, 0.05]),
    }
    closures = {
        "edge": np.array([4, 5, 4], dtype=np.int64),
        "from_node": np.array([1, 2, 1], dtype=np.int64),
        "to_node": np.array([2, 1, 2], dtype=np.int64),
        "vehicle_class": ["standard", "standard", "high_clearance"],
        "closure_depth_m": np.array([0.3, 0.3, 0.6]),
        "closed_s": np.array([600.0, 900.0, 1200.0]),
        "reopened_s": np.array([3000.0, np.inf, 2400.0]),
        "max_depth_m": np.array([0.9, 0.5, 0.9]),
        "from_lon": np.array([109.0, 109.001, 109.0]),
        "from_lat": np.array([39.0, 39.0, 39.0]),
        "to_lon": np.array([109.001, 109.0, 109.001]),
        "to_lat": np.array([39.0, 39.0, 39.0]),
    }
    _core.write_results(str(path), {"flood_grid": grid, "flood_frames": frames, "flood_closures": closures},
                        metadata={"seed": 1, "replications": 1})


def test_flood_grids_come_back_as_arrays_with_row_zero_north(tmp_path):
    path = tmp_path / "flood.h5"
    write_flood_sample(path)
    r = ds.load(path)
    assert r.has_flood
    depth = r.flood_grid()
    assert depth.shape == (2, 3)
    assert depth[0, 2] == 1.5
    assert np.isnan(r.flood_grid("bed_m")[1, 2])
    assert list(r.flood_frame_times()) == [0.0, 1800.0]
    frame = r.flood_depth_at(1)
    assert frame[0, 1] == 0.2 and frame[1, 1] == 0.05 and frame[1, 0] == 0.0


def test_closed_roads_over_time_counts_open_intervals_per_class(tmp_path):
    path = tmp_path / "flood.h5"
    write_flood_sample(path)
    closed = ds.load(path).closed_roads_over_time()
    assert list(closed.columns) == ["high_clearance", "standard"]
    assert closed.loc[0.0, "standard"] == 0
    assert closed.loc[900.0, "standard"] == 2
    assert closed.loc[1200.0, "high_clearance"] == 1
    assert closed.loc[2400.0, "high_clearance"] == 0
    assert closed.loc[3000.0, "standard"] == 1  # the second one never reopens
    every = ds.load(path).closed_roads_over_time(step_s=600.0)
    assert list(every.index[:3]) == [0.0, 600.0, 1200.0]
    assert every.loc[1200.0, "standard"] == 2


def test_flood_plots_draw_depth_closed_roads_and_closures(tmp_path):
    path = tmp_path / "flood.h5"
    write_flood_sample(path)
    r = ds.load(path)
    ax = r.plot_flood_depth()
    assert len(ax.images) == 1
    # One line per closed edge (closed to two classes, drawn once).
    assert any(isinstance(c, LineCollection) and len(c.get_segments()) == 2 for c in ax.collections)
    ax2 = r.plot_flood_depth(frame=1, vehicle_class="high_clearance")
    assert any(isinstance(c, LineCollection) and len(c.get_segments()) == 1 for c in ax2.collections)
    ax3 = r.plot_closures()
    assert len(ax3.get_lines()) == 2
    plt.close("all")


BAD_DEMS = sorted((Path(__file__).resolve().parents[2] / "tests" / "data" / "bad" / "dem").glob("*.yaml"))


@pytest.mark.parametrize("path", BAD_DEMS, ids=[p.stem for p in BAD_DEMS])
def test_a_flood_over_an_unusable_dem_exits_2_naming_the_dem_and_writes_nothing(dsim_cli, tmp_path, path):
    out = tmp_path / "out.h5"
    proc = subprocess.run([dsim_cli, "run", str(path), "-r", "1", "-o", str(out)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert path.with_suffix(".asc").name in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_there_are_four_kinds_of_unusable_dem():
    assert len(BAD_DEMS) == 4
