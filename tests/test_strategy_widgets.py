"""Lesson 02 widgets: the VMI simulator and the strategy map; build each, move a control, read the
result, in English and in Chinese."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

from language_checks import english_words, figure_texts, shown_texts, text_entries  # noqa: E402

from servicekit import data, style  # noqa: E402
from servicekit.widgets import strategy as strategy_widgets  # noqa: E402
from servicekit.widgets.strategy import TEXT, strategy_map, vmi_simulator  # noqa: E402


# --- the VMI simulator -------------------------------------------------------------------------

def test_vmi_simulator_follows_the_sliders():
    box = vmi_simulator(6, 1.5, 80, 800_000, 500_000, 0.2, 50_000)
    assert "141,400" in box.summary.value
    box.controls["holding_cost_rate"].value = 0.10
    assert "30,000" in box.summary.value and "111,400" in box.summary.value
    box.controls["deliveries_after"].value = 8
    assert "more" in box.summary.value


def test_vmi_savings_are_said_the_right_way_round():
    box = vmi_simulator(6, 1.5, 100, 800_000, 400_000, 0.2, 54_000)
    assert "1,642 fewer delivery runs</b> save the distributor <b>164,250 yuan" in box.summary.value
    box.controls["deliveries_after"].value = 8  # more runs with VMI than before
    box.controls["safety_stock_after"].value = 1_000_000  # and more stock
    text = box.summary.value
    assert "730 more delivery runs</b> cost the distributor <b>73,000 yuan</b> more" in text
    assert "ties up <b>200,000 yuan</b> more in stock" in text and "costs the two sides" in text
    assert not re.search(r"[-\u2212]\d", text)  # no "−2,190 fewer runs save −219,000 yuan"


def test_vmi_simulator_clears_the_chart_when_the_savings_cannot_be_worked_out(monkeypatch):
    box = vmi_simulator()
    assert box.chart.outputs and box.figure is not None

    def refuse(**_):
        raise ValueError("holding_cost_rate must lie in [0, 1]")

    monkeypatch.setattr(strategy_widgets.strategy, "vmi_savings", refuse)
    box.controls["holding_cost_rate"].value = 0.3
    assert "cannot be worked out" in box.summary.value and "holding_cost_rate" not in box.summary.value
    assert box.chart.outputs == () and box.figure is None
    monkeypatch.undo()
    box.controls["holding_cost_rate"].value = 0.2
    assert "cannot be worked out" not in box.summary.value and box.chart.outputs and box.figure is not None


# --- the strategy map --------------------------------------------------------------------------

def test_strategy_map_changes_measure():
    box = strategy_map(data.load("airline_routes"))
    assert "<th>Passenger service rating (0–100)</th>" in box.summary.value and "Sparrow Air" in box.summary.value
    assert "service_score" not in box.summary.value and "<th></th>" not in box.summary.value
    box.controls["measure"].value = "Seat pitch (cm)"
    assert "<th>Seat pitch (cm)</th>" in box.summary.value
    assert box.figure.axes[0].get_ylabel() == "Seat pitch (cm)"


def test_strategy_map_explains_missing_columns():
    routes = data.load("airline_routes").drop(columns="seats_per_week")
    box = strategy_map(routes)
    assert "cannot be worked out" in box.summary.value and "seats_per_week" in box.summary.value
    assert box.chart.outputs == () and box.figure is None


def test_a_measure_the_routes_lack_clears_the_map_until_another_is_chosen():
    box = strategy_map(data.load("airline_routes").drop(columns="seat_pitch_cm"))
    assert box.chart.outputs and box.figure is not None
    box.controls["measure"].value = "Seat pitch (cm)"
    assert "no figures for “Seat pitch (cm)”" in box.summary.value and "Choose another measure" in box.summary.value
    assert box.chart.outputs == () and box.figure is None
    box.controls["measure"].value = "On-time arrivals (%)"
    assert "<th>On-time arrivals (%)</th>" in box.summary.value and box.chart.outputs and box.figure is not None


def test_carrier_names_on_the_map_do_not_overlap():
    box = strategy_map(data.load("airline_routes"))
    axis = box.figure.axes[0]
    names = {"Sparrow Air", "Crane Airlines", "Peony Airways", "Jade Sky", "Heron Air"}
    labels = [text for text in axis.texts if text.get_text() in names]
    assert len(labels) == 5
    box.figure.canvas.draw()
    boxes = [label.get_window_extent() for label in labels]
    assert not [(i, j) for i in range(5) for j in range(i + 1, 5) if boxes[i].overlaps(boxes[j])]
    box.controls["labels"].value = False
    assert not [text for text in box.figure.axes[0].texts if text.get_text() in names]


# --- both languages ----------------------------------------------------------------------------

def test_every_string_has_both_languages():
    entries = list(text_entries(TEXT))
    assert len(entries) > 50 and all(set(entry) == {"en", "zh"} and all(entry.values()) for entry in entries)
    assert set(TEXT["measures"]) == set(strategy_widgets.SERVICE_MEASURES.values())


def test_in_chinese_every_word_shown_is_chinese(chinese):
    box = vmi_simulator()
    box.controls["deliveries_after"].value = 8  # the warning and the costs said the other way round
    assert "配送商" in box.summary.value and "医院" in box.summary.value
    texts = shown_texts(box) + figure_texts(box.figure)
    assert english_words(texts) == []
    assert style.missing_glyphs(box.figure) == []

    box = strategy_map(data.load("airline_routes"))
    box.controls["measure"].value = "On-time arrivals (%)"  # the value stays English, the label does not
    assert "航班准点率（%）" in box.summary.value and "麻雀航空" in box.summary.value
    texts = shown_texts(box) + figure_texts(box.figure)
    assert any("高质量、高成本" in text for text in texts) and english_words(texts) == []
    assert style.missing_glyphs(box.figure) == []

    box = strategy_map(data.load("airline_routes").drop(columns="free_bag_kg"))
    box.controls["measure"].value = "Free baggage (kg)"
    assert "无法计算" in box.summary.value and box.chart.outputs == ()
    assert english_words(shown_texts(box)) == []
