"""Drills (docs/drills.md): design one at a plan's weak spots, play it over simulated
replications, and score an observed drill log against its targets and the simulated times.

>>> design = ds.drill_design("scenarios/ordos_default.yaml", "drill.yaml", replications=20)
>>> design.weak_spots                    # where the injects aim, and why
>>> play = ds.drill_play("drill.yaml")   # the expected timeline, once
>>> ev = ds.drill_evaluate("drill.yaml", "log.csv", play=play, report="aar.html")
>>> ev.capabilities[["capability", "rating", "reason"]]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

import pandas as pd

from disastersim import _core
from disastersim.progress import progress_printer
from disastersim.results import Results, results_from_core


def _write_text(path: str | os.PathLike, text: str) -> Path:
    """Writes through a temporary file in the same folder and a rename: never half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".tmp-", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


class DrillPlay:
    """A drill played over simulated replications: its expected timeline and the simulated tables.
    Score several logs against the same simulated times with ``drill_evaluate(..., play=play)``."""

    def __init__(self, core) -> None:
        self._core = core

    @property
    def drill_file(self) -> str:
        return self._core.drill_file

    @property
    def replications(self) -> int:
        return int(self._core.replications)

    @property
    def expected(self) -> pd.DataFrame:
        """One row per critical task: target, 10th percentile, median and 90th percentile of its
        simulated time (s), the replications in which it happened and the share meeting the target."""
        return results_from_core(self._core.expected()).table("drill_expected")

    @property
    def results(self) -> Results:
        """The simulated drill's tables, as ``ds.run`` returns them."""
        return results_from_core(self._core.results())

    def simulated_log(self, replication: int) -> pd.DataFrame:
        """The log an evaluator would have written of one simulated replication (index), with the
        columns of a drill log: time (an offset in seconds), task, actor, place, note."""
        rows = self._core.simulated_log(int(replication))
        return pd.DataFrame(rows, columns=["time", "task", "actor", "place", "note"])

    def script(self, path: str | os.PathLike) -> Path:
        """Writes the printable drill script (HTML) with every task's expected timeline."""
        return _write_text(path, self._core.script_html())


class DrillDesign:
    """What ``drill_design`` proposes: the drill file's text, the weak spots its injects aim at,
    and the drill played (``play``)."""

    def __init__(self, raw) -> None:
        self.drill_text: str = raw["drill_text"]
        self.weak_spots = pd.DataFrame(list(raw["weak_spots"]), columns=["kind", "where", "finding", "inject", "value"])
        self._script_html: str = raw["script_html"]
        self.play = DrillPlay(raw["played"])

    @property
    def expected(self) -> pd.DataFrame:
        return self.play.expected

    def write(self, path: str | os.PathLike) -> Path:
        return _write_text(path, self.drill_text)

    def script(self, path: str | os.PathLike) -> Path:
        return _write_text(path, self._script_html)

    def __repr__(self) -> str:
        spots = "\n".join(f"  {k}: {f}" for k, f in zip(self.weak_spots["kind"], self.weak_spots["finding"]))
        return f"DrillDesign with {len(self.weak_spots)} weak spots:\n{spots}"


class DrillEvaluation:
    """A scored drill log: ``scores`` (one row per task), ``capabilities`` (P/S/M/U ratings and why),
    ``unmatched`` (log rows no task matched), ``expected``; ``strengths`` and ``improvements``
    as sentences; ``report(path)`` writes the after-action report."""

    def __init__(self, core) -> None:
        self._core = core
        self.results: Results = results_from_core(core.results())
        self.strengths: list[str] = list(core.strengths)
        self.improvements: list[str] = list(core.improvements)

    @property
    def scores(self) -> pd.DataFrame:
        return self.results.table("drill_scores")

    @property
    def capabilities(self) -> pd.DataFrame:
        return self.results.table("drill_capabilities")

    @property
    def unmatched(self) -> pd.DataFrame:
        return self.results.table("drill_unmatched")

    @property
    def expected(self) -> pd.DataFrame:
        return self.results.table("drill_expected")

    def report(self, path: str | os.PathLike) -> Path:
        """Writes the after-action report (one self-contained HTML page)."""
        return _write_text(path, self._core.report_html())

    def to_csv(self, path: str | os.PathLike) -> Path:
        return _write_text(path, self._core.scores_csv())

    def __repr__(self) -> str:
        lines = [f"  {r} {c}: {why}" for r, c, why in
                 zip(self.capabilities["rating"], self.capabilities["name"], self.capabilities["reason"])]
        return "DrillEvaluation\n" + "\n".join(lines)


def drill_design(scenario: str | os.PathLike, output: str | os.PathLike | None = None, *,
                 script: str | os.PathLike | None = None, objectives: Iterable[str] | None = None,
                 replications: int = 40, seed: int | None = None, first_inject_min: float = 10.0,
                 duration_h: float | None = None, start: str | None = None, threads: int = 0,
                 progress: bool = True) -> DrillDesign:
    """Proposes a drill aimed at the plan's weak spots (as ``dsim drill design``): the place the
    plan reaches last, the bridge whose closure loses the most 5-minute cover, the person slowest
    to answer the warning call, the depot that runs out first. ``objectives``: any of response,
    roads, warning, logistics (default: all the scenario has). Writes the drill file to ``output``
    and the drill script to ``script`` when given."""
    drill_path = os.fspath(output) if output is not None else str(Path(os.fspath(scenario)).with_name("drill.yaml"))
    raw = _core.drill_design(os.fspath(scenario), drill_path, list(objectives or []), int(replications),
                             -1 if seed is None else int(seed), 60.0 * float(first_inject_min),
                             3600.0 * float(duration_h or 0.0), start or "", int(threads),
                             progress_printer() if progress else None)
    design = DrillDesign(raw)
    if output is not None:
        design.write(output)
        if script is None:
            script = Path(output).with_name(Path(output).stem + "-script.html")
    if script is not None:
        design.script(script)
    return design


def drill_play(drill: str | os.PathLike, *, replications: int | None = None, seed: int | None = None,
               threads: int = 0, progress: bool = True) -> DrillPlay:
    """Plays a drill file's scenario (the plan with the injects) over simulated replications."""
    return DrillPlay(_core.drill_play(os.fspath(drill), int(replications or 0), -1 if seed is None else int(seed),
                                      int(threads), progress_printer() if progress else None))


def drill_evaluate(drill: str | os.PathLike, log: str | os.PathLike | pd.DataFrame, *,
                   report: str | os.PathLike | None = None, csv: str | os.PathLike | None = None,
                   play: DrillPlay | None = None, replications: int | None = None, threads: int = 0,
                   progress: bool = True) -> DrillEvaluation:
    """Scores a drill log against the drill's critical tasks (as ``dsim drill evaluate``): met or
    missed against each target, the percentile of each observed time among the simulated ones,
    P/S/M/U ratings per capability. ``log`` is a CSV file or a DataFrame with its columns (time,
    task, actor, place, note; lon, lat). ``play`` reuses a played drill of the same file."""
    if play is None:
        play = drill_play(drill, replications=replications, threads=threads, progress=progress)
    elif Path(play.drill_file).resolve() != Path(os.fspath(drill)).resolve():
        raise ValueError(f"play is of {play.drill_file}, not of {os.fspath(drill)}")
    if isinstance(log, pd.DataFrame):
        # One reader for files and frames: the frame goes through a CSV file (line 2 is its first row).
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "log.csv"
            log.to_csv(path, index=False)
            try:
                core = _core.drill_evaluate(play._core, str(path))
            except _core.InputError as error:
                raise _core.InputError(str(error).replace(str(path), "<log DataFrame (line 2 is row 0)>")) from None
    else:
        core = _core.drill_evaluate(play._core, os.fspath(log))
    evaluation = DrillEvaluation(core)
    if report is not None:
        evaluation.report(report)
    if csv is not None:
        evaluation.to_csv(csv)
    return evaluation
