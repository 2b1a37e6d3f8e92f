"""Shared test setup: paths, and a per-notebook timing table at the end of every run."""

from __future__ import annotations

import collections
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("notebooks", "cases", "solutions")

_notebook_seconds: dict[str, float] = collections.defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook run times (kernel start + every cell)")
    for path, seconds in sorted(_notebook_seconds.items()):
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}")
    total = sum(_notebook_seconds.values())
    terminalreporter.write_line(f"{total:7.1f} s  all {len(_notebook_seconds)} notebooks (summed over workers)")


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures a test draws are closed after it, so that none pile up in a worker."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def all_notebooks() -> list[Path]:
    """Every notebook of the kit, trainee releases included."""
    found = []
    for folder in (*NOTEBOOK_DIRS, "exercises"):
        found += sorted(p for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return found
