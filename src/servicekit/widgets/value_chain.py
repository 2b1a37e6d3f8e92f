"""Lesson 01 widget: retention against acquisition over ten years.

    from servicekit.widgets.value_chain import retention_simulator
    retention_simulator()

The numbers come from ``servicekit.metrics.value_chain.lever_comparison`` and friends; this module only
wires sliders to them and draws the result.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..metrics import value_chain
from .controls import on_any_change, slider


def _summary_table(plans) -> str:
    last = plans[plans["year"] == plans["year"].max()].set_index("plan")
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td style='text-align:right'>{row.customers_end:,.0f}</td>"
        f"<td style='text-align:right'>{row.cumulative_profit:,.0f}</td></tr>"
        for name, row in last.iterrows()
    )
    years = int(plans["year"].max())
    return (f"<table><tr><th>plan</th><th>customers after {years} years</th>"
            f"<th>profit over {years} years (yuan)</th></tr>{rows}</table>")


def retention_simulator(start_customers: int = 10_000, retention: float = 0.80,
                        acquisition_budget: float = 200_000, acquisition_cost: float = 100,
                        margin: float = 150, years: int = 10) -> widgets.VBox:
    """Sliders for the customer base, retention, acquisition budget and margin; charts of ten years.

    Three plans are drawn: the settings as they are, retention a few points higher, and a bigger
    acquisition budget. The returned box has ``controls`` (name → slider) and ``summary`` (the HTML
    with the numbers), so it can be driven and read without a browser.
    """
    controls = {
        "start_customers": slider(widgets.IntSlider, "Customers today", start_customers, 0, 100_000, 500),
        "retention": slider(widgets.FloatSlider, "Retention rate (share kept a year)", retention,
                             0.0, 0.99, 0.01, ".2f"),
        "acquisition_budget": slider(widgets.IntSlider, "Acquisition spend a year (yuan)",
                                      int(acquisition_budget), 0, 2_000_000, 10_000),
        "acquisition_cost": slider(widgets.IntSlider, "Cost per new customer (yuan)",
                                    int(acquisition_cost), 1, 2_000, 10),
        "margin": slider(widgets.IntSlider, "Margin per customer a year (yuan)", int(margin), 0, 2_000, 10),
        "retention_gain": slider(widgets.FloatSlider, "Retention plan: extra points kept", 0.05,
                                  0.0, 0.20, 0.01, ".2f"),
        "budget_gain": slider(widgets.FloatSlider, "Acquisition plan: extra budget", 0.20,
                               0.0, 2.0, 0.05, ".0%"),
    }
    summary = widgets.HTML()
    chart = widgets.Output()

    def update(_=None):
        values = {name: control.value for name, control in controls.items()}
        try:
            plans = value_chain.lever_comparison(years=years, **values)
            matching = value_chain.equivalent_acquisition_increase(values["retention"], values["retention_gain"])
        except (ValueError, TypeError) as problem:
            summary.value = f"<p style='color:#b3261e'><b>This setting does not work:</b> {html.escape(str(problem))}</p>"
            chart.clear_output()
            return
        won = values["acquisition_budget"] / values["acquisition_cost"]
        steady = value_chain.steady_state_customers(values["retention"], won)
        summary.value = (
            f"<p>You win {won:,.0f} customers a year and keep {values['retention']:.0%} of the base each year, "
            f"so the base settles at about <b>{steady:,.0f}</b> customers (won ÷ (1 − retention)). "
            f"Keeping {values['retention_gain'] * 100:g} more points of customers is worth as much, in the long run, "
            f"as an acquisition budget <b>{matching:,.0f}% larger</b>.</p>" + _summary_table(plans)
        )
        with chart:
            chart.clear_output(wait=True)
            fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
            for name, plan in plans.groupby("plan", sort=False):
                left.plot(plan["year"], plan["customers_end"], marker="o", label=name)
                right.plot(plan["year"], plan["cumulative_profit"] / 1e6, marker="o", label=name)
            left.set(title="Customer base", xlabel="year", ylabel="customers at year end")
            right.set(title="Cumulative profit", xlabel="year", ylabel="million yuan")
            left.legend(fontsize="small")
            fig.tight_layout()
            plt.show()
            plt.close(fig)

    on_any_change(controls, update)
    box = widgets.VBox([widgets.HTML("<b>Retention or acquisition?</b>"), *controls.values(), summary, chart])
    box.controls, box.summary = controls, summary
    return box
