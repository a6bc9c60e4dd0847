"""Sweeps, shards, merges and resumes (`dsim sweep`, `dsim merge`, `ds.sweep`), checked through the
command line and the Python package: the same units give the same rows wherever they run."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

import disastersim as ds

REPO = Path(__file__).resolve().parents[2]


def short_base(folder: Path, days: int = 20) -> Path:
    """The default scenario over a short horizon, so that a sweep runs in seconds."""
    text = (REPO / "scenarios" / "ordos_default.yaml").read_text()
    assert "horizon: 365 d" in text and "warmup: 7 d" in text
    text = text.replace("horizon: 365 d", f"horizon: {days} d").replace("warmup: 7 d", "warmup: 1 d")
    path = folder / "base.yaml"
    path.write_text(text)
    return path


def write_sweep(folder: Path, *, replications: int = 4, block: int = 2, extra: str = "") -> Path:
    short_base(folder)
    path = folder / "sweep.yaml"
    path.write_text(f"""base: base.yaml
replications: {replications}
block: {block}
seed: 11
parameters:
  turnout_s:
    set: teams.brigade_*.turnout
    values: [60, 300]
    unit: s
  township_crews:
    set: teams.assault_*.crews
    values: [1, 3]
{extra}""")
    return path


def run(cli: str, *args, check: bool = True) -> subprocess.CompletedProcess:
    out = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=600)
    if check:
        assert out.returncode == 0, out.stdout + out.stderr
    return out


def tables(path: Path, names=("runs", "design")) -> dict[str, pd.DataFrame]:
    res = ds.load(path)
    return {name: res.table(name) for name in names}


def assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = tables(a), tables(b)
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name], check_exact=True)


@pytest.fixture(scope="module")
def swept(tmp_path_factory, dsim_cli):
    folder = tmp_path_factory.mktemp("sweep")
    sweep = write_sweep(folder)
    whole = folder / "whole.h5"
    out = run(dsim_cli, "sweep", sweep, "-o", whole, "-j", 2)
    return folder, sweep, whole, out.stdout


def test_sweep_writes_one_row_per_point_and_replication(swept):
    folder, sweep, whole, stdout = swept
    res = ds.load(whole)
    runs = res.runs
    assert len(runs) == 4 * 4
    assert sorted(runs.groupby("point").size().tolist()) == [4, 4, 4, 4]
    grid = res.design[["turnout_s", "township_crews"]].to_numpy().tolist()
    assert grid == [[60, 1], [60, 3], [300, 1], [300, 3]]  # the first parameter varies slowest
    assert res.units_of("runs")["turnout_s"] == "s"
    assert res.metadata["complete"] == 1 and res.metadata["units_total"] == 8
    assert res.metadata["batch_kind"] == "sweep" and len(res.metadata["content_hash"]) == 16
    # The parameter reaches the run: a 5-minute turnout of the fire brigades slows the first arrivals.
    means = runs.groupby("turnout_s").mean_first_arrival_s.mean()
    assert means[300] > means[60]
    # Common random numbers: every point faces the same incidents in replication r.
    per_rep = runs.pivot(index="replication", columns="point", values="incidents")
    assert (per_rep.nunique(axis=1) == 1).all()
    assert "Work units: 8 run now" in stdout


def test_a_point_equals_the_scenario_it_stands_for(swept, dsim_cli, tmp_path):
    """Design point p3 (turnout 300 s, 3 crews) run as a hand-edited scenario gives the same indicators."""
    folder, sweep, whole, _ = swept
    text = (folder / "base.yaml").read_text()
    import yaml

    scenario = yaml.safe_load(text)
    for team in scenario["teams"]:
        if team["id"].startswith("brigade_"):
            team["turnout"] = "300 s"
        if team["id"].startswith("assault_"):
            team["crews"] = 3
    scenario["seed"] = 11
    res = ds.run(scenario, replications=4, progress=False)
    mine = res.kpi_replications.pivot(index="replication", columns="kpi", values="value")
    runs = ds.load(whole).runs
    p3 = runs[runs.point == 3].set_index("replication")
    for kpi in ("incidents", "mean_first_arrival_s", "within_5min_share"):
        np.testing.assert_array_equal(p3[kpi].to_numpy(), mine[kpi].to_numpy())


def test_shards_merged_equal_the_whole(swept, dsim_cli, tmp_path):
    folder, sweep, whole, _ = swept
    parts = []
    for i in (1, 2, 3):
        part = tmp_path / f"part-{i}.h5"
        run(dsim_cli, "sweep", sweep, "--shard", f"{i}/3", "-o", part, "-j", 1)
        parts.append(part)
        assert ds.load(part).metadata["shard"] == f"{i}/3"
    merged = tmp_path / "merged.h5"
    out = run(dsim_cli, "merge", *parts, "-o", merged)
    assert "8 of 8 work units" in out.stdout
    assert_same_tables(merged, whole)
    assert ds.load(merged).metadata["complete"] == 1

    # A share twice: refused, nothing written.
    twice = tmp_path / "twice.h5"
    bad = run(dsim_cli, "merge", parts[0], parts[0], parts[1], "-o", twice, check=False)
    assert bad.returncode == 2 and "unit 0 also in" in bad.stderr and not twice.exists()
    # A share missing: named, nothing written unless asked.
    partial = tmp_path / "partial.h5"
    bad = run(dsim_cli, "merge", parts[0], parts[1], "-o", partial, check=False)
    assert bad.returncode == 2 and "2 of 8 work units are in no part: 2, 5" in bad.stderr and not partial.exists()
    run(dsim_cli, "merge", parts[0], parts[1], "-o", partial, "--allow-missing")
    assert ds.load(partial).metadata["complete"] == 0
    # ... and the sweep run into it runs only the missing units.
    out = run(dsim_cli, "sweep", sweep, "-o", partial)
    assert "Work units: 2 run now, 6 resumed" in out.stdout
    assert_same_tables(partial, whole)


def test_merge_refuses_parts_of_another_batch(swept, dsim_cli, tmp_path):
    folder, sweep, whole, _ = swept
    other_seed = tmp_path / "seed.h5"
    run(dsim_cli, "sweep", sweep, "--shard", "1/4", "--seed", 12, "-o", other_seed)
    out = run(dsim_cli, "merge", whole, other_seed, "-o", tmp_path / "x.h5", check=False)
    assert out.returncode == 2 and "different seeds (11 and 12)" in out.stderr

    changed = tmp_path / "changed"
    changed.mkdir()
    sweep2 = write_sweep(changed, extra="")
    sweep2.write_text(sweep2.read_text().replace("values: [1, 3]", "values: [1, 2]"))
    part = tmp_path / "changed.h5"
    run(dsim_cli, "sweep", sweep2, "--shard", "1/4", "-o", part)
    out = run(dsim_cli, "merge", whole, part, "-o", tmp_path / "y.h5", check=False)
    assert out.returncode == 2 and "different scenarios or plans (content hash" in out.stderr
    assert not (tmp_path / "y.h5").exists()

    run_file = tmp_path / "plain.h5"
    run(dsim_cli, "run", folder / "base.yaml", "-r", 1, "-o", run_file)
    out = run(dsim_cli, "merge", whole, run_file, "-o", tmp_path / "z.h5", check=False)
    assert out.returncode == 2 and "batch_kind" in out.stderr

    # Resuming into a file of another batch is refused too.
    out = run(dsim_cli, "sweep", sweep2, "-o", whole, check=False)
    assert out.returncode == 2 and "a file of another batch" in out.stderr


def test_resumed_sweep_runs_no_unit_twice(swept, dsim_cli, tmp_path):
    folder, sweep, whole, _ = swept
    out_file = tmp_path / "resumed.h5"
    run(dsim_cli, "sweep", sweep, "--shard", "1/2", "-o", out_file)
    before = ds.load(out_file).work_units
    out = run(dsim_cli, "sweep", sweep, "-o", out_file)
    assert "Work units: 4 run now, 4 resumed" in out.stdout
    after = ds.load(out_file).work_units
    assert sorted(after.unit) == list(range(8))
    # The resumed units kept their rows and timings: they were not run again.
    kept = after.set_index("unit").loc[before.unit, "run_s"].to_numpy()
    np.testing.assert_array_equal(kept, before.run_s.to_numpy())
    assert_same_tables(out_file, whole)
    out = run(dsim_cli, "sweep", sweep, "-o", out_file)
    assert "Work units: 0 run now, 8 resumed" in out.stdout


def test_bad_sweep_files_point_to_their_line(tmp_path, dsim_cli):
    short_base(tmp_path)
    cases = {
        "parameters:\n  t:\n    set: teams.assault_*.turnot\n    values: [1]\n":
            ("sweep.yaml:4:10", "did you mean 'turnout'"),
        "parameters:\n  t:\n    set: teams.assault_*.turnout\n    values: [1 min]\n":
            ("sweep.yaml:5:14", "a number"),
        "parameters:\n  t:\n    set: teams.assault_*.turnout\n    valeus: [1]\n":
            ("sweep.yaml:5:5", "values"),
        "design: lhs\npoints: 3\nparameters:\n  t:\n    set: teams.assault_*.turnout\n    range: [5, 1]\n":
            ("sweep.yaml:7:12", "low < high"),
    }
    for body, (where, says) in cases.items():
        sweep = tmp_path / "sweep.yaml"
        sweep.write_text("base: base.yaml\n" + body)
        out_file = tmp_path / "out.h5"
        out = run(dsim_cli, "sweep", sweep, "-o", out_file, check=False)
        assert out.returncode == 2, body
        assert where in out.stderr and says in out.stderr, out.stderr
        assert not out_file.exists()


def test_latin_hypercube_design_is_stratified_and_seeded(tmp_path):
    short_base(tmp_path)
    sweep = tmp_path / "lhs.yaml"
    sweep.write_text("""base: base.yaml
replications: 2
design: lhs
points: 8
parameters:
  turnout_s: {set: teams.assault_*.turnout, range: [30, 270], unit: s}
  delay_s: {set: plan.call_delay, range: [0, 80], unit: s}
""")
    design = ds.batch_plan(sweep)
    values = np.array(design["parameter_values"])
    assert values.shape == (8, 2)
    for j, (low, high) in enumerate([(30, 270), (0, 80)]):
        strata = np.floor((values[:, j] - low) / (high - low) * 8).astype(int)
        assert sorted(strata) == list(range(8))  # one point in each stratum
    assert ds.batch_plan(sweep)["parameter_values"] == design["parameter_values"]
    other = ds.batch_plan(sweep, seed=99)["parameter_values"]
    assert other != design["parameter_values"]


def test_python_sweep_serial_matches_the_command_line(swept, tmp_path):
    folder, sweep, whole, _ = swept
    res = ds.sweep(sweep, progress=False)
    assert res.path is None  # a temporary file, removed
    pd.testing.assert_frame_equal(res.runs, ds.load(whole).runs, check_exact=True)
    means = res.sweep_means("turnout_s", "township_crews", "mean_first_arrival_s")
    assert means.shape == (2, 2) and (means.attrs["replications"].to_numpy() == 4).all()


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("dask.distributed")  # the cluster extra; make test installs it
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
            Client(c) as client:
        yield c, client


def test_sweep_on_a_local_cluster_is_bit_identical(swept, cluster, tmp_path):
    folder, sweep, whole, _ = swept
    _, client = cluster
    out_file = tmp_path / "dask.h5"
    res = ds.sweep(sweep, output=out_file, client=client, progress=False)
    assert_same_tables(out_file, whole)
    assert sorted(res.work_units.unit) == list(range(8))


def test_sweep_survives_a_worker_killed_midway(swept, cluster, tmp_path):
    folder, sweep, whole, _ = swept
    c, client = cluster
    killed = []

    pids = client.run(os.getpid)  # worker address -> its process

    def kill_one(stage, done, total):
        # After the first unit, one worker process is killed outright (its nanny starts another).
        if done >= 1 and not killed:
            worker = sorted(pids)[0]
            killed.append(worker)
            os.kill(pids[worker], signal.SIGKILL)

    out_file = tmp_path / "killed.h5"
    res = ds.sweep(sweep, output=out_file, client=client, progress=kill_one, checkpoint_s=0.0)
    assert killed
    units = res.work_units.unit.tolist()
    assert sorted(units) == list(range(8))  # every unit exactly once
    assert_same_tables(out_file, whole)
