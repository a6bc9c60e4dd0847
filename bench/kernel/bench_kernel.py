"""Event-kernel benchmark: the hold model, and M/M/c in dsim against SimPy.

Run with `make bench-kernel`. Prints the hold model's rates for dsim's event
queue and for std::priority_queue on the same draws, with their ratio and a
REGRESSION line when dsim's queue is the slower one, then M/M/c against SimPy.
The figures go into bench/RESULTS.md by hand, with the machine and the date.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import disastersim as ds

ROOT = Path(__file__).resolve().parents[2]
LAMBDA, MU, SERVERS = 4.5, 1.0, 5  # rho = 0.9
HORIZON_S = 100_000.0


def simpy_mmc(horizon_s: float, seed: int) -> tuple[int, int, float]:
    """The same M/M/c model in SimPy: returns (customers, events, mean wait)."""
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    waits: list[float] = []

    def customer(env):
        arrived = env.now
        with servers.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(MU))

    def source(env):
        while True:
            yield env.timeout(rng.expovariate(LAMBDA))
            if env.now >= horizon_s:
                return
            env.process(customer(env))

    env.process(source(env))
    events = 0
    step = env.step
    try:
        while True:
            step()
            events += 1
    except simpy.core.EmptySchedule:
        pass
    return len(waits), events, statistics.fmean(waits)


def median_time(fn, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    repeats = int(os.environ.get("DSIM_BENCH_REPEATS", "5"))
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} cores; python {platform.python_version()}")
    hold_bin = ROOT / "build" / "bench" / "bench" / "dsim_bench_hold"
    proc = subprocess.run([str(hold_bin), str(repeats)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr.strip() or f"{hold_bin.name} failed with status {proc.returncode}", file=sys.stderr)
        return 1
    hold = json.loads(proc.stdout)
    print("\nhold model (pop one event, schedule one at an exponential increment), one core, "
          f"median of {repeats};\ndsim's EventQueue and std::priority_queue on the same draws "
          "(same pops checked), ratio = dsim / std:")
    print(f"{'pending':>10} {'dsim holds/s':>14} {'std holds/s':>14} {'ratio':>7}")
    regressions = []
    for row in hold["results"]:
        print(f"{row['pending']:>10,} {row['holds_per_s']:>14,.0f} {row['std_holds_per_s']:>14,.0f} "
              f"{row['ratio']:>6.2f}x")
        if row["ratio"] < 1.0:
            regressions.append(row["pending"])
    if regressions:
        print("REGRESSION: dsim's event queue is slower than std::priority_queue at "
              + ", ".join(f"{n:,}" for n in regressions) + " pending")
    else:
        print("no regression: dsim's event queue is at least as fast as std::priority_queue at every size")

    print(f"\nM/M/c (lambda={LAMBDA}/s, mu={MU}/s, c={SERVERS}, horizon {HORIZON_S:,.0f} s), one core, median of {repeats}:")
    t_dsim, r = median_time(lambda: ds.mmc(LAMBDA, MU, SERVERS, warmup_s=0.0, horizon_s=HORIZON_S,
                                            replications=1, threads=1, seed=1), repeats)
    simpy_repeats = max(1, repeats // 2)
    t_simpy, (customers, simpy_events, _) = median_time(lambda: simpy_mmc(HORIZON_S, 1), simpy_repeats)
    dsim_eps, simpy_eps = r.events / t_dsim, simpy_events / t_simpy
    dsim_cps, simpy_cps = r.customers / t_dsim, customers / t_simpy
    print(f"{'':>8} {'customers':>10} {'events':>11} {'seconds':>9} {'events/s':>12} {'customers/s':>12}")
    print(f"{'dsim':>8} {r.customers:>10,} {r.events:>11,} {t_dsim:>9.3f} {dsim_eps:>12,.0f} {dsim_cps:>12,.0f}")
    print(f"{'SimPy':>8} {customers:>10,} {simpy_events:>11,} {t_simpy:>9.3f} {simpy_eps:>12,.0f} {simpy_cps:>12,.0f}")
    print(f"ratio dsim/SimPy: {dsim_eps / simpy_eps:.1f}x events/s, {dsim_cps / simpy_cps:.1f}x customers/s "
          "(SimPy needs more events per customer; customers/s compares the same work)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
