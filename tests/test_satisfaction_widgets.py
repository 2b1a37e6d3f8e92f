"""Lesson 07 widget, driven without a browser: move sliders, read what the trainee would see, in
English and in Chinese."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from language_checks import english_words, figure_texts, shown_texts  # noqa: E402

from servicekit import data, style  # noqa: E402
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
    assert len(sliders) == 11 and "Gas pressure" in sliders and "gas_pressure" not in sliders
    sliders["Supply quality"].value = 0.5
    sliders["Repair quality"].value = 0.4
    expected = weighted_index(with_weights(TREE, {"supply quality": 0.5, "repair quality": 0.4}), SCORES)
    assert f"{expected:.1f}" in _result(widget)
    widget.reset.click()
    assert f"{weighted_index(TREE, SCORES):.1f}" in _result(widget)


def test_impossible_weights_clear_the_chart_and_say_what_to_change():
    widget = weights_explorer(TREE, SCORES)
    assert widget.figure is not None and widget.chart.outputs[0]["data"]["image/png"], "the chart is on show"
    _sliders(widget)["Gas pressure"].value = 0.9
    assert "Cannot compute the index" in _result(widget)
    assert "The weights under Supply quality add up to 1.30, not 1. Lower them by 0.30" in _result(widget)
    assert "Satisfaction index" not in _result(widget), "no stale number under the message"
    assert widget.figure is None and widget.chart.outputs == (), "no stale chart under the message"
    widget.normalize.value = True  # rescale each group
    assert "Satisfaction index" in _result(widget) and widget.figure is not None and widget.chart.outputs
    widget.normalize.value = False
    _sliders(widget)["Gas pressure"].value = 0.6  # back as it was
    assert "Satisfaction index" in _result(widget) and widget.figure is not None


def test_weights_that_are_all_zero_cannot_be_rescaled():
    widget = weights_explorer(TREE, SCORES)
    widget.normalize.value = True
    for name in ("Gas pressure", "Gas quality"):
        _sliders(widget)[name].value = 0.0
    assert "under Supply quality are all 0" in _result(widget) and widget.figure is None
    _sliders(widget)["Gas quality"].value = 0.5
    assert "Satisfaction index" in _result(widget) and widget.figure is not None


def test_the_chart_names_the_indicators():
    widget = weights_explorer(TREE, SCORES)
    texts = figure_texts(widget.figure)
    assert "Gas pressure" in texts and "Bill delivered on time" in texts
    assert any(text.startswith("Contribution to the index") for text in texts)


def test_in_chinese_every_word_of_the_widget_and_its_charts_is_chinese(chinese):
    widget = weights_explorer(TREE, SCORES)
    sliders = _sliders(widget)
    assert "供气压力" in sliders and "抄表是否有差错" in sliders
    sliders["维修质量"].value = 0.3
    sliders["抄表质量"].value = 0.0
    assert "顾客满意度指数" in _result(widget)
    assert english_words(shown_texts(widget)) == []
    assert english_words(figure_texts(widget.figure)) == []
    assert style.missing_glyphs(widget.figure) == []
    sliders["供气压力"].value = 0.9
    assert "“供气质量”下各指标的权重合计为1.30" in _result(widget) and widget.figure is None
    assert english_words(shown_texts(widget)) == []


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
