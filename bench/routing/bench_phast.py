"""PHAST benchmark: dsim's contraction-hierarchy trees against scipy.

Run with `make bench-routing` (after bench_routing.py). On the 1M-node
synthetic region and on the largest DIMACS graph under $DSIM_SHARED_DATA/roads:

* one one-to-all tree, one thread: dsim PHAST (median of 10 sources x repeats)
  against one `scipy.sparse.csgraph.dijkstra(indices=s)` call (median of 3);
  target: scipy / dsim >= 4;
* a station table of 500 trees: dsim PHAST, one thread and all threads, against
  scipy's dijkstra over the same sources (scipy is timed on the first 50 and
  scaled to 500: its cost per source does not depend on the others); target
  >= 20 on the 1M region, one thread against scipy's one thread (the
  all-threads ratio printed beside it);
* the contraction hierarchy's build time and the index's size.

Every ratio is printed only after the distances agree: the whole first tree,
and for the 50 table rows scipy computes, 100 sampled targets and the row sums.

Environment: DSIM_BENCH_REPEATS (default 3), DSIM_BENCH_SKIP_1M=1.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_routing import BUILD, largest_real_graph, log, max_rel_diff, synthetic  # noqa: E402

BENCH = BUILD / "bench" / "routing" / "dsim_bench_phast"
TOLERANCE = 1e-9  # relative; PHAST's own rounding is far below (docs/models.md)
SCIPY_TABLE_SOURCES = 50
SINGLE_TARGET, TABLE_TARGET = 4.0, 20.0


def scipy_graph(export: Path, n: int):
    from scipy.sparse import csr_matrix

    tails = np.fromfile(export / "tails.u32", dtype=np.uint32).astype(np.int64)
    heads = np.fromfile(export / "heads.u32", dtype=np.uint32).astype(np.int64)
    weights = np.fromfile(export / "travel_time_s.f64", dtype=np.float64)
    order = np.lexsort((weights, heads, tails))  # keep the fastest parallel arc
    tails, heads, weights = tails[order], heads[order], weights[order]
    first = np.ones(len(tails), dtype=bool)
    first[1:] = (tails[1:] != tails[:-1]) | (heads[1:] != heads[:-1])
    return csr_matrix((weights[first], (tails[first], heads[first])), shape=(n, n))


def bench_network(label: str, network: Path) -> dict:
    from scipy.sparse.csgraph import dijkstra

    export = BUILD / "routing" / f"phast_{label}"
    repeats = os.environ.get("DSIM_BENCH_REPEATS", "3")
    log(f"\n{label}: {network}")
    r = json.loads(subprocess.run([str(BENCH), str(network), "--repeats", repeats, "--export", str(export)],
                                  check=True, capture_output=True, text=True).stdout)
    n = r["nodes"]
    graph = scipy_graph(export, n)
    singles = np.fromfile(export / "single_sources.u32", dtype=np.uint32).astype(np.int64)
    stations = np.fromfile(export / "stations.u32", dtype=np.uint32).astype(np.int64)
    targets = np.fromfile(export / "targets.u32", dtype=np.uint32).astype(np.int64)
    check = np.fromfile(export / "check_s.f64", dtype=np.float64).reshape(len(stations), -1)
    row_sums = np.fromfile(export / "row_sums_s.f64", dtype=np.float64)
    first_tree = np.fromfile(export / "first_tree_s.f64", dtype=np.float64)

    single_times = []
    for _ in range(3):
        t0 = time.perf_counter()
        tree = dijkstra(graph, directed=True, indices=int(singles[0]))
        single_times.append(time.perf_counter() - t0)
    ok = True
    diff = max_rel_diff(first_tree, tree)
    log(f"  check whole first tree: max relative difference {diff:.2e}")
    ok &= diff < TOLERANCE

    picked = stations[:SCIPY_TABLE_SOURCES]
    t0 = time.perf_counter()
    table = dijkstra(graph, directed=True, indices=picked)
    table_s = (time.perf_counter() - t0) * len(stations) / len(picked)
    d1 = max_rel_diff(table[:, targets], check[: len(picked)])
    d2 = max_rel_diff(np.where(np.isfinite(table), table, 0.0).sum(axis=1), row_sums[: len(picked)])
    log(f"  check table targets {d1:.2e}, row sums {d2:.2e}")
    ok &= d1 < TOLERANCE and d2 < TOLERANCE
    del table
    return {"label": label, "dsim": r, "scipy_single_s": statistics.median(single_times),
            "scipy_table_s": table_s, "ok": bool(ok)}


def main() -> int:
    if not BENCH.exists():
        print(f"{BENCH} is missing: run `make bench-build` first", file=sys.stderr)
        return 2
    networks = []
    if os.environ.get("DSIM_BENCH_SKIP_1M") != "1":
        networks.append(("synthetic_1m", synthetic("synthetic_seed7_1m", ["--nodes", "1000000"])))
    else:
        networks.append(("synthetic", synthetic("synthetic_seed7", [])))
    real = largest_real_graph()
    if real is not None:
        networks.append((real.name.split(".")[0], real))
    rows = [bench_network(label, path) for label, path in networks]

    print("\nPHAST on a contraction hierarchy (ratios: scipy time / dsim time; checked first)")
    print(f"{'network':>14} {'nodes':>10} {'CH build s':>10} {'index MB':>9} {'shortcuts':>10} {'levels':>7}")
    for row in rows:
        r = row["dsim"]
        print(f"{row['label']:>14} {r['nodes']:>10,} {r['ch_build_s']:>10.1f} {r['index_bytes'] / 1e6:>9.1f} "
              f"{r['shortcuts']:>10,} {r['levels']:>7}")
    print(f"\none one-to-all tree, one thread (median seconds; target x >= {SINGLE_TARGET:g})")
    print(f"{'network':>14} {'dsim PHAST':>11} {'dsim Dijkstra':>14} {'scipy':>8} {'x':>6} {'target':>7}")
    for row in rows:
        r = row["dsim"]
        x = row["scipy_single_s"] / r["single_median_s"]
        print(f"{row['label']:>14} {r['single_median_s']:>11.4f} {r['dijkstra_median_s']:>14.4f} "
              f"{row['scipy_single_s']:>8.3f} {x:>6.1f} {'met' if x >= SINGLE_TARGET else 'MISSED':>7}")
    print(f"\n{rows[0]['dsim']['table_trees']} trees (a station table), seconds for all; scipy: "
          f"{SCIPY_TABLE_SOURCES} timed, scaled (target x >= {TABLE_TARGET:g})")
    print(f"{'network':>14} {'dsim 1T':>8} {'dsim allT':>9} {'scipy':>8} {'x 1T':>6} {'x allT':>7} {'target':>7}")
    for row in rows:
        r = row["dsim"]
        x1 = row["scipy_table_s"] / r["table_1thread_s"]
        xa = row["scipy_table_s"] / r["table_all_threads_s"]
        # The target is set for the 1M region, against scipy's one thread.
        verdict = ("met" if x1 >= TABLE_TARGET else "MISSED") if row["label"] == "synthetic_1m" else "-"
        print(f"{row['label']:>14} {r['table_1thread_s']:>8.2f} {r['table_all_threads_s']:>9.2f} "
              f"{row['scipy_table_s']:>8.1f} {x1:>6.1f} {xa:>7.1f} {verdict:>7}  ({r['threads']} threads)")
    ok = all(row["ok"] for row in rows)
    print(f"\nPHAST distances agree with scipy (relative difference < {TOLERANCE:g}): {'yes' if ok else 'NO'}")
    json.dump(rows, open(BUILD / "routing" / "phast_results.json", "w"), indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
