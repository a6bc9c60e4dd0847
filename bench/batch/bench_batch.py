"""Sweeps as work units: the overhead per unit over the simulation itself, the speed-up of Dask
worker processes, and the naive peer (one ``ds.run`` per design point with the scenario edited by hand).

Run with `make bench-batch`. The sweep is the default Ordos-like scenario over a year, 8 design points
(township turnout x crews) x 128 replications in blocks of 32: 32 units of about 0.2 s of simulation each.

- overhead per unit: (wall time of ``ds.sweep`` serially, 1 thread) minus the units' own simulation
  time (``work_units.run_s``), divided by the units: planning, preparing (the region and the
  travel tables are reused between points), collecting and writing;
- workers: the same sweep on a ``LocalCluster`` of 1 and of 2 (and, with ``--workers 1 16``, more)
  single-threaded worker processes, the cluster started and the package imported beforehand (not
  timed): cold (the first sweep: each worker loads the region and prepares the points it meets)
  and warm (the median of the next ones: the workers kept what they prepared);
- peer: one ``ds.run`` per design point, each preparing its scenario from scratch.
Medians of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from machine import cpu_model  # noqa: E402

import disastersim as ds  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def write_inputs(folder: Path, days: int, replications: int, block: int) -> tuple[Path, dict]:
    scenario = yaml.safe_load((REPO / "scenarios" / "ordos_default.yaml").read_text())
    scenario["horizon"], scenario["warmup"] = f"{days} d", "1 d"
    (folder / "base.yaml").write_text(yaml.safe_dump(scenario, sort_keys=False))
    sweep = folder / "sweep.yaml"
    sweep.write_text(f"""base: base.yaml
replications: {replications}
block: {block}
parameters:
  turnout_s: {{set: teams.assault_*.turnout, values: [60, 120, 180, 300], unit: s}}
  township_crews: {{set: teams.assault_*.crews, values: [1, 3]}}
""")
    return sweep, scenario


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--replications", type=int, default=128)
    parser.add_argument("--block", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    print(f"machine: {cpu_model()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sweep, scenario = write_inputs(folder, args.days, args.replications, args.block)
        units = len(ds.batch_plan(sweep)["units"])
        serial, overheads = [], []
        for _ in range(args.repeats):
            wall, res = timed(lambda: ds.sweep(sweep, threads=1, progress=False))
            serial.append(wall)
            overheads.append((wall - res.work_units.run_s.sum()) / units)
        print(f"sweep: {units} units; serial, 1 thread: {statistics.median(serial):.2f} s (median of {args.repeats}); "
              f"overhead per unit {1000 * statistics.median(overheads):.1f} ms over the simulation itself")

        # The naive peer: every design point a scenario of its own, run with ds.run.
        design = ds.batch_plan(sweep)
        def naive():
            for turnout, crews in design["parameter_values"]:
                s = yaml.safe_load(yaml.safe_dump(scenario))
                for team in s["teams"]:
                    if team["id"].startswith("assault_"):
                        team["turnout"], team["crews"] = f"{turnout:g} s", int(crews)
                ds.run(s, replications=args.replications, threads=1, progress=False)
        peer = statistics.median(timed(naive)[0] for _ in range(args.repeats))
        print(f"peer, one ds.run per point, 1 thread: {peer:.2f} s; ds.sweep is {peer / statistics.median(serial):.2f}x "
              "as fast (it prepares the region and the travel tables once)")

        first_cold = first_warm = None
        for n in args.workers:
            with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                client.run(lambda: __import__("disastersim"))  # workers up, the package imported (not timed)
                times = []
                for k in range(args.repeats + 1):
                    out = folder / f"dask-{n}-{k}.h5"
                    times.append(timed(lambda: ds.sweep(sweep, client=client, output=out, progress=False))[0])
            # Cold: the workers load the region and prepare the points; warm: they kept what they prepared.
            cold, warm = times[0], statistics.median(times[1:])
            first_cold, first_warm = first_cold or cold, first_warm or warm
            print(f"dask LocalCluster, {n} worker process(es): cold {cold:.2f} s, warm {warm:.2f} s (median of "
                  f"{args.repeats}); speed-up over 1 worker: cold {first_cold / cold:.2f}x, warm {first_warm / warm:.2f}x")


if __name__ == "__main__":
    main()
