"""The satisfaction assignment through real nbgrader: release, submit, autograde a small class.

What every assignment must show (release current, nothing secret in it, full marks, zero, a
neighbour's numbers) is in ``test_grading_assignments``; here is what nbgrader itself does with
the course's settings: its own autograde refuses, export reads the pipeline's grades, a loop is
stopped, a deleted test cell comes back, its own feedback hides the hidden checks."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

import hostile
from conftest import ROOT
from grader import release
from grader.classgrade import Course, Options, grade_class

pytestmark = pytest.mark.slow
ASSIGNMENT = "satisfaction"
NOTEBOOK = "satisfaction.ipynb"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A temporary course root with the assignment released into it and its gradebook."""
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "solutions", root / "solutions")
    release.release(ASSIGNMENT, root)
    (root / "nbgrader_config.py").write_text(
        f"load_subconfig({str(release.config_file(root))!r})\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        "c.Execute.timeout = 10\n"  # shorter than the course's 30 s, to keep the suite quick
    )
    return root


def _submit(course, student, notebook):
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / NOTEBOOK)


def _replace_cell(notebook, grade_id, source):
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
            return notebook
    raise KeyError(grade_id)


def _copied_from(neighbour: str):
    """The solution with every computed answer replaced by the number ``neighbour``'s own data
    gives (``mean_score`` stays a right function): what a trainee who copies a neighbour hands in."""
    import servicekit.trainee as trainee

    solution = nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    saved = os.environ.get(trainee.ID_VARIABLE)
    os.environ[trainee.ID_VARIABLE] = neighbour
    try:
        space = {"get_ipython": lambda: None}
        for cell in solution.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and (meta.get("solution") or meta.get("grade_id") == "setup"):
                exec(cell.source, space)  # noqa: S102 (the kit's own solution)
    finally:
        if saved is None:
            os.environ.pop(trainee.ID_VARIABLE)
        else:
            os.environ[trainee.ID_VARIABLE] = saved
    names = ["rate", "repair_score", "gas_index", "score_nps", "alpha_loyalty", "item_to_drop", "n_business"]
    copied = "\n".join(f"{name} = {space[name]!r}" for name in names)
    for cell in solution.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in ("q1_answer", "q3_answer", "q4_answer", "q5_answer", "q6_answer"):
            cell.source = ""
        if grade_id == "q6_answer":
            cell.source = copied
    return solution


def _nbgrader(course, *args):
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def graded(course):
    solution = nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    blank = nbformat.read(course / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    _submit(course, "perfect", solution)
    _submit(course, "untouched", blank)
    looping = nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    _submit(course, "looping", _replace_cell(looping, "q1_answer", "while True:\n    pass"))
    deleted = nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "q2_tests"]
    _submit(course, "deleter", deleted)
    _submit(course, "copier", _copied_from("perfect"))
    # nbgrader's own autograde, under the course's settings, refuses and names the safe command.
    refused = _nbgrader(course, "autograde", ASSIGNMENT, "--create")
    # What formgrader's Autograde button calls: nbgrader's API under the course's settings.
    from nbgrader.apps import NbGraderAPI

    button = NbGraderAPI(config=release.course_config(course)).autograde(ASSIGNMENT, "perfect", force=True, create=True)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scored_by_nbgrader = [g.auto_score for s in gradebook.find_assignment(ASSIGNMENT).submissions
                              for n in s.notebooks for g in n.grades if g.auto_score]
    executed_by_nbgrader = [p for p in (course / "autograded").rglob("*.ipynb")
                            if any(c.get("outputs") for c in nbformat.read(p, as_version=4).cells)]
    # One batch for the whole class, exactly as an instructor runs it (`make grade`).
    summary = grade_class(Course.open(course), ASSIGNMENT, options=Options(jobs=2, progress=False, timeout=10))
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in ("perfect", "untouched", "looping", "deleter", "copier"):
            submission = gradebook.find_submission_notebook(NOTEBOOK.removesuffix(".ipynb"), ASSIGNMENT, student)
            scores[student] = {grade.name: grade.score for grade in submission.grades}
            scores[student]["_code"] = submission.code_score
        max_code = gradebook.find_assignment(ASSIGNMENT).max_code_score
    return scores, max_code, {"refused": refused, "button": button, "scored_by_nbgrader": scored_by_nbgrader,
                              "executed_by_nbgrader": executed_by_nbgrader, "summary": summary}


def test_nbgrader_autograde_and_formgraders_button_refuse_under_the_course_config_naming_make_grade(graded):
    refused = graded[2]["refused"]
    log = refused.stdout + refused.stderr
    assert f"make grade ASSIGNMENT={ASSIGNMENT}" in log
    assert refused.returncode != 0
    button = graded[2]["button"]
    assert not button["success"] and f"make grade ASSIGNMENT={ASSIGNMENT}" in button["log"] + button["error"]
    assert graded[2]["scored_by_nbgrader"] == [] and graded[2]["executed_by_nbgrader"] == []


def test_solution_autogrades_to_full_marks(graded):
    scores, max_code, _ = graded
    assert max_code == 14
    assert scores["perfect"]["_code"] == 14


def test_a_neighbours_numbers_score_nothing(graded):
    """Every trainee works on their own draw: the numbers right for "perfect" are wrong for
    "copier", whose only points are the function it wrote (question 2) and, by chance, a
    sample size its own population might share."""
    scores, _, _ = graded
    copier = scores["copier"]
    assert [copier[q] for q in ("q1_tests", "q3_tests", "q4_tests", "q5_tests")] == [0, 0, 0, 0]
    assert copier["q2_tests"] == 3 and copier["_code"] <= 5


def test_nbgrader_export_reads_the_pipelines_grades(course, graded):
    result = _nbgrader(course, "export", "--to", str(course / "export.csv"))
    assert result.returncode == 0, result.stderr[-2000:]
    import csv

    rows = {row["student_id"]: row for row in csv.DictReader((course / "export.csv").open())}
    assert float(rows["perfect"]["raw_score"]) == 14 and float(rows["untouched"]["raw_score"]) == 0


def test_untouched_release_autogrades_to_zero(graded):
    scores, _, _ = graded
    assert scores["untouched"]["_code"] == 0


def test_infinite_loop_is_stopped_and_the_rest_is_graded(graded):
    scores, _, result = graded
    assert scores["looping"]["q1_tests"] == 0
    assert scores["looping"]["_code"] == 12
    assert any("graded again alone" in note or "time-outs are the trainee's" in note
               for note in result["summary"].issues["looping"])


def test_deleted_test_cell_is_restored_and_graded(graded):
    scores, _, _ = graded
    assert scores["deleter"]["q2_tests"] == 3
    assert scores["deleter"]["_code"] == 14


def test_plain_nbgrader_feedback_hides_the_hidden_tests(course, graded):
    """Feedback made by nbgrader itself (formgrader's button) goes through the course's allowlist."""
    shutil.rmtree(course / "feedback")
    result = _nbgrader(course, "generate_feedback", ASSIGNMENT, "--force")
    assert result.returncode == 0, result.stderr[-2000:]
    hidden = [line for line in hostile.secret_lines(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK) if line.startswith("assert")]
    assert hidden, "the source has hidden assertions to look for"
    pages = sorted((course / "feedback").rglob("*.html"))
    assert len(pages) == 5
    for page in pages:
        # What a trainee reads: tags stripped (code is split into highlighted spans), entities decoded.
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        assert "Question 2" in text
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{page.parent.parent.name}: hidden test text in feedback: {leaked[:2]}"
