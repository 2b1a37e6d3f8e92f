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
