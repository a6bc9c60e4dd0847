"""Station-placement benchmark: dsim's MCLP and LSCP against spopt's on the same coverage matrix.

Run with `make bench-placement`. dsim_bench_placement generates the synthetic
region, builds a coverage matrix (built-up and industrial-park nodes as demand,
500 candidate sites picked by a fixed random stream), writes it to a file and
times dsim's heuristic and exact (CBC) MCLP for p = 10 and 20 and LSCP. This
script reads the same file, recomputes every dsim objective from its sites (a
check that both sides see the same matrix), and times spopt (MCLP and LSCP
`from_cost_matrix`, solved by PuLP's bundled CBC) on it: the cost matrix is
0 where a site covers a point and 1 elsewhere, with a service radius of 0.5.
LSCP gets only the coverable points (spopt has no option to skip the others).
Times are medians of a few runs; spopt's include building its PuLP model.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pulp
import spopt
from spopt.locate import LSCP, MCLP

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "build" / "bench" / "bench" / "placement" / "dsim_bench_placement"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
PEER_REPEATS = int(os.environ.get("BENCH_PEER_REPEATS", str(REPEATS)))
EXACT_LIMIT_S = os.environ.get("BENCH_EXACT_LIMIT_S", "60")


def read_matrix(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The 0/1 matrix (demand x sites) and the weights."""
    with open(path) as f:
        sites, demand, _ = (int(x) for x in f.readline().split())
        weights = np.array([float(x) for x in f.readline().split()])
        a = np.zeros((demand, sites), dtype=np.int8)
        for s in range(sites):
            row = [int(x) for x in f.readline().split()]
            a[row[1:], s] = 1
    return a, weights


def covered_weight(a: np.ndarray, w: np.ndarray, chosen: list[int]) -> float:
    if not chosen:
        return 0.0
    return float(w[a[:, chosen].any(axis=1)].sum())


def spopt_mclp(a, w, p):
    cost = (1 - a).astype(float)
    model = MCLP.from_cost_matrix(cost, w, service_radius=0.5, p_facilities=p)
    model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    return [j for j, v in enumerate(model.fac_vars) if v.value() > 0.5]


def spopt_lscp(a):
    cost = (1 - a).astype(float)
    model = LSCP.from_cost_matrix(cost, service_radius=0.5)
    model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    return [j for j, v in enumerate(model.fac_vars) if v.value() > 0.5]


def timed(f, repeats):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return out, statistics.median(times)


def main() -> int:
    if not BENCH.exists():
        print(f"missing {BENCH}: run `make bench-build` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([str(BENCH), tmp, "--repeats", str(max(REPEATS, 1)), "--exact-limit-s", EXACT_LIMIT_S], check=True, capture_output=True, text=True)
        info = json.loads(proc.stdout)
        a, w = read_matrix(Path(tmp) / "coverage.txt")
    runs = {r["name"]: r for r in info["runs"]}
    print(f"Python {platform.python_version()}, spopt {spopt.__version__}, PuLP {pulp.__version__}, "
          f"numpy {np.__version__}; {platform.processor() or platform.machine()}")
    print(f"region: {info['nodes']} nodes; demand: {info['demand']} points ({info['demand_from']}), "
          f"{info['uncoverable']} uncoverable; sites: {info['sites']}; nonzeros: {info['nonzeros']}; "
          f"matrix built in {info['coverage_build_s']:.2f} s")
    for r in info["runs"]:
        if "mclp" in r["name"]:
            check = covered_weight(a, w, r["sites"])
            if abs(check - r["objective"]) > 1e-6 * max(1.0, check):
                print(f"MISMATCH: {r['name']} objective {r['objective']} but the file gives {check}")
                return 1
    rows = []
    for p in (10, 20):
        chosen, t = timed(lambda: spopt_mclp(a, w, p), PEER_REPEATS)
        obj = covered_weight(a, w, chosen)
        h, e = runs[f"dsim mclp p={p} heuristic"], runs[f"dsim mclp p={p} exact"]
        rows.append((f"MCLP p={p}", h, e, obj, t))
    coverable = a.any(axis=1)
    chosen, t = timed(lambda: spopt_lscp(a[coverable]), PEER_REPEATS)
    if not a[coverable][:, chosen].any(axis=1).all():
        print("spopt LSCP answer does not cover every coverable point")
        return 1
    rows.append(("LSCP", runs["dsim lscp heuristic"], runs["dsim lscp exact"], float(len(chosen)), t))

    print()
    print("| model | dsim heuristic objective | dsim exact objective | spopt objective | "
          "dsim heuristic s | dsim exact s | spopt s | spopt / heuristic | spopt / exact |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, h, e, obj, t in rows:
        print(f"| {name} | {h['objective']:.6g} | {e['objective']:.6g}{'' if e['proven_optimal'] else ' (not proven)'} "
              f"| {obj:.6g} | {h['median_s']:.4f} | {e['median_s']:.4f} | {t:.3f} | {t / h['median_s']:.0f}x "
              f"| {t / e['median_s']:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
