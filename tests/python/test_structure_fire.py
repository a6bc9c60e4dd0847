"""Structure fires that grow: a second alarm at flashover and work that grows with the fire (docs/models.md)."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import yaml

import disastersim as ds

ROOT = Path(__file__).resolve().parents[2]

# One brigade far enough from the new town that fast fires often flash over
# before its six people are all there.
FIRES = {
    "name": "growing-fires",
    "region": {"synthetic": {"seed": 7}},
    "stations": [{"id": "west", "location": {"place": "new_town_west"}}],
    "teams": [
        {"id": "brigade", "station": "west", "level": "fire_brigade", "size": 24, "crews": 4,
         "capabilities": ["fire"], "turnout": 60},
        {"id": "ambulance", "station": "west", "level": "fire_brigade", "size": 2,
         "capabilities": ["medical"], "turnout": 60},
    ],
    "incidents": [
        {"name": "fires", "type": "structure_fire", "rate": "4 per day", "zones": ["new_town"],
         "severity": {"minor": 1}, "fire_growth": {"medium": 1, "fast": 1}},
    ],
    "plan": {
        "call_delay": 30, "dispatch_delay": 0,
        "responses": {"structure_fire": {"minor": {
            "needs": {"fire": 6}, "on_scene": "30 min",
            "second_alarm": {"needs": {"fire": 6, "medical": 2}}}}},
    },
    "horizon": "20 d",
    "replications": 2,
    "seed": 5,
}


@pytest.fixture(scope="module")
def fires():
    return ds.run(FIRES)


def test_second_alarms_sound_at_flashover_when_the_crew_is_late(fires):
    inc = fires.incidents
    assert "second_alarm_s" in inc.columns
    assert fires.units_of("incidents")["second_alarm_s"] == "s"
    alarmed = inc[inc["second_alarm_s"].notna()]
    calm = inc[inc["second_alarm_s"].isna()]
    assert len(alarmed) > 5 and len(calm) > 5
    np.testing.assert_array_equal(alarmed["second_alarm_s"], alarmed["flashover_s"])
    assert (alarmed["full_arrival_s"] > alarmed["flashover_s"]).all()
    assert (calm["full_arrival_s"] <= calm["flashover_s"]).all()
    assert (calm["contained"] == 1).all() and (alarmed["contained"] == 0).all()
    # Both alarms: 6 + 6 fire and 2 medical.
    assert (alarmed["people_needed"] == 14).all() and (calm["people_needed"] == 6).all()
    assert (alarmed["units_sent"] > calm["units_sent"].max()).all()
    # The work grew: cleared later than the first crew's arrival plus the drawn 30 minutes.
    assert (alarmed["cleared_s"] > alarmed["full_arrival_s"] + 1800.0).all()


def test_the_second_alarm_kpi_is_the_share_of_growing_fires(fires):
    kpis = fires.kpis.set_index("kpi")
    inc = fires.incidents[fires.incidents["measured"] == 1]
    per_rep = inc.groupby("replication")["second_alarm_s"].apply(lambda s: s.notna().mean())
    assert kpis.loc["second_alarm_share", "mean"] == pytest.approx(per_rep.mean(), rel=1e-12)
    counts = inc.groupby("replication")["second_alarm_s"].count()
    assert kpis.loc["second_alarms", "mean"] == pytest.approx(counts.mean(), rel=1e-12)


def test_without_a_second_alarm_key_the_first_alarm_is_sent_again(fires):
    plain = copy.deepcopy(FIRES)
    del plain["plan"]["responses"]["structure_fire"]["minor"]["second_alarm"]
    inc = ds.run(plain).incidents
    alarmed = inc[inc["second_alarm_s"].notna()]
    assert len(alarmed) > 5
    assert (alarmed["people_needed"] == 12).all()
    # The same fires face the same draws: the same ones sound a second alarm.
    np.testing.assert_array_equal(inc["second_alarm_s"].notna(), fires.incidents["second_alarm_s"].notna())


def test_the_run_summary_counts_the_second_alarms(dsim_cli, tmp_path):
    path = tmp_path / "fires.yaml"
    path.write_text(yaml.safe_dump(FIRES))
    proc = subprocess.run([dsim_cli, "run", str(path), "-o", str(tmp_path / "out.h5")], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    line = next(l for l in proc.stdout.splitlines() if l.startswith("Second alarms:"))
    assert "growing fires over 2 replications" in line
    assert "second_alarm_share" in proc.stdout


def test_the_output_format_lists_the_column_and_the_indicators():
    text = (ROOT / "docs" / "output-format.md").read_text()
    assert "| `second_alarm_s` |" in text
    assert "`second_alarm_share`" in text and "`second_alarms`" in text


def test_validate_warns_of_a_second_alarm_the_teams_cannot_meet(dsim_cli, tmp_path):
    scenario = copy.deepcopy(FIRES)
    scenario["plan"]["responses"]["structure_fire"]["minor"]["second_alarm"] = {"needs": {"fire": 20, "hazmat": 2}}
    path = tmp_path / "fires.yaml"
    path.write_text(yaml.safe_dump(scenario))
    proc = subprocess.run([dsim_cli, "validate", "--format", "json", str(path)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    keys = {p["key"]: p for p in report[0]["problems"]}
    assert "never meets" in keys["plan.responses.structure_fire.minor.second_alarm.needs.hazmat"]["note"]
    # 6 + 20 fire people asked for, 24 held by the brigade.
    assert keys["plan.responses.structure_fire.minor.second_alarm.needs.fire"]["found"] == "26 with the first alarm's"
