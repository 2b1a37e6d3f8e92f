"""Lesson 02 widgets: the VMI savings simulator and the service-strategy map.

    from servicekit.widgets.strategy import vmi_simulator, strategy_map
    vmi_simulator()
    strategy_map(servicekit.data.load("airline_routes"))

The numbers come from ``servicekit.metrics.strategy.vmi_savings`` and ``carrier_positions``; this module
only wires controls to them and draws the result. Every word it shows is in ``TEXT``, in English
and Chinese: ``servicekit.set_language("zh")`` before building a widget makes it speak Chinese.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from .. import style
from ..language import lookup, pick
from ..metrics import strategy
from .controls import dropdown, fit_layout, on_any_change, show_figure, slider, toggle

#: Every string the two widgets show, in both languages. The groups at the end name the values of
#: the data (service measures, carriers, carrier types, corners of the map).
TEXT = {
    "problem": {"en": "This setting cannot be worked out: ", "zh": "这个设定无法计算："},
    "other": {"en": "move the control you changed last back.", "zh": "请把刚才改动的控件调回去。"},
    # --- the VMI simulator
    "vmi_title": {"en": "Vendor-managed inventory (VMI): who saves what?", "zh": "供应商管理库存（VMI）：谁节约了多少？"},
    "deliveries_before": {"en": "Deliveries a day before VMI", "zh": "实施VMI前每天的配送次数"},
    "deliveries_after": {"en": "Deliveries a day with VMI", "zh": "实施VMI后每天的配送次数"},
    "cost_per_delivery": {"en": "Cost of one delivery (yuan)", "zh": "每次配送的成本（元）"},
    "safety_stock_before": {"en": "Safety stock before VMI (yuan)", "zh": "实施VMI前的安全库存（元）"},
    "safety_stock_after": {"en": "Safety stock with VMI (yuan)", "zh": "实施VMI后的安全库存（元）"},
    "holding_cost_rate": {"en": "Holding cost (share of stock a year)", "zh": "库存持有成本率（每年）"},
    "onsite_staff_cost": {"en": "On-site VMI staff cost a year (yuan)", "zh": "驻院VMI人员每年的成本（元）"},
    "per_hospital": {"en": "Per hospital and year: ", "zh": "每家医院每年："},
    "fewer_runs": {
        "en": "<b>{runs}</b> save the distributor <b>{saving}</b>; ",
        "zh": "配送减少<b>{runs}</b>，为配送商节约<b>{saving}</b>；",
    },
    "more_runs": {
        "en": "<b>{runs}</b> cost the distributor <b>{saving}</b> more; ",
        "zh": "配送反而增加<b>{runs}</b>，配送商多花<b>{saving}</b>；",
    },
    "same_runs": {
        "en": "the number of deliveries does not change, so the distributor saves nothing on them; ",
        "zh": "配送次数不变，配送商在配送上没有节约；",
    },
    "keeps": {
        "en": "after paying its on-site staff ({staff}) it keeps <b>{net}</b>.",
        "zh": "付给驻院人员（{staff}）之后，还剩<b>{net}</b>。",
    },
    "loses": {
        "en": "with its on-site staff ({staff}) it is <b>{net}</b> worse off.",
        "zh": "加上驻院人员的成本（{staff}），配送商一年净亏<b>{net}</b>。",
    },
    "frees": {
        "en": " The hospital frees <b>{stock}</b> of stock once, and saves <b>{holding}</b> of holding cost "
              "every year.",
        "zh": "医院一次性释放<b>{stock}</b>的库存占用资金，每年节约库存持有成本<b>{holding}</b>。",
    },
    "ties_up": {
        "en": " The hospital ties up <b>{stock}</b> more in stock, and pays <b>{holding}</b> more holding cost "
              "every year.",
        "zh": "医院反而多占用<b>{stock}</b>的库存资金，每年多付库存持有成本<b>{holding}</b>。",
    },
    "same_stock": {"en": " The hospital's safety stock does not change.", "zh": "医院的安全库存不变。"},
    "together_saves": {"en": " Together: <b>{total}</b> saved a year.", "zh": "双方合计每年节约<b>{total}</b>。"},
    "together_costs": {
        "en": " Together VMI costs the two sides <b>{total}</b> a year more than it saves.",
        "zh": "双方合计，VMI每年的花费比节约多<b>{total}</b>。",
    },
    "runs_warning": {
        "en": "With VMI you now deliver <i>more</i> often: the distributor loses on deliveries.",
        "zh": "实施VMI后配送<i>更</i>频繁了：配送商在配送上亏损。",
    },
    "bar_deliveries": {"en": "Distributor:\ndeliveries", "zh": "配送商：\n配送"},
    "bar_staff": {"en": "Distributor:\non-site staff", "zh": "配送商：\n驻院人员"},
    "bar_holding": {"en": "Hospital:\nholding cost", "zh": "医院：\n库存持有成本"},
    "bar_total": {"en": "Total a year", "zh": "每年合计"},
    "vmi_axis": {"en": "Saving, thousand yuan a year (below 0: a cost)", "zh": "每年节约（千元；小于0为成本）"},
    "vmi_chart_title": {"en": "Who saves what with VMI (one hospital)", "zh": "VMI为各方节约多少（一家医院）"},
    # --- the strategy map
    "map_title": {"en": "The service strategy map", "zh": "服务战略定位图"},
    "measure": {"en": "Service measured by", "zh": "服务水平的衡量指标"},
    "show_names": {"en": "Show carrier names", "zh": "显示航空公司名称"},
    "carrier": {"en": "Carrier", "zh": "航空公司"},
    "carrier_type_header": {"en": "Carrier type", "zh": "航空公司类型"},
    "cost_per_seat_km": {"en": "Cost per seat-km (yuan)", "zh": "座公里成本（元）"},
    "weekly_seat_km": {"en": "Capacity (seat-km a week)", "zh": "每周运力（座公里）"},
    "position": {"en": "Position", "zh": "定位"},
    "seats_per_week": {"en": "Seats a week", "zh": "每周座位数"},
    "distance_km": {"en": "Distance (km)", "zh": "航程（km）"},
    "map_chart_title": {"en": "Service level against cost (bubble size: seat-km a week)",
                        "zh": "服务水平与成本（气泡大小：每周座公里数）"},
    "legend_title": {"en": "Carrier type", "zh": "航空公司类型"},
    "no_measure": {
        "en": "the route table has no figures for “{label}”. Choose another measure of service.",
        "zh": "航线表中没有“{label}”的数据，请换一个服务水平的衡量指标。",
    },
    "no_column": {
        "en": "the route table has no column <code>{column}</code> ({label}), which the map needs. Load the "
              "routes again with <code>data.load(\"airline_routes\")</code>.",
        "zh": "航线表中缺少“{label}”一列，画图需要它。请用<code>data.load(\"airline_routes\")</code>重新载入航线数据。",
    },
    "not_numbers": {
        "en": "the route table's figures for “{label}” are not all numbers. Choose another measure of service.",
        "zh": "航线表中“{label}”的数据不全是数字，请换一个服务水平的衡量指标。",
    },
    # --- values of the data
    "measures": {
        "service_score": {"en": "Passenger service rating (0–100)", "zh": "旅客服务评分（0–100）"},
        "seat_pitch_cm": {"en": "Seat pitch (cm)", "zh": "座椅间距（cm）"},
        "free_bag_kg": {"en": "Free baggage (kg)", "zh": "免费托运行李额（kg）"},
        "on_time_pct": {"en": "On-time arrivals (%)", "zh": "航班准点率（%）"},
    },
    "carrier_types": {
        "low-cost": {"en": "low-cost", "zh": "低成本"},
        "full-service": {"en": "full-service", "zh": "全服务"},
        "hybrid": {"en": "hybrid", "zh": "混合型"},
    },
    "carriers": {
        "Sparrow Air": {"en": "Sparrow Air", "zh": "麻雀航空"},
        "Crane Airlines": {"en": "Crane Airlines", "zh": "仙鹤航空"},
        "Peony Airways": {"en": "Peony Airways", "zh": "牡丹航空"},
        "Jade Sky": {"en": "Jade Sky", "zh": "碧空航空"},
        "Heron Air": {"en": "Heron Air", "zh": "苍鹭航空"},
    },
    "positions": {  # the corners of the map, as ``metrics.strategy.POSITIONS`` names them
        "high quality, high cost": {"en": "high quality, high cost", "zh": "高质量、高成本"},
        "low quality, low cost": {"en": "low quality, low cost", "zh": "低质量、低成本"},
        "high quality, low cost": {"en": "high quality, low cost", "zh": "高质量、低成本"},
        "low quality, high cost": {"en": "low quality, high cost", "zh": "低质量、高成本"},
    },
}
FEWER_RUNS = {"en": ("fewer delivery run", "fewer delivery runs"), "zh": "次"}
MORE_RUNS = {"en": ("more delivery run", "more delivery runs"), "zh": "次"}
YUAN = {"en": ("yuan", "yuan"), "zh": "元"}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def _name(group: str, value) -> str:
    """The name of a value of the data (a carrier, a carrier type, ...) in the language in use;
    a value the table does not know is shown as it is."""
    entry = TEXT[group].get(str(value))
    return pick(entry) if entry else str(value)


def _yuan(amount: float) -> str:
    return style.count(round(abs(amount)), YUAN)


def _problem(message: str) -> str:
    return f"<p style='color:#b3261e'><b>{_t('problem')}</b>{message}</p>"


# --- the VMI simulator ------------------------------------------------------------------------


def _vmi_text(result: pd.Series) -> str:
    """The savings said the right way round: a negative saving is a cost, never "−2,190 fewer"."""
    runs, delivery = result["deliveries_saved"], result["distributor_delivery_saving"]
    if round(runs) > 0:
        text = _t("fewer_runs", runs=style.count(round(runs), FEWER_RUNS), saving=_yuan(delivery))
    elif round(runs) < 0:
        text = _t("more_runs", runs=style.count(round(-runs), MORE_RUNS), saving=_yuan(delivery))
    else:
        text = _t("same_runs")
    net = result["distributor_net_saving"]
    text += _t("keeps" if net >= 0 else "loses", staff=_yuan(result["onsite_staff_cost"]), net=_yuan(net))
    released, holding = result["stock_released"], result["hospital_holding_saving"]
    if released > 0:
        text += _t("frees", stock=_yuan(released), holding=_yuan(holding))
    elif released < 0:
        text += _t("ties_up", stock=_yuan(released), holding=_yuan(holding))
    else:
        text += _t("same_stock")
    total = result["total_yearly_saving"]
    text += _t("together_saves" if total >= 0 else "together_costs", total=_yuan(total))
    return f"<p>{_t('per_hospital')}{text}</p>"


def _draw_vmi(result: pd.Series):
    figure, ax = plt.subplots(figsize=(7, 3))
    parts = pd.Series({
        _t("bar_deliveries"): result["distributor_delivery_saving"],
        _t("bar_staff"): -result["onsite_staff_cost"],
        _t("bar_holding"): result["hospital_holding_saving"],
        _t("bar_total"): result["total_yearly_saving"],
    }) / 1000
    ax.barh(parts.index[::-1], parts.to_numpy()[::-1], color=["#4c72b0", "#55a868", "#c44e52", "#4c72b0"][::-1])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: style.number(value)))
    ax.set(xlabel=_t("vmi_axis"), title=_t("vmi_chart_title"))
    fit_layout(figure, "vmi")
    return figure


def vmi_simulator(deliveries_before: float = 6.0, deliveries_after: float = 1.5, cost_per_delivery: float = 100,
                  safety_stock_before: float = 800_000, safety_stock_after: float = 400_000,
                  holding_cost_rate: float = 0.20, onsite_staff_cost: float = 54_000) -> widgets.VBox:
    """Sliders for one hospital's deliveries, stock and costs; both sides' yearly savings.

    The returned box has ``controls`` (name → slider), ``summary`` (HTML with the numbers),
    ``chart`` (the output the chart is drawn in) and ``figure`` (the chart last drawn, or None).
    """
    controls = {
        "deliveries_before": slider(widgets.FloatSlider, _t("deliveries_before"), deliveries_before,
                                     0, 12, 0.5, ".1f"),
        "deliveries_after": slider(widgets.FloatSlider, _t("deliveries_after"), deliveries_after,
                                    0, 12, 0.5, ".1f"),
        "cost_per_delivery": slider(widgets.IntSlider, _t("cost_per_delivery"), int(cost_per_delivery),
                                     0, 500, 5, ",d"),
        "safety_stock_before": slider(widgets.IntSlider, _t("safety_stock_before"), int(safety_stock_before),
                                       0, 3_000_000, 50_000, ",d"),
        "safety_stock_after": slider(widgets.IntSlider, _t("safety_stock_after"), int(safety_stock_after),
                                      0, 3_000_000, 50_000, ",d"),
        "holding_cost_rate": slider(widgets.FloatSlider, _t("holding_cost_rate"), holding_cost_rate,
                                     0, 0.5, 0.01, ".0%"),
        "onsite_staff_cost": slider(widgets.IntSlider, _t("onsite_staff_cost"),
                                     int(onsite_staff_cost), 0, 300_000, 2_000, ",d"),
    }
    summary = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([widgets.HTML(f"<b>{_t('vmi_title')}</b>"), *controls.values(), summary, chart])
    box.controls, box.summary, box.chart, box.figure = controls, summary, chart, None

    def update(_=None):
        values = {name: control.value for name, control in controls.items()}
        try:
            result = strategy.vmi_savings(**values)
        except (ValueError, TypeError):
            summary.value = _problem(_t("other"))
            chart.outputs, box.figure = (), None
            return
        warning = ""
        if values["deliveries_after"] > values["deliveries_before"]:
            warning = f"<p style='color:#b3261e'>{_t('runs_warning')}</p>"
        summary.value = _vmi_text(result) + warning
        box.figure = _draw_vmi(result)
        show_figure(chart, box.figure)

    on_any_change(controls, update)
    return box


# --- the strategy map -------------------------------------------------------------------------

#: The measures of service the map offers: dropdown value → column of the route table. The values
#: are the English names; the dropdown shows the name in the language in use.
SERVICE_MEASURES = {
    "Passenger service rating (0-100)": "service_score",
    "Seat pitch (cm)": "seat_pitch_cm",
    "Free baggage (kg)": "free_bag_kg",
    "On-time arrivals (%)": "on_time_pct",
}
_COLOURS = {"low-cost": "#c44e52", "full-service": "#4c72b0", "hybrid": "#8c8c8c"}
_NEEDED = ("carrier", "carrier_type", "seats_per_week", "distance_km", "cost_per_seat_km")
_HEADERS = {"carrier": "carrier", "carrier_type": "carrier_type_header", "seats_per_week": "seats_per_week",
            "distance_km": "distance_km", "cost_per_seat_km": "cost_per_seat_km"}


def _map_problem(routes: pd.DataFrame, column: str) -> str:
    """What stops the map being drawn with the measure ``column``, in words ("" when nothing does)."""
    for needed in _NEEDED:
        if needed not in routes.columns:
            return _t("no_column", column=html.escape(needed), label=_t(_HEADERS[needed]))
    label = _name("measures", column)
    if column not in routes.columns:
        return _t("no_measure", label=label)
    if not pd.api.types.is_numeric_dtype(routes[column]) or routes[column].isna().any():
        return _t("not_numbers", label=label)
    return ""


def _positions_table(table: pd.DataFrame, column: str) -> str:
    shown = pd.DataFrame({
        "carrier": [_name("carriers", name) for name in table.index],
        "carrier_type": [_name("carrier_types", kind) for kind in table["carrier_type"]],
        column: table[column].to_numpy(),
        "cost_per_seat_km": table["cost_per_seat_km"].to_numpy(),
        "weekly_seat_km": table["weekly_seat_km"].to_numpy(),
        "position": [_name("positions", corner) for corner in table["position"]],
    })
    labels = {"carrier": TEXT["carrier"], "carrier_type": TEXT["carrier_type_header"],
              column: TEXT["measures"].get(column, {"en": column, "zh": column}),
              "cost_per_seat_km": TEXT["cost_per_seat_km"], "weekly_seat_km": TEXT["weekly_seat_km"],
              "position": TEXT["position"]}
    return style.table_html(shown, labels, decimals={column: 1, "cost_per_seat_km": 3, "weekly_seat_km": 0})


def _draw_map(table: pd.DataFrame, column: str, show_names: bool):
    cost = "cost_per_seat_km"
    figure, ax = plt.subplots(figsize=(7, 4.5))
    x_cut, y_cut = table[cost].mean(), table[column].mean()
    x_pad = (table[cost].max() - table[cost].min()) * 0.35 or 0.05
    y_pad = (table[column].max() - table[column].min()) * 0.25 or 1
    x_lo, x_hi = table[cost].min() - x_pad, table[cost].max() + x_pad
    y_lo, y_hi = table[column].min() - y_pad, table[column].max() + y_pad
    ax.fill_between([x_cut, x_hi], y_cut, y_hi, color="#4c72b0", alpha=0.08)
    ax.fill_between([x_lo, x_cut], y_lo, y_cut, color="#c44e52", alpha=0.08)
    ax.text(x_hi, y_hi, _name("positions", "high quality, high cost") + " ", ha="right", va="top", color="#4c72b0")
    ax.text(x_lo, y_lo, " " + _name("positions", "low quality, low cost"), ha="left", va="bottom", color="#c44e52")
    ax.axvline(x_cut, color="grey", linestyle="--", linewidth=0.8)
    ax.axhline(y_cut, color="grey", linestyle="--", linewidth=0.8)
    size = 400 * table["weekly_seat_km"] / table["weekly_seat_km"].max()
    ax.scatter(table[cost], table[column], s=size, c=table["carrier_type"].map(_COLOURS).fillna("#8c8c8c"),
               edgecolor="black", zorder=3)
    ax.set(xlim=(x_lo, x_hi), ylim=(y_lo, y_hi))
    for kind, colour in _COLOURS.items():
        if kind in set(table["carrier_type"]):
            ax.scatter([], [], c=colour, edgecolor="black", label=_name("carrier_types", kind))
    ax.legend(loc="center right", fontsize="small", title=_t("legend_title"), title_fontsize="small")
    ax.set(xlabel=_t("cost_per_seat_km"), ylabel=_name("measures", column), title=_t("map_chart_title"))
    fit_layout(figure, "strategy_map")
    if show_names:
        # Each name starts just right of its bubble (radius √s / 2 points), then place_labels moves
        # names that would overlap apart.
        to_data = ax.transData.inverted()
        names = []
        for (name, row), area in zip(table.iterrows(), size):
            x, y = ax.transData.transform((row[cost], row[column]))
            start = to_data.transform((x + (np.sqrt(area) / 2 + 3) * figure.dpi / 72, y))
            names.append(ax.text(*start, _name("carriers", name), fontsize="small", ha="left", va="center",
                                 zorder=4))
        style.place_labels(ax, names)
    return figure


def strategy_map(routes: pd.DataFrame) -> widgets.VBox:
    """Carriers placed by service level (up) against cost per seat-km (right).

    The shaded corners are the two consistent positions of lesson 02: high quality at high cost
    (top right) and low quality at low cost (bottom left). The dashed lines are the averages over
    the carriers. A dropdown changes the measure of service. The returned box has ``controls``,
    ``summary`` (an HTML table of the positions), ``chart`` and ``figure`` (the chart last drawn,
    or None).
    """
    options = [(_name("measures", column), value) for value, column in SERVICE_MEASURES.items()]
    measure = dropdown(_t("measure"), options, "Passenger service rating (0-100)")
    labels = toggle(_t("show_names"), True)
    summary = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([widgets.HTML(f"<b>{_t('map_title')}</b>"), measure, labels, summary, chart])
    box.controls, box.summary, box.chart, box.figure = {"measure": measure, "labels": labels}, summary, chart, None

    def clear(message: str) -> None:
        summary.value = _problem(message)
        chart.outputs, box.figure = (), None

    def update(_=None):
        column = SERVICE_MEASURES[measure.value]
        problem = _map_problem(routes, column)
        if problem:
            clear(problem)
            return
        try:
            table = strategy.carrier_positions(routes, service=column)
        except (ValueError, TypeError):
            clear(_t("other"))
            return
        if not np.isfinite(table[[column, "cost_per_seat_km"]].to_numpy(dtype=float)).all():
            clear(_t("not_numbers", label=_name("measures", column)))
            return
        summary.value = _positions_table(table, column)
        box.figure = _draw_map(table, column, labels.value)
        show_figure(chart, box.figure)

    on_any_change([measure, labels], update)
    return box
