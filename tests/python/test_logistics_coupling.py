"""Logistics in the run, checked from outside: supplies that do not come slow the
work they feed, the numbers do not depend on the thread count, and a road
closed in a drill makes the trucks go round it."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import disastersim as ds
from test_logistics_results import SCENARIO


def _run(scenario, threads=1):
    return ds.run(scenario, threads=threads, progress=False)


@pytest.fixture(scope="module")
def base():
    return _run(SCENARIO)


def test_work_without_its_supplies_stops_and_the_calls_clear_later(base):
    # The same incidents (common random numbers) with the work stopped while short instead of at full pace.
    stopped, full = copy.deepcopy(SCENARIO), copy.deepcopy(SCENARIO)
    stopped["logistics"]["demand"]["incidents"]["water_rescue"]["without"] = 0
    full["logistics"]["demand"]["incidents"]["water_rescue"]["without"] = 1
    a, b = _run(stopped), _run(full)
    ia = a.incidents.set_index(["replication", "incident"])
    ib = b.incidents.set_index(["replication", "incident"])
    assert ia["occurred_s"].equals(ib["occurred_s"])
    took_a = (ia["cleared_s"] - ia["first_arrival_s"]).dropna()
    took_b = (ib["cleared_s"] - ib["first_arrival_s"]).dropna()
    common = took_a.index.intersection(took_b.index)
    assert len(common) > 5
    # At full pace the work takes its 3 hours; stopped, it waits for the first sandbags and the pump.
    assert np.allclose(took_b.loc[common], 3 * 3600.0, rtol=1e-6)
    assert (took_a.loc[common] >= took_b.loc[common] - 1e-6).all()
    assert (took_a.loc[common] > took_b.loc[common] + 60).mean() > 0.5
    # ... and the wait is the incidents' shortage: the work stood still while any of its items was short, so the
    # wait is at least the longest shortage of one item and at most their sum.
    short = a.logistics_shortages
    short = short[(short["site_kind"] == "incident")].groupby(["replication", "incident"])["short_s"]
    extra = took_a.loc[common] - took_b.loc[common]
    assert (extra >= short.max().reindex(common).fillna(0.0) - 1.0).all()
    assert (extra <= short.sum().reindex(common).fillna(0.0) + 1.0).all()


def test_the_same_seed_gives_the_same_logistics_on_one_thread_or_two(base):
    two = _run(SCENARIO, threads=2)
    for table in ("logistics_requests", "logistics_deliveries", "logistics_balance"):
        assert base[table].equals(two[table]), table


def test_a_depot_cut_off_in_a_drill_holds_its_loads_until_the_roads_reopen(base):
    # Every road meeting at the city reserve's node is closed from 1 h to 12 h.
    assert (base.logistics_deliveries["blocked_s"] == 0).all()
    closed = copy.deepcopy(SCENARIO)
    closed["road_closures"] = [{"name": "depot gate roads", "at": {"place": "new_town_centre"}, "radius_m": 0,
                                "start": "1 h", "end": "12 h"}]
    c = _run(closed)
    d = c.logistics_deliveries
    city = d[(d["depot"] == "city_reserve") & np.isfinite(d["depart_s"])]
    during = city[(city["depart_s"] >= 3600) & (city["depart_s"] < 12 * 3600)]
    assert len(during) > 0
    # A load that left while the roads were shut waited at the depot until 12 h, and says how long.
    assert (during["arrive_s"] > 12 * 3600).all()
    assert np.allclose(during["blocked_s"], 12 * 3600 - during["depart_s"], atol=1e-6)
    assert (city.loc[city["depart_s"] >= 12 * 3600, "blocked_s"] == 0).all()
