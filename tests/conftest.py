"""Shared test setup: paths, fixtures and helpers of the tests. The setup for running notebooks
(kernels, quoted outputs, the timing table) is in notebook_checks.py, loaded for every run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("notebooks", "cases", "solutions")


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


def controls_of(widget, kind: str) -> dict:
    """Every control of type ``kind`` (an ipywidgets class name) inside ``widget``, by description."""
    found = {}

    def walk(w):
        if type(w).__name__ == kind:
            found[w.description] = w
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return found
