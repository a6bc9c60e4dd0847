"""Plots of a comparison or a sweep (the ``comparison`` and ``runs`` tables,
docs/output-format.md "Sweeps and comparisons"): a forest plot of the paired
differences to the base, and a heat map of a sweep's means over two parameters.

``Results.plot_forest`` and ``Results.plot_sweep`` call these; they read only the tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _axes(ax, size):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size)[1]


def plot_forest(results, indicator: str, ax=None, *, unpaired: bool = True):
    """Each variant's paired difference to the base on ``indicator`` with its interval (at the
    table's ``interval_level``, Bonferroni-adjusted over the variants), and, lighter, the interval
    an unpaired comparison would give. Returns the Axes."""
    table = results.table("comparison")
    rows = table[(table["indicator"] == indicator) & (table["point"] > 0)]
    if rows.empty:
        known = ", ".join(sorted(table["indicator"].unique()))
        raise KeyError(f"no indicator {indicator!r} in the comparison; there are: {known}")
    ax = _axes(ax, (7.0, 0.6 * len(rows) + 1.6))
    y = np.arange(len(rows))[::-1]
    unit = rows["unit"].iloc[0]
    level = float(rows["interval_level"].iloc[0])
    if unpaired:
        ax.hlines(y - 0.18, rows["unpaired_lower"], rows["unpaired_upper"], color="0.7", lw=2,
                  label="unpaired interval (independent runs)")
    ax.hlines(y, rows["lower"], rows["upper"], color="tab:blue", lw=3,
              label=f"paired interval, {100 * level:.1f}% (common random numbers)")
    ax.plot(rows["difference"], y, "o", color="tab:blue", label="mean difference")
    ax.axvline(0.0, color="0.2", lw=1, ls="--")
    ax.set_yticks(y)
    ax.set_yticklabels(rows["plan"])
    base = table[(table["indicator"] == indicator) & (table["point"] == 0)]["mean"]
    base_text = f" (base mean {base.iloc[0]:.4g})" if len(base) else ""
    ax.set_xlabel(f"{indicator}: plan − base" + (f" [{unit}]" if unit else "") + base_text)
    reps = int(rows["pairs"].min())
    ax.set_title(f"Difference to the base over {reps} paired replications")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3, fontsize="small", frameon=False)
    return ax


def sweep_means(results, x: str, y: str, indicator: str) -> pd.DataFrame:
    """The mean of ``indicator`` over the replications of each (y, x) pair of parameter values, as
    a table with y down and x across; ``attrs["replications"]`` has the counts behind each mean."""
    runs = results.table("runs")
    for name in (x, y, indicator):
        if name not in runs.columns:
            raise KeyError(f"no column {name!r} in the runs table; it has: {', '.join(runs.columns)}")
    grouped = runs.groupby([y, x])[indicator]
    means = grouped.mean().unstack(x)
    means.attrs["replications"] = grouped.count().unstack(x)
    means.attrs["note"] = f"mean of {indicator} over the replications where it is defined"
    return means


def plot_sweep(results, x: str, y: str, indicator: str, ax=None, *, cmap: str = "viridis"):
    """A heat map of the mean of ``indicator`` over two sweep parameters, each cell labelled with
    its value. Returns the Axes."""
    means = sweep_means(results, x, y, indicator)
    ax = _axes(ax, (6.0, 4.5))
    image = ax.imshow(means.to_numpy(dtype=float), origin="lower", cmap=cmap, aspect="auto")
    ax.set_xticks(range(means.shape[1]))
    ax.set_xticklabels([f"{v:g}" for v in means.columns])
    ax.set_yticks(range(means.shape[0]))
    ax.set_yticklabels([f"{v:g}" for v in means.index])
    units = results.units_of("runs")
    ax.set_xlabel(x + (f" [{units.get(x)}]" if units.get(x) else ""))
    ax.set_ylabel(y + (f" [{units.get(y)}]" if units.get(y) else ""))
    for i in range(means.shape[0]):
        for j in range(means.shape[1]):
            value = means.iat[i, j]
            if np.isfinite(value):
                # Dark text on light cells, light text on dark ones.
                r, g, b, _ = image.cmap(image.norm(value))
                ink = "k" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "w"
                ax.text(j, i, f"{value:.3g}", ha="center", va="center", color=ink, fontsize="small")
    bar = ax.figure.colorbar(image, ax=ax)
    unit = units.get(indicator, "")
    bar.set_label(indicator + (f" [{unit}]" if unit else ""))
    counts = means.attrs["replications"].to_numpy()
    low, high = int(counts.min()), int(counts.max())
    ax.set_title(f"Mean over {low if low == high else f'{low}–{high}'} replications per cell")
    return ax
