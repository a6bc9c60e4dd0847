"""ds.warn and ds.warning_sensitivity on the flash-flood warning scenario."""

from __future__ import annotations

import pytest

import disastersim as ds


def test_warn_returns_the_warning_tables():
    r = ds.warn(replications=2, threads=1, seed=5)
    reps = r.warning_replications
    assert list(reps["replication"]) == [0, 1]
    assert (reps["people_warned"] <= reps["people"]).all()
    assert (reps["people_exposed"] <= reps["people"]).all()
    assert set(r.warned_share["kind"]) == {"group", "channel", "departed", "sheltered"}
    assert set(r.exposed_by_group["group"]) == {"general", "elderly", "no_phone"}
    assert (r.shelters["occupancy_people"] <= r.shelters["capacity_people"]).all()


def test_warn_gives_the_same_numbers_on_any_thread_count():
    a = ds.warn(replications=3, threads=1, seed=9).warning_replications
    b = ds.warn(replications=3, threads=2, seed=9).warning_replications
    assert a["people_exposed"].tolist() == b["people_exposed"].tolist()


def test_a_later_warning_exposes_at_least_as_many_people_on_average():
    s = ds.warning_sensitivity(issue_delays_s=[0, 1800], replications=3, threads=0, seed=3)
    assert list(s["issue_delay_s"]) == [0.0, 1800.0]
    assert s["difference"].iloc[0] == 0.0
    assert s["people_exposed"].iloc[1] >= s["people_exposed"].iloc[0]
    raw = ds.warning_sensitivity(issue_delays_s=[0, 1800], replications=3, seed=3, per_replication=True)
    assert len(raw) == 6


def test_a_scenario_without_a_warning_section_is_an_input_error():
    with pytest.raises(ds.InputError):
        ds.warn(ds.default_scenario_path(), replications=1)


def test_no_delays_is_a_value_error():
    with pytest.raises(ValueError):
        ds.warning_sensitivity(issue_delays_s=[])
