"""Map pieces shared by every figure: roads by class, zone outlines, a scale bar,
a title that says what is shown, and an optional web basemap.

Every map of the package (``Results.plot_incidents``, ``plot_stations``,
``plot_flood_depth``, ``RoadNetwork.plot``, ``Placement.plot_map``) is drawn in
longitude/latitude on these layers:

>>> ax = draw_roads(ax, network)           # one LineCollection per road tier, labelled
>>> draw_zones(ax, zones)                   # outlines, labelled "zones"
>>> finish_map(ax, title="...")             # aspect, legend, scale bar
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

#: Road tiers drawn from the road classes (sim/network/raw_network.hpp), most important first:
#: (legend label, classes, line width in points, colour).
ROAD_TIERS: tuple[tuple[str, tuple[str, ...], float, str], ...] = (
    ("motorway, trunk", ("motorway", "trunk"), 1.6, "#8c2d04"),
    ("primary, secondary", ("primary", "secondary"), 1.1, "#d95f0e"),
    ("tertiary, local", ("tertiary", "unclassified", "residential", "living_street"), 0.6, "0.45"),
    ("service, track", ("service", "track", "other"), 0.35, "0.7"),
)

#: Mean metres per degree of latitude (and of longitude at the equator), WGS 84 mean radius.
METRES_PER_DEGREE = 6_371_008.8 * math.pi / 180.0

SCALE_BAR_GID = "scale_bar"


# -- roads ----------------------------------------------------------------------


def road_segments(network) -> tuple[list[np.ndarray] | np.ndarray, np.ndarray, np.ndarray]:
    """The lines to draw for the roads of ``network`` (a disastersim.RoadNetwork):
    (lines, road class codes, edge index), one line per road (a two-way road once).

    Each line is an (k, 2) array of lon/lat points: the road's shape through its OSM way's
    points, or the straight segment from tail to head where the network has none (CSV,
    DIMACS and the synthetic region).
    """
    g = network.edge_geometries(one_per_road=True)
    edges = np.asarray(g["edge"], dtype=np.int64)
    xy = np.column_stack([np.asarray(g["lon"], dtype=float), np.asarray(g["lat"], dtype=float)])
    offsets = np.asarray(g["offsets"], dtype=np.int64)
    if len(edges) and np.all(np.diff(offsets) == 2):
        lines = xy.reshape(len(edges), 2, 2)  # straight segments only: one array, faster to draw
    else:
        lines = [xy[offsets[i]:offsets[i + 1]] for i in range(len(edges))]
    classes = np.asarray(network.core.road_class, dtype=np.int64)[edges]
    return lines, classes, edges


def _select(lines, mask: np.ndarray):
    if isinstance(lines, list):
        return [lines[i] for i in np.flatnonzero(mask)]
    return lines[mask]


def _class_codes(names: Sequence[str]) -> list[int]:
    from disastersim.network import ROAD_CLASS_NAMES

    return [ROAD_CLASS_NAMES.index(n) for n in names if n in ROAD_CLASS_NAMES]


def draw_roads(ax, network, *, highlight: np.ndarray | None = None, highlight_label: str = "covered",
               highlight_color: str = "tab:red", muted: bool = False, zorder: float = 1.0) -> list:
    """Draws the roads of ``network`` beneath the other marks: one LineCollection per road
    tier present (ROAD_TIERS), line width and colour by tier, each with a legend label.
    ``highlight``: a boolean per edge (as ``network.edges``); those roads are drawn again on
    top in ``highlight_color`` as one more LineCollection labelled ``highlight_label``.
    ``muted``: lighter lines, for maps whose marks carry the message. Returns the collections."""
    from matplotlib.collections import LineCollection

    lines, classes, edge = road_segments(network)
    drawn = []
    for tier, (label, names, width, colour) in enumerate(ROAD_TIERS):  # legend order: main roads first
        take = np.isin(classes, _class_codes(names))
        if not take.any():
            continue
        collection = LineCollection(_select(lines, take),
                                    linewidths=width * (0.8 if muted else 1.0), colors=colour,
                                    alpha=0.55 if muted else 0.9, label=f"roads: {label}",
                                    zorder=zorder + 0.01 * (len(ROAD_TIERS) - tier),  # main roads on top
                                    capstyle="round")
        ax.add_collection(collection)
        drawn.append(collection)
    if highlight is not None:
        highlight = np.asarray(highlight, dtype=bool)
        if highlight.shape != (network.edge_count,):
            raise ValueError(f"highlight: expected {network.edge_count} edge values, got shape {highlight.shape}")
        take = highlight[edge]
        collection = LineCollection(_select(lines, take), linewidths=1.4, colors=highlight_color, label=highlight_label,
                                    zorder=zorder + 0.5)
        ax.add_collection(collection)
        drawn.append(collection)
    ax.update_datalim(np.concatenate([np.asarray(line) for line in lines]) if isinstance(lines, list)
                      else lines.reshape(-1, 2))
    ax.autoscale_view()
    return drawn


# -- zones ----------------------------------------------------------------------


def zone_polygons(zones: pd.DataFrame | None) -> list[np.ndarray]:
    """The outline of each zone as an (k, 2) lon/lat array, from a zones DataFrame whose
    ``polygon`` column holds (lon, lat) pairs or ``"lon lat;lon lat"`` text."""
    if zones is None or len(zones) == 0 or "polygon" not in zones.columns:
        return []
    out = []
    for polygon in zones["polygon"]:
        if isinstance(polygon, str):
            points = [tuple(float(v) for v in p.split()) for p in polygon.split(";") if p.strip()]
        else:
            points = [tuple(p) for p in polygon]
        if len(points) >= 3:
            out.append(np.asarray(points, dtype=float))
    return out


def draw_zones(ax, zones: pd.DataFrame | None, *, color: str = "tab:purple", label: str = "zones",
               zorder: float = 1.5):
    """Draws each zone's outline (no fill) as one PolyCollection with a legend label;
    returns it, or None when there are no zones."""
    from matplotlib.collections import PolyCollection

    polygons = zone_polygons(zones)
    if not polygons:
        return None
    collection = PolyCollection(polygons, facecolors="none", edgecolors=color, linewidths=0.9, linestyles="--",
                                label=label, zorder=zorder)
    ax.add_collection(collection)
    return collection


# -- scale bar, aspect, legend, title -------------------------------------------


def nice_length_km(span_km: float) -> float:
    """A round length (1, 2 or 5 times a power of ten, in km) near a fifth of ``span_km``."""
    if not (span_km > 0 and math.isfinite(span_km)):
        return 1.0
    target = span_km / 5.0
    power = 10.0 ** math.floor(math.log10(target))
    for step in (5.0, 2.0, 1.0):
        if step * power <= target:
            return step * power
    return power


def add_scale_bar(ax, *, loc: str = "lower left"):
    """A scale bar in km, its length computed for the latitude at the middle of the map
    (a degree of longitude is cos(latitude) times a degree of latitude). Returns the artist,
    whose gid is ``"scale_bar"``."""
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    (lon0, lon1), (lat0, lat1) = ax.get_xlim(), ax.get_ylim()
    mid_lat = 0.5 * (lat0 + lat1)
    km_per_degree_lon = METRES_PER_DEGREE * math.cos(math.radians(mid_lat)) / 1000.0
    length_km = nice_length_km(abs(lon1 - lon0) * km_per_degree_lon)
    label = f"{length_km:g} km" if length_km >= 1 else f"{length_km * 1000:g} m"
    bar = AnchoredSizeBar(ax.transData, length_km / km_per_degree_lon, label, loc, pad=0.4, borderpad=0.6,
                          sep=3, frameon=True, size_vertical=0.0)
    bar.patch.set_alpha(0.8)
    bar.set_gid(SCALE_BAR_GID)
    bar.set_zorder(10)
    ax.add_artist(bar)
    return bar


def set_lonlat_aspect(ax) -> None:
    """Equal distances east and north: the y/x aspect is 1 / cos(latitude)."""
    lat0, lat1 = ax.get_ylim()
    ax.set_aspect(1.0 / max(math.cos(math.radians(0.5 * (lat0 + lat1))), 1e-6))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")


def map_title(scenario: str | None, what: str, when: str | None = None, replications: int | None = None) -> str:
    """``scenario: what`` on the first line, then the time and the replications pooled."""
    head = f"{scenario}: {what}" if scenario else what
    tail = []
    if when:
        tail.append(when)
    if replications is not None:
        tail.append(f"{replications} replication{'s' if replications != 1 else ''} pooled")
    return head + ("\n" + ", ".join(tail) if tail else "")


def new_map_axes(width_in: float = 8.0):
    """A figure for one map, laid out by matplotlib's constrained layout so that the legend
    below the map and a colour bar beside it keep their room. Returns the Axes."""
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=(width_in, width_in), layout="constrained")
    figure.get_layout_engine().set(h_pad=0.15, w_pad=0.1)  # inches: room for two-line titles at any dpi
    ax.figure._dsim_fit_to_map = True  # finish_map sizes it to the map's shape
    return ax


def _fit_figure(ax) -> None:
    figure = ax.figure
    if not getattr(figure, "_dsim_fit_to_map", False):
        return
    (lon0, lon1), (lat0, lat1) = ax.get_xlim(), ax.get_ylim()
    east = abs(lon1 - lon0) * math.cos(math.radians(0.5 * (lat0 + lat1)))
    ratio = abs(lat1 - lat0) / east if east > 0 else 1.0
    width = figure.get_figwidth()
    # Map height plus room for the title and the legend below it.
    figure.set_figheight(min(max(0.8 * width * ratio + 2.2, 4.0), 1.4 * width))


def _legend_columns(labels: Sequence[str], width_in: float) -> int:
    """As many columns (at most 3) as fit the figure's width: a legend wider than the figure
    would squeeze the map itself under constrained layout. About 0.065 in a character at 8 pt,
    plus the marker and the gap."""
    longest = max((len(label) for label in labels), default=0)
    column_in = 0.065 * longest + 0.7
    return max(1, min(3, len(labels), int(width_in // column_in)))


def finish_map(ax, *, title: str, legend_loc: str = "below", basemap: bool = False,
               extra_legend: Sequence = ()) -> None:
    """Aspect and axis labels, the legend (one entry per labelled mark; by default below the
    map, so that it hides nothing), the scale bar, the title and, when asked, the basemap.
    ``extra_legend``: labelled artists drawn nowhere (patches standing for filled contours),
    listed first."""
    set_lonlat_aspect(ax)
    if basemap:
        add_basemap(ax)
    handles, labels = ax.get_legend_handles_labels()
    handles = [*extra_legend, *handles]
    labels = [*(h.get_label() for h in extra_legend), *labels]
    if handles:
        if legend_loc == "below":
            # Below the axis labels (a fixed distance in inches, whatever the map's height).
            from matplotlib.transforms import ScaledTranslation

            below = ax.transAxes + ScaledTranslation(0.0, -0.5, ax.figure.dpi_scale_trans)
            ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
                      ncol=_legend_columns(labels, ax.figure.get_figwidth()), fontsize=8, frameon=False)
        else:
            ax.legend(handles, labels, loc=legend_loc, fontsize=8, framealpha=0.85)
    add_scale_bar(ax)
    ax.set_title(title, fontsize=10)
    _fit_figure(ax)


def add_basemap(ax, source: Any = None) -> bool:
    """Web map tiles beneath the marks (contextily, when installed and the machine is
    online). Never required: on any failure it warns and draws nothing. Returns whether
    tiles were drawn."""
    try:
        import contextily
    except ImportError:
        warnings.warn("basemap=True needs contextily (pip install contextily); drawing without it", stacklevel=3)
        return False
    try:
        kwargs = {"crs": "EPSG:4326", "attribution_size": 6, "zorder": 0}
        if source is not None:
            kwargs["source"] = source
        contextily.add_basemap(ax, **kwargs)
        return True
    except Exception as error:  # offline, tile server refused, ...: the map stands without tiles
        warnings.warn(f"basemap: no tiles ({type(error).__name__}: {error}); drawing without them", stacklevel=3)
        return False


def color_limit(values: np.ndarray, percentile: float = 99.0) -> float:
    """Upper end of a colour scale: the ``percentile`` of the finite values, so that a few
    extreme cells do not wash out the rest (the colour bar then says "extend max")."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not len(values):
        return 1.0
    top = float(np.percentile(values, percentile))
    return top if top > 0 else float(values.max()) or 1.0


def data_limits(values: np.ndarray, margin: float = 0.08, floor: float | None = None,
                ceiling: float | None = None, min_span: float = 0.0) -> tuple[float, float]:
    """Axis limits that zoom to ``values`` with ``margin`` (a share of their range) on each side,
    at least ``min_span`` wide, kept within [floor, ceiling] when given."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not len(values):
        return (floor if floor is not None else 0.0, ceiling if ceiling is not None else 1.0)
    lo, hi = float(values.min()), float(values.max())
    span = max(hi - lo, min_span, abs(hi) * 1e-3, 1e-9)
    centre = 0.5 * (lo + hi)
    lo, hi = min(lo, centre - span / 2), max(hi, centre + span / 2)
    lo, hi = lo - margin * span, hi + margin * span
    if floor is not None:
        lo = max(lo, floor)
    if ceiling is not None:
        hi = min(hi, ceiling)
    return lo, hi


def add_wind_box(ax, winds, *, gid: str = "wind"):
    """An inset at the upper right with one arrow per wind (pointing where the wind blows *to*)
    and its text: ``winds`` is a list of (from_deg, text), where the wind blows from clockwise
    from north. Returns the box, or None when there is no wind to show."""
    from matplotlib.offsetbox import AnchoredOffsetbox, DrawingArea, HPacker, TextArea, VPacker
    from matplotlib.patches import FancyArrowPatch

    rows, size = [], 30.0
    for from_deg, text in winds:
        towards = math.radians(float(from_deg) + 180.0)
        dx, dy = 0.42 * size * math.sin(towards), 0.42 * size * math.cos(towards)
        area = DrawingArea(size, size)
        area.add_artist(FancyArrowPatch((size / 2 - dx, size / 2 - dy), (size / 2 + dx, size / 2 + dy),
                                        arrowstyle="-|>", mutation_scale=12, linewidth=1.8, color="k"))
        rows.append(HPacker(children=[area, TextArea(text, textprops={"fontsize": 8})], align="center", pad=0, sep=4))
    if not rows:
        return None
    box = AnchoredOffsetbox(loc="upper right", child=VPacker(children=rows, align="left", pad=0, sep=3), pad=0.3,
                            borderpad=0.5, frameon=True)
    box.patch.set_alpha(0.85)
    box.set_gid(gid)
    box.set_zorder(10)
    ax.add_artist(box)
    return box
