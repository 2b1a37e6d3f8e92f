"""Lesson 10 widget: answer three questions about a firm and see which account-manager
organisation form fits it, with its pros and cons.

The decision is ``servicekit.metrics.accounts.recommend_organisation_form`` (which gives its
advice in English and in Chinese); this module only wires three dropdowns and a checkbox to it
and shows the advice in the language in use (``servicekit.set_language``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from servicekit.language import language, lookup
from servicekit.metrics.accounts import FORM_ANSWERS, recommend_organisation_form

from .controls import dropdown, on_any_change, toggle

#: Every word the widget shows, in both languages.
TEXT = {
    # the three questions, and the answers each offers (the values stay those of FORM_ANSWERS)
    "firm_size": {"en": "Firm size", "zh": "企业规模"},
    "business_breadth": {"en": "Breadth of business", "zh": "业务覆盖范围"},
    "customer_complexity": {"en": "Customers' needs", "zh": "客户需求"},
    "small": {"en": "Small", "zh": "规模不大"},
    "medium": {"en": "Medium-sized", "zh": "中等规模"},
    "large": {"en": "Large", "zh": "规模大"},
    "narrow": {"en": "Narrow (one or two business lines)", "zh": "较窄（一两条业务线）"},
    "moderate": {"en": "Moderate (a few business lines)", "zh": "中等（几条业务线）"},
    "broad": {"en": "Broad (many business lines)", "zh": "较广（业务线多）"},
    "simple": {"en": "Simple", "zh": "比较单一"},
    "varied": {"en": "Varied", "zh": "需求多样"},
    "complex": {"en": "Complex", "zh": "复杂程度高"},
    "own_units": {"en": "Some customer groups bring very large profits, or need special expertise or confidentiality",
                  "zh": "有利润贡献巨大、需要特别专业知识处理或需要隔离保密的客户群"},
    # the advice
    "recommended": {"en": "Recommended: {name} ({chinese})", "zh": "建议采用：{chinese}（{name}）"},
    "pros": {"en": "Pros", "zh": "优点"},
    "cons": {"en": "Cons", "zh": "缺点"},
    "fits": {"en": "Fits", "zh": "适用企业"},
    "reason": {"en": "Why this form", "zh": "推荐理由"},
    "colon": {"en": ": ", "zh": "："},
    "space": {"en": " ", "zh": ""},
    # an answer the rule does not know (only when advice_html is called directly)
    "cannot": {"en": "Cannot recommend a form:", "zh": "无法给出建议："},
    "choose": {"en": "for “{question}”, choose {answers}.", "zh": "“{question}”请在{answers}中选择。"},
    "or": {"en": " or ", "zh": "、"},
    "tick": {"en": "tick the box about special customer groups, or leave it empty.",
             "zh": "关于特殊客户群的选项只能勾选或不勾选。"},
}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def _answers(question: str) -> str:
    """The answers allowed for ``question``, as the dropdown shows them: "Small, Medium-sized or Large"."""
    labels = [_t(answer) for answer in FORM_ANSWERS[question]]
    if language() == "zh":
        return "“" + "”“".join(labels) + "”"
    return ", ".join(labels[:-1]) + _t("or") + labels[-1]


def _problem(firm_size, business_breadth, customer_complexity, own_units) -> str | None:
    """What to change, in words, if an answer is not one the rule knows; None if all are."""
    for question, answer in zip(FORM_ANSWERS, (firm_size, business_breadth, customer_complexity)):
        if answer not in FORM_ANSWERS[question]:
            return _t("choose", question=_t(question), answers=_answers(question))
    if not isinstance(own_units, (bool, np.bool_)):
        return _t("tick")
    return None


def advice_html(firm_size, business_breadth, customer_complexity, own_units=False) -> str:
    """The recommendation as HTML, in the language in use, or a message (never a traceback) saying
    which answer to change if one is not allowed."""
    problem = _problem(firm_size, business_breadth, customer_complexity, own_units)
    if problem:
        return (f"<span style='color:#b3261e'><b>{html.escape(_t('cannot'))}</b>{_t('space')}"
                f"{html.escape(problem)}</span>")
    advice = recommend_organisation_form(firm_size, business_breadth, customer_complexity, own_units)
    shown = advice["zh"] if language() == "zh" else advice
    rows = "".join(
        f"<li><b>{html.escape(_t(key))}</b>{_t('colon')}{html.escape(_sentence(shown[key]))}</li>"
        for key in ("pros", "cons", "fits", "reason"))
    title = _t("recommended", name=shown["name"], chinese=advice["chinese"])
    return f"<p><b>{html.escape(title)}</b></p><ul style='margin-top:0'>{rows}</ul>"


def _sentence(text: str) -> str:
    """``text`` with a capital first letter (English; Chinese has none)."""
    return text[:1].upper() + text[1:]


def organisation_form_widget() -> widgets.VBox:
    """Dropdowns for firm size, breadth of business and complexity of customer needs, a checkbox
    for a group that needs its own operating units, and the recommended form below them."""
    pickers = [dropdown(_t(question), [(_t(answer), answer) for answer in answers], answers[0])
               for question, answers in FORM_ANSWERS.items()]
    units = toggle(_t("own_units"))
    shown = widgets.HTML()

    def update(*_):
        shown.value = advice_html(*(p.value for p in pickers), own_units=units.value)

    on_any_change([*pickers, units], update)
    return widgets.VBox([*pickers, units, shown])
