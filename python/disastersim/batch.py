"""Testing plans: ``ds.compare`` (variants against a base on common random numbers) and
``ds.sweep`` (a grid or Latin hypercube over plan parameters), in this process or on a Dask
cluster (a ``LocalCluster`` of worker processes, or ``dask_jobqueue.SLURMCluster``; see
docs/cluster.md).

>>> res = ds.compare("scenarios/ordos_default.yaml", "scenarios/plans/plan_variants.yaml", replications=20)
>>> res.comparison        # each plan's mean and paired difference to the base, per indicator
>>> res.plot_forest("fire_circle_within_5min_share")
>>> sw = ds.sweep("scenarios/plans/sweep_turnout.yaml", workers=2)
>>> sw.runs               # one row per design point and replication
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable

from disastersim import _core
from disastersim.progress import progress_printer
from disastersim.results import Results, load

ProgressArg = bool | Callable[[str, int, int], None]


def _progress(progress: ProgressArg):
    if callable(progress):
        return progress
    return progress_printer() if progress else None


def _key(kind: str, path, variants=None, replications=None, seed=None, block=None) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such {'sweep' if kind == 'sweep' else 'scenario'} file")
    key: dict[str, Any] = {"kind": kind, "path": str(path.resolve()), "variants": "",
                           "replications": int(replications or 0), "seed": -1 if seed is None else int(seed),
                           "block": int(block or 0)}
    if variants is not None:
        variants = Path(variants)
        if not variants.is_file():
            raise FileNotFoundError(f"{variants}: no such variants file")
        key["variants"] = str(variants.resolve())
    return key


def _output(output) -> tuple[Path, bool]:
    """The results file, and whether it is a temporary one the caller did not ask for."""
    if output is not None:
        return Path(output), False
    fd, name = tempfile.mkstemp(prefix="dsim-batch-", suffix=".h5")
    os.close(fd)
    os.unlink(name)  # the engine writes it whole, or not at all
    return Path(name), True


def _loaded(path: Path, temporary: bool) -> Results:
    res = load(path)
    if temporary:
        res.path = None
        path.unlink(missing_ok=True)
    return res


def batch_plan(sweep=None, *, base=None, variants=None, replications: int | None = None, seed: int | None = None,
         block: int | None = None) -> dict[str, Any]:
    """The design points and work units of a sweep file (or of ``base`` and ``variants``), without
    running anything: to check a design before sending it to a cluster."""
    key = _key("sweep", sweep, None, replications, seed, block) if sweep is not None else \
        _key("compare", base, variants, replications, seed, block)
    return _core.batch_plan(key)


def sweep(sweep: str | os.PathLike, *, output: str | os.PathLike | None = None, client=None,
          workers: int | None = None, replications: int | None = None, seed: int | None = None,
          block: int | None = None, threads: int = 0, checkpoint_s: float = 30.0,
          cache_dir: str | os.PathLike | None = None, progress: ProgressArg = True) -> Results:
    """Run every design point of a sweep file on common random numbers and return the results,
    whose ``runs`` table has one row per design point and replication, one column per parameter
    and indicator (docs/output-format.md, "Sweeps and comparisons").

    The work is cut into units (a design point and a block of ``block`` replications). Without
    ``client`` or ``workers`` the units run here, one after another, each over ``threads`` threads
    (0: all cores). With ``client`` (a ``dask.distributed.Client``) each unit is a Dask task;
    ``workers=N`` starts a ``LocalCluster`` of N single-threaded worker processes for the call.
    Either way the tables are the same, bit for bit. With ``output``, the file is written as
    units finish (at least every ``checkpoint_s`` seconds) and a second call resumes it, running
    only the units it lacks.

    Design points that share the region and the stations' places share their preparation: in
    one process always; across processes (Dask workers, Slurm tasks) through ``cache_dir``, a
    folder every worker sees where the station travel tables are kept (default: the
    environment variable ``DSIM_CACHE_DIR``; with ``workers=N``, a temporary folder for the call).

    >>> sw = ds.sweep("scenarios/plans/sweep_turnout.yaml", output="sweep.h5", workers=2)
    >>> sw.runs.groupby(["turnout_s", "township_teams"]).fire_circle_within_5min_share.mean()
    """
    key = _key("sweep", sweep, None, replications, seed, block)
    path, temporary = _output(output)
    show = _progress(progress)
    cache = str(cache_dir) if cache_dir is not None else os.environ.get("DSIM_CACHE_DIR", "")
    if client is None and workers is None:
        _core.run_sweep(key, str(path), threads, checkpoint_s, show, cache)
        return _loaded(path, temporary)
    if client is None:
        from dask.distributed import Client, LocalCluster

        with tempfile.TemporaryDirectory(prefix="dsim-cache-") as own_cache, \
                LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True,
                             dashboard_address=None) as cluster, Client(cluster) as own:
            _sweep_on(own, key, path, checkpoint_s, show, threads or 1, cache or own_cache)
    else:
        _sweep_on(client, key, path, checkpoint_s, show, threads or 1, cache)
    return _loaded(path, temporary)


def _run_unit(key: dict[str, Any], unit: int, threads: int, cache: str) -> dict[str, Any]:
    """One work unit, on a Dask worker: the worker process keeps what it prepared for its next unit."""
    from disastersim import _core as core

    return core.run_unit(key, unit, threads, cache)


def _sweep_on(client, key: dict[str, Any], path: Path, checkpoint_s: float, show, threads: int,
              cache: str) -> None:
    from dask.distributed import as_completed

    design = _core.batch_plan(key)
    done: dict[int, dict[str, Any]] = {u["unit"]: u for u in _core.resumable_units(key, str(path))}
    todo = [u[0] for u in design["units"] if u[0] not in done]
    total = len(design["units"])
    if show:
        show("work units", len(done), total)
    # One task per unit; a task lost with its worker is run again elsewhere by the scheduler,
    # and a unit counts once however many times it ran.
    # The workers need not read the patches against the base again: batch_plan above did.
    worker_key = dict(key, checked=True)
    futures = [client.submit(_run_unit, worker_key, unit, threads, cache, pure=False, retries=2) for unit in todo]
    last_write = time.monotonic()
    for future in as_completed(futures):
        result = future.result()
        done.setdefault(result["unit"], result)
        if show:
            show("work units", len(done), total)
        if time.monotonic() - last_write >= checkpoint_s:
            _core.write_batch(key, list(done.values()), str(path), "disastersim.sweep (dask)")
            last_write = time.monotonic()
    _core.write_batch(key, list(done.values()), str(path), "disastersim.sweep (dask)")


def compare(base: str | os.PathLike, variants: str | os.PathLike | None = None, *, replications: int | None = None,
            seed: int | None = None, precision: dict[str, float] | Iterable[str] | None = None,
            best: str | None = None, smaller_is_better: bool | None = None, level: float = 0.95,
            correction: str = "holm-bonferroni", max_replications: int = 1000, threads: int = 0,
            output: str | os.PathLike | None = None, progress: ProgressArg = True) -> Results:
    """Run the base scenario and each variant of ``variants`` on the same replications (common
    random numbers) and compare them: the ``comparison`` table has, per indicator and plan, the
    mean and the paired difference to the base with its interval (Bonferroni-corrected over the
    variants, p-values Holm-adjusted; ``correction="none"`` to switch off), beside the unpaired
    interval; ``best`` names the best plan on one indicator and the confidence that it is best.
    Without ``variants``, the base scenario's own ``variants:`` section.
    ``precision={"fire_circle_within_5min_share": 0.02}`` adds replications until every
    variant's difference has that half width (at most ``max_replications``).

    >>> res = ds.compare("base.yaml", "plans.yaml", replications=20)
    >>> res.comparison.query("indicator == 'mean_first_arrival_s'")
    """
    if isinstance(precision, dict):
        targets = [f"{k}={v}" for k, v in precision.items()]
    else:
        targets = list(precision or [])
    key = _key("compare", base, variants, replications, seed, None)
    path, temporary = _output(output)
    direction = 0 if smaller_is_better is None else (-1 if smaller_is_better else 1)
    _core.run_compare(key, str(path), threads, targets, best or "", direction, level, correction,
                      max_replications, _progress(progress))
    return _loaded(path, temporary)
