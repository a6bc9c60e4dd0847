"""Stockpiles and logistics in a run's results (the ``logistics_*`` tables,
docs/output-format.md): the indicators per item, the stock at each depot over
time, and a map of the deliveries from the depots to the sites.

``Results.logistics_summary``, ``plot_stock`` and ``plot_deliveries`` call these;
they read only the tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from disastersim import maps

#: Marker and colour of a depot by its level, highest first.
LEVEL_STYLE = {
    "city": ("s", "tab:red"),
    "banner": ("D", "tab:orange"),
    "township": ("^", "tab:green"),
    "village": ("v", "tab:olive"),
    "enterprise": ("P", "tab:purple"),
}

#: Indicators of ``logistics_summary``, in order.
SUMMARY_KPIS = ("requested", "requests", "fill_rate", "delivered_share", "backordered_share", "requisitioned_share",
                "unmet_share", "requests_open", "mean_delivery_s", "p90_delivery_s", "incident_short_h",
                "shelter_people_h_without", "stockouts")


def replications(results) -> int:
    """How many replications the logistics tables hold (those of ``logistics_depot_items``)."""
    for name in ("logistics_depot_items", "logistics_vehicles", "logistics_stock"):
        table = results.tables.get(name)
        if table is not None and len(table):
            return int(table["replication"].nunique())
    return int(results.metadata.get("replications", 0) or 0)


def logistics_summary(results) -> pd.DataFrame:
    """One row per item: the mean over the replications of each indicator (the ``mean`` of
    ``logistics_kpis``), the item's unit, and the half width of the fill rate's 95 % interval.
    Shares are of the units asked for by measured requests; delivery times are over the
    requests wholly delivered. ``attrs["note"]`` says what the means are over."""
    kpis = results.table("logistics_kpis")
    per_item = kpis[kpis["item"] != ""]
    items = results.table("logistics_items").set_index("item")
    out = per_item.pivot(index="item", columns="kpi", values="mean")
    out = out.reindex(index=[i for i in items.index if i in out.index],
                      columns=[k for k in SUMMARY_KPIS if k in out.columns])
    half = per_item[per_item["kpi"] == "fill_rate"].set_index("item")["half_width"]
    out.insert(out.columns.get_loc("fill_rate") + 1 if "fill_rate" in out.columns else 0, "fill_rate_half_width",
               half.reindex(out.index))
    out.insert(0, "unit", items["unit"].reindex(out.index))
    with_requests = per_item[per_item["kpi"] == "fill_rate"].set_index("item")["replications"]
    out["replications_with_requests"] = with_requests.reindex(out.index).astype("Int64")
    out.columns.name = None
    n = replications(results)
    out.attrs["note"] = (f"mean over {n} replications (shares and delivery times: over the replications with "
                         "requests for the item; delivery times over the requests wholly delivered)")
    return out


def _time_axis(ax, results, seconds: np.ndarray):
    """x values for ``seconds``: calendar times when the scenario gave a start date, else hours;
    labels the axis to match."""
    if results.start_time_given:
        import matplotlib.dates as mdates

        start = results.start_time
        offset = start.strftime("%z") if start.tzinfo is not None else ""
        offset = f", UTC{offset[:3]}:{offset[3:]}" if offset else ""
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d %H:%M", tz=start.tzinfo))
        ax.set_xlabel(f"time ({start:%Y-%m-%d}{offset})")
        return lambda s: results.to_datetime(pd.Series(np.asarray(s, dtype=float))).to_numpy()
    ax.set_xlabel("hours from the start of the run")
    return lambda s: np.asarray(s, dtype=float) / 3600.0


def plot_stock(results, depot=None, item=None, ax=None):
    import matplotlib.pyplot as plt

    stock = results.table("logistics_stock")
    for name, value in (("depot", depot), ("item", item)):
        if value is None:
            continue
        wanted = [value] if isinstance(value, str) else list(value)
        known = set(stock[name].unique()) | set(results.table(f"logistics_{name}s")[name])
        unknown = [w for w in wanted if w not in known]
        if unknown:
            raise KeyError(f"{name}: no {name} {', '.join(map(repr, unknown))} in the logistics tables "
                           f"(there are: {', '.join(sorted(known)) or 'none'})")
        stock = stock[stock[name].isin(wanted)]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    n = int(stock["replication"].nunique()) if len(stock) else 0
    units = results.table("logistics_items").set_index("item")["unit"]
    x_of = _time_axis(ax, results, np.empty(0))
    mean = stock.groupby(["depot", "item", "time_s"], sort=False)["stock"].agg(["mean", "min", "max"]).reset_index()
    for (d, i), rows in mean.groupby(["depot", "item"], sort=False):
        rows = rows.sort_values("time_s")
        x = x_of(rows["time_s"])
        line, = ax.step(x, rows["mean"], where="post", linewidth=1.6,
                        label=f"{d}: {i} ({units.get(i, 'units')})")
        if n > 1 and (rows["max"] > rows["min"]).any():
            ax.fill_between(x, rows["min"], rows["max"], step="post", color=line.get_color(), alpha=0.15,
                            linewidth=0)
    shown_units = sorted({units.get(i, "units") for i in mean["item"].unique()})
    ax.set_ylabel(f"stock on hand ({shown_units[0] if len(shown_units) == 1 else 'item units'})")
    ax.set_ylim(bottom=0)
    band = "; band: lowest to highest replication" if n > 1 else ""
    ax.set_title(f"{results.scenario_name}: stock at the depots\nmean over {n} replication{'s' if n != 1 else ''}{band}",
                 fontsize=10)
    if len(mean):
        ax.legend(fontsize=8, loc="best")
    return ax


def delivery_lines(results) -> pd.DataFrame:
    """One row per depot and site pair that a depot's vehicle carried loads between: the
    depot's and the site's coordinates, the loads, the quantity and the weight (kg) carried,
    each divided by the replications (a mean per replication). An incident is a site of its
    own replication (``replication``); a shelter is the same site in every one (``replication``
    -1: pooled). Suppliers' loads are left out (they have no depot)."""
    deliveries = results.table("logistics_deliveries")
    requests = results.table("logistics_requests")
    depots = results.table("logistics_depots").set_index("depot")
    weights = results.table("logistics_items").set_index("item")["weight_kg"]
    n = max(replications(results), 1)
    columns = ["depot", "site_kind", "site", "replication", "depot_lon", "depot_lat", "site_lon", "site_lat", "loads", "quantity",
               "weight_kg"]
    carried = deliveries[deliveries["depot"] != ""]
    if not len(carried):
        return pd.DataFrame(columns=columns)
    carried = carried.merge(requests[["replication", "request", "site_kind", "site", "lon", "lat"]],
                            on=["replication", "request"], how="left")
    carried = carried.assign(weight_kg=carried["quantity"] * carried["item"].map(weights).fillna(0.0),
                             replication=np.where(carried["site_kind"] == "incident", carried["replication"], -1))
    pairs = carried.groupby(["depot", "site_kind", "site", "replication"], sort=False).agg(
        site_lon=("lon", "first"), site_lat=("lat", "first"), loads=("quantity", "size"),
        quantity=("quantity", "sum"), weight_kg=("weight_kg", "sum")).reset_index()
    pairs[["loads", "quantity", "weight_kg"]] = pairs[["loads", "quantity", "weight_kg"]] / n
    pairs["depot_lon"] = pairs["depot"].map(depots["lon"])
    pairs["depot_lat"] = pairs["depot"].map(depots["lat"])
    return pairs[columns]


def add_north_arrow(ax):
    """An arrow and "N" at the upper left (north is up on these lon/lat maps); gid ``north_arrow``."""
    arrow = ax.annotate("N", xy=(0.04, 0.97), xytext=(0.04, 0.87), xycoords="axes fraction", ha="center",
                        va="center", fontsize=9, fontweight="bold", zorder=10,
                        arrowprops=dict(arrowstyle="-|>", color="k", linewidth=1.2))
    arrow.set_gid("north_arrow")
    return arrow


def plot_deliveries(results, ax=None, *, network=None, zones=None, basemap: bool = False):
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from disastersim.results_maps import _axes, _draw_region, _region_or_warn, period_text

    ax = _axes(ax)
    _draw_region(ax, _region_or_warn(results, network, zones))
    pairs = delivery_lines(results)
    pairs = pairs[np.isfinite(pairs[["depot_lon", "depot_lat", "site_lon", "site_lat"]].to_numpy(dtype=float)).all(axis=1)]
    by_weight = bool(len(pairs)) and float(pairs["weight_kg"].sum()) > 0.0
    amount = pairs["weight_kg"] / 1000.0 if by_weight else pairs["quantity"]
    handles = []
    if len(pairs):
        top = float(amount.max()) or 1.0
        widths = 0.6 + 5.4 * amount.to_numpy(dtype=float) / top
        segments = np.stack([pairs[["depot_lon", "depot_lat"]].to_numpy(dtype=float),
                             pairs[["site_lon", "site_lat"]].to_numpy(dtype=float)], axis=1)
        ax.add_collection(LineCollection(segments, linewidths=widths, colors="tab:blue", alpha=0.6, zorder=3,
                                         capstyle="round"))
        unit = "t" if by_weight else "item units"
        handles.append(Line2D([], [], color="tab:blue", alpha=0.6, linewidth=6.0,
                              label=f"deliveries depot to site, width: {unit} per replication (widest {top:.3g} {unit})"))
        sites = pairs.drop_duplicates(["site_kind", "site", "replication"])
        for kind, marker in (("incident", "o"), ("shelter", "h")):
            these = sites[sites["site_kind"] == kind]
            if len(these):
                ax.scatter(these["site_lon"], these["site_lat"], marker=marker, s=22, color="k", zorder=4,
                           label=f"{kind}s supplied ({len(these)} over all replications)")
    suppliers = results.table("logistics_deliveries")
    supplier_loads = int((suppliers["depot"] == "").sum())
    depots = results.table("logistics_depots")
    for level, (marker, colour) in LEVEL_STYLE.items():
        these = depots[depots["level"] == level]
        if len(these):
            ax.scatter(these["lon"], these["lat"], marker=marker, s=80, color=colour, edgecolors="k", zorder=5,
                       label=f"{level} depots ({len(these)})")
    others = depots[~depots["level"].isin(list(LEVEL_STYLE))]
    if len(others):
        ax.scatter(others["lon"], others["lat"], marker="X", s=70, color="0.5", edgecolors="k", zorder=5,
                   label=f"other depots ({len(others)})")
    for row in depots.itertuples():
        ax.annotate(row.name or row.depot, (row.lon, row.lat), textcoords="offset points", xytext=(5, 5), fontsize=7,
                    zorder=6)
    n = replications(results)
    when = period_text(results)
    if supplier_loads:
        when += f"; {supplier_loads} supplier loads not drawn"
    title = maps.map_title(results.scenario_name, "deliveries from the depots", when, n or None)
    coords = np.concatenate([depots[["lon", "lat"]].to_numpy(dtype=float),
                             pairs[["site_lon", "site_lat"]].to_numpy(dtype=float)])
    coords = coords[np.isfinite(coords).all(axis=1)]
    if len(coords):
        ax.set_xlim(*maps.data_limits(coords[:, 0], min_span=0.01))
        ax.set_ylim(*maps.data_limits(coords[:, 1], min_span=0.01))
    ax.ticklabel_format(useOffset=False)
    maps.finish_map(ax, title=title, basemap=basemap, extra_legend=handles)
    add_north_arrow(ax)
    return ax
