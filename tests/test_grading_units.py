"""Unit tests of the class-grading tools: item analysis, leak-free feedback, submission checks,
zip collection, the sandbox command line. Fast: no kernel is started."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import hostile
from grader.classgrade.analysis import item_analysis
from grader.classgrade.checks import prepare_submission, released_metadata, restore_metadata
from grader.classgrade.feedback import hidden_tests, leaks, strip_hidden
from grader.classgrade.sandbox import Limits, wrap_command

ROOT = Path(__file__).resolve().parents[1]


# --- item analysis, on a class worked by hand -------------------------------------------------
# Four trainees, items A (2 points), B (1), C (1):
#   A = 2 2 1 0   B = 1 1 0 0   C = 0 1 1 1
# difficulty: A = (1 + 1 + .5 + 0)/4 = .625, B = .5, C = .75.
# rest-of-score R_A = B + C = 1 2 1 1; deviations of A: .75 .75 -.25 -1.25, of R_A: -.25 .75 -.25 -.25
#   r_A = .75 / sqrt(2.75 * .75) = .52223
# R_B = A + C = 2 3 2 1: r_B = 1 / sqrt(1 * 2) = .70711
# R_C = A + B = 3 3 1 0: r_C = -1.25 / sqrt(.75 * 6.75) = -5/9 (flagged: below 0.2)
HAND = pd.DataFrame({"A": [2, 2, 1, 0], "B": [1, 1, 0, 0], "C": [0, 1, 1, 1]}, index=list("wxyz"))
MAXIMA = {"A": 2, "B": 1, "C": 1}


def test_item_analysis_matches_the_hand_worked_class():
    table = item_analysis(HAND, MAXIMA)
    assert table["difficulty"].tolist() == pytest.approx([0.625, 0.5, 0.75])
    assert table.loc["A", "discrimination"] == pytest.approx(0.75 / np.sqrt(2.75 * 0.75))
    assert table.loc["B", "discrimination"] == pytest.approx(1 / np.sqrt(2))
    assert table.loc["C", "discrimination"] == pytest.approx(-5 / 9)
    assert table["flagged"].tolist() == [False, False, True]
    assert table["mean_score"].tolist() == pytest.approx([1.25, 0.5, 0.75])


def test_item_analysis_agrees_with_pandas_corr_on_random_scores():
    rng = np.random.default_rng(7)
    scores = pd.DataFrame(rng.integers(0, 4, size=(30, 5)), columns=list("pqrst"))
    table = item_analysis(scores, dict.fromkeys(scores.columns, 3))
    for item in scores:
        rest = scores.drop(columns=item).sum(axis=1)
        assert table.loc[item, "discrimination"] == pytest.approx(scores[item].corr(rest))


def test_an_item_everyone_scored_the_same_on_is_flagged_not_crashed():
    scores = HAND.assign(D=[1, 1, 1, 1])
    table = item_analysis(scores, {**MAXIMA, "D": 1})
    assert np.isnan(table.loc["D", "discrimination"]) and table.loc["D", "flagged"]


@pytest.mark.parametrize("scores, maxima, word", [
    (HAND.iloc[:1], MAXIMA, "at least 2"),
    (HAND, {"A": 2, "B": 1}, "'C'"),
    (HAND, {**MAXIMA, "A": 0}, "'A'"),
    (HAND.assign(A=[3, 2, 1, 0]), MAXIMA, "'A'"),
    (HAND.assign(B=["1", "x", 0, 0]), MAXIMA, "'B'"),
])
def test_item_analysis_rejects_bad_input_naming_it(scores, maxima, word):
    with pytest.raises(ValueError, match=word):
        item_analysis(scores, maxima)
    with pytest.raises(TypeError, match="scores"):
        item_analysis(HAND.to_numpy(), MAXIMA)


# --- feedback without hidden tests ---------------------------------------------------------------
def _executed(nb, error_in: str):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="fine\n")]
            if grade_id == error_in:
                cell.outputs.append(nbformat.v4.new_output(
                    "error", ename="AssertionError", evalue="HIDDEN-ADD-NEGATIVE",
                    traceback=["assert add(-40, 2) == -38, \"HIDDEN-ADD-NEGATIVE\"", "AssertionError"]))
    nb.cells.append(nbformat.v4.new_code_cell("print(In)", outputs=[nbformat.v4.new_output(
        "stream", name="stdout", text="['assert abs(mean([0.5, 1.5]) - 1.0) < 1e-9']")]))
    return nb


def test_strip_hidden_removes_hidden_source_and_tracebacks_but_names_the_failed_cell():
    source = hostile.source_notebook()
    hidden = hidden_tests(source)
    assert set(hidden.lines) == {"test_add", "test_mean"}
    assert "assert add(1, 2) == 3" not in hidden.fragments  # visible code is no secret
    clean = strip_hidden(_executed(source, "test_add"), hidden)
    text = nbformat.writes(clean)
    for marker in hostile.HIDDEN_MARKERS:
        assert marker not in text
    assert leaks(text, hidden) == []
    assert "hidden test cell test_add failed" in text
    assert "hidden test cell test_mean passed" in text
    assert "assert add(1, 2) == 3" in text  # the visible test stays
    assert leaks(nbformat.writes(_executed(source, "test_add")), hidden)  # and the check can fail


# --- checks before nbgrader ----------------------------------------------------------------------
def test_restore_metadata_undoes_tampering_and_drops_duplicate_ids():
    release = hostile.source_notebook()
    nb = copy.deepcopy(release)
    nb.cells[2].metadata.nbgrader.update(points=100, grade=False)
    nb.cells.insert(3, copy.deepcopy(nb.cells[1]))  # a copied solution cell: same grade_id "add"
    changes = restore_metadata(nb, released_metadata(release))
    assert nb.cells[2].metadata.nbgrader == release.cells[2].metadata.nbgrader
    assert "nbgrader" not in nb.cells[1].metadata and nb.cells[3].metadata.nbgrader["grade_id"] == "add"
    assert any("duplicate grade_id add" in c for c in changes)
    assert any("test_add restored (grade, points)" in c for c in changes)
    assert restore_metadata(copy.deepcopy(release), released_metadata(release)) == []


def test_an_unreadable_notebook_is_set_aside(tmp_path):
    (tmp_path / "quiz.ipynb").write_text('{"cells": [ nope')
    issues = prepare_submission(tmp_path, tmp_path / "release")
    assert "not a readable notebook" in issues[0]
    assert not (tmp_path / "quiz.ipynb").exists()


# --- collecting a zip ----------------------------------------------------------------------------
def test_unpack_zip_accepts_flat_and_foldered_names_and_refuses_escapes(tmp_path):
    from grader.classgrade.course import Course
    from grader.classgrade.pipeline import submitted_students, unpack_zip

    (tmp_path / "solutions" / "quiz").mkdir(parents=True)
    nbformat.write(hostile.source_notebook(), str(tmp_path / "solutions" / "quiz" / "quiz.ipynb"))
    course = Course.open(tmp_path)
    archive = tmp_path / "in.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("ana_quiz.ipynb", "{}")
        out.writestr("ben.ipynb", "{}")
        out.writestr("cara/quiz/quiz.ipynb", "{}")
        out.writestr("cara/quiz/data.csv", "x\n1\n")
    assert unpack_zip(course, "quiz", archive) == ["ana", "ben", "cara"]
    assert submitted_students(course, "quiz") == ["ana", "ben", "cara"]
    assert (tmp_path / "submitted" / "cara" / "quiz" / "data.csv").exists()
    assert (tmp_path / "submitted" / "ben" / "quiz" / "quiz.ipynb").exists()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("../evil/quiz.ipynb", "{}")
    with pytest.raises(ValueError, match="unsafe"):
        unpack_zip(course, "quiz", archive)


# --- the sandbox command -------------------------------------------------------------------------
def test_the_kernel_command_is_wrapped_in_bwrap_with_no_network_and_limits(tmp_path):
    command = wrap_command(["python", "-m", "ipykernel_launcher"], str(tmp_path / "w"), str(tmp_path / "r"),
                           Limits(memory_mb=1000, processes=50))
    text = " ".join(command)
    for flag in ("bwrap", "--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv",
                 f"--as={1000 * 2**20}", "--nproc=50"):
        assert flag in text
    assert f"--bind {tmp_path / 'w'} {tmp_path / 'w'}" in text
    assert "solutions" not in text and "gradebook" not in text
    assert command[-3:] == ["python", "-m", "ipykernel_launcher"]


def test_a_folder_holding_the_course_is_never_mounted(tmp_path):
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    limits = Limits(readable=[str(tmp_path), str(course), str(tmp_path / "data")], protected=[str(course)])
    command = wrap_command(["python"], str(tmp_path / "w"), str(tmp_path / "r"), limits)
    mounted = [command[i + 1] for i, arg in enumerate(command) if arg == "--ro-bind"]
    assert str(tmp_path / "data") in mounted
    assert str(tmp_path) not in mounted and str(course) not in mounted
