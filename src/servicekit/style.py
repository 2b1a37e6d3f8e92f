"""The look of every chart the course draws, and the fonts that let it speak Chinese.

``apply()`` configures matplotlib once, for every lesson, case and widget (``servicekit.widgets``
calls it on import; a notebook that draws with matplotlib itself calls it too):

- **fonts**: DejaVu Sans (matplotlib's own) for Latin text, and for Chinese the first CJK font
  installed (``CJK_FONTS``; the kit's setup installs WenQuanYi Micro Hei, Debian's
  ``fonts-wqy-microhei``). matplotlib falls back from one font of the list to the next glyph by
  glyph, so a label may mix both. A font installed after matplotlib built its font cache is
  added here, so no cache needs deleting;
- **sizes**: 10-point text, 11-point titles, ``SMALL_TEXT`` (9 points) for point labels, legends
  and notes, readable at the 100 dpi a notebook shows a figure at; a figure 150 dpi when saved.

``missing_glyphs(figure)`` draws a figure and names every character no font had: the tests call
it on charts in Chinese, so a box where a character belongs fails a test.

What a trainee reads in a widget, a chart or a table follows the same rules everywhere:

- **numbers**: ``number(12345.6, 1)`` → ``12,345.6`` (thousands separated, a true minus sign);
  ``percent(63.456)`` → ``63.5%``;
- **counts with their noun**, singular or plural, in the language in use: ``count(1, AGENTS)`` →
  ``1 agent``, ``count(3, AGENTS)`` → ``3 agents`` (``3名座席`` in Chinese);
- **tables**: ``table_html(frame, labels)``: human column headers with units, in the language in
  use (``labels``: column → ``{"en": ..., "zh": ...}``), numbers formatted, no index column;
- **labels that do not overlap**: ``place_labels(ax, texts)`` moves a chart's point labels apart
  and off every marker of the chart (adjustText), and draws a thin line back to each point that moved.
"""

from __future__ import annotations

import re
import warnings

#: CJK fonts, most wanted first: the one the kit installs, then the ones common on Windows and macOS.
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "Microsoft YaHei", "PingFang SC", "SimHei")
LATIN_FONT = "DejaVu Sans"
#: The size of a chart's small text, in points: point labels, legends, notes (12.5 px at 100 dpi).
SMALL_TEXT = 9
_CJK_FILE = re.compile(r"wqy|noto.*cjk|notosanssc|sourcehansans|msyh|pingfang|simhei", re.I)
_applied = False


def cjk_font() -> str | None:
    """The name of the first font of ``CJK_FONTS`` matplotlib can use (adding an installed one it
    has not indexed yet), or None when the machine has none."""
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    if not names & set(CJK_FONTS):
        for path in font_manager.findSystemFonts():
            if _CJK_FILE.search(path):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a damaged font file: skip it
                    continue
        names = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in names), None)


def apply() -> None:
    """Set the course's chart style in matplotlib (once per process; cheap to call again)."""
    global _applied
    if _applied:
        return
    import matplotlib

    cjk = cjk_font()
    # An explicit list of families (not the generic "sans-serif"): matplotlib falls back glyph by
    # glyph only along the families named in ``font.family``.
    families = [LATIN_FONT, *([cjk] if cjk else [])]
    matplotlib.rcParams.update({
        "font.family": [*families, "sans-serif"],
        "font.sans-serif": [*families, *matplotlib.rcParams["font.sans-serif"]],
        "axes.unicode_minus": False,  # CJK fonts often lack the minus sign U+2212
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": SMALL_TEXT,
        "savefig.dpi": 150,
        "figure.dpi": 100,
    })
    _applied = True


def missing_glyphs(figure) -> list[str]:
    """The characters of ``figure``'s text that no font of the style has (drawn to find out)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    found = []
    for warning in caught:
        match = re.search(r"Glyph (\d+) .*missing from", str(warning.message))
        if match:
            found.append(chr(int(match.group(1))))
    return sorted(set(found))


# --- numbers, counts and tables as a trainee reads them -----------------------------------------

MINUS = "\u2212"


def number(value: float, decimals: int = 0) -> str:
    """``value`` with thousands separators and ``decimals`` decimals; a true minus sign."""
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # -0.000: a small negative that rounds to zero is zero
    return text.replace("-", MINUS) if text.startswith("-") else text


def percent(value: float, decimals: int = 1) -> str:
    """A percentage (already 0-100) as ``63.5%``."""
    return number(value, decimals) + "%"


def count(n: int, noun: dict) -> str:
    """``n`` and its noun in the language in use: ``noun`` is ``{"en": ("agent", "agents"),
    "zh": "名座席"}`` (Chinese has one form, written after the number)."""
    from servicekit.language import language

    code = language()
    if code == "zh":
        return f"{number(n)}{noun['zh']}"
    singular, plural = noun["en"]
    return f"{number(n)} {singular if abs(n) == 1 else plural}"


def table_html(frame, labels: dict, decimals: dict | None = None) -> str:
    """``frame`` as an HTML table for a trainee: the columns of ``labels`` only, in its order, headed
    by its text in the language in use; numbers with ``decimals[column]`` decimals (default 1 for
    fractional numbers, 0 for whole ones); no index column."""
    import html

    import numpy as np

    from servicekit.language import pick

    decimals = decimals or {}
    head = "".join(f"<th>{html.escape(pick(labels[column]))}</th>" for column in labels)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column in labels:
            value = row[column]
            if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
                places = decimals.get(column, 0 if float(value).is_integer() else 1)
                cells.append(f"<td style='text-align:right'>{number(float(value), places)}</td>")
            else:
                cells.append(f"<td>{html.escape(str(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ("<table class='sk-table' style='border-collapse:collapse'><thead><tr>" + head + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


LABEL_ARROW = {"arrowstyle": "-", "color": "#999", "lw": 0.5}
# How hard place_labels pushes labels off markers they do not start on (adjustText's force_static; with
# its default, 0.1 and 0.2, lesson 09's crowded grid ran out of adjustText's 1 s with labels on markers).
MARKER_PUSH = (0.2, 0.4)
# Where place_labels put the labels of a chart, by everything the placement depends on: a widget
# that redraws the same labels (another brand highlighted, another colour) reuses the placement
# instead of searching again, which is most of the time a redraw takes.
_PLACED: dict = {}
_PLACED_MAX = 256


def _markers_to_avoid(ax, texts) -> list:
    """The scatter markers of ``ax`` that no label of ``texts`` starts on, each as the square around
    its disc, a Bbox in data coordinates (adjustText 1.4 takes obstacles so; an artist it would
    measure in pixels and then transform again as if they were data). A marker a label starts on is
    kept clear by adjustText itself (``avoid_self``); as an obstacle too, it would push its label
    away without end."""
    import numpy as np
    from matplotlib.collections import PathCollection
    from matplotlib.transforms import Bbox

    starts = np.array([t.get_transform().transform(t.get_position()) for t in texts])
    to_data = ax.transData.inverted()
    boxes = []
    for markers in ax.collections:
        if not isinstance(markers, PathCollection) or not len(markers.get_offsets()):
            continue  # not a scatter, or an empty one (a legend entry)
        centres = markers.get_offset_transform().transform(np.asarray(markers.get_offsets(), dtype=float))
        radii = np.sqrt(np.resize(markers.get_sizes(), len(centres))) / 2 * ax.figure.dpi / 72  # s is points²
        for (x, y), r in zip(centres, radii):
            if np.isfinite([x, y]).all() and not (np.hypot(*(starts - (x, y)).T) <= r).any():
                boxes.append(to_data.transform_bbox(Bbox([[x - r, y - r], [x + r, y + r]])))
    return boxes


def place_labels(ax, texts: list) -> None:
    """Move the point labels ``texts`` of ``ax`` apart so that none overlaps another or a marker of
    ``ax``'s scatters, each joined to its point by a thin line when it had to move (adjustText)."""
    if len(texts) < 2:
        return
    from matplotlib.patches import FancyArrowPatch

    markers = _markers_to_avoid(ax, texts)
    key = (tuple((t.get_text(), *t.get_position(), t.get_ha(), t.get_va(), t.get_fontsize()) for t in texts),
           tuple(tuple(box.bounds) for box in markers),
           ax.get_xlim(), ax.get_ylim(), ax.get_position().bounds, tuple(ax.figure.get_size_inches()), ax.figure.dpi)
    placed = _PLACED.get(key)
    if placed is None:
        from adjustText import adjust_text

        targets = [t.get_position() for t in texts]
        obstacles = {"objects": markers, "force_static": MARKER_PUSH} if markers else {}
        _, arrows = adjust_text(texts, ax=ax, arrowprops=LABEL_ARROW, **obstacles)
        joined = {id(arrow.patchA) for arrow in arrows if isinstance(arrow, FancyArrowPatch)}
        placed = [(t.get_position(), target, id(t) in joined) for t, target in zip(texts, targets)]
        if len(_PLACED) >= _PLACED_MAX:
            _PLACED.pop(next(iter(_PLACED)))
        _PLACED[key] = placed
        return
    for text, (middle, target, joined) in zip(texts, placed):
        text.set_verticalalignment("center")
        text.set_horizontalalignment("center")
        text.set_position(middle)
        if joined:
            ax.add_patch(FancyArrowPatch(posA=middle, posB=target, patchA=text, transform=ax.transData, **LABEL_ARROW))
