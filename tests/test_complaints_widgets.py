"""Lesson 05 widget: time limits per stage -> escalations and KPIs."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pytest

from servicekit import data
from servicekit.models import complaints as cp
from servicekit.widgets.complaints import escalation_explorer


@pytest.fixture(scope="module")
def log():
    return data.load("complaint_log")


def escalated_count(box) -> int:
    return int(re.search(r"<b>(\d+) of 3000 complaints escalate", box.result.value).group(1))


def test_widget_starts_at_the_desks_limits(log):
    box = escalation_explorer(log, customers=150_000)
    assert set(box.sliders) == set(cp.DEFAULT_LIMITS)
    assert escalated_count(box) == int(cp.replay(log)["escalated"].sum())


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


def test_a_broken_log_shows_a_message_not_a_traceback(log):
    box = escalation_explorer(log.drop(columns="visited_at"))
    assert "Cannot replay the log" in box.result.value and "visited_at" in box.result.value
