"""The grassland fire in the coupled run, checked from outside: dsim run prints
what a bureau asks (area burned, villages reached, roads closed, when it was
held), the results carry the fire's tables, the numbers do not depend on the
thread count, plans that differ in a call time meet the same fire until their
crews differ (common random numbers), and the spread map draws."""

from __future__ import annotations

import copy
import subprocess

import matplotlib
import numpy as np
import pytest
import yaml

import disastersim as ds

matplotlib.use("Agg")

SCENARIO = ds.scenario_path("grassland_fire")


@pytest.fixture(scope="module")
def scenario():
    return yaml.safe_load(SCENARIO.read_text())


@pytest.fixture(scope="module")
def results(scenario):
    return ds.run(scenario, replications=3, threads=2)


def test_dsim_run_prints_the_fire(tmp_path, dsim_cli):
    out = tmp_path / "fire.h5"
    done = subprocess.run([dsim_cli, "run", str(SCENARIO), "-r", "2", "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for needle in ["area burned in 8 h", "villages reached", "roads closed by the fire", "held", "first attack",
                   "fire_runs"]:
        assert needle in text
    assert out.exists()


def test_results_carry_the_fire(results):
    assert results.has_fire
    runs = results.fire_runs()
    assert len(runs) == 3
    assert (runs["area_ha"] > 0).all()
    # Area never shrinks over the output times, and the end is at least the last of them.
    per = results.table("fire_perimeters").sort_values(["replication", "time_s"])
    for _, g in per.groupby("replication"):
        assert np.all(np.diff(g["area_ha"].to_numpy()) >= 0)
    cells = results.table("fire_cells")
    grid = results.attributes_of("fire_grid")
    area = cells.groupby("replication").size() * grid["cell_size_m"] ** 2 / 1e4
    assert np.allclose(area.sort_index().to_numpy(), runs.sort_values("replication")["area_ha"].to_numpy())
    # Every village reached raised a structure-defence incident of the plan's type.
    villages = results.table("fire_villages")
    incidents = results.incidents
    assert len(villages) > 0
    for row in villages.itertuples():
        inc = incidents[(incidents["replication"] == row.replication) & (incidents["incident"] == row.incident)]
        assert len(inc) == 1 and inc["type"].iloc[0] == "structure_defence"
        assert inc["call_s"].iloc[0] >= row.reached_s
    # The warning chain warns of the fire's forecast: the villages in its path are in the hazard's path,
    # warned after the fire starts.
    warning = results.table("warning_replications")
    start = results.table("fire_cells")["arrival_s"].min()
    assert (warning["people_in_path"] > 0).all()
    assert (warning["issued_s"] > start).all()
    # Roads closed where the fire burned reopen after the closure time (in the next step).
    closures = results.table("fire_closures").dropna(subset=["reopened_s"])
    assert ((closures["reopened_s"] - closures["closed_s"]) >= 30 * 60 - 5 * 60 - 1e-6).all()


def test_same_numbers_whatever_the_thread_count(scenario):
    one = ds.run(scenario, replications=2, threads=1).table("fire_cells")
    two = ds.run(scenario, replications=2, threads=2).table("fire_cells")
    key = ["replication", "cell"]
    a, b = one.sort_values(key).reset_index(drop=True), two.sort_values(key).reset_index(drop=True)
    assert a.equals(b)


def test_plans_share_the_fire_until_their_crews_differ(scenario):
    late = copy.deepcopy(scenario)
    late["fire"]["suppression"]["calls"][1]["after"] = "4 h"
    early = ds.run(scenario, replications=2, threads=2)
    later = ds.run(late, replications=2, threads=2)
    first_attack = early.fire_runs()["first_attack_s"].min()
    for r in (0, 1):
        a = early.table("fire_cells")
        b = later.table("fire_cells")
        a = a[(a["replication"] == r) & (a["arrival_s"] < first_attack)].sort_values("cell")
        b = b[(b["replication"] == r) & (b["arrival_s"] < first_attack)].sort_values("cell")
        assert a["cell"].tolist() == b["cell"].tolist()
        assert np.allclose(a["arrival_s"].to_numpy(), b["arrival_s"].to_numpy())
    # The banner's call comes three hours later (or not at all, when the fire is held by then).
    def major_calls(results):
        inc = results.incidents
        return inc[(inc["type"] == "grassland_fire") & (inc["severity"] == "major")].set_index("replication")["call_s"]

    a, b = major_calls(early), major_calls(later)
    assert len(a) == 2
    for r, t in b.items():
        assert t == pytest.approx(a[r] + 3 * 3600.0)


def test_the_spread_map_draws(results):
    ax = results.plot_fire_spread(hours=(1, 2, 4))
    labels = [t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else []
    labels += [t.get_text() for lg in ax.figure.legends for t in lg.get_texts()]
    assert any("1 h after ignition" in t for t in labels)
    assert any("fireline built" in t for t in labels)
    assert any(a.get_gid() == "wind" for a in ax.artists)
    with pytest.raises(ValueError, match="hours"):
        results.plot_fire_spread(hours=(0,))
