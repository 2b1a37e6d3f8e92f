"""Shared test setup: paths, and a per-notebook timing table at the end of every run."""

from __future__ import annotations

import collections
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

import nbval.kernel
import pytest
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("notebooks", "cases", "solutions")

_notebook_seconds: dict[str, float] = collections.defaultdict(float)

# nbval's kernels talk over Unix sockets named after their own connection file. Over TCP each
# kernel gets ports that were free a moment before it binds them; with two workers, nbgrader's
# kernels and a browser test opening connections at the same time, one of those ports can be
# taken in between, and the kernel then never answers (nbval: "Kernel didn't respond"). This
# holds for every notebook of a run that collects this folder too, as `make test` does.
_SOCKETS = tempfile.mkdtemp(prefix="nbval-")  # short: a socket path must stay under 108 bytes


class _UnixSocketKernelManager(KernelManager):
    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("connection_file", os.path.join(_SOCKETS, f"k{uuid.uuid4().hex[:12]}.json"))
        super().__init__(**kwargs)


nbval.kernel.KernelManager = _UnixSocketKernelManager


def pytest_unconfigure(config):
    shutil.rmtree(_SOCKETS, ignore_errors=True)


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
