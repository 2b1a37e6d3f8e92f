"""``questions``: the checks read from the source notebook and judged on plain answers, outside
any kernel. A fake ``call`` stands in for the sandbox."""

from __future__ import annotations

from pathlib import Path

import hostile
import nbformat
import pytest

from grader.classgrade.questions import Checks, free_names, hidden_part, visible_part
from grader.classgrade.wire import Opaque

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def quiz(tmp_path):
    path = tmp_path / "quiz.ipynb"
    nbformat.write(hostile.source_notebook(), str(path))
    return Checks.from_source(path)


def _trainee(functions):
    """A fake sandbox: ``call`` runs ``functions[name]`` here and records the calls."""
    calls = []

    def call(name, args, kwargs):
        calls.append((name, args))
        try:
            return {"returned": functions[name](*args, **kwargs)}
        except Exception as error:
            return {"raised": type(error).__name__, "message": str(error)}

    answers = {name: Opaque("function", name) for name in functions}
    return answers, call, calls


def test_the_questions_their_points_and_answer_names_come_from_the_source(quiz):
    assert [(q.grade_id, q.points, q.answers) for q in quiz.questions] == [
        ("test_add", 2.0, ["add"]), ("test_mean", 3.0, ["mean"])]
    assert "HIDDEN-ADD-NEGATIVE" in quiz.questions[0].hidden
    assert "HIDDEN" not in quiz.questions[0].visible and "add(1, 2)" in quiz.questions[0].visible
    assert quiz.answer_names == ["add", "mean"]


def test_the_kits_assignment_asks_for_the_names_its_questions_state():
    checks = Checks.from_source(ROOT / "solutions" / "satisfaction" / "satisfaction.ipynb")
    answers = {q.grade_id: q.answers for q in checks.questions}
    assert answers == {"q1_tests": ["rate"], "q2_tests": ["mean_score"], "q3_tests": ["gas_index", "repair_score"],
                       "q4_tests": ["score_nps"], "q5_tests": ["alpha_loyalty", "item_to_drop"],
                       "q6_tests": ["n_business"]}
    assert {"survey", "ecsi", "np", "pd", "math", "data"} <= set(checks.run_setup())


def test_right_functions_pass_and_a_wrong_one_fails_with_the_visible_check_named(quiz):
    answers, call, _ = _trainee({"add": lambda a, b: a + b, "mean": lambda xs: sum(xs) / len(xs)})
    assert all(v.passed for v in quiz.judge(answers, call).values())
    answers, call, _ = _trainee({"add": lambda a, b: a - b, "mean": lambda xs: sum(xs) / len(xs)})
    verdict = quiz.judge(answers, call)["test_add"]
    assert not verdict.passed and verdict.message == "This check failed: assert add(1, 2) == 3"


def test_a_hidden_failure_shows_only_the_message_the_instructor_wrote(quiz):
    answers, call, _ = _trainee({"add": lambda a, b: 3 if (a, b) == (1, 2) else 0, "mean": lambda xs: 2})
    verdicts = quiz.judge(answers, call)
    assert verdicts["test_add"].message == "A hidden check failed: HIDDEN-ADD-NEGATIVE"
    assert "add(-40, 2)" in verdicts["test_add"].detail  # the instructor sees which check
    assert "-40" not in verdicts["test_add"].message and "0.5" not in verdicts["test_mean"].message


def test_every_visible_check_runs_before_any_hidden_input_is_sent(quiz):
    answers, call, calls = _trainee({"add": lambda a, b: a + b, "mean": lambda xs: sum(xs) / len(xs)})
    quiz.judge(answers, call)
    assert calls == [("add", (1, 2)), ("mean", ([1, 2, 3],)), ("add", (-40, 2)), ("mean", ([0.5, 1.5],))]


def test_what_a_function_raises_or_returns_in_a_hidden_check_never_reaches_the_trainee(tmp_path):
    source = hostile.source_notebook()
    source.cells[4].source = ('assert mean([1, 2, 3]) == 2\n### BEGIN HIDDEN TESTS\n'
                              'assert mean([0.5, 1.5]) == 1, f"got {mean([0.5, 1.5])}"\n### END HIDDEN TESTS')
    nbformat.write(source, str(tmp_path / "quiz.ipynb"))
    checks = Checks.from_source(tmp_path / "quiz.ipynb")

    def mean(xs):
        if xs == [1, 2, 3]:
            return 2
        raise ValueError(f"I was given {xs}")

    answers, call, _ = _trainee({"add": lambda a, b: a + b, "mean": mean})
    verdict = checks.judge(answers, call)["test_mean"]
    assert not verdict.passed and verdict.message == "A hidden check failed."
    answers, call, _ = _trainee({"add": lambda a, b: a + b, "mean": lambda xs: 2 if xs == [1, 2, 3] else str(xs)})
    assert checks.judge(answers, call)["test_mean"].message == "A hidden check failed."


def test_a_missing_answer_or_one_with_no_plain_form_is_named(quiz):
    answers, call, _ = _trainee({"mean": lambda xs: sum(xs) / len(xs)})
    assert "`add` is not defined" in quiz.judge(answers, call)["test_add"].message
    answers["add"] = Opaque("unsupported", "generator")
    assert "`add` is a generator" in quiz.judge(answers, call)["test_add"].message


def test_an_exception_the_trainee_raises_is_caught_by_the_check_as_the_builtin_class(tmp_path):
    checks = Checks.from_source(ROOT / "solutions" / "satisfaction" / "satisfaction.ipynb")
    import pandas as pd

    def mean_score(levels):
        levels = pd.Series(levels, dtype="float64").dropna()
        if not levels.isin([1, 2, 3, 4, 5]).all():
            raise ValueError("levels must be 1-5")
        return float((levels * 20).mean())

    answers, call, _ = _trainee({"mean_score": mean_score})
    assert checks.judge(answers, call)["q2_tests"].passed
    answers, call, _ = _trainee({"mean_score": lambda levels: float((pd.Series(levels).dropna() * 20).mean())})
    assert checks.judge(answers, call)["q2_tests"].message == "A hidden check failed: a level of 6 must raise ValueError"


def test_free_names_are_what_the_checks_read_and_nothing_defines():
    code = "import math\nexpected = 3\nassert math.isclose(total(xs), expected)\nfor i in range(2):\n    assert i < n"
    assert free_names(code, {"xs"}) == ["n", "total"]
    source = "a = 1\n### BEGIN HIDDEN TESTS\nassert a\n### END HIDDEN TESTS\nb = 2\n"
    assert visible_part(source) == "a = 1\nb = 2\n" and hidden_part(source) == "assert a\n"


def test_make_exercises_refuses_a_check_that_asks_for_a_name_no_solution_defines(tmp_path):
    from grader.release import check_answers

    source = hostile.source_notebook()
    nbformat.write(source, str(tmp_path / "quiz.ipynb"))
    assert check_answers(tmp_path / "quiz.ipynb") == {"test_add": ["add"], "test_mean": ["mean"]}
    source.cells[2].source = "assert ad(1, 2) == 3"  # a typo in the check
    nbformat.write(source, str(tmp_path / "quiz.ipynb"))
    with pytest.raises(ValueError, match="test_add use ad, which neither"):
        check_answers(tmp_path / "quiz.ipynb")


def _quiz_with(tmp_path, setup: str, check: str):
    source = hostile.source_notebook()
    source.cells[1].source = setup  # the "add" cell becomes read-only setup code
    source.cells[1].metadata.nbgrader.update(locked=True, solution=False)
    source.cells[2].source = check
    source.cells = source.cells[:3]
    nbformat.write(source, str(tmp_path / "quiz.ipynb"))
    return Checks.from_source(tmp_path / "quiz.ipynb")


def test_a_hidden_input_the_trainee_raises_back_as_an_assertion_is_not_shown(tmp_path):
    checks = _quiz_with(tmp_path, "import math", 'assert label("ok") == "ok"\n### BEGIN HIDDEN TESTS\n'
                        'assert label("my refund never arrived, order 4471") == "refund", "label the refund"\n'
                        '### END HIDDEN TESTS')

    def label(text):
        if text == "ok":
            return "ok"
        raise AssertionError(text)  # the hidden input, as the trainee's own error message

    answers, call, _ = _trainee({"label": label})
    verdict = checks.judge(answers, call)["test_add"]
    assert verdict.message == "A hidden check failed." and "4471" not in verdict.message


def test_a_stop_iteration_from_the_trainee_cannot_end_the_checks_loop(tmp_path):
    checks = _quiz_with(tmp_path, "import math", "assert score(1) == 2\n### BEGIN HIDDEN TESTS\n"
                        "for got, want in zip(map(score, [3, 5, 7]), [6, 10, 14]):\n    assert got == want\n"
                        "### END HIDDEN TESTS")

    def score(x):
        if x == 1:
            return 2
        raise StopIteration

    answers, call, _ = _trainee({"score": score})
    assert not checks.judge(answers, call)["test_add"].passed


def test_a_setup_that_hides_where_its_names_come_from_is_refused(tmp_path):
    with pytest.raises(ValueError, match="from x import a, b"):
        _quiz_with(tmp_path, "from math import *", "assert isclose(area(1), pi)")
