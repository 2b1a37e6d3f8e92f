"""Lesson 03 widget: tick segmentation variables, choose k, and read the segments k-means finds.

The segments come from ``servicekit.models.segmentation.kmeans_segments``; this module only wires
check boxes and a slider to it and draws the result. Every word it shows is in ``TEXT``, in
English and Chinese: ``servicekit.set_language("zh")`` before building the widget makes it speak
Chinese.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from servicekit import style
from servicekit.language import lookup, pick
from servicekit.metrics.segmentation import category_mix, separation, standardize
from servicekit.models.segmentation import kmeans_segments

from .controls import on_any_change, show_figure, slider, toggle, toggle_grid

#: Every string the explorer shows, in both languages. ``columns`` names the variables of the
#: lesson's data sets and ``values`` the categories they hold; a column or value not listed is shown
#: by its own name (or pass ``labels`` to ``segment_explorer``).
TEXT = {
    "heading": {"en": "Segment on these variables:", "zh": "选择细分变量："},
    "k": {"en": "Number of segments (k)", "zh": "细分市场个数（k）"},
    "problem": {"en": "No segments: ", "zh": "无法细分："},
    "none_ticked": {"en": "Tick at least one variable to segment on.", "zh": "请至少勾选一个细分变量。"},
    "not_number": {
        "en": "“{label}” is a category, not a number, and k-means needs numbers: untick it.",
        "zh": "“{label}”是类别而不是数字，K均值聚类只能使用数字：请取消勾选。",
    },
    "missing": {"en": "“{label}” has missing values: untick it.", "zh": "“{label}”有缺失值：请取消勾选。"},
    "flat": {
        "en": "“{label}” has the same value for every customer, so it cannot separate segments: untick it.",
        "zh": "“{label}”对每位客户都一样，无法把客户区分开：请取消勾选。",
    },
    "too_many": {
        "en": "there are only {customers}: choose fewer segments.",
        "zh": "只有{customers}：请减少细分市场个数。",
    },
    "too_few_values": {
        "en": "the ticked variables take only {distinct} different combinations of values, fewer than the "
              "{segments} asked for: choose fewer segments or tick more variables.",
        "zh": "所勾选的变量只有{distinct}种不同的取值组合，少于要求的{segments}：请减少细分市场个数，或多勾选几个变量。",
    },
    "other": {"en": "these variables cannot be segmented: untick the one you ticked last.",
              "zh": "这些变量无法进行细分：请取消刚才勾选的变量。"},
    "headline": {
        "en": "<b>{segments}</b>: silhouette coefficient {silhouette} (−1 to 1, higher = better separated); "
              "within-segment sum of squares {inertia}",
        "zh": "<b>{segments}</b>：轮廓系数{silhouette}（−1到1，越高表示细分市场之间分得越开）；组内平方和{inertia}",
    },
    "profile": {
        "en": "Segment profile (the mean of each variable in its own unit):",
        "zh": "细分市场画像（各变量在其自身单位下的均值）：",
    },
    "separation_intro": {
        "en": "How far apart the segments are (largest minus smallest segment mean, in standard deviations; "
              "near 0 = every segment looks the same):",
        "zh": "各细分市场相距多远（细分市场均值的最大值减最小值，以标准差计；接近0表示各细分市场看起来都一样）：",
    },
    "mix": {"en": "{name} by segment (percent of each segment):", "zh": "各细分市场的{name}构成（占该细分市场的百分比）："},
    "segment": {"en": "Segment", "zh": "细分市场"},
    "size": {"en": "Customers", "zh": "客户数"},
    "share": {"en": "Share of all customers (%)", "zh": "占全部客户（%）"},
    "variable": {"en": "Variable", "zh": "变量"},
    "separation": {"en": "Separation (standard deviations)", "zh": "区分度（标准差数）"},
    "sizes_title": {"en": "Segment sizes", "zh": "各细分市场的规模"},
    "means_title": {"en": "Segment means, in standard deviations from the average",
                    "zh": "各细分市场的均值（与总平均值相差的标准差数）"},
    "numbers_left_out": {"en": "\n(too many cells for numbers: the profile table above gives them)",
                         "zh": "\n（格子太小，未标数字：数值见上方的细分市场画像表）"},
    # Two short lines: one long line is taller than the bar of a small figure.
    "colour_bar": {"en": "Standard deviations\nfrom the average", "zh": "与平均值相差\n几个标准差"},
    "columns": {
        "subscriber_id": {"en": "Subscriber number", "zh": "用户编号"},
        "age": {"en": "Age (years)", "zh": "年龄（岁）"},
        "monthly_spend": {"en": "Monthly bill (yuan)", "zh": "月消费（元）"},
        "data_mb": {"en": "Data a month (MB)", "zh": "月流量（MB）"},
        "sms_count": {"en": "Text messages a month", "zh": "月短信条数"},
        "call_minutes": {"en": "Call minutes a month", "zh": "月通话分钟数"},
        "business_call_share": {"en": "Business-call share (0–1)", "zh": "商务通话占比（0–1）"},
        "price_sensitivity": {"en": "Price sensitivity (1–7)", "zh": "价格敏感度（1–7）"},
        "benefit_sought": {"en": "Benefit sought", "zh": "追求的利益"},
        "brand": {"en": "Brand", "zh": "品牌"},
        "region_code": {"en": "Area code", "zh": "长途区号"},
        "account_months": {"en": "Months on the network", "zh": "网龄（月）"},
        "churn": {"en": "Left the operator", "zh": "是否流失"},
    },
    "values": {
        "GoTone": {"en": "GoTone", "zh": "全球通"},
        "M-Zone": {"en": "M-Zone", "zh": "动感地带"},
        "Easyown": {"en": "Easyown", "zh": "神州行"},
        "quality": {"en": "quality", "zh": "质量"},
        "service": {"en": "service", "zh": "服务"},
        "fun": {"en": "fun", "zh": "乐趣"},
        "economy": {"en": "economy", "zh": "经济实惠"},
        "yes": {"en": "left", "zh": "已流失"},
        "no": {"en": "stayed", "zh": "未流失"},
    },
}
SEGMENTS = {"en": ("segment", "segments"), "zh": "个细分市场"}
CUSTOMERS = {"en": ("customer", "customers"), "zh": "名客户"}
#: Decimals of a variable's mean in the profile (1 unless listed).
DECIMALS = {"business_call_share": 2}
#: Below this size (points) the numbers in the heat map's cells are left out.
SMALLEST_CELL_FONT = 6


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def _labels(columns, labels=None) -> dict:
    """``{column: {"en": ..., "zh": ...}}`` for ``columns``: from ``labels``, else ``TEXT``, else the
    column's own name."""
    labels = labels or {}
    found = {}
    for column in columns:
        entry = labels.get(column) or TEXT["columns"].get(column)
        found[column] = entry or {"en": str(column).replace("_", " "), "zh": str(column)}
    return found


def _value(value) -> dict:
    return TEXT["values"].get(str(value)) or {"en": str(value), "zh": str(value)}


def _setting_problem(data: pd.DataFrame, variables, k: int, labels: dict) -> str:
    """What makes the ticked ``variables`` and ``k`` impossible to segment, in words ("" if nothing)."""
    if not variables:
        return _t("none_ticked")
    for name in variables:
        label = pick(labels[name])
        column = data[name]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            return _t("not_number", label=label)
        if column.isna().any():
            return _t("missing", label=label)
        if column.nunique() < 2:
            return _t("flat", label=label)
    if k >= len(data):
        return _t("too_many", customers=style.count(len(data), CUSTOMERS))
    distinct = len(data[variables].drop_duplicates())
    if distinct < k:
        return _t("too_few_values", distinct=style.number(distinct), segments=style.count(k, SEGMENTS))
    return ""


def segment_summary(data: pd.DataFrame, variables, k: int, profile_columns, seed: int = 0, labels=None):
    """``(segmentation, separation, message)`` for the variables ticked: the k-means result and how
    far apart its segments are on ``profile_columns``, or ``None, None`` and a message (in the
    language in use) saying what to change."""
    names = _labels([*variables, *profile_columns], labels)
    message = _setting_problem(data, list(variables), k, names)
    if message:
        return None, None, message
    try:
        result = kmeans_segments(data, variables, k, seed=seed, profile_columns=profile_columns)
        spread = separation(data, result.labels, profile_columns)
    except (ValueError, TypeError):
        return None, None, _t("other")
    return result, spread, ""


def segment_explorer(data: pd.DataFrame, candidates, chosen, profile_columns, categories=(), k: int = 3,
                     max_k: int = 8, labels=None) -> widgets.Widget:
    """Check boxes for the ``candidates`` variables (``chosen`` ticked at the start) and a slider for
    k; shows segment sizes, their profile on ``profile_columns``, the mix of each column in
    ``categories`` per segment, and a chart. ``labels`` (column → ``{"en": ..., "zh": ...}``) names
    columns ``TEXT`` does not know.

    The returned box has ``controls`` (variable → check box, and ``"k"``), ``summary`` (the HTML
    with the numbers), ``chart`` and ``figure`` (the chart last drawn, or None).
    """
    names = _labels([*candidates, *profile_columns, *categories], labels)
    boxes = {name: toggle(pick(names[name]), name in chosen, indent=False) for name in candidates}
    k_slider = slider(widgets.IntSlider, _t("k"), k, 2, max_k, 1)
    result_html = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([widgets.HTML(f"<b>{_t('heading')}</b>"), toggle_grid(boxes.values()), k_slider,
                        result_html, chart])
    box.controls, box.summary, box.chart, box.figure = {**boxes, "k": k_slider}, result_html, chart, None

    def update(*_):
        variables = [name for name, ticked in boxes.items() if ticked.value]
        result, spread, message = segment_summary(data, variables, k_slider.value, profile_columns, labels=names)
        if message:
            result_html.value = f"<span style='color:#b3261e'><b>{_t('problem')}</b>{message}</span>"
            chart.outputs, box.figure = (), None  # no stale chart under the message
            return
        result_html.value = _summary_html(data, result, spread, profile_columns, categories, names)
        box.figure = _draw(data, result, profile_columns, names)
        show_figure(chart, box.figure)

    on_any_change([*boxes.values(), k_slider], update)
    return box


def _summary_html(data, result, spread, profile_columns, categories, names) -> str:
    profile = result.profile.reset_index()
    columns = {"segment": TEXT["segment"], "size": TEXT["size"], "share": TEXT["share"],
               **{column: names[column] for column in profile_columns}}
    decimals = {"segment": 0, "size": 0, "share": 1,
                **{column: DECIMALS.get(column, 1) for column in profile_columns}}
    apart = pd.DataFrame({"variable": [pick(names[column]) for column in spread.index],
                          "separation": spread.to_numpy()})
    parts = [
        _t("headline", segments=style.count(len(profile), SEGMENTS), silhouette=style.number(result.silhouette, 2),
           inertia=style.number(result.inertia)),
        f"<br><i>{_t('profile')}</i>",
        style.table_html(profile, columns, decimals),
        f"<i>{_t('separation_intro')}</i>",
        style.table_html(apart, {"variable": TEXT["variable"], "separation": TEXT["separation"]},
                         {"separation": 2}),
    ]
    for column in categories:
        mix = category_mix(result.labels, data[column])
        values = list(mix.columns)
        mix.columns = [f"value {i}" for i in range(len(values))]
        mix = mix.reset_index()
        headers = {"segment": TEXT["segment"], **{f"value {i}": _value(v) for i, v in enumerate(values)}}
        parts += [f"<i>{_t('mix', name=pick(names[column]))}</i>",
                  style.table_html(mix, headers, {key: 1 for key in headers if key != "segment"})]
    return "".join(parts)


def _cell_font(figure, rows: int, columns: int) -> float:
    """The font size (points) that fits a signed one-decimal number in a cell of the heat map.

    The map's size is reckoned from the figure's (laying the figure out to measure it would cost
    the widget a second drawing): it takes 2.6 of the 3.6 width shares, less about 1.4 inches for
    the segment labels and the colour bar, and the figure's height less about 1.7 inches for the
    title and the slanted variable names.
    """
    width, height = figure.get_size_inches()
    cell_height = (height - 1.7) / rows * 72
    cell_width = (width * 2.6 / 3.6 - 1.4) / columns * 72
    return min(9.0, 0.5 * cell_height, cell_width / 2.6)  # "+1.3" is about 2.4 font sizes wide


def _draw(data, result, profile_columns, names):
    z = standardize(data, profile_columns)
    means = z.groupby(result.labels).mean()
    rows = len(means)
    # Constrained layout makes room for the colour bar too (tight_layout leaves it out, and its top
    # label then overhangs the figure).
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, max(3.4, 1.8 + 0.32 * rows)), layout="constrained",
                                         gridspec_kw={"width_ratios": [1, 2.6]})
    sizes = result.profile["size"]
    left.bar([str(s) for s in sizes.index], sizes, color="#2f6f9f")
    left.set(title=_t("sizes_title"), xlabel=_t("segment"), ylabel=_t("size"))
    left.yaxis.set_major_formatter(FuncFormatter(lambda value, _: style.number(value)))
    values = means.to_numpy()
    image = right.imshow(values, cmap="RdBu_r", vmin=-2, vmax=2, aspect="auto")
    right.set_xticks(range(len(profile_columns)), [pick(names[c]) for c in profile_columns], rotation=30, ha="right")
    right.set_yticks(range(rows), [str(s) for s in means.index])
    right.set_ylabel(_t("segment"))
    bar = figure.colorbar(image, ax=right, fraction=0.03)
    bar.set_label(_t("colour_bar"))
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: style.number(value)))
    right.set_title(_t("means_title"))
    # Numbers in the cells sized to the cells (white on the dark ones); left out when they would be
    # too small to read, and the title says so.
    size = _cell_font(figure, rows, len(profile_columns))
    if size >= SMALLEST_CELL_FONT:
        for (row, col), value in np.ndenumerate(values):
            right.text(col, row, _signed(value), ha="center", va="center", fontsize=size,
                       color="white" if abs(value) > 1.1 else "black")
    else:
        right.set_title(_t("means_title") + _t("numbers_left_out"))
    return figure


def _signed(value: float) -> str:
    """``+1.3``, ``−0.4``, ``0.0``: a z-score with its sign and one decimal."""
    if round(value, 1) == 0:
        return "0.0"
    return style.number(value, 1) if value < 0 else f"+{value:.1f}"
