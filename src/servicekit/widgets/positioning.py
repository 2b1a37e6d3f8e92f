"""Lesson 04 widgets: score segments with weighted criteria, and read a perceptual map of brands.

The ranking comes from ``servicekit.metrics.segment_attractiveness`` and the map from
``servicekit.models.positioning``; this module only wires sliders and drop-downs to them and draws.
Every word it shows is in ``TEXT``, in English and Chinese: ``servicekit.set_language("zh")``
before building a widget makes it speak Chinese.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from servicekit import style
from servicekit.language import lookup, pick
from servicekit.metrics import segment_attractiveness
from servicekit.models.positioning import (
    association_table,
    perceptual_map,
    positioning_summary,
)

from .controls import dropdown, fit_layout, on_any_change, show_figure, slider, toggle

#: The value of the "whose minds" dropdown that maps every respondent (the dropdown shows its name
#: in the language in use).
ALL_RESPONDENTS = "all respondents"
#: Weights within this of 1 count as summing to 1 (as ``segment_attractiveness`` counts them).
TOLERANCE = 1e-6

#: Every string the two widgets show, in both languages. The groups at the end name the values of
#: the data: criteria, segments, brands and attributes (a value not listed is shown as it is).
TEXT = {
    # --- the attractiveness scorer
    "rescale": {"en": "Rescale the weights to sum to 1", "zh": "按比例调整权重，使其和为1"},
    "equal": {"en": "Equal weights", "zh": "等权重"},
    "total": {"en": "Weights sum to <b>{total}</b>", "zh": "权重之和为<b>{total}</b>"},
    "cannot_rank": {"en": "Cannot rank the segments: ", "zh": "无法给细分市场排序："},
    "not_one": {
        "en": "the weights sum to {total}, not 1. Move the sliders until the weights sum to 1, or tick "
              "“Rescale the weights to sum to 1”.",
        "zh": "权重之和为{total}，而不是1。请移动滑块使权重之和为1，或勾选“按比例调整权重，使其和为1”。",
    },
    "all_zero": {
        "en": "every weight is 0. Give at least one criterion some weight.",
        "zh": "所有权重都是0。请至少给一个评估标准一些权重。",
    },
    "other_weights": {"en": "these weights cannot be used. Press “Equal weights” to start again.",
                      "zh": "这组权重无法使用。请按“等权重”重新开始。"},
    "ranking": {"en": "Ranking (weighted score, 0–10)", "zh": "排序（加权得分，0–10）"},
    "rank": {"en": "Rank", "zh": "名次"},
    "segment": {"en": "Segment", "zh": "细分市场"},
    "score": {"en": "Weighted score (0–10)", "zh": "加权得分（0–10）"},
    "ranking_title": {"en": "Weighted attractiveness", "zh": "细分市场吸引力（加权）"},
    # --- the perceptual map
    "whose": {"en": "Whose minds", "zh": "谁心目中的定位"},
    "highlight": {"en": "Highlight the brand", "zh": "突出显示的品牌"},
    "show_attributes": {"en": "Show the attributes", "zh": "显示属性"},
    "all": {"en": "all respondents", "zh": "全部受访者"},
    "diagnosis": {
        "en": "<b>{brand}</b>: {mentions} attributes ticked per respondent; distance from the centre "
              "{distance}; top attribute <i>{top}</i> ({share} of its mentions), then <i>{second}</i>.<br>"
              "The map shows {explained} of the differences between brands.",
        "zh": "<b>{brand}</b>：每位受访者平均勾选{mentions}个属性；离中心的距离{distance}；最突出的属性是"
              "<i>{top}</i>（占其全部提及的{share}），其次是<i>{second}</i>。<br>这张图显示了品牌之间{explained}的差异。",
    },
    "brand": {"en": "Brand", "zh": "品牌"},
    "mentions": {"en": "Attributes ticked per respondent", "zh": "每位受访者勾选的属性数"},
    "distance": {"en": "Distance from the centre", "zh": "离中心的距离"},
    "top": {"en": "Top attribute", "zh": "最突出的属性"},
    "top_share": {"en": "Its share of the mentions (%)", "zh": "占全部提及（%）"},
    "second": {"en": "Second attribute", "zh": "第二位的属性"},
    "map_title": {"en": "Perceptual map (correspondence analysis)", "zh": "感知图（对应分析）"},
    "dimension": {"en": "Dimension {axis} ({share} of inertia)", "zh": "维度{axis}（占总惯量的{share}）"},
    "linking": {"en": "{brand}: respondents linking each attribute (%)",
                "zh": "{brand}：把各属性与它联系起来的受访者（%）"},
    "no_map": {"en": "No map: ", "zh": "无法画图："},
    "too_few": {
        "en": "the respondents chosen linked too few attributes to these brands to draw a map. Choose "
              "“all respondents” or another segment.",
        "zh": "所选受访者与这些品牌联系起来的属性太少，画不出感知图。请选择“全部受访者”或另一个细分市场。",
    },
    "no_brand": {
        "en": "none of the respondents chosen rated {brand}. Highlight another brand, or choose “all respondents”.",
        "zh": "所选受访者中没有人评价过{brand}。请突出显示另一个品牌，或选择“全部受访者”。",
    },
    # --- values of the data
    "criteria": {
        "size_and_growth": {"en": "Size and growth", "zh": "规模和发展潜力"},
        "profitability": {"en": "Profitability", "zh": "可赢利性"},
        "measurability": {"en": "Measurability", "zh": "可测量性"},
        "accessibility": {"en": "Accessibility", "zh": "可进入性"},
        "differentiability": {"en": "Differentiability", "zh": "可区分性"},
        "actionability": {"en": "Actionability", "zh": "可行动性"},
        "competitive_structure": {"en": "Structural attractiveness", "zh": "细分市场结构吸引力"},
        "fit_with_firm": {"en": "Fit with goals and resources", "zh": "企业目标和资源的匹配"},
    },
    "segments": {
        "High-end business users": {"en": "High-end business users", "zh": "高端商务用户"},
        "Trend-loving youth": {"en": "Trend-loving youth", "zh": "追求新潮的年轻人"},
        "Price-minded ordinary users": {"en": "Price-minded ordinary users", "zh": "注重实惠的普通用户"},
        "Rural first-time users": {"en": "Rural first-time users", "zh": "农村首次使用者"},
        "Foreign visitors": {"en": "Foreign visitors", "zh": "境外来访者"},
        "business": {"en": "high-end business users", "zh": "高端商务用户"},
        "youth": {"en": "trend-loving youth", "zh": "追求新潮的年轻人"},
        "ordinary": {"en": "price-minded ordinary users", "zh": "注重实惠的普通用户"},
    },
    "brands": {
        "GoTone": {"en": "GoTone", "zh": "全球通"},
        "M-Zone": {"en": "M-Zone", "zh": "动感地带"},
        "Easyown": {"en": "Easyown", "zh": "神州行"},
        "Regal": {"en": "Regal", "zh": "尊御"},
        "Lumo": {"en": "Lumo", "zh": "流明"},
        "Kite": {"en": "Kite", "zh": "风筝"},
    },
    "attributes": {
        "coverage": {"en": "good coverage", "zh": "网络覆盖好"},
        "business_services": {"en": "business services", "zh": "商务服务"},
        "prestige": {"en": "prestige", "zh": "尊贵身份"},
        "trendy": {"en": "trendy, fun", "zh": "时尚好玩"},
        "sms_and_music": {"en": "cheap texts and music", "zh": "短信和音乐便宜"},
        "low_price": {"en": "low price", "zh": "价格低"},
        "no_contract": {"en": "prepaid, no contract", "zh": "预付费免合约"},
        "customer_care": {"en": "customer care", "zh": "客户关怀"},
    },
}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def _name(group: str, value) -> str:
    """The name of a value of the data (a criterion, segment, brand or attribute) in the language in
    use; a value the table does not know is shown as it is."""
    entry = TEXT[group].get(str(value))
    return pick(entry) if entry else str(value)


def _problem(heading: str, message: str) -> str:
    return f"<span style='color:#b3261e'><b>{_t(heading)}</b>{message}</span>"


# --- the attractiveness scorer -----------------------------------------------------------------


def attractiveness_ranking(scores: pd.DataFrame, weights: dict[str, float], rescale: bool = False):
    """``(ranking, message)``: the segments ranked by weighted score, or ``None`` and a message (in
    the language in use) when the weights are impossible. ``rescale`` divides every weight by their
    sum first."""
    total = sum(weights.values())
    if rescale:
        if total <= 0:
            return None, _t("all_zero")
        weights = {name: value / total for name, value in weights.items()}
    elif abs(total - 1) > TOLERANCE:
        return None, _t("all_zero") if total <= 0 else _t("not_one", total=style.number(total, 3))
    try:
        return segment_attractiveness(scores, weights), ""
    except (ValueError, TypeError):
        return None, _t("other_weights")


def attractiveness_scorer(scores: pd.DataFrame, weights: dict[str, float] | None = None) -> widgets.Widget:
    """A slider per criterion (column of ``scores``); the ranking of the segments (rows) updates as
    the weights move. Weights that do not sum to 1 show a message instead of a ranking.

    The returned box has ``controls`` (criterion → slider, and ``"rescale"``), ``summary`` (the
    ranking or the message), ``chart`` and ``figure`` (the chart last drawn, or None).
    """
    start = weights or {name: 1 / scores.shape[1] for name in scores.columns}
    sliders = {name: slider(widgets.FloatSlider, _name("criteria", name), start.get(name, 0.0), 0.0, 1.0, 0.005,
                            ".3f")
               for name in scores.columns}
    rescale = toggle(_t("rescale"), indent=False)
    reset = widgets.Button(description=_t("equal"))
    total = widgets.HTML()
    result = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([widgets.VBox(list(sliders.values())), widgets.HBox([rescale, reset]), total, result, chart])
    box.controls, box.summary, box.chart, box.figure = {**sliders, "rescale": rescale}, result, chart, None

    def update(*_):
        weights_now = {name: control.value for name, control in sliders.items()}
        total.value = _t("total", total=style.number(sum(weights_now.values()), 3))
        ranking, message = attractiveness_ranking(scores, weights_now, rescale.value)
        if message:
            result.value = _problem("cannot_rank", message)
            chart.outputs, box.figure = (), None  # no stale chart under the message
            return
        table = pd.DataFrame({"rank": range(1, len(ranking) + 1),
                              "segment": [_name("segments", name) for name in ranking.index],
                              "score": ranking.to_numpy()})
        result.value = (f"<b>{_t('ranking')}</b>"
                        + style.table_html(table, {"rank": TEXT["rank"], "segment": TEXT["segment"],
                                                   "score": TEXT["score"]}, {"rank": 0, "score": 2}))
        figure, axis = plt.subplots(figsize=(7, 0.5 + 0.45 * len(ranking)))
        axis.barh(table["segment"][::-1], ranking.to_numpy()[::-1], color="#2f6f9f")
        axis.set_xlim(0, 10)
        axis.set(title=_t("ranking_title"), xlabel=_t("score"))
        fit_layout(figure, "attractiveness")
        box.figure = figure
        show_figure(chart, figure)

    def on_reset(_):
        for control in sliders.values():
            control.value = round(1 / len(sliders), 3)

    reset.on_click(on_reset)
    on_any_change([*sliders.values(), rescale], update)
    return box


# --- the perceptual map ------------------------------------------------------------------------


def map_for(survey: pd.DataFrame, segment: str = ALL_RESPONDENTS, segment_column: str = "respondent_segment",
            attributes=None):
    """``(perceptual map, positioning summary)`` of the brands as seen by one segment's respondents
    (or by all of them)."""
    chosen = survey if segment == ALL_RESPONDENTS else survey[survey[segment_column] == segment]
    if chosen.empty:
        raise ValueError(f"segment {segment!r} has no respondents in the survey")
    chosen = chosen[["brand", *attributes]] if attributes else chosen
    table = association_table(chosen, "brand", attributes)
    return perceptual_map(table), positioning_summary(chosen, "brand", attributes)


def map_explorer(survey: pd.DataFrame, attributes, segment_column: str = "respondent_segment") -> widgets.Widget:
    """The perceptual map of the brands in ``survey``: pick whose minds (all respondents or one
    segment) and a brand to highlight; its profile and its row of the summary show under the map.

    The returned box has ``controls`` (``"whose"``, ``"brand"``, ``"show_attributes"``), ``summary``
    (the diagnosis and the table, or the message), ``chart`` and ``figure`` (the chart last drawn,
    or None).
    """
    segments = [ALL_RESPONDENTS, *map(str, pd.unique(survey[segment_column]))]
    whose = dropdown(_t("whose"), [(_t("all") if value == ALL_RESPONDENTS else _name("segments", value), value)
                                   for value in segments], ALL_RESPONDENTS)
    brands = map(str, pd.unique(survey["brand"]))
    brand = dropdown(_t("highlight"), [(_name("brands", value), value) for value in brands])
    show_attributes = toggle(_t("show_attributes"), True)
    result = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([widgets.VBox([whose, brand, show_attributes]), chart, result])
    box.controls = {"whose": whose, "brand": brand, "show_attributes": show_attributes}
    box.summary, box.chart, box.figure = result, chart, None

    def clear(message: str) -> None:
        result.value = _problem("no_map", message)
        chart.outputs, box.figure = (), None

    def update(*_):
        try:
            the_map, summary = map_for(survey, whose.value, segment_column, attributes)
        except (ValueError, TypeError):
            clear(_t("too_few"))
            return
        if brand.value not in summary.index:
            clear(_t("no_brand", brand=html.escape(_name("brands", brand.value))))
            return
        row = summary.loc[brand.value]
        diagnosis = _t("diagnosis", brand=html.escape(_name("brands", brand.value)),
                       mentions=style.number(row["mentions_per_respondent"], 2),
                       distance=style.number(row["distance_from_centre"], 2),
                       top=html.escape(_name("attributes", row["top_attribute"])),
                       share=style.percent(row["top_share"], 0),
                       second=html.escape(_name("attributes", row["second_attribute"])),
                       explained=style.percent(the_map.explained.sum(), 0))
        table = summary.reset_index(names="brand").assign(
            brand=lambda frame: [_name("brands", name) for name in frame["brand"]],
            top_attribute=lambda frame: [_name("attributes", name) for name in frame["top_attribute"]],
            second_attribute=lambda frame: [_name("attributes", name) for name in frame["second_attribute"]])
        labels = {"brand": TEXT["brand"], "mentions_per_respondent": TEXT["mentions"],
                  "distance_from_centre": TEXT["distance"], "top_attribute": TEXT["top"],
                  "top_share": TEXT["top_share"], "second_attribute": TEXT["second"]}
        result.value = diagnosis + style.table_html(table, labels, {"mentions_per_respondent": 2,
                                                                    "distance_from_centre": 2, "top_share": 0})
        chosen = survey if whose.value == ALL_RESPONDENTS else survey[survey[segment_column] == whose.value]
        box.figure = _draw_map(the_map, chosen, brand.value, show_attributes.value, attributes)
        show_figure(chart, box.figure)

    on_any_change([whose, brand, show_attributes], update)
    return box


def _draw_map(the_map, survey, highlight: str, show_attributes: bool, attributes):
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [1.6, 1]})
    brands, attrs = the_map.brands, the_map.attributes
    colours = ["#b3261e" if name == highlight else "#2f6f9f" for name in brands.index]
    left.scatter(brands["dim1"], brands["dim2"], c=colours, s=60, zorder=3)
    if show_attributes:
        left.scatter(attrs["dim1"], attrs["dim2"], marker="^", color="#7a7a7a", s=30, zorder=2)
    left.axhline(0, color="#cccccc", lw=0.8)
    left.axvline(0, color="#cccccc", lw=0.8)
    for axis, set_label in (("dim1", left.set_xlabel), ("dim2", left.set_ylabel)):
        set_label(_t("dimension", axis=axis[-1], share=style.percent(the_map.explained[axis], 0)))
    left.set_title(_t("map_title"))
    left.margins(0.2)
    rows = survey[survey["brand"] == highlight]
    shares = rows[list(attributes)].mean() * 100
    right.barh([_name("attributes", name) for name in shares.index[::-1]], shares.to_numpy()[::-1], color="#b3261e")
    right.set_xlim(0, 100)
    right.set_title(_t("linking", brand=_name("brands", highlight)))
    fit_layout(figure, "perceptual_map")
    # Each label is anchored at its marker and starts beside it (brands up and right, attributes
    # down and left, an en space from the marker); place_labels then moves apart those that would
    # overlap, keeping them off every marker (each marker is a label's anchor).
    labels = [left.text(x, y, "\u2002" + _name("brands", name), ha="left", va="bottom", zorder=4,
                        fontsize=10, color="#b3261e" if name == highlight else "black")
              for name, (x, y) in brands[["dim1", "dim2"]].iterrows()]
    if show_attributes:
        labels += [left.text(x, y, _name("attributes", name) + "\u2002", ha="right", va="top", zorder=4,
                             color="#555555", fontsize=8, style="italic")
                   for name, (x, y) in attrs[["dim1", "dim2"]].iterrows()]
    style.place_labels(left, labels)
    return figure
