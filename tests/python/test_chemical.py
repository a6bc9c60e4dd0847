"""Chemical releases from Python: the chemical_* tables of ds.run and of a results file, the
threat-zone map, the concentration curve, the exposure summary, paired policy runs, and the
CLI's answer to a misspelt chemical."""

from __future__ import annotations

import copy
import math
import subprocess
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import yaml

import disastersim as ds
from disastersim import chemical_plots

matplotlib.use("Agg")

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "chemical_park_release.yaml"

COLUMNS = {
    "chemical_releases": ["name", "source", "node", "lon", "lat", "x_m", "y_m", "start_s", "end_s", "total_kg",
                          "peak_rate_kg_s", "height_m"],
    "chemical_weather": ["time_s", "speed_mps", "from_deg", "stability"],
    "chemical_nodes": ["node", "lon", "lat", "x_m", "y_m", "zone", "zone_name", "people", "air_changes_per_h",
                       "peak_mg_m3", "peak_ppm", "peak_time_s", "peak_indoor_mg_m3", "dose_mg_min_m3", "toxic_load",
                       "arrival_aegl1_s", "indoor_arrival_aegl1_s", "arrival_aegl2_s", "indoor_arrival_aegl2_s",
                       "arrival_aegl3_s", "indoor_arrival_aegl3_s"],
    "chemical_zones": ["time_s", "level", "nodes", "people"],
    "chemical_zone_exposure": ["zone", "zone_name", "action", "arrival_s", "level", "people_outdoors",
                               "people_indoors"],
    "chemical_exposure": ["replication", "zone", "zone_name", "action", "arrival_s", "level", "people_outdoors",
                          "people_indoors"],
    "chemical_place_series": ["place", "node", "time_s", "outdoor_mg_m3", "indoor_mg_m3"],
    "chemical_grid": ["row", "col", "x_m", "y_m", "lon", "lat", "peak_mg_m3"],
    "chemical_frames": ["frame", "time_s", "cell", "c_mg_m3"],
    "chemical_road_changes": ["time_s", "from_node", "to_node", "closed", "protected"],
}


def small_scenario(**changes) -> dict:
    """The park release on a 10,000-node synthetic region (the same park and villages, faster)."""
    scenario = yaml.safe_load(SCENARIO.read_text())
    scenario["region"] = {"synthetic": {"seed": 7, "nodes": 10000}}
    for path, value in changes.items():
        section, key = path.split(".")
        scenario[section][key] = copy.deepcopy(value)
    return scenario


@pytest.fixture(scope="module")
def release():
    return ds.run(small_scenario(), replications=3, progress=False)


@pytest.fixture(autouse=True)
def close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def test_a_run_with_a_release_has_every_chemical_table_with_its_documented_columns(release):
    assert release.has_chemical
    for table, columns in COLUMNS.items():
        assert list(release.table(table).columns) == columns, table
    assert len(release.chemical_nodes) > 0 and len(release.chemical_exposure) > 0
    assert set(release.chemical_exposure["replication"]) <= {0, 1, 2}
    assert not ds.Results({"incidents": pd.DataFrame({"call_s": [1.0]})}).has_chemical


def test_levels_come_from_the_table_attributes_with_ppm_and_mg_m3_consistent(release):
    levels = release.chemical_levels()
    attributes = release.attributes_of("chemical_releases")
    assert sorted(levels) == [1, 2, 3]
    molar_mass = attributes["molar_mass_g_mol"]
    for level, info in levels.items():
        assert info["name"] == f"AEGL-{level}" and info["kind"] == "AEGL"
        assert info["mg_m3"] == attributes[f"aegl{level}_mg_m3"]
        assert info["ppm"] == pytest.approx(info["mg_m3"] * 24.45 / molar_mass, rel=1e-9)
        assert info["duration_s"] == 3600.0
    # Ammonia's 60-minute AEGLs (NRC 2008): 30, 160 and 1,100 ppm.
    assert [levels[k]["ppm"] for k in (1, 2, 3)] == pytest.approx([30.0, 160.0, 1100.0])
    assert release.attributes_of("chemical_grid")["rows"] * release.attributes_of("chemical_grid")["cols"] == \
        len(release.chemical_grid)


def test_a_results_file_keeps_the_table_attributes(release, dsim_cli, tmp_path):
    scenario = tmp_path / "small_release.yaml"
    scenario.write_text(yaml.safe_dump(small_scenario()))
    out = tmp_path / "release.h5"
    proc = subprocess.run([dsim_cli, "run", str(scenario), "-r", "3", "-o", str(out)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    loaded = ds.load(out)
    assert loaded.chemical_levels() == release.chemical_levels()
    assert loaded.attributes_of("chemical_grid")["cell_size_m"] == release.attributes_of("chemical_grid")["cell_size_m"]
    pd.testing.assert_frame_equal(loaded.chemical_exposure_summary(), release.chemical_exposure_summary())


def _zone_paths(ax, level: int):
    zone = [c for c in ax.collections if c.get_gid() == f"aegl{level}_zone"]
    assert len(zone) == 1, f"one filled AEGL-{level} area expected"
    return zone[0].get_paths()


def _inside_and_near(paths, lon, lat, tolerance_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Whether each point lies inside one of the filled paths, and whether it lies within
    ``tolerance_m`` of a vertex of their outlines."""
    points = np.column_stack([lon, lat])
    inside = np.zeros(len(points), dtype=bool)
    vertices = []
    for path in paths:
        inside |= path.contains_points(points)
        vertices.append(path.vertices)
    vertices = np.concatenate(vertices)
    metres = chemical_plots.maps.METRES_PER_DEGREE
    shrink = math.cos(math.radians(float(np.mean(lat))))
    dx = (points[:, None, 0] - vertices[None, :, 0]) * metres * shrink
    dy = (points[:, None, 1] - vertices[None, :, 1]) * metres
    return inside, np.sqrt(dx * dx + dy * dy).min(axis=1) <= tolerance_m


def test_the_aegl2_zone_drawn_covers_every_node_above_aegl2_and_no_node_far_below(release):
    # Up to a grid cell: the grid samples the plume at cell centres, the nodes where they are.
    ax = release.plot_threat_zones()
    aegl2 = release.chemical_levels()[2]["mg_m3"]
    cell_m = release.attributes_of("chemical_grid")["cell_size_m"]
    paths = _zone_paths(ax, 2)
    nodes = release.chemical_nodes
    above = nodes[nodes["peak_mg_m3"] > aegl2]
    assert len(above) > 20
    inside, near = _inside_and_near(paths, above["lon"].to_numpy(), above["lat"].to_numpy(), cell_m)
    assert (inside | near).all(), above[~(inside | near)][["node", "peak_mg_m3"]]
    assert inside.mean() > 0.9
    far_below = nodes[nodes["peak_mg_m3"] < 0.25 * aegl2]
    inside, near = _inside_and_near(paths, far_below["lon"].to_numpy(), far_below["lat"].to_numpy(), cell_m)
    assert not (inside & ~near).any(), far_below[inside & ~near][["node", "peak_mg_m3"]]
    assert (~inside).mean() > 0.99


def test_the_threat_zone_map_shows_the_turning_wind_the_release_and_the_levels(release):
    from matplotlib.text import Text

    ax = release.plot_threat_zones()
    wind = [a for a in ax.artists if a.get_gid() == "wind"]
    assert len(wind) == 1
    texts = " ".join(t.get_text() for t in wind[0].findobj(Text))
    assert "01:30: wind 2 m/s from SSW" in texts and "02:10: wind 2 m/s from S" in texts
    labels = ax.get_legend().get_texts()
    legend = [t.get_text() for t in labels]
    assert any(t.startswith("AEGL-2: 160 ppm (111 mg/m³), 60 min") for t in legend)
    assert "release point" in legend
    assert any(t.startswith("roads ever closed") for t in legend)
    release_row = release.chemical_releases.iloc[0]
    stars = [c for c in ax.collections if c.get_label() == "release point"]
    assert np.allclose(stars[0].get_offsets()[0], [release_row["lon"], release_row["lat"]])
    assert "chemical-park-release: ammonia threat zones" in ax.get_title()
    assert "01:30 to 04:30" in ax.get_title()


def test_a_map_at_a_time_draws_the_nearest_frame_and_the_wind_then(release):
    from matplotlib.text import Text

    times = chemical_plots.frame_times(release)
    frames = release.chemical_frames
    listed = frames.drop_duplicates("frame").set_index("frame")["time_s"]
    assert np.allclose(times[listed.index], listed.to_numpy())
    assert times[0] == release.attributes_of("chemical_releases")["first_release_s"]
    frame = int(listed.index[len(listed) // 2])
    ax = release.plot_threat_zones(time_s=times[frame] + 100.0)
    clock = f"{release.to_datetime(times[frame]):%H:%M}"
    assert f"threat zones at {clock}" in ax.get_title()
    wind = release.chemical_weather[release.chemical_weather["time_s"] <= times[frame]].iloc[-1]
    texts = " ".join(t.get_text() for a in ax.artists if a.get_gid() == "wind" for t in a.findobj(Text))
    assert f"from {chemical_plots.compass(wind['from_deg'])}\n" in texts
    # The drawn AEGL-1 area holds the frame's cells above AEGL-1.
    aegl1 = release.chemical_levels()[1]["mg_m3"]
    grid = release.chemical_grid
    these = frames[(frames["frame"] == frame) & (frames["c_mg_m3"] > 2 * aegl1)]
    cells = grid.set_index(grid["row"] * release.attributes_of("chemical_grid")["cols"] + grid["col"]).loc[these["cell"]]
    assert len(cells) > 0
    inside, _ = _inside_and_near(_zone_paths(ax, 1), cells["lon"].to_numpy(), cells["lat"].to_numpy(), 0.0)
    assert inside.all()


def test_the_concentration_curve_draws_the_place_series_and_the_levels_at_their_values(release):
    ax = release.plot_concentration("village_001_centre")
    series = release.chemical_place_series
    these = series[series["place"] == "village_001_centre"].sort_values("time_s")
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert np.allclose(lines["outdoors"].get_ydata(), these["outdoor_mg_m3"])
    assert np.allclose(lines["indoors (buildings' air changes)"].get_ydata(), these["indoor_mg_m3"])
    levels = release.chemical_levels()
    drawn = {line.get_gid(): line.get_ydata()[0] for line in ax.get_lines() if line.get_gid()}
    assert drawn == pytest.approx({f"aegl{k}": levels[k]["mg_m3"] for k in (1, 2, 3)})
    # Clock times on the x axis: the first point is the release's start, 01:30 local.
    first = matplotlib.dates.num2date(ax.get_xlim()[0], tz=release.start_time.tzinfo)
    assert (first.hour, first.minute) == (1, 30)
    assert "ppm" in [a for a in ax.child_axes][0].get_ylabel()
    assert len(release.plot_concentration("village_001_centre", indoor=False).get_lines()) == 1 + 3


def test_asking_for_a_place_the_gas_never_reached_lists_those_it_did(release):
    with pytest.raises(KeyError, match="village_001_centre"):
        release.plot_concentration("nowhere")


def test_the_exposure_summary_adds_up_the_zone_tables(release):
    summary = release.chemical_exposure_summary()
    base = release.chemical_zone_exposure
    exposure = release.chemical_exposure
    assert list(summary.index) == [1, 2, 3]
    for level in (1, 2, 3):
        b = base[base["level"] == level]
        assert summary.loc[level, "no_action_outdoors"] == pytest.approx(b["people_outdoors"].sum())
        assert summary.loc[level, "no_action_total"] == pytest.approx(b["people_outdoors"].sum()
                                                                      + b["people_indoors"].sum())
        e = exposure[exposure["level"] == level]
        per_rep = (e["people_outdoors"] + e["people_indoors"]).groupby(e["replication"]).sum()
        per_rep = per_rep.reindex(range(3), fill_value=0.0)
        assert summary.loc[level, "total"] == pytest.approx(per_rep.mean())
        assert summary.loc[level, "replications"] == 3
    assert "over the 3 replications" in summary.attrs["note"]
    # Warning and acting can only lower exposure.
    assert (summary["total"] <= summary["no_action_total"] + 1e-9).all()
    assert (summary["total"] < summary["no_action_total"]).any()


def test_the_same_seed_pairs_policy_runs_over_the_same_replications():
    def sweep_point(action: str):
        scenario = small_scenario(**{"warning.issue_at": "110 min",
                                     "chemical.protective_action": {"default": action}})
        return ds.run(scenario, replications=3, seed=11, progress=False)

    shelter, again = sweep_point("shelter"), sweep_point("shelter")
    pd.testing.assert_frame_equal(shelter.chemical_exposure, again.chemical_exposure)
    evacuate = sweep_point("evacuate")
    # Common random numbers: the same warning reaches the same people; only the action differs.
    pd.testing.assert_series_equal(shelter.warning_replications["issued_s"], evacuate.warning_replications["issued_s"])
    assert set(shelter.chemical_exposure["action"]) == {"shelter"}
    assert set(evacuate.chemical_exposure["action"]) == {"evacuate"}
    a = shelter.chemical_exposure_by_replication().set_index(["replication", "level"])["people"]
    b = evacuate.chemical_exposure_by_replication().set_index(["replication", "level"])["people"]
    assert a.index.equals(b.index)
    assert not np.allclose(a.to_numpy(), b.to_numpy())


def test_a_misspelt_chemical_stops_the_run_with_its_position_and_a_suggestion(dsim_cli, tmp_path):
    text = SCENARIO.read_text()
    assert text.count("chemical: ammonia") == 1
    bad = tmp_path / "bad_release.yaml"
    bad.write_text(text.replace("chemical: ammonia", "chemical: amonia"))
    line = text.splitlines().index(next(t for t in text.splitlines() if "chemical: ammonia" in t)) + 1
    column = text.splitlines()[line - 1].index("ammonia") + 1
    out = tmp_path / "out.h5"
    proc = subprocess.run([dsim_cli, "run", str(bad), "-r", "2", "-o", str(out)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2
    message = proc.stdout + proc.stderr
    assert f"{bad}:{line}:{column}: chemical.releases[0].chemical" in message
    assert "did you mean 'ammonia'" in message
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad_release.yaml"]


def test_every_frame_has_its_time_and_the_frames_follow_the_interval(release):
    times = release.chemical_frame_times.sort_values("frame")
    frames = release.chemical_frames.drop_duplicates("frame").set_index("frame")["time_s"]
    assert len(times) == release.attributes_of("chemical_frames")["frames"]
    for frame, time_s in frames.items():
        assert times.set_index("frame").loc[frame, "time_s"] == time_s
    steps = np.diff(times["time_s"].to_numpy())
    assert len(steps) > 3 and np.allclose(steps, 600.0)  # the default 10-minute frames
    assert times["time_s"].iloc[0] == release.attributes_of("chemical_releases")["first_release_s"]
