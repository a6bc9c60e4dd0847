"""The fire section from the command line: a bad value stops `dsim validate` and `dsim run` with its
file:line:column, the key and exit status 2, and a run writes nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

HEAD = """name: grass-fire-check
stations:
  - {id: sumu, location: {place: new_town_centre}}
teams:
  - {id: township, station: sumu, level: township, size: 12, capabilities: [fire, wildland]}
plan:
  responses:
    grassland_fire:
      minor: {needs: {wildland: 6}}
    structure_defence:
      minor: {needs: {fire: 4}}
horizon: 1 d
replications: 2
"""

FIRE = """fire:
  ignitions: [{at: {place: new_town_centre}, time: "14:00:00"}]
  landscape: {cell_size: 30 m, zone_fuel: {grassland: natural_grass}}
  weather:
    - ["14:00:00", 8 m/s, 315, 25 C, 20 %, 90 %]
    - ["16:00:00", 11 m/s, 270, 27 C, 15 %, 95 %]
"""


def run_cli(dsim_cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([dsim_cli, *args], capture_output=True, text=True, timeout=120)


def position(text: str, needle: str) -> tuple[int, int]:
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines) if needle in t)
    return line + 1, lines[line].index(needle) + 1


def test_a_valid_fire_section_validates(dsim_cli, tmp_path):
    scenario = tmp_path / "fire.yaml"
    scenario.write_text(HEAD + FIRE)
    proc = run_cli(dsim_cli, "validate", str(scenario))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ": fire" not in proc.stdout  # no problem under the fire section


def test_curing_over_100_is_reported_at_its_line_and_stops_validate(dsim_cli, tmp_path):
    text = HEAD + FIRE.replace("15 %, 95 %]", "15 %, 120 %]")
    scenario = tmp_path / "bad_fire.yaml"
    scenario.write_text(text)
    proc = run_cli(dsim_cli, "validate", str(scenario))
    assert proc.returncode == 2
    line, column = position(text, "120 %")
    assert f"{scenario}:{line}:{column}: fire.weather[1][5]: expected a degree of grass curing from 0 to 100 %" in proc.stdout


def test_an_unknown_fuel_stops_a_run_with_exit_2_and_nothing_written(dsim_cli, tmp_path):
    text = HEAD + FIRE.replace("grassland: natural_grass", "grassland: natural_gras")
    scenario = tmp_path / "bad_fire.yaml"
    scenario.write_text(text)
    out = tmp_path / "out.h5"
    proc = run_cli(dsim_cli, "run", str(scenario), "-o", str(out))
    assert proc.returncode == 2
    message = proc.stdout + proc.stderr
    line, column = position(text, "natural_gras}")
    assert f"{scenario}:{line}:{column}: fire.landscape.zone_fuel.grassland" in message
    assert "did you mean 'natural_grass'" in message
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad_fire.yaml"]


def test_weather_out_of_order_stops_validate(dsim_cli, tmp_path):
    text = HEAD + FIRE.replace('["16:00:00"', '["13:00:00"')
    scenario = tmp_path / "bad_fire.yaml"
    scenario.write_text(text)
    proc = run_cli(dsim_cli, "validate", str(scenario))
    assert proc.returncode == 2
    line, column = position(text, '"13:00:00"')
    assert f"{scenario}:{line}:{column}: fire.weather[1][0]" in proc.stdout
    assert "wind series out of order" in proc.stdout
