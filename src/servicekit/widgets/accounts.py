"""Lesson 10 widget: answer three questions about a firm and see which account-manager
organisation form fits it, with its pros and cons.

The decision is ``servicekit.metrics.accounts.recommend_organisation_form``; this module only
wires three dropdowns and a checkbox to it.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from servicekit.metrics.accounts import FORM_ANSWERS, recommend_organisation_form

from .controls import dropdown, on_any_change, toggle

LABELS = {
    "firm_size": "Firm size",
    "business_breadth": "Business lines",
    "customer_complexity": "Customer needs",
}


def advice_html(firm_size, business_breadth, customer_complexity, own_units=False) -> str:
    """The recommendation as HTML, or a message (never a traceback) if an answer is not allowed."""
    try:
        advice = recommend_organisation_form(firm_size, business_breadth, customer_complexity, own_units)
    except (TypeError, ValueError) as error:
        return f"<span style='color:#b3261e'><b>Cannot recommend a form:</b> {html.escape(str(error))}</span>"
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{label}</th><td>{html.escape(advice[key])}</td></tr>"
        for label, key in (("Pros", "pros"), ("Cons", "cons"), ("Fits", "fits"), ("Why here", "reason"))
    )
    return (f"<p><b>Recommended: {html.escape(advice['name'])}</b> ({html.escape(advice['chinese'])})</p>"
            f"<table>{rows}</table>")


def organisation_form_widget() -> widgets.VBox:
    """Dropdowns for firm size, breadth of business and complexity of customer needs, a checkbox
    for a group that needs its own operating units, and the recommended form below them."""
    pickers = [dropdown(LABELS[name], list(options), options[0]) for name, options in FORM_ANSWERS.items()]
    units = toggle("customer groups with very large profits, or needing special expertise or confidentiality")
    shown = widgets.HTML()

    def update(*_):
        shown.value = advice_html(*(p.value for p in pickers), own_units=units.value)

    on_any_change([*pickers, units], update)
    return widgets.VBox([*pickers, units, shown])
