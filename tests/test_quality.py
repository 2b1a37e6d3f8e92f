"""Lesson 09 service quality: SERVQUAL gaps and item priorities, Kano, importance-performance, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicekit import data, metrics
from servicekit.data.servqual import servqual_columns, servqual_dimensions
from servicekit.metrics import (
    importance_performance,
    kano_category,
    kano_coefficients,
    kano_table,
    servqual_gaps,
    servqual_item_gaps,
    weighted_servqual,
)
from servicekit.metrics.quality import ALL_DIMENSIONS, item_priorities

# Three respondents, four items on a 7-point scale; two dimensions.
EXPECT = pd.DataFrame({"rel1": [7, 6, 7], "rel2": [6, 6, 6], "res1": [5, 6, 7], "res2": [6, 5, np.nan]})
PERCEIVE = pd.DataFrame({"rel1": [5, 5, 6], "rel2": [6, 5, 4], "res1": [6, 6, 6], "res2": [6, 6, 6]})
HAND_DIMENSIONS = {"reliability": ["rel1", "rel2"], "responsiveness": ["res1", "res2"]}


def test_servqual_items_by_hand():
    items = servqual_item_gaps(EXPECT, PERCEIVE)
    # rel1: Ē = 20/3 = 6.667, P̄ = 16/3 = 5.333, gap −1.333; res2 skips the missing answer: Ē = 5.5.
    assert items.loc["rel1", "gap"] == pytest.approx(-4 / 3)
    assert items.loc["rel2", "gap"] == pytest.approx(5 - 6)
    assert items.loc["res2", "expectation"] == pytest.approx(5.5)
    assert items.loc["res2", "gap"] == pytest.approx(0.5)


def test_servqual_dimensions_by_hand():
    gaps = servqual_gaps(EXPECT, PERCEIVE, HAND_DIMENSIONS)
    assert list(gaps.index) == ["reliability", "responsiveness"]
    # reliability: Ē = (6.667 + 6) / 2 = 6.333, P̄ = (5.333 + 5) / 2 = 5.167, gap −1.167
    assert gaps.loc["reliability", "expectation"] == pytest.approx((20 / 3 + 6) / 2)
    assert gaps.loc["reliability", "gap"] == pytest.approx(-7 / 6)
    # responsiveness: Ē = (6 + 5.5) / 2 = 5.75, P̄ = 6, gap +0.25
    assert gaps.loc["responsiveness", "gap"] == pytest.approx(0.25)
    # Weighted: 0.7 × (−1.167) + 0.3 × 0.25 = −0.742
    assert weighted_servqual(gaps, {"reliability": 0.7, "responsiveness": 0.3}) == pytest.approx(
        0.7 * -7 / 6 + 0.3 * 0.25)


def test_servqual_column_order_does_not_matter():
    shuffled = PERCEIVE[["res2", "rel1", "res1", "rel2"]]
    pd.testing.assert_frame_equal(servqual_gaps(EXPECT, shuffled, HAND_DIMENSIONS),
                                  servqual_gaps(EXPECT, PERCEIVE, HAND_DIMENSIONS))


def test_kano_table_of_answers():
    # Every cell of the evaluation table, row by row (functional 1..5 × dysfunctional 1..5).
    functional = np.repeat([1, 2, 3, 4, 5], 5)
    dysfunctional = np.tile([1, 2, 3, 4, 5], 5)
    assert "".join(kano_category(functional, dysfunctional)) == "QAAAO" "RIIIM" "RIIIM" "RIIIM" "RRRRQ"
    assert kano_category(1, 5) == "O"   # like it present, dislike it absent
    assert kano_category(3, 5) == "M"   # neutral if present, dislike if absent
    assert kano_category(1, 4) == "A"   # like it present, can live without it
    assert kano_category([2, 5], [2, 1]) == ["I", "R"]
    series = kano_category(pd.Series([1, 3], index=["x", "y"]), [3, 3])
    assert series.to_dict() == {"x": "A", "y": "I"}


def test_kano_coefficients_by_hand():
    # A A O M I R Q: A+O+M+I = 5; better = (2+1)/5 = 0.6; worse = −(1+1)/5 = −0.4
    assert kano_coefficients(list("AAOMIRQ")) == {"better": pytest.approx(0.6), "worse": pytest.approx(-0.4)}
    assert kano_coefficients(np.array(["M", "M"])) == {"better": 0.0, "worse": -1.0}
    # A letter array (what kano_category returns) gives the same answer as a list.
    letters = np.array(list("AAOMIRQ"))
    assert kano_coefficients(letters) == kano_coefficients(list("AAOMIRQ"))


@pytest.mark.parametrize("stranger", ["Ł", "ő", "a", ""])  # Ł is U+0141 and ő U+0151: their low bytes are A and Q
def test_kano_coefficients_refuse_a_letter_that_only_looks_like_one_in_a_byte(stranger):
    with pytest.raises(ValueError, match=f"position 2 has {stranger!r}"):
        kano_coefficients(np.array(["A", "O", stranger, "M"]))


def test_kano_table_by_hand():
    functional = pd.DataFrame({"wifi": [1, 1, 2, 3, 1], "lounge": [1, 2, 2, 5, np.nan]})
    dysfunctional = pd.DataFrame({"wifi": [5, 3, 5, 3, 5], "lounge": [2, 5, 5, 1, 3]})
    table = kano_table(functional, dysfunctional)
    # wifi: O, A, M, I, O → O dominant; better (1+2)/5 = 0.6, worse −(2+1)/5 = −0.6
    assert table.loc["wifi", list("AOMIRQ")].tolist() == [1, 2, 1, 1, 0, 0]
    assert table.loc["wifi", "dominant"] == "O"
    assert table.loc["wifi", "better"] == pytest.approx(0.6)
    assert table.loc["wifi", "worse"] == pytest.approx(-0.6)
    # lounge: A, M, M, R, (missing) → M; better 1/3, worse −2/3
    assert table.loc["lounge", list("AOMIRQ")].tolist() == [1, 0, 2, 0, 1, 0]
    assert table.loc["lounge", "dominant"] == "M"
    assert table.loc["lounge", "worse"] == pytest.approx(-2 / 3)


def test_kano_tie_goes_to_must_be_first():
    table = kano_table(pd.DataFrame({"f": [1, 2]}), pd.DataFrame({"f": [3, 5]}))  # one A, one M
    assert table.loc["f", "dominant"] == "M"


def test_importance_performance_by_hand():
    importance = pd.Series([4.5, 4.0, 2.5, 3.0], index=["speed", "courtesy", "decor", "parking"])
    performance = [3.0, 4.5, 4.2, 2.8]
    out = importance_performance(importance, performance)
    # Cut at the means: importance 3.5, performance 3.625.
    assert out["quadrant"].to_dict() == {"speed": "concentrate here", "courtesy": "keep up the good work",
                                         "decor": "possible overkill", "parking": "low priority"}
    fixed = importance_performance([4, 2], [2, 4], labels=["a", "b"], cut=(3, 3))
    assert fixed["quadrant"].tolist() == ["concentrate here", "possible overkill"]
    on_the_line = importance_performance([3, 1], [3, 1], cut=(3, 3))  # ≥ the cut counts as high
    assert on_the_line["quadrant"].tolist() == ["keep up the good work", "low priority"]
    # Medians 2.5 and 2.5; the mean importance (26.5) would call only the outlier important.
    by_median = importance_performance([1, 2, 3, 100], [4, 1, 1, 4], cut="median")
    assert by_median["quadrant"].tolist() == ["possible overkill", "low priority", "concentrate here",
                                              "keep up the good work"]
    by_mean = importance_performance([1, 2, 3, 100], [4, 1, 1, 4])
    assert by_mean["quadrant"].tolist()[2] == "low priority"


def test_importance_performance_table_and_its_inputs():
    importance = pd.Series([6.0, 2.0, 5.0], index=["wait", "decor", "tone"])
    performance = pd.Series([3.0, 6.0, 6.0], index=["wait", "decor", "tone"])
    table = importance_performance(importance, performance)
    importance.iloc[0] = 1.0  # a Series changed afterwards leaves the table alone (copy-on-write)
    assert table.loc["wait", "importance"] == 6.0 and table.loc["wait", "quadrant"] == "concentrate here"
    changed = performance.copy()
    relabelled = importance_performance(importance, changed, labels=["w", "d", "t"])
    changed.iloc[1] = 1.0  # nor does a Series whose values went under other labels
    assert relabelled.loc["d", "performance"] == 6.0
    as_array = np.array([6.0, 2.0, 5.0])
    fresh = importance_performance(as_array, performance.to_numpy())
    as_array[0] = 1.0  # nor does a float array: the table holds its own copy
    assert fresh.loc[0, "importance"] == 6.0
    assert not np.shares_memory(fresh["importance"].to_numpy(), as_array)
    assert fresh["quadrant"].tolist() == table["quadrant"].tolist()
    whole = importance_performance(np.array([6, 2, 5]), [3, 6, 6])  # integers are converted, not shared
    assert whole["importance"].dtype == float and whole["quadrant"].tolist() == table["quadrant"].tolist()


# --- item priorities, and the SERVQUAL survey ------------------------------------------------

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
