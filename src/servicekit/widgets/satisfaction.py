"""Lesson 07 widget: move the weights of a satisfaction-index tree and watch the index change.

The index and its breakdown come from ``servicekit.metrics.index_breakdown``; this module only
turns sliders into a weight tree and draws the result. Every word it shows is in ``TEXT`` and, for
the indicators of the course's natural-gas tree, ``NAMES`` (English and Chinese), read in the
language in use (``servicekit.set_language``) when the widget is built and each time it redraws.
"""

from __future__ import annotations

import copy
import html

import ipywidgets as widgets
import matplotlib.pyplot as plt

from servicekit import style
from servicekit.language import language, lookup, pick
from servicekit.metrics import index_breakdown
from servicekit.metrics.satisfaction import WEIGHT_TOLERANCE

from .controls import fit_layout, on_any_change, show_figure, slider, toggle

#: Every text the widget shows, in English and Chinese.
TEXT = {
    "top_group": {"en": "Top-level weights (they add up to 1)", "zh": "最上层指标的权重（合计为1）"},
    "child_group": {"en": "Weights under {parent} (they add up to 1)", "zh": "“{parent}”下各指标的权重（合计为1）"},
    "rescale": {"en": "Rescale each group to add up to 1", "zh": "把每组权重按比例调整为合计1"},
    "reset": {"en": "Reset the weights", "zh": "恢复原有权重"},
    "index": {"en": "Satisfaction index: {index}", "zh": "顾客满意度指数：{index}"},
    # Likert answers scored level × 20: every score, and so the index, lies between 20 and 100.
    "scale": {"en": " (Likert scores, 20–100)", "zh": "（李克特计分，20–100）"},
    "cannot": {"en": "Cannot compute the index:", "zh": "无法计算指数："},
    "gap": {"en": " ", "zh": ""},  # between a bold heading and its sentence
    # the impossible settings, in the words of the sliders
    "top_where": {"en": "the top-level weights", "zh": "最上层指标的权重"},
    "child_where": {"en": "the weights under {parent}", "zh": "“{parent}”下各指标的权重"},
    "not_one": {"en": "{where} add up to {total}, not 1. {change} them by {difference} in all, "
                      "or tick “{rescale}”.",
                "zh": "{where}合计为{total}，而不是1。请把它们共{change}{difference}，或勾选“{rescale}”。"},
    "lower": {"en": "Lower", "zh": "调低"},
    "raise": {"en": "Raise", "zh": "调高"},
    "all_zero": {"en": "{where} are all 0, so there is nothing to rescale. Give at least one of them a weight above 0.",
                 "zh": "{where}全部为0，无法按比例调整。请至少给其中一个指标大于0的权重。"},
    # the charts
    "score_title": {"en": "Score of each indicator (20–100)", "zh": "各指标得分（20–100）"},
    "score_x": {"en": "Score (Likert, 20–100)", "zh": "得分（李克特计分，20–100）"},
    "contribution_title": {"en": "Contribution to the index (in all {index})", "zh": "对指数的贡献（合计{index}）"},
    "contribution_x": {"en": "Points of the index", "zh": "指数分值"},
}

#: The indicators of the natural-gas tree (``datasets/natural_gas_tree.yml``), named as S2 names them.
#: A tree with other names shows them as they are.
NAMES = {
    "supply quality": {"en": "Supply quality", "zh": "供气质量"},
    "gas pressure": {"en": "Gas pressure", "zh": "供气压力"},
    "gas quality": {"en": "Gas quality", "zh": "气质"},
    "repair quality": {"en": "Repair quality", "zh": "维修质量"},
    "repair staff attitude": {"en": "Repair staff attitude", "zh": "维修服务态度"},
    "repair timeliness": {"en": "Repair timeliness", "zh": "修理及时性"},
    "repair result": {"en": "Repair result", "zh": "修理结果"},
    "meter-reading quality": {"en": "Meter-reading quality", "zh": "抄表质量"},
    "reader attitude": {"en": "Meter reader attitude", "zh": "抄表员服务态度"},
    "reading errors": {"en": "Reading errors", "zh": "抄表是否有差错"},
    "bill delivered on time": {"en": "Bill delivered on time", "zh": "表单是否及时送到"},
}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def node_label(name: str) -> str:
    """The name of an indicator as a trainee reads it, in the language in use."""
    if name in NAMES:
        return pick(NAMES[name])
    return name[:1].upper() + name[1:] if language() == "en" else name


def with_weights(tree: dict, weights: dict[str, float]) -> dict:
    """A copy of ``tree`` whose node weights are replaced by ``weights`` (node name → weight)."""
    new = copy.deepcopy(tree)

    def walk(level):
        for name, node in level.items():
            if name in weights:
                node["weight"] = weights[name]
            if "children" in node:
                walk(node["children"])

    walk(new)
    return new


def _weights_problem(tree: dict, normalize: bool) -> str:
    """What is wrong with the weights of ``tree``, in words (the first group that cannot be used),
    or "" when the index can be computed."""
    for parent, members in _groups(tree, None):
        where = _t("top_where") if parent is None else _t("child_where", parent=node_label(parent))
        total = sum(float(_find(tree, name)["weight"]) for name in members)
        if normalize and total <= 0:
            message = _t("all_zero", where=where)
        elif not normalize and abs(total - 1) > WEIGHT_TOLERANCE:
            message = _t("not_one", where=where, total=style.number(total, 2),
                         change=_t("lower" if total > 1 else "raise"), difference=style.number(abs(total - 1), 2),
                         rescale=_t("rescale"))
        else:
            continue
        return message[:1].upper() + message[1:]
    return ""


def index_summary(tree: dict, scores: dict, weights: dict[str, float], normalize: bool = False):
    """``(index, breakdown, message)`` for the weights chosen: the breakdown of every node, or,
    when the weights are impossible, ``None`` and a message (in the language in use) saying what to change."""
    chosen = with_weights(tree, weights)
    problem = _weights_problem(chosen, normalize)
    if problem:
        return None, None, problem
    try:
        breakdown = index_breakdown(chosen, scores, normalize=normalize)
    except ValueError as error:  # scores that do not fit the tree: a fault of the data, not of the sliders
        return None, None, str(error)
    # The leaves' contributions add up to the index (see index_breakdown).
    return float(breakdown["contribution"].sum()), breakdown, ""


def _groups(tree: dict, parent: str | None = None):
    """(parent name or None for the top level, [node names]) for every set of siblings, top level first."""
    yield parent, list(tree)
    for name, node in tree.items():
        if "children" in node:
            yield from _groups(node["children"], name)


def weights_explorer(tree: dict, scores: dict) -> widgets.Widget:
    """Sliders for every weight of ``tree``; the index and a bar chart update as they move."""
    sliders: dict[str, widgets.FloatSlider] = {}
    columns = []
    for parent, members in _groups(tree):
        title = _t("top_group") if parent is None else _t("child_group", parent=node_label(parent))
        box = [widgets.HTML(f"<b>{html.escape(title)}</b>")]
        for name in members:
            node = _find(tree, name)
            sliders[name] = slider(widgets.FloatSlider, node_label(name), node["weight"], 0.0, 1.0, 0.05, ".2f")
            box.append(sliders[name])
        columns.append(widgets.VBox(box))
    normalize = toggle(_t("rescale"))
    reset = widgets.Button(description=_t("reset"))
    result = widgets.HTML()
    chart = widgets.Output()
    explorer = widgets.VBox([widgets.VBox(columns[:2]), widgets.VBox(columns[2:]),
                             widgets.HBox([normalize, reset]), result, chart])
    # handles for tests and curious trainees; ``figure`` is the chart shown (None when there is none)
    explorer.sliders, explorer.normalize, explorer.reset, explorer.result = sliders, normalize, reset, result
    explorer.chart, explorer.figure = chart, None

    def update(*_):
        weights = {name: control.value for name, control in sliders.items()}
        index, breakdown, message = index_summary(tree, scores, weights, normalize.value)
        if message:
            result.value = (f"<span style='color:#b3261e'><b>{html.escape(_t('cannot'))}</b>{_t('gap')}"
                            f"{html.escape(message)}</span>")
            chart.outputs, explorer.figure = (), None  # no stale chart under the message
            return
        result.value = f"<b>{html.escape(_t('index', index=style.number(index, 1)))}</b>{html.escape(_t('scale'))}"
        explorer.figure = _draw(breakdown, index)
        show_figure(chart, explorer.figure)

    def on_reset(_):
        for name, control in sliders.items():
            control.value = _find(tree, name)["weight"]

    reset.on_click(on_reset)
    on_any_change([*sliders.values(), normalize], update)
    return explorer


def _find(tree: dict, name: str) -> dict:
    for key, node in tree.items():
        if key == name:
            return node
        if "children" in node:
            found = _find(node["children"], name)
            if found is not None:
                return found
    return None


def _draw(breakdown, index: float):
    leaves = breakdown[breakdown["leaf"]].sort_values("contribution")
    names = [node_label(name) for name in leaves.index]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    left.barh(names, leaves["score"].to_numpy(), color="#8fb8de")
    left.set_xlim(0, 100)
    left.set_title(_t("score_title"))
    left.set_xlabel(_t("score_x"))
    right.barh(names, leaves["contribution"].to_numpy(), color="#2f6f9f")
    right.set_title(_t("contribution_title", index=style.number(index, 1)))
    right.set_xlabel(_t("contribution_x"))
    right.tick_params(labelleft=False)  # the names are on the left chart
    fit_layout(fig, "weights")
    return fig
