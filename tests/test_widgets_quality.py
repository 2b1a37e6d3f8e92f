"""Lesson 09: the SERVQUAL gap widget and its ranking, driven without a browser, and the
importance–performance drawing shared with lesson 08."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from servicekit import data, metrics  # noqa: E402
from servicekit.servqual import (  # noqa: E402
    ALL_DIMENSIONS,
    item_priorities,
    servqual_columns,
    servqual_dimensions,
)
from servicekit.widgets.quality import (  # noqa: E402
    draw_importance_performance,
    gap_explorer,
)

SURVEY = data.load("servqual_survey")
ITEMS = data.load("servqual_items")
DIMENSIONS = servqual_dimensions(ITEMS)
E, P, I = (servqual_columns(SURVEY, ITEMS, prefix) for prefix in "EPI")

# A hand-worked example: three items, two respondents.
TOY_E = pd.DataFrame({"a": [7, 5], "b": [6, 6], "c": [4, 4]})
TOY_P = pd.DataFrame({"a": [5, 5], "b": [3, 5], "c": [5, 5]})
TOY_I = pd.Series({"a": 6.0, "b": 3.0, "c": 7.0})
TOY_DIMS = {"speed": ["a", "b"], "looks": ["c"]}


def test_priorities_by_hand():
    table = item_priorities(TOY_E, TOY_P, TOY_I, TOY_DIMS)
    # gaps: a = 5 − 6 = −1, b = 4 − 6 = −2, c = 5 − 4 = +1
    assert table["gap"].to_dict() == {"a": -1.0, "b": -2.0, "c": 1.0}
    # priorities: a = 1 × 6 = 6, b = 2 × 3 = 6, c = 0 (exceeds expectations); tie broken by the larger gap
    assert table["priority"].to_dict() == {"b": 6.0, "a": 6.0, "c": 0.0}
    assert list(table.index) == ["b", "a", "c"]
    assert table.loc["c", "dimension"] == "looks"
    only = item_priorities(TOY_E, TOY_P, TOY_I, TOY_DIMS, "looks")
    assert list(only.index) == ["c"]
    assert item_priorities(TOY_E, TOY_P, TOY_I, TOY_DIMS, ALL_DIMENSIONS).equals(table)


def test_importance_may_be_answers():
    answers = pd.DataFrame({"a": [5, 7], "b": [3, 3], "c": [7, 7]})
    table = item_priorities(TOY_E, TOY_P, answers, TOY_DIMS)
    assert table.loc["a", "importance"] == 6.0


def test_dataset_shows_the_largest_gaps_in_responsiveness_and_empathy():
    gaps = metrics.servqual_gaps(E, P, DIMENSIONS)
    assert list(gaps.index) == ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
    largest = gaps["gap"].nsmallest(2).index
    assert set(largest) == {"responsiveness", "empathy"}
    assert gaps.loc["tangibles", "gap"] > -0.1
    points = SURVEY[[f"points_{d}" for d in DIMENSIONS]]
    assert (points.sum(axis=1) == 100).all()


def test_in_empathy_the_largest_gap_is_not_fixed_first():
    table = item_priorities(E, P, I, DIMENSIONS, "empathy")
    assert table.index[0] == "EMP4"
    assert table["gap"].idxmin() == "EMP3"


def _controls(widget):
    return {w.description: w for w in widget.children[0].children}


def test_widget_follows_the_dropdown():
    widget = gap_explorer(E, P, I, DIMENSIONS)
    assert "RES2" in widget.children[1].value  # across all dimensions, prompt service comes first
    controls = _controls(widget)
    controls["dimension"].value = "empathy"
    assert "fix first: <b>EMP4</b>" in widget.children[1].value
    controls["dimension"].value = "tangibles"
    assert "TAN4" in widget.children[1].value
    controls["show top"].value = 1
    assert widget.children[1].value.count("<tr>") == 2  # header row + one item


def test_widget_uses_labels_and_reports_bad_input_as_a_message():
    labels = dict(zip(ITEMS["item"], ITEMS["statement"]))
    widget = gap_explorer(E, P, I, DIMENSIONS, labels=labels)
    assert "prompt service" in widget.children[1].value
    broken = gap_explorer(E, P, I.drop(columns="RES2"), DIMENSIONS)
    assert "Cannot rank the items" in broken.children[1].value


def test_all_items_beating_expectations_says_nothing_to_fix():
    widget = gap_explorer(TOY_E, TOY_P, TOY_I, TOY_DIMS)
    _controls(widget)["dimension"].value = "looks"
    assert "nothing to fix" in widget.children[1].value


@pytest.mark.parametrize("call, error, words", [
    (lambda: item_priorities(TOY_E, TOY_P, TOY_I, TOY_DIMS, "speeed"), ValueError, "dimension must be one of"),
    (lambda: item_priorities(TOY_E, TOY_P, [1, 2, 3], TOY_DIMS), TypeError, "importance must be"),
    (lambda: item_priorities(TOY_E, TOY_P, TOY_I.drop("b"), TOY_DIMS), ValueError, "no value for item 'b'"),
    (lambda: item_priorities(TOY_E, TOY_P, TOY_I * -1, TOY_DIMS), ValueError, "negative"),
    (lambda: servqual_columns(SURVEY, ITEMS, "X"), ValueError, "prefix"),
    (lambda: servqual_columns(SURVEY.drop(columns="P_EMP3"), ITEMS, "P"), ValueError, "P_EMP3"),
])
def test_bad_input_names_the_problem(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_importance_performance_drawing():
    grid = metrics.importance_performance(I.mean(), P.mean())
    ax = draw_importance_performance(grid, title="items")
    assert {t.get_text() for t in ax.texts} == set(grid.index)
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == len(grid)
    lines = [line.get_ydata()[0] for line in ax.lines if len(set(line.get_ydata())) == 1]
    assert np.isclose(lines[0], grid["importance"].mean())
