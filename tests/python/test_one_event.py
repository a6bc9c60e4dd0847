"""One event, one run, from Python: the flood season week plays the flood, the
warning chain, evacuation and the everyday calls in one event loop."""

from __future__ import annotations

import pytest

import disastersim as ds

SEASON = ds.scenario_path("ordos_flood_season")


@pytest.fixture(scope="module")
def season(tmp_path_factory):
    """The week without its stockpiles: supplies that run short slow the rescues and move which unit goes where,
    which is not what these tests are about (tests/python/test_logistics_*.py are)."""
    text = SEASON.read_text()
    assert "\nlogistics:" in text
    path = tmp_path_factory.mktemp("variant") / "season.yaml"
    path.write_text(text[:text.index("\nlogistics:")] + "\n")
    return path


@pytest.fixture(scope="module")
def shared(season):
    return ds.run(season, replications=2, threads=2)


@pytest.fixture(scope="module")
def not_shared(season, tmp_path_factory):
    text = season.read_text()
    assert "shared_forces: true" in text
    path = tmp_path_factory.mktemp("variant") / "not_shared.yaml"
    path.write_text(text.replace("shared_forces: true", "shared_forces: false"))
    return ds.run(path, replications=2, threads=2)


def test_one_run_holds_the_response_the_flood_and_the_warning(shared):
    for table in ("incidents", "dispatches", "units", "kpis", "flood_closures", "warning_replications",
                  "warned_share", "warning_calls", "warning_duties"):
        assert table in shared, table
    reps = shared.warning_replications
    assert list(reps["replication"]) == [0, 1]
    assert (reps["people_warned"] <= reps["people"]).all()
    # The mobile network is down in two villages: SMS and outbound calls to them fail and are counted.
    assert (reps["contacts_lost_to_outages"] > 0).all()
    assert (reps["calls_failed_no_network"] > 0).all()
    # Village forces knocked on doors, and the units table says for how long.
    duties = shared.warning_duties
    assert set(duties["unit"]).issuperset({"village_036_force#1", "village_036_force#2", "assault_4#1"})
    knocking = shared.units[shared.units["unit"].str.startswith("village_")]
    assert (knocking["duty_s"] > 0).any()
    assert set(shared.warned_share["kind"]) == {"group", "channel", "departed", "sheltered"}


def test_duty_and_exposure_tables_name_their_stations_and_zones(shared):
    duties = shared.warning_duties
    units = shared.units.drop_duplicates("unit").set_index("unit")
    assert (duties["station"] == units.loc[duties["unit"], "station"].to_numpy()).all()
    exposure = shared.tables["flood_exposure"]
    # The synthetic region names every zone; the names follow the ids.
    for table in (duties, exposure):
        assert (table["zone_name"] != "").all()
        assert table.groupby("zone")["zone_name"].nunique().eq(1).all()


def test_warn_is_a_view_of_the_same_run(shared, season):
    w = ds.warn(season, replications=2, threads=1)
    assert "incidents" not in w
    cols = ["people_warned", "people_exposed", "share_evacuated_in_time", "calls_failed_no_network"]
    assert w.warning_replications[cols].equals(shared.warning_replications[cols])


def test_shared_teams_make_the_same_calls_wait(shared, not_shared):
    a = shared.incidents.set_index(["replication", "incident"])
    b = not_shared.incidents.set_index(["replication", "incident"])
    # Common random numbers: the same calls at the same times and places in both plans.
    assert a["occurred_s"].equals(b["occurred_s"])
    assert a["node"].equals(b["node"])
    # Not shared, no unit is ever held for the warning; shared, some are, and help reaches the same calls later
    # overall: a flood rescue call near the river finds village_036's force knocking on doors, and a unit from
    # farther away goes instead.
    assert (not_shared.units["duty_s"] == 0).all()
    assert (shared.units["duty_s"] > 0).any()
    later = (a["first_arrival_s"] - b["first_arrival_s"]).dropna()
    assert later.sum() > 0
    rescues_later = later[(later > 0) & (a.loc[later.index, "type"] == "water_rescue")]
    assert len(rescues_later) > 0
    sent = shared.dispatches.set_index(["replication", "incident"]).loc[rescues_later.index, "unit"]
    sent_apart = not_shared.dispatches.set_index(["replication", "incident"]).loc[rescues_later.index, "unit"]
    assert sent_apart.str.startswith("village_036_force").any()
    assert not sent.str.startswith("village_036_force").any()
