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
from collections.abc import Iterator, Mapping
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

#: Tables the response simulation writes, reachable as attributes (``r.incidents``).
STANDARD_TABLES = ("incidents", "dispatches", "units", "kpis")


class Results:
    """The tables and metadata of one dsim run.

    ``tables`` maps each table name to a DataFrame, in the file's order; the
    usual ones are also attributes (``r.incidents``, ``r.dispatches``,
    ``r.units``, ``r.kpis``). Rows of per-replication tables carry the 0-based
    ``replication`` index. ``metadata`` holds the root attributes (dsim
    version, seed, replications, scenario text, ...); ``units_of(table)`` and
    ``descriptions_of(table)`` give each column's unit and meaning.
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame], metadata: Mapping[str, Any] | None = None,
                 units: Mapping[str, Mapping[str, str]] | None = None,
                 descriptions: Mapping[str, Mapping[str, str]] | None = None,
                 table_descriptions: Mapping[str, str] | None = None,
                 path: str | os.PathLike | None = None) -> None:
        self._tables = dict(tables)
        self._metadata = dict(metadata or {})
        self._units = {name: dict(u) for name, u in (units or {}).items()}
        self._descriptions = {name: dict(d) for name, d in (descriptions or {}).items()}
        self._table_descriptions = dict(table_descriptions or {})
        self.path = Path(path) if path is not None else None

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

    def description_of_table(self, table: str) -> str:
        """What one row of ``table`` stands for."""
        self.table(table)
        return self._table_descriptions.get(table, "")

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
    return Results(tables, metadata, units, descriptions, table_descriptions, path=path)
