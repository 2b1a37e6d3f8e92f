"""Every assignment of the kit goes through the class pipeline: a complete submission gets every
autograded point, a submission with a blank answer loses some, and no feedback shows a hidden
test. Runs on a temporary copy of each assignment (the kit's own folders are not touched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbgrader.api import Gradebook

import hostile
from grader.classgrade import Course, Options, grade_class
from grader.classgrade.feedback import NOT_SHOWN
from grader.classgrade.questions import Checks

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if any(p.glob("*.ipynb")))


def test_the_kit_has_an_assignment():
    assert ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_an_assignment_grades_right_and_its_feedback_hides_the_hidden_tests(assignment, tmp_path):
    root = tmp_path / "course"
    root.mkdir()
    hostile.build_real_course(root, ROOT, assignment, students=2)  # trainee00 left one answer blank
    summary = grade_class(Course.open(root), assignment, options=Options(jobs=2, progress=False, work_dir=tmp_path))
    assert sorted(summary.graded) == ["trainee00", "trainee01"] and not summary.failed

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        points = {}
        for submission in gb.find_assignment(assignment).submissions:
            auto = [g for n in submission.notebooks for g in n.grades if g.auto_score is not None]
            points[submission.student.id] = (sum(g.auto_score for g in auto), sum(g.max_score for g in auto))
    full, maximum = points["trainee01"]
    assert maximum > 0 and full == maximum
    assert points["trainee00"][0] < maximum

    for source in sorted((root / "solutions" / assignment).glob("*.ipynb")):
        questions = Checks.from_source(source).questions
        hidden = [line.strip() for q in questions for line in q.hidden.splitlines() if len(line.strip()) >= 12]
        assert hidden, "the assignment has hidden checks to look for"
        for student in ("trainee00", "trainee01"):
            text = hostile.page_text(root / "feedback" / student / assignment / f"{source.stem}.html")
            assert [line for line in hidden if line in text] == [], student
            assert text.count(NOT_SHOWN.lstrip("# ")) == sum(1 for q in questions if q.hidden.strip())
