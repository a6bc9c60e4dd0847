"""Road networks from Python: searches checked against scipy's Dijkstra on the exported graph."""

from __future__ import annotations

import gc

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from scipy.sparse.csgraph import dijkstra  # noqa: E402

import disastersim as ds  # noqa: E402


@pytest.fixture(scope="module")
def region():
    return ds.synthetic_region(seed=7)


@pytest.fixture(scope="module")
def net(region):
    return region.network


@pytest.fixture(scope="module")
def graph(net):
    """The exported edges as a scipy CSR matrix (the fastest of parallel edges; zero times kept as edges)."""
    edges = net.edges
    fastest = edges.groupby(["tail", "head"], sort=True)["travel_time_s"].min().reset_index()
    tails = fastest["tail"].to_numpy(np.int64)
    indptr = np.searchsorted(tails, np.arange(net.node_count + 1))
    return csr_matrix(
        (fastest["travel_time_s"].to_numpy(np.float64), fastest["head"].to_numpy(np.int64), indptr),
        shape=(net.node_count, net.node_count),
    )


def test_the_synthetic_region_has_nodes_edges_and_zones(region, net):
    assert 25_000 <= net.node_count <= 35_000
    nodes, edges = net.nodes, net.edges
    assert len(nodes) == net.node_count and len(edges) == net.edge_count
    assert list(nodes.columns) == ["id", "lon", "lat", "x_m", "y_m"]
    assert edges["tail"].between(0, net.node_count - 1).all() and edges["head"].between(0, net.node_count - 1).all()
    assert (edges["travel_time_s"] >= 0).all()
    np.testing.assert_allclose(edges["travel_time_s"], edges["length_m"] / edges["speed_mps"], rtol=1e-12)
    assert set(edges["road_class"].cat.categories) >= {"motorway", "residential", "track"}
    assert {"built_up", "industrial_park", "village", "grassland"} <= set(region.zones["type"])
    assert region.zones["population"].sum() > 0


def test_node_and_edge_arrays_are_read_only_views_of_the_network(net):
    lon = net.core.lon
    assert lon.base is not None and not lon.flags.writeable
    with pytest.raises(ValueError):
        lon[0] = 0.0
    assert net.core.tail.dtype == np.uint32 and net.core.length_m.dtype == np.float64
    twin = net.core.twin
    paired = twin >= 0
    assert (twin[twin[paired]] == np.flatnonzero(paired)).all()


def test_shortest_path_times_equal_scipy_dijkstra_for_1000_random_pairs(net, graph):
    rng = np.random.default_rng(2026)
    sources = rng.choice(net.node_count, size=25, replace=False)
    reference = dijkstra(graph, directed=True, indices=sources)
    ours = net.travel_time_matrix(sources, threads=2)
    checked = 0
    for row, s in enumerate(sources):
        targets = rng.choice(net.node_count, size=40, replace=False)
        single = net.travel_times_from(s)
        np.testing.assert_allclose(single[targets], reference[row, targets], rtol=1e-9, atol=0)
        np.testing.assert_allclose(ours[row, targets], reference[row, targets], rtol=1e-9, atol=0)
        checked += len(targets)
    assert checked == 1000
    assert np.isfinite(reference).all()  # strongly connected: every pair has a path


def test_bounded_search_equals_the_unbounded_one_cut_at_the_limit(net):
    rng = np.random.default_rng(7)
    for s in rng.choice(net.node_count, size=20, replace=False):
        full = net.travel_times_from(s)
        for limit in (60.0, 300.0, 900.0):
            bounded = net.travel_times_from(s, limit_s=limit)
            expected = np.where(full <= limit, full, np.inf)
            np.testing.assert_array_equal(bounded, expected)
    assert np.isinf(net.travel_times_from(0, limit_s=0.0)[1:]).sum() >= net.node_count - 10


def _reach_from_tail(t_tail, tau, limit):
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(tau > 0, np.clip((limit - t_tail) / tau, 0.0, 1.0), 1.0)
    return np.where(t_tail <= limit, share, 0.0)


def test_coverage_shares_match_a_computation_from_scipy_distances(net, graph):
    rng = np.random.default_rng(11)
    stations = rng.choice(net.node_count, size=4, replace=False)
    turnout = np.array([0.0, 30.0, 60.0, 90.0])
    demand = rng.uniform(0.0, 10.0, size=net.node_count)
    limit = 5 * 60.0

    distances = dijkstra(graph, directed=True, indices=stations)
    best = (distances + turnout[:, None]).min(axis=0)
    covered = best <= limit
    edges = net.edges
    tail, tau, twin = edges["tail"].to_numpy(), edges["travel_time_s"].to_numpy(), edges["twin"].to_numpy()
    t_tail = np.where(covered, best, np.inf)[tail]
    share = _reach_from_tail(t_tail, tau, limit)
    has_twin = twin >= 0
    fraction = share.copy()
    fraction[has_twin] = np.minimum(share[has_twin] + share[twin[has_twin]], 1.0)
    once = ~has_twin | (twin > np.arange(len(twin)))
    km = edges["length_m"].to_numpy() / 1000.0

    c = net.coverage(stations, minutes=5, demand=demand, turnout_s=turnout)
    assert c["stations"] == 4
    assert c["nodes_covered"] == covered.sum()
    assert c["node_share"] == pytest.approx(covered.mean(), rel=1e-12)
    assert c["road_share"] == pytest.approx((fraction * km)[once].sum() / km[once].sum(), rel=1e-9)
    assert c["demand_share"] == pytest.approx(demand[covered].sum() / demand.sum(), rel=1e-9)
    np.testing.assert_allclose(c["best_time_s"], np.where(covered, best, np.inf), rtol=1e-9)
    np.testing.assert_allclose(c["edge_covered_fraction"], fraction, rtol=1e-9, atol=1e-12)
    assert 0.0 < c["node_share"] < 1.0


def test_coverage_without_demand_has_no_demand_share(net):
    c = net.coverage([net.nearest_node(109.93, 39.72)], minutes=3)
    assert c["demand_share"] is None and c["demand_total"] == 0.0
    assert c["best_time_s"][c["best_station"] == 0].max() <= 180.0


def test_bad_node_indices_and_arguments_raise(net):
    with pytest.raises(IndexError):
        net.travel_times_from(net.node_count)
    with pytest.raises(IndexError):
        net.coverage([-1])
    with pytest.raises(ValueError):
        net.coverage([0], turnout_s=[1.0, 2.0])
    with pytest.raises(ValueError):
        ds.load_network("nowhere.csv", speed_table="mars")


def test_nearest_node_of_a_node_position_is_that_node(net):
    nodes = net.nodes
    for i in (0, 1234, net.node_count - 1):
        assert net.nearest_node(nodes.lon[i], nodes.lat[i]) in set(
            nodes.index[(nodes.lon == nodes.lon[i]) & (nodes.lat == nodes.lat[i])]
        )


def test_plot_draws_line_collections_and_saves_a_png(net, tmp_path):
    c = net.coverage([net.nearest_node(109.93, 39.72)], minutes=5)
    fig, ax = plt.subplots()
    returned = net.plot(ax=ax, covered=c)
    assert returned is ax
    collections = [x for x in ax.collections if isinstance(x, LineCollection)]
    assert len(collections) >= 3  # roads by class (at least two tiers), then the covered roads
    assert collections[-1].get_label() == "covered"
    assert len(collections[-1].get_segments()) > 0  # covered roads
    out = tmp_path / "network.png"
    fig.savefig(out, dpi=60)
    plt.close(fig)
    assert out.stat().st_size > 0
    ax2 = net.plot(covered=c["best_time_s"] <= 300.0)
    assert len([x for x in ax2.collections if isinstance(x, LineCollection)]) == len(collections)
    plt.close(ax2.figure)


def test_a_small_csv_network_loads_and_a_bad_one_names_file_and_line(tmp_path):
    (tmp_path / "nodes.csv").write_text("id,lon,lat\n1,0.0,0.0\n2,0.01,0.0\n3,0.02,0.0\n")
    (tmp_path / "edges.csv").write_text(
        "from,to,length_m,speed_kph,oneway\n1,2,1000,36,0\n2,3,2000,72,0\n"
    )
    net = ds.load_network(tmp_path)
    assert net.node_count == 3 and net.edge_count == 4
    a = net.nearest_node(0.0, 0.0)
    c = net.nearest_node(0.02, 0.0)
    assert net.travel_times_from(a)[c] == pytest.approx(200.0)
    lon = net.core.lon
    del net
    gc.collect()
    assert sorted(lon) == [0.0, 0.01, 0.02]  # the view keeps the network alive
    (tmp_path / "edges.csv").write_text("from,to,length_m,speed_kph\n1,2,1000,fast\n")
    with pytest.raises(ds.InputError, match=r"edges\.csv:2.*speed_kph"):
        ds.load_network(tmp_path)


def test_the_shared_monaco_extract_loads(shared_data):
    path = shared_data / "roads" / "osm" / "monaco.osm.pbf"
    assert path.is_file(), f"missing shared file {path}"
    net = ds.load_network(path)
    assert net.node_count > 500
    nodes = net.nodes
    assert nodes.lon.between(7.30, 7.55).all() and nodes.lat.between(43.68, 43.80).all()
    assert np.isfinite(net.travel_times_from(0)).all()
    assert ds.load_network(path, speed_table="china").node_count == net.node_count


def test_osm_road_shapes_bridges_and_tunnels_reach_python(tmp_path):
    # One way bending through two shape points (a bridge), one straight tunnel back.
    osm = tmp_path / "roads.osm"
    osm.write_text(
        """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="test">
 <node id="1" lat="42.50" lon="1.50"/>
 <node id="2" lat="42.51" lon="1.50"/>
 <node id="3" lat="42.51" lon="1.52"/>
 <node id="4" lat="42.50" lon="1.52"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/>
  <tag k="highway" v="primary"/><tag k="bridge" v="yes"/></way>
 <way id="11"><nd ref="4"/><nd ref="1"/><tag k="highway" v="primary"/><tag k="tunnel" v="yes"/></way>
</osm>
"""
    )
    net = ds.load_network(osm)
    edges = net.edges
    assert net.node_count == 2
    assert edges.loc[edges.way_id == 10, "bridge"].all() and not edges.loc[edges.way_id == 10, "tunnel"].any()
    assert edges.loc[edges.way_id == 11, "tunnel"].all() and not edges.loc[edges.way_id == 11, "bridge"].any()
    g = net.edge_geometries()
    assert len(g["edge"]) == 2  # each two-way road once
    o = g["offsets"]
    sizes = {int(edges.way_id[e]): int(o[i + 1] - o[i]) for i, e in enumerate(g["edge"])}
    assert sizes == {10: 4, 11: 2}
    i = [int(edges.way_id[e]) for e in g["edge"]].index(10)
    e = int(g["edge"][i])
    lons, lats = g["lon"][o[i] : o[i + 1]], g["lat"][o[i] : o[i + 1]]
    # From the edge's tail to its head, through the way's bend in the right order.
    assert (lons[0], lats[0]) == (net.nodes.lon[edges["tail"][e]], net.nodes.lat[edges["tail"][e]])
    assert (lons[-1], lats[-1]) == (net.nodes.lon[edges["head"][e]], net.nodes.lat[edges["head"][e]])
    assert abs(lats[1] - 42.51) < 1e-7 and abs(lats[2] - 42.51) < 1e-7
    assert len(net.edge_geometries(one_per_road=False)["edge"]) == net.edge_count
    lines = net.edge_lines()
    assert [len(line) for line in lines] == [int(o[k + 1] - o[k]) for k in range(len(o) - 1)]
