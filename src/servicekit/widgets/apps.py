"""The course's calculators as apps: one small notebook each in ``apps/``, served by ``make app``
(Voilà shows the widgets and none of the code) to someone who never opens a notebook.

    from servicekit.widgets.apps import language_switch, staffing_calculator
    language_switch(staffing_calculator)

Four calculators, each a box of controls with its answer under them:

- ``staffing_calculator``: Erlang C, the agents needed for a service level;
- ``sample_size_calculator``: survey respondents for a margin of error, with the finite-population
  correction;
- ``satisfaction_index_calculator``: a satisfaction index, the weighted average of items' Likert scores;
- ``clv_calculator``: customer lifetime value.

The figures come from ``servicekit.metrics``; this module only wires the controls of
``widgets/controls.py`` to them. Every word it shows is in ``TEXT``, in English and Chinese, and is
read when a calculator is built: ``language_switch`` puts a 中文 / English switch above a
calculator and builds it anew in the language chosen. Each calculator's box has ``controls`` (name →
control) and ``result`` (the HTML with the answer), so it can be driven and read without a browser.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from .. import style
from ..language import language, lookup, set_language
from ..metrics import (
    LIKERT_POINTS,
    agents_needed,
    average_speed_of_answer,
    clv,
    erlang_c,
    expected_lifetime,
    occupancy,
    sample_size,
    service_level,
    traffic_intensity,
    weighted_index,
    z_value,
)
from .controls import dropdown, on_any_change, slider, text_box

#: Every string the calculators show, in both languages.
TEXT = {
    "problem": {"en": "This cannot be worked out: ", "zh": "无法计算："},
    # staffing
    "staffing_title": {"en": "Staffing: agents needed for a service level (Erlang C)",
                       "zh": "座席配置：达到服务水平所需的座席数（爱尔朗C公式）"},
    "arrival_rate": {"en": "Calls arriving (calls per hour)", "zh": "来电量（每小时来电数）"},
    "aht": {"en": "Average handling time, AHT (s)", "zh": "平均处理时长 AHT（秒）"},
    "target_time": {"en": "Answer within (s)", "zh": "应答时限（秒）"},
    "target_level": {"en": "Target service level (%)", "zh": "目标服务水平（%）"},
    "staffing_answer": {
        "en": "<p><b>You need {agents}</b> on the phones to answer {level} of calls within {seconds} s.</p>"
              "<p>The calls bring {traffic} of work (traffic A = calls per hour × AHT ÷ 3600). With {agents}: "
              "{reached} of calls are answered within {seconds} s, {waiting} of callers wait at all, the "
              "average wait is {asa} s and the agents are busy {busy} of the time.{fewer}</p>",
        "zh": "<p><b>需要{agents}</b>接听电话，才能在{seconds}秒内接通{level}的来电。</p>"
              "<p>来电带来的工作量为{traffic}（话务量 A = 每小时来电数 × AHT ÷ 3600）。配置{agents}时：{seconds}秒内"
              "接通{reached}的来电，{waiting}的来电需要排队，平均等待{asa}秒，座席占用率为{busy}。{fewer}</p>",
    },
    "erlangs": {"en": "{traffic} Erlangs", "zh": "{traffic}爱尔朗"},
    "staffing_fewer": {"en": " One agent fewer would answer only {level} within {seconds} s.",
                       "zh": "少配一名座席，{seconds}秒内只能接通{level}的来电。"},
    # sample size
    "sample_title": {"en": "Survey sample size (with the finite-population correction)",
                     "zh": "调查样本量（含有限总体校正）"},
    "margin": {"en": "Margin of error (± percentage points)", "zh": "允许误差（± 百分点）"},
    "confidence": {"en": "Confidence level", "zh": "置信水平"},
    "share": {"en": "Expected share answering yes (%)", "zh": "预计回答“是”的比例（%）"},
    "population": {"en": "Customers in the population", "zh": "总体中的客户数"},
    "population_hint": {"en": "leave empty if very large", "zh": "总体很大时留空"},
    "sample_answer": {
        "en": "<p><b>Survey {n}</b> to know the share within ± {margin} at {confidence} confidence.</p>"
              "<p>For a very large population: n₀ = z² · p(1 − p) ÷ e² = {n0} (z = {z}).{corrected}</p>",
        "zh": "<p><b>需要调查{n}</b>，才能在{confidence}的置信水平下把比例的误差控制在 ± {margin}以内。</p>"
              "<p>总体很大时：n₀ = z² · p(1 − p) ÷ e² = {n0}（z = {z}）。{corrected}</p>",
    },
    "points": {"en": "{margin} percentage points", "zh": "{margin}个百分点"},
    "sample_corrected": {
        "en": " A population of {population} needs fewer: n = n₀ ÷ (1 + (n₀ − 1) ÷ N) = {n}, {part} of it.",
        "zh": "总体只有{population}时所需更少：n = n₀ ÷（1 +（n₀ − 1）÷ N）= {n}，占总体的{part}。",
    },
    "sample_no_population": {"en": " Type the number of customers to correct for a small population.",
                             "zh": "输入总体中的客户数，即可按有限总体校正。"},
    "bad_population": {"en": "type the number of customers as a whole number of at least 1 (such as 5000), "
                             "or leave the box empty.",
                       "zh": "请把总体中的客户数写成不小于1的整数（例如5000），或者留空。"},
    # satisfaction index
    "index_title": {"en": "Satisfaction index: the weighted average of Likert scores",
                    "zh": "满意度指数：李克特量表得分的加权平均"},
    "index_help": {"en": "For each item: its importance (weight) and its average rating on the 1–5 scale "
                         "(5 = very satisfied).",
                   "zh": "每个项目：它的重要性（权重）和它在1–5分量表上的平均评分（5 = 非常满意）。"},
    "item_quality": {"en": "Product quality", "zh": "产品质量"},
    "item_attitude": {"en": "Staff attitude", "zh": "服务态度"},
    "item_speed": {"en": "Speed of service", "zh": "服务速度"},
    "item_price": {"en": "Value for money", "zh": "性价比"},
    "weight": {"en": "{item}: weight", "zh": "{item}：权重"},
    "rating": {"en": "{item}: average rating (1–5)", "zh": "{item}：平均评分（1–5）"},
    "index_answer": {
        "en": "<p><b>Satisfaction index: {index}</b> (0–100), a weighted average rating of {mean} out of 5.</p>"
              "<p>Each rating is scored 1 → 20 … 5 → 100 and the weights are rescaled to sum to 1: {parts}.</p>",
        "zh": "<p><b>满意度指数：{index}</b>（0–100），加权平均评分为{mean}分（满分5分）。</p>"
              "<p>评分按 1 → 20 … 5 → 100 折算，权重按比例调整为合计1：{parts}。</p>",
    },
    "index_part": {"en": "{item} {weight} × {score}", "zh": "{item} {weight} × {score}"},
    "index_separator": {"en": "; ", "zh": "；"},
    "no_weight": {"en": "every weight is 0: give at least one item some weight.",
                  "zh": "所有权重都是0：请至少给一个项目设定权重。"},
    # customer lifetime value
    "clv_title": {"en": "Customer lifetime value (CLV)", "zh": "客户终身价值（CLV）"},
    "clv_margin": {"en": "Margin per customer a year (yuan)", "zh": "每名客户每年的毛利（元）"},
    "retention": {"en": "Retention rate (share kept a year)", "zh": "客户保有率（每年留住的比例）"},
    "discount": {"en": "Discount rate a year", "zh": "年折现率"},
    "horizon": {"en": "Years counted", "zh": "计算年限"},
    "no_end": {"en": "As long as the customer stays", "zh": "客户留存期间全部计入"},
    "acquisition_cost": {"en": "Cost of winning the customer (yuan)", "zh": "获取该客户的成本（元）"},
    "clv_answer": {
        "en": "<p><b>CLV = {value} yuan</b> per customer{over}.</p>"
              "<p>The customer brings {margin} yuan of margin at the end of each year they stay, stays another year with "
              "probability {retention} and stays {lifetime} years on average (1 ÷ (1 − retention rate)); "
              "each year's margin is discounted at {discount} a year, and the cost of winning the customer, "
              "{cost} yuan, is taken off.{loss}</p>",
        "zh": "<p><b>CLV = {value}元</b>（每名客户{over}）。</p>"
              "<p>客户留存的每一年年末带来{margin}元毛利，每年以{retention}的概率继续留存，平均留存{lifetime}年"
              "（1 ÷（1 − 客户保有率））；每年的毛利按{discount}的年折现率折现，再减去获取该客户的成本{cost}元。{loss}</p>",
    },
    "over_years": {"en": " over {years} years", "zh": "，按{years}年计算"},
    "over_lifetime": {"en": " over the customer's whole stay", "zh": "，按客户的全部留存期计算"},
    "clv_loss": {"en": " Winning this customer costs more than they bring: the value is negative.",
                 "zh": "获取该客户的成本高于客户带来的价值：终身价值为负。"},
}
AGENTS = {"en": ("agent", "agents"), "zh": "名座席"}
RESPONDENTS = {"en": ("respondent", "respondents"), "zh": "名受访者"}
CUSTOMERS = {"en": ("customer", "customers"), "zh": "名客户"}
YEARS = {"en": ("year", "years"), "zh": "年"}
CONFIDENCE_LEVELS = (0.90, 0.95, 0.99)
HORIZONS = (3, 5, 10, 20)
ITEMS = ("quality", "attitude", "speed", "price")
#: The class of every calculator's box on the page (the switch above it is outside it).
CALCULATOR_CLASS = "servicekit-calculator"


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def _problem(message: str) -> str:
    return f"<p style='color:#b3261e'><b>{_t('problem')}</b>{message}</p>"


def _calculator(title: str, controls: dict, update, extra=()) -> widgets.VBox:
    """The box of one calculator: its title, ``extra`` (a line of help), the controls and the result;
    ``update(values, result)`` writes the result from the controls' values whenever one changes."""
    result = widgets.HTML()
    box = widgets.VBox([widgets.HTML(f"<h3>{title}</h3>"), *extra, *controls.values(), result])
    box.add_class(CALCULATOR_CLASS)  # what a page test finds the calculator by
    box.controls, box.result = controls, result
    on_any_change(controls, lambda *_: update({name: c.value for name, c in controls.items()}, result))
    return box


# --- staffing -------------------------------------------------------------------------------------


def staffing_calculator(arrival_rate: int = 120, aht: int = 240, target_time: int = 20,
                        target_level: int = 80) -> widgets.VBox:
    """Calls per hour λ, AHT h (s), answer within t (s) and the target service level (%) → the
    agents needed, N = min { N > A : SL(N) ≥ target } (``metrics.agents_needed``), and what N gives."""
    controls = {
        "arrival_rate": slider(widgets.IntSlider, _t("arrival_rate"), arrival_rate, 10, 4000, 10),
        "aht": slider(widgets.IntSlider, _t("aht"), aht, 30, 900, 10),
        "target_time": slider(widgets.IntSlider, _t("target_time"), target_time, 0, 120, 5),
        "target_level": slider(widgets.IntSlider, _t("target_level"), target_level, 50, 99, 1),
    }

    def update(values, result):
        rate, handling, seconds = values["arrival_rate"], values["aht"], values["target_time"]
        agents = agents_needed(rate, handling, seconds, values["target_level"])
        reached = float(service_level(rate, handling, agents, seconds))
        fewer = ""
        if agents - 1 > traffic_intensity(rate, handling):  # one fewer still keeps up with the calls
            fewer = _t("staffing_fewer", seconds=seconds,
                       level=style.percent(float(service_level(rate, handling, agents - 1, seconds))))
        result.value = _t(
            "staffing_answer", agents=style.count(agents, AGENTS), seconds=seconds,
            level=style.percent(values["target_level"], 0),
            traffic=_t("erlangs", traffic=style.number(traffic_intensity(rate, handling), 1)),
            reached=style.percent(reached), waiting=style.percent(100 * float(erlang_c(rate, handling, agents))),
            asa=style.number(float(average_speed_of_answer(rate, handling, agents)), 1),
            busy=style.percent(float(occupancy(rate, handling, agents))), fewer=fewer)

    return _calculator(_t("staffing_title"), controls, update)


# --- survey sample size ---------------------------------------------------------------------------


def _population(typed: str):
    """The population size typed in the box: None for an empty box, an int, or "" if it is not one."""
    text = typed.replace(",", "").replace(" ", "").replace("，", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return ""
    return int(number) if number.is_integer() and number >= 1 else ""


def sample_size_calculator(margin: float = 5.0, confidence: float = 0.95, share: int = 50,
                           population: int | None = None) -> widgets.VBox:
    """Margin of error e (± points), confidence, expected share p (%) and, if it is small, the
    population N → respondents needed: n₀ = z² · p(1 − p) / e², n = n₀ / (1 + (n₀ − 1) / N)
    (``metrics.sample_size``)."""
    levels = [(style.percent(100 * level, 0), level) for level in CONFIDENCE_LEVELS]
    controls = {
        "margin": slider(widgets.FloatSlider, _t("margin"), margin, 1.0, 10.0, 0.5, ".1f"),
        "confidence": dropdown(_t("confidence"), levels, confidence),
        "share": slider(widgets.IntSlider, _t("share"), share, 5, 95, 5),
        "population": text_box(_t("population"), _t("population_hint")),
    }
    if population is not None:
        controls["population"].value = str(population)

    def update(values, result):
        size = _population(values["population"])
        if size == "":
            result.value = _problem(_t("bad_population"))
            return
        e, p, level = values["margin"] / 100, values["share"] / 100, values["confidence"]
        n0 = sample_size(e, level, p)
        corrected = _t("sample_no_population")
        n = n0
        if size is not None:
            n = sample_size(e, level, p, population=size)
            corrected = _t("sample_corrected", population=style.count(size, CUSTOMERS), n=style.number(n),
                           part=style.percent(100 * n / size))
        result.value = _t("sample_answer", n=style.count(n, RESPONDENTS),
                          margin=_t("points", margin=style.number(values["margin"], 1)),
                          confidence=style.percent(100 * level, 0), n0=style.number(n0),
                          z=style.number(z_value(level), 3), corrected=corrected)

    return _calculator(_t("sample_title"), controls, update)


# --- satisfaction index ---------------------------------------------------------------------------


def rating_score(rating: float) -> float:
    """The 0–100 score of an average rating on the 1–5 scale, read off ``metrics.LIKERT_POINTS``
    (5 → 100 … 1 → 20) between its levels: the table is a straight line, so the score of the
    average rating is the average of the respondents' scores (what ``indicator_scores`` computes)."""
    levels = sorted(LIKERT_POINTS)
    return float(np.interp(rating, levels, [LIKERT_POINTS[level] for level in levels]))


def satisfaction_index_calculator(weights=(0.4, 0.3, 0.2, 0.1), ratings=(4.2, 3.8, 3.5, 3.9)) -> widgets.VBox:
    """Four items, each with a weight and an average rating (1–5) → the index
    CSI = Σ wᵢ · Sᵢ with Sᵢ the score of item i (0–100) and the weights rescaled to sum to 1
    (``metrics.weighted_index`` with ``normalize=True``)."""
    controls = {}
    for item, weight, rating in zip(ITEMS, weights, ratings):
        name = _t(f"item_{item}")
        controls[f"{item}_weight"] = slider(widgets.FloatSlider, _t("weight", item=name), weight, 0.0, 1.0, 0.05, ".2f")
        controls[f"{item}_rating"] = slider(widgets.FloatSlider, _t("rating", item=name), rating, 1.0, 5.0, 0.1, ".1f")

    def update(values, result):
        raw = {item: values[f"{item}_weight"] for item in ITEMS}
        total = sum(raw.values())
        if total <= 0:
            result.value = _problem(_t("no_weight"))
            return
        tree = {item: {"weight": weight} for item, weight in raw.items()}
        scores = {item: rating_score(values[f"{item}_rating"]) for item in ITEMS}
        index = weighted_index(tree, scores, normalize=True)
        parts = _t("index_separator").join(
            _t("index_part", item=_t(f"item_{item}"), weight=style.number(raw[item] / total, 2),
               score=style.number(scores[item], 0))
            for item in ITEMS if raw[item] > 0)
        result.value = _t("index_answer", index=style.number(index, 1),
                          mean=style.number(1 + (index - 20) / 20, 2), parts=parts)

    return _calculator(_t("index_title"), controls, update, extra=[widgets.HTML(f"<p>{_t('index_help')}</p>")])


# --- customer lifetime value ----------------------------------------------------------------------


def clv_calculator(margin: int = 500, retention: float = 0.80, discount: float = 0.10, years: int | None = 5,
                   acquisition_cost: int = 300) -> widgets.VBox:
    """Margin m a year, retention r, discount d, years counted T (or as long as the customer stays)
    and acquisition cost → CLV = Σ_{t=1..T} m · rᵗ⁻¹ / (1 + d)ᵗ − AC (``metrics.clv``)."""
    horizons = [(style.count(span, YEARS), span) for span in HORIZONS]
    controls = {
        "margin": slider(widgets.IntSlider, _t("clv_margin"), margin, 0, 10_000, 50),
        "retention": slider(widgets.FloatSlider, _t("retention"), retention, 0.0, 0.99, 0.01, ".0%"),
        "discount": slider(widgets.FloatSlider, _t("discount"), discount, 0.0, 0.30, 0.01, ".0%"),
        "years": dropdown(_t("horizon"), [*horizons, (_t("no_end"), None)], years),
        "acquisition_cost": slider(widgets.IntSlider, _t("acquisition_cost"), acquisition_cost, 0, 10_000, 50),
    }

    def update(values, result):
        value = float(clv(values["margin"], values["retention"], values["discount"], periods=values["years"],
                          acquisition_cost=values["acquisition_cost"]))
        over = (_t("over_lifetime") if values["years"] is None
                else _t("over_years", years=values["years"]))
        result.value = _t("clv_answer", value=style.number(value), over=over, margin=style.number(values["margin"]),
                          retention=style.percent(100 * values["retention"], 0),
                          lifetime=style.number(float(expected_lifetime(values["retention"])), 1),
                          discount=style.percent(100 * values["discount"], 0),
                          cost=style.number(values["acquisition_cost"]),
                          loss=_t("clv_loss") if value < 0 else "")

    return _calculator(_t("clv_title"), controls, update)


# --- the language switch --------------------------------------------------------------------------

#: The switch's two choices, each written in its own language.
LANGUAGE_CHOICES = (("中文", "zh"), ("English", "en"))


def _close(widget) -> None:
    """Close ``widget`` and everything in it, so that a calculator replaced leaves nothing behind."""
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


def language_switch(build: Callable[[], widgets.Widget]) -> widgets.VBox:
    """A 中文 / English switch above the calculator that ``build()`` makes; choosing a language sets
    the course's language (``servicekit.set_language``) and builds the calculator anew in it, its
    controls set as they were.

    The box has ``switch`` (the toggle buttons) and ``calculator`` (the calculator now shown)."""
    switch = widgets.ToggleButtons(options=LANGUAGE_CHOICES, value=language())
    box = widgets.VBox([switch])
    box.switch, box.calculator = switch, None
    shown = {"language": None}

    def rebuild(_=None):
        if switch.value == shown["language"]:
            return
        set_language(switch.value)
        old, box.calculator = box.calculator, build()
        if old is not None:  # the new calculator starts where the old one was left
            for name, control in getattr(box.calculator, "controls", {}).items():
                if name in old.controls:
                    control.value = old.controls[name].value
        shown["language"] = switch.value
        box.children = (switch, box.calculator)
        if old is not None:
            _close(old)

    on_any_change([switch], rebuild)
    return box
