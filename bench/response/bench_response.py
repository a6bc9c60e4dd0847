"""Response-simulation benchmark: dsim against a SimPy model of the same dispatch logic.

Run with `make bench-response`. dsim_bench_response prepares the default
scenario once (timed apart), times the replications with one thread and with
all threads, and exports replication 0's inputs: each incident's call time,
dispatch decision time, amount of on-scene work, needs, and the travel times
from and back to every station; each unit's station, level, crew, capabilities
and turnout draws. The SimPy model below replays that replication with the
same logic (nearest capable available unit per missing need, escalation step
by step after the request delays, work at the pace of the first need's crew,
recall when the work ends, queueing by call time when every unit is busy), so
both sides do the same work; the script checks that the KPIs agree before
printing the speed ratio per core.

Speed is in simulated incident-days per second: days of the scenario's
incident stream (its horizon times the replications) per wall-clock second.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import simpy

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "bench"
BENCH = BUILD / "bench" / "response" / "dsim_bench_response"
COUPLED = BUILD / "bench" / "response" / "dsim_bench_coupled"
SCENARIO = ROOT / "scenarios" / "ordos_default.yaml"
SEASON = ROOT / "scenarios" / "ordos_flood_season.yaml"
COUPLED_TARGET = 1.3  # the coupled run may cost at most this much of the separate runs added up
FIVE_MINUTES_S = 300.0


class Replay:
    """One replication of the response model as SimPy processes."""

    def __init__(self, data: dict):
        self.env = simpy.Environment()
        self.data = data
        self.units = data["units"]
        self.incidents = data["incidents"]
        self.station_banner = data["station_banner"]
        self.escalation = data["escalation_request_delay_s"]
        self.mutual_aid = data["mutual_aid"]
        self.queue_when_busy = data["queue_when_busy"]
        self.available = [True] * len(self.units)
        self.turnout_used = [0] * len(self.units)
        self.waiting: dict[int, float] = {}  # incident -> call time, needs not yet covered
        self.dispatches: list[dict] = []
        nan = float("nan")
        self.state = []
        for inc in self.incidents:
            needs = inc["needs"]
            self.state.append({
                "assigned": [0] * len(needs), "arrived": [0] * len(needs), "dispatches": [], "step": 0,
                "pending": False, "done": False, "work_done_s": 0.0, "rate": 0.0, "updated_s": 0.0, "token": 0,
                "first_dispatch_s": nan, "first_arrival_s": nan, "comms_arrival_s": nan, "full_arrival_s": nan,
                "cleared_s": nan, "units_sent": 0, "highest_step": 0, "lost": False,
            })

    # -- processes -------------------------------------------------------
    def calls(self):
        order = sorted(range(len(self.incidents)), key=lambda i: self.incidents[i]["decide_s"])
        for i in order:
            delay = self.incidents[i]["decide_s"] - self.env.now
            if delay > 0:
                yield self.env.timeout(delay)
            self.decide(i)

    def escalate_after(self, i: int, delay_s: float):
        yield self.env.timeout(delay_s)
        st = self.state[i]
        st["pending"] = False
        if st["done"] or not self.shortfall(i):
            return
        st["step"] += 1
        st["highest_step"] = st["step"]
        self.select_units(i)

    def trip(self, k: int):
        d = self.dispatches[k]
        try:
            yield self.env.timeout(d["arrival_s"] - self.env.now)
        except simpy.Interrupt:
            return  # recalled: the work ended before it arrived
        self.unit_arrives(k)

    def work(self, i: int, token: int, delay_s: float):
        yield self.env.timeout(delay_s)
        if self.state[i]["token"] == token:  # not superseded by a faster pace
            self.work_done(i)

    def go_back(self, k: int, delay_s: float):
        yield self.env.timeout(delay_s)
        self.available[self.dispatches[k]["unit"]] = True
        self.serve_waiting()

    # -- logic -----------------------------------------------------------
    def shortfall(self, i: int) -> bool:
        st = self.state[i]
        return any(a < need[1] for a, need in zip(st["assigned"], self.incidents[i]["needs"]))

    def decide(self, i: int) -> None:
        inc, st = self.incidents[i], self.state[i]
        if not inc["defined"] or not inc["needs"]:
            st["lost"] = not inc["defined"]
            st["cleared_s"] = self.env.now
            st["done"] = True
            return
        self.select_units(i)

    def select_units(self, i: int) -> None:
        inc, st = self.incidents[i], self.state[i]
        needs = inc["needs"]
        while True:
            wanted = 0
            for a, (cap, people) in zip(st["assigned"], needs):
                if a < people:
                    wanted |= 1 << cap
            if not wanted:
                break
            best, best_s = -1, float("inf")
            for u, unit in enumerate(self.units):
                if not self.available[u] or not unit["capabilities"] & wanted:
                    continue
                if unit["step"] < 0 or unit["step"] > st["step"]:
                    continue
                if not self.mutual_aid:
                    b = self.station_banner[unit["station"]]
                    if b >= 0 and inc["banner"] >= 0 and b != inc["banner"]:
                        continue
                t = inc["to_node_s"][unit["station"]]
                t = float("inf") if t is None else t / unit["speed_factor"]
                if t < best_s:
                    best, best_s = u, t
            if best < 0:
                break
            self.dispatch(i, best)
        if not self.shortfall(i):
            self.waiting.pop(i, None)
            return
        more_steps = st["step"] + 1 < len(self.escalation)
        if more_steps and not st["pending"]:
            st["pending"] = True
            self.env.process(self.escalate_after(i, self.escalation[st["step"] + 1]))
        if self.queue_when_busy:
            self.waiting[i] = inc["call_s"]
        elif not more_steps and st["units_sent"] == 0:
            st["lost"] = True
            st["done"] = True

    def dispatch(self, i: int, u: int) -> None:
        inc, st, unit = self.incidents[i], self.state[i], self.units[u]
        self.available[u] = False
        now = self.env.now
        turnout_s = unit["turnout_s"][self.turnout_used[u]]
        self.turnout_used[u] += 1
        depart_s = now + turnout_s
        k = len(self.dispatches)
        d = {"incident": i, "unit": u, "depart_s": depart_s,
             "arrival_s": depart_s + inc["to_node_s"][unit["station"]] / unit["speed_factor"], "arrived": False}
        self.dispatches.append(d)
        d["process"] = self.env.process(self.trip(k))
        st["dispatches"].append(k)
        for n, (cap, _) in enumerate(inc["needs"]):
            if unit["capabilities"] & (1 << cap):
                st["assigned"][n] += unit["people"]
        st["units_sent"] += 1
        if st["first_dispatch_s"] != st["first_dispatch_s"]:  # NaN
            st["first_dispatch_s"] = now

    def unit_arrives(self, k: int) -> None:
        d = self.dispatches[k]
        d["arrived"] = True
        i, unit = d["incident"], self.units[d["unit"]]
        inc, st = self.incidents[i], self.state[i]
        now = self.env.now
        st["work_done_s"] += st["rate"] * (now - st["updated_s"])
        st["updated_s"] = now
        needs = inc["needs"]
        for n, (cap, _) in enumerate(needs):
            if unit["capabilities"] & (1 << cap):
                st["arrived"][n] += unit["people"]
        if st["first_arrival_s"] != st["first_arrival_s"]:
            st["first_arrival_s"] = now
        if unit["capabilities"] & (1 << self.data["comms_capability"]) and st["comms_arrival_s"] != st["comms_arrival_s"]:
            st["comms_arrival_s"] = now
        if st["full_arrival_s"] != st["full_arrival_s"]:
            if all(a >= need[1] for a, need in zip(st["arrived"], needs)):
                st["full_arrival_s"] = now
        rate = min(1.0, st["arrived"][0] / needs[0][1])
        if rate > st["rate"]:
            st["rate"] = rate
            st["token"] += 1
            remaining_s = max(0.0, inc["work_s"] - st["work_done_s"])
            self.env.process(self.work(i, st["token"], remaining_s / rate))

    def work_done(self, i: int) -> None:
        inc, st = self.incidents[i], self.state[i]
        now = self.env.now
        st["done"] = True
        st["cleared_s"] = now
        self.waiting.pop(i, None)
        for k in st["dispatches"]:
            d = self.dispatches[k]
            unit = self.units[d["unit"]]
            if d["arrived"]:
                back_s = inc["to_station_s"][unit["station"]] / unit["speed_factor"]
            else:
                d["process"].interrupt()
                back_s = max(0.0, now - d["depart_s"])
            self.env.process(self.go_back(k, back_s))

    def serve_waiting(self) -> None:
        for i in sorted(self.waiting, key=lambda j: (self.waiting[j], j)):
            if self.state[i]["done"]:
                continue
            self.select_units(i)
            if not any(self.available):
                break

    def run(self) -> None:
        self.env.process(self.calls())
        self.env.run()

    def kpis(self) -> dict:
        first, dispatch_delay = [], []
        n = within = priority = priority_ok = 0
        for inc, st in zip(self.incidents, self.state):
            if not inc["measured"]:
                continue
            n += 1
            r = st["first_arrival_s"] - inc["call_s"]
            if r == r:
                first.append(r)
                within += r <= FIVE_MINUTES_S
            if inc["priority"]:
                priority += 1
                priority_ok += r == r and r <= FIVE_MINUTES_S
            if st["first_dispatch_s"] == st["first_dispatch_s"]:
                dispatch_delay.append(st["first_dispatch_s"] - inc["call_s"])
        return {"incidents": n, "dispatches": len(self.dispatches),
                "mean_first_arrival_s": statistics.fmean(first),
                "p90_first_arrival_s": float(np.quantile(first, 0.9)),
                "within_5min_share": within / n, "priority_within_5min_share": priority_ok / priority,
                "mean_call_to_dispatch_s": statistics.fmean(dispatch_delay)}


def main() -> int:
    if not BENCH.exists():
        print(f"{BENCH} is missing: run `make bench-build` first", file=sys.stderr)
        return 2
    export = BUILD / "response" / "replay.json"
    export.parent.mkdir(parents=True, exist_ok=True)
    reps = os.environ.get("DSIM_BENCH_REPLICATIONS", "20")
    out = subprocess.run([str(BENCH), str(SCENARIO), "--replications", reps, "--repeats", "7", "--export",
                          str(export)], check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    data = json.loads(export.read_text())
    if data["call_matches"] != len(data["incidents"]):
        print(f"redrawn inputs do not match dsim's ({data['call_matches']} of {len(data['incidents'])})")
        return 1

    times, replay = [], None
    for _ in range(5):
        replay = Replay(data)
        t0 = time.perf_counter()
        replay.run()
        times.append(time.perf_counter() - t0)
    simpy_s = statistics.median(times)
    days = data["horizon_s"] / 86_400.0
    k = replay.kpis()
    dk = data["dsim_kpis"]
    same = sum(1 for inc, st in zip(data["incidents"], replay.state)
               if (inc["dsim_first_arrival_s"] is None and st["first_arrival_s"] != st["first_arrival_s"])
               or (inc["dsim_first_arrival_s"] is not None and abs(inc["dsim_first_arrival_s"] - st["first_arrival_s"]) < 1e-6))

    dsim_one = r["replications"] * days / r["run_1thread_s"]
    dsim_all = r["replications"] * days / r["run_all_threads_s"]
    dsim_rep0 = days / r["rep0_s"]
    simpy_rate = days / simpy_s
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} cores; "
          f"python {platform.python_version()}, simpy {simpy.__version__}")
    print(f"scenario {SCENARIO.relative_to(ROOT)}: {r['units']} units at {r['stations']} stations, "
          f"{days:.0f} days per replication, {r['incidents'] / r['replications']:.0f} incidents per replication")
    print(f"preparation (region, model, station travel tables; all threads): {r['prepare_s']:.2f} s, "
          f"reading the scenario {r['read_s']:.3f} s (not in the rates below)")
    print(f"\n{'':>28} {'seconds':>9} {'incident-days/s':>16}")
    print(f"{'dsim, ' + str(r['replications']) + ' reps, 1 thread':>28} {r['run_1thread_s']:>9.3f} {dsim_one:>16,.0f}")
    print(f"{'dsim, ' + str(r['replications']) + ' reps, ' + str(r['threads']) + ' threads':>28} "
          f"{r['run_all_threads_s']:>9.3f} {dsim_all:>16,.0f}")
    print(f"{'dsim, replication 0 alone':>28} {r['rep0_s']:>9.4f} {dsim_rep0:>16,.0f}")
    print(f"{'SimPy replay of rep. 0':>28} {simpy_s:>9.3f} {simpy_rate:>16,.0f}")
    print(f"ratio dsim/SimPy per core: {dsim_one / simpy_rate:.0f}x (replications, 1 thread), "
          f"{dsim_rep0 / simpy_rate:.0f}x (replication 0 alone); the SimPy side gets its incidents and "
          "travel times ready-made, dsim draws its own")

    print(f"\nsame replication, KPIs (measured incidents):  {'dsim':>10} {'SimPy':>10} {'rel. diff':>10}")
    worst = 0.0
    for name in ["incidents", "dispatches", "mean_first_arrival_s", "p90_first_arrival_s", "within_5min_share",
                 "priority_within_5min_share", "mean_call_to_dispatch_s"]:
        a, b = dk[name], k[name]
        diff = abs(a - b) / max(abs(a), 1e-12)
        worst = max(worst, diff)
        print(f"{name:>44} {a:>10.4g} {b:>10.4g} {diff:>10.2e}")
    print(f"incidents with the same first arrival time (1e-6 s): {same} of {len(data['incidents'])}")
    ok = worst < 0.02
    print(f"KPIs agree within 2%: {'yes' if ok else 'NO'}")
    return (0 if ok else 1) | coupled_cost()


def coupled_cost() -> int:
    """One event, one run: the flood-season week played in one event loop against the warning and
    response runs of the same replications, run apart and added up (1 thread, medians)."""
    out = subprocess.run([str(COUPLED), str(SEASON), "--replications", "10", "--repeats", "7"], check=True,
                         capture_output=True, text=True).stdout
    c = json.loads(out)
    print(f"\none event, one run: {SEASON.relative_to(ROOT)}, {c['replications']} replications, 1 thread, "
          f"median of {c['repeats']}")
    print(f"  preparing once (region, flood, travel tables, shelter routes): {c['prepare_coupled_s']:.2f} s; "
          f"the warning alone prepares again: {c['prepare_warning_alone_s']:.2f} s (not in the times below)")
    print(f"  coupled run {c['coupled_s']:.3f} s; response alone {c['response_alone_s']:.3f} s + warning alone "
          f"{c['warning_alone_s']:.3f} s = {c['separate_sum_s']:.3f} s")
    ratio = c["ratio_coupled_to_separate"]
    print(f"  coupled / separate: {ratio:.2f} (target at most {COUPLED_TARGET})")
    return 0 if ratio <= COUPLED_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
