"""Lesson 05 widget: set each stage's time limit and watch escalations and the complaint KPIs move.

The numbers come from ``servicekit.models.complaints.what_if`` (escalations replayed under the
chosen limits, KPIs from ``servicekit.metrics.complaint_kpis``); this module only wires sliders to it
and draws the result. Every word it shows is in ``TEXT`` (English and Chinese), read in the language
in use (``servicekit.set_language``) when the widget is built and each time it redraws.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from servicekit import style
from servicekit.language import lookup, pick
from servicekit.models.complaints import DEFAULT_LIMITS, what_if

from .controls import FIT_LAYOUT, fit_layout, on_any_change, show_figure, slider

_SLIDER_MAX = {"received": 12, "validated": 24, "invalid": 48, "in_handling": 96, "answered": 168}
_KPIS_SHOWN = ["first_contact_resolution", "sla_compliance", "escalation_rate", "reopen_rate"]
_DEFAULT_SLA = 24.0

#: Every text the widget shows, in English and Chinese (S2's names of the process steps).
TEXT = {
    # the stages of the complaint management process, by state
    "received": {"en": "Validity check", "zh": "识别有效投诉"},
    "validated": {"en": "Department takes it up", "zh": "责任部门接手"},
    "invalid": {"en": "Explanation to the customer", "zh": "无效投诉的解释"},
    "in_handling": {"en": "Handling", "zh": "投诉处理"},
    "answered": {"en": "Return visit", "zh": "回访"},
    "limit_slider": {"en": "{stage} (hours)", "zh": "{stage}（小时）"},
    "sla_slider": {"en": "Promised answer time, SLA (hours)", "zh": "承诺的答复时限（小时）"},
    "reset": {"en": "Back to the desk's limits", "zh": "恢复受理台原定时限"},
    "title": {"en": "Time limit of each stage", "zh": "各环节的响应时限"},
    # the KPIs
    "first_contact_resolution": {"en": "First-contact resolution", "zh": "首次解决率"},
    "sla_compliance": {"en": "SLA compliance", "zh": "服务时限达标率"},
    "escalation_rate": {"en": "Escalation rate", "zh": "升级率"},
    "reopen_rate": {"en": "Reopen rate", "zh": "重开率"},
    # the summary and its table
    "summary_one": {"en": "{escalated} of {total} escalates", "zh": "{total}中有{escalated}件升级"},
    "summary_many": {"en": "{escalated} of {total} escalate", "zh": "{total}中有{escalated}件升级"},
    "summary_rest": {"en": " (escalation rate {rate}); SLA compliance {sla} with answers promised within {hours}.",
                     "zh": "（升级率{rate}）；{hours}内答复的服务时限达标率为{sla}。"},
    "undecided": {"en": "not known yet (no complaint's deadline has passed)",
                  "zh": "尚无法计算（还没有投诉到期）"},
    "col_stage": {"en": "Stage", "zh": "环节"},
    "col_limit": {"en": "Time limit (hours)", "zh": "响应时限（小时）"},
    "col_passed": {"en": "Complaints through the stage", "zh": "经过该环节的投诉（件）"},
    "col_overdue": {"en": "Over the limit", "zh": "超时投诉（件）"},
    "col_share": {"en": "Share over the limit (%)", "zh": "超时比例（%）"},
    "cannot": {"en": "Cannot replay the complaint log:", "zh": "无法重放投诉记录："},
    "gap": {"en": " ", "zh": ""},  # between a bold heading and its sentence
    "cannot_fix": {"en": "Check that the log has every column and time the lesson's log has.",
                   "zh": "请检查投诉记录是否具备本课投诉记录中的所有列和时间。"},
    # the charts
    "left_title": {"en": "Complaints over the limit, by stage", "zh": "各环节超时的投诉"},
    "left_x": {"en": "Complaints", "zh": "投诉（件）"},
    "right_title": {"en": "Complaint KPIs (%)", "zh": "投诉处理KPI（%）"},
    "right_x": {"en": "Percent of complaints", "zh": "占投诉的百分比（%）"},
}

#: A count of complaints, singular or plural.
COMPLAINTS = {"en": ("complaint", "complaints"), "zh": "件投诉"}
#: A count of hours, singular or plural.
HOURS = {"en": ("hour", "hours"), "zh": "小时"}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def _hours(value: float) -> str:
    """A number of hours as a trainee reads it: ``24 hours``, ``1 hour``, ``1.5 hours``."""
    if float(value).is_integer():
        return style.count(int(value), HOURS)
    text = style.number(value, 1)
    return pick({"en": f"{text} {HOURS['en'][1]}", "zh": f"{text}{HOURS['zh']}"})


def escalation_explorer(log, customers=None) -> widgets.VBox:
    """Sliders for every stage's limit (hours) and for the promised answer time (the SLA); a table
    and bar charts show how many complaints escalate in each stage and how the KPIs change."""
    sliders = {state: slider(widgets.FloatSlider, _t("limit_slider", stage=_t(state)), DEFAULT_LIMITS[state],
                             0.5, _SLIDER_MAX[state], 0.5)
               for state in DEFAULT_LIMITS}
    sla = slider(widgets.FloatSlider, _t("sla_slider"), _DEFAULT_SLA, 1.0, 120.0, 1.0)
    reset = widgets.Button(description=_t("reset"), layout=FIT_LAYOUT)
    result = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([widgets.HTML(f"<b>{html.escape(_t('title'))}</b>"), *sliders.values(), sla, reset,
                        result, chart])
    # handles for tests and curious trainees; ``figure`` is the chart shown (None when there is none)
    box.sliders, box.sla, box.reset, box.result, box.chart, box.figure = sliders, sla, reset, result, chart, None

    def update(*_):
        limits = {state: control.value for state, control in sliders.items()}
        try:
            table, kpis = what_if(log, limits, sla_hours=sla.value, customers=customers)
        except (ValueError, TypeError, KeyError) as error:
            result.value = (f"<span style='color:#b3261e'><b>{html.escape(_t('cannot'))}</b>{_t('gap')}"
                            f"{html.escape(str(error))}<br>{html.escape(_t('cannot_fix'))}</span>")
            chart.outputs, box.figure = (), None  # no stale chart under the message
            return
        result.value = _summary_html(table, kpis, sla.value)
        box.figure = _draw(table, kpis)
        show_figure(chart, box.figure)

    def on_reset(_):
        for state, control in sliders.items():
            control.value = DEFAULT_LIMITS[state]
        sla.value = _DEFAULT_SLA

    reset.on_click(on_reset)
    on_any_change([*sliders.values(), sla], update)
    return box


def _share(value: float) -> str:
    return _t("undecided") if value is None or math.isnan(value) else style.percent(value)


def _summary_html(table: pd.DataFrame, kpis: pd.Series, sla_hours: float) -> str:
    total = int(kpis["complaints"])
    escalated = int(round(kpis["escalation_rate"] * total / 100))
    headline = _t("summary_one" if escalated == 1 else "summary_many",
                  escalated=style.number(escalated), total=style.count(total, COMPLAINTS))
    rest = _t("summary_rest", rate=style.percent(kpis["escalation_rate"]), sla=_share(kpis["sla_compliance"]),
              hours=_hours(sla_hours))
    shown = pd.DataFrame({
        "stage": [_t(state) for state in table.index],
        "limit": table["limit_hours"].to_numpy(),
        "passed": table["complaints"].to_numpy(),
        "overdue": table["overdue"].to_numpy(),
        "share": table["overdue_share"].to_numpy(),
    })
    labels = {"stage": TEXT["col_stage"], "limit": TEXT["col_limit"], "passed": TEXT["col_passed"],
              "overdue": TEXT["col_overdue"], "share": TEXT["col_share"]}
    return (f"<p><b>{html.escape(headline)}</b>{html.escape(rest)}</p>"
            + style.table_html(shown, labels, decimals={"limit": 1, "passed": 0, "overdue": 0, "share": 1}))


def _draw(table: pd.DataFrame, kpis: pd.Series):
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.4))
    stages = [_t(state) for state in table.index]
    left.barh(stages[::-1], table["overdue"].to_numpy()[::-1], color="#c0504d")
    left.set_title(_t("left_title"))
    left.set_xlabel(_t("left_x"))
    values = kpis[_KPIS_SHOWN].to_numpy()[::-1]
    names = [_t(name) for name in _KPIS_SHOWN][::-1]
    right.barh(names, [0 if math.isnan(v) else v for v in values], color="#2f6f9f")
    right.set_xlim(0, 100)
    right.set_title(_t("right_title"))
    right.set_xlabel(_t("right_x"))
    for y, value in enumerate(values):
        if math.isnan(value):
            continue
        if value > 88:  # no room to the right of the bar: inside it, in white
            right.text(value - 1, y, style.number(value, 1), va="center", ha="right", fontsize=9, color="white")
        else:
            right.text(value + 1, y, style.number(value, 1), va="center", fontsize=9)
    fit_layout(fig, "escalation")
    return fig
