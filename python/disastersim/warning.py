"""Warning chain and evacuation from Python: ``ds.warn`` and ``ds.warning_sensitivity``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from disastersim import _core
from disastersim.results import Results

_SCENARIO_NAME = "flash_flood_warning.yaml"


def flash_flood_scenario_path() -> Path:
    """Path of the flash-flood warning scenario (scenarios/flash_flood_warning.yaml)."""
    shipped = Path(__file__).with_name("scenarios") / _SCENARIO_NAME
    if shipped.exists():
        return shipped
    return Path(__file__).resolve().parents[2] / "scenarios" / _SCENARIO_NAME


def _source(scenario: str | os.PathLike | Mapping[str, Any]) -> tuple[str, str, str]:
    if isinstance(scenario, Mapping):
        # JSON is YAML, so the engine reads a dict through the same path as a file.
        return "", json.dumps(scenario), "<dict>"
    return os.fspath(scenario), "", os.fspath(scenario)


def _frames(raw: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    return {table: pd.DataFrame({c: (np.asarray(v) if not isinstance(v, list) else v) for c, v in columns.items()})
            for table, columns in raw["tables"].items()}


def warn(
    scenario: str | os.PathLike | Mapping[str, Any] | None = None,
    *,
    replications: int | None = None,
    threads: int = 0,
    seed: int | None = None,
) -> Results:
    """Run a scenario's ``warning:`` section and return its tables as DataFrames.

    ``scenario`` is a YAML file or a dict with the same keys (docs/scenario-format.md);
    None runs the flash-flood warning scenario. Tables: ``warning_replications``
    (one row per replication), ``warned_share`` (share warned by time, per group
    and per first channel), ``shelters`` and ``exposed_by_group``. The numbers do
    not depend on ``threads``.

    >>> r = warn(replications=4)
    >>> r.warning_replications[["people_exposed", "share_evacuated_in_time"]].mean()
    """
    path, text, name = _source(flash_flood_scenario_path() if scenario is None else scenario)
    raw = _core.run_warning(path, text, name, int(replications or 0), int(threads),
                            -1 if seed is None else int(seed), [])
    return Results(_frames(raw), metadata=raw["metadata"], units=raw["units"], descriptions=raw["descriptions"],
                   table_descriptions=raw["table_descriptions"], table_attributes=raw.get("table_attributes"))


def warning_sensitivity(
    scenario: str | os.PathLike | Mapping[str, Any] | None = None,
    *,
    issue_delays_s: Sequence[float],
    replications: int | None = None,
    threads: int = 0,
    seed: int | None = None,
    per_replication: bool = False,
) -> pd.DataFrame:
    """People exposed against the warning issue delay, as paired replications.

    Each delay replaces the scenario's issue delay by that fixed value and reruns
    the same replications with the same random numbers (common random numbers),
    so the differences from the first delay are paired. Returns one row per delay:
    ``issue_delay_s``, ``people_exposed`` (mean) and ``half_width`` (95 % t
    interval), ``difference`` from the first delay and its ``difference_half_width``,
    and ``share_evacuated_in_time``. With ``per_replication=True``, the raw rows
    (replication, issue_delay_s, people_exposed, share_evacuated_in_time) instead.
    """
    delays = [float(d) for d in issue_delays_s]
    if not delays:
        raise ValueError("issue_delays_s: give at least one delay")
    if any(not np.isfinite(d) or d < 0 for d in delays):
        raise ValueError("issue_delays_s: delays must be finite and >= 0 seconds")
    path, text, name = _source(flash_flood_scenario_path() if scenario is None else scenario)
    raw = _core.run_warning(path, text, name, int(replications or 0), int(threads),
                            -1 if seed is None else int(seed), delays)
    rows = _frames(raw)["issue_delay_sweep"]
    if per_replication:
        return rows
    first = rows[rows["issue_delay_s"] == delays[0]].set_index("replication")["people_exposed"]
    out = []
    for d in delays:
        at = rows[rows["issue_delay_s"] == d].set_index("replication")
        diff = at["people_exposed"] - first
        n = len(at)
        t = _core.student_t_quantile(0.975, n - 1) if n > 1 else float("nan")
        out.append({
            "issue_delay_s": d,
            "people_exposed": at["people_exposed"].mean(),
            "half_width": t * at["people_exposed"].std(ddof=1) / np.sqrt(n) if n > 1 else float("nan"),
            "difference": diff.mean(),
            "difference_half_width": t * diff.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan"),
            "share_evacuated_in_time": at["share_evacuated_in_time"].mean(),
        })
    return pd.DataFrame(out)
