"""How pytest runs the kit's notebooks (nbval), for every run: `make test`, or one notebook alone.

Loaded by the root conftest.py (``pytest_plugins``), so that it also applies when pytest is given
only notebooks. It does four things:

- nbval's kernels talk over Unix sockets;
- a graded exercise runs as trainee ``TRAINEE_ID`` (``servicekit.trainee``), as a hub would set it,
  and practice (lesson 11) keeps its record in a temporary file, not the home folder;
- a cell tagged ``nbval-check-output`` is checked against what it printed when it was recorded
  (``tests/quoted_outputs``, written by ``record_outputs.py``);
- the run ends with a table of each notebook's run time.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import nbformat
import nbval.kernel
from jupyter_client.manager import KernelManager
from nbval.plugin import IPyNbCell

ROOT = Path(__file__).resolve().parents[1]
QUOTED_TAG = "nbval-check-output"  # a cell whose printed result the text quotes
QUOTED = ROOT / "tests" / "quoted_outputs"
TRAINEE_ID = "notebook-check"
# nbval's kernels inherit this process's environment (--nbval-current-env).
os.environ.setdefault("SERVICEKIT_TRAINEE_ID", TRAINEE_ID)
# Practice keeps a candidate's record in their home folder; a test run keeps its own, thrown away.
os.environ.setdefault("SERVICEKIT_PRACTICE_RECORD", os.path.join(tempfile.mkdtemp(prefix="practice-"), "practice.json"))

_notebook_seconds: dict[str, float] = collections.defaultdict(float)

# nbval's kernels talk over Unix sockets named after their own connection file. Over TCP each
# kernel gets ports that were free a moment before it binds them; with two workers, nbgrader's
# kernels and a browser test opening connections at the same time, one of those ports can be
# taken in between, and the kernel then never answers (nbval: "Kernel didn't respond"). This
# holds for every notebook pytest runs.
_SOCKETS = tempfile.mkdtemp(prefix="nbval-")  # short: a socket path must stay under 108 bytes


class UnixSocketKernelManager(KernelManager):
    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("connection_file", os.path.join(_SOCKETS, f"k{uuid.uuid4().hex[:12]}.json"))
        super().__init__(**kwargs)


nbval.kernel.KernelManager = UnixSocketKernelManager


def pytest_collection_modifyitems(items):
    """Give nbval the recorded outputs of every cell tagged nbval-check-output (see record_outputs.py):
    the notebooks are stored without outputs, and nbval checks a cell only against stored ones."""
    recorded: dict[Path, dict] = {}
    for item in items:
        if isinstance(item, IPyNbCell) and QUOTED_TAG in item.cell.metadata.get("tags", []):
            path = Path(str(item.fspath))
            outputs = recorded.setdefault(path, quoted_outputs(path)).get(item.cell.get("id"))
            if outputs is not None:  # a tagged cell with nothing recorded fails in test_lessons.py
                item.cell.outputs = [nbformat.from_dict(output) for output in outputs]
                item.cell.execution_count = 1


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


def quoted_file(path: Path) -> Path:
    """Where the recorded outputs of a notebook's quoted cells are kept (record_outputs.py)."""
    return QUOTED / ("__".join(path.resolve().relative_to(ROOT).with_suffix("").parts) + ".json")


def quoted_outputs(path: Path) -> dict[str, list[dict]]:
    """Cell id → the recorded outputs of that quoted cell (empty if nothing is recorded)."""
    file = quoted_file(path)
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
