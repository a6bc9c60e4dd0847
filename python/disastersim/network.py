"""Road networks: load one, search travel times, measure coverage, plot.

>>> import disastersim as ds
>>> region = ds.synthetic_region(seed=7)
>>> net = region.network
>>> station = net.nearest_node(109.93, 39.72)
>>> c = net.coverage([station], minutes=5)
>>> c["node_share"], c["road_share"]
>>> ax = net.plot(covered=c)
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from disastersim import _core

ROAD_CLASS_NAMES: tuple[str, ...] = tuple(_core.ROAD_CLASS_NAMES)


class RoadNetwork:
    """A directed road graph: nodes ``0..n-1``, edges ``0..m-1`` (largest strongly connected component).

    ``nodes`` and ``edges`` are pandas DataFrames indexed by node and edge index; the
    engine's arrays behind them are views without copies (``net.core.lon`` and so on).
    """

    def __init__(self, core: Any) -> None:
        self.core = core

    def __repr__(self) -> str:
        return f"RoadNetwork({self.core.source!r}: {self.node_count:,} nodes, {self.edge_count:,} edges)"

    @property
    def source(self) -> str:
        return self.core.source

    @property
    def node_count(self) -> int:
        return self.core.node_count

    @property
    def edge_count(self) -> int:
        return self.core.edge_count

    @property
    def summary(self) -> dict:
        """Counts, road-km (total and by class), components dropped and the bounding box."""
        return self.core.summary

    @property
    def nodes(self) -> pd.DataFrame:
        """One row per node: id (as in the file), lon, lat, x_m, y_m (local projection)."""
        c = self.core
        frame = pd.DataFrame({"id": c.node_id, "lon": c.lon, "lat": c.lat, "x_m": c.x_m, "y_m": c.y_m}, copy=False)
        frame.index.name = "node"
        return frame

    @property
    def edges(self) -> pd.DataFrame:
        """One row per directed edge: tail and head (node indices), length_m, speed_mps,
        travel_time_s, road_class (categorical), way_id, twin (the opposite edge, or -1), and
        bridge and tunnel (OSM ``bridge=*`` / ``tunnel=*``)."""
        c = self.core
        classes = pd.Categorical.from_codes(np.asarray(c.road_class, dtype=np.int64), categories=ROAD_CLASS_NAMES)
        frame = pd.DataFrame(
            {
                "tail": c.tail,
                "head": c.head,
                "length_m": c.length_m,
                "speed_mps": c.speed_mps,
                "travel_time_s": c.travel_time_s,
                "road_class": classes,
                "way_id": c.way_id,
                "twin": c.twin,
                "bridge": c.bridge,
                "tunnel": c.tunnel,
            },
            copy=False,
        )
        frame.index.name = "edge"
        return frame

    def edge_geometries(self, one_per_road: bool = True) -> dict:
        """Road shapes for drawing: each edge's polyline from tail to head through its OSM way's
        points (a straight segment where there are none), as flat numpy arrays.

        Returns ``{"edge", "offsets", "lon", "lat"}``: the points of ``edge[i]`` are
        ``lon[offsets[i]:offsets[i + 1]]``, ``lat[...]``. ``one_per_road`` draws a two-way road
        once (the edge with the lower index). For matplotlib, ``edge_lines`` gives them as a
        LineCollection's input.
        """
        return dict(self.core.edge_geometries(bool(one_per_road)))

    def edge_lines(self, one_per_road: bool = True) -> list:
        """The same shapes as a list of (k, 2) arrays of (lon, lat), one per edge in
        ``edge_geometries(one_per_road)["edge"]`` order (ready for a LineCollection)."""
        g = self.edge_geometries(one_per_road)
        xy = np.column_stack([g["lon"], g["lat"]])
        o = g["offsets"]
        return [xy[o[i] : o[i + 1]] for i in range(len(o) - 1)]

    def nearest_node(self, lon: float, lat: float) -> int:
        """Index of the node closest to (lon, lat)."""
        return self.core.nearest_node(lon, lat)

    def travel_times_from(self, node_index: int, limit_s: float = np.inf) -> np.ndarray:
        """Free-flow travel times in seconds from one node to every node (inf where not reached)."""
        return self.core.travel_times_from(int(node_index), float(limit_s))

    def travel_time_matrix(self, sources, threads: int = 0, limit_s: float = np.inf) -> np.ndarray:
        """Travel times from each source (rows) to every node (columns); OpenMP threads (0: default)."""
        return self.core.travel_time_matrix(sources, threads, float(limit_s))

    def coverage(self, station_nodes, minutes: float = 5.0, demand=None, turnout_s=0.0) -> dict:
        """Which nodes, road-km and demand lie within ``minutes`` of any station, turnout included.

        ``demand``: one weight per node, or None. ``turnout_s``: one number or one per station.
        Returns node_share, road_share, demand_share (None without demand), the totals behind them,
        and arrays best_time_s (per node, inf beyond the limit), best_station (-1 beyond it) and
        edge_covered_fraction (per edge, 0..1).
        """
        return self.core.coverage(station_nodes, float(minutes), demand, turnout_s)

    def plot(self, ax=None, covered=None, *, zones: pd.DataFrame | None = None, title: str | None = None,
             covered_color="tab:red", basemap: bool = False):
        """Map of the roads, line width and colour by road class (disastersim.maps.ROAD_TIERS), with
        ``zones`` outlined (a DataFrame with a polygon column, as ``synthetic_region().zones``), a
        legend, a scale bar and a title. Covered roads are drawn on top in ``covered_color``.

        ``covered``: a dict returned by :meth:`coverage`, or a boolean/fraction array per edge,
        or a boolean array per node (an edge is covered when both ends are). Returns the Axes.
        """
        from disastersim import maps

        if ax is None:
            ax = maps.new_map_axes()
        c = self.core
        tail = np.asarray(c.tail, dtype=np.int64)
        head = np.asarray(c.head, dtype=np.int64)
        mask = None
        what = "road network"
        if covered is not None:
            values = covered["edge_covered_fraction"] if isinstance(covered, dict) else np.asarray(covered)
            values = np.asarray(values)
            if values.shape == (len(tail),):
                mask = values.astype(float) > 0.5
            elif values.shape == (self.node_count,):
                node = values.astype(bool)
                mask = node[tail] & node[head]
            else:
                raise ValueError(
                    f"covered: expected {len(tail)} edge values or {self.node_count} node values, got shape {values.shape}"
                )
            what = "roads covered"
            if isinstance(covered, dict) and covered.get("road_share") is not None:
                what += f" ({covered['road_share']:.1%} of road-km)"
        maps.draw_roads(ax, self, highlight=mask, highlight_label="covered", highlight_color=covered_color,
                        muted=covered is not None)
        maps.draw_zones(ax, zones)
        km = self.summary.get("road_km") if isinstance(self.summary, dict) else None
        when = f"{self.node_count:,} nodes, {self.edge_count:,} edges" + (f", {km:,.0f} road-km" if km else "")
        maps.finish_map(ax, title=maps.map_title(title or self.source, what, when), basemap=basemap)
        return ax


class SyntheticRegion(NamedTuple):
    """The generated Ordos-like region: its road network and its zones (one row per zone)."""

    network: RoadNetwork
    zones: pd.DataFrame


def load_network(path, speed_table: str = "default") -> RoadNetwork:
    """Loads a road network file: OSM (.osm.pbf, .osm[.gz|.bz2]), CSV (a directory or nodes.csv/edges.csv)
    or DIMACS (.gr). ``speed_table``: 'default' (same as 'general') or 'china' for OSM roads without maxspeed.
    Raises InputError on a bad file."""
    return RoadNetwork(_core.load_network(str(path), speed_table))


def synthetic_region(seed: int = 7, nodes: int = 30000) -> SyntheticRegion:
    """Generates the synthetic Ordos-like region (deterministic in the seed)."""
    core, zones = _core.synthetic_region(int(seed), int(nodes))
    frame = pd.DataFrame(zones, columns=["id", "name", "type", "population", "polygon"])
    return SyntheticRegion(RoadNetwork(core), frame)
