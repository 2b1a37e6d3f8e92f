"""House rules for everything committed: clean notebooks, no machine paths, no registry hosts."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from conftest import ROOT, all_notebooks

NOTEBOOKS = all_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_stored_clean(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i for i, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: code cells {dirty} have outputs or execution counts; clear them"
    assert notebook["metadata"].get("kernelspec", {}).get("name") == "python3", f"{path.name}: kernelspec must be python3"


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 3


def _tracked_text_files():
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    for name in listed:
        path = ROOT / name
        if path.is_file() and path.suffix in {".py", ".ipynb", ".md", ".yml", ".yaml", ".toml", ".txt", ".cfg", ""}:
            yield path


def test_no_machine_paths_or_registry_hosts():
    # Built from pieces so that this file does not trip over itself.
    forbidden = re.compile("|".join([r"(?<![\w./-])/(?:" + "work|root)/", "pypi" + r"\.org",
                                     "files\\." + "pythonhosted", "registry\\." + "npmjs"]))
    offenders = []
    for path in _tracked_text_files():
        if path.name == "requirements.lock":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if forbidden.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)
