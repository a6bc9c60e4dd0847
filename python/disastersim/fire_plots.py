"""A wildfire in a run's results (the ``fire_*`` tables, docs/output-format.md): where it
was after one, two and four hours over the road map with the wind, the line the crews
built, the villages it reached, and what it did in each replication.

``Results.plot_fire_spread``, ``fire_runs`` and ``fire_villages_reached`` call these; they
read only the tables and their attributes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from disastersim import maps
from disastersim.chemical_plots import compass

#: Colours of the arrival bands, earliest first (the last band reaches the end of the run).
BAND_COLOURS = ("#7f0000", "#d7301f", "#fc8d59", "#fdcc8a", "#fef0d9")


def grid_shape(results) -> tuple[int, int]:
    attributes = results.attributes_of("fire_grid")
    return int(attributes["rows"]), int(attributes["cols"])


def grid_array(results, column: str) -> np.ndarray:
    """A column of ``fire_grid`` as a rows x cols array, row 0 at the south."""
    rows, cols = grid_shape(results)
    grid = results.table("fire_grid").sort_values("cell", kind="stable")
    return grid[column].to_numpy().reshape(rows, cols)


def ignition_s(results) -> float:
    """When the fire started: the earliest arrival of any replication (the ignitions burn at
    their time in every one)."""
    cells = results.table("fire_cells")
    return float(cells["arrival_s"].min()) if len(cells) else float("nan")


def fire_runs(results) -> pd.DataFrame:
    """``fire_runs`` with times from the ignition in hours: held_h (NaN: not held),
    first_attack_h (after the report), and the rest as written."""
    runs = results.table("fire_runs").copy()
    start = ignition_s(results)
    runs["held_h"] = (runs["held_s"] - start) / 3600.0
    runs["first_attack_h"] = (runs["first_attack_s"] - runs["reported_s"]) / 3600.0
    return runs


def typical_replication(results) -> int:
    """The replication whose burned area is the median of all (the lower of the two middle
    ones): the run a single map shows by default."""
    runs = results.table("fire_runs").sort_values(["area_ha", "replication"], kind="stable")
    return int(runs["replication"].iloc[(len(runs) - 1) // 2])


def arrival_array(results, replication: int | None = None) -> np.ndarray:
    """Arrival time (s) of every cell in one replication, rows x cols, NaN where it did not
    burn; ``replication`` None: the typical one (``typical_replication``)."""
    if replication is None:
        replication = typical_replication(results)
    rows, cols = grid_shape(results)
    cells = results.table("fire_cells")
    mine = cells[cells["replication"] == replication]
    if not len(mine) and replication not in set(results.table("fire_runs")["replication"]):
        raise ValueError(f"replication: expected one of the replications in fire_runs, got {replication}")
    out = np.full(rows * cols, np.nan)
    out[mine["cell"].to_numpy(dtype=np.int64)] = mine["arrival_s"].to_numpy(dtype=float)
    return out.reshape(rows, cols)


def villages_reached(results) -> pd.DataFrame:
    """One row per village the fire reached in some replication: zone, name, people, the share
    of replications it was reached in, and the median time from the ignition (h) over those."""
    runs = results.table("fire_runs")
    n = int(runs["replication"].nunique())
    villages = results.table("fire_villages")
    if not len(villages):
        return pd.DataFrame(columns=["zone", "name", "people", "reached_share", "median_reached_h"])
    start = ignition_s(results)
    out = villages.groupby(["zone", "name"], sort=False).agg(
        people=("people", "first"), replications=("replication", "nunique"),
        median_reached_h=("reached_s", lambda s: (float(np.median(s)) - start) / 3600.0)).reset_index()
    out["reached_share"] = out["replications"] / n
    out = out.drop(columns="replications").sort_values(["reached_share", "median_reached_h"],
                                                       ascending=[False, True], kind="stable")
    out.attrs["note"] = f"over {n} replications"
    return out.reset_index(drop=True)


def _clock(results, seconds: float) -> str:
    if results.start_time_given:
        return f"{results.to_datetime(seconds):%H:%M}"
    return f"{seconds / 3600:.3g} h"


def _wind_box(ax, results, start: float, end: float):
    """The winds that blew while the fire burned, each with its speed, direction, humidity and
    curing and since when (at most four)."""
    weather = results.table("fire_weather").sort_values("time_s", kind="stable").reset_index(drop=True)
    shown = []
    for i, row in weather.iterrows():
        until = float(weather["time_s"].iloc[i + 1]) if i + 1 < len(weather) else np.inf
        if until <= start or float(row["time_s"]) >= end:
            continue
        shown.append((float(row["from_deg"]),
                      f"{_clock(results, max(float(row['time_s']), start))}: wind {row['wind_mps']:.3g} m/s from "
                      f"{compass(row['from_deg'])}\n{row['humidity_percent']:.3g} % humidity, "
                      f"{row['curing_percent']:.3g} % cured"))
    return maps.add_wind_box(ax, shown[:4])


def plot_fire_spread(results, ax=None, *, replication: int | None = None, hours=(1, 2, 4), network=None,
                     zones=None, basemap: bool = False):
    from matplotlib.patches import Patch

    from disastersim.results_maps import _axes, _draw_region, _region_or_warn

    hours = sorted(float(h) for h in hours)
    if not hours or hours[0] <= 0:
        raise ValueError(f"hours: expected positive hours after the ignition, got {hours}")
    typical = replication is None
    if typical:
        replication = typical_replication(results)
    ax = _axes(ax)
    lon, lat = grid_array(results, "lon"), grid_array(results, "lat")
    arrival = arrival_array(results, replication)
    start = ignition_s(results)
    end = float(results.attributes_of("fire_grid").get("end_s", np.nanmax(arrival)))
    since_h = (arrival - start) / 3600.0
    bounds = [0.0] + [h for h in hours if h < (end - start) / 3600.0] + [(end - start) / 3600.0 + 1e-6]
    handles = []
    burned = np.nan_to_num(since_h, nan=np.inf)
    for k in range(len(bounds) - 1):
        colour = BAND_COLOURS[min(k, len(BAND_COLOURS) - 1)]
        band = np.where(burned <= bounds[k + 1], 1.0, 0.0)
        if band.max() <= 0:
            continue
        ax.contourf(lon, lat, band, levels=[0.5, 1.5], colors=[colour], alpha=0.75, zorder=0.5 + 0.01 * (len(bounds) - k))
        last = k == len(bounds) - 2
        label = (f"burned by {_clock(results, start + bounds[k + 1] * 3600)} "
                 f"({bounds[k + 1]:.3g} h after ignition)") if not last else \
            f"burned by the end, {_clock(results, end)}"
        handles.append(Patch(facecolor=colour, edgecolor=colour, alpha=0.75, label=label))
    region = _region_or_warn(results, network, zones)
    _draw_region(ax, region)
    line = results.table("fire_line")
    line = line[line["replication"] == replication]
    if len(line):
        grid = results.table("fire_grid").set_index("cell")
        at = grid.loc[line["cell"].to_numpy(dtype=np.int64), ["lon", "lat"]]
        ax.scatter(at["lon"], at["lat"], s=3, marker="s", color="tab:blue", zorder=4,
                   label=f"fireline built ({len(line) * float(results.attributes_of('fire_grid')['cell_size_m']) / 1000:.3g} km)")
    villages = results.table("fire_villages")
    villages = villages[villages["replication"] == replication]
    if region is not None and len(villages):
        zone_table = region.zones.set_index("id")
        for row in villages.itertuples():
            if row.zone not in zone_table.index:
                continue
            polygon = np.asarray(zone_table.loc[row.zone, "polygon"], dtype=float)
            ax.fill(polygon[:, 0], polygon[:, 1], facecolor="none", edgecolor="k", linewidth=1.6, zorder=5)
            ax.annotate(f"{row.name or row.zone}\n{_clock(results, row.reached_s)}",
                        (polygon[:, 0].mean(), polygon[:, 1].max()), textcoords="offset points", xytext=(0, 2),
                        ha="center", va="bottom", fontsize=7, zorder=6)
        handles.append(Patch(facecolor="none", edgecolor="k", linewidth=1.6,
                             label=f"villages reached ({len(villages)}; label: when)"))
    ignition = np.unravel_index(np.nanargmin(np.where(np.isfinite(arrival), arrival, np.inf)), arrival.shape)
    ax.scatter([lon[ignition]], [lat[ignition]], marker="*", s=220, color="k", edgecolors="w", linewidths=0.8,
               zorder=7, label="ignition")
    _wind_box(ax, results, start, end)
    burned_mask = np.isfinite(arrival)
    rows, cols = np.nonzero(burned_mask)
    if len(rows):
        pad_r, pad_c = max(3, (rows.max() - rows.min()) // 6), max(3, (cols.max() - cols.min()) // 6)
        r0, r1 = max(0, rows.min() - pad_r), min(arrival.shape[0] - 1, rows.max() + pad_r)
        c0, c1 = max(0, cols.min() - pad_c), min(arrival.shape[1] - 1, cols.max() + pad_c)
        extent = (float(lon[r0, c0]), float(lon[r1, c1]), float(lat[r0, c0]), float(lat[r1, c1]))
    else:
        extent = (float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max()))
    runs = results.table("fire_runs").set_index("replication")
    held = runs.loc[replication, "held_s"]
    outcome = (f"held at {_clock(results, held)}" if np.isfinite(held) else "not held by the end")
    n = len(runs)
    title = maps.map_title(results.scenario_name, f"{results.attributes_of('fire_grid').get('fire', 'fire')} spread",
                           f"replication {replication} of {n}{' (median area)' if typical else ''}, {outcome}")
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.ticklabel_format(useOffset=False)
    maps.finish_map(ax, title=title, basemap=basemap, extra_legend=handles)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    return ax
