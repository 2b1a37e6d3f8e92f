"""Lesson 06 widget: the staffing explorer; move the number of agents, read the wait and the service
level, in English and in Chinese."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from language_checks import english_words, figure_texts, shown_texts  # noqa: E402

from servicekit import style  # noqa: E402
from servicekit.widgets.staffing import staffing_explorer  # noqa: E402


def test_staffing_widget_moves():
    box = staffing_explorer(arrival_rate=120, aht=240, agents=10)
    assert "P(wait) = 0.409" in box.result.value and "<b>11 agents</b>" in box.result.value
    assert "Traffic A = 8.0 Erlangs" in box.result.value and box.figure is not None
    box.controls["agents"].value = 12
    assert "With 12 agents" in box.result.value


def test_labels_are_human_and_counts_take_the_singular():
    box = staffing_explorer(arrival_rate=10, aht=30, agents=1)
    descriptions = [control.description for control in box.controls.values()]
    assert descriptions == ["Calls per hour (arrival rate)", "Average handling time, AHT (s)", "Agents on the phones",
                            "Answer within (seconds)", "Target service level (%)"]
    assert "With 1 agent:" in box.result.value and "1 agents" not in box.result.value
    texts = figure_texts(box.figure)
    assert "Staffing curve: 10 calls per hour, AHT 30 s, answer within 20 s" in texts
    assert "Agents N" in texts and "Probability of waiting (%)" in texts


def test_fewer_agents_than_erlangs_clears_the_chart_and_says_what_to_change():
    box = staffing_explorer(arrival_rate=120, aht=240, agents=10)
    assert box.chart.outputs[0]["data"]["image/png"], "the chart is on show"
    box.controls["agents"].value = 5  # fewer agents than Erlangs: no stable queue
    assert "cannot keep up" in box.result.value and "Add agents (at least 9 agents to keep up" in box.result.value
    assert box.figure is None and box.chart.outputs == (), "no stale chart under the message"
    assert "P(wait)" not in box.result.value, "no stale number under the message"
    box.controls["agents"].value = 10
    assert box.figure is not None and box.chart.outputs and "With 10 agents" in box.result.value


def test_in_chinese_every_word_of_the_widget_and_its_chart_is_chinese(chinese):
    box = staffing_explorer(arrival_rate=120, aht=240, agents=10)
    box.controls["agents"].value = 12
    assert "有12名座席时" in box.result.value and "爱尔兰" in box.result.value
    assert english_words(shown_texts(box)) == []
    assert english_words(figure_texts(box.figure)) == []
    assert style.missing_glyphs(box.figure) == []
    box.controls["agents"].value = 5
    assert "应付不了" in box.result.value and box.figure is None
    assert english_words(shown_texts(box)) == []
