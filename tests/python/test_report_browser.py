"""The HTML run report (`dsim report`, `Results.report()`), opened in a real
headless Chromium: no console errors, the maps and charts are there and drawn,
and a screenshot is written. Bad input exits 2 and writes nothing."""

from __future__ import annotations

import re
import subprocess

import pytest

import disastersim as ds
from browser import open_in_browser

FLOOD = ds.scenario_path("flood_warning")


def run_cli(dsim_cli, *args, cwd=None):
    return subprocess.run([dsim_cli, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def flood_run(tmp_path_factory, dsim_cli):
    """One small flood-and-warning run written by `dsim run` (1 replication)."""
    folder = tmp_path_factory.mktemp("report")
    results = folder / "flood.h5"
    proc = run_cli(dsim_cli, "run", FLOOD, "-r", "1", "-j", "2", "-o", results)
    assert proc.returncode == 0, proc.stderr
    return results


def check_page(page, kpi_rows: int) -> None:
    """What every run report must show in the browser."""
    assert page.severe == [], page.severe
    assert page.screenshot.stat().st_size > 0
    # Maps: roads drawn (paths with a real extent), legends with entries, a scale bar, incidents.
    for map_id in ("cover_map", "incident_map", "flood_depth_map"):
        assert page.count(f"#{map_id} #roads path") >= 1, map_id
        assert page.count(f"#{map_id} #legend .legend-entry") >= 2, map_id
        assert page.count(f"#{map_id} #scale_bar") == 1, map_id
        box = page.box(f"#{map_id}")
        assert box["width"] > 300 and box["height"] > 200, (map_id, box)
    roads = page.box("#cover_map #roads path")
    assert roads["width"] > 50 and roads["height"] > 50
    assert page.count("#cover_map #cover path") >= 1  # the 5-minute cover drawn
    assert page.count("#incident_map #incidents .incident") >= 1
    # The raster overlay decoded as an image with a size.
    assert page.script("const i = document.querySelector('#flood_depth image');"
                       "return i && i.getBBox().width > 0 && i.href.baseVal.startsWith('data:image/png;base64,');")
    # Charts: the histogram has bars; the indicators table one row per indicator.
    assert page.count("#response_histogram .bar") >= 1
    assert page.count("#kpis tbody tr") == kpi_rows
    # Honest counts: markers on the map equal the table's total.
    shown = page.script("const rows = [...document.querySelectorAll('#incident_bins tr')];"
                        "const r = rows.find(x => x.cells[0].textContent === 'all shown');"
                        "return r ? parseInt(r.cells[1].textContent) : -1;")
    assert shown == page.count("#incident_map #incidents .incident")
    # Nothing is fetched: every resource is inline.
    assert page.script("return performance.getEntriesByType('resource').filter("
                       "e => !e.name.startsWith('data:')).length") == 0


def test_dsim_report_opens_in_a_browser(dsim_cli, flood_run, tmp_path):
    out = tmp_path / "flood.html"
    proc = run_cli(dsim_cli, "report", flood_run, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert f"Report: {out}" in proc.stdout
    r = ds.load(flood_run)
    with open_in_browser(out, tmp_path / "cli.png") as page:
        check_page(page, len(r.kpis))
        assert page.count("section#warning table tbody tr") >= 5
        assert re.search(r"1 finished of 1 asked for", page.driver.page_source)
        # It prints on A4: several pages of 210 x 297 mm (595 x 842 points).
        import base64

        from selenium.webdriver.common.print_page_options import PrintOptions

        options = PrintOptions()
        options.page_width, options.page_height = 21.0, 29.7
        pdf = base64.b64decode(page.driver.print_page(options))
        assert pdf.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 3
        assert re.search(rb"/MediaBox\s*\[\s*0 0 595\.?\d* 841\.?\d*|/MediaBox\s*\[\s*0 0 595\.?\d* 842", pdf)
        (tmp_path / "cli.pdf").write_bytes(pdf)


def test_results_report_opens_in_a_browser(flood_run, tmp_path):
    r = ds.load(flood_run)
    out = r.report(tmp_path / "loaded.html")
    assert out == tmp_path / "loaded.html"
    with open_in_browser(out, tmp_path / "loaded.png") as page:
        check_page(page, len(r.kpis))


def test_report_of_results_in_memory(tmp_path):
    r = ds.run(FLOOD, replications=1, threads=2)
    assert r.path is None
    out = r.report(tmp_path / "memory.html")
    with open_in_browser(out, tmp_path / "memory.png") as page:
        check_page(page, len(r.kpis))
        # The grid's shape came through the table attributes: the arrival map is there too.
        assert page.count("#flood_arrival image") == 1


def test_a_file_that_is_not_results_exits_2_and_writes_nothing(dsim_cli, tmp_path):
    out = tmp_path / "bad.html"
    proc = run_cli(dsim_cli, "report", FLOOD, "-o", out)
    assert proc.returncode == 2
    assert "expected a dsim results file" in proc.stderr and str(FLOOD) in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_report_help_has_an_example(dsim_cli):
    proc = run_cli(dsim_cli, "report", "--help")
    assert proc.returncode == 0 and "Examples:" in proc.stdout and "dsim report" in proc.stdout


def test_a_run_whose_region_moved_still_gets_a_page(dsim_cli, tmp_path):
    """The scenario's network file is gone: the page comes, without roads, saying why."""
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
    proc = run_cli(dsim_cli, "run", "tiny.yaml", "-o", "out.h5", cwd=work)
    assert proc.returncode == 0, proc.stderr
    for f in (work / "net").iterdir():
        f.unlink()
    out = tmp_path / "moved.html"
    proc = run_cli(dsim_cli, "report", work / "out.h5", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "without roads" in proc.stderr
    with open_in_browser(out, tmp_path / "moved.png") as page:
        assert page.severe == []
        assert page.count("#roads") == 0
        assert page.count(".box.warning") >= 1
        assert "could not be loaded" in page.find(".box.warning")[0].text
        assert page.count("#incident_map #incidents .incident") == 1
        assert page.count("#cover_map #stations .station") == 1  # from the units table


@pytest.mark.parametrize("scenario, hazard_maps, raster_ids", [
    ("grassland_fire", ("fire_map", "fire_burned_map"), ("fire_forecast", "fire_burned")),
    ("chemical_park_release", ("chemical_map",), ("chemical_threat",)),
])
def test_hazard_maps_open_in_a_browser(dsim_cli, tmp_path, scenario, hazard_maps, raster_ids):
    results = tmp_path / f"{scenario}.h5"
    proc = run_cli(dsim_cli, "run", ds.scenario_path(scenario), "-r", "1", "-j", "2", "-o", results)
    assert proc.returncode == 0, proc.stderr
    out = ds.load(results).report(tmp_path / f"{scenario}.html")
    with open_in_browser(out, tmp_path / f"{scenario}.png") as page:
        assert page.severe == []
        for map_id in hazard_maps:
            assert page.count(f"#{map_id} #roads path") >= 1, map_id
            assert page.count(f"#{map_id} #legend .legend-entry") >= 3, map_id
            assert page.count(f"#{map_id} #scale_bar") == 1, map_id
        for raster in raster_ids:
            assert page.script(f"const i = document.querySelector('#{raster} image');"
                               "return i !== null && i.getBBox().width > 10 && i.getBBox().height > 10;"), raster
        if scenario == "chemical_park_release":
            labels = [e.text for e in page.find("#chemical_map #legend .legend-entry")]
            assert any(t.startswith("AEGL-2: >") and "mg/m³" in t for t in labels), labels
            assert page.count("#chemical_releases .release") >= 1


def test_a_missing_browser_skips_here_and_fails_under_ci(monkeypatch):
    import browser

    monkeypatch.setattr(browser, "CHROMIUM_CANDIDATES", ("/nonexistent/chromium",))
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="needs chromium"):
        browser.browser_paths()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="needs chromium"):
        browser.browser_paths()
