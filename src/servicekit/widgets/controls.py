"""Controls shared by the lesson widgets, so every control looks and behaves the same.

The sliders, dropdowns, text boxes and check boxes of the lessons are made here (or take
``LABEL_STYLE`` and ``ROW_LAYOUT`` from here): every label is ``LABEL_WIDTH`` wide and every row
of a slider, dropdown or text box (label, control and readout) ``ROW_WIDTH``, so the controls of
a widget line up one under the other; a check box is as wide as its text. ``on_any_change`` is the
one way a widget redraws when a control changes, ``fit_layout`` the one way it lays out a chart,
and ``show_figure`` the one way it shows one.
"""

from __future__ import annotations

import base64
import io
import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
from PIL import Image

from ..language import language

LABEL_WIDTH = "250px"  # the longest label, "Holding cost (share of stock a year)", with room to spare
ROW_WIDTH = "560px"
# The one wider row: a dropdown whose options are long, such as the practice topics
# ("Survey sample size with finite-population correction"), which a normal row would cut off.
WIDE_ROW_WIDTH = "640px"

LABEL_STYLE = {"description_width": LABEL_WIDTH}
ROW_LAYOUT = {"width": ROW_WIDTH}
WIDE_ROW_LAYOUT = {"width": WIDE_ROW_WIDTH}
# Check boxes, radio buttons and buttons: as wide as their text, never cut off (a button is otherwise
# 148 px wide and cuts a longer label with an ellipsis).
FIT_LAYOUT = {"width": "max-content"}
# A written answer (the mock exam's case questions): nearly the notebook's width, a few lines high.
TEXT_AREA_LAYOUT = {"width": "95%", "height": "90px"}
# Check boxes in a grid (lesson 03's variables) sit in columns this wide: four fit on a notebook page.
GRID_COLUMN_WIDTH = "200px"


def slider(kind, description: str, value, low, high, step, fmt: str | None = None):
    """A labelled slider of ``kind`` (``widgets.IntSlider`` or ``widgets.FloatSlider``) that reports
    only when released, so a chart is redrawn once per move rather than at every pixel."""
    extra = {"readout_format": fmt} if fmt else {}
    return kind(value=value, min=low, max=high, step=step, description=description,
                style=LABEL_STYLE, layout=ROW_LAYOUT, continuous_update=False, **extra)


def dropdown(description: str, options, value=None, wide: bool = False) -> widgets.Dropdown:
    """A labelled dropdown of ``options``, showing ``value`` (the first option if none is given).
    ``wide`` gives long options the wider row."""
    extra = {} if value is None else {"value": value}
    return widgets.Dropdown(options=options, description=description, style=LABEL_STYLE,
                            layout=WIDE_ROW_LAYOUT if wide else ROW_LAYOUT, **extra)


def text_box(description: str, placeholder: str = "") -> widgets.Text:
    """A labelled box to type in; it reports at every keystroke."""
    return widgets.Text(placeholder=placeholder, description=description, continuous_update=True,
                        style=LABEL_STYLE, layout=ROW_LAYOUT)


def toggle(description: str, value: bool = False, indent: bool = True) -> widgets.Checkbox:
    """A check box with its text on the right; indented, the box lines up with the controls above."""
    return widgets.Checkbox(value=value, description=description, indent=indent,
                            style=LABEL_STYLE, layout=FIT_LAYOUT)


def toggle_grid(toggles, columns: int = 4) -> widgets.GridBox:
    """Check boxes laid out in ``columns`` columns of ``GRID_COLUMN_WIDTH``, row by row."""
    return widgets.GridBox(list(toggles), layout={"grid_template_columns": f"repeat({columns}, {GRID_COLUMN_WIDTH})"})


def on_any_change(controls, update) -> None:
    """Call ``update`` whenever any of ``controls`` (a dict or list of widgets) changes, and once now."""
    for control in (controls.values() if isinstance(controls, dict) else controls):
        control.observe(update, names="value")
    update()


def fit_layout(figure, name: str, **tight) -> None:
    """Lay out ``figure`` as ``figure.tight_layout(**tight)`` does, for the chart called ``name``.

    tight_layout measures every label of the figure, which costs as much as drawing it again: most
    of a widget's time. So the margins it finds for a chart are remembered (by ``name``, the
    figure's size and number of axes, and the language) and reused for the next drawing of that
    chart, which moves a few bars or lines between the same labels. Should a later drawing spill
    over the figure's edges (a longer tick label, say), ``show_figure`` lays it out afresh.
    """
    key = (name, tuple(figure.get_size_inches().round(3)), len(figure.axes), language(), tuple(sorted(tight.items())))
    if key in _LAYOUTS:
        figure.subplots_adjust(**_LAYOUTS[key])
        figure.reused_layout = (key, tight)  # for show_figure, should this drawing spill over
    else:
        _fit(figure, key, tight)


def _fit(figure, key, tight: dict) -> None:
    figure.tight_layout(**tight)
    _LAYOUTS[key] = {name: getattr(figure.subplotpars, name) for name in SUBPLOT_PARAMS}


_LAYOUTS: dict = {}  # fit_layout's key -> the subplot margins tight_layout found
SUBPLOT_PARAMS = ("left", "right", "bottom", "top", "wspace", "hspace")


def show_figure(chart: widgets.Output, figure) -> None:
    """Put ``figure`` in ``chart`` as a PNG picture, in place of what was there, and close it.

    The picture is the figure drawn once and cut to what it shows, with a margin of
    ``MARGIN_INCHES`` where the figure has room for it (what ``savefig(bbox_inches="tight")``
    gives, which draws the figure twice and costs a widget half its time). A figure with something
    outside its own edges is laid out afresh if ``fit_layout`` reused remembered margins, and
    otherwise saved the slow way, which widens the picture to hold it.

    The picture goes into the output's state (``chart.outputs``) rather than through ``plt.show()``:
    so it is saved with the widget, and a test can see it is there (and that ``chart.outputs`` is
    empty once a widget has cleared it with ``chart.outputs = ()`` under a message).
    """
    chart.outputs = ({"output_type": "display_data", "metadata": {},
                      "data": {"image/png": base64.b64encode(png(figure)).decode("ascii"), "text/plain": "<chart>"}},)
    plt.close(figure)


MARGIN_INCHES = 0.1  # matplotlib's pad_inches
DPI = 100


def png(figure) -> bytes:
    """``figure`` as PNG bytes at ``DPI``, cut to its contents and a margin (see ``show_figure``)."""
    figure.set_dpi(DPI)
    tight = _drawn_extent(figure)
    reused = getattr(figure, "reused_layout", None)
    if reused is not None and _spills(figure, tight):
        _fit(figure, *reused)  # the remembered margins may not hold these labels: fit them afresh
        tight = _drawn_extent(figure)
    width, height = figure.get_size_inches()
    buffer = io.BytesIO()
    if _spills(figure, tight):
        figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=MARGIN_INCHES)
        return buffer.getvalue()
    # Contents close to an edge keep what margin the figure has there.
    left, bottom = max(tight.x0 - MARGIN_INCHES, 0), max(tight.y0 - MARGIN_INCHES, 0)
    right, top = min(tight.x1 + MARGIN_INCHES, width), min(tight.y1 + MARGIN_INCHES, height)
    pixels = Image.frombuffer("RGBA", figure.canvas.get_width_height(), figure.canvas.buffer_rgba())
    rows = pixels.height
    box = (math.floor(left * DPI), rows - math.ceil(top * DPI), math.ceil(right * DPI), rows - math.floor(bottom * DPI))
    pixels.crop(box).save(buffer, format="png", compress_level=1)  # fast to make; the picture is small anyway
    return buffer.getvalue()


def _drawn_extent(figure):
    """The figure drawn, and the box its contents take, in inches."""
    figure.canvas.draw()
    return figure.get_tightbbox(figure.canvas.get_renderer())


def _spills(figure, extent) -> bool:
    width, height = figure.get_size_inches()
    return extent.x0 < 0 or extent.y0 < 0 or extent.x1 > width or extent.y1 > height
