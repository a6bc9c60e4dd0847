"""The Python package runs the same M/M/c model as the CLI, to the same numbers."""

from __future__ import annotations

import json
import math
import subprocess
import threading

import pytest

import disastersim as ds

SMALL = dict(arrival_rate=1.5, service_rate=1.0, servers=2, warmup_s=500.0, horizon_s=5_000.0,
             replications=6, seed=99)


def run_cli(dsim_cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([dsim_cli, *args], capture_output=True, text=True, timeout=120)


def test_version_is_exposed():
    assert ds.__version__.count(".") == 2
    assert all(part.isdigit() for part in ds.__version__.split("."))


def test_python_and_cli_give_identical_numbers_for_the_same_seed(dsim_cli):
    r = ds.mmc(**SMALL, threads=2)
    proc = run_cli(dsim_cli, "mmc", "--format", "json", "--arrival-rate", "1.5", "--service-rate", "1",
                   "--servers", "2", "--warmup", "500", "--horizon", "5000", "-r", "6", "--seed", "99", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    cli = json.loads(proc.stdout)
    assert cli["customers"] == r.customers
    assert cli["events"] == r.events
    for key, ci in cli["measures"].items():
        assert ci["mean"] == r.summary.loc[key, "mean"], key
        assert ci["half_width"] == r.summary.loc[key, "half_width"], key


def test_summary_agrees_with_erlang_c():
    r = ds.mmc(arrival_rate=4.5, service_rate=1.0, servers=5, warmup_s=2_000, horizon_s=40_000,
               replications=20, seed=5, level=0.99)
    exact = ds.erlang_c(5, 4.5)
    row = r.summary.loc["probability_wait"]
    assert row["exact"] == pytest.approx(exact)
    assert row["lower"] <= exact <= row["upper"]
    assert math.isnan(r.summary.loc["p90_wait_s", "exact"])
    assert len(r.replications) == 20
    assert (r.replications["customers"] > 0).all()


def test_engine_releases_the_gil_while_it_runs():
    ticks = 0
    stop = threading.Event()

    def spin():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        before = ticks
        ds.mmc(arrival_rate=4.5, service_rate=1.0, servers=5, warmup_s=100, horizon_s=200_000,
               replications=4, threads=1)
        during = ticks - before
    finally:
        stop.set()
        spinner.join()
    # With the GIL held for the whole call the spinner could not run at all.
    assert during > 1000


def test_bad_parameters_raise_input_error():
    with pytest.raises(ds.InputError, match="servers"):
        ds.mmc(servers=0)
    with pytest.raises(ds.InputError, match="warmup_s"):
        ds.mmc(warmup_s=10.0, horizon_s=5.0)


def test_cli_rejects_unknown_options_with_usage_and_status_2(dsim_cli):
    proc = run_cli(dsim_cli, "mmc", "--no-such-option")
    assert proc.returncode == 2
    assert "Usage" in proc.stderr and "Examples" in proc.stderr
    proc = run_cli(dsim_cli, "mmc", "--servers", "zero")
    assert proc.returncode == 2
    proc = run_cli(dsim_cli, "mmc", "--warmup", "10", "--horizon", "5")
    assert proc.returncode == 2
    assert "horizon" in proc.stderr


def test_cli_help_says_what_commands_do(dsim_cli):
    top = run_cli(dsim_cli, "--help")
    assert top.returncode == 0 and "demo" in top.stdout and "mmc" in top.stdout
    demo = run_cli(dsim_cli, "mmc", "--help")
    assert demo.returncode == 0
    assert "Erlang C" in demo.stdout and "Examples" in demo.stdout


def test_text_summary_is_readable(dsim_cli):
    proc = run_cli(dsim_cli, "mmc", "-r", "4", "--horizon", "20000", "--warmup", "1000", "-j", "2")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "mean wait in queue (s)" in out and "Erlang C" in out and "95% CI" in out
