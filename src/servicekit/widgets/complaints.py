"""Lesson 05 widget: set each stage's time limit and watch escalations and the complaint KPIs move.

The numbers come from ``servicekit.models.complaints.what_if`` (escalations replayed under the
chosen limits, KPIs from ``servicekit.metrics.complaint_kpis``); this module only wires sliders to it
and draws the result.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt

from servicekit.models.complaints import DEFAULT_LIMITS, STAGES, what_if

from .controls import on_any_change, slider

_SLIDER_MAX = {"received": 12, "validated": 24, "invalid": 48, "in_handling": 96, "answered": 168}
_KPIS_SHOWN = ["first_contact_resolution", "sla_compliance", "escalation_rate", "reopen_rate"]


def escalation_explorer(log, customers=None) -> widgets.VBox:
    """Sliders for every stage's limit (hours) and for the resolution target; a table and bar charts
    show how many complaints escalate in each stage and how the KPIs change."""
    sliders = {state: slider(widgets.FloatSlider, f"{STAGES.loc[state, 'step']} (h)", DEFAULT_LIMITS[state],
                             0.5, _SLIDER_MAX[state], 0.5)
               for state in DEFAULT_LIMITS}
    sla = slider(widgets.FloatSlider, "resolve within (h), the SLA", 24.0, 1.0, 120.0, 1.0)
    reset = widgets.Button(description="Back to the desk's limits")
    result = widgets.HTML()
    chart = widgets.Output()

    def update(*_):
        limits = {state: control.value for state, control in sliders.items()}
        chart.clear_output(wait=True)
        try:
            table, kpis = what_if(log, limits, sla_hours=sla.value, customers=customers)
        except (ValueError, TypeError) as error:
            result.value = f"<span style='color:#b3261e'><b>Cannot replay the log:</b> {html.escape(str(error))}</span>"
            chart.clear_output()  # no stale chart under the message
            return
        result.value = _summary_html(table, kpis)
        with chart:
            _draw(table, kpis)
            plt.show()

    def on_reset(_):
        for state, control in sliders.items():
            control.value = DEFAULT_LIMITS[state]
        sla.value = 24.0

    reset.on_click(on_reset)
    on_any_change([*sliders.values(), sla], update)
    box = widgets.VBox([widgets.HTML("<b>Time limit of each stage</b>"), *sliders.values(), sla, reset,
                        result, chart])
    box.sliders, box.sla, box.result = sliders, sla, result  # handles for tests and curious trainees
    return box


def _summary_html(table, kpis) -> str:
    escalated = kpis["escalation_rate"] * kpis["complaints"] / 100
    rows = "".join(
        f"<tr><td>{html.escape(row.step)}</td><td>{row.limit_hours:g}</td><td>{row.overdue}</td>"
        f"<td>{row.overdue_share:.1f}%</td></tr>"
        for row in table.itertuples()
    )
    return (
        f"<p><b>{escalated:.0f} of {kpis['complaints']:.0f} complaints escalate</b> "
        f"(escalation rate {kpis['escalation_rate']:.1f}%); SLA compliance {kpis['sla_compliance']:.1f}%.</p>"
        "<table><tr><th>stage</th><th>limit (h)</th><th>over the limit</th><th>share</th></tr>"
        f"{rows}</table>"
    )


def _draw(table, kpis) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.4))
    left.barh(table["step"][::-1], table["overdue"][::-1], color="#c0504d")
    left.set_title("Complaints over the limit, by stage")
    left.set_xlabel("complaints")
    shown = kpis[_KPIS_SHOWN]
    right.barh([name.replace("_", " ") for name in shown.index[::-1]], shown.to_numpy()[::-1], color="#2f6f9f")
    right.set_xlim(0, 100)
    right.set_title("Complaint KPIs (percent)")
    for y, value in enumerate(shown.to_numpy()[::-1]):
        right.text(min(value + 1, 88), y, f"{value:.1f}", va="center", fontsize=9)
    fig.tight_layout()
