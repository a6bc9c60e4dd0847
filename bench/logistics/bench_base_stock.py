"""A base-stock depot: dsim's logistics process against a SimPy model and Palm's theorem.

Run with `make bench-logistics` (after the C++ benchmark) or on its own with the
package installed. One depot holds S units and reorders each unit it issues or
backorders, one for one, with a constant lead time L; demands of one unit
arrive as a Poisson process of rate lambda. An arriving demand is filled from
stock with probability P(N <= S - 1), N ~ Poisson(lambda L) (Palm's theorem).

dsim plays it as a scenario: Poisson incidents on the synthetic region, each
using one unit once its crew is on scene (crew and travel delays displace a
Poisson process into a Poisson process), the depot a city reserve with
`replenish: L`. The SimPy model plays the depot alone. Both run the same
demand-hours; dsim also dispatches a crew to every incident, so its time is an
upper bound on the logistics cost. Prints fill rates, wall times (medians) and
the ratio.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

import simpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from machine import cpu_model  # noqa: E402

import disastersim as ds  # noqa: E402

LAMBDA_PER_H, LEAD_H, BASE = 1.0, 4.0, 5
HORIZON_H, WARMUP_H, REPLICATIONS, REPEATS = 20000.0, 8.0, 10, 3

SCENARIO = {
    "name": "base-stock depot",
    "region": {"synthetic": {"seed": 7, "nodes": 10000}},
    "stations": [{"id": "base", "location": {"place": "new_town_centre"}}],
    "teams": [{"id": "crew", "station": "base", "level": "city", "size": 40, "crews": 40,
               "capabilities": ["fire"], "turnout": 0}],
    "incidents": [{"name": "calls", "type": "structure_fire", "rate": f"{LAMBDA_PER_H * 24} per day",
                   "zones": ["new_town"], "severity": {"minor": 1}}],
    "plan": {"call_delay": 0, "dispatch_delay": 0,
             "responses": {"structure_fire": {"minor": {"needs": {"fire": 1}, "on_scene": "10 min"}}}},
    "logistics": {
        "items": [{"id": "kit", "unit": "kit", "weight": "1 kg"}],
        "depots": [{"id": "reserve", "level": "city", "location": {"place": "new_town_centre"},
                    "stock": {"kit": BASE}, "replenish": f"{LEAD_H} h",
                    "vehicles": [{"id": "van", "count": 4, "capacity": "1 t"}]}],
        "chain": [{"levels": ["city"]}],
        "demand": {"incidents": {"structure_fire": {"per_incident": {"kit": 1}, "without": 1}}},
        "report_step": "24 h",
    },
    "horizon": f"{HORIZON_H} h",
    "warmup": f"{WARMUP_H} h",
    "replications": REPLICATIONS,
    "seed": 5,
}


def palm_fill_rate() -> float:
    m = LAMBDA_PER_H * LEAD_H
    return sum(math.exp(-m) * m**k / math.factorial(k) for k in range(BASE))


def dsim_fill_rate():
    r = ds.run(SCENARIO, threads=1, progress=False)
    q = r.logistics_requests
    q = q[q["measured"].astype(bool)]
    return float(q["from_stock"].sum() / q["quantity"].sum()), len(q)


def simpy_fill_rate():
    filled = asked = 0
    for rep in range(REPLICATIONS):
        import random
        rng = random.Random(1000 + rep)
        env = simpy.Environment()
        state = {"stock": BASE, "backorders": 0}

        def replenish():
            yield env.timeout(LEAD_H)
            if state["backorders"] > 0:
                state["backorders"] -= 1
            else:
                state["stock"] += 1

        def demands():
            nonlocal filled, asked
            while True:
                yield env.timeout(rng.expovariate(LAMBDA_PER_H))
                if env.now >= WARMUP_H:
                    asked += 1
                if state["stock"] > 0:
                    state["stock"] -= 1
                    if env.now >= WARMUP_H:
                        filled += 1
                else:
                    state["backorders"] += 1
                env.process(replenish())

        env.process(demands())
        env.run(until=HORIZON_H)
    return filled / asked, asked


def timed(fn):
    times, out = [], None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> int:
    t_dsim, (fill_dsim, n_dsim) = timed(dsim_fill_rate)
    t_simpy, (fill_simpy, n_simpy) = timed(simpy_fill_rate)
    expected = palm_fill_rate()
    print(f"base-stock depot: lambda {LAMBDA_PER_H}/h, lead time {LEAD_H} h, base stock {BASE}; "
          f"{REPLICATIONS} replications of {HORIZON_H:.0f} h; {cpu_model()}")
    print(f"  Palm's theorem           fill rate {expected:.4f}")
    print(f"  dsim (whole run)         fill rate {fill_dsim:.4f} over {n_dsim} demands   {t_dsim:.3f} s (median of {REPEATS})")
    print(f"  SimPy (the depot alone)  fill rate {fill_simpy:.4f} over {n_simpy} demands   {t_simpy:.3f} s (median of {REPEATS})")
    print(f"  SimPy / dsim time: {t_simpy / t_dsim:.2f}x (dsim also prepares the region and dispatches a crew to every demand)")
    ok = abs(fill_dsim - expected) < 0.02 and abs(fill_simpy - expected) < 0.02
    print("  both within 0.02 of the closed form" if ok else "  ! a fill rate is more than 0.02 from the closed form")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
