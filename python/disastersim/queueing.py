"""The built-in M/M/c queue, played on dsim's event kernel (the same model as ``dsim demo``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from disastersim import _core

_MEASURES = {
    "mean_wait_s": "mean wait in queue (s)",
    "probability_wait": "probability of waiting",
    "p90_wait_s": "90th percentile wait (s)",
    "utilisation": "server utilisation",
    "mean_queue_length": "mean queue length",
}


@dataclass(frozen=True)
class MmcResult:
    """Replications of an M/M/c queue summarised with confidence intervals.

    ``summary`` has one row per measure: the simulated mean, the half width and
    bounds of its confidence interval, and the exact steady-state value where
    queueing theory gives one. ``replications`` has one row per replication.
    """

    params: dict
    level: float
    customers: int
    events: int
    summary: pd.DataFrame = field(repr=False)
    replications: pd.DataFrame = field(repr=False)

    def __str__(self) -> str:
        head = (
            f"M/M/c: arrivals {self.params['arrival_rate_per_s']}/s, service "
            f"{self.params['service_rate_per_s']}/s, {self.params['servers']} servers; "
            f"{len(self.replications)} replications, {self.customers:,} customers"
        )
        return head + "\n" + self.summary.to_string(float_format=lambda x: f"{x:.4g}")


def mmc(
    arrival_rate: float = 0.9,
    service_rate: float = 0.25,
    servers: int = 4,
    *,
    warmup_s: float = 10_000.0,
    horizon_s: float = 400_000.0,
    replications: int = 20,
    seed: int = 2026,
    threads: int = 0,
    level: float = 0.95,
) -> MmcResult:
    """Simulate an M/M/c queue and compare it with Erlang C.

    Rates are per second. ``threads=0`` uses every core; the numbers do not
    depend on the thread count. The GIL is released while the engine runs.

    >>> r = mmc(arrival_rate=4.5, service_rate=1.0, servers=5, replications=10)
    >>> r.summary.loc["probability_wait", ["mean", "exact"]]
    """
    raw = _core.run_mmc(
        float(arrival_rate), float(service_rate), int(servers), float(warmup_s), float(horizon_s),
        int(replications), int(seed), int(threads), float(level),
    )
    analytic = raw["analytic"] or {}
    rows = []
    for key, label in _MEASURES.items():
        ci = raw["measures"][key]
        rows.append({
            "measure": key,
            "description": label,
            "mean": ci["mean"],
            "half_width": ci["half_width"],
            "lower": ci["mean"] - ci["half_width"],
            "upper": ci["mean"] + ci["half_width"],
            "exact": analytic.get(key, float("nan")),
        })
    summary = pd.DataFrame(rows).set_index("measure")
    reps = pd.DataFrame(raw["replications"])
    reps["customers"] = reps["customers"].astype("int64")
    reps["events"] = reps["events"].astype("int64")
    reps.index.name = "replication"
    params = {
        "arrival_rate_per_s": float(arrival_rate),
        "service_rate_per_s": float(service_rate),
        "servers": int(servers),
        "warmup_s": float(warmup_s),
        "horizon_s": float(horizon_s),
        "seed": int(seed),
    }
    return MmcResult(params=params, level=level, customers=int(raw["customers"]), events=int(raw["events"]),
                     summary=summary, replications=reps)
