"""`dsim network info` and `dsim network coverage` on a small hand-made network with known answers."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest


def run_cli(dsim_cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([dsim_cli, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def network(tmp_path: Path) -> Path:
    """A two-way chain 1-2-3-4 (1, 1 and 3 km at 36 km/h: 100, 100 and 300 s) and a pair 5-6 cut off from it."""
    d = tmp_path / "net"
    d.mkdir()
    (d / "nodes.csv").write_text("id,lon,lat\n1,0.00,0.0\n2,0.01,0.0\n3,0.02,0.0\n4,0.05,0.0\n5,1.0,1.0\n6,1.01,1.0\n")
    (d / "edges.csv").write_text(
        "from,to,length_m,speed_kph,class,oneway\n"
        "1,2,1000,36,primary,0\n"
        "2,3,1000,36,residential,0\n"
        "3,4,3000,36,residential,0\n"
        "5,6,500,36,track,0\n"
    )
    return d


def test_info_prints_counts_components_and_road_km_by_class(dsim_cli, network):
    proc = run_cli(dsim_cli, "network", "info", str(network))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"nodes\s+4\n", out)
    assert re.search(r"directed edges\s+6\n", out)
    assert re.search(r"strongly connected comp\.\s+2\n", out)
    assert "2 of 6 nodes, 2 of 8 edges dropped" in out
    assert re.search(r"primary\s+1\.000\s+20\.0%", out)
    assert re.search(r"residential\s+4\.000\s+80\.0%", out)
    assert re.search(r"total\s+5\.000", out)
    assert "lon 0.000000 .. 0.050000, lat 0.000000 .. 0.000000" in out


def test_info_with_all_components_keeps_the_cut_off_pair(dsim_cli, network):
    proc = run_cli(dsim_cli, "network", "info", str(network), "--all-components")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"nodes\s+6\n", proc.stdout)
    assert re.search(r"track\s+0\.5000", proc.stdout)


def test_coverage_prints_shares_of_nodes_road_and_demand(dsim_cli, network, tmp_path):
    stations = tmp_path / "stations.csv"
    stations.write_text("id,node\nA,1\n")
    demand = tmp_path / "demand.csv"
    demand.write_text("lon,lat,weight\n0.0,0.0,1\n0.0501,0.0,3\n")
    proc = run_cli(
        dsim_cli, "network", "coverage", str(network), "--stations", str(stations), "--minutes", "5",
        "--demand", str(demand),
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"nodes\s+3\s+4\s+75\.0%", out)
    assert re.search(r"road-km\s+3\.000\s+5\.000\s+60\.0%", out)  # 1 + 1 + 1/3 of 3 km
    assert re.search(r"demand\s+1\.000\s+4\.000\s+25\.0%", out)
    assert "stations: 1" in out


def test_coverage_counts_the_turnout_time(dsim_cli, network, tmp_path):
    stations = tmp_path / "stations.csv"
    stations.write_text("id,lon,lat\nA,0.0,0.0\n")
    proc = run_cli(
        dsim_cli, "network", "coverage", str(network), "--stations", str(stations), "--turnout", "60",
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"road-km\s+2\.400\s+5\.000\s+48\.0%", proc.stdout)  # 1 + 1 + 40/300 of 3 km


@pytest.mark.parametrize(
    "text, message",
    [
        ("id,node\nA,1\nB,99\n", r"stations\.csv:3: node: expected a node id of the network"),
        ("id,lon,lat\nA,0.0,north\n", r"stations\.csv:2: lat: expected a number, found 'north'"),
        ("id,where\nA,1\n", r"stations\.csv:1: header: expected a column 'node', or columns 'lon' and 'lat'"),
        ("id,node\n", r"stations\.csv: expected at least one station row"),
    ],
)
def test_a_bad_stations_file_is_one_message_and_exit_2(dsim_cli, network, tmp_path, text, message):
    stations = tmp_path / "stations.csv"
    stations.write_text(text)
    proc = run_cli(dsim_cli, "network", "coverage", str(network), "--stations", str(stations))
    assert proc.returncode == 2
    assert re.search(message, proc.stderr), proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""


def test_a_bad_demand_weight_and_a_bad_network_exit_2(dsim_cli, network, tmp_path):
    stations = tmp_path / "stations.csv"
    stations.write_text("id,node\nA,1\n")
    demand = tmp_path / "demand.csv"
    demand.write_text("node,weight\n1,2\n2,-1\n")
    proc = run_cli(
        dsim_cli, "network", "coverage", str(network), "--stations", str(stations), "--demand", str(demand)
    )
    assert proc.returncode == 2
    assert re.search(r"demand\.csv:3: weight: expected a weight, finite and >= 0, found '-1'", proc.stderr)
    (network / "edges.csv").write_text("from,to,length_m,speed_kph\n1,2,1000,fast\n")
    proc = run_cli(dsim_cli, "network", "info", str(network))
    assert proc.returncode == 2
    assert re.search(r"edges\.csv:2: speed_kph: expected a number", proc.stderr)


def test_help_shows_an_example(dsim_cli):
    for command in ("info", "coverage", "index"):
        proc = run_cli(dsim_cli, "network", command, "--help")
        assert proc.returncode == 0
        assert f"dsim network {command} " in proc.stdout and "Examples:" in proc.stdout


def test_index_builds_the_routing_cache_once_and_rebuilds_a_damaged_one(dsim_cli, network, tmp_path):
    env_home = tmp_path / "cache"
    run = lambda *a: subprocess.run([dsim_cli, "network", "index", *a], capture_output=True, text=True,  # noqa: E731
                                    timeout=120, env={"XDG_CACHE_HOME": str(env_home), "PATH": "/usr/bin:/bin"})
    proc = run(str(network))
    assert proc.returncode == 0, proc.stderr
    cache = Path(str(network) + ".dsim-routing")
    assert "built in" in proc.stdout and f"written to {cache}" in proc.stdout
    assert re.search(r"Routing index of .*: 4 nodes", proc.stdout)
    proc = run(str(network))
    assert proc.returncode == 0 and f"up to date in {cache}" in proc.stdout
    data = bytearray(cache.read_bytes())
    data[-3] ^= 0xFF
    cache.write_bytes(bytes(data))
    proc = run(str(network))
    assert proc.returncode == 0
    assert "checksum" in proc.stderr and "rebuilding" in proc.stderr and "built in" in proc.stdout
    proc = run(str(network), "--speed-factor", "0.5")
    assert proc.returncode == 0 and "built in" in proc.stdout and ".speed-0.5.dsim-routing" in proc.stdout
