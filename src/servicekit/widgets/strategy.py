"""Lesson 02 widgets: the VMI savings simulator and the service-strategy map.

    from servicekit.widgets.strategy import vmi_simulator, strategy_map
    vmi_simulator()
    strategy_map(servicekit.data.load("airline_routes"))

The numbers come from ``servicekit.metrics.strategy.vmi_savings`` and ``carrier_positions``; this module
only wires controls to them and draws the result.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from ..metrics import strategy
from .controls import dropdown, on_any_change, slider, toggle


def _problem(problem: Exception) -> str:
    return f"<p style='color:#b3261e'><b>This setting does not work:</b> {html.escape(str(problem))}</p>"


def vmi_simulator(deliveries_before: float = 6.0, deliveries_after: float = 1.5, cost_per_delivery: float = 100,
                  safety_stock_before: float = 800_000, safety_stock_after: float = 400_000,
                  holding_cost_rate: float = 0.20, onsite_staff_cost: float = 54_000) -> widgets.VBox:
    """Sliders for one hospital's deliveries, stock and costs; both sides' yearly savings.

    The returned box has ``controls`` (name → slider) and ``summary`` (HTML with the numbers).
    """
    controls = {
        "deliveries_before": slider(widgets.FloatSlider, "Deliveries a day before VMI", deliveries_before,
                                     0, 12, 0.5, ".1f"),
        "deliveries_after": slider(widgets.FloatSlider, "Deliveries a day with VMI", deliveries_after,
                                    0, 12, 0.5, ".1f"),
        "cost_per_delivery": slider(widgets.IntSlider, "Cost of one delivery (yuan)", int(cost_per_delivery),
                                     0, 500, 5),
        "safety_stock_before": slider(widgets.IntSlider, "Safety stock before (yuan)", int(safety_stock_before),
                                       0, 3_000_000, 50_000),
        "safety_stock_after": slider(widgets.IntSlider, "Safety stock with VMI (yuan)", int(safety_stock_after),
                                      0, 3_000_000, 50_000),
        "holding_cost_rate": slider(widgets.FloatSlider, "Holding cost (share of stock a year)", holding_cost_rate,
                                     0, 0.5, 0.01, ".0%"),
        "onsite_staff_cost": slider(widgets.IntSlider, "On-site VMI staff cost a year (yuan)",
                                     int(onsite_staff_cost), 0, 300_000, 2_000),
    }
    summary = widgets.HTML()
    chart = widgets.Output()

    def update(_=None):
        values = {name: control.value for name, control in controls.items()}
        try:
            result = strategy.vmi_savings(**values)
        except (ValueError, TypeError) as problem:
            summary.value = _problem(problem)
            chart.clear_output()
            return
        warning = ""
        if values["deliveries_after"] > values["deliveries_before"]:
            warning = "<p style='color:#b3261e'>With VMI you now deliver <i>more</i> often: the distributor loses.</p>"
        summary.value = (
            f"<p>Per hospital and year: <b>{result['deliveries_saved']:,.0f}</b> fewer delivery runs save the "
            f"distributor <b>{result['distributor_delivery_saving']:,.0f}</b> yuan; after paying its on-site staff "
            f"({result['onsite_staff_cost']:,.0f}) it keeps <b>{result['distributor_net_saving']:,.0f}</b>. "
            f"The hospital frees <b>{result['stock_released']:,.0f}</b> yuan of stock once, and saves "
            f"<b>{result['hospital_holding_saving']:,.0f}</b> yuan of holding cost every year. "
            f"Together: <b>{result['total_yearly_saving']:,.0f}</b> yuan a year.</p>" + warning
        )
        with chart:
            chart.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(7, 3))
            parts = pd.Series({
                "distributor:\ndelivery saving": result["distributor_delivery_saving"],
                "distributor:\non-site staff": -result["onsite_staff_cost"],
                "hospital:\nholding saving": result["hospital_holding_saving"],
                "total a year": result["total_yearly_saving"],
            }) / 1000
            ax.barh(parts.index[::-1], parts.to_numpy()[::-1],
                    color=["#4c72b0", "#55a868", "#c44e52", "#4c72b0"][::-1])
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set(xlabel="thousand yuan a year", title="Who saves what with VMI (one hospital)")
            fig.tight_layout()
            plt.show()
            plt.close(fig)

    on_any_change(controls, update)
    box = widgets.VBox([widgets.HTML("<b>Vendor-managed inventory: who saves what?</b>"),
                        *controls.values(), summary, chart])
    box.controls, box.summary = controls, summary
    return box


SERVICE_MEASURES = {
    "Passenger service rating (0-100)": "service_score",
    "Seat pitch (cm)": "seat_pitch_cm",
    "Free baggage (kg)": "free_bag_kg",
    "On-time arrivals (%)": "on_time_pct",
}
_COLOURS = {"low-cost": "#c44e52", "full-service": "#4c72b0", "hybrid": "#8c8c8c"}


def strategy_map(routes: pd.DataFrame) -> widgets.VBox:
    """Carriers placed by service level (up) against cost per seat-km (right).

    The shaded corners are the two consistent positions of lesson 02: high quality at high cost
    (top right) and low quality at low cost (bottom left). The dashed lines are the averages over
    the carriers. A dropdown changes the measure of service. The returned box has ``controls`` and
    ``summary`` (an HTML table of the positions).
    """
    measure = dropdown("Service measured by", list(SERVICE_MEASURES), "Passenger service rating (0-100)")
    labels = toggle("Show carrier names", True)
    summary = widgets.HTML()
    chart = widgets.Output()

    def update(_=None):
        column = SERVICE_MEASURES[measure.value]
        try:
            table = strategy.carrier_positions(routes, service=column)
        except (ValueError, TypeError) as problem:
            summary.value = _problem(problem)
            chart.clear_output()
            return
        cost = "cost_per_seat_km"
        shown = table[["carrier_type", column, cost, "position"]].round(3)
        summary.value = shown.to_html()
        with chart:
            chart.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(7, 4.5))
            x_cut, y_cut = table[cost].mean(), table[column].mean()
            x_pad = (table[cost].max() - table[cost].min()) * 0.35 or 0.05
            y_pad = (table[column].max() - table[column].min()) * 0.25 or 1
            x_lo, x_hi = table[cost].min() - x_pad, table[cost].max() + x_pad
            y_lo, y_hi = table[column].min() - y_pad, table[column].max() + y_pad
            ax.fill_between([x_cut, x_hi], y_cut, y_hi, color="#4c72b0", alpha=0.08)
            ax.fill_between([x_lo, x_cut], y_lo, y_cut, color="#c44e52", alpha=0.08)
            ax.text(x_hi, y_hi, "high quality, high cost ", ha="right", va="top", color="#4c72b0")
            ax.text(x_lo, y_lo, " low quality, low cost", ha="left", va="bottom", color="#c44e52")
            ax.axvline(x_cut, color="grey", linestyle="--", linewidth=0.8)
            ax.axhline(y_cut, color="grey", linestyle="--", linewidth=0.8)
            size = 400 * table["weekly_seat_km"] / table["weekly_seat_km"].max()
            ax.scatter(table[cost], table[column], s=size, c=table["carrier_type"].map(_COLOURS),
                       edgecolor="black", zorder=3)
            if labels.value:
                # Alternate label sides, from the highest service down, so close neighbours do not overlap.
                ranked = table.sort_values(column, ascending=False)
                for rank, (name, row) in enumerate(ranked.iterrows()):
                    right = rank % 2 == 1
                    ax.annotate(name, (row[cost], row[column]), textcoords="offset points",
                                xytext=(12, -4) if right else (-12, 4), ha="left" if right else "right",
                                fontsize="small")
            for kind, colour in _COLOURS.items():
                ax.scatter([], [], c=colour, edgecolor="black", label=kind)
            ax.legend(loc="center right", fontsize="small", title="carrier type", title_fontsize="small")
            ax.set(xlim=(x_lo, x_hi), ylim=(y_lo, y_hi), xlabel="cost per seat-km (yuan)", ylabel=measure.value,
                   title="Service level against cost (bubble size: weekly seat-km)")
            fig.tight_layout()
            plt.show()
            plt.close(fig)

    on_any_change([measure, labels], update)
    box = widgets.VBox([widgets.HTML("<b>The service strategy map</b>"), measure, labels, summary, chart])
    box.controls, box.summary = {"measure": measure, "labels": labels}, summary
    return box
