"""Service quality: SERVQUAL gaps, Kano, importance–performance and customer effort, each worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicekit.metrics import (
    customer_effort_score,
    importance_performance,
    kano_category,
    kano_coefficients,
    kano_table,
    servqual_gaps,
    servqual_item_gaps,
    weighted_servqual,
)

# Three respondents, four items on a 7-point scale; two dimensions.
EXPECT = pd.DataFrame({"rel1": [7, 6, 7], "rel2": [6, 6, 6], "res1": [5, 6, 7], "res2": [6, 5, np.nan]})
PERCEIVE = pd.DataFrame({"rel1": [5, 5, 6], "rel2": [6, 5, 4], "res1": [6, 6, 6], "res2": [6, 6, 6]})
DIMENSIONS = {"reliability": ["rel1", "rel2"], "responsiveness": ["res1", "res2"]}


def test_servqual_items_by_hand():
    items = servqual_item_gaps(EXPECT, PERCEIVE)
    # rel1: Ē = 20/3 = 6.667, P̄ = 16/3 = 5.333, gap −1.333; res2 skips the missing answer: Ē = 5.5.
    assert items.loc["rel1", "gap"] == pytest.approx(-4 / 3)
    assert items.loc["rel2", "gap"] == pytest.approx(5 - 6)
    assert items.loc["res2", "expectation"] == pytest.approx(5.5)
    assert items.loc["res2", "gap"] == pytest.approx(0.5)


def test_servqual_dimensions_by_hand():
    gaps = servqual_gaps(EXPECT, PERCEIVE, DIMENSIONS)
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
    pd.testing.assert_frame_equal(servqual_gaps(EXPECT, shuffled, DIMENSIONS),
                                  servqual_gaps(EXPECT, PERCEIVE, DIMENSIONS))


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
    # A letter array (what kano_category returns) is counted one byte per answer: same answer.
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
    shared = importance_performance(as_array, performance.to_numpy())
    assert np.shares_memory(shared["importance"].to_numpy(), as_array)  # documented: no copy of a float array
    assert shared["quadrant"].tolist() == table["quadrant"].tolist()
    whole = importance_performance(np.array([6, 2, 5]), [3, 6, 6])  # integers are converted, not shared
    assert whole["importance"].dtype == float and whole["quadrant"].tolist() == table["quadrant"].tolist()

def test_customer_effort_score_by_hand():
    assert customer_effort_score([7, 6, 5, 2]) == pytest.approx(5.0)
    assert customer_effort_score([1, 5, 3], scale_max=5) == pytest.approx(3.0)
