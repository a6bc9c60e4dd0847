"""Paired comparisons of plans (`dsim compare`, `ds.compare`): common random numbers make a plan
identical to the base differ by exactly zero, and a real difference known more tightly than an
unpaired comparison would know it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import disastersim as ds

from test_batch import run, short_base


def write_variants(folder: Path, body: str) -> Path:
    path = folder / "plans.yaml"
    path.write_text("base: base.yaml\nvariants:\n" + body)
    return path


PLANS = """  - name: same
    description: the base written again
    set:
      plan.mutual_aid: true
  - name: no_kbs_south
    description: Kangbashi south fire station closed, with its brigade
    set:
      stations.fire_kbs_south: null
"""


@pytest.fixture(scope="module")
def compared(tmp_path_factory, dsim_cli):
    folder = tmp_path_factory.mktemp("compare")
    base = short_base(folder, days=30)
    plans = write_variants(folder, PLANS)
    out_file = folder / "compare.h5"
    out = run(dsim_cli, "compare", base, "--variants", plans, "-r", 12, "-o", out_file, "-j", 2)
    return folder, base, plans, out_file, out.stdout


def test_a_variant_identical_to_the_base_differs_by_exactly_zero(compared):
    *_, out_file, _ = compared
    table = ds.load(out_file).comparison
    same = table[table.plan == "same"]
    defined = same[same.pairs > 0]
    assert len(defined) > 10
    assert (defined.difference == 0.0).all()
    assert (defined.lower == 0.0).all() and (defined.upper == 0.0).all()
    assert (defined.p_value == 1.0).all()


def test_closing_a_station_is_known_more_tightly_paired_than_unpaired(compared):
    *_, out_file, stdout = compared
    res = ds.load(out_file)
    table = res.comparison.set_index(["indicator", "plan"])
    row = table.loc[("mean_first_arrival_s", "no_kbs_south")]
    assert row.difference > 0  # one fire station fewer: slower first arrivals
    paired = row.upper - row.lower
    unpaired = row.unpaired_upper - row.unpaired_lower
    assert paired < unpaired  # common random numbers: the same incidents in both plans
    # The paired interval is the Student-t interval of the per-replication differences (scipy),
    # at the Bonferroni level for two variants.
    runs = res.runs.pivot(index="replication", columns="plan", values="mean_first_arrival_s")
    d = runs["no_kbs_south"] - runs["base"]
    level = 1 - 0.05 / 2
    assert row.interval_level == pytest.approx(level)
    half = stats.t.ppf(0.5 + level / 2, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    assert row.difference == pytest.approx(d.mean(), rel=1e-12)
    assert row.half_width == pytest.approx(half, rel=1e-9)
    assert row.p_value == pytest.approx(stats.ttest_rel(runs["no_kbs_south"], runs["base"]).pvalue, rel=1e-6)
    # Both intervals are shown.
    assert "paired interval" in stdout and "unpaired interval" in stdout
    assert "Bonferroni" in stdout and res.metadata["correction"] == "holm-bonferroni"


def test_best_plan_and_its_confidence(compared):
    *_, out_file, stdout = compared
    best = ds.load(out_file).best.iloc[0]
    assert best.indicator == "fire_circle_within_5min_share" and best.direction == "larger"
    table = ds.load(out_file).comparison
    circle = table[table.indicator == best.indicator].set_index("plan")["mean"]
    assert best.plan == circle.idxmax() and best["mean"] == circle.max()
    assert 0.0 <= best.confidence <= 1.0
    assert "Best plan on fire_circle_within_5min_share" in stdout


def test_python_compare_with_a_precision_target(compared):
    folder, base, plans, *_ = compared
    res = ds.compare(base, plans, replications=4, precision={"mean_first_arrival_s": 3.0},
                     max_replications=40, best="mean_first_arrival_s", progress=False)
    table = res.comparison.set_index(["indicator", "plan"])
    hw = table.loc[("mean_first_arrival_s", "no_kbs_south"), "half_width"]
    n = int(res.metadata["replications"])
    assert n > 4  # more replications were added ...
    assert res.metadata["precision_reached"] == 1 and hw <= 3.0  # ... until the half width was reached
    assert res.best.iloc[0].direction == "smaller"
    assert len(res.runs) == 3 * n


def test_bad_variants_file_points_to_its_line(tmp_path, dsim_cli):
    base = short_base(tmp_path)
    plans = write_variants(tmp_path, "  - name: typo\n    set:\n      stations.fire_kbs_sooth: null\n")
    out_file = tmp_path / "out.h5"
    out = run(dsim_cli, "compare", base, "--variants", plans, "-r", 2, "-o", out_file, check=False)
    assert out.returncode == 2
    assert "plans.yaml:5:7" in out.stderr and "fire_kbs_south" in out.stderr  # did you mean
    assert not out_file.exists()


def test_a_scenario_with_its_own_variants(tmp_path, dsim_cli):
    base = short_base(tmp_path, days=10)
    base.write_text(base.read_text() + "variants:\n  - name: slow_brigades\n    set:\n      teams.brigade_*.turnout: 4 min\n")
    out_file = tmp_path / "own.h5"
    out = run(dsim_cli, "compare", base, "-r", 3, "-o", out_file, "--best", "mean_first_arrival_s")
    assert "the base and 1 variant)" in out.stdout
    res = ds.load(out_file)
    assert res.design.plan.tolist() == ["base", "slow_brigades"]
    row = res.comparison.set_index(["indicator", "plan"]).loc[("mean_first_arrival_s", "slow_brigades")]
    assert row.difference > 0
    assert res.best.iloc[0].plan == "base" and res.best.iloc[0].direction == "smaller"
