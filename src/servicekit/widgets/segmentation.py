"""Lesson 03 widget: tick segmentation variables, choose k, and read the segments k-means finds.

The segments come from ``servicekit.models.segmentation.kmeans_segments``; this module only wires
check boxes and a slider to it and draws the result.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from servicekit.metrics.segmentation import category_mix, separation, standardize
from servicekit.models.segmentation import kmeans_segments

from .controls import on_any_change, slider, toggle, toggle_grid


def segment_summary(data: pd.DataFrame, variables, k: int, profile_columns, seed: int = 0):
    """``(segmentation, separation, message)`` for the variables ticked: the k-means result and how
    far apart its segments are on ``profile_columns``, or ``None, None`` and a message saying
    what is wrong."""
    if not variables:
        return None, None, "Tick at least one variable to segment on."
    try:
        result = kmeans_segments(data, variables, k, seed=seed, profile_columns=profile_columns)
    except (ValueError, TypeError) as error:
        return None, None, str(error)
    return result, separation(data, result.labels, profile_columns), ""


def segment_explorer(data: pd.DataFrame, candidates, chosen, profile_columns, categories=(), k: int = 3,
                     max_k: int = 8) -> widgets.Widget:
    """Check boxes for the ``candidates`` variables (``chosen`` ticked at the start) and a slider for
    k; shows segment sizes, their profile on ``profile_columns``, the mix of each column in
    ``categories`` per segment, and a chart."""
    boxes = {name: toggle(name, name in chosen, indent=False) for name in candidates}
    k_slider = slider(widgets.IntSlider, "segments k", k, 2, max_k, 1)
    result_html = widgets.HTML()
    chart = widgets.Output()

    def update(*_):
        variables = [name for name, box in boxes.items() if box.value]
        result, spread, message = segment_summary(data, variables, k_slider.value, profile_columns)
        chart.clear_output(wait=True)
        if message:
            result_html.value = f"<span style='color:#b3261e'><b>No segments:</b> {html.escape(message)}</span>"
            chart.clear_output()  # no stale chart under the message
            return
        result_html.value = _summary_html(data, result, spread, categories)
        with chart:
            figure = _draw(data, result, profile_columns)
            plt.show()
            plt.close(figure)

    on_any_change([*boxes.values(), k_slider], update)
    grid = toggle_grid(boxes.values())
    return widgets.VBox([widgets.HTML("<b>Segment on these variables:</b>"), grid, k_slider, result_html, chart])


def _summary_html(data, result, spread, categories) -> str:
    shown = result.profile.round(2)
    parts = [
        f"<b>{len(shown)} segments</b> — silhouette {result.silhouette:.2f}, inertia {result.inertia:.0f}",
        "<br><i>Profile (means in each variable's own unit; share in percent):</i>",
        shown.to_html(),
        "<i>How far apart the segments are (largest minus smallest segment mean, in standard "
        "deviations; near 0 = every segment looks the same):</i>",
        spread.round(2).to_frame().T.to_html(index=False),
    ]
    for column in categories:
        mix = category_mix(result.labels, data[column]).round(1)
        parts += [f"<i>{html.escape(column)} by segment (percent of each segment):</i>", mix.to_html()]
    return "".join(parts)


def _draw(data, result, profile_columns):
    z = standardize(data, profile_columns)
    means = z.groupby(result.labels).mean()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.4), gridspec_kw={"width_ratios": [1, 2.6]})
    sizes = result.profile["size"]
    left.bar([f"S{s}" for s in sizes.index], sizes, color="#2f6f9f")
    left.set_title("Segment sizes (subscribers)")
    image = right.imshow(means.to_numpy(), cmap="RdBu_r", vmin=-2, vmax=2, aspect="auto")
    right.set_xticks(range(len(profile_columns)), profile_columns, rotation=30, ha="right")
    right.set_yticks(range(len(means)), [f"S{s}" for s in means.index])
    for (row, col), value in pd.DataFrame(means.to_numpy()).stack().items():
        right.text(col, row, f"{value:+.1f}", ha="center", va="center", fontsize=8)
    right.set_title("Segment means in standard deviations from the average")
    fig.colorbar(image, ax=right, fraction=0.03)
    fig.tight_layout()
    return fig
