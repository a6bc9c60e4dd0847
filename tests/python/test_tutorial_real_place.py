"""docs/tutorial-real-place.md, followed word for word on the Andorra extract and SRTM tile.

The page's code blocks are the test's steps: its Python blocks run as they are, its YAML block
is the scenario, and each line of its console blocks is run as a command, all in one folder
beside the downloaded files (linked from $DSIM_SHARED_DATA, never copied into the project).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial-real-place.md"


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block, in order."""
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.M | re.S)]


@pytest.fixture(scope="module")
def walked(shared_data, dsim_cli, tmp_path_factory):
    """Follows the tutorial once; returns the folder and the output of each command."""
    folder = tmp_path_factory.mktemp("andorra")
    for name, rel in [("andorra.osm.pbf", "roads/osm/andorra.osm.pbf"),
                      ("N42E001.hgt.zip", "dem/andorra_srtm/N42E001.hgt.zip")]:
        source = shared_data / rel
        assert source.is_file(), f"{source} is missing from the shared data"
        (folder / name).symlink_to(source)
    blocks = code_blocks(TUTORIAL.read_text(encoding="utf-8"))
    languages = [lang for lang, _ in blocks]
    assert languages == ["python", "yaml", "console", "console", "console", "python"], languages
    outputs: dict[str, subprocess.CompletedProcess] = {}
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        for lang, body in blocks:
            if lang == "python":
                exec(compile(body, str(TUTORIAL), "exec"), {"__name__": "tutorial"})
            elif lang == "yaml":
                (folder / "andorra.yaml").write_text(body, encoding="utf-8")
            else:
                for line in body.strip().splitlines():
                    args = shlex.split(line)
                    assert args[0] == "dsim"
                    proc = subprocess.run([dsim_cli, *args[1:]], capture_output=True, text=True, timeout=900)
                    assert proc.returncode == 0, f"{line}\n{proc.stdout}\n{proc.stderr}"
                    outputs[line] = proc
    finally:
        os.chdir(cwd)
    return folder, outputs


def test_the_zones_layer_it_writes_gives_each_parish_its_people(walked):
    import disastersim as ds

    folder, outputs = walked
    r = ds.load(folder / "andorra.h5")
    zones = r.incidents.groupby("zone").size()
    # Calls come from the parishes (by population), and each call names its parish.
    assert set(zones.index) <= {"andorra_la_vella", "escaldes", "encamp", "sant_julia", "la_massana", "ordino",
                                "canillo"}
    assert zones.get("andorra_la_vella", 0) > zones.get("canillo", 0)
    assert set(r.incidents.zone_name) >= {"Andorra la Vella"}


def test_validate_says_what_it_assumed_and_that_the_dem_is_cropped(walked):
    _, outputs = walked
    out = outputs["dsim validate andorra.yaml"]
    text = out.stdout + out.stderr
    assert "OK" in text
    assert "cropped from" in text


def test_the_run_counts_calls_never_reached_and_the_storm(walked):
    import disastersim as ds

    folder, outputs = walked
    summary = outputs["dsim run andorra.yaml -o andorra.h5"].stdout
    assert "Calls never reached by any unit:" in summary
    r = ds.load(folder / "andorra.h5")
    assert len(r.incidents) > 0
    never = r.incidents.not_reached_reason != "reached"
    assert summary.count(f"Calls never reached by any unit: {int(never.sum())} of {len(r.incidents)}") == 1
    # The storm raised water rescues and closed roads on the valley floor, not most of the network
    # (with straight chords over a dry, uncropped tile, 1,477 of these 3,460 edges closed).
    assert (r.incidents.type == "water_rescue").any()
    assert 0 < r.tables["flood_closures"].edge.nunique() < 0.5 * r.region().network.edge_count


def test_the_placed_scenario_validates_with_two_more_stations(walked):
    folder, outputs = walked
    text = (folder / "andorra_placed.yaml").read_text(encoding="utf-8")
    assert text.count("placed_") >= 4  # two stations, two teams
    assert "nearest station" in outputs["dsim place andorra.yaml -n 2 --write-scenario andorra_placed.yaml"].stdout
    assert "OK" in outputs["dsim validate andorra_placed.yaml"].stdout


def test_the_tutorial_figures_are_written(walked):
    folder, _ = walked
    for name in ["andorra_flood.png", "andorra_calls.png", "andorra_plan.png", "andorra_curve.png"]:
        assert (folder / name).stat().st_size > 20_000, name


def test_the_run_report_of_the_real_place_opens_in_a_browser(walked, tmp_path):
    """The HTML report of a run on a real OSM network (road shapes, a DEM flood) in headless Chromium."""
    import disastersim as ds
    from browser import open_in_browser

    folder, _ = walked
    r = ds.load(folder / "andorra.h5")
    out = r.report(tmp_path / "andorra.html")
    assert out.stat().st_size < 40_000_000  # shapes thinned to what a screen shows
    with open_in_browser(out, tmp_path / "andorra.png") as page:
        assert page.severe == []
        assert page.count("#cover_map #roads path") >= 1
        assert page.count("#cover_map #stations .station") == len(r.units.station.unique())
        assert page.count("#incident_map #incidents .incident") >= 1
