"""`dsim export` and `Results.to_geopackage`: the GeoPackage read back with GDAL (pyogrio for the
vector layers, rasterio for the rasters) has the run's layers in EPSG:4326, a feature per row of
the tables it comes from, and the flood's depth on the cells of flood_grid."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import rasterio
import yaml

import disastersim as ds

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"


def run_cli(dsim_cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([dsim_cli, *args], capture_output=True, text=True, timeout=300)


def layers(path: Path) -> dict[str, str | None]:
    return {name: kind for name, kind in pyogrio.list_layers(path)}


def fields(path: Path, layer: str) -> dict[str, np.ndarray]:
    meta, _, _, values = pyogrio.raw.read(path, layer=layer, read_geometry=False)
    return dict(zip(meta["fields"], values))


@pytest.fixture(scope="module")
def flood(tmp_path_factory, dsim_cli):
    """The river flood with its warning chain, two replications, exported by `dsim export`."""
    d = tmp_path_factory.mktemp("flood")
    h5, gpkg = d / "flood.h5", d / "flood.gpkg"
    proc = run_cli(dsim_cli, "run", str(SCENARIOS / "flood_warning.yaml"), "-r", "2", "-o", str(h5))
    assert proc.returncode == 0, proc.stderr
    proc = run_cli(dsim_cli, "export", str(h5), "-o", str(gpkg))
    assert proc.returncode == 0, proc.stderr
    return ds.load(h5), gpkg, proc.stdout


def test_flood_layers_are_in_wgs84_with_a_feature_per_row(flood):
    r, gpkg, stdout = flood
    found = layers(gpkg)
    for name in ("stations", "units", "demand_points", "incidents", "road_closures", "export_notes"):
        assert name in found, (name, found)
    for name in ("stations", "units", "demand_points", "incidents", "road_closures"):
        assert pyogrio.read_info(gpkg, layer=name)["crs"] == "EPSG:4326", name
    count = {name: pyogrio.read_info(gpkg, layer=name)["features"] for name in found}
    assert count["incidents"] == len(r.incidents)
    assert count["units"] == r.units["unit"].nunique()
    assert count["stations"] == r.units["station"].nunique()
    # The scenario closes no roads of its own: every closure is one of the flood's.
    assert count["road_closures"] == len(r.flood_closures)
    assert f"incidents        points    {len(r.incidents):,} features" in stdout
    # The incidents layer carries the table's columns and values.
    got = fields(gpkg, "incidents")
    np.testing.assert_array_equal(got["node"], r.incidents["node"].to_numpy())
    np.testing.assert_allclose(got["call_s"], r.incidents["call_s"].to_numpy())


def test_demand_points_hold_cover_and_the_incidents_at_each_node(flood):
    r, gpkg, _ = flood
    got = fields(gpkg, "demand_points")
    best = np.asarray(got["best_station_s"], dtype=float)
    covered = np.asarray(got["covered_5min"])
    assert set(np.unique(covered)) <= {0, 1}
    np.testing.assert_array_equal(covered == 1, best <= 300.0)
    assert 0 < covered.sum() < len(covered)
    # Every incident at a zone's node is counted at that node, and the mean response is theirs.
    inc = r.incidents
    at_zone_nodes = inc[inc["node"].isin(got["node"])]
    assert got["incidents"].sum() == len(at_zone_nodes)
    busiest = at_zone_nodes.groupby("node")["response_s"].agg(["count", "mean"]).sort_values("count").iloc[-1]
    row = int(np.flatnonzero(got["node"] == busiest.name)[0])
    assert got["incidents"][row] == busiest["count"]
    assert got["response_mean_s"][row] == pytest.approx(busiest["mean"])
    assert got["incidents_per_replication"][row] == pytest.approx(busiest["count"] / 2)


def test_flood_rasters_sit_on_the_cells_of_flood_grid(flood):
    r, gpkg, _ = flood
    grid = r.table("flood_grid")
    attrs = r.attributes_of("flood_grid")
    deepest = grid.loc[grid["max_depth_m"].idxmax()]
    with rasterio.open(f"GPKG:{gpkg}:flood_max_depth") as src:
        assert (src.height, src.width) == (int(attrs["rows"]), int(attrs["cols"]))
        assert src.crs.to_epsg() == 4326
        depth = src.read(1)
        # The cell centre given by flood_grid falls in the raster cell of the same row and column.
        assert src.index(deepest["lon"], deepest["lat"]) == (int(deepest["row"]), int(deepest["col"]))
        assert depth[int(deepest["row"]), int(deepest["col"])] == pytest.approx(deepest["max_depth_m"], rel=1e-6)
        assert depth.max() == pytest.approx(grid["max_depth_m"].max(), rel=1e-6)
    never = grid[grid["arrival_s"].isna()].iloc[0]
    reached = grid[grid["arrival_s"].notna()].iloc[0]
    with rasterio.open(f"GPKG:{gpkg}:flood_arrival") as src:
        arrival = src.read(1, masked=True)
        assert arrival.mask[int(never["row"]), int(never["col"])]
        assert arrival[int(reached["row"]), int(reached["col"])] == pytest.approx(reached["arrival_s"], rel=1e-6)


def test_to_geopackage_of_a_loaded_file_matches_the_command(flood, tmp_path):
    r, gpkg, _ = flood
    out = tmp_path / "again.gpkg"
    summary = r.to_geopackage(out)
    assert {layer["name"]: layer["features"] for layer in summary["layers"]}["incidents"] == len(r.incidents)
    assert summary["skipped"] == []
    for name in layers(gpkg):
        assert pyogrio.read_info(out, layer=name)["features"] == pyogrio.read_info(gpkg, layer=name)["features"]


def test_a_run_in_memory_exports_threat_zones_and_its_own_closures(tmp_path):
    scenario = yaml.safe_load((SCENARIOS / "chemical_park_release.yaml").read_text())
    scenario["replications"] = 2
    scenario["road_closures"] = [{"name": "gate_out", "at": {"place": "chem_park_gate_1"}, "radius_m": 300,
                                  "start": "1 h", "end": "3 h"}]
    r = ds.run(scenario, progress=False)
    out = tmp_path / "chemical.gpkg"
    summary = r.to_geopackage(out)
    assert summary["skipped"] == []
    assert pyogrio.read_info(out, layer="threat_zones")["crs"] == "EPSG:4326"
    zones = fields(out, "threat_zones")
    assert list(zones["level"]) == [1, 2, 3]
    attrs = r.attributes_of("chemical_grid")
    cells = r.chemical_grid["peak_mg_m3"].to_numpy()
    for level, n in zip(zones["level"], zones["cells"]):
        assert n == np.count_nonzero(cells >= attrs[f"aegl{level}_mg_m3"])
    closures = fields(out, "road_closures")
    changes = r.chemical_road_changes
    assert np.count_nonzero(closures["cause"] == "chemical") == int((changes["closed"] == 1).sum())
    gate = closures["cause"] == "scenario"
    assert gate.sum() > 0
    assert set(closures["name"][gate]) == {"gate_out"}
    np.testing.assert_allclose(closures["closed_s"][gate], 3600.0)
    np.testing.assert_allclose(closures["reopened_s"][gate], 3 * 3600.0)


def test_fire_perimeters_are_the_cells_burned_by_each_output_time(tmp_path, dsim_cli):
    h5, out = tmp_path / "fire.h5", tmp_path / "fire.gpkg"
    assert run_cli(dsim_cli, "run", str(SCENARIOS / "grassland_fire.yaml"), "-r", "2", "-o", str(h5)).returncode == 0
    proc = run_cli(dsim_cli, "export", str(h5), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    r = ds.load(h5)
    assert pyogrio.read_info(out, layer="fire_perimeters")["features"] == len(r.fire_perimeters)
    got = fields(out, "fire_perimeters")
    cell_ha = float(r.attributes_of("fire_grid")["cell_size_m"]) ** 2 / 1e4
    np.testing.assert_allclose(got["cells"] * cell_ha, r.fire_perimeters["area_ha"].to_numpy(), rtol=1e-9)
    assert pyogrio.read_info(out, layer="fire_forecast")["crs"] == "EPSG:4326"


def test_without_its_region_the_export_keeps_what_needs_no_roads(flood, tmp_path):
    r, _, _ = flood
    meta = dict(r.metadata)
    meta["scenario_text"] = meta["scenario_text"].replace("synthetic: {seed: 7, nodes: 10000}",
                                                          "network: moved_away/roads.csv")
    meta["scenario_file"] = str(tmp_path / "gone.yaml")
    moved = type(r)(r.tables, metadata=meta, table_attributes={t: r.attributes_of(t) for t in r.tables})
    out = tmp_path / "no_region.gpkg"
    summary = moved.to_geopackage(out)
    assert any(s.startswith("demand_points: ") for s in summary["skipped"])
    assert "could not be loaded again" in summary["region_note"]
    assert summary["region_note"] in summary["skipped"][0]
    found = layers(out)
    assert "demand_points" not in found
    assert pyogrio.read_info(out, layer="incidents")["features"] == len(r.incidents)
    assert pyogrio.read_info(out, layer="stations")["features"] == r.units["station"].nunique()
    notes = fields(out, "export_notes")
    skipped = [m for layer, m in zip(notes["layer"], notes["meaning"]) if layer == "demand_points"]
    assert skipped and skipped[0].startswith("skipped: ")


def test_bad_input_exits_2_and_writes_nothing(dsim_cli, flood, tmp_path):
    not_results = tmp_path / "notes.h5"
    not_results.write_text("not a results file\n")
    out = tmp_path / "out.gpkg"
    proc = run_cli(dsim_cli, "export", str(not_results), "-o", str(out))
    assert proc.returncode == 2
    assert "notes.h5" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()
    h5 = flood[0].path
    proc = run_cli(dsim_cli, "export", str(h5), "-o", str(tmp_path / "no_such_folder" / "out.gpkg"))
    assert proc.returncode == 2
    assert "no_such_folder" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.h5"]
