"""Station placement for the 5-minute circle: ``ds.place``.

>>> import disastersim as ds
>>> plan = ds.place("scenarios/ordos_default.yaml", model="mclp", new_stations=3, minutes=5)
>>> plan.sites[plan.sites.new]          # the new stations, with their nearest named place
>>> plan.covered_share_before, plan.covered_share_after
>>> plan.plot_map(); plan.plot_curve()  # with curve=10
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from disastersim import _core
from disastersim.network import RoadNetwork
from disastersim.progress import progress_printer
from disastersim.simulation import default_scenario_path


class Placement:
    """The answer of :func:`place`.

    ``sites``: one row per existing station and candidate site (node, lon, lat, turnout_s,
    existing, open, new, station id, label, near: the nearest named place of a new station).
    ``demand``: one row per demand point (node, lon, lat, zone, zone_type, weight, limit_s,
    covered_before by the existing stations, covered with the plan).
    ``curve``: covered share against the number of new stations (empty unless asked for).
    ``summary``: the model, the shares before and after, and the simulated check if run.
    ``yaml``: the new stations and teams as scenario YAML; :meth:`write` saves it.
    ``network``: the region's road network (a :class:`RoadNetwork`), for maps.
    """

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.sites = pd.DataFrame(raw["sites"])
        for column in ("existing", "open", "new"):
            self.sites[column] = self.sites[column].astype(bool)
        self.demand = pd.DataFrame(raw["demand"])
        for column in ("covered_before", "covered"):
            self.demand[column] = self.demand[column].astype(bool)
        self.curve = pd.DataFrame(raw["curve"])
        self.summary: dict = dict(raw["summary"])
        self.yaml: str = raw["yaml"]
        self.scenario_name: str = raw["scenario_name"]
        self._source_text: str = raw["source_text"]
        self._source_path: str = raw["source_path"]
        self._stations_yaml: str = raw["stations_yaml"]
        self.closed_stations: list[str] = list(raw["closed_stations"])
        self.network = RoadNetwork(raw["network"])
        self._source: tuple[str, str, str] | None = None  # the scenario (path, text, name), for its zones
        self._zones: pd.DataFrame | None = None

    def __repr__(self) -> str:
        return (f"Placement({self.scenario_name!r}, model={self.summary['model']}, "
                f"new_stations={self.summary['new_stations']}, covered {self.covered_share_before:.1%} -> "
                f"{self.covered_share_after:.1%})")

    @property
    def covered_share_before(self) -> float:
        """Share of the demand weight the existing stations reach in time."""
        return float(self.summary["covered_share_before"])

    @property
    def covered_share_after(self) -> float:
        """Share of the demand weight reached in time with the new stations."""
        return float(self.summary["covered_share_after"])

    @property
    def new_sites(self) -> pd.DataFrame:
        """The rows of ``sites`` the plan opens as new stations."""
        return self.sites[self.sites.new].reset_index(drop=True)

    @property
    def simulated(self) -> pd.DataFrame | None:
        """The simulated share of priority incidents reached within 5 minutes, before and after
        (mean, half_width, lower, upper, replications); None unless ``simulate=True``."""
        if "simulated_before" not in self.summary:
            return None
        return pd.DataFrame([dict(self.summary["simulated_before"], plan="before"),
                             dict(self.summary["simulated_after"], plan="after")]).set_index("plan")

    def write(self, path: str | os.PathLike) -> Path:
        """Writes the new stations and teams as scenario YAML (the whole file or nothing)."""
        path = Path(path)
        temp = path.with_name(path.name + ".partial")
        temp.write_text(self.yaml, encoding="utf-8")
        temp.replace(path)
        return path

    def to_scenario(self, path: str | os.PathLike | None = None) -> str:
        """The whole scenario with the plan merged in: new stations and teams added, stations the
        plan closes removed with their teams. Returns the YAML text; with ``path`` it is also
        written there (the whole file or nothing), its relative file paths rewritten for that
        folder, ready for ``ds.run(path)``. Comments of the original file are not kept."""
        header = (f"Scenario {self.scenario_name} with the stations placed by disastersim.place\n"
                  f"model {self.summary['model']}, reach within {self.summary['limit_s']:g} s: "
                  f"{self.summary['new_stations']} new station(s), {len(self.closed_stations)} closed; "
                  f"static coverage {self.covered_share_before:.1%} -> {self.covered_share_after:.1%}\n"
                  "Comments of the original file are not kept.")
        out = "./scenario.yaml" if path is None else os.fspath(path)
        text = _core.merge_stations(self._source_text, self._source_path, out, self._stations_yaml,
                                    self.closed_stations, header)
        if path is not None:
            target = Path(path)
            temp = target.with_name(target.name + ".partial")
            temp.write_text(text, encoding="utf-8")
            temp.replace(target)
        return text

    def plot_map(self, ax=None, *, show_candidates: bool = False, zones: pd.DataFrame | None = None,
                 basemap: bool = False):
        """Map of the roads (by class) and zone outlines, demand covered and not covered, existing
        and new stations, with a legend, a scale bar and a title. ``zones``: a DataFrame with a
        polygon column; by default the scenario's. Returns the Axes."""
        from disastersim import maps

        if ax is None:
            ax = maps.new_map_axes()
        maps.draw_roads(ax, self.network, muted=True)
        maps.draw_zones(ax, self.zones if zones is None else zones)
        d = self.demand
        ax.scatter(d.lon[d.covered], d.lat[d.covered], s=3, color="tab:green", label="demand covered", zorder=2)
        ax.scatter(d.lon[~d.covered], d.lat[~d.covered], s=3, color="tab:red", label="demand not covered",
                   zorder=2)
        s = self.sites
        if show_candidates:
            cand = s[~s.existing & ~s.new]
            ax.scatter(cand.lon, cand.lat, s=2, color="0.5", marker=".", label="candidate sites", zorder=2)
        existing = s[s.existing & s.open]
        closed = s[s.existing & ~s.open]
        ax.scatter(existing.lon, existing.lat, s=40, color="tab:blue", marker="s", edgecolor="k",
                   label="existing station", zorder=3)
        if len(closed):
            ax.scatter(closed.lon, closed.lat, s=40, facecolor="none", edgecolor="tab:blue", marker="s",
                       label="closed station", zorder=3)
        new = s[s.new]
        ax.scatter(new.lon, new.lat, s=120, color="gold", marker="*", edgecolor="k", label="new station",
                   zorder=4)
        for row in new.itertuples():
            ax.annotate(row.station, (row.lon, row.lat), textcoords="offset points", xytext=(5, 5), fontsize=8)
        minutes = self.summary["limit_s"] / 60.0
        maps.finish_map(ax, basemap=basemap, title=maps.map_title(
            self.scenario_name, f"{self.summary['model']}, reach within {minutes:g} min",
            f"{self.covered_share_before:.1%} -> {self.covered_share_after:.1%} of demand covered"))
        return ax

    @property
    def zones(self) -> pd.DataFrame | None:
        """The scenario's zones (id, name, type, population, polygon), for maps; None when the
        scenario cannot be read again."""
        if self._zones is None and self._source is not None:
            from disastersim.results import _zone_frame

            try:
                _, zones = _core.scenario_region(*self._source, "")
                self._zones = _zone_frame(zones)
            except Exception as error:  # the map stands without outlines
                import warnings

                warnings.warn(f"zone outlines not drawn: {error}", stacklevel=3)
                self._source = None
        return self._zones

    def plot_curve(self, ax=None):
        """Covered share against the number of new stations (needs ``curve=`` in :func:`place`).
        The y-axis zooms to the data (with a margin), not 0-100 %. Returns the Axes."""
        import matplotlib.pyplot as plt

        from disastersim import maps

        if self.curve.empty:
            raise ValueError("no coverage curve: call ds.place(..., curve=10)")
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        x = np.concatenate([[0], self.curve.new_stations.to_numpy()])
        y = 100.0 * np.concatenate([[self.covered_share_before], self.curve.covered_share.to_numpy()])
        ax.plot(x, y, marker="o", label="demand covered")
        for xi, yi in zip(x, y):
            ax.annotate(f"{yi:.1f}", (xi, yi), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
        ax.set_xlabel("new stations")
        ax.set_ylabel("demand covered (%)")
        ax.set_ylim(*maps.data_limits(y, margin=0.15, floor=0.0, ceiling=100.5, min_span=0.5))
        ax.set_xticks(x)
        ax.grid(True, alpha=0.3)
        ax.set_title(f"{self.scenario_name}: coverage within {self.summary['limit_s'] / 60.0:g} min "
                     f"(y-axis zoomed to the data)", fontsize=10)
        return ax


def _names(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def place(
    scenario: str | os.PathLike | Mapping[str, Any] | None = None,
    *,
    model: str = "mclp",
    new_stations: int = 3,
    minutes: float = 5.0,
    limits: Mapping[str, float] | None = None,
    turnout_s: float = 60.0,
    existing: str = "fixed",
    demand: str | os.PathLike | pd.DataFrame | None = None,
    demand_zone_types: Iterable[str] | None = None,
    candidate_zones: Iterable[str] | None = None,
    candidate_zone_types: Iterable[str] | None = None,
    candidates: str | os.PathLike | pd.DataFrame | None = None,
    candidate_stride: int = 1,
    team: str | None = None,
    busy_probability: float = 0.3,
    backup_weight: float = 0.5,
    curve: int | range | None = None,
    allow_uncoverable: bool = False,
    exact: bool = False,
    gap: bool = True,
    time_limit_s: float = 30.0,
    simulate: bool = False,
    replications: int | None = None,
    seed: int | None = None,
    threads: int = 0,
    progress: bool = True,
) -> Placement:
    """Chooses sites for new stations so that more demand is reached within ``minutes``.

    ``scenario``: a YAML file, a dict with the same keys, or None for the default scenario.
    ``model``: ``lscp`` (fewest stations covering everything coverable), ``mclp`` (most demand with
    ``new_stations``), ``mexclp`` (expected cover with units busy with ``busy_probability``) or
    ``backup`` (first and second cover, first weighted ``backup_weight``). LSCP raises InputError
    naming the points no candidate reaches, unless ``allow_uncoverable=True``.
    Demand: the road nodes of zones of ``demand_zone_types`` (default built_up and
    industrial_park), weighted by population share times risk; or ``demand``, a CSV path or a
    DataFrame with columns node (or lon, lat), weight and optionally limit_s. ``limits`` maps a
    zone type to its own reach time in minutes. Candidates: nodes of ``candidate_zones`` and
    ``candidate_zone_types`` and the points of ``candidates`` (CSV or DataFrame with node or lon,
    lat); by default the demand zones' nodes, every ``candidate_stride``-th. ``existing``:
    ``fixed`` (the scenario's stations stay) or ``may-close``. ``team``: the scenario team copied
    to each new station (default: a community fire team). ``curve=10`` (or ``range(1, 11)``)
    also computes coverage for 1..10 new stations. ``simulate=True`` runs the scenario without
    and with the new stations on the same incidents. ``exact=True`` solves the integer programme
    with CBC (from the heuristic's answer, for at most ``time_limit_s``); otherwise, unless
    ``gap=False``, the heuristic's answer is compared with CBC's bound: ``summary`` then holds
    ``bound``, ``relative_gap``, ``optimal`` and ``bound_source``. ``progress``: show the long
    steps (coverage searches, the curve, the bound, the check) on stderr. Raises InputError on bad
    input. :meth:`Placement.to_scenario` gives the scenario with the plan merged in.
    """
    if scenario is None:
        scenario = default_scenario_path()
    if isinstance(scenario, Mapping):
        path, text, name = "", json.dumps(scenario), "<dict>"
    else:
        path, text, name = os.fspath(scenario), "", os.fspath(scenario)
    if isinstance(curve, range):
        curve = max(curve) if len(curve) else 0
    with tempfile.TemporaryDirectory(prefix="dsim-place-") as tmp:
        def as_csv(value, file_name: str) -> str:
            if value is None:
                return ""
            if isinstance(value, pd.DataFrame):
                target = Path(tmp) / file_name
                value.to_csv(target, index=False)
                return str(target)
            return os.fspath(value)

        options = {
            "model": str(model),
            "new_stations": int(new_stations),
            "minutes": float(minutes),
            "limits": {str(k): float(v) for k, v in (limits or {}).items()},
            "turnout_s": float(turnout_s),
            "existing": str(existing),
            "demand_csv": as_csv(demand, "demand.csv"),
            "demand_zone_types": _names(demand_zone_types),
            "candidate_zones": _names(candidate_zones),
            "candidate_zone_types": _names(candidate_zone_types),
            "candidates_csv": as_csv(candidates, "candidates.csv"),
            "candidate_stride": int(candidate_stride),
            "team": "" if team is None else str(team),
            "busy_probability": float(busy_probability),
            "backup_weight": float(backup_weight),
            "curve": int(curve or 0),
            "allow_uncoverable": bool(allow_uncoverable),
            "exact": bool(exact),
            "gap": bool(gap),
            "time_limit_s": float(time_limit_s),
            "simulate": bool(simulate),
            "replications": int(replications or 0),
            "seed": -1 if seed is None else int(seed),
        }
        raw = _core.place_stations(path, text, name, options, int(threads), progress_printer() if progress else None)
    plan = Placement(raw)
    plan._source = (path, text, name)
    return plan
