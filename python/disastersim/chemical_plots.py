"""Chemical releases in a run's results (the ``chemical_*`` tables, docs/output-format.md):
the AEGL levels, the threat zones on the road map with the wind, the concentration over
time at a named place, and the people exposed above each level.

``Results.chemical_levels``, ``plot_threat_zones``, ``plot_concentration`` and
``chemical_exposure_summary`` call these; they read only the tables and their attributes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from disastersim import maps

#: Litres per mole of an ideal gas at 25 C and 1 atm: ppm = mg/m3 * 24.45 / molar mass
#: (the conversion the engine uses, sim/hazards/chemical.hpp).
MOLAR_VOLUME_L = 24.45

#: Fill and line colour of each level's zone, as emergency planners draw them (ALOHA's
#: yellow, orange and red).
LEVEL_COLOURS = {1: "#f2d21b", 2: "#f28e1b", 3: "#d7191c"}

#: Tables that carry the chemical's levels as attributes, in the order they are looked in.
_LEVEL_TABLES = ("chemical_releases", "chemical_nodes", "chemical_grid", "chemical_zone_exposure")

_COMPASS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")


# -- levels ---------------------------------------------------------------------


def level_attributes(results) -> dict:
    """The attributes that describe the chemical (levels, molar mass, zone duration), from the
    first chemical table that has them."""
    for table in _LEVEL_TABLES:
        if table in results:
            attributes = results.attributes_of(table)
            if "aegl2_mg_m3" in attributes:
                return attributes
    if not results.has_chemical:
        raise KeyError(results._missing("chemical_releases"))
    raise KeyError("the chemical tables carry no level attributes (aegl1_mg_m3, ...): a results file from an "
                   "older dsim, or tables written by hand")


def chemical_levels(results) -> dict[int, dict]:
    attributes = level_attributes(results)
    out = {}
    for level in (1, 2, 3):
        mg_m3 = float(attributes.get(f"aegl{level}_mg_m3", np.nan))
        kind = str(attributes.get(f"aegl{level}_kind", "AEGL") or "AEGL")
        out[level] = {"name": f"{kind}-{level}", "kind": kind, "mg_m3": mg_m3,
                      "ppm": float(attributes.get(f"aegl{level}_ppm", np.nan)),
                      "duration_s": float(attributes.get("zone_duration_s", np.nan))}
    return out


def ppm_per_mg_m3(results) -> float:
    """ppm by volume per mg/m3 of the results' chemical (25 C, 1 atm)."""
    return MOLAR_VOLUME_L / float(level_attributes(results)["molar_mass_g_mol"])


def number(value: float) -> str:
    """Three significant figures, without an exponent for everyday sizes: 1,100, 160, 20.9."""
    value = float(value)
    if not np.isfinite(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def level_label(level: dict) -> str:
    """``AEGL-2: 160 ppm (111 mg/m3), 60 min``."""
    minutes = level["duration_s"] / 60.0
    duration = f", {minutes:g} min" if np.isfinite(minutes) else ""
    return f"{level['name']}: {number(level['ppm'])} ppm ({number(level['mg_m3'])} mg/m³){duration}"


def chemical_name(results) -> str:
    attributes = level_attributes(results)
    return str(attributes.get("chemical_name") or attributes.get("chemical") or "chemical").lower()


# -- the grid and its frames ------------------------------------------------------


def grid_array(results, column: str = "peak_mg_m3") -> np.ndarray:
    """A column of ``chemical_grid`` as a 2-D array, row 0 SOUTH (as the table's rows)."""
    grid = results.table("chemical_grid")
    attributes = results.attributes_of("chemical_grid")
    rows = int(attributes.get("rows", grid["row"].max() + 1 if len(grid) else 0))
    cols = int(attributes.get("cols", grid["col"].max() + 1 if len(grid) else 0))
    out = np.full((rows, cols), np.nan)
    out[grid["row"].to_numpy(), grid["col"].to_numpy()] = grid[column].to_numpy(dtype=float)
    return out


def frame_times(results) -> np.ndarray:
    """Time (s) of each frame of ``chemical_frames``, frame 0 first. A frame with no cell above
    the table's floor has no rows; its time follows from frame 0 at the first release and the
    frames' even spacing (results written before ``chemical_frame_times`` was stored)."""
    if "chemical_frame_times" in results:
        return results.table("chemical_frame_times").sort_values("frame")["time_s"].to_numpy(dtype=float)
    frames = results.table("chemical_frames")
    count = int(results.attributes_of("chemical_frames").get("frames", frames["frame"].max() + 1 if len(frames) else 0))
    known = frames.drop_duplicates("frame").set_index("frame")["time_s"].astype(float)
    first = results.attributes_of("chemical_releases").get("first_release_s") if "chemical_releases" in results else None
    if first is not None and 0 not in known.index:
        known.loc[0] = float(first)
    known = known.sort_index()
    out = np.full(count, np.nan)
    take = known.index[known.index < count]
    out[take] = known.loc[take].to_numpy()
    if len(known) >= 2 and np.isnan(out).any():
        step = (known.iloc[-1] - known.iloc[0]) / (known.index[-1] - known.index[0])
        gaps = np.isnan(out)
        out[gaps] = known.iloc[0] + (np.flatnonzero(gaps) - known.index[0]) * step
    return out


def frame_array(results, frame: int) -> np.ndarray:
    """Outdoor concentration (mg/m3) of frame ``frame`` as a 2-D array, row 0 south; 0 where the
    table lists nothing (below a thousandth of the lowest level)."""
    shape = grid_array(results, "row").shape
    frames = results.table("chemical_frames")
    these = frames[frames["frame"] == frame]
    out = np.zeros(shape[0] * shape[1])
    out[these["cell"].to_numpy()] = these["c_mg_m3"].to_numpy(dtype=float)
    return out.reshape(shape)


def nearest_frame(results, time_s: float) -> tuple[int, float]:
    """The frame nearest ``time_s``, and its time."""
    times = frame_times(results)
    if not len(times) or not np.isfinite(times).any():
        raise ValueError("these results store no concentration frames (chemical_frames is empty)")
    frame = int(np.nanargmin(np.abs(times - float(time_s))))
    return frame, float(times[frame])


# -- wind -------------------------------------------------------------------------


def compass(from_deg: float) -> str:
    """The 16-point compass name of a direction in degrees clockwise from north."""
    return _COMPASS[int(math.floor((float(from_deg) % 360.0) / 22.5 + 0.5)) % 16]


def wind_at(results, time_s: float) -> pd.Series:
    """The ``chemical_weather`` row in force at ``time_s`` (each row holds until the next)."""
    weather = results.table("chemical_weather").sort_values("time_s", kind="stable")
    before = weather[weather["time_s"] <= time_s]
    return (before.iloc[-1] if len(before) else weather.iloc[0])


def wind_label(row) -> str:
    return f"wind {row['speed_mps']:.3g} m/s from {compass(row['from_deg'])}"


def _clock(results, seconds: float) -> str:
    if results.start_time_given:
        return f"{results.to_datetime(seconds):%H:%M}"
    return f"{seconds / 3600:.3g} h"


def _wind_box(ax, results, winds: list[tuple[float | None, pd.Series]]):
    """An inset at the upper right: one arrow per wind (pointing where the wind blows to), with
    its speed, where it blows from, its stability class and since when."""
    shown = []
    for since, row in winds:
        text = wind_label(row)
        if since is not None:
            text = f"{_clock(results, since)}: {text}"
        if "stability" in row.index:
            text += f"\nstability class {row['stability']}"
        shown.append((float(row["from_deg"]), text))
    return maps.add_wind_box(ax, shown)


def _winds_to_show(results, time_s: float | None) -> list[tuple[float | None, pd.Series]]:
    """The winds of the period a map shows: the one at ``time_s``, or each wind that blew while
    the gas was in the air (from the first release to the end of the dispersion), with its start."""
    if time_s is not None:
        return [(None, wind_at(results, time_s))]
    attributes = results.attributes_of("chemical_releases") if "chemical_releases" in results else {}
    first, end = float(attributes.get("first_release_s", 0.0)), float(attributes.get("end_s", np.inf))
    weather = results.table("chemical_weather").sort_values("time_s", kind="stable").reset_index(drop=True)
    shown = []
    for i, row in weather.iterrows():
        until = float(weather["time_s"].iloc[i + 1]) if i + 1 < len(weather) else np.inf
        if until > first and float(row["time_s"]) < end:
            shown.append((max(float(row["time_s"]), first), row))
    if len(shown) == 1:
        shown = [(None, shown[0][1])]
    return shown[:4]


# -- roads closed ------------------------------------------------------------------


def closed_road_segments(results, network, time_s: float | None) -> np.ndarray:
    """(k, 2, 2) lon/lat segments of the roads closed to vehicles without the protected (hazmat)
    class: at ``time_s``, or at any time when None; a two-way road once."""
    if "chemical_road_changes" not in results:
        return np.empty((0, 2, 2))
    changes = results.table("chemical_road_changes")
    changes = changes[changes["protected"] == 0].sort_values("time_s", kind="stable")
    if time_s is None:
        closed = changes[changes["closed"] == 1]
    else:
        last = changes[changes["time_s"] <= time_s].drop_duplicates(["from_node", "to_node"], keep="last")
        closed = last[last["closed"] == 1]
    if not len(closed):
        return np.empty((0, 2, 2))
    pairs = {tuple(sorted(p)) for p in zip(closed["from_node"].to_numpy(), closed["to_node"].to_numpy())}
    nodes = network.nodes.set_index("id")[["lon", "lat"]]
    pairs = sorted(p for p in pairs if p[0] in nodes.index and p[1] in nodes.index)
    if not pairs:
        return np.empty((0, 2, 2))
    a = nodes.loc[[p[0] for p in pairs]].to_numpy(dtype=float)
    b = nodes.loc[[p[1] for p in pairs]].to_numpy(dtype=float)
    return np.stack([a, b], axis=1)


# -- the threat-zone map -----------------------------------------------------------


def grid_outline(results) -> np.ndarray:
    """The outer edge of ``chemical_grid`` as a closed (5, 2) lon/lat ring (its corners, half a
    cell beyond the corner cells' centres)."""
    lon, lat = grid_array(results, "lon"), grid_array(results, "lat")
    rows, cols = lon.shape

    def corner(r, c, dr, dc):
        step_r = (lambda a: a[min(r + 1, rows - 1), c] - a[max(r - 1, 0), c]) if rows > 1 else (lambda a: 0.0)
        step_c = (lambda a: a[r, min(c + 1, cols - 1)] - a[r, max(c - 1, 0)]) if cols > 1 else (lambda a: 0.0)
        return [a[r, c] + 0.5 * dr * step_r(a) + 0.5 * dc * step_c(a) for a in (lon, lat)]

    ring = [corner(0, 0, -1, -1), corner(0, cols - 1, -1, 1), corner(rows - 1, cols - 1, 1, 1),
            corner(rows - 1, 0, 1, -1)]
    return np.asarray(ring + ring[:1], dtype=float)


def _map_extent(outline: np.ndarray, max_ratio: float = 1.4) -> tuple[float, float, float, float]:
    """The grid's extent, widened (or heightened) about its centre so that the map is at most
    ``max_ratio`` times taller than wide (or wider than tall) on the ground: a long plume keeps
    some of the country beside it in view."""
    west, east = float(outline[:, 0].min()), float(outline[:, 0].max())
    south, north = float(outline[:, 1].min()), float(outline[:, 1].max())
    shrink = math.cos(math.radians(0.5 * (south + north)))
    wide, tall = (east - west) * shrink, north - south
    if tall > max_ratio * wide:
        grow = (tall / max_ratio - wide) / shrink / 2
        west, east = west - grow, east + grow
    elif wide > max_ratio * tall:
        grow = (wide / max_ratio - tall) / 2
        south, north = south - grow, north + grow
    return west, east, south, north


def _label_zones(ax, zones: pd.DataFrame | None, extent) -> None:
    if zones is None or not len(zones):
        return
    for polygon, name, zone_id in zip(maps.zone_polygons(zones), zones["name"], zones["id"]):
        lon, lat = polygon[:, 0].mean(), polygon[:, 1].mean()
        if extent[0] < lon < extent[1] and extent[2] < lat < extent[3]:
            ax.annotate(str(name or zone_id), (lon, polygon[:, 1].max()), textcoords="offset points", xytext=(0, 2),
                        ha="center", va="bottom", fontsize=7, color="tab:purple", zorder=6, clip_on=True)


def plot_threat_zones(results, ax=None, *, time_s=None, levels=(1, 2, 3), network=None, zones=None,
                      closed_roads: bool = True, basemap: bool = False):
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    from disastersim.results_maps import _axes, _draw_region, _region_or_warn

    info = chemical_levels(results)
    unknown = [lv for lv in levels if lv not in info]
    if unknown:
        raise ValueError(f"levels: expected some of 1, 2, 3, got {unknown}")
    ax = _axes(ax)
    lon, lat = grid_array(results, "lon"), grid_array(results, "lat")
    if time_s is None:
        field, frame_time = grid_array(results, "peak_mg_m3"), None
    else:
        frame, frame_time = nearest_frame(results, time_s)
        field = frame_array(results, frame)
    field = np.nan_to_num(field, nan=0.0)
    border = np.concatenate([field[0], field[-1], field[:, 0], field[:, -1]])
    handles = []
    for lv in sorted(levels):
        threshold = info[lv]["mg_m3"]
        if not np.isfinite(threshold):
            continue
        colour = LEVEL_COLOURS[lv]
        label = level_label(info[lv])
        if field.max() > threshold:
            # One filled area per level, from its threshold up: the higher levels lie on top.
            top = 2.0 * float(field.max())
            filled = ax.contourf(lon, lat, field, levels=[threshold, top], colors=[colour], alpha=0.5,
                                 zorder=0.5 + 0.01 * lv)
            filled.set_gid(f"aegl{lv}_zone")
            ax.contour(lon, lat, field, levels=[threshold], colors=[colour], linewidths=1.2,
                       zorder=0.55 + 0.01 * lv).set_gid(f"aegl{lv}_edge")
            if border.max() > threshold:
                label += " (reaches the grid's edge: goes further)"
        else:
            label += " (not reached)"
        handles.append(Patch(facecolor=colour, edgecolor=colour, alpha=0.7, label=label))
    region = _region_or_warn(results, network, zones)
    _draw_region(ax, region)
    outline = grid_outline(results)
    ax.plot(outline[:, 0], outline[:, 1], color="0.35", linewidth=0.8, linestyle=":", zorder=1.8,
            label="edge of the concentration grid")
    if closed_roads and region is not None:
        segments = closed_road_segments(results, region.network, frame_time)
        if len(segments):
            when = "ever closed" if time_s is None else f"closed at {_clock(results, frame_time)}"
            ax.add_collection(LineCollection(segments, colors="k", linewidths=1.6, zorder=3,
                                             label=f"roads {when} to all but hazmat vehicles"))
    if "chemical_releases" in results:
        releases = results.table("chemical_releases")
        ax.scatter(releases["lon"], releases["lat"], marker="*", s=220, color="k", edgecolors="w", linewidths=0.8,
                   zorder=6, label="release point")
        for row in releases.itertuples():
            ax.annotate(str(row.name), (row.lon, row.lat), textcoords="offset points", xytext=(8, -12), fontsize=7,
                        zorder=6)
    _wind_box(ax, results, _winds_to_show(results, frame_time))
    extent = _map_extent(outline)
    if region is not None:
        _label_zones(ax, region.zones, extent)
    attributes = results.attributes_of("chemical_releases") if "chemical_releases" in results else {}
    first = float(attributes.get("first_release_s", 0.0))
    name = chemical_name(results)
    if time_s is None:
        what = f"{name} threat zones, peak outdoor concentration"
        end_s = float(attributes.get("end_s", np.nan))
        when = f"{_clock(results, first)} to {_clock(results, end_s)}" if np.isfinite(end_s) else ""
    else:
        what = f"{name} threat zones at {_clock(results, frame_time)}"
        when = f"{(frame_time - first) / 60:.0f} min after the release began"
    title = maps.map_title(results.scenario_name, what, when) + "; one dispersion run, shared by every replication"
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.ticklabel_format(useOffset=False)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))  # a narrow map keeps its longitudes apart
    maps.finish_map(ax, title=title, basemap=basemap, extra_legend=handles)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    return ax


# -- concentration over time at a place ------------------------------------------------


def _y_top(peak: float, thresholds: list[float]) -> float:
    """Top of a concentration axis: the curve's peak and the levels up to it, and the next
    level above it when that is less than twice the peak (so a level far above stays off)."""
    shown = [t for t in thresholds if t <= peak]
    above = [t for t in thresholds if t > peak]
    top = max([peak, *shown])
    if above and min(above) <= 2.0 * max(peak, 1e-12):
        top = min(above)
    return 1.1 * top if top > 0 else 1.0


def plot_concentration(results, place: str, ax=None, *, indoor: bool = True, levels=(1, 2, 3)):
    import matplotlib.pyplot as plt
    from matplotlib.transforms import blended_transform_factory

    series = results.table("chemical_place_series")
    these = series[series["place"] == place].sort_values("time_s")
    if not len(these):
        places = ", ".join(sorted(series["place"].unique())) or "none"
        raise KeyError(f"no place {place!r} in chemical_place_series (the places the gas reached: {places})")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    seconds = these["time_s"].to_numpy(dtype=float)
    calendar = results.start_time_given
    x = results.to_datetime(pd.Series(seconds)).to_numpy() if calendar else seconds / 3600.0
    outdoor = these["outdoor_mg_m3"].to_numpy(dtype=float)
    ax.plot(x, outdoor, color="k", linewidth=1.8, label="outdoors")
    peak = float(np.nanmax(outdoor))
    if indoor:
        inside = these["indoor_mg_m3"].to_numpy(dtype=float)
        ax.plot(x, inside, color="tab:blue", linewidth=1.6, linestyle="--", label="indoors (buildings' air changes)")
        peak = max(peak, float(np.nanmax(inside)))
    info = chemical_levels(results)
    chosen = [lv for lv in levels if np.isfinite(info[lv]["mg_m3"])]
    top = _y_top(peak, [info[lv]["mg_m3"] for lv in chosen])
    across = blended_transform_factory(ax.transAxes, ax.transData)
    off_scale = []
    for lv in chosen:
        level = info[lv]
        line = ax.axhline(level["mg_m3"], color=LEVEL_COLOURS[lv], linewidth=1.4, linestyle=(0, (4, 2)), zorder=1,
                          label="_" + level["name"])
        line.set_gid(f"aegl{lv}")
        if level["mg_m3"] > top:
            off_scale.append(f"{level['name']} ({number(level['ppm'])} ppm) above the scale")
            continue
        ax.text(0.995, level["mg_m3"], f"{level['name']}: {number(level['ppm'])} ppm", transform=across, ha="right",
                va="bottom", fontsize=8, color="#8a7400" if lv == 1 else LEVEL_COLOURS[lv])
    ax.set_ylim(0.0, top)
    if off_scale:
        ax.text(0.995, 0.98, "; ".join(off_scale), transform=ax.transAxes, ha="right", va="top", fontsize=8,
                color="0.3")
    ax.set_ylabel("concentration (mg/m³)")
    factor = ppm_per_mg_m3(results)
    right = ax.secondary_yaxis("right", functions=(lambda c: c * factor, lambda p: p / factor))
    right.set_ylabel("concentration (ppm)")
    if calendar:
        import matplotlib.dates as mdates

        start = results.start_time
        offset = start.strftime("%z") if start.tzinfo is not None else ""
        offset = f", UTC{offset[:3]}:{offset[3:]}" if offset else ""
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=start.tzinfo))
        ax.set_xlabel(f"time ({start:%Y-%m-%d}{offset})")
    else:
        ax.set_xlabel("hours from the start of the run")
    ax.set_xlim(x[0], x[-1])
    node = int(these["node"].iloc[0])
    minutes = info[chosen[0]]["duration_s"] / 60.0 if chosen else np.nan
    ax.set_title(f"{results.scenario_name}: {chemical_name(results)} at {place} (road node {node})\n"
                 f"one dispersion run, shared by every replication; levels for a {minutes:g}-min exposure", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    return ax


# -- people exposed ------------------------------------------------------------------


def _finished_replications(results) -> np.ndarray:
    for table in ("warning_replications", "kpi_replications", "units"):
        if table in results and "replication" in results.table(table).columns:
            return np.unique(results.table(table)["replication"].to_numpy())
    return np.unique(results.table("chemical_exposure")["replication"].to_numpy())


def exposure_by_replication(results) -> pd.DataFrame:
    """People above each level summed over the zones, per replication (after the warning and
    the protective action): columns replication, level, people_outdoors, people_indoors,
    people; a replication with nobody above a level has a row of zeros."""
    exposure = results.table("chemical_exposure")
    reps = _finished_replications(results)
    index = pd.MultiIndex.from_product([reps, [1, 2, 3]], names=["replication", "level"])
    sums = exposure.groupby(["replication", "level"])[["people_outdoors", "people_indoors"]].sum()
    out = sums.reindex(index, fill_value=0.0)
    out["people"] = out["people_outdoors"] + out["people_indoors"]
    return out.reset_index()


def exposure_summary(results) -> pd.DataFrame:
    from disastersim._core import t_confidence_interval

    info = chemical_levels(results)
    base = results.table("chemical_zone_exposure")
    rows = []
    per_rep = exposure_by_replication(results) if "chemical_exposure" in results else None
    for lv in (1, 2, 3):
        b = base[base["level"] == lv]
        row = {"level": lv, "name": info[lv]["name"], "ppm": info[lv]["ppm"], "mg_m3": info[lv]["mg_m3"]}
        if per_rep is not None:
            these = per_rep[per_rep["level"] == lv]
            mean, half = t_confidence_interval(these["people"].tolist(), 0.95) if len(these) > 1 else \
                (float(these["people"].mean()) if len(these) else np.nan, np.nan)
            row.update({"outdoors": float(these["people_outdoors"].mean()) if len(these) else np.nan,
                        "indoors": float(these["people_indoors"].mean()) if len(these) else np.nan,
                        "total": mean, "total_half_width": half, "replications": len(these)})
        outdoors, indoors = float(b["people_outdoors"].sum()), float(b["people_indoors"].sum())
        row.update({"no_action_outdoors": outdoors, "no_action_indoors": indoors,
                    "no_action_total": outdoors + indoors})
        rows.append(row)
    out = pd.DataFrame(rows).set_index("level")
    reps = int(out["replications"].iloc[0]) if "replications" in out.columns else 0
    share = results.attributes_of("chemical_zone_exposure").get("outdoor_share")
    note = ("outdoors, indoors, total: mean people above the level over the "
            f"{reps} replications (after the warning and each zone's protective action; total_half_width: 95% "
            "Student-t); " if per_rep is not None else "no warning section: no per-replication exposure; ")
    note += "no_action_*: the same with nobody warned, one dispersion run (no randomness)"
    if share is not None:
        note += f"; outdoor share {float(share):g}"
    out.attrs["note"] = note
    return out
