"""Running response scenarios from Python: ``ds.run``."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from disastersim import _core
from disastersim.progress import progress_printer
from disastersim.results import Results, results_from_core

_DEFAULT_SCENARIO = Path(__file__).with_name("scenarios") / "ordos_default.yaml"


def default_scenario_path() -> Path:
    """Path of the default Ordos-like scenario shipped with the package."""
    return _DEFAULT_SCENARIO


def scenario_path(name: str) -> Path:
    """Path of an example scenario shipped with dsim, by name.

    >>> ds.scenario_path("flood_warning")   # also "flood_rainstorm", "flash_flood_warning", "ordos_default"
    >>> ds.scenario_path("plan_variants")   # variants and sweeps of the default live in scenarios/plans
    """
    file = name if name.endswith(".yaml") else name + ".yaml"
    roots = [Path(__file__).with_name("scenarios"), Path(__file__).resolve().parents[2] / "scenarios"]
    places = [folder for root in roots for folder in (root, root / "plans")]
    for folder in places:
        if (folder / file).is_file():
            return folder / file
    known = sorted({p.stem for folder in places if folder.is_dir() for p in folder.glob("*.yaml")})
    raise FileNotFoundError(f"no example scenario named {name!r}; the examples are: {', '.join(known)}")


def _json_value(value: Any) -> Any:
    """What json.dumps cannot write itself, as the scenario reader reads it: a date or time
    (as yaml.safe_load gives ``start_date``) in ISO 8601, a numpy scalar as a number."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"a scenario dict holds {type(value).__name__} {value!r}: expected YAML values "
                    "(mappings, lists, text, numbers, booleans, dates)")


def run(
    scenario: str | os.PathLike | Mapping[str, Any] | None = None,
    *,
    replications: int | None = None,
    threads: int = 0,
    seed: int | None = None,
    progress: bool = True,
) -> Results:
    """Run a response scenario and return its results as DataFrames.

    ``scenario`` is a YAML file, a dict with the same keys (see
    docs/scenario-format.md; as ``yaml.safe_load`` reads a scenario file, dates
    included), or None for the default Ordos-like scenario.
    ``replications`` and ``seed`` override the scenario's; ``threads=0`` uses
    every core, and the numbers do not depend on it. The GIL is released while
    the engine runs. ``progress``: show the flood and the replications on
    stderr as they run.

    >>> r = run(replications=4)
    >>> r.kpis.set_index("kpi").loc["priority_within_5min_share", ["mean", "half_width"]]
    """
    if scenario is None:
        scenario = _DEFAULT_SCENARIO
    if isinstance(scenario, Mapping):
        # JSON is YAML, so the engine reads a dict through the same path as a file.
        path, text, name = "", json.dumps(scenario, default=_json_value), "<dict>"
    else:
        path, text, name = os.fspath(scenario), "", os.fspath(scenario)
    raw = _core.run_scenario(path, text, name, int(replications or 0), int(threads),
                             -1 if seed is None else int(seed), progress_printer() if progress else None)
    return results_from_core(raw)
