"""Drills through the public interfaces: ds.drill_play / drill_evaluate / drill_design and
`dsim drill design|evaluate`, with the drill pages opened in a real headless browser."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import disastersim as ds
from browser import open_in_browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DRILL = ROOT / "scenarios" / "drills" / "flood_season_drill.yaml"
EXAMPLE_LOG = ROOT / "scenarios" / "drills" / "flood_season_log.csv"

DRILL = """name: Old town fire drill
scenario: {scenario}
duration: 2 h
replications: {replications}
seed: 5
capabilities:
  - {{id: response, name: Response to the old-town fire}}
tasks:
  - {{id: sent, name: First unit sent, capability: response, event: dispatch, incident: fire_a, target: 2 min}}
  - {{id: first, name: First unit on scene, capability: response, event: first_arrival, incident: fire_a, target: 8 min}}
  - {{id: sent_abs, name: Sent (from the start), capability: response, event: dispatch, incident: fire_a,
     from: start, target: 14 min}}
  - {{id: arrive_abs, name: On scene (from the start), capability: response, event: first_arrival, incident: fire_a,
     from: start, target: 20 min}}
injects:
  - id: fire
    description: A house fire in the old town
    incident_list:
      - {{name: fire_a, time: "00:10", type: structure_fire, severity: minor, location: {{zone: old_town}}}}
"""


def run_cli(dsim_cli, *args):
    return subprocess.run([dsim_cli, *map(str, args)], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def drill_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("drill") / "drill.yaml"
    path.write_text(DRILL.format(scenario=ds.default_scenario_path(), replications=40))
    return path


@pytest.fixture(scope="module")
def reference(drill_file) -> ds.DrillPlay:
    """The simulated times the logs are scored against."""
    return ds.drill_play(drill_file, replications=300, seed=12, progress=False)


def test_logs_drawn_from_the_simulation_score_uniform_percentiles(drill_file, reference):
    drawn = ds.drill_play(drill_file, replications=80, seed=11, progress=False)
    percentiles = {"sent": [], "first": []}
    shifted = []
    for r in range(drawn.replications):
        log = drawn.simulated_log(r)
        assert set(log["task"]) == {"call", "sent", "first", "sent_abs", "arrive_abs"}
        scores = ds.drill_evaluate(drill_file, log, play=reference).scores.set_index("task")
        for task in percentiles:
            percentiles[task].append(scores.loc[task, "percentile"])
        # The same log with the first arrival 3 minutes later: no longer drawn from the model.
        late = log.copy()
        at = late["task"] == "first"
        late.loc[at, "time"] = [f"+{float(t[1:]) + 180.0:.3f}" for t in late.loc[at, "time"]]
        shifted.append(ds.drill_evaluate(drill_file, late, play=reference).scores.set_index("task").loc["first", "percentile"])
    for task, values in percentiles.items():
        assert stats.kstest(values, "uniform").pvalue > 0.01, (task, sorted(values))
    assert stats.kstest(shifted, "uniform").pvalue < 1e-3  # the check can fail


def test_a_hand_made_log_scores_as_computed_by_hand(drill_file, reference, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("time,task,actor,place,note\n"
                   "+00:13,sent_abs,dispatch desk,fire_a,\n"
                   "+00:25,first_arrival,station_crew,,names neither first_arrival task\n"
                   "+00:25,arrive_abs,crew,fire_a,\n"
                   "+00:40,cleared,crew,fire_a,fire out\n")
    ev = ds.drill_evaluate(drill_file, log, play=reference, report=tmp_path / "aar.html")
    s = ev.scores.set_index("task")
    # By hand: dispatch 780 s from the start against 840 s: met; arrival 1500 s against 1200 s: missed.
    assert s.loc["sent_abs", "status"] == "met" and s.loc["sent_abs", "observed_s"] == 780.0
    assert s.loc["arrive_abs", "status"] == "missed" and s.loc["arrive_abs", "observed_s"] == 1500.0
    assert s.loc["sent", "status"] == "not observed" and np.isnan(s.loc["sent", "percentile"])
    # Percentile: the share of simulated dispatch times (from time 0) below 780 s, ties counting half.
    inc = reference.results.incidents
    simulated = inc.loc[inc["source"] == "fire_a", "first_dispatch_s"].to_numpy()
    expected = (np.sum(simulated < 780.0) + 0.5 * np.sum(simulated == 780.0)) / len(simulated)
    assert s.loc["sent_abs", "percentile"] == pytest.approx(expected)
    # Two first_arrival tasks and a row naming neither: ambiguous; `cleared` has no task.
    unmatched = ev.unmatched.set_index("log_line")
    assert set(unmatched.index) == {3, 5}
    assert "2 tasks are tied to first_arrival" in unmatched.loc[3, "reason"]
    # 1 of 4 met: fewer than half -> U.
    cap = ev.capabilities.iloc[0]
    assert (cap["tasks"], cap["met"], cap["missed"], cap["not_observed"], cap["rating"]) == (4, 1, 1, 2, "U")
    assert (tmp_path / "aar.html").stat().st_size > 1000


def test_ratings_follow_the_rule(drill_file, reference, tmp_path):
    """Every task met at its simulated median: P; one met but slower than every simulated run: S."""
    med = reference.expected.set_index("task")
    inc = reference.results.incidents
    call = float(np.median(inc.loc[inc["source"] == "fire_a", "call_s"]))
    rows = [("+%.3f" % (call + med.loc["sent", "median_s"]), "sent"),
            ("+%.3f" % (call + med.loc["first", "median_s"]), "first"),
            ("+%.3f" % med.loc["sent_abs", "median_s"], "sent_abs"),
            ("+%.3f" % med.loc["arrive_abs", "median_s"], "arrive_abs")]
    log = pd.DataFrame({"time": [t for t, _ in rows], "task": [k for _, k in rows]})
    assert ds.drill_evaluate(drill_file, log, play=reference).capabilities["rating"].iloc[0] == "P"
    slow = med.loc["arrive_abs", "p90_s"] + 0.5 * (1200.0 - med.loc["arrive_abs", "p90_s"])
    assert slow < 1200.0  # still within the target
    log.loc[3, "time"] = "+%.3f" % slow
    ev = ds.drill_evaluate(drill_file, log, play=reference)
    late = ev.scores.set_index("task").loc["arrive_abs"]
    assert late["status"] == "met" and late["percentile"] > 0.9
    assert ev.capabilities["rating"].iloc[0] == "S"


@pytest.mark.parametrize("rows, line, field", [
    ("time,task\n9 o'clock,sent\n", 2, "time"),
    ("time,task\n+00:05,sentt\n", 2, "task"),
    ("time,task,actor\n+00:10,sent,crew\n+00:05,first,crew\n", 3, "time"),
    ("", 1, None),
])
def test_bad_logs_exit_2_and_write_nothing(dsim_cli, drill_file, tmp_path, rows, line, field):
    log = tmp_path / "log.csv"
    log.write_text(rows)
    proc = run_cli(dsim_cli, "drill", "evaluate", drill_file, log, "-r", "3")
    assert proc.returncode == 2, proc.stderr
    assert f"log.csv:{line}" in proc.stderr
    if field:
        assert f" {field}:" in proc.stderr
    if "sentt" in rows:
        assert "did you mean 'sent'" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]


def test_a_bad_inject_points_at_the_drill_file(dsim_cli, tmp_path):
    drill = tmp_path / "drill.yaml"
    drill.write_text(DRILL.format(scenario=ds.default_scenario_path(), replications=3).replace(
        "type: structure_fire", "type: structure_fir"))
    proc = run_cli(dsim_cli, "drill", "evaluate", drill, EXAMPLE_LOG)
    assert proc.returncode == 2
    assert "drill.yaml:" in proc.stderr and "inject 'fire'" in proc.stderr


def test_the_example_drill_end_to_end_in_the_browser(dsim_cli, tmp_path):
    report, csv, h5 = tmp_path / "aar.html", tmp_path / "scores.csv", tmp_path / "scores.h5"
    proc = run_cli(dsim_cli, "drill", "evaluate", EXAMPLE_DRILL, EXAMPLE_LOG, "-r", "12", "-j", "2",
                   "--report", report, "--csv", csv, "-o", h5)
    assert proc.returncode == 0, proc.stderr
    scores = pd.read_csv(csv).set_index("task")
    assert scores.loc["village_035_answered", "status"] == "missed"
    assert scores.loc["crash_video", "status"] == "not observed"
    assert scores.loc["knocking_036", "status"] == "met"
    assert scores.loc["evacuated_036", "status"] == "missed"
    r = ds.load(h5)
    assert list(r.drill_unmatched["task"]) == ["cleared"]
    assert set(r.drill_capabilities["rating"]) <= {"P", "S", "M", "U"}
    with open_in_browser(report, tmp_path / "aar.png") as page:
        assert page.severe == []
        assert page.count("#timeline_chart rect") > 0
        assert page.count("#drill_map #roads path") > 0
        assert page.count("#drill_map #inject_incidents *") >= 2
        assert page.count("#drill_map polyline, #drill_map [id^=track_] path") >= 1
        assert page.count("#scores_table tbody tr") == 9
        assert page.count("#improvements li") >= 3
    assert (tmp_path / "aar.png").stat().st_size > 10_000


def test_design_proposes_a_playable_drill_and_a_script(dsim_cli, tmp_path):
    drill = tmp_path / "proposed.yaml"
    proc = run_cli(dsim_cli, "drill", "design", ds.default_scenario_path(), "-o", drill, "-r", "6", "-j", "2",
                   "--objectives", "response,roads")
    assert proc.returncode == 0, proc.stderr
    script = tmp_path / "proposed-script.html"
    assert drill.exists() and script.exists()
    assert "slowest_place" in proc.stdout and "critical_bridge" in proc.stdout
    play = ds.drill_play(drill, replications=4, progress=False)
    assert len(play.expected) >= 2 and (play.expected["happened"] > 0).all()
    with open_in_browser(script, tmp_path / "script.png") as page:
        assert page.severe == []
        assert page.count("#inject_map #roads path") > 0
        assert page.count("#timeline_chart rect") > 0
        assert page.count("#log_sheet tbody tr") == len(play.expected)


def test_design_from_python_returns_weak_spots(tmp_path):
    design = ds.drill_design(ds.default_scenario_path(), tmp_path / "d.yaml", objectives=["response"],
                             replications=4, progress=False)
    assert list(design.weak_spots["kind"]) == ["slowest_place"]
    assert (tmp_path / "d.yaml").read_text() == design.drill_text
    assert (tmp_path / "d-script.html").exists()


def test_zone_evacuated_reads_the_last_departure_of_the_zone(tmp_path):
    """warning_zones against warned_share (the same households counted two ways), and the
    zone_evacuated task against warning_zones row by row."""
    drill = tmp_path / "evac.yaml"
    drill.write_text(f"""name: evacuation
scenario: {ds.scenario_path("flood_warning")}
replications: 6
capabilities: [{{id: warning, name: Warning}}]
tasks:
  - {{id: out, name: Warning issued, capability: warning, event: warning_issued, target: 1 h}}
""")
    play = ds.drill_play(drill, progress=False)
    r = play.results
    zones = r.warning_zones
    assert (zones["people_left"] <= zones["people_warned"] + 1e-9).all()
    assert (zones["left_90_s"].fillna(0) <= zones["last_left_s"].fillna(0)).all()
    share = r.warned_share
    departed = share[(share["kind"] == "departed") & (share["name"] == "all")]
    last = departed.sort_values("time_s").groupby("replication").tail(1).set_index("replication")["share"]
    people = zones.groupby("replication")["people"].sum()
    left = zones.groupby("replication")["people_left"].sum()
    assert np.allclose((left / people).loc[last.index], last, atol=0.02)
    zone = zones.loc[zones["people_left"].idxmax(), "zone"]
    drill.write_text(drill.read_text() + f"""  - {{id: evac, name: Zone evacuated, capability: warning, event: zone_evacuated, zone: {zone},
     from: out, target: 2 h}}
""")
    play = ds.drill_play(drill, progress=False)
    expected = play.results.warning_zones.query("zone == @zone").set_index("replication")["last_left_s"]
    issued = play.results.warning_replications.set_index("replication")["issued_s"]
    times = pd.Series([float(t[1:]) for t in play.simulated_log(0).query("task == 'evac'")["time"]])
    assert times.iloc[0] == pytest.approx(expected.iloc[0], abs=1e-3)
    med = play.expected.set_index("task").loc["evac", "median_s"]
    assert med == pytest.approx(float(np.median((expected - issued).dropna())))
