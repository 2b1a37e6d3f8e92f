"""Hostile and broken submissions, graded in one batch beside honest ones.

Every kind in ``tests/hostile`` (``hostile_kinds``: what it tries, the points it must end with,
what the kit does) is a trainee of one class graded in one batch with honest trainees. Each must
end with its documented score, must not stop the batch, must not move anyone else's grade, and
must not see or change what the sandbox hides; no feedback page may hold a hidden check's code
or inputs, and no autograded notebook may hold active content. The instructor guide's table
names every kind.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

import hostile
from grader.classgrade import Course, Options, grade_class
from grader.classgrade.sandbox import BASE_UID, Limits
from grader.classgrade.sandbox import missing as sandbox_missing

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow
HONEST = {"alice": 5, "bruno": 3}
PROBES = ["read-gradebook", "read-other-trainee", "read-hidden-tests", "overwrite-grader-files", "network-call",
          "swap-kernel-sockets", "host-view", "fills-tmp"]
FAILED = {"invalid-json": "no readable notebook", "linked-notebook": "no readable notebook",
          "linked-to-other-trainee": "no readable notebook", "fifo-notebook": "no readable notebook"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    assert not sandbox_missing(), f"the sandbox needs: {sandbox_missing()} (see grader/INSTRUCTOR_GUIDE.md)"
    root = tmp_path_factory.mktemp("hostile")
    release_path = hostile.build_course(root)
    hostile.write_normal_class(root, nbformat.read(str(release_path), as_version=4), list(HONEST))
    kinds = hostile.hostile_class(root, release_path)
    protected = [root / "solutions" / "quiz" / "quiz.ipynb", root / "grader" / "rubrics" / "quiz.md",
                 root / "submitted" / "alice" / "quiz" / "quiz.ipynb", root / "exercises" / "quiz" / "quiz.ipynb"]
    before = {p: _digest(p) for p in protected}
    summary = grade_class(Course.open(root), "quiz", options=Options(
        jobs=2, timeout=5, progress=False, work_dir=root.parent, limits=Limits(memory_mb=1536, processes=64)))
    return {"root": root, "kinds": kinds, "summary": summary, "before": before}


def _points(root: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {s.student.id: sum(g.auto_score or 0 for n in s.notebooks for g in n.grades)
                for s in gb.find_assignment("quiz").submissions}


def _autograded(root: Path, student: str):
    return nbformat.read(str(root / "autograded" / student / "quiz" / "quiz.ipynb"), as_version=4)


def _outputs(root: Path, student: str) -> str:
    return "\n".join(str(o.get("text", "")) + str(o.get("evalue", "")) + str(o.get("traceback", ""))
                     + str(o.get("data", {}).get("text/plain", ""))
                     for c in _autograded(root, student).cells if c.cell_type == "code" for o in c.outputs)


def test_the_class_has_every_kind_the_issue_lists_and_the_first_suites_sixteen(graded):
    assert len(graded["kinds"]) >= 40


def test_every_submission_ends_with_its_documented_score_and_honest_ones_keep_theirs(graded):
    expected = {**HONEST, **{kind: spec.points for kind, spec in graded["kinds"].items()}}
    assert _points(graded["root"]) == expected


def test_only_submissions_with_no_readable_notebook_fail_and_each_is_flagged_with_the_reason(graded):
    summary = graded["summary"]
    assert {k: v for k, v in summary.failed.items()} .keys() == FAILED.keys()
    for kind, reason in FAILED.items():
        assert reason in summary.failed[kind]
    assert any("a link" in note for note in summary.issues["linked-notebook"])
    assert any("not a regular file" in note for note in summary.issues["fifo-notebook"])
    assert any("restored" in note for note in summary.issues["tampered-metadata"])
    assert any("duplicate grade_id" in note for note in summary.issues["duplicate-grade-id"])
    assert any("unknown grade_id" in note for note in summary.issues["renamed-test-cells"])


@pytest.mark.parametrize("student", PROBES)
def test_the_sandbox_blocks_every_probe(graded, student):
    text = _outputs(graded["root"], student)
    assert "LEAKED" not in text and "FOUND" not in text
    assert text.count("BLOCKED") >= 1


def test_links_the_kernel_makes_in_its_work_folder_are_never_followed(graded):
    root = graded["root"]
    assert _outputs(root, "links-in-work-folder").count("made link") == 3
    assert "root:" not in (root / "autograded" / "links-in-work-folder" / "quiz" / "quiz.ipynb").read_text()


def test_nothing_in_reach_of_the_kernel_holds_a_hidden_check(graded):
    text = _outputs(graded["root"], "search-working-copy")
    assert "searched" in text and "FOUND" not in text


def test_the_instructors_files_and_other_trainees_work_are_unchanged(graded):
    for path, digest in graded["before"].items():
        assert _digest(path) == digest, path
    assert "overwritten" not in (graded["root"] / "grader" / "rubrics" / "quiz.md").read_text()


def test_each_submission_runs_as_a_uid_of_its_own_with_an_empty_environment(graded):
    root = graded["root"]
    uids = {kind: int(re.search(r"UID (\d+)", _outputs(root, kind)).group(1))
            for kind in ("host-view", "keyring-writer", "keyring-reader")}
    assert len(set(uids.values())) == 3 and min(uids.values()) >= BASE_UID
    environment = re.search(r"ENV (\[.*?\])", _outputs(root, "host-view")).group(1)
    assert not re.search(r"CLASSGRADE|VIRTUAL_ENV|PYTEST|SUDO|SSH|TOKEN", environment)
    assert "BLOCKED keyring lookup" in _outputs(root, "keyring-writer")
    assert "BLOCKED keyring lookup" in _outputs(root, "keyring-reader")
    processes = re.findall(r"PROC (\d+)", _outputs(root, "host-view"))
    assert 0 < len(processes) < 10  # its own few processes, not the machine's


def test_limits_stop_loops_memory_forks_floods_and_full_disks(graded):
    root = graded["root"]
    assert "mean did not return within 5 s" in _outputs(root, "infinite-loop")
    assert "MemoryError" in _outputs(root, "memory-bomb")
    assert "MemoryError" in _outputs(root, "memory-creep") or "DeadKernelError" in _outputs(root, "memory-creep")
    fork = _outputs(root, "fork-bomb")
    assert "Resource temporarily unavailable" in fork or "CellTimeoutError" in fork or "DeadKernelError" in fork
    assert "DeadKernelError" in _outputs(root, "kernel-exits")
    flood = root / "autograded" / "huge-output" / "quiz" / "quiz.ipynb"
    assert flood.stat().st_size < 1_000_000  # the trainee printed about 30 MB
    assert "output cut" in _outputs(root, "huge-output")
    many = root / "autograded" / "many-printing-cells" / "quiz" / "quiz.ipynb"
    assert many.stat().st_size < 6_000_000 and "the notebook printed more than" in _outputs(root, "many-printing-cells")
    assert _outputs(root, "fills-tmp").count("BLOCKED") == 2  # no space left on /tmp nor the work folder


def test_a_time_out_is_graded_again_alone_and_flagged(graded):
    notes = graded["summary"].issues["infinite-loop"]
    assert any("graded again alone" in note or "time-outs are the trainee's code" in note for note in notes)


def test_no_feedback_holds_a_hidden_check_and_failed_checks_say_only_what_the_instructor_wrote(graded):
    root = graded["root"]
    pages = sorted((root / "feedback").glob("*/quiz/quiz.html"))
    assert len(pages) == len(graded["kinds"]) + len(HONEST) - len(FAILED)
    for page in pages:
        text = hostile.page_text(page)
        assert hostile.leaked(text) == [], page
        assert "root:" not in text and "SQLite format" not in text, page
    text = hostile.page_text(root / "feedback" / "error-carries-hidden-input" / "quiz" / "quiz.html")
    # Its mean raises, on the hidden input, an error that quotes that input: the trainee reads
    # only that a hidden check failed (the instructor's message belongs to a failed assertion).
    assert "A hidden check failed." in text and "I was given [" not in text


def test_no_autograded_notebook_holds_active_content(graded):
    root = graded["root"]
    for path in sorted((root / "autograded").glob("*/quiz/quiz.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        assert set(nb.metadata) <= {"kernelspec", "language_info"}, path
        for cell in nb.cells:
            assert "attachments" not in cell
            if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("grade_id") != "intro":
                assert "<" not in cell.source, path
            for output in cell.get("outputs", []):
                assert set(output.get("data", {})) <= {"text/plain", "image/png", "image/jpeg"}, path
                assert not output.get("metadata"), path


def test_the_instructor_guide_says_what_the_kit_does_for_every_kind(graded):
    guide = (ROOT / "grader" / "INSTRUCTOR_GUIDE.md").read_text(encoding="utf-8")
    missing = [kind for kind in graded["kinds"] if f"`{kind}`" not in guide]
    assert missing == [], "add these kinds to the instructor guide's table"
