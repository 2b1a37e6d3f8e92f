"""Lesson 07 widget, driven without a browser: move sliders, read what the trainee would see."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from servicekit import data  # noqa: E402
from servicekit.metrics import indicator_scores, weighted_index  # noqa: E402
from servicekit.widgets import quiz  # noqa: E402
from servicekit.widgets.satisfaction import index_summary, weights_explorer, with_weights  # noqa: E402

TREE = data.indicator_tree("natural_gas")
SCORES = indicator_scores(data.load("natural_gas_survey"), TREE)


def _sliders(widget):
    found = {}

    def walk(w):
        if hasattr(w, "children"):
            for child in w.children:
                walk(child)
        elif type(w).__name__ == "FloatSlider":
            found[w.description] = w

    walk(widget)
    return found


def _result(widget):
    return widget.children[3].value


def test_index_summary_matches_weighted_index():
    index, breakdown, message = index_summary(TREE, SCORES, {"supply quality": 0.5, "repair quality": 0.3,
                                                            "meter-reading quality": 0.2})
    assert message == ""
    changed = with_weights(TREE, {"supply quality": 0.5, "repair quality": 0.3, "meter-reading quality": 0.2})
    assert index == pytest.approx(weighted_index(changed, SCORES))
    assert TREE["supply quality"]["weight"] == 0.7, "the original tree must not change"


def test_moving_a_slider_updates_the_index():
    widget = weights_explorer(TREE, SCORES)
    assert f"{weighted_index(TREE, SCORES):.1f}" in _result(widget)
    sliders = _sliders(widget)
    assert len(sliders) == 11
    sliders["supply quality"].value = 0.5
    sliders["repair quality"].value = 0.4
    expected = weighted_index(with_weights(TREE, {"supply quality": 0.5, "repair quality": 0.4}), SCORES)
    assert f"{expected:.1f}" in _result(widget)


def test_impossible_weights_show_a_message_not_a_traceback():
    widget = weights_explorer(TREE, SCORES)
    _sliders(widget)["gas pressure"].value = 0.9
    assert "Cannot compute the index" in _result(widget)
    assert "supply quality" in _result(widget) and "sum to 1.3" in _result(widget)
    widget.children[2].children[0].value = True  # rescale each group
    assert "Satisfaction index" in _result(widget)


def test_quiz_checks_give_reasons():
    ok, message = quiz.check_number("65", 65.0, 0.05)
    assert ok and message == "Right."
    ok, message = quiz.check_number("0.65", 65.0, 0.05)
    assert not ok and "fraction" in message and "65" not in message.replace("0.65", "")
    ok, message = quiz.check_number("abc", 65.0, 0.05)
    assert not ok and "not a number" in message
    assert quiz.check_choice("b", "b", "Why.") == (True, "Right. Why.")
    assert quiz.check_choice(None, "b", "Why.")[0] is False
    with pytest.raises(ValueError, match="answer"):
        quiz.choice("Q?", ["a"], "b", "")
