"""Hostile and broken submissions, graded in one batch with ordinary ones.

Each kind in ``tests/hostile`` must end with its documented score, must not stop the batch, must
not change anyone else's grade, and must not see or change what the sandbox hides. Every
feedback file is searched for the hidden tests' text.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

import hostile
from grader.classgrade import Course, Options, grade_class
from grader.classgrade.feedback import hidden_tests, leaks
from grader.classgrade.sandbox import Limits, tools_missing

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow
NORMAL = ["alice", "bruno"]
PROBES = ["read-gradebook", "read-other-trainee", "read-hidden-tests", "overwrite-grader-files", "network-call"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    assert not tools_missing(), "install bubblewrap (see grader/INSTRUCTOR_GUIDE.md)"
    root = tmp_path_factory.mktemp("hostile")
    release_path = hostile.build_course(root)
    expected = hostile.write_normal_class(root, nbformat.read(str(release_path), as_version=4), NORMAL)
    expected.update(hostile.hostile_class(root, release_path))
    protected = [root / "gradebook.db", root / "solutions" / "quiz" / "quiz.ipynb",
                 root / "grader" / "rubrics" / "quiz.md", root / "submitted" / "alice" / "quiz" / "quiz.ipynb"]
    before = {p: _digest(p) for p in protected[1:]}
    summary = grade_class(Course.open(root), "quiz", options=Options(
        jobs=2, timeout=5, progress=False, work_dir=root.parent, limits=Limits(memory_mb=1536, processes=64)))
    return {"root": root, "expected": expected, "summary": summary, "before": before}


def _autograded_points(root: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {s.student.id: sum(g.auto_score or 0 for n in s.notebooks for g in n.grades)
                for s in gb.find_assignment("quiz").submissions}


def _outputs(root: Path, student: str) -> str:
    nb = nbformat.read(str(root / "autograded" / student / "quiz" / "quiz.ipynb"), as_version=4)
    return "\n".join(str(o.get("text", "")) + str(o.get("evalue", "")) + str(o.get("traceback", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_every_submission_ends_with_its_documented_score(graded):
    assert _autograded_points(graded["root"]) == graded["expected"]
    assert len(graded["expected"]) >= 14 + len(NORMAL)


def test_only_the_unreadable_submission_counts_as_failed(graded):
    summary = graded["summary"]
    assert list(summary.failed) == ["invalid-json"]
    assert "no readable notebook" in summary.failed["invalid-json"]
    assert any("restored" in note for note in summary.issues["tampered-metadata"])
    assert any("duplicate grade_id" in note for note in summary.issues["duplicate-grade-id"])


@pytest.mark.parametrize("student", PROBES)
def test_the_sandbox_blocks_every_probe(graded, student):
    text = _outputs(graded["root"], student)
    assert "LEAKED" not in text
    assert text.count("BLOCKED") >= 2


def test_grader_files_and_other_work_are_unchanged(graded):
    for path, digest in graded["before"].items():
        assert _digest(path) == digest, path
    assert "overwritten" not in (graded["root"] / "grader" / "rubrics" / "quiz.md").read_text()


def test_limits_stop_loops_memory_forks_and_floods(graded):
    root = graded["root"]
    assert "CellTimeoutError" in _outputs(root, "infinite-loop")
    assert "MemoryError" in _outputs(root, "memory-bomb")
    assert "MemoryError" in _outputs(root, "memory-creep")
    fork = _outputs(root, "fork-bomb")
    assert "Resource temporarily unavailable" in fork or "CellTimeoutError" in fork
    assert "DeadKernelError" in _outputs(root, "kernel-exits")
    flood = root / "autograded" / "huge-output" / "quiz" / "quiz.ipynb"
    assert flood.stat().st_size < 1_000_000  # the trainee printed about 30 MB
    assert "output cut" in _outputs(root, "huge-output")


def test_no_feedback_file_contains_hidden_tests(graded):
    root = graded["root"]
    hidden = hidden_tests(nbformat.read(str(root / "solutions" / "quiz" / "quiz.ipynb"), as_version=4))
    pages = sorted((root / "feedback").glob("*/quiz/*.html"))
    assert len(pages) == len(graded["expected"]) - 1  # everyone but the unreadable submission
    for page in pages:
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
        assert leaks(text, hidden) == [], page
        assert not [m for m in hostile.HIDDEN_MARKERS if m in text], page
    failed = html.unescape(re.sub(r"<[^>]+>", "", (root / "feedback" / "infinite-loop" / "quiz" / "quiz.html").read_text()))
    assert "hidden test cell test_mean failed" in failed
