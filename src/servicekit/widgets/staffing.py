"""Lesson 06 widget: arrival rate, handling time, agents and target → waiting probability, service
level and the staffing curve (service level against the number of agents).

The figures come from ``servicekit.metrics.staffing.staffing_summary`` and ``staffing_curve``, which call
the Erlang C functions of ``servicekit.metrics``; this module only wires sliders to them.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from servicekit.metrics.staffing import staffing_curve, staffing_summary

from .controls import on_any_change, slider


def staffing_explorer(arrival_rate: float = 120, aht: float = 240, agents: int = 10,
                      target_time: float = 20, target_level: float = 80) -> widgets.VBox:
    """Sliders for λ (calls per hour), AHT (seconds), agents N, target time t (s) and target level (%)."""
    rate = slider(widgets.IntSlider, "arrival rate (calls/h)", arrival_rate, 10, 4000, 10)
    handling = slider(widgets.IntSlider, "handling time AHT (s)", aht, 30, 900, 10)
    staff = slider(widgets.IntSlider, "agents on the phones", agents, 1, 300, 1)
    seconds = slider(widgets.IntSlider, "answer within (s)", target_time, 0, 120, 5)
    level = slider(widgets.IntSlider, "target service level (%)", target_level, 50, 99, 1)
    result = widgets.HTML()
    chart = widgets.Output()

    def update(*_):
        chart.clear_output(wait=True)
        figures, message = staffing_summary(rate.value, handling.value, staff.value, seconds.value, level.value)
        if figures is None:
            result.value = f"<span style='color:#b3261e'><b>Cannot compute:</b> {html.escape(message)}</span>"
            chart.clear_output()  # no stale chart under the message
            return
        warning = f"<br><span style='color:#b3261e'>{html.escape(message)}</span>" if message else ""
        result.value = (
            f"<b>Traffic A = {figures['traffic']:.1f} Erlangs.</b> With {staff.value} agents: "
            f"P(wait) = {figures['p_wait']:.3f}, service level = {figures['service_level']:.1f}% "
            f"answered within {seconds.value} s, occupancy = {min(figures['occupancy'], 100):.0f}%.<br>"
            f"Agents needed for {level.value}% within {seconds.value} s: <b>{figures['agents_needed']}</b>."
            f"{warning}"
        )
        with chart:
            _draw(rate.value, handling.value, staff.value, seconds.value, level.value, figures)
            plt.show()

    on_any_change([rate, handling, staff, seconds, level], update)
    box = widgets.VBox([rate, handling, staff, seconds, level, result, chart])
    box.controls = {"arrival_rate": rate, "aht": handling, "agents": staff, "target_time": seconds,
                    "target_level": level}
    box.result = result
    return box


def _draw(rate, aht, agents, target_time, target_level, figures) -> None:
    traffic = figures["traffic"]
    low = int(np.floor(traffic)) + 1
    high = max(agents, figures["agents_needed"]) + max(4, int(np.sqrt(traffic)))
    curve = staffing_curve(rate, aht, target_time, np.arange(low, high + 1))
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.plot(curve["agents"], curve["service_level"], marker=".", color="#2f6f9f", label="service level")
    ax.plot(curve["agents"], 100 * curve["p_wait"], color="#c0504d", ls="--", label="P(wait) × 100")
    ax.axhline(target_level, color="#777", lw=0.8)
    ax.text(low, target_level + 1.5, f"target {target_level}%", fontsize=8, color="#555")
    if agents >= low:
        ax.axvline(agents, color="#1b7f3b", lw=1)
        ax.text(agents, 3, f" {agents} agents", fontsize=8, color="#1b7f3b")
    ax.set_ylim(0, 102)
    ax.set_xlabel("agents N")
    ax.set_ylabel("percent")
    ax.set_title(f"Staffing curve: {rate} calls/h, AHT {aht} s, answer within {target_time} s")
    ax.legend(loc="center right", fontsize=8)
    fig.tight_layout()
