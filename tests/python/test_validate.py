"""`dsim validate`: every problem at once, exit status 0 or 2, a summary when valid."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
BAD = sorted((DATA / "bad").glob("*.yaml"))
GOOD = DATA / "good" / "small.yaml"


def run_cli(dsim_cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([dsim_cli, *args], capture_output=True, text=True, timeout=120)


def expectations(path: Path) -> tuple[list[str], int | None]:
    fragments, line = [], None
    for text in path.read_text().splitlines():
        if not text.startswith("#"):
            break
        if text.startswith("# expect: "):
            fragments.append(text[len("# expect: "):])
        elif text.startswith("# expect-line: "):
            line = int(text[len("# expect-line: "):])
    return fragments, line


def test_valid_scenario_gets_a_summary_and_status_0(dsim_cli):
    proc = run_cli(dsim_cli, "validate", str(GOOD))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{GOOD}: OK — \"small-drill\": 4 stations, 4 teams" in proc.stdout
    assert "86 people in 10 crews" in proc.stdout
    assert "horizon 7 d after a 1 d warm-up, 20 replications, seed 2026." in proc.stdout


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_bad_scenario_exits_2_with_its_message(dsim_cli, path):
    fragments, line = expectations(path)
    proc = run_cli(dsim_cli, "validate", str(path))
    assert proc.returncode == 2
    matching = [m for m in proc.stdout.splitlines() if all(f in m for f in fragments)]
    assert matching, proc.stdout
    if line is not None:
        assert re.match(rf"{re.escape(str(path))}:{line}:\d+: ", matching[0]), matching[0]
    assert proc.stdout.rstrip().splitlines()[-1].startswith(f"{path}: 1 error")


def test_several_files_are_checked_and_any_error_gives_status_2(dsim_cli):
    proc = run_cli(dsim_cli, "validate", str(GOOD), str(BAD[0]), str(BAD[1]))
    assert proc.returncode == 2
    assert "OK —" in proc.stdout
    assert proc.stdout.count(": 1 error") == 2


def test_json_report_lists_problems_with_positions(dsim_cli):
    path = DATA / "bad" / "misspelled_key.yaml"
    proc = run_cli(dsim_cli, "validate", "--format", "json", str(path), str(GOOD))
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    assert [r["valid"] for r in report] == [False, True]
    errors = [p for p in report[0]["problems"] if p["severity"] == "error"]
    assert len(errors) == 1
    assert errors[0]["key"] == "teams[1].capabilites"
    assert errors[0]["suggestion"] == "capabilities"
    assert errors[0]["line"] == expectations(path)[1]
    # The good file has no problem of its own; it models too few forces for the
    # Ordos measures, and no team for the banner/social and city steps of its
    # ladder: what a run would assume, warnings of their own kind.
    others = [p for p in report[1]["problems"] if "force minimum" not in p["note"]]
    assert [(p["severity"], p["key"], p["line"]) for p in others] == [
        ("warning", "plan.escalation[2]", 104), ("warning", "plan.escalation[3]", 105)]


def test_strict_fails_on_warnings(dsim_cli, tmp_path):
    text = GOOD.read_text().replace("needs: {fire: 20, comms: 2}", "needs: {fire: 20, aviation: 2}")
    scenario = tmp_path / "warn.yaml"
    scenario.write_text(text)
    relaxed = run_cli(dsim_cli, "validate", str(scenario))
    assert relaxed.returncode == 0
    assert ": warning: plan.responses.structure_fire.major.needs.aviation" in relaxed.stdout
    strict = run_cli(dsim_cli, "validate", "--strict", str(scenario))
    assert strict.returncode == 2


def test_force_minimums_not_met_are_warnings_and_the_status_stays_0(dsim_cli):
    path = DATA / "good" / "force_minimums.yaml"
    proc = run_cli(dsim_cli, "validate", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    warnings = [m for m in proc.stdout.splitlines() if ": warning: " in m]
    assert len(warnings) == 2, proc.stdout
    assert "force minimum township_team of Ordos measure 7 not met" in warnings[0]
    assert "expected people in township-level teams at station street_office >= 20, found 16" in warnings[0]
    assert "force minimum micro_fire_station of Ordos measure 7 not met" in warnings[1]
    assert f"{path}: OK" in proc.stdout
    assert f"{path}: 4 of 6 force minimums of the Ordos measures met" in proc.stdout
    report = json.loads(run_cli(dsim_cli, "validate", "--format", "json", str(path)).stdout)
    assert report[0]["valid"] is True
    assert [p["severity"] for p in report[0]["problems"]] == ["warning", "warning"]


def test_missing_file_is_bad_input(dsim_cli, tmp_path):
    proc = run_cli(dsim_cli, "validate", str(tmp_path / "none.yaml"))
    assert proc.returncode == 2
    assert "expected a readable scenario file" in proc.stdout


def test_validate_help_has_an_example(dsim_cli):
    proc = run_cli(dsim_cli, "validate", "--help")
    assert proc.returncode == 0
    assert "dsim validate scenarios/" in proc.stdout
    assert "did you mean" in proc.stdout


def test_validate_says_how_a_real_dem_was_cropped_and_its_rivers_burned(dsim_cli, shared_data, tmp_path):
    osm = shared_data / "roads" / "osm" / "andorra.osm.pbf"
    dem = shared_data / "dem" / "andorra_srtm" / "N42E001.hgt.zip"
    scenario = tmp_path / "andorra.yaml"
    scenario.write_text(
        f"""name: andorra
region: {{network: {osm}}}
stations:
  - {{id: alv, location: {{lon: 1.5218, lat: 42.5063}}}}
teams:
  - {{id: bombers, station: alv, level: fire_brigade, size: 20, capabilities: [water_rescue]}}
plan:
  responses:
    water_rescue:
      minor: {{needs: {{water_rescue: 4}}}}
flood:
  dem: {dem}
  cell_size: 200 m
  waterways: {{source: osm}}
"""
    )
    proc = run_cli(dsim_cli, "validate", str(scenario))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    crop = re.search(r"flood: DEM cropped from 411 x 555 cells to (\d+) x (\d+) cells of 200 m", proc.stdout)
    assert crop, proc.stdout
    assert int(crop[1]) * int(crop[2]) < 411 * 555 // 3
    assert "the roads' extent plus a 1000 m margin" in proc.stdout
    assert re.search(r"flood: \d+ waterways \(river, stream, canal\) burned into \d+ cells", proc.stdout), proc.stdout
