"""Response scenarios end to end: ds.run, dsim run, dsim demo and the results file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

import disastersim as ds

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "scenarios" / "ordos_default.yaml"

SMALL = {
    "name": "two-stations",
    "region": {"synthetic": {"seed": 7}},
    "stations": [
        {"id": "east", "location": {"place": "new_town_east"}},
        {"id": "west", "location": {"place": "new_town_west"}},
    ],
    "teams": [
        {"id": "brigade_east", "station": "east", "level": "fire_brigade", "size": 12, "crews": 2,
         "capabilities": ["fire"], "turnout": 60},
        {"id": "brigade_west", "station": "west", "level": "fire_brigade", "size": 12, "crews": 2,
         "capabilities": ["fire"], "turnout": 60},
    ],
    "incidents": [
        {"name": "fires", "type": "structure_fire", "rate": "6 per day", "zones": ["new_town"],
         "severity": {"minor": 1}},
    ],
    "plan": {
        "call_delay": 0, "dispatch_delay": 0,
        "responses": {"structure_fire": {"minor": {"needs": {"fire": 6}, "on_scene": "30 min"}}},
    },
    "horizon": "30 d",
    "replications": 3,
    "seed": 5,
}


def run_cli(dsim_cli, *args, cwd=None):
    return subprocess.run([dsim_cli, *args], capture_output=True, text=True, timeout=600, cwd=cwd)


@pytest.fixture(scope="module")
def default_run():
    return ds.run(DEFAULT, replications=2, threads=2)


def test_run_returns_the_tables_with_units(default_run):
    r = default_run
    assert set(["incidents", "dispatches", "units", "kpis"]) <= set(r.tables)
    assert sorted(r.incidents["replication"].unique()) == [0, 1]
    assert len(r.incidents) > 1000  # about four a day for a year, twice
    assert r.units_of("incidents")["first_arrival_s"] == "s"
    kpis = r.kpis.set_index("kpi")
    share = kpis.loc["priority_within_5min_share", "mean"]
    assert 0.0 < share < 1.0
    # The KPI equals the share computed from the incidents table itself.
    inc = r.incidents
    priority = inc[(inc["measured"] == 1) & inc["zone_type"].isin(["built_up", "industrial_park"])]
    per_rep = priority.groupby("replication").apply(
        lambda g: np.mean(g["response_s"] <= 300.0), include_groups=False)
    assert share == pytest.approx(per_rep.mean(), rel=1e-12)
    assert "ordos-default" in r.scenario_text


def test_python_and_cli_runs_give_the_same_numbers(default_run, dsim_cli, tmp_path):
    out = tmp_path / "out.h5"
    proc = run_cli(dsim_cli, "run", str(DEFAULT), "-r", "2", "-j", "1", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "priority_within_5min_share" in proc.stdout and "95% CI" in proc.stdout
    loaded = ds.load(out)
    a = default_run.kpis.set_index("kpi")["mean"]
    b = loaded.kpis.set_index("kpi")["mean"]
    assert a.index.equals(b.index)
    np.testing.assert_array_equal(a.to_numpy(), b.to_numpy())
    np.testing.assert_array_equal(default_run.incidents["first_arrival_s"].to_numpy(),
                                  loaded.incidents["first_arrival_s"].to_numpy())
    assert loaded.metadata["seed"] == 2026


def test_a_dict_scenario_runs_and_first_arrival_is_turnout_plus_travel():
    r = ds.run(SMALL)
    inc = r.incidents
    d = r.dispatches
    assert len(inc) > 100
    first = d.sort_values(["replication", "incident", "dispatch_s"]).groupby(["replication", "incident"]).first()
    merged = inc.set_index(["replication", "incident"]).join(first[["depart_s", "travel_s", "dispatch_s"]])
    unloaded = merged[merged["dispatch_s"] == merged["call_s"]]
    assert len(unloaded) > 50
    # With no call or dispatch delay: arrival = call + 60 s turnout + network travel.
    np.testing.assert_allclose(unloaded["first_arrival_s"], unloaded["call_s"] + 60.0 + unloaded["travel_s"],
                               rtol=0, atol=1e-6)


def test_same_seed_different_plans_face_the_same_incidents():
    other = dict(SMALL)
    other["teams"] = SMALL["teams"][:1]  # half the force
    a, b = ds.run(SMALL), ds.run(other)
    cols = ["replication", "occurred_s", "call_s", "node", "type"]
    assert a.incidents[cols].equals(b.incidents[cols])
    assert not a.incidents["first_arrival_s"].equals(b.incidents["first_arrival_s"])


def test_bad_scenarios_raise_input_error_and_the_cli_exits_2_writing_nothing(dsim_cli, tmp_path):
    bad = dict(SMALL)
    bad["teams"] = [dict(SMALL["teams"][0], station="nowhere")]
    with pytest.raises(ds.InputError, match="station"):
        ds.run(bad)
    path = tmp_path / "bad.yaml"
    path.write_text(DEFAULT.read_text().replace("size: 50", "size: -50"))
    out = tmp_path / "bad.h5"
    proc = run_cli(dsim_cli, "run", str(path), "-o", str(out))
    assert proc.returncode == 2
    assert "bad.yaml" in proc.stderr and "size" in proc.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_force_minimums_come_with_the_results_and_in_the_summary(dsim_cli, tmp_path):
    path = ROOT / "tests" / "data" / "good" / "force_minimums.yaml"
    r = ds.run(path, replications=1)
    f = r.force_minimums
    assert len(f) == 6
    missed = f[f["met"] == 0]
    assert missed["check"].tolist() == ["township_team", "micro_fire_station"]
    assert missed["actual"].tolist() == [16, 0]
    assert (f["measure"].tolist()) == [6, 6, 7, 7, 7, 8]
    proc = run_cli(dsim_cli, "run", str(path), "-r", "1")
    assert proc.returncode == 0, proc.stderr
    assert "Force minimums (Ordos measures 6-8): 4 of 6 met" in proc.stdout
    assert "not met (measure 7, township_team): people in township-level teams at station street_office: 16, " \
        "at least 20" in proc.stdout


def test_what_the_run_assumed_comes_with_the_results_file_and_line(dsim_cli, tmp_path):
    # small.yaml has no team at the banner/social and city steps of its ladder.
    path = ROOT / "tests" / "data" / "good" / "small.yaml"
    r = ds.run(path, replications=1)
    a = r.assumptions
    steps = a[a["key"].str.startswith("plan.escalation")]
    assert steps["line"].tolist() == [104, 105]
    assert set(steps["file"]) == {str(path)}
    assert "escalation step 4 (city) with no team at its levels" in steps["found"].tolist()
    out = tmp_path / "small.h5"
    proc = run_cli(dsim_cli, "run", str(path), "-r", "1", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert f"{path}:105:" in proc.stdout and "Assumed (" in proc.stdout
    assert ds.load(out).assumptions["message"].tolist() == a["message"].tolist()


def test_demo_runs_the_default_scenario_and_writes_results(dsim_cli, tmp_path):
    proc = run_cli(dsim_cli, "demo", "-r", "2", "-j", "2", "-o", "demo.h5", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "ordos-default" in proc.stdout
    assert "5-minute fire circle" in proc.stdout
    r = ds.load(tmp_path / "demo.h5")
    assert len(r.kpis) > 10
    # Its report beside it, named in the output.
    assert "Report: demo.html" in proc.stdout
    html = (tmp_path / "demo.html").read_text(encoding="utf-8")
    assert '<section id="indicators">' in html and '<g id="incidents"' in html


def test_ctrl_c_keeps_the_finished_replications(dsim_cli, tmp_path):
    import re
    import signal

    out = tmp_path / "partial.h5"
    proc = subprocess.Popen([dsim_cli, "run", str(DEFAULT), "-r", "500", "-j", "1", "--progress", "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = ""
    try:
        # Wait for evidence that replications are finishing, then interrupt.
        while True:
            ch = proc.stderr.read(1)
            assert ch, "dsim run ended before reporting progress: " + seen
            seen += ch
            done = re.findall(r"(\d+)/500\b", seen)
            if done and int(done[-1]) >= 2:
                break
        proc.send_signal(signal.SIGINT)
        stdout, _ = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "interrupted" in stdout
    r = ds.load(out)
    finished = r.incidents["replication"].nunique()
    assert 2 <= finished < 500
    assert r.kpis.set_index("kpi").loc["incidents", "replications"] == finished


BAD_SCENARIOS = sorted((ROOT / "tests" / "data" / "bad").glob("*.yaml"))


@pytest.mark.parametrize("path", BAD_SCENARIOS, ids=[p.stem for p in BAD_SCENARIOS])
def test_every_malformed_scenario_exits_2_with_its_file_and_leaves_no_results(dsim_cli, tmp_path, path):
    out = tmp_path / "out.h5"
    proc = run_cli(dsim_cli, "run", str(path), "-o", str(out))
    assert proc.returncode == 2, proc.stderr
    assert path.name in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_there_are_at_least_twenty_kinds_of_bad_scenario():
    assert len(BAD_SCENARIOS) >= 20


def test_a_bridge_drill_sends_units_the_long_way_round_while_the_bridges_are_out():
    # Both stations are on the north bank; the fires are in the new town's south district.
    fire = {"type": "structure_fire", "severity": "minor", "location": {"place": "new_town_south_centre"}}
    drill = {k: v for k, v in SMALL.items() if k != "incidents"}
    drill.update(incident_list=[dict(fire, time="01:00"), dict(fire, time="05:00")], horizon="8 h",
                 replications=1)
    open_roads = ds.run(drill).incidents.sort_values("occurred_s")
    drill["road_closures"] = [
        {"name": f"bridge_{k}_out", "from": {"place": f"bridge_{k}_north"}, "to": {"place": f"bridge_{k}_south"},
         "start": "00:30", "end": "03:00"}
        for k in (1, 2, 3)
    ]
    closed = ds.run(drill).incidents.sort_values("occurred_s")
    response_open = (open_roads["first_arrival_s"] - open_roads["call_s"]).to_numpy()
    response_closed = (closed["first_arrival_s"] - closed["call_s"]).to_numpy()
    # During the closure the units detour by the expressway bridge; after it, the town bridges again.
    assert response_closed[0] > response_open[0] + 60.0
    # (Open roads read the station tables' 32-bit times, rounded within 2^-24 relative; the run with
    # closures routes in double.)
    assert response_closed[1] == pytest.approx(response_open[1], rel=2.0**-24)


def test_a_closure_naming_an_unknown_place_is_refused_with_the_key(dsim_cli, tmp_path):
    drill = dict(SMALL, road_closures=[{"from": {"place": "bridge_9_north"}, "to": {"place": "bridge_2_south"}}])
    with pytest.raises(ds.InputError, match=r"road_closures\[0\]\.from"):
        ds.run(drill)


def test_an_area_closure_holds_the_incident_inside_it_until_the_roads_reopen():
    fire = {"type": "structure_fire", "severity": "minor", "location": {"place": "new_town_south_centre"},
            "time": "01:00"}
    drill = {k: v for k, v in SMALL.items() if k != "incidents"}
    drill.update(incident_list=[fire], horizon="8 h", replications=1,
                 road_closures=[{"at": {"place": "new_town_south_centre"}, "radius_m": 300,
                                 "start": "00:30", "end": "04:00"}])
    d = ds.run(drill).dispatches
    assert len(d) == 1
    assert d["dispatch_s"].iloc[0] == pytest.approx(4 * 3600.0)
    assert d["arrival_s"].iloc[0] > 4 * 3600.0


# Chemical incidents need a hazmat team and the scenario has none: three calls in four are never reached.
UNREACHABLE = {
    "name": "no-hazmat",
    "region": {"synthetic": {"seed": 7, "nodes": 10000}},
    "stations": [{"id": "ds_fire", "location": {"place": "old_town_centre"}}],
    "teams": [{"id": "ds_team", "station": "ds_fire", "level": "community", "size": 6, "crews": 2,
               "capabilities": ["fire"], "turnout": 60}],
    "incidents": [
        {"name": "fires", "type": "structure_fire", "rate": "2 per day", "zones": ["old_town"]},
        {"name": "leaks", "type": "chemical_leak", "rate": "6 per day", "zones": ["old_town"]},
    ],
    "plan": {"call_delay": 0, "dispatch_delay": 0,
             "responses": {"structure_fire": {"minor": {"needs": {"fire": 3}, "on_scene": "20 min"}},
                           "chemical_leak": {"minor": {"needs": {"hazmat": 4}, "on_scene": "1 h"}}}},
    "horizon": "5 d",
    "replications": 2,
    "seed": 5,
}


def test_calls_never_reached_are_counted_with_their_reason_in_the_summary_and_the_file(dsim_cli, tmp_path):
    scenario = tmp_path / "no_hazmat.yaml"
    scenario.write_text(json.dumps(UNREACHABLE))
    out = tmp_path / "out.h5"
    proc = run_cli(dsim_cli, "run", str(scenario), "-o", str(out), "-j", "2")
    assert proc.returncode == 0, proc.stderr
    r = ds.load(out)
    unreached = r.incidents[r.incidents.not_reached_reason != "reached"]
    assert len(unreached) > len(r.incidents) / 2
    assert set(unreached.not_reached_reason) == {"no_capable_unit"}
    assert (unreached.type == "chemical_leak").all()
    assert r.incidents.first_arrival_s.isna().sum() == len(unreached)
    kpis = r.kpis.set_index("kpi")["mean"]
    assert kpis["not_reached"] == pytest.approx(len(unreached) / 2)
    assert kpis["not_reached_no_capable_unit"] == kpis["not_reached"]
    # The summary counts them, says why, and does not let the arrival mean pass for the whole.
    assert f"Calls never reached by any unit: {len(unreached)} of {len(r.incidents)}" in proc.stdout
    assert "no_capable_unit" in proc.stdout
    assert "WARNING: most calls were never reached" in proc.stdout
    arrival_row = next(line for line in proc.stdout.splitlines() if line.startswith("mean_first_arrival_s"))
    assert "! over the" in arrival_row and "of calls reached: describes few calls" in arrival_row


def test_run_shows_the_flood_and_the_replications_on_stderr(capfd):
    ds.run(ds.scenario_path("flood_rainstorm"), replications=2, threads=2)
    err = capfd.readouterr().err
    assert "flood (simulated seconds):" in err
    assert "replications: 2/2" in err
    ds.run(ds.scenario_path("flood_rainstorm"), replications=2, threads=2, progress=False)
    assert "replications" not in capfd.readouterr().err
