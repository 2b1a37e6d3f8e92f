"""Lesson 06 widget: arrival rate, handling time, agents and target → waiting probability, service
level and the staffing curve (service level against the number of agents).

The figures come from ``servicekit.metrics.staffing.staffing_summary`` and ``staffing_curve``, which call
the Erlang C functions of ``servicekit.metrics``; this module only wires sliders to them. Every word it
shows is in ``TEXT`` (English and Chinese), read in the language in use (``servicekit.set_language``)
when the widget is built and each time it redraws.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from servicekit import style
from servicekit.language import lookup
from servicekit.metrics.staffing import AGENTS, staffing_curve, staffing_summary

from .controls import fit_layout, on_any_change, show_figure, slider

#: Every text the widget shows, in English and Chinese (the terms of lesson 06's glossary).
TEXT = {
    "rate": {"en": "Calls per hour (arrival rate)", "zh": "每小时呼入量（个）"},
    "aht": {"en": "Average handling time, AHT (s)", "zh": "平均处理时长 AHT（秒）"},
    "agents": {"en": "Agents on the phones", "zh": "在线座席（名）"},
    "seconds": {"en": "Answer within (seconds)", "zh": "目标接通时间（秒）"},
    "level": {"en": "Target service level (%)", "zh": "目标服务水平（%）"},
    "traffic": {"en": "Traffic A = {traffic} Erlangs.", "zh": "话务量 A = {traffic}爱尔兰。"},
    "figures": {"en": " With {agents}: a call waits with probability P(wait) = {p_wait}; service level {level} "
                      "answered within {seconds} s; occupancy {occupancy}.",
                "zh": "有{agents}时：等待概率为{p_wait}；服务水平为{seconds}秒内接通{level}；座席占用率为{occupancy}。"},
    "needed": {"en": "Agents needed for {level} within {seconds} s: <b>{needed}</b>.",
               "zh": "要在{seconds}秒内接通{level}的来电，需要<b>{needed}</b>。"},
    "cannot": {"en": "No stable queue:", "zh": "队列无法稳定："},
    "cannot_compute": {"en": "Cannot compute:", "zh": "无法计算："},
    "gap": {"en": " ", "zh": ""},  # between a bold heading and its sentence
    # the chart
    "curve_level": {"en": "Service level (%)", "zh": "服务水平（%）"},
    "curve_wait": {"en": "Probability of waiting (%)", "zh": "等待概率（%）"},
    "target": {"en": "Target {level}", "zh": "目标{level}"},
    "x": {"en": "Agents N", "zh": "座席数 N"},
    "y": {"en": "Percent (%)", "zh": "百分比（%）"},
    "title": {"en": "Staffing curve: {rate} calls per hour, AHT {aht} s, answer within {seconds} s",
              "zh": "人员配置曲线：每小时呼入{rate}个，AHT {aht}秒，{seconds}秒内接通"},
}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def staffing_explorer(arrival_rate: float = 120, aht: float = 240, agents: int = 10,
                      target_time: float = 20, target_level: float = 80) -> widgets.VBox:
    """Sliders for the calls per hour λ, the handling time AHT (seconds), the agents N, the answer
    time t (seconds) and the target service level (%)."""
    rate = slider(widgets.IntSlider, _t("rate"), arrival_rate, 10, 4000, 10)
    handling = slider(widgets.IntSlider, _t("aht"), aht, 30, 900, 10)
    staff = slider(widgets.IntSlider, _t("agents"), agents, 1, 300, 1)
    seconds = slider(widgets.IntSlider, _t("seconds"), target_time, 0, 120, 5)
    level = slider(widgets.IntSlider, _t("level"), target_level, 50, 99, 1)
    result = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([rate, handling, staff, seconds, level, result, chart])
    box.controls = {"arrival_rate": rate, "aht": handling, "agents": staff, "target_time": seconds,
                    "target_level": level}
    # handles for tests and curious trainees; ``figure`` is the chart shown (None when there is none)
    box.result, box.chart, box.figure = result, chart, None

    def clear(title: str, message: str) -> None:
        result.value = (f"<span style='color:#b3261e'><b>{html.escape(title)}</b>{_t('gap')}"
                        f"{html.escape(message)}</span>")
        chart.outputs, box.figure = (), None  # no stale chart under the message

    def update(*_):
        figures, message = staffing_summary(rate.value, handling.value, staff.value, seconds.value, level.value)
        if figures is None:
            clear(_t("cannot_compute"), message)
            return
        if message:  # no more agents than Erlangs: the queue never settles, no curve to read
            clear(_t("cannot"), message)
            return
        target = style.percent(level.value, 0)
        result.value = (
            f"<b>{html.escape(_t('traffic', traffic=style.number(figures['traffic'], 1)))}</b>"
            + html.escape(_t("figures", agents=style.count(staff.value, AGENTS),
                             p_wait=style.number(figures["p_wait"], 3),
                             level=style.percent(figures["service_level"]), seconds=seconds.value,
                             occupancy=style.percent(min(figures["occupancy"], 100), 0)))
            + "<br>" + _t("needed", level=target, seconds=seconds.value,
                          needed=html.escape(style.count(figures["agents_needed"], AGENTS)))
        )
        box.figure = _draw(rate.value, handling.value, staff.value, seconds.value, level.value, figures)
        show_figure(chart, box.figure)

    on_any_change([rate, handling, staff, seconds, level], update)
    return box


def _draw(rate, aht, agents, target_time, target_level, figures):
    traffic = figures["traffic"]
    low = int(np.floor(traffic)) + 1
    high = max(agents, figures["agents_needed"]) + max(4, int(np.sqrt(traffic)))
    curve = staffing_curve(rate, aht, target_time, np.arange(low, high + 1))
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.plot(curve["agents"], curve["service_level"], marker=".", color="#2f6f9f", label=_t("curve_level"))
    ax.plot(curve["agents"], 100 * curve["p_wait"], color="#c0504d", ls="--", label=_t("curve_wait"))
    ax.axhline(target_level, color="#777", lw=0.8)
    ax.text(low, target_level + 1.5, _t("target", level=style.percent(target_level, 0)), fontsize=8, color="#555")
    if agents >= low:
        ax.axvline(agents, color="#1b7f3b", lw=1)
        ax.text(agents, 3, " " + style.count(agents, AGENTS), fontsize=8, color="#1b7f3b")
    ax.set_ylim(0, 102)
    ax.set_xlabel(_t("x"))
    ax.set_ylabel(_t("y"))
    ax.set_title(_t("title", rate=style.number(rate), aht=style.number(aht), seconds=target_time))
    ax.legend(loc="center right", fontsize=8)
    fit_layout(fig, "staffing")
    return fig
