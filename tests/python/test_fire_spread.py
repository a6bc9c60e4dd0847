"""The fire spread from Python: the one-call form and the stepped fire with held line."""

from __future__ import annotations

import math

import numpy as np
import pytest

from disastersim import _core

ROWS, COLS, CELL_M = 60, 60, 30.0


def fields(turn_s: float = 900.0):
    """A wind from the south turning to blow from the west at turn_s, some bare cells."""
    n = (ROWS, COLS)
    head = np.full(n, 1.0, dtype=np.float32)
    head[::9, 3::13] = 0.0
    times = np.array([0.0, turn_s])
    return dict(
        times_s=times,
        head_mps=np.stack([head, head * 0.8]),
        lb=np.full((2, *n), 3.0, dtype=np.float32),
        heading_rad=np.stack([np.zeros(n, np.float32), np.full(n, math.pi / 2, np.float32)]),
    )


@pytest.mark.parametrize("stencil", [8, 16, 32, 48, 80])
def test_stepped_fire_matches_one_call_and_front_stops_it(stencil):
    f = fields()
    ign = 20 * COLS + 30
    once = _core.spread_fire(ROWS, COLS, CELL_M, ignitions=[ign], ignition_times_s=[0.0], end_s=2000.0,
                             stencil=stencil, **f)
    fire = _core.FireSpread(ROWS, COLS, CELL_M, stencil=stencil, **f)
    fire.ignite(ign, 0.0)
    for t in range(100, 2001, 100):
        fire.advance_to(float(t))
    assert fire.now_s == 2000.0
    np.testing.assert_array_equal(fire.arrival_s(), once)

    fire = _core.FireSpread(ROWS, COLS, CELL_M, stencil=stencil, **f)
    fire.ignite(ign, 0.0)
    fire.advance_to(400.0)
    front = fire.front()
    assert front.size > 0 and not fire.contained()
    arrival = fire.arrival_s().ravel()
    assert np.all(np.isinf(arrival[front]))
    area = fire.burned_area_m2()
    assert area == pytest.approx(np.isfinite(arrival).sum() * CELL_M**2)
    fire.hold(front)
    assert fire.held(int(front[0]))
    assert fire.contained() and fire.front().size == 0
    fire.advance_to(1e6)
    assert fire.burned_area_m2() == area
    # Unheld, the same fire burns on.
    free = _core.spread_fire(ROWS, COLS, CELL_M, ignitions=[ign], ignition_times_s=[0.0], end_s=1e6,
                             stencil=stencil, **f)
    assert np.isfinite(free).sum() * CELL_M**2 > area


def test_bad_stencil_and_held_cell_are_refused():
    f = fields()
    with pytest.raises(Exception, match="stencil"):
        _core.FireSpread(ROWS, COLS, CELL_M, stencil=64, **f)
    fire = _core.FireSpread(ROWS, COLS, CELL_M, **f)
    with pytest.raises(Exception, match="held cell"):
        fire.hold([-1])
    with pytest.raises(Exception, match="held cell"):
        fire.hold(ROWS * COLS)
