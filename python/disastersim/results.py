"""Results of a dsim run: the tables of a results file as pandas DataFrames.

>>> import disastersim as ds
>>> r = ds.load("out.h5")
>>> r.incidents.groupby("replication")["first_arrival_s"].mean()
>>> r.units_of("incidents")["first_arrival_s"]
's'

The file layout is described in docs/output-format.md; this module reads it
with h5py, so it needs nothing but the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pandas as pd

from disastersim._core import InputError

#: Newest layout version this reader understands (root attribute ``format_version``).
FORMAT_VERSION = 1

#: Root attributes that describe the run; everything else at the root is an extra attribute.
METADATA_KEYS = ("dsim_version", "format_version", "scenario_file", "seed", "replications", "created_utc",
                 "command_line", "scenario_text")

#: The calendar time at time 0 of a results file that does not say (a scenario without start_date).
DEFAULT_START_TIME = "2026-01-01T00:00:00"

#: Columns that hold moments (seconds from the start of the run), which :meth:`Results.calendar`
#: shows as calendar times; other ``_s`` columns are durations.
TIME_COLUMNS = frozenset({
    "occurred_s", "call_s", "first_dispatch_s", "first_arrival_s", "full_arrival_s", "comms_arrival_s",
    "cleared_s", "flashover_s", "first_fire_arrival_s", "dispatch_s", "depart_s", "arrival_s", "release_s",
    "back_s", "closed_s", "reopened_s", "time_s", "issued_s", "started_s", "answered_s", "ended_s", "queued_s",
    "second_alarm_s", "requested_s", "completed_s", "ready_s", "load_s", "arrive_s", "unloaded_s",
})

#: Tables the response simulation writes, reachable as attributes (``r.incidents``).
STANDARD_TABLES = ("incidents", "dispatches", "units", "kpis")


class Results:
    """The tables and metadata of one dsim run.

    ``tables`` maps each table name to a DataFrame, in the file's order; the
    usual ones are also attributes (``r.incidents``, ``r.dispatches``,
    ``r.units``, ``r.kpis``). Rows of per-replication tables carry the 0-based
    ``replication`` index. ``metadata`` holds the root attributes (dsim
    version, seed, replications, scenario text, ...); ``units_of(table)`` and
    ``descriptions_of(table)`` give each column's unit and meaning,
    ``attributes_of(table)`` the table's own attributes (a chemical's levels, a grid's size).
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame], metadata: Mapping[str, Any] | None = None,
                 units: Mapping[str, Mapping[str, str]] | None = None,
                 descriptions: Mapping[str, Mapping[str, str]] | None = None,
                 table_descriptions: Mapping[str, str] | None = None,
                 path: str | os.PathLike | None = None,
                 table_attributes: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._tables = dict(tables)
        self._metadata = dict(metadata or {})
        self._units = {name: dict(u) for name, u in (units or {}).items()}
        self._descriptions = {name: dict(d) for name, d in (descriptions or {}).items()}
        self._table_descriptions = dict(table_descriptions or {})
        self._table_attributes = {name: dict(a) for name, a in (table_attributes or {}).items()}
        self.path = Path(path) if path is not None else None
        self._region = None

    # -- tables ---------------------------------------------------------------

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the order the file lists them."""
        return self._tables

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name``; KeyError listing the tables there are if it is absent."""
        try:
            return self._tables[name]
        except KeyError:
            raise KeyError(self._missing(name)) from None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.table(name)

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    @property
    def incidents(self) -> pd.DataFrame:
        """One row per incident and replication."""
        return self._attribute_table("incidents")

    @property
    def dispatches(self) -> pd.DataFrame:
        """One row per unit sent to an incident."""
        return self._attribute_table("dispatches")

    @property
    def units(self) -> pd.DataFrame:
        """One row per response unit and replication (the ``units`` table, not measurement units)."""
        return self._attribute_table("units")

    @property
    def kpis(self) -> pd.DataFrame:
        """Key performance indicators with their confidence intervals."""
        return self._attribute_table("kpis")

    @property
    def force_minimums(self) -> pd.DataFrame:
        """The force minimums of the Ordos measures 6-8, one row per check (``met`` is 1 or 0)."""
        return self._attribute_table("force_minimums")

    def __getattr__(self, name: str) -> pd.DataFrame:
        # Only called when normal lookup fails: other tables by name.
        if name.startswith("_"):
            raise AttributeError(name)
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(self._missing(name))

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {n for n in self._tables if n.isidentifier()})

    def _attribute_table(self, name: str) -> pd.DataFrame:
        if name in self._tables:
            return self._tables[name]
        raise AttributeError(self._missing(name))

    def _missing(self, name: str) -> str:
        have = ", ".join(self._tables) or "none"
        where = f" in {self.path}" if self.path else ""
        return f"no table {name!r}{where}; tables: {have}"

    # -- metadata and units ---------------------------------------------------

    @property
    def metadata(self) -> dict[str, Any]:
        """Root attributes: dsim_version, seed, replications, created_utc, command_line,
        scenario_file, scenario_text, format_version, and any others the run stored."""
        return self._metadata

    @property
    def scenario_text(self) -> str:
        """The scenario YAML exactly as the user wrote it."""
        return str(self._metadata.get("scenario_text", ""))

    @property
    def scenario_name(self) -> str:
        """The scenario's ``name`` (its file name when it has none)."""
        name = str(self._metadata.get("scenario_name", "") or "")
        if not name and self._metadata.get("scenario_file"):
            name = Path(str(self._metadata["scenario_file"])).stem
        return name or "scenario"

    # -- calendar times -------------------------------------------------------

    @property
    def start_time(self) -> pd.Timestamp:
        """The calendar time at time 0 (the scenario's ``start_date``; 2026-01-01 00:00 when it
        gave none): time-zone aware when the scenario gave a UTC offset, naive otherwise."""
        return pd.Timestamp(str(self._metadata.get("start_time", DEFAULT_START_TIME)))

    @property
    def start_time_given(self) -> bool:
        """Whether the scenario set ``start_date`` (False: the default day is assumed)."""
        return bool(int(self._metadata.get("start_time_given", 0)))

    def to_datetime(self, seconds) -> pd.Series | pd.Timestamp:
        """Seconds from the start of the run as calendar times (NaT where NaN or infinite)."""
        if np.ndim(seconds) == 0:
            value = float(seconds)
            return self.start_time + pd.Timedelta(seconds=value) if np.isfinite(value) else pd.NaT
        index = seconds.index if isinstance(seconds, pd.Series) else None
        values = np.asarray(seconds, dtype=float)
        values = np.where(np.isfinite(values), values, np.nan)
        return pd.Series(self.start_time + pd.to_timedelta(values, unit="s"), index=index)

    def calendar(self, frame: pd.DataFrame | str, columns: Iterable[str] | None = None) -> pd.DataFrame:
        """A copy of ``frame`` (a DataFrame, or a table name) with a calendar time beside each
        time column: ``call_s`` gets ``call_time``, ``time_s`` gets ``time``. ``columns``: the
        seconds columns to convert; by default those of TIME_COLUMNS that the frame has
        (moments, not durations such as ``response_s`` or ``travel_s``).

        >>> r.calendar(r.incidents)[["call_time", "first_arrival_time", "first_unit"]]
        """
        if isinstance(frame, str):
            frame = self.table(frame)
        chosen = [c for c in frame.columns if c in TIME_COLUMNS] if columns is None else list(columns)
        out = frame.copy()
        for column in chosen:
            if column not in out.columns:
                raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, out.columns))}")
            name = "time" if column == "time_s" else (column[:-2] if column.endswith("_s") else column) + "_time"
            position = out.columns.get_loc(column) + 1
            out.insert(position, name, self.to_datetime(out[column]).to_numpy())
        return out

    # -- the region -----------------------------------------------------------

    def region(self, network=None, zones: pd.DataFrame | None = None):
        """The run's road network and zones, for maps: a (network, zones) pair loaded from the
        scenario stored in the results (once, then kept). A given ``network`` (a
        disastersim.RoadNetwork) or ``zones`` DataFrame is used instead."""
        from disastersim.network import SyntheticRegion

        if network is not None and zones is not None:
            return SyntheticRegion(network, zones)
        if self._region is None:
            self._region = _load_region(self)
        return SyntheticRegion(network if network is not None else self._region.network,
                               zones if zones is not None else self._region.zones)

    # -- maps -----------------------------------------------------------------

    def plot_incidents(self, ax=None, *, replication: int | None = None, network=None, zones=None,
                       measured_only: bool = True, basemap: bool = False):
        """Map of the incidents over the roads and zones: each incident coloured by its call to
        first arrival (minutes; the colour scale ends at the 95th percentile), the calls never
        reached as crosses, the stations as triangles with their names. All replications
        pooled unless ``replication`` is given. Returns the Axes."""
        from disastersim.results_maps import plot_incidents

        return plot_incidents(self, ax, replication=replication, network=network, zones=zones,
                              measured_only=measured_only, basemap=basemap)

    def plot_stations(self, ax=None, *, network=None, zones=None, basemap: bool = False):
        """Map of the stations over the roads and zones, sized by the dispatches they sent per
        replication and labelled with their names. Returns the Axes."""
        from disastersim.results_maps import plot_stations

        return plot_stations(self, ax, network=network, zones=zones, basemap=basemap)

    def units_of(self, table: str) -> dict[str, str]:
        """Column name -> unit ("s", "m", "1", "people", ...; "" where none applies)."""
        frame = self.table(table)
        units = self._units.get(table, {})
        return {str(c): units.get(str(c), "") for c in frame.columns}

    def descriptions_of(self, table: str) -> dict[str, str]:
        """Column name -> what the column means."""
        frame = self.table(table)
        descriptions = self._descriptions.get(table, {})
        return {str(c): descriptions.get(str(c), "") for c in frame.columns}

    def attributes_of(self, table: str) -> dict[str, Any]:
        """The attributes stored with ``table`` besides its columns and description (the
        chemical's levels on ``chemical_releases``, the grid's size on ``chemical_grid``, ...)."""
        self.table(table)
        return dict(self._table_attributes.get(table, {}))

    def description_of_table(self, table: str) -> str:
        """What one row of ``table`` stands for."""
        self.table(table)
        return self._table_descriptions.get(table, "")

    # -- flood ----------------------------------------------------------------

    @property
    def has_flood(self) -> bool:
        """Whether the run had a flood (the flood_* tables, docs/output-format.md)."""
        return "flood_grid" in self._tables

    def flood_grid(self, column: str = "max_depth_m") -> np.ndarray:
        """A column of ``flood_grid`` as a 2-D array (row 0 north): ``max_depth_m``,
        ``arrival_s``, ``bed_m``, ``lon``, ``lat``, ..."""
        grid = self.table("flood_grid")
        rows, cols = int(grid["row"].max()) + 1, int(grid["col"].max()) + 1
        out = np.full((rows, cols), np.nan)
        out[grid["row"].to_numpy(), grid["col"].to_numpy()] = grid[column].to_numpy(dtype=float)
        return out

    def flood_frame_times(self) -> np.ndarray:
        """Times (s) of the stored depth frames."""
        frames = self.table("flood_frames")
        return np.unique(frames["time_s"].to_numpy(dtype=float))

    def flood_depth_at(self, frame: int) -> np.ndarray:
        """Water depth (m) of frame ``frame`` as a 2-D array; 0 where the frame lists no water."""
        grid = self.table("flood_grid")
        rows, cols = int(grid["row"].max()) + 1, int(grid["col"].max()) + 1
        frames = self.table("flood_frames")
        these = frames[frames["frame"] == frame]
        out = np.zeros(rows * cols)
        out[these["cell"].to_numpy()] = these["depth_m"].to_numpy(dtype=float)
        return out.reshape(rows, cols)

    def closed_roads_over_time(self, step_s: float | None = None) -> pd.DataFrame:
        """Number of directed edges closed to each vehicle class over time: one row per time
        (every ``step_s``, by default the times roads closed or reopened), one column per class."""
        closures = self.table("flood_closures")
        classes = sorted(closures["vehicle_class"].unique()) if len(closures) else []
        if step_s is None:
            times = np.unique(np.concatenate([[0.0], closures["closed_s"].to_numpy(dtype=float),
                                              closures["reopened_s"].to_numpy(dtype=float)]))
            times = times[np.isfinite(times)]
        else:
            end = closures[["closed_s", "reopened_s"]].replace(np.inf, np.nan).max().max() if len(closures) else 0.0
            times = np.arange(0.0, float(np.nan_to_num(end)) + step_s, step_s)
        data = {}
        for cls in classes:
            c = closures[closures["vehicle_class"] == cls]
            closed = c["closed_s"].to_numpy(dtype=float)
            reopened = c["reopened_s"].to_numpy(dtype=float)
            data[cls] = [int(np.sum((closed <= t) & (reopened > t))) for t in times]
        return pd.DataFrame(data, index=pd.Index(times, name="time_s"), columns=classes)

    def plot_flood_depth(self, ax=None, frame: int | None = None, network=None, *, zones=None,
                         vehicle_class: str | None = None, cmap: str = "Blues", percentile: float = 99.0,
                         basemap: bool = False):
        """Water depth over the roads: the maximum depth (or frame ``frame``) as an image in
        lon/lat over the road network (by default the run's, see :meth:`region`) and zone
        outlines, the roads the flood ever closed (to ``vehicle_class``, by default any) in red.
        The colour scale ends at the ``percentile`` of the depths at cells under roads, so that
        a deep pit away from the roads does not wash out the rest. Returns the Axes."""
        from disastersim.results_maps import plot_flood_depth

        return plot_flood_depth(self, ax, frame=frame, network=network, zones=zones, vehicle_class=vehicle_class,
                                cmap=cmap, percentile=percentile, basemap=basemap)

    def plot_closures(self, ax=None):
        """Roads closed by the flood over time, one step line per vehicle class. Returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        closed = self.closed_roads_over_time()
        for cls in closed.columns:
            ax.step(closed.index / 3600.0, closed[cls], where="post", label=str(cls))
        ax.set_xlabel("time (h)")
        ax.set_ylabel("directed road edges closed")
        ax.set_title(f"{self.scenario_name}: roads closed by water\none flood run, shared by every replication",
                     fontsize=10)
        if len(closed.columns):
            ax.legend(title="vehicle class")
        return ax

    # -- chemical releases ----------------------------------------------------

    @property
    def has_chemical(self) -> bool:
        """Whether the run had a chemical release (the chemical_* tables, docs/output-format.md)."""
        return "chemical_releases" in self._tables

    def chemical_levels(self) -> dict[int, dict]:
        """The levels of the threat zones: {1: {"name": "AEGL-1", "kind": "AEGL", "mg_m3": ...,
        "ppm": ..., "duration_s": ...}, 2: ..., 3: ...}, for the scenario's zone duration
        (``kind`` "ERPG" where the chemical has no AEGL and the ERPG stands in)."""
        from disastersim.chemical_plots import chemical_levels

        return chemical_levels(self)

    def plot_threat_zones(self, ax=None, *, time_s: float | None = None, levels=(1, 2, 3), network=None,
                          zones=None, closed_roads: bool = True, basemap: bool = False):
        """The AEGL threat zones as filled areas (yellow, orange, red) over the roads and zones: the
        peak outdoor concentration of ``chemical_grid``, or at ``time_s`` the nearest frame of
        ``chemical_frames``; the wind as arrows (where it blows to, labelled with where it blows
        from), the release points, and the roads closed to all but the hazmat vehicles
        (``closed_roads``). Returns the Axes."""
        from disastersim.chemical_plots import plot_threat_zones

        return plot_threat_zones(self, ax, time_s=time_s, levels=levels, network=network, zones=zones,
                                 closed_roads=closed_roads, basemap=basemap)

    def plot_concentration(self, place: str, ax=None, *, indoor: bool = True):
        """Concentration over time at a named place (``chemical_place_series``), outdoors and
        (``indoor``) indoors, with the AEGL levels as labelled horizontal lines; mg/m3 on the
        left, ppm on the right, clock times when the scenario gave a start date. Returns the Axes."""
        from disastersim.chemical_plots import plot_concentration

        return plot_concentration(self, place, ax, indoor=indoor)

    def chemical_exposure_by_replication(self) -> pd.DataFrame:
        """People above each level summed over the zones, per replication, after the warning and
        each zone's protective action: replication, level, people_outdoors, people_indoors,
        people (zeros where nobody was above). Paired across runs of the same seed."""
        from disastersim.chemical_plots import exposure_by_replication

        return exposure_by_replication(self)

    def chemical_exposure_summary(self) -> pd.DataFrame:
        """One row per level: mean people above it outdoors, indoors and in total over the
        replications (with the total's 95% half width) after the warning, and the same with
        nobody warned (``no_action_*``, from ``chemical_zone_exposure``). ``.attrs["note"]`` says
        what each mean is over."""
        from disastersim.chemical_plots import exposure_summary

        return exposure_summary(self)

    # -- wildfire -------------------------------------------------------------

    @property
    def has_fire(self) -> bool:
        """Whether the run had a grassland or forest fire (the fire_* tables, docs/output-format.md)."""
        return "fire_runs" in self._tables

    def fire_runs(self) -> pd.DataFrame:
        """One row per replication: area burned, when the fire was held (``held_h`` from the
        ignition, NaN: not held), the first attack (``first_attack_h`` after the report),
        fireline, villages reached and roads closed. Paired across runs of the same seed."""
        from disastersim.fire_plots import fire_runs

        return fire_runs(self)

    def fire_villages_reached(self) -> pd.DataFrame:
        """The villages the fire reached: zone, name, people, the share of replications it
        reached them in and the median time from the ignition (h)."""
        from disastersim.fire_plots import villages_reached

        return villages_reached(self)

    def plot_fire_spread(self, ax=None, *, replication: int | None = None, hours=(1, 2, 4), network=None,
                         zones=None, basemap: bool = False):
        """Where the fire was ``hours`` after the ignition (filled bands, earliest darkest) over
        the roads and zones, in one replication (default: the one of median area), with the
        wind, the fireline the crews built and the villages it reached. Returns the Axes."""
        from disastersim.fire_plots import plot_fire_spread

        return plot_fire_spread(self, ax, replication=replication, hours=hours, network=network, zones=zones,
                                basemap=basemap)

    # -- stockpiles and logistics ---------------------------------------------

    @property
    def has_logistics(self) -> bool:
        """Whether the run had stockpiles and logistics (the logistics_* tables, docs/output-format.md)."""
        return "logistics_depot_items" in self._tables

    logistics_items = property(lambda self: self._attribute_table("logistics_items"),
                               doc="The item catalogue: unit, weight_kg, volume_m3, handling_s, returns.")
    logistics_depots = property(lambda self: self._attribute_table("logistics_depots"),
                                doc="The depots: level, banner, department, lon, lat, node, vehicles.")
    logistics_requests = property(lambda self: self._attribute_table("logistics_requests"),
                                  doc="One row per request of a site for one item, per replication.")
    logistics_deliveries = property(lambda self: self._attribute_table("logistics_deliveries"),
                                    doc="One row per load carried to a site, per replication.")
    logistics_stock = property(lambda self: self._attribute_table("logistics_stock"),
                               doc="Stock of every item at every depot at each report time, per replication.")
    logistics_balance = property(lambda self: self._attribute_table("logistics_balance"),
                                 doc="Where every unit of each item is at each report time (mass balance).")
    logistics_shortages = property(lambda self: self._attribute_table("logistics_shortages"),
                                   doc="One row per site and item it needed: short_s, people_hours_without.")
    logistics_vehicles = property(lambda self: self._attribute_table("logistics_vehicles"),
                                  doc="One row per depot vehicle and replication: trips, busy_s, utilisation.")
    logistics_depot_items = property(lambda self: self._attribute_table("logistics_depot_items"),
                                     doc="One row per depot and item per replication: issued, min_stock, stockouts.")
    logistics_reserve = property(lambda self: self._attribute_table("logistics_reserve"),
                                 doc="The level-2 reserve targets against the stock, per replication.")
    logistics_kpis = property(lambda self: self._attribute_table("logistics_kpis"),
                              doc="Logistics indicators per item over the replications, with 95 % intervals.")

    def logistics_summary(self) -> pd.DataFrame:
        """One row per item: requested, fill rate (and its interval's half width), delivered,
        backordered, requisitioned and unmet shares, requests still open, mean and p90 request
        to delivery (s), shortage-hours at incidents, people-hours without at shelters and
        stock-outs, each the mean over the replications (``attrs["note"]`` says over what)."""
        from disastersim.logistics_plots import logistics_summary

        return logistics_summary(self)

    def plot_stock(self, depot=None, item=None, ax=None):
        """Stock on hand over time, one line per depot and item (mean over the replications,
        band: lowest to highest), on a clock-time axis when the scenario gave a start date.
        ``depot`` and ``item``: an id or a list of ids to show. Returns the Axes."""
        from disastersim.logistics_plots import plot_stock

        return plot_stock(self, depot=depot, item=item, ax=ax)

    def plot_deliveries(self, ax=None, *, network=None, zones=None, basemap: bool = False):
        """A map of the deliveries: the roads beneath, the depots by level, a line from each
        depot to each site it supplied, its width the weight carried per replication, with a
        legend, a scale bar and a north arrow. Returns the Axes."""
        from disastersim.logistics_plots import plot_deliveries

        return plot_deliveries(self, ax, network=network, zones=zones, basemap=basemap)

    # -- comparisons and sweeps ---------------------------------------------

    def plot_forest(self, indicator: str, ax=None, *, unpaired: bool = True):
        """A comparison's paired differences to the base on ``indicator``, with their intervals,
        beside the wider unpaired ones. Returns the Axes."""
        from disastersim.batch_plots import plot_forest

        return plot_forest(self, indicator, ax, unpaired=unpaired)

    def sweep_means(self, x: str, y: str, indicator: str) -> pd.DataFrame:
        """A sweep's mean of ``indicator`` per pair of values of parameters ``x`` and ``y``."""
        from disastersim.batch_plots import sweep_means

        return sweep_means(self, x, y, indicator)

    def plot_sweep(self, x: str, y: str, indicator: str, ax=None, *, cmap: str = "viridis"):
        """A heat map of a sweep's mean of ``indicator`` over parameters ``x`` and ``y``. Returns the Axes."""
        from disastersim.batch_plots import plot_sweep

        return plot_sweep(self, x, y, indicator, ax, cmap=cmap)

    # -- display --------------------------------------------------------------

    def summary(self) -> pd.DataFrame:
        """One row per table: rows, columns, replications present, description."""
        rows = []
        for name, frame in self._tables.items():
            reps = frame["replication"].nunique() if "replication" in frame.columns else pd.NA
            rows.append({"table": name, "rows": len(frame), "columns": frame.shape[1], "replications": reps,
                         "description": self._table_descriptions.get(name, "")})
        out = pd.DataFrame(rows, columns=["table", "rows", "columns", "replications", "description"])
        return out.set_index("table")

    def __repr__(self) -> str:
        m = self._metadata
        source = f" from {self.path}" if self.path else ""
        head = f"<disastersim.Results{source}: dsim {m.get('dsim_version', '?')}"
        if "seed" in m:
            head += f", seed {m['seed']}"
        if "replications" in m:
            head += f", {m['replications']} replications"
        if m.get("scenario_file"):
            head += f", scenario {m['scenario_file']}"
        lines = [head]
        width = max((len(n) for n in self._tables), default=0)
        for name, frame in self._tables.items():
            lines.append(f"  {name:<{width}}  {len(frame):>10,} rows x {frame.shape[1]} columns")
        if not self._tables:
            lines.append("  (no tables)")
        return "\n".join(lines) + ">"

    # -- GIS export -------------------------------------------------------------

    def to_geopackage(self, path: str | os.PathLike) -> dict[str, Any]:
        """Writes the run's layers into the GeoPackage ``path`` (as ``dsim export``): stations,
        units, demand points with their 5-minute cover, incidents, road closures over time,
        flood depth and arrival rasters, threat zones and fire perimeters the run has, all in
        EPSG:4326; the table ``export_notes`` gives every field's unit (docs/output-format.md,
        "GIS export"). The scenario's region is loaded again for the roads; when it cannot be,
        the layers that need roads are skipped (``skipped`` and ``region_note`` say why).

        Returns ``{"layers": [{"name", "kind", "features", "note"}], "skipped": [...],
        "region_note": str}``. Raises InputError for a file that cannot be written.

        >>> r = ds.load("flood.h5")
        >>> r.to_geopackage("flood.gpkg")["layers"][0]["name"]
        'flood_max_depth'
        """
        import tempfile

        from disastersim import _core

        output = os.fspath(path)
        if self.path is not None and Path(self.path).is_file():
            return _core.export_geopackage(str(self.path), output)
        # Results held in memory (ds.run): through a results file the engine reads.
        def column(values: pd.Series):
            if values.dtype.kind in "fiub":
                return values.to_numpy()
            return [str(v) for v in values]

        def scalar(value):
            return value.item() if isinstance(value, np.generic) else value

        tables = {name: {c: column(frame[c]) for c in frame.columns} for name, frame in self._tables.items()}
        metadata = {k: scalar(v) for k, v in self._metadata.items()
                    if isinstance(scalar(v), (str, int, float, bool)) and k not in ("format_version", "tables")}
        attributes = {name: {k: scalar(v) for k, v in attrs.items() if isinstance(scalar(v), (str, int, float))}
                      for name, attrs in self._table_attributes.items()}
        with tempfile.TemporaryDirectory() as folder:
            stored = os.path.join(folder, "results.h5")
            _core.write_results(stored, tables, metadata, self._units, self._descriptions)
            return _core.export_geopackage(stored, output, str(Path.cwd()), attributes)

    # -- report ---------------------------------------------------------------

    def report(self, path: str | os.PathLike, *, cover_minutes: float = 5.0) -> Path:
        """Writes the HTML report of the run to ``path`` (as ``dsim report`` does): what was run, the
        indicators with their 95% intervals, the calls never reached, the assumptions, maps of the stations
        and their ``cover_minutes`` cover and of the incidents by first-arrival time, a histogram of response
        times, and the hazard layers the run has, each with a legend and a scale bar. One self-contained
        file that works offline. Returns the path.

        The roads are loaded again from the scenario the results store; when its files have moved the page
        says so and its maps have no roads (a warning is issued too).
        """
        import tempfile
        import warnings

        from disastersim import _core

        out = Path(path)
        if self.path is not None and self.path.is_file():
            note = _core.write_run_report(str(self.path), str(out), "", cover_minutes * 60.0)
        else:
            # Results in memory (ds.run): through a results file written for the occasion.
            with tempfile.TemporaryDirectory(prefix="dsim-report-") as tmp:
                h5 = Path(tmp) / "results.h5"
                tables = {name: {c: frame[c].to_numpy() for c in frame.columns} for name, frame in self._tables.items()}
                _core.write_results(str(h5), tables, self._metadata, self._units, self._descriptions)
                with h5py.File(h5, "r+") as f:
                    for name, attrs in self._table_attributes.items():
                        if name in f:
                            for key, value in attrs.items():
                                f[name].attrs[key] = value
                    for name, text in self._table_descriptions.items():
                        if name in f and text:
                            f[name].attrs["description"] = text
                note = _core.write_run_report(str(h5), str(out), str(Path.cwd()), cover_minutes * 60.0)
        if note:
            warnings.warn(f"{out}: maps drawn without roads: {note}", stacklevel=2)
        return out


# -- reading ------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """h5py attribute values as plain Python: str, int, float, list."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return _plain(value.item())
    return value


def _bad(path: Path, where: str, expected: str, found: str = "") -> InputError:
    message = f"{path}: {where}: expected {expected}"
    if found:
        message += f", found '{found}'"
    return InputError(message)


def _read_column(path: Path, dataset: h5py.Dataset) -> np.ndarray:
    if dataset.ndim != 1:
        raise _bad(path, dataset.name, "a one-dimensional dataset", f"{dataset.ndim} dimensions")
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return np.asarray(dataset.asstr()[()], dtype=object)
    if dataset.dtype.kind not in "fiu":
        raise _bad(path, dataset.name, "a column of numbers or strings", str(dataset.dtype))
    return dataset[()]


def _load_region(results: Results):
    """The road network and zones of the scenario stored in ``results``: read from its file
    when that file is still there unchanged, else from the stored text (relative region
    files then taken from the scenario file's folder, or the results file's)."""
    from disastersim import _core
    from disastersim.network import RoadNetwork, SyntheticRegion

    meta = results.metadata
    text = str(meta.get("scenario_text", ""))
    file = str(meta.get("scenario_file", "") or "")
    if not text and not file:
        raise InputError("these results store no scenario: pass network= (ds.load_network, ds.synthetic_region)")
    path = Path(file) if file else None
    if path is not None and path.is_file():
        try:
            same = path.read_text(encoding="utf-8") == text or not text
        except OSError:
            same = False
        if same:
            core, zones = _core.scenario_region(str(path), "", str(path), "")
            return SyntheticRegion(RoadNetwork(core), _zone_frame(zones))
    if path is not None and str(path.parent) not in ("", ".") and path.parent.is_dir():
        base = path.parent
    elif results.path is not None:
        base = results.path.parent
    else:
        base = Path.cwd()
    core, zones = _core.scenario_region("", text, file or "<results>", str(base))
    return SyntheticRegion(RoadNetwork(core), _zone_frame(zones))


def _zone_frame(zones) -> pd.DataFrame:
    return pd.DataFrame(list(zones), columns=["id", "name", "type", "population", "polygon"])


def results_from_core(raw: Mapping[str, Any]) -> Results:
    """Results from the engine's dict of tables (what the bindings return for a results file in memory)."""
    tables = {}
    for table, columns in raw["tables"].items():
        tables[table] = pd.DataFrame({c: (np.asarray(v) if not isinstance(v, list) else v) for c, v in columns.items()})
    return Results(tables, metadata=raw["metadata"], units=raw["units"], descriptions=raw["descriptions"],
                   table_descriptions=raw["table_descriptions"], table_attributes=raw.get("table_attributes"))


def load(path: str | os.PathLike) -> Results:
    """Reads a dsim results file (written by ``dsim run -o`` or ``ds.run``).

    Raises FileNotFoundError for a missing file and disastersim.InputError for
    a file that is not HDF5, not written by dsim, or from a newer dsim.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such results file")
    if path.is_dir() or not h5py.is_hdf5(path):
        raise _bad(path, "file", "a dsim results file (HDF5)", "a file that is not HDF5")
    with h5py.File(path, "r") as f:
        attrs = f.attrs
        if "dsim_version" not in attrs:
            raise _bad(path, "/", "a dsim results file (an HDF5 file whose root has the attribute dsim_version)")
        metadata = {key: _plain(attrs[key]) for key in attrs if key != "tables"}
        fmt = int(metadata.get("format_version", 1))
        if fmt > FORMAT_VERSION:
            raise _bad(path, "/ (attribute format_version)",
                       f"a results file of format version {FORMAT_VERSION} or older "
                       f"(this one was written by dsim {metadata['dsim_version']}; update disastersim)", str(fmt))
        if "tables" in attrs:
            names = [str(n) for n in _plain(attrs["tables"])]
        else:
            names = [n for n, obj in f.items() if isinstance(obj, h5py.Group)]

        tables: dict[str, pd.DataFrame] = {}
        units: dict[str, dict[str, str]] = {}
        descriptions: dict[str, dict[str, str]] = {}
        table_descriptions: dict[str, str] = {}
        table_attributes: dict[str, dict[str, Any]] = {}
        for name in names:
            group = f.get(name)
            if not isinstance(group, h5py.Group):
                raise _bad(path, f"/{name}", "the group listed in the root attribute 'tables'")
            if "columns" in group.attrs:
                columns = [str(c) for c in _plain(group.attrs["columns"])]
            else:
                columns = [c for c, obj in group.items() if isinstance(obj, h5py.Dataset)]
            data: dict[str, np.ndarray] = {}
            units[name], descriptions[name] = {}, {}
            for column in columns:
                dataset = group.get(column)
                if not isinstance(dataset, h5py.Dataset):
                    raise _bad(path, f"/{name}/{column}", f"the dataset listed in the attribute 'columns' of /{name}")
                data[column] = _read_column(path, dataset)
                units[name][column] = str(_plain(dataset.attrs.get("units", "")))
                descriptions[name][column] = str(_plain(dataset.attrs.get("description", "")))
            lengths = {len(v) for v in data.values()}
            if len(lengths) > 1:
                raise _bad(path, f"/{name}", "columns of equal length", ", ".join(map(str, sorted(lengths))))
            tables[name] = pd.DataFrame(data, columns=columns)
            table_descriptions[name] = str(_plain(group.attrs.get("description", "")))
            table_attributes[name] = {key: _plain(group.attrs[key]) for key in group.attrs
                                      if key not in ("columns", "description")}
    return Results(tables, metadata, units, descriptions, table_descriptions, path=path,
                   table_attributes=table_attributes)
