"""Shared fixtures: where the `dsim` command and the shared data set are."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def dsim_cli() -> str:
    """Path of the `dsim` command installed next to this interpreter."""
    candidate = Path(sys.executable).parent / "dsim"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dsim")
    if not found:
        pytest.fail("the dsim command is not installed: run `make python` first")
    return found


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data set; skips when DSIM_SHARED_DATA is unset."""
    root = os.environ.get("DSIM_SHARED_DATA")
    if not root:
        pytest.skip("DSIM_SHARED_DATA is not set")
    path = Path(root)
    if not path.is_dir():
        pytest.fail(f"DSIM_SHARED_DATA={root} is not a directory")
    return path
