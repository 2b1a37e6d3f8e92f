"""Lesson 07 widget: move the weights of a satisfaction-index tree and watch the index change.

The index and its breakdown come from ``servicekit.metrics.index_breakdown``; this module only
turns sliders into a weight tree and draws the result.
"""

from __future__ import annotations

import copy
import html

import ipywidgets as widgets
import matplotlib.pyplot as plt

from servicekit.metrics import index_breakdown

from .controls import on_any_change, slider, toggle


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


def index_summary(tree: dict, scores: dict, weights: dict[str, float], normalize: bool = False):
    """``(index, breakdown, message)`` for the weights chosen: the breakdown of every node, or,
    when the weights are impossible, ``None`` and a message saying what is wrong."""
    try:
        breakdown = index_breakdown(with_weights(tree, weights), scores, normalize=normalize)
    except ValueError as error:
        return None, None, str(error)
    # The leaves' contributions add up to the index (see index_breakdown).
    return float(breakdown["contribution"].sum()), breakdown, ""


def _groups(tree: dict, parent: str = "top level"):
    """(group title, [node names]) for every set of siblings, top level first."""
    yield parent, list(tree)
    for name, node in tree.items():
        if "children" in node:
            yield from _groups(node["children"], name)


def weights_explorer(tree: dict, scores: dict) -> widgets.Widget:
    """Sliders for every weight of ``tree``; the index and a bar chart update as they move."""
    sliders: dict[str, widgets.FloatSlider] = {}
    columns = []
    for title, members in _groups(tree):
        box = [widgets.HTML(f"<b>{html.escape(title)}</b>")]
        for name in members:
            node = _find(tree, name)
            sliders[name] = slider(widgets.FloatSlider, name, node["weight"], 0.0, 1.0, 0.05, ".2f")
            box.append(sliders[name])
        columns.append(widgets.VBox(box))
    normalize = toggle("rescale each group to sum to 1")
    reset = widgets.Button(description="Reset weights")
    result = widgets.HTML()
    chart = widgets.Output()

    def update(*_):
        weights = {name: control.value for name, control in sliders.items()}
        index, breakdown, message = index_summary(tree, scores, weights, normalize.value)
        chart.clear_output(wait=True)
        if message:
            result.value = f"<span style='color:#b3261e'><b>Cannot compute the index:</b> {html.escape(message)}</span>"
            chart.clear_output()  # no stale chart under the message
            return
        result.value = f"<b>Satisfaction index: {index:.1f}</b> (0–100)"
        with chart:
            _draw(breakdown, index)
            plt.show()

    def on_reset(_):
        for name, control in sliders.items():
            control.value = _find(tree, name)["weight"]

    reset.on_click(on_reset)
    on_any_change([*sliders.values(), normalize], update)
    return widgets.VBox([widgets.VBox(columns[:2]), widgets.VBox(columns[2:]),
                         widgets.HBox([normalize, reset]), result, chart])


def _find(tree: dict, name: str) -> dict:
    for key, node in tree.items():
        if key == name:
            return node
        if "children" in node:
            found = _find(node["children"], name)
            if found is not None:
                return found
    return None


def _draw(breakdown, index: float) -> None:
    leaves = breakdown[breakdown["leaf"]].sort_values("contribution")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    left.barh(leaves.index, leaves["score"], color="#8fb8de")
    left.set_xlim(0, 100)
    left.set_title("Score of each indicator (0–100)")
    right.barh(leaves.index, leaves["contribution"], color="#2f6f9f")
    right.set_title(f"Contribution to the index ({index:.1f})")
    right.set_yticklabels([])
    fig.tight_layout()
