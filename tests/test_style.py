"""``servicekit.style``: Chinese renders in every chart (a CJK font is found and used), and a
character no font has is caught."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from servicekit import style  # noqa: E402

CHINESE = "客户满意度指数（CSI）：投诉处理、服务质量、客户忠诚"


def test_a_cjk_font_is_installed_and_put_in_the_style():
    font = style.cjk_font()
    assert font is not None, "install a CJK font (Debian: fonts-wqy-microhei; see README.md)"
    style.apply()
    assert font in matplotlib.rcParams["font.sans-serif"]
    assert matplotlib.rcParams["font.sans-serif"][0] == style.LATIN_FONT


def test_a_chart_in_chinese_and_english_has_every_glyph():
    style.apply()
    fig, ax = plt.subplots()
    ax.bar(["满意", "Satisfied", "不满意 −2"], [3, 2, 1])
    ax.set_title(CHINESE)
    ax.set_xlabel("评分 score (0–100)")
    try:
        assert style.missing_glyphs(fig) == []
    finally:
        plt.close(fig)


def test_a_character_no_font_has_is_caught():
    style.apply()
    fig, ax = plt.subplots()
    ax.set_title("\U000e0100\ue000")  # a variation selector and a private-use character: no font has them
    try:
        assert style.missing_glyphs(fig)
    finally:
        plt.close(fig)


# --- numbers, counts, tables, labels ---------------------------------------------------------

def test_numbers_and_percentages_as_a_trainee_reads_them():
    from servicekit import style

    assert style.number(12345.678, 1) == "12,345.7" and style.number(-2190) == "\u22122,190"
    assert style.percent(63.456) == "63.5%" and style.percent(100, 0) == "100%"


def test_a_count_takes_the_singular_or_the_plural_and_speaks_chinese():
    import servicekit
    from servicekit import style

    agents = {"en": ("agent", "agents"), "zh": "名座席"}
    assert style.count(1, agents) == "1 agent" and style.count(2, agents) == "2 agents"
    assert style.count(1200, agents) == "1,200 agents"
    servicekit.set_language("zh")
    try:
        assert style.count(3, agents) == "3名座席"
    finally:
        servicekit.set_language("en")


def test_a_table_has_human_headers_formatted_numbers_and_no_index():
    import pandas as pd

    import servicekit
    from servicekit import style

    frame = pd.DataFrame({"agents": [10, 11], "service_level": [78.123, 85.5], "extra": ["x", "y"]})
    labels = {"agents": {"en": "Agents", "zh": "座席数"}, "service_level": {"en": "Service level (%)", "zh": "服务水平（%）"}}
    html_text = style.table_html(frame, labels)
    assert "<th>Agents</th><th>Service level (%)</th>" in html_text and "extra" not in html_text
    assert ">78.1<" in html_text and ">10<" in html_text and "service_level" not in html_text
    servicekit.set_language("zh")
    try:
        assert "<th>座席数</th>" in style.table_html(frame, labels)
    finally:
        servicekit.set_language("en")


def test_point_labels_are_moved_apart_until_none_overlaps():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from servicekit import style

    fig, ax = plt.subplots(figsize=(4, 3))
    xs = [0.50, 0.51, 0.52, 0.50, 0.51]
    ys = [0.50, 0.50, 0.51, 0.52, 0.51]
    ax.scatter(xs, ys)
    texts = [ax.text(x, y, f"brand {i}") for i, (x, y) in enumerate(zip(xs, ys))]
    style.place_labels(ax, texts)
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in texts]
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    plt.close(fig)
    assert overlaps == []


def test_point_labels_are_kept_off_every_marker():
    """Labels that start just above their points (as lesson 09's do) are kept off every marker,
    not only off the spots they started at."""
    fig, ax = plt.subplots(figsize=(4, 3))
    xs = [0.50, 0.61, 0.41, 0.61, 0.45]
    ys = [0.48, 0.57, 0.48, 0.51, 0.41]
    ax.scatter(xs, ys, s=60)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    texts = [ax.text(x, y + 0.025, f"item {i}", ha="center", va="bottom") for i, (x, y) in enumerate(zip(xs, ys))]
    style._PLACED.clear()
    style.place_labels(ax, texts)
    fig.canvas.draw()
    radius = 60 ** 0.5 / 2 * fig.dpi / 72  # s is points²
    markers = ax.transData.transform(list(zip(xs, ys)))
    covered = [t.get_text() for t in texts for box in [t.get_window_extent()] for x, y in markers
               if box.x0 < x + radius and box.x1 > x - radius and box.y0 < y + radius and box.y1 > y - radius]
    plt.close(fig)
    assert covered == []


def test_a_small_negative_that_rounds_to_zero_is_zero():
    from servicekit import style

    assert style.number(-0.0001, 3) == "0.000" and style.number(-0.6, 0) == "\u22121"


def _labelled(highlight: int):
    fig, ax = plt.subplots(figsize=(4, 3))
    xs = [0.50, 0.51, 0.52, 0.50, 0.51]
    ys = [0.50, 0.50, 0.51, 0.52, 0.51]
    ax.scatter(xs, ys, c=["red" if i == highlight else "blue" for i in range(5)])
    texts = [ax.text(x, y, f"brand {i}", color="red" if i == highlight else "black") for i, (x, y) in enumerate(zip(xs, ys))]
    style.place_labels(ax, texts)
    fig.canvas.draw()
    placed = [(tuple(t.get_position()), t.get_ha(), t.get_va()) for t in texts]
    lines = sorted((tuple(p.get_path().vertices[0].round(6)), tuple(p.get_path().vertices[-1].round(6))) for p in ax.patches)
    boxes = [t.get_window_extent() for t in texts]
    plt.close(fig)
    return placed, lines, boxes


def test_a_redraw_of_the_same_labels_reuses_their_placement_line_for_line():
    """A widget that only recolours (another brand highlighted) gets the labels where the first
    drawing put them, with the same joining lines, without searching again."""
    style._PLACED.clear()
    first = _labelled(highlight=0)
    again = _labelled(highlight=3)
    assert len(style._PLACED) == 1
    assert first[0] == again[0] and first[1] == again[1] and len(first[1]) >= 1
    overlaps = [(i, j) for i in range(5) for j in range(i + 1, 5) if again[2][i].overlaps(again[2][j])]
    assert overlaps == []
