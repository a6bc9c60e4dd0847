"""Progress of the engine's long steps on stderr: one updating line per step (shown in notebooks too)."""

from __future__ import annotations

import sys
import time
from typing import Callable

STAGES = {
    "flood": "flood (simulated seconds)",
    "replications": "replications",
    "coverage": "coverage searches (candidate sites)",
    "curve": "coverage curve (new stations)",
    "gap": "optimality bound (CBC)",
    "check": "simulated check (replications, before and after)",
    "puff train": "puff train (output times)",
}


def progress_printer(stream=None) -> Callable[[str, int, int], None]:
    """A callback ``show(stage, done, total)`` for the engine: the stage's name, done/total, the
    time spent and an estimate of the time left, rewritten in place; a new line per stage."""
    state = {"stage": None, "start": 0.0}

    def show(stage: str, done: int, total: int) -> None:
        out = stream or sys.stderr
        now = time.monotonic()
        if stage != state["stage"]:
            if state["stage"] is not None:
                out.write("\n")
            state["stage"], state["start"] = stage, now
        elapsed = now - state["start"]
        line = f"\r{STAGES.get(stage, stage)}: {done}/{total}  {elapsed:.1f} s"
        if 0 < done < total:
            line += f"  ~{elapsed * (total - done) / done:.0f} s left"
        out.write(line + ("\n" if done >= total else ""))
        if done >= total:
            state["stage"] = None
        out.flush()

    return show
