"""Lesson 01 widget: retention against acquisition over ten years.

    from servicekit.widgets.value_chain import retention_simulator
    retention_simulator()

The numbers come from ``servicekit.metrics.value_chain.lever_comparison`` and friends; this module only
wires sliders to them and draws the result. Every word it shows is in ``TEXT``, in English and
Chinese: ``servicekit.set_language("zh")`` before building the widget makes it speak Chinese.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import style
from ..language import lookup, pick
from ..metrics import value_chain
from .controls import fit_layout, on_any_change, show_figure, slider

#: Every string the simulator shows, in both languages.
TEXT = {
    "title": {"en": "Retention or acquisition?", "zh": "保留老客户，还是获取新客户？"},
    # the sliders
    "start_customers": {"en": "Customers today", "zh": "当前客户数"},
    "retention": {"en": "Retention rate (share kept each year)", "zh": "客户保有率（每年留住的比例）"},
    "acquisition_budget": {"en": "Acquisition spend a year (yuan)", "zh": "每年的客户获取投入（元）"},
    "acquisition_cost": {"en": "Cost of winning one customer (yuan)", "zh": "获取一名新客户的成本（元）"},
    "margin": {"en": "Margin per customer a year (yuan)", "zh": "每名客户每年的毛利（元）"},
    "retention_gain": {"en": "Retention plan: extra points kept", "zh": "保有计划：保有率提高的百分点"},
    "budget_gain": {"en": "Acquisition plan: extra budget (%)", "zh": "获取计划：追加的预算（%）"},
    # the three plans
    "plan_as_set": {"en": "As set", "zh": "按当前设定"},
    "plan_retention": {"en": "Retention +{points}", "zh": "保有率提高{points}"},
    "plan_budget": {"en": "Acquisition budget +{percent}", "zh": "获取预算增加{percent}"},
    # the result
    "summary": {
        "en": "<p>You win {won} a year and keep {retention} of your customers each year, so the base "
              "settles at about <b>{steady}</b> (customers won a year ÷ (1 − retention rate)). {comparison}</p>",
        "zh": "<p>每年获取{won}，每年留住{retention}的客户，客户规模最终稳定在约<b>{steady}</b>"
              "（每年获取的客户数 ÷（1 − 客户保有率））。{comparison}</p>",
    },
    "comparison": {
        "en": "Raising retention by {points} is worth as much, in the long run, as an acquisition budget "
              "<b>{increase} larger</b>.",
        "zh": "从长期看，客户保有率提高{points}，抵得上客户获取预算增加<b>{increase}</b>。",
    },
    "no_gain": {
        "en": "The retention plan adds no points, so it is the plan as set: give it some extra points to compare.",
        "zh": "保有计划没有提高客户保有率，与当前设定相同：请给它加上几个百分点再作比较。",
    },
    "plan": {"en": "Plan", "zh": "方案"},
    "customers_after": {"en": "Customers after {years}", "zh": "{years}后的客户数"},
    "profit_over": {"en": "Profit over {years} (yuan)", "zh": "{years}累计利润（元）"},
    # the chart
    "base_title": {"en": "Customer base", "zh": "客户规模"},
    "profit_title": {"en": "Cumulative profit", "zh": "累计利润"},
    "year": {"en": "Year", "zh": "年份"},
    "customers_end": {"en": "Customers at year end", "zh": "年末客户数"},
    "million_yuan": {"en": "Million yuan", "zh": "百万元"},
    # what cannot be worked out
    "problem": {"en": "This setting cannot be worked out: ", "zh": "这个设定无法计算："},
    "over_100": {
        "en": "with the retention plan, retention would be {total}, and no firm keeps more than all of its "
              "customers. Lower the retention rate or the retention plan's extra points until the two add "
              "up to less than 100%.",
        "zh": "按保有计划，客户保有率将达到{total}，而企业留住的客户不可能多于全部客户。请降低客户保有率或保有计划"
              "提高的百分点，使两者之和低于100%。",
    },
    "other": {"en": "move the slider you moved last back a little.", "zh": "请把刚才移动的滑块往回调一些。"},
}
CUSTOMERS = {"en": ("customer", "customers"), "zh": "名客户"}
POINTS = {"en": ("point", "points"), "zh": "个百分点"}
YEARS = {"en": ("year", "years"), "zh": "年"}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def _problem(message: str) -> str:
    return f"<p style='color:#b3261e'><b>{_t('problem')}</b>{message}</p>"


def _plan_names(plans: pd.DataFrame, gain: float, budget_gain: float) -> dict:
    """The plans of ``lever_comparison`` (as set, retention up, budget up, in that order) → their names."""
    names = [_t("plan_as_set"), _t("plan_retention", points=style.count(round(gain * 100), POINTS)),
             _t("plan_budget", percent=style.percent(budget_gain * 100, 0))]
    return dict(zip(pd.unique(plans["plan"]), names))


def _summary_table(plans: pd.DataFrame, names: dict) -> str:
    years = int(plans["year"].max())
    last = plans[plans["year"] == years].assign(plan=lambda frame: frame["plan"].map(names))
    span = style.count(years, YEARS)
    labels = {"plan": TEXT["plan"],
              "customers_end": {code: pick(TEXT["customers_after"], code).format(years=span) for code in ("en", "zh")},
              "cumulative_profit": {code: pick(TEXT["profit_over"], code).format(years=span) for code in ("en", "zh")}}
    return style.table_html(last, labels, decimals={"customers_end": 0, "cumulative_profit": 0})


def _draw(plans: pd.DataFrame, names: dict):
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    for plan, rows in plans.groupby("plan", sort=False):
        left.plot(rows["year"], rows["customers_end"], marker="o", label=names[plan])
        right.plot(rows["year"], rows["cumulative_profit"] / 1e6, marker="o", label=names[plan])
    left.set(title=_t("base_title"), xlabel=_t("year"), ylabel=_t("customers_end"))
    right.set(title=_t("profit_title"), xlabel=_t("year"), ylabel=_t("million_yuan"))
    left.yaxis.set_major_formatter(FuncFormatter(lambda value, _: style.number(value)))
    right.yaxis.set_major_formatter(FuncFormatter(lambda value, _: style.number(value, 1)))
    for axis in (left, right):
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.legend(fontsize="small")
    fit_layout(figure, "retention")
    return figure


def retention_simulator(start_customers: int = 10_000, retention: float = 0.80,
                        acquisition_budget: float = 200_000, acquisition_cost: float = 100,
                        margin: float = 150, years: int = 10) -> widgets.VBox:
    """Sliders for the customer base, retention, acquisition budget and margin; charts of ten years.

    Three plans are drawn: the settings as they are, retention a few points higher, and a bigger
    acquisition budget. The returned box has ``controls`` (name → slider), ``summary`` (the HTML
    with the numbers), ``chart`` (the output the chart is drawn in) and ``figure`` (the chart last
    drawn, or None when the setting cannot be worked out), so it can be driven and read without a
    browser.
    """
    controls = {
        "start_customers": slider(widgets.IntSlider, _t("start_customers"), start_customers, 0, 100_000, 500, ",d"),
        "retention": slider(widgets.FloatSlider, _t("retention"), retention, 0.0, 0.99, 0.01, ".0%"),
        "acquisition_budget": slider(widgets.IntSlider, _t("acquisition_budget"),
                                      int(acquisition_budget), 0, 2_000_000, 10_000, ",d"),
        "acquisition_cost": slider(widgets.IntSlider, _t("acquisition_cost"),
                                    int(acquisition_cost), 1, 2_000, 10, ",d"),
        "margin": slider(widgets.IntSlider, _t("margin"), int(margin), 0, 2_000, 10, ",d"),
        "retention_gain": slider(widgets.FloatSlider, _t("retention_gain"), 0.05, 0.0, 0.20, 0.01, ".0%"),
        "budget_gain": slider(widgets.FloatSlider, _t("budget_gain"), 0.20, 0.0, 2.0, 0.05, ".0%"),
    }
    summary = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([widgets.HTML(f"<b>{_t('title')}</b>"), *controls.values(), summary, chart])
    box.controls, box.summary, box.chart, box.figure = controls, summary, chart, None

    def clear(message: str) -> None:
        summary.value = _problem(message)
        chart.outputs = ()
        box.figure = None

    def update(_=None):
        values = {name: control.value for name, control in controls.items()}
        retention_now, gain = values["retention"], values["retention_gain"]
        if retention_now + gain >= 1 - 1e-9:
            clear(_t("over_100", total=style.percent((retention_now + gain) * 100, 0)))
            return
        try:
            plans = value_chain.lever_comparison(years=years, **values)
            matching = value_chain.equivalent_acquisition_increase(retention_now, gain)
        except (ValueError, TypeError):
            clear(_t("other"))
            return
        won = values["acquisition_budget"] / values["acquisition_cost"]
        steady = value_chain.steady_state_customers(retention_now, won)
        comparison = (_t("comparison", points=style.count(round(gain * 100), POINTS),
                         increase=style.percent(matching, 0)) if gain > 0 else _t("no_gain"))
        names = _plan_names(plans, gain, values["budget_gain"])
        summary.value = _t("summary", won=style.count(round(won), CUSTOMERS),
                           retention=style.percent(retention_now * 100, 0),
                           steady=style.count(round(steady), CUSTOMERS),
                           comparison=comparison) + _summary_table(plans, names)
        box.figure = _draw(plans, names)
        show_figure(chart, box.figure)

    on_any_change(controls, update)
    return box
