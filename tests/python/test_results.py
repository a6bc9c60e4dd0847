"""ds.load reads back exactly what the engine's HDF5 writer wrote."""

from __future__ import annotations

import h5py
import numpy as np
import pandas as pd
import pytest

import disastersim as ds
from disastersim import _core

SCENARIO = "# Ordos, 鄂尔多斯\nregion:\n  synthetic: {seed: 7}\nhorizon_s: 86400  # одни сутки\n"


def write_sample(path):
    incidents = {
        "replication": np.array([0, 0, 1, 1, 1], dtype=np.int64),
        "incident": np.array([10, 11, 12, 13, 2**40], dtype=np.int64),
        "first_arrival_s": np.array([250.5, 301.0, np.nan, 99.25, 1e9]),
        "kind": ["structure_fire", "洪水", "", "хим. авария", "tab\there"],
        "contained": np.array([True, False, True, True, False]),
    }
    tables = {
        "incidents": incidents,
        "dispatches": {
            "replication": np.array([], dtype=np.int64),
            "travel_time_s": np.array([], dtype=np.float64),
            "unit": np.array([], dtype=object),
        },
        "kpis": {"name": ["five_minute_share"], "mean": [0.8125], "half_width": [0.03]},
        "empty": {},
    }
    metadata = {
        "scenario_text": SCENARIO,
        "scenario_file": "scenarios/ordos_default.yaml",
        "seed": 2**64 - 3,
        "replications": 2,
        "command_line": "dsim run scenarios/ordos_default.yaml -r 2 -o out.h5",
        "horizon_s": 86400.0,
        "threads": 4,
    }
    units = {
        "incidents": {"first_arrival_s": "s", "contained": "1"},
        "dispatches": {"travel_time_s": "s"},
        "kpis": {"mean": "1", "half_width": "1"},
    }
    descriptions = {"incidents": {"first_arrival_s": "time from call to first unit on scene"}}
    _core.write_results(str(path), tables, metadata=metadata, units=units, descriptions=descriptions)
    return tables, metadata, units


def test_load_reads_back_every_table_column_and_value(tmp_path):
    path = tmp_path / "out.h5"
    tables, _, _ = write_sample(path)
    r = ds.load(path)
    assert list(r.tables) == ["incidents", "dispatches", "kpis", "empty"]

    inc = r.incidents
    assert list(inc.columns) == list(tables["incidents"])
    assert inc["replication"].dtype == np.int64
    assert inc["incident"].tolist() == [10, 11, 12, 13, 2**40]
    np.testing.assert_array_equal(inc["first_arrival_s"].to_numpy(), tables["incidents"]["first_arrival_s"])
    assert inc["kind"].tolist() == tables["incidents"]["kind"]
    assert all(isinstance(v, str) for v in inc["kind"])
    assert inc["contained"].tolist() == [1, 0, 1, 1, 0]

    assert len(r.dispatches) == 0
    assert list(r.dispatches.columns) == ["replication", "travel_time_s", "unit"]
    assert r.dispatches["travel_time_s"].dtype == np.float64
    assert r.kpis.loc[0, "name"] == "five_minute_share"
    assert r.kpis.loc[0, "mean"] == 0.8125
    assert r.table("empty").shape == (0, 0)


def test_load_gives_units_descriptions_metadata_and_scenario_text(tmp_path):
    path = tmp_path / "out.h5"
    _, metadata, _ = write_sample(path)
    r = ds.load(path)
    assert r.units_of("incidents") == {"replication": "", "incident": "", "first_arrival_s": "s", "kind": "",
                                       "contained": "1"}
    assert r.units_of("dispatches")["travel_time_s"] == "s"
    assert r.descriptions_of("incidents")["first_arrival_s"] == "time from call to first unit on scene"
    assert r.scenario_text == SCENARIO
    assert r.metadata["seed"] == 2**64 - 3
    assert r.metadata["replications"] == 2
    assert r.metadata["scenario_file"] == metadata["scenario_file"]
    assert r.metadata["command_line"] == metadata["command_line"]
    assert r.metadata["dsim_version"] == ds.__version__
    assert r.metadata["format_version"] == 1
    assert r.metadata["horizon_s"] == 86400.0
    assert r.metadata["threads"] == 4
    assert r.metadata["created_utc"].endswith("Z")


def test_missing_tables_raise_errors_that_list_the_tables_present(tmp_path):
    path = tmp_path / "out.h5"
    write_sample(path)
    r = ds.load(path)
    with pytest.raises(AttributeError, match=r"no table 'units'.*incidents, dispatches, kpis, empty"):
        r.units
    with pytest.raises(AttributeError, match="no table 'warnings'"):
        r.warnings
    with pytest.raises(KeyError, match="no table 'stock'"):
        r["stock"]
    assert r.empty is r.tables["empty"]
    assert "kpis" in r and "units" not in r


def test_summary_and_repr_describe_the_tables(tmp_path):
    path = tmp_path / "out.h5"
    write_sample(path)
    r = ds.load(path)
    s = r.summary()
    assert s.loc["incidents", "rows"] == 5
    assert s.loc["incidents", "columns"] == 5
    assert s.loc["incidents", "replications"] == 2
    assert s.loc["kpis", "rows"] == 1
    text = repr(r)
    assert "seed 18446744073709551613" in text
    assert "incidents" in text and "5 rows x 5 columns" in text


def test_the_file_is_laid_out_as_documented(tmp_path):
    path = tmp_path / "out.h5"
    write_sample(path)
    with h5py.File(path, "r") as f:
        assert list(f.attrs["tables"]) == ["incidents", "dispatches", "kpis", "empty"]
        assert f.attrs["scenario_text"] == SCENARIO
        g = f["incidents"]
        assert list(g.attrs["columns"]) == ["replication", "incident", "first_arrival_s", "kind", "contained"]
        d = g["first_arrival_s"]
        assert d.dtype == np.float64 and d.ndim == 1
        assert d.compression == "gzip" and d.compression_opts == 4 and d.shuffle
        assert d.chunks == (5,)
        assert d.attrs["units"] == "s"
        kind = g["kind"]
        info = h5py.check_string_dtype(kind.dtype)
        assert info is not None and info.encoding == "utf-8" and info.length is None
        assert g["replication"].dtype == np.int64


def test_a_file_dsim_did_not_write_is_refused(tmp_path):
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = np.arange(3.0)
    with pytest.raises(ds.InputError, match="dsim_version"):
        ds.load(foreign)

    text = tmp_path / "notes.h5"
    text.write_text("not hdf5\n")
    with pytest.raises(ds.InputError, match="not HDF5"):
        ds.load(text)

    with pytest.raises(FileNotFoundError):
        ds.load(tmp_path / "absent.h5")


def test_a_file_from_a_newer_dsim_is_refused(tmp_path):
    path = tmp_path / "out.h5"
    write_sample(path)
    with h5py.File(path, "r+") as f:
        f.attrs["format_version"] = np.int64(99)
    with pytest.raises(ds.InputError, match="format version 1 or older"):
        ds.load(path)


def test_a_failed_write_leaves_no_file(tmp_path):
    path = tmp_path / "out.h5"
    with pytest.raises(RuntimeError, match="ragged"):
        _core.write_results(str(path), {"ragged": {"a": np.zeros(3), "b": np.zeros(2)}})
    assert list(tmp_path.iterdir()) == []


def test_write_results_refuses_columns_it_cannot_store(tmp_path):
    with pytest.raises(TypeError):
        _core.write_results(str(tmp_path / "x.h5"), {"t": {"c": [None, "a"]}})
    with pytest.raises(ValueError):
        _core.write_results(str(tmp_path / "x.h5"), {"t": {"c": np.zeros((2, 2))}})
    assert list(tmp_path.iterdir()) == []


def test_results_can_be_built_from_frames_without_a_file():
    r = ds.Results({"kpis": pd.DataFrame({"mean": [1.0]})}, {"dsim_version": "0.1.0"}, {"kpis": {"mean": "s"}})
    assert r.kpis["mean"].iloc[0] == 1.0
    assert r.units_of("kpis") == {"mean": "s"}
    assert r.path is None
    assert "no table" in str(pytest.raises(AttributeError, lambda: r.incidents).value)
