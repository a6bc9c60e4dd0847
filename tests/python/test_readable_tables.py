"""Tables people can read: names beside ids, the station in dispatches, the first unit
to arrive in incidents, and calendar times from the scenario's start date."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import disastersim as ds

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "good" / "small.yaml"


@pytest.fixture(scope="module")
def small_run():
    return ds.run(SMALL, replications=2, threads=2)


def station_names() -> dict[str, str]:
    """Station id -> name as small.yaml writes them (the id where it gives none)."""
    stations = SMALL.read_text().split("\nteams:")[0].split("\nstations:")[1]
    out = {}
    for block in stations.split("  - id: ")[1:]:
        station_id = block.split()[0]
        name = re.search(r"^\s+name: (.+)$", block, re.M)
        out[station_id] = name.group(1).strip() if name else station_id
    return out


def test_dispatches_and_units_name_their_station(small_run):
    names = station_names()
    units = small_run.units.drop_duplicates("unit").set_index("unit")
    d = small_run.dispatches
    assert {"station", "station_name"} <= set(d.columns)
    # The station of a dispatch is its unit's home station, named as the scenario names it.
    assert (d["station"] == units.loc[d["unit"], "station"].to_numpy()).all()
    assert (d["station_name"] == d["station"].map(names)).all()
    assert "Kangbashi fire station" in set(d["station_name"])
    assert set(small_run.units["station_name"]) <= set(names.values())
    # A unit of a team of several crews belongs to that team.
    assert (units["team"] == [u.split("#")[0] for u in units.index]).all()
    assert small_run.units_of("dispatches")["station_name"] == ""
    assert small_run.descriptions_of("dispatches")["station"]


def test_incidents_name_their_zone_and_the_first_unit_to_arrive(small_run):
    inc = small_run.incidents
    zones = ds.synthetic_region(seed=7).zones.set_index("id")["name"]
    in_zone = inc[inc["zone"] != ""]
    assert len(in_zone) > 0
    assert (in_zone["zone_name"] == in_zone["zone"].map(zones)).all()
    assert (inc.loc[inc["zone"] == "", "zone_name"] == "").all()

    d = small_run.dispatches.dropna(subset=["arrival_s"])
    first = d.loc[d.groupby(["replication", "incident"])["arrival_s"].idxmin()].set_index(["replication", "incident"])
    indexed = inc.set_index(["replication", "incident"])
    reached = indexed[np.isfinite(indexed["first_arrival_s"])]
    assert len(reached) > 10
    assert (reached["first_unit"] == first.loc[reached.index, "unit"]).all()
    assert (reached["first_unit_station"] == first.loc[reached.index, "station"]).all()
    assert (reached["first_unit_station_name"] == first.loc[reached.index, "station_name"]).all()
    # Its arrival is the incident's first arrival.
    assert np.allclose(first.loc[reached.index, "arrival_s"], reached["first_arrival_s"])
    never = indexed[~np.isfinite(indexed["first_arrival_s"])]
    assert (never["first_unit"] == "").all()


def small_with(tmp_path: Path, extra: str = "", **replace: str) -> Path:
    """small.yaml with one replication, ``replace`` (old text -> new text) applied and
    ``extra`` lines added, written to tmp_path."""
    text = SMALL.read_text().replace("replications: 20", "replications: 1")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / f"small_{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(text + extra)
    return path


START = "start_date: 2026-07-20T06:00:00+08:00\n"


def test_calendar_times_follow_the_start_date_and_its_offset(tmp_path):
    r = ds.run(small_with(tmp_path, START))
    assert r.start_time == pd.Timestamp("2026-07-20T06:00:00+08:00")
    assert r.start_time_given
    table = r.calendar(r.incidents)
    # Beside each moment, not beside durations.
    columns = list(table.columns)
    assert columns.index("call_time") == columns.index("call_s") + 1
    assert "response_time" not in columns and "first_fire_travel_time" not in columns
    expected = pd.Timestamp("2026-07-20T06:00:00+08:00") + pd.to_timedelta(table["call_s"], unit="s")
    assert (table["call_time"] == expected).all()
    assert table["call_time"].dt.tz is not None
    never = table[table["first_arrival_s"].isna()]
    assert never["first_arrival_time"].isna().all()
    assert r.to_datetime(3600.0) == pd.Timestamp("2026-07-20T07:00:00+08:00")
    assert r.to_datetime(float("inf")) is pd.NaT
    with pytest.raises(KeyError, match="no column"):
        r.calendar("incidents", columns=["nope_s"])
    # Without a start date the default day is assumed, and said.
    plain = ds.run(small_with(tmp_path))
    assert plain.start_time == pd.Timestamp("2026-01-01T00:00:00") and not plain.start_time_given


def test_the_hourly_profile_counts_clock_hours_from_the_start_time(tmp_path):
    profile = "[1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1]"
    only_seven = "[" + ", ".join(["0"] * 7 + ["1"] + ["0"] * 16) + "]"  # only between 07:00 and 08:00
    changes = {profile: only_seven, "rate: 2 per day": "rate: 20 per day", "horizon: 7 d": "horizon: 5 d"}
    fires = lambda r: r.incidents[r.incidents["type"] == "structure_fire"]["occurred_s"].to_numpy()  # noqa: E731
    at_midnight = fires(ds.run(small_with(tmp_path, **changes))) % 86400
    # The drill at 2 d is a structure fire at a set time (0 after the modulo): leave it out.
    at_midnight = at_midnight[at_midnight != 0]
    assert len(at_midnight) > 20 and ((at_midnight >= 7 * 3600) & (at_midnight < 8 * 3600)).all()
    from_six = fires(ds.run(small_with(tmp_path, START, **changes))) % 86400
    from_six = from_six[from_six != 0]
    assert len(from_six) > 20 and ((from_six >= 3600) & (from_six < 2 * 3600)).all()  # one hour after 06:00


def test_the_results_file_stores_the_start_time_and_the_names(dsim_cli, tmp_path):
    path = small_with(tmp_path, START, **{"horizon: 7 d": "horizon: 3 d"})
    out = tmp_path / "out.h5"
    done = subprocess.run([dsim_cli, "run", str(path), "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    r = ds.load(out)
    assert r.metadata["start_time"] == "2026-07-20T06:00:00+08:00"
    assert r.metadata["scenario_name"] == "small-drill" and r.scenario_name == "small-drill"
    assert r.metadata["horizon_s"] == 3 * 86400.0
    assert {"zone_name", "first_unit", "first_unit_station_name"} <= set(r.incidents.columns)
    assert {"station", "station_name"} <= set(r.dispatches.columns)
    assert r.calendar(r.dispatches)["dispatch_time"].notna().all()


def test_a_start_time_that_is_not_one_is_refused(tmp_path):
    with pytest.raises(ds.InputError, match="start_date"):
        ds.run(small_with(tmp_path, "start_date: 2026-07-20T25:00\n"))
