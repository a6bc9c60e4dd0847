"""Every notebook in analysis/ runs top to bottom without an error."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ANALYSIS = Path(__file__).resolve().parents[2] / "analysis"
NOTEBOOKS = sorted(ANALYSIS.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path, monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    # The quickstart shows the KPI table and draws the map.
    if path.name == "01_quickstart.ipynb":
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert any("priority_within_5min_share" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)
        assert any("image/png" in o.get("data", {}) for o in outputs)
    # The one-event notebook draws the timeline and compares shared teams against teams of their own.
    if path.name == "03_one_event.ipynb":
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert any("image/png" in o.get("data", {}) for o in outputs)
        assert any("not shared" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)
        assert any("calls reached later with shared teams" in str(o.get("text", "")) for o in outputs)
    # The chemical-release notebook draws the zones and the curves and compares the policies paired.
    if path.name == "04_chemical_release.ipynb":
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert sum("image/png" in o.get("data", {}) for o in outputs) >= 5
        assert any("mean people above the level over the 8 replications" in str(o.get("text", "")) for o in outputs)
        assert any("evacuate" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    # The grassland-fire notebook draws the spread and compares the banner team's call times paired.
    if path.name == "05_grassland_fire.ipynb":
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2
        assert any("means over the 8 replications of each plan" in str(o.get("text", "")) for o in outputs)
        assert any("paired_mean" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    # The stockpiles notebook draws the stock and the deliveries and compares the township points paired.
    if path.name == "06_stockpiles.ipynb":
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2
        assert any("means over the 6 replications of each arm" in str(o.get("text", "")) for o in outputs)
        assert any("paired_mean" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)
        assert any("fill_rate" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)

    # The comparison notebook draws the forest plots and the heat maps and shows paired narrower than unpaired.
    if path.name == "07_compare_plans.ipynb":
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2
        assert any("unpaired intervals are" in str(o.get("text", "")) for o in outputs)
        assert any("means over the 10 replications of each design point" in str(o.get("text", "")) for o in outputs)
        assert any("confidence" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)


def test_there_is_a_quickstart():
    assert (ANALYSIS / "01_quickstart.ipynb").exists()
