"""Lesson 09 widget: pick a SERVQUAL dimension, see its item gaps and what to fix first.

The ranking comes from ``servicekit.metrics.quality.item_priorities``. The module also draws the
importance–performance grid used in lessons 08 and 09 and the Kano better–worse diagram of
lesson 09. Every word it shows is in ``TEXT`` (and the tables below it), in English and Chinese,
read in the language in use (``servicekit.set_language``) when a chart or widget is drawn.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from servicekit import _checks, style
from servicekit.language import language, lookup, pick
from servicekit.metrics.quality import ALL_DIMENSIONS, IPA_QUADRANTS, KANO_CATEGORIES, item_priorities

from .controls import dropdown, fit_layout, on_any_change, show_figure, slider

#: Every word the module shows, in both languages.
TEXT = {
    # the gap explorer's controls
    "dimension": {"en": "SERVQUAL dimension", "zh": "服务质量维度"},
    "top": {"en": "Items listed in the table", "zh": "表中列出的题项数"},
    ALL_DIMENSIONS: {"en": "All five dimensions", "zh": "全部五个维度"},
    # its advice and table
    "fix_first": {"en": "Fix first: <b>{name}</b>{code}, a gap of {gap} points with an importance of {importance} "
                        "(both on the 1–7 scale).",
                  "zh": "首先改进：<b>{name}</b>{code}，差距{gap}分，重要性{importance}分（均为1–7分制）。"},
    "code": {"en": " ({code})", "zh": "（{code}）"},
    "nothing_to_fix": {"en": "Every item here meets or beats what customers expect: nothing to fix here.",
                       "zh": "这里每个题项都达到或超过了顾客的期望，没有需要改进的地方。"},
    "cannot": {"en": "Cannot rank the items:", "zh": "无法排出改进顺序："},
    "mismatch": {"en": "the survey's expectation, perception and importance answers do not fit together. "
                       "Check that all three tables hold the same items, each answered at least once.",
                 "zh": "调查中期望、感知和重要性三组答案对不上。请检查三张表是否包含相同的题项，且每个题项至少有一个答案。"},
    "details": {"en": "Details for whoever prepared the data: {detail}", "zh": "供准备数据者参考：{detail}"},
    "space": {"en": " ", "zh": ""},
    "item": {"en": "Item", "zh": "题项"},
    "statement": {"en": "Statement", "zh": "陈述"},
    "dimension_column": {"en": "Dimension", "zh": "维度"},
    "expectation_column": {"en": "Expectation (mean, 1–7)", "zh": "期望（均值，1–7分）"},
    "perception_column": {"en": "Perception (mean, 1–7)", "zh": "感知（均值，1–7分）"},
    "gap_column": {"en": "Gap (points)", "zh": "差距（分）"},
    "importance_column": {"en": "Importance (mean, 1–7)", "zh": "重要性（均值，1–7分）"},
    "priority_column": {"en": "Priority (shortfall × importance)", "zh": "改进优先度（不足分值×重要性）"},
    # its chart
    "gaps_title": {"en": "SERVQUAL gaps: {dimension}", "zh": "服务质量差距：{dimension}"},
    "means_title": {"en": "Mean answer", "zh": "平均得分"},
    "gap_title": {"en": "Gap = perception − expectation", "zh": "差距 = 感知 − 期望"},
    "points": {"en": "points on the 1–7 scale", "zh": "分（1–7分制）"},
    "expectation": {"en": "Expectation", "zh": "期望"},
    "perception": {"en": "Perception", "zh": "感知"},
    # the importance–performance grid
    "performance_axis": {"en": "Performance", "zh": "绩效"},
    "importance_axis": {"en": "Importance", "zh": "重要性"},
    "cut_lines": {"en": "dashed lines: the cut points", "zh": "虚线：分界点"},
    # the Kano better–worse diagram
    "kano_title": {"en": "Kano better–worse diagram", "zh": "卡诺模型满意与不满意系数图"},
    "kano_x": {"en": "|Worse|: dissatisfaction if the feature is missing",
               "zh": "不满意系数的绝对值：缺少该功能时的不满"},
    "kano_y": {"en": "Better: satisfaction if the feature is offered", "zh": "满意系数：提供该功能时的满意"},
    "kano_legend": {"en": "Dominant category", "zh": "主要类别"},
}

#: The five SERVQUAL dimensions, as the lesson names them (S1's 可感知性 for tangibles).
DIMENSION_NAMES = {
    "reliability": {"en": "reliability", "zh": "可靠性"},
    "assurance": {"en": "assurance", "zh": "保证性"},
    "tangibles": {"en": "tangibles", "zh": "可感知性（有形性）"},
    "empathy": {"en": "empathy", "zh": "移情性"},
    "responsiveness": {"en": "responsiveness", "zh": "响应性"},
}

#: The 22 statements of the course's bank survey (``servicekit.data.load("servqual_items")``): the
#: English is the survey's own wording; where a widget is given that wording as an item's label,
#: it shows the Chinese in Chinese.
STATEMENTS = {
    "TAN1": {"en": "The branch has modern, working equipment (card readers, self-service machines)",
             "zh": "网点设备现代、运转正常（读卡器、自助设备）"},
    "TAN2": {"en": "The branch is clean, well lit and pleasant to wait in", "zh": "网点整洁明亮，等候环境舒适"},
    "TAN3": {"en": "Staff look neat and professional", "zh": "员工仪表整洁、专业"},
    "TAN4": {"en": "Forms, leaflets and statements are clear and easy to read", "zh": "表单、宣传册和对账单清楚易读"},
    "REL1": {"en": "When the bank promises to do something by a certain time, it does so",
             "zh": "银行承诺在某个时间前办好的事，都能按时办好"},
    "REL2": {"en": "When I have a problem, the bank shows a sincere interest in solving it",
             "zh": "我遇到问题时，银行真心实意地帮我解决"},
    "REL3": {"en": "The bank gets the service right the first time", "zh": "银行第一次就把服务做对"},
    "REL4": {"en": "The bank delivers its services at the time it promises", "zh": "银行在承诺的时间提供服务"},
    "REL5": {"en": "The bank keeps error-free records and statements", "zh": "银行的记录和对账单准确无误"},
    "RES1": {"en": "Staff tell me exactly when a service will be performed", "zh": "员工明确告诉我服务何时办理"},
    "RES2": {"en": "Staff give me prompt service; I do not queue for long", "zh": "员工为我提供及时的服务，我不用久等排队"},
    "RES3": {"en": "Staff are always willing to help me", "zh": "员工总是乐于帮助我"},
    "RES4": {"en": "Staff are never too busy to answer my questions or call me back",
             "zh": "员工再忙也会回答我的问题或给我回电"},
    "ASU1": {"en": "The behaviour of staff gives me confidence", "zh": "员工的言行让我放心"},
    "ASU2": {"en": "I feel my money and data are safe with the bank", "zh": "我觉得资金和个人信息放在这家银行很安全"},
    "ASU3": {"en": "Staff are consistently courteous", "zh": "员工始终彬彬有礼"},
    "ASU4": {"en": "Staff have the knowledge to answer my questions", "zh": "员工具备回答我问题的专业知识"},
    "EMP1": {"en": "The bank gives me individual attention", "zh": "银行给予我个别的关注"},
    "EMP2": {"en": "Staff deal with me in a caring way", "zh": "员工以关心体贴的方式对待我"},
    "EMP3": {"en": "The branch opening hours suit me", "zh": "网点营业时间方便我"},
    "EMP4": {"en": "The bank has my best interests at heart", "zh": "银行把我的切身利益放在心上"},
    "EMP5": {"en": "Staff understand my specific needs", "zh": "员工了解我的具体需要"},
}

#: The quadrants of importance–performance analysis (the values of ``metrics.importance_performance``).
QUADRANT_NAMES = {
    "concentrate here": {"en": "concentrate here", "zh": "重点改进区"},
    "keep up the good work": {"en": "keep up the good work", "zh": "继续保持区"},
    "low priority": {"en": "low priority", "zh": "低优先区"},
    "possible overkill": {"en": "possible overkill", "zh": "可能过度投入区"},
}
QUADRANT_COLOURS = {"concentrate here": "#b3261e", "keep up the good work": "#1b7f3b",
                    "low priority": "#777777", "possible overkill": "#c77c02"}

#: The Kano categories (letters of ``metrics.KANO_CATEGORIES``), as lesson 09 names them.
KANO_NAMES = {
    "A": {"en": "attractive (A)", "zh": "魅力质量（A）"},
    "O": {"en": "one-dimensional (O)", "zh": "期望质量（O）"},
    "M": {"en": "must-be (M)", "zh": "必备质量（M）"},
    "I": {"en": "indifferent (I)", "zh": "无差异质量（I）"},
    "R": {"en": "reverse (R)", "zh": "反向质量（R）"},
    "Q": {"en": "questionable (Q)", "zh": "可疑结果（Q）"},
}
#: The size of a point on the charts (matplotlib's ``s``, points²).
MARKER = 50
KANO_COLOURS = {"A": "#1b7f3b", "O": "#2f6f9f", "M": "#b3261e", "I": "#777777", "R": "#c77c02", "Q": "#8e5ea2"}

#: The features of the course's Kano survey (``servicekit.data.load("kano_survey")``).
KANO_FEATURES = {
    "accurate_statements": {"en": "accurate statements", "zh": "对账单准确"},
    "short_queues": {"en": "short queues", "zh": "排队时间短"},
    "app_booking": {"en": "app booking", "zh": "手机预约"},
    "personal_adviser": {"en": "a personal adviser", "zh": "专属顾问"},
    "sms_alerts": {"en": "SMS alerts", "zh": "短信提醒"},
    "saturday_opening": {"en": "Saturday opening", "zh": "周六营业"},
    "free_coffee": {"en": "free coffee", "zh": "免费咖啡"},
    "sales_calls": {"en": "sales calls", "zh": "推销电话"},
}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def _name(table: Mapping, key, fallback: str | None = None) -> str:
    """``key``'s name in the language in use from ``table``, else ``fallback`` (else ``key``)."""
    return pick(table[key]) if key in table else (fallback if fallback is not None else str(key))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _point_label(ax, x: float, y: float, text: str):
    """A point's label, set just above its marker (``MARKER`` points², drawn before the labels),
    for ``style.place_labels`` to move apart from the others."""
    lift = (MARKER ** 0.5 / 2 + 1.5) * ax.figure.dpi / 72  # the marker's radius and a small gap, in pixels
    at = ax.transData.transform((x, y)) + (0, lift)
    x_text, y_text = ax.transData.inverted().transform(at)
    return ax.text(x_text, y_text, text, fontsize=style.SMALL_TEXT, ha="center", va="bottom", zorder=4)


# --- importance–performance grid -------------------------------------------------------------


def draw_importance_performance(table: pd.DataFrame, cuts=None, ax=None, title: str = "",
                                xlabel: str | None = None, ylabel: str | None = None):
    """Scatter of an ``importance_performance`` table: one labelled point per attribute, coloured
    by quadrant, with dashed cut lines at ``cuts`` = (importance cut, performance cut), by default
    the means (as ``importance_performance`` uses by default). The point labels (the table's index)
    are moved apart so that none overlaps another. ``xlabel`` and ``ylabel`` replace the axis titles
    (by default "Performance" and "Importance" in the language in use). Returns the Axes."""
    table = _checks.frame(table, "table", ("importance", "performance", "quadrant"))
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5.4))
    present = [q for q in IPA_QUADRANTS if (table["quadrant"] == q).any()]
    others = [q for q in table["quadrant"].astype(str).unique() if q not in IPA_QUADRANTS]
    for quadrant in [*present, *others]:
        group = table[table["quadrant"].astype(str) == quadrant]
        ax.scatter(group["performance"], group["importance"], s=MARKER, zorder=3,
                   color=QUADRANT_COLOURS.get(quadrant, "#2f4f6f"), label=_name(QUADRANT_NAMES, quadrant))
    if cuts is None:
        cuts = (table["importance"].mean(), table["performance"].mean())
    ax.axhline(cuts[0], color="#999", lw=0.8, ls="--")
    ax.axvline(cuts[1], color="#999", lw=0.8, ls="--")
    ax.margins(x=0.12, y=0.1)  # room for the labels of the outermost points
    ax.set_xlabel(xlabel if xlabel is not None else _t("performance_axis"))
    ax.set_ylabel(ylabel if ylabel is not None else _t("importance_axis"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.text(1.02, 0.0, _t("cut_lines"), transform=ax.transAxes, fontsize=style.SMALL_TEXT, color="#777", va="bottom")
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    texts = [_point_label(ax, row["performance"], row["importance"], str(label)) for label, row in table.iterrows()]
    style.place_labels(ax, texts)
    return ax


# --- Kano better–worse diagram ----------------------------------------------------------------


def draw_kano(kano: pd.DataFrame, ax=None, title: str | None = None, cut: float = 0.5):
    """The better–worse diagram of a ``metrics.kano_table``: one point per feature at (|worse|,
    better), coloured by its dominant category, with dashed lines at ``cut`` on both axes. The
    feature labels are moved apart so that none overlaps another; the features of the course's
    survey get their names in the language in use. Returns the Axes."""
    kano = _checks.frame(kano, "kano", ("better", "worse", "dominant"))
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5.4))
    x, y = -kano["worse"].astype(float), kano["better"].astype(float)
    for letter in KANO_CATEGORIES:
        chosen = (kano["dominant"] == letter).to_numpy()
        if chosen.any():
            ax.scatter(x[chosen], y[chosen], s=MARKER, zorder=3, color=KANO_COLOURS[letter],
                       label=pick(KANO_NAMES[letter]))
    ax.axhline(cut, color="#999", ls="--", lw=0.8)
    ax.axvline(cut, color="#999", ls="--", lw=0.8)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(_t("kano_x"))
    ax.set_ylabel(_t("kano_y"))
    ax.set_title(title if title is not None else _t("kano_title"))
    ax.legend(title=_t("kano_legend"), title_fontsize=style.SMALL_TEXT, loc="upper left",
              bbox_to_anchor=(1.01, 1), frameon=False)
    ax.figure.tight_layout()
    texts = [_point_label(ax, x[feature], y[feature], _name(KANO_FEATURES, feature, str(feature).replace("_", " ")))
             for feature in kano.index]
    style.place_labels(ax, texts)
    return ax


# --- SERVQUAL gap explorer --------------------------------------------------------------------


def _item_label(code, labels: Mapping) -> str:
    """What the chart and table call item ``code``: its label (a text, or ``{"en": ..., "zh": ...}``),
    in Chinese for a statement of the course's bank survey; the code if it has no label."""
    label = labels.get(code, code)
    if isinstance(label, Mapping):
        return pick(label)
    known = STATEMENTS.get(code)
    if known and label == known["en"]:
        return pick(known)
    return str(label)


def _ranked_table(table: pd.DataFrame, labels: Mapping, rows: int) -> str:
    """The first ``rows`` items of an ``item_priorities`` table as an HTML table for a trainee."""
    shown = table.head(rows).reset_index()
    shown["item"] = shown[shown.columns[0]].astype(str)
    shown["statement"] = [_item_label(code, labels) for code in shown["item"]]
    shown["dimension_name"] = [_capital(_name(DIMENSION_NAMES, d)) for d in shown["dimension"]]
    columns = {"item": TEXT["item"]}
    if labels:
        columns["statement"] = TEXT["statement"]
    columns |= {"dimension_name": TEXT["dimension_column"], "expectation": TEXT["expectation_column"],
                "perception": TEXT["perception_column"], "gap": TEXT["gap_column"],
                "importance": TEXT["importance_column"], "priority": TEXT["priority_column"]}
    return style.table_html(shown, columns, decimals={c: 2 for c in ("expectation", "perception", "gap",
                                                                       "importance", "priority")})


def _advice(table: pd.DataFrame, labels: Mapping) -> str:
    first = table.iloc[0]
    if first["priority"] == 0:
        return _t("nothing_to_fix")
    name = _item_label(first.name, labels)
    code = "" if name == str(first.name) else _t("code", code=html.escape(str(first.name)))
    return _t("fix_first", name=html.escape(name), code=code, gap=style.number(first["gap"], 2),
              importance=style.number(first["importance"], 2))


def gap_explorer(expectations: pd.DataFrame, perceptions: pd.DataFrame, importance,
                 dimensions: Mapping[str, list[str]], labels: Mapping | None = None) -> widgets.Widget:
    """A dropdown of dimensions; shows each item's expectation, perception and gap as bars and
    the table of items ranked by priority (gap × importance). ``labels`` maps item codes to the
    wording shown on the chart (a text, or ``{"en": ..., "zh": ...}``).

    The returned box's ``figure`` is the chart on show (None when there is none)."""
    labels = dict(labels or {})
    picker = dropdown(_t("dimension"), [(_t(ALL_DIMENSIONS), ALL_DIMENSIONS),
                                        *((_capital(_name(DIMENSION_NAMES, d)), d) for d in dimensions)],
                      ALL_DIMENSIONS)
    items = max(1, len(getattr(expectations, "columns", ())))
    top = slider(widgets.IntSlider, _t("top"), min(5, items), 1, items, 1)
    result = widgets.HTML()
    chart = widgets.Output()
    box = widgets.VBox([widgets.VBox([picker, top]), result, chart])
    box.chart, box.figure = chart, None

    def update(*_):
        try:
            table = item_priorities(expectations, perceptions, importance, dimensions, picker.value)
        except (TypeError, ValueError) as error:
            result.value = (f"<div style='color:#b3261e'><b>{html.escape(_t('cannot'))}</b>{_t('space')}"
                            f"{html.escape(_t('mismatch'))}<br><small>"
                            f"{html.escape(_t('details', detail=str(error)))}</small></div>")
            chart.outputs, box.figure = (), None  # no stale chart under the message
            return
        result.value = f"<p>{_advice(table, labels)}</p>" + _ranked_table(table, labels, top.value)
        box.figure = _draw_gaps(table, labels, picker.value)
        show_figure(chart, box.figure)

    on_any_change([picker, top], update)
    return box


def _draw_gaps(table: pd.DataFrame, labels: Mapping, dimension: str = ALL_DIMENSIONS):
    """Expectation and perception bars per item (left) and the gaps (right), worst gap on top."""
    ordered = table.sort_values("gap", ascending=False)
    names = [_item_label(code, labels) for code in ordered.index]
    y = np.arange(len(ordered))
    height = 0.35 * len(ordered) + 1.8
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, height), sharey=True)
    left.barh(y + 0.2, ordered["expectation"], height=0.4, color="#9bbbd9", label=_t("expectation"))
    left.barh(y - 0.2, ordered["perception"], height=0.4, color="#2f6f9f", label=_t("perception"))
    left.set_yticks(y, names, fontsize=8)
    left.set_xlim(1, 7)
    left.set_title(_t("means_title"))
    left.set_xlabel(_t("points"))
    right.barh(y, ordered["gap"], color=np.where(ordered["gap"] < 0, "#b3261e", "#1b7f3b"))
    right.axvline(0, color="black", lw=0.8)
    right.set_title(_t("gap_title"))
    right.set_xlabel(_t("points"))
    whole = _t(ALL_DIMENSIONS) if dimension == ALL_DIMENSIONS else _name(DIMENSION_NAMES, dimension)
    fig.suptitle(_t("gaps_title", dimension=whole.lower() if language() == "en" else whole), fontsize=11)
    fig.legend(*left.get_legend_handles_labels(), loc="lower center", ncol=2, fontsize=8, frameon=False)
    fit_layout(fig, "gaps", rect=(0, 0.45 / height, 1, 1))
    return fig
