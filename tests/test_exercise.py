"""``exercise.check()``, the last cell of every exercise: per question, passed or not yet with the
visible test's message in plain words; no traceback, no claim about hidden tests; and nbgrader's
Validate button, which would say "Success!" on a lesson, is off in the course's lab."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

import servicekit
from servicekit import exercise
from servicekit.setup_lab import VALIDATE_BUTTON

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if any(p.glob("*.ipynb")))


def _meta(grade_id, grade=False, locked=True, points=0):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": False,
            "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _exercise(tmp_path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Question 1 (2 points) · Rate\n\ntext\n\n**中文**\n\n### 第1题（2分）· 满意率",
                                      metadata=_meta("q1_text")),
        nbformat.v4.new_code_cell("assert 0 <= rate <= 100, 'rate is a percentage: multiply the share by 100'",
                                  metadata=_meta("q1_tests", grade=True, points=2)),
        nbformat.v4.new_markdown_cell("## Question 2 (1 point) · Count", metadata=_meta("q2_text")),
        nbformat.v4.new_code_cell("print('noise')\nassert count == 3", metadata=_meta("q2_tests", grade=True, points=1)),
        nbformat.v4.new_markdown_cell("## Question 3 (1 point) · Mean", metadata=_meta("q3_text")),
        nbformat.v4.new_code_cell("assert mean([1, 2]) == 1.5", metadata=_meta("q3_tests", grade=True, points=1)),
    ]
    path = tmp_path / "quiz.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_each_question_says_passed_or_not_yet_with_the_tests_own_words(tmp_path, capsys):
    path = _exercise(tmp_path)
    results = exercise.check(path, {"rate": 0.63, "count": 3, "mean": lambda xs: sum(xs)})
    printed = capsys.readouterr().out
    assert [(title, passed) for title, passed, _ in results] == [
        ("Question 1 · Rate", True), ("Question 2 · Count", True), ("Question 3 · Mean", False)]
    assert "this check is not met: assert mean([1, 2]) == 1.5" in printed
    assert "2 of 3 questions pass their visible tests." in printed
    assert "noise" not in printed and "Traceback" not in printed
    assert "hidden tests run when your instructor grades" in printed  # no claim beyond what was checked

    results = exercise.check(path, {"rate": 63.0 * 2})
    messages = [message for _, _, message in results]
    assert messages[0] == "rate is a percentage: multiply the share by 100"
    assert messages[1] == "count is not defined yet: run this question's cell (and the cells above it)"
    assert messages[2].startswith("mean is not defined yet")


def test_a_check_that_stops_is_reported_not_raised(tmp_path, capsys):
    path = _exercise(tmp_path)
    results = exercise.check(path, {"rate": "63", "count": 3, "mean": lambda xs: 1 / 0})
    assert results[0][2].startswith("the check stopped with TypeError")
    assert results[2][2].startswith("the check stopped with ZeroDivisionError")


def test_in_chinese_the_titles_and_words_are_chinese(tmp_path, capsys):
    path = _exercise(tmp_path)
    servicekit.set_language("zh")
    try:
        results = exercise.check(path, {"rate": 63.0})
    finally:
        servicekit.set_language("en")
    printed = capsys.readouterr().out
    assert results[0][0] == "第1题 · 满意率"
    assert "通过" in printed and "还没有 count" in printed and "3道题中有1道通过了可见测试。" in printed


def test_without_a_saved_exercise_it_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert exercise.check(namespace={}) == []
    assert "no exercise notebook was found" in capsys.readouterr().out


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_ends_with_check_your_work(assignment):
    for folder in ("solutions", "exercises"):
        for path in (ROOT / folder / assignment).glob("*.ipynb"):
            code = [c for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == "code"]
            assert code[-1].metadata["nbgrader"]["grade_id"] == exercise.CHECK_CELL, path
            assert "exercise.check()" in code[-1].source
            intro = nbformat.read(str(path), as_version=4).cells[0].source
            assert "Check your work" in intro and "检查作答" in intro and "Validate" not in intro, path


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_half_done_exercise_checked_in_a_real_kernel(assignment, tmp_path):
    """The release with every coded answer but the last filled in (from the solution), run as a
    trainee runs it: the last question is "not yet", the others pass, and nothing is a traceback."""
    from nbclient import NotebookClient

    source = next((ROOT / "solutions" / assignment).glob("*.ipynb"))
    release = nbformat.read(str(ROOT / "exercises" / assignment / source.name), as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION\n?", "", c.source, flags=re.M)
               for c in nbformat.read(str(source), as_version=4).cells
               if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"}
    answers.pop(list(answers)[-1])
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
        elif cell.cell_type == "code" and 'trainee.use_id("YOUR ID")' in cell.source:
            cell.source = cell.source.replace("YOUR ID", "check-test")
    nbformat.write(release, str(tmp_path / source.name))  # saved, as a trainee's lab saves it
    NotebookClient(release, timeout=120, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}).execute()
    last = [c for c in release.cells if c.cell_type == "code"][-1]
    assert last.metadata["nbgrader"]["grade_id"] == exercise.CHECK_CELL
    assert not [o for o in last.outputs if o.output_type == "error"], last.outputs
    text = "".join(o.get("text", "") for o in last.outputs if o.output_type == "stream")
    lines = [line for line in text.splitlines() if line.startswith("  ")]
    assert len(lines) >= 4, text
    assert all(line.rstrip().endswith("passed") for line in lines[:-1]), text
    assert "not yet:" in lines[-1] and "Traceback" not in text, text


def test_nbgraders_validate_button_is_off_in_the_course_lab():
    page = Path(sys.prefix) / "etc" / "jupyter" / "labconfig" / "page_config.json"  # written by `make install`
    assert json.loads(page.read_text())["disabledExtensions"][VALIDATE_BUTTON] is True


def test_the_release_refuses_an_exercise_without_check_your_work(tmp_path):
    from grader.release import check_ends_with_check_cell

    source = ROOT / "solutions" / "satisfaction" / "satisfaction.ipynb"
    check_ends_with_check_cell(source)
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb["cells"] = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != exercise.CHECK_CELL]
    (tmp_path / "satisfaction.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(ValueError, match="Check your work"):
        check_ends_with_check_cell(tmp_path / "satisfaction.ipynb")


def test_in_the_instructors_source_only_the_visible_tests_run(tmp_path, capsys):
    """The solution notebook holds the hidden tests; its Check your work runs what a trainee's runs."""
    path = _exercise(tmp_path)
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[1].source += "\n### BEGIN HIDDEN TESTS\nassert rate == 12.5, 'a hidden check'\n### END HIDDEN TESTS\n"
    nbformat.write(nb, str(path))
    results = exercise.check(path, {"rate": 63.0, "count": 3, "mean": lambda xs: sum(xs) / len(xs)})
    assert [passed for _, passed, _ in results] == [True, True, True]
    assert "a hidden check" not in capsys.readouterr().out
