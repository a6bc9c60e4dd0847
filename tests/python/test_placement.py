"""`ds.place` and `dsim place`: station placement on a small synthetic region."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import disastersim as ds  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad_placement"

# One fire station in Dongsheng (old_town); fires only in Kangbashi (new_town), about 20 km away.
SCENARIO = {
    "name": "far-station",
    "region": {"synthetic": {"seed": 7, "nodes": 10000}},
    "stations": [{"id": "ds_fire", "location": {"lon": 109.9826, "lat": 39.7964}}],
    "teams": [{"id": "ds_team", "station": "ds_fire", "level": "community", "size": 6, "crews": 2,
               "capabilities": ["fire"], "turnout": 60}],
    "incidents": [{"name": "kbs_fires", "type": "structure_fire", "rate": "12 per day", "zones": ["new_town"]}],
    "plan": {"call_delay": 0, "dispatch_delay": 0,
             "responses": {"structure_fire": {"minor": {"needs": {"fire": 3}, "on_scene": "20 min"}}}},
    "horizon": "2 d",
    "replications": 2,
    "seed": 11,
}
QUICK = {"candidate_stride": 8}


def run_cli(dsim_cli: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([dsim_cli, *map(str, args)], capture_output=True, text=True, timeout=300, cwd=cwd)


@pytest.fixture(scope="module")
def plan() -> ds.Placement:
    return ds.place(SCENARIO, model="mclp", new_stations=2, curve=3, threads=2, **QUICK)


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "far.yaml"
    path.write_text(json.dumps(SCENARIO))  # JSON is YAML
    return path


def test_place_returns_sites_and_demand_whose_covered_flags_give_the_shares(plan):
    assert len(plan.new_sites) == 2
    assert plan.new_sites.station.tolist() == ["placed_1", "placed_2"]
    existing = plan.sites[plan.sites.existing]
    assert existing.station.tolist() == ["ds_fire"] and existing.open.all()
    d = plan.demand
    assert set(d.zone_type) <= {"built_up", "industrial_park"}
    assert plan.covered_share_after > plan.covered_share_before
    total = d.weight.sum()
    assert d.weight[d.covered].sum() / total == pytest.approx(plan.covered_share_after)
    assert d.weight[d.covered_before].sum() / total == pytest.approx(plan.covered_share_before)
    assert (d.covered | ~d.covered_before).all()  # nothing covered before is lost
    assert "placed_1" in plan.yaml and "location: {node: " in plan.yaml


def test_the_coverage_curve_rises_with_the_stations_and_matches_the_plan(plan):
    c = plan.curve
    assert c.new_stations.tolist() == [1, 2, 3]
    assert np.all(np.diff(c.covered_share) >= -1e-12)
    assert c.covered_share.iloc[1] == pytest.approx(plan.covered_share_after)
    assert c.covered_share.iloc[0] > plan.covered_share_before


def test_the_map_and_the_curve_plot(plan):
    ax = plan.plot_map()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "new station" in labels and "existing station" in labels and "demand covered" in labels
    assert len(ax.collections) >= 5  # roads, covered and uncovered demand, existing and new stations
    plt.close(ax.figure)
    ax = plan.plot_curve()
    assert len(ax.lines[0].get_xdata()) == 4  # 0..3 new stations
    plt.close(ax.figure)


def test_simulation_check_reports_before_and_after_on_the_same_incidents():
    p = ds.place(SCENARIO, new_stations=1, candidate_zones=["new_town"], simulate=True, threads=2, **QUICK)
    sim = p.simulated
    assert list(sim.index) == ["before", "after"]
    assert (sim.replications == 2).all()
    assert sim.loc["after", "mean"] > sim.loc["before", "mean"] + 0.3


def test_demand_from_a_dataframe_and_existing_stations_that_may_close():
    demand = pd.DataFrame({"lon": [109.87, 109.98], "lat": [39.61, 39.80], "weight": [1.0, 3.0]})
    p = ds.place(SCENARIO, new_stations=1, demand=demand, existing="may-close", candidate_zones=["old_town"],
                 **QUICK)
    assert len(p.demand) == 2
    assert p.covered_share_after >= 0.75  # the heavier point, in old_town, is covered


def test_bad_options_raise_input_error():
    with pytest.raises(ds.InputError, match="model"):
        ds.place(SCENARIO, model="pmedian")
    with pytest.raises(ds.InputError, match="nowhere"):
        ds.place(SCENARIO, candidate_zones=["nowhere"])


def test_a_written_plan_merged_into_the_scenario_validates_and_runs(dsim_cli, scenario_file, tmp_path):
    out = tmp_path / "plan.yaml"
    proc = run_cli(dsim_cli, "place", scenario_file, "--model", "mclp", "--new-stations", "2", "--minutes", "5",
                   "--candidate-stride", "8", "-j", "2", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "covered demand" in proc.stdout and "placed_1" in proc.stdout
    plan_text = out.read_text()
    python_plan = ds.place(scenario_file, new_stations=2, candidate_stride=8, threads=2)
    assert python_plan.write(tmp_path / "python_plan.yaml").read_text() == plan_text  # the same plan both ways
    stations_part, teams_part = plan_text.split("\nteams:\n")
    stations_part = stations_part.split("stations:\n", 1)[1]
    # Paste the entries under the scenario's own lists, as a user would.
    base = dict(SCENARIO)
    merged = "\n".join([
        "name: merged",
        "region: " + json.dumps(base["region"]),
        "stations:",
        "  - " + json.dumps(base["stations"][0]),
        stations_part,
        "teams:",
        "  - " + json.dumps(base["teams"][0]),
        teams_part,
        "incidents: " + json.dumps(base["incidents"]),
        "plan: " + json.dumps(base["plan"]),
        "horizon: 1 d",
        "replications: 1",
    ])
    merged_path = tmp_path / "merged.yaml"
    merged_path.write_text(merged)
    proc = run_cli(dsim_cli, "validate", merged_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    r = ds.run(merged_path, threads=2)
    assert set(r.units.station) == {"ds_fire", "placed_1", "placed_2"}


def test_write_scenario_gives_a_scenario_that_runs_with_the_new_stations(dsim_cli, scenario_file, tmp_path):
    # Written in another folder than the scenario's, the CLI way and the Python way.
    (tmp_path / "out").mkdir()
    written = tmp_path / "out" / "with_plan.yaml"
    proc = run_cli(dsim_cli, "place", scenario_file, "-n", "2", "--candidate-stride", "8", "-j", "2",
                   "--write-scenario", written)
    assert proc.returncode == 0, proc.stderr
    assert "nearest station ds_fire at" in proc.stdout
    proc = run_cli(dsim_cli, "validate", written)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    python_plan = ds.place(scenario_file, new_stations=2, candidate_stride=8, threads=2)
    text = python_plan.to_scenario(tmp_path / "out" / "python.yaml")
    def body(t: str) -> list[str]:
        return [line for line in t.splitlines() if not line.startswith("#")]

    assert body(text) == body(written.read_text())  # the same scenario both ways
    assert body(python_plan.to_scenario()) == body(text)  # same folder: paths as written
    r = ds.run(written, threads=2, replications=1)
    assert set(r.units.station) == {"ds_fire", "placed_1", "placed_2"}


def test_place_shows_progress_on_stderr(capfd):
    ds.place(SCENARIO, new_stations=1, curve=2, threads=2, **QUICK)
    err = capfd.readouterr().err
    assert "coverage searches (candidate sites)" in err
    assert "coverage curve (new stations): 2/2" in err
    ds.place(SCENARIO, new_stations=1, threads=2, progress=False, **QUICK)
    assert "coverage searches" not in capfd.readouterr().err


def test_the_curve_option_prints_coverage_per_number_of_stations(dsim_cli, scenario_file):
    proc = run_cli(dsim_cli, "place", scenario_file, "--curve", "1..3", "--candidate-stride", "8", "-j", "2")
    assert proc.returncode == 0, proc.stderr
    assert "Coverage against new stations" in proc.stdout
    rows = [line.split() for line in proc.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert [r[0] for r in rows[-4:]] == ["0", "1", "2", "3"]


def test_place_help_has_examples(dsim_cli):
    proc = run_cli(dsim_cli, "place", "--help")
    assert proc.returncode == 0
    assert "Examples:" in proc.stdout and "dsim place" in proc.stdout and "--curve" in proc.stdout


BAD_FILES = sorted(BAD.glob("*.csv"))


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.name for p in BAD_FILES])
def test_each_bad_placement_file_exits_2_naming_the_file_and_writes_nothing(dsim_cli, scenario_file, tmp_path, path):
    option = "--candidates" if path.name.startswith("candidates") else "--demand"
    out = tmp_path / "plan.yaml"
    proc = run_cli(dsim_cli, "place", scenario_file, option, path, "--candidate-stride", "8", "-j", "2", "-o", out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert path.name in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob("plan.yaml*"))


@pytest.mark.parametrize("args", [
    ["--model", "pmedian"],
    ["--new-stations", "0"],
    ["--curve", "2..5"],
    ["--existing", "sometimes"],
    ["--new-stations", "100000"],
    ["--candidate-zones", "nowhere"],
    ["--limit", "built_up"],
    ["--team", "nobody"],
])
def test_bad_options_exit_2_and_write_nothing(dsim_cli, scenario_file, tmp_path, args):
    out = tmp_path / "plan.yaml"
    proc = run_cli(dsim_cli, "place", scenario_file, *args, "--candidate-stride", "8", "-j", "2", "-o", out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert not out.exists()


def test_set_cover_with_allow_uncoverable_covers_all_it_can():
    p = ds.place(SCENARIO, model="lscp", minutes=4, candidate_stride=6, allow_uncoverable=True, threads=2)
    d = p.demand
    assert p.summary["uncoverable_demand"] > 0
    assert (~d.covered).sum() == p.summary["uncoverable_demand"]  # everything else is covered
    with pytest.raises(ds.InputError, match="no candidate site can reach in time"):
        ds.place(SCENARIO, model="lscp", minutes=4, candidate_stride=6, threads=2)


def test_an_infeasible_set_cover_names_the_demand_it_cannot_reach(dsim_cli, scenario_file, tmp_path):
    proc = run_cli(dsim_cli, "place", scenario_file, "--model", "lscp", "--minutes", "0.5",
                   "--candidate-zones", "old_town", "--candidate-stride", "8", "-j", "2")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "no candidate site can reach in time" in proc.stderr and "reaches it in" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_the_heuristic_answer_comes_with_its_gap_and_the_exact_answer_is_never_worse(plan):
    s = plan.summary
    assert s["bound"] >= s["objective"] - 1e-9
    assert 0.0 <= s["relative_gap"] <= 1.0
    assert s["bound_source"] in {"optimal", "branch_and_cut", "linear_relaxation"}
    exact = ds.place(SCENARIO, model="mclp", new_stations=2, exact=True, time_limit_s=60, threads=2, **QUICK)
    assert exact.summary["exact"] and exact.summary["optimal"]
    assert exact.summary["objective"] >= s["objective"] - 1e-9
    assert exact.summary["objective"] == pytest.approx(exact.summary["bound"])
    assert len(exact.new_sites) == 2
    no_gap = ds.place(SCENARIO, model="mclp", new_stations=2, gap=False, threads=2, **QUICK)
    assert "bound" not in no_gap.summary


def test_the_cli_prints_the_optimality_of_its_answer(dsim_cli, scenario_file):
    proc = run_cli(dsim_cli, "place", scenario_file, "-n", "2", "--candidate-stride", "8", "--exact")
    assert proc.returncode == 0, proc.stderr
    assert "optimality" in proc.stdout and "optimal" in proc.stdout
