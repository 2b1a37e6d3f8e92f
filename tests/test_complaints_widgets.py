"""Lesson 05 widget: time limits per stage -> escalations and KPIs, in English and in Chinese."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from language_checks import english_words, figure_texts, shown_texts  # noqa: E402

import servicekit  # noqa: E402
from servicekit import data, style  # noqa: E402
from servicekit.models import complaints as cp  # noqa: E402
from servicekit.widgets.complaints import escalation_explorer  # noqa: E402
from servicekit.widgets.controls import FIT_LAYOUT  # noqa: E402


@pytest.fixture(scope="module")
def log():
    return data.load("complaint_log")


def escalated_count(box) -> int:
    return int(re.search(r"<b>(\d+) of 3,000 complaints escalates?</b>", box.result.value).group(1))


def test_widget_starts_at_the_desks_limits(log):
    box = escalation_explorer(log, customers=150_000)
    assert set(box.sliders) == set(cp.DEFAULT_LIMITS)
    assert escalated_count(box) == int(cp.replay(log)["escalated"].sum())
    assert box.sliders["validated"].description == "Department takes it up (hours)"
    assert box.figure is not None and box.chart.outputs[0]["data"]["image/png"], "the chart is on show"


def test_moving_a_slider_changes_the_escalations(log):
    box = escalation_explorer(log)
    before = escalated_count(box)
    box.sliders["validated"].value = 12.0
    after = escalated_count(box)
    assert after < before
    assert after == int(cp.replay(log, {"validated": 12.0})["escalated"].sum())
    box.sla.value = 12.0
    compliance = float(re.search(r"SLA compliance ([\d.]+)%", box.result.value).group(1))
    hours = (log["resolved_at"] - log["received_at"]).dt.total_seconds() / 3600
    assert compliance == pytest.approx(100 * (hours <= 12).mean(), abs=0.05)
    assert "within 12 hours" in box.result.value
    box.reset.click()
    assert escalated_count(box) == before and box.sla.value == 24.0


def test_the_table_has_human_headers_and_formatted_numbers(log):
    box = escalation_explorer(log)
    shown = box.result.value
    assert "<th>Stage</th><th>Time limit (hours)</th>" in shown and "<th>Share over the limit (%)</th>" in shown
    assert "<td>Department takes it up</td>" in shown and ">2,847<" in shown
    assert "limit_hours" not in shown and "overdue_share" not in shown and "in_handling" not in shown
    texts = figure_texts(box.figure)
    assert "First-contact resolution" in texts and "first contact resolution" not in texts


@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_reset_button_is_as_wide_as_its_label(log, code):
    """A button is 148 px wide unless told otherwise, and cuts "Back to the desk's limits" short."""
    servicekit.set_language(code)
    try:
        assert escalation_explorer(log).reset.layout.width == FIT_LAYOUT["width"]
    finally:
        servicekit.set_language("en")


def test_a_broken_log_shows_a_message_not_a_traceback(log):
    box = escalation_explorer(log.drop(columns="visited_at"))
    assert "Cannot replay the complaint log" in box.result.value and "visited_at" in box.result.value
    assert box.figure is None and box.chart.outputs == (), "no chart under the message"


def test_in_chinese_every_word_of_the_widget_and_its_charts_is_chinese(log, chinese):
    box = escalation_explorer(log, customers=150_000)
    box.sliders["validated"].value = 8.0
    assert box.sliders["validated"].description == "责任部门接手（小时）"
    assert "件投诉中有" in box.result.value and "服务时限达标率" in box.result.value
    assert english_words(shown_texts(box)) == []
    assert english_words(figure_texts(box.figure)) == []
    assert style.missing_glyphs(box.figure) == []


def test_in_chinese_a_broken_log_gives_a_chinese_message(log, chinese):
    box = escalation_explorer(log.drop(columns="visited_at"))
    assert "无法重放投诉记录" in box.result.value and box.figure is None
