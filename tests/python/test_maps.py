"""Maps fit for a report: roads by class beneath, zone outlines, a legend entry for every
mark, a scale bar, a title that says what is shown; colour scales and curves that fit
their data. Drawn with the Agg backend, checked through the artists."""

from __future__ import annotations

import math
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection, PolyCollection  # noqa: E402

import disastersim as ds  # noqa: E402
from disastersim import maps  # noqa: E402
from disastersim.placement import Placement  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "good" / "small.yaml"


@pytest.fixture(scope="module")
def region():
    return ds.synthetic_region(seed=7, nodes=10000)


@pytest.fixture(scope="module")
def small_run():
    return ds.run(SMALL, replications=2, threads=2)


def road_collections(ax):
    return [c for c in ax.collections if isinstance(c, LineCollection) and str(c.get_label()).startswith("roads: ")]


def labelled_marks(ax):
    """Every artist that asks for a legend entry (a label not starting with '_')."""
    artists = list(ax.collections) + list(ax.lines) + list(ax.patches)
    return [a for a in artists if a.get_label() and not str(a.get_label()).startswith("_")]


def scale_bars(ax):
    return [a for a in ax.artists if a.get_gid() == maps.SCALE_BAR_GID]


def assert_report_map(ax):
    """Roads beneath, one legend entry per mark, and a scale bar."""
    assert road_collections(ax), "no road network drawn"
    legend = ax.get_legend()
    assert legend is not None
    marks = labelled_marks(ax)
    assert [t.get_text() for t in legend.get_texts()] == [str(m.get_label()) for m in marks]
    assert len(scale_bars(ax)) == 1


def expected_tiers(network):
    present = set(network.edges["road_class"].astype(str))
    return [label for label, names, _, _ in maps.ROAD_TIERS if present & set(names)]


def test_the_network_map_draws_one_collection_per_road_tier_a_legend_and_a_scale_bar(region):
    net = region.network
    c = net.coverage([net.nearest_node(109.93, 39.72)], minutes=5)
    fig, ax = plt.subplots()
    net.plot(ax=ax, covered=c, zones=region.zones, title="synthetic")
    tiers = expected_tiers(net)
    assert len(tiers) >= 2  # the synthetic region has main roads and local ones
    assert sorted(str(x.get_label()) for x in road_collections(ax)) == sorted(f"roads: {t}" for t in tiers)
    lines = [x for x in ax.collections if isinstance(x, LineCollection)]
    assert len(lines) == len(tiers) + 1 and lines[-1].get_label() == "covered"
    # Every road appears once among the tiers; main roads are drawn wider than local ones.
    assert sum(len(x.get_segments()) for x in road_collections(ax)) == len(maps.road_segments(net)[0])
    widths = {str(x.get_label()): x.get_linewidth()[0] for x in road_collections(ax)}
    assert widths["roads: primary, secondary"] > widths["roads: tertiary, local"]
    zones = [x for x in ax.collections if isinstance(x, PolyCollection)]
    assert len(zones) == 1 and len(zones[0].get_paths()) == len(region.zones)
    assert_report_map(ax)
    assert "synthetic" in ax.get_title() and "road-km" in ax.get_title()
    plt.close(fig)


def test_the_scale_bar_length_follows_the_latitude():
    assert maps.nice_length_km(23.0) == 2.0 and maps.nice_length_km(4.0) == 0.5 and maps.nice_length_km(120) == 20
    for lat in (0.0, 39.7, 60.0):
        fig, ax = plt.subplots()
        ax.set_xlim(10.0, 11.0)
        ax.set_ylim(lat - 0.5, lat + 0.5)
        bar = maps.add_scale_bar(ax)
        km_per_degree = 111.195 * math.cos(math.radians(lat))
        label = bar.txt_label.get_text()
        km = float(label.split()[0]) / (1000.0 if label.endswith(" m") else 1.0)
        assert km == maps.nice_length_km(km_per_degree)
        # The bar's width in degrees of longitude is that many km at this latitude.
        width_deg = bar.size_bar.get_children()[0].get_width()
        assert width_deg * km_per_degree == pytest.approx(km, rel=2e-3)
        plt.close(fig)


def test_the_incident_map_has_roads_zones_stations_a_legend_and_says_what_it_shows(small_run, tmp_path):
    fig, ax = plt.subplots()
    small_run.plot_incidents(ax=ax)
    assert_report_map(ax)
    labels = [str(m.get_label()) for m in labelled_marks(ax)]
    assert "zones" in labels and "stations" in labels and "incident reached (colour: minutes)" in labels
    title = ax.get_title()
    assert title.startswith("small-drill: ") and "2 replications pooled" in title and "7 d" in title
    assert "after the 1 d warm-up" in title
    # Stations carry their names.
    texts = {t.get_text() for t in ax.texts}
    assert "Kangbashi fire station" in texts and "park_station" in texts
    # The colour scale ends at the 95th percentile of the minutes, not at the slowest call.
    inc = small_run.incidents[small_run.incidents["measured"] == 1]
    minutes = ((inc["first_arrival_s"] - inc["call_s"]) / 60).dropna()
    points = next(c for c in ax.collections if c.get_label() == "incident reached (colour: minutes)")
    assert points.norm.vmax == pytest.approx(np.percentile(minutes, 95))
    assert len(points.get_offsets()) == len(minutes)
    fig.savefig(tmp_path / "incidents.png", dpi=40)
    assert (tmp_path / "incidents.png").stat().st_size > 0
    plt.close(fig)

    fig, ax = plt.subplots()
    small_run.plot_incidents(ax=ax, replication=1)
    assert "replication 1" in ax.get_title() and "1 replication pooled" in ax.get_title()
    plt.close(fig)


def test_the_station_map_names_the_stations(small_run):
    fig, ax = plt.subplots()
    small_run.plot_stations(ax=ax)
    assert_report_map(ax)
    assert any("Dongsheng fire station" in t.get_text() for t in ax.texts)
    plt.close(fig)


def flood_results(network, pit_depth_m=35.0):
    """A flood grid over the network's extent: shallow water under the roads, one deep pit
    in a cell with no road, and one closed road."""
    nodes = network.nodes
    rows, cols = 40, 50
    lon = np.linspace(nodes.lon.min(), nodes.lon.max(), cols)
    lat = np.linspace(nodes.lat.max(), nodes.lat.min(), rows)
    grid_lon, grid_lat = np.meshgrid(lon, lat)
    rng = np.random.default_rng(3)
    depth = rng.uniform(0.2, 1.0, size=(rows, cols))
    road_cells = set()
    dlon, dlat = lon[1] - lon[0], lat[0] - lat[1]
    for x, y in zip(nodes.lon, nodes.lat):
        road_cells.add((int(np.floor((lat[0] + dlat / 2 - y) / dlat)), int(np.floor((x - lon[0] + dlon / 2) / dlon))))
    pit = next((r, c) for r in range(rows) for c in range(cols) if (r, c) not in road_cells)
    depth[pit] = pit_depth_m
    row, col = np.divmod(np.arange(rows * cols), cols)
    grid = pd.DataFrame({"row": row, "col": col, "lon": grid_lon.ravel(), "lat": grid_lat.ravel(),
                         "bed_m": 0.0, "max_depth_m": depth.ravel(), "arrival_s": 0.0})
    edges = network.edges
    e = int(edges.index[0])
    tail, head = int(edges["tail"][e]), int(edges["head"][e])
    closures = pd.DataFrame({"edge": [e], "from_node": [tail], "to_node": [head], "vehicle_class": ["standard"],
                             "closure_depth_m": [0.3], "closed_s": [600.0], "reopened_s": [np.inf],
                             "max_depth_m": [0.8], "from_lon": [nodes.lon[tail]], "from_lat": [nodes.lat[tail]],
                             "to_lon": [nodes.lon[head]], "to_lat": [nodes.lat[head]]})
    frames = pd.DataFrame({"frame": [0], "time_s": [0.0], "cell": [0], "depth_m": [0.5]})
    meta = {"dsim_version": "test", "scenario_name": "pit-test", "replications": 4,
            "start_time": "2026-07-20T06:00:00+08:00", "start_time_given": 1, "horizon_s": 86400.0}
    return ds.Results({"flood_grid": grid, "flood_closures": closures, "flood_frames": frames}, meta), depth


def test_the_flood_colour_scale_ends_at_the_depths_under_roads_not_at_a_pit(region):
    r, depth = flood_results(region.network)
    fig, ax = plt.subplots()
    r.plot_flood_depth(ax=ax, network=region.network, zones=region.zones)
    image = ax.get_images()[0]
    vmax = image.norm.vmax
    assert vmax <= 1.0 < 35.0  # the shallow water under the roads sets the scale
    assert vmax == pytest.approx(np.percentile(depth[depth < 30], 99), abs=0.05)
    assert_report_map(ax)
    labels = [str(m.get_label()) for m in labelled_marks(ax)]
    assert "closed by water (to any vehicle class)" in labels and "zones" in labels
    closed = next(c for c in ax.collections if str(c.get_label()).startswith("closed by water"))
    assert len(closed.get_segments()) == 1
    title = ax.get_title()
    assert title.startswith("pit-test: maximum water depth") and "2026-07-20 06:00" in title
    assert "4 replications" in title
    assert "deepest 35.0 m" in fig.axes[-1].get_ylabel()  # the colour bar says what it leaves out
    plt.close(fig)


def test_the_coverage_curve_zooms_to_its_data():
    plan = Placement.__new__(Placement)
    plan.scenario_name = "curve-test"
    plan.summary = {"covered_share_before": 0.986, "limit_s": 300.0}
    plan.curve = pd.DataFrame({"new_stations": [1, 2, 3], "covered_share": [0.992, 0.997, 0.999]})
    fig, ax = plt.subplots()
    plan.plot_curve(ax=ax)
    low, high = ax.get_ylim()
    assert 98.0 < low < 98.6 and 99.9 < high <= 100.5
    assert ax.get_xlim()[0] <= 0 and ax.get_xlim()[1] >= 3
    plt.close(fig)
    # data_limits keeps within its bounds and widens a flat line.
    assert maps.data_limits([50.0, 50.0], min_span=2.0) == pytest.approx((50 - 1 - 0.16, 50 + 1 + 0.16))
    assert maps.data_limits([0.0, 100.0], floor=0.0, ceiling=100.0) == (0.0, 100.0)


def test_basemap_without_contextily_warns_and_the_map_still_draws(region, monkeypatch):
    monkeypatch.setitem(sys.modules, "contextily", None)  # import fails
    fig, ax = plt.subplots()
    with pytest.warns(UserWarning, match="contextily"):
        region.network.plot(ax=ax, basemap=True)
    assert road_collections(ax) and scale_bars(ax)
    plt.close(fig)


def test_basemap_tile_failures_warn(region, monkeypatch):
    class Offline:
        @staticmethod
        def add_basemap(ax, **kwargs):
            raise ConnectionError("no network")

    monkeypatch.setitem(sys.modules, "contextily", Offline)
    fig, ax = plt.subplots()
    with pytest.warns(UserWarning, match="no tiles"):
        assert maps.add_basemap(ax) is False
    plt.close(fig)


def test_results_load_their_region_from_the_stored_scenario(small_run, tmp_path):
    net, zones = small_run.region()
    assert net.node_count > 1000 and len(zones) > 5
    assert small_run.region()[0] is net  # loaded once
    # A results file read back elsewhere finds its region from the stored text.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = ds.Results(small_run.tables, dict(small_run.metadata, scenario_file="moved/small.yaml"))
        assert again.region().network.node_count == net.node_count


def test_the_placement_map_has_roads_zones_and_a_scale_bar():
    plan = ds.place(SMALL, new_stations=1, gap=False, candidate_stride=8)
    fig, ax = plt.subplots()
    plan.plot_map(ax=ax)
    assert_report_map(ax)
    assert any(isinstance(c, PolyCollection) for c in ax.collections)
    assert ax.get_title().startswith("small-drill: mclp")
    plt.close(fig)


def test_a_map_in_its_own_figure_keeps_legend_and_title_inside_the_figure(small_run, tmp_path):
    ax = small_run.plot_incidents()
    fig = ax.figure
    fig.savefig(tmp_path / "own.png", dpi=50)
    assert_report_map(ax)
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    axes = ax.get_window_extent(renderer)
    title = ax.title.get_window_extent(renderer)
    assert legend.y1 <= axes.y0  # below the map, hiding nothing
    assert legend.y0 >= 0 and title.y1 <= fig.bbox.height
    plt.close(fig)


def test_a_results_file_finds_a_network_file_named_relative_to_its_scenario(dsim_cli, tmp_path, monkeypatch):
    import subprocess

    work = tmp_path / "project"
    (work / "net").mkdir(parents=True)
    (work / "net" / "nodes.csv").write_text("id,lon,lat\n1,10.00,45.00\n2,10.01,45.00\n3,10.02,45.01\n")
    (work / "net" / "edges.csv").write_text("from,to,length_m,speed_kph,oneway\n1,2,800,36,0\n2,3,1200,36,0\n")
    (work / "tiny.yaml").write_text(
        "name: tiny-net\nregion: {network: net/nodes.csv}\nstations:\n  - {id: s, name: Only station, location: {node: 1}}\n"
        "teams:\n  - {id: t, station: s, level: township, size: 4, capabilities: [fire]}\n"
        "incident_list:\n  - {time: 1 h, type: fire, severity: small, location: {node: 3}}\n"
        "plan:\n  responses:\n    fire:\n      small: {needs: {fire: 4}, on_scene: 10 min}\n"
        "horizon: 1 d\nreplications: 1\n")
    done = subprocess.run([dsim_cli, "run", "tiny.yaml", "-o", "out.h5"], cwd=work, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    monkeypatch.chdir(tmp_path)  # elsewhere: the stored scenario_file "tiny.yaml" is not here
    r = ds.load(work / "out.h5")
    assert r.region().network.node_count == 3
    fig, ax = plt.subplots()
    r.plot_incidents(ax=ax)
    assert road_collections(ax) and "tiny-net" in ax.get_title()
    assert r.incidents["first_unit_station_name"].tolist() == ["Only station"]
    plt.close(fig)
