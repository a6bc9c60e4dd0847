"""The logistics section from the command line: `dsim validate` reports each depot's stock against its
level-2 reserve target, and a bad value stops `dsim validate` and `dsim run` with its file:line:column,
the key and exit status 2, and a run writes nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

HEAD = """name: stock-check
region:
  synthetic: {seed: 7, nodes: 10000}
  banners: {kangbashi: [new_town, new_town_south], dongsheng: [old_town]}
stations:
  - {id: kbs, location: {place: new_town_centre}, banner: kangbashi}
teams:
  - {id: rescue, station: kbs, level: banner, size: 12, capabilities: [water_rescue]}
incidents:
  - {name: floods, type: water_rescue, rate: 4 per day, zones: [new_town]}
plan:
  responses:
    water_rescue:
      minor: {needs: {water_rescue: 4}}
horizon: 1 d
replications: 2
"""

LOGISTICS = """logistics:
  items:
    - {id: sandbags, unit: bag, weight: 25 kg, volume: 0.03 m3, handling: 2 s}
    - {id: drainage_pump, unit: pump, weight: 120 kg, volume: 0.5 m3, returns: true}
  depots:
    - id: city_reserve
      level: city
      location: {place: old_town_centre}
      stock: {sandbags: 20000, drainage_pump: 20}
      reserve_target: {sandbags: 30000, drainage_pump: 20}
      vehicles:
        - {id: city_truck, count: 3, capacity: 8 t, volume: 40 m3}
    - id: kangbashi_store
      level: banner
      location: {place: new_town_centre}
      stock: {sandbags: 5000}
      reserve_target: {sandbags: 4000}
      vehicles:
        - {id: pickup, capacity: 1.5 t}
  demand:
    incidents:
      water_rescue: {per_hour: {sandbags: 300}, equipment: {drainage_pump: 2}, without: 0.5}
"""


def run_cli(dsim_cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([dsim_cli, *args], capture_output=True, text=True, timeout=300)


def position(text: str, needle: str) -> tuple[int, int]:
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines) if needle in t)
    return line + 1, lines[line].index(needle) + 1


def test_validate_prints_the_reserve_compliance(dsim_cli, tmp_path):
    scenario = tmp_path / "stock.yaml"
    scenario.write_text(HEAD + LOGISTICS)
    proc = run_cli(dsim_cli, "validate", str(scenario))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert f"{scenario}: logistics: 2 items, 2 depots (1 city, 1 banner), 4 vehicles" in out
    assert f"{scenario}: level-2 reserve: 2 of 3 targets met at the start" in out
    assert "city_reserve (city): sandbags 20,000 / 30,000 bag, short by 10,000; drainage_pump 20 / 20 pump, met" in out
    assert "kangbashi_store (banner): sandbags 5,000 / 4,000 bag, met" in out


def test_a_depot_at_an_unknown_place_stops_validate(dsim_cli, tmp_path):
    text = HEAD + LOGISTICS.replace("{place: old_town_centre}", "{place: old_town_centr}")
    scenario = tmp_path / "bad_stock.yaml"
    scenario.write_text(text)
    proc = run_cli(dsim_cli, "validate", str(scenario))
    assert proc.returncode == 2
    line, _ = position(text, "old_town_centr}")
    assert f"{scenario}:{line}:" in proc.stdout
    assert "logistics.depots[0].location.place: expected the name of a place of the region" in proc.stdout


def test_an_unknown_item_stops_a_run_with_exit_2_and_nothing_written(dsim_cli, tmp_path):
    text = HEAD + LOGISTICS.replace("per_hour: {sandbags: 300}", "per_hour: {sandbag: 300}")
    scenario = tmp_path / "bad_stock.yaml"
    scenario.write_text(text)
    out = tmp_path / "out.h5"
    proc = run_cli(dsim_cli, "run", str(scenario), "-o", str(out))
    assert proc.returncode == 2
    message = proc.stdout + proc.stderr
    line, column = position(text, "300}")
    assert f"{scenario}:{line}:{column}: logistics.demand.incidents.water_rescue.per_hour.sandbag" in message
    assert "did you mean 'sandbags'" in message
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad_stock.yaml"]


def test_a_zero_capacity_and_negative_stock_are_reported_at_their_lines(dsim_cli, tmp_path):
    text = HEAD + LOGISTICS.replace("capacity: 1.5 t", "capacity: 0 t").replace(
        "stock: {sandbags: 5000}", "stock: {sandbags: -5}"
    )
    scenario = tmp_path / "bad_stock.yaml"
    scenario.write_text(text)
    proc = run_cli(dsim_cli, "validate", str(scenario))
    assert proc.returncode == 2
    line, column = position(text, "0 t}")
    assert f"{scenario}:{line}:{column}: logistics.depots[1].vehicles[0].capacity: expected" in proc.stdout
    line, column = position(text, "-5}")
    assert f"{scenario}:{line}:{column}: logistics.depots[1].stock.sandbags: expected" in proc.stdout
