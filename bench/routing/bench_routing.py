"""Routing benchmark: dsim against scipy, networkx and python-igraph.

Run with `make bench-routing`. On the synthetic region (default size and about
one million nodes, generated once into build/bench/networks/) and on the
largest DIMACS graph under $DSIM_SHARED_DATA/roads when that is set:

* travel times from 64 sources to every node: dsim with 1 thread and with all
  threads, scipy.sparse.csgraph.dijkstra, networkx and python-igraph;
* 1,000 single-source queries bounded at five minutes: dsim's
  `travel_times_from(s).within(300)` against scipy's own bounded call
  (`dijkstra(..., limit=300)`).

All peers read the graph exactly as dsim built it (the C++ program exports its
arcs and travel times), so every side computes the same thing; the script
checks sample distances and row sums before printing any ratio. The figures go
into bench/RESULTS.md by hand, with the machine and the date.

Environment: DSIM_BENCH_REPEATS (dsim timing repeats, default 2),
DSIM_BENCH_SKIP_1M=1 to leave out the million-node region.
"""

from __future__ import annotations

import json
import lzma
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "bench"
DSIM = BUILD / "sim" / "dsim"
BENCH = BUILD / "bench" / "routing" / "dsim_bench_routing"
NETWORKS = BUILD / "networks"
LIMIT_S = 300.0
TOLERANCE = 1e-6  # relative


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def synthetic(name: str, extra: list[str]) -> Path:
    """The synthetic region, generated once and kept."""
    out = NETWORKS / name
    if not (out / "edges.csv").exists():
        log(f"generating {name} ...")
        start = time.perf_counter()
        subprocess.run([str(DSIM), "network", "generate", "--seed", "7", *extra, "-o", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        log(f"  {time.perf_counter() - start:.1f} s")
    return out


def largest_real_graph() -> Path | None:
    """The DIMACS graph with the most nodes under $DSIM_SHARED_DATA/roads (by its "p" line)."""
    shared = os.environ.get("DSIM_SHARED_DATA")
    if not shared:
        return None
    best, best_n = None, -1
    for path in sorted((Path(shared) / "roads").rglob("*.gr.xz")):
        with lzma.open(path, "rt") as f:
            for line in f:
                if line.startswith("p "):
                    n = int(line.split()[2])
                    if n > best_n:
                        best, best_n = path, n
                    break
    return best


def run_dsim(network: Path, export: Path) -> dict:
    repeats = os.environ.get("DSIM_BENCH_REPEATS", "2")
    out = subprocess.run([str(BENCH), str(network), "--repeats", repeats, "--export", str(export)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def read_export(export: Path, n: int):
    tails = np.fromfile(export / "tails.u32", dtype=np.uint32).astype(np.int64)
    heads = np.fromfile(export / "heads.u32", dtype=np.uint32).astype(np.int64)
    weights = np.fromfile(export / "travel_time_s.f64", dtype=np.float64)
    # Keep the fastest of parallel arcs: a sparse matrix would add them up.
    order = np.lexsort((weights, heads, tails))
    tails, heads, weights = tails[order], heads[order], weights[order]
    first = np.ones(len(tails), dtype=bool)
    first[1:] = (tails[1:] != tails[:-1]) | (heads[1:] != heads[:-1])
    tails, heads, weights = tails[first], heads[first], weights[first]
    data = {
        "tails": tails, "heads": heads, "weights": weights, "n": n,
        "sources": np.fromfile(export / "sources.u32", dtype=np.uint32).astype(np.int64),
        "queries": np.fromfile(export / "queries.u32", dtype=np.uint32).astype(np.int64),
        "targets": np.fromfile(export / "targets.u32", dtype=np.uint32).astype(np.int64),
        "bounded_settled": np.fromfile(export / "bounded_settled.u32", dtype=np.uint32),
        "row_sums": np.fromfile(export / "row_sums_s.f64", dtype=np.float64),
        "parallel_arcs_dropped": int((~first).sum()),
    }
    data["check"] = np.fromfile(export / "check_s.f64", dtype=np.float64).reshape(len(data["sources"]), -1)
    return data


def max_rel_diff(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not np.array_equal(np.isinf(a), np.isinf(b)):
        return float("inf")
    fin = np.isfinite(a)
    if not fin.any():
        return 0.0
    return float(np.max(np.abs(a[fin] - b[fin]) / np.maximum(1.0, np.abs(b[fin]))))


def agree(name: str, diff: float) -> bool:
    ok = diff < TOLERANCE
    log(f"  check {name}: max relative difference {diff:.2e} {'ok' if ok else 'MISMATCH'}")
    return ok


def bench_scipy(d) -> dict:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n = d["n"]
    graph = csr_matrix((d["weights"], (d["tails"], d["heads"])), shape=(n, n))
    start = time.perf_counter()
    dist = dijkstra(graph, directed=True, indices=d["sources"])
    seconds = time.perf_counter() - start
    ok = agree("scipy targets", max_rel_diff(dist[:, d["targets"]], d["check"]))
    sums = np.where(np.isfinite(dist), dist, 0.0).sum(axis=1)
    ok &= agree("scipy row sums", max_rel_diff(sums, d["row_sums"]))
    del dist
    times, mismatched = [], 0
    for k, q in enumerate(d["queries"]):
        t0 = time.perf_counter()
        row = dijkstra(graph, directed=True, indices=int(q), limit=LIMIT_S)
        times.append(time.perf_counter() - t0)
        # Settled within the limit; dsim keeps times <= limit, as scipy does.
        if int(np.isfinite(row).sum()) != int(d["bounded_settled"][k]):
            mismatched += 1
    log(f"  check scipy bounded: {mismatched} of {len(times)} queries reach a different node count")
    return {"seconds": seconds, "sources": len(d["sources"]), "ok": ok and mismatched == 0,
            "bounded_median_us": statistics.median(times) * 1e6}


def bench_networkx(d, sources: int) -> dict:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(range(d["n"]))
    g.add_weighted_edges_from(zip(d["tails"].tolist(), d["heads"].tolist(), d["weights"].tolist()))
    picked = d["sources"][:sources]
    ok, total = True, 0.0
    for r, s in enumerate(picked):
        t0 = time.perf_counter()
        lengths = nx.single_source_dijkstra_path_length(g, int(s), weight="weight")
        total += time.perf_counter() - t0
        got = [lengths.get(int(t), float("inf")) for t in d["targets"]]
        ok &= max_rel_diff(got, d["check"][r]) < TOLERANCE
    agree("networkx targets", 0.0 if ok else float("inf"))
    return {"seconds": total * len(d["sources"]) / len(picked), "sources": len(picked), "ok": ok}


def bench_igraph(d, sources: int) -> dict:
    import igraph as ig

    g = ig.Graph(n=d["n"], edges=np.column_stack((d["tails"], d["heads"])).tolist(), directed=True)
    g.es["weight"] = d["weights"].tolist()
    picked = [int(s) for s in d["sources"][:sources]]
    t0 = time.perf_counter()
    dist = g.distances(source=picked, weights="weight", mode="out")
    seconds = time.perf_counter() - t0
    got = np.array(dist, dtype=float)[:, d["targets"]]
    ok = agree("igraph targets", max_rel_diff(got, d["check"][: len(picked)]))
    return {"seconds": seconds * len(d["sources"]) / len(picked), "sources": len(picked), "ok": ok}


def bench_network(label: str, network: Path) -> dict:
    export = BUILD / "routing" / label
    log(f"\n{label}: {network}")
    start = time.perf_counter()
    r = run_dsim(network, export)
    log(f"  dsim: {r['nodes']:,} nodes, {r['edges']:,} arcs; {time.perf_counter() - start:.1f} s in all")
    d = read_export(export, r["nodes"])
    row = {"label": label, "dsim": r, "scipy": bench_scipy(d)}
    big = r["nodes"] > 500_000
    # networkx builds a dict per node and per arc: a few sources say enough,
    # and on the million-node region it is left out (several GB of memory).
    row["networkx"] = None if big else bench_networkx(d, 4)
    row["igraph"] = bench_igraph(d, 8 if big else len(d["sources"]))
    return row


def main() -> int:
    if not BENCH.exists():
        print(f"{BENCH} is missing: run `make bench-build` first", file=sys.stderr)
        return 2
    networks = [("synthetic", synthetic("synthetic_seed7", []))]
    if os.environ.get("DSIM_BENCH_SKIP_1M") != "1":
        networks.append(("synthetic_1m", synthetic("synthetic_seed7_1m", ["--nodes", "1000000"])))
    real = largest_real_graph()
    if real is not None:
        networks.append((real.name.split(".")[0], real))
    else:
        log("DSIM_SHARED_DATA is not set: no real graph")

    rows = [bench_network(label, path) for label, path in networks]

    print(f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} cores; "
          f"python {platform.python_version()}")
    print(f"\none-to-all travel times from 64 sources (seconds for all 64; speedup = peer time / dsim 1-thread time)")
    print(f"{'network':>14} {'nodes':>10} {'arcs':>10} {'dsim 1T':>9} {'dsim allT':>9} {'scipy':>8} {'x':>6} "
          f"{'networkx':>9} {'x':>6} {'igraph':>8} {'x':>6}")
    for row in rows:
        r = row["dsim"]
        one = r["one_to_all_1thread_s"]
        line = (f"{row['label']:>14} {r['nodes']:>10,} {r['edges']:>10,} {one:>9.3f} "
                f"{r['one_to_all_all_threads_s']:>9.3f} {row['scipy']['seconds']:>8.3f} "
                f"{row['scipy']['seconds'] / one:>6.1f} ")
        nx_row = row["networkx"]
        line += (f"{nx_row['seconds']:>9.2f} {nx_row['seconds'] / one:>6.1f} " if nx_row else f"{'-':>9} {'-':>6} ")
        line += f"{row['igraph']['seconds']:>8.3f} {row['igraph']['seconds'] / one:>6.1f}"
        print(line)
    print("  (networkx: 4 sources timed, scaled to 64; igraph on the 1M region: 8 sources, scaled to 64)")

    print(f"\n{rows[0]['dsim']['queries']:,} single-source queries bounded at {LIMIT_S:.0f} s, one thread "
          "(median microseconds per query)")
    print(f"{'network':>14} {'settled':>9} {'dsim':>9} {'dsim unbounded':>15} {'scipy limit=':>13} {'x':>8}")
    for row in rows:
        r = row["dsim"]
        s = row["scipy"]["bounded_median_us"]
        print(f"{row['label']:>14} {r['bounded_mean_settled']:>9.0f} {r['bounded_median_us']:>9.1f} "
              f"{r['unbounded_median_us']:>15.0f} {s:>13.0f} {s / r['bounded_median_us']:>8.0f}")

    checks = all(row["scipy"]["ok"] and row["igraph"]["ok"] and (row["networkx"] is None or row["networkx"]["ok"])
                 for row in rows)
    print(f"\ndistances agree with every peer (relative difference < {TOLERANCE:g}): {'yes' if checks else 'NO'}")
    json.dump(rows, open(BUILD / "routing" / "results.json", "w"), indent=1)
    return 0 if checks else 1


if __name__ == "__main__":
    sys.exit(main())
