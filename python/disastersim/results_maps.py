"""The maps of a run's results (``Results.plot_incidents``, ``plot_stations``,
``plot_flood_depth``), drawn over the run's roads and zones with the pieces of
disastersim.maps: legend, scale bar, and a title with the scenario, the time
and the replications pooled."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from disastersim import maps


def _axes(ax):
    return maps.new_map_axes() if ax is None else ax


def _region_or_warn(results, network, zones):
    """The region to draw beneath; a warning (and no roads) when it cannot be loaded. None,
    quietly, for results that store no scenario (tables written by hand)."""
    if network is None and not (results.scenario_text or results.metadata.get("scenario_file")):
        return None
    try:
        return results.region(network=network, zones=zones)
    except Exception as error:  # a scenario whose files moved: the marks still stand
        warnings.warn(f"roads and zones not drawn: {error} (pass network= and zones=)", stacklevel=4)
        return None


def _draw_region(ax, region, *, muted: bool = True) -> None:
    if region is None:
        return
    maps.draw_roads(ax, region.network, muted=muted)
    maps.draw_zones(ax, region.zones)


def period_text(results) -> str:
    """The simulated period: calendar times when the scenario gave a start date, else days."""
    meta = results.metadata
    horizon = meta.get("horizon_s")
    if horizon is None:
        incidents = results.tables.get("incidents")
        horizon = float(np.nanmax(incidents["call_s"])) if incidents is not None and len(incidents) else 0.0
    horizon = float(horizon)
    days = horizon / 86400.0
    if not results.start_time_given:
        return f"{days:g} d simulated (no start_date)"
    start = results.start_time
    end = start + pd.Timedelta(seconds=horizon)
    zone = start.strftime(" (UTC%z)") if start.tzinfo is not None else ""
    zone = zone[:-3] + ":" + zone[-3:] if zone else ""  # +0800 -> +08:00
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}{zone}"


def _stations(results) -> pd.DataFrame:
    units = results.units
    columns = ["station", "lon", "lat"] + (["station_name"] if "station_name" in units.columns else [])
    stations = units.drop_duplicates("station")[columns].reset_index(drop=True)
    if "station_name" not in stations.columns:
        stations["station_name"] = ""
    stations["label"] = [n if isinstance(n, str) and n else s for s, n in zip(stations.station, stations.station_name)]
    return stations


def plot_incidents(results, ax=None, *, replication=None, network=None, zones=None, measured_only=True,
                   basemap=False):
    from matplotlib.colors import Normalize

    ax = _axes(ax)
    inc = results.incidents
    if replication is not None:
        inc = inc[inc["replication"] == replication]
    if measured_only and "measured" in inc.columns:
        inc = inc[inc["measured"] == 1]
    _draw_region(ax, _region_or_warn(results, network, zones))
    reached = inc[np.isfinite(inc["first_arrival_s"].to_numpy(dtype=float))]
    never = inc[~np.isfinite(inc["first_arrival_s"].to_numpy(dtype=float))]
    minutes = (reached["first_arrival_s"] - reached["call_s"]).to_numpy(dtype=float) / 60.0
    top = maps.color_limit(minutes, 95.0)
    points = ax.scatter(reached["lon"], reached["lat"], c=minutes, s=9, cmap="viridis_r",
                        norm=Normalize(0.0, top), label="incident reached (colour: minutes)", zorder=3,
                        edgecolors="none")
    ax.figure.colorbar(points, ax=ax, label="call to first arrival (min)", shrink=0.8,
                       extend="max" if len(minutes) and minutes.max() > top else "neither")
    if len(never):
        ax.scatter(never["lon"], never["lat"], marker="x", s=22, color="tab:red", linewidths=1.0,
                   label=f"never reached ({len(never)})", zorder=4)
    stations = _stations(results)
    ax.scatter(stations.lon, stations.lat, marker="^", s=70, color="tab:orange", edgecolors="k", label="stations",
               zorder=5)
    for k, row in enumerate(stations.sort_values("lat").itertuples()):  # neighbours' names above and below
        ax.annotate(row.label, (row.lon, row.lat), textcoords="offset points", xytext=(5, 5 if k % 2 else -11),
                    fontsize=7, zorder=6)
    pooled = int(inc["replication"].nunique()) if "replication" in inc.columns else None
    what = "incidents and first-arrival times" + (f", replication {replication}" if replication is not None else "")
    warmup = float(results.metadata.get("warmup_s", 0.0) or 0.0)
    if measured_only and warmup > 0:
        what += f" (calls after the {warmup / 86400:g} d warm-up)" if warmup >= 86400 else \
            f" (calls after the {warmup / 3600:g} h warm-up)"
    maps.finish_map(ax, title=maps.map_title(results.scenario_name, what, period_text(results), pooled),
                    basemap=basemap)
    return ax


def plot_stations(results, ax=None, *, network=None, zones=None, basemap=False):
    ax = _axes(ax)
    _draw_region(ax, _region_or_warn(results, network, zones))
    units = results.units
    pooled = int(units["replication"].nunique()) if "replication" in units.columns and len(units) else 1
    per_station = units.groupby("station").agg(dispatches=("dispatches", "sum"), units=("unit", "nunique"))
    stations = _stations(results).join(per_station, on="station")
    sent = stations["dispatches"].to_numpy(dtype=float) / max(pooled, 1)
    sizes = 40.0 + 260.0 * sent / max(float(sent.max()) if len(sent) else 1.0, 1e-9)
    ax.scatter(stations.lon, stations.lat, s=sizes, marker="^", color="tab:orange", edgecolors="k", zorder=5,
               label="stations (size: dispatches per replication)")
    for k, (row, per_rep) in enumerate(zip(stations.sort_values("lat").itertuples(), sent[np.argsort(stations.lat.to_numpy())])):
        ax.annotate(f"{row.label}\n{row.units} units, {per_rep:.1f} sent", (row.lon, row.lat),
                    textcoords="offset points", xytext=(6, 6 if k % 2 else -20), fontsize=7, zorder=6)
    maps.finish_map(ax, title=maps.map_title(results.scenario_name, "stations and their dispatches",
                                             period_text(results), pooled), basemap=basemap)
    return ax


def _road_cells(network, lon: np.ndarray, lat: np.ndarray, shape) -> np.ndarray:
    """Flat indices of the grid cells that hold a road node."""
    rows, cols = shape
    west = lon[0, 0] - 0.5 * (lon[0, -1] - lon[0, 0]) / max(cols - 1, 1)
    north = lat[0, 0] + 0.5 * (lat[0, 0] - lat[-1, 0]) / max(rows - 1, 1)
    dlon = (lon[0, -1] - lon[0, 0]) / max(cols - 1, 1)
    dlat = (lat[0, 0] - lat[-1, 0]) / max(rows - 1, 1)
    if not (dlon > 0 and dlat > 0):
        return np.empty(0, dtype=np.int64)
    node_lon, node_lat = np.asarray(network.core.lon, dtype=float), np.asarray(network.core.lat, dtype=float)
    col = np.floor((node_lon - west) / dlon).astype(np.int64)
    row = np.floor((north - node_lat) / dlat).astype(np.int64)
    inside = (col >= 0) & (col < cols) & (row >= 0) & (row < rows)
    return np.unique(row[inside] * cols + col[inside])


def depth_color_limit(depth: np.ndarray, road_cells: np.ndarray, percentile: float = 99.0) -> float:
    """Top of the depth colour scale: the ``percentile`` of the wet depths at cells under
    roads (all wet cells when no road cell is wet)."""
    flat = depth.ravel()
    at_roads = flat[road_cells] if len(road_cells) else np.empty(0)
    at_roads = at_roads[at_roads > 0.01]
    values = at_roads if len(at_roads) else flat[flat > 0.01]
    return maps.color_limit(values, percentile)


def plot_flood_depth(results, ax=None, *, frame=None, network=None, zones=None, vehicle_class=None, cmap="Blues",
                     percentile=99.0, basemap=False):
    from matplotlib.collections import LineCollection
    from matplotlib.colors import Normalize

    ax = _axes(ax)
    depth = results.flood_grid("max_depth_m") if frame is None else results.flood_depth_at(frame)
    lon, lat = results.flood_grid("lon"), results.flood_grid("lat")
    dlon = (lon[0, -1] - lon[0, 0]) / max(lon.shape[1] - 1, 1)
    dlat = (lat[0, 0] - lat[-1, 0]) / max(lat.shape[0] - 1, 1)
    extent = (lon[0, 0] - dlon / 2, lon[0, -1] + dlon / 2, lat[-1, 0] - dlat / 2, lat[0, 0] + dlat / 2)
    region = _region_or_warn(results, network, zones)
    cells = _road_cells(region.network, lon, lat, depth.shape) if region is not None else np.empty(0, np.int64)
    top = depth_color_limit(depth, cells, percentile)
    shown = np.ma.masked_where(~(depth > 0.01), depth)
    image = ax.imshow(shown, extent=extent, origin="upper", cmap=cmap, interpolation="nearest", zorder=0.5,
                      norm=Normalize(0.0, top))
    deepest = float(np.nanmax(depth)) if np.isfinite(depth).any() else 0.0
    ax.figure.colorbar(image, ax=ax, shrink=0.8, extend="max" if deepest > top else "neither",
                       label=f"water depth (m)\nscale to the {percentile:g}th percentile under roads"
                             + (f"; deepest {deepest:.1f} m" if deepest > top else ""))
    _draw_region(ax, region)
    closures = results.table("flood_closures")
    if vehicle_class is not None:
        closures = closures[closures["vehicle_class"] == vehicle_class]
    if len(closures):
        closures = closures.drop_duplicates("edge")
        segments = np.stack([closures[["from_lon", "from_lat"]].to_numpy(dtype=float),
                             closures[["to_lon", "to_lat"]].to_numpy(dtype=float)], axis=1)
        label = "closed by water" + (f" (to {vehicle_class})" if vehicle_class else " (to any vehicle class)")
        ax.add_collection(LineCollection(segments, colors="tab:red", linewidths=1.6, label=label, zorder=3))
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    if frame is None:
        what, when = "maximum water depth", period_text(results)
    else:
        seconds = float(results.flood_frame_times()[frame])
        what = f"water depth at frame {frame}"
        moment = results.to_datetime(seconds)
        when = (f"{moment:%Y-%m-%d %H:%M}" if results.start_time_given else "") + f" ({seconds / 3600:g} h)"
    reps = results.metadata.get("replications")
    title = maps.map_title(results.scenario_name, what, when)
    if reps:
        title += f"; one flood run, shared by {'the ' + str(reps) + ' replications' if int(reps) != 1 else 'the replication'}"
    else:
        title += "; one flood run"
    maps.finish_map(ax, title=title, basemap=basemap)
    # The map shows the flood domain, whatever the roads' extent.
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    return ax
