"""The trainee bundle: everything a trainee needs, nothing an instructor keeps to themselves."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from grader.classgrade.bundle import build_bundle

ROOT = Path(__file__).resolve().parents[1]

PREFIX = "service-kit/"
INSTRUCTOR_ONLY = ("solutions/", "grader/rubrics/", "grader/teaching_notes/", "grader/classgrade/", "grader/gradebook/",
                   "grader/release.py", "tests/", "bench/", ".ci/", "submitted/", "autograded/", "feedback/",
                   ".classgrade/", "grades/", ".venv/", ".git/")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "trainee.zip"
    build_bundle(ROOT, out)
    with zipfile.ZipFile(out) as zipped:
        zipped.extractall(out.parent / "unpacked")
        names = [n[len(PREFIX):] for n in zipped.namelist()]
    return {"names": names, "kit": out.parent / "unpacked" / PREFIX.rstrip("/")}


def test_bundle_has_no_instructor_material(bundle):
    names = bundle["names"]
    assert not [n for n in names if n.startswith(INSTRUCTOR_ONLY)]
    assert not [n for n in names if n.endswith((".db", ".sqlite")) or "gradebook" in n]
    for name in names:
        if name.endswith(".ipynb"):
            text = (bundle["kit"] / name).read_text()
            assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, name


def test_bundle_has_the_course(bundle):
    names = set(bundle["names"])
    for folder in ("notebooks/", "exercises/", "datasets/", "src/servicekit/"):
        assert any(n.startswith(folder) for n in names), folder
    released = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises").glob("*/*.ipynb"))
    assert released and set(released) <= names
    for source in (ROOT / "solutions").glob("*/*.ipynb"):  # every assignment is released
        assert f"exercises/{source.parent.name}/{source.name}" in names


def test_the_bundles_makefile_install_finds_what_it_needs(bundle, tmp_path):
    kit = bundle["kit"]
    makefile = (kit / "Makefile").read_text()
    stamp_rule = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.M)
    for prerequisite in stamp_rule.group(1).split():
        assert (kit / prerequisite).exists(), prerequisite
    for module in re.findall(r"python -m (servicekit[\w.]*)", makefile):
        assert (kit / "src" / (module.replace(".", "/") + ".py")).exists(), module
    project = tomllib.loads((kit / "pyproject.toml").read_text())
    assert (kit / project["project"]["readme"]).exists()
    # `uv pip install -e .` builds the package: do the same build from the unpacked bundle.
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--quiet", "--wheel-dir", str(tmp_path), str(kit)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    assert list(tmp_path.glob("servicekit-*.whl"))


def test_a_notebook_with_a_hidden_test_stops_the_build(tmp_path):
    for name in ("README.md", "Makefile", "pyproject.toml", "requirements.lock"):
        (tmp_path / name).write_text("x")
    (tmp_path / "src").mkdir()
    (tmp_path / "exercises" / "a").mkdir(parents=True)
    (tmp_path / "exercises" / "a" / "a.ipynb").write_text('{"cells": ["### BEGIN HIDDEN TESTS"]}')
    with pytest.raises(ValueError, match="BEGIN HIDDEN TESTS"):
        build_bundle(tmp_path, tmp_path / "out.zip")
