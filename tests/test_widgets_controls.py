"""The lesson widgets share one look and one way to redraw: every labelled control is made in
``servicekit.widgets.controls`` (one label width, one row width) and redraws through ``on_any_change``."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest
from ipywidgets.widgets.widget_description import DescriptionWidget

matplotlib.use("Agg")

from servicekit import data  # noqa: E402
from servicekit import widgets as lesson_widgets  # noqa: E402
from servicekit.data.servqual import servqual_columns, servqual_dimensions  # noqa: E402
from servicekit.metrics import indicator_scores  # noqa: E402
from servicekit.widgets import controls, quiz  # noqa: E402
from servicekit.widgets.accounts import organisation_form_widget  # noqa: E402
from servicekit.widgets.apps import (  # noqa: E402
    clv_calculator,
    language_switch,
    sample_size_calculator,
    satisfaction_index_calculator,
    staffing_calculator,
)
from servicekit.widgets.complaints import escalation_explorer  # noqa: E402
from servicekit.widgets.glossary import GlossaryBrowser  # noqa: E402
from servicekit.widgets.loyalty import zone_explorer  # noqa: E402
from servicekit.widgets.positioning import attractiveness_scorer, map_explorer  # noqa: E402
from servicekit.widgets.exam import MockExam  # noqa: E402
from servicekit.widgets.practice import Practice  # noqa: E402
from servicekit.widgets.quality import gap_explorer  # noqa: E402
from servicekit.widgets.satisfaction import weights_explorer  # noqa: E402
from servicekit.widgets.segmentation import segment_explorer  # noqa: E402
from servicekit.widgets.staffing import staffing_explorer  # noqa: E402
from servicekit.widgets.strategy import strategy_map, vmi_simulator  # noqa: E402
from servicekit.widgets.value_chain import retention_simulator  # noqa: E402

USAGE = ["age", "monthly_spend", "data_mb", "sms_count", "call_minutes", "business_call_share",
         "price_sensitivity"]
ATTRIBUTES = ["coverage", "business_services", "prestige", "trendy", "sms_and_music", "low_price",
              "no_contract", "customer_care"]


def _gap_explorer():
    survey, items = data.load("servqual_survey"), data.load("servqual_items")
    e, p, i = (servqual_columns(survey, items, prefix) for prefix in "EPI")
    return gap_explorer(e, p, i, servqual_dimensions(items))


def _weights_explorer():
    tree = data.indicator_tree("natural_gas")
    return weights_explorer(tree, indicator_scores(data.load("natural_gas_survey"), tree))


# Every lesson widget, built with the data its own tests use.
BUILDERS = {
    "value_chain.retention_simulator": retention_simulator,
    "strategy.vmi_simulator": vmi_simulator,
    "strategy.strategy_map": lambda: strategy_map(data.load("airline_routes")),
    "segmentation.segment_explorer": lambda: segment_explorer(
        data.load("mobile_subscribers"), [*USAGE, "region_code", "account_months"], USAGE, USAGE,
        categories=["brand"]),
    "positioning.attractiveness_scorer": lambda: attractiveness_scorer(
        data.load("mobile_segment_scores").set_index("segment")),
    "positioning.map_explorer": lambda: map_explorer(data.load("brand_perceptions"), ATTRIBUTES),
    "complaints.escalation_explorer": lambda: escalation_explorer(data.load("complaint_log"), customers=150_000),
    "staffing.staffing_explorer": lambda: staffing_explorer(arrival_rate=120, aht=240, agents=10),
    "satisfaction.weights_explorer": _weights_explorer,
    "loyalty.zone_explorer": lambda: zone_explorer(np.array([20, 40, 60, 70, 80, 90, 95, 100.0]),
                                                   np.array([10, 30, 50, 60, 60, 90, 80, 100.0])),
    "quality.gap_explorer": _gap_explorer,
    "accounts.organisation_form_widget": organisation_form_widget,
    "apps.staffing_calculator": lambda: language_switch(staffing_calculator),
    "apps.sample_size_calculator": sample_size_calculator,
    "apps.satisfaction_index_calculator": satisfaction_index_calculator,
    "apps.clv_calculator": clv_calculator,
    "practice.Practice": lambda: Practice(seed=9),
    "exam.MockExam": lambda: MockExam(run_timer=False),
    "glossary.GlossaryBrowser": GlossaryBrowser,
    "quiz.number": lambda: quiz.number("How many?", answer=65.0, tolerance=0.05, why="Because."),
}


def labelled_controls(widget) -> list[widgets.Widget]:
    """Every control under ``widget`` that shows a description (sliders, dropdowns, text boxes,
    check boxes), however deeply it is nested in boxes."""
    found = []

    def walk(w):
        if isinstance(w, DescriptionWidget) and isinstance(w, widgets.ValueWidget) and w.description:
            found.append(w)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return found


@pytest.fixture(scope="module")
def built():
    return {name: build() for name, build in BUILDERS.items()}


def test_every_widget_module_with_controls_is_built_here():
    modules = {name for _, name, _ in pkgutil.iter_modules(lesson_widgets.__path__)} - {"controls"}
    assert modules == {name.split(".")[0] for name in BUILDERS}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_control_has_the_shared_label_and_row_width(built, name):
    found = labelled_controls(built[name])
    assert found, f"{name}: no labelled control found"
    for control in found:
        where = f"{name}: {type(control).__name__} {control.description!r}"
        assert control.style.description_width == controls.LABEL_WIDTH, where
        if isinstance(control, widgets.Checkbox):
            assert control.layout.width == controls.FIT_LAYOUT["width"], where
        else:
            assert control.layout.width in (controls.ROW_WIDTH, controls.WIDE_ROW_WIDTH), where


def test_no_two_label_widths_across_the_lessons(built):
    widths = {control.style.description_width for widget in built.values() for control in labelled_controls(widget)}
    assert widths == {controls.LABEL_WIDTH}


def test_the_walk_finds_a_control_with_another_width_deep_inside_boxes():
    odd = widgets.IntSlider(description="odd one", style={"description_width": "99px"})
    box = widgets.VBox([widgets.HTML("title"), widgets.HBox([controls.slider(widgets.IntSlider, "fine", 1, 0, 5, 1),
                                                             widgets.VBox([odd])])])
    widths = [c.style.description_width for c in labelled_controls(box)]
    assert widths == [controls.LABEL_WIDTH, "99px"]


def test_quiz_choice_radio_buttons_fit_their_text():
    widget = quiz.choice("Which?", ["a", "b"], answer="b", why="Because.")
    radio = widget.children[1]
    assert isinstance(radio, widgets.RadioButtons) and radio.layout.width == controls.FIT_LAYOUT["width"]


def test_on_any_change_calls_update_once_now_and_once_per_change():
    calls = []
    slider = controls.slider(widgets.IntSlider, "n", 1, 0, 10, 1)
    picker = controls.dropdown("pick", ["a", "b", "c"])
    text = controls.text_box("type")
    tick = controls.toggle("tick")
    controls.on_any_change([slider, picker, text, tick], lambda *_: calls.append(1))
    assert len(calls) == 1, "update runs once at the start"
    slider.value = 4
    assert len(calls) == 2
    picker.value = "c"
    assert len(calls) == 3
    text.value = "hello"
    assert len(calls) == 4
    tick.value = True
    assert len(calls) == 5
    slider.value = 4  # no change: no redraw
    slider.description = "renamed"  # not the value: no redraw
    assert len(calls) == 5


def test_on_any_change_takes_a_dict_and_passes_the_change():
    changes = []
    named = {"low": controls.slider(widgets.IntSlider, "low", 1, 0, 10, 1),
             "high": controls.slider(widgets.FloatSlider, "high", 0.5, 0.0, 1.0, 0.1)}
    controls.on_any_change(named, lambda change=None: changes.append(change))
    named["high"].value = 0.8
    named["low"].value = 3
    assert changes[0] is None
    assert [(c["owner"], c["new"]) for c in changes[1:]] == [(named["high"], 0.8), (named["low"], 3)]


def test_dropdown_shows_the_first_option_unless_told():
    assert controls.dropdown("pick", ["a", "b"]).value == "a"
    assert controls.dropdown("pick", ["a", "b"], "b").value == "b"
    assert controls.dropdown("pick", ["a"], wide=True).layout.width == controls.WIDE_ROW_WIDTH


@pytest.mark.parametrize("path", sorted(Path(lesson_widgets.__file__).parent.glob("*.py")), ids=lambda p: p.name)
def test_widget_modules_take_layout_and_redraw_from_controls(path):
    if path.name == "controls.py":
        return
    source = path.read_text(encoding="utf-8")
    for banned in ("description_width", '"width"', "'width'", ".observe(", "interactive_output", "interact("):
        assert banned not in source, f"{path.name} uses {banned}; use servicekit.widgets.controls instead"


def _png_size(data: bytes) -> tuple[int, int]:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(data)).size


def test_a_chart_is_cut_to_its_contents_as_a_tight_savefig_would_cut_it():
    import io

    import matplotlib.pyplot as plt

    for outside in (False, True):
        figure, axis = plt.subplots(figsize=(6, 3))
        axis.plot([0, 1], [0, 1])
        axis.set_title("a title")
        if outside:  # a label past the figure's right edge: the picture widens to hold it
            axis.text(1.3, 0.5, "a note beside the chart", transform=axis.transAxes)
        else:
            figure.tight_layout()
        picture = controls.png(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=controls.DPI, bbox_inches="tight", pad_inches=controls.MARGIN_INCHES)
        plt.close(figure)
        (width, height), (tight_width, tight_height) = _png_size(picture), _png_size(buffer.getvalue())
        assert abs(width - tight_width) <= 2 and abs(height - tight_height) <= 2, \
            (outside, width, height, tight_width, tight_height)
        assert (width > 600) == outside


def _chart(name: str, ylabel: str, ticks=None):
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
    for axis in (left, right):
        axis.plot([0, 1], [0, 1])
        axis.set_ylabel(ylabel)
        if ticks:
            axis.set_yticks([0, 1], ticks)
    controls.fit_layout(figure, name)
    return figure


def test_fit_layout_lays_out_as_tight_layout_once_then_reuses_the_margins(monkeypatch):
    import matplotlib.pyplot as plt

    from servicekit.language import language, set_language

    fitted, was = [], language()
    import matplotlib.figure

    real = matplotlib.figure.Figure.tight_layout
    monkeypatch.setattr(matplotlib.figure.Figure, "tight_layout",
                        lambda self, **kw: (fitted.append(kw), real(self, **kw))[1])
    first = _chart("test-reuse", "share")
    by_tight = plt.figure(figsize=(8, 3))
    by_tight.subplots(1, 2)
    for axis in by_tight.axes:
        axis.plot([0, 1], [0, 1])
        axis.set_ylabel("share")
    real(by_tight)
    params = controls.SUBPLOT_PARAMS
    assert [getattr(first.subplotpars, p) for p in params] == pytest.approx([getattr(by_tight.subplotpars, p) for p in params])
    second = _chart("test-reuse", "share")
    assert len(fitted) == 1, "the second drawing of the same chart reuses the margins"
    assert [getattr(second.subplotpars, p) for p in params] == [getattr(first.subplotpars, p) for p in params]
    set_language("zh" if was == "en" else "en")
    try:
        plt.close(_chart("test-reuse", "份额"))
    finally:
        set_language(was)
    assert len(fitted) == 2, "another language has labels of other lengths: laid out afresh"
    for figure in (first, second, by_tight):
        plt.close(figure)


def test_a_drawing_that_spills_over_the_remembered_margins_is_laid_out_afresh():
    import matplotlib.pyplot as plt

    plt.close(_chart("test-spill", "share"))
    wide = _chart("test-spill", "share", ticks=["none", "a very long tick label indeed"])
    before = wide.subplotpars.left
    picture = controls.png(wide)  # the remembered left margin cannot hold the long labels
    assert wide.subplotpars.left > before
    assert not controls._spills(wide, controls._drawn_extent(wide))
    assert _png_size(picture)[0] <= 8 * controls.DPI
    plt.close(wide)


def test_lookup_gives_the_string_of_the_language_in_use_with_its_values(chinese):
    from servicekit.language import lookup

    text = lookup({"agents": {"en": "{count} agents", "zh": "{count}名座席"}, "braces": {"en": "{a}", "zh": "{甲}"}})
    assert text("agents", count=3) == "3名座席"
    assert text("braces") == "{甲}", "without values the string is shown as it is"
    with pytest.raises(KeyError):
        text("no such key")
