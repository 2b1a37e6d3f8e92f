"""Controls shared by the lesson widgets, so every slider looks and behaves the same."""

from __future__ import annotations


LABEL_STYLE = {"description_width": "230px"}
ROW_LAYOUT = {"width": "540px"}


def slider(kind, description: str, value, low, high, step, fmt: str | None = None):
    """A labelled slider of ``kind`` (``widgets.IntSlider`` or ``widgets.FloatSlider``) that reports
    only when released, so a chart is redrawn once per move rather than at every pixel."""
    extra = {"readout_format": fmt} if fmt else {}
    return kind(value=value, min=low, max=high, step=step, description=description,
                style=LABEL_STYLE, layout=ROW_LAYOUT, continuous_update=False, **extra)




def on_any_change(controls, update) -> None:
    """Call ``update`` whenever any of ``controls`` (a dict or list of widgets) changes, and once now."""
    for control in (controls.values() if isinstance(controls, dict) else controls):
        control.observe(update, names="value")
    update()
