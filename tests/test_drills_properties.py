"""The rules every drill keeps, over 300 seeds per topic (the questions test_drills.py draws):

- the answer, recomputed here by hand from the question's data (plain arithmetic, no servicekit);
- every word in English and in Chinese, the Chinese with no English sentence left in it;
- the conventions a candidate needs stated in the question, and every method right under them accepted;
- a rounded-down whole number told so; "close" only for a slip of rounding;
- the Erlang table's span independent of the answer;
- numbers as a real survey, city or call centre gives them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

import servicekit
from servicekit import drills
from test_drills import SEEDS, draw
from test_terms import REJECTED

TOPICS = drills.topics()

# --- the answers, by hand -----------------------------------------------------------------------

LIKERT = {5: 100, 4: 80, 3: 60, 2: 40, 1: 20}


def share(counts, levels):
    return 100 * sum(counts[level] for level in levels) / sum(counts.values())


def z_exact(confidence):
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(z, margin, p, population, form="n0-1"):
    n0 = z * z * p * (1 - p) / margin**2
    n = n0 / (1 + ((n0 - 1) if form == "n0-1" else n0) / population)
    return math.ceil(n - 1e-9)


def erlang_c(rate, aht, agents):
    """Erlang C from the Erlang B recursion B(n) = A·B(n−1) / (n + A·B(n−1))."""
    traffic = rate * aht / 3600
    if agents <= traffic:
        return 1.0
    b = 1.0
    for n in range(1, agents + 1):
        b = traffic * b / (n + traffic * b)
    return agents * b / (agents - traffic * (1 - b))


def service_level(rate, aht, agents, target):
    traffic = rate * aht / 3600
    if agents <= traffic:
        return 0.0
    return 100 * (1 - erlang_c(rate, aht, agents) * math.exp(-(agents - traffic) * target / aht))


def agents_needed(rate, aht, target, level):
    n = math.floor(rate * aht / 3600) + 1
    while service_level(rate, aht, n, target) < level:
        n += 1
    return n


def clv(m, r, d, periods=None, cost=0.0):
    if periods is None:
        return m / (1 + d - r) - cost
    return sum(m * r ** (t - 1) / (1 + d) ** t for t in range(1, periods + 1)) - cost


def alpha(items):
    x = items.to_numpy(dtype=float)
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def rfm(d):
    t = d["transactions"]
    by = t.groupby("customer_id")
    recency = ((d["now"] - by["date"].max()).dt.days).to_numpy()
    values = {"R": -recency, "F": by.size().to_numpy(), "M": by["amount"].sum().to_numpy()}
    who = list(by.size().index).index(d["customer"])
    n = len(recency)
    total = 0
    for v in values.values():
        rank = 1 + np.sum(v < v[who])  # equal values share the lowest rank
        total += (rank - 1) * 5 // n + 1
    return total


def pareto(counts):
    c = np.sort(np.array(list(counts.values())))[::-1]
    before = np.concatenate([[0], np.cumsum(c)[:-1]]) / c.sum() * 100
    return int(np.sum(before < 80))


def complaint(d):
    log, n = d["log"], len(d["log"])
    resolved = log["resolved_at"].notna()
    sla = pd.Timedelta(hours=d["sla_hours"])
    met = (log["resolved_at"] - log["received_at"]) <= sla
    decided = resolved | (log["received_at"] + sla < d["as_of"])
    return {"complaint_rate": 100 * n / d["customers"],
            "first_contact_resolution": 100 * ((log["contacts"] == 1) & resolved).sum() / n,
            "sla_compliance": 100 * met.sum() / decided.sum(),
            "escalation_rate": 100 * log["escalated"].sum() / n,
            "reopen_rate": 100 * log["reopened"].sum() / n}[d["kpi"]]


def kano(d):
    c = d["counts"]
    core = c["A"] + c["O"] + c["M"] + c["I"]
    return (c["A"] + c["O"]) / core if d["which"] == "better" else -(c["O"] + c["M"]) / core


def weighted_csi(d):
    tree, scores = d["tree"], d["scores"]
    total = sum(node["weight"] for node in tree.values())
    return sum(node["weight"] / total * sum(leaf["weight"] * scores[name] for name, leaf in node["children"].items())
               for node in tree.values())


def ipa(d):
    i, p = np.array(d["importance"]), np.array(d["performance"])
    return int(np.sum((i >= i.mean()) & (p < p.mean())))


HAND = {
    "satisfaction_rate": lambda d: share(d["counts"], (4, 5)),
    "likert_mean": lambda d: sum(LIKERT[k] * v for k, v in d["counts"].items()) / sum(d["counts"].values()),
    "weighted_csi": weighted_csi,
    "acsi_rescale": lambda d: 100 * sum(w * (m - 1) for w, m in zip(d["weights"], d["means"])) / (9 * sum(d["weights"])),
    "top_box": lambda d: share(d["counts"], (d["scale_max"], d["scale_max"] - 1)),
    "nps": lambda d: share(d["counts"], (9, 10)) - share(d["counts"], range(7)),
    "cronbach_alpha": lambda d: alpha(d["items"]),
    "sample_size": lambda d: sample_size(z_exact(d["confidence"]), d["margin"], d["p"], d["population"]),
    "servqual_gap": lambda d: min(np.mean([d["perceptions"][i] - d["expectations"][i] for i in items])
                                  for items in d["dimensions"].values()),
    "weighted_servqual": lambda d: sum(d["importance"][k] * d["gaps"].loc[k, "gap"] for k in d["importance"]),
    "customer_effort": lambda d: sum(k * v for k, v in d["counts"].items()) / sum(d["counts"].values()),
    "ipa_quadrant": ipa,
    "kano_coefficient": kano,
    "retention_rate": lambda d: 100 * (d["end"] - d["new"]) / d["start"],
    "churn_rate": lambda d: 100 * (d["start"] + d["new"] - d["end"]) / d["start"],
    "customer_lifetime": lambda d: 1 / (1 - d["retention"]),
    "clv_finite": lambda d: clv(d["margin"], d["retention"], d["discount"], d["periods"], d["acquisition_cost"]),
    "clv_infinite": lambda d: clv(d["margin"], d["retention"], d["discount"], None, d["acquisition_cost"]),
    "rfm_score": rfm,
    "word_of_mouth": lambda d: d["lost_customers"] * clv(d["margin"], d["retention"], d["discount"])
    * (1 + 250 * d["conversion"]),
    "pareto_vital_few": lambda d: pareto(d["counts"]),
    "erlang_agents": lambda d: agents_needed(d["arrival_rate"], d["aht"], d["target_time"], d["target_level"]),
    "erlang_service_level": lambda d: service_level(d["arrival_rate"], d["aht"], d["agents"], d["target_time"]),
    "vmi_savings": lambda d: d["hospitals"] * ((d["before"] - d["after"]) * d["cost"] * d["days"]
                                               + d["stock_before"] * d["cut"] * d["holding"]),
    "complaint_kpis": complaint,
    "segment_attractiveness": lambda d: float((d["scores"] * pd.Series(d["weights"])).sum(axis=1).max()),
    "market_potential": lambda d: d["buyers"] * d["purchases_per_year"] * d["price"] / 1e6,
    "market_share": lambda d: 100 * d["sales"] / d["market_sales"],
}


@pytest.fixture(autouse=True)
def english():
    before = servicekit.language()
    servicekit.set_language("en")
    yield
    servicekit.set_language(before)


def test_every_topic_has_a_recomputation_by_hand():
    assert set(HAND) == set(TOPICS)


@pytest.mark.parametrize("name", TOPICS)
def test_the_answer_recomputed_by_hand(name):
    for q in draw(name):
        assert q.answer == pytest.approx(float(HAND[name](q.data)), rel=1e-9, abs=1e-9), f"{name} seed {q.seed}"
        assert q.check(q.answer)[0] and q.check(q.answer, language="zh")[0]


# --- both languages ------------------------------------------------------------------------------

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
#: What may stay in Latin letters in the Chinese: acronyms and names the Chinese exam writes so too.
LATIN_ALLOWED = {"ABC", "ACSI", "AHT", "CES", "CLV", "CSAT", "NPS", "RFM", "SERVQUAL", "VMI", "SLA",
                 "top", "box", "wait", "Wi", "Fi", "True", "False"}
#: ASCII punctuation against a Chinese character: the Chinese should use the full-width sign.
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,;:?!]|[,;:?!(][\u4e00-\u9fff]|[\u4e00-\u9fff]\.(?!\d)")


def chinese_problems(text: str) -> list[str]:
    words = [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in LATIN_ALLOWED]
    return words + HALF_WIDTH.findall(text)


def texts_of(q, code):
    return [q.text_in(code), *q.steps_in(code), q.title_in(code), *(m.message_in(code) for m in q.mistakes),
            *(a.note.in_(code) for a in q.accepted)] + [t.in_(code) for t in (q.close_message, q.rounding_why) if t]


@pytest.mark.parametrize("name", TOPICS)
def test_every_word_exists_in_english_and_in_chinese(name):
    for q in draw(name):
        en, zh = texts_of(q, "en"), texts_of(q, "zh")
        assert len(en) == len(zh) and len(q.steps_in("en")) == len(q.steps_in("zh")) >= 2
        for english, chinese in zip(en, zh):
            assert english and chinese and english != chinese, f"{name} seed {q.seed}: {english!r}"
            assert not CJK.search(english), f"{name} seed {q.seed}: Chinese in the English {english!r}"
            assert CJK.search(chinese), f"{name} seed {q.seed}: no Chinese in {chinese!r}"
            assert not chinese_problems(chinese), f"{name} seed {q.seed}: {chinese_problems(chinese)} in {chinese!r}"
        assert bool(q.unit_in("en")) == bool(q.unit_in("zh"))
        assert q.steps_in("zh")[-1] == f"答案：{q.format(q.answer, 'zh')}。"
        assert IDEOGRAPH.search(q.text_in("zh")) and IDEOGRAPH.search(q.title_in("zh"))
        for rejected in REJECTED:
            assert not any(rejected in text for text in zh), f"{name}: {rejected!r}; write {REJECTED[rejected]}"


def wrong_values(q):
    """Answers that are wrong in every way the check knows: the mistakes, and a spread of misses."""
    step = max(q.tolerance, abs(q.answer) * 0.002)
    return [m.value for m in q.mistakes] + [q.answer + k * step for k in (3, -5, 40)] + [q.answer / 100, -q.answer]


@pytest.mark.parametrize("name", TOPICS)
def test_every_check_message_exists_in_both_languages(name):
    for q in draw(name)[:60]:
        for value in wrong_values(q) + ["abc", "", None, True]:
            (ok_en, en), (ok_zh, zh) = q.check(value, language="en"), q.check(value, language="zh")
            assert ok_en == ok_zh and en and zh and en != zh
            assert not CJK.search(en.replace(str(value), "")), en
            assert IDEOGRAPH.search(zh) and not chinese_problems(zh.replace(str(value), "")), zh


def test_the_language_setting_switches_every_question_at_once():
    q = drills.make("sample_size", 12)
    servicekit.set_language("zh")
    try:
        assert (q.text, q.steps, q.title, q.unit) == (q.text_in("zh"), q.steps_in("zh"), q.title_in("zh"), q.unit_in("zh"))
        assert q.check(q.answer)[1].startswith("正确：")
        assert drills.titles()["nps"] == "净推荐值（NPS）"
        assert q.mistakes[0].message == q.mistakes[0].message_in("zh")
    finally:
        servicekit.set_language("en")
    assert q.text == q.text_in("en") and q.check(q.answer)[1].startswith("Right: ")
    with pytest.raises(ValueError, match="language"):
        q.text_in("fr")


def test_the_kits_one_spelling_of_each_term():
    expected = {"satisfaction_rate": "顾客满意率", "weighted_csi": "顾客满意度指数", "likert_mean": "李斯特量表",
                "nps": "净推荐值", "sample_size": "有限总体校正", "clv_finite": "客户终身价值",
                "clv_infinite": "客户终身价值", "retention_rate": "客户保有率", "churn_rate": "客户流失率",
                "erlang_agents": "爱尔兰C公式", "customer_effort": "客户费力度", "pareto_vital_few": "关键少数",
                "market_potential": "市场潜量", "market_share": "市场占有率", "cronbach_alpha": "克朗巴哈系数"}
    for name, term in expected.items():
        q = draw(name)[0]
        assert term in q.text_in("zh") + q.title_in("zh") + "".join(q.steps_in("zh")), (name, term)
    assert "样本量" in draw("sample_size")[0].title_in("zh")


# --- conventions stated, every right method accepted --------------------------------------------

Z_TABLE = {0.90: (1.645, 1.65), 0.95: (1.96,), 0.99: (2.576, 2.58)}


def test_sample_size_states_z_the_correction_and_rounding_and_accepts_every_right_method():
    for q in draw("sample_size"):
        d, en, zh = q.data, q.text_in("en"), q.text_in("zh")
        exact = z_exact(d["confidence"])
        for z in Z_TABLE[d["confidence"]]:
            assert f"{z:g}" in en and f"{z:g}" in zh
        assert f"{exact:.4f}" in en, "the exact z may be used too"
        assert "n₀ ÷ (1 + (n₀ − 1)/N)" in en and "n₀ ÷ (1 + n₀/N)" in en
        assert "n₀ ÷ [1 + (n₀ − 1)/N]" in zh and "n₀ ÷ (1 + n₀/N)" in zh and "有限总体校正" in zh
        assert "round only the final result up" in en and "只对最终结果向上取整" in zh
        assert f"p = {d['p']:g}" in en and f"p = {d['p']:g}" in zh
        right = {sample_size(z, d["margin"], d["p"], d["population"], form)
                 for z in (exact, float(f"{exact:.4f}"), *Z_TABLE[d["confidence"]]) for form in ("n0-1", "n0")}
        for n in right:
            assert q.check(n)[0] and q.check(str(n), language="zh")[0], f"seed {q.seed}: {n} of {sorted(right)}"
        assert not q.check(min(right) - 1)[0] and not q.check(max(right) + 2)[0]


def printed_z(q):
    """The z values the question prints, as printed: the table values and the exact z (four decimals)."""
    en = re.search(r"Take z = (.+?) for \d+% \(or the exact ([\d.]+)\)", q.text_in("en"))
    zh = re.search(r"z 取 (.+?)，也可用精确值 ([\d.]+)；", q.text_in("zh"))
    assert en and zh, f"seed {q.seed}: the z values are not stated"
    values = (*en.group(1).split(" or "), en.group(2))
    assert values == (*zh.group(1).split(" 或 "), zh.group(2)), f"seed {q.seed}: English and Chinese differ"
    return values


def test_sample_size_accepts_every_printed_z_with_either_form():
    seen = Counter()
    for q in draw("sample_size"):
        d = q.data
        seen[d["confidence"]] += 1
        for z in printed_z(q):
            for form in ("n0-1", "n0"):
                n = sample_size(float(z), d["margin"], d["p"], d["population"], form)
                ok, message = q.check(n)
                assert ok and q.check(str(n), language="zh")[0], f"seed {q.seed}: z = {z}, {form}: {n}: {message}"
    assert set(seen) == {0.90, 0.95, 0.99} and min(seen.values()) >= 50, seen


def decimals(number: str) -> int:
    return len(number.partition(".")[2])


def test_sample_size_steps_compute_from_the_z_they_print():
    number = r"([\d.,]+)"
    for q in draw("sample_size"):
        d = q.data
        for code in ("en", "zh"):
            steps = q.steps_in(code)
            z = re.search(rf"z = {number}", steps[0]).group(1)
            assert abs(float(z) - z_exact(d["confidence"])) < 5e-7, f"seed {q.seed}: {steps[0]}"
            found = re.search(rf"= {number}² × {number} × {number} / {number}² = {number}[.。]$", steps[1])
            assert found and found.group(1) == z, f"seed {q.seed}: {steps[1]}"
            _, p, rest, margin, n0 = found.groups()
            assert (float(p), float(margin)) == (d["p"], d["margin"]) and float(rest) == pytest.approx(1 - d["p"])
            value = float(z) ** 2 * float(p) * float(rest) / float(margin) ** 2
            assert abs(float(n0) - value) <= 0.5 * 10.0 ** -decimals(n0) + 1e-9, f"seed {q.seed}: {steps[1]} ({value})"
            found = re.search(rf"= {number} / \(1 \+ {number}/{number}\) = {number}[.。]$", steps[2])
            assert found and found.group(1) == n0, f"seed {q.seed}: {steps[2]}"
            _, less_one, population, n = found.groups()
            assert int(population) == d["population"] and float(less_one) == pytest.approx(float(n0) - 1, abs=1e-9)
            value = float(n0) / (1 + float(less_one) / int(population))
            assert abs(float(n) - value) <= 0.5 * 10.0 ** -decimals(n) + 1e-9, f"seed {q.seed}: {steps[2]} ({value})"
            assert math.ceil(float(n) - 1e-9) == q.answer, f"seed {q.seed}: {n} does not round up to {q.answer}"
            assert re.search(rf"(?<![\d,]){int(q.answer)}(?!\d)", steps[3]), f"seed {q.seed}: {steps[3]}"


def test_clv_states_when_the_money_comes_and_that_year_1_is_certain():
    for name in ("clv_finite", "clv_infinite", "word_of_mouth"):
        for q in draw(name):
            en, zh = q.text_in("en"), q.text_in("zh")
            assert "paid at the end of each year" in en and "Every customer stays through year 1" in en
            assert "于每年年末取得" in zh and "第 1 年客户一定在" in zh
    for name in ("clv_finite", "clv_infinite"):
        for q in draw(name):
            d = q.data
            gross = q.answer + d["acquisition_cost"]
            ok, message = q.check(gross * d["retention"] - d["acquisition_cost"])  # retention in year 1 too
            assert not ok and "every customer stays through year 1" in message, f"{name} seed {q.seed}"
            ok, message = q.check(gross * (1 + d["discount"]) - d["acquisition_cost"])  # no discount in year 1
            assert not ok and "did not discount the first period" in message


def test_pareto_states_the_kits_rule_and_the_abc_rule():
    for q in draw("pareto_vital_few"):
        en, zh = q.text_in("en"), q.text_in("zh")
        assert "past 80% counts too" in en and "ABC rule" in en and "0–80%" in en
        assert "越过 80% 的那一项也计入" in zh and "ABC 分类法" in zh and "0–80%" in zh
        ok, message = q.check(q.answer - 1)
        assert not ok and "ABC rule" in message and "past 80%" in message


def test_complaint_rates_state_their_denominator():
    seen = set()
    for q in draw("complaint_kpis"):
        kpi, en, zh = q.data["kpi"], q.text_in("en"), q.text_in("zh")
        seen.add(kpi)
        assert "÷" in en.split("Use ")[-1] and "计算口径" in zh
        if kpi == "reopen_rate":
            assert "complaints reopened ÷ all complaints logged" in en and "重开的投诉数 ÷ 全部登记投诉数" in zh
            log = q.data["log"]
            wrong = 100 * log["reopened"].sum() / log["resolved_at"].notna().sum()
            ok, message = q.check(wrong)
            if abs(wrong - q.answer) > 1.5 * q.tolerance:  # told apart from the right answer
                assert not ok and "divides by all complaints logged" in message
    assert seen == {"complaint_rate", "first_contact_resolution", "sla_compliance", "escalation_rate", "reopen_rate"}


def test_acsi_uses_its_three_satisfaction_items_and_calls_would_choose_again_loyalty():
    with_loyalty = 0
    for q in draw("acsi_rescale"):
        en, zh = q.text_in("en"), q.text_in("zh")
        assert len(q.data["means"]) == len(q.data["weights"]) == 3
        assert "three satisfaction questions (overall satisfaction, compared with expectations, compared with the ideal)" in en
        assert "1 becomes 0, 10 becomes 100" in en and "1 分对应 0，10 分对应 100" in zh
        if q.data["loyalty_item"] is not None:
            with_loyalty += 1
            assert "would choose us again (loyalty)" in en and "measures loyalty, not satisfaction" in en
            assert "（忠诚度）" in zh and "衡量的是顾客忠诚度而不是满意度" in zh
        for text in (en, zh):
            for sentence in re.split(r"[.。\n]", text):
                if "would choose" in sentence or "再次选择" in sentence:
                    assert "loyalty" in sentence or "忠诚度" in sentence, sentence
    assert 60 <= with_loyalty <= 240


def test_the_other_conventions_are_stated():
    for q in draw("customer_lifetime"):
        assert "Count the year in which a holder leaves as a whole year" in q.text_in("en")
        assert "流失当年按一整年计" in q.text_in("zh")
    for q in draw("erlang_agents"):
        assert "Service level = 1 − P_wait · e^(−(N − A)·t/AHT)" in q.text_in("en")
        assert "服务水平 = 1 − P_wait · e^(−(N − A)·t/AHT)" in q.text_in("zh")
    for q in draw("satisfaction_rate"):
        assert "Levels 5 and 4 (satisfied and fairly satisfied) count as satisfied" in q.text_in("en")
    for q in draw("cronbach_alpha"):
        assert "sample variances" in q.text_in("en") and "样本方差" in q.text_in("zh")
    for q in draw("kano_coefficient"):
        if q.data["which"] == "worse":
            assert "Report it with its sign" in q.text_in("en") and "带负号" in q.text_in("zh")


# --- rounding: the messages name the actual slip ------------------------------------------------


def test_a_rounded_down_sample_size_is_told_to_round_up():
    for q in draw("sample_size"):
        low = q.lowest_right()
        ok, message = q.check(low - 1)
        assert not ok and message.startswith("Not quite: you rounded down; round up"), f"seed {q.seed}: {message}"
        assert "向下取整" in q.check(low - 1, language="zh")[1]
        for unrounded in (low - 0.4, q.answer + 0.5, max([q.answer] + [a.high for a in q.accepted]) - 0.2):
            ok, message = q.check(unrounded)  # not rounded at all
            assert not ok and "round up to a whole number" in message, f"seed {q.seed}: {unrounded}: {message}"
            assert "Close" not in message and "decimals" not in message


def test_one_agent_short_is_named():
    for q in draw("erlang_agents"):
        ok, message = q.check(q.answer - 1)
        assert not ok and "one agent short" in message and "below" in message


def test_leaving_out_the_answer_time_term_is_named():
    """The first N whose 1 − P_wait reaches the target ignores e^(−(N − A)·t/AHT): too many agents."""
    named = 0
    for q in draw("erlang_agents"):
        d = q.data
        n = math.floor(d["arrival_rate"] * d["aht"] / 3600) + 1
        while 100 * (1 - erlang_c(d["arrival_rate"], d["aht"], n)) < d["target_level"]:
            n += 1
        assert n >= q.answer, f"seed {q.seed}: ignoring the waiting time cannot need fewer agents"
        if n == q.answer:
            assert all(m.value != n for m in q.mistakes)
            continue
        named += 1
        ok, message = q.check(n)
        assert not ok and "1 − P_wait reaches" in message and "e^(−(N − A)·t/AHT)" in message, f"seed {q.seed}: {message}"
        assert f"less than {d['target_time']} seconds" in message
        ok, message = q.check(n, language="zh")
        assert not ok and "1 − P_wait 首次达到" in message and "漏掉了因子" in message, f"seed {q.seed}: {message}"
    assert named >= 100, named


@pytest.mark.parametrize("name", TOPICS)
def test_close_only_for_a_slip_of_rounding(name):
    for q in draw(name):
        # A whole-number count has nothing to round on the way: it is never "close".
        if q.decimals == 0 and q.tolerance < 1:
            for value in (q.answer + 1, q.answer - 1, q.answer + 2):
                assert "Close" not in q.check(value)[1], f"{name} seed {q.seed}"
        # A topic without a rounding slip to name never says "close"; one with it names the rounding,
        # and only within the reach of that rounding.
        message = q.check(q.answer + 2.5 * q.tolerance)[1]
        if q.close == 0:
            assert "Close" not in message, f"{name} seed {q.seed}: {message}"
        elif "Close" in message:
            assert "rounded" in message, message
        assert "Close" not in q.check(q.answer + q.close + 2 * q.tolerance)[1]


def test_the_rounding_slips_are_named():
    for name, value in (("nps", lambda d: round(share(d["counts"], (9, 10))) - round(share(d["counts"], range(7)))),):
        named = 0
        for q in draw(name):
            v = value(q.data)
            others = [m.value for m in q.mistakes if "rounded" not in m.message]
            if abs(v - q.answer) > q.tolerance and all(abs(v - o) > q.tolerance for o in others):
                named += 1
                assert "rounded the shares" in q.check(v)[1]
        assert named > 30


# --- the Erlang table does not give the answer away ---------------------------------------------


def test_the_erlang_answer_can_sit_in_any_column():
    positions = Counter()
    for q in draw("erlang_agents"):
        columns, d = q.data["columns"], q.data
        header = q.text_in("en").split("\n\n")[1].splitlines()[0].split()
        assert [int(c) for c in header[2:]] == columns, "the table shows the columns of the data"
        assert columns == list(range(columns[0], columns[0] + len(columns)))
        assert columns[0] > d["arrival_rate"] * d["aht"] / 3600, "every column is a stable staffing (N > A)"
        positions[columns.index(q.answer)] += 1
    assert set(positions) == set(range(6)), positions
    assert min(positions.values()) >= 0.05 * len(SEEDS), positions


# --- realistic numbers --------------------------------------------------------------------------


def unimodal(counts):
    values = [counts[k] for k in sorted(counts)]
    peak = int(np.argmax(values))
    return all(a <= b for a, b in zip(values[:peak], values[1:peak + 1])) and \
        all(a >= b for a, b in zip(values[peak:], values[peak + 1:]))


def peaks(counts):
    """Local peaks: runs of equal values above both neighbouring runs (an end above its one neighbour)."""
    values = [counts[k] for k in sorted(counts)]
    runs = [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    return sum(1 for i, v in enumerate(runs)
               if (i == 0 or v > runs[i - 1]) and (i == len(runs) - 1 or v > runs[i + 1]))


def test_survey_tables_look_like_real_surveys():
    rates = [q.answer for q in draw("satisfaction_rate")]
    assert all(45 <= r <= 98 for r in rates) and np.mean([55 <= r <= 95 for r in rates]) >= 0.9
    for name in ("satisfaction_rate", "likert_mean", "top_box", "customer_effort"):
        for q in draw(name):
            assert unimodal(q.data["counts"]), f"{name} seed {q.seed}: {q.data['counts']}"
            assert 200 <= sum(q.data["counts"].values()) <= 1000
    assert all(60 <= q.answer <= 95 for q in draw("likert_mean"))
    assert all(4 <= q.answer <= 6.6 for q in draw("customer_effort"))
    assert all(-40 <= q.answer <= 80 for q in draw("nps"))
    # NPS tables: one smooth hump topped at 7-9 (now and then 6 or 10), perhaps a small heap at 5 or
    # 10 or one bump of noise in the thin tail, never a zig-zag; firms from poor to excellent.
    tops = Counter()
    for q in draw("nps"):
        counts = q.data["counts"]
        assert sorted(counts) == list(range(11)) and 300 <= sum(counts.values()) <= 1000
        assert peaks(counts) <= 2, f"nps seed {q.seed}: {list(counts.values())}"
        tops[max(counts, key=counts.get)] += 1
    assert min(tops) >= 6 and sum(tops[k] for k in (7, 8, 9)) >= 0.75 * len(SEEDS), tops
    scores = np.array([q.answer for q in draw("nps")])
    assert scores.min() <= -20 and scores.max() >= 60, (scores.min(), scores.max())
    assert np.mean(scores < 0) >= 0.15 and np.mean(scores > 40) >= 0.15
    assert all(0.3 < q.answer < 0.98 for q in draw("cronbach_alpha"))
    assert all(55 <= q.answer <= 96 for q in draw("weighted_csi"))
    assert all(50 <= q.answer <= 92 for q in draw("acsi_rescale"))
    for q in draw("kano_coefficient"):
        counts = q.data["counts"]
        assert counts["R"] + counts["Q"] <= 0.1 * sum(counts.values()), "reverse and questionable answers are few"


SHARE_OF_BASE = {"bottled-water delivery": (0.05, 0.20), "broadband plan (monthly fee)": (0.50, 0.85),
                 "car servicing": (0.12, 0.30), "gym membership": (0.03, 0.08),
                 "coffee-bean subscription box": (0.01, 0.04), "phone case": (0.20, 0.40)}


def test_market_sizes_fit_the_city():
    products = set()
    for q in draw("market_potential"):
        d = q.data
        products.add(d["product"])
        assert 800_000 <= d["population"] <= 8_000_000
        pool = d["households"] if d["base"] == "households" else d["population"]
        low, high = SHARE_OF_BASE[d["product"]]
        assert low - 0.01 <= d["buyers"] / pool <= high + 0.01, (d, q.text)
        spend = d["purchases_per_year"] * d["price"]
        assert 30 <= spend <= 4000, "a year's spend per buyer a household or person really makes"
    assert products == set(SHARE_OF_BASE)
    assert all(4 <= q.answer <= 45 for q in draw("market_share"))


def test_staffing_customer_and_complaint_numbers_are_realistic():
    for q in draw("erlang_agents"):
        d = q.data
        traffic = d["arrival_rate"] * d["aht"] / 3600
        assert 100 <= d["arrival_rate"] <= 500 and 150 <= d["aht"] <= 420 and q.answer >= 5
        assert 0.5 <= traffic / q.answer < 1, "agents are busy but not overrun"
    for q in draw("sample_size"):
        d = q.data
        assert 1_500 <= d["population"] <= 30_000 and q.answer <= d["population"] / 2
        assert q.answer >= 0.04 * d["population"], "the correction matters"
    for q in draw("complaint_kpis"):
        assert 0 <= q.answer <= 100
        if q.data["kpi"] == "complaint_rate":
            assert q.answer < 5, "complaints are a few per 100 customers"
    for name in ("clv_finite", "clv_infinite"):
        for q in draw(name):
            assert 200 <= q.data["margin"] <= 3000 and 0.55 <= q.data["retention"] <= 0.92
    for q in draw("pareto_vital_few"):
        k = len(q.data["counts"])
        assert 6 <= k <= 9 and 2 <= q.answer <= k - 2
